"""The live commands of the challenge canvas and its how-might-we questions."""

from __future__ import annotations

from ..live.commands import command
from . import service
from .schemas import (
    ChallengeOut,
    ChallengeUpdate,
    HmwMove,
    HmwOut,
    HmwRef,
    HmwSave,
    NoteAdd,
    NoteEdit,
    NoteOut,
    NoteRef,
    RatingSet,
)

command("challenge.update", ChallengeUpdate, ChallengeOut, dump=service.dump_challenge)(
    service.update_challenge)
command("challenge.note", NoteAdd, NoteOut, dump=service.dump_note)(service.add_note)
command("challenge.edit_note", NoteEdit, NoteOut, dump=service.dump_note)(service.edit_note)
command("challenge.delete_note", NoteRef, NoteOut, dump=service.dump_note)(service.delete_note)
command("challenge.rate", RatingSet, ChallengeOut, dump=service.dump_challenge)(service.rate)
command("hmw.save", HmwSave, HmwOut, dump=service.dump_hmw)(service.save_hmw)
command("hmw.delete", HmwRef, HmwOut, dump=service.dump_hmw)(service.delete_hmw)
command("hmw.move", HmwMove, HmwOut, dump=service.dump_hmw)(service.move_hmw)
