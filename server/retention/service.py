"""The retention job and the retention state of a workshop.

Once across processes: ``run_once`` first claims the ``retention`` job row with a
conditional update (free, or its holder's claim has run out), so two server processes or
two cron runs never work at the same time. Each step is also safe on its own: a workshop is
deleted by a conditional update that only one transaction can win (it must still be
archived, at the archiving time that was read), and its ``workshop.deleted`` audit entry is
written in that same transaction, so it is deleted - and told of - exactly once. A warning
is made once because its reminder key is unique per workshop (the reminders' pattern).

Compaction: events older than the newest ``EVENT_LOG_KEEP`` only ever served catch-up for a
client that far behind, and such a client gets a fresh snapshot anyway (the catch-up
limit is smaller). The workshop remembers the number it compacted to, and catch-up from
below it answers with a snapshot, so "old snapshot + events == fresh snapshot" still holds
for every client: either every missed event is there, or the client starts afresh.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from calendar import monthrange
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from ..audit.models import InstanceSetting, JobClaim
from ..audit.service import audit
from ..database import write_transaction
from ..events.models import Event
from ..events.service import record
from ..extensions import db
from ..timeutil import utcnow
from ..workshops.models import Workshop

log = logging.getLogger(__name__)

JOB = "retention"
# Longer than any run takes; a process that dies mid-run frees the job after it.
CLAIM_FOR = timedelta(minutes=30)
MIN_MONTHS, MAX_MONTHS = 1, 120
# Events deleted per transaction while compacting, so that writers wait only briefly.
COMPACT_BATCH = 5000


def add_months(moment: datetime, months: int) -> datetime:
    """``moment`` a number of calendar months later (31 January + 1 month = 28/29 February)."""
    month0 = moment.month - 1 + months
    year, month = moment.year + month0 // 12, month0 % 12 + 1
    return moment.replace(year=year, month=month,
                          day=min(moment.day, monthrange(year, month)[1]))


# -- settings -------------------------------------------------------------------------------


def instance_retention_months() -> int:
    """Months after archiving that a workshop without its own setting is kept: what an
    administrator set, or the ``PAJA_RETENTION_MONTHS`` setting."""
    row = db.session.get(InstanceSetting, "retention_months")
    if row is not None and isinstance(row.value.get("months"), int):
        return row.value["months"]
    return int(current_app.config["RETENTION_MONTHS"])


def set_instance_retention_months(months: int, *, user=None) -> None:
    """An administrator's instance-wide default (an audit entry tells who changed it)."""
    with write_transaction():
        row = db.session.get(InstanceSetting, "retention_months")
        before = row.value.get("months") if row else None
        if row is None:
            db.session.add(InstanceSetting(key="retention_months", value={"months": months}))
        else:
            row.value = {"months": months}
            row.updated_at = utcnow()
        audit("instance.settings_changed", user=user, target_kind="setting",
              target_id="retention_months", details={"from": before, "to": months})


def months_of(workshop: Workshop) -> int:
    return workshop.retention_months or instance_retention_months()


def programme_ends_on(workshop_id: str) -> date | None:
    """The programme's last date: its last session's task due date or pilot's end date."""
    from ..pilots.models import Pilot
    from ..sessions.models import WorkshopSession

    days = [
        db.session.scalar(select(func.max(WorkshopSession.due_on))
                          .where(WorkshopSession.workshop_id == workshop_id)),
        db.session.scalar(select(func.max(WorkshopSession.opens_on))
                          .where(WorkshopSession.workshop_id == workshop_id)),
        db.session.scalar(select(func.max(Pilot.ends_on)).where(Pilot.workshop_id == workshop_id)),
    ]
    days = [day for day in days if day is not None]
    return max(days) if days else None


def deletes_at(workshop: Workshop) -> datetime | None:
    if workshop.status != "archived" or workshop.archived_at is None:
        return None
    return add_months(workshop.archived_at, months_of(workshop))


