"""Sending committed events to the rooms of a workshop.

Rooms per workshop: one per role, and one per member. The per-recipient work is the
transport's own: one emit per visibility level, never a loop over clients.
"""

from __future__ import annotations

from ..extensions import socketio
from .models import Event
from .service import message

ROLES = ("facilitator", "participant", "observer")


def role_room(workshop_id: str, role: str) -> str:
    return f"w:{workshop_id}:{role}"


def member_room(member_id: str) -> str:
    return f"m:{member_id}"


def all_rooms(workshop_id: str) -> list[str]:
    return [role_room(workshop_id, role) for role in ROLES]


def broadcast(event: Event) -> None:
    """Emit ``event`` to everyone in its workshop, at the level each may see."""
    wid = event.workshop_id
    if not event.restricted:
        socketio.emit("ev", message(event, "full"), to=all_rooms(wid))
        return
    full_rooms = [role_room(wid, "facilitator")]
    if event.subject_member_id:
        full_rooms.append(member_room(event.subject_member_id))
    # The subject also sits in the participant room and so gets the lesser view too, after
    # the full one; the live client keeps the fullest view it has seen of each number.
    socketio.emit("ev", message(event, "full"), to=full_rooms)
    lesser = "public" if event.public_data is not None else "hidden"
    socketio.emit(
        "ev",
        message(event, lesser),
        to=[role_room(wid, "participant"), role_room(wid, "observer")],
    )
