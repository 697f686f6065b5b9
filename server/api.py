"""The REST API under /api: flask-smorest blueprints, OpenAPI, one error shape."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_babel import gettext as _
from flask_smorest import Api
from flask_wtf.csrf import CSRFError
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from .errors import ServiceError, error_body, from_validation_error, localize


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.is_json


class PajaApi(Api):
    """flask-smorest's Api, answering errors in Paja's shape (JSON for the API, pages
    elsewhere)."""

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
