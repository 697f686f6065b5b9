"""A hall of phones against one Paja process, beside a bare Flask-SocketIO relay.

    .venv/bin/python bench/hall.py [--mode eventlet|gevent|threading] [--runs 3]
        [--scenario fanout,votes,joins,board|all] [--fanout-sizes 200,500,1000]
        [--voters 500] [--joiners 1000] [--ideas 2000] [--profile DIR]

One command, one table per scenario. Each figure is the median of --runs runs, and the runs
of Paja and of the relay (bench/relay.py: on a "cmd", emit the payload to a room) are
interleaved, a fresh server process for each, so that a noisy shared machine hurts both
alike: the ratios matter more than the absolute times. Scripted phones (bench/phones.py)
speak Paja's real join flow (join page, its form, cookies, the participant page) and the
Socket.IO protocol over WebSocket, all in this one asyncio process; its own CPU use is
printed too, so that a saturated client is seen, not mistaken for a slow server.

Scenarios:
  fanout  N phones in one workshop (ideation), 10 ideas a second from --senders of them:
          submit-to-every-phone p50/p99/max, ack p50/p99, lost and duplicated deliveries
          (by idea id), server CPU per 1,000 deliveries (/proc/<pid>/stat), server memory
          per phone (RSS after connecting minus before, over N).
  votes   --voters phones x 5 votes in --vote-seconds on an open round whose budget is 4
          dots (so each phone's fifth is refused by the budget): accepted and refused
          counted (nothing else may happen), ack p99, tally visible p95 on a facilitator's
          socket (see vote_storm for the definition).
  joins   --joiners phones arriving evenly over --join-seconds into one new workshop:
          failures, first sync p50/p99 (from the first request to the sync on the socket),
          snapshot bytes at 200/500/1000 members, deliveries caused.
  board   a board of --ideas ideas: the snapshot's time and size for a facilitator and a
          participant.

Only loopback traffic; each server runs from a temporary instance folder (SQLite). Not a
test: pytest collects only tests/. --profile DIR runs py-spy on Paja (in its first run)
during the fan-out at 500 (or the largest size), the vote storm and the join storm, and
writes a text top-N of its frames there (py-spy needs ptrace: root, or CAP_SYS_PTRACE).
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import os
import random
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "tests"))
sys.path.insert(0, str(BENCH))
from conftest import PASSWORD, ROOT, LiveServer, free_port  # noqa: E402
from live_client import WebClient  # noqa: E402
from phones import Http, Socket, paja_join, relay_join  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
SITE = f".venv/lib/python{sys.version_info.major}.{sys.version_info.minor}/site-packages/"


# -- servers ------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1])


class Paja(LiveServer):
    kind = "paja"

    def __init__(self, tmp: Path, mode: str, instance: Path):
        super().__init__(tmp, mode, instance=instance)
        # Every phone here comes from 127.0.0.1: the per-address cap would stop a hall behind
        # one address, which is what a proxy in front would have to handle instead.
        self.env["PAJA_MAX_CONNECTIONS_PER_ADDRESS"] = "0"
        self.env["PAJA_JOIN_RATE_LIMIT"] = "100000 per minute"

    @property
    def pid(self) -> int:
        return self.process.pid


class Relay:
    kind = "relay"

    def __init__(self, tmp: Path, mode: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "PAJA_PORT": str(self.port), "PAJA_ASYNC_MODE": mode,
                    "PYTHONWARNINGS": "ignore"}
        self.log = tmp / f"relay-{self.port}.log"
        self.process = None

    stop = LiveServer.stop

    @property
    def pid(self) -> int:
        return self.process.pid


def start_relay(tmp, mode):
    relay = Relay(tmp, mode)
    with relay.log.open("w") as log:
        relay.process = subprocess.Popen([sys.executable, str(BENCH / "relay.py")], cwd=ROOT,
                                         env=relay.env, stdout=log, stderr=subprocess.STDOUT)
    # LiveServer.start, minus starting app.py: wait for the port.
    import socket

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if relay.process.poll() is not None:
            raise RuntimeError(f"relay exited:\n{relay.log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", relay.port), timeout=0.2).close()
            return relay
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("relay did not start")


class Profiler:
    """py-spy recording one server process while a block runs (a no-op without --profile)."""

    def __init__(self, directory: Path | None, name: str, pid: int):
        self.directory, self.name, self.pid, self.process = directory, name, pid, None

    def __enter__(self):
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)
            self.raw = self.directory / f"{self.name}.raw"
            self.process = subprocess.Popen(
                [str(ROOT / ".venv/bin/py-spy"), "record", "--pid", str(self.pid), "--rate",
                 "200", "--format", "raw", "--output", str(self.raw), "--nonblocking"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return self

    def __exit__(self, *exc):
        if self.process is not None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            if self.raw.exists():
                summary = summarise_profile(self.raw.read_text())
                (self.directory / f"{self.name}.txt").write_text(summary)
                self.raw.unlink()


def summarise_profile(raw: str, top: int = 25) -> str:
    """A text top-N from py-spy's collapsed stacks: where the samples were (self), and
    which of Paja's and the libraries' functions they were under (inclusive)."""
    own, under, total = Counter(), Counter(), 0
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        count = int(count)
        total += count
        # "function (file:line)": counted per function, not per line, paths shortened.
        frames = [re.sub(r":\d+\)$", ")", f).replace(str(ROOT) + "/", "").replace(
            SITE, "") for f in stack.split(";")]
        own[frames[-1]] += count
        for frame in set(frames):
            under[frame] += count
    out = [f"{total} samples", "", f"top {top} by own samples (where the CPU was):"]
    out += [f"  {n / total:6.1%}  {f}" for f, n in own.most_common(top)]
    out += ["", f"top {top} by inclusive samples (under this frame), Paja's own code and "
            "the libraries (the thread and hub frames left out):"]
    skip = ("threading.py", "<module>", "eventlet/hubs", "greenthread.py", "app.py")
    shown = [(f, n) for f, n in under.most_common() if not any(s in f for s in skip)]
    out += [f"  {n / total:6.1%}  {f}" for f, n in shown[:top]]
    out += ["", f"top {top} of Paja's own functions (server/), inclusive:"]
    out += [f"  {n / total:6.1%}  {f}" for f, n in shown if "(server/" in f][:top]
    return "\n".join(out) + "\n"


# -- statistics ---------------------------------------------------------------------------


def pct(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def median(values):
    values = [v for v in values if v == v]  # drop NaN
    return statistics.median(values) if values else float("nan")


class ClientMeter:
    """This process's own CPU use over a block, as a share of one core."""

    def __enter__(self):
        self.cpu, self.wall = time.process_time(), time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.share = (time.process_time() - self.cpu) / max(time.perf_counter() - self.wall,
                                                             1e-9)


