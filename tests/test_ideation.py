"""Issue 4 through the public surface: ideas under a how-might-we question (modes, reveal,
lock, anonymity, the offline resend), grouping, suggested groups and concept cards."""

import json
import uuid

import pytest
from conftest import join_as
from test_events import cmd, connect, received
from test_framing import do, ok, state

from server.events.coalesce import wait_until_sent


def new():
    return str(uuid.uuid4())


@pytest.fixture
def board(facilitator):
    """A blank workshop with one group, its challenge and a how-might-we question."""
    workshop = facilitator.api("POST", "/api/workshops",
                               json={"id": new(), "name": "Ideointi"}).get_json()
    ok(facilitator, workshop, "group.save", id=new(), name="Ryhmä A")
    challenge = state(facilitator, workshop)["challenge"][0]
    persona = ok(facilitator, workshop, "persona.import", keys=["raili-ei-laitetta"])[0]
    ok(facilitator, workshop, "challenge.update", challenge_id=challenge["id"],
       persona_ids=[persona["id"]])
    hmw = ok(facilitator, workshop, "hmw.save", id=new(), challenge_id=challenge["id"],
             text="Miten voisimme tukea digiasioinnissa?")
    return {"workshop": workshop, "challenge": challenge, "hmw": hmw, "persona": persona}


@pytest.fixture
def people(app, board):
    workshop = board["workshop"]
    return join_as(app, workshop, "Aino Author", "Kela"), join_as(app, workshop, "Ville", "TE")


def add(browser, board, text, **extra):
    return ok(browser, board["workshop"], "idea.add", id=new(), hmw_id=board["hmw"]["id"],
              text=text, **extra)


def settings(facilitator, board, **values):
    return ok(facilitator, board["workshop"], "hmw.settings", hmw_id=board["hmw"]["id"],
              **values)


# -- writing ideas ----------------------------------------------------------------------------


def test_open_mode_everyone_sees_ideas_with_authors(facilitator, board, people):
    author, other = people
    idea = add(author, board, "Digituki kirjastoon", persona_id=board["persona"]["id"])
    assert idea["member_id"] == author.member["id"]
    assert idea["persona_id"] == board["persona"]["id"]
    seen = state(other, board["workshop"])
    [idea] = seen["idea"]
    assert idea["text"] == "Digituki kirjastoon" and idea["member_id"] == author.member["id"]
    # The name is the member's, so a rename reaches every idea without touching them.
    assert {m["id"]: m["display_name"] for m in seen["member"]}[idea["member_id"]] == \
        "Aino Author"


def test_bad_ideas_are_refused_and_change_nothing(facilitator, board, people):
    author, _other = people
    for text, word in (("   ", "tyhjä"), ("x" * 281, "280")):
        status, body = do(author, board["workshop"], "idea.add", id=new(),
                          hmw_id=board["hmw"]["id"], text=text)
        assert status == 422 and word in body["error"]["fields"]["text"][0]
    status, body = do(author, board["workshop"], "idea.add", id="not-a-uuid",
                      hmw_id=board["hmw"]["id"], text="Hyvä")
    assert status == 422 and "id" in body["error"]["fields"]
    status, body = do(author, board["workshop"], "idea.add", id=new(),
                      hmw_id=board["hmw"]["id"], text="Hyvä", persona_id=new())
    assert status == 422 and "persona_id" in body["error"]["fields"]
    assert state(facilitator, board["workshop"])["idea"] == []


def test_author_edits_and_deletes_only_their_own_until_locked(facilitator, board, people):
    author, other = people
    idea = add(author, board, "Tabletteja lainaan")
    status, _ = do(other, board["workshop"], "idea.edit", idea_id=idea["id"], text="Hakkeri")
    assert status == 403
    status, _ = do(other, board["workshop"], "idea.delete", idea_id=idea["id"])
    assert status == 403
    assert ok(author, board["workshop"], "idea.edit", idea_id=idea["id"],
              text="Tabletteja lainaksi")["text"] == "Tabletteja lainaksi"

    settings(facilitator, board, locked=True)
    status, body = do(author, board["workshop"], "idea.edit", idea_id=idea["id"], text="Myöhään")
    assert status == 403 and body["error"]["message"]
    status, _ = do(author, board["workshop"], "idea.add", id=new(), hmw_id=board["hmw"]["id"],
                   text="Liian myöhään")
    assert status == 403
    settings(facilitator, board, locked=False)
    ok(author, board["workshop"], "idea.delete", idea_id=idea["id"])
    assert state(facilitator, board["workshop"])["idea"] == []


