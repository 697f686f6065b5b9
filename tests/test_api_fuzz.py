"""A bounded schemathesis run over /api/openapi.json: no request gets a 500.

It runs in-process against the Flask app, as a facilitator and as a participant of one
workshop that has a bit of everything (a group and its challenge, a question, an idea, a
cluster, a concept, a pilot with a measure and an update, a vote round, a comment). Path
parameters always point at those real objects, and ids in bodies often do, so that requests
go past the 404s into the services. Generation is deterministic and small (a few examples per
operation), so CI sends the same requests on every run.
"""

from __future__ import annotations

import os
import tempfile
import uuid
import zlib
from unittest import mock

import pytest
import schemathesis
from conftest import PASSWORD, Browserless, database_url, join_as

# Small and deterministic: the same few requests per operation on every run, none kept
# between runs. Strings may hold NUL and other control characters (schemathesis' default);
# they are UTF-8, so never lone surrogates (tests/test_text_input.py sends those).
CONFIG = {
    "generation": {
        # PAJA_FUZZ_EXAMPLES=200 digs deeper, for a run by hand.
        "max-examples": int(os.environ.get("PAJA_FUZZ_EXAMPLES", "5")),
        "deterministic": True,
        "database": "none",
        "no-shrink": True,
    },
    "phases": {"stateful": {"enabled": False}},
    "checks": {
        "enabled": False,
        "not_a_server_error": {"enabled": True},
        "status_code_conformance": {"enabled": True},
        "content_type_conformance": {"enabled": True},
        "response_schema_conformance": {"enabled": True},
    },
    "warnings": False,
}


def _load_schema():
    """The OpenAPI document, read from an app made only for that (it needs no database).

    It is loaded when the module is collected, so that every operation becomes a test of its
    own; the requests go to the module's real app through each person's client.
    """
    from server import create_app

    with tempfile.TemporaryDirectory() as folder, mock.patch.dict(
            os.environ, {"PAJA_INSTANCE_PATH": folder, "PAJA_ASYNC_MODE": "threading"}):
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
        return schemathesis.openapi.from_wsgi("/api/openapi.json", app,
                                              config=schemathesis.Config.from_dict(CONFIG))


schema = _load_schema()

# Ids of the real objects by the name of the field or parameter that refers to them; filled
# in by the ``world`` fixture before the first request is generated.
REAL: dict[str, str] = {}
# Ids of spare objects, for the operations that remove what they are given: the real ones
# must outlive them, or every later operation on them would meet a 404.
SPARE: dict[str, str] = {}
# Fields that hold a list of ids, and the field naming one such id.
REAL_LISTS = {"idea_ids": "idea_id", "persona_ids": "persona_id", "concept_ids": "concept_id",
              "item_ids": "concept_id"}


def with_real_ids(case) -> None:
    """Point the case at the real objects: every path parameter, and most ids in a body.

    Done on each case as it is sent, since every phase (the coverage phase's boundary values
    too) would otherwise spend its requests on 404s and on ids that are not UUIDs. One body
    in four keeps its generated ids, so that unknown ids are still tried; the choice is made
    from the body itself, so the run stays the same every time.
    """
    ids = {**REAL, **SPARE} if removes(case) else REAL
    case.path_parameters = {name: ids.get(name, value)
                            for name, value in (case.path_parameters or {}).items()}
    body = case.body
    if not isinstance(body, dict) or zlib.crc32(repr(body).encode()) % 4 == 0:
        return
    for name, value in body.items():
        if name == "id" and isinstance(value, str) and not is_uuid(value):
            body[name] = str(uuid.uuid5(uuid.NAMESPACE_URL, value))
        elif name in ids and isinstance(value, str):
            body[name] = ids[name]
        elif name in REAL_LISTS and isinstance(value, list):
            body[name] = [ids[REAL_LISTS[name]]]


def removes(case) -> bool:
    command = case.path.rsplit("/", 1)[-1]
    return case.method.upper() == "DELETE" or any(
        word in command for word in ("delete", "merge", "remove"))


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    """One app for the whole run (a fresh one per operation would take most of the time)."""
    from flask_migrate import upgrade

    from server import create_app

    tmp = tmp_path_factory.mktemp("fuzz")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PAJA_INSTANCE_PATH", str(tmp / "instance"))
        for name in ("DATABASE_URL", "PAJA_DATABASE_URL", "REDIS_URL", "PAJA_REDIS_URL"):
            patch.delenv(name, raising=False)
        patch.setenv("PAJA_ASYNC_MODE", "threading")
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url(tmp),
                          "RATELIMIT_ENABLED": True})
        with app.app_context():
            upgrade()
        yield app
    from server.voting.tally import wait_until_sent

    wait_until_sent()
    with app.app_context():
        from server.extensions import db

        db.session.remove()
        db.engine.dispose()


