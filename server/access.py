"""Who is acting, and what they may do: every permission is decided here, on the server.

An :class:`Actor` is resolved from the request (a facilitator's login, a participant's
remembered membership cookie, or a projector link's token) and then checked by the
service function that is about to act.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from flask import current_app, has_request_context, request
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from .errors import Forbidden, NotFound, Unauthenticated
from .events.entities import Viewer
from .extensions import db
from .members.models import Member
from .workshops.models import Workshop

MEMBER_COOKIE = "paja_members"
MAX_REMEMBERED = 30


@dataclass
class Actor:
    workshop: Workshop
    role: str
    member: Member | None = None
    user_id: int | None = None
    # The facilitator's login this actor came in with (a socket re-checks it before acting).
    login_session: str | None = None

    @property
    def viewer(self) -> Viewer:
        return Viewer(self.role, self.member.id if self.member else None)

    @property
    def member_id(self) -> str | None:
        return self.member.id if self.member else None

    @property
    def is_facilitator(self) -> bool:
        return self.role == "facilitator"


def require_facilitator(actor: Actor) -> None:
    if not actor.is_facilitator:
        raise Forbidden(_("Only a facilitator of this workshop can do this."))


def require_contributor(actor: Actor) -> None:
    """Participants and facilitators may add content; observers (projectors) only watch."""
    if actor.role not in ("facilitator", "participant"):
        raise Forbidden(_("This view is read-only."))


def require_open(actor: Actor) -> None:
    if actor.workshop.status == "archived":
        raise Forbidden(_("This workshop is archived; a facilitator can restore it."))


# -- the participant's remembered memberships: a signed cookie ----------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="paja-members")


def remembered_members(cookie_value: str | None = None) -> dict[str, str]:
    """Map of workshop id to member id that this browser joined as."""
    if cookie_value is None and has_request_context():
        cookie_value = request.cookies.get(MEMBER_COOKIE)
    if not cookie_value:
        return {}
    try:
        value = _serializer().loads(cookie_value)
    except BadSignature:
        return {}
    return value if isinstance(value, dict) else {}


def remember_member(response, member: Member) -> None:
    remembered = remembered_members()
    remembered.pop(member.workshop_id, None)
    remembered[member.workshop_id] = member.id
    while len(remembered) > MAX_REMEMBERED:
        remembered.pop(next(iter(remembered)))
    response.set_cookie(
        MEMBER_COOKIE,
        _serializer().dumps(remembered),
        max_age=current_app.config["MEMBER_COOKIE_MAX_AGE"],
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )


# -- resolving the actor -------------------------------------------------------------------


def get_workshop(workshop_id: str) -> Workshop:
    workshop = db.session.get(Workshop, workshop_id) if isinstance(workshop_id, str) else None
    if workshop is None:
        raise NotFound(_("No such workshop."))
    return workshop


def facilitator_member(workshop_id: str, user_id: int) -> Member | None:
    return db.session.scalar(
        select(Member).where(
            Member.workshop_id == workshop_id,
            Member.user_id == user_id,
            Member.role == "facilitator",
            Member.removed_at.is_(None),
        )
    )


def actor_in(
    workshop_id: str,
    *,
    projector_token: str | None = None,
    user_id: int | None = None,
    member_cookie: str | None = None,
) -> Actor:
    """Resolve who the current request is in ``workshop_id``, or refuse.

    A logged-in facilitator of the workshop comes first; then the membership this browser
    remembers; then a projector token, which only ever gives the read-only observer role.
    """
    workshop = get_workshop(workshop_id)
    if user_id is None and has_request_context() and current_user.is_authenticated:
        user_id = current_user.id
    if user_id is not None:
        member = facilitator_member(workshop.id, user_id)
        if member is not None:
            return Actor(workshop, "facilitator", member, user_id, _login_digest(user_id))
    member_id = remembered_members(member_cookie).get(workshop.id)
    if member_id:
        member = db.session.get(Member, member_id)
        if member and member.workshop_id == workshop.id and member.active:
            return Actor(workshop, member.role, member, member.user_id)
    if projector_token and hmac.compare_digest(
        projector_token.encode(), workshop.projector_token.encode()
    ):
        return Actor(workshop, "observer")
    raise Forbidden(_("You are not in this workshop. Join it with its code first."))


def _login_digest(user_id: int) -> str | None:
    """The digest of the login the current request came with, for that user."""
    from .accounts.models import token_digest

    if has_request_context() and current_user.is_authenticated and current_user.id == user_id:
        token = getattr(current_user, "session_token", None)
        return token_digest(token) if token else None
    return None


def refresh(actor: Actor) -> Actor:
    """Re-check a long-lived actor (a socket's) against the database before it acts: the
    member must still be in, and a facilitator's login must still stand (logging out, a new
    password or deactivation ends it)."""
    from .accounts.service import login_valid

    workshop = get_workshop(actor.workshop.id)
    if actor.user_id is not None and not login_valid(actor.login_session):
        raise Unauthenticated(_("You have logged out. Log in again."))
    if actor.member is None:
        if actor.role == "observer":
            return Actor(workshop, "observer")
        raise Forbidden(_("You are not in this workshop. Join it with its code first."))
    member = db.session.get(Member, actor.member.id)
    if member is None or not member.active:
        raise Forbidden(_("You have been removed from this workshop."))
    return Actor(workshop, member.role, member, member.user_id, actor.login_session)
