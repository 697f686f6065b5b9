"""Downloads of a workshop's exports, a participant's own contributions, and importing an
archive (as a workshop or as a template)."""

from __future__ import annotations

from flask import Blueprint, Response, request
from flask_login import current_user, login_required

from ..access import actor_in
from ..audit.service import audit
from . import archive, service

bp = Blueprint("exports", __name__)


@bp.get("/api/workshops/<workshop_id>/exports/<kind>")
def download(workshop_id, kind):
    """A facilitator's download: archive.json, tables.zip, report.md or report.pdf."""
    actor = actor_in(workshop_id)
    data = service.facilitator_export(actor, kind)
    audit("export.downloaded", user=actor.user_id, workshop_id=actor.workshop.id,
          target_kind=kind, details={"bytes": len(data)})
    name = f"{service.file_stem(actor.workshop)}-{kind}"
    return Response(data, mimetype=service.KINDS[kind], headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "Content-Length": str(len(data)), "Cache-Control": "no-store"})


@bp.get("/api/workshops/<workshop_id>/my-contributions.json")
def mine(workshop_id):
    """What this member wrote, for them to keep."""
    actor = actor_in(workshop_id)
    data = service.to_json(service.my_contributions(actor))
    return Response(data, mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="paja-omat-tekstini.json"',
        "Cache-Control": "no-store"})


@bp.get("/api/workshops/<workshop_id>/my-data")
def my_data(workshop_id):
    """Everything Paja holds about this member in the workshop, as JSON: for the phone's
    "My data" page, and with ``?download=1`` as a file to keep."""
    from .mydata import my_data as collect

    data = service.to_json(collect(actor_in(workshop_id)))
    headers = {"Cache-Control": "no-store"}
    if request.args.get("download"):
        headers["Content-Disposition"] = 'attachment; filename="paja-my-data.json"'
    return Response(data, mimetype="application/json", headers=headers)


@bp.get("/api/workshops/<workshop_id>/my-data.html")
def my_data_html(workshop_id):
    """The same as a readable page to keep, in the member's language."""
    from datetime import date

    from flask import render_template

    from ..formatting import format_day
    from ..languages import interface_language
    from ..schemas import printable
    from .mydata import my_data as collect

    data = printable(collect(actor_in(workshop_id)))
    page = render_template("my_data.html", data=data, lang=interface_language()[:2],
                           made_on=format_day(date.today()))
    return Response(page, mimetype="text/html", headers={
        "Content-Disposition": 'attachment; filename="paja-my-data.html"',
        "Cache-Control": "no-store"})


@bp.post("/api/workshops/import")
@login_required
def import_archive():
    """Create a workshop from an archive: JSON body {"archive": {...}, "as_template": bool},
    or a form upload (file "archive", checkbox "as_template")."""
    from ..workshops.service import dump_workshop

    if request.files.get("archive"):
        data = archive.read_upload(request.files["archive"])
        as_template = request.form.get("as_template") in ("1", "true", "on")
    else:
        # Parsed like an uploaded file, so that a body that is no archive - not JSON, or
        # nested deeper than the parser goes - is answered alike whichever way it came.
        raw = request.get_data()
        body = archive.parse(raw) if raw else {}
        body = body if isinstance(body, dict) else {}
        data, as_template = body.get("archive"), bool(body.get("as_template"))
    workshop = archive.import_archive(current_user, data, as_template=as_template)
    return dump_workshop(workshop), 201
