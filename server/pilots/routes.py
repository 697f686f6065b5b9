"""Pilot updates and measure values from an uploaded CSV file, over HTTP (a form's file
field is how a browser sends a file; the live command ``pilot.import_file`` takes its text)."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_smorest import Blueprint
from marshmallow import fields

from ..schemas import PajaSchema
from .schemas import PilotImportOut

blp = Blueprint("pilots", __name__, url_prefix="/api", description="Pilots")


class PilotFileForm(PajaSchema):
    file = fields.Raw(metadata={"type": "string", "format": "binary", "description":
                                "pilot_updates.csv or pilot_measure_values.csv, with the "
                                "export's columns."})


@blp.post("/workshops/<workshop_id>/pilots/import-file")
@blp.doc(requestBody={"required": True,
                      "content": {"multipart/form-data": {"schema": PilotFileForm}}})
@blp.response(201, PilotImportOut)
def pilot_file_import(workshop_id):
    """Import pilot updates or measure values from a CSV file with the export's columns:
    every row, or - when any row has a problem - none, with every problem named by its line
    (under ``fields.file``). What Paja holds already is not made twice. Facilitators only;
    the form needs the page's CSRF token."""
    from ..access import actor_in
    from ..errors import Invalid
    from ..uploads import decode
    from .imports import MAX_FILE_BYTES, dump_imported, import_file
    from .schemas import PilotFileImport

    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise Invalid.field("file", _("Choose a .csv file of pilot updates or measure "
                                      "values."))
    if not upload.filename.lower().endswith((".csv", ".txt")):
        raise Invalid.field("file", _("Paja reads pilot updates from .csv files: save the "
                                      "sheet as CSV (UTF-8) and upload that."))
    data = upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise Invalid.field("file", _(
            "The file is too large: import at most %(kb)d KB at a time (split it into "
            "several files).", kb=MAX_FILE_BYTES // 1024))
    payload = PilotFileImport().load({"file": decode(data)})
    return dump_imported(import_file(actor_in(workshop_id), payload))
