"""Payloads for a workshop's personas and customer profiles."""

from __future__ import annotations

from flask_babel import gettext as _
from marshmallow import ValidationError, fields, validate, validates_schema

from ..schemas import ClientId, PajaSchema, Text
from .models import FIELDS, KINDS

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
