"""A person's own data, and erasing them: by themselves from the phone, or by a facilitator.

The proof: a participant who has contributed something of every kind is erased; afterwards
nothing of them - their name, their organisation, and (when they chose to remove their
contributions) a marker written into each of their texts - is in any column of any table,
in any export, or in what any viewer gets on connecting, from a snapshot or by catching up
from the very first event. When they chose to stay anonymously, what they gave to shared
work is still there, as "a participant".
"""

from __future__ import annotations

import io
import json
import uuid
import zipfile

import pytest
from conftest import join_as
from test_contract import differences, replay

from server.extensions import socketio

NAME, ORGANISATION = "Zeppelina Erasmaa", "Orgtestik Oy"
EMAIL = "zeppelina.erasmaa@example.org"
# Texts that go whatever the person chose: about them, or only between them and the
# facilitators.
PERSONAL = ("MARK-about", "MARK-hopes", "MARK-private", "MARK-feedback")
# What they wrote for the group: it goes only when they choose to remove it.
SHARED = ("MARK-idea", "MARK-note", "MARK-comment", "MARK-did", "MARK-learned",
          "MARK-status", "MARK-shared", "MARK-question")


def new() -> str:
    return str(uuid.uuid4())


class Workshop:
    def __init__(self, app, facilitator, workshop):
        self.app, self.facilitator, self.workshop = app, facilitator, workshop
        self.wid = workshop["id"]
        self.people = {"facilitator": facilitator}

    def run(self, who, name, /, expect=200, **args):
        response = self.people[who].api(
            "POST", f"/api/workshops/{self.wid}/commands/{name}", json=args)
        assert response.status_code == expect, (name, args, response.get_json())
        return response.get_json().get("data")

    def connect(self, who, since=None):
        auth = {"workshop": self.wid, "since": since}
        browser = None
        if who == "projector":
            auth["projector"] = self.workshop["projector_token"]
        else:
            browser = self.people[who].client
        return socketio.test_client(self.app, flask_test_client=browser, auth=auth)


def settled():
    """Coalesced updates (the turnout, vote tallies) go out from a background task: let
    them go before reading what viewers have."""
    from server.events.coalesce import wait_until_sent
    from server.voting.tally import wait_until_sent as tallies_sent

    wait_until_sent()
    tallies_sent()


def received(client, name):
    return [m["args"][0] for m in client.get_received() if m["name"] == name]


def task(w: Workshop, visibility: str) -> str:
    session = w.run("facilitator", "session.create", id=new(), kind="async",
                    title={"fi": "Viikkotehtävä", "en": "Weekly task"})
    w.run("facilitator", "session.update", session_id=session["id"], task={
        "title": {"fi": "Kokeile", "en": "Try"},
        "instructions": {"fi": "Kokeile ja kerro.", "en": "Try and tell."},
        "visibility": visibility, "response": "feedback"})
    return session["id"]


