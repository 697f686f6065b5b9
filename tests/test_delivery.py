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