# -- set-up -------------------------------------------------------------------------------


def command(client: WebClient, wid: str, name: str, /, **args):
    response = client.api("POST", f"/api/workshops/{wid}/commands/{name}", json=args)
    response.raise_for_status()
    return response.json()["data"]


def ideation_workshop(laptop: WebClient) -> dict:
    """A workshop in its ideation phase, with one live question to add ideas to."""
    workshop = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching"}).json()
    wid = workshop["id"]
    group = command(laptop, wid, "group.split", count=1, method="random")[0]
    state = laptop.api("GET", f"/api/workshops/{wid}/state").json()["entities"]
    challenge = next(c for c in state["challenge"] if c["group_id"] == group["id"])
    hmw = command(laptop, wid, "hmw.save", id=str(uuid.uuid4()), challenge_id=challenge["id"],
                  text="Miten voisimme auttaa asioinnissa verkossa?")
    command(laptop, wid, "hmw.settings", hmw_id=hmw["id"], live=True)
    live = sorted(state["session"], key=lambda s: s["position"])[2]
    command(laptop, wid, "session.start", session_id=live["id"])
    phase = next(p for p in live["phases"] if p["activity"] == "ideation")
    command(laptop, wid, "session.phase", session_id=live["id"], phase_id=phase["id"])
    return {"id": wid, "code": workshop["join_code"], "hmw": hmw["id"]}


