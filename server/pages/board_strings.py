"""The words of the board's live parts (personas, introductions, groups, canvas,
how-might-we), shared by the participant, facilitator and projector pages."""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _

from ..challenges.models import QUESTIONS
from ..languages import interface_language
from ..personas.models import FIELDS, LIST_FIELDS
from .strings import view_strings


def board_strings() -> dict:
    """Every text the browser code shows, in the request's language. The same for every
    page in one language, and translating all of them took a fifth of a phone's join: made
    once per language and kept (the catalogues do not change while the server runs). The
    caller must not change the dict it gets."""
    language = strings_language()
    strings = _made.get(language)
    if strings is None:
        strings = _made[language] = _board_strings()
    return strings


_made: dict[str, dict] = {}


def strings_language() -> str:
    """The language the strings are in right now: what everything made per language is kept
    under, and what the strings file's address names."""
    return interface_language()  # plain Finnish apart from Finnish


@dataclass(frozen=True)
class StringsFile:
    page: str
    language: str
    data: bytes  # the strings as JSON, UTF-8
    digest: str  # of ``data``: the file's address changes when a word does


def participant_strings() -> dict:
    """Every text the participant's phone shows: the board's, with the phone's own words
    over them."""
    return {**board_strings(), **phone_strings()}


# The pages whose strings come as a file, not inline in the page.
PAGES = {"participant": participant_strings}


def strings_file(page: str, language: str | None = None) -> StringsFile | None:
    """``page``'s strings in ``language`` (the request's when None) as the JSON file the
    page loads from the build's address, where a phone keeps it: a repeat visit downloads
    no words, a first one gets them compressed (a page itself is not compressed, so words
    inline in it cost their full size). None for a page or language there is none for.
    Made once per page and language and kept, like the strings."""
    language = language or strings_language()
    made = _files.get((page, language))
    if made is None:
        if page not in PAGES:
            return None
        strings = _strings_in(page, language)
        if strings is None:
            return None
        data = json.dumps(strings, ensure_ascii=False, separators=(",", ":"),
                          sort_keys=True).encode("utf-8")
        made = StringsFile(page, language, data, hashlib.sha256(data).hexdigest()[:16])
        with _files_lock:
            made = _files.setdefault((page, language), made)
    return made


_files: dict[tuple[str, str], StringsFile] = {}
_files_lock = threading.Lock()


def _strings_in(page: str, language: str) -> dict | None:
    """``page``'s strings as the page in ``language`` has them: made in a request of their
    own that chose ``language`` the way a visitor does (?lang=), in an application context
    of their own, so that nothing the current request has settled (its locale, its
    language) carries over."""
    app = current_app._get_current_object()
    with app.app_context(), app.test_request_context("/", query_string={"lang": language}):
        if strings_language() != language:
            return None  # not a language the pages offer: the request fell back to another
        return PAGES[page]()