def test_locking_the_live_session_locks_writing(facilitator, board, people):
    author, _other = people
    workshop = board["workshop"]
    session = ok(facilitator, workshop, "session.create", id=new(), title={"fi": "Työpaja 2"})
    ok(facilitator, workshop, "session.start", session_id=session["id"])
    ok(facilitator, workshop, "session.lock", session_id=session["id"], locked=True)
    status, _ = do(author, workshop, "idea.add", id=new(), hmw_id=board["hmw"]["id"], text="Ei")
    assert status == 403
    ok(facilitator, workshop, "session.lock", session_id=session["id"], locked=False)
    add(author, board, "Nyt käy")


def test_offline_queue_sent_twice_creates_each_idea_once(app, facilitator, board, people):
    author, _other = people
    queued = [{"id": new(), "hmw_id": board["hmw"]["id"], "text": f"Idea {n}"} for n in range(3)]
    phone = connect(app, author, board["workshop"])
    for _round in range(2):  # the reconnect resends what it had not heard back about
        for args in queued:
            ack = cmd(phone, "idea.add", **args)
            assert ack["ok"], ack
    # ... and once more over HTTP, as the page's fallback would.
    for args in queued:
        assert ok(author, board["workshop"], "idea.add", **args)["id"] == args["id"]
    ideas = state(facilitator, board["workshop"])["idea"]
    assert sorted(i["text"] for i in ideas) == ["Idea 0", "Idea 1", "Idea 2"]
    # Someone else sending a taken id is refused, not merged.
    status, _ = do(_other, board["workshop"], "idea.add", **queued[0])
    assert status == 409


def test_plus_one_and_build_on(facilitator, board, people):
    author, other = people
    idea = add(author, board, "Vertaisohjaajat")
    status, body = do(author, board["workshop"], "idea.plus", idea_id=idea["id"], on=True)
    assert status == 422 and "idea_id" in body["error"]["fields"]
    for _ in range(2):  # a double tap counts once
        result = ok(other, board["workshop"], "idea.plus", idea_id=idea["id"], on=True)
    assert result == {"idea_id": idea["id"], "on": True, "plus_count": 1}
    mine = state(other, board["workshop"])["plus"]
    assert [p["idea_id"] for p in mine] == [idea["id"]]
    assert state(author, board["workshop"])["plus"] == []  # nobody else's marks
    child = add(other, board, "...ja kahvia", builds_on_id=idea["id"])
    assert child["builds_on_id"] == idea["id"]
    assert ok(other, board["workshop"], "idea.plus", idea_id=idea["id"],
              on=False)["plus_count"] == 0


# -- modes ------------------------------------------------------------------------------------


def test_silent_mode_hides_others_ideas_until_reveal(app, facilitator, board, people):
    author, other = people
    settings(facilitator, board, silent=True)
    watcher = connect(app, other, board["workshop"])
    received(watcher, "sync")
    idea = add(author, board, "Salainen idea")
    wait_until_sent()  # what others may not see goes out a moment later, numbers only
    events = received(watcher, "ev")
    assert events and all(e.get("hidden") for e in events)
    assert "Salainen" not in json.dumps(events)
    assert state(other, board["workshop"])["idea"] == []
    assert [i["text"] for i in state(author, board["workshop"])["idea"]] == ["Salainen idea"]
    assert len(state(facilitator, board["workshop"])["idea"]) == 1
    # A hidden idea cannot be reached by id either.
    status, _ = do(other, board["workshop"], "idea.plus", idea_id=idea["id"], on=True)
    assert status == 404
    status, body = do(facilitator, board["workshop"], "hmw.settings", hmw_id=board["hmw"]["id"],
                      silent=False)
    assert status == 422 and "silent" in body["error"]["fields"]

    settings(facilitator, board, revealed=True)
    shown = [e["data"]["text"] for e in received(watcher, "ev") if e.get("entity") == "idea"]
    assert shown == ["Salainen idea"]
    assert [i["text"] for i in state(other, board["workshop"])["idea"]] == ["Salainen idea"]
    status, body = do(facilitator, board["workshop"], "hmw.settings", hmw_id=board["hmw"]["id"],
                      revealed=False)
    assert status == 422


