"""What each kind of entity looks like to each viewer.

A feature registers its entity kinds here once; the event log, the catch-up on reconnect and
the snapshot all use the same registry, so that "state + events == fresh state" holds for
every viewer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select


@dataclass(frozen=True)
class Viewer:
    """Who receives an event or a snapshot."""

    role: str  # facilitator | participant | observer
    member_id: str | None = None

    @property
    def privileged(self) -> bool:
        return self.role == "facilitator"


FACILITATOR = Viewer("facilitator")


@dataclass(frozen=True)
class EntityKind:
    """How one kind of entity is dumped for clients.

    :param full: what facilitators and the subject member see.
    :param public: what everyone else sees; ``None`` from it hides the entity entirely.
    :param subject: the member who owns the entity (sees ``full``), if any.
    :param rows: the query for every row of this kind in one workshop (for snapshots).
    :param resendable: ids come from clients, which resend a create until it is
        acknowledged; a deleted id is remembered so that a late resend cannot bring the item
        back. (Kinds whose ids are derived, like a +1's, may be made again at will.)
    :param rev: the attribute holding the entity's revision (two kinds may share a row).
    """

    name: str
    full: Callable[[Any], dict]
    rows: Callable[[str], Select]
    public: Callable[[Any], dict | None] | None = None
    subject: Callable[[Any], str | None] | None = None
    resendable: bool = False
    rev: str = "rev"

    def public_view(self, obj) -> dict | None:
        return self.full(obj) if self.public is None else self.public(obj)

    def subject_of(self, obj) -> str | None:
        return None if self.subject is None else self.subject(obj)

    def view(self, obj, viewer: Viewer) -> dict | None:
        if viewer.privileged or (
            viewer.member_id is not None and self.subject_of(obj) == viewer.member_id
        ):
            return self.full(obj)
        return self.public_view(obj)


ENTITIES: dict[str, EntityKind] = {}


def workshop_rows(model, *order) -> Callable[[str], Select]:
    """The ``rows`` of a kind whose table has a ``workshop_id``: every row, in ``order``."""
    from sqlalchemy import select

    return lambda wid: select(model).where(model.workshop_id == wid).order_by(*order)


def register(kind: EntityKind) -> EntityKind:
    ENTITIES[kind.name] = kind
    return kind
