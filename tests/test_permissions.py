"""Participants cannot do facilitators' actions; nobody reaches another workshop."""

import uuid

import pytest
from conftest import PASSWORD, Browserless


@pytest.fixture
def other(app, make_user):
    """Another facilitator with their own workshop."""
    make_user("ville", "Ville", PASSWORD)
    browser = Browserless(app.test_client())
    browser.page("/login")
    browser.form("/login", {"username": "ville", "password": PASSWORD})
    browser.page("/f")
    created = browser.api("POST", "/api/workshops", json={"id": str(uuid.uuid4()),
                                                         "template": "ideation-2h"})
    browser.workshop = created.get_json()
    return browser


def first_session(browser, workshop_id):
    state = browser.api("GET", f"/api/workshops/{workshop_id}/state").get_json()
    return sorted(state["entities"]["session"], key=lambda s: s["position"])[0]


def test_participant_cannot_run_the_workshop(facilitator, workshop, participant):
    wid = workshop["id"]
    session = first_session(facilitator, wid)
    base = f"/api/workshops/{wid}"
    attempts = [
        ("PATCH", base, {"name": "Mine now"}),
        ("POST", f"{base}/join-code", None),
        ("POST", f"{base}/sessions/{session['id']}/start", None),
        ("POST", f"{base}/sessions/{session['id']}/timer", {"action": "start"}),
        ("DELETE", f"{base}/members/{participant.member['id']}", None),
    ]
    for method, url, body in attempts:
        response = participant.api(method, url, json=body)
        assert response.status_code == 403, (method, url, response.get_json())
    assert participant.client.get(f"/f/w/{wid}").status_code in (302, 401)
    after = facilitator.api("GET", f"/api/workshops/{wid}").get_json()
    assert after["name"] == workshop["name"] and after["join_code"] == workshop["join_code"]


def test_participant_does_not_see_projector_token(workshop, participant):
    seen = participant.api("GET", f"/api/workshops/{workshop['id']}").get_json()
    assert "projector_token" not in seen
    state = participant.api("GET", f"/api/workshops/{workshop['id']}/state").get_json()
    assert "projector_token" not in state["entities"]["workshop"][0]


def test_facilitator_cannot_touch_another_workshop(facilitator, workshop, other):
    theirs = other.workshop["id"]
    assert facilitator.api("GET", f"/api/workshops/{theirs}").status_code == 403
    assert facilitator.api("GET", f"/api/workshops/{theirs}/state").status_code == 403
    assert facilitator.api("PATCH", f"/api/workshops/{theirs}",
                           json={"name": "x"}).status_code == 403
    assert facilitator.client.get(f"/f/w/{theirs}").status_code == 403
    assert other.api("GET", f"/api/workshops/{theirs}").get_json()["name"] != "x"


def test_ids_from_another_workshop_are_unknown(facilitator, workshop, other):
    theirs = first_session(other, other.workshop["id"])
    response = facilitator.api(
        "POST", f"/api/workshops/{workshop['id']}/sessions/{theirs['id']}/start")
    assert response.status_code == 404
    assert "session_id" in response.get_json()["error"]["fields"]
    assert first_session(other, other.workshop["id"])["status"] == "planned"


def test_participant_of_one_workshop_is_not_in_another(app, participant, other):
    response = participant.api("GET", f"/api/workshops/{other.workshop['id']}/state")
    assert response.status_code == 403
    assert participant.client.get(f"/w/{other.workshop['id']}").status_code == 302


def test_anonymous_cannot_read_a_workshop(app, workshop):
    stranger = Browserless(app.test_client())
    assert stranger.api("GET", f"/api/workshops/{workshop['id']}/state").status_code == 403
    assert stranger.api("GET", "/api/workshops").status_code == 401
