"""The first sync gzip'd for a client that can inflate it, JSON for one that cannot: the same
sync either way, and a phone's board works both ways in Chromium."""

from __future__ import annotations

import gzip
import json
import re
import uuid

import pytest
from conftest import PASSWORD, PHONE
from live_client import WebClient

from server.extensions import socketio


def first_sync(app, browser, workshop, **auth):
    client = socketio.test_client(app, flask_test_client=browser.client,
                                  auth={"workshop": workshop["id"], **auth})
    assert client.is_connected()
    [sync] = [m["args"][0] for m in client.get_received() if m["name"] == "sync"]
    client.disconnect()
    return sync


def without_clock(sync: dict) -> dict:
    return {key: value for key, value in sync.items() if key != "now"}


def test_a_client_that_can_inflate_gets_the_same_sync_gzipped(app, workshop, participant):
    plain = first_sync(app, participant, workshop)
    packed = first_sync(app, participant, workshop, gzip=True)
    assert isinstance(plain, dict)
    assert isinstance(packed, bytes)
    assert len(packed) < len(json.dumps(plain)) / 2
    assert without_clock(json.loads(gzip.decompress(packed))) == without_clock(plain)


def test_a_client_that_cannot_inflate_gets_json(app, workshop, participant):
    assert isinstance(first_sync(app, participant, workshop, gzip=False), dict)


def test_a_small_catch_up_stays_json(app, workshop, participant):
    seq = first_sync(app, participant, workshop)["snapshot"]["seq"]
    caught_up = first_sync(app, participant, workshop, since=seq, gzip=True)
    assert caught_up["events"] == []


def test_gzip_must_be_a_boolean(app, workshop, participant):
    client = socketio.test_client(app, flask_test_client=participant.client,
                                  auth={"workshop": workshop["id"], "gzip": "maybe"})
    assert not client.is_connected()


@pytest.mark.browser
@pytest.mark.live
@pytest.mark.parametrize("inflates", [True, False], ids=["gzip", "json"])
def test_the_phone_draws_its_board_from_either_sync(browser, server, inflates):
    laptop = WebClient(server.url).login("anna", PASSWORD)
    created = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching"}).json()
    context = browser.new_context(**PHONE, locale="fi-FI")
    if not inflates:  # an older phone's browser, without the Compression Streams API
        context.add_init_script("delete window.DecompressionStream")
    try:
        page = context.new_page()
        binary = []
        page.on("websocket", lambda ws: ws.on(
            "framereceived", lambda frame: binary.append(isinstance(frame, bytes))))
        page.goto(f"{server.url}/j/{created['join_code']}")
        page.fill("#display_name", "Kaisa")
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r".*/w/.*"))
        page.wait_for_selector('#connection[data-state="connected"]')
        # The member's own name comes from the sync's snapshot.
        page.wait_for_function(
            "document.querySelector('#my-name')?.textContent === 'Kaisa'")
        assert any(binary) == inflates
    finally:
        context.close()
