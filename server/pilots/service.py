"""Pilots: a selected concept being tried by a team, followed through the months after the
workshops. Everyone in the workshop reads a pilot; its team members and the facilitators
change it and post its updates.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..access import Actor, require_contributor, require_facilitator, require_open
from ..concepts.models import Concept
from ..database import resent, write_transaction
from ..errors import Forbidden, Invalid, NotFound
from ..events.entities import EntityKind, register, workshop_rows
from ..events.service import record, record_by, remove_by
from ..extensions import db
from ..links import set_links
from ..members.models import Member
from ..personas import service as personas
from ..schemas import new_id, pair_id
from ..timeutil import epoch, utcnow
from .models import (
    Measure,
    MeasureValue,
    Pilot,
    PilotMember,
    PilotMilestone,
    PilotPersona,
    PilotStatusChange,
    PilotUpdate,
)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def dump_pilot(pilot: Pilot) -> dict:
    view = public_pilot(pilot)
    view["invite_token"] = pilot.invite_token
    view["invite_expires_at"] = epoch(pilot.invite_expires_at) if pilot.invite_expires_at else None
    return view


def public_pilot(pilot: Pilot) -> dict:
    return {"id": pilot.id, "concept_id": pilot.concept_id, "round_id": pilot.round_id,
            "status": pilot.status, "hypothesis": pilot.hypothesis,
            "contact_member_id": pilot.contact_member_id,
            "persona_ids": pilot.persona_ids, "starts_on": _day(pilot.starts_on),
            "ends_on": _day(pilot.ends_on), "progress": pilot.progress_now,
            "progress_set": pilot.progress is not None, "weight": pilot.weight,
            "created_at": epoch(pilot.created_at), "rev": pilot.rev}


def dump_team(row: PilotMember) -> dict:
    return {"id": row.id, "pilot_id": row.pilot_id, "member_id": row.member_id,
            "joined_at": epoch(row.joined_at), "rev": row.rev}


def dump_status(change: PilotStatusChange) -> dict:
    return {"id": change.id, "pilot_id": change.pilot_id, "status": change.status,
            "note": change.note, "member_id": change.member_id, "at": epoch(change.at),
            "rev": change.rev}


def dump_measure(measure: Measure) -> dict:
    return {"id": measure.id, "pilot_id": measure.pilot_id, "name": measure.name,
            "unit": measure.unit, "baseline": measure.baseline, "target": measure.target,
            "position": measure.position, "rev": measure.rev}


def dump_milestone(milestone: PilotMilestone) -> dict:
    return {"id": milestone.id, "pilot_id": milestone.pilot_id, "title": milestone.title,
            "due_on": _day(milestone.due_on), "done_on": _day(milestone.done_on),
            "position": milestone.position, "rev": milestone.rev}


def dump_update(update: PilotUpdate) -> dict:
    values = db.session.execute(
        select(MeasureValue.measure_id, MeasureValue.value, MeasureValue.measured_on)
        .where(MeasureValue.update_id == update.id).order_by(MeasureValue.id)).all()
    return {"id": update.id, "pilot_id": update.pilot_id, "member_id": update.member_id,
            "did": update.did, "learned": update.learned, "next_step": update.next_step,
            "blockers": update.blockers, "help_needed": update.help_needed,
            "values": [{"measure_id": m, "value": v, "measured_on": _day(d)}
                       for m, v, d in values],
            "happened_on": _day(update.day),
            "resolved_at": epoch(update.resolved_at) if update.resolved_at else None,
            "resolved_by": update.resolved_by_id,
            "created_at": epoch(update.created_at), "rev": update.rev}



# The invitation link is for the facilitators (and the team, who ask for it by command).
register(EntityKind(name="pilot", full=dump_pilot, public=public_pilot,
                    rows=workshop_rows(Pilot, Pilot.created_at)))
register(EntityKind(name="pilot_member", full=dump_team,
                    rows=workshop_rows(PilotMember, PilotMember.joined_at)))
register(EntityKind(name="pilot_status", full=dump_status,
                    rows=workshop_rows(PilotStatusChange, PilotStatusChange.at)))
register(EntityKind(name="pilot_measure", resendable=True, full=dump_measure,
                    rows=workshop_rows(Measure, Measure.position)))
register(EntityKind(name="pilot_milestone", resendable=True, full=dump_milestone,
                    rows=workshop_rows(PilotMilestone, PilotMilestone.position)))
register(EntityKind(name="pilot_update", resendable=True, full=dump_update,
                    rows=workshop_rows(PilotUpdate, PilotUpdate.created_at)))


# -- lookups and the one rule ------------------------------------------------------------------


def get_pilot(actor: Actor, pilot_id, field: str = "pilot_id") -> Pilot:
    pilot = db.session.get(Pilot, pilot_id) if isinstance(pilot_id, str) else None
    if pilot is None or pilot.workshop_id != actor.workshop.id:
        raise NotFound(_("No such pilot."), {field: [_("Unknown id.")]})
    return pilot


def in_team(pilot: Pilot, member_id: str | None) -> bool:
    return member_id is not None and db.session.get(
        PilotMember, pair_id(pilot.id, member_id)) is not None


def require_team(actor: Actor, pilot: Pilot) -> None:
    """Only the pilot's team members and the facilitators change a pilot."""
    require_contributor(actor)
    require_open(actor)
    if not actor.is_facilitator and not in_team(pilot, actor.member_id):
        raise Forbidden(_("Only this pilot's team and the facilitators can do this. Join the "
                          "team first."))



