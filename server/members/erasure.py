"""Erasing a person from a workshop, at their own request or a facilitator's.

What goes in every case: their name and organisation (the member row stays, blank, so that
what they gave to shared work still has "a participant" as its author), their
introduction, their reminder channels, reminders and notices, their place in groups and
pilot teams, their "I'm done" marks, and every answer of theirs to a task that only they
and the facilitators saw, with the feedback on any answer. With ``contributions="remove"``
everything they wrote goes too - ideas, questions, canvas notes, comments, pilot updates and
notes, shared answers - and their +1s, ratings and persona marks; votes stay in the count
either way (a ballot holds neither a name nor text).

Each change has its event, so live screens follow; then every stored event that carried
what went is rewritten without it (see :func:`server.events.service.redact`), so a catch-up
from any point, a snapshot and every export alike hold nothing of it.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from ..access import Actor
from ..database import lock_workshop, write_transaction
from ..errors import Forbidden, Invalid
from ..events.service import record, record_by, redact, remove_by
from ..extensions import db
from ..timeutil import utcnow
from . import turnout
from .models import Connection, Introduction, Member

MODES = ("anonymise", "remove")


def is_erased(member: Member) -> bool:
    """An erased member: removed, and nothing left to call them by (a join always gives a
    name, so a blank one is only ever erasure's)."""
    return member.removed_at is not None and not member.display_name


def shown_name(member: Member | None) -> str:
    """The name a file or page shows for ``member``: "a participant" once they are erased."""
    if member is None:
        return ""
    return _("a participant") if is_erased(member) else member.display_name


def erase_member(actor: Actor, data: dict) -> Member:
    """Erase the member ``data["member_id"]``: a member themselves, or a facilitator of
    the workshop for anyone in it. ``data["contributions"]`` is ``"anonymise"`` (what they
    gave to shared work stays, without their name) or ``"remove"``.

    Erasing an erased member again changes nothing. Their sockets close and their phone's
    remembered membership stops working.
    """
    from ..audit.service import audit

    member_id, mode = data["member_id"], data["contributions"]
    if actor.member is None:
        raise Forbidden(_("Join the workshop first."))
    self_erasure = member_id == actor.member_id
    if not self_erasure and not actor.is_facilitator:
        raise Forbidden(_("You can only delete your own data."))
    with write_transaction():
        # Under the lock from the start: what the person wrote is listed next, and
        # anything of theirs committed after that list was read would outlive the erasure.
        lock_workshop(actor.workshop.id)
        member = db.session.get(Member, member_id) if isinstance(member_id, str) else None
        if member is None or member.workshop_id != actor.workshop.id:
            raise Invalid.field("member_id", _("No such member in this workshop. Check the "
                                               "member's id."))
        if is_erased(member):
            return member
        if member.role == "facilitator" and member.removed_at is None and not _others_lead(
                member):
            raise Invalid.field("member_id", _(
                "A workshop needs a facilitator; add another one first."))
        touched: set[tuple[str, str]] = {("member", member.id)}
        _personal(actor, member, touched)
        _answers(actor, member, mode, touched)
        if mode == "remove":
            _contributions(actor, member, touched)
        was_active = member.removed_at is None
        member.display_name = ""
        member.organisation = None
        member.key_digest = None
        member.user_id = None
        member.group_id = None
        member.removed_at = member.removed_at or utcnow()
        from .service import MEMBER_REMOVED

        if was_active:
            for hook in MEMBER_REMOVED:
                hook(actor, member)
        record(member.workshop_id, "member", member, type="member.erased",
               actor_member_id=actor.member_id)
        if was_active:
            turnout.changed(member.workshop_id)
        redact(member.workshop_id, touched)
        db.session.execute(delete(Connection).where(Connection.member_id == member.id)
                           .execution_options(synchronize_session=False))
        audit("member.erased", workshop_id=member.workshop_id, target_kind="member",
              target_id=member.id, details={
                  "contributions": "removed" if mode == "remove" else "anonymised",
                  "by": "self" if self_erasure else "facilitator"})
    from .service import disconnect

    disconnect(member_id=member.id)
    return member


def _others_lead(member: Member) -> bool:
    return bool(db.session.scalar(select(func.count()).select_from(Member).where(
        Member.workshop_id == member.workshop_id, Member.role == "facilitator",
        Member.removed_at.is_(None), Member.id != member.id)))


def _gone(actor: Actor, entity: str, obj, touched: set, *, type: str) -> None:
    touched.add((entity, str(obj.id)))
    remove_by(actor, entity, obj, type=type)


def _personal(actor: Actor, member: Member, touched: set) -> None:
    """What is about the person alone: it goes whatever they chose."""
    from ..pilots.models import Pilot, PilotMember
    from ..reminders.models import Delivery, Notification, NotifyPreference, Reminder

    intro = db.session.get(Introduction, member.id)
    if intro is not None:
        _gone(actor, "introduction", intro, touched, type="introduction.erased")
    pref = db.session.get(NotifyPreference, member.id)
    if pref is not None:
        _gone(actor, "notify_pref", pref, touched, type="notify.erased")
    notes = list(db.session.scalars(select(Notification).where(
        Notification.member_id == member.id)))
    if notes:
        db.session.execute(delete(Delivery).where(
            Delivery.notification_id.in_([note.id for note in notes])))
    for note in notes:
        _gone(actor, "notification", note, touched, type="notification.erased")
    db.session.execute(delete(Reminder).where(Reminder.member_id == member.id))
    for row in db.session.scalars(select(PilotMember).where(PilotMember.member_id == member.id)):
        _gone(actor, "pilot_member", row, touched, type="pilot.left")
    for pilot in db.session.scalars(select(Pilot).where(Pilot.contact_member_id == member.id)):
        pilot.contact_member_id = None
        record_by(actor, "pilot", pilot, type="pilot.contact_erased")


def _answers(actor: Actor, member: Member, mode: str, touched: set) -> None:
    """Task answers: a private one (and a shared one, when removing) goes; the feedback on
    any answer goes, since it was written to them."""
    from ..coaching.models import Submission
    from ..coaching.service import public_submission
    from ..comments.service import remove_on

    for answer in db.session.scalars(select(Submission).where(
            Submission.member_id == member.id)):
        reviewed = answer.reviewed_at is not None
        if mode == "remove" or public_submission(answer) is None:
            remove_on(actor, "submission", answer.id)
            if reviewed:
                touched.add(("review", answer.id))
                record_by(actor, "review", answer, type="task.feedback_erased", op="delete")
            _gone(actor, "submission", answer, touched, type="task.answer_erased")
        elif reviewed:
            answer.feedback, answer.completed = "", False
            answer.reviewed_by = answer.reviewed_at = None
            touched.add(("review", answer.id))
            record_by(actor, "review", answer, type="task.feedback_erased", op="delete")


def _contributions(actor: Actor, member: Member, touched: set) -> None:
    """Removing: everything they wrote, and their marks on others' work, each with its
    event (and whatever goes with it, as when its author deletes it)."""
    from ..challenges.models import Challenge, ChallengeNote, HowMightWe, ImportanceRating
    from ..challenges.service import HMW_REMOVED
    from ..comments.models import Comment
    from ..comments.service import remove_on
    from ..ideas.models import Idea, IdeaPlus
    from ..ideas.service import _remove as remove_idea
    from ..personas.models import PersonaMeet
    from ..pilots.models import PilotStatusChange, PilotUpdate
    from ..pilots.service import _remove_update

    mine = Idea.member_id == member.id
    for idea in db.session.scalars(select(Idea).where(mine)).all():
        for other in db.session.scalars(select(Idea).where(
                (Idea.duplicate_of_id == idea.id) | (Idea.builds_on_id == idea.id))).all():
            if other.duplicate_of_id == idea.id:
                other.duplicate_of_id = None
            if other.builds_on_id == idea.id:
                other.builds_on_id = None
            if other.member_id != member.id:
                record_by(actor, "idea", other, type="idea.unlinked")
        question = db.session.get(HowMightWe, idea.hmw_id)
        if question is not None and question.spotlight_idea_id == idea.id:
            question.spotlight_idea_id = None
            record_by(actor, "hmw", question, type="hmw.spotlight")
        remove_on(actor, "idea", idea.id)
        touched.add(("idea", idea.id))
        remove_idea(actor, idea)
    for question in db.session.scalars(select(HowMightWe).where(
            HowMightWe.member_id == member.id)).all():
        for hook in HMW_REMOVED:
            hook(actor, question)
        _gone(actor, "hmw", question, touched, type="hmw.deleted")
    for note in db.session.scalars(select(ChallengeNote).where(
            ChallengeNote.member_id == member.id)).all():
        _gone(actor, "challenge_note", note, touched, type="challenge.note_deleted")
    for comment in db.session.scalars(select(Comment).where(
            Comment.member_id == member.id)).all():
        _gone(actor, "comment", comment, touched, type="comment.deleted")
    for update in db.session.scalars(select(PilotUpdate).where(
            PilotUpdate.member_id == member.id)).all():
        touched.add(("pilot_update", update.id))
        _remove_update(actor, update)
    for change in db.session.scalars(select(PilotStatusChange).where(
            PilotStatusChange.member_id == member.id)).all():
        # The pilot's history keeps that its status changed, not who wrote what about it.
        change.note, change.member_id = "", None
        touched.add(("pilot_status", change.id))
        record_by(actor, "pilot_status", change, type="pilot.status_erased")
    for plus in db.session.scalars(select(IdeaPlus).where(
            IdeaPlus.member_id == member.id)).all():
        idea = db.session.get(Idea, plus.idea_id)
        _gone(actor, "plus", plus, touched, type="idea.unplus")
        db.session.flush()
        idea.plus_count = db.session.scalar(
            select(func.count()).select_from(IdeaPlus).where(IdeaPlus.idea_id == idea.id))
        record_by(actor, "idea", idea, type="idea.plus_counted")
    for rating in db.session.scalars(select(ImportanceRating).where(
            ImportanceRating.member_id == member.id)).all():
        challenge = db.session.get(Challenge, rating.challenge_id)
        _gone(actor, "rating", rating, touched, type="challenge.unrated")
        db.session.flush()
        counts = dict(db.session.execute(
            select(ImportanceRating.value, func.count())
            .where(ImportanceRating.challenge_id == challenge.id)
            .group_by(ImportanceRating.value)).all())
        challenge.ratings = [counts.get(v, 0) for v in range(1, 6)]
        record_by(actor, "challenge", challenge, type="challenge.rating_counted")
    for mark in db.session.scalars(select(PersonaMeet).where(
            PersonaMeet.member_id == member.id)).all():
        _gone(actor, "persona_meet", mark, touched, type="persona.unmeet")
    db.session.flush()
