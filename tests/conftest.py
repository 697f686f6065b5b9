"""Fixtures: a fresh app and database per test, HTTP and Socket.IO clients, live servers.

The database is SQLite in a temporary folder unless PAJA_TEST_DB=postgres, in which case
every test gets an empty schema in the PostgreSQL at PAJA_TEST_DATABASE_URL (bin/test runs
the suite both ways when that URL is set).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message="\nEventlet is deprecated")

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# Under pytest-xdist (bin/test runs three workers) each worker gets a database and a Redis
# database number of its own, so that one worker's reset never empties the other's tables.
WORKER = os.environ.get("PYTEST_XDIST_WORKER")


def _worker_database(url: str | None) -> str | None:
    if not url or not WORKER:
        return url
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(url.replace("postgresql://", "postgresql+psycopg2://", 1))
    name = f"{base.database}_{WORKER}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                {"name": name}).scalar():
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:  # unreachable: the tests that need it fail and say so
        return url
    finally:
        engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False).replace(
        "postgresql+psycopg2://", "postgresql://", 1)


def _worker_redis(url: str | None) -> str | None:
    if not url or not WORKER:
        return url
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0) + 1 + int(WORKER.removeprefix("gw"))
    return urlunsplit(parts._replace(path=f"/{number}"))


PG_URL = _worker_database(os.environ.get("PAJA_TEST_DATABASE_URL"))
REDIS_URL = _worker_redis(os.environ.get("PAJA_TEST_REDIS_URL"))
USE_PG = os.environ.get("PAJA_TEST_DB") == "postgres"
PASSWORD = "correct horse battery staple"


# Files whose every test takes minutes (each walks every phone view through many states).
# bin/test hands tests to its workers a file at a time (xdist's loadgroup, one group per
# file, so a file's server and browser are set up once); these files' tests are each a unit
# of their own instead, and they are handed out first, so that no worker starts one of them
# last while the others stand idle.
LONG_FILES = ("test_reflow.py", "test_browser_a11y.py")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    if config.getoption("dist", None) != "loadgroup":
        return
    for item in items:
        long = item.path.name in LONG_FILES
        item.add_marker(pytest.mark.xdist_group(item.nodeid if long else item.path.name))
    items.sort(key=lambda item: item.path.name not in LONG_FILES)


def need_service(url: str | None, name: str, env: str) -> str:
    """The URL of an outside service for a test: skip without one, fail in CI without one."""
    if not url:
        if IN_CI:
            pytest.fail(f"{env} is not set; CI must test against {name}")
        pytest.skip(f"{env} is not set: no {name} to test against")
    return url


def reset_postgres(url: str) -> None:
    """Drop and recreate the public schema: the database is as a new deployment finds it."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg2://", 1))
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    except Exception as error:  # pragma: no cover - reported as a failure
        pytest.fail(f"PostgreSQL at {url} is unreachable: {error}")
    finally:
        engine.dispose()


def _head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(ROOT / "migrations")).get_current_head()


def empty_postgres(url: str) -> bool:
    """Empty every table, or reset the schema when it is not at the newest migration.

    Migrating a fresh schema for each of hundreds of tests took minutes of CI; emptying the
    tables of a schema already at head gives the same starting point. A test that left the
    schema at another revision (the migration tests) gets a full reset. True if the schema
    is at head.
    """
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg2://", 1))
    try:
        with engine.begin() as conn:
            tables = set(inspect(conn).get_table_names(schema="public"))
            version = None
            if "alembic_version" in tables:
                version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if version == _head_revision():
                names = ", ".join(f'"{name}"' for name in sorted(tables - {"alembic_version"}))
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
                return True
    except Exception as error:  # pragma: no cover - reported as a failure
        pytest.fail(f"PostgreSQL at {url} is unreachable: {error}")
    finally:
        engine.dispose()
    reset_postgres(url)
    return False


_SQLITE_TEMPLATES: dict[bool, Path] = {}


