"""Pilot updates and measure values from a CSV file, as partners keep them in a spreadsheet.

The columns are the ones the export writes (``pilot_updates.csv`` and
``pilot_measure_values.csv``): a file exported, filled in further in Excel and uploaded
again works as it is. Which of the two a file is, its header row tells. A header is matched
in Finnish or English, with or without the other ("päivä", "date" or "päivä / date"), and
without case or accents; columns the import does not read (when an update was written) are
passed over.

Every row is checked before anything is written, each problem named by its line, and one
problem refuses the whole file. What is in Paja already is not made twice: an update with
the same pilot, day and texts, or a value of the same measure, day and figure, is counted
as already there. So the same file uploaded again - or an export of this workshop - makes
nothing new, and its updates keep their ids (each derived from what it says).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select

from ..access import Actor, require_facilitator, require_open
from ..concepts.models import Concept
from ..database import write_transaction
from ..errors import Invalid
from ..events.models import Removed
from ..events.service import record_by
from ..extensions import db
from ..members.models import Member
from ..schemas import pair_id
from ..timeutil import utcnow
from ..uploads import LineProblems, refused
from .models import Measure, MeasureValue, Pilot, PilotUpdate
from .schemas import UpdateAdd, ValueIn

MAX_FILE_BYTES = 200 * 1024  # under a socket message (256 KB), so the command carries it
MAX_ROWS = 2000
TEXTS = ("did", "learned", "next_step", "blockers", "help_needed")
# What the export writes before a cell a spreadsheet would run as a formula.
FORMULA = ("=", "+", "-", "@", "\t", "\r")

# Each column the import reads, by the export's header (both its halves) and a few more
# ways people write it.
UPDATE_HEADERS = {
    "pilot": ("pilotti / pilot", "pilotti", "pilot"),
    "date": ("päivä / date", "päivä", "date", "päivämäärä", "pvm", "day"),
    "author": ("kirjoittaja / author", "kirjoittaja", "author", "tekijä"),
    "did": ("mitä teimme / did", "mitä teimme", "did", "what we did", "tehty"),
    "learned": ("mitä opimme / learned", "mitä opimme", "learned", "what we learned",
                "opittu"),
    "next_step": ("seuraava askel / next step", "seuraava askel", "next step", "next"),
    "blockers": ("esteet / blockers", "esteet", "blockers"),
    "help_needed": ("avuntarve / help needed", "avuntarve", "help needed", "help"),
    "resolved": ("ratkaistu / resolved", "ratkaistu", "resolved"),
    "written": ("kirjattu / written", "kirjattu", "written"),
}
VALUE_HEADERS = {
    "pilot": UPDATE_HEADERS["pilot"],
    "measure": ("mittari / measure", "mittari", "measure"),
    "date": UPDATE_HEADERS["date"],
    "value": ("arvo / value", "arvo", "value"),
    "unit": ("yksikkö / unit", "yksikkö", "unit"),
}
REQUIRED = {"updates": ("pilot", "date"), "values": ("pilot", "measure", "date", "value")}
YES = {"kylla", "yes", "x", "ja", "true", "1"}
NO = {"", "ei", "no", "nej", "false", "0"}
FINNISH_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def _folded(text: str) -> str:
    """A header or name compared without case, accents, spaces or punctuation."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", plain).strip()


def _aliases(headers: dict) -> dict[str, str]:
    return {_folded(alias): name for name, aliases in headers.items() for alias in aliases}


UPDATE_ALIASES = _aliases(UPDATE_HEADERS)
VALUE_ALIASES = _aliases(VALUE_HEADERS)


@dataclass
class Imported:
    """What an import did: the file's kind, the updates it names (made now or found in
    Paja already), how many updates and values are new, and how many of the file's updates
    (or, for values, values) Paja held already."""

    kind: str
    update_ids: list[str] = field(default_factory=list)
    created: int = 0
    already: int = 0
    values: int = 0


def dump_imported(result: Imported) -> dict:
    return {"kind": result.kind, "update_ids": result.update_ids, "created": result.created,
            "already": result.already, "values": result.values}