def _board_strings() -> dict:
    return {
        # persona and profile fields
        "field_name": _("Name"), "field_age_range": _("Age"), "field_role": _("Role"),
        "field_quote": _("Quote"), "field_situation": _("Situation"), "field_goals": _("Goals"),
        "field_frustrations": _("Frustrations"), "field_digital_skills": _("Digital skills"),
        "field_devices": _("Devices"), "field_motivation": _("Motivation"),
        "field_services_used": _("Services used"), "field_what_helps": _("What helps"),
        "field_segment": _("Segment"), "field_description": _("Description"),
        "field_needs": _("Needs"), "field_channels": _("Channels"),
        "field_values": _("What they value"), "field_blockers": _("What blocks them"),
        "persona": _("Persona"), "profile": _("Customer profile"),
        "card_of": _("Card {n} of {total}"), "prev_card": _("Previous"), "next_card": _("Next"),
        "meet": _("I meet people like this"), "meet_done": _("You meet people like this"),
        "meet_count": _("Meet people like this: {n}"), "comments": _("Comments"),
        "comment_label": _("Your comment"), "comment_send": _("Send comment"),
        "no_comments": _("No comments yet."), "delete": _("Remove"),
        "no_personas": _("There are no personas in this workshop yet."),
        "persona_links": _("What we have done for this persona"),
        "links_none": _("Nothing names this persona yet."),
        "links_challenges": _("Challenges"), "links_questions": _("How-might-we questions"),
        # introductions
        "intro_title": _("Introduce yourself"), "intro_about": _("Who I am"),
        "intro_org": _("My organisation"), "intro_hopes": _("What I hope to get out of this"),
        "intro_save": _("Save my introduction"), "intro_saved": _("Your introduction is saved."),
        "intros": _("Introductions"),
        "intro_none": _("Nobody has introduced themselves yet."),
        "intro_missing": _("Not yet introduced: {names}"),
        "intro_all": _("Everyone has introduced themselves."),
        "intro_count": _("{n} of {total} introduced"),
        "intro_nobody_joined": _("Nobody has joined yet. Participants join with the code or "
                                 "the QR code."),
        # groups
        "groups": _("Groups"), "my_group": _("Your group"),
        "no_group": _("You are not in a group yet."),
        "group_with": _("In your group"), "join_group": _("Join this group"),
        "pick_group": _("Choose your group"), "ungrouped": _("Not in a group"),
        "group_wait": _("The facilitator will put you in a group."),
        "groups_none": _("No groups yet."),
        # canvas
        "challenge": _("Challenge"), "q_causes": _("What causes the challenge now?"),
        "q_gap": _("What forms the gap between the problem and a solution?"),
        "q_when_where": _("When and where does it show up?"),
        "q_effects": _("What effects does it have? (time, money, other)"),
        "q_importance": _("How important is solving it, and why?"),
        "step_of": _("Part {n} of {total}"), "add_note": _("Add"), "note_label": _("Your answer"),
        "edit": _("Edit"),
        "statement": _("Challenge statement"), "statement_save": _("Save the statement"),
        "statement_empty": _("No statement yet."),
        "statement_conflict": _("Someone else saved the statement meanwhile. Theirs:"),
        "rate": _("How important? 1 = a little, 5 = very"),
        "ratings": _("Ratings: {n}, average {mean}"), "no_ratings": _("No ratings yet."),
        "personas_linked": _("Personas this concerns"), "save": _("Save"), "cancel": _("Cancel"),
        "no_canvas": _("Your group's canvas appears here once you are in a group."),
        "group_removed": _("(group removed)"),
        # how might we
        "hmw": _("How might we…?"), "hmw_prefix": _("How might we"),
        "hmw_label": _("Write your question"), "hmw_add": _("Add question"),
        "hmw_none": _("No questions yet."), "hmw_for": _("For the challenge"),
        # views
        "view_now": _("Now"), "view_intros": _("Introductions"), "view_personas": _("Personas"),
        "view_group": _("My group"), "you": _("you"),
        "error": _("Could not do that:"),
        "empty": _("Write something here; it cannot be empty."),
        # facilitator
        "move_up": _("Move up"), "move_down": _("Move down"),
        "show_projector": _("Show on projector"), "hide_projector": _("Take off projector"),
        "confirm_persona": _("Remove the card {name}? Challenges and questions stop naming it."),
        "one_per_line": _("one per line"), "library": _("Persona library"),
        "library_all": _("Every library card is already in this workshop."),
        "import": _("Import selected"), "import_title": _("Import from the library"),
        "new_card": _("New card"), "new_card_name": _("Name or segment"), "kind": _("Kind"),
        "split_count": _("Groups:"), "split_method": _("How to split"),
        "split_mix": _("Mix organisations"), "split_random": _("At random"),
        "split": _("Split into groups"),
        "confirm_split": _("Split again? Everyone is dealt into groups anew."),
        "group_name": _("Group name"), "add_group": _("Add group"),
        "self_pick_on": _("Let participants pick"), "self_pick_off": _("Stop self-picking"),
        "group_for": _("Group for"), "confirm_group": _("Remove the group {name}? Its work stays."),
        "confirm_hmw": _("Remove this question? Its ideas and their groups go with it; "
                         "concepts made from them stay."),
        "confirm_note": _("Remove this answer?"),
        "no_challenges": _("Make groups first: each group gets a challenge canvas."),
        "too_long": _("Too long: shorten it to {max} characters at most."),
        "links_ideas": _("Ideas"), "links_concepts": _("Concepts"),
        **ideation_strings(),
        **voting_strings(),
        **pilot_strings(),
        **coaching_strings(),
        **notice_strings(),
        **view_strings(),
    }


