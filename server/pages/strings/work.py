"""Words of the work views: pilots and coaching, in the cockpit and on the phone."""

from __future__ import annotations

from flask_babel import gettext as _


def strings() -> dict:
    return {
        # pilots
        "pilot_as_team": _("The pilot's page, as its team sees it"),
        "pilots_summary": _("Pilots: {n} · blockers or help wanted: {flagged} · no update in "
                            "{days} days: {quiet}"),
        "pilot_started": _("Pilot started: {name}"),
        "team_mine": _("your team"),
        "team_leave_confirm": _("Leave this pilot's team? You can join again later."),
        "status_confirm": _("Change the pilot's status to “{status}”?"),
        "measure_delete_confirm": _(
            "Remove the measure “{name}” and its values from every update?"),
        "update_delete": _("Remove this update"),
        "update_delete_confirm": _("Remove this update and its comments?"),
        "saved_ok": _("Saved."),
        # coaching
        "task_saved": _("Your answer is saved. It is sent when there is a connection."),
        "task_not_sent": _("Not sent yet: it goes when the phone is online again."),
        "task_edit": _("Change your answer"),
        "review_title": _("Review"),
        "review_pick": _("Choose an answer in the table to read it and give feedback."),
        "review_next": _("Next answer without feedback ({n})"),
        "review_saved": _("Feedback saved for {name}."),
        "no_members": _("No members have joined yet."),
        "material_yes": _("material written"),
        "material_no": _("no material"),
    }
