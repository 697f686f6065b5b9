"""Concept cards: made from a group of ideas, from ideas picked under any questions of the
workshop, or from scratch; edited by the facilitators (and by participants where the
facilitator has opened the grouping of every question the card draws on); commented on by
everyone between sessions.

A card keeps the ids of its source ideas, question, challenge and personas; editing the card
never touches them unless the edit names new personas. Its ``hmw_id`` is the question it
answers first: the first idea's question (or the one chosen for a card made from scratch).
The other questions its ideas came from are read off the ideas themselves, so no list can
go stale when an idea is removed. The card carries no author, so in an anonymous question
it cannot point anyone at who wrote its ideas.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..access import Actor, require_contributor, require_facilitator, require_open
from ..challenges.models import HowMightWe
from ..challenges.service import HMW_REMOVED, _check_personas
from ..database import lock_workshop, write_transaction
from ..errors import Forbidden, Invalid, NotFound
from ..events.entities import EntityKind, register
from ..events.service import record_by, remove_by
from ..extensions import db
from ..ideas import service as ideas
from ..ideas.models import Idea, IdeaCluster
from ..links import forget, set_links
from ..personas import service as personas
from ..timeutil import epoch
from .models import TEXTS, Concept, ConceptPersona


def dump_concept(concept: Concept) -> dict:
    texts = concept.texts or {}
    return {"id": concept.id, "name": concept.name, "stage": concept.stage,
            "hmw_id": concept.hmw_id, "challenge_id": concept.challenge_id,
            "cluster_id": concept.cluster_id, "idea_ids": concept.idea_ids,
            "persona_ids": concept.persona_ids, "position": concept.position,
            **{name: texts.get(name, "") for name in TEXTS},
            "created_at": epoch(concept.created_at), "rev": concept.rev}


register(EntityKind(name="concept", resendable=True, full=dump_concept,
                    rows=lambda wid: select(Concept).where(
    Concept.workshop_id == wid).order_by(Concept.position, Concept.created_at)))


def get_concept(actor: Actor, concept_id) -> Concept:
    concept = db.session.get(Concept, concept_id) if isinstance(concept_id, str) else None
    if concept is None or concept.workshop_id != actor.workshop.id:
        raise NotFound(_("No such concept."), {"concept_id": [_("Unknown id.")]})
    return concept


def require_shaping(actor: Actor, questions: list[HowMightWe]) -> None:
    """Concepts are the facilitator's, unless the grouping of every question the card draws
    on is open: a participant may not reshape ideas of a question the facilitator keeps."""
    require_contributor(actor)
    require_open(actor)
    if actor.is_facilitator:
        return
    if not questions or not all(question.grouping_open for question in questions):
        raise Forbidden(_("Only the facilitators make and edit these concepts."))


def questions_of(concept: Concept) -> list[HowMightWe]:
    """The questions a card draws on: the one it answers first, then its ideas' others."""
    ids = [concept.hmw_id] if concept.hmw_id else []
    if concept.idea_ids:
        by_idea = dict(db.session.execute(
            select(Idea.id, Idea.hmw_id).where(Idea.id.in_(concept.idea_ids))).all())
        ids += [by_idea[idea_id] for idea_id in concept.idea_ids if idea_id in by_idea]
    return [question for question_id in dict.fromkeys(ids)
            if (question := db.session.get(HowMightWe, question_id)) is not None]


def _sources(actor: Actor, data: dict) -> tuple[list[HowMightWe], IdeaCluster | None,
                                                list[Idea]]:
    """What a new card grows from: its questions (the one it answers first, first), its
    group of ideas if any, and its ideas. Ideas may come from any questions of the workshop:
    a concept often joins answers to several of them."""
    cluster = None
    if data.get("cluster_id"):
        cluster = db.session.get(IdeaCluster, data["cluster_id"])
        if cluster is None or cluster.workshop_id != actor.workshop.id:
            raise Invalid.field("cluster_id", _("No such group of ideas."))
        found = list(db.session.scalars(select(Idea).where(Idea.cluster_id == cluster.id)
                                        .order_by(Idea.position, Idea.created_at)))
        questions = [db.session.get(HowMightWe, cluster.hmw_id)]
    else:
        picked = [ideas.get_idea(actor, idea_id, "idea_ids")
                  for idea_id in dict.fromkeys(data.get("idea_ids") or [])]
        found = [idea for idea, _question in picked]
        questions = list({question.id: question for _idea, question in picked}.values())
        if not questions and data.get("hmw_id"):
            questions = [ideas.get_question(actor, data["hmw_id"])]
    questions = [question for question in questions if question is not None]
    if not actor.is_facilitator and any(question.hides_ideas for question in questions):
        raise Forbidden(_("The ideas are not revealed yet."))
    return questions, cluster, found


