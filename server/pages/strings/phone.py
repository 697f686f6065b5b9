"""Words of the phone views."""

from __future__ import annotations

from flask_babel import gettext as _


def strings() -> dict:
    return {
        "views": _("Views"),
        "me_title": _("Your details"),
        "you_are": _("You are"),
        "change_name": _("Change my name"),
        "name_shown": _("Name shown to others"),
        "organisation_optional": _("Organisation (optional)"),
        "download_mine": _("Download what I wrote"),
        "locked_note": _("The facilitator has paused input for a moment."),
        "done_mark": _("I'm done"),
        "done_marked": _("Marked as done"),
        "done_undo_hint": _("The facilitator sees that you are done. Tap again if you are not."),
        "now_phase": _("Now: {title}"),
        "brought_here": _("The facilitator brought everyone here"),
        "new_idea": _("1 new idea"),
        "new_ideas": _("{n} new ideas"),
        "idea_removed": _("Idea removed."),
        "idea_removed_undo": _("Idea removed. You can undo it for {n} seconds."),
        "idea_restored": _("Idea restored."),
        "undo": _("Undo"),
        "rated_as": _("Your rating: {value}"),
        "concept_questions": _("Questions its ideas came from"),
        "pick_question_group": _("Your group's questions and the questions for everyone"),
    }