def phone_strings() -> dict:
    """The participant page's own words (the facilitator's and projector's pages give some
    of the same keys words of their own)."""
    return {
        "connected": _("Connected"), "connecting": _("Connecting…"),
        "offline": _("Offline – what you write is kept and sent when you are back online"),
        "saved": _("Saved"), "saving": _("Saving…"), "name_required": _("Write a name."),
        "waiting": _("Waiting for the facilitator to start."), "welcome": _("Welcome!"),
        "timer_done": _("Time is up"), "timer_label": _("Time left"),
        "removed": _("You have been removed from this workshop."),
        "phase_of": _("Phase {n} of {total}"), "paused": _("Timer paused"), "task": _("Task"),
        "async": _("Independent work"), "ended": _("The session has ended. Thank you!"),
        "between": _("Between sessions"),
        "between_note": _("No session is running now. What you can do meanwhile is below."),
    }


def notice_strings() -> dict:
    return {
        "export_preparing": _("Preparing the file…"),
        "export_progress": _("Downloading… {percent} %"),
        "export_received": _("Downloading… {kb} kB"),
        "export_done": _("Downloaded: {name}"),
        "view_notices": _("Reminders"), "notices_unread": _("Reminders ({n} new)"),
        "notices": _("Reminders and notices"), "no_notices": _("No reminders."),
        "notices_read": _("Mark all as read"), "notice_open": _("Open"),
        "notice_new": _("new"),
        "channels": _("How do you want reminders?"),
        "channel_app": _("Here in Paja (always)"), "channel_email": _("By e-mail"),
        "channel_chat": _("To my chat channel (webhook)"),
        "email_address": _("E-mail address"), "webhook_address": _("Webhook address"),
        "webhook_saved": _("A webhook address is saved. Write a new one to replace it."),
        "email_unavailable": _("This server does not send e-mail."),
        "channels_saved": _("Your choices are saved."),
        "reminder_settings": _("Reminders"),
        "remind_tasks": _("Remind members of tasks past their due date"),
        "remind_pilots": _("Remind pilot teams that have gone quiet"),
        "quiet_days": _("Quiet for (days)"),
    }


def coaching_strings() -> dict:
    return {
        "view_tasks": _("Tasks"), "tasks": _("Weekly themes and tasks"),
        "all_tasks": _("All themes"), "no_tasks": _("No tasks in this workshop."),
        "task_open": _("open"), "task_opens": _("opens {day}"), "task_due": _("due {day}"),
        "task_sent": _("answered"), "task_feedback": _("Feedback"),
        "task_marked": _("marked done"), "task_missing": _("not answered yet"),
        "task_answer": _("Your answer"), "task_send": _("Send answer"),
        "task_update": _("Save changes"), "task_mine": _("Your answer"),
        "task_private": _("Private: only you and the facilitators see your answer."),
        "task_shared": _("Shared: everyone in the workshop can read and comment on your "
                         "answer. Feedback from the facilitator is only for you."),
        "task_private_short": _("Private answer"), "task_shared_short": _("Shared answer"),
        "task_others": _("Others' answers"), "task_no_others": _("No answers from others yet."),
        "survey_empty": _("Answer at least one question."),
        "progress": _("Progress: members and tasks"), "member": _("Member"),
        "matrix_legend": _("✓ answered · ✎ feedback given · ✔ marked done · – open, not "
                           "answered · · not open yet"),
        "mark_done": _("Mark as done"), "close": _("Close"),
        "summary": _("Summary"), "summary_show": _("Show the summary"),
        "summary_refresh": _("Refresh"), "respondents": _("Respondents: {n}"),
        "mean": _("Average {mean}"), "no_answers": _("No answers yet."),
        "themes_edit": _("Themes: material and dates"), "opens_on": _("Opens"),
        "due_on": _("Due"), "material_fi": _("Material in Finnish (Markdown)"),
        "material_sv": _("Material in Swedish (Markdown)"),
        "material_en": _("Material in English (Markdown)"),
        "markdown_hint": _("Markdown: # heading, **bold**, - list, [link](https://...). "
                           "Images and HTML are not shown."),
    }


