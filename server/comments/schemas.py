from __future__ import annotations

from marshmallow import fields

from ..schemas import ClientId, PajaSchema, Text


class CommentAdd(PajaSchema):
    id = ClientId(required=True)
    target_kind = fields.String(required=True)
    target_id = fields.String(required=True)
    body = Text(max_length=1000, required=True)


class CommentRef(PajaSchema):
    comment_id = fields.String(required=True)


class CommentOut(PajaSchema):
    id = fields.String()
    target_kind = fields.String()
    target_id = fields.String()
    member_id = fields.String()
    body = fields.String()
    created_at = fields.Float()
    rev = fields.Integer()
