"""Sessions, phases, timer and lock over HTTP; the timer is on the server's clock."""

import time

import pytest


@pytest.fixture
def session(facilitator, workshop):
    """The first live session with at least three phases."""
    state = facilitator.api("GET", f"/api/workshops/{workshop['id']}/state").get_json()
    return next(s for s in sorted(state["entities"]["session"], key=lambda s: s["position"])
                if s["kind"] == "live" and len(s["phases"]) >= 3)


def url(workshop, session, action=""):
    return f"/api/workshops/{workshop['id']}/sessions/{session['id']}/{action}".rstrip("/")


def test_start_session_goes_to_first_phase(facilitator, workshop, session):
    started = facilitator.api("POST", url(workshop, session, "start")).get_json()
    assert started["status"] == "live"
    assert started["current_phase_id"] == session["phases"][0]["id"]
    assert started["timer"] == {"state": "idle", "duration": session["phases"][0]["minutes"] * 60,
                                "ends_at": None, "remaining": None}
    current = facilitator.api("GET", f"/api/workshops/{workshop['id']}").get_json()
    assert current["current_session_id"] == session["id"]


def test_phase_forward_and_back(facilitator, workshop, session):
    facilitator.api("POST", url(workshop, session, "start"))
    phases = [p["id"] for p in session["phases"]]
    forward = facilitator.api("POST", url(workshop, session, "phase"), json={"step": 1}).get_json()
    assert forward["current_phase_id"] == phases[1]
    back = facilitator.api("POST", url(workshop, session, "phase"), json={"step": -1}).get_json()
    assert back["current_phase_id"] == phases[0]
    before_start = facilitator.api("POST", url(workshop, session, "phase"), json={"step": -1})
    assert before_start.status_code == 422
    chosen = facilitator.api("POST", url(workshop, session, "phase"),
                             json={"phase_id": phases[-1]}).get_json()
    assert chosen["current_phase_id"] == phases[-1]


@pytest.mark.parametrize("body, field", [
    ({}, "_schema"),
    ({"step": 2}, "step"),
    ({"step": "1"}, "step"),
    ({"phase_id": "nope"}, "phase_id"),
    ({"step": 1, "phase_id": "x"}, "_schema"),
])
def test_bad_phase_moves_name_the_field(facilitator, workshop, session, body, field):
    facilitator.api("POST", url(workshop, session, "start"))
    response = facilitator.api("POST", url(workshop, session, "phase"), json=body)
    assert response.status_code in (404, 422)
    assert field in response.get_json()["error"]["fields"]
    state = facilitator.api("GET", f"/api/workshops/{workshop['id']}/state").get_json()
    after = next(s for s in state["entities"]["session"] if s["id"] == session["id"])
    assert after["current_phase_id"] == session["phases"][0]["id"]


def test_timer_runs_on_the_server_clock(facilitator, workshop, session):
    facilitator.api("POST", url(workshop, session, "start"))
    duration = session["phases"][0]["minutes"] * 60
    before = time.time()
    running = facilitator.api("POST", url(workshop, session, "timer"),
                              json={"action": "start"}).get_json()["timer"]
    assert running["state"] == "running"
    assert before + duration - 1 <= running["ends_at"] <= time.time() + duration + 1
    added = facilitator.api("POST", url(workshop, session, "timer"),
                            json={"action": "add", "seconds": 60}).get_json()["timer"]
    assert added["ends_at"] == pytest.approx(running["ends_at"] + 60, abs=0.01)
    paused = facilitator.api("POST", url(workshop, session, "timer"),
                             json={"action": "pause"}).get_json()["timer"]
    assert paused["state"] == "paused" and paused["ends_at"] is None
    assert duration + 55 <= paused["remaining"] <= duration + 60
    resumed = facilitator.api("POST", url(workshop, session, "timer"),
                              json={"action": "resume"}).get_json()["timer"]
    assert resumed["ends_at"] == pytest.approx(time.time() + paused["remaining"], abs=2)
    bad = facilitator.api("POST", url(workshop, session, "timer"), json={"action": "explode"})
    assert bad.status_code == 422 and "action" in bad.get_json()["error"]["fields"]


def test_lock_and_end(facilitator, workshop, session):
    facilitator.api("POST", url(workshop, session, "start"))
    locked = facilitator.api("POST", url(workshop, session, "lock"), json={"locked": True})
    assert locked.get_json()["locked"] is True
    not_bool = facilitator.api("POST", url(workshop, session, "lock"), json={"locked": "maybe"})
    assert not_bool.status_code == 422 and "locked" in not_bool.get_json()["error"]["fields"]
    ended = facilitator.api("POST", url(workshop, session, "end")).get_json()
    assert ended["status"] == "ended"


def test_starting_another_session_ends_the_live_one(facilitator, workshop):
    state = facilitator.api("GET", f"/api/workshops/{workshop['id']}/state").get_json()
    first, second = sorted(state["entities"]["session"], key=lambda s: s["position"])[:2]
    facilitator.api("POST", url(workshop, first, "start"))
    facilitator.api("POST", url(workshop, second, "start"))
    state = facilitator.api("GET", f"/api/workshops/{workshop['id']}/state").get_json()
    status = {s["id"]: s["status"] for s in state["entities"]["session"]}
    assert status[first["id"]] == "ended" and status[second["id"]] == "live"
