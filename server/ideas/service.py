"""Ideation under a how-might-we question.

Who sees what is decided in one place, :func:`public_idea`: in a silent question other
participants get only a content-free marker for each idea until the facilitator reveals; in
an anonymous question the author's id and name are left out of everything another
participant receives (events, snapshots, command answers, the persona page) and out of
every export. Facilitators see authors on screen, and the phone says so before anyone
writes.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import exists, func, select

from ..access import Actor, require_contributor, require_facilitator, require_open
from ..challenges.models import HowMightWe
from ..challenges.service import HMW_REMOVED, question_group
from ..challenges.service import _hmw as get_question
from ..database import lock_and_reread, lock_workshop, resent, write_transaction
from ..errors import Forbidden, Invalid, NotFound, ServiceError
from ..events.entities import EntityKind, register, workshop_rows
from ..events.service import record_by, remove_by
from ..extensions import db, off_loop
from ..links import forget
from ..moderation import rules as moderation
from ..ordering import move_to
from ..participation.service import author_of, helped_author
from ..personas import service as personas
from ..personas.models import Persona
from ..schemas import pair_id
from ..sessions.models import WorkshopSession
from ..timeutil import epoch
from .models import Idea, IdeaCluster, IdeaPlus

# -- what each viewer sees ------------------------------------------------------------------


def dump_idea(idea: Idea) -> dict:
    """The full view: facilitators and the author. The author is only an id: clients show
    the name from the member, so a rename reaches every idea at once."""
    return {
        "id": idea.id, "hmw_id": idea.hmw_id, "text": idea.text, "persona_id": idea.persona_id,
        "builds_on_id": idea.builds_on_id, "cluster_id": idea.cluster_id,
        "duplicate_of_id": idea.duplicate_of_id, "position": idea.position,
        "plus_count": idea.plus_count, "member_id": idea.member_id,
        "moderation": idea.moderation, "moderation_note": idea.moderation_note,
        "original_text": idea.original_text,
        "entered_by_member_id": idea.entered_by_member_id,
        "created_at": epoch(idea.created_at), "rev": idea.rev,
    }


def public_idea(idea: Idea) -> dict | None:
    """What other participants and the projector see: nothing while the question is silent,
    no author while it is anonymous."""
    question = db.session.get(HowMightWe, idea.hmw_id)
    if question is None or question.hides_ideas or idea.moderation is not None:
        return None
    view = _unnamed(idea, question)
    # Who needed help to take part is between them and the facilitators.
    view["entered_by_member_id"] = None
    return view


def exported_idea(idea: Idea) -> dict | None:
    """What a facilitator's export holds: every idea the room has seen or may see, but no
    author while the question is anonymous - the promise made to the author holds for files
    that leave Paja too. One still with the facilitator (waiting, or returned to its
    author) was never let out to the room, so no file takes it out either."""
    if idea.moderation is not None:
        return None
    return _unnamed(idea, db.session.get(HowMightWe, idea.hmw_id))


def _unnamed(idea: Idea, question: HowMightWe | None) -> dict:
    view = dump_idea(idea)
    # The facilitator's note and the author's own words before an edit are the author's.
    view["moderation_note"] = view["original_text"] = None
    if question is not None and question.anonymous:
        view["member_id"] = view["entered_by_member_id"] = None
    return view


def dump_cluster(cluster: IdeaCluster) -> dict:
    return {"id": cluster.id, "hmw_id": cluster.hmw_id, "name": cluster.name,
            "position": cluster.position, "created_at": epoch(cluster.created_at),
            "rev": cluster.rev}


def dump_plus(plus: IdeaPlus) -> dict:
    return {"id": plus.id, "idea_id": plus.idea_id, "member_id": plus.member_id, "rev": plus.rev}


IDEA = register(EntityKind(
    name="idea", resendable=True, full=dump_idea, public=public_idea, exported=exported_idea,
    subject=lambda idea: idea.member_id, rows=workshop_rows(Idea, Idea.position, Idea.created_at)))
register(EntityKind(name="idea_cluster", resendable=True, full=dump_cluster,
                    rows=workshop_rows(IdeaCluster, IdeaCluster.position, IdeaCluster.created_at)))
# Each member sees their own +1s (to light the button); everyone sees the count on the idea.
register(EntityKind(name="plus", full=dump_plus, public=lambda plus: None,
                    subject=lambda plus: plus.member_id, rows=workshop_rows(IdeaPlus, IdeaPlus.id)))


def view_idea(actor: Actor, idea: Idea | None) -> dict | None:
    return None if idea is None else IDEA.view(idea, actor.viewer)


# -- lookups and rules ----------------------------------------------------------------------


def can_see(actor: Actor, idea: Idea, question: HowMightWe) -> bool:
    return (actor.is_facilitator
            or (not question.hides_ideas and idea.moderation is None)
            or (actor.member_id is not None and idea.member_id == actor.member_id))


def get_idea(actor: Actor, idea_id, field: str = "idea_id") -> tuple[Idea, HowMightWe]:
    """The idea and its question, if it is in this workshop and ``actor`` may see it (a
    hidden idea is reported as unknown, so its existence leaks nothing either)."""
    idea = db.session.get(Idea, idea_id) if isinstance(idea_id, str) else None
    question = db.session.get(HowMightWe, idea.hmw_id) if idea is not None else None
    if idea is None or idea.workshop_id != actor.workshop.id or not can_see(actor, idea,
                                                                             question):
        raise NotFound(_("No such idea."), {field: [_("Unknown id.")]})
    return idea, question


def input_locked(question: HowMightWe) -> bool:
    """Locked by the question, or by a live session the facilitator has locked."""
    if question.locked:
        return True
    return bool(db.session.scalar(select(exists().where(
        WorkshopSession.workshop_id == question.workshop_id,
        WorkshopSession.status == "live", WorkshopSession.locked.is_(True)))))


def require_writing(actor: Actor, question: HowMightWe) -> None:
    require_contributor(actor)
    require_open(actor)
    if actor.member is None:
        raise Forbidden(_("Join the workshop first."))
    if not actor.is_facilitator and input_locked(question):
        raise Forbidden(_("Writing is locked for now; the facilitator will open it again."))


def reread_writer(actor: Actor, question: HowMightWe) -> None:
    """Take the workshop's lock and read the question, the workshop and the writer again,
    as committed now; refuse if the question was removed or the writer is no longer in."""
    if not lock_and_reread(actor.workshop.id, question):
        raise NotFound(_("No such question."), {"hmw_id": [_("Unknown id.")]})
    writer = [actor.member] if actor.member is not None else []
    if not lock_and_reread(actor.workshop.id, actor.workshop, *writer) or (
            writer and not actor.member.active):
        raise Forbidden(_("You have been removed from this workshop."))


def require_grouping(actor: Actor, question: HowMightWe) -> None:
    """Grouping is the facilitator's, unless they have opened it to participants."""
    require_contributor(actor)
    require_open(actor)
    if actor.is_facilitator:
        return
    if not question.grouping_open:
        raise Forbidden(_("Only the facilitators group the ideas of this question."))
    if question.hides_ideas:
        raise Forbidden(_("The ideas are not revealed yet."))


