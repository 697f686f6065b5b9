"""Payloads for a workshop's personas and customer profiles."""

from __future__ import annotations

from flask_babel import gettext as _
from marshmallow import ValidationError, fields, validate, validates_schema

from ..schemas import ClientId, PajaSchema, Text
from .files import FORMATS, MAX_FILE_BYTES
from .models import FIELDS, KINDS

DUPLICATES = ("skip", "copy")

ALL_FIELDS = sorted({name for names in FIELDS.values() for name in names})


class FieldText(PajaSchema):
    """One card field in some of the content languages; a language left out keeps its text."""

    fi = Text(max_length=2000, allow_empty=True)
    sv = Text(max_length=2000, allow_empty=True)
    en = Text(max_length=2000, allow_empty=True)


class PersonaSave(PajaSchema):
    id = ClientId(required=True)
    kind = fields.String(validate=validate.OneOf(KINDS),
                         metadata={"description": "Needed when creating."})
    fields = fields.Dict(keys=fields.String(validate=validate.OneOf(ALL_FIELDS)),
                         values=fields.Nested(FieldText), load_default=dict)

    @validates_schema
    def fields_of_kind(self, data, **kwargs):
        kind = data.get("kind")
        if kind:
            wrong = sorted(set(data["fields"]) - set(FIELDS[kind]))
            if wrong:
                raise ValidationError(
                    _("A %(kind)s card has no field %(names)s.", kind=kind,
                      names=", ".join(wrong)), "fields")


class PersonaImport(PajaSchema):
    keys = fields.List(Text(max_length=80), required=True, validate=validate.Length(1, 100))
    duplicates = fields.String(validate=validate.OneOf(DUPLICATES), metadata={
        "description": "What to do with a chosen card the workshop already has a card from "
                       "(its template brought it, say): skip it, or add a copy anyway. "
                       "Needed when there is such a card; without it nothing is imported."})
    id = ClientId(metadata={"description": "UUID of this import, chosen by the client: the "
                                           "same import sent again makes nothing twice."})


class PersonaFileImport(PajaSchema):
    id = ClientId(required=True, metadata={
        "description": "UUID of this import, chosen by the client: the same file sent again "
                       "with it makes nothing twice."})
    format = fields.String(required=True, validate=validate.OneOf(FORMATS))
    file = fields.String(required=True, validate=validate.Length(max=MAX_FILE_BYTES), metadata={
        "description": "The file's text: cards in YAML (as the library's) or CSV (one card "
                       "a row, a header row naming the fields). See personas/README.md."})


class PersonaRef(PajaSchema):
    persona_id = fields.String(required=True)


class PersonaMove(PersonaRef):
    position = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))


class PersonaSpotlight(PajaSchema):
    persona_id = fields.String(required=True, allow_none=True,
                               metadata={"description": "null takes the card off the screen."})


class PersonaMeetSet(PersonaRef):
    meets = fields.Boolean(required=True)


class PersonaOut(PajaSchema):
    id = fields.String()
    kind = fields.String()
    position = fields.Integer()
    library_key = fields.String(allow_none=True)
    fields_ = fields.Dict(data_key="fields")
    spotlight = fields.Boolean()
    created_at = fields.Float()
    rev = fields.Integer()


class MeetCountOut(PajaSchema):
    persona_id = fields.String()
    meets = fields.Boolean(metadata={"description": "Whether I meet people like this."})
    count = fields.Integer(metadata={"description": "How many members do."})