@pytest.fixture
def seeded(app, facilitator):
    """A workshop where the participant Zeppelina has done something of every kind, next to
    Ville, who stays."""
    workshop = facilitator.api("POST", "/api/workshops", json={
        "id": new(), "name": "Tietosuoja"}).get_json()
    w = Workshop(app, facilitator, workshop)
    w.people["zeppelina"] = join_as(app, workshop, NAME, ORGANISATION)
    w.people["ville"] = join_as(app, workshop, "Ville", "TE-palvelut")
    me = w.people["zeppelina"].member["id"]
    w.me = me
    group = w.run("facilitator", "group.save", id=new(), name="Ryhmä A")["id"]
    w.run("facilitator", "group.assign", member_id=me, group_id=group)
    state = facilitator.api("GET", f"/api/workshops/{w.wid}/state").get_json()["entities"]
    challenge = state["challenge"][0]["id"]
    persona = w.run("facilitator", "persona.import", keys=["raili-ei-laitetta"])[0]["id"]
    hmw = w.run("facilitator", "hmw.save", id=new(), challenge_id=challenge,
                text="Miten voisimme tukea?")["id"]
    w.run("zeppelina", "introduction.save", about=f"Olen {NAME}, MARK-about",
          hopes="MARK-hopes")
    w.idea = w.run("zeppelina", "idea.add", id=new(), hmw_id=hmw,
                   text="MARK-idea")
    villes = w.run("ville", "idea.add", id=new(), hmw_id=hmw, text="Villen idea")
    w.run("zeppelina", "idea.plus", idea_id=villes["id"], on=True)
    w.run("zeppelina", "hmw.save", id=new(), challenge_id=challenge,
          text="Miten voisimme MARK-question?")
    w.run("zeppelina", "challenge.note", id=new(), challenge_id=challenge, question="gap",
          body="MARK-note")
    w.run("zeppelina", "challenge.rate", challenge_id=challenge, value=4)
    w.run("zeppelina", "persona.meet", persona_id=persona, meets=True)
    concept = w.run("facilitator", "concept.save", id=new(), hmw_id=hmw, name="Digiopastus")
    w.run("zeppelina", "comment.add", id=new(), target_kind="concept",
          target_id=concept["id"], body="MARK-comment")
    pilot = w.run("facilitator", "pilot.create", concept_id=concept["id"])
    w.run("zeppelina", "pilot.join", pilot_id=pilot["id"])
    w.run("facilitator", "pilot.save", pilot_id=pilot["id"], contact_member_id=me)
    w.run("zeppelina", "pilot.update", id=new(), pilot_id=pilot["id"], did="MARK-did",
          learned="MARK-learned")
    w.run("zeppelina", "pilot.status", pilot_id=pilot["id"], status="running",
          note="MARK-status")
    private = w.run("zeppelina", "task.submit", id=new(), session_id=task(w, "private"),
                    body="MARK-private")
    w.run("zeppelina", "task.submit", id=new(), session_id=task(w, "shared"),
          body="MARK-shared")
    w.run("facilitator", "task.review", submission_id=private["id"],
          feedback="MARK-feedback", completed=True)
    app.config["SMTP_HOST"] = "127.0.0.1"  # e-mail offered; nothing is sent here
    w.run("zeppelina", "notify.preferences", channels=["app", "email"], email=EMAIL)
    round_ = w.run("facilitator", "vote.save_round", id=new(), title="Äänestys",
                   target="ideas", hmw_id=hmw, dots=3)
    w.run("facilitator", "vote.open", round_id=round_["id"])
    w.run("zeppelina", "vote.set", round_id=round_["id"], item_id=villes["id"], count=2)
    session = w.run("facilitator", "session.create", id=new(), title={"fi": "Työpaja"},
                    kind="live", phases=[{"title": {"fi": "Alku"}, "minutes": 5}])
    session = w.run("facilitator", "session.start", session_id=session["id"])
    w.run("zeppelina", "member.done", phase_id=session["current_phase_id"], done=True)
    w.round = round_["id"]
    return w


def everything_stored(app) -> str:
    """Every text and JSON value in every column of every table, as one string."""
    from sqlalchemy import JSON, String, Text, select

    from server.extensions import db

    parts = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, (String, Text, JSON))]
            if not columns:
                continue
            for row in db.session.execute(select(*columns)):
                parts.extend(json.dumps(value, ensure_ascii=False) if not isinstance(
                    value, str) else value for value in row if value is not None)
    return "\n".join(parts)


def exports(w: Workshop) -> str:
    texts = []
    for kind in ("archive.json", "report.md", "tables.zip"):
        response = w.facilitator.client.get(f"/api/workshops/{w.wid}/exports/{kind}")
        assert response.status_code == 200, kind
        if kind == "tables.zip":
            with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
                texts += [archive.read(name).decode("utf-8-sig") for name in archive.namelist()]
        else:
            texts.append(response.data.decode())
    return "\n".join(texts)


