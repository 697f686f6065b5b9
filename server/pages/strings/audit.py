"""Words of the cockpit's audit log and of a workshop's retention setting."""

from __future__ import annotations

from flask_babel import gettext as _


def strings() -> dict:
    return {
        "audit_intro": _("Who did what in this workshop, and when: logins are not shown here, "
                         "only what was done to this workshop. No texts anyone wrote are "
                         "kept in the log."),
        "audit_when": _("When"), "audit_who": _("Who"), "audit_what": _("What"),
        "audit_target": _("Target"), "audit_empty": _("No entries yet."),
        "audit_page": _("Page {page} of {pages}"), "audit_newer": _("Newer"),
        "audit_older": _("Older"), "audit_loading": _("Loading…"),
        "audit_command_line": _("command line"), "audit_pages": _("Audit log pages"),
        "retention_title": _("Keeping and deletion"),
        "retention_about": _("An archived workshop is deleted with everything in it after the "
                             "months set here. Leave the field empty to use the instance's "
                             "default."),
        "retention_months": _("Months kept after archiving"),
        "retention_default": _("Instance default: {n} months"),
        "retention_deletes": _("To be deleted on {day}."),
        "retention_archives": _("Archived by itself on {day}, once the programme has ended."),
    }
