"""Taking part with help, and who is left out.

A facilitator or coach may type in an idea, a canvas note or a task's answer for a
participant who has no device (``on_behalf_of`` on ``idea.add``, ``challenge.note`` and
``task.submit``): the item is the participant's own - they see it on their phone when they
join, with who typed it in, and may change or delete it as anything else of theirs - and it
names the helper in ``entered_by_member_id``, which only the facilitators and the
participant see.

The participation view counts what each participant has done in each session and task
(never what they wrote) and when they were last here, for the facilitators only: it is an
HTTP answer, never an entity, so no event or snapshot carries it to anyone else. From it a
facilitator sends one friendly reminder of an open task through the member's own channels;
it is the same reminder the scheduler would send, under the same key, so a member gets it
once whoever sends it first.
"""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from ..access import Actor, require_facilitator, require_open
from ..database import write_transaction
from ..errors import Forbidden, Invalid
from ..extensions import db
from ..members.models import Connection, Member
from ..schemas import CONTENT_LANGUAGES, pick_language
from ..sessions.models import WorkshopSession
from ..timeutil import epoch, utcnow

KINDS = ("ideas", "notes", "comments", "votes", "answers", "plus")
BETWEEN = "between"  # contributions made outside every live session


# -- entering something for someone ----------------------------------------------------------


def helped_author(actor: Actor, data: dict) -> Member | None:
    """The participant ``data["on_behalf_of"]`` names, if it names one: only a facilitator
    may send it, and only for an active participant of this workshop. ``None`` when the
    sender writes for themselves."""
    member_id = data.get("on_behalf_of")
    if member_id is None:
        return None
    if not actor.is_facilitator:
        message = _("Only a facilitator can enter something for someone else.")
        raise Forbidden(message, {"on_behalf_of": [
            _("Leave on_behalf_of out: what you send is your own.")]})
    member = db.session.get(Member, member_id) if isinstance(member_id, str) else None
    if member is None or member.workshop_id != actor.workshop.id \
            or member.role != "participant" or not member.active:
        raise Invalid.field("on_behalf_of", _(
            "Choose a participant of this workshop; %(id)s is none.", id=member_id))
    return member


def author_of(actor: Actor, helped: Member | None) -> tuple[str | None, str | None]:
    """(author, helper) member ids for something ``actor`` is adding."""
    if helped is None:
        return actor.member_id, None
    return helped.id, actor.member_id


def add_person(actor: Actor, data: dict) -> Member:
    """Add a participant who has no device, so that a facilitator can enter what they say
    for them. The id is the laptop's: a resend adds nobody twice. They may come in later on
    a phone of their own by the personal link the participation view gives for them."""
    from ..database import resent
    from ..events.service import record_by
    from ..members import turnout

    require_facilitator(actor)
    require_open(actor)
    with write_transaction():
        existing = resent(Member, data["id"], lambda member: member.workshop_id ==
                          actor.workshop.id and member.added_by_member_id == actor.member_id,
                          actor.workshop.id)
        if existing is not None:
            return existing
        member = Member(id=data["id"], workshop_id=actor.workshop.id, role="participant",
                        display_name=data["display_name"],
                        organisation=data.get("organisation") or None,
                        added_by_member_id=actor.member_id)
        db.session.add(member)
        record_by(actor, "member", member, type="member.added")
        turnout.changed(actor.workshop.id)
    return member


def _links() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="paja-own-link")


def own_link(member: Member) -> str | None:
    """The personal link of a participant a facilitator added, until they first come in
    with it; ``None`` for everyone else (a member who joined themselves proves who they
    are with their own phone, and nobody gets a link to be them)."""
    if member.added_by_member_id is None or member.last_seen_at is not None \
            or not member.active:
        return None
    return url_for("participation.come_in", token=_links().dumps([member.workshop_id,
                                                                   member.id]),
                   _external=True)


def member_of_link(token: str) -> Member | None:
    """The member a personal link is for, if it still works: it does until they have come
    in once (their phone then remembers them)."""
    try:
        workshop_id, member_id = _links().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    member = db.session.get(Member, member_id) if isinstance(member_id, str) else None
    if member is None or member.workshop_id != workshop_id or own_link(member) is None:
        return None
    return member