def vote_workshop(laptop: WebClient, items: int) -> dict:
    workshop = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "name": "Äänestys"}).json()
    ids = [command(laptop, workshop["id"], "concept.save", id=str(uuid.uuid4()),
                   name=f"Konsepti {i + 1}")["id"] for i in range(items)]
    return {"id": workshop["id"], "code": workshop["join_code"], "items": ids}


async def join_many(base: str, code: str, n: int, prefix: str, parallel: int = 8) -> list[str]:
    """Join n phones by the real flow, a few at a time; their cookie headers."""
    gate = asyncio.Semaphore(parallel)

    async def one(i):
        async with gate:
            http = Http(base)
            await paja_join(http, code, f"{prefix} {i}")
            return http.cookie_header()

    return await asyncio.gather(*(one(i) for i in range(n)))


def facilitator_cookie(laptop: WebClient) -> str:
    return "; ".join(f"{k}={v}" for k, v in laptop.http.cookies.items())


async def add_ideas(server, cookies, wid, hmw, count):
    """count ideas from a few phones over their sockets (setting up the big board)."""
    senders = [Socket(server.url, c, {"workshop": wid, "since": None}) for c in cookies]
    for s in senders:
        await s.open()
        await s.synced.wait()

    async def write(sock, n):
        for i in range(n):
            ack, _ = await sock.call("cmd", {"name": "idea.add", "args": {
                "id": str(uuid.uuid4()), "hmw_id": hmw,
                "text": f"Idea {i}: digitukea kirjastoon ja vertaisohjaajia iltaisin"}})
            if not ack.get("ok"):
                raise RuntimeError(ack)

    share = count // len(senders)
    await asyncio.gather(*(write(s, share + (i < count % len(senders)))
                           for i, s in enumerate(senders)))
    for s in senders:
        await s.close()


def set_up(args, tmp: Path) -> tuple[Path, dict]:
    """One instance folder with the workshops every Paja run uses, its members joined."""
    instance = tmp / "instance"
    server = Paja(tmp, args.mode, instance)
    server.env["PAJA_SOCKET_EVENTS_PER_SECOND"] = "1000"  # only while filling the board
    server.env["PAJA_SOCKET_EVENT_BURST"] = "1000"
    server.cli("db", "upgrade")
    server.cli("create-facilitator", "anna", "--name", "Anna", "--password", PASSWORD)
    server.start()
    plan: dict = {}
    try:
        laptop = WebClient(server.url).login("anna", PASSWORD)
        plan["facilitator"] = facilitator_cookie(laptop)
        started = time.perf_counter()
        if "fanout" in args.scenarios:
            plan["fanout"] = {}
            for size in args.fanout_sizes:
                workshop = ideation_workshop(laptop)
                workshop["cookies"] = asyncio.run(
                    join_many(server.url, workshop["code"], size, "Puhelin"))
                plan["fanout"][size] = workshop
        if "votes" in args.scenarios:
            workshop = vote_workshop(laptop, args.vote_items)
            workshop["cookies"] = asyncio.run(
                join_many(server.url, workshop["code"], args.voters, "Äänestäjä"))
            plan["votes"] = workshop
        if "board" in args.scenarios:
            workshop = ideation_workshop(laptop)
            cookies = asyncio.run(join_many(server.url, workshop["code"], 10, "Ideoija"))
            asyncio.run(add_ideas(server, cookies, workshop["id"], workshop["hmw"], args.ideas))
            workshop["cookies"] = cookies
            plan["board"] = workshop
        print(f"set-up: {time.perf_counter() - started:.0f} s", flush=True)
    finally:
        server.stop()
    return instance, plan


# -- scenarios ----------------------------------------------------------------------------


async def connect_all(server, cookies, auth, on_event, parallel=50, deflate=True):
    gate = asyncio.Semaphore(parallel)
    sockets = []

    async def one(cookie):
        async with gate:
            sock = Socket(server.url, cookie, auth, on_event, deflate)
            try:
                await sock.open()
                await asyncio.wait_for(sock.synced.wait(), 60)
            except Exception as error:  # noqa: BLE001 - counted: a phone that never got in
                sock.error = sock.error or error
            if sock.error is None:
                sockets.append(sock)
            else:
                failed.append(f"{type(sock.error).__name__}: {str(sock.error)[:100]}")
                await sock.close()

    failed: list[str] = []
    await asyncio.gather(*(one(c) for c in cookies))
    if failed:
        print(f"  {len(failed)} of {len(cookies)} phones did not connect: "
              f"{Counter(failed).most_common(2)}", flush=True)
    return sockets


