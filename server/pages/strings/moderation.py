"""Words of moderation before reveal: the cockpit's queue and switches, and the phone's
waiting and returned states."""

from __future__ import annotations

from flask_babel import gettext as _


def strings() -> dict:
    return {
        # The cockpit.
        "set_moderated": _("I approve ideas first"),
        "mod_workshop_about": _("Every new idea and canvas answer waits for a facilitator's "
                                "approval before others see it."),
        "mod_queue_intro": _("Others see these only once you approve them. The author sees "
                             "that theirs is waiting."),
        "mod_queue_empty": _("Nothing is waiting for approval."),
        "mod_waiting_count": _("{n} waiting"),
        "mod_kind_idea": _("Idea"),
        "mod_kind_note": _("Canvas answer"),
        "mod_by": _("By {name}"),
        "mod_anonymous_note": _("Anonymous question: others will not see the name."),
        "mod_silent_note": _("Silent question: others see it when you reveal."),
        "mod_approve": _("Approve"),
        "mod_edit": _("Edit"),
        "mod_return": _("Return with a note"),
        "mod_edit_label": _("Your edit (the author sees it was edited)"),
        "mod_save_approve": _("Save and approve"),
        "mod_note_label": _("Note to the author (only they see it)"),
        "mod_send_back": _("Send back"),
        "mod_note_needed": _("Write what the author could change."),
        "mod_approved": _("Approved: everyone sees it now."),
        "mod_sent_back": _("Returned to its author."),
        "mod_returned_title": _("With their authors"),
        "mod_returned_note": _("Your note: {note}"),
        "mod_resent": _("Sent again after your note"),
        # The phone.
        "mod_mode": _("The facilitator reads ideas before others see them."),
        "mod_mode_note": _("The facilitator reads answers before others see them."),
        "mod_waiting": _("Waiting for the facilitator"),
        "mod_waiting_hint": _("Others see it when the facilitator has approved it."),
        "mod_returned": _("The facilitator sent this back to you"),
        "mod_their_note": _("The facilitator's note:"),
        "mod_change_idea": _("Change your idea"),
        "mod_change_answer": _("Change your answer"),
        "mod_send_again": _("Send again"),
        "mod_edited": _("The facilitator edited this"),
        "mod_your_words": _("What you wrote:"),
        "mod_out_fixed": _("Everyone sees this now. To change it, ask the facilitator."),
    }
