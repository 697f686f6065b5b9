"""Running a session: start and end it, move between phases, the timer and the input lock.

Remaining time is always derived from the server's clock (``timer_ends_at``), so every
device shows the same countdown however late it joined or however its own clock drifts.
"""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from ..access import Actor, require_facilitator, require_open
from ..coaching.markdown import render_both
from ..database import write_transaction
from ..errors import Invalid, NotFound
from ..events.entities import EntityKind, register
from ..events.service import record
from ..extensions import db
from ..schemas import new_id
from ..timeutil import epoch, utcnow
from ..workshops.models import Workshop
from .models import Phase, WorkshopSession

MAX_TIMER_SECONDS = 8 * 3600


def timer_view(session: WorkshopSession) -> dict:
    if session.timer_ends_at is not None:
        state = "running"
    elif session.timer_remaining is not None:
        state = "paused"
    else:
        state = "idle"
    return {
        "state": state,
        "duration": session.timer_duration,
        "ends_at": epoch(session.timer_ends_at),
        "remaining": session.timer_remaining,
    }


def dump_phase(phase: Phase) -> dict:
    return {
        "id": phase.id,
        "position": phase.position,
        "title": phase.title,
        "instructions": phase.instructions,
        "minutes": phase.minutes,
        "activity": phase.activity,
        "focus": phase.focus,
    }


def dump_session(session: WorkshopSession) -> dict:
    return {
        "id": session.id,
        "workshop_id": session.workshop_id,
        "position": session.position,
        "kind": session.kind,
        "title": session.title,
        "description": session.description,
        "task": session.task,
        "material": session.material,
        "material_html": render_both(session.material),
        "opens_on": session.opens_on.isoformat() if session.opens_on else None,
        "due_on": session.due_on.isoformat() if session.due_on else None,
        "status": session.status,
        "current_phase_id": session.current_phase_id,
        "locked": session.locked,
        "timer": timer_view(session),
        "phases": [dump_phase(p) for p in session.phases],
        "rev": session.rev,
    }


session_kind = register(
    EntityKind(
        name="session", resendable=True,
        full=dump_session,
        rows=lambda wid: select(WorkshopSession)
        .where(WorkshopSession.workshop_id == wid)
        .order_by(WorkshopSession.position),
    )
)


def _session(actor: Actor, session_id: str) -> WorkshopSession:
    session = db.session.get(WorkshopSession, session_id)
    # Another workshop's session is reported exactly like a missing one.
    if session is None or session.workshop_id != actor.workshop.id:
        raise NotFound(_("No such session in this workshop."), {"session_id": [_("Unknown id.")]})
    return session


def _facilitating(actor: Actor, session_id: str) -> WorkshopSession:
    require_facilitator(actor)
    require_open(actor)
    return _session(actor, session_id)


def _save(actor: Actor, session: WorkshopSession, type: str) -> WorkshopSession:
    record(session.workshop_id, "session", session, type=type, actor_member_id=actor.member_id)
    return session


def _reset_timer(session: WorkshopSession, phase: Phase | None) -> None:
    session.timer_ends_at = None
    session.timer_remaining = None
    session.timer_duration = phase.minutes * 60 if phase else None


def start_session(actor: Actor, data: dict) -> WorkshopSession:
    """Make this the workshop's current session; a session already live is ended."""
    session_id = data["session_id"]
    with write_transaction():
        session = _facilitating(actor, session_id)
        workshop = db.session.get(Workshop, actor.workshop.id)
        if workshop.current_session_id and workshop.current_session_id != session.id:
            previous = db.session.get(WorkshopSession, workshop.current_session_id)
            if previous is not None and previous.status == "live":
                previous.status = "ended"
                previous.ended_at = utcnow()
                _reset_timer(previous, None)
                _save(actor, previous, "session.ended")
        if session.status != "live":
            session.status = "live"
            session.started_at = utcnow()
            session.ended_at = None
            if session.current_phase_id is None and session.phases:
                session.current_phase_id = session.phases[0].id
                _reset_timer(session, session.phases[0])
        workshop.current_session_id = session.id
        _save(actor, session, "session.started")
        record(workshop.id, "workshop", workshop, type="workshop.updated",
               actor_member_id=actor.member_id)
    return session


