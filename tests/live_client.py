"""Real clients for a live server: a requests browser and python-socketio connections."""

from __future__ import annotations

import queue
import re
import time
import uuid

import requests
import socketio


class WebClient:
    """A person's browser, as far as HTTP goes: cookies and the CSRF token of the last page."""

    def __init__(self, base: str):
        self.base = base
        self.http = requests.Session()
        self.token = None

    def get(self, path: str, **kwargs) -> requests.Response:
        response = self.http.get(self.base + path, timeout=10, **kwargs)
        match = re.search(r'name="csrf-token" content="([^"]+)"', response.text)
        if match:
            self.token = match.group(1)
        return response

    def post_form(self, path: str, data: dict, **kwargs) -> requests.Response:
        if self.token is None:
            self.get("/")
        return self.http.post(self.base + path, data={"csrf_token": self.token, **data},
                              timeout=10, allow_redirects=False, **kwargs)

    def api(self, method: str, path: str, json=None) -> requests.Response:
        if self.token is None:
            self.get("/")
        return self.http.request(method, self.base + path, json=json, timeout=10,
                                 headers={"X-CSRFToken": self.token, "Referer": self.base + "/"})

    def login(self, username: str, password: str) -> WebClient:
        self.get("/login")
        response = self.post_form("/login", {"username": username, "password": password})
        assert response.status_code == 302, response.text
        self.get("/f")
        return self

    def join(self, code: str, name: str) -> dict:
        response = self.api("POST", "/api/join", json={
            "code": code, "id": str(uuid.uuid4()), "display_name": name})
        assert response.status_code == 200, response.text
        return response.json()

    def counted(self, workshop_id: str, participants: int, timeout: float = 10) -> None:
        """Wait until the workshop's turnout, which joins change a moment later (it is sent
        coalesced), counts ``participants``: after it, a join sends no more events."""
        deadline = time.monotonic() + timeout
        while True:
            state = self.api("GET", f"/api/workshops/{workshop_id}/state").json()
            turnout = state["entities"].get("turnout") or [{}]
            if turnout[0].get("participants") == participants:
                return
            assert time.monotonic() < deadline, f"turnout never reached {participants}: {turnout}"
            time.sleep(0.05)

    def live(self, workshop_id: str, since: int | None = None, **kwargs) -> LiveSocket:
        return LiveSocket(self, workshop_id, since, **kwargs)


class LiveSocket:
    """One Socket.IO connection; records every sync and event it receives."""

    def __init__(self, web: WebClient, workshop_id: str, since: int | None = None,
                 transport: str = "websocket", headers: dict | None = None,
                 projector: str | None = None):
        self.events: queue.Queue = queue.Queue()
        self.syncs: queue.Queue = queue.Queue()
        self.sio = socketio.Client(http_session=web.http, reconnection=False)
        self.sio.on("ev", self.events.put)
        self.sio.on("sync", self.syncs.put)
        self.sio.connect(
            web.base,
            auth={"workshop": workshop_id, "since": since, "projector": projector},
            transports=[transport],
            headers=headers or {},
            wait_timeout=10,
        )

    def sync(self, timeout: float = 10) -> dict:
        return self.syncs.get(timeout=timeout)

    def event(self, timeout: float = 10) -> dict:
        return self.events.get(timeout=timeout)

    def events_until(self, seq: int, timeout: float = 10) -> list[dict]:
        got = []
        while not got or got[-1]["seq"] < seq:
            got.append(self.event(timeout))
        return got

    def cmd(self, command: str, **args) -> dict:
        return self.sio.call("cmd", {"name": command, "args": args}, timeout=10)

    def close(self) -> None:
        self.sio.disconnect()
