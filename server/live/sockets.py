"""Socket.IO handlers: thin, like the REST routes.

Flask-SocketIO runs each handler in its own app context, whose teardown ends the database
session; a handler leaves no session open behind it.

connect   auth = {"workshop": id, "since": last applied number or null, "projector": token?}
          -> joins the workshop's rooms and emits "sync" with what the client missed
sync      {"since": n} -> ack with missed events, or a snapshot when too far behind
cmd       {"name": "session.phase", "args": {...}} -> ack {"ok": true, "data": ...}
          or {"ok": false, "error": {...}}: the same answer, built by the same function, as
          POST /api/workshops/<id>/commands/<name> (see commands.execute)
time      {} -> ack {"now": server unix time}, for clients to align their clock
bye       (server to client) {"code": "rate_limited", "message": ...} just before the server
          disconnects a client that kept sending far over its limit
resync    (server to client) {"spread": seconds}: events may have been lost on their way
          between server processes (Redis was away or this process's subscription was
          lost); the client asks "sync" {since: its last applied number} at a random moment
          within ``spread`` seconds. Sent once Redis is back, to every client of every
          process (see server/live/queue.py); while Redis is away each process still
          delivers its own events to its own clients.

Every event is rate limited and every bad one counted, per connection (see ratelimit.py):
an event over the limit is answered with {"ok": false, "error": {"code": "rate_limited",
"status": 429, "retry_after": seconds, ...}} without running.
"""

from __future__ import annotations

import functools
import logging
import time

from flask import current_app, request, session
from flask_babel import gettext as _
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room
from marshmallow import ValidationError, fields, validate

from ..access import Actor, actor_in, refresh
from ..errors import Invalid, ServiceError, error_body
from ..events.broadcast import member_room, role_room
from ..events.entities import Viewer
from ..events.service import events_since, snapshot
from ..extensions import db, socketio
from ..members import service as members
from ..schemas import PajaSchema
from ..timeutil import now_epoch
from ..workshops.models import Workshop
from . import ratelimit as limits
from .commands import COMMANDS, envelope, execute
from .compress import sync_message

log = logging.getLogger(__name__)

# Packets python-socketio cannot dispatch reach us as an event instead of a traceback each
# (see CheckedPacket). Set here, before the first init_app, since the handlers below are
# declared then too; an explicit ``serializer`` given to init_app still wins.
socketio.server_options.setdefault("serializer", limits.CheckedPacket)


# What a sync answered with a snapshot costs, in events (see ratelimit.charge).
SNAPSHOT_TOKENS = 10


class ConnectAuth(PajaSchema):
    workshop = fields.String(required=True)
    since = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0))
    projector = fields.String(load_default=None, allow_none=True)
    gzip = fields.Boolean(load_default=False)  # it can inflate a gzip'd first sync


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


def _refused(sid: str, verdict: str, wait: float) -> dict:
    """The answer to an event that is not run. No request context here (see ``_event``):
    the texts were translated when the socket connected."""
    if verdict == limits.GONE:
        return {"ok": False, **error_body("error", 400, limits.text(sid, "gone"))}
    body = error_body("rate_limited", 429, limits.text(sid, "rate_limited"))
    body["error"]["retry_after"] = round(max(wait, 0.1), 1)
    if verdict == limits.KICK:
        # Said before the disconnect, so that the client can tell the person why.
        socketio.server.emit("bye", {"code": "rate_limited", "message": limits.text(sid, "bye")},
                             to=sid, namespace="/")
        socketio.server.disconnect(sid, namespace="/", ignore_queue=True)
    return {"ok": False, **body}


def _bad(sid: str, what: str, error: ServiceError | ValidationError) -> dict:
    """The answer to an event we cannot use: counted, and the first one logged."""
    limits.note_malformed(sid, what)
    return envelope(error=error)


def _invalid(sid: str, what: str, error: ValidationError) -> dict:
    return _bad(sid, f"{what}: {limits.snippet(error.messages)}", error)


def _limited(sid: str, dispatch):
    """Run ``dispatch`` for an event of ``sid`` if the limits let it, in its turn."""
    verdict, wait = limits.admit(sid)
    if verdict != limits.ADMIT:
        return _refused(sid, verdict, wait)
    if wait > 0:
        socketio.sleep(wait)
        if not limits.known(sid):  # disconnected meanwhile: nobody to answer
            return None
    started = time.thread_time()
    try:
        return dispatch()
    finally:
        limits.ran(sid, time.thread_time() - started)