def end_session(actor: Actor, data: dict) -> WorkshopSession:
    session_id = data["session_id"]
    with write_transaction():
        session = _facilitating(actor, session_id)
        session.status = "ended"
        session.ended_at = utcnow()
        _reset_timer(session, None)
        workshop = db.session.get(Workshop, actor.workshop.id)
        if workshop.current_session_id == session.id:
            workshop.current_session_id = None
            record(workshop.id, "workshop", workshop, type="workshop.updated",
                   actor_member_id=actor.member_id)
        _save(actor, session, "session.ended")
    return session


def go_to_phase(actor: Actor, data: dict) -> WorkshopSession:
    """Move to a named phase, or one step forward (``step: 1``) or back (``step: -1``).

    The timer is set to the new phase's suggested minutes and waits to be started.
    """
    session_id = data["session_id"]
    with write_transaction():
        session = _facilitating(actor, session_id)
        phases = session.phases
        if not phases:
            raise Invalid.field("phase_id", _("This session has no phases yet; add one first."))
        if data.get("phase_id"):
            target = next((p for p in phases if p.id == data["phase_id"]), None)
            if target is None:
                raise Invalid.field("phase_id", _("That phase is not in this session."))
        else:
            ids = [p.id for p in phases]
            index = ids.index(session.current_phase_id) if session.current_phase_id in ids else -1
            new_index = index + data["step"]
            if not 0 <= new_index < len(phases):
                raise Invalid.field(
                    "step",
                    _("This is already the last phase.") if data["step"] > 0
                    else _("This is already the first phase."),
                )
            target = phases[new_index]
        if target.id != session.current_phase_id:
            session.current_phase_id = target.id
            _reset_timer(session, target)
        _save(actor, session, "session.phase_changed")
    return session


def control_timer(actor: Actor, data: dict) -> WorkshopSession:
    """Start, pause, resume, add time to or reset the session's timer."""
    session_id, action = data["session_id"], data["action"]
    with write_transaction():
        session = _facilitating(actor, session_id)
        now = utcnow()
        if action == "start":
            seconds = data.get("seconds") or session.timer_duration
            if not seconds:
                raise Invalid.field("seconds", _("Say how many seconds the timer runs."))
            session.timer_duration = seconds
            session.timer_ends_at = now + timedelta(seconds=seconds)
            session.timer_remaining = None
        elif action == "pause":
            if session.timer_ends_at is None:
                raise Invalid.field("action", _("The timer is not running."))
            session.timer_remaining = max(0.0, (session.timer_ends_at - now).total_seconds())
            session.timer_ends_at = None
        elif action == "resume":
            if session.timer_remaining is None:
                raise Invalid.field("action", _("The timer is not paused."))
            session.timer_ends_at = now + timedelta(seconds=session.timer_remaining)
            session.timer_remaining = None
        elif action == "add":
            seconds = data.get("seconds") or 60
            if session.timer_ends_at is not None:
                remaining = (session.timer_ends_at - now).total_seconds()
                # Adding to a timer that already ran out starts it again from now.
                session.timer_ends_at = now + timedelta(seconds=max(0.0, remaining) + seconds)
            elif session.timer_remaining is not None:
                session.timer_remaining += seconds
            session.timer_duration = min(MAX_TIMER_SECONDS, (session.timer_duration or 0) + seconds)
        elif action == "reset":
            current = next((p for p in session.phases if p.id == session.current_phase_id), None)
            _reset_timer(session, current)
        _save(actor, session, f"session.timer_{action}")
    return session