def state(workshop: Workshop, now: datetime | None = None) -> dict:
    """What retention holds for ``workshop``: when it archives by itself, when it is deleted,
    and whether its facilitators are being warned."""
    now = now or utcnow()
    config = current_app.config
    ends = programme_ends_on(workshop.id)
    archives_on = (ends + timedelta(days=config["ARCHIVE_GRACE_DAYS"])
                   if ends and workshop.status == "active" else None)
    deletion = deletes_at(workshop)
    days_left = (deletion.date() - now.date()).days if deletion else None
    return {
        "status": workshop.status,
        "archived_at": workshop.archived_at,
        "retention_months": workshop.retention_months,
        "months": months_of(workshop),
        "programme_ends_on": ends,
        "archives_on": archives_on,
        "deletes_at": deletion,
        "days_left": days_left,
        "warning": days_left is not None and days_left <= config["RETENTION_WARNING_DAYS"],
    }


# -- the job ---------------------------------------------------------------------------------


def run_once(now: datetime | None = None) -> dict | None:
    """Archive, warn, delete and compact what is due, and drop expired audit entries.

    Returns what was done, or ``None`` when another process holds the job.
    """
    from ..audit.service import delete_expired

    now = now or utcnow()
    holder = claim_job(now)
    if holder is None:
        return None
    try:
        done = {"archived": archive_finished(now), "warned": warn_due(now),
                "deleted": delete_due(now), "compacted": compact_logs(),
                "audit_entries_deleted": delete_expired(now)}
    finally:
        release_job(holder)
    return done


def claim_job(now: datetime) -> str | None:
    """Take the job's row for this process; ``None`` if another process holds it."""
    holder = f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
    if db.session.get(JobClaim, JOB) is None:
        try:
            with write_transaction():
                db.session.add(JobClaim(name=JOB))
        except IntegrityError:
            db.session.rollback()  # another process made the row first
    with write_transaction():
        claimed = db.session.execute(
            update(JobClaim)
            .where(JobClaim.name == JOB,
                   (JobClaim.claimed_until.is_(None)) | (JobClaim.claimed_until < now))
            .values(holder=holder, claimed_until=now + CLAIM_FOR)
            .execution_options(synchronize_session=False)).rowcount
    return holder if claimed == 1 else None


def release_job(holder: str) -> None:
    with write_transaction():
        db.session.execute(update(JobClaim).where(JobClaim.name == JOB,
                                                  JobClaim.holder == holder)
                           .values(holder=None, claimed_until=None)
                           .execution_options(synchronize_session=False))


def archive(workshop: Workshop, *, actor=None, reason: str = "by_hand") -> None:
    """Archive ``workshop`` inside the caller's transaction: read-only for everyone from
    now, its retention period starts, its invitation links end."""
    from ..pilots.models import Pilot

    workshop.status = "archived"
    workshop.archived_at = utcnow()
    record(workshop.id, "workshop", workshop, type="workshop.updated",
           actor_member_id=actor.member_id if actor else None)
    for pilot in db.session.scalars(select(Pilot).where(
            Pilot.workshop_id == workshop.id, Pilot.invite_token.is_not(None))):
        pilot.invite_token = None
        pilot.invite_expires_at = None
        record(workshop.id, "pilot", pilot, type="pilot.invitation",
               actor_member_id=actor.member_id if actor else None)
    audit("workshop.archived", user=actor.user_id if actor and actor.user_id else None,
          workshop_id=workshop.id, target_kind="workshop", target_id=workshop.id,
          details={"reason": reason})


def archive_finished(now: datetime) -> int:
    """Archive every active workshop whose programme ended more than the grace period ago."""
    grace = timedelta(days=current_app.config["ARCHIVE_GRACE_DAYS"])
    archived = 0
    for workshop_id in list(db.session.scalars(
            select(Workshop.id).where(Workshop.status == "active"))):
        ends = programme_ends_on(workshop_id)
        if ends is None or ends + grace >= now.date():
            continue
        with write_transaction():
            workshop = db.session.get(Workshop, workshop_id)
            db.session.refresh(workshop)
            if workshop.status != "active":
                continue
            archive(workshop, reason="programme_ended")
            archived += 1
    return archived