def _event(event: str):
    """Register a handler for ``event`` ("*": any other event), rate limited.

    The limit is checked in a handler registered with python-socketio itself, ahead of the
    request context Flask-SocketIO builds for each event (the cookie session, the locale:
    most of what an event costs), so that an event over the limit costs next to nothing
    and a flood cannot keep the server busy. Clients choose how many arguments an event
    has: the handler gets its sid and the first one (or None). Each event is charged for
    the CPU it took (see ratelimit.ran): this thread's time, which under eventlet is the
    server's own, as a handler on SQLite does not yield. Whatever it raises is
    answered as a server error, and the traceback logged once per connection (see
    ratelimit.note_failure), not once per event.
    """

    def decorator(handler):
        @functools.wraps(handler)
        def run(*args):
            sid = request.sid
            try:
                return handler(sid, *(args[:1] or (None,)))
            except Exception as error:  # the app context's teardown rolls the session back
                what = event
                if event == "cmd" and args and isinstance(args[0], dict):
                    what = f"cmd {limits.snippet(args[0].get('name'), 60)}"
                limits.note_failure(sid, what, error)
                return {"ok": False, **error_body("error", 500, _(
                    "Something went wrong on our side; try again in a moment."))}

        if event == "*":
            def first(name, sid, *args):  # python-socketio gives a catch-all the name first
                return _limited(sid, lambda: socketio._handle_event(
                    run, "*", "/", sid, name, *args))
        else:
            def first(sid, *args):
                return _limited(sid, lambda: socketio._handle_event(run, event, "/", sid, *args))

        # What Flask-SocketIO's own decorator does with its wrapper: kept for every server
        # that init_app creates later, or registered on the one that exists.
        if socketio.server is not None:
            socketio.server.on(event, first, namespace="/")
        else:
            socketio.handlers.append((event, first, "/"))
        return handler

    return decorator


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
    person = (("member", actor.member_id) if actor.member_id
              else ("user", actor.user_id) if actor.user_id else None)
    if not limits.may_connect(person, current_app.config["SOCKET_EVENTS_PER_SECOND"],
                              current_app.config["SOCKET_EVENT_BURST"]):
        db.session.rollback()
        # The data tells the client this is for now, not for good: it tries again later.
        raise ConnectionRefusedError(_("Too many connections from you in a short time. Wait a "
                                       "moment and try again."),
                                     {"code": "rate_limited", "retry_after": 3})
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
    members.connection_opened(request.sid, workshop_id, actor.member_id, actor.user_id,
                              actor.login_session)
    # Rooms first, then the catch-up query: anything committed after the query is
    # broadcast to the rooms we are already in.
    payload = _catch_up(workshop_id, data["since"], actor.viewer)
    payload["me"] = {"role": actor.role, "member_id": actor.member_id}
    db.session.commit()
    # Last, once nothing can fail: a refused connection gets no disconnect to clean up after.
    limits.opened(request.sid, person, current_app.config["SOCKET_EVENTS_PER_SECOND"],
                  current_app.config["SOCKET_EVENT_BURST"], texts={
                      "rate_limited": _("Too many messages at once. Wait a moment and try "
                                        "again."),
                      "bye": _("This device sent too many messages, so the server closed its "
                               "connection. Wait a moment before trying again."),
                      "gone": _("Reconnect first."),
                  })
    socketio.emit("sync", sync_message(payload, data["gzip"]), to=request.sid)


@socketio.on("disconnect")
def on_disconnect(*_args):
    limits.closed(request.sid)
    members.connection_closed(request.sid)


@_event("sync")
def on_sync(sid, payload):
    try:
        data = SyncRequest().load(payload if isinstance(payload, dict) else {})
        actor = _actor()
        caught_up = _catch_up(actor.workshop.id, data["since"], actor.viewer)
        if "snapshot" in caught_up:
            # The whole workshop, for someone too far behind: rare for a client that
            # works, and as much work for the server as dozens of other events.
            limits.charge(sid, SNAPSHOT_TOKENS)
        return envelope(caught_up)
    except ValidationError as error:
        return _invalid(sid, "sync", error)
    except ServiceError as error:
        return envelope(error=error)


@_event("time")
def on_time(sid, payload):
    return envelope({"now": now_epoch()})


@_event("cmd")
def on_command(sid, payload):
    """Run one command; the acknowledgement carries the result or the error."""
    try:
        request_ = CommandRequest().load(payload if isinstance(payload, dict) else {})
        command = COMMANDS.get(request_["name"])
        if command is None:
            return _bad(sid, f"unknown cmd {limits.snippet(request_['name'], 60)}", Invalid(
                _("Unknown command."),
                {"name": [_("Use one of: %(names)s.", names=", ".join(sorted(COMMANDS)))]},
            ))
        return execute(command, request_["args"], _actor)
    except ValidationError as error:
        name = payload.get("name") if isinstance(payload, dict) else None
        return _invalid(sid, f"cmd {limits.snippet(name, 60)}", error)
    except ServiceError as error:
        return envelope(error=error)


@_event(limits.MALFORMED)
def on_malformed(sid, problem):
    limits.note_malformed(sid, limits.snippet(problem))
    return {"ok": False, **error_body("invalid", 400, _("This message could not be read."))}


@_event("*")
def on_unknown(sid, event):
    # A catch-all handler gets the event's name first; its arguments do not matter.
    return _bad(sid, f"unknown event {limits.snippet(event, 60)}", Invalid(
        _("Unknown event."), {"event": [_("Use one of: %(names)s.", names="cmd, sync, time")]}))
