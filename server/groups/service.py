"""Small groups: made by hand, at random, mixing organisations, or picked by participants.

Each group gets a challenge to frame when it is made (see :mod:`server.challenges`).
Members keep their group across sessions until a facilitator changes it.
"""

from __future__ import annotations

import random
from collections import defaultdict

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ..access import Actor, require_facilitator, require_open
from ..database import write_transaction
from ..errors import Forbidden, Invalid, NotFound
from ..events.entities import EntityKind, register
from ..events.service import record_by
from ..extensions import db
from ..members.models import Member
from ..schemas import new_id
from ..timeutil import epoch
from .models import Group

MAX_GROUPS = 40


def dump_group(group: Group) -> dict:
    return {"id": group.id, "name": group.name, "position": group.position,
            "created_at": epoch(group.created_at), "rev": group.rev}


register(EntityKind(
    name="group", resendable=True,
    full=dump_group,
    rows=lambda wid: select(Group).where(Group.workshop_id == wid)
    .order_by(Group.position, Group.created_at),
))


def get_group(actor: Actor, group_id: str) -> Group:
    group = db.session.get(Group, group_id) if isinstance(group_id, str) else None
    if group is None or group.workshop_id != actor.workshop.id:
        raise NotFound(_("No such group in this workshop."), {"group_id": [_("Unknown id.")]})
    return group


def groups_of(workshop_id: str) -> list[Group]:
    return list(db.session.scalars(select(Group).where(Group.workshop_id == workshop_id)
                                   .order_by(Group.position, Group.created_at)))


def _create(actor: Actor, group_id: str, name: str, position: int) -> Group:
    from ..challenges.service import create_for_group

    group = Group(id=group_id, workshop_id=actor.workshop.id, name=name, position=position)
    db.session.add(group)
    record_by(actor, "group", group, type="group.created")
    create_for_group(actor, group)
    return group


def save_group(actor: Actor, data: dict) -> Group:
    """Make a group (new id) or rename one (known id)."""
    require_facilitator(actor)
    require_open(actor)
    with write_transaction():
        group = db.session.get(Group, data["id"])
        if group is not None and group.workshop_id != actor.workshop.id:
            raise Invalid.field("id", _("That id is already in use; generate a new one."))
        if group is None:
            count = len(groups_of(actor.workshop.id))
            if count >= MAX_GROUPS:
                raise Invalid.field("id", _("A workshop can have at most %(n)d groups.",
                                            n=MAX_GROUPS))
            return _create(actor, data["id"], data["name"], count)
        if group.name != data["name"]:
            group.name = data["name"]
            record_by(actor, "group", group, type="group.renamed")
    return group


def delete_group(actor: Actor, data: dict) -> Group:
    """Remove a group. Its members become ungrouped; its challenge and questions stay."""
    group_id = data["group_id"]
    require_facilitator(actor)
    require_open(actor)
    with write_transaction():
        group = get_group(actor, group_id)
        for member in db.session.scalars(select(Member).where(Member.group_id == group.id)):
            member.group_id = None
            record_by(actor, "member", member, type="member.grouped")
        from ..challenges.service import detach_group

        detach_group(actor, group.id)
        db.session.delete(group)
        record_by(actor, "group", group, type="group.deleted", op="delete")
    return group


def assign(actor: Actor, data: dict) -> Member:
    """Put a member in a group (or none). Facilitators place anyone; a participant may
    place themselves while the facilitator lets participants pick."""
    member_id, group_id = data["member_id"], data["group_id"]
    require_open(actor)
    with write_transaction():
        member = db.session.get(Member, member_id)
        if member is None or member.workshop_id != actor.workshop.id or not member.active:
            raise NotFound(_("No such member in this workshop."),
                           {"member_id": [_("Unknown id.")]})
        if not actor.is_facilitator:
            if member.id != actor.member_id:
                raise Forbidden(_("Only a facilitator can move other people between groups."))
            if not actor.workshop.groups_self_pick:
                raise Forbidden(_("The facilitator decides the groups right now."))
        group = get_group(actor, group_id) if group_id else None
        new = group.id if group else None
        if member.group_id != new:
            member.group_id = new
            record_by(actor, "member", member, type="member.grouped")
    return member


def split(actor: Actor, data: dict) -> list[Group]:
    """Deal every participant into ``count`` groups, at random or mixing organisations.

    Existing groups are reused in order and new ones made as needed (their challenges and
    questions stay); groups beyond ``count`` are left empty for the facilitator to remove.
    """
    count, method = data["count"], data["method"]
    require_facilitator(actor)
    require_open(actor)
    with write_transaction():
        people = list(db.session.scalars(
            select(Member).where(Member.workshop_id == actor.workshop.id,
                                 Member.role == "participant", Member.removed_at.is_(None))
            .order_by(Member.joined_at)))
        if count > max(len(people), 1):
            raise Invalid.field("count", _("There are only %(n)d participants; make at most "
                                           "that many groups.", n=len(people)))
        groups = groups_of(actor.workshop.id)
        with force_locale(actor.workshop.language):
            for index in range(len(groups), count):
                groups.append(_create(actor, new_id(), _("Group %(n)d", n=index + 1), index))
        targets = groups[:count]
        shuffler = random.SystemRandom()
        if method == "mix":
            # Deal each organisation's people round the groups in turn, largest
            # organisation first, so that every group mixes organisations as far as the
            # room allows.
            by_org: dict[str, list[Member]] = defaultdict(list)
            for person in people:
                by_org[(person.organisation or "").strip().casefold()].append(person)
            orgs = list(by_org.values())
            shuffler.shuffle(orgs)
            orgs.sort(key=len, reverse=True)
            order = []
            for members in orgs:
                shuffler.shuffle(members)
                order.extend(members)
        else:
            order = people[:]
            shuffler.shuffle(order)
        # Round-robin: group sizes differ by one at most.
        for index, person in enumerate(order):
            group = targets[index % count]
            if person.group_id != group.id:
                person.group_id = group.id
                record_by(actor, "member", person, type="member.grouped")
    return targets

