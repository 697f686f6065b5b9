"""A workshop's persona and customer-profile cards: import, edit, order, spotlight, and who
meets people like them.

Every field is stored as ``{"fi": text, "en": text}``; list fields (goals, needs...) hold one
item per line, so a facilitator edits any field as text.
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..access import Actor, require_contributor, require_facilitator, require_open
from ..database import write_transaction
from ..errors import Invalid, NotFound
from ..events.entities import EntityKind, register
from ..events.service import record, record_by, remove_by
from ..extensions import db
from ..links import forget
from ..ordering import move_to
from ..schemas import CONTENT_LANGUAGES, new_id, pair_id
from ..timeutil import epoch
from .files import read_cards
from .library import load_library
from .models import FIELDS, TITLE_FIELD, Persona, PersonaMeet


def dump_persona(persona: Persona) -> dict:
    return {
        "id": persona.id,
        "kind": persona.kind,
        "position": persona.position,
        "library_key": persona.library_key,
        "fields": persona.fields,
        "spotlight": persona.spotlight,
        "created_at": epoch(persona.created_at),
        "rev": persona.rev,
    }


def dump_meet(meet: PersonaMeet) -> dict:
    return {"id": meet.id, "persona_id": meet.persona_id, "member_id": meet.member_id,
            "rev": meet.rev}


register(EntityKind(
    name="persona", resendable=True,
    full=dump_persona,
    rows=lambda wid: select(Persona).where(Persona.workshop_id == wid)
    .order_by(Persona.position, Persona.created_at),
))
# Facilitators see every mark (the count); a participant sees only their own.
register(EntityKind(
    name="persona_meet",
    full=dump_meet,
    public=lambda meet: None,
    subject=lambda meet: meet.member_id,
    rows=lambda wid: select(PersonaMeet).where(PersonaMeet.workshop_id == wid),
))


def _text(value) -> str:
    return "\n".join(value) if isinstance(value, list) else str(value)


def fields_from_card(kind: str, data: dict) -> dict:
    """A library card's data as a workshop card's fields."""
    out = {}
    for name in FIELDS[kind]:
        value = data[name]
        if isinstance(value, dict):
            out[name] = {lang: _text(value.get(lang, "")) for lang in CONTENT_LANGUAGES}
        else:  # name and age range are the same in every language
            out[name] = {lang: _text(value) for lang in CONTENT_LANGUAGES}
    return out


def persona_title(persona: Persona, language: str = "fi") -> str:
    text = persona.fields.get(TITLE_FIELD[persona.kind]) or {}
    return text.get(language) or text.get("fi") or text.get("en") or ""


def get_persona(actor: Actor, persona_id: str) -> Persona:
    persona = db.session.get(Persona, persona_id) if isinstance(persona_id, str) else None
    if persona is None or persona.workshop_id != actor.workshop.id:
        raise NotFound(_("No such persona in this workshop."),
                       {"persona_id": [_("Unknown id.")]})
    return persona


def _personas(workshop_id: str) -> list[Persona]:
    return list(db.session.scalars(
        select(Persona).where(Persona.workshop_id == workshop_id)
        .order_by(Persona.position, Persona.created_at)))


def _next_position(workshop_id: str) -> int:
    last = db.session.scalar(select(func.max(Persona.position))
                             .where(Persona.workshop_id == workshop_id))
    return 0 if last is None else last + 1


def _add_card(actor: Actor | None, workshop_id: str, card_id: str, kind: str, fields: dict,
              position: int, *, library_key: str | None = None,
              type: str = "persona.created") -> Persona:
    """A new card, with its event: the one way a card is made (by hand, from the library,
    from a file), so that everyone sees it arrive alike."""
    persona = Persona(id=card_id, workshop_id=workshop_id, kind=kind, position=position,
                      library_key=library_key, fields=fields)
    db.session.add(persona)
    record(workshop_id, "persona", persona, type=type,
           actor_member_id=actor.member_id if actor else None)
    return persona


def _batch_ids(workshop_id: str, batch_id: str | None, parts: list[str]) -> list[str]:
    """The ids of the cards one import makes: derived from the import's own id, so that the
    same import sent again finds the cards it made instead of making them twice."""
    if batch_id is None:
        return [new_id() for _ in parts]
    return [pair_id(workshop_id, batch_id, part) for part in parts]


def _already_made(workshop_id: str, ids: list[str]) -> list[Persona] | None:
    """The cards of an import that was sent before (its first card exists), else None."""
    if not ids:
        return None
    first = db.session.get(Persona, ids[0])
    if first is None:
        return None
    if first.workshop_id != workshop_id:
        raise Invalid.field("id", _("That id is already in use; generate a new one."))
    return [p for p in (db.session.get(Persona, i) for i in ids)
            if p is not None and p.workshop_id == workshop_id]


def library_keys_in(workshop_id: str) -> set[str]:
    """The library cards the workshop has a card from (a copy counts, however edited)."""
    return set(db.session.scalars(select(Persona.library_key).where(
        Persona.workshop_id == workshop_id, Persona.library_key.is_not(None))))


def import_cards(actor: Actor | None, data: dict, *,
                 workshop_id: str | None = None) -> list[Persona]:
    """Copy the library cards ``data["keys"]`` into the workshop.

    A key the workshop already has a card from (its template brought it, say) is a
    duplicate: ``data["duplicates"]`` says what to do with those - ``"skip"`` them or add a
    ``"copy"`` anyway -, and when duplicates exist and it says neither, nothing is imported
    and the error names them. With ``data["id"]`` (the import's own UUID) sending the same
    import again makes nothing twice. A new workshop's template imports its cards with no
    actor, into ``workshop_id``.
    """
    keys = list(dict.fromkeys(data["keys"]))
    duplicates = data.get("duplicates")
    if actor is not None:
        require_facilitator(actor)
        require_open(actor)
        workshop_id = actor.workshop.id
    library = load_library()
    unknown = [key for key in keys if key not in library]
    if unknown:
        raise Invalid.field("keys", _("No library card is called %(keys)s. Choose from: "
                                      "%(known)s.", keys=", ".join(unknown),
                                      known=", ".join(sorted(library))))
    ids = _batch_ids(workshop_id, data.get("id"), keys)
    imported = []
    with write_transaction():
        again = _already_made(workshop_id, ids)
        if again is not None:
            return again
        have = library_keys_in(workshop_id)
        twice = [key for key in keys if key in have]
        if twice and duplicates is None:
            language = actor.workshop.language if actor else "fi"
            names = ", ".join(library[key].title(language) for key in twice)
            message = _("Already in the workshop: %(names)s. Send duplicates: \"skip\" to "
                        "leave those out, or duplicates: \"copy\" to add a copy anyway.",
                        names=names)
            raise Invalid(message, {"duplicates": [message]})
        position = _next_position(workshop_id)
        for key, card_id in zip(keys, ids, strict=True):
            if key in have and duplicates != "copy":
                continue
            card = library[key]
            imported.append(_add_card(actor, workshop_id, card_id, card.kind,
                                      fields_from_card(card.kind, card.data), position,
                                      library_key=key, type="persona.imported"))
            position += 1
    return imported


def import_file(actor: Actor, data: dict) -> list[Persona]:
    """Make the cards of a facilitator's own YAML or CSV file (``data["file"]``, in the
    format ``data["format"]``; see :mod:`server.personas.files`): every card, or - when any
    line has a problem - none, with every problem named by its line.

    ``data["id"]`` is the import's own UUID: the same import sent again makes nothing twice.
    """
    require_facilitator(actor)
    require_open(actor)
    workshop_id = actor.workshop.id
    cards = read_cards(data["format"], data["file"], actor.workshop.language or "fi")
    ids = _batch_ids(workshop_id, data["id"], [str(n) for n in range(len(cards))])
    with write_transaction():
        again = _already_made(workshop_id, ids)
        if again is not None:
            return again
        position = _next_position(workshop_id)
        made = []
        for offset, (card, card_id) in enumerate(zip(cards, ids, strict=True)):
            made.append(_add_card(actor, workshop_id, card_id, card.kind, card.fields,
                                  position + offset))
    return made


def save_persona(actor: Actor, data: dict) -> Persona:
    """Create a card (new id, with ``kind``) or change fields of one (known id).

    Only the languages sent change; a card's name (or a profile's segment) cannot be
    emptied in both languages.
    """
    require_facilitator(actor)
    require_open(actor)
    with write_transaction():
        persona = db.session.get(Persona, data["id"])
        if persona is not None and persona.workshop_id != actor.workshop.id:
            raise Invalid.field("id", _("That id is already in use; generate a new one."))
        creating = persona is None
        if creating:
            if not data.get("kind"):
                raise Invalid.field("kind", _("Choose persona or profile for a new card."))
            persona = Persona(id=data["id"], workshop_id=actor.workshop.id, kind=data["kind"],
                              position=_next_position(actor.workshop.id), fields={})
        elif data.get("kind") and data["kind"] != persona.kind:
            raise Invalid.field("kind", _("A card's kind cannot change."))
        allowed = FIELDS[persona.kind]
        wrong = sorted(set(data["fields"]) - set(allowed))
        if wrong:
            raise Invalid.field("fields", _("A %(kind)s card has no field %(names)s.",
                                            kind=persona.kind, names=", ".join(wrong)))
        merged = {name: dict(value) for name, value in (persona.fields or {}).items()}
        for name, text in data["fields"].items():
            merged.setdefault(name, {"fi": "", "en": ""}).update(text)
        title = merged.get(TITLE_FIELD[persona.kind]) or {}
        if not any(title.values()):
            field = TITLE_FIELD[persona.kind]
            raise Invalid(_("Give the card a %(field)s.", field=_("name") if field == "name"
                            else _("segment")),
                          {"fields": {field: [_("Write this; it cannot be empty.")]}})
        if creating:
            return _add_card(actor, actor.workshop.id, persona.id, persona.kind, merged,
                             persona.position)
        persona.fields = merged
        record(actor.workshop.id, "persona", persona, type="persona.updated",
               actor_member_id=actor.member_id)
    return persona


def delete_persona(actor: Actor, data: dict) -> Persona:
    """Remove a card. Whatever named it (challenges, questions, ideas, concepts, pilots)
    simply stops naming it, each with its event."""
    persona_id = data["persona_id"]
    require_facilitator(actor)
    require_open(actor)
    with write_transaction():
        persona = get_persona(actor, persona_id)
        forget(actor, "persona", persona.id)
        for mark in db.session.scalars(select(PersonaMeet).where(
                PersonaMeet.persona_id == persona.id)):
            remove_by(actor, "persona_meet", mark, type="persona.unmet")
        from ..comments.service import remove_on

        remove_on(actor, "persona", persona.id)
        remove_by(actor, "persona", persona, type="persona.deleted")
    return persona


def move_persona(actor: Actor, data: dict) -> Persona:
    """Put a card at ``position`` (0 = first); the others close up around it."""
    persona_id, position = data["persona_id"], data["position"]
    require_facilitator(actor)
    require_open(actor)
    with write_transaction():
        persona = get_persona(actor, persona_id)
        move_to(actor, "persona", _personas(actor.workshop.id), persona, position,
                "persona.moved")
    return persona


def spotlight(actor: Actor, data: dict) -> Persona | None:
    """Show one card on the projector (and on phones that follow it), or none."""
    persona_id = data["persona_id"]
    require_facilitator(actor)
    with write_transaction():
        chosen = get_persona(actor, persona_id) if persona_id else None
        for card in _personas(actor.workshop.id):
            want = card is chosen
            if card.spotlight != want:
                card.spotlight = want
                record_by(actor, "persona", card, type="persona.spotlight")
    return chosen


def set_meets(actor: Actor, data: dict) -> dict:
    """Mark or unmark "I meet people like this". Setting it twice changes nothing."""
    persona_id, meets = data["persona_id"], data["meets"]
    require_contributor(actor)
    require_open(actor)
    if actor.member is None:
        raise Invalid.field("persona_id", _("Join the workshop first."))
    with write_transaction():
        persona = get_persona(actor, persona_id)
        mark_id = pair_id(persona.id, actor.member_id)
        mark = db.session.get(PersonaMeet, mark_id)
        if meets and mark is None:
            mark = PersonaMeet(id=mark_id, workshop_id=actor.workshop.id,
                               persona_id=persona.id, member_id=actor.member_id)
            db.session.add(mark)
            record_by(actor, "persona_meet", mark, type="persona.meet")
        elif not meets and mark is not None:
            db.session.delete(mark)
            record_by(actor, "persona_meet", mark, type="persona.unmeet", op="delete")
        count = meet_count(persona.id)
    return {"persona_id": persona.id, "meets": meets, "count": count}


def meet_count(persona_id: str) -> int:
    return db.session.scalar(select(func.count()).select_from(PersonaMeet)
                             .where(PersonaMeet.persona_id == persona_id))


# -- what the workshop has done for a persona ------------------------------------------------

# Each feature that can name personas adds a function here: (workshop_id, persona_id, actor)
# -> [(key, [items])], listing only what ``actor`` may see. The persona page lists them all.
LINKS: list[Callable[[str, str, Actor], list[tuple[str, list[dict]]]]] = []


def persona_view(actor: Actor, persona_id: str) -> dict:
    persona = get_persona(actor, persona_id)
    view = dump_persona(persona)
    view["links"] = dict(pair for link in LINKS
                         for pair in link(actor.workshop.id, persona.id, actor))
    if actor.is_facilitator:
        view["meet_count"] = meet_count(persona.id)
    return view


def _comment_target(actor: Actor, persona_id: str) -> Persona:
    return get_persona(actor, persona_id)


def _register_comments() -> None:
    from ..comments.service import TARGETS

    TARGETS["persona"] = _comment_target


_register_comments()
