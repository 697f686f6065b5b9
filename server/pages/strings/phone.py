"""Words of the phone views."""

from __future__ import annotations

from flask_babel import gettext as _  # noqa: F401


def strings() -> dict:
    return {}
