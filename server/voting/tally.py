"""Tallies and turnout reach the screens coalesced; deadlines close rounds by themselves.

A vote marks its round dirty; each dirty round is sent once per :data:`INTERVAL` (see
events.coalesce), so a workshop's screens get at most about ten tally updates a second,
while each voter's own answer comes at once. A round with a deadline is closed by a timer
in the process that opened it, by a sweep every few seconds in every server process (so a
restart does not forget it), and by the first vote that arrives too late - whichever comes
first; closing twice is harmless.
"""

from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app

from ..events.coalesce import soon, wait_until_sent
from ..extensions import db, socketio
from ..timeutil import utcnow

log = logging.getLogger(__name__)
INTERVAL = 0.1
SWEEP_EVERY = 2.0

__all__ = ["close_at", "mark_dirty", "sweep_forever", "wait_until_sent"]


def mark_dirty(workshop_id: str, round_id: str) -> None:
    soon(workshop_id, flush, round_id, INTERVAL)


def flush(round_ids) -> None:
    from ..database import lock_workshop, write_transaction
    from ..events.service import record
    from .models import VoteRound

    with write_transaction():
        for round_id in sorted(round_ids):
            round_ = db.session.get(VoteRound, round_id)
            if round_ is None:
                continue
            # Read again under the workshop's lock: a writer that held it meanwhile (an
            # erasure taking an idea off the ballot) may have changed the round since the
            # first read, and the tally's event is the round as it is when it is numbered -
            # else it would bring back, for every screen, a ballot that is gone.
            lock_workshop(round_.workshop_id)
            round_ = db.session.get(VoteRound, round_id, populate_existing=True)
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
