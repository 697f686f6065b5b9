"""Pages: joining, the participant's phone view, the facilitator's pages, the projector."""

from __future__ import annotations

import io
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import segno
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from marshmallow import ValidationError, fields

from ..access import actor_in, remembered_members
from ..accounts.service import account_named, authenticate, end_login, start_login
from ..api import current_language
from ..audit.service import audit
from ..errors import ServiceError, from_validation_error
from ..extensions import db, limiter
from ..members import door
from ..members import service as members
from ..members.door import DoorClosed
from ..members.schemas import JoinRequest
from ..schemas import PajaSchema, Text, new_id
from ..workshops import service as workshops
from ..workshops.schemas import WorkshopCreate
from ..workshops.templates import available_templates
from .strings.cockpit import SECTIONS, section_titles

bp = Blueprint("pages", __name__)

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
# Only these files of node_modules are served: the browser code the pages load.
VENDOR_FILES = {
    "socket.io.esm.min.js": "socket.io-client/dist/socket.io.esm.min.js",
    "socket.io.esm.min.js.map": "socket.io-client/dist/socket.io.esm.min.js.map",
    "swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
    "swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    # Hyphenation for phones without a dictionary for the page's language, loaded only there.
    "hyphen/hyphen.js": "hyphen/hyphen.js",
    "hyphen/fi.js": "hyphen/patterns/fi.js",
    "hyphen/sv.js": "hyphen/patterns/sv.js",
    "hyphen/en-us.js": "hyphen/patterns/en-us.js",
}
# lit-html is served as its package's own ES modules (the production build at the package's
# top level and directives/), which import each other by relative paths.
LIT_HTML = NODE_MODULES / "lit-html"


class LoginForm(PajaSchema):
    username = Text(max_length=80, required=True)
    password = fields.String(required=True)
    next = fields.String(load_default="")
    csrf_token = fields.String()


class CodeForm(PajaSchema):
    code = Text(max_length=20, required=True)
    csrf_token = fields.String()


class JoinForm(JoinRequest):
    csrf_token = fields.String()


def join_url(workshop) -> str:
    base = current_app.config.get("PUBLIC_URL") or request.host_url
    return base.rstrip("/") + url_for("pages.join_with_code", code=workshop.join_code)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _form_errors(error: ValidationError) -> dict:
    return from_validation_error(error).fields


def safe_next(target, default: str) -> str:
    """A redirect target that stays on this site: a path, with no scheme, host, backslash,
    white space or control character (browsers drop tabs and newlines and read a backslash
    as a slash, so "/%09/evil.example", decoded, would leave the site). Anything else gives
    ``default``."""
    if not isinstance(target, str) or not target.startswith("/") or len(target) > 2000:
        return default
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F or ch == "\\" for ch in target):
        return default
    try:
        parts = urlsplit(target)
    except ValueError:
        return default
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or (
            parts.path.startswith("//")):
        return default
    return urlunsplit(("", "", parts.path, parts.query, parts.fragment))


def _refused(template: str, error: DoorClosed, **context):
    """The door said "not now": the same page again with what the person typed, and when
    to try again."""
    response = make_response(render_template(template, errors={"_": [error.message]},
                                             **context), 429)
    response.headers["Retry-After"] = str(error.retry_after)
    return response


@bp.get("/")
def index():
    remembered = remembered_members()
    joined = []
    if remembered:
        from ..workshops.models import Workshop

        for workshop_id in remembered:
            workshop = db.session.get(Workshop, workshop_id)
            if workshop is not None and workshop.status == "active":
                joined.append(workshop)
    return render_template("index.html", joined=joined, errors={}, code="")


@bp.post("/join")
def join_by_form():
    try:
        form = CodeForm().load(request.form.to_dict())
    except ValidationError as error:
        return render_template("index.html", joined=[], errors=_form_errors(error),
                               code=request.form.get("code", "")), 422
    try:
        workshop = door.find_workshop(form["code"])
    except DoorClosed as error:
        return _refused("index.html", error, joined=[], code=form["code"])
    if workshop is None:
        errors = {"code": [_("No open workshop has this code. Check the code on the screen "
                             "and try again.")]}
        return render_template("index.html", joined=[], errors=errors, code=form["code"]), 422
    return redirect(url_for("pages.join_with_code", code=workshop.join_code))


