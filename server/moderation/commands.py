"""The live commands of the facilitator's moderation queue."""

from __future__ import annotations

from ..live.commands import command
from . import service
from .schemas import ModerationApprove, ModerationOut, ModerationReturn

command("moderation.approve", ModerationApprove, ModerationOut, dump=service.dump)(
    service.approve)
command("moderation.return", ModerationReturn, ModerationOut, dump=service.dump)(
    service.return_to_author)
