"""Words of the board views: the facilitator's ideas board and concepts board."""

from __future__ import annotations

from flask_babel import gettext as _


def strings() -> dict:
    return {
        # the board, shared by ideas and concepts
        "board_hint": _("Drag cards onto a group. By keyboard: arrow keys go from card to "
                        "card, Space selects, Enter or M opens “Move to”; Escape clears the "
                        "selection. Ctrl-click or Shift-click selects several."),
        "board_actions": _("Selected cards"),
        "board_selected": _("Selected: {n}"),
        "board_current": _("Card: {text}"),
        "board_none_selected": _("No card chosen"),
        "board_clear": _("Clear selection"),
        "board_move_ok": _("Move here"),
        "board_move_one": _("Move “{text}” to"),
        "board_move_many": _("Move {n} cards to"),
        "board_move_selected": _("Move selected to"),
        "board_zoom": _("Zoom"),
        "board_zoom_in": _("Zoom in"),
        "board_zoom_out": _("Zoom out"),
        "board_zoom_fit": _("Fit to screen"),
        "board_drop_here": _("Drop cards here"),
        # ideas
        "board_question": _("Question"),
        "board_all_questions": _("All questions"),
        "board_settings_of": _("Settings of the question: {text}"),
        "board_unnamed": _("Unnamed group"),
        "board_new_here": _("Drop here for a new group"),
        "board_expand": _("Show the group"),
        "board_collapse": _("Fold the group"),
        "board_merge_title": _("Merge “{name}” into"),
        "board_confirm_merge": _("Merge the group “{from}” into “{into}”? Its ideas move "
                                 "and the group “{from}” is removed."),
        "board_confirm_ungroup": _("Remove the group “{name}”? Its {n} ideas stay, "
                                   "without a group."),
        "board_confirm_delete": _("Remove {n} ideas?"),
        "board_confirm_delete_one": _("Remove the idea “{text}”?"),
        "board_stack": _("Stack as duplicates"),
        "board_all_legend": _("Every question of the session ({n})"),
        "board_all_needs_session": _("Start a session to set every question at once."),
        "board_all_silent": _("Silent for all"),
        "board_all_anonymous": _("Anonymous for all"),
        "board_all_locked": _("Lock all"),
        "board_all_reveal": _("Reveal all"),
        # questions by group
        "whole_workshop": _("Whole workshop"),
        "hmw_for_whom": _("Whose question"),
        "set_live_group": _("On this group's phones"),
        # concepts
        "board_concept_move_one": _("Move the concept “{text}” to the stage"),
        "board_concept_move_many": _("Move {n} concepts to the stage"),
        "board_concept_move_ok": _("Move to this stage"),
        "board_concept_ideas": _("Ideas: {n}"),
        "board_concept_comments": _("Comments: {n}"),
        "board_concept_questions": _("From {n} questions:"),
        "board_concept_new": _("New concept"),
        "board_concept_question": _("Question (optional)"),
        "board_concept_none": _("No question"),
        "board_concept_editing": _("Edit the concept “{name}”"),
        "board_concept_close": _("Close"),
        "board_concept_pick": _("Concept to add the ideas to"),
        "board_add_to_concept": _("Add to concept"),
        "board_added_to_concept": _("Ideas added to the concept “{name}” ({n})."),
        "concept_idea_remove": _("Take off the card"),
        "concept_idea_removed": _("The idea was taken off the card."),
        "concept_ideas_none": _("No ideas on the card yet: choose ideas on the ideas board and "
                                "add them to it."),
        "board_concept_confirm_delete": _("Remove {n} concepts?"),
        "board_concept_hint": _("Drag a card to another stage. By keyboard: arrow keys go "
                                "from card to card, Space selects, Enter or M moves to a "
                                "stage, E edits."),
    }
