"""The REST API under /api: flask-smorest blueprints, OpenAPI, one error shape."""

from __future__ import annotations

import json

from flask import current_app, render_template, request
from flask_babel import gettext as _
from flask_smorest import Api
from flask_wtf.csrf import CSRFError
from marshmallow import Schema, ValidationError, fields
from werkzeug.exceptions import HTTPException

from .errors import BadRequest, ServiceError, error_body, from_validation_error, localize

# No Paja payload nests deeper than a few levels (an archive to import, the deepest, has 7).
# A body nested deeper is refused before any route sees it: parsing 100,000 nested arrays
# exhausts Python's recursion limit, and a free-form field (a survey answer, a task) would
# store what could not be written out again.
MAX_JSON_DEPTH = 32


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.is_json


class ErrorDetail(Schema):
    code = fields.String(required=True, metadata={
        "description": "For programs: invalid, bad_request, unauthenticated, forbidden, "
                       "not_found, conflict, csrf, too_large, rate_limited..."})
    status = fields.Integer(required=True, metadata={"description": "The HTTP status."})
    message = fields.String(required=True, metadata={
        "description": "For people, in the caller's language."})
    fields_ = fields.Dict(keys=fields.String(), data_key="fields", metadata={
        "description": "Messages field by field (nested like the payload), when the payload "
                       "was refused."})
    retry_after = fields.Float(metadata={
        "description": "When refused for going too fast: seconds to wait before trying again."})


class PajaError(Schema):
    error = fields.Nested(ErrorDetail, required=True)


class PajaApi(Api):
    """flask-smorest's Api, answering errors in Paja's shape (JSON for the API, pages
    elsewhere)."""

    # Documents the shape errors really have (flask-smorest's own is another one).
    ERROR_SCHEMA = PajaError

    def handle_http_exception(self, error: HTTPException):
        if isinstance(error, CSRFError):
            message = _("The form has expired or came from another site. Reload the page "
                        "and try again.")
            if wants_json():
                return error_body("csrf", 400, message), 400
            return render_template("error.html", status=400, message=message), 400
        if error.code == 422 and getattr(error, "data", None):
            # webargs nests field errors under the location ("json", "query"...); a client
            # wants the fields.
            messages = error.data.get("messages", {})
            fields: dict = {}
            for located in messages.values():
                fields.update(located)
            body = error_body("invalid", 422, _("Some fields need fixing; see each field's "
                                                "message."), localize(fields))
            return body, 422
        code = {401: "unauthenticated", 403: "forbidden", 404: "not_found",
                405: "method_not_allowed", 413: "too_large", 429: "rate_limited"}.get(
                    error.code, "error")
        message = _describe(error)
        if wants_json():
            return error_body(code, error.code, message), error.code
        return render_template("error.html", status=error.code, message=message), error.code


def _describe(error: HTTPException) -> str:
    return {
        404: _("This page does not exist. Check the address."),
        403: _("You do not have access to this."),
        405: _("This address does not accept that method."),
        413: _("That is too large to send."),
        429: _("Too many tries. Wait a minute and try again."),
        500: _("Something went wrong on our side. Your work is saved; try again in a moment."),
    }.get(error.code, error.description or error.name)


def register_error_handlers(app) -> None:
    @app.errorhandler(ServiceError)
    def on_service_error(error: ServiceError):
        if wants_json():
            return error.body(), error.status
        return render_template("error.html", status=error.status, message=error.message), (
            error.status)

    @app.errorhandler(ValidationError)
    def on_validation_error(error: ValidationError):
        return on_service_error(from_validation_error(error))


def register_request_checks(app) -> None:
    """Check every JSON body once, before any route parses it.

    Routes read their JSON through webargs or ``request.get_json``; parsing it here first
    means a body that is not JSON, or is nested too deeply, gets one clear 400 on every route
    and reaches no service function, so nothing is written.
    """

    @app.before_request
    def check_json_body():
        if not request.is_json:
            return
        body = request.get_data(cache=True)
        if not body.strip():
            return  # the route itself says whether it needs a body
        try:
            value = json.loads(body, parse_constant=_not_json)
        except RecursionError:
            raise _too_deep() from None
        except ValueError:  # also bytes that are not UTF-8
            raise BadRequest(_("The request body is not valid JSON.")) from None
        if _nesting_exceeds(value, MAX_JSON_DEPTH):
            raise _too_deep()


def _not_json(constant: str):
    """Python reads NaN and Infinity, which JSON does not have; refused like any other
    non-JSON, so they never reach a number field or a stored document."""
    raise ValueError(f"{constant} is not JSON")


def _too_deep() -> BadRequest:
    return BadRequest(_("The request body is nested too deeply (at most %(depth)d levels).",
                        depth=MAX_JSON_DEPTH))


def _nesting_exceeds(value, limit: int) -> bool:
    """Whether ``value`` has lists or objects more than ``limit`` levels deep (walked without
    recursion, so that no depth can overflow the stack)."""
    stack = [(value, 1)] if isinstance(value, dict | list) else []
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children
                     if isinstance(child, dict | list))
    return False


def api_spec_settings(app) -> dict:
    return {
        "info": {
            "description": "Every change goes through the same service functions as the "
            "Socket.IO commands. Writes need the X-CSRFToken header of the page's "
            "`csrf-token` meta tag and the session cookie. Creates take a client-generated "
            "`id`: sending the same create twice makes one item. Errors always have the "
            "shape {\"error\": {\"code\", \"status\", \"message\", \"fields\"}}."
        },
        "servers": [{"url": app.config.get("PUBLIC_URL") or "/"}],
    }


def current_language() -> str:
    from flask_babel import get_locale

    locale = get_locale()
    return locale.language if locale else current_app.config["BABEL_DEFAULT_LOCALE"]