def _join_values() -> dict:
    """A fresh join form: the member's id and the key that lets a resent form find the
    same member (both made here, kept in the form, never shown to anyone else)."""
    return {"id": new_id(), "key": secrets.token_urlsafe(24), "display_name": "",
            "organisation": ""}


def _join(workshop, form_values: dict):
    form = JoinForm().load({**form_values, "code": workshop.join_code})
    door.door().admit(door.client_address())
    return members.join(workshop, form)


@bp.route("/j/<code>", methods=["GET", "POST"])
def join_with_code(code):
    try:
        workshop = door.find_workshop(code)
    except DoorClosed as error:
        if request.method == "POST":
            # What was typed comes back in the form; which workshop the code opens is not
            # told to an address that is shut out for guessing.
            return _refused("join.html", error, workshop=None,
                            values={**_join_values(), **request.form.to_dict()})
        return _refused("index.html", error, joined=[], code=code[:20])
    if workshop is None:
        errors = {"code": [_("This join link no longer works. Ask for the new code.")]}
        return render_template("index.html", joined=[], errors=errors, code=""), 404
    if current_user.is_authenticated and workshops_facilitated(workshop.id):
        return redirect(url_for("pages.facilitate", workshop_id=workshop.id))
    remembered = remembered_members().get(workshop.id)
    if remembered and request.method == "GET":
        from ..members.models import Member

        member = db.session.get(Member, remembered)
        if member is not None and member.active:
            return redirect(url_for("pages.participate", workshop_id=workshop.id))
    values = _join_values()
    if request.method == "POST":
        values = {**values, **request.form.to_dict()}
        try:
            member = _join(workshop, request.form.to_dict())
        except ValidationError as error:
            return render_template("join.html", workshop=workshop, values=values,
                                   errors=_form_errors(error)), 422
        except DoorClosed as error:
            return _refused("join.html", error, workshop=workshop, values=values)
        except ServiceError as error:
            return render_template("join.html", workshop=workshop, values=values,
                                   errors=error.fields or {"_": [error.message]}), error.status
        from ..access import remember_member

        response = redirect(url_for("pages.participate", workshop_id=workshop.id))
        remember_member(response, member)
        return response
    return render_template("join.html", workshop=workshop, values=values, errors={})


@bp.route("/t/<token>", methods=["GET", "POST"])
def join_pilot_team(token):
    """A pilot team's invitation link: join the workshop if need be, then the team."""
    from ..access import remember_member
    from ..concepts.models import Concept
    from ..members.models import Member
    from ..pilots import service as pilots

    address = door.client_address()
    try:
        door.door().check(address)
    except DoorClosed as error:
        return _refused("index.html", error, joined=[], code="")
    pilot, workshop = pilots.find_by_invitation(token)
    if pilot is None:
        door.door().failed(address)
        errors = {"code": [_("This invitation no longer works. Ask the team for a new link.")]}
        return render_template("index.html", joined=[], errors=errors, code=""), 404
    if current_user.is_authenticated and workshops_facilitated(workshop.id):
        return redirect(url_for("pages.facilitate", workshop_id=workshop.id))
    concept = db.session.get(Concept, pilot.concept_id)
    remembered = remembered_members().get(workshop.id)
    member = db.session.get(Member, remembered) if remembered else None
    already = member is not None and member.active and member.workshop_id == workshop.id
    values = _join_values()
    context = {"workshop": workshop, "pilot_name": concept.name, "already": already,
               "member": member if already else None}
    if request.method == "POST":
        values = {**values, **request.form.to_dict()}
        try:
            if not already:
                member = _join(workshop, request.form.to_dict())
            pilots.accept_invitation(pilot, member)
        except ValidationError as error:
            return render_template("join.html", values=values, errors=_form_errors(error),
                                   **context), 422
        except DoorClosed as error:
            return _refused("join.html", error, values=values, **context)
        except ServiceError as error:
            return render_template("join.html", values=values,
                                   errors=error.fields or {"_": [error.message]},
                                   **context), error.status
        response = redirect(url_for("pages.participate", workshop_id=workshop.id))
        remember_member(response, member)
        return response
    return render_template("join.html", values=values, errors={}, **context)