def _persona(actor: Actor, persona_id) -> str | None:
    if persona_id is None:
        return None
    persona = db.session.get(Persona, persona_id) if isinstance(persona_id, str) else None
    if persona is None or persona.workshop_id != actor.workshop.id:
        raise Invalid.field("persona_id", _("No such persona in this workshop: %(ids)s.",
                                            ids=persona_id))
    return persona.id



def _has_ideas(question: HowMightWe) -> bool:
    return bool(db.session.scalar(select(exists().where(Idea.hmw_id == question.id))))


def _ideas_of(question_id: str) -> list[Idea]:
    return list(db.session.scalars(select(Idea).where(Idea.hmw_id == question_id)
                                   .order_by(Idea.position, Idea.created_at)))


# -- a question's ideation settings -----------------------------------------------------------


def question_settings(actor: Actor, data: dict) -> HowMightWe:
    """Set a question's mode (silent, anonymous), reveal it, lock it, put it on every phone,
    or open grouping to participants."""
    require_facilitator(actor)
    require_open(actor)
    with write_transaction():
        # Under the lock from the start: whether the question has ideas decides whether
        # its mode may change, and a reveal must carry every idea there is to the room.
        lock_workshop(actor.workshop.id)
        question = get_question(actor, data["hmw_id"])
        for name in ("silent", "anonymous"):
            if name in data and data[name] != getattr(question, name) and _has_ideas(question):
                raise Invalid.field(name, _(
                    "This can't change once the question has ideas: people wrote them under "
                    "the current setting. Ask a new question instead."))
        if data.get("revealed") is False and question.revealed:
            raise Invalid.field("revealed", _(
                "Revealed ideas can't be hidden again; everyone has already seen them."))
        reveal = data.get("revealed") is True and question.hides_ideas
        changed = False
        for name in ("silent", "anonymous", "revealed", "locked", "live", "grouping_open",
                     "moderated"):
            if name in data and data[name] != getattr(question, name):
                setattr(question, name, data[name])
                changed = True
        if data.get("live"):
            # One question on the phones per group (and one for the whole workshop): each
            # group's phones open at their own, so putting one group's question on does not
            # take another group's off.
            group_id = question_group(question)
            for other in db.session.scalars(select(HowMightWe).where(
                    HowMightWe.workshop_id == actor.workshop.id, HowMightWe.live.is_(True),
                    HowMightWe.id != question.id)):
                if question_group(other) != group_id:
                    continue
                other.live = False
                record_by(actor, "hmw", other, type="hmw.settings")
        if changed:
            record_by(actor, "hmw", question, type="hmw.revealed" if reveal else "hmw.settings")
        if reveal:
            # Everyone now sees every idea: one event each carries it to the phones.
            for idea in _ideas_of(question.id):
                record_by(actor, "idea", idea, type="idea.revealed")
    return question


