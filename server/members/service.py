"""Joining with a code, and the facilitator's care of the member list."""

from __future__ import annotations

import hmac
import logging
import os
import socket
import threading
import uuid
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, false, or_, select, update

from ..access import Actor, remembered_members, require_facilitator, require_open
from ..accounts.models import LoginSession, User, token_digest
from ..database import lock_workshop, resent, write_transaction
from ..errors import Forbidden, Invalid, NotFound
from ..events.entities import EntityKind, register
from ..events.service import record
from ..extensions import db, socketio
from ..timeutil import epoch, utcnow
from ..workshops.models import Workshop
from . import turnout
from .models import Connection, LiveProcess, Member


def dump_member(member: Member) -> dict:
    return {
        "id": member.id,
        "role": member.role,
        "display_name": member.display_name,
        "organisation": member.organisation,
        "joined_at": epoch(member.joined_at),
        "removed": member.removed_at is not None,
        # Erased (see members.erasure): shown as "a participant", with nothing to name them.
        "erased": member.removed_at is not None and not member.display_name,
        "group_id": member.group_id,
        "rev": member.rev,
    }


def public_member(member: Member) -> dict | None:
    """What the other participants and the projector see of a member: facilitators and
    observers always; a participant once shown to the room (see ``Member.shown``), else
    nothing - they are one more in the turnout."""
    if member.role == "participant" and not member.shown:
        return None
    return dump_member(member)


register(
    EntityKind(
        name="member",
        full=dump_member,
        public=public_member,
        subject=lambda member: member.id,
        narrow=lambda query, viewer: query.where(or_(
            Member.shown.is_(True), Member.role != "participant", Member.id == viewer.member_id)),
        rows=lambda wid: select(Member).where(Member.workshop_id == wid).order_by(Member.joined_at),
    )
)


def reveal(member: Member | str | None, actor_member_id: str | None = None) -> None:
    """Show ``member`` to the room: called, inside the write, by whatever puts a member's
    name on something the room sees (an introduction, an idea with its author, a comment,
    a place in a pilot team). The member's event follows the one that names them; both are
    sent together once the write commits."""
    if isinstance(member, str):
        member = db.session.get(Member, member)
    if member is None or member.shown or member.role != "participant":
        return
    member.shown = True
    record(member.workshop_id, "member", member, type="member.shown",
           actor_member_id=actor_member_id)


def join(workshop: Workshop, data: dict) -> Member:
    """Add a participant to ``workshop``, or return the member this browser already is.

    ``data["id"]`` is chosen by the joining page, so a double-tapped "Join" creates one
    member.
    """
    if workshop.status != "active":
        raise Forbidden(_("This workshop is closed for joining."))
    remembered = remembered_members().get(workshop.id)
    key = data.get("key")
    with write_transaction():
        if remembered:
            member = db.session.get(Member, remembered)
            if member is not None and member.active and member.workshop_id == workshop.id:
                return member
        existing = resent(Member, data["id"], lambda m: m.workshop_id == workshop.id
                          and m.role == "participant" and m.active
                          and _key_matches(m, key),
                          workshop.id)
        if existing is not None:
            return existing
        member = Member(
            id=data["id"],
            workshop_id=workshop.id,
            role="participant",
            display_name=data["display_name"],
            organisation=data.get("organisation") or None,
            key_digest=token_digest(key) if key else None,
        )
        db.session.add(member)
        record(workshop.id, "member", member, type="member.joined", actor_member_id=member.id)
        turnout.changed(workshop.id)
    return member


def _key_matches(member: Member, key: str | None) -> bool:
    """A resent join is the same phone's only if it carries the key of the first one."""
    return bool(key and member.key_digest
                and hmac.compare_digest(member.key_digest, token_digest(key)))


def _member(actor: Actor, member_id: str) -> Member:
    member = db.session.get(Member, member_id)
    if member is None or member.workshop_id != actor.workshop.id:
        raise NotFound(_("No such member in this workshop."), {"member_id": [_("Unknown id.")]})
    return member


def update_member(actor: Actor, data: dict) -> Member:
    """Change a display name or organisation: facilitators for anyone, a member for itself."""
    member_id = data["member_id"]
    require_open(actor)
    if not actor.is_facilitator and actor.member_id != member_id:
        raise Forbidden(_("You can only change your own name."))
    with write_transaction():
        member = _member(actor, member_id)
        if not member.active:
            raise Invalid.field("member_id", _("This member has been removed."))
        for key in ("display_name", "organisation"):
            if key in data:
                setattr(member, key, data[key] or None if key == "organisation" else data[key])
        record(member.workshop_id, "member", member, type="member.updated",
               actor_member_id=actor.member_id)
    return member


