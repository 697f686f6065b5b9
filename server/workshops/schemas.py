from flask_babel import gettext as _
from marshmallow import ValidationError, fields, validate, validates

from ..schemas import CONTENT_LANGUAGES, ClientId, PajaSchema, Text

# A workshop's language: what its name and description are taken from a template in, and
# what its phases fall back to for a reader of another language.
LANGUAGES = CONTENT_LANGUAGES


class WorkshopCreate(PajaSchema):
    id = ClientId(required=True)
    template = fields.String(
        load_default=None,
        allow_none=True,
        metadata={"description": "Template key (file name in workshops/ without .yaml); "
                  "omit for a blank workshop."},
    )
    name = Text(max_length=120, load_default=None)
    description = Text(max_length=2000, allow_empty=True, load_default=None)
    language = fields.String(load_default=None, validate=validate.OneOf(LANGUAGES))


def months_message() -> str:
    return _("Give the months to keep the workshop after archiving as a whole number from 1 "
             "to 120, or leave it empty for the instance's default.")


class WorkshopUpdate(PajaSchema):
    name = Text(max_length=120)
    description = Text(max_length=2000, allow_empty=True)
    language = fields.String(validate=validate.OneOf(LANGUAGES))
    status = fields.String(validate=validate.OneOf(("active", "archived")))
    groups_self_pick = fields.Boolean(
        metadata={"description": "Let participants pick their own small group."})
    teams_may_invite = fields.Boolean(
        metadata={"description": "Let pilot teams make invitation links themselves."})
    moderated = fields.Boolean(metadata={
        "description": "Every new idea and canvas answer waits for a facilitator's approval "
                       "before others see it."})
    retention_months = fields.Integer(
        allow_none=True, strict=True,
        metadata={"description": "Months the workshop is kept after archiving before it is "
                  "deleted (1-120); null: the instance's default."})

    @validates("retention_months")
    def _months(self, value, **_kwargs):
        if value is not None and not 1 <= value <= 120:
            raise ValidationError(months_message())


class OutcomesLink(PajaSchema):
    share = fields.Boolean(required=True, metadata={
        "description": "true: make the read-only outcomes link (a new one if `renew`); "
                       "false: end it."})
    renew = fields.Boolean(load_default=False, metadata={
        "description": "With share: a new link; the old one stops working."})


class WorkshopOut(PajaSchema):
    id = fields.String()
    name = fields.String()
    description = fields.String()
    language = fields.String()
    template = fields.String(allow_none=True)
    status = fields.String()
    join_code = fields.String()
    projector_token = fields.String(metadata={"description": "Facilitators only."})
    outcomes_token = fields.String(allow_none=True, metadata={
        "description": "Facilitators only: the read-only outcomes link's token (/o/<token>)."})
    current_session_id = fields.String(allow_none=True)
    groups_self_pick = fields.Boolean()
    teams_may_invite = fields.Boolean()
    moderated = fields.Boolean()
    archived_at = fields.Float(allow_none=True)
    retention_months = fields.Integer(allow_none=True)
    created_at = fields.Float()
    rev = fields.Integer()


class TemplateOut(PajaSchema):
    key = fields.String()
    name = fields.String()
    description = fields.String()
    sessions = fields.Integer()


class StateOut(PajaSchema):
    seq = fields.Integer(metadata={"description": "The event number this state corresponds to."})
    entities = fields.Dict(keys=fields.String(), values=fields.List(fields.Dict()))


class EventsQuery(PajaSchema):
    since = fields.Integer(required=True, validate=validate.Range(min=0))


class EventOut(PajaSchema):
    seq = fields.Integer()
    hidden = fields.Boolean()
    type = fields.String()
    entity = fields.String()
    op = fields.String()
    view = fields.String()
    data = fields.Dict()


class EventsOut(PajaSchema):
    events = fields.List(fields.Nested(EventOut), allow_none=True)
    snapshot = fields.Nested(StateOut, allow_none=True)
