"""Words of the personal-data warning on the phone, its mark in the cockpit, and the
phone's first-time practice."""

from __future__ import annotations

from flask_babel import gettext as _


def strings() -> dict:
    return {
        # the warning before sending
        "pd_looks_personal_id": _("This looks like a personal identity code."),
        "pd_looks_phone": _("This looks like a phone number."),
        "pd_looks_email": _("This looks like an e-mail address."),
        "pd_looks_address": _("This looks like a street address."),
        "pd_others_see": _("Others will see it."),
        "pd_edit": _("Edit"),
        "pd_send_anyway": _("Send anyway"),
        # the facilitators' mark
        "pd_badge": _("Personal data?"),
        "pd_badge_title": _("This may hold personal data ({kinds}). Edit or remove it if it "
                            "should not be here."),
        "pd_kind_personal_id": _("personal identity code"),
        "pd_kind_phone": _("phone number"),
        "pd_kind_email": _("e-mail address"),
        "pd_kind_address": _("street address"),
        # the practice
        "practice_offer_title": _("New here? Try it out first"),
        "practice_offer_text": _("A 30-second practice: write a test note, see it saved, "
                                 "delete it. Nothing of it goes to anyone."),
        "practice_start": _("Try it"),
        "practice_not_now": _("Not now"),
        "practice_menu": _("Practise writing a note"),
        "practice_title": _("Practice"),
        "practice_write": _("Write anything, for example “Hello”. This is only practice: "
                            "nobody else sees it."),
        "practice_label": _("Your test note"),
        "practice_save": _("Save the test note"),
        "practice_saved": _("Saved! This is your note. Only you can see it, on this phone."),
        "practice_delete": _("Delete the test note"),
        "practice_deleted": _("Deleted. Now you know how it works: write, save, and delete "
                              "if you change your mind. Nothing was sent to anyone."),
        "practice_ready": _("I'm ready"),
        "practice_skip": _("Skip the practice"),
    }
