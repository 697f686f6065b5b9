"""A workshop's turnout: how many participants are in, as one small entity.

Phones and the projector show how many have joined and count who may vote, but need not
know everyone who came (see ``Member.shown``). The count is kept on the workshop's row
with its own revision and sent coalesced: a join marks the workshop, and a flush a second
later counts once and records one event, so a hall joining from the QR code costs each
screen one small update a second instead of one per person.
"""

from __future__ import annotations

from sqlalchemy import func, select

from ..database import lock_workshop, write_transaction
from ..events.coalesce import soon
from ..events.entities import EntityKind, register
from ..events.service import record
from ..extensions import db
from ..workshops.models import Workshop
from .models import Member

INTERVAL = 1.0


def dump_turnout(workshop: Workshop) -> dict:
    return {"id": workshop.id, "participants": workshop.participant_count,
            "rev": workshop.turnout_rev}


register(EntityKind(name="turnout", full=dump_turnout, rev="turnout_rev",
                    rows=lambda wid: select(Workshop).where(Workshop.id == wid)))


def changed(workshop_id: str) -> None:
    """Someone joined or left ``workshop_id``: count again soon."""
    soon(workshop_id, flush, workshop_id, INTERVAL)


def count(workshop_id: str) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Member).where(
            Member.workshop_id == workshop_id, Member.role == "participant",
            Member.removed_at.is_(None)))


def flush(workshop_ids) -> None:
    with write_transaction():
        for workshop_id in sorted(workshop_ids):
            workshop = db.session.get(Workshop, workshop_id)
            if workshop is None:
                continue
            # Counted under the workshop's lock, so that a join or a removal committing
            # meanwhile is in the count this event gives every screen.
            lock_workshop(workshop_id)
            participants = count(workshop_id)
            if participants != workshop.participant_count:
                workshop.participant_count = participants
                record(workshop_id, "turnout", workshop, type="turnout.changed")
