"""The JSON archive of a whole workshop, and importing it again.

Format ``paja-workshop``, version 1 (documented in ``exports/README.md``): one object with
``format``, ``version``, ``exported_at``, and ``tables``: for each table of a workshop's
content, its rows as column -> value (dates and times as ISO 8601 strings). What is left
out: the event log and live connections (history and plumbing: an imported workshop starts
a fresh log), notifications, reminders and deliveries, and each member's reminder channels
(e-mail addresses and webhook secrets). Anonymous ideas carry no author, in the archive
too; anonymous vote rounds keep only unlinkable ballot keys.

Importing gives every row a new id (so an archive can be imported next to its original),
keeps every link between rows, and recomputes the ids that are derived from a pair. The
importer becomes the workshop's facilitator; the archive's facilitators' work is credited
to them. As a template, only the structure comes along: sessions and phases, personas,
challenges (without groups) and how-might-we questions - no people, ideas or votes.
"""

from __future__ import annotations

import json
import secrets
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from ..database import write_transaction
from ..errors import Invalid
from ..extensions import db
from ..members.models import Member
from ..schemas import new_id, pair_id
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
]
TEMPLATE_TABLES = {"workshop", "reminder_settings", "persona", "workshop_session", "phase",
                   "challenge", "hmw_question"}
# Ids built from a pair of other ids (schemas.pair_id): rebuilt after the others move.
PAIRS = {"persona_meet": ("persona_id", "member_id"),
         "importance_rating": ("challenge_id", "member_id"),
         "idea_plus": ("idea_id", "member_id"), "pilot_member": ("pilot_id", "member_id")}
# JSON lists that hold ids of other rows.
ID_LISTS = ("persona_ids", "idea_ids", "item_ids", "chosen_ids")
# Never exported: secrets and per-device things.
DROP = {"workshop": ("join_code", "projector_token", "last_seq", "created_by_id"),
        "vote_round": ("secret",), "pilot": ("invite_token", "invite_expires_at"),
        "member": ("key_digest",)}


def _table(name):
    return db.metadata.tables[name]


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _rows(workshop_id: str, name: str, how, ids: dict[str, set]) -> list[dict]:
    table = _table(name)
    if isinstance(how, tuple):
        column, parent = how
        parents = ids.get(parent) or set()
        if not parents:
            return []
        query = select(table).where(table.c[column].in_(parents))
    else:
        query = select(table).where(table.c[how] == workshop_id)
    rows = [dict(row) for row in db.session.execute(query).mappings()]
    if "id" in table.c:
        ids[name] = {row["id"] for row in rows}
    return rows


def export_archive(workshop_id: str) -> dict:
    """Every row of the workshop's content, anonymous authors left out."""
    ids: dict[str, set] = {}
    tables = {}
    anonymous = set(db.session.scalars(select(_table("hmw_question").c.id).where(
        _table("hmw_question").c.workshop_id == workshop_id,
        _table("hmw_question").c.anonymous.is_(True))))
    for name, how in TABLES:
        rows = _rows(workshop_id, name, how, ids)
        for row in rows:
            for column in DROP.get(name, ()):
                row.pop(column, None)
            if name == "idea" and row["hmw_id"] in anonymous:
                row["member_id"] = None
            for key, value in list(row.items()):
                row[key] = _plain(value)
        # In an order that follows the content, not the ids: two exports of the same content
        # list the same rows in the same order.
        rows.sort(key=lambda row: json.dumps(
            {k: v for k, v in row.items() if k != "id" and not k.endswith("_id")
             and k not in ID_LISTS}, sort_keys=True, default=str))
        tables[name] = rows
    return {"format": FORMAT, "version": VERSION, "exported_at": utcnow().isoformat(),
            "tables": tables}


# -- importing ----------------------------------------------------------------------------------


