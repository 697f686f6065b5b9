from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow

ROLES = ("facilitator", "participant", "observer")


class Member(db.Model):
    __tablename__ = "member"
    __table_args__ = (Index("ix_member_workshop_user", "workshop_id", "user_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(16))
    display_name: Mapped[str] = mapped_column(String(60))
    organisation: Mapped[str | None] = mapped_column(String(80))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Removed members stay, so that what they wrote keeps an author; they cannot come back
    # with their old cookie.
    removed_at: Mapped[datetime | None]
    # The small group this member works in; groups persist across sessions.
    group_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("work_group.id", ondelete="SET NULL"), index=True
    )
    # A participant's phone proves it is this member with the signed cookie it was given at
    # join; a join resent before that cookie arrived proves it with the key the phone sent
    # the first time (only its digest is kept). The id alone proves nothing.
    key_digest: Mapped[str | None] = mapped_column(String(64))
    rev: Mapped[int] = mapped_column(default=0)

    @property
    def active(self) -> bool:
        return self.removed_at is None


class Introduction(db.Model):
    """What a member tells the others about themselves before the first session."""

    __tablename__ = "introduction"

    id: Mapped[str] = mapped_column(
        String(36), ForeignKey("member.id", ondelete="CASCADE"), primary_key=True
    )  # the member's id: one introduction each
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    about: Mapped[str] = mapped_column(Text, default="")
    hopes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    rev: Mapped[int] = mapped_column(default=0)


class Connection(db.Model):
    """A live socket, so that a removed or logged-out person's sockets can be closed from
    any server process."""

    __tablename__ = "live_connection"

    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[str | None] = mapped_column(String(36), index=True)
    user_id: Mapped[int | None] = mapped_column(index=True)
    login_session: Mapped[str | None] = mapped_column(String(64), index=True)
    connected_at: Mapped[datetime] = mapped_column(default=utcnow)
