"""Payloads for ideation: ideas, their groups, "+1"s and a question's settings."""

from __future__ import annotations

from flask_babel import gettext as _
from marshmallow import ValidationError, fields, validate, validates_schema

from ..participation.schemas import entered_by, on_behalf_of
from ..schemas import ClientId, PajaSchema, Text

IDEA_MAX = 280


class IdeaAdd(PajaSchema):
    id = ClientId(required=True)
    hmw_id = fields.String(required=True)
    text = Text(max_length=IDEA_MAX, required=True)
    persona_id = fields.String(allow_none=True, metadata={
        "description": "The persona the idea serves, if any."})
    builds_on_id = fields.String(allow_none=True, metadata={
        "description": "The idea this one builds on, if any."})
    on_behalf_of = on_behalf_of()


class IdeaEdit(PajaSchema):
    idea_id = fields.String(required=True)
    text = Text(max_length=IDEA_MAX)
    persona_id = fields.String(allow_none=True)


class IdeaRef(PajaSchema):
    idea_id = fields.String(required=True)


class IdeaPlusSet(IdeaRef):
    on = fields.Boolean(required=True, metadata={"description": "true gives a +1, false takes "
                                                                "it back."})


class IdeaMove(IdeaRef):
    cluster_id = fields.String(required=True, allow_none=True, metadata={
        "description": "The group to put the idea in; null takes it out of its group."})
    position = fields.Integer(strict=True, validate=validate.Range(min=0))


class IdeaDuplicate(IdeaRef):
    of_id = fields.String(required=True, allow_none=True, metadata={
        "description": "The idea this one repeats; null unmarks it."})


class IdeaSpotlight(PajaSchema):
    hmw_id = fields.String(required=True)
    idea_id = fields.String(required=True, allow_none=True)


class ClusterSave(PajaSchema):
    id = ClientId(required=True)
    hmw_id = fields.String(metadata={"description": "Needed when creating."})
    name = Text(max_length=80, allow_empty=True)
    idea_ids = fields.List(fields.String(), validate=validate.Length(max=500), metadata={
        "description": "When creating: ideas to put in the new group at once."})


class ClusterRef(PajaSchema):
    cluster_id = fields.String(required=True)


class ClusterMerge(ClusterRef):
    into_id = fields.String(required=True)


class HmwSettings(PajaSchema):
    hmw_id = fields.String(required=True)
    silent = fields.Boolean()
    anonymous = fields.Boolean()
    revealed = fields.Boolean()
    locked = fields.Boolean()
    live = fields.Boolean()
    grouping_open = fields.Boolean()
    moderated = fields.Boolean(metadata={
        "description": "New ideas wait for a facilitator's approval before others see them."})


class HmwSettingsAll(PajaSchema):
    session_id = fields.String(required=True, metadata={
        "description": "The live session whose phase this is (its workshop's questions)."})
    silent = fields.Boolean()
    anonymous = fields.Boolean()
    locked = fields.Boolean()

    @validates_schema
    def something_to_set(self, data, **kwargs):
        if not {"silent", "anonymous", "locked"} & set(data):
            raise ValidationError(_("Say what to set: silent, anonymous or locked."), "_schema")


class HmwRevealAll(PajaSchema):
    session_id = fields.String(required=True)


class ChangedOut(PajaSchema):
    changed = fields.Integer(metadata={"description": "How many questions changed."})


class SuggestFor(PajaSchema):
    hmw_id = fields.String(required=True)


class IdeaOut(PajaSchema):
    id = fields.String()
    hmw_id = fields.String()
    text = fields.String()
    persona_id = fields.String(allow_none=True)
    builds_on_id = fields.String(allow_none=True)
    cluster_id = fields.String(allow_none=True)
    duplicate_of_id = fields.String(allow_none=True)
    position = fields.Integer()
    plus_count = fields.Integer()
    member_id = fields.String(allow_none=True, metadata={
        "description": "null to other participants while the question is anonymous."})
    author = fields.String(allow_none=True)
    moderation = fields.String(allow_none=True, metadata={
        "description": "null: out for everyone; pending: waiting for a facilitator; "
                       "returned: back with its author, with moderation_note."})
    moderation_note = fields.String(allow_none=True)
    entered_by_member_id = entered_by()
    original_text = fields.String(allow_none=True, metadata={
        "description": "The author's own words, if a facilitator edited them; the author's "
                       "and the facilitators' only."})
    created_at = fields.Float()
    rev = fields.Integer()


class ClusterOut(PajaSchema):
    id = fields.String()
    hmw_id = fields.String()
    name = fields.String()
    position = fields.Integer()
    created_at = fields.Float()
    rev = fields.Integer()


class PlusCountOut(PajaSchema):
    idea_id = fields.String()
    on = fields.Boolean(metadata={"description": "Whether I give it a +1."})
    plus_count = fields.Integer()


class SuggestionOut(PajaSchema):
    name = fields.String(metadata={"description": "After the words the ideas share."})
    idea_ids = fields.List(fields.String())
