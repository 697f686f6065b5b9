"""The privacy notice (tietosuojaseloste): what Paja holds about a person, why, who sees it,
how long it is kept and how a person uses their rights - as GDPR articles 13 and 14 ask a
controller to tell. Like the accessibility statement it is legal text, so each language has
its own template; the controller's own details are settings (``PRIVACY_*``,
server/config.py), and the periods are the retention settings themselves, so the notice
says what the deployment does."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from .statement import legal_day, legal_language

bp = Blueprint("privacy", __name__)


@bp.get("/privacy")
def notice():
    text_language = legal_language()
    config = current_app.config
    dated = legal_day(config["PRIVACY_NOTICE_DATE"], text_language)
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
