"""The coaching rhythm: a member's submission to a theme's task, and the facilitator's
written feedback or completion mark on it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow


class Submission(db.Model):
    __tablename__ = "submission"
    __table_args__ = (UniqueConstraint("session_id", "member_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    # The theme (an async session) whose task this answers.
    session_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(Text, default="")
    # A survey's answers: {question id: number or text}.
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    feedback: Mapped[str] = mapped_column(Text, default="")
    completed: Mapped[bool] = mapped_column(default=False)
    reviewed_by: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("member.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None]
    # The facilitator or coach who typed it in for its member (see server.participation).
    entered_by_member_id: Mapped[str | None] = mapped_column(String(36))
    rev: Mapped[int] = mapped_column(default=0)
    # The review (feedback, mark) is its own entity, seen only by the member and the
    # facilitators: its own revision, so reviewing changes nothing others hold.
    review_rev: Mapped[int] = mapped_column(default=0, server_default="0")
