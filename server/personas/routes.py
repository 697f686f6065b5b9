"""The persona library over HTTP, for facilitators choosing cards to import."""

from __future__ import annotations

from flask_login import login_required
from flask_smorest import Blueprint
from marshmallow import fields

from ..schemas import PajaSchema
from .library import load_library
from .schemas import PersonaOut

blp = Blueprint("personas", __name__, url_prefix="/api", description="Persona library")


class LibraryCardOut(PajaSchema):
    key = fields.String()
    kind = fields.String(metadata={"description": "persona or profile"})
    card = fields.Dict(metadata={"description": "The card's fields, each text in fi and en."})


@blp.get("/persona-library")
@blp.response(200, LibraryCardOut(many=True))
@login_required
def persona_library():
    """Every ready persona and customer-profile card, personas first."""
    return [{"key": key, "kind": card.kind, "card": card.data}
            for key, card in load_library().items()]


class PersonaViewOut(PersonaOut):
    meet_count = fields.Integer(metadata={"description": "Facilitators only."})
    links = fields.Dict(metadata={"description": "What the workshop has done for this "
                                  "persona: challenges and questions that name it."})


@blp.get("/workshops/<workshop_id>/personas/<persona_id>")
@blp.response(200, PersonaViewOut)
def persona_view(workshop_id, persona_id):
    """One card of a workshop with everything that names it."""
    from ..access import actor_in
    from .service import persona_view as view

    result = view(actor_in(workshop_id), persona_id)
    result["fields_"] = result.pop("fields")
    return result
