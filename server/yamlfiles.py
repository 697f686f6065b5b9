"""Content files in YAML (workshop templates, the persona library), validated by marshmallow.

A file that fails to load is reported with its path, the line and the problem, e.g.
``workshops/x.yaml, line 12: sessions.0.phases.2.minutes: Give this as a whole number.``
"""

from __future__ import annotations

from pathlib import Path

import yaml
from marshmallow import Schema, ValidationError


class ContentFileError(Exception):
    def __init__(self, path: Path, line: int | None, problem: str):
        self.path, self.line, self.problem = path, line, problem
        where = f"{path}, line {line}" if line else str(path)
        super().__init__(f"{where}: {problem}")


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


def line_of(node: yaml.Node, path: tuple) -> int:
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


def load_yaml(path: Path, schema: Schema, error: type[ContentFileError], what: str) -> dict:
    """Read ``path`` and load it with ``schema``, or raise ``error`` naming line and problem.

    :param what: how to describe the expected top level in the error, e.g.
        "a mapping with name, language and sessions".
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        raise error(path, None, f"cannot read the file ({problem})") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except yaml.MarkedYAMLError as problem:
        line = problem.problem_mark.line + 1 if problem.problem_mark else None
        raise error(path, line, f"not valid YAML: {problem.problem}") from None
    if not isinstance(raw, dict) or node is None:
        raise error(path, 1, f"the file must be {what}")
    try:
        return schema.load(raw)
    except ValidationError as invalid:
        where, problem = _first_error(invalid.messages)
        dotted = ".".join(str(p) for p in where)
        raise error(path, line_of(node, where), f"{dotted}: {problem}") from None


def folder_stamp(directory: Path) -> tuple:
    """What identifies the current contents of a folder of YAML files: names, sizes and
    modification times. Loaders cache on it, so an edited file is read again."""
    stamp = []
    for path in sorted(Path(directory).glob("*.yaml")):
        info = path.stat()
        stamp.append((path.name, info.st_size, info.st_mtime_ns))
    return (str(directory), tuple(stamp))
