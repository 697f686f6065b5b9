"""A member's own data: everything Paja holds about one person in one workshop, for them to
read on their phone and take with them (JSON, and a readable HTML file in their language).

What is theirs is read off the entity views (:mod:`server.events.entities`), as every
export is: each row of every kind whose view for this member is the member themselves,
names them (a field ``member_id`` or ending so) or has them as its subject - so a kind a
feature adds later is in the file without anyone remembering to add it, and nothing is in
it that their own screen would not show them. Votes, which no entity carries one by one,
are read from their ballots.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ..access import Actor
from ..errors import Forbidden
from ..events.entities import ENTITIES, Viewer
from ..extensions import db
from ..formatting import format_day
from ..schemas import pick_language
from ..timeutil import epoch, utcnow

# Kinds that are the workshop's, not anyone's, though they may mention a member.
NOT_PERSONAL = {"workshop", "turnout", "reminder_settings"}


def _sections() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(kind, title, [(field, label)]) in the order a person reads them: who I am, what I
    wrote, what was written to me, how I am reached. A kind not named here is shown under
    "Other" with each of its texts."""
    return [
        ("member", _("Your details"), [("display_name", _("Name")),
                                       ("organisation", _("Organisation")),
                                       ("role", _("Role")), ("joined_at", _("Joined on"))]),
        ("introduction", _("Your introduction"), [("about", _("About you")),
                                                  ("hopes", _("Your hopes"))]),
        ("idea", _("Your ideas"), [("text", _("Idea")), ("question", _("Question"))]),
        ("hmw", _("Your questions"), [("text", _("Question"))]),
        ("challenge_note", _("Your notes on the challenge"), [("body", _("Note"))]),
        ("comment", _("Your comments"), [("body", _("Comment"))]),
        ("submission", _("Your task answers"), [("task", _("Task")), ("body", _("Answer")),
                                                ("answers", _("Survey answers"))]),
        ("review", _("Feedback to you"), [("task", _("Task")), ("feedback", _("Feedback")),
                                          ("completed", _("Marked done"))]),
        ("pilot_update", _("Your pilot updates"), [
            ("did", _("What we did")), ("learned", _("What we learned")),
            ("next_step", _("Next step")), ("blockers", _("Blockers")),
            ("help_needed", _("Help needed"))]),
        ("pilot_status", _("Your pilot status notes"), [("status", _("Status")),
                                                        ("note", _("Note"))]),
        ("pilot_member", _("Your pilot teams"), [("pilot", _("Pilot"))]),
        ("pilot", _("Pilots you are the contact for"), [("pilot", _("Pilot"))]),
        ("votes", _("Your votes"), [("round", _("Vote")), ("dots", _("Dots"))]),
        ("plus", _("Ideas you gave a +1"), [("idea", _("Idea"))]),
        ("rating", _("Your importance ratings"), [("value", _("Rating (1-5)"))]),
        ("persona_meet", _("Personas you meet in your work"), [("persona", _("Persona"))]),
        ("done", _("Phases you marked done"), [("done", _("Done"))]),
        ("notify_pref", _("How you get reminders"), [("channels", _("Channels")),
                                                     ("email", _("E-mail address")),
                                                     ("webhook_set", _("Webhook set"))]),
        ("notification", _("Reminders and notices to you"), [("text", _("Text")),
                                                             ("read", _("Read"))]),
    ]


def _names_me(kind, obj, shown: dict, me: str) -> bool:
    if kind.name == "member":
        return shown.get("id") == me
    return kind.subject_of(obj) == me or any(
        value == me for key, value in shown.items() if key.endswith("member_id"))


def own_entities(actor: Actor) -> dict[str, list[dict]]:
    """Every entity view this member gets that is about them, by kind."""
    me = actor.member_id
    viewer = Viewer(actor.role, me, export=True)
    found: dict[str, list[dict]] = {}
    for name, kind in ENTITIES.items():
        if name in NOT_PERSONAL:
            continue
        rows = db.session.scalars(kind.rows_for(actor.workshop.id, viewer)).all()
        items = []
        for obj in rows:
            shown = kind.view(obj, viewer)
            if shown is not None and _names_me(kind, obj, shown, me):
                items.append(shown)
        if items:
            found[name] = items
    return found


def _votes(actor: Actor) -> list[dict]:
    """This member's dots in each round that still knows whose ballot is whose (a closed
    anonymous round has forgotten, by design)."""
    from ..voting.models import Ballot, BallotDot, VoteRound
    from ..voting.service import _key

    votes = []
    for round_ in db.session.scalars(select(VoteRound).where(
            VoteRound.workshop_id == actor.workshop.id).order_by(VoteRound.position)):
        if round_.status == "draft" or (round_.anonymous and round_.secret is None):
            continue
        ballot = db.session.scalar(select(Ballot).where(
            Ballot.round_id == round_.id, Ballot.key == _key(round_, actor.member_id)))
        if ballot is None:
            continue
        dots = {row.item_id: row.count for row in db.session.scalars(
            select(BallotDot).where(BallotDot.ballot_id == ballot.id)) if row.count}
        votes.append({"id": ballot.id, "round_id": round_.id, "title": round_.title,
                      "target": round_.target, "dots": dots})
    return votes


