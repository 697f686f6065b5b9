"""Joining with a code, and the facilitator's care of the member list."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, select

from ..access import Actor, remembered_members, require_facilitator, require_open
from ..accounts.models import User
from ..database import resent, write_transaction
from ..errors import Forbidden, Invalid, NotFound
from ..events.entities import EntityKind, register
from ..events.service import record
from ..extensions import db, socketio
from ..timeutil import epoch, utcnow
from ..workshops.models import Workshop
from .models import Connection, Member


def dump_member(member: Member) -> dict:
    return {
        "id": member.id,
        "role": member.role,
        "display_name": member.display_name,
        "organisation": member.organisation,
        "joined_at": epoch(member.joined_at),
        "removed": member.removed_at is not None,
        "group_id": member.group_id,
        "rev": member.rev,
    }


register(
    EntityKind(
        name="member",
        full=dump_member,
        rows=lambda wid: select(Member).where(Member.workshop_id == wid).order_by(Member.joined_at),
    )
)


def join(workshop: Workshop, data: dict) -> Member:
    """Add a participant to ``workshop``, or return the member this browser already is.

    ``data["id"]`` is chosen by the joining page, so a double-tapped "Join" creates one
    member.
    """
    if workshop.status != "active":
        raise Forbidden(_("This workshop is closed for joining."))
    remembered = remembered_members().get(workshop.id)
    with write_transaction():
        if remembered:
            member = db.session.get(Member, remembered)
            if member is not None and member.active and member.workshop_id == workshop.id:
                return member
        existing = resent(Member, data["id"], lambda m: m.workshop_id == workshop.id
                          and m.role == "participant",
                          workshop.id)
        if existing is not None:
            return existing
        member = Member(
            id=data["id"],
            workshop_id=workshop.id,
            role="participant",
            display_name=data["display_name"],
            organisation=data.get("organisation") or None,
        )
        db.session.add(member)
        record(workshop.id, "member", member, type="member.joined", actor_member_id=member.id)
    return member


def _member(actor: Actor, member_id: str) -> Member:
    member = db.session.get(Member, member_id)
    if member is None or member.workshop_id != actor.workshop.id:
        raise NotFound(_("No such member in this workshop."), {"member_id": [_("Unknown id.")]})
    return member


def update_member(actor: Actor, member_id: str, data: dict) -> Member:
    """Change a display name or organisation: facilitators for anyone, a member for itself."""
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


def remove_member(actor: Actor, member_id: str) -> Member:
    """Remove a member; their live connections are closed and their cookie stops working.

    What they wrote stays, under their name. The last facilitator cannot be removed.
    """
    require_facilitator(actor)
    with write_transaction():
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
        record(member.workshop_id, "member", member, type="member.removed",
               actor_member_id=actor.member_id)
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


def connection_opened(sid: str, workshop_id: str, member_id: str | None, user_id: int | None):
    with write_transaction():
        db.session.merge(
            Connection(sid=sid, workshop_id=workshop_id, member_id=member_id, user_id=user_id)
        )


def connection_closed(sid: str) -> None:
    with write_transaction():
        db.session.execute(delete(Connection).where(Connection.sid == sid))


def disconnect(*, member_id: str | None = None, user_id: int | None = None) -> int:
    """Close every live socket of a member or of a facilitator account, in any process."""
    query = select(Connection.sid)
    if member_id is not None:
        query = query.where(Connection.member_id == member_id)
    elif user_id is not None:
        query = query.where(Connection.user_id == user_id)
    else:
        return 0
    sids = list(db.session.scalars(query))
    for sid in sids:
        socketio.server.disconnect(sid, namespace="/")
    return len(sids)
