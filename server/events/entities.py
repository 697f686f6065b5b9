"""What each kind of entity looks like to each viewer.

A feature registers its entity kinds here once; the event log, the catch-up on reconnect,
the snapshot and every export (archive, CSV tables, report, a participant's own file) all
use the same registry, so that "state + events == fresh state" holds for every viewer and
no file holds what its reader could not see on a screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Select


@dataclass(frozen=True)
class Viewer:
    """Who receives an event, a snapshot or an export."""

    role: str  # facilitator | participant | observer
    member_id: str | None = None
    # A file that leaves Paja (an export), not a screen. A file is kept and passed on, so
    # it names nobody the workshop promised anonymity - not even to a facilitator, who
    # sees such authors on screen to moderate (see ``EntityKind.exported``).
    export: bool = False

    @property
    def privileged(self) -> bool:
        return self.role == "facilitator"


FACILITATOR = Viewer("facilitator")
# The reader of a facilitator's export (download or command line): what any facilitator
# of the workshop may see, whoever made the file, so the same content gives the same file.
FACILITATOR_EXPORT = Viewer("facilitator", export=True)


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
    :param exported: what an export holds for a facilitator (``full`` without the people
        the workshop promised anonymity); ``None``: ``full``. The subject's own file still
        gets ``full``: it is theirs.
    :param details: for exports, which copy stored rows: how much of the rows stored with
        an entity but never dumped on their own (a vote round's ballots) a viewer may
        have, read off the view that viewer gets of the entity (``None`` if none) -
        ``"none"``, ``"unnamed"`` (without who is who) or ``"all"``; ``None``: ``"all"``.
    """

    name: str
    full: Callable[[Any], dict]
    rows: Callable[[str], Select]
    public: Callable[[Any], dict | None] | None = None
    subject: Callable[[Any], str | None] | None = None
    resendable: bool = False
    rev: str = "rev"
    exported: Callable[[Any], dict] | None = None
    details: Callable[[Any, dict | None], str] | None = None
    # Optional, for speed only: ``rows`` narrowed to those that may have a view for a viewer
    # who is not a facilitator - fn(query, viewer). The view still decides; this only saves
    # loading rows it would refuse (a hall's thousand members nobody else sees).
    narrow: Callable[[Select, Viewer], Select] | None = None

    def rows_for(self, workshop_id: str, viewer: Viewer) -> Select:
        query = self.rows(workshop_id)
        if self.narrow is None or viewer.privileged:
            return query
        return self.narrow(query, viewer)

    def named(self, shown: dict | None) -> list[str]:
        """The members that ``shown``, a view of one of these, puts a name to: every field
        that names a member is called ``member_id`` or ends so (``contact_member_id``)."""
        if not shown or self.name == "member":
            return []
        return [value for key, value in shown.items()
                if key.endswith("member_id") and isinstance(value, str)]

    def public_view(self, obj) -> dict | None:
        return self.full(obj) if self.public is None else self.public(obj)

    def subject_of(self, obj) -> str | None:
        return None if self.subject is None else self.subject(obj)

    def _whole(self, obj, viewer: Viewer) -> bool:
        """Whether ``viewer`` gets ``full`` itself."""
        subject = viewer.member_id is not None and self.subject_of(obj) == viewer.member_id
        if subject:
            return True
        return viewer.privileged and not (viewer.export and self.exported is not None)

    def view(self, obj, viewer: Viewer) -> dict | None:
        """What ``viewer`` sees of ``obj``; ``None``: nothing, not even that it exists."""
        if self._whole(obj, viewer):
            return self.full(obj)
        if viewer.privileged:
            return self.exported(obj)
        return self.public_view(obj)

    def withheld(self, obj, viewer: Viewer) -> dict | None:
        """What ``viewer`` may not have of ``obj``, for an export that copies its stored row
        rather than a dump (the archive): ``None`` if the viewer may not have the entity at
        all, else each field of ``full`` that the viewer's view leaves out or gives another
        value, with the value it gives (``None`` for one it leaves out). The view decides;
        the copy follows it."""
        if self._whole(obj, viewer):
            return {}
        shown = self.view(obj, viewer)
        if shown is None:
            return None
        whole = self.full(obj)
        missing = object()
        return {name: shown.get(name) for name, value in whole.items()
                if shown.get(name, missing) != value}

    def details_shown(self, obj, viewer: Viewer) -> str:
        """How much of the rows stored with ``obj`` (see ``details``) ``viewer`` may have."""
        if self.details is None:
            return "all"
        return self.details(obj, self.view(obj, viewer))


ENTITIES: dict[str, EntityKind] = {}


def workshop_rows(model, *order) -> Callable[[str], Select]:
    """The ``rows`` of a kind whose table has a ``workshop_id``: every row, in ``order``."""
    from sqlalchemy import select

    return lambda wid: select(model).where(model.workshop_id == wid).order_by(*order)


def register(kind: EntityKind) -> EntityKind:
    kind = _marking_personal_data(kind)
    ENTITIES[kind.name] = kind
    return kind


def _marking_personal_data(kind: EntityKind) -> EntityKind:
    """``kind`` with the facilitators' mark on what its writer may have sent about someone
    (``personal_data``, see :mod:`server.personal_data`), for the kinds participants write
    in. The mark is in ``full`` - facilitators and the writer - and in the facilitators'
    export, and in no other view, so another participant or the projector never learns
    that an item was marked."""
    from ..personal_data import TEXTS, mark

    texts = TEXTS.get(kind.name)
    if texts is None:
        return kind
    full, exported = kind.full, kind.exported
    # A facilitator's export (``exported``, without the people an anonymous question hides)
    # keeps the mark too: the files are where a text goes on from Paja.
    return replace(kind, full=lambda obj: mark(full(obj), texts(obj)),
                   public=kind.public or full,
                   exported=exported and (lambda obj: mark(exported(obj), texts(obj))))
