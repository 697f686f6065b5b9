from marshmallow import fields

from ..schemas import ClientId, PajaSchema, Text


class JoinRequest(PajaSchema):
    code = Text(max_length=20, required=True)
    id = ClientId(required=True)
    display_name = Text(max_length=60, required=True)
    organisation = Text(max_length=80, allow_empty=True, load_default=None)


class MemberUpdate(PajaSchema):
    display_name = Text(max_length=60)
    organisation = Text(max_length=80, allow_empty=True, allow_none=True)


class FacilitatorAdd(PajaSchema):
    username = Text(max_length=80, required=True)


class MemberOut(PajaSchema):
    id = fields.String()
    role = fields.String()
    display_name = fields.String()
    organisation = fields.String(allow_none=True)
    joined_at = fields.Float()
    removed = fields.Boolean()
    rev = fields.Integer()


class JoinOut(PajaSchema):
    workshop_id = fields.String()
    member = fields.Nested(MemberOut)
