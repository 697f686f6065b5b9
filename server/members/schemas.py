from marshmallow import fields, validate

from ..schemas import ClientId, PajaSchema, Text


class JoinRequest(PajaSchema):
    code = Text(max_length=20, required=True)
    id = ClientId(required=True)
    display_name = Text(max_length=60, required=True)
    organisation = Text(max_length=80, allow_empty=True, load_default=None)
    key = fields.String(
        load_default=None, validate=validate.Regexp(
            r"^[A-Za-z0-9_-]{16,128}$", error="Use 16 to 128 letters, digits, - or _."),
        metadata={"description": "A secret the phone makes for this join and keeps: sending "
                  "the same join again (same id and key) answers with the same member. "
                  "Without the key, an id already in use is refused."})


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
    erased = fields.Boolean(metadata={"description": "Erased at their request: no name "
                                      "is kept; shown as \"a participant\"."})
    rev = fields.Integer()


class LiveMemberOut(MemberOut):
    """A member as commands, events and snapshots carry it (the REST routes leave out the
    group)."""

    group_id = fields.String(allow_none=True)


class JoinOut(PajaSchema):
    workshop_id = fields.String()
    member = fields.Nested(MemberOut)


# -- the commands' arguments: the REST routes' bodies plus the ids their URLs carry ----------


class MemberRef(PajaSchema):
    member_id = fields.String(required=True)


class MemberUpdateCommand(MemberUpdate):
    member_id = fields.String(required=True)


class MemberErase(PajaSchema):
    """Erase a member's data from the workshop (yourself, or anyone as a facilitator)."""

    contributions = fields.String(
        required=True, validate=validate.OneOf(
            ("anonymise", "remove"),
            error="Choose \"anonymise\" (what they wrote for the group stays, without "
                  "their name) or \"remove\" (it goes too)."),
        metadata={"description": "anonymise: ideas, notes, comments and other shared work "
                  "stay, shown as \"a participant\"; remove: they go too."})


class MemberEraseCommand(MemberErase):
    member_id = fields.String(required=True)
