"""The challenge canvas of a group and its how-might-we questions.

Contributions are separate notes, one row each, so members writing under the same question
at the same moment never overwrite each other. The statement is one text: a save names the
version it was written against (``base_rev``), and a save against an older version is
refused with the newer text, so nobody's statement silently disappears.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..access import Actor, require_contributor, require_facilitator, require_open
from ..database import lock_workshop, resent, write_transaction
from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..events.entities import EntityKind, register, workshop_rows
from ..events.service import record_by
from ..extensions import db
from ..links import set_links
from ..moderation import rules as moderation
from ..ordering import move_to
from ..participation.service import author_of, helped_author
from ..personas import service as personas
from ..personas.models import Persona
from ..schemas import merge_languages, new_id, pair_id
from ..timeutil import epoch
from .models import (
    Challenge,
    ChallengeNote,
    ChallengePersona,
    HmwPersona,
    HowMightWe,
    ImportanceRating,
)


def importance(challenge: Challenge) -> dict:
    counts = list(challenge.ratings or [0] * 5)
    total = sum(counts)
    mean = sum((i + 1) * n for i, n in enumerate(counts)) / total if total else None
    return {"counts": counts, "total": total, "mean": round(mean, 2) if mean else None}


def dump_challenge(challenge: Challenge) -> dict:
    return {"id": challenge.id, "group_id": challenge.group_id, "statement": challenge.statement,
            "persona_ids": challenge.persona_ids or [], "importance": importance(challenge),
            "created_at": epoch(challenge.created_at), "rev": challenge.rev}


def dump_note(note: ChallengeNote) -> dict:
    return {"id": note.id, "challenge_id": note.challenge_id, "question": note.question,
            "body": note.body, "member_id": note.member_id,
            "moderation": note.moderation, "moderation_note": note.moderation_note,
            "original_body": note.original_body,
            "entered_by_member_id": note.entered_by_member_id,
            "created_at": epoch(note.created_at), "rev": note.rev}


def public_note(note: ChallengeNote) -> dict | None:
    """What everyone but its author and the facilitators sees: nothing while it waits for
    a facilitator or is returned to its author; once out, not the facilitator's note nor
    the author's words from before an edit."""
    if note.moderation is not None:
        return None
    view = dump_note(note)
    view["moderation_note"] = view["original_body"] = None
    # Who needed help to take part is between them and the facilitators.
    view["entered_by_member_id"] = None
    return view


def dump_rating(rating: ImportanceRating) -> dict:
    return {"id": rating.id, "challenge_id": rating.challenge_id,
            "member_id": rating.member_id, "value": rating.value, "rev": rating.rev}


def dump_hmw(question: HowMightWe) -> dict:
    return {"id": question.id, "challenge_id": question.challenge_id, "text": question.text,
            "persona_ids": question.persona_ids or [], "position": question.position,
            "member_id": question.member_id, "silent": question.silent,
            "anonymous": question.anonymous, "revealed": question.revealed,
            "locked": question.locked, "live": question.live,
            "grouping_open": question.grouping_open, "moderated": question.moderated,
            "spotlight_idea_id": question.spotlight_idea_id,
            "created_at": epoch(question.created_at), "rev": question.rev}



register(EntityKind(name="challenge", full=dump_challenge,
                    rows=workshop_rows(Challenge, Challenge.created_at)))
register(EntityKind(name="challenge_note", resendable=True, full=dump_note, public=public_note,
                    subject=lambda note: note.member_id,
                    exported=lambda note: None if note.moderation else public_note(note),
                    rows=workshop_rows(ChallengeNote, ChallengeNote.created_at)))
# Everyone sees the distribution on the challenge; each member sees their own rating.
register(EntityKind(name="rating", full=dump_rating, public=lambda rating: None,
                    subject=lambda rating: rating.member_id,
                    rows=workshop_rows(ImportanceRating, ImportanceRating.id)))
register(EntityKind(name="hmw", resendable=True, full=dump_hmw,
                    rows=workshop_rows(HowMightWe, HowMightWe.position, HowMightWe.created_at)))


# -- lookups and the one permission rule of the canvas ----------------------------------------


def get_challenge(actor: Actor, challenge_id: str) -> Challenge:
    challenge = db.session.get(Challenge, challenge_id) if isinstance(challenge_id, str) else None
    if challenge is None or challenge.workshop_id != actor.workshop.id:
        raise NotFound(_("No such challenge in this workshop."),
                       {"challenge_id": [_("Unknown id.")]})
    return challenge


