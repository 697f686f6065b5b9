"""How much one socket may send, and what the log says when a phone sends junk.

Every Socket.IO event costs the server a green thread, a request context and usually a
database query, on the one process that also serves everyone else in the room. One phone in
a loop (a bug, a flaky connection replaying, or someone trying) must neither slow the room
down nor fill the log with a traceback per frame.

Limits, token buckets refilled continuously:

- per connection: ``SOCKET_EVENT_BURST`` events at once, then ``SOCKET_EVENTS_PER_SECOND``;
  typing, a burst of votes and an outbox flushed after a reconnect stay well inside it;
- per person (a member, or a facilitator's account when there is no member): twice that
  over all their connections, since one person can open any number of sockets. It outlives
  the connections until it has filled up again, so reconnecting buys no fresh burst.

An event over the limit is answered at once with a ``rate_limited`` error and not run.
Refusals draw on a second bucket of the same size and rate ("patience"): a client a little
over the limit is only slowed down, while one that keeps sending at more than twice the
limit empties it and is disconnected, with a reason it can show; that person may then not
connect again for KICK_COOLDOWN seconds (and nobody may open more than CONNECT_BURST
connections at once, then one a second: each costs a snapshot).

What it costs matters as much as how many: an event is charged one token plus one per
SECONDS_PER_TOKEN of CPU it took (a sync answered with a whole snapshot is charged more
up front, see sockets.py), and the events one connection may run are spread out by their
running time, so that a burst cannot hold the server for everyone else.

Junk is counted per connection: the first malformed event is logged as one warning line,
the first unexpected exception with its traceback (once per place in the code for ten
minutes, whichever connection hits it), and a connection that had any of these ends with a
one-line summary.

The state lives in module-level dicts keyed by sid: Flask-SocketIO keeps nothing per
connection for us, and a namespace object is shared by every client. It is per process; with
several server processes each one limits the connections it serves.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from socketio import packet as sio_packet

log = logging.getLogger(__name__)

ADMIT, REFUSE, KICK, GONE = "admit", "refuse", "kick", "gone"

# The event name a malformed packet is turned into (see CheckedPacket). Clients cannot send
# it: a packet using it is malformed itself.
MALFORMED = "paja:malformed"

# Connections one person may open: a burst (pages opened one after another, a few tabs
# reconnecting after a network blip), then one a second. Each costs a snapshot and two
# writes, and a client cut off for flooding must not come straight back, again and again.
CONNECT_BURST = 10
CONNECTS_PER_SECOND = 1.0
# Seconds a person disconnected for flooding must wait before connecting again.
KICK_COOLDOWN = 3.0
# The events of one connection that the limit lets through are also spread out in time:
# each starts no sooner than the previous one's running time (this at least) after it. The
# server handles each event in its own green thread, first come first served, so a burst
# that arrived at once would otherwise all run before anyone else's next event, and an
# expensive one (a snapshot, a big regrouping) would hold everyone up once per event.
MIN_SPACING = 0.002
# An event costs one token, and one more for every this many seconds of CPU it took. Well
# above what an ordinary command takes on a busy server (a rename on PostgreSQL under load
# took over 10 ms, and a typist's burst was then refused), so that only the expensive ones
# (a snapshot, a big regrouping) cost more.
SECONDS_PER_TOKEN = 0.040

# What a refusal says when the connection's own texts (translated when it connected) are gone.
DEFAULT_TEXTS = {"gone": "Reconnect first.", "rate_limited": "Too many messages at once.",
                 "bye": "Too many messages."}

# How long a spot in the code that raised keeps its traceback out of the log.
TRACEBACK_QUIET_SECONDS = 600
# How much of a client's junk goes into a log line.
SNIPPET = 200


class Bucket:
    __slots__ = ("rate", "capacity", "tokens", "stamp")

    def __init__(self, rate: float, capacity: float, now: float):
        self.rate = rate
        self.capacity = capacity
        self.tokens = capacity
        self.stamp = now

    def refill(self, now: float) -> float:
        if now > self.stamp:
            self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
        return self.tokens

    def wait(self) -> float:
        """Seconds until the next whole token (after :meth:`refill`)."""
        return max(0.0, (1 - self.tokens) / self.rate)

    def full(self, now: float) -> bool:
        return self.refill(now) >= self.capacity


@dataclass(eq=False)
class Person:
    allowance: Bucket
    connects: Bucket
    connections: int = 0


@dataclass(eq=False, slots=True)
class Connection:
    sid: str
    person: Person | None
    allowance: Bucket | None  # None: no limit configured
    patience: Bucket | None
    events: int = 0
    refused: int = 0
    malformed: int = 0
    failures: int = 0
    first_problem: str | None = None
    kicked: bool = False
    texts: dict = field(default_factory=dict)
    spacing: float = MIN_SPACING
    next_slot: float = 0.0
    opened: float = field(default_factory=time.monotonic)


_lock = threading.Lock()
_connections: dict[str, Connection] = {}
_people: dict[tuple, Person] = {}
_last_sweep = 0.0
_tracebacks: dict[tuple, float] = {}


def snippet(value, limit: int = SNIPPET) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


def _person(key: tuple, rate: float, burst: int, now: float) -> Person:
    person = _people.get(key)
    if person is None:
        person = _people[key] = Person(Bucket(2 * rate, 2 * burst, now),
                                       Bucket(CONNECTS_PER_SECOND, CONNECT_BURST, now))
    return person


def may_connect(person_key: tuple | None, rate: float, burst: int) -> bool:
    """Whether this person may open one more connection now (and count it if so)."""
    if person_key is None or rate <= 0 or burst <= 0:
        return True
    now = time.monotonic()
    with _lock:
        connects = _person(person_key, rate, burst, now).connects
        if connects.refill(now) < 1:
            return False
        connects.tokens -= 1
        return True


def opened(sid: str, person_key: tuple | None, rate: float, burst: int,
           texts: dict | None = None) -> None:
    """Start counting for a new connection. ``rate`` or ``burst`` of 0 turns limits off.

    ``texts`` are the refusals' messages in the person's language, made now because the
    refusals are answered without a request context.
    """
    now = time.monotonic()
    limited = rate > 0 and burst > 0
    with _lock:
        _sweep(now)
        person = None
        if limited and person_key is not None:
            person = _person(person_key, rate, burst, now)
            person.connections += 1
        _connections[sid] = Connection(
            sid, person,
            Bucket(rate, burst, now) if limited else None,
            Bucket(rate, burst, now) if limited else None,
            texts=_shared_texts(texts),
        )


# One dict of refusal texts per language, not one per socket: a hall of phones in one
# language would otherwise hold a thousand copies of the same three sentences.
_texts: dict[tuple, dict] = {}


def _shared_texts(texts: dict | None) -> dict:
    if not texts:
        return {}
    key = tuple(sorted(texts.items()))
    shared = _texts.get(key)
    if shared is None:
        if len(_texts) > 64:  # languages, not people: more means something odd; start over
            _texts.clear()
        shared = _texts[key] = dict(texts)
    return shared


def known(sid: str) -> bool:
    connection = _connections.get(sid)
    return connection is not None and not connection.kicked


def text(sid: str, key: str) -> str:
    connection = _connections.get(sid)
    found = connection.texts.get(key) if connection is not None else None
    return found or DEFAULT_TEXTS[key]


def closed(sid: str) -> Connection | None:
    """Forget a connection; log a summary line if it sent anything worth knowing about."""
    with _lock:
        connection = _connections.pop(sid, None)
        if connection is not None and connection.person is not None:
            connection.person.connections -= 1
    if connection is None:
        return None
    if connection.malformed or connection.refused or connection.failures:
        log.warning(
            "socket %s closed after %d events in %.0f s: %d malformed, %d refused by the rate "
            "limit, %d failed%s; first problem: %s", sid, connection.events,
            time.monotonic() - connection.opened, connection.malformed, connection.refused,
            connection.failures, " (disconnected for flooding)" if connection.kicked else "",
            connection.first_problem)
    return connection


def admit(sid: str) -> tuple[str, float]:
    """May this connection's next event run? ``(verdict, seconds)``.

    ADMIT: run it after ``seconds`` (its place in the connection's spacing). REFUSE: answer
    it with ``rate_limited``, saying when to try again. KICK: the same, and disconnect
    (returned once per connection). GONE: the connection is not (or no longer) known.
    """
    now = time.monotonic()
    with _lock:
        connection = _connections.get(sid)
        if connection is None or connection.kicked:
            return GONE, 0.0
        connection.events += 1
        if connection.allowance is None:
            return ADMIT, 0.0  # no limits configured, no spacing either
        buckets = [connection.allowance]
        if connection.person is not None:
            buckets.append(connection.person.allowance)
        levels = [bucket.refill(now) for bucket in buckets]
        if min(levels) >= 1:
            for bucket in buckets:
                bucket.tokens -= 1
            start = max(now, connection.next_slot)
            connection.next_slot = start + connection.spacing
            return ADMIT, start - now
        connection.refused += 1
        wait = max(bucket.wait() for bucket in buckets)
        if connection.first_problem is None:
            connection.first_problem = "over the rate limit"
        if connection.patience.refill(now) >= 1:
            connection.patience.tokens -= 1
            return REFUSE, wait
        connection.kicked = True
        if connection.person is not None:
            connects = connection.person.connects
            connects.refill(now)
            connects.tokens = min(connects.tokens, 1 - KICK_COOLDOWN * connects.rate)
        return KICK, wait


def charge(sid: str, tokens: int) -> None:
    """Charge a connection for an event known to cost more than most (a snapshot)."""
    with _lock:
        connection = _connections.get(sid)
        if connection is None or connection.allowance is None:
            return
        connection.allowance.tokens -= tokens
        if connection.person is not None:
            connection.person.allowance.tokens -= tokens


def ran(sid: str, seconds: float) -> None:
    """Charge an event for the server time it took (``seconds`` of CPU): its connection's
    next event waits as long (see MIN_SPACING), and every SECONDS_PER_TOKEN of it costs
    one more token, so that a snapshot counts for more than a vote. The balance may go
    below zero; the next events then wait for it to refill."""
    extra = min(int(seconds / SECONDS_PER_TOKEN), 10)
    with _lock:
        connection = _connections.get(sid)
        if connection is None or connection.allowance is None:
            return
        connection.spacing = max(MIN_SPACING, min(seconds, 1.0))
        if extra > 0:
            connection.allowance.tokens -= extra
            if connection.person is not None:
                connection.person.allowance.tokens -= extra


def note_malformed(sid: str, what: str) -> None:
    """Count an event that could not be used; log the first one of each connection."""
    with _lock:
        connection = _connections.get(sid)
        if connection is None:
            return
        connection.malformed += 1
        first = connection.malformed == 1
        if connection.first_problem is None:
            connection.first_problem = what
    if first:
        log.warning("socket %s: malformed event: %s (later ones on this connection are only "
                    "counted)", sid, what)


def note_failure(sid: str, what: str, error: BaseException) -> None:
    """Count an unexpected exception; its traceback is logged once per connection, and once
    per place in the code for a while, so that a client repeating it cannot flood the log."""
    now = time.monotonic()
    site = _site(error)
    with _lock:
        connection = _connections.get(sid)
        if connection is not None:
            connection.failures += 1
            if connection.first_problem is None:
                connection.first_problem = f"{what} raised {type(error).__name__}"
        first_here = connection is None or connection.failures == 1
        if not first_here:
            return
        quiet = now - _tracebacks.get(site, -TRACEBACK_QUIET_SECONDS) < TRACEBACK_QUIET_SECONDS
        if not quiet:
            _tracebacks[site] = now
            if len(_tracebacks) > 1000:
                for key, stamp in list(_tracebacks.items()):
                    if now - stamp >= TRACEBACK_QUIET_SECONDS:
                        del _tracebacks[key]
    if quiet:
        log.error("socket %s: %s raised %s: %s (traceback logged earlier)", sid, what,
                  type(error).__name__, snippet(str(error)))
    else:
        log.error("socket %s: %s raised", sid, what, exc_info=error)


def _site(error: BaseException) -> tuple:
    trace = error.__traceback__
    while trace is not None and trace.tb_next is not None:
        trace = trace.tb_next
    where = (trace.tb_frame.f_code.co_filename, trace.tb_lineno) if trace else None
    return type(error).__name__, where


def _sweep(now: float) -> None:
    """Drop the people with no connection left whose allowance has filled up again."""
    global _last_sweep
    if now - _last_sweep < 30:
        return
    _last_sweep = now
    for key, person in list(_people.items()):
        if person.connections <= 0 and person.allowance.full(now) and person.connects.full(now):
            del _people[key]


# -- the protocol level --------------------------------------------------------------------


class CheckedPacket(sio_packet.Packet):
    """A Socket.IO packet that the server can always dispatch.

    python-socketio raises on a frame it cannot decode (bad JSON, an unknown packet type) or
    dispatch (an event that is not a list starting with a name: ``42{}``, ``42[]``,
    ``42[[1]]``), and engine.io logs each of those with a full traceback. It also hands a
    client's ``42["disconnect"]`` to the disconnect handler, which would drop the record
    that lets the server close a removed member's socket, and a ``42["*"]`` to the
    catch-all handler in a shape that raises. Such a packet becomes an event
    named :data:`MALFORMED` instead, with the packet's id when it had one, so that it is
    rate limited, counted and answered like any other bad event.
    """

    def __init__(self, packet_type=sio_packet.EVENT, data=None, namespace=None, id=None,
                 binary=None, encoded_packet=None):
        if encoded_packet is None:  # one the server sends
            super().__init__(packet_type, data, namespace, id, binary)
            return
        try:
            super().__init__(encoded_packet=encoded_packet)
            problem = self._problem(encoded_packet)
        except Exception as error:  # whatever the decoder trips on
            problem = f"undecodable packet {snippet(encoded_packet, 60)}: {snippet(str(error))}"
        if problem:
            self._malformed(problem, sio_packet.EVENT)

    def _problem(self, encoded_packet) -> str | None:
        if not encoded_packet:
            return "empty packet"
        kind = self.packet_type
        if kind in (sio_packet.EVENT, sio_packet.BINARY_EVENT):
            data = self.data
            if not isinstance(data, list) or not data or not isinstance(data[0], str):
                return f"an event must be a list starting with its name, not {snippet(data, 60)}"
            # "*" too: python-socketio would hand it to the catch-all handler without the
            # event name, and the handler would take the payload for the sid.
            if data[0] in ("connect", "disconnect", "*", MALFORMED):
                return f"clients may not send {data[0]!r}"
            return None
        if kind in (sio_packet.CONNECT, sio_packet.DISCONNECT, sio_packet.ACK,
                    sio_packet.BINARY_ACK):
            return None
        return f"unexpected packet type {snippet(kind, 20)}"

    def _malformed(self, problem: str, kind: int) -> None:
        self.packet_type = kind
        self.data = [MALFORMED, problem]
        self.id = getattr(self, "id", None)
        self.namespace = getattr(self, "namespace", None)
        self.attachment_count = 0
        self.attachments = []

    def add_attachment(self, attachment):
        try:
            return super().add_attachment(attachment)
        except Exception as error:
            # Still a binary packet, so that the server dispatches it as the event it was.
            if self.packet_type == sio_packet.BINARY_EVENT:
                self._malformed(f"bad binary attachment: {snippet(str(error))}",
                                sio_packet.BINARY_EVENT)
            else:
                self.data = []  # an acknowledgement nobody waits for
            return True


class QuietLibraryErrors(logging.Filter):
    """engine.io and python-socketio log some client mistakes with a traceback each (a junk
    long-polling POST body, a binary attachment nobody announced). Let one traceback of each
    kind through per ten minutes and count the rest into the next one."""

    def __init__(self):
        super().__init__()
        self._seen: dict[tuple, list] = {}
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.exc_info or not record.exc_info[1]:
            return True
        error = record.exc_info[1]
        key = (record.name, str(record.msg), *_site(error))
        now = time.monotonic()
        with self._lock:
            seen = self._seen.get(key)
            if seen is not None and now - seen[0] < TRACEBACK_QUIET_SECONDS:
                seen[1] += 1
                return False
            if len(self._seen) > 1000:
                self._seen.clear()
            self._seen[key] = [now, 0]
        if seen is not None and seen[1]:
            record.msg = f"{record.getMessage()} ({seen[1]} more like it were not logged)"
            record.args = None
        return True


_quiet = QuietLibraryErrors()
for _name in ("engineio.server", "socketio.server"):
    logging.getLogger(_name).addFilter(_quiet)


# -- the websocket transport -----------------------------------------------------------------


def _unmask(data, mask, length=None, offset=0):
    """eventlet's RFC6455WebSocket._apply_mask, without a Python loop per byte.

    eventlet unmasks every byte a client sends one at a time in Python: about a second of
    CPU per megabyte here, before any handler (or limit) sees the frame, and nothing else
    runs meanwhile. A few frames near the 256 KiB limit a second stopped the server for
    everyone. XORing the frame as one big integer is one C operation.
    """
    if length is None:
        length = len(data)
    if not length:
        return b""
    key = bytes(mask[(offset + i) % 4] for i in range(4))
    repeated = (key * (length // 4 + 1))[:length]
    value = int.from_bytes(bytes(data[:length]), "big") ^ int.from_bytes(repeated, "big")
    return value.to_bytes(length, "big")


def _speed_up_eventlet_websockets() -> None:
    import sys

    if "eventlet" not in sys.modules:  # the server runs on threading or gevent
        return
    from eventlet import websocket

    if websocket.RFC6455WebSocket._apply_mask is not _unmask:
        websocket.RFC6455WebSocket._apply_mask = staticmethod(_unmask)


_speed_up_eventlet_websockets()
