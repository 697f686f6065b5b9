"""Pilots: made when a vote's chosen concepts are selected (issue 5). Their pages - team,
measures, updates - come with issue 6."""

from __future__ import annotations

from sqlalchemy import select

from ..events.entities import EntityKind, register
from ..events.service import record
from ..extensions import db
from ..schemas import pair_id
from ..timeutil import epoch
from .models import Pilot


def dump_pilot(pilot: Pilot) -> dict:
    return {"id": pilot.id, "concept_id": pilot.concept_id, "round_id": pilot.round_id,
            "status": pilot.status, "created_at": epoch(pilot.created_at), "rev": pilot.rev}


register(EntityKind(name="pilot", full=dump_pilot, rows=lambda wid: select(Pilot).where(
    Pilot.workshop_id == wid).order_by(Pilot.created_at)))


def create_pilot(actor, concept, round_=None) -> Pilot:
    """The concept's pilot (one per concept: choosing it again changes nothing)."""
    pilot = db.session.scalar(select(Pilot).where(Pilot.concept_id == concept.id))
    if pilot is None:
        pilot = Pilot(id=pair_id("pilot", concept.id), workshop_id=concept.workshop_id,
                      concept_id=concept.id, round_id=round_.id if round_ else None)
        db.session.add(pilot)
        record(concept.workshop_id, "pilot", pilot, type="pilot.created",
               actor_member_id=actor.member_id)
    return pilot
