"""Reminders to members who have not done an open task by its due date, and to pilot teams
whose last update is older than the workshop's set number of days.

Made once: each reminder has a key (the task and member; the pilot, member and how many
quiet periods have passed) that is unique per workshop in the database, and it is written
in the same transaction as its notification and deliveries. Two server processes looking
at the same moment, or a restart, cannot make it twice: the second insert fails and that
process moves on.

Sent once: a delivery (e-mail or webhook) is claimed by one process with a conditional
update before it is sent, and marked sent after. A process that dies between sending and
marking leaves the delivery "sending"; after ten minutes it is tried again - the only way
one could arrive twice, and said so here rather than hidden.
"""

from __future__ import annotations

import http.client
import json
import logging
import smtplib
import socket
import ssl
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from ..access import Actor, require_contributor, require_facilitator, require_open
from ..database import write_transaction
from ..errors import Forbidden, Invalid
from ..events.entities import EntityKind, register, workshop_rows
from ..events.service import record, record_by
from ..extensions import db, off_loop
from ..formatting import format_day
from ..members.models import Member
from ..schemas import CONTENT_LANGUAGES, new_id, pick_language
from ..timeutil import epoch, utcnow
from .models import CHANNELS, Delivery, Notification, NotifyPreference, Reminder, ReminderSettings

log = logging.getLogger(__name__)
BACKOFF = (30, 120, 600, 3600)  # seconds before attempts 2, 3, 4, 5
STUCK = timedelta(minutes=10)


# -- what people see ----------------------------------------------------------------------------


def dump_notification(note: Notification) -> dict:
    return {"id": note.id, "member_id": note.member_id, "kind": note.kind, "text": note.text,
            "view": note.view, "target_id": note.target_id,
            "created_at": epoch(note.created_at), "read": note.read_at is not None,
            "rev": note.rev}


def dump_preference(pref: NotifyPreference) -> dict:
    return {"id": pref.member_id, "member_id": pref.member_id, "channels": pref.channels or [],
            "email": pref.email, "webhook_set": bool(pref.webhook_url), "rev": pref.rev}


def dump_settings(settings: ReminderSettings) -> dict:
    return {"id": settings.workshop_id, "tasks": settings.tasks, "pilots": settings.pilots,
            "pilot_quiet_days": settings.pilot_quiet_days, "rev": settings.rev}



register(EntityKind(name="notification", full=dump_notification, public=lambda note: None,
                    subject=lambda note: note.member_id,
                    rows=workshop_rows(Notification, Notification.created_at)))
register(EntityKind(name="notify_pref", full=dump_preference, public=lambda pref: None,
                    subject=lambda pref: pref.member_id,
                    rows=workshop_rows(NotifyPreference, NotifyPreference.member_id)))
register(EntityKind(name="reminder_settings", full=dump_settings, public=lambda s: None,
                    rows=workshop_rows(ReminderSettings, ReminderSettings.workshop_id)))


def email_available() -> bool:
    return bool(current_app.config.get("SMTP_HOST"))


# -- choices ---------------------------------------------------------------------------------------


def save_preferences(actor: Actor, data: dict) -> NotifyPreference:
    """Choose one's channels. In-app is always on; e-mail needs an address (and a server
    that sends e-mail), chat a webhook address.

    A chat channel is a pilot team's tool (a team posts to its own chat, weeks after the
    workshop): only a member of a pilot team, or a facilitator, may set one. The other
    participants never meet the word "webhook", and cannot be talked into pasting one."""
    require_contributor(actor)
    require_open(actor)
    if actor.member is None:
        raise Forbidden(_("Join the workshop first."))
    if (data.get("webhook_url") or "chat" in (data.get("channels") or ())) and not (
            actor.is_facilitator or on_a_pilot_team(actor.member_id)):
        raise Forbidden(_("Chat reminders are for pilot teams; join a pilot's team first."))
    with write_transaction():
        pref = db.session.get(NotifyPreference, actor.member_id)
        if pref is None:
            pref = NotifyPreference(member_id=actor.member_id, workshop_id=actor.workshop.id,
                                    channels=["app"])
            db.session.add(pref)
        if "email" in data:
            pref.email = data["email"] or None
        if "webhook_url" in data:
            pref.webhook_url = data["webhook_url"] or None
        if "channels" in data:
            channels = ["app", *[c for c in CHANNELS if c != "app" and c in data["channels"]]]
            if "email" in channels and not email_available():
                raise Invalid.field("channels", _("This server does not send e-mail; choose "
                                                  "another channel."))
            if "email" in channels and not pref.email:
                raise Invalid.field("email", _("Give your e-mail address for e-mail "
                                               "reminders."))
            if "chat" in channels and not pref.webhook_url:
                raise Invalid.field("webhook_url", _("Give your chat channel's webhook address "
                                                     "for chat reminders."))
            pref.channels = channels
        record_by(actor, "notify_pref", pref, type="notify.preferences")
    return pref


