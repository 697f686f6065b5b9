"""Workshop templates: YAML files in ``workshops/`` that set sessions, phases and content.

A template that fails to load is reported with its file, the line and the problem, e.g.
``workshops/x.yaml, line 12: sessions.0.phases.2.minutes: Give this as a whole number.``
Nothing of a broken template is used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml
from marshmallow import ValidationError, fields, validate

from ..schemas import PajaSchema, Text
from ..sessions.models import ACTIVITIES, SESSION_KINDS

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "workshops"


def template_dir() -> Path:
    """``workshops/`` in the project, or the folder named by ``PAJA_TEMPLATE_DIR``."""
    return Path(os.environ.get("PAJA_TEMPLATE_DIR") or TEMPLATE_DIR)


class TemplateError(Exception):
    def __init__(self, path: Path, line: int | None, problem: str):
        self.path, self.line, self.problem = path, line, problem
        where = f"{path}, line {line}" if line else str(path)
        super().__init__(f"{where}: {problem}")


class LocalizedText(PajaSchema):
    fi = Text(max_length=4000, required=True)
    en = Text(max_length=4000, required=True)


class ShortLocalizedText(PajaSchema):
    fi = Text(max_length=120, required=True)
    en = Text(max_length=120, required=True)


class TaskSchema(PajaSchema):
    title = fields.Nested(ShortLocalizedText, required=True)
    instructions = fields.Nested(LocalizedText, required=True)
    visibility = fields.String(required=True, validate=validate.OneOf(("private", "shared")))
    response = fields.String(required=True, validate=validate.OneOf(("feedback", "mark")))


class PhaseSchema(PajaSchema):
    title = fields.Nested(ShortLocalizedText, required=True)
    minutes = fields.Integer(required=True, strict=True, validate=validate.Range(1, 480))
    activity = fields.String(required=True, validate=validate.OneOf(ACTIVITIES))
    instructions = fields.Nested(LocalizedText, required=True)


class SessionSchema(PajaSchema):
    title = fields.Nested(ShortLocalizedText, required=True)
    kind = fields.String(required=True, validate=validate.OneOf(SESSION_KINDS))
    description = fields.Nested(LocalizedText)
    task = fields.Nested(TaskSchema)
    phases = fields.List(
        fields.Nested(PhaseSchema), required=True, validate=validate.Length(min=1, max=60)
    )


class TemplateSchema(PajaSchema):
    name = fields.Nested(ShortLocalizedText, required=True)
    description = fields.Nested(LocalizedText, required=True)
    language = fields.String(required=True, validate=validate.OneOf(("fi", "en")))
    sessions = fields.List(
        fields.Nested(SessionSchema), required=True, validate=validate.Length(min=1, max=60)
    )


@dataclass(frozen=True)
class Template:
    key: str
    path: Path
    data: dict

    def name(self, language: str) -> str:
        return self.data["name"].get(language) or self.data["name"]["fi"]

    def description(self, language: str) -> str:
        return self.data["description"].get(language) or self.data["description"]["fi"]


def _first_error(messages, path=()):
    """Depth-first: the path and message of the first error in marshmallow's nested dict."""
    if isinstance(messages, dict):
        for key, value in messages.items():
            return _first_error(value, (*path, key))
    if isinstance(messages, list) and messages and not isinstance(messages[0], str | dict):
        return _first_error(messages[0], path)
    if isinstance(messages, list):
        return path, "; ".join(str(m) for m in messages)
    return path, str(messages)


def _line_of(node: yaml.Node, path: tuple) -> int:
    """The 1-based line of the YAML node at ``path`` (or of its nearest existing parent)."""
    for step in path:
        if isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if k.value == step]
            if not match:
                # A missing or unknown key: point at the key itself if present, else the parent.
                keys = [k for k, _ in node.value if k.value == step]
                return (keys[0] if keys else node).start_mark.line + 1
            node = match[0]
        elif isinstance(node, yaml.SequenceNode):
            index = int(step)
            if index >= len(node.value):
                break
            node = node.value[index]
        else:
            break
    return node.start_mark.line + 1


def load_template(path: Path) -> Template:
    """Parse and validate one template file, or raise :class:`TemplateError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise TemplateError(path, None, f"cannot read the file ({error})") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        raise TemplateError(path, line, f"not valid YAML: {error.problem}") from None
    if not isinstance(raw, dict) or node is None:
        raise TemplateError(path, 1, "the file must be a mapping with name, language and sessions")
    try:
        data = TemplateSchema().load(raw)
    except ValidationError as error:
        where, problem = _first_error(error.messages)
        dotted = ".".join(str(p) for p in where)
        raise TemplateError(path, _line_of(node, where), f"{dotted}: {problem}") from None
    return Template(key=path.stem, path=path, data=data)


def available_templates(directory: Path | None = None) -> dict[str, Template]:
    """Every template in ``directory``, by key (the file name without ``.yaml``).

    Raises :class:`TemplateError` for the first broken file: a broken template is a
    deployment error that should stop the server, not a template that silently vanishes.
    """
    directory = directory or template_dir()
    return {t.key: t for t in (load_template(p) for p in sorted(directory.glob("*.yaml")))}