async def close_all(sockets):
    await asyncio.gather(*(s.close() for s in sockets), return_exceptions=True)


async def fanout(server, workshop, size, args, profile_dir):
    """Ideas from a few phones reach every phone: latency, loss, CPU and memory."""
    is_paja = server.kind == "paja"
    submitted: dict[str, float] = {}
    reached: dict[str, list[float]] = {}
    duplicates = 0

    def on_event(sock, name, data, raw, at):
        nonlocal duplicates
        if name != "ev" or not isinstance(data, dict):
            return
        body = data.get("data") or {}
        idea = body.get("id") if is_paja else body.get("idea")
        if idea not in submitted:
            return
        seen = sock.state.setdefault("seen", set())
        key = (idea, data.get("view"))
        if key in seen:
            duplicates += 1
            return
        seen.add(key)
        ideas = sock.state.setdefault("ideas", set())
        if idea not in ideas:  # the sender may get a fuller view and a lesser one
            ideas.add(idea)
            reached.setdefault(idea, []).append(at)

    cookies = workshop["cookies"][:size] if is_paja else [""] * size
    auth = {"workshop": workshop["id"], "since": None} if is_paja else {}
    rss0 = rss_kib(server.pid)
    started = time.perf_counter()
    phones = await connect_all(server, cookies, auth, on_event, deflate=args.deflate)
    connect_s = time.perf_counter() - started
    missing, size = size - len(phones), len(phones)
    await asyncio.sleep(1)
    per_phone = (rss_kib(server.pid) - rss0) / size
    senders = phones[: args.senders]
    acks: list[float] = []
    failures = 0
    count = int(args.rate * args.seconds)

    async def submit(i):
        nonlocal failures
        idea = str(uuid.uuid4())
        sender = senders[i % len(senders)]
        args_ = ({"id": idea, "hmw_id": workshop["hmw"], "text": f"Idea {i} kirjastoon"}
                 if is_paja else {"idea": idea, "text": f"Idea {i} kirjastoon"})
        sent = time.perf_counter()
        submitted[idea] = sent
        try:
            ack, at = await sender.call("cmd", {"name": "idea.add", "args": args_})
            if ack.get("ok"):
                acks.append(at - sent)
            else:
                failures += 1
        except Exception:  # noqa: BLE001 - counted
            failures += 1

    cpu0 = cpu_seconds(server.pid)
    with ClientMeter() as client, Profiler(profile_dir, f"fanout-{size}", server.pid):
        tasks = []
        begin = time.perf_counter()
        for i in range(count):
            delay = begin + i / args.rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(submit(i)))
        await asyncio.gather(*tasks)
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline and sum(map(len, reached.values())) < count * size:
            await asyncio.sleep(0.05)
    cpu = cpu_seconds(server.pid) - cpu0
    delivered = sum(map(len, reached.values()))
    latencies = [max(times) - submitted[i] for i, times in reached.items()
                 if len(times) == size]
    await close_all(phones)
    return {
        "connect s": connect_s,
        "phones not connected": missing,
        "deliver p50 ms": pct(latencies, 50) * 1000,
        "deliver p99 ms": pct(latencies, 99) * 1000,
        "deliver max ms": max(latencies, default=float("nan")) * 1000,
        "ack p50 ms": pct(acks, 50) * 1000,
        "ack p99 ms": pct(acks, 99) * 1000,
        "lost": count * size - delivered,
        "duplicated": duplicates,
        "failed cmds": failures,
        "CPU ms/1000 deliveries": cpu * 1000 / max(delivered, 1) * 1000,
        "KiB per phone": per_phone,
        "client CPU %": client.share * 100,
    }


