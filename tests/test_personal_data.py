"""The personal-data check: the server's rules against the examples the phone's rules are
held to as well (tests/personal_data_examples.json), and the mark facilitators see on what
was sent anyway - computed from the text, never shown to other participants."""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from datetime import date
from pathlib import Path

import pytest
from conftest import join_as
from test_events import connect, received
from test_framing import ok, state

from server.events.coalesce import wait_until_sent
from server.personal_data import find, mark, unmarked

EXAMPLES = json.loads((Path(__file__).parent / "personal_data_examples.json")
                      .read_text(encoding="utf-8"))["examples"]


@pytest.mark.parametrize(("text", "kinds"), EXAMPLES, ids=[text[:40] for text, _ in EXAMPLES])
def test_the_server_finds_what_the_examples_say(text, kinds):
    assert find(text) == kinds


def test_a_mark_lists_each_kind_once_and_only_when_there_is_one():
    view = mark({"id": "x"}, "040 123 4567", {"a": "pekka@example.fi", "b": 3}, ["050-1234567"])
    assert view["personal_data"] == ["phone", "email"]
    assert "personal_data" not in mark({"id": "y"}, "Kirjasto on auki.", None)
    assert unmarked(view) == {"id": "x"}


def new():
    return str(uuid.uuid4())


@pytest.fixture
def room(app, facilitator):
    """A coaching workshop whose shared task is open, with a group, its canvas and a
    how-might-we question; Aino in the group, Ville beside her."""
    workshop = facilitator.api("POST", "/api/workshops", json={
        "id": new(), "template": "online-coaching-6-weeks"}).get_json()
    sessions = state(facilitator, workshop)["session"]
    task = next(s for s in sessions if s["task"] and s["task"].get("visibility") == "shared"
                and not s["task"].get("survey"))
    ok(facilitator, workshop, "session.update", session_id=task["id"],
       opens_on=date.today().isoformat())
    group = ok(facilitator, workshop, "group.save", id=new(), name="Ryhmä A")
    challenge = next(c for c in state(facilitator, workshop)["challenge"]
                     if c["group_id"] == group["id"])
    hmw = ok(facilitator, workshop, "hmw.save", id=new(), challenge_id=challenge["id"],
             text="Miten voisimme tukea digiasioinnissa?")
    aino, ville = join_as(app, workshop, "Aino"), join_as(app, workshop, "Ville")
    for person in (aino, ville):
        ok(facilitator, workshop, "group.assign", member_id=person.member["id"],
           group_id=group["id"])
    return {"workshop": workshop, "task": task, "challenge": challenge, "hmw": hmw,
            "aino": aino, "ville": ville}


def write_everything(room, texts):
    """Aino writes one of each kind others read; the ids of what she wrote, by kind."""
    workshop, aino = room["workshop"], room["aino"]
    idea = ok(aino, workshop, "idea.add", id=new(), hmw_id=room["hmw"]["id"],
              text=texts["idea"])
    note = ok(aino, workshop, "challenge.note", id=new(), challenge_id=room["challenge"]["id"],
              question="causes", body=texts["challenge_note"])
    answer = ok(aino, workshop, "task.submit", id=new(), session_id=room["task"]["id"],
                body=texts["submission"])
    comment = ok(aino, workshop, "comment.add", id=new(), target_kind="submission",
                 target_id=answer["id"], body=texts["comment"])
    ok(aino, workshop, "introduction.save", about=texts["introduction"], hopes="")
    return {"idea": idea["id"], "challenge_note": note["id"], "submission": answer["id"],
            "comment": comment["id"], "introduction": aino.member["id"]}


MARKED = {"idea": ("Soita minulle 040 123 4567", ["phone"]),
          "challenge_note": ("Asun osoitteessa Mannerheimintie 12 A 3", ["address"]),
          "submission": ("Tunnukseni 131052-308T", ["personal_id"]),
          "comment": ("Laita viestiä aino.k@example.fi", ["email"]),
          "introduction": ("Olen Aino, +358 50 765 4321", ["phone"])}


def test_what_looks_like_personal_data_is_marked_for_the_facilitators_only(
        app, facilitator, room):
    wait_until_sent()
    watching = {"facilitator": connect(app, facilitator, room["workshop"]),
                "ville": connect(app, room["ville"], room["workshop"]),
                "projector": connect(app, None, room["workshop"],
                                     projector=room["workshop"]["projector_token"])}
    for client in watching.values():
        client.get_received()
    ids = write_everything(room, {kind: text for kind, (text, _) in MARKED.items()})
    wait_until_sent()

    def marks(entities):
        return {kind: next(item for item in entities[kind] if item["id"] == ids[kind])
                .get("personal_data") for kind in MARKED}

    wanted = {kind: found for kind, (_, found) in MARKED.items()}
    assert marks(state(facilitator, room["workshop"])) == wanted
    # The facilitators' live events carry the same marks as their snapshot.
    events = [e for e in received(watching["facilitator"], "ev") if e.get("data")]
    seen = {e["entity"]: e["data"].get("personal_data") for e in events
            if e["entity"] in MARKED and e["data"]["id"] == ids[e["entity"]]}
    assert seen == wanted
    # Others read the texts but never the marks: not in a snapshot, not in an event.
    assert marks(state(room["ville"], room["workshop"])) == dict.fromkeys(MARKED)
    for name in ("ville", "projector"):
        delivered = json.dumps(received(watching[name], "ev"))
        assert "personal_data" not in delivered, name
    assert "Soita minulle" in json.dumps(state(room["ville"], room["workshop"])["idea"])


def test_nothing_is_marked_in_ordinary_writing_and_an_edit_takes_the_mark_away(
        facilitator, room):
    ids = write_everything(room, {"idea": "Digituki kirjastoon tiistaisin",
                                  "challenge_note": "Vuonna 2026 jonot kasvoivat",
                                  "submission": "Kurssi maksaa 12,50 €",
                                  "comment": "@Aino hyvä huomio",
                                  "introduction": "Työskentelen Kelassa"})
    entities = state(facilitator, room["workshop"])
    assert not any("personal_data" in item for kind in ids for item in entities[kind])
    workshop, aino = room["workshop"], room["aino"]
    ok(aino, workshop, "idea.edit", idea_id=ids["idea"], text="Numeroni on 050-1234567")
    [idea] = state(facilitator, workshop)["idea"]
    assert idea["personal_data"] == ["phone"]
    ok(aino, workshop, "idea.edit", idea_id=ids["idea"], text="Numeroni kerron itse")
    [idea] = state(facilitator, workshop)["idea"]
    assert "personal_data" not in idea


def test_the_facilitators_tables_name_what_to_look_at(facilitator, room):
    write_everything(room, {kind: text for kind, (text, _) in MARKED.items()})
    response = facilitator.client.get(
        f"/api/workshops/{room['workshop']['id']}/exports/tables.zip")
    files = zipfile.ZipFile(io.BytesIO(response.data))

    def rows(name):
        return list(csv.reader(io.StringIO(files.read(name).decode("utf-8-sig")),
                               delimiter=";"))

    ideas = rows("ideas.csv")
    assert ideas[0][-1] == "henkilötietoja? / personal data?"
    assert {row[1]: row[-1] for row in ideas[1:]}["Soita minulle 040 123 4567"] == \
        "puhelinnumero"
    answers = rows("tasks_and_submissions.csv")
    assert {row[3]: row[-1] for row in answers[1:]}["Tunnukseni 131052-308T"] == \
        "henkilötunnus"
