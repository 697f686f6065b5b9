"""CSV tables of a workshop, for a spreadsheet.

Made for Excel with a Finnish locale: UTF-8 with a byte-order mark (so ä and ö survive),
semicolons between fields (the comma is the decimal separator there), decimal commas in
numbers, CRLF line ends. A cell a spreadsheet would run as a formula (starting with =, +,
-, @, a tab or a carriage return) gets a leading apostrophe, so people's text can never
run as a formula. What each table holds is what the entity views give its reader (for a
facilitator: anonymous ideas without an author, a round's results only once they show,
private task answers marked "private").

The tables are Finnish, with each header in English too ("tila / status"); values that are
Paja's own words (a pilot's status, a concept's stage, yes and no) are in Finnish, so that a
column filters on one word. Numbers are numbers: each measured value is a row of its own in
``pilot_measure_values.csv``, so a spreadsheet can chart it.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

from sqlalchemy import select

from ..events.entities import ENTITIES, FACILITATOR_EXPORT, Viewer
from ..extensions import db
from ..schemas import pick_language, printable
from .report import WORDS as REPORT_WORDS
from .report import organisations

FORMULA = ("=", "+", "-", "@", "\t", "\r")
# Paja's own words in the tables' language: the report's Finnish, one wording for both.
STATUSES = REPORT_WORDS["fi"]["statuses"]
STAGES = REPORT_WORDS["fi"]["stages"]
# What the personal-data check found in a text (its facilitators' views carry the kinds), so
# that a spreadsheet filters the rows to look at before the file goes further.
PERSONAL_DATA = {"personal_id": "henkilötunnus", "phone": "puhelinnumero",
                 "email": "sähköposti", "address": "osoite"}


def personal_data(view: dict) -> str:
    return ", ".join(PERSONAL_DATA.get(kind, kind) for kind in view.get("personal_data") or [])


def safe(value) -> str:
    """One cell: text as it is (but characters no cell should hold, see
    :func:`~server.schemas.printable`), numbers with a decimal comma, formulas defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "kyllä" if value else "ei"
    if isinstance(value, float):
        text = f"{value:g}".replace(".", ",")
        return text
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    text = printable(str(value))
    if text.startswith(FORMULA):
        return "'" + text
    return text


