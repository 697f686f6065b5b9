"""The live command of the participation view: a friendly reminder of an open task."""

from __future__ import annotations

from ..live.commands import command
from . import service
from .schemas import RemindOut, RemindRequest

command("participation.remind", RemindRequest, RemindOut)(service.remind)
