"""Realtime against a running server, under eventlet and under threading, with real
Socket.IO clients (python-socketio over WebSocket and long-polling)."""

import pytest
import requests
import socketio
from conftest import PASSWORD
from live_client import LiveSocket, WebClient

pytestmark = pytest.mark.live


def setup_workshop(server):
    laptop = WebClient(server.url).login("anna", PASSWORD)
    import uuid

    created = laptop.api("POST", "/api/workshops", json={"id": str(uuid.uuid4()),
                                                        "template": "service-design-coaching"})
    assert created.status_code == 201, created.text
    workshop = created.json()
    state = laptop.api("GET", f"/api/workshops/{workshop['id']}/state").json()
    sessions = sorted(state["entities"]["session"], key=lambda s: s["position"])
    return laptop, workshop, sessions


def test_two_clients_see_each_others_changes(live_server):
    laptop, workshop, sessions = setup_workshop(live_server)
    phone_web = WebClient(live_server.url)
    me = phone_web.join(workshop["join_code"], "Pekka")["member"]
    laptop.counted(workshop["id"], 1)
    phone = phone_web.live(workshop["id"], transport="polling")
    facilitator = laptop.live(workshop["id"])
    seq = phone.sync()["snapshot"]["seq"]
    facilitator.sync()
    # The facilitator's change reaches the phone...
    ack = facilitator.cmd("session.start", session_id=sessions[0]["id"])
    assert ack["ok"], ack
    got = phone.events_until(seq + 2)
    assert {e["entity"] for e in got} == {"session", "workshop"}
    assert next(e for e in got if e["entity"] == "session")["data"]["status"] == "live"
    # ...and the phone's change reaches the facilitator.
    ack = phone.cmd("member.update", member_id=me["id"], display_name="Pekka P.")
    assert ack["ok"], ack
    events = facilitator.events_until(seq + 3)
    assert events[-1]["data"]["display_name"] == "Pekka P."
    phone.close()
    facilitator.close()


def test_reconnecting_client_gets_exactly_the_missed_events_in_order(live_server):
    laptop, workshop, sessions = setup_workshop(live_server)
    phone_web = WebClient(live_server.url)
    phone_web.join(workshop["join_code"], "Pekka")
    laptop.counted(workshop["id"], 1)
    phone = phone_web.live(workshop["id"])
    seq = phone.sync()["snapshot"]["seq"]
    phone.close()
    facilitator = laptop.live(workshop["id"])
    facilitator.sync()
    session_id = sessions[0]["id"]
    facilitator.cmd("session.start", session_id=session_id)
    n = 12
    for i in range(n):
        ack = facilitator.cmd("session.timer", session_id=session_id, action="add", seconds=i + 1)
        assert ack["ok"], ack
    log = laptop.api("GET", f"/api/workshops/{workshop['id']}/events?since={seq}").json()
    expected = [e["seq"] for e in log["events"]]
    assert len(expected) == n + 2  # start = session + workshop, then n timer changes
    again = phone_web.live(workshop["id"], since=seq)
    sync = again.sync()
    assert "snapshot" not in sync
    assert [e["seq"] for e in sync["events"]] == expected == list(range(seq + 1, seq + n + 3))
    final = sync["events"][-1]["data"]["timer"]
    assert final["duration"] == sessions[0]["phases"][0]["minutes"] * 60 + sum(range(1, n + 1))
    again.close()
    facilitator.close()


def test_foreign_origin_is_refused(live_server):
    _, workshop, _ = setup_workshop(live_server)
    phone_web = WebClient(live_server.url)
    phone_web.join(workshop["join_code"], "Pekka")
    for transport in ("websocket", "polling"):
        with pytest.raises(socketio.exceptions.ConnectionError):
            LiveSocket(phone_web, workshop["id"], transport=transport,
                       headers={"Origin": "https://evil.example"})
    # The same phone from the page's own origin is let in.
    ok = LiveSocket(phone_web, workshop["id"], transport="polling",
                    headers={"Origin": live_server.url})
    assert "snapshot" in ok.sync()
    ok.close()


def test_removed_member_is_disconnected(live_server):
    laptop, workshop, _ = setup_workshop(live_server)
    phone_web = WebClient(live_server.url)
    me = phone_web.join(workshop["join_code"], "Pekka")["member"]
    phone = phone_web.live(workshop["id"])
    phone.sync()
    gone = laptop.api("DELETE", f"/api/workshops/{workshop['id']}/members/{me['id']}")
    assert gone.status_code == 200
    import time

    deadline = time.monotonic() + 10
    while phone.sio.connected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not phone.sio.connected
    with pytest.raises(socketio.exceptions.ConnectionError):
        phone_web.live(workshop["id"])


def test_server_serves_pages(live_server):
    response = requests.get(live_server.url + "/", timeout=5)
    assert response.status_code == 200 and "Paja" in response.text


def test_eventlet_server_serves_past_1024_open_connections(tmp_path):
    """eventlet.wsgi caps simultaneous connections at 1,024 unless told otherwise: with 1,100
    idle connections open, the server must still answer a new request at once."""
    import resource
    import socket

    from conftest import LiveServer

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 1400:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
    server = LiveServer(tmp_path, "eventlet")
    server.env.pop("PAJA_MAX_CONNECTIONS", None)  # the default must be enough
    # All of them come from 127.0.0.1; this is about the total, not one address's share.
    server.env["PAJA_MAX_CONNECTIONS_PER_ADDRESS"] = "0"
    server.prepare(with_facilitator=False)
    server.start()
    idle = []
    try:
        for _ in range(1100):
            idle.append(socket.create_connection(("127.0.0.1", server.port), timeout=5))
        response = requests.get(server.url + "/", timeout=5)
        assert response.status_code == 200
    finally:
        for sock in idle:
            sock.close()
        server.stop()
