"""The live commands of dot voting: rounds, ballots and choosing what to pilot."""

from __future__ import annotations

from ..live.commands import command
from . import service
from .schemas import (
    BallotOut,
    BallotRef,
    Choose,
    ProxyBallotOut,
    RoundDeadline,
    RoundOpen,
    RoundOut,
    RoundRef,
    RoundSave,
    VoteSet,
)

dump = service.dump_round

command("vote.save_round", RoundSave, RoundOut, dump=dump)(service.save_round)
command("vote.open", RoundOpen, RoundOut, dump=dump)(service.open_round)
command("vote.close", RoundRef, RoundOut, dump=dump)(service.close_round)
command("vote.deadline", RoundDeadline, RoundOut, dump=dump)(service.move_deadline)
command("vote.reveal", RoundRef, RoundOut, dump=dump)(service.reveal)
command("vote.delete_round", RoundRef, RoundOut, dump=dump)(service.delete_round)
command("vote.set", VoteSet, BallotOut)(service.set_vote)
command("vote.mine", BallotRef, BallotOut)(service.my_ballot)
command("vote.proxies", RoundRef, ProxyBallotOut(many=True))(service.proxies)
command("vote.choose", Choose, RoundOut, dump=dump)(service.choose)
