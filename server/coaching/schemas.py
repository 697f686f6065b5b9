"""Payloads for the coaching rhythm: answering a task, reviewing an answer."""

from __future__ import annotations

import math

from flask_babel import gettext as _
from marshmallow import ValidationError, fields, validate

from ..participation.schemas import entered_by, on_behalf_of
from ..schemas import ClientId, PajaSchema, Text, clean_text

# A survey answer's text: the service checks it against its question too.
ANSWER_MAX = 2000


class SurveyAnswer(fields.Field):
    """One survey answer: a number (a scale question) or people's text (an open one), which
    goes through the same checks as every other text."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            return clean_text(value, max_length=ANSWER_MAX)
        if isinstance(value, bool) or not isinstance(value, int | float) or (
                isinstance(value, float) and not math.isfinite(value)):
            raise ValidationError(_("Give a number for a scale question, or text for an open "
                                    "one."))
        return value


class SubmissionSave(PajaSchema):
    id = ClientId(required=True, metadata={"description": "The device's id for a first "
                                                          "answer; later saves change it."})
    session_id = fields.String(required=True, metadata={"description": "The theme's session."})
    body = Text(max_length=10000, allow_empty=True, load_default="")
    answers = fields.Dict(keys=fields.String(validate=validate.Length(max=40)),
                          values=SurveyAnswer(), load_default=dict,
                          validate=validate.Length(max=40), metadata={
                              "description": "A survey's answers: {question id: number or "
                                             "text}."})
    on_behalf_of = on_behalf_of()


class Review(PajaSchema):
    submission_id = fields.String(required=True)
    feedback = Text(max_length=5000, allow_empty=True)
    completed = fields.Boolean()


class ThemeRef(PajaSchema):
    session_id = fields.String(required=True)


class SubmissionOut(PajaSchema):
    id = fields.String()
    session_id = fields.String()
    member_id = fields.String()
    body = fields.String()
    answers = fields.Dict(metadata={"description": "Survey answers by question id."})
    entered_by_member_id = entered_by()
    submitted_at = fields.Float(allow_none=True)
    updated_at = fields.Float(allow_none=True)
    rev = fields.Integer()


class ReviewOut(PajaSchema):
    """The facilitator's feedback and mark on an answer: the answer's member and the
    facilitators only. Its id is the answer's."""

    id = fields.String()
    session_id = fields.String()
    member_id = fields.String()
    feedback = fields.String()
    completed = fields.Boolean()
    reviewed_by = fields.String(allow_none=True)
    reviewed_at = fields.Float(allow_none=True)
    rev = fields.Integer()


class QuestionSummaryOut(PajaSchema):
    id = fields.String()
    kind = fields.String(metadata={"description": "scale or text"})
    text = fields.Dict(metadata={"description": "The question, in fi and en."})
    min = fields.Integer(metadata={"description": "Scales only."})
    max = fields.Integer(metadata={"description": "Scales only."})
    counts = fields.List(fields.Integer(), metadata={
        "description": "Scales only: how many chose each value from min to max."})
    mean = fields.Float(allow_none=True, metadata={"description": "Scales only."})
    answers = fields.List(fields.String(), metadata={"description": "Open questions only."})
    answered = fields.Integer()


class SurveySummaryOut(PajaSchema):
    session_id = fields.String()
    respondents = fields.Integer()
    questions = fields.List(fields.Nested(QuestionSummaryOut))
