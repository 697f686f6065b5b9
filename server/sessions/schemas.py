from flask_babel import gettext as _
from marshmallow import ValidationError, fields, post_load, validate, validates_schema

from ..schemas import ClientId, Day, LanguageMap, PajaSchema, Text
from .models import ACTIVITIES, FOCUS, SESSION_KINDS
from .service import FOCUS_VIEWS, MAX_TIMER_SECONDS


class PhaseMove(PajaSchema):
    phase_id = fields.String(metadata={"description": "Go to this phase."})
    step = fields.Integer(
        strict=True, validate=validate.OneOf((-1, 1)),
        metadata={"description": "1 for the next phase, -1 for the previous one."},
    )

    @validates_schema
    def one_target(self, data, **kwargs):
        if ("phase_id" in data) == ("step" in data):
            raise ValidationError(_("Give either phase_id or step, not both."), "_schema")


class TimerControl(PajaSchema):
    action = fields.String(
        required=True, validate=validate.OneOf(("start", "pause", "resume", "add", "reset"))
    )
    seconds = fields.Integer(strict=True, validate=validate.Range(1, MAX_TIMER_SECONDS))


class LockControl(PajaSchema):
    locked = fields.Boolean(required=True)


def title_field(*, new: bool = False, **kwargs) -> LanguageMap:
    """A title; a new item's must have text in some language. A change may empty some
    languages: the service checks that the merged title still has one."""
    return LanguageMap(max_length=4000, required_text=new, **kwargs)


def body_field(**kwargs) -> LanguageMap:
    return LanguageMap(max_length=4000, **kwargs)


class PhaseIn(PajaSchema):
    title = title_field(new=True, required=True)
    instructions = body_field(load_default=dict)
    minutes = fields.Integer(strict=True, load_default=10, validate=validate.Range(1, 480))
    activity = fields.String(load_default="discussion", validate=validate.OneOf(ACTIVITIES))


class SessionCreate(PajaSchema):
    id = ClientId(required=True)
    title = title_field(new=True, required=True)
    kind = fields.String(load_default="live", validate=validate.OneOf(SESSION_KINDS))
    description = body_field(load_default=dict)
    phases = fields.List(fields.Nested(PhaseIn), load_default=list,
                         validate=validate.Length(max=60))


class MaterialText(PajaSchema):
    """A theme's material in Markdown, in Finnish and English (either may be empty), and in
    Swedish when it has been written: a template's material has it, and a session that came
    from a template must survive an archive's round trip."""

    fi = Text(max_length=20000, allow_empty=True, load_default="")
    sv = Text(max_length=20000, allow_empty=True)
    en = Text(max_length=20000, allow_empty=True, load_default="")


class SessionUpdate(PajaSchema):
    title = title_field()
    kind = fields.String(validate=validate.OneOf(SESSION_KINDS))
    description = body_field()
    material = fields.Nested(MaterialText, allow_none=True, metadata={
        "description": "Coaching: the theme's material, Markdown (rendered safely)."})
    opens_on = Day(allow_none=True, metadata={"description": "Coaching: the task opens."})
    due_on = Day(allow_none=True, metadata={"description": "Coaching: the task is due."})
    # null is let through the field only to be refused below with a message that says what
    # to do: a theme's task cannot be removed. A task is the theme's reason to exist - its
    # members' answers, the facilitator's feedback and the reminders all hang on it - and a
    # JSON column given None stores JSON null, which SQL sees as a value (IS NOT NULL), so a
    # "removed" task would look like a task to every query and crash what reads it.
    task = fields.Dict(allow_none=True, metadata={
        "description": "Coaching: the task (title, instructions, visibility, response, "
                       "survey), checked like a template's. It can be changed, not removed: "
                       "null is refused."})

    @post_load
    def task_shape(self, data, **kwargs):
        if "task" in data and data["task"] is None:
            raise ValidationError(_("A task cannot be removed: give the whole task (title, "
                                    "instructions, visibility and response), or leave task "
                                    "out to keep it as it is."), "task")
        if "task" in data:
            from ..workshops.templates import TaskSchema

            try:
                data["task"] = TaskSchema().load(data["task"])
            except ValidationError as error:
                raise ValidationError({"task": error.messages}) from None
        return data


