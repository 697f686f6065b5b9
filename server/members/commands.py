"""The live commands about the workshop's members and their introductions."""

from __future__ import annotations

from ..live.commands import command
from . import erasure, introductions, service
from .introductions import IntroductionOut, IntroductionSave
from .schemas import LiveMemberOut, MemberEraseCommand, MemberRef, MemberUpdateCommand

command("member.update", MemberUpdateCommand, LiveMemberOut, dump=service.dump_member)(
    service.update_member)
command("member.remove", MemberRef, LiveMemberOut, dump=service.dump_member)(
    service.remove_member)
command("member.erase", MemberEraseCommand, LiveMemberOut, dump=service.dump_member)(
    erasure.erase_member)
command("introduction.save", IntroductionSave, IntroductionOut,
        dump=introductions.dump_introduction)(introductions.save_introduction)
