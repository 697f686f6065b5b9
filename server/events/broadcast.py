"""Sending committed events to the rooms of a workshop.

Rooms per workshop: one per role, and one per member. The per-recipient work is the
transport's own: one emit per visibility level, never a loop over clients.

An event the participants and the projector may not see reaches them only as its number,
so that they know nothing is missing. Those numbers are sent together: a hall joining at
once (every join is such an event) would otherwise cost every phone one message per
person. They wait at most :data:`HIDDEN_DELAY` (well inside the 1.5 s a client waits on a
hole) and go before any event those rooms may see, so a visible event is never held behind
them: ``{"seq": last, "hidden": true,
"seqs": [...]}``. A client that does not know ``seqs`` sees a hole and asks for what it
missed, which gives the same result.
"""

from __future__ import annotations

import threading

from ..extensions import socketio
from .coalesce import soon
from .models import Event
from .service import message

HIDDEN_DELAY = 0.5

_lock = threading.Lock()
_hidden: dict[str, list[int]] = {}  # workshop id -> numbers not yet sent to its lesser rooms

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
        _send_hidden(wid)
        socketio.emit("ev", message(event, "full"), to=all_rooms(wid))
        return
    full_rooms = [role_room(wid, "facilitator")]
    if event.subject_member_id:
        full_rooms.append(member_room(event.subject_member_id))
    # The subject also sits in the participant room and so gets the lesser view too, after
    # the full one; the live client keeps the fullest view it has seen of each number.
    socketio.emit("ev", message(event, "full"), to=full_rooms)
    if event.public_data is None:
        with _lock:
            first = wid not in _hidden
            _hidden.setdefault(wid, []).append(event.seq)
        if first:
            soon(wid, _send_hidden_of, wid, HIDDEN_DELAY)
        return
    _send_hidden(wid)
    socketio.emit("ev", message(event, "public"), to=lesser_rooms(wid))


def lesser_rooms(workshop_id: str) -> list[str]:
    return [role_room(workshop_id, "participant"), role_room(workshop_id, "observer")]


def _send_hidden(workshop_id: str) -> None:
    with _lock:
        seqs = _hidden.pop(workshop_id, None)
    if seqs:
        socketio.emit("ev", {"seq": max(seqs), "hidden": True, "seqs": sorted(seqs)},
                      to=lesser_rooms(workshop_id))


def _send_hidden_of(workshop_ids) -> None:
    for workshop_id in workshop_ids:
        _send_hidden(workshop_id)
