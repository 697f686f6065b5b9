"""The outcomes page ("you said, we did") through HTTP: what a member and the holder of the
read-only link see of concepts, votes and pilots, and what neither sees."""

import re
import uuid

import pytest
from conftest import Browserless, join_as
from test_framing import do, ok


def new():
    return str(uuid.uuid4())


def text_of(response) -> str:
    """The page's visible words, tags dropped and spaces folded."""
    body = response.get_data(as_text=True)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


@pytest.fixture
def programme(app, facilitator):
    """Three concepts: one voted, chosen and piloted with news; one voted, not piloted; one
    dropped. A named participant wrote the pilot's update."""
    workshop = facilitator.api("POST", "/api/workshops",
                               json={"id": new(), "name": "Digituki"}).get_json()
    made = [ok(facilitator, workshop, "concept.save", id=new(), name=name, need=need)
            for name, need in (("Digikahvila", "Asiointi verkossa pelottaa"),
                               ("Vertaisopastus", "Apua ei uskalleta pyytää"),
                               ("Sovellus", ""))]
    ok(facilitator, workshop, "concept.save", id=made[2]["id"], stage="dropped")
    tiina = join_as(app, workshop, "Tiina Virtanen", "Kela")
    round_ = ok(facilitator, workshop, "vote.save_round", id=new(), title="Mitä kokeillaan",
                target="concepts", item_ids=[made[0]["id"], made[1]["id"]], dots=3)
    ok(facilitator, workshop, "vote.open", round_id=round_["id"])
    ok(tiina, workshop, "vote.set", round_id=round_["id"], item_id=made[0]["id"], count=2)
    ok(tiina, workshop, "vote.set", round_id=round_["id"], item_id=made[1]["id"], count=1)
    ok(facilitator, workshop, "vote.close", round_id=round_["id"])
    ok(facilitator, workshop, "vote.reveal", round_id=round_["id"])
    ok(facilitator, workshop, "vote.choose", round_id=round_["id"], concept_ids=[made[0]["id"]])
    pilot = ok(facilitator, workshop, "pilot.create", concept_id=made[0]["id"])
    ok(tiina, workshop, "pilot.join", pilot_id=pilot["id"])
    ok(tiina, workshop, "pilot.status", pilot_id=pilot["id"], status="running")
    ok(tiina, workshop, "pilot.save", pilot_id=pilot["id"], progress=60,
       hypothesis="Viikoittainen kahvila rohkaisee")
    ok(tiina, workshop, "pilot.milestone", id=new(), pilot_id=pilot["id"],
       title="Tilat varattu", due_on="2026-10-01", done_on="2026-09-28")
    ok(tiina, workshop, "pilot.milestone", id=new(), pilot_id=pilot["id"],
       title="Kymmenes kävijä", due_on="2027-02-01")
    measure = ok(tiina, workshop, "pilot.measure", id=new(), pilot_id=pilot["id"],
                 name="Kävijöitä", unit="hlö", baseline=0, target=20)
    ok(tiina, workshop, "pilot.update", id=new(), pilot_id=pilot["id"],
       happened_on="2026-10-12", did="Kolme kahvilaa pidetty", learned="Aamu on paras aika",
       blockers="Salasana unohtuu", values=[{"measure_id": measure["id"], "value": 7}])
    return {"workshop": workshop, "tiina": tiina, "concepts": made, "round": round_}


def test_a_member_reads_what_became_of_each_concept(app, programme):
    workshop, tiina = programme["workshop"], programme["tiina"]
    page = tiina.page(f"/w/{workshop['id']}/outcomes")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    text = text_of(page)
    votes = "Pisteet äänestyksessä ”Mitä kokeillaan”"
    for said in ("Digikahvila", "Asiointi verkossa pelottaa", f"{votes}: 2",
                 "valittu", "käynnissä", "60 % valmiina", "Tilat varattu", "28.9.2026",
                 "Kymmenes kävijä", "1.2.2027", "Kolme kahvilaa pidetty",
                 "Aamu on paras aika", "Kävijöitä", "7 hlö", "12.10.2026",
                 "Vertaisopastus", f"{votes}: 1", "Ei vielä pilotoitu",
                 "Sovellus", "Ei viety eteenpäin"):
        assert said in text, said
    # The piloted concept comes first, the dropped one last.
    assert text.index("Digikahvila") < text.index("Vertaisopastus") < text.index("Sovellus")
    # Nobody is named, and a blocker is the team's business, not the room's news.
    assert "Tiina" not in text and "Salasana unohtuu" not in text


def test_outsiders_need_the_link_and_it_can_be_ended(app, facilitator, programme):
    workshop = programme["workshop"]
    stranger = Browserless(app.test_client())
    assert stranger.page(f"/w/{workshop['id']}/outcomes").status_code == 404
    status, _ = do(programme["tiina"], workshop, "workshop.outcomes_link", share=True)
    assert status == 403  # only a facilitator hands the link out
    shared = ok(facilitator, workshop, "workshop.outcomes_link", share=True)
    token = shared["outcomes_token"]
    assert token and ok(facilitator, workshop, "workshop.outcomes_link",
                        share=True)["outcomes_token"] == token  # asking again keeps it
    assert "outcomes_token" not in programme["tiina"].api(
        "GET", f"/api/workshops/{workshop['id']}/state").get_json()["entities"]["workshop"][0]
    page = stranger.page(f"/o/{token}")
    assert page.status_code == 200 and page.headers["X-Robots-Tag"] == "noindex"
    text = text_of(page)
    assert "Kolme kahvilaa pidetty" in text and "”Mitä kokeillaan”: 2" in text
    assert "Tiina" not in text and "Takaisin työpajaan" not in text
    renewed = ok(facilitator, workshop, "workshop.outcomes_link", share=True,
                 renew=True)["outcomes_token"]
    assert renewed != token and stranger.page(f"/o/{token}").status_code == 404
    ok(facilitator, workshop, "workshop.outcomes_link", share=False)
    assert stranger.page(f"/o/{renewed}").status_code == 404
    status, body = do(facilitator, workshop, "workshop.outcomes_link")
    assert status == 422 and "share" in body["error"]["fields"]


def test_hidden_results_stay_hidden_on_the_outcomes_page(app, facilitator):
    workshop = facilitator.api("POST", "/api/workshops",
                               json={"id": new(), "name": "Piilo"}).get_json()
    concept = ok(facilitator, workshop, "concept.save", id=new(), name="Kahvila")
    voter = join_as(app, workshop, "Olli")
    round_ = ok(facilitator, workshop, "vote.save_round", id=new(), title="Kierros",
                target="concepts", item_ids=[concept["id"]], dots=3)
    ok(facilitator, workshop, "vote.open", round_id=round_["id"])
    ok(voter, workshop, "vote.set", round_id=round_["id"], item_id=concept["id"], count=3)
    ok(facilitator, workshop, "vote.close", round_id=round_["id"])
    assert "Pisteet" not in text_of(voter.page(f"/w/{workshop['id']}/outcomes"))
    ok(facilitator, workshop, "vote.reveal", round_id=round_["id"])
    assert "”Kierros”: 3" in text_of(voter.page(f"/w/{workshop['id']}/outcomes"))