def on_a_pilot_team(member_id: str) -> bool:
    from ..pilots.models import PilotMember

    return db.session.scalar(
        select(PilotMember.id).where(PilotMember.member_id == member_id).limit(1)) is not None


def mark_read(actor: Actor, data: dict) -> list[Notification]:
    ids = data.get("notification_ids")
    if actor.member is None:
        raise Forbidden(_("Join the workshop first."))
    with write_transaction():
        query = select(Notification).where(Notification.member_id == actor.member_id,
                                           Notification.read_at.is_(None))
        if ids is not None:
            query = query.where(Notification.id.in_(ids))
        notes = list(db.session.scalars(query))
        for note in notes:
            note.read_at = utcnow()
            record_by(actor, "notification", note, type="notify.read")
    return notes


def settings_of(workshop_id: str) -> ReminderSettings:
    settings = db.session.get(ReminderSettings, workshop_id)
    return settings or ReminderSettings(workshop_id=workshop_id, tasks=True, pilots=True,
                                        pilot_quiet_days=14)


def save_settings(actor: Actor, data: dict) -> ReminderSettings:
    require_facilitator(actor)
    require_open(actor)
    with write_transaction():
        settings = db.session.get(ReminderSettings, actor.workshop.id)
        if settings is None:
            settings = settings_of(actor.workshop.id)
            db.session.add(settings)
        for name in ("tasks", "pilots", "pilot_quiet_days"):
            if name in data:
                setattr(settings, name, data[name])
        record_by(actor, "reminder_settings", settings, type="reminders.settings")
    return settings


# -- finding what is due --------------------------------------------------------------------------


def _due_tasks(workshop, today: date):
    """(key, member, text, view, target) for open tasks past their due date, not done."""
    from ..coaching.models import Submission
    from ..sessions.models import WorkshopSession

    done = set(db.session.execute(select(Submission.session_id, Submission.member_id)
                                  .where(Submission.workshop_id == workshop.id)).all())
    people = list(db.session.scalars(select(Member).where(
        Member.workshop_id == workshop.id, Member.role == "participant",
        Member.removed_at.is_(None))))
    for session in db.session.scalars(select(WorkshopSession).where(
            WorkshopSession.workshop_id == workshop.id, WorkshopSession.task.is_not(None),
            WorkshopSession.due_on.is_not(None), WorkshopSession.due_on <= today)):
        if not isinstance(session.task, dict):  # a task stored as JSON null is no task
            continue
        title = session.task.get("title") or session.title
        due = {lang: format_day(session.due_on, lang) for lang in CONTENT_LANGUAGES}
        named = {lang: pick_language(title, lang)[0] for lang in CONTENT_LANGUAGES}
        for member in people:
            if (session.id, member.id) in done:
                continue
            text = {"fi": f"Muistutus: tehtävä ”{named['fi']}” odottaa "
                          f"vastaustasi (palautus {due['fi']}).",
                    "sv": f"Påminnelse: uppgiften ”{named['sv']}” väntar på ditt svar "
                          f"(sista dag {due['sv']}).",
                    "en": f"Reminder: the task “{named['en']}” is "
                          f"waiting for your answer (due {due['en']})."}
            yield f"task:{session.id}:{member.id}", member, "task", text, "tasks", session.id


