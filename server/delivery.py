"""How responses travel: compression, the browser's files under versioned URLs with
long-lived caching, and what the websocket handshake agrees to."""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from flask import Flask, Response, abort, current_app, request
from markupsafe import Markup
from werkzeug.security import safe_join


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

    init_assets(app)
    if not app.config["WEBSOCKET_COMPRESSION"]:
        app.wsgi_app = WithoutWebSocketCompression(app.wsgi_app)



# -- the browser's files --------------------------------------------------------------------
#
# Every script and style is served twice: at its own address (/static/js/live.js,
# /vendor/lit-html/lit-html.js), which a browser must ask about again each time, and under
# the build's address (/assets/<build>/static/js/live.js), which it may keep for a year
# without asking. The build is a hash of every file that can be served, so a changed file
# means a new build and new addresses in the next page; the pages themselves are never
# cached (they carry the CSRF token). A module's relative imports resolve under the same
# build by themselves; its absolute ones (/vendor/...) are rewritten to the build's address
# when it is served there, so one module has one address and is evaluated once.

IMMUTABLE = "public, max-age=31536000, immutable"
# Own addresses, and a build's address naming a build this process does not have (a page
# from before a deploy): today's file, asked about again on every use.
REVALIDATE = "no-cache"
# How often the files are looked at again (a deploy in place, editing in development).
CHECK_EVERY = 1.0
# Brotli's and gzip's best, paid once per file since the results are kept; the largest
# files (the API docs' bundle) at the usual level, which takes a fraction of the time.
BEST_UP_TO = 256 * 1024

# Static imports and re-exports (`import x from "..."`, `import "..."`, `export {x} from
# "..."`), minified or not; dynamic import() is left out: it loads on demand by design.
IMPORT = re.compile(
    r"""(?<![\w$.])(?:import|export)(?:\s*[\w$*{},\s]+?\s*from)?\s*(["'])(?P<spec>[^"'\s]+)\1""")


@dataclass
class _File:
    stamp: tuple[int, int]  # (mtime_ns, size) when read
    data: bytes
    digest: str
    bodies: dict[tuple[str, str], bytes] = field(default_factory=dict)


class Assets:
    """The files the browser may load, their build, their module graphs, and their bodies as
    served (rewritten for a build, compressed), each made once and kept."""

    def __init__(self, static_folder: Path):
        self.static = static_folder
        self.lock = threading.RLock()
        self.files: dict[Path, _File] = {}
        self.build = ""
        self.checked = -CHECK_EVERY
        self.graphs: dict[str, list[str]] = {}

    def resolve(self, url: str) -> Path | None:
        """The file served at the own address ``url`` (/static/... or /vendor/...)."""
        if url.startswith("/static/"):
            found = safe_join(str(self.static), url.removeprefix("/static/"))
            path = Path(found) if found else None
        elif url.startswith("/vendor/"):
            from .pages.routes import vendor_path

            path = vendor_path(url.removeprefix("/vendor/"))
        else:
            return None
        return path if path is not None and path.is_file() else None

    def sources(self) -> dict[str, Path]:
        from .pages.routes import vendor_names

        found = {"/static/" + path.relative_to(self.static).as_posix(): path
                 for path in sorted(self.static.rglob("*")) if path.is_file()}
        for name in vendor_names():
            path = self.resolve("/vendor/" + name)
            if path is not None:
                found["/vendor/" + name] = path
        return found

    def current(self) -> str:
        """The build: a hash of every servable file's address and content."""
        if time.monotonic() - self.checked < CHECK_EVERY:
            return self.build
        with self.lock:
            if time.monotonic() - self.checked < CHECK_EVERY:
                return self.build
            sources = self.sources()
            digest = hashlib.sha256()
            for url, path in sources.items():
                digest.update(f"{url}\0{self.file(path).digest}\0".encode())
            build = digest.hexdigest()[:12]
            if build != self.build:
                self.build, self.graphs = build, {}
                kept = set(sources.values())
                self.files = {path: entry for path, entry in self.files.items()
                              if path in kept}
            self.checked = time.monotonic()
            return self.build

    def file(self, path: Path) -> _File:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        entry = self.files.get(path)
        if entry is None or entry.stamp != stamp:
            data = path.read_bytes()
            entry = _File(stamp, data, hashlib.sha256(data).hexdigest())
            self.files[path] = entry
        return entry

    def graph(self, entry: str) -> list[str]:
        """``entry`` and every module it imports statically, directly or not, as own
        addresses, the entry first; kept per build."""
        self.current()
        with self.lock:
            if entry in self.graphs:
                return self.graphs[entry]
            seen = [entry]
            for url in seen:  # grows as it goes: breadth first
                path = self.resolve(url)
                if path is None or path.suffix != ".js":
                    continue
                for spec in specifiers(self.file(path).data):
                    if not spec.startswith(("/", "./", "../")):
                        continue  # a bare name: an import map's business, none here
                    target = urljoin(url, spec).split("?")[0].split("#")[0]
                    if target not in seen and self.resolve(target) is not None:
                        seen.append(target)
            self.graphs[entry] = seen
            return seen

    def body(self, path: Path, build: str, encoding: str) -> tuple[bytes, str]:
        """The bytes to send and their ETag: the file, with its absolute imports under
        ``build`` when given, compressed with ``encoding`` when given."""
        entry = self.file(path)
        key = (build, encoding)
        body = entry.bodies.get(key)
        if body is None:
            body = entry.data
            if build and path.suffix == ".js":
                body = rewrite_imports(body, build)
            if encoding:
                body = compress(body, encoding)
            with self.lock:
                for old in [k for k in entry.bodies if k[0] not in ("", self.build)]:
                    del entry.bodies[old]
                entry.bodies[key] = body
        tag = entry.digest[:20] + (f"-{build}" if build else "") + (
            f"-{encoding}" if encoding else "")
        return body, tag


