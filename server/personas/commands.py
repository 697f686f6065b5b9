"""The live commands about a workshop's persona and customer-profile cards."""

from __future__ import annotations

from ..live.commands import command
from . import service
from .schemas import (
    MeetCountOut,
    PersonaFileImport,
    PersonaImport,
    PersonaMeetSet,
    PersonaMove,
    PersonaOut,
    PersonaRef,
    PersonaSave,
    PersonaSpotlight,
)

dump = service.dump_persona

command("persona.import", PersonaImport, PersonaOut(many=True), dump=dump)(service.import_cards)
command("persona.import_file", PersonaFileImport, PersonaOut(many=True), dump=dump)(
    service.import_file)
command("persona.save", PersonaSave, PersonaOut, dump=dump)(service.save_persona)
command("persona.delete", PersonaRef, PersonaOut, dump=dump)(service.delete_persona)
command("persona.move", PersonaMove, PersonaOut, dump=dump)(service.move_persona)
command("persona.spotlight", PersonaSpotlight, PersonaOut, dump=dump, optional=True)(
    service.spotlight)
command("persona.meet", PersonaMeetSet, MeetCountOut)(service.set_meets)
