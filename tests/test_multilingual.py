"""Facilitators write phase titles, instructions and session titles in several languages:
a payload gives a string (the writer's page language) or a map of languages, each person's
page picks its own. Bad payloads are refused field by field, naming the language."""

import uuid

import pytest


@pytest.fixture
def languages(app):
    """Swedish among the content languages, as the interface has it."""
    app.config["LANGUAGES"] = ("fi", "sv", "en")
    return app.config["LANGUAGES"]


def first_session(client, workshop):
    state = client.api("GET", f"/api/workshops/{workshop['id']}/state").get_json()
    return sorted(state["entities"]["session"], key=lambda s: s["position"])[0]


def save_phase(client, workshop, session, **args):
    return client.api("POST", f"/api/workshops/{workshop['id']}/commands/session.save_phase",
                      json={"session_id": session["id"], **args})


def phase_in(client, workshop, session_id, phase_id):
    state = client.api("GET", f"/api/workshops/{workshop['id']}/state").get_json()
    session = next(s for s in state["entities"]["session"] if s["id"] == session_id)
    return next(p for p in session["phases"] if p["id"] == phase_id)


def test_a_phase_in_three_languages_reaches_every_viewer_whole(facilitator, participant,
                                                                workshop, languages):
    session = first_session(facilitator, workshop)
    phase_id = str(uuid.uuid4())
    response = save_phase(facilitator, workshop, session, id=phase_id,
                          title={"fi": "Tauko", "sv": "Paus", "en": "Break"},
                          instructions={"sv": "Kaffe i korridoren."})
    assert response.status_code == 200, response.get_json()
    # The map goes to everyone; each page picks its language (and marks it).
    for viewer in (facilitator, participant):
        phase = phase_in(viewer, workshop, session["id"], phase_id)
        assert phase["title"] == {"fi": "Tauko", "sv": "Paus", "en": "Break"}
        assert phase["instructions"] == {"sv": "Kaffe i korridoren."}


def test_a_string_is_the_writers_language_and_keeps_the_others(facilitator, workshop,
                                                               languages):
    session = first_session(facilitator, workshop)
    phase = session["phases"][0]
    before = {lang: text for lang, text in phase["title"].items() if text}
    assert before.get("fi")
    response = facilitator.api(
        "POST", f"/api/workshops/{workshop['id']}/commands/session.save_phase",
        json={"session_id": session["id"], "id": phase["id"], "title": "Welcome, everyone"},
        headers={"Accept-Language": "en"})
    assert response.status_code == 200, response.get_json()
    after = phase_in(facilitator, workshop, session["id"], phase["id"])["title"]
    assert after == {**before, "en": "Welcome, everyone"}


def test_an_empty_text_removes_that_language_only(facilitator, workshop, languages):
    session = first_session(facilitator, workshop)
    phase_id = str(uuid.uuid4())
    save_phase(facilitator, workshop, session, id=phase_id,
               title={"fi": "Alku", "sv": "Början"})
    response = save_phase(facilitator, workshop, session, id=phase_id, title={"sv": ""})
    assert response.status_code == 200
    assert phase_in(facilitator, workshop, session["id"], phase_id)["title"] == {"fi": "Alku"}
    # The last language cannot go: a phase has a title.
    refused = save_phase(facilitator, workshop, session, id=phase_id, title={"fi": ""})
    assert refused.status_code == 422
    assert "title" in refused.get_json()["error"]["fields"]
    assert phase_in(facilitator, workshop, session["id"], phase_id)["title"] == {"fi": "Alku"}


@pytest.mark.parametrize("title, where", [
    ({"de": "Anfang"}, ["title", "de"]),
    ({"fi": 5}, ["title", "fi"]),
    ({"fi": "x" * 4001}, ["title", "fi"]),
    ({"sv": "ok", "en": "bad\u202etext"}, ["title", "en"]),
    (["Alku"], ["title"]),
    ({"fi": "", "sv": ""}, ["title"]),
])
def test_bad_texts_are_refused_by_field_and_language(facilitator, workshop, languages,
                                                     title, where):
    session = first_session(facilitator, workshop)
    response = save_phase(facilitator, workshop, session, id=str(uuid.uuid4()), title=title)
    assert response.status_code == 422, response.get_json()
    errors = response.get_json()["error"]["fields"]
    for key in where:
        assert key in errors, errors
        errors = errors[key]
    assert phase_count(facilitator, workshop, session) == len(session["phases"])


def phase_count(client, workshop, session):
    state = client.api("GET", f"/api/workshops/{workshop['id']}/state").get_json()
    return len(next(s for s in state["entities"]["session"] if s["id"] == session["id"])[
        "phases"])


def test_a_session_title_in_another_language(facilitator, workshop, languages):
    session = first_session(facilitator, workshop)
    response = facilitator.api(
        "POST", f"/api/workshops/{workshop['id']}/commands/session.update",
        json={"session_id": session["id"], "title": {"sv": "Workshop 1 på svenska"}})
    assert response.status_code == 200, response.get_json()
    title = first_session(facilitator, workshop)["title"]
    assert title["sv"] == "Workshop 1 på svenska"
    assert title["fi"] == session["title"]["fi"]


def test_created_sessions_take_strings_and_maps(facilitator, workshop, languages):
    response = facilitator.api(
        "POST", f"/api/workshops/{workshop['id']}/commands/session.create",
        json={"id": str(uuid.uuid4()), "title": "Työpaja 4",
              "phases": [{"title": {"fi": "Alku", "en": "Start"}, "instructions": "Istu."}]},
        headers={"Accept-Language": "fi"})
    assert response.status_code == 200, response.get_json()
    created = response.get_json()["data"] if "data" in response.get_json() else response.get_json()
    assert created["title"] == {"fi": "Työpaja 4"}
    assert created["phases"][0]["title"] == {"fi": "Alku", "en": "Start"}
    assert created["phases"][0]["instructions"] == {"fi": "Istu."}


def test_pick_language_falls_back_to_the_workshops_language():
    from server.schemas import pick_language

    value = {"en": "Break", "sv": "Paus"}
    assert pick_language(value, "fi", "sv") == ("Paus", "sv")
    assert pick_language(value, "en", "sv") == ("Break", "en")
    assert pick_language({"fi": "Tauko"}, "fi_x_selko") == ("Tauko", "fi")
    assert pick_language("plain", "fi") == ("plain", None)