def _typed(table, row: dict) -> dict:
    out = {}
    for key, value in row.items():
        if key not in table.c:
            raise Invalid.field("archive", _("Unknown column %(table)s.%(column)s: is the "
                                             "archive from a newer Paja?", table=table.name,
                                             column=key))
        if isinstance(value, str):
            try:
                kind = table.c[key].type.python_type
            except NotImplementedError:
                kind = None
            if kind is datetime:
                value = datetime.fromisoformat(value)
            elif kind is date:
                value = date.fromisoformat(value)
        out[key] = value
    return out


def read_upload(upload) -> dict:
    """An uploaded archive file, parsed; a missing or unreadable file is refused."""
    if upload is None or not upload.filename:
        raise Invalid.field("archive", _("Choose an archive file (.json) to import."))
    try:
        return json.loads(upload.read().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise Invalid.field("archive", _("That file is not a JSON archive.")) from None


def import_archive(user, archive: dict, *, as_template: bool = False) -> Workshop:
    """Create a workshop from an archive (see the module's description)."""
    from ..workshops.service import new_join_code

    if not isinstance(archive, dict) or archive.get("format") != FORMAT:
        raise Invalid.field("archive", _("This is not a Paja workshop archive."))
    if archive.get("version") != VERSION:
        raise Invalid.field("archive", _("This archive is version %(v)s; this Paja reads "
                                         "version %(ours)d.", v=archive.get("version"),
                                         ours=VERSION))
    tables = archive.get("tables")
    if not isinstance(tables, dict) or len(tables.get("workshop") or []) != 1:
        raise Invalid.field("archive", _("The archive must hold exactly one workshop."))
    wanted = [(name, how) for name, how in TABLES
              if not as_template or name in TEMPLATE_TABLES]
    source = tables["workshop"][0]
    ids: dict[str, str] = {}
    facilitators = {row["id"] for row in tables.get("member") or []
                    if row.get("role") == "facilitator"}
    with write_transaction():
        workshop = Workshop(id=new_id(), name=source.get("name") or "Paja",
                            description=source.get("description") or "",
                            language=source.get("language") or "fi",
                            template_key=source.get("template_key"),
                            join_code=new_join_code(), projector_token=secrets.token_urlsafe(24),
                            created_by_id=user.id, status="active",
                            groups_self_pick=bool(source.get("groups_self_pick")))
        if source.get("created_at"):
            workshop.created_at = datetime.fromisoformat(source["created_at"])
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
        for name, _how in wanted:
            for row in tables.get(name) or []:
                if name != "workshop" and isinstance(row.get("id"), str) \
                        and row["id"] not in ids:
                    ids[row["id"]] = new_id()
        for row in tables.get("pilot") or []:
            if row.get("concept_id") in ids:
                ids[row["id"]] = pair_id("pilot", ids[row["concept_id"]])
        current_session = None
        for name, _how in wanted:
            if name == "workshop":
                current_session = source.get("current_session_id")
                continue
            table = _table(name)
            rows = []
            for row in tables.get(name) or []:
                if name == "member" and row.get("id") in facilitators:
                    continue
                row = _typed(table, row)
                for key, value in list(row.items()):
                    if (key == "id" or key.endswith("_id")) and isinstance(value, str):
                        row[key] = ids.get(value, value if key == "id" else None)
                    elif key in ID_LISTS and isinstance(value, list):
                        row[key] = [ids[v] for v in value if v in ids]
                if name == "ballot" and isinstance(row.get("key"), str):
                    row["key"] = ids.get(row["key"], row["key"])
                if name in PAIRS:
                    row["id"] = pair_id(*(row[column] for column in PAIRS[name]))
                if isinstance(row.get("id"), int):
                    row.pop("id")
                if "rev" in row:
                    row["rev"] = 0
                if name == "member":
                    row["user_id"] = None
                if as_template:
                    _as_template(name, row)
                rows.append(row)
            if rows:
                db.session.execute(table.insert(), rows)
        if current_session and not as_template:
            workshop.current_session_id = ids.get(current_session)
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
