"""Payloads for the coaching rhythm: answering a task, reviewing an answer."""

from __future__ import annotations

from marshmallow import fields, validate

from ..schemas import ClientId, PajaSchema, Text


class SubmissionSave(PajaSchema):
    id = ClientId(required=True, metadata={"description": "The device's id for a first "
                                                          "answer; later saves change it."})
    session_id = fields.String(required=True, metadata={"description": "The theme's session."})
    body = Text(max_length=10000, allow_empty=True, load_default="")
    answers = fields.Dict(keys=fields.String(), load_default=dict,
                          validate=validate.Length(max=40), metadata={
                              "description": "A survey's answers: {question id: number or "
                                             "text}."})


class Review(PajaSchema):
    submission_id = fields.String(required=True)
    feedback = Text(max_length=5000, allow_empty=True)
    completed = fields.Boolean()


class ThemeRef(PajaSchema):
    session_id = fields.String(required=True)
