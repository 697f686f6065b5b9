"""Payloads for the coaching rhythm: answering a task, reviewing an answer."""

from __future__ import annotations

import math

from flask_babel import gettext as _
from marshmallow import ValidationError, fields, validate

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


class Review(PajaSchema):
    submission_id = fields.String(required=True)
    feedback = Text(max_length=5000, allow_empty=True)
    completed = fields.Boolean()


class ThemeRef(PajaSchema):
    session_id = fields.String(required=True)
