"""Pilots: selected concepts being tried in practice. Issue 5 creates one per chosen
concept; their pages (team, measures, updates) come with issue 6."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow

PILOT_STATUSES = ("planned", "running", "paused", "done", "stopped")


class Pilot(db.Model):
    __tablename__ = "pilot"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    concept_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("concept.id", ondelete="CASCADE"), unique=True
    )
    round_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("vote_round.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(8), default="planned")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    rev: Mapped[int] = mapped_column(default=0)
