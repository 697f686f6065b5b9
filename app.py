"""Run Paja: ``python app.py`` (bin/run sets everything up first).

The async mode is one setting, PAJA_ASYNC_MODE (eventlet by default; threading and gevent
also work). Eventlet must patch the standard library before anything else is imported, and
psycopg2 must be told to yield to it.
"""

import os

ASYNC_MODE = os.environ.get("PAJA_ASYNC_MODE", "eventlet")

if ASYNC_MODE == "eventlet":
    os.environ.setdefault("EVENTLET_NO_GREENDNS", "yes")
    import warnings

    # Chosen knowingly (see DESIGN.md); the mode is one setting away from threading/gevent.
    warnings.filterwarnings("ignore", message="\nEventlet is deprecated")
    import eventlet

    eventlet.monkey_patch()
    from psycogreen.eventlet import patch_psycopg

    patch_psycopg()
elif ASYNC_MODE == "gevent":
    from gevent import monkey

    monkey.patch_all()
    from psycogreen.gevent import patch_psycopg

    patch_psycopg()

import resource  # noqa: E402

from server import create_app  # noqa: E402
from server.extensions import socketio  # noqa: E402


def raise_open_files_limit(wanted: int) -> int:
    """Each connected phone holds a socket: lift the soft open-files limit towards ``wanted``."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def main() -> None:
    app = create_app()
    host, port = app.config["HOST"], app.config["PORT"]
    max_connections = app.config["MAX_CONNECTIONS"]
    raise_open_files_limit(max_connections + 256)
    if os.environ.get("PAJA_DEMO") == "1":
        from server.cli import ensure_demo, print_demo

        with app.app_context():
            info = ensure_demo()
        if info:
            print_demo(info, f"http://{host}:{port}")
    log_output = os.environ.get("PAJA_ACCESS_LOG") == "1"
    from server.reminders.service import loop_forever
    from server.voting.tally import sweep_forever

    socketio.start_background_task(sweep_forever, app)  # vote rounds that are due close
    socketio.start_background_task(loop_forever, app)  # reminders, made and sent once
    print(f" * Paja on http://{host}:{port} ({ASYNC_MODE})", flush=True)
    if ASYNC_MODE == "eventlet":
        serve_eventlet(app, host, port, max_connections, log_output)
        return
    options = {"host": host, "port": port, "log_output": log_output}
    if ASYNC_MODE == "threading":
        options["allow_unsafe_werkzeug"] = True
    socketio.run(app, **options)


def serve_eventlet(app, host: str, port: int, max_connections: int, log_output: bool) -> None:
    """What ``socketio.run`` does for eventlet, with the limits a full room needs.

    eventlet.wsgi serves at most 1,024 connections at once unless told otherwise, and its
    listening socket queues only 50 waiting connections: a room of phones scanning the QR
    code at once would see refused or stalled connections.
    """
    import eventlet.green.socket
    import eventlet.wsgi

    family = eventlet.green.socket.getaddrinfo(host, port)[0]
    listener = eventlet.listen(family[4], family[0], backlog=min(max_connections, 4096))
    eventlet.wsgi.server(listener, app, max_size=max_connections, log_output=log_output)


if __name__ == "__main__":
    main()
