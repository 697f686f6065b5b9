"""The facilitator's queue: approving an idea or a canvas note (as it is, or edited with
its author's knowledge), or returning it to its author with a note.

Approving is the moment an item reaches the room: its event carries it to every viewer
its other rules allow (a silent question still waits for its reveal). Returning keeps it
between the author and the facilitators; the author's sending it again puts it back in the
queue (see :func:`rules.resend`).
"""

from __future__ import annotations

from flask_babel import gettext as _

from ..access import Actor, require_facilitator, require_open
from ..database import lock_workshop, write_transaction
from ..errors import Invalid, NotFound
from ..events.entities import ENTITIES
from ..events.service import record_by
from ..extensions import db
from ..ideas.schemas import IDEA_MAX
from . import rules

# Per kind: the model, the name of its text, and its event types.
_TEXT = {"idea": "text", "challenge_note": "body"}
_ORIGINAL = {"idea": "original_text", "challenge_note": "original_body"}
_TYPES = {"idea": ("idea.approved", "idea.returned"),
          "challenge_note": ("challenge.note_approved", "challenge.note_returned")}


def _model(kind: str):
    if kind == "idea":
        from ..ideas.models import Idea

        return Idea
    from ..challenges.models import ChallengeNote

    return ChallengeNote


def _waiting(actor: Actor, data: dict):
    item = db.session.get(_model(data["kind"]), data["id"]) if isinstance(data["id"], str) \
        else None
    if item is None or item.workshop_id != actor.workshop.id:
        raise NotFound(_("No such idea or answer in this workshop."), {"id": [_("Unknown id.")]})
    if item.moderation is None:
        raise Invalid.field("id", _("This is already out for everyone to see; nothing is "
                                    "waiting here."))
    return item


def dump(result: tuple[str, object]) -> dict:
    kind, item = result
    return {"kind": kind, "item": ENTITIES[kind].full(item)}


def approve(actor: Actor, data: dict) -> tuple[str, object]:
    """Let an item out to the room, with the facilitator's edit of its text if one is
    given (the author's own words are kept for them)."""
    require_facilitator(actor)
    require_open(actor)
    kind = data["kind"]
    with write_transaction():
        # Read under the lock: the author may be rewriting it this instant, and what goes
        # out must be the text the facilitator approves, in the database and the event.
        lock_workshop(actor.workshop.id)
        item = _waiting(actor, data)
        text = data.get("text")
        if kind == "idea" and text and len(text) > IDEA_MAX:
            raise Invalid.field("text", _("An idea can be at most %(n)d characters; shorten "
                                          "it.", n=IDEA_MAX))
        if text and text != getattr(item, _TEXT[kind]):
            if getattr(item, _ORIGINAL[kind]) is None:
                setattr(item, _ORIGINAL[kind], getattr(item, _TEXT[kind]))
            setattr(item, _TEXT[kind], text)
        item.moderation = None
        record_by(actor, kind, item, type=_TYPES[kind][0])
    return kind, item


def return_to_author(actor: Actor, data: dict) -> tuple[str, object]:
    """Give an item back to its author with a note of what to change; nobody else sees
    either."""
    require_facilitator(actor)
    require_open(actor)
    kind = data["kind"]
    with write_transaction():
        lock_workshop(actor.workshop.id)  # as in approve
        item = _waiting(actor, data)
        if item.member_id is None:
            raise Invalid.field("id", _("Its author is no longer in the workshop; approve it "
                                        "or remove it instead."))
        if item.moderation != rules.RETURNED or item.moderation_note != data["note"]:
            item.moderation = rules.RETURNED
            item.moderation_note = data["note"]
            record_by(actor, kind, item, type=_TYPES[kind][1])
    return kind, item