def phase_questions(workshop_id: str) -> list[HowMightWe]:
    """The questions "of the phase": those on the phones (``live``: one per group and one
    for the whole workshop at most), or every question of the workshop when none is."""
    questions = list(db.session.scalars(
        select(HowMightWe).where(HowMightWe.workshop_id == workshop_id)
        .order_by(HowMightWe.position, HowMightWe.created_at)))
    live = [question for question in questions if question.live]
    return live or questions


def _in_session(actor: Actor, session_id: str) -> None:
    from ..sessions.service import _session

    _session(actor, session_id)


def settings_all(actor: Actor, data: dict) -> dict:
    """Make every question of the phase silent, anonymous or locked (or not) at once: the
    questions on every phone, or all of them when none is. Questions already so are left
    as they are; a mode that would change under ideas already written refuses the whole
    change, naming how many questions have them."""
    require_facilitator(actor)
    require_open(actor)
    wanted = {name: data[name] for name in ("silent", "anonymous", "locked") if name in data}
    with write_transaction():
        lock_workshop(actor.workshop.id)  # as in question_settings: the ideas decide
        _in_session(actor, data["session_id"])
        questions = phase_questions(actor.workshop.id)
        for name in ("silent", "anonymous"):
            if name not in wanted:
                continue
            blocked = [question for question in questions
                       if getattr(question, name) != wanted[name] and _has_ideas(question)]
            if blocked:
                # The same promise as for one question: ideas keep the mode they were
                # written under, so nothing changes and the facilitator hears why.
                raise Invalid.field(name, _(
                    "%(n)d of these questions already have ideas, and people wrote them "
                    "under the current setting; change the others one by one.",
                    n=len(blocked)))
        changed = 0
        for question in questions:
            different = {name: value for name, value in wanted.items()
                         if getattr(question, name) != value}
            if not different:
                continue
            for name, value in different.items():
                setattr(question, name, value)
            record_by(actor, "hmw", question, type="hmw.settings")
            changed += 1
    return {"changed": changed}