async def vote_storm(server, workshop, args, profile_dir=None):
    """Every phone taps five items in the storm; the budget is four dots."""
    is_paja = server.kind == "paja"
    n = args.voters
    tallies: list[tuple[float, int]] = []
    relayed: dict[str, float] = {}
    round_id = str(uuid.uuid4())

    def on_facilitator(sock, name, data, raw, at):
        if name != "ev" or not isinstance(data, dict):
            return
        body = data.get("data") or {}
        if is_paja and data.get("entity") == "vote_round" and body.get("id") == round_id:
            tallies.append((at, body["turnout"]["dots_spent"]))
        elif not is_paja and "vote" in body:
            relayed[body["vote"]] = at

    auth = {"workshop": workshop["id"], "since": None} if is_paja else {"role": "facilitator"}
    watcher = (await connect_all(server, [workshop.get("facilitator", "")], auth,
                                 on_facilitator))[0]
    cookies = workshop["cookies"][:n] if is_paja else [""] * n
    phones = await connect_all(server, cookies, {"workshop": workshop["id"], "since": None}
                               if is_paja else {}, None, deflate=args.deflate)
    if is_paja:
        for name, args_ in (("vote.save_round", {"id": round_id, "dots": 4, "cap": 1,
                                                 "live_results": True}),
                            ("vote.open", {"round_id": round_id})):
            ack, _ = await watcher.call("cmd", {"name": name, "args": args_})
            if not ack.get("ok"):
                raise RuntimeError(f"{name}: {ack}")
    votes = []  # (sent, ack time, outcome)
    items = workshop["items"]
    rng = random.Random(7)

    async def phone(i, sock):
        times = sorted(rng.uniform(0, args.vote_seconds) for _ in range(5))
        start = time.perf_counter()
        for k, at in enumerate(times):
            delay = start + at - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            vote = f"{i}:{k}"
            payload = ({"round_id": round_id, "item_id": items[(i + k) % len(items)],
                        "count": 1} if is_paja else {"vote": vote, "to": ["facilitator"]})
            sent = time.perf_counter()
            try:
                ack, got = await sock.call("cmd", {"name": "vote.set", "args": payload})
            except Exception:  # noqa: BLE001 - counted as lost
                votes.append((sent, None, "lost", vote))
                continue
            if ack.get("ok"):
                outcome = "accepted"
            elif "count" in ((ack.get("error") or {}).get("fields") or {}):
                outcome = "refused"
            else:
                outcome = "error:" + str((ack.get("error") or {}).get("code"))
            votes.append((sent, got, outcome, vote))

    cpu0 = cpu_seconds(server.pid)
    with ClientMeter() as client, Profiler(profile_dir, "votes", server.pid):
        await asyncio.gather(*(phone(i, s) for i, s in enumerate(phones)))
        accepted = sorted((v for v in votes if v[2] == "accepted"), key=lambda v: v[1])
        deadline = time.perf_counter() + 15
        while time.perf_counter() < deadline:
            if is_paja and tallies and max(t[1] for t in tallies) >= len(accepted):
                break
            if not is_paja and len(relayed) >= len(accepted):
                break
            await asyncio.sleep(0.05)
    cpu = cpu_seconds(server.pid) - cpu0
    visible = []
    if is_paja:
        # A vote is visible once a tally on the facilitator's socket counts at least as
        # many dots as had been acknowledged when its own acknowledgement came.
        for rank, (sent, _got, _o, _v) in enumerate(accepted, 1):
            shown = next((at for at, spent in tallies if spent >= rank and at >= sent), None)
            if shown is not None:
                visible.append(shown - sent)
    else:
        visible = [relayed[v] - sent for sent, _g, _o, v in accepted if v in relayed]
    outcomes = Counter(v[2] for v in votes)
    final = max((t[1] for t in tallies), default=0)
    await close_all([watcher, *phones])
    return {
        "votes sent": len(votes),
        "accepted": outcomes["accepted"],
        "refused (budget)": outcomes["refused"],
        "lost or other": len(votes) - outcomes["accepted"] - outcomes["refused"],
        "tally counts accepted": (final == outcomes["accepted"]) if is_paja else float("nan"),
        "ack p50 ms": pct([g - s for s, g, _o, _v in votes if g], 50) * 1000,
        "ack p99 ms": pct([g - s for s, g, _o, _v in votes if g], 99) * 1000,
        "tally visible p95 ms": pct(visible, 95) * 1000,
        "tally visible max ms": max(visible, default=float("nan")) * 1000,
        "tallies seen": len(tallies) if is_paja else len(relayed),
        "server CPU s": cpu,
        "client CPU %": client.share * 100,
    }


