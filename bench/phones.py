"""Cheap scripted phones for the hall benchmark: HTTP/1.1 and Socket.IO over asyncio.

A thousand phones must fit in one client process without the client becoming the
bottleneck, so nothing here uses a thread or a full Socket.IO client per phone: HTTP is a
hand-written request over an asyncio stream (one connection per request, as a phone on a
poor network often gets), and the socket speaks Engine.IO v4 / Socket.IO v5 text packets
over the ``websockets`` package (which offers permessage-deflate, as browsers do).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from urllib.parse import urlencode, urlsplit

import websockets

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
CSRF_META = re.compile(r'name="csrf-token" content="([^"]+)"')


class HttpError(RuntimeError):
    pass


class Http:
    """One phone's browser as far as HTTP goes: a cookie jar and requests."""

    def __init__(self, base: str):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port or 80
        self.base = base
        self.cookies: dict[str, str] = {}
        self.bytes_in = 0

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    async def request(self, method: str, path: str, body: bytes = b"",
                      content_type: str | None = None, headers: dict | None = None,
                      timeout: float = 30) -> tuple[int, dict, bytes]:
        return await asyncio.wait_for(
            self._request(method, path, body, content_type, headers or {}), timeout)

    async def _request(self, method, path, body, content_type, headers):
        reader, writer = await asyncio.open_connection(self.host, self.port)
        try:
            lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}",
                     "Connection: close", "Accept-Encoding: identity",
                     f"Origin: {self.base}", f"Referer: {self.base}/"]
            if self.cookies:
                lines.append(f"Cookie: {self.cookie_header()}")
            if content_type:
                lines.append(f"Content-Type: {content_type}")
            if body or method == "POST":
                lines.append(f"Content-Length: {len(body)}")
            lines += [f"{k}: {v}" for k, v in headers.items()]
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
            await writer.drain()
            raw = await reader.read()
        finally:
            writer.close()
        self.bytes_in += len(raw)
        head, _, payload = raw.partition(b"\r\n\r\n")
        if not head:
            raise HttpError(f"{method} {path}: empty answer")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split()[1])
        got: dict[str, str] = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, val = pair.partition("=")
                if val == "" or "max-age=0" in value.lower():
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = val
            got[name] = value
        if got.get("transfer-encoding") == "chunked":
            payload = _dechunk(payload)
        return status, got, payload


def _dechunk(data: bytes) -> bytes:
    out, rest = b"", data
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out, rest = out + rest[:size], rest[size + 2:]
    return out


async def paja_join(http: Http, code: str, name: str) -> str:
    """What a phone does after scanning the QR code: the join page, its form, the
    participant page it is sent to. Returns the workshop id."""
    status, _, page = await http.request("GET", f"/j/{code}")
    if status != 200:
        raise HttpError(f"GET /j/{code}: {status}")
    form = dict(HIDDEN.findall(page.decode()))
    form.update(display_name=name, organisation="")
    status, headers, body = await http.request(
        "POST", f"/j/{code}", urlencode(form).encode(), "application/x-www-form-urlencoded")
    if status != 302:
        raise HttpError(f"POST /j/{code}: {status} {body[:200]!r}")
    location = urlsplit(headers["location"]).path
    status, _, _ = await http.request("GET", location)
    if status != 200:
        raise HttpError(f"GET {location}: {status}")
    return location.rstrip("/").rsplit("/", 1)[-1]


async def relay_join(http: Http, code: str, name: str) -> str:
    """The relay's stand-in for the same three requests (see relay.py)."""
    for method, path in (("GET", f"/j/{code}"), ("POST", f"/j/{code}"), ("GET", "/w/relay")):
        status, _, _ = await http.request(method, path, b"name=" + name.encode(),
                                          "application/x-www-form-urlencoded")
        if status != 200:
            raise HttpError(f"{method} {path}: {status}")
    return "relay"


class Refused(RuntimeError):
    pass


class Socket:
    """One Socket.IO connection: acks by id, a handler per event name, pings answered."""

    def __init__(self, base: str, cookie: str, auth: dict, on_event=None,
                 deflate: bool = True):
        self.url = base.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
        self.base, self.cookie, self.auth = base, cookie, auth
        self.on_event = on_event or (lambda sock, name, data, raw, at: None)
        self.deflate = deflate
        self.ws = None
        self.acks: dict[int, asyncio.Future] = {}
        self.next_id = 1
        self.synced = asyncio.Event()
        self.sync_bytes = 0
        self.messages = 0
        self.task = None
        self.error: BaseException | None = None
        self.state: dict = {}  # for the scenario's own bookkeeping

    async def open(self, timeout: float = 60) -> None:
        headers = {"Origin": self.base}
        if self.cookie:
            headers["Cookie"] = self.cookie
        self.ws = await websockets.connect(
            self.url, additional_headers=headers, max_size=2**24, open_timeout=timeout,
            ping_interval=None, compression="deflate" if self.deflate else None,
            close_timeout=1)
        opened = await asyncio.wait_for(self.ws.recv(), timeout)
        if not opened.startswith("0"):
            raise Refused(f"engine.io open: {opened[:200]}")
        await self.ws.send("40" + json.dumps(self.auth))
        self.task = asyncio.create_task(self._loop())

    async def _loop(self) -> None:
        try:
            async for message in self.ws:
                at = time.perf_counter()
                self.messages += 1
                if message == "2":
                    await self.ws.send("3")
                elif message.startswith("42"):
                    name, *args = json.loads(message[2:])
                    if name == "sync":
                        self.sync_bytes = len(message)
                        self.synced.set()
                    self.on_event(self, name, args[0] if args else None, message, at)
                elif message.startswith("43"):
                    digits = re.match(r"\d+", message[2:]).group()
                    future = self.acks.pop(int(digits), None)
                    if future is not None and not future.done():
                        answer = json.loads(message[2 + len(digits):])  # the ack's arguments
                        future.set_result((answer[0] if answer else None, at))
                elif message.startswith("44"):
                    raise Refused(message[2:300])
        except Exception as error:  # noqa: BLE001 - kept for the report, not raised here
            self.error = error
            self.synced.set()
        finally:
            for future in self.acks.values():
                if not future.done():
                    future.set_exception(self.error or ConnectionError("closed"))

    async def call(self, event: str, data, timeout: float = 30):
        """Send an event with an ack; returns (ack payload, arrival time)."""
        ack_id, self.next_id = self.next_id, self.next_id + 1
        future = asyncio.get_running_loop().create_future()
        self.acks[ack_id] = future
        await self.ws.send(f"42{ack_id}" + json.dumps([event, data]))
        return await asyncio.wait_for(future, timeout)

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):  # closing anyway
                await asyncio.wait_for(self.ws.close(), 2)
        if self.task is not None:
            self.task.cancel()
