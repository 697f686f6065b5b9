"""The eventlet server against a slow-headers flood: one address opens hundreds of
connections that send part of a request and then nothing. The server must keep answering
everyone else, close the half-open connections once their headers are overdue, refuse
what one address opens beyond its cap, and still leave a quiet Socket.IO websocket (and a
kept-alive connection, for its own idle time) alone."""

import contextlib
import http.client
import resource
import selectors
import socket
import threading
import time
import uuid

import pytest
from conftest import PASSWORD, LiveServer
from live_client import WebClient

pytestmark = [pytest.mark.live, pytest.mark.transport, pytest.mark.serial]

HEADER_TIMEOUT = 3
IDLE_TIMEOUT = 5
PER_ADDRESS = 200
FLOOD = 400
# Fewer than FLOOD, so that without the cap the flood alone fills every place the server has.
MAX_CONNECTIONS = 300


class HalfOpen:
    """Connections that each send the start of a request and then wait; records when the
    server closes each one."""

    def __init__(self, port: int, count: int):
        self.selector = selectors.DefaultSelector()
        self.opened, self.closed = {}, {}
        for i in range(count):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            self.opened[sock] = time.monotonic()
            # Half stop inside the request line, half inside the headers.
            partial = b"GET / HTTP/1.1\r\nHost: paja\r\nX-Wait: " if i % 2 else b"GET /wai"
            with contextlib.suppress(OSError):  # already refused and closed by the server
                sock.sendall(partial)
            self.selector.register(sock, selectors.EVENT_READ)

    def wait_closed(self, count: int, deadline: float) -> int:
        """Wait until at least ``count`` are closed by the server (or the deadline passes);
        return how many are."""
        while len(self.closed) < count and time.monotonic() < deadline:
            for key, _ in self.selector.select(max(0, deadline - time.monotonic())):
                try:
                    data = key.fileobj.recv(4096)
                except OSError:  # reset
                    data = b""
                if not data:
                    self.closed[key.fileobj] = time.monotonic()
                    self.selector.unregister(key.fileobj)
        return len(self.closed)

    def close(self):
        for sock in self.opened:
            sock.close()
        self.selector.close()


def closed_by_server(sock: socket.socket, deadline: float) -> float | None:
    """When the server closed ``sock`` (it sends nothing more), or None by the deadline."""
    with selectors.DefaultSelector() as selector:
        selector.register(sock, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if selector.select(deadline - time.monotonic()):
                try:
                    if sock.recv(4096):
                        continue
                except OSError:
                    pass
                return time.monotonic()
    return None


def drip(port: int, result: dict) -> None:
    """From another address: a header byte every half second, never finishing. A timeout
    per read would never fire; the server must count the whole time the headers take."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=5,
                                    source_address=("127.0.0.3", 0))
    started = time.monotonic()
    deadline = started + HEADER_TIMEOUT + 10
    try:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: paja\r\n")
        while time.monotonic() < deadline:
            closed = closed_by_server(sock, min(deadline, time.monotonic() + 0.5))
            if closed is not None:
                result["after"] = closed - started
                return
            sock.sendall(b"X")
    except OSError:
        result["after"] = time.monotonic() - started
    finally:
        sock.close()


@pytest.fixture
def server(tmp_path):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < FLOOD + 200:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
    live = LiveServer(tmp_path, "eventlet")
    live.env.update(PAJA_HEADER_TIMEOUT=str(HEADER_TIMEOUT), PAJA_IDLE_TIMEOUT=str(IDLE_TIMEOUT),
                    PAJA_MAX_CONNECTIONS_PER_ADDRESS=str(PER_ADDRESS),
                    PAJA_MAX_CONNECTIONS=str(MAX_CONNECTIONS))
    live.prepare()
    live.start()
    yield live
    live.stop()


def test_slow_headers_flood_does_not_stop_the_server(server):
    laptop = WebClient(server.url).login("anna", PASSWORD)
    workshop = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "ideation-2h"}).json()
    phone_web = WebClient(server.url)
    me = phone_web.join(workshop["join_code"], "Pekka")["member"]
    phone = phone_web.live(workshop["id"])  # a websocket, quiet from here on
    phone.sync()

    dripped = {}
    dripper = threading.Thread(target=drip, args=(server.port, dripped), daemon=True)
    dripper.start()
    flood = HalfOpen(server.port, FLOOD)
    other = http.client.HTTPConnection("127.0.0.1", server.port, timeout=3 * HEADER_TIMEOUT,
                                       source_address=("127.0.0.2", 0))
    try:
        flooded = time.monotonic()
        # What one address opens beyond its cap is closed at once, long before any timeout...
        refused = flood.wait_closed(FLOOD - PER_ADDRESS, flooded + HEADER_TIMEOUT / 2)
        assert FLOOD - PER_ADDRESS <= refused <= FLOOD - PER_ADDRESS + 5, refused

        # ...so someone else is answered at once, while the rest of the flood still waits.
        started = time.monotonic()
        other.request("GET", "/")
        response = other.getresponse()
        assert response.status == 200 and b"Paja" in response.read()
        answered = time.monotonic()
        assert answered - started < 2, f"a normal request took {answered - started:.2f} s"

        # The half-open connections are closed once their headers are overdue, not before.
        assert flood.wait_closed(FLOOD, flooded + HEADER_TIMEOUT + 10) == FLOOD
        late = sorted(flood.closed[sock] - flood.opened[sock] for sock in flood.closed)
        assert late[-1] >= HEADER_TIMEOUT - 0.5, late[-1]
        dripper.join(timeout=HEADER_TIMEOUT + 15)
        assert HEADER_TIMEOUT - 0.5 <= dripped.get("after", 99) < HEADER_TIMEOUT + 3, dripped

        # A kept-alive connection has its own, longer idle time.
        idle_closed = closed_by_server(other.sock, answered + IDLE_TIMEOUT + 10)
        assert idle_closed is not None, "kept-alive connection never closed"
        assert IDLE_TIMEOUT - 0.5 <= idle_closed - answered < IDLE_TIMEOUT + 5

        # The websocket, quiet all this while (longer than two header timeouts), still works.
        assert phone.sio.connected
        ack = phone.cmd("member.update", member_id=me["id"], display_name="Pekka P.")
        assert ack["ok"], ack
        phone.close()
    finally:
        other.close()
        flood.close()
