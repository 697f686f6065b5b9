"""Challenge framing: a group's canvas (contributions under the guiding questions, an
importance rating, a statement, the personas it concerns) and its how-might-we questions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow

# The guiding questions of seed 001, in canvas order.
QUESTIONS = ("causes", "gap", "when_where", "effects", "importance")


class Challenge(db.Model):
    __tablename__ = "challenge"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    # The group framing it; a challenge outlives its group being removed.
    group_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("work_group.id", ondelete="SET NULL"), index=True
    )
    statement: Mapped[str] = mapped_column(Text, default="")
    # Ratings 1..5, counted: the distribution everyone sees.
    ratings: Mapped[list] = mapped_column(JSON, default=lambda: [0, 0, 0, 0, 0])
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    rev: Mapped[int] = mapped_column(default=0)
    # Written through server.links.set_links, so a removed persona leaves with an event.
    persona_links: Mapped[list[ChallengePersona]] = relationship(
        order_by="ChallengePersona.position", cascade="all, delete-orphan",
        passive_deletes=True, lazy="selectin")

    @property
    def persona_ids(self) -> list[str]:
        """The personas the challenge concerns, in the order they were given."""
        return [link.persona_id for link in self.persona_links]


class ChallengePersona(db.Model):
    """One persona a challenge concerns, at its place in the challenge's list."""

    __tablename__ = "challenge_persona"

    challenge_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("challenge.id", ondelete="CASCADE"), primary_key=True)
    persona_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("persona.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(default=0)


class ChallengeNote(db.Model):
    """One contribution under one guiding question; many members add them at once."""

    __tablename__ = "challenge_note"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    challenge_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("challenge.id", ondelete="CASCADE"), index=True
    )
    question: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    member_id: Mapped[str] = mapped_column(String(36), ForeignKey("member.id", ondelete="CASCADE"))
    # Moderation (see server.moderation): None while the room sees the note, "pending"
    # while it waits for a facilitator, "returned" while its author changes it; the
    # facilitator's note on returning, and the author's own words if a facilitator edited.
    moderation: Mapped[str | None] = mapped_column(String(16))
    moderation_note: Mapped[str | None] = mapped_column(Text)
    original_body: Mapped[str | None] = mapped_column(Text)
    # The facilitator who typed it in for its author (see server.participation).
    entered_by_member_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    rev: Mapped[int] = mapped_column(default=0)


class ImportanceRating(db.Model):
    __tablename__ = "importance_rating"
    __table_args__ = (UniqueConstraint("challenge_id", "member_id"),)

    # A UUID derived from challenge and member (see schemas.pair_id): one rating each.
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    challenge_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("challenge.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[str] = mapped_column(String(36), ForeignKey("member.id", ondelete="CASCADE"))
    value: Mapped[int]
    rev: Mapped[int] = mapped_column(default=0)


class HowMightWe(db.Model):
    __tablename__ = "hmw_question"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    challenge_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("challenge.id", ondelete="CASCADE"), index=True
    )
    # The question in the languages it was written in, {language: text} (see
    # schemas.LanguageMap): a facilitator may write it for readers of several languages.
    text: Mapped[dict] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(default=0)
    member_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("member.id", ondelete="SET NULL"))
    # Ideation settings (issue 4). Silent: participants see only their own ideas until the
    # facilitator reveals. Anonymous: no participant learns who wrote an idea. Both are fixed
    # once the question has ideas, because people wrote them under that promise.
    silent: Mapped[bool] = mapped_column(default=False)
    anonymous: Mapped[bool] = mapped_column(default=False)
    revealed: Mapped[bool] = mapped_column(default=False)
    locked: Mapped[bool] = mapped_column(default=False)
    # This question's ideas wait for a facilitator's approval before the room sees them.
    moderated: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The question phones open at during ideation: one per group at most (a group's
    # question is its challenge's group's), and one for the whole workshop, whose question
    # the phones of no group - and of groups without one of their own - open at.
    live: Mapped[bool] = mapped_column(default=False)
    # Participants may group this question's ideas and make concepts from them.
    grouping_open: Mapped[bool] = mapped_column(default=False)
    spotlight_idea_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    rev: Mapped[int] = mapped_column(default=0)
    # Written through server.links.set_links, so a removed persona leaves with an event.
    persona_links: Mapped[list[HmwPersona]] = relationship(
        order_by="HmwPersona.position", cascade="all, delete-orphan", passive_deletes=True,
        lazy="selectin")

    @property
    def persona_ids(self) -> list[str]:
        """The personas the question targets, in the order they were given."""
        return [link.persona_id for link in self.persona_links]

    @property
    def hides_ideas(self) -> bool:
        """Whether participants see only their own ideas right now."""
        return self.silent and not self.revealed


class HmwPersona(db.Model):
    """One persona a how-might-we question targets, at its place in the question's list."""

    __tablename__ = "hmw_persona"

    hmw_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("hmw_question.id", ondelete="CASCADE"), primary_key=True)
    persona_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("persona.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(default=0)
