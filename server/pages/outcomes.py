"""The outcomes page, "you said, we did": each concept the workshop made, the dots it got,
whether it became a pilot, and what that pilot has done and learned so far - for every
member of the workshop, and for anyone a facilitator gives the read-only link to (managers,
clients who took part on paper).

The page is built from the snapshot its reader would get, so the entity views decide what
is on it: a round's results only once they show, nothing that names a person. The shared
link reads as the room does (the projector's view)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, make_response, render_template
from flask_babel import gettext as _
from sqlalchemy import select

from ..access import actor_in
from ..api import current_language
from ..errors import ServiceError
from ..events.entities import Viewer
from ..events.service import snapshot
from ..extensions import db
from ..formatting import format_amount, format_day
from ..workshops.models import Workshop

bp = Blueprint("outcomes", __name__)

ROOM = Viewer("observer")


def _day(value: str | None, language: str) -> str:
    return format_day(date.fromisoformat(value), language) if value else ""


def outcomes(workshop_id: str, viewer: Viewer, language: str) -> dict:
    """What the page shows ``viewer``, read off the snapshot ``viewer`` would get."""
    from ..pilots.models import STATUS_PROGRESS

    state = snapshot(workshop_id, viewer)["entities"]

    def rows(kind):
        return state.get(kind) or []

    workshop = rows("workshop")[0]
    dots: dict[str, list[dict]] = {}
    for round_ in sorted(rows("vote_round"), key=lambda r: r["position"]):
        if round_["target"] != "concepts" or not round_["results"]:
            continue
        for result in round_["results"]:
            dots.setdefault(result["item_id"], []).append({
                "round": round_["title"], "count": result["count"], "rank": result["rank"],
                "chosen": result["item_id"] in round_["chosen_ids"]})
    measures = {m["id"]: m for m in rows("pilot_measure")}
    pilots = {}
    weighted = []
    for pilot in rows("pilot"):
        updates = sorted((u for u in rows("pilot_update") if u["pilot_id"] == pilot["id"]),
                         key=lambda u: (u["happened_on"] or "", u["created_at"]), reverse=True)
        latest: dict[str, tuple] = {}
        for update in reversed(updates):  # oldest first: the last value written wins
            for value in update["values"]:
                latest[value["measure_id"]] = (value["value"], value["measured_on"])
        pilots[pilot["concept_id"]] = {
            "status": pilot["status"], "progress": pilot["progress"],
            "starts_on": _day(pilot["starts_on"], language),
            "ends_on": _day(pilot["ends_on"], language),
            "hypothesis": pilot["hypothesis"],
            "milestones": [
                {"title": m["title"], "due_on": _day(m["due_on"], language),
                 "done_on": _day(m["done_on"], language)}
                for m in sorted(rows("pilot_milestone"), key=lambda m: m["position"])
                if m["pilot_id"] == pilot["id"]],
            "updates": [
                {"day": _day(u["happened_on"], language), "did": u["did"],
                 "learned": u["learned"], "next_step": u["next_step"]}
                for u in updates if u["did"] or u["learned"] or u["next_step"]],
            "measures": [
                {"name": m["name"], "unit": m["unit"],
                 "baseline": format_amount(m["baseline"], language),
                 "target": format_amount(m["target"], language),
                 "value": format_amount(latest[m["id"]][0], language)
                 if m["id"] in latest else "",
                 "on": _day(latest[m["id"]][1], language) if m["id"] in latest else ""}
                for m in sorted(measures.values(), key=lambda m: m["position"])
                if m["pilot_id"] == pilot["id"]],
        }
        if pilot["status"] != "stopped":
            weighted.append((pilot["progress"], pilot.get("weight") or 1))
    total = sum(weight for _progress, weight in weighted)
    concepts = []
    for concept in sorted(rows("concept"), key=lambda c: c["position"]):
        concepts.append({
            "id": concept["id"], "name": concept["name"], "stage": concept["stage"],
            "need": concept.get("need", ""), "what": concept.get("what", ""),
            "dots": dots.get(concept["id"], []), "pilot": pilots.get(concept["id"])})
    # Pilots first (what was done), then those still waiting, the dropped ones last.
    order = {"piloting": 0, "selected": 1, "refined": 2, "draft": 2, "dropped": 3}
    concepts.sort(key=lambda c: (0 if c["pilot"] else 1 + order.get(c["stage"], 2)))
    return {
        "name": workshop["name"], "concepts": concepts,
        "progress": round(sum(p * w for p, w in weighted) / total) if total else None,
        "pilot_count": len(pilots), "statuses": STATUS_PROGRESS,
    }


def _page(workshop_id: str, viewer: Viewer, shared: bool, **extra):
    language = current_language()
    response = make_response(render_template(
        "outcomes.html", data=outcomes(workshop_id, viewer, language), shared=shared,
        **extra))
    # A member's page and the shared link both show the workshop as it is now.
    response.headers["Cache-Control"] = "no-store"
    if shared:
        response.headers["X-Robots-Tag"] = "noindex"
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/w/<workshop_id>/outcomes")
def for_members(workshop_id):
    try:
        actor = actor_in(workshop_id)
    except ServiceError:
        abort(404)
    return _page(actor.workshop.id, actor.viewer, False, workshop=actor.workshop,
                 facilitator=actor.is_facilitator)


@bp.get("/o/<token>")
def shared(token):
    workshop = None
    if isinstance(token, str) and 0 < len(token) <= 32:
        workshop = db.session.scalar(select(Workshop).where(Workshop.outcomes_token == token))
    if workshop is None:
        abort(404, _("This link to a workshop's outcomes no longer works. Ask the workshop's "
                     "facilitator for a new one."))
    return _page(workshop.id, ROOM, True, workshop=workshop, facilitator=False)