def migrated_sqlite(with_facilitator: bool = False) -> Path:
    """A SQLite file at the newest migration (with facilitator anna if asked), built once.

    Each test gets a copy: a file copy takes a millisecond, migrating took a few hundred.
    """
    if with_facilitator not in _SQLITE_TEMPLATES:
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="paja-template-"))
        path = folder / "paja.sqlite3"
        build_database(f"sqlite:///{path}", folder, with_facilitator)
        _SQLITE_TEMPLATES[with_facilitator] = path
    return _SQLITE_TEMPLATES[with_facilitator]


def build_database(url: str, folder: Path, with_facilitator: bool) -> None:
    """Migrate ``url`` to the newest revision in this process, and add anna if asked."""
    from flask_migrate import upgrade

    from server import create_app

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PAJA_INSTANCE_PATH", str(folder / "template-instance"))
        patch.setenv("PAJA_ASYNC_MODE", "threading")
        for name in ("DATABASE_URL", "PAJA_DATABASE_URL", "REDIS_URL", "PAJA_REDIS_URL"):
            patch.delenv(name, raising=False)
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        if with_facilitator:
            from server.accounts.service import create_user

            create_user("anna", "Anna", PASSWORD)
        from server.extensions import db

        db.session.remove()
        db.engine.dispose()


def database_url(tmp_path: Path, with_facilitator: bool = False) -> str:
    """A database at the newest migration, empty but for anna when asked, for one test."""
    if USE_PG:
        url = need_service(PG_URL, "PostgreSQL", "PAJA_TEST_DATABASE_URL")
        if not empty_postgres(url) or with_facilitator:
            build_database(url, tmp_path, with_facilitator)
        return url
    return sqlite_copy(tmp_path / "paja.sqlite3", with_facilitator)


def sqlite_copy(path: Path, with_facilitator: bool = False) -> str:
    """A copy of the migrated SQLite template at ``path``: its URL."""
    import shutil

    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(migrated_sqlite(with_facilitator), path)
    return f"sqlite:///{path}"


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("PAJA_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("PAJA_DATABASE_URL", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("PAJA_REDIS_URL", raising=False)
    monkeypatch.setenv("PAJA_ASYNC_MODE", "threading")
    from flask_migrate import upgrade

    from server import create_app

    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
        "RATELIMIT_ENABLED": True,
    })
    with app.app_context():
        upgrade()
    yield app
    from server.voting.tally import wait_until_sent

    wait_until_sent()  # a vote's coalesced tally must not outlive the test's database
    with app.app_context():
        from server.extensions import db

        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


class Browserless:
    """A Flask test client that behaves like one person's browser: cookies and CSRF."""

    def __init__(self, client):
        self.client = client
        self.token = None

    def page(self, path: str, **kwargs):
        response = self.client.get(path, **kwargs)
        if response.mimetype == "text/html" and b"csrf" in response.data:
            self.token = csrf_token(response.get_data(as_text=True))
        return response

    def ensure_token(self):
        if self.token is None:
            self.page("/")
        return self.token

    def form(self, path: str, data: dict, **kwargs):
        return self.client.post(path, data={"csrf_token": self.ensure_token(), **data}, **kwargs)

    def api(self, method: str, path: str, json=None, **kwargs):
        headers = {"X-CSRFToken": self.ensure_token(), **kwargs.pop("headers", {})}
        return self.client.open(path, method=method, json=json, headers=headers, **kwargs)


@pytest.fixture
def make_user(app):
    def make(username="anna", display_name="Anna Fasilitaattori", password=PASSWORD):
        from server.accounts.service import create_user

        with app.app_context():
            return create_user(username, display_name, password).id

    return make