# -- the participation view --------------------------------------------------------------------


def _task_open(session: WorkshopSession, today: date) -> bool:
    return (isinstance(session.task, dict) and session.status != "ended"
            and (session.opens_on is None or session.opens_on <= today))


def _windows(sessions: list[WorkshopSession]) -> list[tuple[str, datetime, datetime]]:
    now = utcnow()
    return [(s.id, s.started_at, s.ended_at or now) for s in sessions
            if s.kind == "live" and s.started_at is not None]


def _bucket(windows, at: datetime | None) -> str:
    if at is not None:
        for session_id, start, end in windows:
            if start <= at <= end:
                return session_id
    return BETWEEN


def participation(actor: Actor) -> dict:
    """Per participant: how many ideas, canvas notes, comments, dots (named rounds only), task
    answers and +1s they have given in each live session and between sessions, which tasks
    they have answered, when they were last here, and which open tasks they have not yet
    done. Counts only: no text anyone wrote. Facilitators only."""
    from ..challenges.models import ChallengeNote
    from ..coaching.models import Submission
    from ..comments.models import Comment
    from ..ideas.models import Idea, IdeaPlus
    from ..reminders.models import Reminder
    from ..voting.models import Ballot, VoteRound

    require_facilitator(actor)
    workshop_id = actor.workshop.id
    sessions = list(db.session.scalars(select(WorkshopSession).where(
        WorkshopSession.workshop_id == workshop_id).order_by(WorkshopSession.position)))
    windows = _windows(sessions)
    today = date.today()
    tasks = [s for s in sessions if isinstance(s.task, dict)]
    open_ids = [s.id for s in tasks if _task_open(s, today)]
    people = list(db.session.scalars(select(Member).where(
        Member.workshop_id == workshop_id, Member.role == "participant",
        Member.removed_at.is_(None)).order_by(Member.joined_at)))
    online = set(db.session.scalars(select(Connection.member_id).where(
        Connection.workshop_id == workshop_id, Connection.member_id.is_not(None))))
    rows: dict[str, dict] = {}
    for member in people:
        rows[member.id] = {
            "member_id": member.id, "display_name": member.display_name,
            "organisation": member.organisation, "group_id": member.group_id,
            "joined_at": epoch(member.joined_at), "last_seen_at": epoch(member.last_seen_at),
            "online": member.id in online, "own_link": own_link(member),
            "totals": dict.fromkeys(KINDS, 0), "helped": 0,
            "sessions": {}, "tasks": {}, "not_done": [],
        }

    def count(member_id, kind, at, helped=False, session_id=None):
        row = rows.get(member_id)
        if row is None:
            return
        bucket = session_id or _bucket(windows, at)
        per = row["sessions"].setdefault(bucket, dict.fromkeys(KINDS, 0))
        per[kind] += 1
        row["totals"][kind] += 1
        if helped:
            row["helped"] += 1

    def of(model, *columns):
        return db.session.execute(select(*columns).where(model.workshop_id == workshop_id))

    for member_id, at, helper in of(Idea, Idea.member_id, Idea.created_at,
                                    Idea.entered_by_member_id):
        count(member_id, "ideas", at, helper is not None)
    for member_id, at, helper in of(ChallengeNote, ChallengeNote.member_id,
                                    ChallengeNote.created_at, ChallengeNote.entered_by_member_id):
        count(member_id, "notes", at, helper is not None)
    for member_id, at in of(Comment, Comment.member_id, Comment.created_at):
        count(member_id, "comments", at)
    for member_id, at in of(IdeaPlus, IdeaPlus.member_id, IdeaPlus.created_at):
        count(member_id, "plus", at)
    # Dots of named rounds only: an anonymous round's ballots promise that nobody, not even
    # a facilitator, can tell whose they are.
    for member_id, spent, opened_at in db.session.execute(
            select(Ballot.member_id, Ballot.spent, VoteRound.opened_at)
            .join(VoteRound, VoteRound.id == Ballot.round_id)
            .where(VoteRound.workshop_id == workshop_id, VoteRound.anonymous.is_(False),
                   Ballot.member_id.is_not(None), Ballot.proxy_label.is_(None),
                   Ballot.spent > 0)):
        row = rows.get(member_id)
        if row is None:
            continue
        bucket = _bucket(windows, opened_at)
        row["sessions"].setdefault(bucket, dict.fromkeys(KINDS, 0))["votes"] += spent
        row["totals"]["votes"] += spent
    reminded = {key for key in db.session.scalars(select(Reminder.key).where(
        Reminder.workshop_id == workshop_id, Reminder.key.like("task:%")))}
    for member_id, session_id, at, helper in of(
            Submission, Submission.member_id, Submission.session_id, Submission.submitted_at,
            Submission.entered_by_member_id):
        row = rows.get(member_id)
        if row is None:
            continue
        count(member_id, "answers", at, helper is not None, session_id=session_id)
        row["tasks"][session_id] = {"done": True, "helped": helper is not None}
    for row in rows.values():
        for task in tasks:
            state = row["tasks"].setdefault(task.id, {"done": False, "helped": False})
            state["reminded"] = f"task:{task.id}:{row['member_id']}" in reminded
            if not state["done"] and task.id in open_ids:
                row["not_done"].append(task.id)
    language = actor.workshop.language
    return {
        "sessions": [{
            "id": s.id, "title": pick_language(s.title, language)[0], "kind": s.kind,
            "status": s.status, "started_at": epoch(s.started_at),
            "ended_at": epoch(s.ended_at), "task": isinstance(s.task, dict),
            "task_title": pick_language((s.task or {}).get("title") or s.title, language)[0]
            if isinstance(s.task, dict) else None,
            "open": s.id in open_ids, "due_on": s.due_on.isoformat() if s.due_on else None,
        } for s in sessions],
        "open_task_ids": open_ids,
        "members": list(rows.values()),
    }


