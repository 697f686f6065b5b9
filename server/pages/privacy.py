"""The privacy notice (tietosuojaseloste): what Paja holds about a person, why, who sees it,
how long it is kept and how a person uses their rights - as GDPR articles 13 and 14 ask a
controller to tell. Like the accessibility statement it is legal text, so each language has
its own template; the controller's own details are settings (``PRIVACY_*``,
server/config.py), and the periods are the retention settings themselves, so the notice
says what the deployment does."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, render_template

from ..api import current_language
from ..formatting import format_day

bp = Blueprint("privacy", __name__)

NOTICE_LANGUAGES = ("fi", "sv", "en")


@bp.get("/privacy")
def notice():
    language = current_language()
    base = language.replace("-", "_").split("_")[0]
    text_language = base if base in NOTICE_LANGUAGES else "fi"
    config = current_app.config
    try:
        dated = format_day(date.fromisoformat(config["PRIVACY_NOTICE_DATE"] or ""),
                           text_language)
    except ValueError:
        dated = config["PRIVACY_NOTICE_DATE"] or ""
    return render_template(
        "privacy/notice.html",
        text_language=text_language,
        service=config["ACCESSIBILITY_SERVICE_NAME"],
        controller=config["PRIVACY_CONTROLLER"],
        address=config["PRIVACY_CONTROLLER_ADDRESS"],
        email=config["PRIVACY_CONTACT_EMAIL"],
        phone=config["PRIVACY_CONTACT_PHONE"],
        dpo_email=config["PRIVACY_DPO_EMAIL"],
        dpo_phone=config["PRIVACY_DPO_PHONE"],
        basis=config["PRIVACY_LEGAL_BASIS"],
        processors=config["PRIVACY_PROCESSORS"],
        retention_months=config["RETENTION_MONTHS"],
        grace_days=config["ARCHIVE_GRACE_DAYS"],
        warning_days=config["RETENTION_WARNING_DAYS"],
        audit_days=config["AUDIT_RETENTION_DAYS"],
        dated=dated,
    )
