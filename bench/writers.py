"""Many phones writing to one workshop at once, on PostgreSQL.

    .venv/bin/python bench/writers.py [--database postgresql://postgres@127.0.0.1:5432/DB]
        [--phones 50] [--writers 1,5,50] [--rounds 8] [--mode eventlet] [--profile DIR]

Every write of a workshop draws its event number from the workshop's row, so writers of one
workshop take turns at that lock: how long each holds it decides how long the last of a
burst waits. One Paja process on PostgreSQL (the database's schema is emptied first), --phones
participants joined to one workshop in its ideation phase and all connected; then, round
after round, each size in --writers sends that many ideas at the same instant (one per
phone) and waits for every acknowledgement. The sizes alternate within each round, so a
noisy machine hurts the small burst (the baseline) and the large one alike: read the ratio.

Printed per burst size: acknowledgement p50/p95/p99/max over all its ideas, acknowledgements
past the phone's 10 s timeout, failed commands, throughput (ideas acknowledged per second of
burst), and what the phones received: event numbers missing on some phone after the run
(must be 0: a hole is a missed event) and ideas some phone never heard of.

--profile DIR records the server with py-spy (as bench/hall.py does) during the largest
bursts and writes a text top-N there. Not a test: pytest collects only tests/.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "tests"))
sys.path.insert(0, str(BENCH))
from conftest import reset_postgres  # noqa: E402
from hall import (  # noqa: E402
    PASSWORD,
    Paja,
    Profiler,
    WebClient,
    close_all,
    connect_all,
    cpu_seconds,
    ideation_workshop,
    join_many,
    pct,
)

PHONE_TIMEOUT_S = 10.0
DEFAULT_DATABASE = "postgresql://postgres@127.0.0.1:5432/h_p3"


def server_on(database: str, mode: str, tmp: Path) -> Paja:
    server = Paja(tmp, mode, tmp / "instance")
    server.env["PAJA_DATABASE_URL"] = database
    # A burst is one idea per phone, but the baseline's writer sends round after round.
    server.env["PAJA_SOCKET_EVENTS_PER_SECOND"] = "1000"
    server.env["PAJA_SOCKET_EVENT_BURST"] = "1000"
    return server


class Received:
    """What every phone heard: event numbers (hidden markers included) and idea ids."""

    def __init__(self):
        self.ideas: set[str] = set()

    def __call__(self, sock, name, data, raw, at):
        if name != "ev" or not isinstance(data, dict):
            return
        seqs = sock.state.setdefault("seqs", set())
        seqs.add(data["seq"])
        seqs.update(data.get("seqs") or ())
        body = data.get("data") or {}
        if data.get("entity") == "idea" and body.get("id") in self.ideas:
            sock.state.setdefault("ideas", set()).add(body["id"])


async def burst(phones, hmw: str, size: int, received: Received, results: dict) -> None:
    """``size`` phones each send one idea at the same instant; wait for every answer."""

    async def one(sock):
        idea = str(uuid.uuid4())
        received.ideas.add(idea)
        sent = time.perf_counter()
        try:
            ack, at = await sock.call("cmd", {"name": "idea.add", "args": {
                "id": idea, "hmw_id": hmw, "text": f"Idea {idea[:8]}: kirjaston digituki"}},
                timeout=60)
        except Exception as error:  # noqa: BLE001 - counted
            results["failed"].append(f"{type(error).__name__}")
            return
        if ack.get("ok"):
            results["acks"].append(at - sent)
            results["sent"].append(idea)
        else:
            results["failed"].append(str(ack.get("error"))[:80])

    started = time.perf_counter()
    await asyncio.gather(*(one(s) for s in phones[:size]))
    results["burst_s"] += time.perf_counter() - started


async def run(server, workshop, args) -> dict:
    received = Received()
    phones = await connect_all(server, workshop["cookies"], {"workshop": workshop["id"],
                                                             "since": None}, received)
    if len(phones) < max(args.writers):
        raise SystemExit(f"only {len(phones)} phones connected")
    await asyncio.sleep(1)
    results = {size: {"acks": [], "failed": [], "sent": [], "burst_s": 0.0, "cpu_s": 0.0}
               for size in args.writers}
    largest = max(args.writers)
    for round_ in range(args.rounds):
        # Alternate the order so neither size always runs right after the other's load.
        order = args.writers if round_ % 2 == 0 else list(reversed(args.writers))
        for size in order:
            # Several sequential bursts for a small size, so its figures have samples too.
            repeats = max(1, round(largest / size / 5)) if size < largest else 1
            cpu0 = cpu_seconds(server.pid)
            if size == largest and args.profile is not None:
                with Profiler(args.profile, f"writers-{largest}-round{round_ + 1}",
                              server.pid):
                    await burst(phones, workshop["hmw"], size, received, results[size])
            else:
                for _ in range(repeats):
                    await burst(phones, workshop["hmw"], size, received, results[size])
            results[size]["cpu_s"] += cpu_seconds(server.pid) - cpu0
            await asyncio.sleep(0.3)
        print(f"  round {round_ + 1}/{args.rounds}: " + ", ".join(
            f"{size}: ack p95 {pct(results[size]['acks'], 95) * 1000:.0f} ms"
            for size in args.writers), flush=True)
    # Everything is acknowledged; let the last broadcasts (and hidden markers) arrive.
    await asyncio.sleep(2)
    holes = missing_ideas = 0
    top = max((max(s.state.get("seqs", {0})) for s in phones), default=0)
    sent = {idea for r in results.values() for idea in r["sent"]}
    for sock in phones:
        seqs = sock.state.get("seqs", set())
        if seqs:
            holes += len(set(range(min(seqs), top + 1)) - seqs)
        missing_ideas += len(sent - sock.state.get("ideas", set()))
    await close_all(phones)
    return {"results": results, "holes": holes, "missing ideas": missing_ideas,
            "phones": len(phones), "last seq": top}


def report(outcome: dict, args) -> None:
    print(f"\n{outcome['phones']} phones in one workshop on PostgreSQL, {args.rounds} rounds,"
          f" {os.cpu_count()} cores, mode {args.mode}")
    header = (f"{'writers':>8} {'ideas':>6} {'ack p50':>8} {'p95':>8} {'p99':>8} {'max':>8}"
              f" {'>10s':>5} {'failed':>6} {'ideas/s':>8} {'CPU ms/idea':>11}")
    print(header)
    base = None
    for size in args.writers:
        r = outcome["results"][size]
        acks = r["acks"]
        ms = [pct(acks, p) * 1000 for p in (50, 95, 99, 100)]
        rate = len(acks) / r["burst_s"] if r["burst_s"] else float("nan")
        cpu = r["cpu_s"] * 1000 / max(len(acks), 1)
        print(f"{size:>8} {len(acks):>6} {ms[0]:>8.0f} {ms[1]:>8.0f} {ms[2]:>8.0f} {ms[3]:>8.0f}"
              f" {sum(a > PHONE_TIMEOUT_S for a in acks):>5} {len(r['failed']):>6}"
              f" {rate:>8.1f} {cpu:>11.1f}")
        if r["failed"]:
            print(f"{'':>8} failures: {sorted(set(r['failed']))[:3]}")
        base = base or ms[1]
    largest = max(args.writers)
    big = pct(outcome["results"][largest]["acks"], 95) * 1000
    print(f"ack p95 at {largest} writers / at {min(args.writers)}: {big / base:.1f}x"
          f"   (target: p95 under 1000 ms at 50 writers; here {big:.0f} ms)")
    print(f"event numbers missing on some phone: {outcome['holes']} (must be 0); "
          f"ideas some phone never received: {outcome['missing ideas']}; "
          f"last seq {outcome['last seq']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default=os.environ.get("PAJA_BENCH_DATABASE_URL",
                                                             DEFAULT_DATABASE))
    parser.add_argument("--phones", type=int, default=50)
    parser.add_argument("--writers", default="1,5,50",
                        type=lambda s: sorted({int(x) for x in s.split(",")}))
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--mode", default="eventlet")
    parser.add_argument("--profile", type=Path, default=None)
    args = parser.parse_args()
    if max(args.writers) > args.phones:
        parser.error("more writers than phones")
    tmp = Path(tempfile.mkdtemp(prefix="paja-writers-"))
    reset_postgres(args.database)
    server = server_on(args.database, args.mode, tmp)
    server.cli("db", "upgrade")
    server.cli("create-facilitator", "anna", "--name", "Anna", "--password", PASSWORD)
    server.start()
    try:
        laptop = WebClient(server.url).login("anna", PASSWORD)
        workshop = ideation_workshop(laptop)
        workshop["cookies"] = asyncio.run(join_many(server.url, workshop["code"], args.phones,
                                                    "Puhelin"))
        outcome = asyncio.run(run(server, workshop, args))
    finally:
        server.stop()
    report(outcome, args)
    print(f"server log: {server.log}")


if __name__ == "__main__":
    main()