def to_csv(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([safe(cell) for cell in header])
    for row in rows:
        writer.writerow([safe(value) for value in row])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def _names(workshop_id):
    from ..members.models import Member

    return {m.id: m for m in db.session.scalars(select(Member).where(
        Member.workshop_id == workshop_id))}


def tables(workshop_id: str, viewer: Viewer = FACILITATOR_EXPORT) -> dict[str, bytes]:
    """Each table as a CSV file. Rows and cells the views hide from ``viewer`` are not in
    them; which ones is asked of the entity kinds, never decided here."""
    from ..challenges.models import HowMightWe
    from ..coaching.models import Submission
    from ..concepts.models import Concept
    from ..ideas.models import Idea, IdeaCluster
    from ..members.erasure import shown_name
    from ..pilots.models import Measure, MeasureValue, Pilot, PilotMember, PilotUpdate
    from ..sessions.models import WorkshopSession
    from ..voting.models import VoteRound
    from ..workshops.models import Workshop

    people = _names(workshop_id)

    def name(member_id):
        return shown_name(people.get(member_id))

    def org(member_id):
        member = people.get(member_id)
        return member.organisation if member else ""

    # Each question in the workshop's language, where it is written in that one.
    language = db.session.get(Workshop, workshop_id).language
    question_rows = list(db.session.scalars(select(HowMightWe).where(
        HowMightWe.workshop_id == workshop_id)))
    questions = {q.id: pick_language(q.text, language)[0] for q in question_rows}
    anonymous_questions = {q.id: q.anonymous for q in question_rows}
    clusters = {c.id: c for c in db.session.scalars(select(IdeaCluster).where(
        IdeaCluster.workshop_id == workshop_id))}
    concepts = {c.id: c for c in db.session.scalars(select(Concept).where(
        Concept.workshop_id == workshop_id).order_by(Concept.position))}
    out = {}

    out["members.csv"] = to_csv(
        ["nimi / name", "organisaatio / organisation", "rooli / role", "liittyi / joined",
         "poistettu / removed"],
        [[shown_name(m), m.organisation, m.role, m.joined_at, m.removed_at is not None]
         for m in sorted(people.values(), key=lambda m: m.joined_at)])

    idea_rows = []
    for idea in db.session.scalars(select(Idea).where(Idea.workshop_id == workshop_id)
                                   .order_by(Idea.hmw_id, Idea.position)):
        view = ENTITIES["idea"].view(idea, viewer)
        if view is None:
            continue
        anonymous = anonymous_questions.get(idea.hmw_id, False)
        idea_rows.append([questions.get(idea.hmw_id, ""), idea.text,
                          name(view["member_id"]),
                          anonymous,
                          clusters[idea.cluster_id].name if idea.cluster_id in clusters else "",
                          idea.plus_count, idea.duplicate_of_id is not None, idea.created_at,
                          personal_data(view)])
    out["ideas.csv"] = to_csv(
        ["kysymys / question", "idea", "kirjoittaja / author", "nimetön / anonymous",
         "ryhmä / group",
         "peukut (+1) / likes", "sama kuin toinen / duplicate", "aika / time",
         "henkilötietoja? / personal data?"], idea_rows)

    out["concepts.csv"] = to_csv(
        ["nimi / name", "vaihe / stage", "tarve / need", "mitä / what",
         "ihmiset / people", "laitteet / devices", "koulutus / training",
         "digituki / digital support", "ensimmäinen kokeilu / first try", "riskit / risks",
         "kysymys / question", "ideoita / ideas"],
        [[c.name, STAGES.get(c.stage, c.stage), *[(c.texts or {}).get(key, "") for key in (
            "need", "what", "takes_people", "takes_devices", "takes_training", "takes_digital",
            "first_try", "risks")],
          questions.get(c.hmw_id, ""), len(c.idea_ids or [])]
         for c in concepts.values()])

    vote_rows = []
    for round_ in db.session.scalars(select(VoteRound).where(
            VoteRound.workshop_id == workshop_id).order_by(VoteRound.position)):
        view = ENTITIES["vote_round"].view(round_, viewer)
        if view is None or view["results"] is None:
            continue  # hidden results stay hidden, here too
        for row in view["results"]:
            item = concepts.get(row["item_id"])
            idea = None if item else db.session.get(Idea, row["item_id"])
            label = item.name if item else (idea.text if idea else "")
            vote_rows.append([round_.title, label, row["count"], row["rank"], row["tie"],
                              row["item_id"] in (round_.chosen_ids or [])])
    out["votes.csv"] = to_csv(["äänestys / round", "kohde / item", "pisteet / dots",
                               "sija / place", "tasapeli / tie", "valittu / chosen"], vote_rows)

    pilots = list(db.session.scalars(select(Pilot).where(Pilot.workshop_id == workshop_id)
                                     .order_by(Pilot.created_at)))
    teams: dict[str, list[str]] = {}
    for row in db.session.scalars(select(PilotMember).where(
            PilotMember.workshop_id == workshop_id).order_by(PilotMember.joined_at)):
        teams.setdefault(row.pilot_id, []).append(row.member_id)
    out["pilots.csv"] = to_csv(
        ["pilotti / pilot", "tila / status", "hypoteesi / hypothesis", "alkaa / starts",
         "päättyy / ends", "yhteyshenkilö / contact", "tiimi / team",
         "organisaatiot / organisations"],
        [[concepts[p.concept_id].name if p.concept_id in concepts else "",
          STATUSES.get(p.status, p.status),
          p.hypothesis, p.starts_on, p.ends_on, name(p.contact_member_id),
          ", ".join(name(m) for m in teams.get(p.id, [])),
          ", ".join(organisations(org(m) for m in teams.get(p.id, [])))]
         for p in pilots])

    pilot_order = {p.id: n for n, p in enumerate(pilots)}
    measures = {m.id: m for m in db.session.scalars(select(Measure).where(
        Measure.workshop_id == workshop_id))}
    pilot_name = {p.id: concepts[p.concept_id].name if p.concept_id in concepts else ""
                  for p in pilots}
    update_rows, value_rows = [], []
    for update in db.session.scalars(select(PilotUpdate).where(
            PilotUpdate.workshop_id == workshop_id).order_by(
                PilotUpdate.happened_on, PilotUpdate.created_at)):
        update_rows.append([pilot_name.get(update.pilot_id, ""), update.day, update.created_at,
                            name(update.member_id), update.did, update.learned,
                            update.next_step, update.blockers, update.help_needed,
                            update.resolved_at or ""])
        for value in db.session.scalars(select(MeasureValue).where(
                MeasureValue.update_id == update.id)):
            measure = measures.get(value.measure_id)
            if measure is not None:
                value_rows.append([(pilot_order.get(update.pilot_id, -1), measure.position),
                                   pilot_name.get(update.pilot_id, ""), measure.name,
                                   value.measured_on, value.value, measure.unit])
    out["pilot_updates.csv"] = to_csv(
        ["pilotti / pilot", "päivä / date", "kirjattu / written", "kirjoittaja / author",
         "mitä teimme / did", "mitä opimme / learned", "seuraava askel / next step",
         "esteet / blockers", "avuntarve / help needed", "ratkaistu / resolved"], update_rows)
    # One row per measured value: a pilot's measures in their order, each by its date.
    value_rows.sort(key=lambda row: (row[0], row[3]))
    out["pilot_measure_values.csv"] = to_csv(
        ["pilotti / pilot", "mittari / measure", "päivä / date", "arvo / value",
         "yksikkö / unit"], [row[1:] for row in value_rows])

    themes = {s.id: s for s in db.session.scalars(select(WorkshopSession).where(
        WorkshopSession.workshop_id == workshop_id, WorkshopSession.task.is_not(None)))}
    task_rows = []
    for submission in db.session.scalars(select(Submission).where(
            Submission.workshop_id == workshop_id).order_by(Submission.submitted_at)):
        view = ENTITIES["submission"].view(submission, viewer)
        if view is None:
            continue  # a private answer, not the reader's
        # Feedback and the mark are the member's and the facilitators' only.
        review = ENTITIES["review"].view(submission, viewer) or {"feedback": "",
                                                                 "completed": False}
        theme = themes.get(submission.session_id)
        task = (theme.task or {}) if theme else {}
        private = task.get("visibility") != "shared"
        title = (task.get("title") or {}).get("fi") or (task.get("title") or {}).get("en", "")
        answers = "; ".join(f"{k}: {v}" for k, v in (submission.answers or {}).items())
        task_rows.append([title, "yksityinen / private" if private else "jaettu / shared",
                          name(submission.member_id), submission.body, answers,
                          review["feedback"], review["completed"], submission.submitted_at,
                          personal_data(view)])
    out["tasks_and_submissions.csv"] = to_csv(
        ["tehtävä / task", "näkyvyys / visibility", "osallistuja / member", "vastaus / answer",
         "kyselyn vastaukset / survey answers", "palaute / feedback", "tehty / done",
         "aika / time", "henkilötietoja? / personal data?"], task_rows)
    return out


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()

