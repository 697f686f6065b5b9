"""The audit log's readers and the instance administrator's page.

A workshop's facilitators read its entries (``/api/workshops/<id>/audit``); an
administrator reads every entry and manages accounts, retention defaults and sees every
workshop's retention (``/admin``). Every check is made here, on the server: anyone else gets
403 (logged in) or the login page.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import ValidationError, fields
from sqlalchemy import select

from ..access import actor_in, require_facilitator
from ..accounts import service as accounts
from ..errors import ServiceError
from ..extensions import db
from ..schemas import PajaSchema, Text
from . import service

bp = Blueprint("audit", __name__)
PER_PAGE = 50


class PageQuery(PajaSchema):
    page = fields.Integer(load_default=1, strict=False)


class AccountForm(PajaSchema):
    username = Text(max_length=80, required=True)
    display_name = Text(max_length=80, allow_empty=True, load_default="")
    password = fields.String(required=True)
    csrf_token = fields.String()


class PasswordForm(PajaSchema):
    password = fields.String(required=True)
    csrf_token = fields.String()


class DefaultsForm(PajaSchema):
    retention_months = fields.Integer(required=True)
    csrf_token = fields.String()


def _page() -> int:
    try:
        page = PageQuery().load(request.args.to_dict())["page"]
    except ValidationError:
        page = 1
    return max(1, page)


def _entries_json(rows, total, page):
    labels = service.action_labels()
    return jsonify({"entries": [service.dump_entry(row, labels) for row in rows],
                    "total": total, "page": page, "per_page": PER_PAGE})


@bp.get("/api/workshops/<workshop_id>/audit")
def workshop_audit(workshop_id):
    """The workshop's audit entries, newest first, a page at a time: facilitators only."""
    actor = actor_in(workshop_id)
    require_facilitator(actor)
    page = _page()
    rows, total = service.entries(workshop_id=actor.workshop.id, page=page, per_page=PER_PAGE)
    return _entries_json(rows, total, page)


@bp.get("/api/workshops/<workshop_id>/retention")
def workshop_retention(workshop_id):
    """When the workshop archives by itself and when it is deleted: facilitators only."""
    from ..retention import service as retention
    from ..timeutil import epoch

    actor = actor_in(workshop_id)
    require_facilitator(actor)
    state = retention.state(actor.workshop)
    return jsonify({
        **state,
        "archived_at": epoch(state["archived_at"]),
        "deletes_at": epoch(state["deletes_at"]),
        "programme_ends_on": state["programme_ends_on"] and state["programme_ends_on"].isoformat(),
        "archives_on": state["archives_on"] and state["archives_on"].isoformat(),
        "default_months": retention.instance_retention_months(),
    })


def require_admin() -> None:
    if not current_user.is_authenticated:
        abort(401)
    if not getattr(current_user, "is_admin", False):
        abort(403)


@bp.get("/api/admin/audit")
@login_required
def admin_audit():
    """Every audit entry, newest first: administrators only."""
    require_admin()
    page = _page()
    rows, total = service.entries(all_workshops=True, page=page, per_page=PER_PAGE)
    return _entries_json(rows, total, page)


# -- the administrator's page -------------------------------------------------------------


@bp.get("/admin")
@login_required
def admin():
    require_admin()
    return _admin_page()


