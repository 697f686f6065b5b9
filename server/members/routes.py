"""REST: joining, and the member list."""

from __future__ import annotations

from flask import make_response
from flask_babel import gettext as _
from flask_smorest import Blueprint

from ..access import actor_in, remember_member
from ..errors import Invalid
from ..participation.schemas import ParticipationOut
from . import door, erasure, service
from .schemas import FacilitatorAdd, JoinOut, JoinRequest, MemberErase, MemberOut, MemberUpdate

blp = Blueprint("members", __name__, url_prefix="/api", description="Joining and members")


@blp.post("/join")
@blp.arguments(JoinRequest)
@blp.response(200, JoinOut)
def join(data):
    """Join a workshop with its code, as a participant with no account.

    The browser is remembered with a signed cookie, so coming back rejoins as the same
    member. Wrong codes are counted per address and overall (429 with `retry_after`
    seconds when refused); a resent join needs the `key` of the first one.
    """
    workshop = door.find_workshop(data["code"])
    if workshop is None:
        raise Invalid.field("code", _("No open workshop has this code. Check the code on "
                                      "the screen and try again."))
    door.door().admit(door.client_address())
    member = service.join(workshop, data)
    response = make_response(
        {"workshop_id": workshop.id, "member": service.dump_member(member)}
    )
    remember_member(response, member)
    return response


@blp.get("/workshops/<workshop_id>/members")
@blp.response(200, MemberOut(many=True))
def list_members(workshop_id):
    from sqlalchemy import select

    from ..extensions import db
    from .models import Member

    actor = actor_in(workshop_id)
    rows = db.session.scalars(select(Member).where(Member.workshop_id == actor.workshop.id)
                              .order_by(Member.joined_at))
    return [service.dump_member(m) for m in rows]


@blp.patch("/workshops/<workshop_id>/members/<member_id>")
@blp.arguments(MemberUpdate)
@blp.response(200, MemberOut)
def update_member(data, workshop_id, member_id):
    """Rename a member (facilitators), or yourself."""
    return service.dump_member(service.update_member(actor_in(workshop_id),
                                                     data | {"member_id": member_id}))


@blp.delete("/workshops/<workshop_id>/members/<member_id>")
@blp.response(200, MemberOut)
def remove_member(workshop_id, member_id):
    """Remove a member: their sockets close and their remembered link stops working."""
    return service.dump_member(service.remove_member(actor_in(workshop_id),
                                                     {"member_id": member_id}))


@blp.post("/workshops/<workshop_id>/members/<member_id>/erase")
@blp.arguments(MemberErase)
@blp.response(200, MemberOut)
def erase_member(data, workshop_id, member_id):
    """Erase a member's data: yourself, or anyone in your workshop as its facilitator.

    Their name, organisation, introduction, reminder channels and private answers go at
    once; `contributions` says whether what they wrote for the group stays, shown as "a
    participant" (`anonymise`), or goes too (`remove`). Their phone's session ends.
    """
    return service.dump_member(erasure.erase_member(actor_in(workshop_id),
                                                    data | {"member_id": member_id}))


@blp.post("/workshops/<workshop_id>/facilitators")
@blp.arguments(FacilitatorAdd)
@blp.response(201, MemberOut)
def add_facilitator(data, workshop_id):
    """Add another facilitator account to this workshop."""
    return service.dump_member(service.add_facilitator(actor_in(workshop_id), data["username"]))


@blp.get("/workshops/<workshop_id>/participation")
@blp.response(200, ParticipationOut)
def participation(workshop_id):
    """Who has taken part in what, and who not yet: per participant, counts (never content)
    of what they did in each live session and between sessions, their answers to tasks,
    when they were last here, and the open tasks they have not done. Facilitators only;
    anyone else gets 403."""
    from ..participation.service import participation as participation_of

    return participation_of(actor_in(workshop_id))
