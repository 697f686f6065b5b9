"""The JSON archive of a whole workshop, and importing it again.

Format ``paja-workshop``, version 1 (documented in ``exports/README.md``): one object with
``format``, ``version``, ``exported_at``, and ``tables``: for each table of a workshop's
content, its rows as column -> value (dates and times as ISO 8601 strings). What is left
out: the event log and live connections (history and plumbing: an imported workshop starts
a fresh log), notifications, reminders and deliveries, and each member's reminder channels
(e-mail addresses and webhook secrets). Who sees what is not decided here: each row is
copied as far as the entity views let the archive's reader (a facilitator) see it - so
anonymous ideas carry no author, a vote round's ballots are left out until its results
show, and anonymous rounds keep only unlinkable ballot keys and numbered proxies.

Importing gives every row a new id (so an archive can be imported next to its original),
keeps every link between rows, and recomputes the ids that are derived from a pair. The
importer becomes the workshop's facilitator; the archive's facilitators' work is credited
to them. As a template, only the structure comes along: sessions and phases, personas,
challenges (without groups) and how-might-we questions - no people, ideas or votes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import secrets
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cache
from itertools import groupby

from flask_babel import gettext as _
from marshmallow import ValidationError, fields, validate
from sqlalchemy import JSON, Integer, String, UniqueConstraint, inspect, select
from sqlalchemy.exc import DataError, IntegrityError

from ..database import write_transaction
from ..errors import Invalid, localize
from ..events.entities import ENTITIES, FACILITATOR_EXPORT, Viewer
from ..extensions import db
from ..links import LinkList, lists_of
from ..members.models import Member
from ..schemas import (
    Day,
    LanguageMap,
    PajaSchema,
    Text,
    clean_text,
    new_id,
    pair_id,
    printable,
    unstorable,
)
from ..timeutil import utcnow
from ..workshops.models import Workshop

FORMAT = "paja-workshop"
VERSION = 1

# Content tables, parents first, and how each one's rows are found for a workshop.
TABLES = [
    ("workshop", "id"), ("reminder_settings", "workshop_id"), ("persona", "workshop_id"),
    ("work_group", "workshop_id"), ("workshop_session", "workshop_id"),
    ("member", "workshop_id"), ("challenge", "workshop_id"),
    ("phase", ("session_id", "workshop_session")),
    ("challenge_note", "workshop_id"), ("comment", "workshop_id"),
    ("hmw_question", "workshop_id"), ("importance_rating", "workshop_id"),
    ("introduction", "workshop_id"), ("persona_meet", "workshop_id"),
    ("submission", "workshop_id"), ("idea_cluster", "workshop_id"),
    ("vote_round", "workshop_id"), ("ballot", ("round_id", "vote_round")),
    ("concept", "workshop_id"), ("idea", "workshop_id"),
    ("ballot_dot", ("round_id", "vote_round")), ("idea_plus", "workshop_id"),
    ("pilot", "workshop_id"), ("pilot_measure", "workshop_id"),
    ("pilot_member", "workshop_id"), ("pilot_status_change", "workshop_id"),
    ("pilot_update", "workshop_id"), ("pilot_measure_value", ("update_id", "pilot_update")),
    ("pilot_milestone", "workshop_id"),
]
TEMPLATE_TABLES = {"workshop", "reminder_settings", "persona", "workshop_session", "phase",
                   "challenge", "hmw_question"}
# Ids built from a pair of other ids (schemas.pair_id): rebuilt after the others move.
PAIRS = {"persona_meet": ("persona_id", "member_id"),
         "importance_rating": ("challenge_id", "member_id"),
         "idea_plus": ("idea_id", "member_id"), "pilot_member": ("pilot_id", "member_id")}
# Rows whose id is made from the rows they belong to: a second row with the same id (two of
# the archive's facilitators, both now the importer) is the same mark, made once.
MERGED = {*PAIRS, "introduction"}
# JSON lists that hold ids of other rows.
ID_LISTS = ("persona_ids", "idea_ids", "item_ids", "chosen_ids")
# Never exported: secrets and per-device things.
DROP = {"workshop": ("join_code", "projector_token", "outcomes_token", "last_seq",
                     "created_by_id"),
        "vote_round": ("secret",), "pilot": ("invite_token", "invite_expires_at"),
        "member": ("key_digest",)}


def _table(name):
    return db.metadata.tables[name]


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


# Rows stored with an entity but never dumped on their own: the entity's kind and the
# column that points at the entity. They are copied only as far as that kind's ``details``
# allow for the archive's reader (a vote round's ballots: not before its results show).
DETAILS = {"ballot": ("vote_round", "round_id"), "ballot_dot": ("vote_round", "round_id")}


class _Visible:
    """What of each stored row the archive's reader may have, asked of the entity kinds -
    the same views that events and snapshots go through, so the archive holds nothing its
    reader could not see in Paja. A row of a kind's table that no view was asked about is
    not copied."""

    def __init__(self, workshop_id: str, viewer: Viewer):
        self.withheld: dict[str, dict[tuple, dict | None]] = {}
        self.details: dict[str, dict[str, str]] = {}
        wanted = dict(TABLES)
        parents = {kind for kind, _column in DETAILS.values()}
        for kind in ENTITIES.values():
            query = kind.rows(workshop_id)
            model = query.column_descriptions[0]["entity"]
            if model is None or model.__tablename__ not in wanted:
                continue
            table = self.withheld.setdefault(model.__tablename__, {})
            for obj in db.session.scalars(query):
                key = inspect(obj).identity
                table[key] = kind.withheld(obj, viewer)
                if kind.name in parents and table[key] is not None:
                    self.details.setdefault(kind.name, {})[obj.id] = \
                        kind.details_shown(obj, viewer)
        self.proxies: dict[str, int] = {}
        self.anonymous_rounds = {row.id for row in db.session.execute(
            select(_table("vote_round").c.id).where(
                _table("vote_round").c.workshop_id == workshop_id,
                _table("vote_round").c.anonymous.is_(True)))}
        self.secret = secrets.token_bytes(32)

    def row(self, name: str, row: dict) -> dict | None:
        """``row`` as the reader may have it, or ``None``."""
        if name in DETAILS:
            kind, column = DETAILS[name]
            shown = self.details.get(kind, {}).get(row[column], "none")
            if shown == "none":
                return None
            if shown == "unnamed" and name == "ballot":
                self._unname_ballot(row)
            return row
        if name not in self.withheld:
            return row
        key = tuple(row[column.name] for column in _table(name).primary_key.columns)
        withheld = self.withheld[name].get(key)
        if withheld is None:
            return None
        for column, value in withheld.items():
            if column in row:
                row[column] = value
        return row

    def _unname_ballot(self, row: dict) -> None:
        """A ballot that names nobody: no member, and a proxy's label (a name someone typed)
        becomes a number. A named round's key is the member's id (or the proxy's label), so
        it becomes an HMAC under a secret of this export alone; an anonymous round's key
        already is one, under a secret the archive does not hold, and stays as it is."""
        row["member_id"] = None
        if row.get("proxy_label") is not None:
            number = self.proxies[row["round_id"]] = self.proxies.get(row["round_id"], 0) + 1
            row["proxy_label"] = f"#{number}"
        if row["round_id"] not in self.anonymous_rounds:
            row["key"] = hmac.new(self.secret, row["key"].encode(), hashlib.sha256).hexdigest()


def _rows(workshop_id: str, name: str, how, ids: dict[str, set], visible: _Visible) -> list[dict]:
    table = _table(name)
    if isinstance(how, tuple):
        column, parent = how
        parents = ids.get(parent) or set()
        if not parents:
            return []
        query = select(table).where(table.c[column].in_(parents))
    else:
        query = select(table).where(table.c[how] == workshop_id)
    # In content order first, so that what a row becomes (a proxy's number) is the same in
    # every export of the same content, an imported copy's too.
    found = sorted((dict(row) for row in db.session.execute(query).mappings()),
                   key=_content_order)
    rows = [row for row in (visible.row(name, row) for row in found) if row is not None]
    if "id" in table.c:
        ids[name] = {row["id"] for row in rows}
    _add_lists(name, rows)
    return rows


def _add_lists(name: str, rows: list[dict]) -> None:
    """Give each row the lists kept in link tables (``persona_ids``...), in their order:
    the archive has them as JSON lists on the row, as it had when they were columns."""
    for links in lists_of(name):
        parent_key, target_key = links.keys
        table = links.model.__table__
        found: dict[str, list[str]] = {}
        ids = [row["id"] for row in rows if links.holds(row)]
        if ids:
            for parent_id, target_id in db.session.execute(
                    select(table.c[parent_key], table.c[target_key])
                    .where(table.c[parent_key].in_(ids))
                    .order_by(table.c[parent_key], table.c.position)):
                found.setdefault(parent_id, []).append(target_id)
        for row in rows:
            if links.holds(row):
                row[links.field] = found.get(row["id"], [])


def _content_order(row: dict) -> str:
    """A row's place in an order that follows the content, not the ids: two exports of the
    same content list the same rows in the same order."""
    return json.dumps({k: v for k, v in row.items() if k != "id" and not k.endswith("_id")
                       and k not in ID_LISTS}, sort_keys=True, default=str)


def export_archive(workshop_id: str, viewer: Viewer = FACILITATOR_EXPORT) -> dict:
    """Every row of the workshop's content that ``viewer`` may have, as the entity views
    decide (see :class:`_Visible`): for a facilitator, everything but the authors of
    anonymous ideas, and a vote round's ballots only once its results show - before that
    they would let anyone holding the file count them - and naming voters only where
    the round's view names them."""
    ids: dict[str, set] = {}
    tables = {}
    visible = _Visible(workshop_id, viewer)
    for name, how in TABLES:
        rows = _rows(workshop_id, name, how, ids, visible)
        for row in rows:
            for column in DROP.get(name, ()):
                row.pop(column, None)
            for key, value in list(row.items()):
                row[key] = _plain(value)
        rows.sort(key=_content_order)
        tables[name] = rows
    return {"format": FORMAT, "version": VERSION, "exported_at": utcnow().isoformat(),
            "tables": tables}


# -- importing ----------------------------------------------------------------------------------
#
# An archive is checked whole before anything is written: every row's columns against the
# table (types, dates, lengths, choices, the shape of JSON columns, people's text by the same
# rules as every other input), every id against the archive's own rows (an id must point at a
# row of the archive, of the right table - never at another workshop's row or at nothing),
# and the nesting. Each problem is named by table, row (counted from 1) and column; with any
# problem, nothing is imported.

TEXT_MAX = 20000  # the longest text any payload takes (a theme's material)
INT_MAX = 2**31 - 1  # PostgreSQL's INTEGER
PROBLEMS_SHOWN = 20

# Columns that hold ids of other rows without a foreign key, and the tables they point into
# (the foreign keys say the rest).
REFS = {
    ("workshop", "current_session_id"): ("workshop_session",),
    ("workshop_session", "current_phase_id"): ("phase",),
    ("hmw_question", "spotlight_idea_id"): ("idea",),
    ("idea", "builds_on_id"): ("idea",),
    ("idea", "duplicate_of_id"): ("idea",),
    ("ballot_dot", "item_id"): ("concept", "idea"),
}
# JSON lists of ids (ID_LISTS), and the tables they point into.
LIST_REFS = {"persona_ids": ("persona",), "idea_ids": ("idea",),
             "item_ids": ("concept", "idea"), "chosen_ids": ("concept", "idea")}
# A comment's target_id points into the table its target_kind names.
COMMENT_TARGETS = {"persona": "persona", "concept": "concept", "pilot": "pilot",
                   "pilot_update": "pilot_update", "submission": "submission"}
# Columns an import never takes from the archive: the importer's account and fresh secrets
# stand in for them.
IGNORED = {"member": ("user_id",)}


def _ignored(name: str) -> set[str]:
    return {*DROP.get(name, ()), *IGNORED.get(name, ())}


def _own_ids(table) -> bool:
    """Whether the table's rows have ids of their own (not a counter, not another row's)."""
    return "id" in table.c and isinstance(table.c.id.type, String) \
        and "id" not in _references(table)


def _references(table) -> dict[str, tuple[str, ...]]:
    """column -> the archive tables its ids point into."""
    out = {}
    for column in table.c:
        targets = {fk.column.table.name for fk in column.foreign_keys} - {"user_account"}
        targets |= set(REFS.get((table.name, column.name), ()))
        if targets:
            out[column.name] = tuple(sorted(targets))
    return out


class _Bool(fields.Field):
    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise ValidationError(_("Give this as true or false."))
        return value


class _Finite(fields.Field):
    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int | float) \
                or not math.isfinite(value):
            raise ValidationError(_("Give this as a number."))
        return float(value)


