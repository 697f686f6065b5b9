"""Payloads for pilots: the pilot page, its team, measures and updates."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from marshmallow import ValidationError, fields, validate, validates_schema

from ..schemas import ClientId, Day, Number, PajaSchema, Text
from .models import PILOT_STATUSES


class PilotRef(PajaSchema):
    pilot_id = fields.String(required=True)


class PilotCreate(PajaSchema):
    concept_id = fields.String(required=True)


class PilotSave(PilotRef):
    hypothesis = Text(max_length=2000, allow_empty=True)
    contact_member_id = fields.String(allow_none=True)
    persona_ids = fields.List(fields.String(), validate=validate.Length(max=50))
    starts_on = Day(allow_none=True)
    ends_on = Day(allow_none=True)
    progress = fields.Integer(allow_none=True, validate=validate.Range(0, 100), metadata={
        "description": "The team's estimate, 0-100 per cent; null follows the status."})
    weight = fields.Integer(validate=validate.Range(1, 10), metadata={
        "description": "Facilitators: the pilot's weight in the programme's progress, 1-10."})

    @validates_schema
    def in_order(self, data, **kwargs):
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            raise ValidationError(_("The end date must not be before the start date."),
                                  "ends_on")


class PilotStatusSet(PilotRef):
    status = fields.String(required=True, validate=validate.OneOf(PILOT_STATUSES))
    note = Text(max_length=1000, allow_empty=True, load_default="")


class TeamChange(PilotRef):
    member_id = fields.String(metadata={"description": "Facilitators: whom to add or remove; "
                                                      "others change only themselves."})


class InviteRef(PilotRef):
    regenerate = fields.Boolean(load_default=False)


class MeasureSave(PajaSchema):
    id = ClientId(required=True)
    pilot_id = fields.String(metadata={"description": "Needed when creating."})
    name = Text(max_length=120)
    unit = Text(max_length=30, allow_empty=True)
    baseline = Number(allow_none=True)
    target = Number(allow_none=True)


class MeasureRef(PajaSchema):
    measure_id = fields.String(required=True)


class ValueIn(PajaSchema):
    measure_id = fields.String(required=True)
    value = Number(required=True)
    measured_on = Day(metadata={"description": "Defaults to today."})

    @validates_schema
    def not_in_future(self, data, **kwargs):
        day = data.get("measured_on")
        if day and day > date.today() + timedelta(days=1):
            raise ValidationError(_("A measurement can't be from the future."), "measured_on")


class UpdateAdd(PajaSchema):
    id = ClientId(required=True)
    pilot_id = fields.String(required=True)
    did = Text(max_length=3000, allow_empty=True, load_default="")
    learned = Text(max_length=3000, allow_empty=True, load_default="")
    next_step = Text(max_length=2000, allow_empty=True, load_default="")
    blockers = Text(max_length=2000, allow_empty=True, load_default="")
    help_needed = Text(max_length=2000, allow_empty=True, load_default="")
    values = fields.List(fields.Nested(ValueIn), load_default=list,
                         validate=validate.Length(max=50))
    happened_on = Day(metadata={
        "description": "The day the update tells of (YYYY-MM-DD, not in the future); "
                       "defaults to today. A measure's value without its own date takes it."})

    @validates_schema
    def not_in_future(self, data, **kwargs):
        day = data.get("happened_on")
        if day and day > date.today() + timedelta(days=1):
            raise ValidationError(_("An update can't be from the future: give the day it "
                                    "tells of, today or before."), "happened_on")

    @validates_schema
    def says_something(self, data, **kwargs):
        texts = ("did", "learned", "next_step", "blockers", "help_needed")
        if not any(data.get(name) for name in texts) and not data.get("values"):
            raise ValidationError(_("Write at least what you did or learned, or give a "
                                    "measure's value."), "did")


class MilestoneSave(PajaSchema):
    id = ClientId(required=True)
    pilot_id = fields.String(metadata={"description": "Needed when creating."})
    title = Text(max_length=200)
    due_on = Day(allow_none=True, metadata={"description": "When it should be done."})
    done_on = Day(allow_none=True, metadata={
        "description": "When it was done (not in the future); null: not yet."})

    @validates_schema
    def not_in_future(self, data, **kwargs):
        day = data.get("done_on")
        if day and day > date.today() + timedelta(days=1):
            raise ValidationError(_("A milestone can't be done in the future: give the day "
                                    "it was done, today or before."), "done_on")


class MilestoneRef(PajaSchema):
    milestone_id = fields.String(required=True)


class MilestoneOut(PajaSchema):
    id = fields.String()
    pilot_id = fields.String()
    title = fields.String()
    due_on = fields.String(allow_none=True, metadata={"description": "YYYY-MM-DD"})
    done_on = fields.String(allow_none=True, metadata={"description": "YYYY-MM-DD"})
    position = fields.Integer()
    rev = fields.Integer()


class UpdateRef(PajaSchema):
    update_id = fields.String(required=True)


class UpdateResolve(PajaSchema):
    update_id = fields.String(required=True)
    resolved = fields.Boolean(load_default=True, metadata={
        "description": "true: the update's blockers and help needed are dealt with; "
                       "false: open again."})


class PilotOut(PajaSchema):
    id = fields.String()
    concept_id = fields.String()
    round_id = fields.String(allow_none=True)
    status = fields.String()
    hypothesis = fields.String()
    contact_member_id = fields.String(allow_none=True)
    persona_ids = fields.List(fields.String())
    starts_on = fields.String(allow_none=True, metadata={"description": "YYYY-MM-DD"})
    ends_on = fields.String(allow_none=True, metadata={"description": "YYYY-MM-DD"})
    progress = fields.Integer(metadata={"description": "Per cent: the team's figure, else "
                                                       "the status's."})
    progress_set = fields.Boolean(metadata={"description": "Whether the team set the figure."})
    weight = fields.Integer()
    created_at = fields.Float()
    rev = fields.Integer()
    invite_token = fields.String(allow_none=True, metadata={
        "description": "Facilitators only: the team's invitation link's token."})
    invite_expires_at = fields.Float(allow_none=True, metadata={"description": "Facilitators "
                                                                               "only."})


class TeamMemberOut(PajaSchema):
    id = fields.String()
    pilot_id = fields.String()
    member_id = fields.String()
    joined_at = fields.Float()
    rev = fields.Integer()


class InvitationOut(PajaSchema):
    pilot_id = fields.String()
    token = fields.String(metadata={"description": "For the link /t/<token>."})
    expires_at = fields.Float()


class MeasureOut(PajaSchema):
    id = fields.String()
    pilot_id = fields.String()
    name = fields.String()
    unit = fields.String()
    baseline = fields.Float(allow_none=True)
    target = fields.Float(allow_none=True)
    position = fields.Integer()
    rev = fields.Integer()


class MeasureValueOut(PajaSchema):
    measure_id = fields.String()
    value = fields.Float()
    measured_on = fields.String(allow_none=True, metadata={"description": "YYYY-MM-DD"})


class UpdateOut(PajaSchema):
    id = fields.String()
    pilot_id = fields.String()
    member_id = fields.String(allow_none=True)
    did = fields.String()
    learned = fields.String()
    next_step = fields.String()
    blockers = fields.String()
    help_needed = fields.String()
    values = fields.List(fields.Nested(MeasureValueOut))
    happened_on = fields.String(allow_none=True, metadata={"description": "YYYY-MM-DD"})
    resolved_at = fields.Float(allow_none=True)
    resolved_by = fields.String(allow_none=True)
    created_at = fields.Float()
    rev = fields.Integer()


class PilotFileImport(PajaSchema):
    # The limit is the importer's (in characters here, in bytes there): a longer text is
    # refused there with the size in words.
    file = fields.String(required=True, validate=validate.Length(max=220 * 1024),
                         metadata={"description":
                                   "The CSV file's text, with the columns of the export's "
                                   "pilot_updates.csv or pilot_measure_values.csv."})


class PilotImportOut(PajaSchema):
    kind = fields.String(metadata={"description": "updates or values: what the file held."})
    update_ids = fields.List(fields.String(), metadata={
        "description": "The updates the file names, made now or in Paja already."})
    created = fields.Integer(metadata={"description": "Updates made by this import."})
    already = fields.Integer(metadata={"description": "Rows' updates Paja held already."})
    values = fields.Integer(metadata={"description": "Measure values made by this import."})
