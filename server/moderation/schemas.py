from __future__ import annotations

from marshmallow import fields, validate

from ..schemas import PajaSchema, Text

KINDS = ("idea", "challenge_note")


class ModerationRef(PajaSchema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS), metadata={
        "description": "idea, or challenge_note (a canvas answer)."})
    id = fields.String(required=True)


class ModerationApprove(ModerationRef):
    text = Text(max_length=500, metadata={
        "description": "The facilitator's edit of the text, approved at once; the author "
                       "keeps their own words and sees that it was edited."})


class ModerationReturn(ModerationRef):
    note = Text(max_length=500, required=True, metadata={
        "description": "What the author should change; only the author sees it."})


class ModerationOut(PajaSchema):
    kind = fields.String()
    item = fields.Dict(metadata={"description": "The idea or canvas note, as the facilitator "
                                                "sees it."})
