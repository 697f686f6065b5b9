"""Payloads of the participation view and its reminder, and the field that enters
something for someone else."""

from __future__ import annotations

from marshmallow import fields

from ..schemas import ClientId, PajaSchema, Text


def on_behalf_of() -> fields.String:
    """The optional field of a create a facilitator may send for a participant."""
    return fields.String(allow_none=True, metadata={
        "description": "Facilitators only: the participant (member id) this is entered for, "
                       "who has no device. It becomes theirs, marked as entered with help."})


def entered_by() -> fields.String:
    return fields.String(allow_none=True, metadata={
        "description": "Who typed it in for its author (entered with help); only the "
                       "facilitators and the author see it."})


class PersonAdd(PajaSchema):
    id = ClientId(required=True)
    display_name = Text(max_length=60, required=True)
    organisation = Text(max_length=80, allow_empty=True)


class RemindRequest(PajaSchema):
    member_id = fields.String(required=True)
    session_id = fields.String(required=True, metadata={"description": "The open task's "
                                                                       "session."})


class RemindOut(PajaSchema):
    member_id = fields.String()
    session_id = fields.String()
    sent = fields.Boolean(metadata={"description": "false: this reminder went already."})


class Counts(PajaSchema):
    ideas = fields.Integer()
    notes = fields.Integer()
    comments = fields.Integer()
    votes = fields.Integer(metadata={"description": "Dots, in named rounds only."})
    answers = fields.Integer()
    plus = fields.Integer()


class TaskState(PajaSchema):
    done = fields.Boolean()
    helped = fields.Boolean()
    reminded = fields.Boolean()


class MemberParticipation(PajaSchema):
    member_id = fields.String()
    display_name = fields.String()
    organisation = fields.String(allow_none=True)
    group_id = fields.String(allow_none=True)
    joined_at = fields.Float(allow_none=True)
    last_seen_at = fields.Float(allow_none=True)
    online = fields.Boolean()
    own_link = fields.String(allow_none=True, metadata={
        "description": "For someone a facilitator added: their personal link, until they "
                       "first come in with it."})
    totals = fields.Nested(Counts)
    helped = fields.Integer(metadata={"description": "How many were entered with help."})
    sessions = fields.Dict(keys=fields.String(), values=fields.Nested(Counts), metadata={
        "description": "By live session id, or \"between\" for between sessions."})
    tasks = fields.Dict(keys=fields.String(), values=fields.Nested(TaskState))
    not_done = fields.List(fields.String(), metadata={
        "description": "The open tasks this member has not answered."})


class SessionInfo(PajaSchema):
    id = fields.String()
    title = fields.String()
    kind = fields.String()
    status = fields.String()
    started_at = fields.Float(allow_none=True)
    ended_at = fields.Float(allow_none=True)
    task = fields.Boolean()
    task_title = fields.String(allow_none=True)
    open = fields.Boolean()
    due_on = fields.String(allow_none=True)


class ParticipationOut(PajaSchema):
    sessions = fields.List(fields.Nested(SessionInfo))
    open_task_ids = fields.List(fields.String())
    members = fields.List(fields.Nested(MemberParticipation))
