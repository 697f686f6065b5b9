"""The coaching rhythm: weekly themes whose tasks members answer, privately or for the
whole group to read, and the facilitator's written feedback or completion mark.

Private means private. A private task's submission - and all feedback, on any task - is
the member's and the facilitators' alone: the entity registry gives everyone else nothing
(their live client gets a content-free marker), comments on it are refused, and no other
route returns it.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ..access import Actor, require_contributor, require_facilitator, require_open
from ..database import resent, write_transaction
from ..errors import Forbidden, Invalid, NotFound
from ..events.entities import EntityKind, register
from ..events.service import record_by
from ..extensions import db
from ..formatting import format_day
from ..participation.service import author_of, helped_author
from ..sessions.models import WorkshopSession
from ..timeutil import epoch, utcnow
from .models import Submission


def _task(session: WorkshopSession | None) -> dict | None:
    return (session.task or None) if session is not None else None


def dump_submission(submission: Submission) -> dict:
    return {"id": submission.id, "session_id": submission.session_id,
            "member_id": submission.member_id, "body": submission.body,
            "answers": submission.answers or {},
            "entered_by_member_id": submission.entered_by_member_id,
            "submitted_at": epoch(submission.submitted_at),
            "updated_at": epoch(submission.updated_at), "rev": submission.rev}


def public_submission(submission: Submission) -> dict | None:
    """What other members see: a shared task's answer; a private task's, nothing at all."""
    task = _task(db.session.get(WorkshopSession, submission.session_id))
    if not task or task.get("visibility") != "shared":
        return None
    # Who needed help to take part is between them and the facilitators.
    return {**dump_submission(submission), "entered_by_member_id": None}


def dump_review(submission: Submission) -> dict:
    """The facilitator's feedback and mark on an answer (its id is the answer's)."""
    return {"id": submission.id, "session_id": submission.session_id,
            "member_id": submission.member_id, "feedback": submission.feedback,
            "completed": submission.completed, "reviewed_by": submission.reviewed_by,
            "reviewed_at": epoch(submission.reviewed_at), "rev": submission.review_rev}


SUBMISSION = register(EntityKind(
    name="submission", resendable=True, full=dump_submission, public=public_submission,
    subject=lambda submission: submission.member_id,
    rows=lambda wid: select(Submission).where(Submission.workshop_id == wid)
    .order_by(Submission.submitted_at)))
# Feedback is between the member and the facilitators: nobody else learns even that it
# was given.
REVIEW = register(EntityKind(
    name="review", full=dump_review, public=lambda submission: None,
    subject=lambda submission: submission.member_id, rev="review_rev",
    rows=lambda wid: select(Submission).where(Submission.workshop_id == wid,
                                              Submission.reviewed_at.is_not(None))
    .order_by(Submission.submitted_at)))


# -- lookups ---------------------------------------------------------------------------------


def get_theme(actor: Actor, session_id) -> tuple[WorkshopSession, dict]:
    session = db.session.get(WorkshopSession, session_id) if isinstance(session_id, str) \
        else None
    if session is None or session.workshop_id != actor.workshop.id or not session.task:
        raise NotFound(_("No such task in this workshop."), {"session_id": [_("Unknown id.")]})
    return session, session.task


def get_submission(actor: Actor, submission_id, field: str = "submission_id") -> Submission:
    """A submission ``actor`` may see; another member's private one is reported as
    unknown, exactly like a missing one."""
    submission = db.session.get(Submission, submission_id) \
        if isinstance(submission_id, str) else None
    if submission is None or submission.workshop_id != actor.workshop.id or (
            SUBMISSION.view(submission, actor.viewer) is None):
        raise NotFound(_("No such submission."), {field: [_("Unknown id.")]})
    return submission


def _answers(task: dict, answers: dict) -> dict:
    """Check survey answers against the task's questions: numbers in range, texts."""
    questions = {q["id"]: q for q in task.get("survey") or []}
    if answers and not questions:
        raise Invalid.field("answers", _("This task is not a survey; write your answer in "
                                         "body."))
    clean = {}
    for key, value in answers.items():
        question = questions.get(key)
        if question is None:
            raise Invalid.field("answers", _("No such question: %(id)s.", id=key))
        if question["kind"] == "scale":
            low, high = question.get("min", 1), question.get("max", 5)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise Invalid.field("answers", _("%(id)s: choose a whole number from %(low)d to "
                                                 "%(high)d.", id=key, low=low, high=high))
        else:
            if not isinstance(value, str) or len(value.strip()) > 2000:
                raise Invalid.field("answers", _("%(id)s: write text of at most 2000 "
                                                 "characters.", id=key))
            value = value.strip()
            if not value:
                continue
        clean[key] = value
    return clean


