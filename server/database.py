"""Engine tuning and the write transaction every change goes through.

SQLite: WAL so that readers never wait for the writer, and ``BEGIN IMMEDIATE`` for writes so
that two writers never both read and then fail to upgrade their lock. A writer that finds the
lock taken (by the cron's ``paja reminders``, a second server, a backup) waits for it in
Python, with the async mode's sleep, between attempts that fail at once: SQLite's own busy
wait sleeps in C, which under eventlet or gevent stops the whole hub - every socket's
heartbeat - for as long as the other process holds the lock. pysqlite's own transaction
handling is switched off so that SQLAlchemy's ``begin`` event decides how a transaction starts
(the recipe from SQLAlchemy's SQLite dialect documentation).
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event, exc
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from .extensions import db

# The busy wait SQLite may do in C, for every other statement: a read or a commit can meet a
# checkpoint or a WAL reset for a moment. Short, because the hub stands still meanwhile.
SQLITE_BUSY_TIMEOUT_MS = 50
# How long a writer waits for the write lock in all before its command fails.
SQLITE_LOCK_WAIT_S = 15.0
# The longest pause between two attempts at the lock.
SQLITE_LOCK_PAUSE_S = 0.05
IMMEDIATE = "paja_write"


def configure_engine(app: Flask) -> None:
    """Install the per-dialect connection settings on the app's engine."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        if connection.get_execution_options().get(IMMEDIATE):
            _begin_immediate(connection.connection.dbapi_connection)
        else:
            connection.exec_driver_sql("BEGIN")