def _member_in_workshop(actor: Actor, member_id, field: str) -> Member:
    member = db.session.get(Member, member_id) if isinstance(member_id, str) else None
    if member is None or member.workshop_id != actor.workshop.id or not member.active:
        raise Invalid.field(field, _("No such member in this workshop."))
    return member


# -- making a pilot -------------------------------------------------------------------------------


def create_pilot(actor: Actor, concept: Concept, round_=None) -> Pilot:
    """The concept's pilot (one per concept: asking again changes nothing). Its target
    personas start as the concept's."""
    pilot = db.session.scalar(select(Pilot).where(Pilot.concept_id == concept.id))
    if pilot is None:
        pilot = Pilot(id=pair_id("pilot", concept.id), workshop_id=concept.workshop_id,
                      concept_id=concept.id, round_id=round_.id if round_ else None,
                      status="planned", hypothesis="")
        set_links(pilot, "persona_ids", concept.persona_ids)
        db.session.add(pilot)
        record(concept.workshop_id, "pilot", pilot, type="pilot.created",
               actor_member_id=actor.member_id)
    return pilot


def create_by_hand(actor: Actor, data: dict) -> Pilot:
    """A facilitator starts a pilot for a concept without a vote; it becomes "selected"."""
    concept_id = data["concept_id"]
    require_facilitator(actor)
    require_open(actor)
    with write_transaction():
        concept = db.session.get(Concept, concept_id) if isinstance(concept_id, str) else None
        if concept is None or concept.workshop_id != actor.workshop.id:
            raise Invalid.field("concept_id", _("No such concept."))
        if concept.stage in ("draft", "refined", "dropped"):
            concept.stage = "selected"
            record_by(actor, "concept", concept, type="concept.selected")
        return create_pilot(actor, concept)


# -- the pilot page -------------------------------------------------------------------------------


def save_pilot(actor: Actor, data: dict) -> Pilot:
    from ..challenges.service import _check_personas

    with write_transaction():
        pilot = get_pilot(actor, data["pilot_id"])
        require_team(actor, pilot)
        changed = False
        if "hypothesis" in data and data["hypothesis"] != pilot.hypothesis:
            pilot.hypothesis = data["hypothesis"]
            changed = True
        if "contact_member_id" in data:
            contact = data["contact_member_id"]
            if contact is not None:
                contact = _member_in_workshop(actor, contact, "contact_member_id").id
            if contact != pilot.contact_member_id:
                pilot.contact_member_id = contact
                changed = True
        if "persona_ids" in data and set_links(
                pilot, "persona_ids", _check_personas(actor, data["persona_ids"])):
            changed = True
        if "weight" in data and data["weight"] != pilot.weight:
            require_facilitator(actor)
            pilot.weight = data["weight"]
            changed = True
        for name in ("starts_on", "ends_on", "progress"):
            if name in data and data[name] != getattr(pilot, name):
                setattr(pilot, name, data[name])
                changed = True
        if pilot.starts_on and pilot.ends_on and pilot.ends_on < pilot.starts_on:
            raise Invalid.field("ends_on", _("The end date must not be before the start date."))
        if changed:
            record_by(actor, "pilot", pilot, type="pilot.updated")
    return pilot