def _quiet_pilots(workshop, settings: ReminderSettings, now: datetime):
    from ..concepts.models import Concept
    from ..pilots.models import Pilot, PilotMember, PilotUpdate

    days = settings.pilot_quiet_days
    for pilot in db.session.scalars(select(Pilot).where(
            Pilot.workshop_id == workshop.id, Pilot.status.in_(("planned", "running")))):
        last = db.session.scalar(select(func.max(PilotUpdate.created_at))
                                 .where(PilotUpdate.pilot_id == pilot.id)) or pilot.created_at
        quiet = (now - last).days
        if quiet < days:
            continue
        period = quiet // days  # one reminder per quiet period
        name = db.session.get(Concept, pilot.concept_id).name
        for row in db.session.scalars(select(PilotMember).where(PilotMember.pilot_id ==
                                                                 pilot.id)):
            member = db.session.get(Member, row.member_id)
            if member is None or not member.active:
                continue
            text = {"fi": f"Muistutus: pilotista ”{name}” ei ole kirjattu päivitystä "
                          f"{quiet} päivään. Kerro, miten kokeilu etenee!",
                    "sv": f"Påminnelse: piloten ”{name}” har inte fått någon uppdatering på "
                          f"{quiet} dagar. Berätta hur det går!",
                    "en": f"Reminder: the pilot “{name}” has had no update for {quiet} days. "
                          f"Tell how it is going!"}
            yield (f"pilot:{pilot.id}:{member.id}:{last.date().isoformat()}:{period}", member,
                   "pilot", text, "pilots", pilot.id)


def make_due(now: datetime | None = None) -> int:
    """Make every reminder that is due and not yet made, in every active workshop; return
    how many were made by this call."""
    from ..workshops.models import Workshop

    now = now or utcnow()
    made = 0
    workshops = list(db.session.scalars(select(Workshop.id).where(Workshop.status == "active")))
    for workshop_id in workshops:
        # One workshop's bad data must not stop every other workshop's reminders.
        try:
            made += _make_due_in(db.session.get(Workshop, workshop_id), now)
        except Exception:
            db.session.rollback()
            log.exception("reminders for workshop %s failed; the others go on", workshop_id)
    return made


def _make_due_in(workshop, now: datetime) -> int:
    made = 0
    settings = settings_of(workshop.id)
    due = []
    if settings.tasks:
        due += list(_due_tasks(workshop, now.date()))
    if settings.pilots:
        due += list(_quiet_pilots(workshop, settings, now))
    for key, member, kind, text, view, target in due:
        if _already(workshop.id, key):
            continue
        try:
            with write_transaction():
                _make(workshop, key, member, kind, text, view, target)
            made += 1
        except IntegrityError:
            db.session.rollback()  # another process made it first
    return made


def _already(workshop_id: str, key: str) -> bool:
    return db.session.scalar(select(func.count()).select_from(Reminder).where(
        Reminder.workshop_id == workshop_id, Reminder.key == key)) > 0


def _make(workshop, key, member, kind, text, view, target) -> None:
    db.session.add(Reminder(id=new_id(), workshop_id=workshop.id, key=key, member_id=member.id))
    db.session.flush()  # the unique key: a second maker stops here
    _notify(workshop, member, kind, text, view, target)


def remind_once(workshop, key, member, kind, text, view, target) -> bool:
    """Make the reminder ``key`` now, inside the caller's write, unless it was made
    already (by the scheduler or by an earlier call); whether it was made. A maker at the
    same instant loses at the unique key, and this write goes on without it."""
    if _already(workshop.id, key):
        return False
    try:
        with db.session.begin_nested():
            db.session.add(Reminder(id=new_id(), workshop_id=workshop.id, key=key,
                                    member_id=member.id))
    except IntegrityError:
        return False
    _notify(workshop, member, kind, text, view, target)
    return True


def _notify(workshop, member, kind, text, view, target) -> None:
    note = Notification(id=new_id(), workshop_id=workshop.id, member_id=member.id, kind=kind,
                        text=text, view=view, target_id=target)
    db.session.add(note)
    record(workshop.id, "notification", note, type="notify.reminder")
    pref = db.session.get(NotifyPreference, member.id)
    for channel in (pref.channels if pref else ["app"]):
        if channel in ("email", "chat"):
            db.session.add(Delivery(id=new_id(), workshop_id=workshop.id,
                                    notification_id=note.id, channel=channel))


