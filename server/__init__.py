"""Paja: a realtime co-design board for service-design workshops and online coaching."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, request
from flask_login import AnonymousUserMixin

from . import config
from .extensions import (
    babel,
    configure_limiter,
    csrf,
    db,
    limiter,
    login_manager,
    migrate,
    socketio,
)

ROOT = Path(__file__).resolve().parent.parent


def _select_locale() -> str:
    from flask import current_app, has_request_context

    from .languages import babel_language, chosen_language

    if not has_request_context():  # the command line, background tasks
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    return babel_language(chosen_language())


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application.

    Defaults come first, then the environment (see :mod:`server.config`), then
    ``test_config``; then the extensions are bound and the blueprints registered.
    """
    app = Flask(
        __name__,
        instance_path=os.environ.get("PAJA_INSTANCE_PATH") or str(ROOT / "instance"),
        static_folder=str(ROOT / "static"),
        template_folder="templates",
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(config.DEFAULTS)
    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config:
        app.config.update(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = config.normalize_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"])
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config.load_secret_key(app.instance_path)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale,
                   default_translation_directories=str(ROOT / "server" / "translations"))
    from . import languages

    languages.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "pages.login"
    login_manager.anonymous_user = AnonymousUserMixin
    login_manager.session_protection = "strong"
    configure_limiter(app)
    limiter.init_app(app)
    from .members import door

    door.init_app(app)

    from .database import configure_engine

    configure_engine(app)
    _init_socketio(app)
    from . import delivery

    delivery.init_app(app)
    _register(app)
    _trust_proxies(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind PROXY_COUNT reverse proxies, take the client's address and scheme from their
    X-Forwarded-For/-Proto headers (the door counts per address). Without proxies the
    headers are ignored: anyone can send them."""
    count = app.config["PROXY_COUNT"]
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)


def _init_socketio(app: Flask) -> None:
    # The handlers must be declared before the first init_app: Flask-SocketIO keeps them for
    # every later app (tests build many) only when no server exists yet at declaration.
    from .live import sockets as _sockets  # noqa: F401
    from .live.queue import ResilientRedisManager

    origins = list(app.config["ALLOWED_ORIGINS"])
    if app.config.get("PUBLIC_URL"):
        origins.append(app.config["PUBLIC_URL"].rstrip("/"))
    redis_url = app.config.get("REDIS_URL")
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        # Always given, None included: Flask-SocketIO keeps options from one init_app to
        # the next, and a later app without Redis must not inherit an earlier one's queue.
        # Publishing to Redis never holds up a write, and a Redis outage ends with every
        # client told to catch up (see server/live/queue.py).
        client_manager=ResilientRedisManager(redis_url) if redis_url else None,
        message_queue=None,
        # None = the page's own origin only; a foreign Origin is refused at the handshake.
        cors_allowed_origins=origins or None,
        cors_credentials=True,
        ping_interval=20,
        ping_timeout=20,
        max_http_buffer_size=SOCKET_MAX_MESSAGE,
        logger=False,
        engineio_logger=False,
    )
    app.wsgi_app = PollingSizeLimit(app, app.wsgi_app, socketio.server.eio, SOCKET_MAX_MESSAGE)


# The largest message a socket may send, over WebSocket or long-polling.
SOCKET_MAX_MESSAGE = 256 * 1024


class PollingSizeLimit:
    """Answer an over-size long-polling POST at once, with 413, and end its session.

    python-engineio refuses such a POST by closing the session and waiting until the
    client's next GET has collected the close packet; a client with no GET in flight (a
    phone between polls, a script) is never answered and the request is stuck for good.
    So the size is checked here, in front of engine.io, and the session is closed without
    waiting: a GET in flight still receives the close packet.
    """

    def __init__(self, app: Flask, wsgi_app, eio, limit: int, path: str = "/socket.io/"):
        self.app = app
        self.wsgi_app = wsgi_app
        self.eio = eio
        self.limit = limit
        self.path = path

    def __call__(self, environ, start_response):
        if (environ.get("REQUEST_METHOD") == "POST"
                and (environ.get("PATH_INFO") or "").startswith(self.path)
                and self._length(environ) > self.limit):
            self._end_session(environ)
            from flask import json
            from flask_babel import gettext as _

            from .errors import error_body

            with self.app.request_context(environ):  # the caller's language
                body = json.dumps(error_body("too_large", 413, _("That is too large to send.")))
            data = body.encode()
            start_response("413 Request Entity Too Large", [
                ("Content-Type", "application/json"), ("Content-Length", str(len(data))),
                ("Connection", "close")])
            return [data]
        return self.wsgi_app(environ, start_response)

    @staticmethod
    def _length(environ) -> int:
        try:
            return int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return 0  # engine.io refuses a malformed length itself

    def _end_session(self, environ) -> None:
        from urllib.parse import parse_qs

        sid = (parse_qs(environ.get("QUERY_STRING", "")).get("sid") or [None])[0]
        socket = self.eio.sockets.get(sid) if sid else None
        if socket is not None:
            socket.close(wait=False, reason=self.eio.reason.TRANSPORT_ERROR)
            self.eio.sockets.pop(sid, None)


def _register(app: Flask) -> None:
    from .accounts import models as _accounts  # noqa: F401  (registers tables)
    from .accounts.service import load_user
    from .api import PajaApi, api_spec_settings, register_error_handlers, register_request_checks
    from .audit import models as _audit  # noqa: F401
    from .audit.routes import bp as audit_bp
    from .audit.routes import register_template_helpers as audit_template_helpers
    from .cli import register_cli
    from .events import models as _events  # noqa: F401
    from .exports.routes import bp as exports_bp
    from .live.routes import blp as commands_blp
    from .members.routes import blp as members_blp
    from .pages.outcomes import bp as outcomes_bp
    from .pages.privacy import bp as privacy_bp
    from .pages.routes import bp as pages_bp
    from .pages.routes import register_page_helpers
    from .pages.statement import bp as statement_bp
    from .participation.routes import bp as participation_bp
    from .personas.routes import blp as personas_blp
    from .pilots.routes import blp as pilots_blp
    from .sessions.routes import blp as sessions_blp
    from .workshops.routes import blp as workshops_blp

    login_manager.user_loader(load_user)

    @login_manager.unauthorized_handler
    def unauthorized():
        from flask import redirect, url_for
        from flask_babel import gettext as _

        from .errors import Unauthenticated

        if request.path.startswith("/api/"):
            # Raised, not returned: a route's response schema would otherwise serialize
            # this error as if it were the route's answer (a list route answered [{}]).
            raise Unauthenticated(_("Log in as a facilitator first."))
        return redirect(url_for("pages.login", next=request.full_path.rstrip("?")))
    api = PajaApi(app, spec_kwargs=api_spec_settings(app))
    for blueprint in (workshops_blp, members_blp, sessions_blp, personas_blp, pilots_blp,
                      commands_blp):
        api.register_blueprint(blueprint)
    app.register_blueprint(pages_bp)
    app.register_blueprint(exports_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(statement_bp)
    app.register_blueprint(outcomes_bp)
    app.register_blueprint(participation_bp)
    app.register_blueprint(audit_bp)
    audit_template_helpers(app)
    register_error_handlers(app)
    register_request_checks(app)
    register_page_helpers(app)
    register_cli(app)
