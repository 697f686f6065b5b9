"""Changes that reach the screens coalesced rather than one event per cause.

Some changes happen far faster than anyone can read them: a hall tapping votes, or joining
from the QR code at once. Their cause marks what it changed; the first mark in a quiet
workshop schedules one flush a short interval later, which records one event per changed
item (one broadcast per visibility level) - so however fast people tap, the screens get a
few updates a second, while each person's own answer comes at once.

Each process flushes what its own requests marked; the event log makes the result reach
every process's clients.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable

from flask import current_app

from ..extensions import db, socketio

log = logging.getLogger(__name__)

_lock = threading.Lock()
_pending: dict[tuple[str, Callable], set] = {}
_flushing = 0  # flushes scheduled and not yet done


def soon(workshop_id: str, flush: Callable[[set], None], key: Hashable, interval: float) -> None:
    """Have ``flush`` called with every key marked for ``workshop_id`` within ``interval``."""
    global _flushing
    app = current_app._get_current_object()
    slot = (workshop_id, flush)
    with _lock:
        scheduled = slot in _pending
        _pending.setdefault(slot, set()).add(key)
        if not scheduled:
            _flushing += 1
    if not scheduled:
        socketio.start_background_task(_flush_later, app, slot, interval)


def _flush_later(app, slot: tuple[str, Callable], interval: float) -> None:
    global _flushing
    socketio.sleep(interval)
    with _lock:
        keys = _pending.pop(slot, set())
    try:
        with app.app_context():
            slot[1](keys)
            db.session.remove()
    except Exception:
        log.exception("sending coalesced changes (%s) failed",
                      getattr(slot[1], "__qualname__", slot[1]))
    finally:
        with _lock:
            _flushing -= 1


def wait_until_sent(timeout: float = 5.0) -> bool:
    """Wait for the flushes already scheduled to be done (a server shutting down, or a test
    ending before its database goes away). True when none is left."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with _lock:
            if not _flushing:
                return True
        socketio.sleep(0.02)
    return False
