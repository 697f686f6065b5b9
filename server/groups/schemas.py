from __future__ import annotations

from marshmallow import fields, validate

from ..schemas import ClientId, PajaSchema, Text


class GroupSave(PajaSchema):
    id = ClientId(required=True)
    name = Text(max_length=60, required=True)


class GroupRef(PajaSchema):
    group_id = fields.String(required=True)


class GroupAssign(PajaSchema):
    member_id = fields.String(required=True)
    group_id = fields.String(required=True, allow_none=True,
                             metadata={"description": "null: no group."})


class GroupSplit(PajaSchema):
    count = fields.Integer(required=True, strict=True, validate=validate.Range(1, 40))
    method = fields.String(required=True, validate=validate.OneOf(("random", "mix")),
                           metadata={"description": "random, or mix: spread each "
                                     "organisation's people over the groups."})


class GroupOut(PajaSchema):
    id = fields.String()
    name = fields.String()
    position = fields.Integer()
    created_at = fields.Float()
    rev = fields.Integer()