def set_status(actor: Actor, data: dict) -> Pilot:
    """Change the status; every change is kept in the pilot's history, with its note."""
    with write_transaction():
        pilot = get_pilot(actor, data["pilot_id"])
        require_team(actor, pilot)
        if data["status"] == pilot.status and not data.get("note"):
            return pilot
        pilot.status = data["status"]
        pilot.progress = None  # the new status's own figure, until the team adjusts it
        change = PilotStatusChange(id=new_id(), workshop_id=actor.workshop.id,
                                   pilot_id=pilot.id, status=data["status"],
                                   note=data.get("note", ""), member_id=actor.member_id)
        db.session.add(change)
        record_by(actor, "pilot", pilot, type="pilot.status")
        record_by(actor, "pilot_status", change, type="pilot.status_logged")
        concept = db.session.get(Concept, pilot.concept_id)
        if pilot.status == "running" and concept.stage == "selected":
            concept.stage = "piloting"
            record_by(actor, "concept", concept, type="concept.piloting")
    return pilot


# -- the team -------------------------------------------------------------------------------------


def _who(actor: Actor, data: dict) -> Member:
    member_id = data.get("member_id") or actor.member_id
    if member_id != actor.member_id:
        require_facilitator(actor)
    if member_id is None:
        raise Forbidden(_("Join the workshop first."))
    return _member_in_workshop(actor, member_id, "member_id")


def join_team(actor: Actor, data: dict) -> PilotMember:
    """Join a pilot's team (or, for facilitators, add someone). Joining twice is one
    membership."""
    require_contributor(actor)
    require_open(actor)
    with write_transaction():
        pilot = get_pilot(actor, data["pilot_id"])
        member = _who(actor, data)
        return _add(actor, pilot, member)


def _add(actor: Actor, pilot: Pilot, member: Member) -> PilotMember:
    row = db.session.get(PilotMember, pair_id(pilot.id, member.id))
    if row is None:
        row = PilotMember(id=pair_id(pilot.id, member.id), workshop_id=pilot.workshop_id,
                          pilot_id=pilot.id, member_id=member.id)
        db.session.add(row)
        record(pilot.workshop_id, "pilot_member", row, type="pilot.joined",
               actor_member_id=actor.member_id if actor else member.id)
    return row


def leave_team(actor: Actor, data: dict) -> PilotMember:
    require_contributor(actor)
    require_open(actor)
    with write_transaction():
        pilot = get_pilot(actor, data["pilot_id"])
        member = _who(actor, data)
        row = db.session.get(PilotMember, pair_id(pilot.id, member.id))
        if row is None:
            raise Invalid.field("member_id", _("Not in this pilot's team."))
        db.session.delete(row)
        record_by(actor, "pilot_member", row, type="pilot.left", op="delete")
    return row


def invitation(actor: Actor, data: dict) -> dict:
    """The team's invitation link: made (or made again, once expired) on request; a new one
    retires the old. Facilitators make them; the team only where the facilitators allow it,
    since a link lets people into the workshop without its code."""
    pilot_id, regenerate = data["pilot_id"], data["regenerate"]
    with write_transaction():
        pilot = get_pilot(actor, pilot_id)
        require_team(actor, pilot)
        if not actor.is_facilitator and not actor.workshop.teams_may_invite:
            raise Forbidden(_("Ask a facilitator for an invitation link to this team."))
        if not _invitation_works(pilot) or regenerate:
            pilot.invite_token = secrets.token_urlsafe(18)
            pilot.invite_expires_at = utcnow() + timedelta(
                days=current_app.config["INVITATION_DAYS"])
            record_by(actor, "pilot", pilot, type="pilot.invitation")
        return {"pilot_id": pilot.id, "token": pilot.invite_token,
                "expires_at": epoch(pilot.invite_expires_at)}


def _invitation_works(pilot: Pilot) -> bool:
    return bool(pilot.invite_token and pilot.invite_expires_at
                and pilot.invite_expires_at > utcnow())


