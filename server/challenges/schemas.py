from __future__ import annotations

from marshmallow import fields, validate

from ..participation.schemas import entered_by, on_behalf_of
from ..schemas import ClientId, LanguageMap, PajaSchema, Text
from .models import QUESTIONS

PersonaIds = lambda: fields.List(fields.String(), validate=validate.Length(max=50))  # noqa: E731


class ChallengeUpdate(PajaSchema):
    challenge_id = fields.String(required=True)
    statement = Text(max_length=1000, allow_empty=True)
    base_rev = fields.Integer(validate=validate.Range(min=0), metadata={
        "description": "The challenge's rev the statement was written against; an older one "
        "than the current gets 409 with the current statement."})
    persona_ids = PersonaIds()


class NoteAdd(PajaSchema):
    id = ClientId(required=True)
    challenge_id = fields.String(required=True)
    question = fields.String(required=True, validate=validate.OneOf(QUESTIONS))
    body = Text(max_length=500, required=True)
    on_behalf_of = on_behalf_of()


class NoteEdit(PajaSchema):
    note_id = fields.String(required=True)
    body = Text(max_length=500, required=True)


class NoteRef(PajaSchema):
    note_id = fields.String(required=True)


class RatingSet(PajaSchema):
    challenge_id = fields.String(required=True)
    value = fields.Integer(required=True, strict=True, validate=validate.Range(1, 5, error=(
        "Rate from 1 to 5.")))


class HmwSave(PajaSchema):
    id = ClientId(required=True)
    challenge_id = fields.String(metadata={
        "description": "When creating: the challenge (and so the group) the question is for. "
                       "A facilitator leaves it out for a question of the whole workshop."})
    # A facilitator may write the question for readers of several languages; a participant's
    # is a string, in the language of their page. Languages left out keep their text.
    text = LanguageMap(max_length=300)
    persona_ids = PersonaIds()


class HmwRef(PajaSchema):
    hmw_id = fields.String(required=True)


class HmwMove(HmwRef):
    position = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))


class ImportanceOut(PajaSchema):
    counts = fields.List(fields.Integer(), metadata={"description": "Ratings 1 to 5: how many "
                                                     "gave each."})
    total = fields.Integer()
    mean = fields.Float(allow_none=True)


class ChallengeOut(PajaSchema):
    id = fields.String()
    group_id = fields.String(allow_none=True)
    statement = fields.String()
    persona_ids = fields.List(fields.String())
    importance = fields.Nested(ImportanceOut)
    created_at = fields.Float()
    rev = fields.Integer()


class NoteOut(PajaSchema):
    id = fields.String()
    challenge_id = fields.String()
    question = fields.String()
    body = fields.String()
    member_id = fields.String()
    moderation = fields.String(allow_none=True, metadata={
        "description": "null: out for everyone; pending: waiting for a facilitator; "
                       "returned: back with its author, with moderation_note."})
    moderation_note = fields.String(allow_none=True)
    entered_by_member_id = entered_by()
    original_body = fields.String(allow_none=True, metadata={
        "description": "The author's own words, if a facilitator edited them; the author's "
                       "and the facilitators' only."})
    created_at = fields.Float()
    rev = fields.Integer()


class HmwOut(PajaSchema):
    id = fields.String()
    challenge_id = fields.String()
    text = fields.Dict(keys=fields.String(), values=fields.String(), metadata={
        "description": "The question by language code, in the languages it is written in."})
    persona_ids = fields.List(fields.String())
    position = fields.Integer()
    member_id = fields.String(allow_none=True)
    silent = fields.Boolean()
    anonymous = fields.Boolean()
    revealed = fields.Boolean()
    locked = fields.Boolean()
    live = fields.Boolean()
    grouping_open = fields.Boolean()
    moderated = fields.Boolean(metadata={
        "description": "New ideas wait for a facilitator's approval."})
    spotlight_idea_id = fields.String(allow_none=True)
    created_at = fields.Float()
    rev = fields.Integer()