def workshops_facilitated(workshop_id: str) -> bool:
    from ..access import facilitator_member

    return facilitator_member(workshop_id, current_user.id) is not None


@bp.get("/w/<workshop_id>")
def participate(workshop_id):
    try:
        actor = actor_in(workshop_id)
    except ServiceError:
        flash(_("Join the workshop with its code first."))
        return redirect(url_for("pages.index"))
    if actor.is_facilitator and request.args.get("preview") != "1":
        return redirect(url_for("pages.facilitate", workshop_id=workshop_id))
    return render_template("participant.html", workshop=actor.workshop, actor=actor)


@bp.get("/p/<workshop_id>/<token>")
def projector(workshop_id, token):
    try:
        actor = actor_in(workshop_id, projector_token=token, user_id=-1, member_cookie="")
    except ServiceError:
        abort(404)
    return render_template("projector.html", workshop=actor.workshop, token=token)


@bp.get("/w/<workshop_id>/qr.svg")
def join_qr(workshop_id):
    actor = actor_in(workshop_id, projector_token=request.args.get("projector"))
    buffer = io.BytesIO()
    segno.make(join_url(actor.workshop), error="m").save(
        buffer, kind="svg", scale=10, border=2, xmldecl=False, svgns=True,
        title=_("QR code: join the workshop"), dark="#111111",
    )
    response = Response(buffer.getvalue(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "no-store"
    return response


# -- facilitators --------------------------------------------------------------------------


@bp.get("/f")
@login_required
def dashboard():
    return _dashboard()


def _dashboard(values: dict | None = None, errors: dict | None = None, **extra) -> str:
    """The facilitator's workshops page, with what a refused form needs to show again."""
    language = current_language()
    return render_template(
        "dashboard.html",
        workshops=workshops.workshops_of(current_user.id),
        templates=[(key, t.name(language), t.description(language))
                   for key, t in available_templates().items()],
        values={**(values or {}), "id": new_id()},
        errors=errors or {},
        **extra,
    )


@bp.post("/f/workshops")
@login_required
def create_workshop():
    form = request.form.to_dict()
    form.pop("csrf_token", None)
    form = {k: v for k, v in form.items() if v != ""}
    try:
        data = WorkshopCreate().load(form)
        if not data.get("template") and not data.get("name"):
            raise ValidationError({"name": [_("Give a name, or choose a template.")]})
        workshop = workshops.create_workshop(current_user, data)
    except (ValidationError, ServiceError) as error:
        errors = _form_errors(error) if isinstance(error, ValidationError) else (
            error.fields or {"_": [error.message]})
        return _dashboard(request.form.to_dict(), errors), 422
    return redirect(url_for("pages.facilitate", workshop_id=workshop.id))


@bp.post("/f/import")
@login_required
def import_workshop():
    """Create a workshop from an uploaded archive (or as a template)."""
    from ..exports.archive import import_archive, read_upload

    try:
        workshop = import_archive(current_user, read_upload(request.files.get("archive")),
                                  as_template=request.form.get("as_template") == "on")
    except ServiceError as error:
        return _dashboard(import_errors=list(dict.fromkeys([error.message, *[
            m for ms in (error.fields or {}).values() for m in ms]]))), 422
    return redirect(url_for("pages.facilitate", workshop_id=workshop.id))


@bp.get("/f/w/<workshop_id>")
@bp.get("/f/w/<workshop_id>/<section>")
@login_required
def facilitate(workshop_id, section="run"):
    """The facilitator's cockpit; each section has its own address, so the back button
    works and a link can be sent to a co-facilitator."""
    if section not in SECTIONS:
        abort(404)
    actor = actor_in(workshop_id)
    if not actor.is_facilitator:
        abort(403)
    return render_template("facilitator.html", workshop=actor.workshop, actor=actor,
                           join_url=join_url(actor.workshop), section=section,
                           sections=section_titles())


# -- accounts and language -----------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    next_url = safe_next(request.values.get("next"), url_for("pages.dashboard"))
    if request.method == "GET":
        return render_template("login.html", errors={}, next=next_url, username="")
    try:
        form = LoginForm().load(request.form.to_dict())
    except ValidationError as error:
        return render_template("login.html", errors=_form_errors(error), next=next_url,
                               username=request.form.get("username", "")), 422
    user = authenticate(form["username"], form["password"])
    if user is None:
        _audit_failed_login(form["username"])
        errors = {"_": [_("The username or password is wrong.")]}
        return render_template("login.html", errors=errors, next=next_url,
                               username=form["username"]), 401
    session.clear()
    start_login(user)
    login_user(user)
    session.permanent = True
    audit("login.succeeded", user=user, target_kind="account", target_id=str(user.id))
    return redirect(next_url)


def _audit_failed_login(username: str) -> None:
    # Only an account's own username is kept: what else was typed could be anything, even
    # a password in the wrong box.
    account = account_named(username)
    audit("login.failed", user=account, target_kind="account",
          target_id=str(account.id) if account else None,
          details={"known_account": account is not None,
                   "account_active": bool(account and account.active)})


@bp.post("/logout")
def logout():
    token = getattr(current_user, "session_token", None) if (
        current_user.is_authenticated) else None
    if token:
        audit("login.logged_out", target_kind="account", target_id=str(current_user.id))
    logout_user()
    session.clear()
    end_login(token)
    flash(_("You have logged out."))
    return redirect(url_for("pages.index"))


@bp.get("/lang/<language>")
def choose_language(language):
    """Remember the interface language ``language`` (fi, fi-x-selko, sv, en) on this device
    for a year and go back to ``next``. ``selko`` is short for plain Finnish."""
    from ..languages import COOKIE, PLAIN_FINNISH, interface_languages

    if language == "selko":
        language = PLAIN_FINNISH
    if language not in interface_languages():
        abort(404)
    target = safe_next(request.args.get("next"), "/")
    response = make_response(redirect(target))
    response.set_cookie(COOKIE, language, max_age=365 * 24 * 3600, samesite="Lax",
                        httponly=True, secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


@bp.get("/vendor/<path:name>")
def vendor(name):
    from ..delivery import send

    path = vendor_path(name)
    if path is not None and not path.exists():
        current_app.logger.error("%s is missing: run `npm ci` (bin/setup does).", path)
    return send(path if path is not None and path.is_file() else None)


def vendor_path(name: str) -> Path | None:
    """The file of node_modules served as /vendor/``name``, if any."""
    relative = VENDOR_FILES.get(name)
    if relative is not None:
        return NODE_MODULES / relative
    if lit_module(name):
        return LIT_HTML / name.removeprefix("lit-html/")
    return None


def vendor_names() -> list[str]:
    """Every name /vendor/ serves."""
    names = list(VENDOR_FILES)
    for folder, prefix in ((LIT_HTML, "lit-html/"),
                           (LIT_HTML / "directives", "lit-html/directives/")):
        if folder.is_dir():
            names += sorted(prefix + path.name for path in folder.iterdir()
                            if lit_module(prefix + path.name))
    return names


def lit_module(name: str) -> bool:
    """Whether ``name`` is one of lit-html's production modules (or its source map)."""
    parts = name.split("/")
    if parts[0] != "lit-html" or not name.endswith((".js", ".js.map")):
        return False
    return len(parts) == 2 or (len(parts) == 3 and parts[1] == "directives")


@bp.get("/api/docs")
def api_docs():
    return render_template("api_docs.html")


def register_page_helpers(app) -> None:
    from .board_strings import board_config, board_strings

    @app.context_processor
    def page_context():
        return {
            "lang": current_language(),
            "text": lambda value: localized(value, current_language()),
            "board_strings": board_strings,
            "board_config": board_config,
        }

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            "script-src 'self'; connect-src 'self' ws: wss:; frame-ancestors 'none'; "
            "base-uri 'self'; form-action 'self'",
        )
        return response


def localized(value, language: str) -> str:
    """The text of a language map for a reader of ``language`` (see ``pick_language``)."""
    from ..schemas import pick_language

    return pick_language(value, language)[0]
