"""Extensions, created unbound; :func:`server.create_app` binds them to an app."""

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


def off_loop(fn, *args, **kwargs):
    """Run ``fn``, which blocks without yielding (CPU-bound work, a DNS lookup with eventlet's
    green DNS off), so that other connections are not held up meanwhile: under eventlet in
    a real OS thread, otherwise as it is."""
    if getattr(socketio, "async_mode", None) == "eventlet":
        from eventlet import tpool

        return tpool.execute(fn, *args, **kwargs)
    return fn(*args, **kwargs)