def specifiers(source: bytes) -> list[str]:
    try:
        text = source.decode("utf-8")
    except UnicodeDecodeError:
        return []
    return [match["spec"] for match in IMPORT.finditer(text)]


def rewrite_imports(source: bytes, build: str) -> bytes:
    """Absolute imports of Paja's own files moved under ``build``'s address."""
    try:
        text = source.decode("utf-8")
    except UnicodeDecodeError:
        return source

    def moved(match):
        spec = match["spec"]
        if not spec.startswith(("/static/", "/vendor/")):
            return match[0]
        start = match.start("spec") - match.start()
        return match[0][:start] + versioned(spec, build) + match[0][start + len(spec):]

    return IMPORT.sub(moved, text).encode("utf-8")


def compress(data: bytes, encoding: str) -> bytes:
    best = len(data) <= BEST_UP_TO
    if encoding == "br":
        import brotli

        return brotli.compress(data, quality=11 if best else current_app.config[
            "COMPRESS_BR_LEVEL"])
    return gzip.compress(data, 9 if best else current_app.config["COMPRESS_LEVEL"], mtime=0)


def versioned(url: str, build: str) -> str:
    """The build's address of the own address ``url``."""
    return f"/assets/{build}{url}"


_assets: dict[Path, Assets] = {}
_assets_lock = threading.Lock()


def assets_of(app: Flask) -> Assets:
    folder = Path(app.static_folder).resolve()
    with _assets_lock:  # one per folder, shared by the apps a test run builds
        if folder not in _assets:
            _assets[folder] = Assets(folder)
        return _assets[folder]


def _encoding(mimetype: str, size: int) -> str:
    config = current_app.config
    if mimetype not in config["COMPRESS_MIMETYPES"] or size < config["COMPRESS_MIN_SIZE"]:
        return ""
    accepted = request.accept_encodings
    for name in config["COMPRESS_ALGORITHM"]:
        if name in ("br", "gzip") and accepted[name] > 0:
            return name
    return ""


def send_made(data: bytes, digest: str, mimetype: str, *, immutable: bool,
              bodies: dict[str, bytes]) -> Response:
    """Bytes the server made (not a file) with the files' caching and compression: kept for
    a year at an address that names their ``digest``, their compressed forms made once
    and kept in ``bodies`` (by encoding)."""
    encoding = _encoding(mimetype, len(data))
    body = bodies.get(encoding) if encoding else data
    if body is None:
        body = bodies.setdefault(encoding, compress(data, encoding))
    response = Response(body, mimetype=mimetype)
    if encoding:
        response.headers["Content-Encoding"] = encoding  # Compress leaves it be
    response.headers["Vary"] = "Accept-Encoding"
    response.set_etag(digest + (f"-{encoding}" if encoding else ""))
    response.headers["Cache-Control"] = IMMUTABLE if immutable else REVALIDATE
    return response.make_conditional(request)