# -- a friendly reminder -------------------------------------------------------------------------


def _friendly(session: WorkshopSession) -> dict:
    title = (session.task or {}).get("title") or session.title
    named = {lang: pick_language(title, lang)[0] for lang in CONTENT_LANGUAGES}
    return {"fi": f"Hei! Tehtävä ”{named['fi']}” odottaa vielä vastaustasi. Vastaa, kun "
                  f"ehdit – ohjaaja auttaa mielellään.",
            "sv": f"Hej! Uppgiften ”{named['sv']}” väntar fortfarande på ditt svar. Svara "
                  f"när du hinner – handledaren hjälper gärna.",
            "en": f"Hello! The task “{named['en']}” is still waiting for your answer. Answer "
                  f"when you have a moment - the facilitator is glad to help."}


def remind(actor: Actor, data: dict) -> dict:
    """Send one participant a friendly reminder of an open task they have not done yet, in
    the app and through the channels they chose. Once: a second click, or the scheduler's
    own reminder of the same task, sends nothing more (``sent`` is then false)."""
    from ..coaching.models import Submission
    from ..coaching.service import get_theme
    from ..reminders.service import remind_once

    require_facilitator(actor)
    require_open(actor)
    with write_transaction():
        member = db.session.get(Member, data["member_id"]) \
            if isinstance(data["member_id"], str) else None
        if member is None or member.workshop_id != actor.workshop.id \
                or member.role != "participant" or not member.active:
            raise Invalid.field("member_id", _("Choose a participant of this workshop."))
        session, _task = get_theme(actor, data["session_id"])
        if not _task_open(session, date.today()):
            raise Invalid.field("session_id", _(
                "This task is not open; remind people of a task that is open now."))
        done = db.session.scalar(select(Submission.id).where(
            Submission.session_id == session.id, Submission.member_id == member.id))
        if done is not None:
            raise Invalid.field("member_id", _("%(name)s has already answered this task.",
                                               name=member.display_name))
        sent = remind_once(actor.workshop, f"task:{session.id}:{member.id}", member, "task",
                           _friendly(session), "tasks", session.id)
    return {"member_id": member.id, "session_id": session.id, "sent": sent}
