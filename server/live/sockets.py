"""Socket.IO handlers: thin, like the REST routes.

Flask-SocketIO runs each handler in its own app context, whose teardown ends the database
session; a handler leaves no session open behind it.

connect   auth = {"workshop": id, "since": last applied number or null, "projector": token?}
          -> joins the workshop's rooms and emits "sync" with what the client missed
sync      {"since": n} -> ack with missed events, or a snapshot when too far behind
cmd       {"name": "session.phase", "args": {...}} -> ack {"ok": true, "data": ...}
          or {"ok": false, "error": {...}} (the same error shape as HTTP)
time      {} -> ack {"now": server unix time}, for clients to align their clock
"""

from __future__ import annotations

import logging

from flask import current_app, request, session
from flask_babel import gettext as _
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room
from marshmallow import ValidationError, fields, validate

from ..access import Actor, actor_in, refresh
from ..errors import ServiceError, error_body, from_validation_error
from ..events.broadcast import member_room, role_room
from ..events.entities import Viewer
from ..events.service import events_since, snapshot
from ..extensions import db, socketio
from ..members import service as members
from ..schemas import PajaSchema
from ..timeutil import now_epoch
from ..workshops.models import Workshop
from .commands import COMMANDS

log = logging.getLogger(__name__)


class ConnectAuth(PajaSchema):
    workshop = fields.String(required=True)
    since = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0))
    projector = fields.String(load_default=None, allow_none=True)


class SyncRequest(PajaSchema):
    since = fields.Integer(required=True, allow_none=True, validate=validate.Range(min=0))


class CommandRequest(PajaSchema):
    name = fields.String(required=True)
    args = fields.Dict(load_default=dict)


def _catch_up(workshop_id: str, since: int | None, viewer: Viewer) -> dict:
    """What a client at ``since`` needs: the missed events in order, or a snapshot."""
    payload: dict = {"now": now_epoch()}
    if since is not None:
        last = db.session.get(Workshop, workshop_id).last_seq
        if since <= last:
            events = events_since(workshop_id, since, viewer, current_app.config["CATCHUP_LIMIT"])
            if events is not None:
                payload["events"] = events
                return payload
        # A number from the future means the client remembers another database (a reset
        # demo, say): it must start again from a snapshot.
    payload["snapshot"] = snapshot(workshop_id, viewer)
    return payload


def _actor() -> Actor:
    live = session.get("live")
    if not live:
        raise ServiceError(_("Reconnect first."))
    from ..members.models import Member
    from ..workshops.models import Workshop as W

    workshop = db.session.get(W, live["workshop"])
    member = db.session.get(Member, live["member"]) if live.get("member") else None
    if workshop is None:
        raise ServiceError(_("Reconnect first."))
    return refresh(Actor(workshop, live["role"], member, live.get("user"),
                         login_session=live.get("login")))


@socketio.on("connect")
def on_connect(auth):
    try:
        data = ConnectAuth().load(auth or {})
        actor = actor_in(
            data["workshop"],
            projector_token=data["projector"],
            user_id=current_user.id if current_user.is_authenticated else None,
        )
    except (ValidationError, ServiceError) as error:
        db.session.rollback()
        message = error.message if isinstance(error, ServiceError) else _("Bad connect request.")
        raise ConnectionRefusedError(message) from None
    workshop_id = actor.workshop.id
    join_room(role_room(workshop_id, actor.role))
    if actor.member is not None:
        join_room(member_room(actor.member.id))
    session["live"] = {
        "workshop": workshop_id,
        "role": actor.role,
        "member": actor.member_id,
        "user": actor.user_id,
        "login": actor.login_session,
    }
    members.connection_opened(request.sid, workshop_id, actor.member_id, actor.user_id)
    # Rooms first, then the catch-up query: anything committed after the query is
    # broadcast to the rooms we are already in.
    payload = _catch_up(workshop_id, data["since"], actor.viewer)
    payload["me"] = {"role": actor.role, "member_id": actor.member_id}
    db.session.commit()
    socketio.emit("sync", payload, to=request.sid)


@socketio.on("disconnect")
def on_disconnect(*_args):
    members.connection_closed(request.sid)


@socketio.on("sync")
def on_sync(payload):
    try:
        data = SyncRequest().load(payload or {})
        actor = _actor()
        return {"ok": True, "data": _catch_up(actor.workshop.id, data["since"], actor.viewer)}
    except ValidationError as error:
        return {"ok": False, **from_validation_error(error).body()}
    except ServiceError as error:
        return {"ok": False, **error.body()}


@socketio.on("time")
def on_time(*_args):
    return {"ok": True, "data": {"now": now_epoch()}}


@socketio.on("cmd")
def on_command(payload):
    """Run one command; the acknowledgement carries the result or the error."""
    try:
        request_ = CommandRequest().load(payload if isinstance(payload, dict) else {})
        command = COMMANDS.get(request_["name"])
        if command is None:
            return {"ok": False, **error_body(
                "invalid", 422, _("Unknown command."),
                {"name": [_("Use one of: %(names)s.", names=", ".join(sorted(COMMANDS)))]},
            )}
        args = command.schema().load(request_["args"])
        actor = _actor()
        result = command.run(actor, args)
        return {"ok": True, "data": command.answer(actor, result)}
    except ValidationError as error:
        return {"ok": False, **from_validation_error(error).body()}
    except ServiceError as error:
        return {"ok": False, **error.body()}
    except Exception:
        log.exception("command failed")
        return {"ok": False, **error_body("error", 500, _("Something went wrong on our side; "
                                                           "try again in a moment."))}