def _cell(value: str) -> str:
    """A cell as its writer meant it: without the apostrophe the export puts before text a
    spreadsheet would run as a formula."""
    value = value.strip()
    if value.startswith("'") and value[1:2] and value[1] in FORMULA:
        return value[1:]
    return value


def _day(value: str) -> str:
    """A date cell as YYYY-MM-DD for :class:`~server.schemas.Day`: ISO (with or without a
    time, as the export writes a moment) or Finnish (5.10.2026)."""
    match = FINNISH_DATE.match(value)
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return value  # refused by the schema, with its own words
    return value.split(" ")[0].split("T")[0]


def _rows(text: str, problems: LineProblems) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the rows of a CSV text, each row with the line it starts on. The
    delimiter is the one the header row uses most: the export's semicolon, or the comma and
    tab other programs save with."""
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows, line = [], 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                rows.append((line, record))
            line = reader.line_num + 1
    except csv.Error as error:
        problems.add(line, "", _("The line cannot be read as CSV (%(error)s): check its "
                                 "quotation marks.", error=str(error)))
    if not rows:
        return [], []
    # A file may start with empty lines: its first row that says something is the header.
    return rows[0][1], rows[1:]


def _columns(header: list[str], problems: LineProblems) -> tuple[str, dict[str, int]]:
    """The file's kind (updates or values) and where each column it reads is."""
    folded = [_folded(_cell(name)) for name in header]
    is_values = any(VALUE_ALIASES.get(name) in ("measure", "value") for name in folded)
    kind = "values" if is_values else "updates"
    aliases = VALUE_ALIASES if is_values else UPDATE_ALIASES
    where: dict[str, int] = {}
    for index, name in enumerate(folded):
        column = aliases.get(name)
        if column is None:
            if name:
                problems.add(1, "", _("The column %(name)s is not one Paja reads: use the "
                                      "columns of pilot_updates.csv or "
                                      "pilot_measure_values.csv in the export.",
                                      name=_cell(header[index])[:60]))
            continue
        if column in where:
            problems.add(1, "", _("The column %(name)s is there twice: keep one of them.",
                                  name=_cell(header[index])[:60]))
        where[column] = index
    missing = [name for name in REQUIRED[kind] if name not in where]
    if missing:
        headers = VALUE_HEADERS if is_values else UPDATE_HEADERS
        problems.add(1, "", _("The file has no column %(names)s. The first row names the "
                              "columns, as in the export.",
                              names=", ".join(f'"{headers[name][0]}"' for name in missing)))
    return kind, where


class _Workshop:
    """The workshop's pilots, measures and members, found by the names a file gives."""

    def __init__(self, workshop_id: str):
        self.pilots: dict[str, list[Pilot]] = {}
        for pilot, name in db.session.execute(
                select(Pilot, Concept.name).join(Concept, Concept.id == Pilot.concept_id)
                .where(Pilot.workshop_id == workshop_id)):
            self.pilots.setdefault(_folded(name), []).append(pilot)
        self.measures: dict[tuple[str, str], list[Measure]] = {}
        for measure in db.session.scalars(select(Measure).where(
                Measure.workshop_id == workshop_id)):
            self.measures.setdefault((measure.pilot_id, _folded(measure.name)), []).append(
                measure)
        self.members: dict[str, list[Member]] = {}
        for member in db.session.scalars(select(Member).where(
                Member.workshop_id == workshop_id, Member.removed_at.is_(None))):
            self.members.setdefault(_folded(member.display_name), []).append(member)

    def pilot(self, name: str) -> Pilot:
        return _only(self.pilots.get(_folded(name), []),
                     _("No pilot called %(name)s in this workshop: write its name as the "
                       "pilots' overview shows it.", name=name[:80]),
                     _("Two pilots are called %(name)s: rename one of them in Paja first.",
                       name=name[:80]))

    def measure(self, pilot: Pilot, name: str) -> Measure:
        return _only(self.measures.get((pilot.id, _folded(name)), []),
                     _("The pilot has no measure called %(name)s: add it to the pilot "
                       "first, or check the name.", name=name[:80]),
                     _("The pilot has two measures called %(name)s: rename one of them in "
                       "Paja first.", name=name[:80]))

    def member(self, name: str) -> Member:
        return _only(self.members.get(_folded(name), []),
                     _("No one called %(name)s is in this workshop: leave the cell empty to "
                       "enter the update as yours.", name=name[:80]),
                     _("Two people are called %(name)s: leave the cell empty to enter the "
                       "update as yours.", name=name[:80]))


