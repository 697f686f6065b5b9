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
    try:
        session.connection(execution_options={IMMEDIATE: True})
        yield
        session.commit()
    except BaseException:
        session.rollback()
        session.info["paja_events"] = []
        raise
    finally:
        session.info["paja_writing"] = False
    events = session.info.pop("paja_events", [])
    if events:
        from .events.broadcast import broadcast

        for recorded in events:
            broadcast(recorded)


def lock_workshop(workshop_id: str) -> None:
    """Take the workshop's write lock now, at the start of a write transaction, so that
    what the transaction reads before writing stays true until it commits. SQLite writes
    already hold the database lock from BEGIN IMMEDIATE; PostgreSQL locks the row (the
    same row every event number is drawn from)."""
    from sqlalchemy import select

    from .workshops.models import Workshop

    if db.session.get_bind().dialect.name != "sqlite":
        db.session.execute(select(Workshop.id).where(Workshop.id == workshop_id)
                           .with_for_update())


def resent(model, item_id: str, mine, workshop_id: str) -> object | None:
    """The item a retried create already made (``mine(item)`` says it is the same sender's
    same request), or None for a new id. Someone else's id is a conflict, never a merge.

    Two copies of one request arriving at the same instant are serialised by the workshop's
    lock, so the second finds the first's row instead of colliding with it."""
    from flask_babel import gettext as _

    from .errors import Conflict

    lock_workshop(workshop_id)
    existing = db.session.get(model, item_id)
    if existing is None:
        return None
    if mine(existing):
        return existing
    raise Conflict(_("That id is already in use; reload the page."),
                   {"id": [_("Generate a new id.")]})