class PhaseSave(PajaSchema):
    id = ClientId(required=True)
    title = title_field()
    instructions = body_field()
    minutes = fields.Integer(strict=True, validate=validate.Range(1, 480))
    activity = fields.String(validate=validate.OneOf(ACTIVITIES))
    focus = fields.String(allow_none=True, validate=validate.OneOf(FOCUS))
    position = fields.Integer(strict=True, validate=validate.Range(min=0))


class TimerOut(PajaSchema):
    state = fields.String()
    duration = fields.Integer(allow_none=True)
    ends_at = fields.Float(allow_none=True, metadata={"description": "Unix time, server clock."})
    remaining = fields.Float(allow_none=True)


class PhaseOut(PajaSchema):
    id = fields.String()
    position = fields.Integer()
    title = fields.Dict()
    instructions = fields.Dict()
    minutes = fields.Integer()
    activity = fields.String()
    focus = fields.String(allow_none=True)


class FocusOut(PajaSchema):
    view = fields.String()
    id = fields.String(allow_none=True)
    at = fields.Float(metadata={"description": "Unix time, server clock: screens jump when "
                                               "it changes."})
    seq = fields.Integer(metadata={"description": "Counts the session's focus changes."})


class SessionOut(PajaSchema):
    id = fields.String()
    workshop_id = fields.String()
    position = fields.Integer()
    kind = fields.String()
    title = fields.Dict()
    description = fields.Dict()
    task = fields.Dict(allow_none=True)
    material = fields.Dict(allow_none=True)
    material_html = fields.Dict(allow_none=True)
    opens_on = fields.String(allow_none=True)
    due_on = fields.String(allow_none=True)
    status = fields.String()
    current_phase_id = fields.String(allow_none=True)
    locked = fields.Boolean()
    timer = fields.Nested(TimerOut)
    focus = fields.Nested(FocusOut, allow_none=True, metadata={
        "description": "Where the facilitator brought everyone; null: nowhere."})
    projector_follows = fields.Boolean(metadata={
        "description": "The projector mirrors the focus."})
    phases = fields.List(fields.Nested(PhaseOut))
    rev = fields.Integer()


# -- the commands' arguments: the REST routes' bodies plus the ids their URLs carry ----------


class SessionRef(PajaSchema):
    session_id = fields.String(required=True)


class PhaseRef(SessionRef):
    phase_id = fields.String(required=True)


class SessionUpdateCommand(SessionUpdate):
    session_id = fields.String(required=True)


class PhaseMoveCommand(PhaseMove):
    session_id = fields.String(required=True)


class TimerControlCommand(TimerControl):
    session_id = fields.String(required=True)


class LockControlCommand(LockControl):
    session_id = fields.String(required=True)


class PhaseSaveCommand(PhaseSave):
    session_id = fields.String(required=True)


class FocusCommand(SessionRef):
    view = fields.String(required=True, allow_none=True,
                         validate=validate.OneOf(tuple(FOCUS_VIEWS)), metadata={
                             "description": "The view to bring everyone to; null clears."})
    id = fields.String(allow_none=True, load_default=None, validate=validate.Length(max=36),
                       metadata={"description": "The item in it (a question for hmw and "
                                 "ideas, a round for vote and results, a phase for stage)."})


class FollowCommand(SessionRef):
    on = fields.Boolean(required=True)


class DoneSet(PajaSchema):
    phase_id = fields.String(required=True)
    done = fields.Boolean(required=True)


class DoneOut(PajaSchema):
    id = fields.String()
    member_id = fields.String()
    phase_id = fields.String()
    done = fields.Boolean()
    rev = fields.Integer()
