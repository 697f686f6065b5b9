"""The one error shape, for HTTP bodies and socket acknowledgements alike.

    {"error": {"code": "invalid", "status": 422, "message": "...", "fields": {"name": ["..."]}}}

Service functions raise :class:`ServiceError` subclasses; each transport turns them (and
marshmallow's ``ValidationError``) into that shape.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _
from marshmallow import ValidationError


class ServiceError(Exception):
    code = "error"
    status = 400

    def __init__(self, message: str, fields: dict | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}

    def body(self) -> dict:
        return error_body(self.code, self.status, self.message, self.fields)


class BadRequest(ServiceError):
    """The request itself cannot be read (a body that is not JSON, or nested too deeply)."""

    code = "bad_request"
    status = 400


class Invalid(ServiceError):
    code = "invalid"
    status = 422

    @classmethod
    def field(cls, name: str, message: str) -> Invalid:
        return cls(message, {name: [message]})


class Unauthenticated(ServiceError):
    code = "unauthenticated"
    status = 401


class Forbidden(ServiceError):
    code = "forbidden"
    status = 403


class NotFound(ServiceError):
    code = "not_found"
    status = 404


class Conflict(ServiceError):
    code = "conflict"
    status = 409


class Gone(ServiceError):
    """A create resent after its item was deleted: nothing is made again, and the sender
    can stop resending."""

    code = "removed"
    status = 410


def error_body(code: str, status: int, message: str, fields: dict | None = None) -> dict:
    error = {"code": code, "status": status, "message": message}
    if fields:
        error["fields"] = fields
    return {"error": error}


# marshmallow's own messages, so that a participant reads them in their language.
_MARSHMALLOW_MESSAGES = {
    "Give an e-mail address such as name@example.fi.": lambda: _(
        "Give an e-mail address such as name@example.fi."),
    "Missing data for required field.": lambda: _("This field is required."),
    "Unknown field.": lambda: _("This field is not allowed here; remove it."),
    "Field may not be null.": lambda: _("This field may not be empty."),
    "Not a valid string.": lambda: _("Give this as text."),
    "Not a valid integer.": lambda: _("Give this as a whole number."),
    "Not a valid number.": lambda: _("Give this as a number."),
    "Not a valid boolean.": lambda: _("Give this as true or false."),
    "Not a valid UUID.": lambda: _(
        "Give this as a UUID, e.g. 1b4e28ba-2fa1-11d2-883f-0016d3cca427."),
    "Invalid input type.": lambda: _("The request body must be a JSON object."),
    "Not a valid mapping type.": lambda: _("Give this as an object."),
    "Not a valid list.": lambda: _("Give this as a list."),
    "Rate from 1 to 5.": lambda: _("Rate from 1 to 5."),
}


# marshmallow's Range messages carry the bounds; each pattern gives the translated form.
_RANGE_MESSAGES = (
    (re.compile(r"Must be greater than or equal to (\S+) and less than or equal to (\S+)\.$"),
     lambda low, high: _("Give a number from %(min)s to %(max)s.", min=low, max=high)),
    (re.compile(r"Must be greater than or equal to (\S+)\.$"),
     lambda low: _("Give a number of at least %(min)s.", min=low)),
    (re.compile(r"Must be less than or equal to (\S+)\.$"),
     lambda high: _("Give a number of at most %(max)s.", max=high)),
)


def localize(messages):
    """Translate marshmallow's built-in messages in a nested error dict."""
    if isinstance(messages, dict):
        return {key: localize(value) for key, value in messages.items()}
    if isinstance(messages, list):
        return [localize(value) for value in messages]
    if isinstance(messages, str) and messages in _MARSHMALLOW_MESSAGES:
        return _MARSHMALLOW_MESSAGES[messages]()
    if isinstance(messages, str) and messages.startswith("Must be one of: "):
        return _("Use one of: %(names)s.", names=messages.removeprefix("Must be one of: ")
                 .rstrip("."))
    if isinstance(messages, str):
        for pattern, translate in _RANGE_MESSAGES:
            match = pattern.match(messages)
            if match:
                return translate(*match.groups())
    return messages


def from_validation_error(error: ValidationError) -> Invalid:
    messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
    return Invalid(_("Some fields need fixing; see each field's message."), localize(messages))
