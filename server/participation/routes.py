"""A personal link: someone a facilitator added (they had no device) comes in on a phone of
their own, as the member they already are, and finds what was entered for them."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _

from ..access import remember_member
from ..database import write_transaction
from ..extensions import db
from ..members.service import seen
from ..workshops.models import Workshop
from . import service

bp = Blueprint("participation", __name__)


@bp.get("/c/<token>")
def come_in_page(token):
    """The link's page asks before it lets the person in: a chat app that opens the link
    to show a preview must not use up the one time it works."""
    member = service.member_of_link(token)
    if member is None:
        return _no_longer()
    return render_template("own_link.html", member=member,
                           workshop=db.session.get(Workshop, member.workshop_id))


@bp.post("/c/<token>")
def come_in(token):
    member = service.member_of_link(token)
    if member is None:
        return _no_longer()
    with write_transaction():
        seen(member.id)  # the link works once: from now on the phone remembers them
    response = redirect(url_for("pages.participate", workshop_id=member.workshop_id))
    remember_member(response, member)
    return response


def _no_longer():
    errors = {"code": [_("This personal link no longer works. Ask the facilitator for "
                         "the workshop's code.")]}
    return render_template("index.html", joined=[], errors=errors, code=""), 404
