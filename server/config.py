"""Settings, read from the environment with safe defaults.

Every setting has a ``PAJA_`` environment variable (``DATABASE_URL`` and ``REDIS_URL`` are
also read without the prefix, as hosting platforms set them that way).
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

ASYNC_MODES = ("eventlet", "threading", "gevent")
# The privacy notice's legal bases, as GDPR article 6(1) names them.
LEGAL_BASES = ("public_task", "consent", "legitimate_interest", "contract")


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"PAJA_{name}", default)


def _env_bool(name: str, default: bool) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def load_secret_key(instance_path: str) -> str:
    """Return the secret key from the environment, or one kept in the instance folder.

    The key is generated once, on first run, and written with owner-only permissions so
    that signed cookies (logins, remembered participants) survive a restart.
    """
    given = _env("SECRET_KEY") or os.environ.get("SECRET_KEY")
    if given:
        return given
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def normalize_database_url(url: str) -> str:
    """Pick psycopg2 for PostgreSQL URLs.

    psycopg2 is the driver we ship (psycogreen makes it cooperate with eventlet); SQLAlchemy
    2.1 would otherwise pick psycopg 3 for a bare ``postgresql://`` URL.
    """
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg2://" + url.removeprefix(prefix)
    return url


def from_environment(instance_path: str) -> dict:
    """Build the configuration mapping for :func:`server.create_app`."""
    database_url = _env("DATABASE_URL") or os.environ.get("DATABASE_URL")
    if not database_url:
        database_url = "sqlite:///" + str(Path(instance_path) / "paja.sqlite3")
    database_url = normalize_database_url(database_url)
    redis_url = _env("REDIS_URL") or os.environ.get("REDIS_URL") or None
    async_mode = _env("ASYNC_MODE", "eventlet")
    if async_mode not in ASYNC_MODES:
        raise RuntimeError(
            f"PAJA_ASYNC_MODE={async_mode!r} is not supported; use one of {', '.join(ASYNC_MODES)}"
        )
    legal_basis = _env("PRIVACY_LEGAL_BASIS", "public_task")
    if legal_basis not in LEGAL_BASES:
        raise RuntimeError(
            f"PAJA_PRIVACY_LEGAL_BASIS={legal_basis!r} is not a legal basis Paja's privacy "
            f"notice knows; use one of {', '.join(LEGAL_BASES)}"
        )
    secure_cookies = _env_bool("SECURE_COOKIES", False)
    return {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "REDIS_URL": redis_url,
        "ASYNC_MODE": async_mode,
        "HOST": _env("HOST", "127.0.0.1"),
        "PORT": int(_env("PORT", "5000")),
        # Origins allowed to open sockets. Empty: only the page's own origin. When set (or
        # PUBLIC_URL is), only the listed origins are accepted.
        "ALLOWED_ORIGINS": [o for o in (_env("ALLOWED_ORIGINS", "") or "").split(",") if o],
        "MAX_CONNECTIONS": int(_env("MAX_CONNECTIONS", "4096")),
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        # The door. Successful joins from one address (a hall behind one NAT or proxy shares
        # it) are limited only loosely; failed code guesses are counted per address and
        # across all addresses, on every join route (see docs/security.md).
        "JOIN_RATE_LIMIT": _env("JOIN_RATE_LIMIT", "1200 per minute"),
        "JOIN_FAILURES_PER_ADDRESS": _env("JOIN_FAILURES_PER_ADDRESS", "10 per 10 minutes"),
        "JOIN_FAILURES_GLOBAL": _env("JOIN_FAILURES_GLOBAL", "300 per 10 minutes"),
        # How many reverse proxies in front of Paja set X-Forwarded-For/-Proto (0: none, and
        # the header is ignored, since anyone could send it).
        "PROXY_COUNT": int(_env("PROXY_COUNT", "0")),
        # Days a pilot team's invitation link works.
        "INVITATION_DAYS": int(_env("INVITATION_DAYS", "14")),
        # The eventlet server: seconds a client may take to send its request headers, seconds
        # a kept-alive connection may sit idle, and open connections per client address (0:
        # no cap; behind a proxy every client shares its address, so the proxy caps instead).
        "HEADER_TIMEOUT": float(_env("HEADER_TIMEOUT", "10")),
        "IDLE_TIMEOUT": float(_env("IDLE_TIMEOUT", "75")),
        "MAX_CONNECTIONS_PER_ADDRESS": int(_env("MAX_CONNECTIONS_PER_ADDRESS", "1024")),
        # Socket.IO events a connection may send: a steady rate per second and a burst.
        "SOCKET_EVENTS_PER_SECOND": float(_env("SOCKET_EVENTS_PER_SECOND", "10")),
        "SOCKET_EVENT_BURST": int(_env("SOCKET_EVENT_BURST", "60")),
        "LOGIN_RATE_LIMIT": _env("LOGIN_RATE_LIMIT", "10 per minute"),
        "PUBLIC_URL": _env("PUBLIC_URL"),
        # E-mail for reminders. Without a host, e-mail is not offered as a channel.
        "SMTP_HOST": _env("SMTP_HOST"),
        "SMTP_PORT": int(_env("SMTP_PORT", "587")),
        "SMTP_USER": _env("SMTP_USER"),
        "SMTP_PASSWORD": _env("SMTP_PASSWORD"),
        "SMTP_FROM": _env("SMTP_FROM", "paja@localhost"),
        "SMTP_STARTTLS": _env_bool("SMTP_STARTTLS", True),
        # Send the SMTP password over a connection that is not encrypted (never by default).
        "SMTP_ALLOW_PLAINTEXT_LOGIN": _env_bool("SMTP_ALLOW_PLAINTEXT_LOGIN", False),
        # TLS from the first byte (port 465 always does), and a CA file to trust for a
        # private mail relay's certificate.
        "SMTP_SSL": _env_bool("SMTP_SSL", False),
        "SMTP_CA_FILE": _env("SMTP_CA_FILE"),
        # How often each server process looks for reminders that are due (seconds).
        "REMINDER_INTERVAL": int(_env("REMINDER_INTERVAL", "300")),
        # Data protection: days an audit entry is kept; months a workshop is kept after it is
        # archived (the instance default, which an administrator may change and a workshop
        # may override); days after a programme's last date before it is archived by
        # itself; days before deletion that facilitators are warned; events kept per
        # workshop when its log is compacted (older ones only ever served catch-up).
        "AUDIT_RETENTION_DAYS": int(_env("AUDIT_RETENTION_DAYS", "730")),
        "RETENTION_MONTHS": int(_env("RETENTION_MONTHS", "12")),
        "ARCHIVE_GRACE_DAYS": int(_env("ARCHIVE_GRACE_DAYS", "30")),
        "RETENTION_WARNING_DAYS": int(_env("RETENTION_WARNING_DAYS", "30")),
        "EVENT_LOG_KEEP": int(_env("EVENT_LOG_KEEP", "1000")),
        # Let browsers compress websocket messages (permessage-deflate). Off: it costs each
        # phone ~400 KB of server memory for its whole connection (server/delivery.py).
        "WEBSOCKET_COMPRESSION": _env_bool("WEBSOCKET_COMPRESSION", False),
        # Chat webhooks must be https://, unless this is set (development and tests).
        "WEBHOOK_ALLOW_HTTP": _env_bool("WEBHOOK_ALLOW_HTTP", False),
        # The accessibility statement (/accessibility): who provides this deployment, where
        # feedback on its accessibility goes, and the statement's dates (YYYY-MM-DD).
        "ACCESSIBILITY_SERVICE_NAME": _env("ACCESSIBILITY_SERVICE_NAME", "Paja"),
        "ACCESSIBILITY_PROVIDER": _env("ACCESSIBILITY_PROVIDER"),
        "ACCESSIBILITY_EMAIL": _env("ACCESSIBILITY_EMAIL"),
        "ACCESSIBILITY_PHONE": _env("ACCESSIBILITY_PHONE"),
        "ACCESSIBILITY_FEEDBACK_URL": _env("ACCESSIBILITY_FEEDBACK_URL"),
        "ACCESSIBILITY_STATEMENT_DATE": _env("ACCESSIBILITY_STATEMENT_DATE", "2026-12-02"),
        "ACCESSIBILITY_CHECKED_DATE": _env("ACCESSIBILITY_CHECKED_DATE", "2026-12-02"),
        # The privacy notice (/privacy): the controller of the personal data this deployment
        # holds (the municipality or wellbeing services county running it), its data
        # protection officer, the legal basis it processes on (public_task, consent,
        # legitimate_interest or contract: GDPR article 6(1) e, a, f or b), who processes
        # data for it (the hosting), and the notice's date.
        "PRIVACY_CONTROLLER": _env("PRIVACY_CONTROLLER"),
        "PRIVACY_CONTROLLER_ADDRESS": _env("PRIVACY_CONTROLLER_ADDRESS"),
        "PRIVACY_CONTACT_EMAIL": _env("PRIVACY_CONTACT_EMAIL"),
        "PRIVACY_CONTACT_PHONE": _env("PRIVACY_CONTACT_PHONE"),
        "PRIVACY_DPO_EMAIL": _env("PRIVACY_DPO_EMAIL"),
        "PRIVACY_DPO_PHONE": _env("PRIVACY_DPO_PHONE"),
        "PRIVACY_LEGAL_BASIS": legal_basis,
        "PRIVACY_PROCESSORS": _env("PRIVACY_PROCESSORS"),
        "PRIVACY_NOTICE_DATE": _env("PRIVACY_NOTICE_DATE", "2026-12-04"),
        # The supervisory authority (in Finland, Traficom's accessibility supervision).
        "ACCESSIBILITY_AUTHORITY_EMAIL": _env("ACCESSIBILITY_AUTHORITY_EMAIL",
                                              "saavutettavuus@traficom.fi"),
        "ACCESSIBILITY_AUTHORITY_PHONE": _env("ACCESSIBILITY_AUTHORITY_PHONE", "029 534 5000"),
        "ACCESSIBILITY_AUTHORITY_URL": _env("ACCESSIBILITY_AUTHORITY_URL",
                                            "https://www.saavutettavuusvaatimukset.fi"),
    }


DEFAULTS = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "paja_session",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
    # Participants are remembered on their phone for the length of a programme.
    "MEMBER_COOKIE_MAX_AGE": int(timedelta(days=365).total_seconds()),
    "WTF_CSRF_TIME_LIMIT": None,  # tied to the session instead; a long workshop must not expire it
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    "BABEL_DEFAULT_LOCALE": "fi",
    # The content and interface languages (Finnish first: the default). Plain Finnish
    # (selkosuomi) is offered after Finnish as an interface language; it is Finnish written
    # plainly, not a language content is written in (server/languages.py).
    "LANGUAGES": ("fi", "sv", "en"),
    "API_TITLE": "Paja API",
    "API_VERSION": "1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/api",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_REDOC_PATH": None,
    "OPENAPI_SWAGGER_UI_PATH": None,
    "RATELIMIT_HEADERS_ENABLED": True,
    # How many missed events a reconnecting client is sent one by one before it gets a
    # fresh snapshot instead.
    "CATCHUP_LIMIT": 500,
    "DEMO": False,
}
