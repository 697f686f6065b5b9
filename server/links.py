"""The lists that link one thing to others: the personas a challenge, question, concept or
pilot is for, the ideas a concept grew from, what a vote round puts on its ballot.

Each list is a link table of (parent, target, position) rows with foreign keys both ways;
dumps and archives show it as the parent's ordered id list (``persona_ids``, ``idea_ids``,
``item_ids``), read from the parent's relationship. Writes go through :func:`set_links`.

A client learns of a change only from an event, so a thing that is removed first leaves
every list that names it through :func:`forget`, which records an event for each parent
whose list changed. The database's ``ON DELETE CASCADE`` on the link tables is only a
safety net for rows removed some other way.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from .challenges.models import Challenge, ChallengePersona, HmwPersona, HowMightWe
from .concepts.models import Concept, ConceptIdea, ConceptPersona
from .events.service import record_by
from .extensions import db
from .ideas.models import Idea
from .pilots.models import Pilot, PilotPersona
from .voting.models import VoteRound, VoteRoundConcept, VoteRoundIdea


@dataclass(frozen=True)
class LinkList:
    """One kind of list: which parent holds it, in which link table.

    :param parent: the parent's model; ``entity`` is its kind for events.
    :param field: the list's name in dumps and archives.
    :param collection: the parent's relationship to its link rows.
    :param model: the link table's model, with ``keys`` (parent column, target column).
    :param target: the table the listed ids point into.
    :param removed: the type of the parent's event when a target is removed.
    :param only_if: (column, value): the list is the parent's only when its column has
        that value (a vote round's ballot is its concepts or its ideas, as its target says).
    """

    parent: type
    entity: str
    field: str
    collection: str
    model: type
    keys: tuple[str, str]
    target: str
    removed: str
    only_if: tuple[str, str] | None = None

    def holds(self, parent) -> bool:
        """Whether this is ``parent``'s list (a model instance or an archive row)."""
        if self.only_if is None:
            return True
        column, value = self.only_if
        found = parent.get(column) if isinstance(parent, dict) else getattr(parent, column)
        return found == value


LISTS = (
    LinkList(Challenge, "challenge", "persona_ids", "persona_links", ChallengePersona,
             ("challenge_id", "persona_id"), "persona", "challenge.persona_removed"),
    LinkList(HowMightWe, "hmw", "persona_ids", "persona_links", HmwPersona,
             ("hmw_id", "persona_id"), "persona", "hmw.persona_removed"),
    LinkList(Concept, "concept", "idea_ids", "idea_links", ConceptIdea,
             ("concept_id", "idea_id"), "idea", "concept.idea_removed"),
    LinkList(Concept, "concept", "persona_ids", "persona_links", ConceptPersona,
             ("concept_id", "persona_id"), "persona", "concept.persona_removed"),
    LinkList(Pilot, "pilot", "persona_ids", "persona_links", PilotPersona,
             ("pilot_id", "persona_id"), "persona", "pilot.persona_removed"),
    LinkList(VoteRound, "vote_round", "item_ids", "concept_links", VoteRoundConcept,
             ("round_id", "concept_id"), "concept", "vote.item_removed",
             only_if=("target", "concepts")),
    LinkList(VoteRound, "vote_round", "item_ids", "idea_links", VoteRoundIdea,
             ("round_id", "idea_id"), "idea", "vote.item_removed", only_if=("target", "ideas")),
)

# Single columns that name a target (an idea's persona): cleared, with the holder's event,
# when the target is removed. (model, column, entity, target, event type)
REFERENCES = (
    (Idea, "persona_id", "idea", "persona", "idea.persona_removed"),
)


def lists_of(table: str) -> list[LinkList]:
    """The kinds of list a table's rows hold (by table name, as archives name them)."""
    return [links for links in LISTS if links.parent.__tablename__ == table]


def _list(parent, field: str) -> LinkList:
    for links in LISTS:
        if isinstance(parent, links.parent) and links.field == field and links.holds(parent):
            return links
    raise LookupError(f"{type(parent).__name__} has no list {field}")


def set_links(parent, field: str, ids: list[str]) -> bool:
    """Make ``parent``'s list ``field`` exactly ``ids``, in that order (the caller has
    checked that they exist in the workshop). True if the list changed; recording the
    parent's event is the caller's, with the rest of its change."""
    links = _list(parent, field)
    target_key = links.keys[1]
    ids = list(dict.fromkeys(ids))
    rows = getattr(parent, links.collection)
    if [getattr(row, target_key) for row in rows] == ids:
        return False
    have = {getattr(row, target_key): row for row in rows}
    wanted = []
    for position, target_id in enumerate(ids):
        row = have.get(target_id) or links.model(**{target_key: target_id})
        row.position = position
        wanted.append(row)
    setattr(parent, links.collection, wanted)  # rows left out are deleted (delete-orphan)
    return True


def forget(actor, target: str, target_id: str) -> None:
    """Take ``target_id`` (a row of table ``target`` that is being removed) out of every
    list and reference that names it, with an event for each parent that changed."""
    for links in LISTS:
        if links.target != target:
            continue
        parent_key, target_key = links.keys
        rows = db.session.scalars(select(links.model).where(
            getattr(links.model, target_key) == target_id)).all()
        for row in rows:
            parent = db.session.get(links.parent, getattr(row, parent_key))
            getattr(parent, links.collection).remove(row)
            record_by(actor, links.entity, parent, type=links.removed)
    for model, column, entity, kind, removed in REFERENCES:
        if kind != target:
            continue
        for holder in db.session.scalars(select(model).where(
                getattr(model, column) == target_id)).all():
            setattr(holder, column, None)
            record_by(actor, entity, holder, type=removed)
