"""The application factory and its settings."""

import stat

from server import create_app
from server.config import from_environment


def test_defaults_are_safe(tmp_path, monkeypatch):
    for name in ("DATABASE_URL", "PAJA_DATABASE_URL", "REDIS_URL", "PAJA_REDIS_URL",
                 "PAJA_ASYNC_MODE", "PAJA_HOST", "PAJA_PORT", "PAJA_SECRET_KEY", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PAJA_INSTANCE_PATH", str(tmp_path))
    app = create_app()
    assert app.config["HOST"] == "127.0.0.1"
    assert app.config["PORT"] == 5000
    assert app.config["ASYNC_MODE"] == "eventlet"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'paja.sqlite3'}"
    assert app.config["REDIS_URL"] is None
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["MAX_CONNECTIONS"] >= 2000


def test_secret_key_is_generated_once_and_private(tmp_path, monkeypatch):
    monkeypatch.delenv("PAJA_SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("PAJA_INSTANCE_PATH", str(tmp_path))
    first = create_app().config["SECRET_KEY"]
    second = create_app().config["SECRET_KEY"]
    assert first == second and len(first) >= 40
    mode = (tmp_path / "secret_key").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600


def test_settings_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PAJA_HOST", "0.0.0.0")
    monkeypatch.setenv("PAJA_PORT", "8080")
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db/paja")
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/1")
    monkeypatch.setenv("PAJA_ASYNC_MODE", "threading")
    config = from_environment(str(tmp_path))
    assert (config["HOST"], config["PORT"]) == ("0.0.0.0", 8080)
    # psycopg2 (which psycogreen makes cooperative) is the driver for PostgreSQL URLs.
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg2://u@db/paja"
    assert config["REDIS_URL"] == "redis://cache:6379/1"
    assert config["ASYNC_MODE"] == "threading"


def test_unknown_async_mode_is_refused_by_name(tmp_path, monkeypatch):
    import pytest

    monkeypatch.setenv("PAJA_ASYNC_MODE", "twisted")
    with pytest.raises(RuntimeError, match="PAJA_ASYNC_MODE"):
        from_environment(str(tmp_path))


def test_sqlite_runs_in_wal_mode_with_a_short_busy_wait(app):
    """WAL, so readers never wait; a busy wait in C short enough not to freeze the server
    (a writer waits for the lock with the async mode's sleep: test_db_contention)."""
    from sqlalchemy import text

    from server.extensions import db

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert 0 < db.session.execute(text("PRAGMA busy_timeout")).scalar() <= 100
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_openapi_document_and_browsable_page(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["info"]["title"] == "Paja API"
    assert "/api/workshops" in spec["paths"]
    assert "/api/join" in spec["paths"]
    schemas = spec["components"]["schemas"]
    assert "WorkshopCreate" in schemas and "id" in schemas["WorkshopCreate"]["properties"]
    page = client.get("/api/docs")
    assert page.status_code == 200 and b'id="api-docs"' in page.data
    for name in ("swagger-ui-bundle.js", "socket.io.esm.min.js"):
        with client.get(f"/vendor/{name}") as response:
            assert response.status_code == 200
    assert client.get("/vendor/../package.json").status_code == 404


def test_lit_html_modules_are_served_and_nothing_else_of_the_package(client):
    for name in ("lit-html.js", "directive.js", "directives/repeat.js", "directives/live.js"):
        with client.get(f"/vendor/lit-html/{name}") as response:
            assert response.status_code == 200, name
            assert "javascript" in response.content_type
    for name in ("package.json", "development/lit-html.js", "README.md", "directives/../x.js",
                 "node/lit-html.js"):
        assert client.get(f"/vendor/lit-html/{name}").status_code == 404, name


def test_language_default_from_browser_and_choice(client):
    finnish = client.get("/", headers={"Accept-Language": "fi-FI,fi;q=0.9"})
    assert 'lang="fi"' in finnish.get_data(as_text=True)
    english = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert 'lang="en"' in english.get_data(as_text=True)
    assert "Join a workshop" in english.get_data(as_text=True)
    client.get("/lang/fi")
    chosen = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'lang="fi"' in chosen and "Join a workshop" not in chosen