ROSTER = {"member", "introduction"}


def without_roster(value):
    """``value`` without the workshop's list of people (who is here is not secret; what
    they wrote under an anonymous question is): roster events and snapshot lists go."""
    if isinstance(value, list):
        return [without_roster(item) for item in value
                if not (isinstance(item, dict) and item.get("entity") in ROSTER)]
    if isinstance(value, dict):
        return {key: without_roster(item) for key, item in value.items()
                if not (key in ROSTER and isinstance(item, list))}
    return value


def test_anonymous_author_reaches_no_other_participant(app, facilitator, board, people):
    """Everything another participant receives - socket events and snapshot, REST answers,
    the persona page, the phone's HTML - is searched for the author's id and name."""
    author, other = people
    settings(facilitator, board, anonymous=True)
    workshop = board["workshop"]
    author_id, name = author.member["id"], "Aino Author"
    phone = connect(app, other, workshop)
    projector = connect(app, None, workshop, projector=workshop["projector_token"])

    idea = add(author, board, "Nimetön idea", persona_id=board["persona"]["id"])
    assert idea["member_id"] == author_id  # the author knows it is theirs
    ok(author, workshop, "idea.edit", idea_id=idea["id"], text="Nimetön idea, muokattu")
    answers = [
        ok(other, workshop, "idea.plus", idea_id=idea["id"], on=True),
        ok(other, workshop, "idea.add", id=new(), hmw_id=board["hmw"]["id"],
           text="Jatkan tästä", builds_on_id=idea["id"]),
        cmd(phone, "idea.plus", idea_id=idea["id"], on=False),
    ]
    ok(facilitator, workshop, "idea.spotlight", hmw_id=board["hmw"]["id"], idea_id=idea["id"])
    ok(facilitator, workshop, "cluster.save", id=new(), hmw_id=board["hmw"]["id"], name="Apu",
       idea_ids=[idea["id"]])
    ok(facilitator, workshop, "concept.save", id=new(), idea_ids=[idea["id"]], name="Konsepti")

    delivered = [
        received(phone, "ev"), received(phone, "sync"), received(projector, "ev"),
        answers, other.api("GET", f"/api/workshops/{workshop['id']}/state").get_json(),
        other.api("GET", f"/api/workshops/{workshop['id']}/personas/"
                         f"{board['persona']['id']}").get_json(),
        connect(app, other, workshop).get_received(),  # a fresh snapshot
        connect(app, other, workshop, since=0).get_received(),  # a full catch-up
    ]
    page = other.page(f"/w/{workshop['id']}").get_data(as_text=True)
    text = json.dumps(without_roster(delivered), ensure_ascii=False) + page
    assert "Nimetön idea, muokattu" in text  # the idea itself did arrive
    assert author_id not in text and name not in text
    # The facilitator sees authors, and the participant is told so before writing.
    assert author_id in json.dumps(state(facilitator, workshop)["idea"], ensure_ascii=False)
    assert ok(facilitator, workshop, "hmw.settings", hmw_id=board["hmw"]["id"],
              locked=False)["anonymous"] is True
    status, body = do(facilitator, workshop, "hmw.settings", hmw_id=board["hmw"]["id"],
                      anonymous=False)
    assert status == 422 and "anonymous" in body["error"]["fields"]


def test_live_question_is_one_per_group(facilitator, board):
    other = ok(facilitator, board["workshop"], "hmw.save", id=new(),
               challenge_id=board["challenge"]["id"], text="Miten voisimme nopeuttaa?")
    settings(facilitator, board, live=True)
    ok(facilitator, board["workshop"], "hmw.settings", hmw_id=other["id"], live=True)
    live = [q["id"] for q in state(facilitator, board["workshop"])["hmw"] if q["live"]]
    assert live == [other["id"]]


# -- grouping ---------------------------------------------------------------------------------


