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
