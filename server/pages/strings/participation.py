"""Words of the cockpit's participation view (who is left out, and entering something for
someone who has no device) and of the phone's "entered with help" line."""

from __future__ import annotations

from flask_babel import gettext as _


def strings() -> dict:
    return {
        # the phone
        "helped_by": _("Entered with help by {name}"),
        # the cockpit
        "part_intro": _("What each participant has done, as counts - never what they wrote. "
                        "Only the facilitators see this page."),
        "part_loading": _("Loading…"),
        "part_name": _("Participant"), "part_last_seen": _("Last here"),
        "part_here_now": _("Here now"), "part_never": _("Not yet"),
        "part_ideas": _("Ideas"), "part_notes": _("Canvas notes"),
        "part_comments": _("Comments"), "part_votes": _("Dots"),
        "part_answers": _("Answers"), "part_plus": _("+1s"),
        "part_helped": _("Entered with help"),
        "part_by_session": _("By session"), "part_between": _("Between sessions"),
        "part_nothing": _("Nothing yet"),
        "part_votes_note": _("Dots are counted in named voting rounds only: an anonymous "
                             "round tells nobody who voted what."),
        "part_empty": _("No participants yet."),
        "part_open_task": _("Open task: {name}"),
        "part_not_done": _("Not done yet: {n}"), "part_all_done": _("Everyone has done it."),
        "part_remind_to": _("Send {name} a friendly reminder"),
        "part_reminded": _("Reminded"),
        "part_remind_sent": _("Reminder sent to {name}."),
        "part_remind_again": _("{name} has had this reminder already."),
        "part_enter_for": _("Enter for {name}"),
        "part_enter_title": _("Enter with help"),
        "part_enter_intro": _("For someone without a device: what you enter becomes theirs, "
                              "marked as entered with help by you. They see it when they "
                              "join and can change it."),
        "part_who": _("For whom"), "part_what": _("What"),
        "part_kind_idea": _("An idea"), "part_kind_note": _("A canvas answer"),
        "part_kind_task": _("A task or survey answer"),
        "part_question": _("Question"), "part_canvas": _("Canvas"),
        "part_guiding": _("Guiding question"), "part_task": _("Task"),
        "part_text": _("Their words"), "part_send": _("Save as theirs"),
        "part_saved": _("Saved for {name}."),
        "part_none_questions": _("No how-might-we questions yet."),
        "part_none_tasks": _("No tasks in this workshop."),
        "part_tasks_done": _("Tasks done"),
        "part_add_title": _("Someone without a device"),
        "part_add_intro": _("Add them by name; then enter what they say for them. If they "
                            "get a phone later, give them their own link: it opens Paja as "
                            "them, once."),
        "part_add_name": _("Their name"), "part_add_send": _("Add"),
        "part_added": _("{name} added."),
        "part_own_link": _("Own link"),
    }