def test_grouping_merge_ungroup_duplicate_and_permissions(facilitator, board, people):
    author, other = people
    workshop = board["workshop"]
    a, b, c = (add(author, board, text)["id"] for text in ("Yksi", "Kaksi", "Kolme"))
    status, _ = do(other, workshop, "cluster.save", id=new(), hmw_id=board["hmw"]["id"],
                   name="Ryhmä")
    assert status == 403
    first = ok(facilitator, workshop, "cluster.save", id=new(), hmw_id=board["hmw"]["id"],
               name="Ensimmäinen", idea_ids=[a])
    second = ok(facilitator, workshop, "cluster.save", id=new(), hmw_id=board["hmw"]["id"],
                name="")
    ok(facilitator, workshop, "idea.move", idea_id=b, cluster_id=second["id"])
    ok(facilitator, workshop, "idea.move", idea_id=c, cluster_id=second["id"], position=0)
    ok(facilitator, workshop, "cluster.save", id=second["id"], name="Toinen")
    ideas = {i["id"]: i for i in state(other, workshop)["idea"]}
    assert ideas[a]["cluster_id"] == first["id"] and ideas[b]["cluster_id"] == second["id"]
    assert ideas[c]["position"] < ideas[b]["position"]

    ok(facilitator, workshop, "cluster.merge", cluster_id=second["id"], into_id=first["id"])
    entities = state(other, workshop)
    assert [g["name"] for g in entities["idea_cluster"]] == ["Ensimmäinen"]
    assert {i["cluster_id"] for i in entities["idea"]} == {first["id"]}

    ok(facilitator, workshop, "idea.duplicate", idea_id=c, of_id=a)
    ok(facilitator, workshop, "idea.move", idea_id=b, cluster_id=None)
    ideas = {i["id"]: i for i in state(other, workshop)["idea"]}
    assert ideas[c]["duplicate_of_id"] == a and ideas[b]["cluster_id"] is None
    status, body = do(facilitator, workshop, "idea.duplicate", idea_id=a, of_id=a)
    assert status == 422 and "of_id" in body["error"]["fields"]

    # Opened to participants, they may group too.
    settings(facilitator, board, grouping_open=True)
    ok(other, workshop, "idea.move", idea_id=b, cluster_id=first["id"])
    ok(facilitator, workshop, "cluster.delete", cluster_id=first["id"])
    assert {i["cluster_id"] for i in state(other, workshop)["idea"]} == {None}


def test_suggestions_group_similar_finnish_and_english_ideas(facilitator, board, people):
    author, other = people
    texts = {
        "library1": "Digituki kirjastoon: vertaisohjaajat auttavat",
        "library2": "Kirjaston digitukea myös iltaisin",
        "tablet1": "Lainattavat tabletit asiakkaille",
        "tablet2": "Tabletteja lainaksi kotiin",
        "phone1": "Peer mentors teach smartphone use",
        "phone2": "A smartphone course for older people",
        "coffee": "Free coffee in the waiting room",
        "bus": "Halvemmat bussiliput työttömille",
    }
    ids = {key: add(author, board, text)["id"] for key, text in texts.items()}
    status, _ = do(other, board["workshop"], "idea.suggest", hmw_id=board["hmw"]["id"])
    assert status == 403
    found = ok(facilitator, board["workshop"], "idea.suggest", hmw_id=board["hmw"]["id"])
    groups = {frozenset(s["idea_ids"]) for s in found}
    for pair in ("library", "tablet", "phone"):
        assert frozenset({ids[pair + "1"], ids[pair + "2"]}) in groups, found
    assert not any(ids["coffee"] in g or ids["bus"] in g for g in groups)
    names = {s["name"] for s in found}
    assert {"Tabletit", "Smartphone"} <= names
    # Nothing was stored: accepting one is an ordinary cluster.save with its ideas.
    assert state(facilitator, board["workshop"])["idea_cluster"] == []
    tablets = next(s for s in found if ids["tablet1"] in s["idea_ids"])
    ok(facilitator, board["workshop"], "cluster.save", id=new(), hmw_id=board["hmw"]["id"],
       name="Laitelainaus", idea_ids=tablets["idea_ids"])
    again = ok(facilitator, board["workshop"], "idea.suggest", hmw_id=board["hmw"]["id"])
    assert not any(ids["tablet1"] in s["idea_ids"] for s in again)


# -- concepts ---------------------------------------------------------------------------------


