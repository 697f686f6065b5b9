"""Concept cards: ideas grown into something a team could try."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow

STAGES = ("draft", "refined", "selected", "piloting", "dropped")
# The card's texts, in the order the card shows them.
TEXTS = ("need", "what", "takes_people", "takes_devices", "takes_training", "takes_digital",
         "first_try", "risks")


class Concept(db.Model):
    __tablename__ = "concept"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(Text)
    # Where it came from. The links are kept when the card, its question or its ideas are
    # edited; a removed question or group only clears its own link.
    hmw_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("hmw_question.id", ondelete="SET NULL"), index=True)
    challenge_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("challenge.id", ondelete="SET NULL"))
    cluster_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("idea_cluster.id", ondelete="SET NULL"))
    texts: Mapped[dict] = mapped_column(JSON, default=dict)
    stage: Mapped[str] = mapped_column(String(12), default="draft")
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    rev: Mapped[int] = mapped_column(default=0)
    # Both lists are written through server.links.set_links, so that a removed idea or
    # persona leaves them with an event.
    idea_links: Mapped[list[ConceptIdea]] = relationship(
        order_by="ConceptIdea.position", cascade="all, delete-orphan", passive_deletes=True,
        lazy="selectin")
    persona_links: Mapped[list[ConceptPersona]] = relationship(
        order_by="ConceptPersona.position", cascade="all, delete-orphan", passive_deletes=True,
        lazy="selectin")

    @property
    def idea_ids(self) -> list[str]:
        """The ideas the card grew from, in the order they were given."""
        return [link.idea_id for link in self.idea_links]

    @property
    def persona_ids(self) -> list[str]:
        """The personas the card serves, in the order they were given."""
        return [link.persona_id for link in self.persona_links]


class ConceptIdea(db.Model):
    """One idea a concept grew from, at its place in the concept's list."""

    __tablename__ = "concept_idea"

    concept_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("concept.id", ondelete="CASCADE"), primary_key=True)
    idea_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("idea.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(default=0)


class ConceptPersona(db.Model):
    """One persona a concept serves, at its place in the concept's list."""

    __tablename__ = "concept_persona"

    concept_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("concept.id", ondelete="CASCADE"), primary_key=True)
    persona_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("persona.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(default=0)
