"""The live commands that change the workshop itself."""

from __future__ import annotations

from ..live.commands import command
from ..schemas import NoArgs
from . import service
from .schemas import OutcomesLink, WorkshopOut, WorkshopUpdate

command("workshop.update", WorkshopUpdate, WorkshopOut, dump=service.dump_workshop)(
    service.update_workshop)
command("workshop.regenerate_code", NoArgs, WorkshopOut, dump=service.dump_workshop)(
    service.regenerate_join_code)
command("workshop.outcomes_link", OutcomesLink, WorkshopOut, dump=service.dump_workshop)(
    service.outcomes_link)
