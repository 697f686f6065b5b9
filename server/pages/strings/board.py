"""Words of the board views."""

from __future__ import annotations

from flask_babel import gettext as _  # noqa: F401


def strings() -> dict:
    return {}