def reveal_all(actor: Actor, data: dict) -> dict:
    """Reveal every silent question of the phase that is not revealed yet (the questions on
    every phone, or all of them when none is); each idea then reaches everyone."""
    require_facilitator(actor)
    require_open(actor)
    with write_transaction():
        lock_workshop(actor.workshop.id)  # each idea there is now must get its reveal
        _in_session(actor, data["session_id"])
        changed = 0
        for question in phase_questions(actor.workshop.id):
            if not question.hides_ideas:
                continue
            question.revealed = True
            record_by(actor, "hmw", question, type="hmw.revealed")
            for idea in _ideas_of(question.id):
                record_by(actor, "idea", idea, type="idea.revealed")
            changed += 1
    return {"changed": changed}


def spotlight(actor: Actor, data: dict) -> HowMightWe:
    """Show one idea big on every screen (or none)."""
    hmw_id, idea_id = data["hmw_id"], data["idea_id"]
    require_facilitator(actor)
    require_open(actor)
    with write_transaction():
        question = get_question(actor, hmw_id)
        if idea_id is not None:
            idea, _q = get_idea(actor, idea_id)
            if idea.hmw_id != question.id:
                raise Invalid.field("idea_id", _("That idea belongs to another question."))
            if question.hides_ideas:
                raise Invalid.field("idea_id", _("Reveal the ideas first; until then "
                                                 "participants see only their own."))
            if idea.moderation is not None:
                raise Invalid.field("idea_id", _("Approve the idea first; until then only "
                                                 "its author and the facilitators see it."))
        if question.spotlight_idea_id != idea_id:
            question.spotlight_idea_id = idea_id
            record_by(actor, "hmw", question, type="hmw.spotlight")
    return question


# -- writing ideas --------------------------------------------------------------------------


def add_idea(actor: Actor, data: dict) -> Idea:
    """Add an idea. The id is the phone's: a resend after a lost answer creates nothing."""
    with write_transaction():
        question = get_question(actor, data["hmw_id"])
        author_id, helper_id = author_of(actor, helped_author(actor, data))
        existing = resent(Idea, data["id"], lambda idea: idea.member_id == author_id
                          and idea.hmw_id == question.id,
                          actor.workshop.id)
        if existing is not None:
            return existing
        # The idea's moderation, position and the view its event gives the room are
        # decided on its question, and whether it may be written at all on the writer and
        # the workshop: under the lock, as committed now - a reveal, a mode switched, the
        # question removed, the writer erased or the workshop archived may have committed
        # since they were looked up.
        reread_writer(actor, question)
        require_writing(actor, question)
        builds_on = None
        if data.get("builds_on_id"):
            parent, _q = get_idea(actor, data["builds_on_id"], "builds_on_id")
            if parent.hmw_id != question.id:
                raise Invalid.field("builds_on_id", _("That idea belongs to another question."))
            builds_on = parent.id
        last = db.session.scalar(select(func.max(Idea.position)).where(Idea.hmw_id ==
                                                                        question.id))
        idea = Idea(id=data["id"], workshop_id=actor.workshop.id, hmw_id=question.id,
                    member_id=author_id, entered_by_member_id=helper_id, text=data["text"],
                    persona_id=_persona(actor, data.get("persona_id")), builds_on_id=builds_on,
                    position=0 if last is None else last + 1,
                    moderation=moderation.on_arrival(actor, question))
        db.session.add(idea)
        record_by(actor, "idea", idea, type="idea.added")
    return idea


def _own(actor: Actor, idea: Idea, question: HowMightWe) -> None:
    if actor.is_facilitator:
        require_open(actor)
        return
    if idea.member_id is None or idea.member_id != actor.member_id:
        raise Forbidden(_("You can only change your own ideas."))
    require_writing(actor, question)


