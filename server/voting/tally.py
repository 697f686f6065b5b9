"""Tallies and turnout reach the screens coalesced; deadlines close rounds by themselves.

A vote marks its round dirty. The first mark in a quiet workshop schedules one flush
:data:`INTERVAL` later, which sends each dirty round once (one event, one broadcast per
visibility level) - so however fast people tap, a workshop's screens get at most about ten
updates a second, while each voter's own answer comes at once.

Each process flushes what its own voters changed; the event log makes the result reach
every process's clients. A round with a deadline is closed by a timer in the process that
opened it, by a sweep every few seconds in every server process (so a restart does not
forget it), and by the first vote that arrives too late - whichever comes first; closing
twice is harmless.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from flask import current_app

from ..extensions import db, socketio
from ..timeutil import utcnow

log = logging.getLogger(__name__)
INTERVAL = 0.1
SWEEP_EVERY = 2.0

_lock = threading.Lock()
_dirty: dict[str, set[str]] = {}
_flushing = 0  # flushes scheduled and not yet done


def mark_dirty(workshop_id: str, round_id: str) -> None:
    global _flushing
    app = current_app._get_current_object()
    with _lock:
        scheduled = workshop_id in _dirty
        _dirty.setdefault(workshop_id, set()).add(round_id)
        if not scheduled:
            _flushing += 1
    if not scheduled:
        socketio.start_background_task(_flush_later, app, workshop_id)


def _flush_later(app, workshop_id: str) -> None:
    global _flushing
    socketio.sleep(INTERVAL)
    with _lock:
        round_ids = _dirty.pop(workshop_id, set())
    try:
        with app.app_context():
            flush(round_ids)
            db.session.remove()
    except Exception:
        log.exception("sending vote tallies failed")
    finally:
        with _lock:
            _flushing -= 1


def wait_until_sent(timeout: float = 5.0) -> bool:
    """Wait for the tallies already scheduled to be sent (a server shutting down, or a test
    ending before its database goes away). True when none is left."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with _lock:
            if not _flushing:
                return True
        socketio.sleep(0.02)
    return False


def flush(round_ids) -> None:
    from ..database import write_transaction
    from ..events.service import record
    from .models import VoteRound

    with write_transaction():
        for round_id in sorted(round_ids):
            round_ = db.session.get(VoteRound, round_id)
            if round_ is not None:
                record(round_.workshop_id, "vote_round", round_, type="vote.tally")


def close_at(round_id: str, when: datetime) -> None:
    app = current_app._get_current_object()
    socketio.start_background_task(_close_later, app, round_id, when)


def _close_later(app, round_id: str, when: datetime) -> None:
    from .service import close_if_due

    socketio.sleep(max(0.0, (when - utcnow()).total_seconds()) + 0.05)
    try:
        with app.app_context():
            close_if_due(round_id)
            db.session.remove()
    except Exception:
        log.exception("closing vote round %s failed", round_id)


def sweep_forever(app) -> None:
    """Run by each server process: close every round whose time has passed."""
    from .service import close_if_due, overdue_rounds

    while True:
        socketio.sleep(SWEEP_EVERY)
        try:
            with app.app_context():
                for round_id in overdue_rounds():
                    close_if_due(round_id)
                db.session.remove()
        except Exception:
            log.exception("closing overdue vote rounds failed")
