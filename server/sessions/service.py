"""Running a session: start and end it, move between phases, the timer and the input lock.

Remaining time is always derived from the server's clock (``timer_ends_at``), so every
device shows the same countdown however late it joined or however its own clock drifts.
"""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from ..access import Actor, require_contributor, require_facilitator, require_open
from ..coaching.markdown import render_both
from ..database import lock_workshop, write_transaction
from ..errors import Forbidden, Invalid, NotFound
from ..events.entities import ENTITIES, EntityKind, Viewer, register, workshop_rows
from ..events.service import record, record_by, remove_by
from ..extensions import db
from ..members.service import MEMBER_REMOVED
from ..schemas import merge_languages, new_id, pair_id
from ..timeutil import epoch, utcnow
from ..workshops.models import Workshop
from .models import Phase, PhaseDone, WorkshopSession

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


def focus_view(session: WorkshopSession) -> dict | None:
    """Where the facilitator last brought everyone: ``{view, id, at, seq}``, or ``None``.
    Screens jump when ``at`` (or ``seq``) changes, so sending the same place again brings
    back whoever wandered off."""
    if session.focus_view is None:
        return None
    return {"view": session.focus_view, "id": session.focus_id,
            "at": epoch(session.focus_at), "seq": session.focus_seq}


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
        "focus": focus_view(session),
        "projector_follows": bool(session.projector_follows),
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
            title=merge_languages(None, data["title"]),
            description=merge_languages(None, data.get("description") or {}),
        )
        session.phases = [
            Phase(id=new_id(), position=i, **{
                **phase, "title": merge_languages(None, phase["title"]),
                "instructions": merge_languages(None, phase.get("instructions") or {})})
            for i, phase in enumerate(data.get("phases", []))
        ]
        db.session.add(session)
        _save(actor, session, "session.created")
    return session


def update_session(actor: Actor, data: dict) -> WorkshopSession:
    session_id = data["session_id"]
    with write_transaction():
        session = _facilitating(actor, session_id)
        for key in ("kind", "material", "opens_on", "due_on", "task"):
            if key in data:
                setattr(session, key, data[key])
        for key in ("title", "description"):
            if key in data:
                setattr(session, key, merge_languages(getattr(session, key), data[key]))
        if not session.title:
            raise Invalid.field("title", _("Write this in at least one language; it cannot be "
                                           "empty."))
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
        for key in ("minutes", "activity", "focus"):
            if key in data:
                setattr(phase, key, data[key])
        for key in ("title", "instructions"):
            if key in data:
                setattr(phase, key, merge_languages(getattr(phase, key), data[key]))
        if "position" in data:
            ordered = [p for p in session.phases if p is not phase]
            ordered.insert(min(data["position"], len(ordered)), phase)
            for index, item in enumerate(ordered):
                item.position = index
        if not phase.title:
            raise Invalid.field("title", _("Give the phase a title."))
        if phase.instructions is None:
            phase.instructions = {}
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
        _remove_done(actor, PhaseDone.phase_id == phase.id)
        session.phases.remove(phase)
        for index, item in enumerate(session.phases):
            item.position = index
        _save(actor, session, "session.agenda_changed")
    return session


# -- bringing everyone to one place -----------------------------------------------------------

# The views "Bring everyone here" can send screens to, and what the id names in each: an
# entity kind (the item must be one participants can see), "phase" (a phase of this
# session) or None (the view takes no id).
FOCUS_VIEWS = {
    "stage": "phase", "introductions": None, "groups": None, "persona": "persona",
    "challenge": "challenge", "hmw": "hmw", "ideas": "hmw", "concepts": "concept",
    "vote": "vote_round", "results": "vote_round", "pilot": "pilot",
}
PARTICIPANT = Viewer("participant")


def _focus_target(actor: Actor, session: WorkshopSession, view: str, item_id) -> str | None:
    """Check that ``item_id`` is something participants can see in ``view``; its id."""
    names = FOCUS_VIEWS[view]
    if item_id is None:
        return None
    if names is None:
        raise Invalid.field("id", _("This view shows no single item; leave the id out."))
    if names == "phase":
        if not any(phase.id == item_id for phase in session.phases):
            raise Invalid.field("id", _("That phase is not in this session."))
        return item_id
    kind = ENTITIES[names]
    model = kind.rows(actor.workshop.id).column_descriptions[0]["entity"]
    obj = db.session.get(model, item_id)
    shown = None
    if obj is not None and obj.workshop_id == actor.workshop.id:
        shown = kind.view(obj, PARTICIPANT)
    if shown is None:
        raise Invalid.field("id", _("Participants can't see that here; choose something "
                                    "that is on their screens."))
    if view == "vote" and shown.get("status") == "draft":
        raise Invalid.field("id", _("This round has not opened yet."))
    if view == "results" and shown.get("results") is None:
        raise Invalid.field("id", _("The results of this round are not shown yet; reveal "
                                    "them first."))
    return item_id


