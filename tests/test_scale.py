"""The scaled set-up: PostgreSQL through migrations, psycopg2 yielding to eventlet, and
several server processes sharing broadcasts through Redis.

These need PAJA_TEST_DATABASE_URL / PAJA_TEST_REDIS_URL: skipped without them, failed in CI.
"""

import subprocess
import sys
import textwrap
import uuid

import pytest
from conftest import PASSWORD, PG_URL, REDIS_URL, ROOT, LiveServer, need_service, reset_postgres
from live_client import WebClient

pytestmark = pytest.mark.live


def test_migrations_match_the_models_on_postgresql(tmp_path, monkeypatch):
    url = need_service(PG_URL, "PostgreSQL", "PAJA_TEST_DATABASE_URL")
    reset_postgres(url)
    run_migration_check(url, tmp_path, monkeypatch)


def test_migrations_match_the_models_on_sqlite(tmp_path, monkeypatch):
    run_migration_check(f"sqlite:///{tmp_path / 'm.sqlite3'}", tmp_path, monkeypatch)


def run_migration_check(url, tmp_path, monkeypatch):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from flask_migrate import downgrade, upgrade

    from server import create_app
    from server.extensions import db

    monkeypatch.setenv("PAJA_INSTANCE_PATH", str(tmp_path))
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert diff == [], diff
        downgrade(revision="base")
        upgrade()
        db.engine.dispose()


def test_psycopg2_yields_to_eventlet(tmp_path):
    """A slow query must not stop other green threads (psycogreen's wait callback)."""
    url = need_service(PG_URL, "PostgreSQL", "PAJA_TEST_DATABASE_URL")
    script = textwrap.dedent(f"""
        import os, sys, time
        os.environ["PAJA_ASYNC_MODE"] = "eventlet"
        sys.argv = ["app.py"]
        sys.path.insert(0, {str(ROOT)!r})
        import warnings; warnings.simplefilter("ignore")
        import app  # monkey-patches and installs psycogreen exactly as the server does
        import eventlet
        from sqlalchemy import create_engine, text
        from server.config import from_environment
        os.environ["PAJA_DATABASE_URL"] = {url!r}
        engine = create_engine(from_environment({str(tmp_path)!r})["SQLALCHEMY_DATABASE_URI"])
        ticks = []
        def ticker():
            for _ in range(20):
                ticks.append(time.monotonic()); eventlet.sleep(0.05)
        def slow():
            with engine.connect() as c:
                c.execute(text("SELECT pg_sleep(1)"))
        started = time.monotonic()
        t = eventlet.spawn(ticker); s = eventlet.spawn(slow)
        s.wait(); t.wait()
        during = [x for x in ticks if x - started < 0.9]
        print(len(during))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[-1]) >= 10, result.stdout


def test_two_processes_share_broadcasts_through_redis(tmp_path):
    redis_url = need_service(REDIS_URL, "Redis", "PAJA_TEST_REDIS_URL")
    channel_db = redis_url  # python-socketio's channel is "flask-socketio" on this Redis
    database = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    a = LiveServer(tmp_path, "eventlet", database=database, redis=channel_db)
    b = LiveServer(tmp_path, "eventlet", database=database, redis=channel_db)
    a.cli("db", "upgrade")
    a.cli("create-facilitator", "anna", "--password", PASSWORD)
    a.start()
    b.start()
    try:
        laptop = WebClient(a.url).login("anna", PASSWORD)
        workshop = laptop.api("POST", "/api/workshops", json={
            "id": str(uuid.uuid4()), "template": "ideation-2h"}).json()
        phone_web = WebClient(b.url)
        phone_web.join(workshop["join_code"], "Pekka")
        phone = phone_web.live(workshop["id"])  # on process B
        seq = phone.sync()["snapshot"]["seq"]
        renamed = laptop.api("PATCH", f"/api/workshops/{workshop['id']}",
                             json={"name": "Kahden prosessin paja"})  # on process A
        assert renamed.status_code == 200
        # The join's own event may arrive after the snapshot that already holds it (it
        # travels through Redis); a phone skips what its snapshot covers, and so does this.
        event = phone.event()
        while event["seq"] <= seq:
            event = phone.event()
        assert event["seq"] == seq + 1 and event["data"]["name"] == "Kahden prosessin paja"
        phone.close()
    finally:
        a.stop()
        b.stop()
