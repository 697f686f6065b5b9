"""Ideation: sticky-note ideas under a how-might-we question, the groups the facilitator
sorts them into, and the "+1"s participants give each other's ideas."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow


class IdeaCluster(db.Model):
    """A named group of ideas on one question's column ("cluster", so as not to be confused
    with the small work groups members sit in)."""

    __tablename__ = "idea_cluster"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    hmw_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("hmw_question.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    rev: Mapped[int] = mapped_column(default=0)


class Idea(db.Model):
    __tablename__ = "idea"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    hmw_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("hmw_question.id", ondelete="CASCADE"), index=True
    )
    # The author; an idea stays when its author is removed from the workshop.
    member_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("member.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    persona_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("persona.id", ondelete="SET NULL"))
    # "Build on this": the idea this one grew from.
    builds_on_id: Mapped[str | None] = mapped_column(String(36))
    cluster_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("idea_cluster.id", ondelete="SET NULL"), index=True
    )
    duplicate_of_id: Mapped[str | None] = mapped_column(String(36))
    position: Mapped[int] = mapped_column(default=0)
    plus_count: Mapped[int] = mapped_column(default=0)
    # Moderation (see server.moderation): None while the room sees the idea, "pending"
    # while it waits for a facilitator, "returned" while its author changes it; the
    # facilitator's note on returning, and the author's own words if a facilitator edited.
    moderation: Mapped[str | None] = mapped_column(String(16))
    moderation_note: Mapped[str | None] = mapped_column(Text)
    original_text: Mapped[str | None] = mapped_column(Text)
    # The facilitator who typed it in for its author, who has no device (see
    # server.participation); the author owns it as their own.
    entered_by_member_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    rev: Mapped[int] = mapped_column(default=0)


class IdeaPlus(db.Model):
    """One member's "+1" on one idea."""

    __tablename__ = "idea_plus"
    __table_args__ = (UniqueConstraint("idea_id", "member_id"),)

    # A UUID derived from idea and member (schemas.pair_id): one each.
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    idea_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("idea.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[str] = mapped_column(String(36), ForeignKey("member.id", ondelete="CASCADE"))
    # When it was given, for the participation view (rows from before it was kept: None).
    created_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    rev: Mapped[int] = mapped_column(default=0)