def require_canvas(actor: Actor, challenge: Challenge) -> None:
    """Only the group's members and facilitators change a group's canvas."""
    require_contributor(actor)
    require_open(actor)
    if actor.is_facilitator:
        return
    if challenge.group_id is None or actor.member is None \
            or actor.member.group_id != challenge.group_id:
        raise Forbidden(_("Only this group's members and the facilitators can change this "
                          "canvas."))


def _check_personas(actor: Actor, ids: list[str], field: str = "persona_ids") -> list[str]:
    ids = list(dict.fromkeys(ids))
    known = set(db.session.scalars(select(Persona.id).where(
        Persona.workshop_id == actor.workshop.id, Persona.id.in_(ids)))) if ids else set()
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise Invalid.field(field, _("No such persona in this workshop: %(ids)s.",
                                     ids=", ".join(unknown)))
    return ids


def _set_personas(actor: Actor, item, data: dict) -> bool:
    """Apply ``data["persona_ids"]`` (if sent) to a challenge or question; True if changed."""
    if "persona_ids" not in data:
        return False
    return set_links(item, "persona_ids", _check_personas(actor, data["persona_ids"]))



# -- made with the group --------------------------------------------------------------------


def create_for_group(actor: Actor, group) -> Challenge:
    challenge = Challenge(id=new_id(), workshop_id=group.workshop_id, group_id=group.id,
                          statement="", ratings=[0] * 5)
    db.session.add(challenge)
    record_by(actor, "challenge", challenge, type="challenge.created")
    return challenge


def detach_group(actor: Actor, group_id: str) -> None:
    for challenge in db.session.scalars(select(Challenge).where(Challenge.group_id == group_id)):
        challenge.group_id = None
        record_by(actor, "challenge", challenge, type="challenge.detached")


def workshop_challenge(actor: Actor) -> Challenge:
    """The challenge of no group, under which the facilitator writes questions for the whole
    workshop (made on first use). A challenge whose group was removed is no group's either,
    so its questions already reach everyone; the oldest such one is reused."""
    challenge = db.session.scalar(
        select(Challenge).where(Challenge.workshop_id == actor.workshop.id,
                                Challenge.group_id.is_(None))
        .order_by(Challenge.created_at).limit(1))
    if challenge is None:
        challenge = Challenge(id=new_id(), workshop_id=actor.workshop.id, group_id=None,
                              statement="", ratings=[0] * 5)
        db.session.add(challenge)
        record_by(actor, "challenge", challenge, type="challenge.created")
    return challenge


def question_group(question: HowMightWe) -> str | None:
    """The group whose question this is (through its challenge); ``None``: the whole
    workshop's. Each group's phones work on their own group's questions and the whole
    workshop's during ideation."""
    challenge = db.session.get(Challenge, question.challenge_id)
    return challenge.group_id if challenge is not None else None


# -- the canvas -----------------------------------------------------------------------------


def update_challenge(actor: Actor, data: dict) -> Challenge:
    """Change the statement and/or the personas the challenge concerns."""
    challenge_id = data["challenge_id"]
    with write_transaction():
        challenge = get_challenge(actor, challenge_id)
        require_canvas(actor, challenge)
        changed = False
        if "statement" in data and data["statement"] != challenge.statement:
            base = data.get("base_rev")
            if base is not None and base < challenge.rev and challenge.statement:
                raise Conflict(
                    _("Someone else changed the statement while you were writing. Your text "
                      "is kept: compare it with theirs and save again."),
                    {"statement": [challenge.statement], "base_rev": [str(challenge.rev)]})
            challenge.statement = data["statement"]
            changed = True
        changed = _set_personas(actor, challenge, data) or changed
        if changed:
            record_by(actor, "challenge", challenge, type="challenge.updated")
    return challenge


