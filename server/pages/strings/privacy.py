"""Words of a person's own data and of erasure: the phone's "My data" page and the
cockpit's erasure dialog."""

from __future__ import annotations

from flask_babel import gettext as _


def strings() -> dict:
    return {
        "a_participant": _("a participant"),
        "mydata_open": _("My data"),
        "mydata_title": _("My data"),
        "mydata_intro": _("Here is everything Paja keeps about you in this workshop."),
        "mydata_loading": _("Loading your data…"),
        "mydata_nothing": _("Paja holds nothing about you in this workshop."),
        "mydata_count": _("Part {n} of {total}"),
        "mydata_prev": _("Previous"),
        "mydata_next": _("Next"),
        "mydata_download": _("Take a copy"),
        "mydata_download_page": _("Download as a page to read"),
        "mydata_download_json": _("Download as a data file (JSON)"),
        "erase_title": _("Delete my account"),
        "erase_intro": _("You can delete your account in this workshop. You choose what "
                         "happens to what you wrote."),
        "erase_start": _("Delete my account…"),
        "erase_question": _("What you wrote for the group:"),
        "erase_keep": _("Keep it, without my name"),
        "erase_remove": _("Delete it too"),
        "erase_pick": _("Choose one of the two."),
        "erase_goes": _("Your name, organisation, introduction, reminder settings and "
                        "private answers will be deleted, and so will the feedback to you."),
        "erase_remains_anonymous": _("Your ideas, notes, comments and other shared work "
                                     "stay. Others see them as written by a participant."),
        "erase_remains_nothing": _("Your ideas, notes, comments and other shared work will "
                                   "be deleted too. Your votes stay in the count, without "
                                   "your name."),
        "erase_final": _("This cannot be undone. This phone leaves the workshop."),
        "erase_confirm": _("Delete my account now"),
        "back": _("Back"),
        "mydata_deleted_title": _("Your account is deleted"),
        "mydata_deleted_kept": _("Your data is deleted. What you wrote for the group "
                                 "stays without your name. Thank you for taking part."),
        "mydata_deleted_removed": _("Your data and what you wrote are deleted. Thank you "
                                    "for taking part."),
        "erase_member": _("Erase data"),
        "erase_member_title": _("Erase the data of {name}"),
        "erase_member_goes": _("Their name, organisation, introduction, reminder channels "
                               "and private answers are erased, with the feedback to them, "
                               "from every screen, export and the event log. They can no "
                               "longer come in with their device."),
        "erase_member_question": _("What they wrote for the group"),
        "erase_member_keep": _("Keep it, shown as written by “a participant”"),
        "erase_member_remove": _("Erase it too"),
        "erase_member_remains_anonymous": _("What remains: their ideas, notes, comments, "
                                            "pilot updates and shared answers, without "
                                            "their name, and their votes in the count."),
        "erase_member_remains_nothing": _("What remains: only their votes in the count, "
                                          "without their name."),
        "erase_member_final": _("This cannot be undone."),
        "erase_member_confirm": _("Erase"),
        "erase_member_done": _("Erased."),
        "people_removed": _("Removed from the workshop"),
        "people_removed_about": _("Their data is kept until it is erased. Erase the data of "
                                  "someone who asks for it, with the same choices as above."),
    }