class _Moment(fields.Field):
    """A time as ISO 8601; one with an offset is stored, like every time, as naive UTC."""

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            moment = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            moment = None
        if moment is None:
            raise ValidationError(_("Write a time as YYYY-MM-DDTHH:MM:SS."))
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
        return moment


class _QuestionText(LanguageMap):
    """A how-might-we question's text: the map of its languages, or - in an archive made
    before questions had languages - one string, which :func:`_write` takes for the text
    in the archive's workshop's language."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            return clean_text(value, max_length=self.max_length)
        return super()._deserialize(value, attr, data, **kwargs)


def _choices() -> dict[tuple[str, str], tuple]:
    from ..challenges.models import QUESTIONS
    from ..concepts.models import STAGES
    from ..members.models import ROLES
    from ..personas.models import KINDS
    from ..pilots.models import PILOT_STATUSES
    from ..sessions.models import ACTIVITIES, FOCUS, SESSION_KINDS, SESSION_STATUSES
    from ..voting.models import STATUSES, TARGETS
    from ..workshops.schemas import LANGUAGES

    return {("workshop", "language"): LANGUAGES, ("workshop", "status"): ("active", "archived"),
            ("member", "role"): ROLES, ("persona", "kind"): KINDS,
            ("workshop_session", "kind"): SESSION_KINDS,
            ("workshop_session", "status"): SESSION_STATUSES, ("phase", "activity"): ACTIVITIES,
            ("phase", "focus"): FOCUS, ("challenge_note", "question"): QUESTIONS,
            ("comment", "target_kind"): tuple(COMMENT_TARGETS), ("concept", "stage"): STAGES,
            ("pilot", "status"): PILOT_STATUSES,
            ("pilot_status_change", "status"): PILOT_STATUSES,
            ("vote_round", "target"): TARGETS, ("vote_round", "status"): STATUSES}


def _json_fields() -> dict[tuple[str, str], Callable[[], fields.Field]]:
    """The shape of each JSON column, checked like the payloads that write it."""
    from ..coaching.schemas import SurveyAnswer
    from ..concepts.models import TEXTS
    from ..personas.schemas import ALL_FIELDS
    from ..sessions.schemas import MaterialText
    from ..workshops.templates import TaskSchema

    def localized():
        return LanguageMap(max_length=4000, allow_string=False)

    out = {
        ("persona", "fields"): lambda: fields.Dict(
            keys=fields.String(validate=validate.OneOf(ALL_FIELDS)), values=localized()),
        ("workshop_session", "title"): localized, ("workshop_session", "description"): localized,
        ("phase", "title"): localized, ("phase", "instructions"): localized,
        ("hmw_question", "text"): lambda: _QuestionText(max_length=300, allow_string=False),
        ("workshop_session", "task"): lambda: fields.Nested(TaskSchema, allow_none=True),
        ("workshop_session", "material"): lambda: fields.Nested(MaterialText, allow_none=True),
        ("challenge", "ratings"): lambda: fields.List(
            fields.Integer(strict=True, validate=validate.Range(0, INT_MAX)),
            validate=validate.Length(equal=5)),
        ("concept", "texts"): lambda: fields.Dict(
            keys=fields.String(validate=validate.OneOf(TEXTS)),
            values=Text(max_length=2000, allow_empty=True)),
        ("submission", "answers"): lambda: fields.Dict(
            keys=fields.String(validate=validate.Length(1, 40)), values=SurveyAnswer()),
    }
    for name, _how in TABLES:
        for column in LIST_REFS:
            if column in _table(name).c or column in {links.field for links in lists_of(name)}:
                out[(name, column)] = lambda: fields.List(
                    Text(max_length=36), validate=validate.Length(max=1000))
    return out


def _link_list(name: str, row: dict, field: str) -> LinkList | None:
    """The link table that a list of a row of table ``name`` goes into, if it is one (a
    vote round's ``item_ids``: the concepts' or the ideas', as its target - or, left out,
    the column's default - says)."""
    defaults = {column.name: column.default.arg for column in _table(name).c
                if column.default is not None and column.default.is_scalar}
    return next((links for links in lists_of(name)
                 if links.field == field and links.holds({**defaults, **row})), None)


@cache
def _row_schema(name: str) -> type[PajaSchema]:
    """A schema for one table's rows, made from its columns."""
    table, choices, shapes = _table(name), _choices(), _json_fields()
    declared = {}
    for column in table.c:
        key = (name, column.name)
        options = {"allow_none": column.nullable}
        if column.name in _ignored(name) or (column.primary_key and isinstance(
                column.type, Integer)):
            declared[column.name] = fields.Raw(allow_none=True)  # read, never used
            continue
        options["required"] = not column.nullable and column.default is None \
            and column.server_default is None
        if key in shapes:
            field = shapes[key]()
            field.allow_none, field.required = options["allow_none"], options["required"]
        elif isinstance(column.type, JSON):
            raise AssertionError(f"archive: no shape for the JSON column {name}.{column.name}")
        else:
            kind = column.type.python_type
            if kind is str:
                field = Text(max_length=getattr(column.type, "length", None) or TEXT_MAX,
                             allow_empty=True, validate=validate.OneOf(choices[key])
                             if key in choices else None, **options)
            elif kind is bool:
                field = _Bool(**options)
            elif kind is int:
                field = fields.Integer(strict=True, validate=validate.Range(-INT_MAX - 1,
                                                                            INT_MAX), **options)
            elif kind is float:
                field = _Finite(**options)
            elif kind is datetime:
                field = _Moment(**options)
            elif kind is date:
                field = Day(**options)
            else:
                raise AssertionError(f"archive: no type for {name}.{column.name}")
        declared[column.name] = field
    # Lists kept in link tables appear on their parent's row, as they did when they were
    # JSON columns; an old archive without one has an empty list.
    for field in {links.field for links in lists_of(name)}:
        declared[field] = shapes[(name, field)]()
    return PajaSchema.from_dict(declared, name=f"ArchiveRow_{name}")


def _where(path) -> str:
    """Where a problem is, for people: table, row (from 1), column."""
    path = list(path)
    if len(path) >= 3 and path[0] == "tables" and isinstance(path[2], int):
        table, row, rest = path[1], path[2] + 1, ".".join(str(p) for p in path[3:])
        if rest:
            return _("%(table)s, row %(row)d, %(column)s", table=table, row=row, column=rest)
        return _("%(table)s, row %(row)d", table=table, row=row)
    if len(path) >= 2 and path[0] == "tables":
        return ".".join(str(p) for p in path[1:])
    return ".".join(str(p) for p in path) or _("the archive")


def _flatten(messages, path=()) -> list[tuple[tuple, str]]:
    if isinstance(messages, dict):
        return [item for key, value in messages.items()
                for item in _flatten(value, (*path, key) if key != "_schema" else path)]
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return [(path, message) for message in messages]
    if isinstance(messages, list):
        return [item for index, value in enumerate(messages)
                for item in _flatten(value, (*path, index))]
    return [(path, str(messages))]


class _Problems:
    """Every problem found in an archive, to refuse it with all of them named."""

    def __init__(self):
        self.lines: list[str] = []

    def add(self, path, message: str) -> None:
        if message == "Unknown field.":  # marshmallow's, for a column Paja does not have
            message = _("no such column in Paja: is the archive from a newer Paja?")
        self.lines.append(_("%(where)s: %(message)s", where=_where(path),
                            message=localize(message)))

    def add_errors(self, path, messages) -> None:
        for where, message in _flatten(messages, tuple(path)):
            self.add(where, message)

    def check(self) -> None:
        if not self.lines:
            return
        shown = self.lines[:PROBLEMS_SHOWN]
        if len(self.lines) > len(shown):
            shown.append(_("... and %(n)d more.", n=len(self.lines) - len(shown)))
        raise Invalid(_("Nothing was imported. Problems in the archive: %(n)d; the first: "
                        "%(first)s", n=len(self.lines), first=self.lines[0]),
                      {"archive": shown})


def _loaded(archive) -> dict[str, list[dict]]:
    """The archive's tables, each row loaded with its table's schema; :class:`Invalid`
    naming every problem, if there is any."""
    if not isinstance(archive, dict) or archive.get("format") != FORMAT:
        raise Invalid.field("archive", _("This is not a Paja workshop archive."))
    if archive.get("version") != VERSION:
        raise Invalid.field("archive", _("This archive is version %(v)s; this Paja reads "
                                         "version %(ours)d.", v=printable(str(
                                             archive.get("version"))), ours=VERSION))
    problems = _Problems()
    problems.add_errors((), unstorable(archive))
    problems.check()
    tables = archive.get("tables")
    if not isinstance(tables, dict):
        raise Invalid.field("archive", _("The archive has no tables; export it again."))
    known = dict(TABLES)
    for name in tables:
        if name not in known:
            problems.add(("tables", name), _("no such table in Paja: is the archive from a "
                                             "newer Paja?"))
    loaded: dict[str, list[dict]] = {}
    for name, _how in TABLES:
        rows = tables.get(name, [])
        if not isinstance(rows, list):
            problems.add(("tables", name), _("give the table's rows as a list."))
            continue
        schema = _row_schema(name)()
        loaded[name] = []
        for index, row in enumerate(rows):
            if not isinstance(row, dict):
                problems.add(("tables", name, index), _("give the row as an object of "
                                                        "columns."))
                continue
            try:
                loaded[name].append(schema.load(row))
            except ValidationError as error:
                problems.add_errors(("tables", name, index), error.messages)
    problems.check()
    if len(loaded["workshop"]) != 1:
        raise Invalid.field("archive", _("The archive must hold exactly one workshop."))
    _check_ids(loaded, problems)
    problems.check()
    return loaded


def _check_ids(loaded: dict[str, list[dict]], problems: _Problems) -> None:
    """Every row's own id is unique; every id in a row points at a row of the archive, in a
    table it may point into."""
    owners: dict[str, tuple[str, int]] = {}
    ids: dict[str, set[str]] = {}
    for name, rows in loaded.items():
        if not _own_ids(_table(name)):
            continue
        ids[name] = set()
        for index, row in enumerate(rows):
            if row["id"] in owners:
                other, at = owners[row["id"]]
                problems.add(("tables", name, index, "id"), _(
                    "the id %(id)s is also the id of %(table)s row %(row)d; every row needs "
                    "its own id.", id=row["id"], table=other, row=at + 1))
                continue
            owners[row["id"]] = (name, index)
            ids[name].add(row["id"])

    def check(path, value, targets) -> None:
        if value is not None and not any(value in ids.get(t, ()) for t in targets):
            problems.add(path, _("%(id)s is not the id of any %(tables)s row in the archive; "
                                 "an id must point at a row of this archive.",
                                 id=value, tables=" / ".join(targets)))

    for name, rows in loaded.items():
        refs = _references(_table(name))
        for index, row in enumerate(rows):
            for column, targets in refs.items():
                if column in row and column not in _ignored(name):
                    check(("tables", name, index, column), row[column], targets)
            for column, targets in LIST_REFS.items():
                links = _link_list(name, row, column)
                for position, value in enumerate(row.get(column) or []):
                    check(("tables", name, index, column, position), value,
                          (links.target,) if links else targets)
            if name == "comment" and row.get("target_kind") in COMMENT_TARGETS:
                check(("tables", name, index, "target_id"), row.get("target_id"),
                      (COMMENT_TARGETS[row["target_kind"]],))
    _check_unique(loaded, problems)


def _check_unique(loaded: dict[str, list[dict]], problems: _Problems) -> None:
    """What may exist once (a member's answer to a task, a ballot's dots on an item) is
    once in the archive. The archive's facilitators count as one person, the importer; the
    rows whose id is made from the pair they link (MERGED) are made once instead."""
    facilitators = {row["id"] for row in loaded["member"] if row["role"] == "facilitator"}
    for name, rows in loaded.items():
        if name in MERGED:
            continue
        for constraint in _table(name).constraints:
            if not isinstance(constraint, UniqueConstraint):
                continue
            columns = [column.name for column in constraint.columns]
            if set(columns) & _ignored(name):
                continue
            seen: dict[tuple, int] = {}
            for index, row in enumerate(rows):
                key = tuple("facilitator" if row.get(c) in facilitators else row.get(c)
                            for c in columns)
                if None in key:
                    continue  # like SQL: rows without a value are not the same
                if key in seen:
                    problems.add(("tables", name, index, "+".join(columns)), _(
                        "the same as in row %(row)d; there may be only one such row.",
                        row=seen[key] + 1))
                else:
                    seen[key] = index


def read_upload(upload) -> dict:
    """An uploaded archive file, parsed; a missing or unreadable file is refused."""
    if upload is None or not upload.filename:
        raise Invalid.field("archive", _("Choose an archive file (.json) to import."))
    return parse(upload.read())


def parse(data: bytes):
    """JSON from an upload or a request body; what is not JSON - or nests so deep that the
    parser gives up - is refused like any other bad file."""
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Invalid.field("archive", _("That file is not a JSON archive.")) from None


def import_archive(user, archive, *, as_template: bool = False) -> Workshop:
    """Create a workshop from an archive (see the module's description), or refuse it whole
    with every problem named (see above)."""
    loaded = _loaded(archive)
    try:
        return _write(user, loaded, as_template)
    except (IntegrityError, DataError):
        # What the checks above missed, the database still refuses; the archive is at fault,
        # and nothing was written (the transaction rolled back).
        raise Invalid.field("archive", _("The archive's rows contradict each other (two rows "
                                         "that may exist only once); export it again.")) \
            from None


def _write(user, tables: dict[str, list[dict]], as_template: bool) -> Workshop:
    from ..workshops.service import new_join_code

    wanted = [name for name, _how in TABLES if not as_template or name in TEMPLATE_TABLES]
    source = tables["workshop"][0]
    ids: dict[str, str] = {}
    facilitators = {row["id"] for row in tables["member"] if row["role"] == "facilitator"}
    # Link rows, written once every row they join is in.
    links_rows: dict = {}
    with write_transaction():
        settings = {key: value for key, value in source.items()
                    if key not in _ignored("workshop") | {"id", "status", "current_session_id",
                                                          "rev"}}
        workshop = Workshop(**{**settings, "name": source.get("name") or "Paja"},
                            id=new_id(), join_code=new_join_code(),
                            projector_token=secrets.token_urlsafe(24), created_by_id=user.id,
                            status="active")
        db.session.add(workshop)
        db.session.flush()
        me = Member(id=new_id(), workshop_id=workshop.id, role="facilitator",
                    display_name=user.display_name, user_id=user.id)
        db.session.add(me)
        db.session.flush()
        ids[source["id"]] = workshop.id
        for old in facilitators:
            ids[old] = me.id
        # Every id gets its new value first, so that links can point forwards too.
        for name in wanted:
            if name != "workshop" and _own_ids(_table(name)):
                for row in tables[name]:
                    ids.setdefault(row["id"], new_id())
        for row in tables["pilot"] if "pilot" in wanted else []:
            ids[row["id"]] = pair_id("pilot", ids[row["concept_id"]])
        for name in wanted:
            if name == "workshop":
                continue
            table = _table(name)
            refs = _references(table)
            rows, made = [], set()
            for row in tables[name]:
                if name == "member" and row["id"] in facilitators:
                    continue
                row = {key: value for key, value in row.items() if key not in _ignored(name)}
                if "id" in table.c and not isinstance(table.c.id.type, String):
                    row.pop("id", None)  # a counter: the database numbers the rows anew
                for key, value in list(row.items()):
                    if key in refs or (name == "comment" and key == "target_id"):
                        row[key] = None if value is None else ids.get(value)
                    elif key in LIST_REFS and isinstance(value, list):
                        row[key] = [ids[v] for v in value if v in ids]
                    elif key == "id":
                        row[key] = ids[value]
                if name == "ballot":
                    row["key"] = ids.get(row["key"], row["key"])
                if name in PAIRS:
                    row["id"] = pair_id(*(row[column] for column in PAIRS[name]))
                if name in MERGED:
                    if row["id"] in made:
                        continue
                    made.add(row["id"])
                for field in {links.field for links in lists_of(name)}:
                    linked = row.pop(field, None) or []  # its ids already the new ones
                    links = _link_list(name, row, field)
                    parent_key, target_key = links.keys
                    links_rows.setdefault(links.model.__table__, []).extend(
                        {parent_key: row["id"], target_key: target_id, "position": position}
                        for position, target_id in enumerate(dict.fromkeys(linked)))
                if name == "hmw_question" and isinstance(row.get("text"), str):
                    language = source.get("language") or "fi"
                    row["text"] = {language: row["text"]} if row["text"] else {}
                if "rev" in row:
                    row["rev"] = 0
                if as_template:
                    _as_template(name, row)
                # A JSON column given None would store JSON null, which SQL takes for a
                # value; left out, it is SQL NULL like in every row the app writes.
                for key in [k for k, v in row.items() if v is None
                            and isinstance(table.c[k].type, JSON)]:
                    row.pop(key)
                rows.append(row)
            # One insert per set of columns (rows may leave out different JSON columns).
            for _keys, group in groupby(sorted(rows, key=lambda r: sorted(r)),
                                        key=lambda r: sorted(r)):
                db.session.execute(table.insert(), list(group))
        for table, rows in links_rows.items():
            if rows:
                db.session.execute(table.insert(), rows)
        if not as_template and source.get("current_session_id"):
            workshop.current_session_id = ids.get(source["current_session_id"])
        _fresh_log(workshop)
    return workshop


def _as_template(name: str, row: dict) -> None:
    """A template keeps the plan, not what happened."""
    if name == "workshop_session":
        row.update(status="planned", current_phase_id=None, locked=False, timer_duration=None,
                   timer_ends_at=None, timer_remaining=None, started_at=None, ended_at=None)
    elif name == "challenge":
        row.update(group_id=None, ratings=[0, 0, 0, 0, 0])
    elif name == "hmw_question":
        row.update(member_id=None, revealed=False, locked=False, live=False,
                   spotlight_idea_id=None)


def _fresh_log(workshop: Workshop) -> None:
    """One event for the new workshop; clients take everything else from the snapshot."""
    from ..events.service import record

    record(workshop.id, "workshop", workshop, type="workshop.imported")
