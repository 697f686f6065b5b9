from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow


class AuditEntry(db.Model):
    """One security-relevant act: a login, a download, a removal, a setting, an account.

    It names the account by id and by the username it had, the workshop and the thing
    acted on by id and kind, and nothing of what anyone wrote: no idea texts, no names a
    participant typed. The workshop is not a foreign key, because the entry that tells of a
    workshop's deletion has to outlive the workshop.
    """

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_workshop_id_at", "workshop_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    # The account's username when it acted, so the entry still reads after the account
    # changes or goes.
    username: Mapped[str | None] = mapped_column(String(80))
    workshop_id: Mapped[str | None] = mapped_column(String(36))
    target_kind: Mapped[str | None] = mapped_column(String(32))
    target_id: Mapped[str | None] = mapped_column(String(64))
    # Where the request came from (as the proxy settings believe it), for logins above all.
    address: Mapped[str | None] = mapped_column(String(45))
    details: Mapped[dict | None] = mapped_column(JSON)


class InstanceSetting(db.Model):
    """An instance-wide default an administrator sets in the web page (over the
    environment's), one row per setting."""

    __tablename__ = "instance_setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class JobClaim(db.Model):
    """Which process runs a scheduled job now: a process takes the row with a conditional
    update while it is free (or its holder's claim has run out) and gives it back after,
    so two processes or two cron runs never do the job at once."""

    __tablename__ = "job_claim"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None]
