"""Bad requests get a clear 4xx, never a 500 or no answer: numbers out of range, bodies that
are not JSON or nest too deeply, and long-polling Socket.IO posts over the size limit."""

from __future__ import annotations

import json
import threading
import uuid

import pytest
import requests
from conftest import Browserless
from sqlalchemy import func, select

from server.api import MAX_JSON_DEPTH


def counts(app) -> tuple[int, int, int]:
    """Workshops, members and events in the database: a refused request changes none."""
    from server.events.models import Event
    from server.extensions import db
    from server.members.models import Member
    from server.workshops.models import Workshop

    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(model))
                     for model in (Workshop, Member, Event))


# -- since --------------------------------------------------------------------------------


@pytest.mark.parametrize("since", [
    str(2**64), "9" * 40, str(2**63),  # beyond what the database can hold
    "-1", "abc", "", "1.5", "1e3",
])
def test_events_since_out_of_range_is_refused_naming_since(workshop, participant, since):
    response = participant.client.get(f"/api/workshops/{workshop['id']}/events",
                                      query_string={"since": since})
    assert response.status_code == 422, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    assert list(error["fields"]) == ["since"]


def test_largest_event_number_is_still_a_number(workshop, participant):
    response = participant.client.get(f"/api/workshops/{workshop['id']}/events",
                                      query_string={"since": str(2**63 - 1)})
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"events": [], "snapshot": None}


def test_range_messages_are_translated(workshop, participant):
    path = f"/api/workshops/{workshop['id']}/events"
    english = participant.client.get(path, query_string={"since": "-1"},
                                     headers={"Accept-Language": "en"}).get_json()
    assert english["error"]["fields"]["since"] == ["Give a number of at least 0."]
    finnish = participant.client.get(path, query_string={"since": "-1"},
                                     headers={"Accept-Language": "fi"}).get_json()
    assert finnish["error"]["fields"]["since"] != ["Give a number of at least 0."]


# -- JSON bodies --------------------------------------------------------------------------


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def json_routes(workshop) -> list[tuple[str, str]]:
    """One JSON route of each kind: smorest arguments, the commands, a plain get_json."""
    wid = workshop["id"]
    return [
        ("POST", "/api/workshops"),
        ("PATCH", f"/api/workshops/{wid}"),
        ("POST", "/api/join"),
        ("POST", f"/api/workshops/{wid}/commands/idea.add"),
        ("POST", f"/api/workshops/{wid}/commands/task.submit"),
        ("POST", "/api/workshops/import"),
    ]


@pytest.mark.parametrize("depth", [100_000, 1_000, MAX_JSON_DEPTH + 1])
def test_deeply_nested_body_is_refused_and_nothing_is_written(app, facilitator, workshop,
                                                              depth):
    before = counts(app)
    for method, path in json_routes(workshop):
        response = facilitator.api(method, path, data=nested(depth),
                                   content_type="application/json")
        assert response.status_code == 400, (path, response.get_data(as_text=True)[:300])
        error = response.get_json()["error"]
        assert error["code"] == "bad_request"
        assert str(MAX_JSON_DEPTH) in error["message"], error
    assert counts(app) == before


def test_deeply_nested_value_inside_an_object_is_refused(app, facilitator, workshop):
    before = counts(app)
    answers = {"q": json.loads(nested(MAX_JSON_DEPTH))}
    response = facilitator.api("POST", f"/api/workshops/{workshop['id']}/commands/task.submit",
                               json={"id": str(uuid.uuid4()), "answers": answers})
    assert response.status_code == 400, response.get_json()
    assert counts(app) == before


def test_nesting_up_to_the_limit_reaches_the_route(facilitator, workshop):
    # The route's own validation answers (422), not the body check (400).
    body = {"name": json.loads(nested(MAX_JSON_DEPTH - 1))}
    response = facilitator.api("PATCH", f"/api/workshops/{workshop['id']}", json=body)
    assert response.status_code == 422, response.get_json()
    assert "name" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("body", [b"{", b'{"name": }', b"\xff{}", b"[1, 2",
                                  b'{"name": NaN}', b'{"name": -Infinity}'])
def test_body_that_is_not_json_gets_a_clear_400(app, facilitator, workshop, body):
    before = counts(app)
    response = facilitator.api("PATCH", f"/api/workshops/{workshop['id']}", data=body,
                               content_type="application/json",
                               headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert response.get_json()["error"] == {
        "code": "bad_request", "status": 400, "message": "The request body is not valid JSON."}
    assert counts(app) == before


def test_empty_json_body_is_left_to_the_route(facilitator, workshop):
    # A POST without arguments often carries the JSON content type and no body.
    response = facilitator.api("POST", f"/api/workshops/{workshop['id']}/join-code",
                               data=b"", content_type="application/json")
    assert response.status_code == 200, response.get_json()


# -- long-polling Socket.IO ---------------------------------------------------------------


def polling(server, sid: str | None = None) -> str:
    url = f"{server.url}/socket.io/?EIO=4&transport=polling"
    return url + (f"&sid={sid}" if sid else "")


def handshake(server) -> str:
    response = requests.get(polling(server), timeout=5)
    assert response.status_code == 200, response.text
    assert response.text.startswith("0"), response.text  # engine.io's OPEN packet
    return json.loads(response.text[1:])["sid"]


@pytest.mark.live
def test_oversized_polling_post_is_answered_and_the_server_stays_healthy(live_server):
    from server import SOCKET_MAX_MESSAGE

    sid = handshake(live_server)
    # A long-poll GET waits in flight, as a browser's does: it must learn the session ended.
    waiting: dict = {}

    def long_poll():
        try:
            waiting["response"] = requests.get(polling(live_server, sid), timeout=15)
        except requests.RequestException as error:  # pragma: no cover - reported below
            waiting["error"] = error

    poller = threading.Thread(target=long_poll)
    poller.start()
    body = b"4" + b"x" * SOCKET_MAX_MESSAGE  # one MESSAGE packet, one byte over
    response = requests.post(polling(live_server, sid), data=body, timeout=10,
                             headers={"Content-Type": "text/plain;charset=UTF-8"})
    assert response.status_code == 413, response.text
    assert response.json()["error"]["code"] == "too_large"
    poller.join(timeout=15)
    assert not poller.is_alive() and "error" not in waiting, waiting
    # Either the GET was in flight and got the close packet, or it came after and the
    # session is already gone: both are prompt answers.
    got = waiting["response"]
    if got.status_code == 200:
        assert got.text == "1", got.text  # engine.io's CLOSE packet
    else:
        assert got.status_code == 400, got.text
    # The session is over; the server goes on answering, a new session works.
    assert requests.get(polling(live_server, sid), timeout=5).status_code == 400
    fresh = handshake(live_server)
    small = requests.post(polling(live_server, fresh), data=b"40", timeout=5)
    assert small.status_code == 200, small.text
    assert requests.get(live_server.url + "/api/templates", timeout=5).status_code == 200


# -- error shape --------------------------------------------------------------------------


@pytest.mark.parametrize("method, path", [
    ("GET", "/api/workshops"), ("GET", "/api/persona-library"), ("POST", "/api/workshops")])
def test_facilitator_routes_answer_a_stranger_with_the_error_shape(client, method, path):
    browser = Browserless(client)
    response = browser.api(method, path, json={"id": str(uuid.uuid4()), "name": "Paja"},
                           headers={"Accept-Language": "en"})
    assert response.status_code == 401
    assert response.get_json() == {"error": {
        "code": "unauthenticated", "status": 401, "message": "Log in as a facilitator first."}}
