"""Every socket command as a REST call too: POST /api/workshops/<id>/commands/<name>.

Generated from the command table, so the HTTP and socket paths cannot drift apart; each
command is documented in the OpenAPI description with its own schema.
"""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields

from ..access import actor_in
from .commands import COMMANDS

blp = Blueprint("commands", __name__, url_prefix="/api/workshops/<workshop_id>/commands",
                description="Every live command over HTTP (the same as the socket's `cmd`)")


class CommandAnswer(Schema):
    ok = fields.Boolean(required=True)
    data = fields.Raw(metadata={"description": "What the command changed or answers, as the "
                                              "socket's acknowledgement carries it."})


def _view(name: str):
    command = COMMANDS[name]

    def run(data, workshop_id):
        actor = actor_in(workshop_id)
        return {"ok": True, "data": command.answer(actor, command.run(actor, data))}

    run.__name__ = "cmd_" + name.replace(".", "_")
    run.__doc__ = (command.run.__doc__ or "").strip().split("\n\n")[0] or name
    return run


for _name in sorted(COMMANDS):
    blp.route(f"/{_name}", methods=["POST"], endpoint=_name.replace(".", "_"))(
        blp.alt_response(200, schema=CommandAnswer, success=True)(
            blp.arguments(COMMANDS[_name].schema)(_view(_name))))
