"""Socket.IO commands: a name, the schema of its arguments and the service function.

The same service functions serve the REST routes; this table is all the socket side adds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from marshmallow import Schema, fields

from ..members import service as members
from ..members.schemas import MemberUpdate
from ..schemas import PajaSchema
from ..sessions import service as sessions
from ..sessions.schemas import (
    LockControl,
    PhaseMove,
    PhaseSave,
    SessionCreate,
    SessionUpdate,
    TimerControl,
)
from ..workshops import service as workshops
from ..workshops.schemas import WorkshopUpdate


@dataclass(frozen=True)
class Command:
    schema: type[Schema]
    run: Callable
    dump: Callable


COMMANDS: dict[str, Command] = {}


def command(name: str, schema: type[Schema], dump: Callable):
    def decorator(fn):
        COMMANDS[name] = Command(schema, fn, dump)
        return fn

    return decorator


def _with(base: type[Schema], **extra) -> type[Schema]:
    """``base`` plus the ids that a REST route takes from its URL."""
    return type(f"{base.__name__}Command", (base,), extra)


class SessionRef(PajaSchema):
    session_id = fields.String(required=True)


class MemberRef(PajaSchema):
    member_id = fields.String(required=True)


_session_dump = sessions.dump_session

command("session.start", SessionRef, _session_dump)(
    lambda actor, d: sessions.start_session(actor, d["session_id"]))
command("session.end", SessionRef, _session_dump)(
    lambda actor, d: sessions.end_session(actor, d["session_id"]))
command("session.phase", _with(PhaseMove, session_id=fields.String(required=True)),
        _session_dump)(lambda actor, d: sessions.go_to_phase(actor, d.pop("session_id"), d))
command("session.timer", _with(TimerControl, session_id=fields.String(required=True)),
        _session_dump)(lambda actor, d: sessions.control_timer(actor, d.pop("session_id"), d))
command("session.lock", _with(LockControl, session_id=fields.String(required=True)),
        _session_dump)(lambda actor, d: sessions.set_lock(actor, d["session_id"], d["locked"]))
command("session.save_phase", _with(PhaseSave, session_id=fields.String(required=True)),
        _session_dump)(lambda actor, d: sessions.save_phase(actor, d.pop("session_id"), d))
command("workshop.update", WorkshopUpdate, workshops.dump_workshop)(
    lambda actor, d: workshops.update_workshop(actor, d))
command("member.update", _with(MemberUpdate, member_id=fields.String(required=True)),
        members.dump_member)(
    lambda actor, d: members.update_member(actor, d.pop("member_id"), d))
command("member.remove", MemberRef, members.dump_member)(
    lambda actor, d: members.remove_member(actor, d["member_id"]))


class NoArgs(PajaSchema):
    pass


command("workshop.regenerate_code", NoArgs, workshops.dump_workshop)(
    lambda actor, d: workshops.regenerate_join_code(actor))


class PhaseRef(PajaSchema):
    session_id = fields.String(required=True)
    phase_id = fields.String(required=True)


command("session.create", SessionCreate, _session_dump)(sessions.create_session)
command("session.update", _with(SessionUpdate, session_id=fields.String(required=True)),
        _session_dump)(
    lambda actor, d: sessions.update_session(actor, d.pop("session_id"), d))
command("session.delete_phase", PhaseRef, _session_dump)(
    lambda actor, d: sessions.delete_phase(actor, d["session_id"], d["phase_id"]))
