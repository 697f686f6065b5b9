"""Comments: a short discussion thread on any item of a workshop (personas first)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow


class Comment(db.Model):
    __tablename__ = "comment"
    __table_args__ = (Index("ix_comment_target", "target_kind", "target_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    target_kind: Mapped[str] = mapped_column(String(24))
    target_id: Mapped[str] = mapped_column(String(36))
    member_id: Mapped[str] = mapped_column(String(36), ForeignKey("member.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    rev: Mapped[int] = mapped_column(default=0)
