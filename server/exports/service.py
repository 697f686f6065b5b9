"""What a workshop produced, leaving Paja: the JSON archive, the CSV tables, the report in
Markdown and PDF (facilitators), and each participant's own contributions.

Who may have what in a file is what the entity views (:mod:`server.events.entities`) give
the file's reader: a facilitator's export is made for :data:`FACILITATOR_EXPORT` - the same
whichever facilitator downloads it, and from the command line - and a participant's own
file for that participant. No export decides visibility for itself.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import date
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select

from ..access import Actor, require_facilitator
from ..errors import Forbidden, NotFound
from ..events.entities import ENTITIES, FACILITATOR_EXPORT, Viewer
from ..extensions import db
from ..schemas import pick_language, printable
from ..timeutil import epoch
from . import archive, report, tables

log = logging.getLogger(__name__)

KINDS = {
    "archive.json": "application/json",
    "tables.zip": "application/zip",
    "report.md": "text/markdown; charset=utf-8",
    "report.pdf": "application/pdf",
}


def build(workshop_id: str, kind: str, viewer: Viewer = FACILITATOR_EXPORT) -> bytes:
    """One export as a file, holding what ``viewer`` may see. Every kind passes its data
    through :func:`printable` (the CSV tables cell by cell), so no stored text - whatever
    it holds - can stop a file from being made."""
    if kind == "archive.json":
        return to_json(archive.export_archive(workshop_id, viewer))
    if kind == "tables.zip":
        return tables.zipped(tables.tables(workshop_id, viewer))
    if kind == "report.md":
        return report.to_markdown(printable(report.report_data(workshop_id, viewer))).encode()
    if kind == "report.pdf":
        return report.to_pdf(printable(report.report_data(workshop_id, viewer)))
    raise NotFound(_("No such export. Choose one of: %(kinds)s.", kinds=", ".join(KINDS)))


def to_json(data) -> bytes:
    """A JSON file of ``data``, readable text (not escapes) in UTF-8."""
    return json.dumps(printable(data), ensure_ascii=False, indent=1).encode()


def facilitator_export(actor: Actor, kind: str) -> bytes:
    """A facilitator's download; participants and observers are refused (their own file is
    :func:`my_contributions`)."""
    require_facilitator(actor)
    return build(actor.workshop.id, kind, FACILITATOR_EXPORT)


def file_stem(workshop) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", workshop.name.lower().translate(
        str.maketrans("äöåé", "aoae"))).strip("-")[:40] or "paja"
    return f"{slug}-{date.today().isoformat()}"


def write_all(workshop_id: str, folder: Path) -> tuple[list[Path], dict[str, str]]:
    """The command line's export: every kind into ``folder``. Returns the files written and,
    for each kind that could not be made, why: one kind failing must not cost the others -
    the archive above all, which is the workshop's backup. Each file is written under a
    temporary name and renamed, so a failure never leaves half a file."""
    from ..workshops.models import Workshop

    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound(_("No such workshop."))
    folder.mkdir(parents=True, exist_ok=True)
    written, failed = [], {}
    for kind in KINDS:
        path = folder / f"{file_stem(workshop)}-{kind}"
        part = path.with_name(path.name + ".part")
        try:
            part.write_bytes(build(workshop_id, kind))
            part.replace(path)
        except Exception as error:  # noqa: BLE001 - reported, and the other kinds go on
            log.exception("export %s of workshop %s failed", kind, workshop_id)
            part.unlink(missing_ok=True)
            failed[kind] = f"{type(error).__name__}: {error}"
            continue
        written.append(path)
    return written, failed


def my_contributions(actor: Actor) -> dict:
    """Everything this member wrote in the workshop - ideas (anonymous ones too: they are
    theirs), notes, questions, comments, their introduction, answers and pilot updates.
    Each row is one the entity views show them (they are its subject), so the file never
    holds more than their own screen would."""
    from ..challenges.models import ChallengeNote, HowMightWe
    from ..coaching.models import Submission
    from ..comments.models import Comment
    from ..ideas.models import Idea
    from ..members.models import Introduction
    from ..pilots.models import PilotUpdate

    if actor.member is None or actor.role == "observer":
        raise Forbidden(_("Join the workshop first."))
    me = actor.member_id
    viewer = Viewer(actor.role, me, export=True)

    def rows(kind, model, *fields):
        query = select(model).where(model.workshop_id == actor.workshop.id,
                                    model.member_id == me)
        return [{name: _value(getattr(row, name)) for name in fields}
                for row in db.session.scalars(query)
                if ENTITIES[kind].view(row, viewer) is not None]

    # The question an idea answers, in the workshop's language where it is written in it;
    # their own questions below keep every language they were written in.
    language = actor.workshop.language
    questions = {q.id: pick_language(q.text, language)[0] for q in db.session.scalars(
        select(HowMightWe).where(HowMightWe.workshop_id == actor.workshop.id))}
    ideas = rows("idea", Idea, "id", "hmw_id", "text", "created_at")
    for idea in ideas:
        idea["question"] = questions.get(idea.pop("hmw_id"), "")
    intro = db.session.get(Introduction, me)
    return {
        "format": "paja-my-contributions", "version": 1, "workshop": actor.workshop.name,
        "name": actor.member.display_name, "organisation": actor.member.organisation,
        "introduction": {"about": intro.about, "hopes": intro.hopes} if intro else None,
        "ideas": ideas,
        "challenge_notes": rows("challenge_note", ChallengeNote, "question", "body",
                                "created_at"),
        "questions": rows("hmw", HowMightWe, "text", "created_at"),
        "comments": rows("comment", Comment, "target_kind", "body", "created_at"),
        "task_answers": rows("submission", Submission, "body", "answers", "feedback",
                             "completed", "submitted_at"),
        "pilot_updates": rows("pilot_update", PilotUpdate, "did", "learned", "next_step",
                              "blockers", "help_needed", "created_at"),
    }


def _value(value):
    from datetime import datetime

    if isinstance(value, datetime):
        return epoch(value)
    return value
