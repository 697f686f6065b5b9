"""What travels to the browser: compressed scripts, styles and JSON; websockets that agree
to no compression; and the lock file that the set-up installs from."""

from __future__ import annotations

import base64
import gzip
import os
import re
import socket
import tomllib

import brotli
import pytest
import test_ideation
from conftest import ROOT, LiveServer

# The ideation tests' workshop with a question, and two participants in it.
board, people = test_ideation.board, test_ideation.people

BROWSER = {"Accept-Encoding": "gzip, deflate, br"}


def _body(client, path, **headers):
    with client.get(path, headers=headers) as response:
        assert response.status_code == 200, path
        return response, response.get_data()


@pytest.mark.parametrize("path", ["/static/js/participant.js", "/static/css/board.css",
                                  "/vendor/socket.io.esm.min.js", "/api/openapi.json"])
@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_scripts_styles_and_json_come_compressed_and_decode_to_the_same_bytes(
        client, path, encoding):
    _plain_response, plain = _body(client, path, **{"Accept-Encoding": "identity"})
    response, packed = _body(client, path, **{"Accept-Encoding": encoding})
    assert response.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    assert len(packed) < len(plain) * 0.6, (path, len(packed), len(plain))
    decode = brotli.decompress if encoding == "br" else gzip.decompress
    if encoding == "gzip" and packed[:2] != b"\x1f\x8b":  # streamed files: deflate
        import zlib

        decode = zlib.decompress
    assert decode(packed) == plain


def test_pages_are_not_compressed_but_a_script_over_one_kilobyte_is(client):
    page = client.get("/", headers=BROWSER)
    assert page.status_code == 200 and "Content-Encoding" not in page.headers
    with client.get("/static/js/ideation.js", headers=BROWSER) as small:  # 1,447 bytes
        assert small.status_code == 200 and small.headers["Content-Encoding"] == "br"


def _handshake(port: int, offer: str | None) -> tuple[str, dict]:
    key = base64.b64encode(os.urandom(16)).decode()
    lines = ["GET /socket.io/?EIO=4&transport=websocket HTTP/1.1",
             f"Host: 127.0.0.1:{port}", "Upgrade: websocket", "Connection: Upgrade",
             f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13"]
    if offer:
        lines.append(f"Sec-WebSocket-Extensions: {offer}")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    head = data.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    headers = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return head[0], headers


CHROME_OFFER = "permessage-deflate; client_max_window_bits"


@pytest.mark.live
@pytest.mark.transport
@pytest.mark.parametrize(("mode", "compression"), [
    ("eventlet", False), ("threading", False), ("eventlet", True)])
def test_websocket_handshake_agrees_to_permessage_deflate_only_when_enabled(
        tmp_path, mode, compression):
    server = LiveServer(tmp_path, mode)
    if compression:
        server.env["PAJA_WEBSOCKET_COMPRESSION"] = "1"
    server.cli("db", "upgrade")
    server.start()
    try:
        status, headers = _handshake(server.port, CHROME_OFFER)
    finally:
        server.stop()
    assert " 101 " in status + " ", status
    if compression:
        assert headers["sec-websocket-extensions"].startswith("permessage-deflate")
    else:
        assert "sec-websocket-extensions" not in headers, headers


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!~;\[ ]", item, maxsplit=1)[0].lower().replace("_", "-")
            for item in requirements}


def test_every_dependency_is_in_the_lock_files():
    """A dependency added to pyproject.toml without running bin/lock would be missing from a
    clean clone's install."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    for lock, wanted in [
        ("runtime.txt", project["dependencies"] + extras["suggest"]),
        ("dev.txt", project["dependencies"] + extras["suggest"] + extras["test"]),
        ("bench.txt", project["dependencies"] + extras["suggest"] + extras["test"]
         + extras["bench"]),
    ]:
        text = (ROOT / "requirements" / lock).read_text()
        pinned = {line.split("==")[0].lower() for line in text.splitlines() if "==" in line
                  and not line.startswith((" ", "#"))}
        assert _names(wanted) - pinned == set(), lock


def test_suggested_groups_say_what_to_install_when_scikit_learn_is_missing(
        facilitator, board, people, monkeypatch):
    """scikit-learn is the optional 'suggest' extra: without it the button answers with the
    one error shape, in the workshop's language, naming the package and how to install it."""
    import builtins

    from test_framing import do
    from test_ideation import add

    author, _other = people
    add(author, board, "Tabletteja lainaan kirjastosta")
    add(author, board, "Tabletteja lainaan kirjastosta iltaisin")
    real_import = builtins.__import__

    def without_sklearn(name, *args, **kwargs):
        if name == "sklearn" or name.startswith("sklearn."):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_sklearn)
    status, body = do(facilitator, board["workshop"], "idea.suggest", hmw_id=board["hmw"]["id"])
    assert status == 503, body
    error = body["error"]
    assert error["code"] == "unavailable"
    assert "scikit-learn" in error["message"] and 'paja[suggest]' in error["message"]
    assert error["message"].startswith("Ryhmäehdotukset tarvitsevat"), error["message"]
    monkeypatch.setattr(builtins, "__import__", real_import)
    assert do(facilitator, board["workshop"], "idea.suggest",
              hmw_id=board["hmw"]["id"])[0] == 200


# -- the browser's files under the build's address ----------------------------------------