def test_concept_from_group_keeps_its_links_through_edits(facilitator, board, people):
    author, other = people
    workshop = board["workshop"]
    one = add(author, board, "Digituki kirjastoon")
    two = add(other, board, "Iltaisin myös")
    cluster = ok(facilitator, workshop, "cluster.save", id=new(), hmw_id=board["hmw"]["id"],
                 name="Kirjaston digituki", idea_ids=[one["id"], two["id"]])
    concept = ok(facilitator, workshop, "concept.save", id=new(), cluster_id=cluster["id"],
                 what="Vertaisohjaajat kirjastossa kahdesti viikossa")
    assert concept["name"] == "Kirjaston digituki" and concept["stage"] == "draft"
    assert concept["idea_ids"] == [one["id"], two["id"]]
    assert concept["hmw_id"] == board["hmw"]["id"]
    assert concept["challenge_id"] == board["challenge"]["id"]
    assert concept["persona_ids"] == [board["persona"]["id"]]  # from the question

    # Editing the card, its ideas and its group keeps every link.
    ok(facilitator, workshop, "concept.save", id=concept["id"], name="Digikirjasto",
       stage="refined", first_try="Kokeillaan Kalliossa", takes_people="2 ohjaajaa")
    ok(author, workshop, "idea.edit", idea_id=one["id"], text="Digituki kirjastoon!")
    ok(facilitator, workshop, "cluster.save", id=cluster["id"], name="Uusi nimi")
    ok(facilitator, workshop, "idea.move", idea_id=two["id"], cluster_id=None)
    [card] = state(other, workshop)["concept"]
    assert card["name"] == "Digikirjasto" and card["stage"] == "refined"
    assert card["first_try"] == "Kokeillaan Kalliossa" and card["what"].startswith("Vertais")
    assert card["idea_ids"] == [one["id"], two["id"]]
    assert (card["hmw_id"], card["challenge_id"], card["persona_ids"]) == (
        board["hmw"]["id"], board["challenge"]["id"], [board["persona"]["id"]])
    view = other.api("GET", f"/api/workshops/{workshop['id']}/personas/"
                            f"{board['persona']['id']}").get_json()
    assert [c["name"] for c in view["links"]["concepts"]] == ["Digikirjasto"]

    # Participants comment; only facilitators shape concepts unless grouping is opened.
    ok(other, workshop, "comment.add", id=new(), target_kind="concept", target_id=card["id"],
       body="<b>Hyvä</b> idea")
    assert state(author, workshop)["comment"][0]["body"] == "<b>Hyvä</b> idea"
    status, _ = do(other, workshop, "concept.save", id=card["id"], name="Oma")
    assert status == 403
    status, body = do(facilitator, workshop, "concept.save", id=card["id"], stage="done")
    assert status == 422 and "stage" in body["error"]["fields"]
    settings(facilitator, board, grouping_open=True)
    assert ok(other, workshop, "concept.save", id=card["id"], risks="Ohjaajat väsyvät")[
        "risks"] == "Ohjaajat väsyvät"
    status, _ = do(other, workshop, "concept.delete", concept_id=card["id"])
    assert status == 403


def test_concept_from_a_single_idea_and_idea_removal(facilitator, board, people):
    author, _other = people
    idea = add(author, board, "Chat-neuvonta iltaisin", persona_id=board["persona"]["id"])
    concept = ok(facilitator, board["workshop"], "concept.save", id=new(),
                 idea_ids=[idea["id"]])
    assert concept["name"] == "Chat-neuvonta iltaisin"
    assert concept["idea_ids"] == [idea["id"]]
    status, body = do(facilitator, board["workshop"], "concept.save", id=new(), hmw_id=None)
    assert status == 422
    ok(author, board["workshop"], "idea.delete", idea_id=idea["id"])
    [card] = state(facilitator, board["workshop"])["concept"]
    assert card["idea_ids"] == [] and card["name"] == "Chat-neuvonta iltaisin"