def retire_invitations(actor: Actor) -> None:
    """End every invitation link of the workshop (inside the caller's transaction)."""
    for pilot in db.session.scalars(select(Pilot).where(
            Pilot.workshop_id == actor.workshop.id, Pilot.invite_token.is_not(None))):
        pilot.invite_token = None
        pilot.invite_expires_at = None
        record_by(actor, "pilot", pilot, type="pilot.invitation")


def find_by_invitation(token: str):
    """The pilot and workshop of a working invitation link, or ``(None, None)``."""
    from ..workshops.models import Workshop

    if not isinstance(token, str) or not token or len(token) > 32:
        return None, None
    pilot = db.session.scalar(select(Pilot).where(Pilot.invite_token == token))
    if pilot is None or not _invitation_works(pilot):
        return None, None
    workshop = db.session.get(Workshop, pilot.workshop_id)
    if workshop is None or workshop.status != "active":
        return None, None
    return pilot, workshop


def accept_invitation(pilot: Pilot, member: Member) -> PilotMember:
    """Someone who came by the team's link (and has just joined, or already was in the
    workshop) joins the team."""
    with write_transaction():
        return _add(None, pilot, member)


# -- measures -------------------------------------------------------------------------------------


def save_measure(actor: Actor, data: dict) -> Measure:
    with write_transaction():
        measure = db.session.get(Measure, data["id"])
        if measure is not None and measure.workshop_id != actor.workshop.id:
            raise Invalid.field("id", _("That id is already in use; generate a new one."))
        if measure is None:
            if not data.get("pilot_id"):
                raise Invalid.field("pilot_id", _("Say which pilot the measure is for."))
            if not data.get("name"):
                raise Invalid.field("name", _("Name the measure."))
            pilot = get_pilot(actor, data["pilot_id"])
            require_team(actor, pilot)
            last = db.session.scalar(select(func.max(Measure.position))
                                     .where(Measure.pilot_id == pilot.id))
            measure = Measure(id=data["id"], workshop_id=actor.workshop.id, pilot_id=pilot.id,
                              name=data["name"], unit=data.get("unit", ""),
                              baseline=data.get("baseline"), target=data.get("target"),
                              position=0 if last is None else last + 1)
            db.session.add(measure)
            record_by(actor, "pilot_measure", measure, type="pilot.measure_added")
            return measure
        require_team(actor, db.session.get(Pilot, measure.pilot_id))
        changed = False
        for name in ("name", "unit", "baseline", "target"):
            if name in data and data[name] != getattr(measure, name) and (
                    name != "name" or data[name]):
                setattr(measure, name, data[name])
                changed = True
        if changed:
            record_by(actor, "pilot_measure", measure, type="pilot.measure_changed")
    return measure


def delete_measure(actor: Actor, data: dict) -> Measure:
    measure_id = data["measure_id"]
    with write_transaction():
        measure = db.session.get(Measure, measure_id) if isinstance(measure_id, str) else None
        if measure is None or measure.workshop_id != actor.workshop.id:
            raise NotFound(_("No such measure."), {"measure_id": [_("Unknown id.")]})
        require_team(actor, db.session.get(Pilot, measure.pilot_id))
        updates = set(db.session.scalars(select(MeasureValue.update_id)
                                         .where(MeasureValue.measure_id == measure.id)))
        db.session.delete(measure)
        db.session.flush()
        record_by(actor, "pilot_measure", measure, type="pilot.measure_removed", op="delete")
        for update_id in sorted(updates):  # their values went with it
            record_by(actor, "pilot_update", db.session.get(PilotUpdate, update_id),
                      type="pilot.update_values_removed")
    return measure


def programme_progress(pilots) -> int | None:
    """The programme's progress in per cent: its pilots' progress weighted by their weights,
    stopped pilots left out (they will not get further); ``None`` without a pilot to count."""
    counted = [p for p in pilots if p.status != "stopped"]
    total = sum(p.weight for p in counted)
    if not total:
        return None
    return round(sum(p.progress_now * p.weight for p in counted) / total)


# -- milestones -----------------------------------------------------------------------------------


