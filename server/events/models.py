from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow


class Event(db.Model):
    """One committed change in a workshop, numbered 1, 2, 3... per workshop.

    ``data`` is what facilitators and the event's subject member see; ``public_data`` is
    what everyone else sees, or ``None`` when they may only learn that *something*
    happened (they receive a content-free marker with the number, so that their numbers
    stay contiguous).
    """

    __tablename__ = "event"
    __table_args__ = (UniqueConstraint("workshop_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int]
    type: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(8))
    restricted: Mapped[bool] = mapped_column(default=False)
    subject_member_id: Mapped[str | None] = mapped_column(String(36))
    data: Mapped[dict] = mapped_column(JSON)
    public_data: Mapped[dict | None] = mapped_column(JSON)
    actor_member_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Removed(db.Model):
    """A tombstone: an id that was deleted, so that a create resent with it afterwards (a
    phone whose acknowledgement was lost) is answered "already removed" instead of bringing
    the item back. Kept as long as the workshop; one small row per removed item."""

    __tablename__ = "removed_item"

    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    removed_at: Mapped[datetime] = mapped_column(default=utcnow)
