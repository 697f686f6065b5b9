"""Payloads for concept cards."""

from __future__ import annotations

from flask_babel import gettext as _
from marshmallow import ValidationError, fields, validate, validates_schema

from ..schemas import ClientId, PajaSchema, Text
from .models import STAGES, TEXTS


class ConceptSave(PajaSchema):
    id = ClientId(required=True)
    cluster_id = fields.String(metadata={
        "description": "When creating: the group of ideas the concept grows from."})
    idea_ids = fields.List(fields.String(), validate=validate.Length(max=200), metadata={
        "description": "When creating: the single idea (or ideas) it grows from."})
    hmw_id = fields.String(metadata={
        "description": "When creating from no idea: the question it answers."})
    name = Text(max_length=120)
    stage = fields.String(validate=validate.OneOf(STAGES))
    persona_ids = fields.List(fields.String(), validate=validate.Length(max=50))
    need = Text(max_length=2000, allow_empty=True)
    what = Text(max_length=2000, allow_empty=True)
    takes_people = Text(max_length=2000, allow_empty=True)
    takes_devices = Text(max_length=2000, allow_empty=True)
    takes_training = Text(max_length=2000, allow_empty=True)
    takes_digital = Text(max_length=2000, allow_empty=True)
    first_try = Text(max_length=2000, allow_empty=True)
    risks = Text(max_length=2000, allow_empty=True)

    assert set(TEXTS) <= set(locals())  # every card text has its field


class ConceptIdeas(PajaSchema):
    concept_id = fields.String(required=True)
    add = fields.List(fields.String(), validate=validate.Length(max=200), metadata={
        "description": "Ideas to put on the card (after those it has)."})
    remove = fields.List(fields.String(), validate=validate.Length(max=200), metadata={
        "description": "Ideas to take off the card; an id it does not have is ignored."})

    @validates_schema
    def something_to_change(self, data, **kwargs):
        if not data.get("add") and not data.get("remove"):
            raise ValidationError(_("Name the ideas to add or to remove."), "add")


class ConceptRef(PajaSchema):
    concept_id = fields.String(required=True)


ConceptOut = PajaSchema.from_dict({
    "id": fields.String(), "name": fields.String(), "stage": fields.String(),
    "hmw_id": fields.String(allow_none=True), "challenge_id": fields.String(allow_none=True),
    "cluster_id": fields.String(allow_none=True), "idea_ids": fields.List(fields.String()),
    "persona_ids": fields.List(fields.String()), "position": fields.Integer(),
    **{name: fields.String() for name in TEXTS},
    "created_at": fields.Float(), "rev": fields.Integer(),
}, name="ConceptOut")
