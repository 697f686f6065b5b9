"""The live commands about concept cards."""

from __future__ import annotations

from ..live.commands import command
from . import service
from .schemas import ConceptIdeas, ConceptOut, ConceptRef, ConceptSave

command("concept.save", ConceptSave, ConceptOut, dump=service.dump_concept)(service.save_concept)
command("concept.delete", ConceptRef, ConceptOut, dump=service.dump_concept)(
    service.delete_concept)
command("concept.ideas", ConceptIdeas, ConceptOut, dump=service.dump_concept)(service.link_ideas)
