"""Workshop templates: YAML files in ``workshops/`` that set sessions, phases and content.

Every text of a template is in Finnish, Swedish and English. A template that fails to load
(a text missing a language, say) is reported with its file, the line and the problem (see
:mod:`server.yamlfiles`). Nothing of a broken template is used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from marshmallow import ValidationError, fields, validate

from ..schemas import PajaSchema, multilingual
from ..sessions.models import ACTIVITIES, FOCUS, SESSION_KINDS
from ..yamlfiles import ContentFileError, folder_stamp, load_yaml

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "workshops"


def template_dir() -> Path:
    """``workshops/`` in the project, or the folder named by ``PAJA_TEMPLATE_DIR``."""
    return Path(os.environ.get("PAJA_TEMPLATE_DIR") or TEMPLATE_DIR)


class TemplateError(ContentFileError):
    """A workshop template that cannot be used."""


LocalizedText = multilingual(4000)
ShortLocalizedText = multilingual(120)
# A task a facilitator saves (or an archive brings back) is checked like a template's but
# needs only Finnish and English; Swedish is kept when it is there, so a task that came from
# a template can be sent back as it is.
TaskText = multilingual(4000, payload=True)
ShortTaskText = multilingual(120, payload=True)


class QuestionSchema(PajaSchema):
    """A survey question: a scale (min..max, with words for both ends) or an open one."""

    id = fields.String(required=True, validate=validate.Regexp(r"^[a-z0-9_]{1,40}$"))
    kind = fields.String(required=True, validate=validate.OneOf(("scale", "text")))
    text = fields.Nested(TaskText, required=True)
    min = fields.Integer(strict=True, load_default=1, validate=validate.Range(0, 10))
    max = fields.Integer(strict=True, load_default=5, validate=validate.Range(1, 10))
    low = fields.Nested(ShortTaskText)
    high = fields.Nested(ShortTaskText)


class TaskSchema(PajaSchema):
    """A coaching task as a facilitator saves it and an archive holds it."""

    title = fields.Nested(ShortTaskText, required=True)
    instructions = fields.Nested(TaskText, required=True)
    visibility = fields.String(required=True, validate=validate.OneOf(("private", "shared")))
    response = fields.String(required=True, validate=validate.OneOf(("feedback", "mark")))
    survey = fields.List(fields.Nested(QuestionSchema), validate=validate.Length(1, 40))


class TemplateQuestionSchema(QuestionSchema):
    text = fields.Nested(LocalizedText, required=True)
    low = fields.Nested(ShortLocalizedText)
    high = fields.Nested(ShortLocalizedText)


class TemplateTaskSchema(TaskSchema):
    """A task in a template: every text in every content language."""

    title = fields.Nested(ShortLocalizedText, required=True)
    instructions = fields.Nested(LocalizedText, required=True)
    survey = fields.List(fields.Nested(TemplateQuestionSchema), validate=validate.Length(1, 40))


class PhaseSchema(PajaSchema):
    title = fields.Nested(ShortLocalizedText, required=True)
    minutes = fields.Integer(required=True, strict=True, validate=validate.Range(1, 480))
    activity = fields.String(required=True, validate=validate.OneOf(ACTIVITIES))
    focus = fields.String(validate=validate.OneOf(FOCUS))
    instructions = fields.Nested(LocalizedText, required=True)


class SessionSchema(PajaSchema):
    title = fields.Nested(ShortLocalizedText, required=True)
    kind = fields.String(required=True, validate=validate.OneOf(SESSION_KINDS))
    description = fields.Nested(LocalizedText)
    task = fields.Nested(TemplateTaskSchema)
    week = fields.Integer(strict=True, validate=validate.Range(0, 52), metadata={
        "description": "Coaching: the week (from the workshop's creation) the task opens."})
    material = fields.Nested(multilingual(20000), metadata={
        "description": "Coaching: the week's material, in Markdown."})
    phases = fields.List(
        fields.Nested(PhaseSchema), required=True, validate=validate.Length(min=1, max=60)
    )


def _library_key(key: str) -> None:
    from ..personas.library import load_library

    known = load_library()
    if key not in known:
        raise ValidationError(f"no card {key} in the persona library; use one of: "
                              f"{', '.join(sorted(known))}")


class TemplateSchema(PajaSchema):
    name = fields.Nested(ShortLocalizedText, required=True)
    description = fields.Nested(LocalizedText, required=True)
    language = fields.String(required=True, validate=validate.OneOf(("fi", "en")))
    sessions = fields.List(
        fields.Nested(SessionSchema), required=True, validate=validate.Length(min=1, max=60)
    )
    # Starting content: library cards (file names in personas/) the workshop begins with.
    personas = fields.List(fields.String(validate=_library_key), load_default=list)


@dataclass(frozen=True)
class Template:
    key: str
    path: Path
    data: dict

    def name(self, language: str) -> str:
        return self.data["name"].get(language) or self.data["name"]["fi"]

    def description(self, language: str) -> str:
        return self.data["description"].get(language) or self.data["description"]["fi"]


def load_template(path: Path) -> Template:
    """Parse and validate one template file, or raise :class:`TemplateError`."""
    data = load_yaml(path, TemplateSchema(), TemplateError,
                     "a mapping with name, language and sessions")
    return Template(key=path.stem, path=path, data=data)


def available_templates(directory: Path | None = None) -> dict[str, Template]:
    """Every template in ``directory``, by key (the file name without ``.yaml``).

    Raises :class:`TemplateError` for the first broken file: a broken template is a
    deployment error that should stop the server, not a template that silently vanishes.
    """
    return dict(_load(folder_stamp(directory or template_dir())))


@lru_cache(maxsize=8)
def _load(stamp: tuple) -> tuple[tuple[str, Template], ...]:
    directory = Path(stamp[0])
    return tuple((t.key, t) for t in (load_template(p) for p in sorted(directory.glob("*.yaml"))))