def test_build_addresses_are_cached_for_a_year_and_own_addresses_are_asked_about(client):
    from server.delivery import assets_of

    page = client.get("/")
    css = re.search(r'href="(/assets/[0-9a-f]{12}/static/css/app\.css)"', page.get_data(True))
    assert css, "the page names its styles by the build's address"
    with client.get(css[1], headers=BROWSER) as kept:
        assert kept.status_code == 200
        assert kept.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert "Cookie" not in kept.headers.get("Vary", "") and "Set-Cookie" not in kept.headers
    with client.get("/static/css/app.css", headers=BROWSER) as own:
        assert own.headers["Cache-Control"] == "no-cache"
        tag = own.headers["ETag"]
    again = client.get("/static/css/app.css", headers={**BROWSER, "If-None-Match": tag})
    assert again.status_code == 304
    # A build this process does not have (a page from before a deploy): today's file,
    # never kept for a year under the old name.
    with client.get("/assets/000000000000/static/css/app.css") as old:
        assert old.status_code == 200 and old.headers["Cache-Control"] == "no-cache"
    # Absolute imports are moved under the build, so one module has one address.
    build = assets_of(client.application).current()
    with client.get(f"/assets/{build}/static/js/view.js") as view:
        source = view.get_data(True)
    assert f'"/assets/{build}/vendor/lit-html/lit-html.js"' in source
    assert 'from "/vendor/' not in source
    for wrong in (f"/assets/{build}/static/../server/config.py", f"/assets/{build}/etc/passwd",
                  f"/assets/{build}/vendor/lit-html/package.json"):
        assert client.get(wrong).status_code == 404, wrong
    policy = page.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "script-src 'self';" in policy


def test_a_changed_file_gets_a_new_address_and_compressed_bodies_are_made_once(
        app, tmp_path, monkeypatch):
    from server import delivery

    folder = tmp_path / "static"
    (folder / "js").mkdir(parents=True)
    (folder / "js" / "a.js").write_text('import { b } from "./b.js";\n' + "// a\n" * 400)
    (folder / "js" / "b.js").write_text('export const b = 1;\n')
    monkeypatch.setattr(app, "static_folder", str(folder))
    made = []
    real = delivery.compress
    monkeypatch.setattr(delivery, "compress", lambda data, e: made.append(e) or real(data, e))
    client = app.test_client()
    with app.test_request_context("/"):
        render = app.jinja_env.from_string("{{ module_script('js/a.js') }}").render
        first = render()
    assert first.count('rel="modulepreload"') == 1 and "/static/js/b.js" in first
    address = re.search(r'src="([^"]+)"', first)[1]
    bodies = {client.get(address, headers={"Accept-Encoding": "br"}).data for _ in range(3)}
    assert len(bodies) == 1 and made == ["br"]
    (folder / "js" / "a.js").write_text('import { b } from "./b.js";\n' + "// A\n" * 400)
    delivery.assets_of(app).checked = -delivery.CHECK_EVERY  # the next look, now
    with app.test_request_context("/"):
        second = render()
    assert re.search(r'src="([^"]+)"', second)[1] != address


# -- the phone's strings as a file of their own --------------------------------------------


def _words(script: bytes) -> dict:
    import json

    text = script.decode("utf-8")
    assert text.startswith("self.pajaStrings = ") and text.endswith(";\n"), text[:40]
    return json.loads(text.removeprefix("self.pajaStrings = ").removesuffix(";\n"))


def _strings_address(page_html: str) -> str:
    found = re.search(r'<script defer src="([^"]+)" id="paja-strings-file"></script>',
                      page_html)
    assert found, "the phone page names its strings file"
    return found[1]


def test_the_phone_page_names_its_strings_file_kept_for_a_year_and_compressed(
        board, people):
    from server.delivery import assets_of

    author, _other = people
    workshop = board["workshop"]["id"]
    page = author.client.get(f"/w/{workshop}?lang=fi", headers=BROWSER)
    html = page.get_data(True)
    assert 'id="paja-strings"' not in html, "no words inline in the page"
    assert len(page.get_data()) < 12_000, len(page.get_data())
    address = _strings_address(html)
    build = assets_of(author.client.application).current()
    assert address.startswith(f"/assets/{build}/strings/participant/fi/"), address
    with author.client.get(address, headers={"Accept-Encoding": "identity"}) as plain:
        assert plain.status_code == 200 and plain.mimetype == "text/javascript"
        raw = plain.get_data()
        words = _words(raw)
    # The board's words and the phone's own, in the page's language.
    assert words["connected"] == "Yhteys toimii"
    assert words["idea_add"] and words["waiting"] and words["field_name"]
    with author.client.get(address, headers=BROWSER) as packed:
        assert packed.status_code == 200 and packed.headers["Content-Encoding"] == "br"
        assert packed.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert "Cookie" not in packed.headers.get("Vary", "") and "Set-Cookie" not in packed.headers
        assert len(packed.get_data()) < len(raw) * 0.4
        assert brotli.decompress(packed.get_data()) == raw
        tag = packed.headers["ETag"]
    again = author.client.get(address, headers={**BROWSER, "If-None-Match": tag})
    assert again.status_code == 304

    # Another language: another address, its own words; the address follows the choice.
    english = author.client.get(f"/w/{workshop}?lang=en").get_data(True)
    other = _strings_address(english)
    assert "/strings/participant/en/" in other and other != address
    assert _words(author.client.get(other).get_data())["connected"] == "Connected"
    # Words from before a deploy (another digest): today's, asked about again each time.
    stale = address.rsplit("/", 1)[0] + "/0000000000000000.js"
    with author.client.get(stale) as old:
        assert old.status_code == 200 and old.headers["Cache-Control"] == "no-cache"
        assert old.get_data() == raw
    for wrong in (f"/assets/{build}/strings/participant/xx/0.js",
                  f"/assets/{build}/strings/facilitator/fi/0.js"):
        assert author.client.get(wrong).status_code == 404, wrong