def what_viewers_get(w: Workshop) -> str:
    """What each viewer gets on connecting afresh and catching up from the first event,
    checking that the catch-up ends where the snapshot is."""
    texts = []
    for who in ("facilitator", "ville", "projector"):
        fresh_client = w.connect(who)
        [sync] = received(fresh_client, "sync")
        fresh_client.disconnect()
        client = w.connect(who, since=0)
        [caught_up] = received(client, "sync")
        events = caught_up.get("events", []) + received(client, "ev")
        client.disconnect()
        assert "snapshot" not in caught_up or not caught_up["snapshot"]["entities"] or \
            caught_up.get("events") is not None, "a catch-up from 0, not a snapshot"
        empty = {"seq": 0, "entities": {}}
        replayed = replay(caught_up.get("snapshot") or empty, events)
        want = {kind: {row["id"]: row for row in rows}
                for kind, rows in sync["snapshot"]["entities"].items() if rows}
        assert replayed["seq"] == sync["snapshot"]["seq"], who
        assert not differences(replayed, {"entities": want}), who
        texts.append(json.dumps([sync, caught_up, events], ensure_ascii=False))
    return "\n".join(texts)


def present(text: str, *needles: str) -> list[str]:
    return [needle for needle in needles if needle in text]


@pytest.mark.parametrize("by", ["self", "facilitator"])
def test_removing_everything_leaves_nothing_of_the_person(seeded, by):
    w = seeded
    who = "zeppelina" if by == "self" else "facilitator"
    needles = (NAME, ORGANISATION, EMAIL, *PERSONAL, *SHARED)
    assert present(everything_stored(w.app), *needles) == list(needles)
    erased = w.run(who, "member.erase", member_id=w.me, contributions="remove")
    settled()
    assert erased["erased"] and erased["display_name"] == "" and erased["removed"]

    assert present(everything_stored(w.app), *needles) == []
    assert present(exports(w), *needles) == []
    assert present(what_viewers_get(w), *needles) == []
    # Their votes stay in the count, with no name.
    state = w.facilitator.api("GET", f"/api/workshops/{w.wid}/state").get_json()["entities"]
    assert not [idea for idea in state["idea"] if idea["member_id"] == w.me]
    assert not [row for row in state.get("plus", []) if row["member_id"] == w.me]


@pytest.mark.parametrize("by", ["self", "facilitator"])
def test_anonymising_keeps_shared_work_without_the_name(seeded, by):
    w = seeded
    who = "zeppelina" if by == "self" else "facilitator"
    w.run(who, "member.erase", member_id=w.me, contributions="anonymise")
    settled()

    stored = everything_stored(w.app)
    assert present(stored, NAME, ORGANISATION, EMAIL, *PERSONAL) == []
    # What they wrote for the group stays.
    for marker in ("MARK-idea", "MARK-note", "MARK-comment", "MARK-did", "MARK-status",
                   "MARK-shared", "MARK-question"):
        assert marker in stored, marker
    files = exports(w)
    assert present(files, ORGANISATION, EMAIL, *PERSONAL) == []
    assert "MARK-comment" in files and "MARK-note" in files
    # The author in the tables (in Finnish once the catalogue has the words).
    assert ";osallistuja;" in files or ";a participant;" in files
    viewers = what_viewers_get(w)
    assert present(viewers, ORGANISATION, EMAIL, *PERSONAL) == []
    state = w.facilitator.api("GET", f"/api/workshops/{w.wid}/state").get_json()["entities"]
    [member] = [m for m in state["member"] if m["id"] == w.me]
    assert member["erased"] and member["display_name"] == "" and member["organisation"] is None
    [idea] = [i for i in state["idea"] if i["id"] == w.idea["id"]]
    assert idea["member_id"] == w.me
    assert not [i for i in state["introduction"] if i["id"] == w.me]
    assert not [p for p in state.get("pilot_member", []) if p["member_id"] == w.me]


