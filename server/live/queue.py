"""The message queue between server processes (Redis), built so that Redis may fail.

With several processes, an event committed in one must reach the sockets of all of them:
python-socketio's RedisManager sends every emit to this process's own sockets and then
publishes it on a Redis channel, which every other process listens to. As it comes, that
publish runs in the request that made the write, and waits for as long as Redis does: a
frozen Redis held every write's acknowledgement for as long as it was frozen. Its listener
waits on its socket without a deadline, so a Redis that froze or vanished without closing
the connection was never noticed, and it waits up to a minute between attempts when it
does notice.

:class:`ResilientRedisManager` keeps the first half and changes the rest:

- **Publishing never waits.** An emit goes to this process's sockets at once, as before,
  and its message for the other processes into a bounded queue that one background task
  publishes from, with a timeout on every Redis command. A message to one socket of this
  process (a connect's "sync", a "bye") is not published at all.
- **Lost messages are owned up to.** When a publish fails or the queue overflows, what is
  queued is dropped (it would only arrive late), the task pings Redis until it answers, and
  then publishes a ``resync`` for every socket of every process.
- **The listener notices a lost subscription.** It pings Redis when it has heard nothing for
  PING_EVERY seconds and takes the subscription as lost when nothing, not even the pong, came
  for DEAD_AFTER seconds, or when the connection fails; then it subscribes again, trying
  every RETRY_EVERY seconds, and once subscribed it tells this process's own sockets to
  ``resync``: whatever the other processes published meanwhile never reached it.

Nothing is lost by dropping messages: every event is in the database, numbered per
workshop, and a client told to ``resync`` asks for what it missed (``sync {since}``, see
server/live/sockets.py). While Redis is down each process still serves its own sockets.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import threading
import time

import socketio
from socketio.manager import Manager

log = logging.getLogger(__name__)

# Seconds one Redis command (connect, publish, subscribe, ping) may take before it has failed.
REDIS_TIMEOUT = 1.0
# The listener pings when it has heard nothing for this long ...
PING_EVERY = 1.0
# ... and takes its subscription as lost when nothing came for this long.
DEAD_AFTER = 3.0
# Seconds between attempts to reach Redis again.
RETRY_EVERY = 0.5
# Messages waiting to be published; a Redis too slow for this many is treated as down.
QUEUE_SIZE = 10_000
# What a ``resync`` carries: a hint to spread the room's requests over this many seconds.
RESYNC_SPREAD = 2.0


def redis_options(timeout: float = REDIS_TIMEOUT) -> dict:
    """Options for a Redis client that gives up after ``timeout`` seconds, once: redis-py
    would otherwise retry a timed-out command three times, with back-off, by default."""
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return {"socket_timeout": timeout, "socket_connect_timeout": timeout,
            "socket_keepalive": True, "retry": Retry(NoBackoff(), 0)}


class ResilientRedisManager(socketio.RedisManager):
    """python-socketio's Redis client manager, with publishing off the request path, a
    listener that notices when it has lost its subscription, and ``resync`` after either."""

    name = "paja-redis"

    def __init__(self, url: str, channel: str = "flask-socketio", write_only: bool = False):
        super().__init__(url, channel=channel, write_only=write_only,
                         redis_options=redis_options())
        self._outbox = None
        self._draining = False
        self._start_lock = threading.Lock()
        self._broken = False  # messages were dropped: the other processes must resync
        # What happened, for the log and for tests in this process.
        self.published = 0
        self.dropped = 0
        self.subscriptions = 0

    # -- sending ---------------------------------------------------------------------------

    def emit(self, event, data, namespace=None, room=None, skip_sid=None, callback=None,
             to=None, **kwargs):
        room = to or room
        namespace = namespace or "/"
        if (callback is None and isinstance(room, str)
                and room in self.rooms.get(namespace, {}).get(None, {})):
            # One socket of this process: nobody else has it, so nothing to publish.
            return Manager.emit(self, event, data, namespace=namespace, room=room,
                                skip_sid=skip_sid)
        return super().emit(event, data, namespace=namespace, room=room, skip_sid=skip_sid,
                            callback=callback, **kwargs)

    def _publish(self, data):
        self._start_draining()
        try:
            self._outbox.put_nowait(data)
        except self._queue_full:
            self._broken = True
            self.dropped += 1

    def _start_draining(self) -> None:
        if self._draining:
            return
        with self._start_lock:
            if self._draining:
                return
            self._outbox = self.server.eio.create_queue(QUEUE_SIZE)
            self._queue_full = _full_exception(self.server.async_mode)
            self._draining = True
            self.server.start_background_task(self._drain_forever)
            atexit.register(self.flush, 2.0)

    def flush(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for what is queued to be published (a command-line
        process is about to exit); True if the queue emptied."""
        deadline = time.monotonic() + timeout
        while self._outbox is not None and not self._outbox.empty():
            if time.monotonic() > deadline:
                return False
            self.server.sleep(0.05)
        return True

    def _drain_forever(self) -> None:
        empty = self.server.eio.get_queue_empty_exception()
        while True:
            try:
                if self._broken:
                    self._recover(empty)
                try:
                    message = self._outbox.get(timeout=1.0)
                except empty:
                    continue
                if self._broken:  # the queue overflowed while this waited
                    self.dropped += 1
                    continue
                try:
                    self._send(message)
                    self.published += 1
                except Exception as error:  # RedisError, OSError: Redis is away
                    log.warning("could not publish to Redis (%s); the other processes "
                                "will be told to catch up", error)
                    self.connected = False
                    self._broken = True
                    self.dropped += 1
            except Exception:  # never let the publisher die
                log.exception("Redis publisher failed; carrying on")
                self.server.sleep(RETRY_EVERY)

    def _send(self, message) -> None:
        if not self.connected:
            self._redis_connect()
        self.redis.publish(self.channel, self.json.dumps(message))

    def _recover(self, empty) -> None:
        """Try Redis until it answers, dropping what was queued before each failed try, then
        tell every process's sockets to catch up. Dropped messages would arrive late; the
        catch-up brings them anyway. What was queued since the last failed try is published
        after the catch-up: it was made with Redis back, and a socket that another process
        already told to catch up (its own subscription came back first) may wait for it live.
        """
        while True:
            try:
                if not self.connected:
                    self._redis_connect()
                self.redis.ping()
                self._send(self._resync_message())
                self._broken = False
                log.warning("Redis is back; every process's sockets were told to catch up "
                            "(%d messages dropped so far)", self.dropped)
                return
            except Exception:
                self.connected = False
            while True:
                try:
                    self._outbox.get_nowait()
                    self.dropped += 1
                except empty:
                    break
            self.server.sleep(RETRY_EVERY)

    def _resync_message(self) -> dict:
        return {"method": "emit", "event": "resync", "data": [{"spread": RESYNC_SPREAD}],
                "binary": False, "namespace": "/", "room": None, "skip_sid": None,
                "callback": None, "host_id": self.host_id}

    # -- listening -------------------------------------------------------------------------

    def _listen(self):
        """The messages of the channel, forever: subscribed again whenever the subscription is
        lost, and this process's sockets told to resync after each time it was."""
        channel = self.channel.encode()
        attempts = 0
        while True:
            pubsub = None
            try:
                pubsub = self._subscribe()
                self.subscriptions += 1
                if attempts:
                    log.warning("subscribed to Redis again; this process's sockets were told "
                                "to catch up")
                    self.resync_local()
                attempts = 0
                yield from self._messages(pubsub, channel)
            except Exception as error:
                if attempts == 0:
                    log.warning("lost the Redis subscription (%s); subscribing again",
                                error or type(error).__name__)
                attempts += 1
            finally:
                if pubsub is not None:
                    # A broken connection may fail to close; it is gone either way.
                    with contextlib.suppress(Exception):
                        pubsub.close()
            self.server.sleep(RETRY_EVERY)

    def _subscribe(self):
        import redis

        client = redis.Redis.from_url(self.redis_url, **self.redis_options)
        pubsub = client.pubsub()
        pubsub.subscribe(self.channel)
        # Subscribed once Redis confirms it, not when the request went out.
        deadline = time.monotonic() + DEAD_AFTER
        while True:
            message = pubsub.get_message(timeout=PING_EVERY)
            if message and message.get("type") == "subscribe":
                return pubsub
            if time.monotonic() > deadline:
                raise TimeoutError("Redis did not confirm the subscription")

    def _messages(self, pubsub, channel: bytes):
        heard = time.monotonic()
        pinged = False
        while True:
            message = pubsub.get_message(timeout=PING_EVERY)
            now = time.monotonic()
            if message is not None:
                heard, pinged = now, False
                if (message.get("type") == "message" and message.get("channel") == channel
                        and "data" in message):
                    yield message["data"]
                    heard = time.monotonic()  # handling it took time of ours, not Redis's
                continue
            if now - heard > DEAD_AFTER:
                raise TimeoutError(f"nothing from Redis for {DEAD_AFTER:g} s")
            if not pinged and now - heard >= PING_EVERY:
                pubsub.ping()
                pinged = True

    def resync_local(self) -> None:
        """Tell every socket of this process to catch up (``resync``)."""
        Manager.emit(self, "resync", {"spread": RESYNC_SPREAD}, namespace="/")


def _full_exception(async_mode: str):
    if async_mode == "eventlet":
        from eventlet.queue import Full
    elif async_mode and async_mode.startswith("gevent"):
        from gevent.queue import Full
    else:
        from queue import Full
    return Full