def new_id() -> str:
    return str(uuid.uuid4())


@pytest.fixture(scope="module")
def world(fuzz_app):
    """A logged-in facilitator, a workshop with one of each kind of thing, its participant."""
    from server.accounts.service import create_user

    with fuzz_app.app_context():
        create_user("anna", "Anna Fasilitaattori", PASSWORD)
    facilitator = Browserless(fuzz_app.test_client())
    facilitator.page("/login")
    facilitator.form("/login", {"username": "anna", "password": PASSWORD})
    facilitator.page("/f")
    workshop = facilitator.api("POST", "/api/workshops", json={
        "id": new_id(), "template": "service-design-coaching"}).get_json()
    wid = workshop["id"]
    participant = join_as(fuzz_app, workshop, "Pekka", "Kaupunki")
    other = join_as(fuzz_app, workshop, "Maija", "Yhdistys")

    def run(browser, command, **args):
        response = browser.api("POST", f"/api/workshops/{wid}/commands/{command}", json=args)
        assert response.status_code == 200, (command, response.get_json())
        return response.get_json()["data"]

    def entities():
        return facilitator.api("GET", f"/api/workshops/{wid}/state").get_json()["entities"]

    group = run(facilitator, "group.save", id=new_id(), name="Ryhmä 1")
    run(facilitator, "group.assign", member_id=participant.member["id"], group_id=group["id"])
    challenge = entities()["challenge"][0]
    hmw = run(facilitator, "hmw.save", id=new_id(), challenge_id=challenge["id"],
              text="Miten voisimme auttaa?")
    idea = run(participant, "idea.add", id=new_id(), hmw_id=hmw["id"], text="Opastus kirjastossa")
    cluster = run(facilitator, "cluster.save", id=new_id(), hmw_id=hmw["id"], name="Opastus",
                  idea_ids=[idea["id"]])
    concept = run(facilitator, "concept.save", id=new_id(), hmw_id=hmw["id"], name="Digiopastus",
                  idea_ids=[idea["id"]])
    pilot = run(facilitator, "pilot.create", concept_id=concept["id"])
    measure = run(facilitator, "pilot.measure", id=new_id(), pilot_id=pilot["id"],
                  name="Opastetut", unit="hlö", baseline=0, target=20)
    update = run(facilitator, "pilot.update", id=new_id(), pilot_id=pilot["id"],
                 did="Kokeiltiin", learned="Toimii")
    ballot = run(facilitator, "vote.save_round", id=new_id(), title="Äänestys")
    comment = run(participant, "comment.add", id=new_id(), target_kind="concept",
                  target_id=concept["id"], body="Hyvä idea")
    note = run(facilitator, "challenge.note", id=new_id(), challenge_id=challenge["id"],
               question="causes", body="Kiire")
    # The spares, one of each kind that an operation may remove.
    spare_hmw = run(facilitator, "hmw.save", id=new_id(), challenge_id=challenge["id"],
                    text="Miten voisimme muuten?")
    spare_idea = run(participant, "idea.add", id=new_id(), hmw_id=hmw["id"], text="Toinen")
    spare_cluster = run(facilitator, "cluster.save", id=new_id(), hmw_id=hmw["id"],
                        name="Toinen", idea_ids=[spare_idea["id"]])
    spare_concept = run(facilitator, "concept.save", id=new_id(), hmw_id=hmw["id"],
                        name="Toinen")
    spare_measure = run(facilitator, "pilot.measure", id=new_id(), pilot_id=pilot["id"],
                        name="Toinen")
    spare_update = run(facilitator, "pilot.update", id=new_id(), pilot_id=pilot["id"],
                       did="Toinen")
    spare_ballot = run(facilitator, "vote.save_round", id=new_id(), title="Toinen")
    spare_comment = run(participant, "comment.add", id=new_id(), target_kind="concept",
                        target_id=concept["id"], body="Toinen")
    spare_note = run(facilitator, "challenge.note", id=new_id(), challenge_id=challenge["id"],
                     question="gap", body="Toinen")
    spare_group = run(facilitator, "group.save", id=new_id(), name="Ryhmä 2")
    state = entities()
    session = min(state["session"], key=lambda s: s["position"])
    SPARE.update({
        "hmw_id": spare_hmw["id"], "idea_id": spare_idea["id"],
        "cluster_id": spare_cluster["id"], "concept_id": spare_concept["id"],
        "measure_id": spare_measure["id"], "update_id": spare_update["id"],
        "round_id": spare_ballot["id"], "comment_id": spare_comment["id"],
        "note_id": spare_note["id"], "group_id": spare_group["id"],
        "persona_id": state["persona"][-1]["id"], "phase_id": session["phases"][-1]["id"],
    })
    REAL.update({
        "workshop_id": wid, "session_id": session["id"],
        "phase_id": session["phases"][0]["id"],
        # Removing a member is in the API: the one it may remove is not the one fuzzing.
        "member_id": other.member["id"], "contact_member_id": other.member["id"],
        "persona_id": state["persona"][0]["id"], "group_id": group["id"],
        "challenge_id": challenge["id"], "hmw_id": hmw["id"], "idea_id": idea["id"],
        "builds_on_id": idea["id"], "of_id": idea["id"], "item_id": idea["id"],
        "target_id": concept["id"], "cluster_id": cluster["id"], "into_id": cluster["id"],
        "concept_id": concept["id"], "pilot_id": pilot["id"], "measure_id": measure["id"],
        "update_id": update["id"], "round_id": ballot["id"], "comment_id": comment["id"],
        "note_id": note["id"],
    })
    yield {"facilitator": facilitator, "participant": participant}
    REAL.clear()
    SPARE.clear()


