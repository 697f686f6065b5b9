"""Concept cards: ideas grown into something a team could try."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

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
    idea_ids: Mapped[list] = mapped_column(JSON, default=list)
    persona_ids: Mapped[list] = mapped_column(JSON, default=list)
    texts: Mapped[dict] = mapped_column(JSON, default=dict)
    stage: Mapped[str] = mapped_column(String(12), default="draft")
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    rev: Mapped[int] = mapped_column(default=0)