def test_concept_from_ideas_of_two_questions(app, facilitator, board, people):
    """A concept joins ideas written under two groups' questions: it keeps both, answers the
    first idea's question first, and a participant shapes it only where every question it
    draws on is open to them."""
    author, other = people
    workshop = board["workshop"]
    ok(facilitator, workshop, "group.save", id=new(), name="Ryhmä B")
    second_challenge = next(c for c in state(facilitator, workshop)["challenge"]
                            if c["id"] != board["challenge"]["id"])
    second = ok(facilitator, workshop, "hmw.save", id=new(),
                challenge_id=second_challenge["id"], text="Miten voisimme neuvoa puhelimessa?",
                persona_ids=[])
    one = add(author, board, "Digituki kirjastoon")
    two = ok(other, workshop, "idea.add", id=new(), hmw_id=second["id"],
             text="Takaisinsoitto illalla")
    phone = connect(app, other, workshop)
    received(phone, "sync")
    concept = ok(facilitator, workshop, "concept.save", id=new(), name="Neuvonta",
                 idea_ids=[one["id"], two["id"]])
    assert concept["idea_ids"] == [one["id"], two["id"]]
    assert concept["hmw_id"] == board["hmw"]["id"]  # the first idea's question
    assert concept["challenge_id"] == board["challenge"]["id"]
    assert concept["persona_ids"] == [board["persona"]["id"]]
    [event] = [e for e in received(phone, "ev") if e.get("entity") == "concept"]
    assert event["data"]["idea_ids"] == [one["id"], two["id"]]
    [card] = state(other, workshop)["concept"]
    ideas = {i["id"]: i["hmw_id"] for i in state(other, workshop)["idea"]}
    assert {ideas[i] for i in card["idea_ids"]} == {board["hmw"]["id"], second["id"]}

    # Grouping opened on one of its two questions is not enough for a participant.
    settings(facilitator, board, grouping_open=True)
    status, _ = do(other, workshop, "concept.save", id=card["id"], risks="Aika")
    assert status == 403
    ok(facilitator, workshop, "hmw.settings", hmw_id=second["id"], grouping_open=True)
    assert ok(other, workshop, "concept.save", id=card["id"], risks="Aika")["risks"] == "Aika"

    # Its first question removed, the card answers the other one, whose idea it keeps.
    ok(facilitator, workshop, "hmw.delete", hmw_id=board["hmw"]["id"])
    [card] = state(other, workshop)["concept"]
    assert card["idea_ids"] == [two["id"]]
    assert (card["hmw_id"], card["challenge_id"]) == (second["id"], second_challenge["id"])


def test_a_participant_makes_a_concept_only_from_open_questions(facilitator, board, people):
    author, other = people
    workshop = board["workshop"]
    closed = ok(facilitator, workshop, "hmw.save", id=new(),
                challenge_id=board["challenge"]["id"], text="Miten voisimme muistuttaa?")
    one = add(author, board, "Vertaisohjaajat")
    two = ok(author, workshop, "idea.add", id=new(), hmw_id=closed["id"], text="Tekstiviesti")
    settings(facilitator, board, grouping_open=True)
    status, _ = do(other, workshop, "concept.save", id=new(), name="Oma",
                   idea_ids=[one["id"], two["id"]])
    assert status == 403
    made = ok(other, workshop, "concept.save", id=new(), name="Oma", idea_ids=[one["id"]])
    assert made["hmw_id"] == board["hmw"]["id"]
    assert [c["id"] for c in state(facilitator, workshop)["concept"]] == [made["id"]]


def test_ideas_are_put_on_a_card_and_taken_off_after_it_is_made(facilitator, board, people):
    """The grouping goes on after a card is made: ideas join it (under any question) and
    leave it, each on its own, with one event per change and none for a change that changes
    nothing; bad and unseen ids are refused naming the field, and change nothing."""
    author, other = people
    workshop = board["workshop"]
    first, second, third = (add(author, board, text) for text in
                            ("Digituki kirjastoon", "Vertaisohjaajat", "Etätuki kotiin"))
    card = ok(facilitator, workshop, "concept.save", id=new(), idea_ids=[first["id"]])
    card = ok(facilitator, workshop, "concept.ideas", concept_id=card["id"],
              add=[second["id"], third["id"], first["id"]])
    assert card["idea_ids"] == [first["id"], second["id"], third["id"]]
    rev = card["rev"]
    card = ok(facilitator, workshop, "concept.ideas", concept_id=card["id"],
              remove=[second["id"], "not-on-the-card"])
    assert card["idea_ids"] == [first["id"], third["id"]] and card["rev"] > rev
    again = ok(facilitator, workshop, "concept.ideas", concept_id=card["id"],
               add=[third["id"]], remove=[second["id"]])
    assert again["rev"] == card["rev"]  # nothing changed, nothing sent
    [seen] = state(other, workshop)["concept"]
    assert seen["idea_ids"] == [first["id"], third["id"]]

    status, body = do(facilitator, workshop, "concept.ideas", concept_id=card["id"])
    assert status == 422 and "add" in body["error"]["fields"]
    status, body = do(facilitator, workshop, "concept.ideas", concept_id=card["id"],
                      add=[second["id"], "no-such-idea"])
    assert status == 404 and "add" in body["error"]["fields"]
    status, body = do(facilitator, workshop, "concept.ideas", concept_id="no-such-card",
                      add=[second["id"]])
    assert status == 404 and "concept_id" in body["error"]["fields"]
    assert state(facilitator, workshop)["concept"][0]["idea_ids"] == [first["id"], third["id"]]

    # A participant, only where the grouping of the card's questions is open to them.
    status, _ = do(other, workshop, "concept.ideas", concept_id=card["id"], add=[second["id"]])
    assert status == 403
    settings(facilitator, board, grouping_open=True)
    card = ok(other, workshop, "concept.ideas", concept_id=card["id"], add=[second["id"]])
    assert card["idea_ids"] == [first["id"], third["id"], second["id"]]