def pilot_strings() -> dict:
    return {
        "view_pilots": _("Pilots"), "pilots": _("Pilots"), "all_pilots": _("All pilots"),
        "no_pilots": _("No pilots yet. Chosen concepts become pilots."),
        "pilot_planned": _("planned"), "pilot_running": _("running"),
        "pilot_paused": _("paused"), "pilot_done": _("done"), "pilot_stopped": _("stopped"),
        "team": _("Team"), "team_size": _("in the team"), "team_empty": _("Nobody yet."),
        "team_join": _("Join the team"), "team_leave": _("Leave the team"),
        "invite_make": _("Invitation link"), "invite_link": _("Send this link"),
        "invite_until": _("It works until {date}."),
        "teams_invite_on": _("Pilot teams may make invitation links themselves."),
        "teams_invite_off": _("Only facilitators make invitation links to pilot teams."),
        "teams_invite_allow": _("Let teams invite"),
        "teams_invite_disallow": _("Only facilitators invite"),
        "hypothesis": _("Hypothesis"), "no_hypothesis": _("No hypothesis written yet."),
        "starts_on": _("Starts"), "ends_on": _("Ends"), "contact": _("Contact person"),
        "status": _("Status"), "status_note": _("Why (optional)"),
        "status_change": _("Change status"), "status_history": _("Status history"),
        "pilot_details": _("Pilot details, status and measures"),
        "measures": _("Measures"), "no_measures": _("No measures yet."),
        "measure_new": _("New measure"), "measure_name": _("Measure"),
        "measure_unit": _("Unit"), "measure_add": _("Add measure"),
        "target": _("target"), "baseline": _("baseline"), "no_values": _("No values yet."),
        "date": _("Date"), "value": _("Value"),
        "updates": _("Updates"), "no_updates": _("No updates yet."),
        "update_title": _("Log an update"), "update_did": _("What we did"),
        "update_learned": _("What we learned"), "update_values": _("Measure values"),
        "update_next": _("Next step"), "update_blockers": _("Blockers"),
        "update_help": _("Help needed"), "update_send": _("Send update"),
        "update_saved": _("Update saved."),
        "update_day": _("Date"),
        "update_day_hint": _("The day this update tells of: today, or an earlier day if you "
                             "tell of past weeks."),
        "pilot_progress": _("{percent} done"),
        "progress_own": _("the team's estimate"),
        "progress_by_status": _("by its status"),
        "progress_label": _("How far the pilot is (%)"),
        "progress_hint": _("Leave empty to follow the status: planned 0 %, running 30 %, "
                           "done 100 %."),
        "progress_whole": _("All pilots together: {percent} done"),
        "progress_weight": _("Weight in the whole (1-10)"),
        "milestones": _("Milestones"), "no_milestones": _("No milestones yet."),
        "milestone_new": _("New milestone"), "milestone_title": _("Milestone"),
        "milestone_due": _("Due by"), "milestone_add": _("Add milestone"),
        "milestone_done": _("Done {date}"), "milestone_due_on": _("Due by {date}"),
        "milestone_mark": _("Mark done"), "milestone_unmark": _("Not done after all"),
        "milestone_late": _("late"),
        "milestone_delete_confirm": _("Remove the milestone “{name}”?"),
        "outcomes_open": _("What became of the ideas"),
        "outcomes_share": _("Share the outcomes page"),
        "outcomes_unshare": _("End the shared link"),
        "outcomes_renew": _("New link"),
        "outcomes_shared": _("Anyone with this link can read the outcomes page, without "
                             "names:"),
        "outcomes_not_shared": _("The outcomes page is open to the workshop's members. "
                                 "Share it by a link to others, such as managers."),
        "flag_open": _("Still open"), "flag_resolved": _("Resolved {date} by {name}"),
        "flag_resolve": _("Mark resolved"), "flag_reopen": _("Open again"),
        "flag_marked": _("Marked resolved."), "flag_reopened": _("Opened again."),
        "update_empty": _("Write at least what you did or learned, or give a measure's value."),
        "not_a_number": _("Write a number, such as 12 or 3,5."),
        "updated_days": _("last update {n} d ago"), "updated_today": _("updated today"),
        "trace": _("From the pilot back to the personas"), "trace_pilot": _("Pilot"),
        "trace_concept": _("Concept"), "trace_ideas": _("Ideas"),
        "trace_question": _("Question"), "trace_challenge": _("Challenge"),
        "trace_personas": _("Personas"),
        "ov_pilot": _("Pilot"), "ov_status": _("Status"), "ov_team": _("Team"),
        "ov_last_update": _("Last update"), "ov_flags": _("Blockers and help"),
        "ov_progress": _("Progress"),
        "pilot_for_concept": _("Concept to pilot"), "pilot_start": _("Start a pilot"),
        "pilots_import_title": _("Import updates from a spreadsheet (CSV)"),
        "pilots_import_about": _("Updates or measure values that partners keep in a sheet: "
                                 "use the columns of pilot_updates.csv or "
                                 "pilot_measure_values.csv in the CSV export. If any line "
                                 "has a problem, nothing is imported and each problem is "
                                 "listed. Rows already in Paja are not added twice."),
        "pilots_import_label": _("CSV file"),
        "pilots_import_send": _("Import the file"),
        "pilots_imported_updates": _("Updates imported: {n}. Already in Paja: {already}."),
        "pilots_imported_values": _("Measure values imported: {n}. Already in Paja: "
                                    "{already}."),
    }


