"""Words of voting on every device (the phone's ballot, the results, the cockpit's Voting
section) and of the projector."""

from __future__ import annotations

from flask_babel import gettext as _


def strings() -> dict:
    return {
        # results and the phone's ballot
        "chosen_mark": _("Chosen"),
        "vote_closing_soon": _("Voting closes in a minute!"),
        "vote_time_left": _("Time left: {time}"),
        # the cockpit
        "rounds_title": _("Vote rounds"),
        "deadline_title": _("Closing time"),
        "deadline_add": _("+{n} min"),
        "deadline_at": _("Closes at"),
        "deadline_set": _("Set the time"),
        "deadline_clear": _("Remove the closing time"),
        "deadline_none": _("No closing time: you close the round."),
        "vote_reopen": _("Reopen voting"),
        "reopen_minutes": _("Open for (minutes)"),
        "confirm_close": _("Close voting now? Phones can no longer vote."),
        "confirm_reveal": _("Show the results to everyone?"),
        "confirm_choose": _("Make the chosen concepts pilots?"),
        "confirm_reopen": _("Open this round again until {time}?"),
        "vote_one_open": _("Close the open round before opening another."),
        "vote_closes_in": _("Closes in {time}"),
        "show_everyone": _("Show on the projector"),
        "no_live_session": _("Start a session to show things on the projector."),
        # the projector
        "sound_is_on": _("Time-up sound on (click to mute)"),
        "sound_is_off": _("Time-up sound off (click to turn on)"),
        "sound_allow": _("Click here to allow the time-up sound"),
    }
