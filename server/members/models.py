from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, event, false
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
    # Whether the other participants (and the projector) see this member: once they are
    # in a group or have put their name to something the room sees. Until then a
    # participant is a number in the turnout, which keeps a hall's snapshots small and
    # keeps the list of everyone who came off every phone. Never unset: what the room has
    # seen of someone it keeps seeing, so no screen has to forget anyone.
    shown: Mapped[bool] = mapped_column(default=False, server_default=false())
    # When a live connection of theirs last opened or closed: what the facilitator's
    # participation view calls "last here". Not part of any view anyone else gets.
    last_seen_at: Mapped[datetime | None]
    # The facilitator who added this participant, who had no device (see
    # server.participation); such a member may come in later by a personal link.
    added_by_member_id: Mapped[str | None] = mapped_column(String(36))
    rev: Mapped[int] = mapped_column(default=0)

    @property
    def active(self) -> bool:
        return self.removed_at is None


@event.listens_for(Member.group_id, "set")
def _grouped_is_shown(member: Member, value, _old, _initiator) -> None:
    # A group is worked in face to face: its members are named to each other and on the
    # projector's group list.
    if value is not None:
        member.shown = True


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
    # The LiveProcess serving it: when that process dies without closing its sockets (a
    # crash, kill -9, a lost machine), its rows go with it.
    process_id: Mapped[str | None] = mapped_column(String(32), index=True)


class LiveProcess(db.Model):
    """A server process that serves live sockets, with its heartbeat. A process whose
    heartbeat stopped, or whose pid is no longer running on its host, is gone, and so are
    its sockets (see members.service.heartbeat)."""

    __tablename__ = "live_process"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
