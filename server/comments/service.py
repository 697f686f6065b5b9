"""Comments on workshop items. A feature makes its items commentable by registering a
lookup in :data:`TARGETS`."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _
from sqlalchemy import select

from ..access import Actor, require_contributor, require_open
from ..database import lock_workshop, resent, write_transaction
from ..errors import Forbidden, Invalid, NotFound
from ..events.entities import EntityKind, register
from ..events.service import record_by, remove_by
from ..extensions import db
from ..timeutil import epoch
from .models import Comment

# kind -> function(actor, id) returning the item or raising NotFound
TARGETS: dict[str, Callable] = {}


def dump_comment(comment: Comment) -> dict:
    return {
        "id": comment.id,
        "target_kind": comment.target_kind,
        "target_id": comment.target_id,
        "member_id": comment.member_id,
        "body": comment.body,
        "created_at": epoch(comment.created_at),
        "rev": comment.rev,
    }


register(EntityKind(
    name="comment", resendable=True,
    full=dump_comment,
    rows=lambda wid: select(Comment).where(Comment.workshop_id == wid)
    .order_by(Comment.created_at),
))


def add_comment(actor: Actor, data: dict) -> Comment:
    """Comment on an item. The id is the client's: sending the same comment twice adds one."""
    require_contributor(actor)
    require_open(actor)
    if actor.member is None:
        raise Forbidden(_("Join the workshop first."))
    find = TARGETS.get(data["target_kind"])
    if find is None:
        raise Invalid.field("target_kind", _("Use one of: %(names)s.",
                                             names=", ".join(sorted(TARGETS))))
    with write_transaction():
        existing = resent(Comment, data["id"], lambda c: c.member_id == actor.member_id
                          and c.workshop_id == actor.workshop.id,
                          actor.workshop.id)
        if existing is not None:
            return existing
        # The item is looked up under the lock: one removed meanwhile took its thread with
        # it, and a comment stored after that would hang on nothing, on every screen.
        lock_workshop(actor.workshop.id)
        find(actor, data["target_id"])
        comment = Comment(id=data["id"], workshop_id=actor.workshop.id,
                          target_kind=data["target_kind"], target_id=data["target_id"],
                          member_id=actor.member_id, body=data["body"])
        db.session.add(comment)
        record_by(actor, "comment", comment, type="comment.added")
    return comment


def delete_comment(actor: Actor, data: dict) -> Comment:
    """Authors remove their own comments; facilitators any."""
    comment_id = data["comment_id"]
    require_open(actor)
    with write_transaction():
        comment = db.session.get(Comment, comment_id)
        if comment is None or comment.workshop_id != actor.workshop.id:
            raise NotFound(_("No such comment."), {"comment_id": [_("Unknown id.")]})
        if not actor.is_facilitator and comment.member_id != actor.member_id:
            raise Forbidden(_("You can only remove your own comments."))
        remove_by(actor, "comment", comment, type="comment.deleted")
    return comment


def remove_on(actor: Actor, target_kind: str, target_id: str) -> None:
    """The thread of an item being removed goes with it (inside the item's transaction)."""
    for comment in db.session.scalars(select(Comment).where(
            Comment.target_kind == target_kind, Comment.target_id == target_id)):
        remove_by(actor, "comment", comment, type="comment.deleted")
