"""How responses travel: compression, and what the websocket handshake agrees to."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Compress what pays, and keep websockets uncompressed unless WEBSOCKET_COMPRESSION."""
    from flask_compress import Compress

    # Scripts, styles and JSON. Not HTML: every page carries the CSRF token next to text a
    # visitor can put in it (a ?next= address, a name), the pattern BREACH reads secrets
    # from through compressed sizes; the pages are small anyway. Below 1 KB the saving is
    # less than one packet. Socket.IO's long-polling answers never reach Flask: Engine.IO
    # compresses those itself (over 1 KB).
    app.config.setdefault("COMPRESS_MIMETYPES", [
        "text/css", "text/javascript", "application/javascript", "application/json"])
    app.config.setdefault("COMPRESS_MIN_SIZE", 1024)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["br", "deflate"])
    app.config.setdefault("COMPRESS_STREAMS", False)
    Compress(app)

    # Registered after Compress, so it runs before it: static and vendor files are sent as
    # open files (streamed), which Compress would leave alone; read the compressible ones
    # (a few KB to a few hundred) into the response so that they are compressed too.
    compressible = set(app.config["COMPRESS_MIMETYPES"])

    @app.after_request
    def read_files_to_compress(response):
        if (response.direct_passthrough and response.status_code == 200
                and response.mimetype in compressible):
            response.direct_passthrough = False
            response.get_data()  # reads and closes the file
        return response
    if not app.config["WEBSOCKET_COMPRESSION"]:
        app.wsgi_app = WithoutWebSocketCompression(app.wsgi_app)


class WithoutWebSocketCompression:
    """Hide the browser's offer of permessage-deflate from the websocket server.

    Browsers always offer it, and eventlet's websocket and simple-websocket (threading,
    gevent) both accept it. Each accepted connection then keeps a zlib compressor and
    decompressor with full 32 KB windows for its whole life: measured at 385-450 KB of
    server memory per phone, nearly half a gigabyte for a hall of a thousand, to save a few
    hundred bytes on messages that are mostly small. Without the offer, the handshake
    agrees to no extension, the same way in every async mode.
    """

    def __init__(self, wsgi_app, path: str = "/socket.io/"):
        self.wsgi_app = wsgi_app
        self.path = path

    def __call__(self, environ, start_response):
        if (environ.get("PATH_INFO") or "").startswith(self.path):
            environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return self.wsgi_app(environ, start_response)