def my_data(actor: Actor) -> dict:
    """Everything Paja holds about this member in the workshop: ``entities`` (each kind's
    views, as their own screen gets them) and ``sections``, the same readably in the
    request's language for the page and the HTML file."""
    if actor.member is None:
        raise Forbidden(_("Join the workshop first."))
    entities = own_entities(actor)
    votes = _votes(actor)
    if votes:
        entities["votes"] = votes
    return {
        "format": "paja-my-data", "version": 1,
        "workshop": actor.workshop.name, "made_at": epoch(utcnow()),
        "sections": _readable(actor, entities),
        "entities": entities,
    }


def _readable(actor: Actor, entities: dict[str, list[dict]]) -> list[dict]:
    """Each kind as a titled list of items, each item a list of labelled texts; what has
    no value is left out."""
    language = actor.workshop.language
    known = {kind for kind, _title, _fields in _sections()}
    names = _Names(actor, language)
    sections = []
    for kind, title, fields in _sections():
        items = [[{"label": label, "value": text}
                  for field, label in fields
                  if (text := names.text(kind, field, item))]
                 for item in entities.get(kind, [])]
        items = [item for item in items if item]
        if items:
            sections.append({"kind": kind, "title": title, "items": items})
    other = [[{"label": f"{kind}: {key}", "value": text}
              for key, value in item.items()
              if not (key == "id" or key.endswith(("_id", "_ids")) or key == "rev")
              and (text := names.plain(value))]
             for kind, items in entities.items() if kind not in known for item in items]
    other = [item for item in other if item]
    if other:
        sections.append({"kind": "other", "title": _("Other"), "items": other})
    return sections


class _Names:
    """The words an item's ids stand for (a question, a task, a pilot), looked up once."""

    def __init__(self, actor: Actor, language: str):
        from ..challenges.models import HowMightWe
        from ..concepts.models import Concept
        from ..ideas.models import Idea
        from ..personas.models import Persona
        from ..personas.service import persona_title
        from ..pilots.models import Pilot
        from ..sessions.models import WorkshopSession

        wid = actor.workshop.id
        self.language = language
        self.questions = {q.id: self._pick(q.text) for q in db.session.scalars(
            select(HowMightWe).where(HowMightWe.workshop_id == wid))}
        self.sessions = {s.id: s for s in db.session.scalars(
            select(WorkshopSession).where(WorkshopSession.workshop_id == wid))}
        concepts = {c.id: c.name for c in db.session.scalars(
            select(Concept).where(Concept.workshop_id == wid))}
        self.pilots = {p.id: concepts.get(p.concept_id, "") for p in db.session.scalars(
            select(Pilot).where(Pilot.workshop_id == wid))}
        self.personas = {p.id: persona_title(p, language) for p in db.session.scalars(
            select(Persona).where(Persona.workshop_id == wid))}
        self.ideas = {i.id: i.text for i in db.session.scalars(
            select(Idea).where(Idea.workshop_id == wid))}
        self.items = {**self.ideas, **concepts}

    def _pick(self, value) -> str:
        if isinstance(value, dict):
            return pick_language(value, self.language)[0]
        return value or ""

    def plain(self, value) -> str:
        if value is None or value == "" or value == [] or value == {}:
            return ""
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, dict):
            return self._pick(value) if all(isinstance(v, str) for v in value.values()) \
                else "; ".join(f"{k}: {self.plain(v)}" for k, v in value.items())
        if isinstance(value, list):
            return ", ".join(self.plain(v) for v in value)
        return str(value)

    def _task(self, session_id) -> tuple[str, dict]:
        session = self.sessions.get(session_id)
        task = (session.task or {}) if session else {}
        title = self._pick(task.get("title")) or (self._pick(session.title) if session else "")
        return title, {q["id"]: self._pick(q.get("text") or q.get("label") or q["id"])
                       for q in task.get("survey") or []}

    def text(self, kind: str, field: str, item: dict) -> str:
        if field == "joined_at":
            from datetime import UTC, datetime

            when = item.get(field)
            return format_day(datetime.fromtimestamp(when, UTC)) if when else ""
        if kind == "idea" and field == "question":
            return self.questions.get(item.get("hmw_id"), "")
        if field == "task":
            return self._task(item.get("session_id"))[0]
        if kind == "submission" and field == "answers":
            labels = self._task(item.get("session_id"))[1]
            return "; ".join(f"{labels.get(key, key)}: {self.plain(value)}"
                             for key, value in (item.get("answers") or {}).items())
        if field == "pilot":
            return self.pilots.get(item.get("pilot_id") or item.get("id"), "")
        if kind == "plus" and field == "idea":
            return self.ideas.get(item.get("idea_id"), "")
        if kind == "persona_meet" and field == "persona":
            return self.personas.get(item.get("persona_id"), "")
        if kind == "votes" and field == "round":
            return item.get("title") or ""
        if kind == "votes" and field == "dots":
            return "; ".join(f"{self.items.get(key, '–')}: {count}"
                             for key, count in item.get("dots", {}).items())
        if kind == "member" and field == "role":
            return {"facilitator": _("facilitator"), "participant": _("participant"),
                    "observer": _("observer")}.get(item.get("role"), "")
        return self.plain(item.get(field))
