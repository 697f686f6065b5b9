"""The registry of live commands: a name, the schema of its arguments, the service function
that runs it and the schema of what it answers.

Each domain package registers its own commands in its ``commands`` module, next to the
service functions they run; importing this module imports them all, so :data:`COMMANDS` is
complete wherever it is read. The socket's ``cmd`` event and POST
/api/workshops/<id>/commands/<name> both run a command through :func:`execute` and answer
in the envelope :func:`envelope` makes, so that the two paths cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

from marshmallow import Schema, ValidationError

from ..database import written_by
from ..errors import ServiceError, from_validation_error
from ..events.entities import ENTITIES

if TYPE_CHECKING:
    from ..access import Actor

# The packages that have a ``commands`` module.
PACKAGES = ("sessions", "workshops", "members", "personas", "comments", "groups", "challenges",
            "ideas", "concepts", "voting", "pilots", "coaching", "reminders", "moderation",
            "participation")


@dataclass(frozen=True)
class Command:
    """One command.

    :param schema: loads the arguments; the service function gets what it loads.
    :param run: the service function, ``run(actor, data)``.
    :param out: the schema of the answer's ``data``, for the API description; with
        ``many=True`` the result is a list and ``dump`` is applied to each item.
    :param dump: turns the result into the answer; ``None``: the result is the answer.
    :param entity: the entity kind of the result, when what the answer shows depends on who
        asked (an idea's author in an anonymous question): the answer is then the caller's
        own view of it, as their events show it, and may be ``None``.
    :param optional: the result itself may be ``None`` (a spotlight turned off).
    """

    name: str
    schema: type[Schema]
    run: Callable[[Actor, dict], Any]
    out: Schema
    dump: Callable[[Any], Any] | None = None
    entity: str | None = None
    optional: bool = False

    @property
    def nullable(self) -> bool:
        """Whether the answer's ``data`` may be ``None``."""
        return self.optional or self.entity is not None

    def answer(self, actor: Actor, result):
        if result is None:
            return None
        if self.entity is not None:
            return ENTITIES[self.entity].view(result, actor.viewer)
        if self.dump is None:
            return result
        if self.out.many:
            return [self.dump(item) for item in result]
        return self.dump(result)


COMMANDS: dict[str, Command] = {}


def command(name: str, schema: type[Schema], out: Schema | type[Schema], *,
            dump: Callable | None = None, entity: str | None = None, optional: bool = False):
    """Register the decorated service function as the command ``name`` (see
    :class:`Command` for the rest)."""
    if isinstance(out, type):
        out = out()

    def decorator(fn):
        if name in COMMANDS:
            raise ValueError(f"the command {name} is registered twice")
        COMMANDS[name] = Command(name, schema, fn, out, dump, entity, optional)
        return fn

    return decorator


def _register_packages() -> None:
    """Import each package's commands module, which registers that package's commands.

    Called at the bottom of this module rather than imported at its top: each of those
    modules imports :func:`command` from here, which exists by then. One that is being
    imported already (it was imported first, and imported this module) is passed over, and
    registers its own as its import goes on.
    """
    base = __package__.rpartition(".")[0]
    for package in PACKAGES:
        import_module(f"{base}.{package}.commands")


def envelope(data=None, *, error: ServiceError | ValidationError | None = None) -> dict:
    """The answer to a command, over HTTP and on the socket alike: ``{"ok": true, "data":
    ...}``, or ``{"ok": false, "error": {...}}`` in the one error shape (see
    :mod:`server.errors`)."""
    if error is None:
        return {"ok": True, "data": data}
    if isinstance(error, ValidationError):
        error = from_validation_error(error)
    return {"ok": False, **error.body()}


def execute(command: Command, args, actor_of: Callable[[], Actor]) -> dict:
    """Run ``command`` with the arguments ``args`` as the actor ``actor_of()`` finds; the
    success answer, in its envelope.

    The arguments are checked before the actor is looked up, so a payload that does not fit
    is refused the same way whoever sends it. Raises :class:`ValidationError` for such a
    payload and :class:`ServiceError` for what the service refuses: each transport answers
    them with :func:`envelope` (the socket also counts bad payloads).
    """
    data = command.schema().load(args)
    actor = actor_of()
    with written_by(actor.member.id if actor.member is not None else None):
        result = command.run(actor, data)
    return envelope(command.answer(actor, result))


_register_packages()