# What belongs to a member alone and goes when they are removed (their "I'm done" marks),
# each with its event: fn(actor, member).
MEMBER_REMOVED: list = []


def remove_member(actor: Actor, data: dict) -> Member:
    """Remove a member; their live connections are closed and their cookie stops working.

    What they wrote stays, under their name. The last facilitator cannot be removed.
    """
    member_id = data["member_id"]
    require_facilitator(actor)
    with write_transaction():
        # Under the lock from the start: two facilitators removing each other at once
        # must not both count the other as the one who stays.
        lock_workshop(actor.workshop.id)
        member = _member(actor, member_id)
        if not member.active:
            return member
        if member.role == "facilitator":
            others = db.session.scalar(
                select(db.func.count()).select_from(Member).where(
                    Member.workshop_id == member.workshop_id,
                    Member.role == "facilitator",
                    Member.removed_at.is_(None),
                    Member.id != member.id,
                )
            )
            if not others:
                raise Invalid.field(
                    "member_id", _("A workshop needs a facilitator; add another one first.")
                )
        member.removed_at = utcnow()
        for hook in MEMBER_REMOVED:
            hook(actor, member)
        record(member.workshop_id, "member", member, type="member.removed",
               actor_member_id=actor.member_id)
        turnout.changed(member.workshop_id)
        from ..audit.service import audit

        audit("member.removed", user=actor.user_id, workshop_id=member.workshop_id,
              target_kind="member", target_id=member.id, details={"role": member.role})
    disconnect(member_id=member.id)
    return member


def add_facilitator(actor: Actor, username: str) -> Member:
    """Make another facilitator account a facilitator of this workshop too."""
    require_facilitator(actor)
    user = db.session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None or not user.active:
        raise Invalid.field("username", _("No facilitator account is called %(name)s.",
                                          name=username))
    with write_transaction():
        member = db.session.scalar(
            select(Member).where(Member.workshop_id == actor.workshop.id,
                                 Member.user_id == user.id, Member.removed_at.is_(None))
        )
        if member is not None:
            return member
        from ..schemas import new_id

        member = Member(id=new_id(), workshop_id=actor.workshop.id, role="facilitator",
                        display_name=user.display_name, user_id=user.id)
        db.session.add(member)
        record(actor.workshop.id, "member", member, type="member.joined",
               actor_member_id=actor.member_id)
    return member


# -- live connections -----------------------------------------------------------------------

log = logging.getLogger(__name__)

# The sockets this process serves. Each process closes its own sockets whose member was
# removed or whose login ended - by whichever process or command line did it, with or
# without a message queue between them.
_local_sids: set[str] = set()
_sweeper = threading.Lock()
_sweeping = False
SWEEP_SECONDS = 2.0


def seen(member_id: str | None) -> None:
    """Note, inside a connection's own write, that ``member_id`` is here now: the
    facilitators' participation view shows it as "last here"."""
    if member_id is not None:
        db.session.execute(update(Member).where(Member.id == member_id)
                           .values(last_seen_at=utcnow())
                           .execution_options(synchronize_session=False))


def connection_opened(sid: str, workshop_id: str, member_id: str | None, user_id: int | None,
                      login_session: str | None = None):
    with write_transaction():
        db.session.merge(
            Connection(sid=sid, workshop_id=workshop_id, member_id=member_id, user_id=user_id,
                       login_session=login_session, process_id=PROCESS_ID)
        )
        seen(member_id)
    _local_sids.add(sid)
    _start_sweeping()


def connection_closed(sid: str) -> None:
    _local_sids.discard(sid)
    with write_transaction():
        member_id = db.session.scalar(select(Connection.member_id).where(Connection.sid == sid))
        db.session.execute(delete(Connection).where(Connection.sid == sid))
        seen(member_id)


def disconnect(*, member_id: str | None = None, user_id: int | None = None,
               login_session: str | None = None) -> int:
    """Close every live socket of a member, a facilitator account or one login, in any
    process (through the message queue when there is one; the sweep otherwise)."""
    query = select(Connection.sid)
    if member_id is not None:
        query = query.where(Connection.member_id == member_id)
    elif user_id is not None:
        query = query.where(Connection.user_id == user_id)
    elif login_session is not None:
        query = query.where(Connection.login_session == login_session)
    else:
        return 0
    sids = list(db.session.scalars(query))
    for sid in sids:
        socketio.server.disconnect(sid, namespace="/")
    return len(sids)


