"""Every socket command as a REST call too: POST /api/workshops/<id>/commands/<name>.

Generated from the command registry and run through the same :func:`execute`, so the HTTP and
socket paths cannot drift apart: the body is the socket's ``args`` and the answer the socket's
acknowledgement, ``{"ok": true, "data": ...}`` or ``{"ok": false, "error": {...}}`` with the
error's status. Each command is documented in the OpenAPI description with the schema of its
arguments and of its answer's ``data``.
"""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields

from ..access import actor_in
from ..api import ErrorDetail
from ..errors import ServiceError
from .commands import COMMANDS, Command, envelope, execute

blp = Blueprint("commands", __name__, url_prefix="/api/workshops/<workshop_id>/commands",
                description="Every live command over HTTP (the same as the socket's `cmd`)")


class CommandFailure(Schema):
    ok = fields.Boolean(metadata={
        "description": "false. Absent when the request was refused before reaching the "
                       "command (a body that is not JSON, an expired form, a rate limit)."})
    error = fields.Nested(ErrorDetail, required=True)


_ANSWERS: dict[tuple, type[Schema]] = {}


def answer_schema(command: Command) -> type[Schema]:
    """The schema of ``command``'s success answer: the envelope around its ``data``. One per
    kind of ``data``, shared by the commands that answer alike (OpenAPI names them)."""
    out = type(command.out)
    key = (out, command.out.many, command.nullable)
    if key not in _ANSWERS:
        name = out.__name__.removesuffix("Out")
        name = ("Maybe" if command.nullable else "") + name + (
            "List" if command.out.many else "") + "Answer"
        _ANSWERS[key] = Schema.from_dict({
            "ok": fields.Boolean(required=True, metadata={"description": "true"}),
            "data": fields.Nested(out, many=command.out.many, required=True,
                                  allow_none=command.nullable, metadata={
                                      "description": "What the command changed or answers, "
                                                     "as the socket's acknowledgement "
                                                     "carries it."}),
        }, name=name)
    return _ANSWERS[key]


def _arguments():
    """The JSON body; none, or a body that is not JSON, is no arguments (a command that
    needs some says which are missing)."""
    if not request.is_json or not request.get_data(cache=True).strip():
        return {}
    return request.get_json()


def _view(command: Command):
    def run(workshop_id):
        try:
            return execute(command, _arguments(), lambda: actor_in(workshop_id))
        except (ValidationError, ServiceError) as error:
            answer = envelope(error=error)
            return answer, answer["error"]["status"]

    run.__name__ = "cmd_" + command.name.replace(".", "_")
    run.__doc__ = (command.run.__doc__ or "").strip().split("\n\n")[0] or command.name
    return run


_FAILURE = {"description": "The command was refused.",
            "content": {"application/json": {"schema": CommandFailure}}}

for _command in sorted(COMMANDS.values(), key=lambda command: command.name):
    blp.route(f"/{_command.name}", methods=["POST"], endpoint=_command.name.replace(".", "_"))(
        blp.doc(requestBody={"required": True,
                             "content": {"application/json": {"schema": _command.schema}}},
                responses={422: _FAILURE, "default": _FAILURE})(
            blp.alt_response(200, schema=answer_schema(_command), success=True)(
                _view(_command))))
