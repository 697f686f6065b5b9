from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow


class Workshop(db.Model):
    __tablename__ = "workshop"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(2), default="fi")
    template_key: Mapped[str | None] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(16), default="active")
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    projector_token: Mapped[str] = mapped_column(String(64), unique=True)
    # The read-only link to the outcomes page ("you said, we did"), for people outside the
    # workshop; None until a facilitator makes one.
    outcomes_token: Mapped[str | None] = mapped_column(String(32), unique=True, index=True)
    current_session_id: Mapped[str | None] = mapped_column(String(36))
    # Participants may pick their own small group while this is on.
    groups_self_pick: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Pilot teams may make their own invitation links (otherwise only facilitators do).
    teams_may_invite: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Every idea and canvas note waits for a facilitator's approval before the room sees it.
    moderated: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The number of the last event; the next change takes last_seq + 1.
    last_seq: Mapped[int] = mapped_column(default=0)
    rev: Mapped[int] = mapped_column(default=0)
    # How many participants are in (not removed), as last sent to the screens: a count
    # kept apart from the workshop's own record and sent coalesced (see members.turnout),
    # so that a hall joining at once costs each phone a few small updates, not one per join.
    participant_count: Mapped[int] = mapped_column(default=0, server_default="0")
    turnout_rev: Mapped[int] = mapped_column(default=0, server_default="0")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Retention: when the workshop was archived (by hand or once its programme ended),
    # and how many months after that it is deleted (None: the instance's default).
    archived_at: Mapped[datetime | None]
    retention_months: Mapped[int | None]
    # The event log below this number was compacted away: a client that has not seen it
    # gets a fresh snapshot instead of catch-up.
    events_compacted_to: Mapped[int] = mapped_column(default=0, server_default="0")