def save_milestone(actor: Actor, data: dict) -> PilotMilestone:
    """Add a milestone to a pilot's plan, or change one (its title, when it is due, when
    it was done). The id is the device's: a resend of the same milestone changes nothing."""
    with write_transaction():
        milestone = db.session.get(PilotMilestone, data["id"])
        if milestone is not None and milestone.workshop_id != actor.workshop.id:
            raise Invalid.field("id", _("That id is already in use; generate a new one."))
        if milestone is None:
            if not data.get("pilot_id"):
                raise Invalid.field("pilot_id", _("Say which pilot the milestone is for."))
            if not data.get("title"):
                raise Invalid.field("title", _("Name the milestone."))
            pilot = get_pilot(actor, data["pilot_id"])
            require_team(actor, pilot)
            last = db.session.scalar(select(func.max(PilotMilestone.position))
                                     .where(PilotMilestone.pilot_id == pilot.id))
            milestone = PilotMilestone(
                id=data["id"], workshop_id=actor.workshop.id, pilot_id=pilot.id,
                title=data["title"], due_on=data.get("due_on"), done_on=data.get("done_on"),
                position=0 if last is None else last + 1)
            db.session.add(milestone)
            record_by(actor, "pilot_milestone", milestone, type="pilot.milestone_added")
            return milestone
        require_team(actor, db.session.get(Pilot, milestone.pilot_id))
        if "pilot_id" in data and data["pilot_id"] != milestone.pilot_id:
            raise Invalid.field("pilot_id", _("A milestone stays with its pilot."))
        changed = False
        for name in ("title", "due_on", "done_on"):
            if name in data and data[name] != getattr(milestone, name) and (
                    name != "title" or data[name]):
                setattr(milestone, name, data[name])
                changed = True
        if changed:
            record_by(actor, "pilot_milestone", milestone, type="pilot.milestone_changed")
    return milestone


def delete_milestone(actor: Actor, data: dict) -> PilotMilestone:
    milestone_id = data["milestone_id"]
    with write_transaction():
        milestone = (db.session.get(PilotMilestone, milestone_id)
                     if isinstance(milestone_id, str) else None)
        if milestone is None or milestone.workshop_id != actor.workshop.id:
            raise NotFound(_("No such milestone."), {"milestone_id": [_("Unknown id.")]})
        require_team(actor, db.session.get(Pilot, milestone.pilot_id))
        remove_by(actor, "pilot_milestone", milestone, type="pilot.milestone_removed")
    return milestone


# -- updates --------------------------------------------------------------------------------------


def add_update(actor: Actor, data: dict) -> PilotUpdate:
    """Log what we did and learned, measure values, the next step, blockers and help
    needed. The id is the device's: a resend creates nothing."""
    with write_transaction():
        pilot = get_pilot(actor, data["pilot_id"])
        existing = resent(PilotUpdate, data["id"], lambda u: u.member_id == actor.member_id
                          and u.pilot_id == pilot.id, actor.workshop.id)
        if existing is not None:
            return existing
        require_team(actor, pilot)
        measures = {m.id: m for m in db.session.scalars(
            select(Measure).where(Measure.pilot_id == pilot.id))}
        seen = set()
        for index, value in enumerate(data.get("values") or []):
            if value["measure_id"] not in measures:
                raise Invalid.field("values", _("Value %(n)d: no such measure in this pilot.",
                                                n=index + 1))
            if value["measure_id"] in seen:
                raise Invalid.field("values", _("Value %(n)d: that measure is given twice.",
                                                n=index + 1))
            seen.add(value["measure_id"])
        day = data.get("happened_on") or date.today()
        update = PilotUpdate(id=data["id"], workshop_id=actor.workshop.id, pilot_id=pilot.id,
                             member_id=actor.member_id, happened_on=day,
                             **{name: data.get(name, "") for name in (
                                 "did", "learned", "next_step", "blockers", "help_needed")})
        db.session.add(update)
        db.session.flush()
        for value in data.get("values") or []:
            db.session.add(MeasureValue(update_id=update.id, measure_id=value["measure_id"],
                                        value=value["value"],
                                        measured_on=value.get("measured_on") or day))
        db.session.flush()
        record_by(actor, "pilot_update", update, type="pilot.update_posted")
    return update


