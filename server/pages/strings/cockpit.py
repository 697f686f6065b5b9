"""Words of the facilitator's cockpit: its navigation and the Run view."""

from __future__ import annotations

from flask_babel import gettext as _

SECTIONS = ("run", "agenda", "people", "participation", "personas", "challenges", "ideas",
            "moderation", "concepts", "voting", "pilots", "coaching", "exports", "settings",
            "audit")


def section_titles() -> dict:
    return {
        "run": _("Run"), "agenda": _("Agenda"), "people": _("People and groups"),
        "participation": _("Participation"),
        "personas": _("Personas"), "challenges": _("Challenges"), "ideas": _("Ideas"),
        "moderation": _("Waiting for approval"),
        "concepts": _("Concepts"), "voting": _("Voting"), "pilots": _("Pilots"),
        "coaching": _("Coaching"), "exports": _("Exports"), "settings": _("Settings"),
        "audit": _("Audit log"),
    }


def strings() -> dict:
    return {
        **{f"section_{key}": title for key, title in section_titles().items()},
        "confirm_yes": _("Yes"), "cancel": _("Cancel"), "error": _("Could not do that:"),
        "no_session_title": _("No session is running"),
        "run_start_hint": _("Start the session you are about to hold; phones and the projector "
                            "follow it."),
        "run_steps": _("Phases"), "timer_label": _("Timer"),
        "sound_on": _("Sound at time up: on"), "sound_off": _("Sound at time up: off"),
        "bring_here": _("Bring everyone here"),
        "brought_here": _("Every phone and the projector now show this phase."),
        "follow_on": _("Projector follows me: on"), "follow_off": _("Projector follows me: off"),
        "confirm_end": _("End the session? Phones show that it has ended."),
        "questions_live": _("Questions on every phone: {n}"),
        "questions_all": _("All questions: {n}"),
        "n_of_total": _("{n} of {total}"),
        "silent_all": _("Silent for all"), "silent_none": _("End silence for all"),
        "anonymous_all": _("Anonymous for all"), "anonymous_none": _("Names shown for all"),
        "lock_all": _("Lock all"), "unlock_all": _("Unlock all"),
        "reveal_all": _("Reveal all"), "open_board": _("Open the board"),
        "round_open": _("Voting open: {name}"),
        "voted_count": _("Voted: {n} of {total}"), "closes_in": _("closes in {time}"),
        "extend_five": _("+5 min to vote"), "close_round": _("Close voting"),
        "room": _("The room"), "joined": _("joined"), "done_of": _("of {total} done"),
        "who_done": _("Who is done"), "arriving": _("Arriving"),
        "nothing_yet": _("Nothing written yet in this workshop."),
        "arrived_idea": _("Idea"), "arrived_intro": _("Introduction"),
        "joined_count": _("Joined: {n}"),
        "phase_now": _("Now: {name}"), "new_ideas": _("New ideas: {n}"),
        # content written in several languages
        "other_languages": _("In other languages"),
        "other_languages_hint": _("Each person sees the text in their own language; where "
                                  "it is left empty, they see the workshop's language."),
        "instructions_short": _("Instructions"),
    }