def edit_idea(actor: Actor, data: dict) -> Idea:
    with write_transaction():
        # Whether the author may still change it (waiting, returned or out) and what its
        # event shows are read under the lock: an approval committing meanwhile would
        # otherwise let a rewrite out unapproved, or a removal be undone by the edit.
        lock_workshop(actor.workshop.id)
        idea, question = get_idea(actor, data["idea_id"])
        _own(actor, idea, question)
        moderation.require_editable(actor, idea, moderation.idea_moderated(question))
        changed = False
        if data.get("text") and data["text"] != idea.text:
            idea.text = data["text"]
            changed = True
        if "persona_id" in data:
            persona_id = _persona(actor, data["persona_id"])
            if persona_id != idea.persona_id:
                idea.persona_id = persona_id
                changed = True
        # A returned idea sent again goes back to the queue, changed or not.
        if moderation.resend(actor, idea):
            record_by(actor, "idea", idea, type="idea.resent")
        elif changed:
            record_by(actor, "idea", idea, type="idea.edited")
    return idea


def delete_idea(actor: Actor, data: dict) -> Idea:
    idea_id = data["idea_id"]
    with write_transaction():
        lock_workshop(actor.workshop.id)  # the ideas that name it are listed next
        idea, question = get_idea(actor, idea_id)
        _own(actor, idea, question)
        for other in db.session.scalars(select(Idea).where(Idea.hmw_id == question.id, (
                Idea.duplicate_of_id == idea.id) | (Idea.builds_on_id == idea.id))):
            if other.duplicate_of_id == idea.id:
                other.duplicate_of_id = None
            if other.builds_on_id == idea.id:
                other.builds_on_id = None
            record_by(actor, "idea", other, type="idea.unlinked")
        if question.spotlight_idea_id == idea.id:
            question.spotlight_idea_id = None
            record_by(actor, "hmw", question, type="hmw.spotlight")
        _remove(actor, idea)
    return idea


def _remove(actor: Actor, idea: Idea) -> None:
    """Remove an idea with its +1s, and take it out of every list that holds it, each with
    its event."""
    for plus in db.session.scalars(select(IdeaPlus).where(IdeaPlus.idea_id == idea.id)):
        remove_by(actor, "plus", plus, type="idea.unplus")
    forget(actor, "idea", idea.id)
    remove_by(actor, "idea", idea, type="idea.deleted")


def set_plus(actor: Actor, data: dict) -> dict:
    """Give or take back a "+1". The answer carries only the count and my own mark - never
    the idea's author."""
    idea_id, on = data["idea_id"], data["on"]
    with write_transaction():
        idea, question = get_idea(actor, idea_id)
        require_writing(actor, question)
        if idea.member_id == actor.member_id:
            raise Invalid.field("idea_id", _("You can't +1 your own idea."))
        plus_id = pair_id(idea.id, actor.member_id)
        plus = db.session.get(IdeaPlus, plus_id)
        if (plus is not None) != on:
            if on:
                plus = IdeaPlus(id=plus_id, workshop_id=actor.workshop.id, idea_id=idea.id,
                                member_id=actor.member_id)
                db.session.add(plus)
                record_by(actor, "plus", plus, type="idea.plus")
            else:
                db.session.delete(plus)
                record_by(actor, "plus", plus, type="idea.unplus", op="delete")
            db.session.flush()
            idea.plus_count = db.session.scalar(
                select(func.count()).select_from(IdeaPlus).where(IdeaPlus.idea_id == idea.id))
            record_by(actor, "idea", idea, type="idea.plus_counted")
        return {"idea_id": idea.id, "on": on, "plus_count": idea.plus_count}


# -- grouping ---------------------------------------------------------------------------------


def _cluster(actor: Actor, cluster_id, field: str = "cluster_id") -> IdeaCluster:
    cluster = db.session.get(IdeaCluster, cluster_id) if isinstance(cluster_id, str) else None
    if cluster is None or cluster.workshop_id != actor.workshop.id:
        raise NotFound(_("No such group of ideas."), {field: [_("Unknown id.")]})
    return cluster