# -- sending --------------------------------------------------------------------------------------


def deliver_pending(now: datetime | None = None) -> int:
    """Send the e-mails and webhook posts that are due; return how many went out."""
    now = now or utcnow()
    with write_transaction():  # a process that died mid-send: try that one again
        db.session.execute(update(Delivery).where(
            Delivery.status == "sending", Delivery.claimed_at < now - STUCK)
            .values(status="pending"))
    sent = 0
    ids = list(db.session.scalars(select(Delivery.id).where(
        Delivery.status == "pending", Delivery.next_attempt_at <= now)
        .order_by(Delivery.next_attempt_at).limit(200)))
    db.session.commit()
    for delivery_id in ids:
        with write_transaction():
            claimed = db.session.execute(
                update(Delivery).where(Delivery.id == delivery_id, Delivery.status == "pending")
                .values(status="sending", claimed_at=now)
                .execution_options(synchronize_session=False)).rowcount
        if claimed != 1:
            continue  # another process has it
        delivery = db.session.get(Delivery, delivery_id)
        db.session.refresh(delivery)
        note = db.session.get(Notification, delivery.notification_id)
        pref = db.session.get(NotifyPreference, note.member_id)
        try:
            _send(delivery.channel, note, pref)
        except Exception as error:  # noqa: BLE001 - any failure is retried or recorded
            with write_transaction():
                delivery.attempts += 1
                delivery.last_error = str(error)[:500]
                if delivery.attempts > len(BACKOFF):
                    delivery.status = "failed"
                else:
                    delivery.status = "pending"
                    delivery.next_attempt_at = now + timedelta(
                        seconds=BACKOFF[delivery.attempts - 1])
            log.warning("reminder %s by %s failed: %s", delivery.id, delivery.channel, error)
            continue
        with write_transaction():
            delivery.attempts += 1
            delivery.status = "sent"
            delivery.sent_at = utcnow()
        sent += 1
    return sent


def _language(note: Notification) -> str:
    from ..workshops.models import Workshop

    workshop = db.session.get(Workshop, note.workshop_id)
    return workshop.language if workshop and workshop.language in note.text else "fi"


def _send(channel: str, note: Notification, pref: NotifyPreference | None) -> None:
    text = note.text[_language(note)]
    if channel == "email":
        if not pref or not pref.email:
            raise RuntimeError("no e-mail address")
        config = current_app.config
        if not config.get("SMTP_HOST"):
            raise RuntimeError("no SMTP server configured")
        message = EmailMessage()
        message["From"] = config["SMTP_FROM"]
        message["To"] = pref.email
        message["Subject"] = "Paja: muistutus" if _language(note) == "fi" else "Paja: reminder"
        message.set_content(text)
        _send_mail(message)
        return
    if channel == "chat":
        if not pref or not pref.webhook_url:
            raise RuntimeError("no webhook address")
        _post_webhook(pref.webhook_url, json.dumps({"text": text}).encode())
        return
    raise RuntimeError(f"unknown channel {channel}")


# -- e-mail -----------------------------------------------------------------------------------

SMTP_TIMEOUT = 15


def _send_mail(message: EmailMessage) -> None:
    """Send ``message`` through the configured server, encrypted whenever it can be.

    Port 465 (or SMTP_SSL) speaks TLS from the first byte. Otherwise STARTTLS is used
    whenever the server offers it - which it only says in its answer to EHLO, so EHLO comes
    first. The password is never sent over a connection that is not encrypted, unless
    SMTP_ALLOW_PLAINTEXT_LOGIN says so: the delivery fails with that reason instead, and
    no login is tried. SMTP_CA_FILE trusts a private CA (a mail relay inside the network).
    """
    config = current_app.config
    host, port = config["SMTP_HOST"], config["SMTP_PORT"]
    context = ssl.create_default_context(cafile=config.get("SMTP_CA_FILE") or None)
    implicit_tls = bool(config.get("SMTP_SSL")) or port == 465
    if implicit_tls:
        smtp = smtplib.SMTP_SSL(host, port, timeout=SMTP_TIMEOUT, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT)
    with smtp:
        smtp.ehlo()
        encrypted = implicit_tls
        if not encrypted and config.get("SMTP_STARTTLS") and smtp.has_extn("starttls"):
            smtp.starttls(context=context)
            smtp.ehlo()  # what the server offers (AUTH, often) may change once encrypted
            encrypted = True
        if config.get("SMTP_USER"):
            if not encrypted and not config.get("SMTP_ALLOW_PLAINTEXT_LOGIN"):
                why = ("the server offers no STARTTLS" if config.get("SMTP_STARTTLS")
                       else "SMTP_STARTTLS is off")
                raise RuntimeError(
                    f"not logging in to SMTP server {host}:{port}: {why}, so the password "
                    f"would travel unencrypted (use TLS, or set SMTP_ALLOW_PLAINTEXT_LOGIN)")
            smtp.login(config["SMTP_USER"], config.get("SMTP_PASSWORD") or "")
        smtp.send_message(message)