def test_a_card_made_from_scratch_answers_the_question_of_its_first_idea(facilitator, board,
                                                                          people):
    author, _other = people
    workshop = board["workshop"]
    idea = add(author, board, "Neuvontapiste")
    card = ok(facilitator, workshop, "concept.save", id=new(), name="Tyhjästä")
    assert card["hmw_id"] is None
    card = ok(facilitator, workshop, "concept.ideas", concept_id=card["id"], add=[idea["id"]])
    assert (card["hmw_id"], card["challenge_id"]) == (board["hmw"]["id"],
                                                      board["challenge"]["id"])


# -- questions per group ----------------------------------------------------------------------


def test_each_group_has_its_own_question_on_its_phones(app, facilitator, board, people):
    """Each group's question goes on its own phones: putting one group's question on does
    not take another group's off; the whole workshop's question is a third, alongside."""
    author, other = people
    workshop = board["workshop"]
    group_a = state(facilitator, workshop)["group"][0]
    group_b = ok(facilitator, workshop, "group.save", id=new(), name="Ryhmä B")
    ok(facilitator, workshop, "group.assign", member_id=author.member["id"],
       group_id=group_a["id"])
    ok(facilitator, workshop, "group.assign", member_id=other.member["id"],
       group_id=group_b["id"])
    challenge_b = next(c for c in state(facilitator, workshop)["challenge"]
                       if c["group_id"] == group_b["id"])
    question_a = board["hmw"]
    question_b = ok(facilitator, workshop, "hmw.save", id=new(),
                    challenge_id=challenge_b["id"], text="Miten voisimme auttaa ryhmää B?")
    # A question of the whole workshop: the facilitator names no challenge; it goes under
    # the challenge of no group. A participant's question is always their group's.
    everyone = ok(facilitator, workshop, "hmw.save", id=new(),
                  text="Miten voisimme kaikki yhdessä?")
    challenges = {c["id"]: c for c in state(facilitator, workshop)["challenge"]}
    assert challenges[everyone["challenge_id"]]["group_id"] is None
    status, body = do(other, workshop, "hmw.save", id=new(), text="Miten voisimme?")
    assert status == 422 and "challenge_id" in body["error"]["fields"]

    phone_b = connect(app, other, workshop)
    snapshot = received(phone_b, "sync")[0]["snapshot"]
    for question in (question_a, question_b, everyone):
        ok(facilitator, workshop, "hmw.settings", hmw_id=question["id"], live=True)
    on = {q["id"] for q in state(facilitator, workshop)["hmw"] if q["live"]}
    assert on == {question_a["id"], question_b["id"], everyone["id"]}
    # Another of group A's questions on: only group A's first one goes off.
    again = ok(facilitator, workshop, "hmw.save", id=new(),
               challenge_id=board["challenge"]["id"], text="Miten voisimme toisin?")
    ok(facilitator, workshop, "hmw.settings", hmw_id=again["id"], live=True)
    on = {q["id"] for q in state(other, workshop)["hmw"] if q["live"]}
    assert on == {again["id"], question_b["id"], everyone["id"]}
    # Group B's phone heard all of it: its catch-up equals a fresh snapshot.
    held = {q["id"]: q for q in snapshot["entities"]["hmw"]}
    for event in received(phone_b, "ev"):
        if event.get("entity") == "hmw" and event["op"] == "upsert":
            held[event["data"]["id"]] = event["data"]
    assert {i for i, q in held.items() if q["live"]} == on


