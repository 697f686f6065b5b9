"""Creating and changing workshops. Every change is one write with its event."""

from __future__ import annotations

import secrets

from flask_babel import gettext as _
from sqlalchemy import select

from ..access import Actor, require_facilitator
from ..database import write_transaction
from ..errors import Conflict, Invalid
from ..events.entities import EntityKind, register
from ..events.service import record
from ..extensions import db
from ..members.models import Member
from ..schemas import new_id
from ..sessions.models import Phase, WorkshopSession
from ..timeutil import epoch
from .models import Workshop
from .templates import Template, available_templates

# No 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B: nothing to mistype from a projector at the back.
JOIN_ALPHABET = "ACDEFHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 6  # 24**6 = 191 million codes; guessing is rate-limited too


def new_join_code() -> str:
    while True:
        code = "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if db.session.scalar(select(Workshop.id).where(Workshop.join_code == code)) is None:
            return code


def normalize_code(raw: str) -> str:
    """Accept what people type: lower case, spaces, dashes."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def dump_workshop(workshop: Workshop) -> dict:
    return {
        "id": workshop.id,
        "name": workshop.name,
        "description": workshop.description,
        "language": workshop.language,
        "template": workshop.template_key,
        "status": workshop.status,
        "join_code": workshop.join_code,
        "projector_token": workshop.projector_token,
        "outcomes_token": workshop.outcomes_token,
        "current_session_id": workshop.current_session_id,
        "groups_self_pick": workshop.groups_self_pick,
        "teams_may_invite": workshop.teams_may_invite,
        "moderated": workshop.moderated,
        "archived_at": epoch(workshop.archived_at),
        "retention_months": workshop.retention_months,
        "created_at": epoch(workshop.created_at),
        "rev": workshop.rev,
    }


def public_workshop(workshop: Workshop) -> dict:
    data = dump_workshop(workshop)
    del data["projector_token"]
    del data["outcomes_token"]
    return data


register(
    EntityKind(
        name="workshop",
        full=dump_workshop,
        public=public_workshop,
        rows=lambda wid: select(Workshop).where(Workshop.id == wid),
    )
)


def _instantiate(workshop: Workshop, template: Template) -> list[WorkshopSession]:
    from datetime import date, timedelta

    sessions = []
    start = date.today()
    for position, spec in enumerate(template.data["sessions"]):
        # A coaching week opens that many weeks from today; its task is due a week later.
        opens_on = start + timedelta(weeks=spec["week"]) if "week" in spec else None
        session = WorkshopSession(
            id=new_id(),
            workshop_id=workshop.id,
            position=position,
            kind=spec["kind"],
            title=spec["title"],
            description=spec.get("description") or {},
            task=spec.get("task"),
            material=spec.get("material"),
            opens_on=opens_on,
            due_on=opens_on + timedelta(days=6) if opens_on and spec.get("task") else None,
        )
        session.phases = [
            Phase(
                id=new_id(),
                position=index,
                title=phase["title"],
                instructions=phase["instructions"],
                minutes=phase["minutes"],
                activity=phase["activity"],
                focus=phase.get("focus"),
            )
            for index, phase in enumerate(spec["phases"])
        ]
        db.session.add(session)
        sessions.append(session)
    return sessions


def create_workshop(user, data: dict) -> Workshop:
    """Create a workshop from a template (or blank) with ``user`` as its facilitator.

    Sending the same ``id`` again returns the workshop already created.
    """
    template = None
    if data.get("template"):
        templates = available_templates()
        template = templates.get(data["template"])
        if template is None:
            raise Invalid.field(
                "template",
                _("No template is called %(key)s. Choose one of: %(keys)s.",
                  key=data["template"], keys=", ".join(sorted(templates))),
            )
    with write_transaction():
        existing = db.session.get(Workshop, data["id"])
        if existing is not None:
            if existing.created_by_id == user.id:
                return existing
            raise Conflict(_("That id is already in use."), {"id": [_("Generate a new id.")]})
        language = data.get("language") or (template.data["language"] if template else "fi")
        name = data.get("name") or (template.name(language) if template else "")
        if not name:
            raise Invalid.field("name", _("Give the workshop a name."))
        workshop = Workshop(
            id=data["id"],
            name=name,
            description=data.get("description")
            or (template.description(language) if template else ""),
            language=language,
            template_key=template.key if template else None,
            join_code=new_join_code(),
            projector_token=secrets.token_urlsafe(24),
            created_by_id=user.id,
        )
        db.session.add(workshop)
        db.session.flush()
        facilitator = Member(
            id=new_id(),
            workshop_id=workshop.id,
            role="facilitator",
            display_name=user.display_name,
            user_id=user.id,
        )
        db.session.add(facilitator)
        sessions = _instantiate(workshop, template) if template else []
        db.session.flush()
        record(workshop.id, "workshop", workshop, type="workshop.created")
        record(workshop.id, "member", facilitator, type="member.joined")
        for session in sessions:
            record(workshop.id, "session", session, type="session.created")
        if template and template.data["personas"]:
            from ..personas.service import import_cards

            import_cards(None, {"keys": template.data["personas"]}, workshop_id=workshop.id)
    return workshop


SETTINGS = ("name", "description", "language", "groups_self_pick", "teams_may_invite",
            "retention_months", "moderated")


def update_workshop(actor: Actor, data: dict) -> Workshop:
    """Rename, re-describe, change the language or the retention period, archive or restore
    a workshop. What changed is written to the audit log by name, never by its text."""
    from ..retention.service import archive

    require_facilitator(actor)
    with write_transaction():
        workshop = db.session.get(Workshop, actor.workshop.id)
        archiving = data.get("status") == "archived" and workshop.status != "archived"
        restoring = data.get("status") == "active" and workshop.status == "archived"
        changed = [key for key in SETTINGS if key in data and getattr(workshop, key) != data[key]]
        for key in changed:
            setattr(workshop, key, data[key])
        if restoring:
            workshop.status = "active"
            workshop.archived_at = None
        if changed or restoring or not archiving:
            record(workshop.id, "workshop", workshop, type="workshop.updated",
                   actor_member_id=actor.member_id)
        if archiving:
            archive(workshop, actor=actor, reason="by_hand")
        if changed:
            details = {"fields": changed}
            if "retention_months" in changed:
                details["retention_months"] = workshop.retention_months
            _audit(actor, "workshop.settings_changed", details)
        if restoring:
            _audit(actor, "workshop.restored")
    return workshop


def _audit(actor: Actor, action: str, details: dict | None = None) -> None:
    from ..audit.service import audit

    audit(action, user=actor.user_id, workshop_id=actor.workshop.id, target_kind="workshop",
          target_id=actor.workshop.id, details=details)


def _retire_invitations(actor: Actor) -> None:
    from ..pilots.service import retire_invitations

    retire_invitations(actor)


def outcomes_link(actor: Actor, data: dict) -> Workshop:
    """Make, renew or end the read-only link to the outcomes page. It shows what the room
    sees of concepts, votes and pilots, to anyone who has it, so only facilitators hand it
    out; asking twice for the same link keeps it."""
    require_facilitator(actor)
    with write_transaction():
        workshop = db.session.get(Workshop, actor.workshop.id)
        if data["share"]:
            token = workshop.outcomes_token
            if token is None or data["renew"]:
                token = secrets.token_urlsafe(18)
        else:
            token = None
        if token != workshop.outcomes_token:
            workshop.outcomes_token = token
            record(workshop.id, "workshop", workshop, type="workshop.outcomes_link",
                   actor_member_id=actor.member_id)
            _audit(actor, "workshop.outcomes_link_changed", {"shared": token is not None})
    return workshop


def regenerate_join_code(actor: Actor, data: dict) -> Workshop:
    """Give the workshop a new join code; the old code and link stop working. ``data`` is
    empty: the command takes no arguments."""
    require_facilitator(actor)
    with write_transaction():
        workshop = db.session.get(Workshop, actor.workshop.id)
        workshop.join_code = new_join_code()
        record(workshop.id, "workshop", workshop, type="workshop.code_changed",
               actor_member_id=actor.member_id)
        _audit(actor, "workshop.join_code_changed")
        # A new code usually means someone unwanted had the old one: links that let people
        # in without a code go with it.
        _retire_invitations(actor)
    return workshop


def workshops_of(user_id: int, *, include_archived: bool = True) -> list[Workshop]:
    query = (
        select(Workshop)
        .join(Member, Member.workshop_id == Workshop.id)
        .where(Member.user_id == user_id, Member.role == "facilitator",
               Member.removed_at.is_(None))
        .order_by(Workshop.created_at.desc())
    )
    if not include_archived:
        query = query.where(Workshop.status == "active")
    return list(db.session.scalars(query))


def find_by_code(code: str) -> Workshop | None:
    code = normalize_code(code)
    if not code:
        return None
    return db.session.scalar(
        select(Workshop).where(Workshop.join_code == code, Workshop.status == "active")
    )

