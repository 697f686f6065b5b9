"""Introductions: who I am, my organisation and what I hope to get out of this, written
before the first session and read by everyone in the workshop."""

from __future__ import annotations

from flask_babel import gettext as _
from marshmallow import fields
from sqlalchemy import select

from ..access import Actor, require_contributor, require_open
from ..database import write_transaction
from ..errors import Forbidden
from ..events.entities import EntityKind, register
from ..events.service import record
from ..extensions import db
from ..schemas import PajaSchema, Text
from ..timeutil import epoch, utcnow
from .models import Introduction, Member


class IntroductionSave(PajaSchema):
    about = Text(max_length=600, required=True,
                 metadata={"description": "Who I am: a few sentences."})
    hopes = Text(max_length=600, allow_empty=True, load_default="",
                 metadata={"description": "What I hope to get out of this."})
    organisation = Text(max_length=80, allow_empty=True, allow_none=True,
                        metadata={"description": "Stored on the member; left out = unchanged."})


def dump_introduction(intro: Introduction) -> dict:
    return {"id": intro.id, "member_id": intro.id, "about": intro.about, "hopes": intro.hopes,
            "updated_at": epoch(intro.updated_at), "rev": intro.rev}


register(EntityKind(
    name="introduction",
    full=dump_introduction,
    rows=lambda wid: select(Introduction).where(Introduction.workshop_id == wid)
    .order_by(Introduction.updated_at),
))


def save_introduction(actor: Actor, data: dict) -> Introduction:
    """Write or rewrite my introduction (and my organisation). Saving the same text again
    changes nothing, so a phone may resend it safely."""
    require_contributor(actor)
    require_open(actor)
    if actor.member is None:
        raise Forbidden(_("Join the workshop first."))
    with write_transaction():
        member = db.session.get(Member, actor.member_id)
        intro = db.session.get(Introduction, member.id)
        if intro is None:
            intro = Introduction(id=member.id, workshop_id=member.workshop_id)
            db.session.add(intro)
        changed = intro.about != data["about"] or intro.hopes != data["hopes"]
        if changed or intro.rev == 0:
            intro.about, intro.hopes = data["about"], data["hopes"]
            intro.updated_at = utcnow()
            record(member.workshop_id, "introduction", intro, type="introduction.saved",
                   actor_member_id=member.id)
        if "organisation" in data and (data["organisation"] or None) != member.organisation:
            member.organisation = data["organisation"] or None
            record(member.workshop_id, "member", member, type="member.updated",
                   actor_member_id=member.id)
    return intro


IntroductionOut = PajaSchema.from_dict({
    "id": fields.String(), "member_id": fields.String(), "about": fields.String(),
    "hopes": fields.String(), "updated_at": fields.Float(), "rev": fields.Integer(),
}, name="IntroductionOut")