# -- answering a task -------------------------------------------------------------------------


def submit(actor: Actor, data: dict) -> Submission:
    """Answer a task, or change one's answer. One submission per member and task; the
    first one's id is the device's, so a resend changes nothing."""
    require_contributor(actor)
    require_open(actor)
    helped = helped_author(actor, data)
    if helped is None and (actor.member is None or actor.member.role != "participant"):
        raise Forbidden(_("Participants answer the tasks."))
    author_id, helper_id = author_of(actor, helped)
    with write_transaction():
        session, task = get_theme(actor, data["session_id"])
        if session.opens_on and session.opens_on > date.today():
            raise Invalid.field("session_id", _("This task opens on %(day)s.",
                                                day=format_day(session.opens_on)))
        answers = _answers(task, data.get("answers") or {})
        body = data.get("body", "")
        if not body and not answers:
            raise Invalid.field("body", _("Write your answer; it cannot be empty."))
        submission = db.session.scalar(select(Submission).where(
            Submission.session_id == session.id, Submission.member_id == author_id))
        if submission is None:
            # Under the workshop's lock; an id that is someone else's is a conflict.
            resent(Submission, data["id"], lambda other: False, actor.workshop.id)
            submission = Submission(id=data["id"], workshop_id=actor.workshop.id,
                                    session_id=session.id, member_id=author_id,
                                    entered_by_member_id=helper_id, body=body, answers=answers)
            db.session.add(submission)
            record_by(actor, "submission", submission, type="task.submitted")
            return submission
        if submission.body != body or (submission.answers or {}) != answers:
            submission.body = body
            submission.answers = answers
            submission.updated_at = utcnow()
            record_by(actor, "submission", submission, type="task.resubmitted")
    return submission


def review(actor: Actor, data: dict) -> Submission:
    """The facilitator's written feedback and/or completion mark."""
    require_facilitator(actor)
    require_open(actor)
    with write_transaction():
        submission = get_submission(actor, data["submission_id"])
        changed = False
        if "feedback" in data and data["feedback"] != submission.feedback:
            submission.feedback = data["feedback"]
            changed = True
        if "completed" in data and data["completed"] != submission.completed:
            submission.completed = data["completed"]
            changed = True
        if changed:
            submission.reviewed_by = actor.member_id
            submission.reviewed_at = utcnow()
            record_by(actor, "review", submission, type="task.reviewed")
    return submission


# -- the survey's summary ------------------------------------------------------------------------


def summary(actor: Actor, data: dict) -> dict:
    """Per question: the distribution and mean of a scale, or the open answers - to tailor
    the themes to what people need."""
    session_id = data["session_id"]
    require_facilitator(actor)
    session, task = get_theme(actor, session_id)
    questions = task.get("survey") or []
    if not questions:
        raise Invalid.field("session_id", _("This task is not a survey."))
    answers = [s.answers or {} for s in db.session.scalars(
        select(Submission).where(Submission.session_id == session.id))]
    out = []
    for question in questions:
        given = [a[question["id"]] for a in answers if question["id"] in a]
        if question["kind"] == "scale":
            low, high = question.get("min", 1), question.get("max", 5)
            # A question's kind or range may have changed after people answered it: only the
            # answers that fit it now are counted.
            given = [value for value in given if isinstance(value, int)
                     and not isinstance(value, bool) and low <= value <= high]
            counts = [given.count(value) for value in range(low, high + 1)]
            mean = round(sum(given) / len(given), 2) if given else None
            out.append({"id": question["id"], "kind": "scale", "text": question["text"],
                        "min": low, "max": high, "counts": counts, "answered": len(given),
                        "mean": mean})
        else:
            given = [value for value in given if isinstance(value, str)]
            out.append({"id": question["id"], "kind": "text", "text": question["text"],
                        "answers": given, "answered": len(given)})
    return {"session_id": session.id, "respondents": len(answers), "questions": out}


# -- comments on shared answers only ---------------------------------------------------


def _comment_target(actor: Actor, submission_id: str) -> Submission:
    submission = get_submission(actor, submission_id, "target_id")
    task = _task(db.session.get(WorkshopSession, submission.session_id)) or {}
    if task.get("visibility") != "shared":
        raise Forbidden(_("Private answers get the facilitator's feedback, not comments."))
    return submission


def _register() -> None:
    from ..comments.service import TARGETS

    TARGETS["submission"] = _comment_target


_register()
