"""Payloads for reminders: a member's channels, reading notifications, the facilitator's
settings."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from marshmallow import ValidationError, fields, validate

from ..schemas import PajaSchema
from .models import CHANNELS


class WebhookUrl(fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        text = (super()._deserialize(value, attr, data, **kwargs) or "").strip()
        if not text:
            return ""
        if any(ord(ch) < 0x21 or 0x7F <= ord(ch) <= 0x9F or 0x202A <= ord(ch) <= 0x202E
               or 0x2066 <= ord(ch) <= 0x2069 for ch in text):
            raise ValidationError(_("Remove the spaces and invisible characters from the "
                                    "address."))
        schemes = {"https", "http"} if current_app.config.get("WEBHOOK_ALLOW_HTTP") \
            else {"https"}
        try:
            validate.URL(schemes=schemes, require_tld=False)(text)
        except ValidationError:
            raise ValidationError(_("Give the webhook address your chat service gave you; it "
                                    "starts with https://.")) from None
        if len(text) > 2000:
            raise ValidationError(_("That address is too long."))
        if not current_app.config.get("WEBHOOK_ALLOW_HTTP") and inside_network(text):
            raise ValidationError(_("That address points inside the server's own network; "
                                    "give your chat service's public webhook address."))
        return text


def inside_network(url: str) -> bool:
    """Whether ``url``'s host is (or resolves to) a private, loopback, link-local or other
    non-public address - a webhook must not be a way to reach the server's own network."""
    import socket
    from urllib.parse import urlsplit

    from ..extensions import off_loop

    host = urlsplit(url).hostname or ""
    try:
        # The lookup blocks the whole process under eventlet (green DNS is off), and any
        # participant can ask for one: do it in a real thread.
        addresses = {info[4][0] for info in off_loop(socket.getaddrinfo, host, None)}
    except (socket.gaierror, UnicodeError):
        return False  # cannot tell now; sending checks again
    return not all(public_address(address) for address in addresses)


def public_address(address: str) -> bool:
    """Whether an IP address (as getaddrinfo gives it) is on the public internet: not
    private, loopback, link-local (cloud metadata), reserved or the like."""
    import ipaddress

    return ipaddress.ip_address(address.split("%")[0]).is_global


class Preferences(PajaSchema):
    channels = fields.List(fields.String(validate=validate.OneOf(CHANNELS)),
                           validate=validate.Length(max=3))
    email = fields.Email(allow_none=True, validate=validate.Length(max=254), error_messages={
        "invalid": "Give an e-mail address such as name@example.fi."})  # see errors.localize
    webhook_url = WebhookUrl(allow_none=True)


class ReadNotifications(PajaSchema):
    notification_ids = fields.List(fields.String(), validate=validate.Length(max=500),
                                   metadata={"description": "Leave out to mark all read."})


class Settings(PajaSchema):
    tasks = fields.Boolean()
    pilots = fields.Boolean()
    pilot_quiet_days = fields.Integer(strict=True, validate=validate.Range(1, 180))




class NotificationOut(PajaSchema):
    id = fields.String()
    member_id = fields.String()
    kind = fields.String()
    text = fields.Dict(metadata={"description": "The message, in fi and en."})
    view = fields.String(metadata={"description": "The board view it is about."})
    target_id = fields.String(allow_none=True)
    created_at = fields.Float()
    read = fields.Boolean()
    rev = fields.Integer()


class PreferencesOut(PajaSchema):
    id = fields.String(metadata={"description": "The member's id."})
    member_id = fields.String()
    channels = fields.List(fields.String())
    email = fields.String(allow_none=True)
    webhook_set = fields.Boolean(metadata={"description": "The address itself is never sent "
                                                         "back."})
    rev = fields.Integer()


class SettingsOut(PajaSchema):
    id = fields.String(metadata={"description": "The workshop's id."})
    tasks = fields.Boolean()
    pilots = fields.Boolean()
    pilot_quiet_days = fields.Integer()
    rev = fields.Integer()