def test_the_erased_phone_is_out_and_the_audit_log_says_who(seeded):
    w = seeded
    phone = w.people["zeppelina"]
    w.run("zeppelina", "member.erase", member_id=w.me, contributions="anonymise")
    assert phone.api("GET", f"/api/workshops/{w.wid}/state").status_code == 403
    assert phone.api("GET", f"/api/workshops/{w.wid}/my-data").status_code == 403
    client = w.connect("zeppelina")
    assert not client.is_connected()
    with w.app.app_context():
        from sqlalchemy import select

        from server.audit.models import AuditEntry
        from server.extensions import db

        [entry] = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "member.erased")).all()
        assert entry.target_id == w.me and entry.workshop_id == w.wid
        assert entry.details == {"contributions": "anonymised", "by": "self"}


def test_erasing_is_refused_to_others_and_for_bad_input(seeded, app, facilitator):
    w = seeded
    ville = w.people["ville"]
    response = ville.api("POST", f"/api/workshops/{w.wid}/commands/member.erase",
                         json={"member_id": w.me, "contributions": "remove"})
    assert response.status_code == 403
    response = w.people["zeppelina"].api(
        "POST", f"/api/workshops/{w.wid}/commands/member.erase",
        json={"member_id": w.me, "contributions": "everything"})
    assert response.status_code == 422
    assert "contributions" in response.get_json()["error"]["fields"]
    # A facilitator of another workshop cannot reach this one's members.
    other = facilitator.api("POST", "/api/workshops", json={"id": new(), "name": "Muu"})
    response = facilitator.api(
        "POST", f"/api/workshops/{other.get_json()['id']}/commands/member.erase",
        json={"member_id": w.me, "contributions": "remove"})
    assert response.status_code == 422
    assert "member_id" in response.get_json()["error"]["fields"]
    # Nothing changed.
    assert NAME in everything_stored(app)
    # The REST route does the same, with the member in its address.
    response = ville.api("POST", f"/api/workshops/{w.wid}/members/{w.me}/erase",
                         json={"contributions": "anonymise"})
    assert response.status_code == 403


def test_my_data_is_complete_and_readable(seeded):
    w = seeded
    phone = w.people["zeppelina"]
    data = phone.api("GET", f"/api/workshops/{w.wid}/my-data").get_json()
    kinds = set(data["entities"])
    assert {"member", "introduction", "idea", "hmw", "challenge_note", "comment",
            "submission", "review", "pilot_update", "pilot_status", "pilot_member", "pilot",
            "plus", "rating", "persona_meet", "done", "notify_pref", "votes"} <= kinds
    text = json.dumps(data, ensure_ascii=False)
    for needle in (NAME, ORGANISATION, EMAIL, *PERSONAL, *SHARED):
        assert needle in text, needle
    # Nobody else's private things: Ville's own idea is there only as what was +1'd.
    assert "TE-palvelut" not in text
    titles = [section["title"] for section in data["sections"]]
    assert "Omat ideasi" in titles or "Your ideas" in titles
    page = phone.client.get(f"/api/workshops/{w.wid}/my-data.html")
    assert page.status_code == 200 and "attachment" in page.headers["Content-Disposition"]
    html = page.data.decode()
    for needle in (NAME, "MARK-feedback", "MARK-did"):
        assert needle in html
    # In the member's language.
    english = phone.client.get(f"/api/workshops/{w.wid}/my-data.html",
                               headers={"Accept-Language": "en"})
    assert "Your ideas" in english.data.decode()
    swedish = phone.client.get(f"/api/workshops/{w.wid}/my-data?download=1",
                               headers={"Accept-Language": "sv"})
    assert "attachment" in swedish.headers["Content-Disposition"]
    # The projector is no member: it has no data of its own.
    response = w.facilitator.client.get(
        f"/api/workshops/{w.wid}/my-data", headers={"Accept": "application/json"})
    assert response.status_code == 200  # a facilitator's member row has its own data
