"""Putting one item of an ordered list at a new position (personas, how-might-we
questions): the others close up around it, and each item whose position changes gets its
event."""

from __future__ import annotations

from .events.service import record


def move_to(actor, entity: str, items: list, item, position: int, type: str) -> None:
    """Put ``item`` at ``position`` (0 = first) among ``items`` (in their current order)."""
    ordered = [other for other in items if other is not item]
    ordered.insert(min(position, len(ordered)), item)
    for index, each in enumerate(ordered):
        if each.position != index or each is item:
            each.position = index
            record(actor.workshop.id, entity, each, type=type, actor_member_id=actor.member_id)
