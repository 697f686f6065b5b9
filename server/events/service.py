"""Recording events inside a write, and reading them back for a viewer."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import inspect, select, update

from ..database import locks_rows
from ..errors import Gone, Invalid
from ..extensions import db
from .entities import ENTITIES, Viewer
from .models import Event, Removed

# The largest event number a database can hold: SQLite's integers are 64-bit and it refuses a
# larger query parameter outright (OverflowError), so a bigger ``since`` is the client's
# mistake to name, not a query to run.
MAX_SEQ = 2**63 - 1


def _next_seq(workshop_id: str) -> int:
    from ..database import holds_lock
    from ..workshops.models import Workshop

    # One statement both reserves the number and locks the workshop row (PostgreSQL) until
    # the commit, so numbers are handed out in commit order per workshop, with no gaps.
    seq = db.session.execute(
        update(Workshop)
        .where(Workshop.id == workshop_id)
        .values(last_seq=Workshop.last_seq + 1)
        .returning(Workshop.last_seq)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    holds_lock(workshop_id)
    return seq


def _refuse_removed(key: tuple[str, str, str]) -> None:
    if db.session.get(Removed, key) is not None:
        raise Gone(_("This was removed in the meantime, so it was not saved again."),
                   {"id": [_("Removed; nothing to send.")]})


def record(
    workshop_id: str,
    entity: str,
    obj,
    *,
    type: str,
    op: str = "upsert",
    actor_member_id: str | None = None,
) -> Event:
    """Append one event for a change to ``obj`` in the current write transaction.

    The entity's ``rev`` becomes the event's number, so a client can tell a newer version
    of an entity from an older one whatever order messages arrive in.

    Deleting a resendable kind leaves a tombstone; writing one whose id has a tombstone
    (a create resent after the item was deleted) is refused with :class:`Gone`, and the
    transaction changes nothing.

    The first event of a transaction takes the workshop's lock (drawing its number), and
    every other writer of the workshop waits for it until this transaction commits; so a
    service records its events last, after its reads and checks, and what it does from
    here to the commit is only writing.
    """
    if not db.session.info.get("paja_writing"):
        raise RuntimeError("events may only be recorded inside write_transaction()")
    kind = ENTITIES[entity]
    # The workshop's row is locked before this change's own rows are flushed: every writer
    # then takes its locks in the same order (workshop first), so two writers of one
    # workshop wait for each other instead of deadlocking (a vote closing while its tally
    # was being sent did, on PostgreSQL).
    with db.session.no_autoflush:
        key = (workshop_id, entity, str(obj.id))
        # A new row's id can have a tombstone only from a delete already committed (a
        # create of the same id waits for the other copy, see ``database.resent``): that
        # is looked for before the lock. An existing row may be deleted by a writer the
        # lock is waiting for, so that is looked for once the lock is held.
        created = inspect(obj).pending
        if kind.resendable and op == "upsert" and created:
            _refuse_removed(key)
        seq = _next_seq(workshop_id)
        if kind.resendable:
            if op == "delete":
                db.session.merge(Removed(workshop_id=key[0], entity=key[1], entity_id=key[2]))
            elif not created:
                _refuse_removed(key)
    if op == "upsert":
        setattr(obj, kind.rev, seq)
        db.session.flush()
        if not created and locks_rows():
            # Read before the lock, the row may hold columns another writer changed and
            # committed since; this change wrote only its own. The event carries the row as
            # it now is, or it would undo the other change on every screen.
            db.session.refresh(obj)
        data = kind.full(obj)
        public = kind.public_view(obj)
    else:
        data = {"id": obj.id}
        public = data if kind.public_view(obj) is not None else None
    event = Event(
        workshop_id=workshop_id,
        seq=seq,
        type=type,
        entity=entity,
        entity_id=str(obj.id),
        op=op,
        restricted=public != data,
        subject_member_id=kind.subject_of(obj),
        data=data,
        public_data=public,
        actor_member_id=actor_member_id,
    )
    db.session.add(event)
    db.session.info.setdefault("paja_events", []).append(event)
    if public is not None and op == "upsert":
        # Whom the room now sees named here, the room sees (see members.reveal).
        from ..members.service import reveal

        for member_id in kind.named(public):
            reveal(member_id, actor_member_id)
    return event


def record_by(actor, entity: str, obj, *, type: str, op: str = "upsert") -> Event:
    """:func:`record` for a change ``actor`` made in their workshop."""
    return record(actor.workshop.id, entity, obj, type=type, op=op,
                  actor_member_id=actor.member_id)


def remove_by(actor, entity: str, obj, *, type: str) -> Event:
    """Delete ``obj`` with its event: what goes with a parent is removed this way, row by
    row, never by a database cascade that clients would not hear of."""
    db.session.delete(obj)
    return record_by(actor, entity, obj, type=type, op="delete")


def _blanked(value, key: str = ""):
    """``value`` with every text in it blanked, ids and numbers kept: the shape a client
    expects stays, what anyone wrote goes."""
    if isinstance(value, dict):
        return {name: _blanked(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [_blanked(item, key) for item in value]
    if isinstance(value, str) and not (key == "id" or key.endswith(("_id", "_ids"))):
        return ""
    return value


def redact(workshop_id: str, keys: set[tuple[str, str]]) -> int:
    """Rewrite the stored events of the entities ``keys`` (``(entity, id)`` pairs) that came
    before this transaction, with every text in them blanked: erased data must not come back
    with a catch-up. Each of these entities is deleted or written again in this transaction,
    with an event that brings every viewer to its state now, so a catch-up from any number
    still ends where a fresh snapshot is. Returns how many events were rewritten."""
    if not db.session.info.get("paja_writing"):
        raise RuntimeError("events may only be redacted inside write_transaction()")
    fresh = {id(event) for event in db.session.info.get("paja_events", [])}
    by_entity: dict[str, list[str]] = {}
    for entity, entity_id in keys:
        by_entity.setdefault(entity, []).append(entity_id)
    rewritten = 0
    for entity, ids in by_entity.items():
        for start in range(0, len(ids), 500):
            for event in db.session.scalars(select(Event).where(
                    Event.workshop_id == workshop_id, Event.entity == entity,
                    Event.entity_id.in_(ids[start:start + 500]))):
                if id(event) in fresh or event.op != "upsert":
                    continue
                event.data = _blanked(event.data)
                if event.public_data is not None:
                    event.public_data = _blanked(event.public_data)
                rewritten += 1
    return rewritten


def message(event: Event, view: str) -> dict:
    """The wire form of ``event`` at one level of visibility: full, public or hidden."""
    if view == "hidden":
        return {"seq": event.seq, "hidden": True}
    return {
        "seq": event.seq,
        "type": event.type,
        "entity": event.entity,
        "op": event.op,
        "view": view,
        "data": event.data if view == "full" else event.public_data,
    }


def view_level(event: Event, viewer: Viewer) -> str:
    if not event.restricted:
        return "full"
    if viewer.privileged or (
        viewer.member_id is not None and viewer.member_id == event.subject_member_id
    ):
        return "full"
    return "public" if event.public_data is not None else "hidden"


def events_since(workshop_id: str, since: int, viewer: Viewer, limit: int) -> list[dict] | None:
    """Every event after ``since``, in order, as ``viewer`` may see them.

    Returns ``None`` when more than ``limit`` are missing, or some were compacted away: the
    caller sends a snapshot.
    """
    if since > MAX_SEQ:
        raise Invalid.field("since", _(
            "No event has a number this large. Send the number of the last event you have."))
    from ..workshops.models import Workshop

    # Below the compacted part of the log the missed events are gone: a snapshot instead.
    floor = db.session.scalar(select(Workshop.events_compacted_to)
                              .where(Workshop.id == workshop_id)) or 0
    if since < floor:
        return None
    from ..workshops.models import Workshop

    # Below the compacted part of the log the missed events are gone: a snapshot instead.
    floor = db.session.scalar(select(Workshop.events_compacted_to)
                              .where(Workshop.id == workshop_id)) or 0
    if since < floor:
        return None
    rows = db.session.scalars(
        select(Event)
        .where(Event.workshop_id == workshop_id, Event.seq > since)
        .order_by(Event.seq)
        .limit(limit + 1)
    ).all()
    if len(rows) > limit:
        return None
    return [message(row, view_level(row, viewer)) for row in rows]


def snapshot(workshop_id: str, viewer: Viewer) -> dict:
    """The whole state of a workshop as ``viewer`` may see it, with the number it is at.

    The number is read first: rows may already include later changes, whose events the
    client then applies again harmlessly (an entity's ``rev`` guards against going back).
    """
    from ..workshops.models import Workshop

    seq = db.session.scalar(select(Workshop.last_seq).where(Workshop.id == workshop_id))
    entities: dict[str, list[dict]] = {}
    # Every row read stays referenced until the snapshot is made. The session's identity map
    # holds rows only weakly: a view that looks up its parent (an idea's question, to know
    # whether it is silent) would otherwise find it collected and read it again - one query
    # per idea (and its question's persona links), 0.6 s for a participant on a board of
    # 2,000 ideas, against 60 ms for a facilitator, whose view needs no parent.
    kept: list = []
    for name, kind in ENTITIES.items():
        items = []
        rows = db.session.scalars(kind.rows_for(workshop_id, viewer)).all()
        kept.append(rows)
        for obj in rows:
            shown = kind.view(obj, viewer)
            if shown is not None:
                items.append(shown)
        entities[name] = items
    return {"seq": seq, "entities": entities}
