"""The persona library over HTTP, for facilitators choosing cards to import, and importing
a facilitator's own cards from an uploaded file."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
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


class PersonaFileForm(PajaSchema):
    file = fields.Raw(required=True, metadata={
        "type": "string", "format": "binary",
        "description": "A .yaml, .yml or .csv file of cards (see personas/README.md)."})
    id = fields.String(metadata={"description": "UUID of this import: the same upload sent "
                                                "again makes nothing twice."})


@blp.post("/workshops/<workshop_id>/personas/import-file")
@blp.doc(requestBody={"required": True,
                      "content": {"multipart/form-data": {"schema": PersonaFileForm}}})
@blp.response(201, PersonaOut(many=True))
def persona_file_import(workshop_id):
    """Import a facilitator's own cards from an uploaded YAML or CSV file: all of them, or -
    when any line has a problem - none, with every problem named by its line (under
    ``fields.file``). Facilitators only; the form needs the page's CSRF token."""
    from ..access import actor_in
    from ..errors import Invalid
    from ..schemas import new_id
    from ..uploads import decode
    from .files import MAX_FILE_BYTES, format_of
    from .schemas import PersonaFileImport
    from .service import dump_persona, import_file

    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise Invalid.field("file", _("Choose a .yaml, .yml or .csv file of cards."))
    fmt = format_of(upload.filename)
    if fmt is None:
        raise Invalid.field("file", _("Paja reads cards from .yaml, .yml and .csv files; "
                                      "save the file as one of those."))
    data = upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise Invalid.field("file", _(
            "The file is too large: import at most %(kb)d KB at a time (split it into "
            "several files).", kb=MAX_FILE_BYTES // 1024))
    payload = PersonaFileImport().load({"id": request.form.get("id") or new_id(),
                                        "format": fmt, "file": decode(data)})
    made = import_file(actor_in(workshop_id), payload)
    return [_out(dump_persona(persona)) for persona in made]


def _out(card: dict) -> dict:
    """A dumped card as :class:`PersonaOut` reads it (its ``fields`` under ``fields_``)."""
    card["fields_"] = card.pop("fields")
    return card