def voting_strings() -> dict:
    return {
        "view_votes": _("Voting"), "vote_title": _("Vote"),
        "no_vote": _("No vote is open. The facilitator will open one."),
        "vote_rules": _("{dots} dots each, at most {cap} per item."),
        "vote_anonymous": _("Anonymous: nobody can see who voted for what."),
        "vote_named": _("Named: the facilitators see who voted for what."),
        "closes_at": _("Voting closes at {time}."),
        "dots_left": _("Dots left: {n} of {total}"), "vote_closed": _("Voting has closed."),
        "votes_saving": _("Saving your votes…"), "votes_saved": _("✓ Your votes are saved."),
        "add_dot": _("Add a dot: {name}"), "remove_dot": _("Take a dot back: {name}"),
        "my_dots": _("Your dots on {name}: {n}"), "results": _("Results"),
        "results_caption": _("Dots per item, most first"), "rank": _("Place"),
        "item": _("Item"), "dots": _("Dots"), "tie": _("tie"), "chosen": _("chosen"),
        "tie_note": _("= marks a tie: items with as many dots share a place."),
        "turnout": _("Voted: {n} of {total} · dots left in all: {left}"),
        "turnout_nobody": _("Nobody has joined to vote yet."),
        "no_vote_room": _("No vote has been opened yet."),
        "results_hidden": _("The results stay hidden until you reveal them."),
        "results_hidden_room": _("The results are shown when voting ends."),
        "who_voted": _("Who voted for what (named round)"), "proxy": _("proxy"),
        # facilitator
        "vote_new": _("New vote round"), "vote_round_title": _("Title"),
        "vote_over": _("Vote on"), "vote_concepts": _("Concepts"),
        "vote_ideas_of": _("Ideas of"), "vote_dots": _("Dots per person"),
        "vote_cap": _("At most per item"), "vote_minutes": _("Closes by itself after (minutes)"),
        "vote_anonymous_set": _("Anonymous"),
        "vote_live_results": _("Results live (otherwise hidden until revealed)"),
        "vote_hidden_results": _("Results hidden until revealed"),
        "vote_allow_own": _("People may vote for their own"),
        "vote_no_own": _("Not for one's own"), "vote_create": _("Create round"),
        "vote_open": _("Open voting"), "vote_close": _("Close voting"),
        "vote_reveal": _("Reveal results"), "vote_items": _("items"),
        "round_draft": _("not opened"), "round_open": _("open"), "round_closed": _("closed"),
        "confirm_round": _("Remove this vote round and its votes?"),
        "no_rounds": _("No vote rounds yet."),
        "proxy_title": _("Enter paper dots (proxy)"),
        "proxy_help": _("For someone without a device: name them (or the paper sheet), then "
                        "give their dots. They are marked as proxy votes."),
        "proxy_for": _("For"), "proxy_placeholder": _("e.g. Paper 1"), "proxy_start": _("Start"),
        "choose_title": _("Choose what to pilot"), "choose_top": _("Top"),
        "choose_top_button": _("Select the top ones"), "choose_by_hand": _("Or pick by hand"),
        "choose_button": _("Select these"), "choose_others": _("The others"),
        "choose_keep": _("Keep the others for later"), "choose_drop": _("Drop the others"),
    }


