"""The door: joining with a code, sized for a hall of people and against code guessing.

A hall of hundreds often shares one address (venue Wi-Fi behind NAT, or the reverse proxy
Paja runs behind), so successful joins from one address are limited only loosely. What an
attacker needs is many *wrong* codes, so those are what is counted - on every route that
takes a code (the join API, the code form, join links, invitation links):

- per address: a few wrong codes in a window (a few more for every few people who joined
  from it: a hall mistypes too), then that address is refused until its oldest wrong code
  leaves the window;
- across addresses that have not joined anything: when more wrong codes arrive than
  newcomers ever mistype, someone is sweeping the code space, and until the window passes
  only addresses that have joined (a hall that is already in) may try codes.

Opening a working link or typing a working code is never counted as a guess. The counts
live in the rate limiter's storage (memory, or Redis when processes share one), so every
process of a deployment counts together when Redis is configured.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from flask import current_app, make_response, render_template, request
from flask_babel import gettext as _
from limits import parse

from ..errors import ServiceError


class DoorClosed(ServiceError):
    """Refused at the door for now; ``retry_after`` says for how many seconds."""

    code = "rate_limited"
    status = 429

    def __init__(self, message: str, retry_after: int):
        super().__init__(message, {})
        self.retry_after = retry_after

    def body(self) -> dict:
        body = super().body()
        body["error"]["retry_after"] = self.retry_after
        return body


# A room that has joined may mistype more: one more wrong code for every few people in.
JOINS_PER_EXTRA_GUESS = 4


def _counter(item):
    """An item with ``item``'s window that never fills: to count hits, not to limit them."""
    return type(item)(10**9, item.multiples)


@dataclass
class _Door:
    limiter: object  # a moving-window limiter: hit(), get_window_stats()

    def _limits(self):
        config = current_app.config
        return (parse(config["JOIN_FAILURES_PER_ADDRESS"]), parse(config["JOIN_FAILURES_GLOBAL"]),
                parse(config["JOIN_RATE_LIMIT"]))

    def _count(self, item, *keys) -> int:
        counter = _counter(item)
        return counter.amount - self.limiter.get_window_stats(counter, *keys).remaining

    def _wait(self, item, *keys) -> int:
        reset = self.limiter.get_window_stats(_counter(item), *keys).reset_time
        return max(1, math.ceil(reset - time.time()))

    def _joined(self, address: str) -> int:
        per_address, _overall, _joins = self._limits()
        return self._count(per_address, "paja-door-joined", address)

    def check(self, address: str) -> None:
        """Refuse ``address`` now if it has guessed too often, or the code space is being
        swept and it has not joined anything lately."""
        if not current_app.config.get("RATELIMIT_ENABLED", True):
            return
        per_address, overall, _joins = self._limits()
        joined = self._joined(address)
        allowed = per_address.amount + joined // JOINS_PER_EXTRA_GUESS
        if self._count(per_address, "paja-door-fail", address) >= allowed:
            wait = self._wait(per_address, "paja-door-fail", address)
            raise DoorClosed(
                _("Too many wrong codes from this network. Check the code on the screen and "
                  "try again in %(minutes)d min.", minutes=math.ceil(wait / 60)), wait)
        if not joined and self._count(overall, "paja-door-fail", "*") >= overall.amount:
            wait = self._wait(overall, "paja-door-fail", "*")
            raise DoorClosed(
                _("Joining is paused for a moment because many wrong codes are being "
                  "tried. Try again in %(minutes)d min.", minutes=math.ceil(wait / 60)),
                wait)

    def failed(self, address: str) -> None:
        """Count a wrong code from ``address``. A room that has joined mistypes too; only
        wrong codes from addresses that have not joined count towards a sweep."""
        per_address, overall, _joins = self._limits()
        self.limiter.hit(_counter(per_address), "paja-door-fail", address)
        if not self._joined(address):
            self.limiter.hit(_counter(overall), "paja-door-fail", "*")

    def admit(self, address: str) -> None:
        """A right code is about to make a member: count it (loosely), and remember that
        this address is a room that joins, not a guesser."""
        if not current_app.config.get("RATELIMIT_ENABLED", True):
            return
        per_address, _overall, joins = self._limits()
        if not self.limiter.hit(joins, "paja-door-join", address):
            wait = max(1, math.ceil(
                self.limiter.get_window_stats(joins, "paja-door-join", address).reset_time
                - time.time()))
            raise DoorClosed(
                _("Very many people are joining from this network right now. Wait "
                  "%(seconds)d seconds and press Join again; what you wrote is kept.",
                  seconds=wait), wait)
        self.limiter.hit(_counter(per_address), "paja-door-joined", address)


def init_app(app) -> None:
    from ..extensions import FallbackWindow

    # Counted in memory while Redis is unreachable: people get in even then.
    app.extensions["paja_door"] = _Door(FallbackWindow(
        app.config.get("RATELIMIT_STORAGE_URI") or "memory://",
        app.config.get("RATELIMIT_STORAGE_OPTIONS")))

    @app.errorhandler(DoorClosed)
    def on_door_closed(error: DoorClosed):
        from ..api import wants_json

        if wants_json():
            response = make_response(error.body(), error.status)
        else:
            response = make_response(render_template(
                "error.html", status=error.status, message=error.message), error.status)
        response.headers["Retry-After"] = str(error.retry_after)
        return response


def door() -> _Door:
    return current_app.extensions["paja_door"]


def client_address() -> str:
    """The joining person's address: the peer, or with PROXY_COUNT set, what the trusted
    proxies say (ProxyFix has already put that into ``remote_addr``)."""
    return request.remote_addr or "unknown"


def find_workshop(code: str):
    """The open workshop with ``code`` for the person at the door, counting a wrong code as
    a guess. Returns ``None`` for a wrong code; raises :class:`DoorClosed` when refused."""
    from ..workshops.service import find_by_code

    address = client_address()
    the_door = door()
    the_door.check(address)
    workshop = find_by_code(code) if isinstance(code, str) else None
    if workshop is None:
        the_door.failed(address)
    return workshop