def save_concept(actor: Actor, data: dict) -> Concept:
    """Make a concept card (from a group, from ideas, or from nothing) or edit one."""
    with write_transaction():
        concept = db.session.get(Concept, data["id"])
        if concept is not None and concept.workshop_id != actor.workshop.id:
            raise Invalid.field("id", _("That id is already in use; generate a new one."))
        if concept is None:
            questions, cluster, found = _sources(actor, data)
            require_shaping(actor, questions)
            question = questions[0] if questions else None
            name = data.get("name") or (cluster.name if cluster is not None else "") or (
                found[0].text[:120] if found else "")
            if not name:
                raise Invalid.field("name", _("Give the concept a name."))
            persona_ids = (_check_personas(actor, data["persona_ids"]) if "persona_ids" in data
                           else list(dict.fromkeys(
                               [*(pid for q in questions for pid in q.persona_ids),
                                *(idea.persona_id for idea in found if idea.persona_id)])))
            last = db.session.scalar(select(func.max(Concept.position))
                                     .where(Concept.workshop_id == actor.workshop.id))
            concept = Concept(
                id=data["id"], workshop_id=actor.workshop.id, name=name,
                hmw_id=question.id if question else None,
                challenge_id=question.challenge_id if question else None,
                cluster_id=cluster.id if cluster else None,
                texts={key: data.get(key, "") for key in TEXTS},
                stage=data.get("stage", "draft"), position=0 if last is None else last + 1)
            set_links(concept, "idea_ids", [idea.id for idea in found])
            set_links(concept, "persona_ids", persona_ids)
            db.session.add(concept)
            record_by(actor, "concept", concept, type="concept.created")
            return concept
        require_shaping(actor, questions_of(concept))
        changed = False
        for key in ("name", "stage"):
            if data.get(key) and data[key] != getattr(concept, key):
                setattr(concept, key, data[key])
                changed = True
        texts = dict(concept.texts or {})
        for key in TEXTS:
            if key in data and data[key] != texts.get(key, ""):
                texts[key] = data[key]
                changed = True
        concept.texts = texts
        if "persona_ids" in data and set_links(
                concept, "persona_ids", _check_personas(actor, data["persona_ids"])):
            changed = True
        if changed:
            record_by(actor, "concept", concept, type="concept.updated")
    return concept


def link_ideas(actor: Actor, data: dict) -> Concept:
    """Put ideas on a card, or take them off, as the room's grouping goes on after the card
    was made. Each id is added or removed on its own (an id already there, or not there,
    changes nothing), so two people changing one card at once both keep their change; the
    list is read under the workshop's lock for the same reason."""
    with write_transaction():
        lock_workshop(actor.workshop.id)
        concept = get_concept(actor, data["concept_id"])
        adding = [ideas.get_idea(actor, idea_id, "add")
                  for idea_id in dict.fromkeys(data.get("add") or [])]
        require_shaping(actor, list({question.id: question for question in
                                     [*questions_of(concept),
                                      *(question for _idea, question in adding)]}.values()))
        if not actor.is_facilitator and any(question.hides_ideas
                                            for _idea, question in adding):
            raise Forbidden(_("The ideas are not revealed yet."))
        removing = set(data.get("remove") or [])
        ids = [idea_id for idea_id in concept.idea_ids if idea_id not in removing]
        ids += [idea.id for idea, _question in adding
                if idea.id not in ids and idea.id not in removing]
        if set_links(concept, "idea_ids", ids):
            if concept.hmw_id is None and adding:
                # A card made from scratch answers the first question its ideas bring.
                concept.hmw_id = adding[0][1].id
                concept.challenge_id = adding[0][1].challenge_id
            record_by(actor, "concept", concept, type="concept.updated")
    return concept


def delete_concept(actor: Actor, data: dict) -> Concept:
    concept_id = data["concept_id"]
    require_facilitator(actor)
    require_open(actor)
    with write_transaction():
        # Locked before its pilot and thread are listed: a comment or update committed
        # meanwhile goes with the card instead of staying on every screen.
        lock_workshop(actor.workshop.id)
        concept = get_concept(actor, concept_id)
        # Its pilot (team, log, measures) and discussion go with it, each with its event.
        from ..comments.service import remove_on
        from ..pilots.service import remove_pilot_of

        remove_pilot_of(actor, concept)
        forget(actor, "concept", concept.id)
        remove_on(actor, "concept", concept.id)
        remove_by(actor, "concept", concept, type="concept.deleted")
    return concept



# -- links from elsewhere ---------------------------------------------------------------------


def _forget_question(actor: Actor, question: HowMightWe) -> None:
    """A card that answered the removed question first now answers the next question its
    ideas came from (and that question's challenge), or none."""
    for concept in db.session.scalars(select(Concept).where(Concept.hmw_id == question.id)):
        others = [other for other in questions_of(concept) if other.id != question.id]
        concept.hmw_id = others[0].id if others else None
        if others:
            concept.challenge_id = others[0].challenge_id
        record_by(actor, "concept", concept, type="concept.question_removed")


def _persona_links(workshop_id: str, persona_id: str, actor: Actor):
    return [("concepts", [
        {"id": c.id, "name": c.name, "stage": c.stage}
        for c in db.session.scalars(
            select(Concept).join(ConceptPersona)
            .where(Concept.workshop_id == workshop_id, ConceptPersona.persona_id == persona_id)
            .order_by(Concept.position, Concept.created_at))])]


def _comment_target(actor: Actor, concept_id: str) -> Concept:
    return get_concept(actor, concept_id)


def _register() -> None:
    from ..comments.service import TARGETS

    TARGETS["concept"] = _comment_target
    HMW_REMOVED.append(_forget_question)
    personas.LINKS.append(_persona_links)


_register()
