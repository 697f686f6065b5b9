"""The live commands of the participation view: adding someone who has no device, and a
friendly reminder of an open task."""

from __future__ import annotations

from ..live.commands import command
from ..members.schemas import LiveMemberOut
from ..members.service import dump_member
from . import service
from .schemas import PersonAdd, RemindOut, RemindRequest

command("participation.add_person", PersonAdd, LiveMemberOut, dump=dump_member)(
    service.add_person)
command("participation.remind", RemindRequest, RemindOut)(service.remind)
