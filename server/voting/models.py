"""Dot voting: rounds over concepts or ideas, and the ballots people fill in them.

A ballot is found by its key. In a named round the key is the member's id, and the ballot
names the member. In an anonymous round the key is an HMAC of the member's id under a
secret of the round; the secret is erased when the round closes, after which nothing in
the database - no row, no event - can tell whose ballot is whose.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow

TARGETS = ("concepts", "ideas")
STATUSES = ("draft", "open", "closed")


class VoteRound(db.Model):
    __tablename__ = "vote_round"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(Text, default="")
    target: Mapped[str] = mapped_column(String(8), default="concepts")
    # For a round over ideas: the question they answer.
    hmw_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("hmw_question.id", ondelete="SET NULL"))
    dots: Mapped[int] = mapped_column(default=5)
    cap: Mapped[int] = mapped_column(default=3)
    allow_own: Mapped[bool] = mapped_column(default=True)
    anonymous: Mapped[bool] = mapped_column(default=True)
    # Tallies reach every screen as they change ("live"), or nobody until revealed.
    live_results: Mapped[bool] = mapped_column(default=False)
    revealed: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(8), default="draft")
    closes_at: Mapped[datetime | None]
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # Anonymous rounds only, while open: the key of a member's ballot is derived from it.
    secret: Mapped[str | None] = mapped_column(String(64))
    # What was chosen from the results (concept ids), once the facilitator chooses.
    chosen_ids: Mapped[list] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    rev: Mapped[int] = mapped_column(default=0)
    # The ballot: concepts or ideas, as the target says - one table each, so that each
    # link has a real foreign key. Written through server.links.set_links, so that a
    # removed item leaves the ballot with an event.
    concept_links: Mapped[list[VoteRoundConcept]] = relationship(
        order_by="VoteRoundConcept.position", cascade="all, delete-orphan",
        passive_deletes=True, lazy="selectin")
    idea_links: Mapped[list[VoteRoundIdea]] = relationship(
        order_by="VoteRoundIdea.position", cascade="all, delete-orphan", passive_deletes=True,
        lazy="selectin")

    @property
    def item_ids(self) -> list[str]:
        """What is on the ballot, in ballot order."""
        if self.target == "ideas":
            return [link.idea_id for link in self.idea_links]
        return [link.concept_id for link in self.concept_links]


class VoteRoundConcept(db.Model):
    """One concept on a round's ballot, at its place on it."""

    __tablename__ = "vote_round_concept"

    round_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("vote_round.id", ondelete="CASCADE"), primary_key=True)
    concept_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("concept.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(default=0)


class VoteRoundIdea(db.Model):
    """One idea on a round's ballot, at its place on it."""

    __tablename__ = "vote_round_idea"

    round_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("vote_round.id", ondelete="CASCADE"), primary_key=True)
    idea_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("idea.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(default=0)


class Ballot(db.Model):
    __tablename__ = "ballot"
    __table_args__ = (UniqueConstraint("round_id", "key"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    round_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("vote_round.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(64))
    # Named rounds only.
    member_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("member.id", ondelete="SET NULL"))
    # Dots a facilitator entered for someone without a device (paper dots).
    proxy_label: Mapped[str | None] = mapped_column(Text)
    spent: Mapped[int] = mapped_column(default=0)


class BallotDot(db.Model):
    __tablename__ = "ballot_dot"
    __table_args__ = (UniqueConstraint("ballot_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    ballot_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("ballot.id", ondelete="CASCADE"), index=True
    )
    round_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("vote_round.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[str] = mapped_column(String(36))
    count: Mapped[int] = mapped_column(default=0)
