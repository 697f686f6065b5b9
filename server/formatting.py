"""Dates and numbers in sentences the server writes, as the reader's language writes them
(Babel): "avautuu 15.12.2026", never an ISO date. Finnish and Swedish are Finland's
(Swedish as written in Finland, sv_FI: 15.12.2026); English spells the month out, so a day
is never misread as month/day."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date
from babel.numbers import format_decimal


def babel_locale(language: str | None) -> str:
    """The Babel locale for one of Paja's languages (the request's when ``None``)."""
    if language is None:
        from flask_babel import get_locale

        language = str(get_locale() or "fi")
    base = language.replace("-", "_").split("_")[0]
    return {"sv": "sv_FI", "fi": "fi", "en": "en"}.get(base, base)


def format_day(day: date | datetime | None, language: str | None = None) -> str:
    """A calendar day in ``language`` (the request's language when ``None``)."""
    if day is None:
        return ""
    locale = babel_locale(language)
    return format_date(day, "medium" if locale == "en" else "short", locale=locale)


def format_amount(value: float | int | None, language: str | None = None) -> str:
    """A number in ``language``: 1 234,5 in Finnish, 1,234.5 in English."""
    if value is None:
        return ""
    return format_decimal(value, locale=babel_locale(language))
