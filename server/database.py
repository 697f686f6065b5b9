"""Engine tuning and the write transaction every change goes through.

SQLite: WAL so that readers never wait for the writer, a busy timeout so that writers queue
instead of failing, and ``BEGIN IMMEDIATE`` for writes so that two writers never both read and
then fail to upgrade their lock. pysqlite's own transaction handling is switched off so that
SQLAlchemy's ``begin`` event decides how a transaction starts (the recipe from SQLAlchemy's
SQLite dialect documentation).
"""

from __future__ import annotations

from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .extensions import db

SQLITE_BUSY_TIMEOUT_MS = 15_000
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
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")


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
