"""How many phones one server process holds, and how fast a change reaches all of them.

    .venv/bin/python bench/connections.py [--phones 2000] [--rate 67] [--mode eventlet]

Starts its own server (a temporary instance folder, SQLite), joins N participants over HTTP,
opens N Socket.IO connections over WebSocket (speaking the Engine.IO v4 protocol with the
`websockets` package, to keep the client cheap), then has the facilitator change the phase a
few times and prints how long the change took to reach every phone. Only loopback traffic;
bounded in count and time. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests
import websockets

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from conftest import PASSWORD, LiveServer  # noqa: E402
from live_client import WebClient  # noqa: E402


def join_all(base: str, code: str, n: int) -> list[str]:
    """Join n participants; return each one's cookie header."""
    cookies = []
    session = requests.Session()
    token = WebClient(base)
    token.get("/")
    for i in range(n):
        session.cookies.clear()
        session.cookies.update(token.http.cookies)
        response = session.post(base + "/api/join", timeout=10,
                                headers={"X-CSRFToken": token.token},
                                json={"code": code, "id": str(uuid.uuid4()),
                                      "display_name": f"Puhelin {i}"})
        response.raise_for_status()
        cookies.append("; ".join(f"{k}={v}" for k, v in session.cookies.items()))
    return cookies


class Phone:
    def __init__(self, url: str, cookie: str, workshop: str, origin: str):
        self.url, self.cookie, self.workshop, self.origin = url, cookie, workshop, origin
        self.seq = None
        self.arrivals: dict[int, float] = {}
        self.retries = 0
        self.last_error = ""

    async def run(self, ready: asyncio.Event, connected: list, stop: asyncio.Event):
        """Stay connected as a phone's socket.io-client does: a connection that fails or
        drops before it is synced is tried again after socket.io-client's default delays
        (1 s, doubling to at most 5 s, +-50 % jitter)."""
        delay = 1.0
        while not stop.is_set():
            try:
                await self.connect_once(ready, connected, stop)
                return
            except (OSError, TimeoutError, websockets.WebSocketException) as error:
                if self.seq is not None:
                    raise  # dropped after its sync: a failure the figures must show
                self.retries += 1
                self.last_error = repr(error)[:120]
                await asyncio.sleep(delay * random.uniform(0.5, 1.5))
                delay = min(delay * 2, 5.0)

    async def connect_once(self, ready: asyncio.Event, connected: list, stop: asyncio.Event):
        async with websockets.connect(
            self.url, additional_headers={"Cookie": self.cookie, "Origin": self.origin},
            max_size=2**22, open_timeout=60, ping_interval=None,
        ) as ws:
            opened = await ws.recv()
            assert opened.startswith("0"), opened
            await ws.send("40" + json.dumps({"workshop": self.workshop, "since": None}))
            while not stop.is_set():
                try:
                    message = await asyncio.wait_for(ws.recv(), 1)
                except TimeoutError:
                    continue
                if message == "2":  # engine.io ping
                    await ws.send("3")
                elif message.startswith("40"):
                    pass
                elif message.startswith("42"):
                    name, payload = json.loads(message[2:])[:2]
                    if name == "sync":
                        self.seq = payload["snapshot"]["seq"]
                        connected.append(self)
                        if len(connected) == ready.target:
                            ready.set()
                    elif name == "ev":
                        self.arrivals[payload["seq"]] = time.perf_counter()
                elif message.startswith("44"):
                    raise RuntimeError(f"refused: {message}")


