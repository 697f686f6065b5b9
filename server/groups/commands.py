"""The live commands about groups and who is in which."""

from __future__ import annotations

from ..live.commands import command
from ..members.schemas import LiveMemberOut
from ..members.service import dump_member
from . import service
from .schemas import GroupAssign, GroupOut, GroupRef, GroupSave, GroupSplit

command("group.save", GroupSave, GroupOut, dump=service.dump_group)(service.save_group)
command("group.delete", GroupRef, GroupOut, dump=service.dump_group)(service.delete_group)
command("group.assign", GroupAssign, LiveMemberOut, dump=dump_member)(service.assign)
command("group.split", GroupSplit, GroupOut(many=True), dump=service.dump_group)(service.split)