def send(path: Path | None, build: str = "") -> Response:
    """``path`` as served at its own address, or at ``build``'s address when given."""
    if path is None:
        abort(404)
    assets = assets_of(current_app)
    current = assets.current()
    mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if mimetype == "application/javascript":
        mimetype = "text/javascript"
    served_build = current if build else ""
    encoding = _encoding(mimetype, assets.file(path).stamp[1])
    body, tag = assets.body(path, served_build, encoding)
    response = Response(body, mimetype=mimetype)
    if encoding:
        response.headers["Content-Encoding"] = encoding  # Compress leaves it be
    response.headers["Vary"] = "Accept-Encoding"
    response.set_etag(tag)
    response.headers["Cache-Control"] = IMMUTABLE if build and build == current else REVALIDATE
    return response.make_conditional(request)


def init_assets(app: Flask) -> None:
    """Serve /static/ through the kept bodies, add the build's addresses, and give the
    templates asset(), vendor_asset(), module_script() and module_prefetch()."""

    def static(filename):
        return send(assets_of(current_app).resolve("/static/" + filename))

    app.view_functions["static"] = static
    app.session_interface = FilesWithoutSession(app.session_interface)

    @app.get("/assets/<build>/<path:name>", endpoint="assets")
    def assets_route(build, name):
        return send(assets_of(current_app).resolve("/" + name), build)

    @app.get("/assets/<build>/strings/<page>/<language>/<digest>.js",
             endpoint="strings_file")
    def strings_route(build, page, language, digest):
        """A page's strings in one language, as a classic script that sets
        ``self.pajaStrings`` (deferred, it runs before the page's modules, which need no
        top-level await for it). An address naming other words than today's (a page from
        before a deploy) gets today's, asked about again on every use."""
        from .pages.board_strings import strings_file

        made = strings_file(page, language)
        if made is None:
            abort(404)
        bodies = _strings_bodies.setdefault((made.page, made.language, made.digest), {})
        script = b"self.pajaStrings = " + made.data + b";\n"
        return send_made(script, made.digest, "text/javascript",
                         immutable=digest == made.digest, bodies=bodies)

    def strings_url(page: str) -> str:
        """The address of ``page``'s strings in the request's language."""
        from .pages.board_strings import strings_file

        made = strings_file(page)
        return build_url(f"/strings/{page}/{made.language}/{made.digest}.js")

    def build_url(url: str) -> str:
        return request.script_root + versioned(url, assets_of(current_app).current())

    def asset(filename: str) -> str:
        return build_url("/static/" + filename)

    def vendor_asset(name: str) -> str:
        return build_url("/vendor/" + name)

    def module_script(filename: str) -> Markup:
        """The module's script element, after a modulepreload link for each module it
        imports, directly or not: the browser asks for them all at once instead of one
        level of imports per round trip."""
        graph = assets_of(current_app).graph("/static/" + filename)
        lines = [Markup('<link rel="modulepreload" href="{}">').format(build_url(url))
                 for url in graph[1:]]
        lines.append(Markup('<script type="module" src="{}"></script>').format(
            build_url(graph[0])))
        return Markup("\n").join(lines)

    def module_prefetch(filename: str, strings_page: str | None = None) -> Markup:
        """Prefetch links for the module ``filename`` and everything it imports (and the
        strings file of ``strings_page``), for the page a person is about to go to: the
        join form asks for the board's files while its name is typed, so pressing Join
        finds them in the cache (kept a year by their build addresses). A prefetch is
        fetched at idle priority and does not hold up the form's own load."""
        urls = [build_url(url) for url in assets_of(current_app).graph("/static/" + filename)]
        if strings_page:
            urls.append(strings_url(strings_page))
        return Markup("\n").join(Markup('<link rel="prefetch" href="{}">').format(url)
                                  for url in urls)

    app.jinja_env.globals.update(asset=asset, vendor_asset=vendor_asset,
                                 module_script=module_script, module_prefetch=module_prefetch,
                                 strings_url=strings_url)


# The compressed bodies of the strings files, by (page, language, digest): a few per process.
_strings_bodies: dict[tuple[str, str, str], dict[str, bytes]] = {}


FILE_PATHS = ("/static/", "/vendor/", "/assets/")


class FilesWithoutSession:
    """The browser's files leave the session alone: otherwise Flask-Login's look at the session on
    every response adds `Vary: Cookie` to them, and a browser's cached copy stops matching
    as soon as the session cookie changes (at joining, at logging in), and a refreshed
    session cookie could ride along on a response that shared caches keep."""

    def __init__(self, inner):
        self.inner = inner

    def save_session(self, app, session, response):
        if request.path.startswith(FILE_PATHS) and response.status_code in (200, 304):
            return None  # an error page is a page: its CSRF token needs the session
        return self.inner.save_session(app, session, response)

    def __getattr__(self, name):
        return getattr(self.inner, name)


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