async def main_async(args, server: LiveServer, workshops: list[dict], cookies: list[str],
                     laptop: WebClient, sessions: list[str]):
    ws_url = server.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"
    phones = [Phone(ws_url, c, workshops[i % len(workshops)]["id"], server.url)
              for i, c in enumerate(cookies)]
    workshop, session_id = workshops[0], sessions[0]
    watched = [p for i, p in enumerate(phones) if i % len(workshops) == 0]
    ready = asyncio.Event()
    ready.target = len(phones)
    stop = asyncio.Event()
    connected: list = []
    started = time.perf_counter()
    tasks = []
    # Phones arrive at --rate a second, as a hall does when it scans the QR code on the
    # screen; all at once would measure the listen queue, not the hall.
    for index, phone in enumerate(phones):
        tasks.append(asyncio.create_task(phone.run(ready, connected, stop)))
        wait = started + (index + 1) / args.rate - time.perf_counter()
        if wait > 0:
            await asyncio.sleep(wait)
    try:
        await asyncio.wait_for(ready.wait(), timeout=args.timeout)
    except TimeoutError:
        print(f"only {len(connected)} of {len(phones)} phones connected in {args.timeout}s")
    connect_seconds = time.perf_counter() - started
    retried = [p for p in phones if p.retries]
    print(f"connected phones: {len(connected)} / {len(phones)} in {connect_seconds:.1f}s "
          f"(arriving at {args.rate:g}/s; {len(retried)} needed a retry, "
          f"{sum(p.retries for p in phones)} retries in all)")
    if retried:
        print(f"  e.g. {retried[0].last_error}")
    rss = Path(f"/proc/{server.process.pid}/status").read_text()
    rss_kb = int(next(line for line in rss.splitlines() if line.startswith("VmRSS")).split()[1])
    per_phone = rss_kb / max(len(connected), 1)
    print(f"server memory: {rss_kb / 1024:.0f} MiB ({per_phone:.0f} KiB per phone)")
    latencies = []
    loop = asyncio.get_running_loop()
    for round_ in range(args.rounds):
        sent = time.perf_counter()
        step = 1 if round_ % 2 == 0 else -1
        response = await loop.run_in_executor(None, lambda step=step: laptop.api(
            "POST", f"/api/workshops/{workshop['id']}/sessions/{session_id}/phase",
            json={"step": step}))
        response.raise_for_status()
        targets = [p for p in watched if p.seq is not None]
        seq = max(p.seq for p in targets) + round_ + 1
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline:
            if all(seq in p.arrivals for p in targets):
                break
            await asyncio.sleep(0.01)
        got = [p.arrivals[seq] - sent for p in targets if seq in p.arrivals]
        latencies.append((len(got), max(got) if got else float("nan"),
                          statistics.median(got) if got else float("nan")))
        await asyncio.sleep(0.5)
    for index, (count, worst, median) in enumerate(latencies, 1):
        print(f"phase change {index} in workshop 1: reached {count} phones; "
              f"median {median * 1000:.0f} ms, "
              f"last {worst * 1000:.0f} ms")
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=2000)
    parser.add_argument("--mode", default="eventlet", choices=["eventlet", "threading"])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workshops", type=int, default=1,
                        help="spread the phones over this many workshops")
    parser.add_argument("--timeout", type=float, default=180)
    parser.add_argument("--rate", type=float, default=67,
                        help="phones arriving a second (a hall scanning the QR code: 67)")
    args = parser.parse_args()
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, args.phones * 2 + 512), hard))
    with tempfile.TemporaryDirectory() as tmp:
        server = LiveServer(Path(tmp), args.mode)
        server.env["PAJA_JOIN_RATE_LIMIT"] = f"{args.phones * 2} per minute"
        # All the phones come from 127.0.0.1, as a hall behind one proxy would; the cap per
        # address (1,024 by default) is then the proxy's job, as in a deployment.
        server.env["PAJA_MAX_CONNECTIONS_PER_ADDRESS"] = "0"
        server.cli("db", "upgrade")
        server.cli("create-facilitator", "anna", "--password", PASSWORD)
        server.start()
        try:
            laptop = WebClient(server.url).login("anna", PASSWORD)
            workshops, sessions, cookies = [], [], []
            started = time.perf_counter()
            for index in range(args.workshops):
                workshop = laptop.api("POST", "/api/workshops", json={
                    "id": str(uuid.uuid4()), "template": "ideation-2h"}).json()
                state = laptop.api("GET", f"/api/workshops/{workshop['id']}/state").json()
                session_id = state["entities"]["session"][0]["id"]
                laptop.api("POST", f"/api/workshops/{workshop['id']}/sessions/{session_id}/start")
                workshops.append(workshop)
                sessions.append(session_id)
                share = len(range(index, args.phones, args.workshops))
                cookies.append(join_all(server.url, workshop["join_code"], share))
            # Interleave so that phone i is in workshop i % workshops.
            cookies = [c for group in zip(*cookies, strict=False) for c in group] + [
                c for group in cookies for c in group[len(cookies[-1]):]]
            print(f"joined {len(cookies)} participants in {len(workshops)} workshop(s) over "
                  f"HTTP in {time.perf_counter() - started:.1f}s")
            asyncio.run(main_async(args, server, workshops, cookies, laptop, sessions))
        finally:
            server.stop()
            log = server.log.read_text()
            errors = [line for line in log.splitlines() if "Error" in line or "Traceback" in line]
            if errors:
                print("server log errors:", *errors[:10], sep="\n  ")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    main()