def _members(cluster_id: str) -> list[Idea]:
    return list(db.session.scalars(select(Idea).where(Idea.cluster_id == cluster_id)
                                   .order_by(Idea.position, Idea.created_at)))


def _put(actor: Actor, idea: Idea, cluster_id: str | None, type: str) -> None:
    if idea.cluster_id != cluster_id:
        idea.cluster_id = cluster_id
        record_by(actor, "idea", idea, type=type)


def save_cluster(actor: Actor, data: dict) -> IdeaCluster:
    """Create a group (optionally with ideas in it at once) or rename one."""
    with write_transaction():
        cluster = db.session.get(IdeaCluster, data["id"])
        if cluster is not None and cluster.workshop_id != actor.workshop.id:
            raise Invalid.field("id", _("That id is already in use; generate a new one."))
        if cluster is not None:
            require_grouping(actor, get_question(actor, cluster.hmw_id))
            if "name" in data and data["name"] != cluster.name:
                cluster.name = data["name"]
                record_by(actor, "idea_cluster", cluster, type="cluster.renamed")
            return cluster
        if not data.get("hmw_id"):
            raise Invalid.field("hmw_id", _("Say which question the group is for."))
        question = get_question(actor, data["hmw_id"])
        require_grouping(actor, question)
        ideas = []
        for idea_id in dict.fromkeys(data.get("idea_ids") or []):
            idea, _q = get_idea(actor, idea_id, "idea_ids")
            if idea.hmw_id != question.id:
                raise Invalid.field("idea_ids", _("That idea belongs to another question."))
            ideas.append(idea)
        last = db.session.scalar(select(func.max(IdeaCluster.position))
                                 .where(IdeaCluster.hmw_id == question.id))
        cluster = IdeaCluster(id=data["id"], workshop_id=actor.workshop.id, hmw_id=question.id,
                              name=data.get("name", ""),
                              position=0 if last is None else last + 1)
        db.session.add(cluster)
        record_by(actor, "idea_cluster", cluster, type="cluster.created")
        for idea in ideas:
            _put(actor, idea, cluster.id, "idea.grouped")
    return cluster


def delete_cluster(actor: Actor, data: dict) -> IdeaCluster:
    """Remove a group; its ideas stay, ungrouped."""
    cluster_id = data["cluster_id"]
    with write_transaction():
        # The group's ideas are listed under the lock: one moved in meanwhile would lose
        # its group to the database's SET NULL, with no event.
        lock_workshop(actor.workshop.id)
        cluster = _cluster(actor, cluster_id)
        require_grouping(actor, get_question(actor, cluster.hmw_id))
        for idea in _members(cluster.id):
            _put(actor, idea, None, "idea.ungrouped")
        _forget_cluster(actor, cluster)
        remove_by(actor, "idea_cluster", cluster, type="cluster.deleted")
    return cluster


def _forget_cluster(actor: Actor, cluster: IdeaCluster) -> None:
    """Concepts made from a removed or merged group keep their ideas, from no group."""
    from ..concepts.models import Concept

    for concept in db.session.scalars(select(Concept).where(Concept.cluster_id == cluster.id)):
        concept.cluster_id = None
        record_by(actor, "concept", concept, type="concept.group_removed")


def merge_clusters(actor: Actor, data: dict) -> IdeaCluster:
    """Move every idea of one group into another and remove the emptied group."""
    cluster_id, into_id = data["cluster_id"], data["into_id"]
    with write_transaction():
        lock_workshop(actor.workshop.id)  # as in delete_cluster
        source = _cluster(actor, cluster_id)
        target = _cluster(actor, into_id, "into_id")
        if source.id == target.id:
            raise Invalid.field("into_id", _("Choose another group to merge into."))
        if source.hmw_id != target.hmw_id:
            raise Invalid.field("into_id", _("Both groups must be under the same question."))
        require_grouping(actor, get_question(actor, target.hmw_id))
        for idea in _members(source.id):
            _put(actor, idea, target.id, "idea.grouped")
        _forget_cluster(actor, source)
        remove_by(actor, "idea_cluster", source, type="cluster.merged")
    return target


