"""The live commands that run sessions and edit their agenda."""

from __future__ import annotations

from ..live.commands import command
from . import service
from .schemas import (
    DoneOut,
    DoneSet,
    FocusCommand,
    FollowCommand,
    LockControlCommand,
    PhaseMoveCommand,
    PhaseRef,
    PhaseSaveCommand,
    SessionCreate,
    SessionOut,
    SessionRef,
    SessionUpdateCommand,
    TimerControlCommand,
)

dump = service.dump_session

command("session.create", SessionCreate, SessionOut, dump=dump)(service.create_session)
command("session.update", SessionUpdateCommand, SessionOut, dump=dump)(service.update_session)
command("session.start", SessionRef, SessionOut, dump=dump)(service.start_session)
command("session.end", SessionRef, SessionOut, dump=dump)(service.end_session)
command("session.phase", PhaseMoveCommand, SessionOut, dump=dump)(service.go_to_phase)
command("session.timer", TimerControlCommand, SessionOut, dump=dump)(service.control_timer)
command("session.lock", LockControlCommand, SessionOut, dump=dump)(service.set_lock)
command("session.save_phase", PhaseSaveCommand, SessionOut, dump=dump)(service.save_phase)
command("session.delete_phase", PhaseRef, SessionOut, dump=dump)(service.delete_phase)
command("session.focus", FocusCommand, SessionOut, dump=dump)(service.set_focus)
command("session.follow", FollowCommand, SessionOut, dump=dump)(service.set_follow)
command("member.done", DoneSet, DoneOut, entity="done")(service.set_done)