@pytest.fixture
def facilitator(app, make_user):
    """A logged-in facilitator's browser."""
    make_user()
    browser = Browserless(app.test_client())
    browser.page("/login")
    response = browser.form("/login", {"username": "anna", "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    browser.page("/f")  # logging in starts a new session, with a new CSRF token
    return browser


@pytest.fixture
def workshop(facilitator):
    """A workshop from the coaching template, created by ``facilitator``: its JSON."""
    import uuid

    response = facilitator.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching"})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


@pytest.fixture
def participant(app, workshop):
    """A participant's browser that has joined ``workshop`` as Pekka."""
    return join_as(app, workshop, "Pekka", "Kaupunki")


def join_as(app, workshop, name, organisation=None):
    import uuid

    browser = Browserless(app.test_client())
    response = browser.api("POST", "/api/join", json={
        "code": workshop["join_code"], "id": str(uuid.uuid4()), "display_name": name,
        "organisation": organisation})
    assert response.status_code == 200, response.get_json()
    browser.member = response.get_json()["member"]
    # The turnout a join changes is sent a moment later: let it go before the test goes on,
    # so that what the test then receives is what it did.
    from server.events.coalesce import wait_until_sent

    wait_until_sent()
    return browser


# -- live servers ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """``python app.py`` in a subprocess, as people run it."""

    def __init__(self, tmp_path: Path, async_mode: str, database: str | None = None,
                 redis: str | None = None, port: int | None = None, instance: Path | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.instance = instance or tmp_path / f"instance-{self.port}"
        self.env = {
            **os.environ,
            "PAJA_INSTANCE_PATH": str(self.instance),
            "PAJA_PORT": str(self.port),
            "PAJA_ASYNC_MODE": async_mode,
            "PAJA_DATABASE_URL": database or f"sqlite:///{self.instance / 'paja.sqlite3'}",
            "PAJA_JOIN_RATE_LIMIT": "1000 per minute",
            "PAJA_LOGIN_RATE_LIMIT": "1000 per minute",
            "PAJA_SECRET_KEY": "live-test-secret",
            "PYTHONWARNINGS": "ignore",
        }
        if redis:
            self.env["PAJA_REDIS_URL"] = redis
        self.log = tmp_path / f"server-{self.port}.log"
        self.process = None

    def cli(self, *args: str, check=True) -> subprocess.CompletedProcess:
        return subprocess.run([str(ROOT / ".venv/bin/paja"), *args], env=self.env, cwd=ROOT,
                              capture_output=True, text=True, check=check, timeout=60)

    def prepare(self, with_facilitator: bool = True) -> LiveServer:
        """Its SQLite database at the newest migration, with facilitator anna if asked.

        The same as ``paja db upgrade`` and ``paja create-facilitator anna``, copied from a
        template built once: two command-line runs took seconds per server.
        """
        sqlite_copy(self.instance / "paja.sqlite3", with_facilitator)
        return self

    def start(self) -> LiveServer:
        with self.log.open("w") as log:
            self.process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=self.env,
                                            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited:\n{self.log.read_text()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# Both async modes on SQLite; on PostgreSQL the one deployments use (eventlet): what the
# database adds does not depend on the mode, and the run stays within CI's time.
@pytest.fixture(params=["eventlet"] if USE_PG else ["eventlet", "threading"])
def live_server(request, tmp_path):
    """A running server (eventlet and threading), migrated, with facilitator anna.

    Its database is SQLite, or PostgreSQL in the PostgreSQL run (PAJA_TEST_DB=postgres).
    """
    server = LiveServer(tmp_path, request.param)
    url = database_url(server.instance, with_facilitator=True)
    if USE_PG:
        server.env["PAJA_DATABASE_URL"] = url
    server.start()
    yield server
    server.stop()


# -- browsers ------------------------------------------------------------------------

CHROMIUM = os.environ.get("PAJA_CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is missing; bin/test installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-dev-shm-usage"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """One eventlet server for the browser tests."""
    tmp = tmp_path_factory.mktemp("browser")
    live = LiveServer(tmp, "eventlet")
    sqlite_copy(live.instance / "paja.sqlite3", with_facilitator=True)
    live.start()
    yield live
    live.stop()