def warn_due(now: datetime) -> int:
    """Tell the facilitators of every workshop soon to be deleted, once per deletion date:
    in the app, and by e-mail when they have chosen it and the server can send it."""
    from ..members.models import Member
    from ..reminders.service import _already, _make

    days = current_app.config["RETENTION_WARNING_DAYS"]
    warned = 0
    for workshop in list(db.session.scalars(
            select(Workshop).where(Workshop.status == "archived"))):
        deletion = deletes_at(workshop)
        if deletion is None or deletion - timedelta(days=days) > now:
            continue
        day = deletion.date().isoformat()
        text = _warning_text(workshop, deletion.date())
        facilitators = db.session.scalars(select(Member).where(
            Member.workshop_id == workshop.id, Member.role == "facilitator",
            Member.removed_at.is_(None))).all()
        for member in facilitators:
            key = f"retention:{day}:{member.id}"
            if _already(workshop.id, key):
                continue
            try:
                with write_transaction():
                    _make(workshop, key, member, "retention", text, "settings", workshop.id)
                warned += 1
            except IntegrityError:
                db.session.rollback()  # another process made it first
    return warned


def _warning_text(workshop: Workshop, day: date) -> dict:
    from flask_babel import force_locale
    from flask_babel import gettext as _

    from ..formatting import format_day

    texts = {}
    for language in ("fi", "sv", "en"):
        with force_locale(language):
            texts[language] = _(
                "The archived workshop %(name)s will be deleted with everything in it on "
                "%(day)s. Export what you need to keep before then, or restore the workshop.",
                name=workshop.name, day=format_day(day, language))
    return texts


def delete_due(now: datetime) -> int:
    """Delete every archived workshop whose retention period has run out."""
    deleted = 0
    for workshop in list(db.session.scalars(
            select(Workshop).where(Workshop.status == "archived"))):
        deletion = deletes_at(workshop)
        if deletion is not None and deletion <= now and delete_workshop(
                workshop.id, archived_at=workshop.archived_at, reason="retention"):
            deleted += 1
    return deleted


def delete_workshop(workshop_id: str, *, archived_at: datetime | None, reason: str,
                    user=None) -> bool:
    """Delete a workshop and everything of it (the database's cascades), if it is still
    archived since ``archived_at``. True if this call deleted it; two callers at once
    delete it once, since only one conditional update can win."""
    from ..members.models import Connection

    db.session.commit()
    sids = list(db.session.scalars(select(Connection.sid)
                                   .where(Connection.workshop_id == workshop_id)))
    with write_transaction():
        won = db.session.execute(
            update(Workshop)
            .where(Workshop.id == workshop_id, Workshop.status == "archived",
                   Workshop.archived_at == archived_at)
            .values(status="deleting")
            .execution_options(synchronize_session=False)).rowcount
        if won != 1:
            return False
        workshop = db.session.get(Workshop, workshop_id)
        months = months_of(workshop)
        audit("workshop.deleted", user=user, workshop_id=workshop_id, target_kind="workshop",
              target_id=workshop_id, details={"reason": reason, "retention_months": months})
        db.session.execute(delete(Workshop).where(Workshop.id == workshop_id)
                           .execution_options(synchronize_session=False))
    db.session.expunge_all()
    from ..extensions import socketio

    if socketio.server is not None:
        for sid in sids:
            socketio.server.disconnect(sid, namespace="/")
    return True


def compact_logs() -> int:
    """Drop the events of every workshop older than its newest ``EVENT_LOG_KEEP``; return
    how many workshops were compacted."""
    keep = max(int(current_app.config["EVENT_LOG_KEEP"]),
               int(current_app.config["CATCHUP_LIMIT"]))
    compacted = 0
    rows = db.session.execute(select(Workshop.id, Workshop.last_seq,
                                     Workshop.events_compacted_to)).all()
    for workshop_id, last_seq, floor in rows:
        target = last_seq - keep
        if target <= floor:
            continue
        # The floor moves first, in its own transaction: from then on a client below it
        # is sent a snapshot, so an event deleted a moment later is never missed.
        with write_transaction():
            db.session.execute(update(Workshop).where(Workshop.id == workshop_id,
                                                      Workshop.events_compacted_to < target)
                               .values(events_compacted_to=target)
                               .execution_options(synchronize_session=False))
        while True:
            with write_transaction():
                low = db.session.scalar(select(func.min(Event.seq)).where(
                    Event.workshop_id == workshop_id))
                if low is None or low > target:
                    break
                upto = min(target, low + COMPACT_BATCH - 1)
                db.session.execute(delete(Event).where(
                    Event.workshop_id == workshop_id, Event.seq <= upto)
                    .execution_options(synchronize_session=False))
        compacted += 1
    return compacted
