"""REST: running sessions and editing the agenda."""

from __future__ import annotations

from flask_smorest import Blueprint

from ..access import actor_in
from . import service
from .schemas import (
    LockControl,
    PhaseMove,
    PhaseSave,
    SessionCreate,
    SessionOut,
    SessionUpdate,
    TimerControl,
)

blp = Blueprint("sessions", __name__, url_prefix="/api/workshops/<workshop_id>/sessions",
                description="Sessions, phases, timer and lock")


def _out(session):
    return service.dump_session(session)


@blp.post("")
@blp.arguments(SessionCreate)
@blp.response(201, SessionOut)
def create_session(data, workshop_id):
    return _out(service.create_session(actor_in(workshop_id), data))


@blp.patch("/<session_id>")
@blp.arguments(SessionUpdate)
@blp.response(200, SessionOut)
def update_session(data, workshop_id, session_id):
    return _out(service.update_session(actor_in(workshop_id), data | {"session_id": session_id}))


@blp.post("/<session_id>/start")
@blp.response(200, SessionOut)
def start_session(workshop_id, session_id):
    """Make this the current session; everyone's screen follows it."""
    return _out(service.start_session(actor_in(workshop_id), {"session_id": session_id}))


@blp.post("/<session_id>/end")
@blp.response(200, SessionOut)
def end_session(workshop_id, session_id):
    return _out(service.end_session(actor_in(workshop_id), {"session_id": session_id}))


@blp.post("/<session_id>/phase")
@blp.arguments(PhaseMove)
@blp.response(200, SessionOut)
def go_to_phase(data, workshop_id, session_id):
    """Go to a phase by id, or a step forward or back."""
    return _out(service.go_to_phase(actor_in(workshop_id), data | {"session_id": session_id}))


@blp.post("/<session_id>/timer")
@blp.arguments(TimerControl)
@blp.response(200, SessionOut)
def control_timer(data, workshop_id, session_id):
    return _out(service.control_timer(actor_in(workshop_id), data | {"session_id": session_id}))


@blp.post("/<session_id>/lock")
@blp.arguments(LockControl)
@blp.response(200, SessionOut)
def set_lock(data, workshop_id, session_id):
    return _out(service.set_lock(actor_in(workshop_id), data | {"session_id": session_id}))


@blp.put("/<session_id>/phases")
@blp.arguments(PhaseSave)
@blp.response(200, SessionOut)
def save_phase(data, workshop_id, session_id):
    """Add a phase (new id) or change one (known id)."""
    return _out(service.save_phase(actor_in(workshop_id), data | {"session_id": session_id}))


@blp.delete("/<session_id>/phases/<phase_id>")
@blp.response(200, SessionOut)
def delete_phase(workshop_id, session_id, phase_id):
    return _out(service.delete_phase(actor_in(workshop_id), {"session_id": session_id,
                                                          "phase_id": phase_id}))
