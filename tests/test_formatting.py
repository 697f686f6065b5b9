"""Dates and numbers in the reader's language: the server's sentences through Babel, the
browser's through Intl with the page's <html lang> - never the device's locale."""

from datetime import date

import pytest

from server.formatting import format_amount, format_day


@pytest.mark.parametrize("lang, expected", [
    ("fi", "15.12.2026"), ("sv", "15.12.2026"), ("en", "Dec 15, 2026")])
def test_a_day_as_each_language_writes_it(lang, expected):
    assert format_day(date(2026, 12, 15), lang) == expected


def test_numbers_use_the_languages_separators():
    assert format_amount(1234.5, "fi") == "1\xa0234,5"
    assert format_amount(1234.5, "en") == "1,234.5"


def test_a_task_not_yet_open_says_the_day_in_finnish(app, facilitator, workshop):
    """The refusal's sentence is made on the server: 'avautuu 15.12.2026', not ISO."""
    from server.coaching.service import format_day as used

    assert used is format_day
    with app.test_request_context("/?lang=fi"):
        from flask_babel import gettext as _

        sentence = _("This task opens on %(day)s.", day=format_day(date(2026, 12, 15)))
    assert "15.12.2026" in sentence and "2026-12-15" not in sentence