def set_focus(actor: Actor, data: dict) -> WorkshopSession:
    """Bring everyone here: phones (and a following projector) open this view, and this
    item in it. No view clears the focus."""
    view, item_id = data["view"], data.get("id")
    with write_transaction():
        session = _facilitating(actor, data["session_id"])
        if view is None:
            if session.focus_view is None:
                return session
            session.focus_view = session.focus_id = session.focus_at = None
            return _save(actor, session, "session.focus_cleared")
        if session.status != "live":
            raise Invalid.field("session_id", _("Start the session first; phones follow the "
                                                "session that is on."))
        session.focus_id = _focus_target(actor, session, view, item_id)
        session.focus_view = view
        session.focus_at = utcnow()
        session.focus_seq = (session.focus_seq or 0) + 1
        _save(actor, session, "session.focus")
    return session


def set_follow(actor: Actor, data: dict) -> WorkshopSession:
    """Have the projector mirror the focus (on), or stay where it is (off)."""
    with write_transaction():
        session = _facilitating(actor, data["session_id"])
        if bool(session.projector_follows) != data["on"]:
            session.projector_follows = data["on"]
            _save(actor, session, "session.follow")
    return session


# -- "I'm done" ---------------------------------------------------------------------------------


def dump_done(mark: PhaseDone) -> dict:
    return {"id": mark.id, "member_id": mark.member_id, "phase_id": mark.phase_id,
            "done": bool(mark.done), "rev": mark.rev or 0}


# Facilitators see everyone's marks, a member their own; everyone else only a hidden marker.
register(EntityKind(name="done", full=dump_done, public=lambda mark: None,
                    subject=lambda mark: mark.member_id,
                    rows=workshop_rows(PhaseDone, PhaseDone.phase_id, PhaseDone.member_id)))


def set_done(actor: Actor, data: dict) -> PhaseDone:
    """Mark (or unmark) "I'm done" with the phase that is on now. Setting it twice changes
    nothing."""
    phase_id, done = data["phase_id"], data["done"]
    require_contributor(actor)
    require_open(actor)
    if actor.member is None or actor.member.role != "participant":
        raise Forbidden(_("Participants mark when they are done; the facilitators see it."))
    with write_transaction():
        lock_workshop(actor.workshop.id)
        phase = db.session.get(Phase, phase_id) if isinstance(phase_id, str) else None
        session = db.session.get(WorkshopSession, phase.session_id) if phase else None
        if session is None or session.workshop_id != actor.workshop.id:
            raise NotFound(_("That phase is not in this workshop."),
                           {"phase_id": [_("Unknown id.")]})
        if session.status != "live" or session.current_phase_id != phase.id:
            raise Invalid.field("phase_id", _("This phase is not on now; the facilitator has "
                                              "moved on."))
        mark_id = pair_id(phase.id, actor.member_id)
        mark = db.session.get(PhaseDone, mark_id)
        if mark is None:
            mark = PhaseDone(id=mark_id, workshop_id=actor.workshop.id, phase_id=phase.id,
                             member_id=actor.member_id, done=False, rev=0)
            if not done:
                return mark  # not done and never was: nothing to store
            db.session.add(mark)
        if bool(mark.done) != done:
            mark.done = done
            mark.updated_at = utcnow()
            record_by(actor, "done", mark, type="member.done" if done else "member.undone")
    return mark


def _remove_done(actor: Actor, condition) -> None:
    for mark in db.session.scalars(select(PhaseDone).where(condition)):
        remove_by(actor, "done", mark, type="member.done_removed")
    # Gone before what they point at goes, so no database cascade beats them to it.
    db.session.flush()


def _member_removed(actor: Actor, member) -> None:
    _remove_done(actor, PhaseDone.member_id == member.id)


MEMBER_REMOVED.append(_member_removed)
