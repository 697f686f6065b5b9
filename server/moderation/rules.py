"""When an idea or a canvas note waits for a facilitator before the room sees it.

An item's own ``moderation`` decides who sees it: ``None`` - everyone the rest of its
rules allow; ``"pending"`` - its author (as waiting) and the facilitators (in the queue);
``"returned"`` - its author (with the facilitator's note) and the facilitators. The
switches (the workshop's, a question's) decide only what a new item starts as, so turning
one off never lets out what is still waiting: the queue stays until it is worked through.

An item the room has seen never goes back to being hidden: a screen that holds it would
keep it (events only add and change what a viewer holds), so an author may not rewrite
what the room already has while moderation is on.
"""

from __future__ import annotations

from flask_babel import gettext as _

from ..errors import Forbidden
from ..extensions import db

PENDING = "pending"
RETURNED = "returned"


def workshop_moderated(workshop_id: str) -> bool:
    from ..workshops.models import Workshop

    workshop = db.session.get(Workshop, workshop_id)
    return bool(workshop is not None and workshop.moderated)


def idea_moderated(question) -> bool:
    """Whether new ideas under ``question`` wait for a facilitator."""
    return bool(question.moderated) or workshop_moderated(question.workshop_id)


def on_arrival(actor, moderated) -> str | None:
    """What a new item by ``actor`` starts as: a facilitator's own goes straight out.
    ``moderated`` is a question (for an idea) or a bool (for a canvas note)."""
    if actor.is_facilitator:
        return None
    wanted = moderated if isinstance(moderated, bool) else idea_moderated(moderated)
    return PENDING if wanted else None


def require_editable(actor, item, moderated: bool) -> None:
    """An author may change their item while it waits or is returned, and once it is out
    only while nobody moderates it (it cannot be taken back from the screens)."""
    if actor.is_facilitator or item.moderation is not None or not moderated:
        return
    raise Forbidden(_("The facilitator has already let this out to everyone, so it can't be "
                      "changed now. Write a new one, or ask the facilitator."))


def resend(actor, item) -> bool:
    """Put a returned item its author sends again back in the queue; True if it went."""
    if actor.is_facilitator or item.moderation != RETURNED:
        return False
    item.moderation = PENDING
    return True