def _only(found: list, none: str, many: str):
    """The one thing a name names; :class:`ValidationError` saying ``none`` or ``many``."""
    if not found:
        raise ValidationError(none)
    if len(found) > 1:
        raise ValidationError(many)
    return found[0]


def _first_error(error: ValidationError) -> tuple[str, str]:
    """The field and the message of a schema's first complaint."""
    messages = error.messages if isinstance(error.messages, dict) else {"": error.messages}
    name, message = next(iter(messages.items()))
    while isinstance(message, dict):
        name, message = next(iter(message.items()))
    if isinstance(message, list):
        message = message[0]
    return str(name), str(message)


def _update_id(workshop_id: str, pilot_id: str, day: date, texts: dict) -> str:
    digest = hashlib.sha256("\x1f".join(texts[name] for name in TEXTS).encode()).hexdigest()
    return pair_id(workshop_id, "imported-update", pilot_id, day.isoformat(), digest)


def _resolved(value: str) -> datetime | None | bool:
    """A resolved cell: a moment (as the export writes it), a date, yes or no; False when it
    is none of these."""
    if _folded(value) in NO:
        return None
    if _folded(value) in YES:
        return utcnow()
    try:
        day = date.fromisoformat(_day(value))
    except ValueError:
        return False
    moment = value.replace("T", " ")
    try:
        return datetime.fromisoformat(moment) if " " in moment else datetime.combine(day, time())
    except ValueError:
        return datetime.combine(day, time())


