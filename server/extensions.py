"""Extensions, created unbound; :func:`server.create_app` binds them to an app."""

import logging
import time

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints, so that migrations can alter them on SQLite (batch mode) and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
socketio = SocketIO()
csrf = CSRFProtect()
babel = Babel()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
log = logging.getLogger(__name__)

# Seconds a rate-limit command to Redis may take, and how long an unreachable store is left
# alone (counting in memory meanwhile) before it is tried again.
LIMIT_STORE_TIMEOUT = 0.25
LIMIT_STORE_RETRY = 5.0


def configure_limiter(app) -> None:
    """The rate limits' storage: Redis when the processes share one, else memory. When Redis
    is unreachable the limits are counted in this process's memory until it is back, so that
    logging in never fails because Redis does (flask-limiter's in-memory fallback; it checks
    the store again after 1, 2, 4, ... seconds), and each command gives up within
    LIMIT_STORE_TIMEOUT seconds instead of redis-py's default of 5 s, three times."""
    from .live.queue import redis_options

    config = app.config
    config.setdefault("RATELIMIT_STORAGE_URI", config.get("REDIS_URL") or "memory://")
    if config["RATELIMIT_STORAGE_URI"].startswith(("redis://", "rediss://")):
        config.setdefault("RATELIMIT_STORAGE_OPTIONS", redis_options(LIMIT_STORE_TIMEOUT))
        config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)


class FallbackWindow:
    """A moving-window limiter (``hit``, ``get_window_stats``) over the configured storage
    that counts in memory while the storage is unreachable, for the counts Paja keeps itself
    (the join door). A few counts lost or doubled while Redis is down are the price of
    people getting in at all."""

    def __init__(self, uri: str, options: dict | None = None):
        from limits.storage import MemoryStorage, storage_from_string
        from limits.strategies import MovingWindowRateLimiter

        self.memory = MovingWindowRateLimiter(MemoryStorage())
        self.primary = (None if uri.startswith("memory://") else
                        MovingWindowRateLimiter(storage_from_string(uri, **(options or {}))))
        self.down_until = 0.0

    def _limiters(self):
        if self.primary is not None and time.monotonic() >= self.down_until:
            yield self.primary
        yield self.memory

    def _call(self, name: str, *args):
        for limiter in self._limiters():
            if limiter is self.memory:
                return getattr(limiter, name)(*args)
            try:
                return getattr(limiter, name)(*args)
            except Exception as error:  # the store is away: count here for a while
                log.warning(
                    "rate-limit storage unreachable (%s); counting in memory for %g s",
                    error, LIMIT_STORE_RETRY)
                self.down_until = time.monotonic() + LIMIT_STORE_RETRY
        raise AssertionError("unreachable")

    def hit(self, item, *identifiers) -> bool:
        return self._call("hit", item, *identifiers)

    def get_window_stats(self, item, *identifiers):
        return self._call("get_window_stats", item, *identifiers)


def off_loop(fn, *args, **kwargs):
    """Run ``fn``, which blocks without yielding (CPU-bound work, a DNS lookup with eventlet's
    green DNS off), so that other connections are not held up meanwhile: under eventlet in
    a real OS thread, otherwise as it is."""
    if getattr(socketio, "async_mode", None) == "eventlet":
        from eventlet import tpool

        return tpool.execute(fn, *args, **kwargs)
    return fn(*args, **kwargs)
