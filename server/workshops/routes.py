"""REST: workshops, templates, state and the event log."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_smorest import Blueprint

from ..access import actor_in
from ..api import current_language
from ..errors import Invalid
from ..events.service import events_since, snapshot
from . import service
from .schemas import (
    EventsOut,
    EventsQuery,
    StateOut,
    TemplateOut,
    WorkshopCreate,
    WorkshopOut,
    WorkshopUpdate,
)
from .templates import available_templates

blp = Blueprint("workshops", __name__, url_prefix="/api", description="Workshops")


@blp.get("/templates")
@blp.response(200, TemplateOut(many=True))
def list_templates():
    """The workshop templates a facilitator can start from."""
    language = current_language()
    return [
        {"key": t.key, "name": t.name(language), "description": t.description(language),
         "sessions": len(t.data["sessions"])}
        for t in available_templates().values()
    ]


@blp.get("/workshops")
@blp.response(200, WorkshopOut(many=True))
@login_required
def list_workshops():
    """The workshops the logged-in facilitator runs."""
    return [service.dump_workshop(w) for w in service.workshops_of(current_user.id)]


@blp.post("/workshops")
@blp.arguments(WorkshopCreate)
@blp.response(201, WorkshopOut)
@login_required
def create_workshop(data):
    """Create a workshop from a template or blank; the same id twice makes one workshop."""
    if not data.get("template") and not data.get("name"):
        raise Invalid.field("name", _("Give a name, or choose a template."))
    return service.dump_workshop(service.create_workshop(current_user, data))


@blp.get("/workshops/<workshop_id>")
@blp.response(200, WorkshopOut)
def get_workshop(workshop_id):
    actor = actor_in(workshop_id)
    dump = service.dump_workshop if actor.is_facilitator else service.public_workshop
    return dump(actor.workshop)


@blp.patch("/workshops/<workshop_id>")
@blp.arguments(WorkshopUpdate)
@blp.response(200, WorkshopOut)
def update_workshop(data, workshop_id):
    """Rename, describe, change the language, archive (status=archived) or restore."""
    return service.dump_workshop(service.update_workshop(actor_in(workshop_id), data))


@blp.post("/workshops/<workshop_id>/join-code")
@blp.response(200, WorkshopOut)
def regenerate_join_code(workshop_id):
    """A new join code; the old one stops working at once."""
    return service.dump_workshop(service.regenerate_join_code(actor_in(workshop_id), {}))


@blp.get("/workshops/<workshop_id>/state")
@blp.response(200, StateOut)
def get_state(workshop_id):
    """Everything in the workshop that the caller may see, and the event number it is at."""
    actor = actor_in(workshop_id)
    return snapshot(actor.workshop.id, actor.viewer)


@blp.get("/workshops/<workshop_id>/events")
@blp.arguments(EventsQuery, location="query")
@blp.response(200, EventsOut)
def get_events(query, workshop_id):
    """Events after ``since``, as the caller may see them; a snapshot instead when too many
    are missing."""
    actor = actor_in(workshop_id)
    events = events_since(actor.workshop.id, query["since"], actor.viewer,
                          current_app.config["CATCHUP_LIMIT"])
    if events is None:
        return {"events": None, "snapshot": snapshot(actor.workshop.id, actor.viewer)}
    return {"events": events, "snapshot": None}