def _team_update(actor: Actor, update_id) -> PilotUpdate:
    """The workshop's update ``update_id``, if ``actor`` is in its pilot's team (or leads)."""
    update = db.session.get(PilotUpdate, update_id) if isinstance(update_id, str) else None
    if update is None or update.workshop_id != actor.workshop.id:
        raise NotFound(_("No such update."), {"update_id": [_("Unknown id.")]})
    require_team(actor, db.session.get(Pilot, update.pilot_id))
    return update


def resolve_update(actor: Actor, data: dict) -> PilotUpdate:
    """Mark an update's blockers and help needed as dealt with (or open them again). They
    stay on the pilots' overview until then, however many updates come after."""
    with write_transaction():
        update = _team_update(actor, data["update_id"])
        if not (update.blockers or update.help_needed):
            raise Invalid.field("update_id", _(
                "This update names no blockers or help needed: there is nothing to resolve."))
        if data["resolved"] == (update.resolved_at is not None):
            return update
        update.resolved_at = utcnow() if data["resolved"] else None
        update.resolved_by_id = actor.member_id if data["resolved"] else None
        record_by(actor, "pilot_update", update,
                  type="pilot.update_resolved" if data["resolved"] else "pilot.update_reopened")
    return update


def delete_update(actor: Actor, data: dict) -> PilotUpdate:
    with write_transaction():
        update = _team_update(actor, data["update_id"])
        if not actor.is_facilitator and update.member_id != actor.member_id:
            raise Forbidden(_("You can only remove your own updates."))
        _remove_update(actor, update)
    return update


def _remove_update(actor: Actor, update: PilotUpdate) -> None:
    from ..comments.service import remove_on

    remove_on(actor, "pilot_update", update.id)
    remove_by(actor, "pilot_update", update, type="pilot.update_removed")


def remove_pilot_of(actor: Actor, concept: Concept) -> None:
    """A concept's removal takes its pilot with it: the team, the status log, the updates
    and measures and the pilot's discussion, each with its own event."""
    from ..comments.service import remove_on

    pilot = db.session.scalar(select(Pilot).where(Pilot.concept_id == concept.id))
    if pilot is None:
        return
    for row in db.session.scalars(select(PilotMember).where(PilotMember.pilot_id == pilot.id)):
        remove_by(actor, "pilot_member", row, type="pilot.left")
    for change in db.session.scalars(select(PilotStatusChange).where(
            PilotStatusChange.pilot_id == pilot.id)):
        remove_by(actor, "pilot_status", change, type="pilot.status_removed")
    for update in db.session.scalars(select(PilotUpdate).where(PilotUpdate.pilot_id == pilot.id)):
        _remove_update(actor, update)
    for measure in db.session.scalars(select(Measure).where(Measure.pilot_id == pilot.id)):
        remove_by(actor, "pilot_measure", measure, type="pilot.measure_removed")
    for milestone in db.session.scalars(select(PilotMilestone).where(
            PilotMilestone.pilot_id == pilot.id)):
        remove_by(actor, "pilot_milestone", milestone, type="pilot.milestone_removed")
    remove_on(actor, "pilot", pilot.id)
    remove_by(actor, "pilot", pilot, type="pilot.removed")


# -- links from elsewhere -------------------------------------------------------------------------


def _persona_links(workshop_id: str, persona_id: str, actor: Actor):
    names = dict(db.session.execute(select(Concept.id, Concept.name)
                                    .where(Concept.workshop_id == workshop_id)).all())
    return [("pilots", [
        {"id": p.id, "concept_id": p.concept_id, "name": names.get(p.concept_id, ""),
         "status": p.status}
        for p in db.session.scalars(
            select(Pilot).join(PilotPersona)
            .where(Pilot.workshop_id == workshop_id, PilotPersona.persona_id == persona_id)
            .order_by(Pilot.created_at))])]


def _comment_target(kind):
    def find(actor: Actor, target_id: str):
        if kind == "pilot":
            return get_pilot(actor, target_id, "target_id")
        update = db.session.get(PilotUpdate, target_id) if isinstance(target_id, str) else None
        if update is None or update.workshop_id != actor.workshop.id:
            raise NotFound(_("No such update."), {"target_id": [_("Unknown id.")]})
        return update
    return find


def _register() -> None:
    from ..comments.service import TARGETS

    TARGETS["pilot"] = _comment_target("pilot")
    TARGETS["pilot_update"] = _comment_target("pilot_update")
    personas.LINKS.append(_persona_links)


_register()