def _begin_immediate(dbapi_connection) -> None:
    """Take SQLite's write lock, waiting for it cooperatively.

    Each attempt fails at once when the lock is taken (busy timeout 0), and the writer sleeps
    with the async mode's sleep before the next, so the hub goes on serving everyone else.
    A failed ``BEGIN IMMEDIATE`` starts nothing, and the transaction's body runs only once
    the lock is held, so a retry can neither lose nor repeat a change.
    """
    deadline = time.monotonic() + SQLITE_LOCK_WAIT_S
    pause = 0.001
    dbapi_connection.execute("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                dbapi_connection.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if not _busy(error) or time.monotonic() + pause > deadline:
                    raise exc.OperationalError("BEGIN IMMEDIATE", None, error) from error
            _sleep(pause)
            pause = min(pause * 2, SQLITE_LOCK_PAUSE_S)
    finally:
        dbapi_connection.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")


def _busy(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(error) or "busy" in str(error)


def _sleep(seconds: float) -> None:
    """Sleep the way the async mode does: a green sleep under eventlet and gevent (the other
    requests run meanwhile), a thread's sleep under threading."""
    from .extensions import socketio

    if socketio.server is not None:
        socketio.sleep(seconds)
    else:  # no Socket.IO server set up (a script using the models only)
        time.sleep(seconds)


@contextmanager
def write_transaction():
    """Run the body as one write transaction; publish its events after it commits.

    Service functions wrap their writes in this. Events recorded inside (see
    :func:`server.events.service.record`) are broadcast only once the commit has succeeded,
    so nothing is broadcast that was not committed. A nested call joins the outer
    transaction.
    """
    session = db.session()
    if session.info.get("paja_writing"):
        yield
        return
    # A read transaction may be open from permission checks; end it so that the write
    # starts with a fresh snapshot and (on SQLite) takes its lock up front.
    if session.in_transaction():
        session.commit()
    session.info["paja_writing"] = True
    session.info["paja_events"] = []
    session.info["paja_locked"] = set()
    try:
        session.connection(execution_options={IMMEDIATE: True})
        yield
        events = session.info["paja_events"]
        if events:
            # Written, then let go of: the commit would expire them, and broadcasting
            # would then read every event's row back, one query each, for what is already
            # in hand.
            session.flush()
            if _writer_removed(session, events):
                from flask_babel import gettext as _

                from .errors import Forbidden

                raise Forbidden(_("You have been removed from this workshop."))
            for recorded in events:
                session.expunge(recorded)
        session.commit()
    except BaseException:
        session.rollback()
        session.info["paja_events"] = []
        raise
    finally:
        session.info["paja_writing"] = False
        session.info.pop("paja_locked", None)
    events = session.info.pop("paja_events", [])
    if events:
        from .events.broadcast import broadcast

        for recorded in events:
            broadcast(recorded)


def _locks_rows(session) -> bool:
    """Whether this database locks rows (PostgreSQL); SQLite's write transaction holds the
    whole database's lock from BEGIN IMMEDIATE on."""
    return session.get_bind().dialect.name != "sqlite"


@contextmanager
def written_by(member_id: str | None):
    """Name the member a command is written by, for :func:`_writer_removed`."""
    session = db.session()
    session.info["paja_writer"] = member_id
    try:
        yield
    finally:
        session.info.pop("paja_writer", None)


# A writer's own way out: the events of leaving or deleting one's own data, which
# _writer_removed lets through (any other event about the writer - shown to the room when
# their first idea comes, say - is no reason to skip the check).
LEAVING = frozenset({"member.removed", "member.erased"})


def _writer_removed(session, events) -> bool:
    """Whether the member this write is by was removed (or erased) meanwhile: who wrote was
    looked up before the write began (on PostgreSQL, before the workshop's lock), and a
    removal may have committed since. Checked with the lock held (the transaction has
    events), just before the commit, so nothing of someone already gone is stored after
    their data was erased. A change to the writer's own membership (leaving, deleting one's
    own data) is theirs."""
    member_id = session.info.get("paja_writer")
    if member_id is None:
        return False
    if any(e.entity == "member" and e.entity_id == member_id and e.type in LEAVING
           for e in events):
        return False
    from sqlalchemy import select

    from .members.models import Member

    row = session.execute(select(Member.removed_at).where(Member.id == member_id)).first()
    return row is None or row.removed_at is not None


def locks_rows() -> bool:
    """Whether the current session's database locks rows (see :func:`_locks_rows`)."""
    return _locks_rows(db.session())


def lock_workshop(workshop_id: str) -> None:
    """Take the workshop's write lock now, so that what the transaction reads after this
    stays true until it commits. Every writer of the workshop holds that lock from its
    first event or first written row until its commit (see
    :func:`server.events.service.record` and :func:`_lock_before_writing`), and the other
    writers wait meanwhile: take it here only for reads that need it, as late as they
    allow.

    SQLite writes already hold the database lock from BEGIN IMMEDIATE; PostgreSQL locks
    the row every event number is drawn from, in the mode the number's UPDATE takes: it
    serialises the workshop's writers but not the foreign-key checks of rows inserted
    meanwhile that name the workshop (FOR UPDATE would hold those up too)."""
    from sqlalchemy import select

    from .workshops.models import Workshop

    session = db.session()
    if workshop_id in session.info.get("paja_locked", ()):
        return
    if _locks_rows(session):
        session.execute(select(Workshop.id).where(Workshop.id == workshop_id)
                        .with_for_update(key_share=True))
    holds_lock(workshop_id)


def lock_and_reread(workshop_id: str, *objs) -> bool:
    """Take the workshop's lock, then read ``objs`` again as they are committed now: what a
    command read before the lock (the permission checks, the lookups) may have been changed
    by a writer that held it meanwhile, on PostgreSQL. False when one of them was removed
    meanwhile. Call it before changing ``objs``: reading again drops unflushed changes.

    On SQLite the lock was held before the first read, so there is nothing to read again."""
    from sqlalchemy.exc import InvalidRequestError

    lock_workshop(workshop_id)
    session = db.session()
    if not _locks_rows(session):
        return True
    for obj in objs:
        try:
            session.refresh(obj)
        except InvalidRequestError:  # its row is gone
            return False
    return True


@event.listens_for(Session, "before_flush")
def _lock_before_writing(session, _context, _instances) -> None:
    """Take the workshop's lock before a write transaction writes its first row there.

    The lock is taken late - at the first event or the first write, whichever comes
    first, not at the first read - but always before the transaction's own rows, so that
    every writer of a workshop takes its locks in one order (workshop first) and two of
    them wait for each other instead of deadlocking: a row inserted first holds a lock on
    the rows it refers to, which another writer already holding the workshop's lock may be
    deleting."""
    locked = session.info.get("paja_locked")
    if locked is None or not _locks_rows(session):
        return  # not in a write transaction, or SQLite (the database's lock is held)
    wanted = {getattr(obj, "workshop_id", None)
              for obj in (*session.new, *session.dirty, *session.deleted)}
    for workshop_id in sorted(w for w in wanted if isinstance(w, str) and w not in locked):
        lock_workshop(workshop_id)


def holds_lock(workshop_id: str) -> None:
    """Note that this write transaction holds ``workshop_id``'s lock."""
    locked = db.session.info.get("paja_locked")
    if locked is not None:
        locked.add(workshop_id)


def _claim_id(model, item_id: str, workshop_id: str) -> None:
    """Serialise the transactions that create one id, and only those: on PostgreSQL a
    transaction-scoped advisory lock on the table and id, so that the second of two copies
    of one request waits for the first to commit and then finds its row, while creates of
    other ids in the workshop go on without waiting. The workshop's lock would serialise
    them too, but would hold every other writer of the workshop up for the whole of the
    create's checks."""
    from sqlalchemy import func, select

    session = db.session()
    if not _locks_rows(session) or workshop_id in session.info.get("paja_locked", ()):
        return  # SQLite: one writer at a time; or the workshop's lock already serialises
    key = f"{model.__tablename__}:{item_id}"
    session.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(key, 0))))


def resent(model, item_id: str, mine, workshop_id: str) -> object | None:
    """The item a retried create already made (``mine(item)`` says it is the same sender's
    same request), or None for a new id. Someone else's id is a conflict, never a merge.

    Two copies of one request arriving at the same instant are serialised by a lock on the
    id (see :func:`_claim_id`), so the second finds the first's row instead of colliding
    with it."""
    from flask_babel import gettext as _

    from .errors import Conflict

    _claim_id(model, item_id, workshop_id)
    existing = db.session.get(model, item_id)
    if existing is None:
        return None
    if mine(existing):
        return existing
    raise Conflict(_("That id is already in use; reload the page."),
                   {"id": [_("Generate a new id.")]})
