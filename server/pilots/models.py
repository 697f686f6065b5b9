"""Pilots: selected concepts being tried in practice by a team from several organisations,
with a hypothesis, measures with targets, dates, a status with its history and a log of
updates."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow

PILOT_STATUSES = ("planned", "running", "paused", "done", "stopped")
# How far a pilot in each status is, in per cent, until its team says otherwise. A stopped
# pilot counts for nothing in the programme's progress (see ``service.programme_progress``).
STATUS_PROGRESS = {"planned": 0, "running": 30, "paused": 30, "done": 100, "stopped": 0}


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
    # The team's own estimate in per cent; None follows the status (STATUS_PROGRESS). A new
    # status brings its own figure back, which the team may then adjust.
    progress: Mapped[int | None] = mapped_column()
    # How much the pilot weighs in the programme's progress (a big pilot against a small).
    weight: Mapped[int] = mapped_column(default=1, server_default="1")
    hypothesis: Mapped[str] = mapped_column(Text, default="")
    contact_member_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("member.id", ondelete="SET NULL"))
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    # The team's invitation link, for people not yet in the workshop, until it expires. A
    # new join code (someone unwanted got in) or archiving the workshop retires it.
    invite_token: Mapped[str | None] = mapped_column(String(32), unique=True)
    invite_expires_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    rev: Mapped[int] = mapped_column(default=0)
    # Written through server.links.set_links, so a removed persona leaves with an event.
    persona_links: Mapped[list[PilotPersona]] = relationship(
        order_by="PilotPersona.position", cascade="all, delete-orphan", passive_deletes=True,
        lazy="selectin")

    @property
    def persona_ids(self) -> list[str]:
        """The personas the pilot is for, in the order they were given."""
        return [link.persona_id for link in self.persona_links]

    @property
    def progress_now(self) -> int:
        """How far the pilot is, in per cent: the team's figure, else its status's."""
        return self.progress if self.progress is not None else STATUS_PROGRESS[self.status]


class PilotPersona(db.Model):
    """One persona a pilot is for, at its place in the pilot's list."""

    __tablename__ = "pilot_persona"

    pilot_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("pilot.id", ondelete="CASCADE"), primary_key=True)
    persona_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("persona.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(default=0)


class PilotMember(db.Model):
    __tablename__ = "pilot_member"
    __table_args__ = (UniqueConstraint("pilot_id", "member_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # pair_id(pilot, member)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    pilot_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("pilot.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[str] = mapped_column(String(36), ForeignKey("member.id", ondelete="CASCADE"))
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    rev: Mapped[int] = mapped_column(default=0)


class PilotStatusChange(db.Model):
    __tablename__ = "pilot_status_change"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    pilot_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("pilot.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(8))
    note: Mapped[str] = mapped_column(Text, default="")
    member_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("member.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    rev: Mapped[int] = mapped_column(default=0)


class Measure(db.Model):
    __tablename__ = "pilot_measure"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    pilot_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("pilot.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(Text, default="")
    baseline: Mapped[float | None]
    target: Mapped[float | None]
    position: Mapped[int] = mapped_column(default=0)
    rev: Mapped[int] = mapped_column(default=0)


class PilotUpdate(db.Model):
    __tablename__ = "pilot_update"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    pilot_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("pilot.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("member.id", ondelete="SET NULL"))
    did: Mapped[str] = mapped_column(Text, default="")
    learned: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    blockers: Mapped[str] = mapped_column(Text, default="")
    help_needed: Mapped[str] = mapped_column(Text, default="")
    # The day the update tells of, which the team gives (a past month's news entered today).
    happened_on: Mapped[date | None] = mapped_column()
    # Its blockers and help needed stay open until someone marks them resolved.
    resolved_at: Mapped[datetime | None] = mapped_column()
    # A member's id, without a foreign key (SQLite cannot add one to a table in place); a
    # member's row is never deleted while the workshop is (they are marked removed).
    resolved_by_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    rev: Mapped[int] = mapped_column(default=0)

    @property
    def day(self) -> date:
        """The day the update tells of; one from an archive made before updates had a day
        tells of the day it was written."""
        return self.happened_on or self.created_at.date()


class MeasureValue(db.Model):
    __tablename__ = "pilot_measure_value"
    __table_args__ = (UniqueConstraint("update_id", "measure_id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    update_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("pilot_update.id", ondelete="CASCADE"), index=True
    )
    measure_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("pilot_measure.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[float]
    measured_on: Mapped[date]


class PilotMilestone(db.Model):
    """A dated step of a pilot's plan ("first clients invited by 15.1."), done or not."""

    __tablename__ = "pilot_milestone"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    pilot_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("pilot.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None]
    done_on: Mapped[date | None]
    position: Mapped[int] = mapped_column(default=0)
    rev: Mapped[int] = mapped_column(default=0)