def ideation_strings() -> dict:
    return {
        # phone
        "view_ideas": _("Ideas"), "view_concepts": _("Concepts"),
        "hmw_now": _("How might we…?"), "pick_question": _("Choose a question"),
        "no_questions": _("No questions yet. The facilitator will open one."),
        "other_questions": _("Other questions"),
        "mode_open": _("Open: everyone sees the ideas and who wrote them."),
        "mode_silent": _("Silent: others see your ideas only when the facilitator reveals them."),
        "mode_anonymous": _("Anonymous: other participants do not see who wrote an idea. The "
                            "facilitators do."),
        "mode_revealed": _("The ideas have been revealed."),
        "idea_locked": _("Writing is locked for now; the facilitator will open it again."),
        "idea_label": _("Your idea"), "idea_add": _("Add idea"),
        "idea_persona": _("Who is the idea for? (optional)"),
        "idea_no_persona": _("No one in particular"), "idea_for": _("for"),
        "idea_edit": _("Edit your idea"), "build_on": _("Build on this"),
        "idea_group": _("Group of ideas"),
        "builds_on": _("builds on"), "building_on": _("You are building on"),
        "spotlight_now": _("Now discussing"), "my_ideas": _("My ideas"),
        "others_ideas": _("Others' ideas"), "not_sent": _("Not sent yet"),
        "no_own_ideas": _("You have not written an idea yet."),
        "no_other_ideas": _("No ideas from others yet."),
        "others_hidden": _("Others' ideas appear when the facilitator reveals them."),
        "concepts": _("Concepts"), "all_concepts": _("All concepts"),
        "no_concepts": _("No concepts yet."),
        "concept_comments": _("Comments and ideas to build on it"),
        "concept_comment_label": _("Comment, or build on the concept"),
        # concept card
        "stage_draft": _("Draft"), "stage_refined": _("Refined"), "stage_selected": _("Selected"),
        "stage_piloting": _("Piloting"), "stage_dropped": _("Dropped"),
        "concept_name": _("Name"), "concept_stage": _("Stage"),
        "concept_need": _("The need it meets"), "concept_what": _("What it is"),
        "concept_takes_people": _("What it takes: people"),
        "concept_takes_devices": _("What it takes: devices"),
        "concept_takes_training": _("What it takes: training"),
        "concept_takes_digital": _("What it takes: digital support"),
        "concept_first_try": _("How we would try it first"), "concept_risks": _("Risks"),
        "concept_personas": _("Personas it serves"), "concept_question": _("Question"),
        "concept_ideas": _("Ideas it grew from"),
        # facilitator
        "ideation_none": _("Write how-might-we questions first; each gets a column here."),
        "set_silent": _("Silent"), "set_anonymous": _("Anonymous"), "set_locked": _("Locked"),
        "set_live": _("On every phone"), "set_grouping_open": _("Participants may group"),
        "settings_fixed": _("Silent and anonymous are fixed once there are ideas."),
        "reveal": _("Reveal ideas"), "ideas_count": _("Ideas: {n}"),
        "ideas_none": _("No ideas yet."),
        "ungrouped_ideas": _("Not grouped"), "move_to": _("Move to"),
        "new_cluster": _("New group"), "no_cluster": _("Not grouped"),
        "cluster_name": _("Group name"), "merge_into": _("Merge into"), "merge": _("Merge"),
        "ungroup_all": _("Remove group"), "make_concept": _("Make a concept"),
        "spotlight": _("Spotlight"), "unspotlight": _("End spotlight"),
        "duplicate_of": _("Duplicate of"), "not_duplicate": _("Not a duplicate"),
        "duplicate": _("duplicate"), "drag_hint": _("Drag cards onto a group, or use the "
                                                    "\"Move to\" menu and buttons."),
        "suggest": _("Suggest groups"), "suggest_none": _("No similar ideas found."),
        "accept": _("Accept"), "ignore": _("Ignore"),
        "suggested": _("Suggested groups"),
        "concept_new": _("New concept"), "concept_delete": _("Remove concept"),
        "confirm_concept": _("Remove the concept {name}?"),
        "concept_edit": _("Edit"), "concept_saved": _("Saved."),
        "concept_count": _("Concepts: {n}"),
        "concepts_none_facilitator": _("No concepts yet. Make one from an idea or a group of "
                                       "ideas on the ideation board."),
    }


def board_config() -> dict:
    """The shapes the board's scripts need, from the server's own definitions."""
    from flask import current_app

    return {"fields": {kind: list(names) for kind, names in FIELDS.items()},
            "list_fields": list(LIST_FIELDS), "questions": list(QUESTIONS),
            "email": bool(current_app.config.get("SMTP_HOST")),
            # The languages facilitators can write content in (the interface's).
            "languages": list(current_app.config["LANGUAGES"])}