def add_note(actor: Actor, data: dict) -> ChallengeNote:
    """Add one contribution under a guiding question. The client's id makes a resend
    harmless."""
    with write_transaction():
        challenge = get_challenge(actor, data["challenge_id"])
        require_canvas(actor, challenge)
        if actor.member is None:
            raise Forbidden(_("Join the workshop first."))
        author_id, helper_id = author_of(actor, helped_author(actor, data))
        existing = resent(ChallengeNote, data["id"], lambda note: note.member_id ==
                          author_id and note.challenge_id == challenge.id,
                          actor.workshop.id)
        if existing is not None:
            return existing
        note = ChallengeNote(id=data["id"], workshop_id=actor.workshop.id,
                             challenge_id=challenge.id, question=data["question"],
                             body=data["body"], member_id=author_id,
                             entered_by_member_id=helper_id,
                             moderation=moderation.on_arrival(actor, actor.workshop.moderated))
        db.session.add(note)
        record_by(actor, "challenge_note", note, type="challenge.note_added")
    return note


def _note(actor: Actor, note_id: str) -> ChallengeNote:
    note = db.session.get(ChallengeNote, note_id) if isinstance(note_id, str) else None
    # One with the facilitator is unknown to everyone but its author, as on their screens.
    hidden = note is not None and note.moderation is not None and not actor.is_facilitator \
        and note.member_id != actor.member_id
    if note is None or note.workshop_id != actor.workshop.id or hidden:
        raise NotFound(_("No such contribution."), {"note_id": [_("Unknown id.")]})
    challenge = db.session.get(Challenge, note.challenge_id)
    require_canvas(actor, challenge)
    if not actor.is_facilitator and note.member_id != actor.member_id:
        raise Forbidden(_("You can only change what you wrote yourself."))
    return note


def edit_note(actor: Actor, data: dict) -> ChallengeNote:
    note_id, body = data["note_id"], data["body"]
    with write_transaction():
        note = _note(actor, note_id)
        moderation.require_editable(actor, note, actor.workshop.moderated)
        changed = note.body != body
        note.body = body
        # A returned answer sent again goes back to the queue, changed or not.
        if moderation.resend(actor, note):
            record_by(actor, "challenge_note", note, type="challenge.note_resent")
        elif changed:
            record_by(actor, "challenge_note", note, type="challenge.note_edited")
    return note


def delete_note(actor: Actor, data: dict) -> ChallengeNote:
    note_id = data["note_id"]
    with write_transaction():
        note = _note(actor, note_id)
        db.session.delete(note)
        record_by(actor, "challenge_note", note, type="challenge.note_deleted", op="delete")
    return note


def rate(actor: Actor, data: dict) -> Challenge:
    """Rate how important solving the challenge is, 1-5. A new rating replaces mine; the
    distribution is counted in the same transaction."""
    challenge_id, value = data["challenge_id"], data["value"]
    with write_transaction():
        challenge = get_challenge(actor, challenge_id)
        require_canvas(actor, challenge)
        if actor.member is None:
            raise Forbidden(_("Join the workshop first."))
        rating_id = pair_id(challenge.id, actor.member_id)
        rating = db.session.get(ImportanceRating, rating_id)
        if rating is not None and rating.value == value:
            return challenge
        if rating is None:
            rating = ImportanceRating(id=rating_id, workshop_id=actor.workshop.id,
                                      challenge_id=challenge.id, member_id=actor.member_id,
                                      value=value)
            db.session.add(rating)
        else:
            rating.value = value
        db.session.flush()
        counts = dict(db.session.execute(
            select(ImportanceRating.value, func.count())
            .where(ImportanceRating.challenge_id == challenge.id)
            .group_by(ImportanceRating.value)).all())
        challenge.ratings = [counts.get(v, 0) for v in range(1, 6)]
        record_by(actor, "rating", rating, type="challenge.rated")
        record_by(actor, "challenge", challenge, type="challenge.rating_counted")
    return challenge


# -- how might we ----------------------------------------------------------------------------


def _hmw(actor: Actor, question_id: str) -> HowMightWe:
    question = db.session.get(HowMightWe, question_id) if isinstance(question_id, str) else None
    if question is None or question.workshop_id != actor.workshop.id:
        raise NotFound(_("No such question."), {"hmw_id": [_("Unknown id.")]})
    return question


