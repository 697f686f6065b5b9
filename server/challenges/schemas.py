from __future__ import annotations

from marshmallow import fields, validate

from ..schemas import ClientId, PajaSchema, Text
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
    challenge_id = fields.String(metadata={"description": "Needed when creating."})
    text = Text(max_length=300)
    persona_ids = PersonaIds()


class HmwRef(PajaSchema):
    hmw_id = fields.String(required=True)


class HmwMove(HmwRef):
    position = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))
