"""The baseline of the hall benchmark: a bare Flask-SocketIO relay.

    PAJA_ASYNC_MODE=eventlet PAJA_PORT=5055 .venv/bin/python bench/relay.py

The least a server can do for the same traffic: no database, no permissions, no snapshot.
On connect a socket joins its role's room (auth {"role": ...}, participant by default) and
gets a tiny "sync"; on a "cmd" the payload's args are emitted as an "ev" to the rooms in
args["to"] (default: everyone), with a number, and the ack says ok. The join pages are
three trivial HTTP answers, one setting a cookie, so a scripted phone makes the same
requests of both servers. Same async mode as Paja (one setting), and eventlet's server is
given the same connection limits and buffers as Paja's app.py.
"""

import os

MODE = os.environ.get("PAJA_ASYNC_MODE", "eventlet")
if MODE == "eventlet":
    import warnings

    warnings.filterwarnings("ignore", message="\nEventlet is deprecated")
    import eventlet

    eventlet.monkey_patch()
elif MODE == "gevent":
    from gevent import monkey

    monkey.patch_all()

import itertools  # noqa: E402
import resource  # noqa: E402
import uuid  # noqa: E402

from flask import Flask, make_response, request  # noqa: E402
from flask_socketio import SocketIO, join_room  # noqa: E402

app = Flask(__name__)
socketio = SocketIO(app, async_mode=MODE, cors_allowed_origins="*")


class WithoutWebSocketCompression:
    """The same transport as Paja's: unless PAJA_WEBSOCKET_COMPRESSION is on, the phones'
    offer of permessage-deflate is hidden from the websocket server (server/delivery.py),
    so that the baseline does not pay per-recipient compression that Paja does not."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        if (environ.get("PATH_INFO") or "").startswith("/socket.io/"):
            environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return self.wsgi_app(environ, start_response)


if os.environ.get("PAJA_WEBSOCKET_COMPRESSION", "").lower() not in {"1", "true", "yes", "on"}:
    app.wsgi_app = WithoutWebSocketCompression(app.wsgi_app)
numbers = itertools.count(1)
ROOMS = ["participant", "facilitator"]


@app.route("/j/<code>", methods=["GET", "POST"])
def join(code):
    response = make_response("<!doctype html><p>joined</p>")
    if request.method == "POST":
        response.set_cookie("relay", str(uuid.uuid4()), httponly=True)
    return response


@app.get("/w/<workshop>")
def page(workshop):
    return "<!doctype html><p>board</p>"


@socketio.on("connect")
def connect(auth):
    role = (auth or {}).get("role", "participant")
    join_room(role if role in ROOMS else "participant")
    socketio.emit("sync", {"snapshot": {"seq": 0}, "me": {"role": role}}, to=request.sid)


@socketio.on("cmd")
def cmd(payload):
    args = (payload or {}).get("args") or {}
    to = args.get("to") or ROOMS
    socketio.emit("ev", {"seq": next(numbers), "type": (payload or {}).get("name"),
                         "data": args}, to=to)
    return {"ok": True, "data": args}


def lean_protocol(base):
    """Paja's connection buffers (app.py: READ_BUFFER, WriterOnDemand): a 2 KiB read buffer,
    the write buffer made at the first answer. PAJA_RELAY_EVENTLET_BUFFERS=1 keeps
    eventlet's own (8 and 16 KiB), to measure what they cost."""
    import io

    class Writer:
        def __init__(self, raw, size):
            self.raw, self.size, self.buffered = raw, size, None

        def _writer(self):
            if self.buffered is None:
                self.buffered = io.BufferedWriter(self.raw, self.size)
            return self.buffered

        def write(self, data):
            return self._writer().write(data)

        def writelines(self, lines):
            self._writer().writelines(lines)

        def flush(self):
            if self.buffered is not None:
                self.buffered.flush()

        @property
        def closed(self):
            return (self.raw if self.buffered is None else self.buffered).closed

        def close(self):
            (self.raw if self.buffered is None else self.buffered).close()

        def __getattr__(self, name):
            return getattr(self._writer(), name)

    class LeanProtocol(base):
        rbufsize = 2048

        def setup(self):
            wbufsize, self.wbufsize = self.wbufsize, 0
            super().setup()
            self.wfile = Writer(self.wfile, wbufsize)

    return LeanProtocol


def main():
    host, port = "127.0.0.1", int(os.environ.get("PAJA_PORT", "5055"))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))
    print(f" * relay on http://{host}:{port} ({MODE})", flush=True)
    if MODE == "eventlet":
        import eventlet.wsgi

        listener = eventlet.listen((host, port), backlog=4096)
        protocol = eventlet.wsgi.HttpProtocol
        if os.environ.get("PAJA_RELAY_EVENTLET_BUFFERS") != "1":
            protocol = lean_protocol(eventlet.wsgi.HttpProtocol)
        eventlet.wsgi.server(listener, app, max_size=4096, log_output=False, protocol=protocol)
    else:
        options = {"allow_unsafe_werkzeug": True} if MODE == "threading" else {}
        socketio.run(app, host=host, port=port, log_output=False, **options)


if __name__ == "__main__":
    main()
