"""Run Paja: ``python app.py`` (bin/run sets everything up first).

The async mode is one setting, PAJA_ASYNC_MODE (eventlet by default; threading and gevent
also work). Eventlet must patch the standard library before anything else is imported, and
psycopg2 must be told to yield to it.
"""

import os

ASYNC_MODE = os.environ.get("PAJA_ASYNC_MODE", "eventlet")

if ASYNC_MODE == "eventlet":
    os.environ.setdefault("EVENTLET_NO_GREENDNS", "yes")
    import warnings

    # Chosen knowingly (docs/architecture.md, "Async mode"); threading/gevent are one setting away.
    warnings.filterwarnings("ignore", message="\nEventlet is deprecated")
    import eventlet

    eventlet.monkey_patch()
    from psycogreen.eventlet import patch_psycopg

    patch_psycopg()
elif ASYNC_MODE == "gevent":
    from gevent import monkey

    monkey.patch_all()
    from psycogreen.gevent import patch_psycopg

    patch_psycopg()

import io  # noqa: E402
import resource  # noqa: E402

from server import create_app  # noqa: E402
from server.extensions import socketio  # noqa: E402


def raise_open_files_limit(wanted: int) -> int:
    """Each connected phone holds a socket: lift the soft open-files limit towards ``wanted``."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def main() -> None:
    app = create_app()
    host, port = app.config["HOST"], app.config["PORT"]
    max_connections = app.config["MAX_CONNECTIONS"]
    raise_open_files_limit(max_connections + 256)
    if os.environ.get("PAJA_DEMO") == "1":
        from server.cli import ensure_demo, print_demo

        with app.app_context():
            info = ensure_demo()
        if info:
            print_demo(info, f"http://{host}:{port}")
    log_output = os.environ.get("PAJA_ACCESS_LOG") == "1"
    from server.members.service import heartbeat_forever
    from server.reminders.service import loop_forever
    from server.voting.tally import sweep_forever

    # This process is alive; the socket rows of crashed ones go, now and then periodically.
    socketio.start_background_task(heartbeat_forever, app)
    socketio.start_background_task(sweep_forever, app)  # vote rounds that are due close
    socketio.start_background_task(loop_forever, app)  # reminders, made and sent once
    print(f" * Paja on http://{host}:{port} ({ASYNC_MODE})", flush=True)
    if ASYNC_MODE == "eventlet":
        serve_eventlet(app, host, port, max_connections, log_output)
        return
    options = {"host": host, "port": port, "log_output": log_output}
    if ASYNC_MODE == "threading":
        options["allow_unsafe_werkzeug"] = True
    socketio.run(app, **options)


def serve_eventlet(app, host: str, port: int, max_connections: int, log_output: bool) -> None:
    """What ``socketio.run`` does for eventlet, with the limits a full room needs.

    eventlet.wsgi serves at most 1,024 connections at once unless told otherwise, and its
    listening socket queues only 50 waiting connections: a room of phones scanning the QR
    code at once would see refused or stalled connections.

    Every connection holds one of those places, and eventlet.wsgi waits for request headers
    forever: a few thousand connections that send half a request and then nothing would take
    them all. So a client gets HEADER_TIMEOUT seconds for its request line and headers, a
    kept-alive connection IDLE_TIMEOUT seconds to start its next request, and one address no
    more than MAX_CONNECTIONS_PER_ADDRESS connections at once.
    """
    import eventlet.green.socket
    import eventlet.wsgi

    config = app.config
    family = eventlet.green.socket.getaddrinfo(host, port)[0]
    listener = eventlet.listen(family[4], family[0], backlog=min(max_connections, 4096))
    per_address = config["MAX_CONNECTIONS_PER_ADDRESS"]
    # Behind a proxy every connection comes from the proxy's address: a cap would throttle
    # everyone at once, so there the proxy must do this job.
    if per_address > 0 and config["PROXY_COUNT"] == 0:
        listener = CappedListener(listener, per_address)
    protocol = limited_protocol(config["HEADER_TIMEOUT"], config["IDLE_TIMEOUT"])
    # keepalive=True, not a number: the protocol times the wait between requests itself.
    eventlet.wsgi.server(listener, app, max_size=max_connections, log_output=log_output,
                         protocol=protocol, socket_timeout=READ_TIMEOUT, keepalive=True)


# Bytes of a connection's read buffer. eventlet.wsgi's (8 KiB, with a 16 KiB write buffer) are
# held for a connection's whole life, and a phone's websocket - which eventlet reads from and
# writes to the socket itself, past both buffers - keeps its connection for hours: 24 KiB a
# phone, a third of what the server holds for it. A request line and headers of this size
# (a phone's, cookies and all, are about 1 KiB) still come in with one read; a larger body is
# read straight into place.
READ_BUFFER = 2048

# Seconds one read or write may wait once a request's headers are in: its body and its
# answer, on a phone with a poor connection. (A long-polling answer waits in the server, not
# on the socket; a websocket's frames get their own timeout from Engine.IO, its ping
# interval plus ping timeout.)
READ_TIMEOUT = 90


def limited_protocol(header_timeout: float, idle_timeout: float):
    """eventlet.wsgi's request handler, with a deadline for each request's headers.

    eventlet.wsgi's own ``socket_timeout`` is a timeout per read, and the same for the whole
    life of the connection: a client sending a header byte every few seconds would never
    meet it, and one short enough for headers would also cut a slow phone's upload. Instead
    the request line and headers must all arrive within ``header_timeout`` - of the
    connection opening, for its first request; of the request's first byte, for a later one
    on a kept-alive connection, which may wait ``idle_timeout`` for that byte. Once the
    headers are in, only READ_TIMEOUT applies.
    """
    import eventlet
    import eventlet.wsgi

    class LimitedProtocol(eventlet.wsgi.HttpProtocol):
        served = False
        deadline = None
        rbufsize = READ_BUFFER

        def setup(self):
            # The socket's raw writer; the buffer over it is made at the first answer.
            wbufsize, self.wbufsize = self.wbufsize, 0
            super().setup()
            self.wfile = WriterOnDemand(self.wfile, wbufsize)

        def handle_one_request(self):
            if self.served:  # kept alive: the next request may take a while to start
                self.connection.settimeout(idle_timeout)
                if not self.rfile.peek(1):
                    self.close_connection = 1
                    return
                self.connection.settimeout(READ_TIMEOUT)
            self.served = True
            # A timeout is what eventlet.wsgi expects of a slow client: it just closes it.
            self.deadline = eventlet.Timeout(header_timeout, TimeoutError(
                f"request headers not in within {header_timeout:g} s"))
            try:
                super().handle_one_request()
            finally:
                self.deadline.cancel()

        def handle_one_response(self):
            self.deadline.cancel()  # the headers are in
            super().handle_one_response()

    return LimitedProtocol


class WriterOnDemand:
    """A connection's buffered writer, made when something is first written: a websocket
    (eventlet's writes to the socket itself) never needs one, and leaves its 16 KiB unmade.
    """

    def __init__(self, raw, size: int):
        self.raw = raw
        self.size = size
        self.buffered = None

    def _writer(self):
        if self.buffered is None:
            self.buffered = io.BufferedWriter(self.raw, self.size)
        return self.buffered

    def write(self, data):
        return self._writer().write(data)

    def writelines(self, lines) -> None:
        self._writer().writelines(lines)

    def flush(self) -> None:
        if self.buffered is not None:
            self.buffered.flush()

    @property
    def closed(self) -> bool:
        return (self.raw if self.buffered is None else self.buffered).closed

    def close(self) -> None:
        (self.raw if self.buffered is None else self.buffered).close()

    def __getattr__(self, name):
        return getattr(self._writer(), name)


class CappedListener:
    """The listening socket, counting the connections open from each client address.

    A connection beyond the cap is closed as soon as it is accepted, before it takes one of
    the server's places. IPv6 clients are counted per /64, the block one subscriber gets.
    """

    def __init__(self, listener, cap: int):
        self.listener = listener
        self.cap = cap
        self.open: dict[str, int] = {}

    def accept(self):
        while True:
            sock, address = self.listener.accept()
            client = address_block(address[0])
            if self.open.get(client, 0) >= self.cap:
                sock.close()
                continue
            self.open[client] = self.open.get(client, 0) + 1
            return CountedConnection(sock, lambda client=client: self.release(client)), address

    def release(self, client: str) -> None:
        left = self.open[client] - 1
        if left:
            self.open[client] = left
        else:
            del self.open[client]

    def __getattr__(self, name):
        return getattr(self.listener, name)


def address_block(address: str) -> str:
    """The client address a connection counts against: itself, or its /64 for IPv6."""
    import ipaddress

    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network((ip, 64), strict=False))
    return str(ip)


class CountedConnection:
    """An accepted socket that gives its address's place back when it is closed (eventlet
    closes it more than once; the place is given back the first time)."""

    def __init__(self, sock, release):
        self.sock = sock
        self.release = release

    def close(self) -> None:
        release, self.release = self.release, None
        if release is not None:
            release()
        self.sock.close()

    def __del__(self):
        if self.release is not None:
            self.release()

    def __getattr__(self, name):
        return getattr(self.sock, name)


if __name__ == "__main__":
    main()
