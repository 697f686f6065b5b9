"""Words of the cockpit's sections Agenda, People and groups, Personas, Challenges,
Exports and Settings. Words these sections share with the rest of the facilitator's page
(start, remove, the persona fields...) come from there under the same keys."""

from __future__ import annotations

from flask_babel import gettext as _


def strings() -> dict:
    return {
        # agenda
        "phase_count": _("Phases: {n}"), "open_run": _("Open Run"),
        "session_settings": _("Session name and kind"), "session_title": _("Session title"),
        "session_live": _("Live meeting"), "add_session_title": _("Add a session"),
        "add_session": _("Add session"), "title": _("Title"),
        "archived_note": _("Archived: participants cannot join or change anything."),
        # people and groups
        "qr_alt": _("QR code: join the workshop"), "joining": _("Joining"), "code": _("Code"),
        "new_code": _("New code"), "preview": _("Preview as participant"),
        "introduced": _("introduced"), "not_introduced": _("not introduced yet"),
        "ungrouped_count": _("Not in a group: {n}"),
        "intros_read": _("Read the introductions ({n})"), "people": _("People"),
        # personas
        "on_projector": _("on the projector"), "show_card": _("Card"), "links_short": _("Used in"),
        "confirm_comment": _("Remove this comment?"), "imported": _("Cards imported: {n}"),
        "library_have": _("already in the workshop"),
        "library_dup_ask": _("Already in the workshop: {names}. Skip those, or add a copy "
                             "anyway?"),
        "library_dup_skip": _("Skip those"), "library_dup_copy": _("Add a copy anyway"),
        "file_title": _("Import from a file"),
        "file_about": _("Your own cards as YAML (like the library's cards) or CSV (one card a "
                        "row; headers such as nimi, ikä, rooli or name, age_range, role; "
                        "rooli_sv or role_en for another language). If any line has a "
                        "problem, nothing is imported and each problem is listed."),
        "file_label": _("File (.yaml, .yml or .csv)"), "file_import": _("Import the file"),
        "file_choose": _("Choose a file first."),
        # challenges
        "answers_n": _("Answers: {n}"), "questions_n": _("Questions: {n}"),
        "challenges_summary": _("Challenges: {n} · how-might-we questions: {q}"),
        # exports
        "export_pdf": _("Report (PDF)"), "export_md": _("Report (Markdown)"),
        "export_tables": _("CSV tables (Excel)"),
        "export_archive": _("Archive (JSON, can be imported)"),
        "export_pdf_about": _("To read and print: the workshop's results in order."),
        "export_md_about": _("The same report as text, to edit or to paste elsewhere."),
        "export_tables_about": _("Every list as a table, for a spreadsheet or analysis."),
        "export_archive_about": _("The whole workshop, to keep or to import as a new workshop."),
        "export_note": _("Everything this workshop produced, to keep, analyse or send on. "
                         "Anonymous ideas stay anonymous; private answers are only in the CSV "
                         "tables, marked."),
        # settings
        "settings_details": _("Name and language"), "name": _("Name"),
        "description": _("Description"), "language": _("Language"),
        "language_about": _("The language participants' screens start in; each person can "
                            "change theirs."),
        "settings_rights": _("What participants may do"),
        "self_pick_about": _("Participants pick their own small group."),
        "teams_invite_about": _("Pilot teams make invitation links themselves."),
        "setting_on": _("On"), "setting_off": _("Off"),
        "archive_about": _("An archived workshop is read-only: nobody can join or change "
                           "anything until it is restored."),
        "confirm_archive": _("Archive the workshop? Participants can no longer join or change "
                             "anything."),
        "confirm_restore": _("Restore the workshop? Participants can join and write again."),
    }