def set_lock(actor: Actor, data: dict) -> WorkshopSession:
    """Lock or unlock participants' input in this session."""
    session_id, locked = data["session_id"], data["locked"]
    with write_transaction():
        session = _facilitating(actor, session_id)
        session.locked = locked
        _save(actor, session, "session.locked" if locked else "session.unlocked")
    return session


# -- the agenda ---------------------------------------------------------------------------


def create_session(actor: Actor, data: dict) -> WorkshopSession:
    """Add a session (with its phases) at the end of the agenda; a retried id is a no-op."""
    require_facilitator(actor)
    require_open(actor)
    with write_transaction():
        existing = db.session.get(WorkshopSession, data["id"])
        if existing is not None:
            if existing.workshop_id != actor.workshop.id:
                raise Invalid.field("id", _("That id is already in use; generate a new one."))
            return existing
        last = db.session.scalar(
            select(WorkshopSession.position)
            .where(WorkshopSession.workshop_id == actor.workshop.id)
            .order_by(WorkshopSession.position.desc())
            .limit(1)
        )
        session = WorkshopSession(
            id=data["id"],
            workshop_id=actor.workshop.id,
            position=(last + 1) if last is not None else 0,
            kind=data.get("kind", "live"),
            title=data["title"],
            description=data.get("description") or {},
        )
        session.phases = [
            Phase(id=new_id(), position=i, **phase)
            for i, phase in enumerate(data.get("phases", []))
        ]
        db.session.add(session)
        _save(actor, session, "session.created")
    return session


def update_session(actor: Actor, data: dict) -> WorkshopSession:
    session_id = data["session_id"]
    with write_transaction():
        session = _facilitating(actor, session_id)
        for key in ("title", "description", "kind", "material", "opens_on", "due_on", "task"):
            if key in data:
                setattr(session, key, data[key])
        if session.opens_on and session.due_on and session.due_on < session.opens_on:
            raise Invalid.field("due_on", _("The due date must not be before the opening date."))
        _save(actor, session, "session.updated")
    return session


def save_phase(actor: Actor, data: dict) -> WorkshopSession:
    """Add a phase (new ``id``) or change one (known ``id``) in a session's agenda."""
    session_id = data["session_id"]
    with write_transaction():
        session = _facilitating(actor, session_id)
        phase = next((p for p in session.phases if p.id == data["id"]), None)
        if phase is None:
            if db.session.get(Phase, data["id"]) is not None:
                raise Invalid.field("id", _("That id is already in use; generate a new one."))
            phase = Phase(id=data["id"], position=len(session.phases))
            session.phases.append(phase)
        for key in ("title", "instructions", "minutes", "activity", "focus"):
            if key in data:
                setattr(phase, key, data[key])
        if "position" in data:
            ordered = [p for p in session.phases if p is not phase]
            ordered.insert(min(data["position"], len(ordered)), phase)
            for index, item in enumerate(ordered):
                item.position = index
        if phase.title is None:
            raise Invalid.field("title", _("Give the phase a title."))
        db.session.flush()
        db.session.expire(session, ["phases"])
        _save(actor, session, "session.agenda_changed")
    return session


def delete_phase(actor: Actor, data: dict) -> WorkshopSession:
    session_id, phase_id = data["session_id"], data["phase_id"]
    with write_transaction():
        session = _facilitating(actor, session_id)
        phase = next((p for p in session.phases if p.id == phase_id), None)
        if phase is None:
            raise NotFound(_("That phase is not in this session."),
                           {"phase_id": [_("Unknown id.")]})
        if session.current_phase_id == phase.id:
            raise Invalid.field(
                "phase_id", _("This phase is on now. Move to another phase before removing it.")
            )
        session.phases.remove(phase)
        for index, item in enumerate(session.phases):
            item.position = index
        _save(actor, session, "session.agenda_changed")
    return session