def stale_sids(sids) -> list[str]:
    """Of these sockets, those whose member is gone or whose facilitator login ended."""
    if not sids:
        return []
    member_in = select(Member.id).where(Member.id == Connection.member_id,
                                        Member.removed_at.is_(None)).exists()
    login_stands = select(LoginSession.id).where(
        LoginSession.id == Connection.login_session).exists()
    lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"]
    expired = select(LoginSession.id).where(
        LoginSession.id == Connection.login_session,
        LoginSession.created_at < utcnow() - lifetime).exists()
    query = select(Connection.sid).where(
        Connection.sid.in_(list(sids)),
        or_(
            Connection.member_id.is_not(None) & ~member_in,
            Connection.user_id.is_not(None) & (~login_stands | expired),
        ),
    )
    return list(db.session.scalars(query))


def _start_sweeping() -> None:
    global _sweeping
    app = current_app._get_current_object()
    # In-process test apps come and go with their databases; a sweep would outlive them.
    if app.config.get("TESTING") and not app.config.get("SOCKET_SWEEP"):
        return
    with _sweeper:
        if _sweeping:
            return
        _sweeping = True
    socketio.start_background_task(_sweep_forever, app)


# -- server processes ------------------------------------------------------------------
#
# Each server process records itself (LiveProcess) and its sockets' rows carry its id. A
# process that dies without closing its sockets - a crash, kill -9, a lost machine - would
# leave their rows behind for good; so every process, at start-up and then every
# HEARTBEAT_SECONDS, says it is alive and removes the processes that are not, with their
# rows: those whose heartbeat is older than STALE_AFTER, and at once those on its own host
# whose pid is not running (or is its own: a container restarted with the same pid). Nothing
# on screen shows these rows (who is in is the members' and the turnout's business), so
# removing them records no event.

PROCESS_ID = uuid.uuid4().hex
HOST = socket.gethostname()[:255]
HEARTBEAT_SECONDS = 10.0
HEARTBEAT_RETRY_SECONDS = 1.0
STALE_AFTER = timedelta(seconds=60)
# A row of this process whose socket it no longer serves (a disconnect it missed), once it
# is older than this: younger ones may be a connect still committing.
ORPHAN_AFTER = timedelta(seconds=30)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: running
        return True
    return True


def heartbeat(first: bool = False) -> int:
    """Say this process is alive and remove the processes that are not, with their sockets'
    rows; ``first`` (at start-up) also removes rows that belong to no process. Returns how
    many rows went."""
    now = utcnow()
    with write_transaction():
        mine = db.session.get(LiveProcess, PROCESS_ID)
        if mine is None:
            db.session.add(LiveProcess(id=PROCESS_ID, host=HOST, pid=os.getpid(), started_at=now,
                                       seen_at=now))
        else:
            mine.seen_at = now
        gone = [process.id for process in db.session.scalars(
            select(LiveProcess).where(LiveProcess.id != PROCESS_ID))
            if process.seen_at < now - STALE_AFTER
            or (process.host == HOST and (process.pid == os.getpid()
                                          or not _running(process.pid)))]
        stale = Connection.process_id.in_(gone) if gone else false()
        if first:
            stale = or_(stale, Connection.process_id.is_(None))
        orphans = (Connection.process_id == PROCESS_ID) & (
            Connection.connected_at < now - ORPHAN_AFTER)
        if _local_sids:
            orphans &= Connection.sid.not_in(list(_local_sids))
        removed = db.session.execute(delete(Connection).where(or_(stale, orphans))).rowcount
        if gone:
            db.session.execute(delete(LiveProcess).where(LiveProcess.id.in_(gone)))
    if removed:
        log.info("removed %d live connection rows of server processes that are gone", removed)
    return removed


def heartbeat_forever(app) -> None:
    """Run by the server process (app.py): a heartbeat now, then every HEARTBEAT_SECONDS."""
    first = True
    while True:
        try:
            with app.app_context():
                heartbeat(first)
                db.session.remove()
            first = False
        except Exception:  # the database may be away or locked for a moment: soon again,
            # so that a crashed process's rows do not wait a whole round longer
            log.warning("could not record this server process's heartbeat", exc_info=True)
            socketio.sleep(HEARTBEAT_RETRY_SECONDS)
            continue
        socketio.sleep(HEARTBEAT_SECONDS)


def _sweep_forever(app) -> None:
    while True:
        socketio.sleep(SWEEP_SECONDS)
        try:
            with app.app_context():
                for sid in stale_sids(set(_local_sids)):
                    socketio.server.disconnect(sid, namespace="/")
                db.session.remove()
        except Exception:  # the database may be away for a moment; try again next round
            log.warning("could not check live sockets", exc_info=True)