def test_removing_a_question_removes_its_ideas_and_keeps_its_concepts(app, facilitator, board,
                                                                       people):
    author, other = people
    workshop = board["workshop"]
    idea = add(author, board, "Digituki kirjastoon")
    cluster = ok(facilitator, workshop, "cluster.save", id=new(), hmw_id=board["hmw"]["id"],
                 name="Digituki", idea_ids=[idea["id"]])
    concept = ok(facilitator, workshop, "concept.save", id=new(), cluster_id=cluster["id"])
    phone = connect(app, other, workshop)
    seq = received(phone, "sync")[0]["snapshot"]["seq"]
    ok(facilitator, workshop, "hmw.delete", hmw_id=board["hmw"]["id"])
    events = received(phone, "ev")
    gone = {(e["entity"], e["data"]["id"]) for e in events if e["op"] == "delete"}
    assert {("idea", idea["id"]), ("idea_cluster", cluster["id"]),
            ("hmw", board["hmw"]["id"])} <= gone
    # The phone's catch-up from before says the same as a fresh snapshot.
    entities = state(other, workshop)
    assert entities["idea"] == [] and entities["idea_cluster"] == []
    [card] = entities["concept"]
    assert card["id"] == concept["id"] and card["name"] == "Digituki"
    assert card["hmw_id"] is None and card["idea_ids"] == []
    assert card["challenge_id"] == board["challenge"]["id"]
    assert [e["seq"] for e in events] == list(range(seq + 1, seq + 1 + len(events)))


@pytest.mark.live
def test_suggesting_groups_does_not_hold_up_other_people(tmp_path):
    """Under eventlet the suggestion runs in an OS thread: the first one also imports
    scikit-learn (about a second), which would otherwise stall every connection."""
    import threading
    import time

    from conftest import PASSWORD, LiveServer
    from live_client import WebClient

    server = LiveServer(tmp_path, "eventlet")  # a fresh process: nothing imported yet
    server.prepare()
    server.start()
    try:
        laptop = WebClient(server.url).login("anna", PASSWORD)
        workshop = laptop.api("POST", "/api/workshops", json={"id": new(), "name": "B"}).json()
        base = f"/api/workshops/{workshop['id']}/commands/"
        laptop.api("POST", base + "group.save", json={"id": new(), "name": "A"})
        challenge = laptop.api("GET", f"/api/workshops/{workshop['id']}/state").json()[
            "entities"]["challenge"][0]
        question = laptop.api("POST", base + "hmw.save", json={
            "id": new(), "challenge_id": challenge["id"], "text": "Miten?"}).json()["data"]
        for text in ("Digituki kirjastoon", "Kirjaston digituki", "Tabletteja lainaan"):
            laptop.api("POST", base + "idea.add", json={"id": new(), "hmw_id": question["id"],
                                                         "text": text})
        other, waits, done = WebClient(server.url), [], threading.Event()

        def visit():
            while not done.is_set():
                started = time.perf_counter()
                assert other.get("/login").status_code == 200
                waits.append(time.perf_counter() - started)

        visitor = threading.Thread(target=visit)
        visitor.start()
        time.sleep(0.2)
        started = time.perf_counter()
        answer = laptop.api("POST", base + "idea.suggest", json={"hmw_id": question["id"]})
        took = time.perf_counter() - started
        done.set()
        visitor.join()
        assert answer.status_code == 200 and len(answer.json()["data"]) == 1
        assert took > 0.3, "the first suggestion imports scikit-learn; nothing to measure"
        assert max(waits) < took / 2, (max(waits), took)
    finally:
        server.stop()


def test_the_same_idea_sent_at_the_same_instant_is_stored_once(facilitator, board, people):
    """Two copies of one queued idea (a reconnect while the first is in flight) race; on
    PostgreSQL the second waits for the workshop's lock and finds the first's row."""
    import threading

    author, _other = people
    args = {"id": new(), "hmw_id": board["hmw"]["id"], "text": "Kahdesti lähetetty"}
    barrier = threading.Barrier(4)
    statuses = []

    def send():
        barrier.wait()
        statuses.append(do(author, board["workshop"], "idea.add", **args)[0])

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 4
    assert [i["text"] for i in state(facilitator, board["workshop"])["idea"]] == [
        "Kahdesti lähetetty"]
