from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow

SESSION_KINDS = ("live", "async")
SESSION_STATUSES = ("planned", "live", "ended")
ACTIVITIES = (
    "welcome",
    "introductions",
    "personas",
    "groups",
    "challenge",
    "hmw",
    "ideation",
    "grouping",
    "concepts",
    "voting",
    "pilots",
    "theme",
    "task",
    "survey",
    "discussion",
    "break",
    "closing",
)


# The parts of a challenge canvas a challenge phase can open phones at.
FOCUS = ("causes", "gap", "when_where", "effects", "importance", "rating", "personas",
         "statement")


class WorkshopSession(db.Model):
    """A session of a workshop (named so as not to be confused with a database session)."""

    __tablename__ = "workshop_session"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(8), default="live")
    title: Mapped[dict] = mapped_column(JSON)
    description: Mapped[dict] = mapped_column(JSON, default=dict)
    # none_as_null: no task is SQL NULL, never a JSON null that "IS NOT NULL" would keep.
    task: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    # Coaching themes (issue 6): the week's material in Markdown ({fi, en}), and when its
    # task opens and is due.
    material: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    opens_on: Mapped[date | None]
    due_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(8), default="planned")
    current_phase_id: Mapped[str | None] = mapped_column(String(36))
    locked: Mapped[bool] = mapped_column(default=False)
    # Timer: running when ends_at is set; paused when remaining is set; idle otherwise.
    timer_duration: Mapped[int | None]
    timer_ends_at: Mapped[datetime | None]
    timer_remaining: Mapped[float | None]
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    # "Bring everyone here": the view (and item) the facilitator sent everyone to, when,
    # and a count that tells two sends within one clock tick apart. No view: no focus.
    focus_view: Mapped[str | None] = mapped_column(String(16))
    focus_id: Mapped[str | None] = mapped_column(String(36))
    focus_at: Mapped[datetime | None]
    focus_seq: Mapped[int] = mapped_column(default=0, server_default="0")
    # The projector mirrors the focus while this is on.
    projector_follows: Mapped[bool] = mapped_column(default=False, server_default=false())
    rev: Mapped[int] = mapped_column(default=0)

    phases: Mapped[list[Phase]] = relationship(
        order_by="Phase.position", cascade="all, delete-orphan", lazy="selectin"
    )


class Phase(db.Model):
    __tablename__ = "phase"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    session_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    title: Mapped[dict] = mapped_column(JSON)
    instructions: Mapped[dict] = mapped_column(JSON, default=dict)
    minutes: Mapped[int] = mapped_column(default=10)
    activity: Mapped[str] = mapped_column(String(16), default="discussion")
    # Which part of the activity phones open at (a challenge canvas question, say).
    focus: Mapped[str | None] = mapped_column(String(16))


class PhaseDone(db.Model):
    """A participant's "I'm done" with one phase: one row per member and phase."""

    __tablename__ = "phase_done"
    __table_args__ = (UniqueConstraint("phase_id", "member_id"),)

    # A UUID derived from phase and member (see schemas.pair_id).
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    phase_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("phase.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    done: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    rev: Mapped[int] = mapped_column(default=0)