async def join_storm(server, laptop_cookie, args, profile_dir):
    """--joiners phones, arriving evenly, join one new workshop and connect."""
    is_paja = server.kind == "paja"
    if is_paja:
        laptop = WebClient(server.url).login("anna", PASSWORD)
        created = laptop.api("POST", "/api/workshops", json={
            "id": str(uuid.uuid4()), "name": "Kuulutustilaisuus"}).json()
        wid, code = created["id"], created["join_code"]
    else:
        wid, code = "relay", "RELAY"
    n = args.joiners
    synced: dict[int, float] = {}
    sync_bytes: dict[int, tuple[int, int]] = {}
    failures: list[str] = []
    sockets: list[Socket] = []

    async def phone(i):
        begin = time.perf_counter()
        http = Http(server.url)
        try:
            if is_paja:
                await paja_join(http, code, f"Kuulija {i}")
            else:
                await relay_join(http, code, f"Kuulija {i}")
            sock = Socket(server.url, http.cookie_header(),
                          {"workshop": wid, "since": None} if is_paja else {},
                          deflate=args.deflate)
            sockets.append(sock)
            await sock.open(timeout=args.join_timeout)
            await asyncio.wait_for(sock.synced.wait(), args.join_timeout)
            if sock.error:
                raise sock.error
            synced[i] = time.perf_counter() - begin
            sync_bytes[i] = sock.sync_bytes
        except Exception as error:  # noqa: BLE001 - counted and shown
            failures.append(f"{type(error).__name__}: {str(error)[:120]}")

    cpu0 = cpu_seconds(server.pid)
    with ClientMeter() as client, Profiler(profile_dir, "joins", server.pid):
        begin = time.perf_counter()
        tasks = []
        for i in range(n):
            delay = begin + i * args.join_seconds / n - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(phone(i)))
        await asyncio.gather(*tasks)
        took = time.perf_counter() - begin
    cpu = cpu_seconds(server.pid) - cpu0
    deliveries = sum(s.messages for s in sockets)
    await close_all(sockets)
    times = list(synced.values())
    out = {
        "synced": len(synced),
        "failures": len(failures),
        "all synced after s": took,
        "first sync p50 ms": pct(times, 50) * 1000,
        "first sync p99 ms": pct(times, 99) * 1000,
        "first sync max ms": max(times, default=float("nan")) * 1000,
    }
    for members in (200, 500, 1000):
        if members <= n:
            got = sync_bytes.get(members - 1)
            out[f"sync KB at {members}"] = got / 1000 if got else float("nan")
    out["socket messages received"] = deliveries
    out["server CPU ms per join"] = cpu * 1000 / n
    out["client CPU %"] = client.share * 100
    if failures:
        out["_failures"] = Counter(failures).most_common(3)
    return out


async def board(server, workshop, laptop_cookie, args, profile_dir=None):
    """The snapshot of a big board, as a facilitator's and a participant's socket get it."""
    is_paja = server.kind == "paja"
    out = {}
    for who, cookie in (("facilitator", laptop_cookie), ("participant",
                                                         (workshop["cookies"] or [""])[0])):
        times, sizes, packed = [], [], []
        with Profiler(profile_dir, f"board-{who}", server.pid):
            for _ in range(args.board_repeats):
                raw_sync = {}

                def keep(sock, name, data, raw, at, raw_sync=raw_sync):
                    if name == "sync":
                        raw_sync["raw"] = raw

                sock = Socket(server.url, cookie if is_paja else "",
                              {"workshop": workshop["id"], "since": None} if is_paja else {}, keep,
                              args.deflate)
                begin = time.perf_counter()
                await sock.open()
                await sock.synced.wait()
                times.append(time.perf_counter() - begin)
                sizes.append(len(raw_sync["raw"].encode()))
                packed.append(len(gzip.compress(raw_sync["raw"].encode(), 6)))
                await sock.close()
        out[f"{who} sync ms"] = median(times) * 1000
        # The relay's sync is a few bytes: its time is the floor, its size no comparison.
        out[f"{who} sync KB"] = median(sizes) / 1000 if is_paja else float("nan")
        out[f"{who} sync KB gzip"] = median(packed) / 1000 if is_paja else float("nan")
    return out


