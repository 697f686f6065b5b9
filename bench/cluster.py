"""What a second process adds: throughput of two Paja processes behind HAProxy against one.

    PAJA_TEST_DATABASE_URL=postgresql://... .venv/bin/python bench/cluster.py \
        [--phones 200] [--writers 40] [--seconds 10] [--rounds 2]

The same set-up as tests/test_cluster.py: deploy/haproxy.cfg (addresses rewritten), a
redis-server of its own on a free port, PostgreSQL from PAJA_TEST_DATABASE_URL (its schema is
emptied). For 1 and then 2 processes behind the proxy, interleaved over --rounds: --phones
participants hold a WebSocket each through the proxy (leastconn spreads them), --writers of
them add ideas in a closed loop (the next as soon as the last is acknowledged), and every
phone counts the ideas it receives. Printed: commands acknowledged per second and ideas
delivered per second (commands x phones reached), the medians per set-up, and the ratio.

Not a test: it prints figures. The load generator runs on the same machine as the servers;
on a small machine it takes a core of its own, and the ratio says so (see the last lines).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests
import websockets

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from conftest import PASSWORD, LiveServer, free_port, reset_postgres  # noqa: E402
from live_client import WebClient  # noqa: E402
from test_cluster import COOKIE, Redis, proxy_config, wait_for_port  # noqa: E402


class Setup:
    """N processes behind HAProxy, sharing the database and Redis."""

    def __init__(self, folder: Path, database: str, redis: Redis, processes: int):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.servers = {}
        for i in range(1, processes + 1):
            server = LiveServer(folder, "eventlet", database=database, redis=redis.url)
            server.env.update({
                "PAJA_PROXY_COUNT": "1", "PAJA_PUBLIC_URL": self.url,
                # The writers are the load: no per-socket limit in the way.
                "PAJA_SOCKET_EVENTS_PER_SECOND": "10000", "PAJA_SOCKET_EVENT_BURST": "10000",
                "PAJA_JOIN_RATE_LIMIT": "100000 per minute",
            })
            self.servers[f"paja{i}"] = server
        config = folder / f"haproxy-{self.port}.cfg"
        config.write_text(proxy_config(self.port, {n: s.port for n, s in self.servers.items()}))
        self.log = folder / f"haproxy-{self.port}.log"
        with self.log.open("w") as log:
            self.haproxy = subprocess.Popen(["haproxy", "-db", "-f", str(config)], stdout=log,
                                            stderr=subprocess.STDOUT)
        for server in self.servers.values():
            server.start()
        wait_for_port(self.port, self.haproxy, self.log, "haproxy")
        time.sleep(2.5)  # the first health checks put every process in rotation

    def stop(self) -> None:
        self.haproxy.terminate()
        self.haproxy.wait()
        for server in self.servers.values():
            server.stop()


def prepare(url: str, phones: int):
    laptop = WebClient(url).login("anna", PASSWORD)
    workshop = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "name": "Kuorma"}).json()
    wid = workshop["id"]

    def command(command_name, /, **args):
        response = laptop.api("POST", f"/api/workshops/{wid}/commands/{command_name}",
                              json=args)
        response.raise_for_status()
        return response.json()["data"]

    command("group.save", id=str(uuid.uuid4()), name="Ryhmä")
    state = laptop.api("GET", f"/api/workshops/{wid}/state").json()
    hmw = command("hmw.save", id=str(uuid.uuid4()),
                  challenge_id=state["entities"]["challenge"][0]["id"], text="Miten voisimme?")
    token = WebClient(url)
    token.get("/")
    cookies = []
    for i in range(phones):
        session = requests.Session()
        session.cookies.update(token.http.cookies)
        session.post(url + "/api/join", timeout=30, headers={"X-CSRFToken": token.token},
                     json={"code": workshop["join_code"], "id": str(uuid.uuid4()),
                           "display_name": f"Puhelin {i}"}).raise_for_status()
        # Without the proxy's cookie: leastconn places each socket.
        cookies.append("; ".join(f"{k}={v}" for k, v in session.cookies.items() if k != COOKIE))
    return wid, hmw["id"], cookies


async def phone(url, cookie, wid, hmw_id, write: bool, state):
    ws_url = url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"
    async with websockets.connect(ws_url, additional_headers={"Cookie": cookie},
                                  origin=url, max_size=2**24, open_timeout=60,
                                  ping_interval=None) as ws:
        await ws.recv()
        await ws.send("40" + json.dumps({"workshop": wid, "since": None}))
        answered = asyncio.Event()
        while True:
            message = await ws.recv()
            if message == "2":
                await ws.send("3")
            elif message.startswith("42"):
                name = json.loads(message[2:])[0]
                if name == "sync":
                    state["synced"] += 1
                    if write:
                        asyncio.get_running_loop().create_task(
                            writer(ws, hmw_id, state, answered))
                elif name == "ev" and state["counting"]:
                    state["delivered"] += 1
            elif message.startswith("43"):
                if state["counting"]:
                    state["acked"] += 1
                answered.set()


async def writer(ws, hmw_id, state, answered: asyncio.Event):
    await state["go"].wait()
    n = 0
    while not state["stop"].is_set():
        n += 1
        answered.clear()
        await ws.send(f"42{n}" + json.dumps(["cmd", {"name": "idea.add", "args": {
            "id": str(uuid.uuid4()), "hmw_id": hmw_id, "text": f"Idea {n}"}}]))
        await answered.wait()


async def measure(url, wid, hmw_id, cookies, writers, seconds):
    state = {"synced": 0, "delivered": 0, "acked": 0, "counting": False,
             "go": asyncio.Event(), "stop": asyncio.Event()}
    tasks = [asyncio.create_task(phone(url, c, wid, hmw_id, i < writers, state))
             for i, c in enumerate(cookies)]
    deadline = time.monotonic() + 120
    while state["synced"] < len(cookies) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    state["go"].set()
    await asyncio.sleep(2)  # warm up
    state["counting"] = True
    started = time.monotonic()
    await asyncio.sleep(seconds)
    state["counting"] = False
    elapsed = time.monotonic() - started
    state["stop"].set()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return state["acked"] / elapsed, state["delivered"] / elapsed, state["synced"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--writers", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    options = parser.parse_args()
    database = os.environ.get("PAJA_TEST_DATABASE_URL")
    if not database:
        sys.exit("PAJA_TEST_DATABASE_URL (PostgreSQL) is needed: its schema is emptied")
    folder = Path(tempfile.mkdtemp(prefix="paja-cluster-bench-"))
    redis = Redis("redis-server", folder)
    redis.start()
    reset_postgres(database)
    first = LiveServer(folder, "eventlet", database=database)
    first.cli("db", "upgrade")
    first.cli("create-facilitator", "anna", "--name", "Anna", "--password", PASSWORD)
    results: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
    try:
        for _ in range(options.rounds):
            for processes in (1, 2):
                setup = Setup(folder, database, redis, processes)
                try:
                    wid, hmw_id, cookies = prepare(setup.url, options.phones)
                    acked, delivered, synced = asyncio.run(measure(
                        setup.url, wid, hmw_id, cookies, options.writers, options.seconds))
                finally:
                    setup.stop()
                results[processes].append((acked, delivered))
                print(f"{processes} process(es): {synced} phones, {acked:7.1f} commands/s, "
                      f"{delivered:9.0f} deliveries/s", flush=True)
    finally:
        redis.kill()
    print(f"\n{options.phones} phones, {options.writers} writers in a closed loop, "
          f"{options.seconds:g} s per run, {options.rounds} round(s), {os.cpu_count()} cores")
    print(f"{'processes':>10} {'commands/s':>12} {'deliveries/s':>14}")
    medians = {}
    for processes, runs in results.items():
        medians[processes] = (statistics.median(r[0] for r in runs),
                              statistics.median(r[1] for r in runs))
        print(f"{processes:>10} {medians[processes][0]:>12.1f} {medians[processes][1]:>14.0f}")
    print(f"{'2 / 1':>10} {medians[2][0] / medians[1][0]:>11.2f}x "
          f"{medians[2][1] / medians[1][1]:>13.2f}x   (target >= 1.7x)")


if __name__ == "__main__":
    main()
