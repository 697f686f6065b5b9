"""Words of the facilitator's cockpit: its navigation and the Run view."""

from __future__ import annotations

from flask_babel import gettext as _

SECTIONS = ("run", "agenda", "people", "personas", "challenges", "ideas", "concepts", "voting",
            "pilots", "coaching", "exports", "settings")


def section_titles() -> dict:
    return {
        "run": _("Run"), "agenda": _("Agenda"), "people": _("People and groups"),
        "personas": _("Personas"), "challenges": _("Challenges"), "ideas": _("Ideas"),
        "concepts": _("Concepts"), "voting": _("Voting"), "pilots": _("Pilots"),
        "coaching": _("Coaching"), "exports": _("Exports"), "settings": _("Settings"),
    }


def strings() -> dict:
    return {
        **{f"section_{key}": title for key, title in section_titles().items()},
        "confirm_yes": _("Yes"), "cancel": _("Cancel"), "error": _("Could not do that:"),
    }
