"""Payloads for vote rounds and votes."""

from __future__ import annotations

from flask_babel import gettext as _
from marshmallow import ValidationError, fields, validate, validates_schema

from ..schemas import ClientId, PajaSchema, Text
from .models import TARGETS


class RoundSave(PajaSchema):
    id = ClientId(required=True)
    title = Text(max_length=120, allow_empty=True)
    target = fields.String(validate=validate.OneOf(TARGETS), metadata={
        "description": "When creating: vote over concepts (default) or over one question's "
                       "ideas."})
    hmw_id = fields.String(metadata={"description": "For a round over ideas."})
    item_ids = fields.List(fields.String(), validate=validate.Length(min=1, max=200), metadata={
        "description": "The items on the ballot; by default every concept not dropped (or "
                       "every idea of the question that is not a duplicate)."})
    dots = fields.Integer(strict=True, validate=validate.Range(1, 50))
    cap = fields.Integer(strict=True, validate=validate.Range(1, 50))
    allow_own = fields.Boolean()
    anonymous = fields.Boolean()
    live_results = fields.Boolean()
    closes_at = fields.Float(allow_none=True, metadata={
        "description": "When the round closes by itself (seconds since the epoch); null for "
                       "a close by the facilitator."})

    @validates_schema
    def cap_within_budget(self, data, **kwargs):
        if "cap" in data and "dots" in data and data["cap"] > data["dots"]:
            raise ValidationError(_("The cap per item can't be more than the dots per person."),
                                  "cap")


class RoundRef(PajaSchema):
    round_id = fields.String(required=True)


class RoundOpen(RoundRef):
    closes_at = fields.Float(allow_none=True)


class RoundDeadline(RoundRef):
    closes_at = fields.Float(required=True, allow_none=True, metadata={
        "description": "The new closing time (seconds since the epoch, in the future); null: "
                       "the facilitator closes the round."})
    reopen = fields.Boolean(load_default=False, metadata={
        "description": "Open a closed named round again, until closes_at."})


class VoteSet(RoundRef):
    item_id = fields.String(required=True)
    count = fields.Integer(required=True, strict=True, validate=validate.Range(0, 50),
                           metadata={"description": "My dots on the item after this (not a "
                                                    "change): sending it twice is harmless."})
    proxy = Text(max_length=60, metadata={
        "description": "Facilitators: the dots are for this person without a device."})


class BallotRef(RoundRef):
    proxy = Text(max_length=60)


class Choose(RoundRef):
    concept_ids = fields.List(fields.String(), validate=validate.Length(max=100), metadata={
        "description": "The concepts to pilot, picked by hand."})
    top = fields.Integer(strict=True, validate=validate.Range(1, 100), metadata={
        "description": "Or: the N with most dots (refused when a tie crosses the line)."})
    others = fields.String(load_default="keep", validate=validate.OneOf(("keep", "drop")))

    @validates_schema
    def one_way(self, data, **kwargs):
        if ("top" in data) == ("concept_ids" in data):
            raise ValidationError(_("Give either top or concept_ids."), "top")


class TurnoutOut(PajaSchema):
    voters = fields.Integer(metadata={"description": "Ballots with dots on them."})
    proxies = fields.Integer(metadata={
        "description": "Paper-vote ballots. Who may vote: the workshop's participants (count "
                       "the members) plus these."})
    dots_spent = fields.Integer()


class RankOut(PajaSchema):
    item_id = fields.String()
    count = fields.Integer()
    rank = fields.Integer(metadata={"description": "Equal counts share a rank."})
    tie = fields.Boolean()


class VoterOut(PajaSchema):
    member_id = fields.String(allow_none=True, metadata={
        "description": "The voter (their name is the member's); null for a paper vote."})
    proxy = fields.String(allow_none=True, metadata={
        "description": "A paper vote's label, as the facilitator entered it."})
    count = fields.Integer()


class RoundOut(PajaSchema):
    id = fields.String()
    title = fields.String()
    target = fields.String()
    hmw_id = fields.String(allow_none=True)
    item_ids = fields.List(fields.String())
    dots = fields.Integer()
    cap = fields.Integer()
    allow_own = fields.Boolean()
    anonymous = fields.Boolean()
    live_results = fields.Boolean()
    revealed = fields.Boolean()
    status = fields.String()
    closes_at = fields.Float(allow_none=True)
    opened_at = fields.Float(allow_none=True)
    closed_at = fields.Float(allow_none=True)
    chosen_ids = fields.List(fields.String())
    position = fields.Integer()
    turnout = fields.Nested(TurnoutOut)
    results = fields.List(fields.Nested(RankOut), allow_none=True, metadata={
        "description": "null until the results show (revealed, or live results)."})
    created_at = fields.Float()
    rev = fields.Integer()
    voters = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(VoterOut)),
                         metadata={"description": "Facilitators' events and snapshots, in a "
                                   "named round once results show: who gave how many dots to "
                                   "each item."})


class BallotOut(PajaSchema):
    round_id = fields.String()
    mine = fields.Dict(keys=fields.String(), values=fields.Integer(),
                       metadata={"description": "My dots by item."})
    spent = fields.Integer()
    left = fields.Integer()
    status = fields.String()


class ProxyBallotOut(BallotOut):
    proxy = fields.String(metadata={"description": "Whose paper dots these are."})
