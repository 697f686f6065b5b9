"""A personal link: someone a facilitator added (they had no device) comes in on a phone of
their own, as the member they already are, and finds what was entered for them."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _

from ..access import remember_member
from ..database import write_transaction
from ..members.service import seen
from . import service

bp = Blueprint("participation", __name__)


@bp.get("/c/<token>")
def come_in(token):
    member = service.member_of_link(token)
    if member is None:
        errors = {"code": [_("This personal link no longer works. Ask the facilitator for "
                             "the workshop's code.")]}
        return render_template("index.html", joined=[], errors=errors, code=""), 404
    with write_transaction():
        seen(member.id)  # the link works once: from now on the phone remembers them
    response = redirect(url_for("pages.participate", workshop_id=member.workshop_id))
    remember_member(response, member)
    return response