def move_idea(actor: Actor, data: dict) -> Idea:
    """Put an idea in a group (or out of every group), optionally at a position in it."""
    with write_transaction():
        idea, question = get_idea(actor, data["idea_id"])
        require_grouping(actor, question)
        cluster_id = data["cluster_id"]
        if cluster_id is not None:
            cluster = _cluster(actor, cluster_id)
            if cluster.hmw_id != question.id:
                raise Invalid.field("cluster_id", _("That group is under another question."))
        _put(actor, idea, cluster_id, "idea.grouped" if cluster_id else "idea.ungrouped")
        if "position" in data:
            siblings = list(db.session.scalars(
                select(Idea).where(Idea.hmw_id == question.id, Idea.cluster_id == cluster_id
                                   if cluster_id else Idea.cluster_id.is_(None))
                .order_by(Idea.position, Idea.created_at)))
            move_to(actor, "idea", siblings, idea, data["position"], "idea.moved")
    return idea


def mark_duplicate(actor: Actor, data: dict) -> Idea:
    idea_id, of_id = data["idea_id"], data["of_id"]
    with write_transaction():
        idea, question = get_idea(actor, idea_id)
        require_grouping(actor, question)
        if of_id is not None:
            original, _q = get_idea(actor, of_id, "of_id")
            if original.id == idea.id or original.hmw_id != idea.hmw_id:
                raise Invalid.field("of_id", _("Choose another idea under the same question."))
        if idea.duplicate_of_id != of_id:
            idea.duplicate_of_id = of_id
            record_by(actor, "idea", idea, type="idea.duplicate")
    return idea


# -- suggested groups -------------------------------------------------------------------------


def suggestions(actor: Actor, data: dict) -> list[dict]:
    """Groups of similar ungrouped ideas, for the facilitator to accept, edit or ignore.
    Computed on request; nothing is stored or sent to anyone else."""
    hmw_id = data["hmw_id"]
    from .suggest import PackageMissing, suggest_groups

    require_facilitator(actor)
    question = get_question(actor, hmw_id)
    ideas = [idea for idea in _ideas_of(question.id)
             if idea.cluster_id is None and idea.duplicate_of_id is None]
    try:
        return off_loop(suggest_groups, [(idea.id, idea.text) for idea in ideas],
                        language=actor.workshop.language)
    except PackageMissing as missing:
        raise SuggestionsUnavailable(_(
            "Suggested groups need the %(package)s package, which this server does not "
            "have. Install it (pip install \"paja[suggest]\", or run bin/setup) and restart "
            "the server.", package=str(missing))) from missing


class SuggestionsUnavailable(ServiceError):
    code = "unavailable"
    status = 503


def _question_removed(actor: Actor, question: HowMightWe) -> None:
    """A removed question takes its ideas and their groups with it, each with its event."""
    for idea in _ideas_of(question.id):
        _remove(actor, idea)
    for cluster in db.session.scalars(select(IdeaCluster).where(IdeaCluster.hmw_id ==
                                                                question.id)):
        _forget_cluster(actor, cluster)
        remove_by(actor, "idea_cluster", cluster, type="cluster.deleted")


# -- what names a persona ---------------------------------------------------------------------


def _persona_links(workshop_id: str, persona_id: str, actor: Actor):
    rows = db.session.execute(
        select(Idea, HowMightWe).join(HowMightWe, HowMightWe.id == Idea.hmw_id)
        .where(Idea.workshop_id == workshop_id, Idea.persona_id == persona_id)
        .order_by(HowMightWe.position, Idea.position)).all()
    return [("ideas", [{"id": idea.id, "hmw_id": idea.hmw_id, "text": idea.text}
                       for idea, question in rows if can_see(actor, idea, question)])]


personas.LINKS.append(_persona_links)
HMW_REMOVED.append(_question_removed)