# -- the runs -----------------------------------------------------------------------------


TARGETS = {
    ("fanout", "deliver p99 ms", 500): "< 250",
    ("fanout", "CPU ms/1000 deliveries", None): "<= 1.3x relay",
    ("fanout", "KiB per phone", None): "<= 60 KB",
    ("fanout", "lost", None): "0",
    ("fanout", "duplicated", None): "0",
    ("votes", "lost or other", None): "0",
    ("votes", "ack p99 ms", None): "< 250",
    ("votes", "tally visible p95 ms", None): "< 500",
    ("joins", "failures", None): "0",
    ("joins", "first sync p99 ms", None): "< 1000",
    ("joins", "all synced after s", None): "<= 30 (+ sync)",
}


def target(scenario, metric, size):
    return TARGETS.get((scenario, metric, size)) or TARGETS.get((scenario, metric, None), "")


def fmt(value):
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        if value != value:
            return "-"
        return f"{value:.0f}" if abs(value) >= 100 else f"{value:.1f}" if abs(value) >= 10 \
            else f"{value:.2f}"
    return str(value)


def table(title, rows):
    """rows: (metric, size label, paja median, relay median, target)."""
    print(f"\n## {title}\n")
    header = ("metric", "size", "Paja", "relay", "Paja/relay", "target")
    lines = []
    for metric, size, paja, relay, goal in rows:
        ratio = (paja / relay if isinstance(paja, float | int) and isinstance(relay, float | int)
                 and not isinstance(paja, bool) and relay not in (0, None) and relay == relay
                 and paja == paja else None)
        lines.append((metric, size, fmt(paja), fmt(relay),
                      f"{ratio:.2f}x" if ratio is not None else "", goal))
    widths = [max(len(str(r[i])) for r in [header, *lines]) for i in range(len(header))]
    for i, line in enumerate([header, *lines]):
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True))
              + " |")
        if i == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


def combine(results):
    """Median of each metric over the runs (booleans: all of them)."""
    out = {}
    for key in results[0]:
        values = [r[key] for r in results if key in r]
        if key.startswith("_"):
            out[key] = [v for value in values for v in value]
        elif all(isinstance(v, bool) for v in values):
            out[key] = all(values)
        else:
            out[key] = median([float(v) for v in values])
    return out