def keep_workshop_open(world):
    """Archiving is in the API too; reopen it, or every later write would be refused."""
    facilitator = world["facilitator"]
    response = facilitator.api("PATCH", f"/api/workshops/{REAL['workshop_id']}",
                               json={"status": "active"})
    assert response.status_code == 200, response.get_json()


# -- server errors the fuzz found, now refused with the field named ---------------------


def workshop_with_a_concept(facilitator, workshop):
    """Something to vote on: a group's challenge, a question, a concept."""
    def run(command, **args):
        response = facilitator.api(
            "POST", f"/api/workshops/{workshop['id']}/commands/{command}", json=args)
        assert response.status_code == 200, (command, response.get_json())
        return response.get_json()["data"]

    run("group.save", id=new_id(), name="Ryhmä")
    state = facilitator.api("GET", f"/api/workshops/{workshop['id']}/state").get_json()
    hmw = run("hmw.save", id=new_id(), challenge_id=state["entities"]["challenge"][0]["id"],
              text="Miten voisimme?")
    run("concept.save", id=new_id(), hmw_id=hmw["id"], name="Konsepti")


def test_vote_round_closing_at_an_impossible_time_is_refused(facilitator, workshop):
    workshop_with_a_concept(facilitator, workshop)
    response = facilitator.api(
        "POST", f"/api/workshops/{workshop['id']}/commands/vote.save_round",
        json={"id": new_id(), "closes_at": -6.408058163673205e16})
    assert response.status_code == 422, response.get_json()
    assert "closes_at" in response.get_json()["error"]["fields"]


def test_vote_round_over_an_unknown_question_is_refused(facilitator, workshop):
    workshop_with_a_concept(facilitator, workshop)
    response = facilitator.api(
        "POST", f"/api/workshops/{workshop['id']}/commands/vote.save_round",
        json={"id": new_id(), "hmw_id": new_id(), "live_results": True})
    assert response.status_code in (404, 422), response.get_json()
    assert "hmw_id" in response.get_json()["error"]["fields"]


def send(case, world, who: str) -> None:
    """Send ``case`` as ``who`` and check the answer. The app and its people are made once
    per module, not per example: the state one request builds up is seen by the next, as on
    a real server."""
    browser = world[who]
    with_real_ids(case)
    # The in-process transport hands schemathesis the body as sent: ask for it uncompressed
    # (compression has its own tests, test_delivery.py).
    case.call_and_validate(session=browser.client,
                           headers={"X-CSRFToken": browser.ensure_token(),
                                    "Accept-Encoding": "identity"})
    if who == "facilitator" and case.method.upper() in {"PATCH", "POST"} and (
            case.path.endswith("/workshop.update") or case.path == "/api/workshops/{workshop_id}"):
        keep_workshop_open(world)


@schema.parametrize()
def test_fuzz_as_facilitator(case, world):
    """No 500, and every answer as documented, for what a facilitator may send."""
    send(case, world, "facilitator")


@schema.parametrize()
def test_fuzz_as_participant(case, world):
    """The same for a participant, who is refused much of it (with a documented 403)."""
    send(case, world, "participant")
