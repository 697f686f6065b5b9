"""The accessibility statement: what Paja meets of WCAG 2.1 AA and what not yet, and how to
give feedback, in the form the Finnish supervisory authority asks for. The statement is
legal text, so each language has its own template (plain Finnish readers get the Finnish
one); the deployment's own details - who provides the service, where feedback goes, the
dates - are settings (``ACCESSIBILITY_*``, server/config.py)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, render_template

from ..api import current_language
from ..formatting import format_day

bp = Blueprint("statement", __name__)

STATEMENT_LANGUAGES = ("fi", "sv", "en")


def legal_day(value: str | None, language: str) -> str:
    """A setting's date (YYYY-MM-DD) as the legal text's language writes it; a setting
    that is not a date, as it is."""
    try:
        return format_day(date.fromisoformat(value or ""), language)
    except ValueError:
        return value or ""


def legal_language() -> str:
    """The language of a legal text for this request: the page's, if the text is written
    in it (plain Finnish readers get the Finnish one), else Finnish."""
    base = current_language().replace("-", "_").split("_")[0]
    return base if base in STATEMENT_LANGUAGES else "fi"


@bp.get("/accessibility")
def accessibility():
    text_language = legal_language()
    config = current_app.config
    return render_template(
        "accessibility/statement.html",
        text_language=text_language,
        service=config["ACCESSIBILITY_SERVICE_NAME"],
        provider=config["ACCESSIBILITY_PROVIDER"],
        email=config["ACCESSIBILITY_EMAIL"],
        phone=config["ACCESSIBILITY_PHONE"],
        feedback_url=config["ACCESSIBILITY_FEEDBACK_URL"],
        authority_email=config["ACCESSIBILITY_AUTHORITY_EMAIL"],
        authority_phone=config["ACCESSIBILITY_AUTHORITY_PHONE"],
        authority_url=config["ACCESSIBILITY_AUTHORITY_URL"],
        made_on=legal_day(config["ACCESSIBILITY_STATEMENT_DATE"], text_language),
        checked_on=legal_day(config["ACCESSIBILITY_CHECKED_DATE"], text_language),
    )