# -- webhooks ---------------------------------------------------------------------------------

WEBHOOK_TIMEOUT = 15


class _CheckedConnection(http.client.HTTPConnection):
    """HTTP or HTTPS to one address that was already checked, for a host named by the URL.

    The Host header, the TLS server name (SNI) and the certificate check all use the host's
    name, but the socket goes to ``address``: nothing is looked up again between the check
    and the connection.
    """

    def __init__(self, host: str, port: int, address: str, context: ssl.SSLContext | None):
        super().__init__(host, port, timeout=WEBHOOK_TIMEOUT)
        self.address = address
        self.context = context
        if context is not None:
            self.default_port = 443  # so the Host header leaves out a default :443

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        if self.context is not None:
            try:
                sock = self.context.wrap_socket(sock, server_hostname=self.host)
            except BaseException:
                sock.close()
                raise
        self.sock = sock


def _post_webhook(url: str, body: bytes) -> None:
    """POST ``body`` to a chat webhook without letting the address reach inside the network.

    The host is resolved once and every address it resolves to must be public; the request
    then goes to exactly those addresses, so DNS that answers differently a moment later
    (rebinding) cannot redirect it. Redirects are not followed either - a 3xx could point
    anywhere, and a chat service's webhook has no reason to send one - so one is a failed
    delivery. WEBHOOK_ALLOW_HTTP (development and tests) allows http:// and local hooks.
    """
    from .schemas import public_address

    allow_local = bool(current_app.config.get("WEBHOOK_ALLOW_HTTP"))
    parts = urlsplit(url)
    if parts.scheme != "https" and not (allow_local and parts.scheme == "http"):
        raise RuntimeError("webhook address is not https://")
    try:
        host, port = parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise RuntimeError("webhook address has an invalid port") from None
    if not host:
        raise RuntimeError("webhook address has no host")
    try:
        found = off_loop(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise RuntimeError(f"webhook host {host} could not be resolved: {error}") from None
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    inside = [address for address in addresses if not public_address(address)]
    if inside and not allow_local:
        raise RuntimeError(f"webhook address points inside the network ({inside[0]})")
    context = ssl.create_default_context() if parts.scheme == "https" else None
    connection, failure = None, None
    for address in addresses:  # like socket.create_connection, but over the checked list
        candidate = _CheckedConnection(host, port, address, context)
        try:
            candidate.connect()
        except ssl.SSLError:
            candidate.close()
            raise
        except OSError as error:
            candidate.close()
            failure = error
            continue
        connection = candidate
        break
    if connection is None:
        raise RuntimeError(f"could not connect to webhook host {host}: {failure}")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", target, body=body,
                           headers={"Content-Type": "application/json"})
        status = connection.getresponse().status
    finally:
        connection.close()
    if 300 <= status < 400:
        raise RuntimeError(f"webhook answered {status}, a redirect, which is not followed")
    if status >= 300:
        raise RuntimeError(f"webhook answered {status}")


def run_once(now: datetime | None = None) -> tuple[int, int]:
    return make_due(now), deliver_pending(now)


def loop_forever(app) -> None:
    """Run by each server process: make what is due and send it, every few minutes."""
    from ..extensions import socketio

    while True:
        socketio.sleep(app.config.get("REMINDER_INTERVAL", 300))
        try:
            with app.app_context():
                run_once()
                db.session.remove()
        except Exception:
            log.exception("reminders failed")