def save_hmw(actor: Actor, data: dict) -> HowMightWe:
    """Write a how-might-we question under a challenge (new id), or change one (known id:
    its author or a facilitator). A new question targets the challenge's personas unless
    it names its own."""
    with write_transaction():
        question = db.session.get(HowMightWe, data["id"])
        if question is not None and question.workshop_id != actor.workshop.id:
            raise Invalid.field("id", _("That id is already in use; generate a new one."))
        if question is None:
            if data.get("challenge_id"):
                challenge = get_challenge(actor, data["challenge_id"])
            elif actor.is_facilitator:
                challenge = workshop_challenge(actor)
            else:
                raise Invalid.field("challenge_id", _("Say which challenge the question is for."))
            require_canvas(actor, challenge)
            text = merge_languages(None, data.get("text") or {})
            if not text:
                raise Invalid.field("text", _("Write the question; it cannot be empty."))
            ids = (_check_personas(actor, data["persona_ids"]) if "persona_ids" in data
                   else challenge.persona_ids)
            last = db.session.scalar(select(func.max(HowMightWe.position))
                                     .where(HowMightWe.workshop_id == actor.workshop.id))
            question = HowMightWe(id=data["id"], workshop_id=actor.workshop.id,
                                  challenge_id=challenge.id, text=text,
                                  member_id=actor.member_id,
                                  position=0 if last is None else last + 1)
            set_links(question, "persona_ids", ids)
            db.session.add(question)
            record_by(actor, "hmw", question, type="hmw.created")
            return question
        challenge = db.session.get(Challenge, question.challenge_id)
        require_canvas(actor, challenge)
        if not actor.is_facilitator and question.member_id != actor.member_id:
            raise Forbidden(_("Only its writer and the facilitators can change a question."))
        changed = False
        if "text" in data:
            text = merge_languages(question.text, data["text"])
            if not text:
                raise Invalid.field("text", _("Write the question; it cannot be empty."))
            if text != question.text:
                question.text = text
                changed = True
        changed = _set_personas(actor, question, data) or changed
        if changed:
            record_by(actor, "hmw", question, type="hmw.updated")
    return question


# What hangs off a question (ideas, their groups, concepts) goes or lets go here, each with
# its event, before the question is removed: fn(actor, question).
HMW_REMOVED: list = []


def delete_hmw(actor: Actor, data: dict) -> HowMightWe:
    question_id = data["hmw_id"]
    with write_transaction():
        # What hangs off the question is listed under the lock: an idea committed after
        # the list was read would go with the question by the database's cascade, with no
        # event, and stay on every screen.
        lock_workshop(actor.workshop.id)
        question = _hmw(actor, question_id)
        require_canvas(actor, db.session.get(Challenge, question.challenge_id))
        if not actor.is_facilitator and question.member_id != actor.member_id:
            raise Forbidden(_("Only its writer and the facilitators can remove a question."))
        for hook in HMW_REMOVED:
            hook(actor, question)
        db.session.delete(question)
        record_by(actor, "hmw", question, type="hmw.deleted", op="delete")
    return question


def move_hmw(actor: Actor, data: dict) -> HowMightWe:
    """Put a question at ``position`` in the workshop's list (the order ideation uses)."""
    question_id, position = data["hmw_id"], data["position"]
    require_facilitator(actor)
    require_open(actor)
    with write_transaction():
        question = _hmw(actor, question_id)
        questions = list(db.session.scalars(
            select(HowMightWe).where(HowMightWe.workshop_id == actor.workshop.id)
            .order_by(HowMightWe.position, HowMightWe.created_at)))
        move_to(actor, "hmw", questions, question, position, "hmw.moved")
    return question


# -- what names a persona --------------------------------------------------------------------


def _persona_links(workshop_id: str, persona_id: str, actor: Actor):
    from ..groups.models import Group

    names = dict(db.session.execute(select(Group.id, Group.name)
                                    .where(Group.workshop_id == workshop_id)).all())
    challenges = [
        {"id": c.id, "group_id": c.group_id, "group": names.get(c.group_id),
         "statement": c.statement}
        for c in db.session.scalars(
            select(Challenge).join(ChallengePersona)
            .where(Challenge.workshop_id == workshop_id, ChallengePersona.persona_id == persona_id)
            .order_by(Challenge.created_at))
    ]
    questions = [
        {"id": q.id, "challenge_id": q.challenge_id, "text": q.text}
        for q in db.session.scalars(
            select(HowMightWe).join(HmwPersona)
            .where(HowMightWe.workshop_id == workshop_id, HmwPersona.persona_id == persona_id)
            .order_by(HowMightWe.position))
    ]
    return [("challenges", challenges), ("questions", questions)]


personas.LINKS.append(_persona_links)