def _admin_page(errors: dict | None = None, values: dict | None = None, status: int = 200):
    from ..retention import service as retention
    from ..workshops.models import Workshop

    page = _page()
    rows, total = service.entries(all_workshops=True, page=page, per_page=PER_PAGE)
    workshops = db.session.scalars(select(Workshop).order_by(Workshop.created_at.desc())).all()
    names = {w.id: w.name for w in workshops}
    return render_template(
        "admin.html",
        accounts=accounts.accounts(),
        workshops=[(w, retention.state(w)) for w in workshops],
        entries=rows, total=total, page=page, pages=max(1, -(-total // PER_PAGE)),
        labels=service.action_labels(), workshop_names=names,
        default_months=retention.instance_retention_months(),
        errors=errors or {}, values=values or {},
    ), status


def _form(schema) -> dict:
    return schema.load(request.form.to_dict())


def _refused(error, values=None):
    if isinstance(error, ValidationError):
        messages = error.messages if isinstance(error.messages, dict) else {"_": error.messages}
        errors = {key: value if isinstance(value, list) else [str(value)]
                  for key, value in messages.items()}
    else:
        errors = error.fields or {"_": [error.message]}
    return _admin_page(errors, values, 422)


@bp.post("/admin/accounts")
@login_required
def create_account():
    require_admin()
    try:
        form = _form(AccountForm())
        user = accounts.create_user(form["username"], form["display_name"], form["password"])
    except (ValidationError, ServiceError) as error:
        values = request.form.to_dict()
        values.pop("password", None)
        return _refused(error, values)
    flash(_("Account %(name)s created.", name=user.username))
    return redirect(url_for("audit.admin") + "#accounts")


def _account(user_id: int):
    from ..accounts.models import User

    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.post("/admin/accounts/<int:user_id>/active")
@login_required
def set_active(user_id):
    require_admin()
    user = _account(user_id)
    if user.id == current_user.id:
        return _refused(ServiceError(_("You cannot deactivate your own account here.")))
    user = accounts.set_active(user.username, not user.active)
    flash(_("Account %(name)s activated.", name=user.username) if user.active
          else _("Account %(name)s deactivated; its logins have ended.", name=user.username))
    return redirect(url_for("audit.admin") + "#accounts")


@bp.post("/admin/accounts/<int:user_id>/password")
@login_required
def reset_password(user_id):
    require_admin()
    user = _account(user_id)
    try:
        form = _form(PasswordForm())
        accounts.set_password(user.username, form["password"])
    except (ValidationError, ServiceError) as error:
        return _refused(error, {"password_for": user.id})
    flash(_("New password set for %(name)s; their logins have ended.", name=user.username))
    return redirect(url_for("audit.admin") + "#accounts")


@bp.post("/admin/defaults")
@login_required
def save_defaults():
    from ..retention import service as retention
    from ..workshops.schemas import months_message

    require_admin()
    try:
        form = _form(DefaultsForm())
        months = form["retention_months"]
        if not retention.MIN_MONTHS <= months <= retention.MAX_MONTHS:
            raise ValidationError({"retention_months": [months_message()]})
    except ValidationError as error:
        if "retention_months" in (error.messages if isinstance(error.messages, dict) else {}):
            error = ValidationError({"retention_months": [months_message()]})
        return _refused(error, request.form.to_dict())
    retention.set_instance_retention_months(months)
    flash(_("Saved."))
    return redirect(url_for("audit.admin") + "#defaults")


def register_template_helpers(app) -> None:
    from ..formatting import format_day

    @app.template_filter("day")
    def day_filter(value):
        return format_day(value) if value else "–"

    @app.template_filter("moment")
    def moment_filter(value):
        from ..timeutil import epoch

        if value is None:
            return "–"
        from datetime import UTC, datetime

        from babel.dates import format_datetime

        from ..formatting import babel_locale

        aware = datetime.fromtimestamp(epoch(value), UTC)
        return format_datetime(aware, "short", tzinfo="Europe/Helsinki", locale=babel_locale(None))

    @app.template_global()
    def retention_notice(workshop):
        """The cockpit's and dashboard's warning line when a workshop will soon be deleted,
        or ``None``."""
        from ..formatting import format_day
        from ..retention import service as retention

        state = retention.state(workshop)
        if not state["warning"]:
            return None
        return _("This workshop will be deleted with everything in it on %(day)s. Export "
                 "what you need to keep before then, or restore the workshop.",
                 day=format_day(state["deletes_at"].date()))
