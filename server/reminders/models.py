"""Reminders: what is due (a task not done by its date, a pilot gone quiet), each made
once, and how it reaches a person: in the app, by e-mail, or into their chat channel by
webhook - whichever they chose."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow

CHANNELS = ("app", "email", "chat")


class ReminderSettings(db.Model):
    """A workshop's reminders, as its facilitators set them."""

    __tablename__ = "reminder_settings"

    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    tasks: Mapped[bool] = mapped_column(default=True)
    pilots: Mapped[bool] = mapped_column(default=True)
    pilot_quiet_days: Mapped[int] = mapped_column(default=14)
    rev: Mapped[int] = mapped_column(default=0)

    @property
    def id(self) -> str:
        return self.workshop_id


class NotifyPreference(db.Model):
    """How one member wants to be reminded. The webhook address is a secret: it is never
    sent back, to anyone."""

    __tablename__ = "notify_preference"

    member_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("member.id", ondelete="CASCADE"), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    channels: Mapped[list] = mapped_column(JSON, default=lambda: ["app"])
    email: Mapped[str | None] = mapped_column(String(254))
    webhook_url: Mapped[str | None] = mapped_column(Text)
    rev: Mapped[int] = mapped_column(default=0)

    @property
    def id(self) -> str:
        return self.member_id


class Reminder(db.Model):
    """One reminder that was made. Its key is unique per workshop, so however many
    processes look, and however often the server restarts, it is made once."""

    __tablename__ = "reminder"
    __table_args__ = (UniqueConstraint("workshop_id", "key"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    member_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("member.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Notification(db.Model):
    """A reminder (or other notice) in the app: shown to its member, with an unread
    count."""

    __tablename__ = "notification"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("member.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[dict] = mapped_column(JSON)
    view: Mapped[str] = mapped_column(String(16), default="")
    target_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    rev: Mapped[int] = mapped_column(default=0)


class Delivery(db.Model):
    """One notification on its way out by e-mail or webhook: claimed by one process at a
    time, retried with growing waits, marked sent once delivered."""

    __tablename__ = "delivery"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    notification_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("notification.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(8), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