def run_one(kind, mode, tmp, instance, scenario, **kw):
    server = (Paja(tmp, mode, instance).start() if kind == "paja" else start_relay(tmp, mode))
    try:
        time.sleep(0.5)  # let it settle: its first second is start-up work
        return asyncio.run(scenario(server, **kw))
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", default="eventlet",
                        choices=["eventlet", "gevent", "threading"])
    parser.add_argument("--scenario", default="all",
                        help="comma-separated: fanout,votes,joins,board (or all)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--fanout-sizes", default="200,500,1000")
    parser.add_argument("--rate", type=float, default=10, help="ideas a second")
    parser.add_argument("--seconds", type=float, default=10, help="of ideas, per run")
    parser.add_argument("--senders", type=int, default=10)
    parser.add_argument("--voters", type=int, default=500)
    parser.add_argument("--vote-items", type=int, default=10)
    parser.add_argument("--vote-seconds", type=float, default=20)
    parser.add_argument("--joiners", type=int, default=1000)
    parser.add_argument("--join-seconds", type=float, default=30)
    parser.add_argument("--join-timeout", type=float, default=60)
    parser.add_argument("--ideas", type=int, default=2000)
    parser.add_argument("--board-repeats", type=int, default=3)
    parser.add_argument("--no-deflate", dest="deflate", action="store_false",
                        help="phones do not offer permessage-deflate (browsers do)")
    parser.add_argument("--profile", type=Path, default=None,
                        help="write py-spy top-N profiles of Paja here")
    args = parser.parse_args()
    chosen = args.scenario.split(",")
    args.scenarios = ["fanout", "votes", "joins", "board"] if "all" in chosen else chosen
    args.fanout_sizes = [int(s) for s in args.fanout_sizes.split(",") if s]
    if args.mode == "gevent":
        try:
            import gevent  # noqa: F401
        except ImportError:
            sys.exit("gevent is not installed in this environment: "
                     ".venv/bin/pip install gevent, or use --mode eventlet|threading")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                           cwd=ROOT, capture_output=True, text=True).stdout.strip()
    cpu_model = next((line.split(":", 1)[1].strip() for line in
                      Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith("model name")), "?")
    print(f"# hall benchmark: commit {commit}{' (with uncommitted changes)' if dirty else ''}, "
          f"mode {args.mode}, {os.cpu_count()} x {cpu_model}, Python "
          f"{sys.version.split()[0]}, load {os.getloadavg()[0]:.1f}, runs {args.runs}, "
          f"phones offer deflate: {args.deflate}")
    print("# " + " ".join(["bench/hall.py", *sys.argv[1:]]), flush=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        instance, plan = set_up(args, tmp)
        profiled = set()
        results: dict = {}
        for run in range(args.runs):
            order = ("paja", "relay") if run % 2 == 0 else ("relay", "paja")
            jobs = []
            for size in args.fanout_sizes if "fanout" in args.scenarios else []:
                jobs.append((("fanout", size), fanout, {"workshop": plan["fanout"][size],
                                                        "size": size, "args": args}))
            if "votes" in args.scenarios:
                jobs.append((("votes", args.voters), vote_storm, {
                    "workshop": {**plan["votes"], "facilitator": plan["facilitator"]},
                    "args": args}))
            if "joins" in args.scenarios:
                jobs.append((("joins", args.joiners), join_storm, {
                    "laptop_cookie": plan["facilitator"], "args": args}))
            if "board" in args.scenarios:
                jobs.append((("board", args.ideas), board, {
                    "workshop": plan["board"], "laptop_cookie": plan["facilitator"],
                    "args": args}))
            for key, scenario, kw in jobs:
                for kind in order:
                    extra = {}
                    if scenario in (fanout, join_storm, vote_storm, board):
                        wanted = key[0] != "fanout" or key[1] == (
                            500 if 500 in args.fanout_sizes else max(args.fanout_sizes))
                        extra["profile_dir"] = (args.profile if kind == "paja" and wanted
                                                and key not in profiled else None)
                        if extra["profile_dir"]:
                            profiled.add(key)
                    started = time.perf_counter()
                    got = run_one(kind, args.mode, tmp, instance, scenario, **kw, **extra)
                    results.setdefault(key, {}).setdefault(kind, []).append(got)
                    brief = {k: fmt(v) for k, v in got.items() if not k.startswith("_")}
                    print(f"run {run + 1} {key[0]} {key[1]} {kind} "
                          f"({time.perf_counter() - started:.0f} s): {brief}", flush=True)
                    if "_failures" in got:
                        print(f"  failures: {got['_failures']}")
        for scenario, title in (("fanout", "Idea fan-out (10 ideas/s)"),
                                ("votes", "Vote storm"), ("joins", "Join storm"),
                                ("board", "Big board snapshot")):
            rows = []
            for (name, size), by_kind in results.items():
                if name != scenario:
                    continue
                paja, relay = combine(by_kind["paja"]), combine(by_kind["relay"])
                for metric, value in paja.items():
                    if metric.startswith("_"):
                        continue
                    rows.append((metric, size, value, relay.get(metric, float("nan")),
                                 target(scenario, metric, size)))
            if rows:
                table(f"{title}, median of {args.runs}", rows)
        if args.profile:
            print(f"\nprofiles: {', '.join(sorted(str(p) for p in args.profile.glob('*.txt')))}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    main()