def import_file(actor: Actor, data: dict) -> Imported:
    """Add the updates or measure values of a CSV file (see the module): all of its rows,
    or - when any row has a problem - none, with every problem named by its line."""
    require_facilitator(actor)
    require_open(actor)
    text = data["file"]
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise Invalid.field("file", _(
            "The file is too large: import at most %(kb)d KB at a time (split it into "
            "several files).", kb=MAX_FILE_BYTES // 1024))
    problems = LineProblems()
    with write_transaction():
        try:
            header, rows = _rows(text, problems)
            if not header:
                raise Invalid.field("file", _("The file is empty. Upload pilot_updates.csv "
                                              "or pilot_measure_values.csv, filled in."))
            if len(rows) > MAX_ROWS:
                raise Invalid.field("file", _("The file has %(n)d rows; import at most "
                                              "%(max)d at a time.", n=len(rows),
                                              max=MAX_ROWS))
            kind, where = _columns(header, problems)
            if problems.items:
                raise refused(problems.messages())
            if not rows:
                raise Invalid.field("file", _("The file has only its header row: write one "
                                              "update or value on each row below it."))
            known = _Workshop(actor.workshop.id)
            plan = (_plan_updates if kind == "updates" else _plan_values)(
                actor, known, where, rows, problems)
        except LineProblems.Full:
            plan = None
        if problems.items:
            raise refused(problems.messages())
        return _write(actor, kind, plan)


def _get(row: list[str], where: dict[str, int], name: str) -> str:
    index = where.get(name)
    return _cell(row[index]) if index is not None and index < len(row) else ""


def _plan_updates(actor: Actor, known: _Workshop, where, rows, problems) -> list[dict]:
    """Each row as the update it makes, checked as :class:`UpdateAdd` checks a phone's."""
    plan, seen = [], set()
    for line, row in rows:
        try:
            pilot = known.pilot(_get(row, where, "pilot"))
        except ValidationError as error:
            problems.add(line, UPDATE_HEADERS["pilot"][0], _first_error(error)[1])
            continue
        author = None
        if _get(row, where, "author"):
            try:
                author = known.member(_get(row, where, "author"))
            except ValidationError as error:
                problems.add(line, UPDATE_HEADERS["author"][0], _first_error(error)[1])
                continue
        day = _get(row, where, "date")
        if not day:
            problems.add(line, UPDATE_HEADERS["date"][0], _("Write the day the update tells "
                                                            "of, such as 2026-10-05."))
            continue
        try:
            loaded = UpdateAdd().load({"id": _update_id(actor.workshop.id, pilot.id,
                                                        date.min, {n: "" for n in TEXTS}),
                                       "pilot_id": pilot.id, "happened_on": _day(day),
                                       **{name: _get(row, where, name) for name in TEXTS}})
        except ValidationError as error:
            name, message = _first_error(error)
            column = {"happened_on": "date"}.get(name, name)
            problems.add(line, UPDATE_HEADERS.get(column, (column,))[0], message)
            continue
        texts = {name: loaded[name] for name in TEXTS}
        resolved = _resolved(_get(row, where, "resolved"))
        if resolved is False:
            problems.add(line, UPDATE_HEADERS["resolved"][0], _(
                "Write the day the blockers were resolved, or leave the cell empty."))
            continue
        if resolved and not (texts["blockers"] or texts["help_needed"]):
            problems.add(line, UPDATE_HEADERS["resolved"][0], _(
                "This row names no blockers or help needed: leave the cell empty."))
            continue
        update_id = _update_id(actor.workshop.id, pilot.id, loaded["happened_on"], texts)
        if update_id in seen:
            continue  # the same row twice in one file is one update
        seen.add(update_id)
        plan.append({"id": update_id, "pilot": pilot, "day": loaded["happened_on"],
                     "texts": texts, "resolved_at": resolved, "values": [],
                     "member_id": author.id if author else actor.member_id})
    return plan


def _plan_values(actor: Actor, known: _Workshop, where, rows, problems) -> list[dict]:
    """The rows as updates that carry values, one per pilot and day (as a team's update
    gives its measures' values of that day)."""
    updates: dict[tuple[str, date], dict] = {}
    given: dict[tuple[str, date], tuple[int, float]] = {}
    for line, row in rows:
        try:
            pilot = known.pilot(_get(row, where, "pilot"))
        except ValidationError as error:
            problems.add(line, VALUE_HEADERS["pilot"][0], _first_error(error)[1])
            continue
        try:
            measure = known.measure(pilot, _get(row, where, "measure"))
        except ValidationError as error:
            problems.add(line, VALUE_HEADERS["measure"][0], _first_error(error)[1])
            continue
        unit = _get(row, where, "unit")
        if unit and _folded(unit) != _folded(measure.unit or ""):
            problems.add(line, VALUE_HEADERS["unit"][0], _(
                "The measure's unit in Paja is %(unit)s: write that, or leave the cell "
                "empty.", unit=measure.unit or "-"))
            continue
        day = _get(row, where, "date")
        if not day:
            problems.add(line, VALUE_HEADERS["date"][0], _("Write the day of the value, "
                                                           "such as 2026-10-05."))
            continue
        try:
            loaded = ValueIn().load({"measure_id": measure.id, "measured_on": _day(day),
                                     "value": _get(row, where, "value")})
        except ValidationError as error:
            name, message = _first_error(error)
            column = {"measured_on": "date"}.get(name, name)
            problems.add(line, VALUE_HEADERS.get(column, (column,))[0], message)
            continue
        key = (measure.id, loaded["measured_on"])
        if key in given:
            first_line, value = given[key]
            if value != loaded["value"]:
                problems.add(line, VALUE_HEADERS["value"][0], _(
                    "Line %(line)d gives this measure another value for the same day: keep "
                    "one of the two.", line=first_line))
            continue
        given[key] = (line, loaded["value"])
        update = updates.setdefault((pilot.id, loaded["measured_on"]), {
            "pilot": pilot, "day": loaded["measured_on"], "texts": dict.fromkeys(TEXTS, ""),
            "resolved_at": None, "values": [], "member_id": actor.member_id, "lines": []})
        update["values"].append((line, measure, loaded["value"]))

    stored: dict[tuple[str, date], list[float]] = {}
    for value in db.session.scalars(select(MeasureValue).join(Measure).where(
            Measure.workshop_id == actor.workshop.id)):
        stored.setdefault((value.measure_id, value.measured_on), []).append(value.value)
    plan = []
    for update in updates.values():
        new, update["already"] = [], 0
        for line, measure, value in update["values"]:
            there = stored.get((measure.id, update["day"]), [])
            if value in there:
                update["already"] += 1  # in Paja already: nothing twice
                continue
            if there:
                problems.add(line, VALUE_HEADERS["value"][0], _(
                    "Paja already has another value of this measure for that day "
                    "(%(value)s): correct it in Paja, or remove the row.",
                    value=f"{there[0]:g}".replace(".", ",")))
                continue
            new.append((measure, value))
        update["values"] = new
        if new:
            update["id"] = pair_id(actor.workshop.id, "imported-values", update["pilot"].id,
                                   update["day"].isoformat(), *sorted(
                                       f"{m.id}={v!r}" for m, v in new))
        plan.append(update)
    return plan


def _write(actor: Actor, kind: str, plan: list[dict]) -> Imported:
    """Make what the plan says that Paja does not hold yet. A day's values join that day's
    update of the pilot when it has none of those measures yet (as the team would have
    entered them), else they come as an update of their own."""
    result = Imported(kind=kind)
    workshop_id = actor.workshop.id
    updates = list(db.session.scalars(select(PilotUpdate).where(
        PilotUpdate.workshop_id == workshop_id).order_by(PilotUpdate.created_at)))
    by_content = {(u.pilot_id, u.day, *(getattr(u, n) or "" for n in TEXTS)): u.id
                  for u in updates}
    measured: dict[str, set[str]] = {}
    for value in db.session.scalars(select(MeasureValue).join(PilotUpdate).where(
            PilotUpdate.workshop_id == workshop_id)):
        measured.setdefault(value.update_id, set()).add(value.measure_id)
    for item in plan:
        if kind == "values":
            result.already += item["already"]
            if not item["values"]:
                continue
            wanted = {measure.id for measure, _value in item["values"]}
            host = next((u for u in updates if u.pilot_id == item["pilot"].id
                         and u.day == item["day"] and not wanted & measured.get(u.id, set())),
                        None)
            if host is not None:
                _add_values(host, item)
                measured.setdefault(host.id, set()).update(wanted)
                record_by(actor, "pilot_update", host, type="pilot.update_values_added")
                result.update_ids.append(host.id)
                result.values += len(item["values"])
                continue
        same = by_content.get((item["pilot"].id, item["day"], *item["texts"].values()))
        if same is None and db.session.get(PilotUpdate, item["id"]) is not None:
            same = item["id"]
        if same is not None or db.session.get(Removed, (workshop_id, "pilot_update",
                                                        item["id"])) is not None:
            # In Paja already, or imported once and deleted since: deleted stays deleted.
            result.already += len(item["values"]) if kind == "values" else 1
            if same is not None:
                result.update_ids.append(same)
            continue
        update = PilotUpdate(id=item["id"], workshop_id=workshop_id,
                             pilot_id=item["pilot"].id, member_id=item["member_id"],
                             happened_on=item["day"], **item["texts"])
        if item["resolved_at"]:
            update.resolved_at = item["resolved_at"]
            update.resolved_by_id = actor.member_id
        db.session.add(update)
        db.session.flush()
        _add_values(update, item)
        record_by(actor, "pilot_update", update, type="pilot.update_posted")
        updates.append(update)
        result.update_ids.append(update.id)
        result.created += 1
        result.values += len(item["values"])
    return result


def _add_values(update: PilotUpdate, item: dict) -> None:
    for measure, value in item["values"]:
        db.session.add(MeasureValue(update_id=update.id, measure_id=measure.id, value=value,
                                    measured_on=item["day"]))
    db.session.flush()
