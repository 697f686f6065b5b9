"""What one connected phone costs the server in memory, taken apart, for Paja and the relay.

    .venv/bin/python bench/memory.py [--phones 300] [--warm 20] [--frames 12] [--top 25]
        [--mode eventlet|threading] [--servers paja,relay] [--no-deflate]

For each server (Paja's app.py and bench/relay.py) two fresh processes, one after the other:

- **RSS**: the server as people run it; ``--warm`` phones connect and sync first (so that
  lazily imported modules, caches and the first snapshot's compiled statements are not
  counted), then ``--phones`` more; VmRSS after minus before, over the phones.
- **tracemalloc**: the same with tracemalloc tracing ``--frames`` frames in the server
  (started before eventlet's monkey patching, see ``serve``): a snapshot after the warm
  phones and one after the others, compared by file, by line, and by the first frame
  outside the standard library and the transport's packages that asked for the memory;
  with gc's count of live objects by type. Tracing costs memory of its own (not counted in
  the snapshots, but in the RSS of this process), which is why RSS is a run of its own.

Paja's phones are joined over HTTP in a set-up process first (as hall.py does), so that the
measured process only connects them: what a hall costs once everyone is in.
Only loopback traffic; temporary instance folders. Not a test: it prints figures.

``python bench/memory.py --serve app.py`` is how the server is started: a SIGUSR1 writes a
snapshot to the folder in PAJA_BENCH_DUMP.
"""

from __future__ import annotations

import os
import sys

if len(sys.argv) > 2 and sys.argv[1] == "--serve":
    # The server itself: only the standard library is imported before the script runs, so
    # that eventlet's monkey_patch() is still the first thing app.py does.
    import gc
    import json
    import runpy
    import signal
    import tracemalloc

    def rss_kib() -> int:
        with open("/proc/self/status") as status:
            return int(next(line for line in status if line.startswith("VmRSS")).split()[1])

    def resident_by_mapping() -> dict[str, int]:
        """Resident KiB of glibc's main heap, the other anonymous mappings (pymalloc's
        arenas, glibc's large blocks and thread arenas, greenlets' Python frame stacks)
        and the files mapped in."""
        totals = {"heap": 0, "anonymous": 0, "files": 0}
        kind = "files"
        with open("/proc/self/smaps") as smaps:
            for line in smaps:
                first = line.split(None, 1)[0]
                if first[0] in "0123456789abcdef" and "-" in first:
                    parts = line.split()
                    name = parts[5] if len(parts) > 5 else ""
                    kind = ("heap" if name == "[heap]" else "anonymous" if not name
                            or name.startswith("[anon") else "files")
                elif first == "Rss:":
                    totals[kind] += int(line.split()[1])
        return totals

    def serve(script: str) -> None:
        """Run ``script``; each SIGUSR1 writes what the process holds to PAJA_BENCH_DUMP.

        The first signal starts tracemalloc (with PAJA_BENCH_TRACEMALLOC frames, if set),
        the second takes its snapshot: what was allocated in between and is still alive.
        Tracing from the start would slow the import down to minutes on a busy machine and
        count nothing that matters here. Each signal also writes gc's count of objects by
        type and the RSS before and after glibc's malloc_trim (what the C heap holds free).
        """
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        try:  # the same library _sqlite3 is linked with, loaded once per process
            sqlite = ctypes.CDLL("libsqlite3.so.0")
            sqlite.sqlite3_memory_used.restype = ctypes.c_int64
        except OSError:
            sqlite = None
        frames = int(os.environ.get("PAJA_BENCH_TRACEMALLOC") or 0)
        dump = os.environ["PAJA_BENCH_DUMP"]
        taken = []

        def snapshot(signum, frame):
            gc.collect()
            index = len(taken)
            if tracemalloc.is_tracing():  # first, before this handler allocates anything
                tracemalloc.take_snapshot().dump(f"{dump}/snapshot-{index}.pickle")
                tracemalloc.stop()
            counts: dict[str, int] = {}
            for obj in gc.get_objects():
                kind = type(obj)
                name = f"{kind.__dict__.get('__module__', '?')}.{kind.__qualname__}"
                counts[name] = counts.get(name, 0) + 1
            # pymalloc's arenas and pools (how full they are) go to the C stderr.
            saved = os.dup(2)
            with open(f"{dump}/pymalloc-{index}.txt", "w") as out:
                os.dup2(out.fileno(), 2)
                try:
                    sys._debugmallocstats()
                finally:
                    os.dup2(saved, 2)
                    os.close(saved)
            state = {"types": counts, "rss": rss_kib(), "maps": resident_by_mapping(),
                     "sqlite": sqlite.sqlite3_memory_used() if sqlite else 0}
            libc.malloc_trim(0)
            state["rss_trimmed"] = rss_kib()
            state["maps_trimmed"] = resident_by_mapping()
            if frames and index == 0:
                tracemalloc.start(frames)
            with open(f"{dump}/state-{index}.json", "w") as out:
                json.dump(state, out)
            taken.append(index)
            with open(f"{dump}/done-{index}", "w"):
                pass

        signal.signal(signal.SIGUSR1, snapshot)
        sys.argv = [script]
        runpy.run_path(script, run_name="__main__")

    serve(sys.argv[2])
    sys.exit(0)

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from hall import (  # noqa: E402
    PASSWORD,
    ROOT,
    SITE,
    Paja,
    Relay,
    close_all,
    connect_all,
    ideation_workshop,
    join_many,
)
from live_client import WebClient  # noqa: E402

# Frames in these count as "the transport" when a traceback is charged to the first frame
# that is not: the standard library, eventlet, engine.io and socket.io.
# Paja's and the relay's WSGI wrappers and server start-up count as plumbing too: they are on
# every connection's stack, and what they call allocates for the transport.
PLUMBING = ("/lib/python3", "eventlet/", "engineio/", "socketio/", "flask_socketio/",
            "greenlet/", "<frozen", "<unknown>", "bench/memory.py", "bench/relay.py",
            "main/app.py", "server/__init__.py", "server/delivery.py")


def start(server, script: str, dump: Path, frames: int):
    server.env["PAJA_BENCH_DUMP"] = str(dump)
    if frames:
        server.env["PAJA_BENCH_TRACEMALLOC"] = str(frames)
    else:
        server.env.pop("PAJA_BENCH_TRACEMALLOC", None)
    with server.log.open("w") as log:
        server.process = subprocess.Popen(
            [sys.executable, str(BENCH / "memory.py"), "--serve", script], cwd=ROOT,
            env=server.env, stdout=log, stderr=subprocess.STDOUT)
    # Importing the app with tracemalloc on takes a while, longer on a loaded machine.
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited:\n{server.log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", server.port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server did not start:\n{server.log.read_text()}")


def take(server, dump: Path, index: int, timeout: float = 300) -> None:
    server.process.send_signal(signal.SIGUSR1)
    deadline = time.monotonic() + timeout
    while not (dump / f"done-{index}").exists():
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited:\n{server.log.read_text()[-3000:]}")
        if time.monotonic() > deadline:
            raise RuntimeError("the server wrote no snapshot")
        time.sleep(0.1)


def short(path: str) -> str:
    path = path.replace(str(ROOT) + "/", "").replace(SITE, "")
    return path.split("/lib/python3.11/", 1)[-1]


def charged(traceback) -> str:
    """The innermost frame outside the plumbing: who asked for the memory."""
    for frame in reversed(traceback):  # tracemalloc lists the oldest frame first
        if not any(p in frame.filename for p in PLUMBING):
            return f"{short(frame.filename)}:{frame.lineno}"
    return f"(transport) {short(traceback[-1].filename)}:{traceback[-1].lineno}"


def report(kind: str, phones: int, rss: float, dump: Path, top: int) -> dict:
    if not (dump / "snapshot-1.pickle").exists():  # --rss-only
        tracemalloc.Snapshot([], 1).dump(str(dump / "snapshot-1.pickle"))
    after = tracemalloc.Snapshot.load(str(dump / "snapshot-1.pickle"))
    after = after.filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
    before = tracemalloc.Snapshot([], after.traceback_limit)  # tracing began at the first
    total = sum(s.size_diff for s in after.compare_to(before, "filename"))
    out = {"kind": kind, **rss, "traced": total / phones / 1024}
    maps = ", ".join(f"{name} {rss['maps'][name]:.1f} ({rss['maps_trimmed'][name]:.1f})"
                     for name in rss["maps"])
    arenas = ", ".join(f"{name} {value:.1f}" for name, value in rss["pymalloc"].items())
    print(f"\n== {kind}: {phones} phones; RSS {rss['rss']:.1f} KiB per phone "
          f"({rss['rss_trimmed']:.1f} after malloc_trim); traced (Python allocations made "
          f"while they connected, still alive) {out['traced']:.1f} KiB per phone\n"
          f"   resident KiB per phone by mapping (after malloc_trim): {maps}\n"
          f"   pymalloc KiB per phone: {arenas}\n"
          f"   SQLite's own allocations (sqlite3_memory_used), KiB per phone: "
          f"{rss['sqlite']:.1f}", flush=True)
    print(f"-- by file (B per phone, blocks per phone), top {top}:")
    for stat in after.compare_to(before, "filename")[:top]:
        print(f"  {stat.size_diff / phones:9.0f}  {stat.count_diff / phones:7.1f}  "
              f"{short(stat.traceback[0].filename)}")
    print(f"-- by line, top {top}:")
    for stat in after.compare_to(before, "lineno")[:top]:
        frame = stat.traceback[0]
        print(f"  {stat.size_diff / phones:9.0f}  {stat.count_diff / phones:7.1f}  "
              f"{short(frame.filename)}:{frame.lineno}")
    print(f"-- by the innermost frame outside the stdlib and the transport (else the "
          f"transport's innermost), top {top}:")
    grouped: Counter = Counter()
    blocks: Counter = Counter()
    for stat in after.compare_to(before, "traceback"):
        key = charged(stat.traceback)
        grouped[key] += stat.size_diff
        blocks[key] += stat.count_diff
    for key, size in grouped.most_common(top):
        print(f"  {size / phones:9.0f}  {blocks[key] / phones:7.1f}  {key}")
    types0 = json.loads((dump / "state-0.json").read_text())["types"]
    types1 = json.loads((dump / "state-1.json").read_text())["types"]
    diff = Counter({k: v - types0.get(k, 0) for k, v in types1.items()})
    print(f"-- live objects tracked by gc, per phone, top {top}:")
    for name, count in diff.most_common(top):
        if count / phones >= 0.05:
            print(f"  {count / phones:7.2f}  {name}")
    return out


async def connect_and_measure(server, cookies, auth, dump, warm, deflate, parallel):
    first = await connect_all(server, cookies[:warm], auth, None, deflate=deflate,
                              parallel=parallel)
    await asyncio.sleep(1)
    take(server, dump, 0)
    rest = await connect_all(server, cookies[warm:], auth, None, deflate=deflate,
                             parallel=parallel)
    await asyncio.sleep(2)
    take(server, dump, 1)
    await close_all(first + rest)
    states = [json.loads((dump / f"state-{i}.json").read_text()) for i in (0, 1)]
    # Divided by the engine.io sockets the server held at the second snapshot, not by the
    # phones that got their sync: a server too slow to read pongs (tracing, a loaded
    # machine) drops some phones again, and they must not count.
    connected = (states[1]["types"].get(SOCKET_TYPE, 0)
                 - states[0]["types"].get(SOCKET_TYPE, 0))
    if connected < len(rest):
        print(f"  {len(rest) - connected} of {len(rest)} synced phones were gone again at "
              f"the snapshot", flush=True)
    per = max(connected, 1)
    # Both from the trimmed baseline: the first signal's trim gave back what was free then.
    out = {key: (states[1][key] - states[0]["rss_trimmed"]) / per
           for key in ("rss", "rss_trimmed")}
    for key in ("maps", "maps_trimmed"):
        out[key] = {name: (value - states[0]["maps_trimmed"][name]) / per
                    for name, value in states[1][key].items()}
    out["sqlite"] = (states[1]["sqlite"] - states[0]["sqlite"]) / 1024 / per
    out["pymalloc"] = {name: (value - pymalloc(dump, 0)[name]) / 1024 / per
                       for name, value in pymalloc(dump, 1).items()}
    return connected, out


SOCKET_TYPE = "engineio.socket.Socket"


def pymalloc(dump: Path, index: int) -> dict[str, int]:
    """The totals of sys._debugmallocstats(): bytes in pymalloc's arenas by state."""
    totals = {}
    for line in (dump / f"pymalloc-{index}.txt").read_text().splitlines():
        name, _, value = line.rpartition("=")
        name = name.strip().lstrip("#").strip()
        if name.startswith(("bytes in", "arenas allocated current")) and value.strip():
            totals[name] = int(value.strip().replace(",", ""))
    return totals


def run(kind, args, tmp: Path, instance: Path | None, plan: dict, frames: int):
    dump = Path(tempfile.mkdtemp(dir=tmp, prefix=f"{kind}-{frames}-"))
    if kind == "paja":
        server = Paja(tmp, args.mode, instance)
        script = "app.py"
        cookies, auth = plan["cookies"], {"workshop": plan["id"], "since": None}
    else:
        server = Relay(tmp, args.mode)
        script = str(BENCH / "relay.py")
        cookies, auth = [""] * (args.warm + args.phones), {}
    try:
        start(server, script, dump, frames)
        # Tracing slows the server down several times: fewer phones at once, so that it
        # still answers their pings in time.
        parallel = args.parallel if not frames else max(1, args.parallel // 5)
        return asyncio.run(connect_and_measure(server, cookies, auth, dump, args.warm,
                                               args.deflate, parallel)), dump
    finally:
        server.stop()
        shutil.copy(server.log, dump / "server.log")


def set_up(args, tmp: Path) -> tuple[Path, dict]:
    instance = tmp / "instance"
    server = Paja(tmp, args.mode, instance)
    server.cli("db", "upgrade")
    server.cli("create-facilitator", "anna", "--name", "Anna", "--password", PASSWORD)
    server.start()
    try:
        laptop = WebClient(server.url).login("anna", PASSWORD)
        workshop = ideation_workshop(laptop)
        workshop["cookies"] = asyncio.run(join_many(
            server.url, workshop["code"], args.warm + args.phones, "Puhelin"))
    finally:
        server.stop()
    return instance, workshop


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--warm", type=int, default=20)
    parser.add_argument("--frames", type=int, default=10)
    parser.add_argument("--parallel", type=int, default=50,
                        help="phones connecting at once (hall.py: 50); a fifth when traced")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--mode", default="eventlet", choices=["eventlet", "threading"])
    parser.add_argument("--servers", default="paja,relay")
    parser.add_argument("--no-deflate", dest="deflate", action="store_false")
    parser.add_argument("--keep", type=Path, help="copy the snapshots to this folder")
    parser.add_argument("--rss-only", action="store_true", help="no tracemalloc run")
    args = parser.parse_args()
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, args.phones * 2 + 512), hard))
    kinds = args.servers.split(",")
    results = {}
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        instance, plan = set_up(args, tmp) if "paja" in kinds else (None, {})
        for kind in kinds:
            (connected, rss), dump = run(kind, args, tmp, instance, plan, 0)
            connected_t = connected
            if not args.rss_only:
                (connected_t, _), dump = run(kind, args, tmp, instance, plan, args.frames)
            results[kind] = report(kind, connected_t, rss, dump, args.top)
            if args.keep:
                shutil.copytree(dump, args.keep / kind, dirs_exist_ok=True)
            if connected < args.phones or connected_t < args.phones:
                print(f"  (only {connected} and {connected_t} of {args.phones} connected)")
    if len(results) == 2:
        paja, relay = results["paja"], results["relay"]
        print("\nKiB per phone            Paja   relay  Paja/relay")
        for key, label in (("rss", "RSS"), ("rss_trimmed", "RSS after malloc_trim"),
                           ("traced", "traced")):
            if relay[key]:  # (traced is 0 with --rss-only)
                print(f"  {label:21} {paja[key]:6.1f}  {relay[key]:6.1f}  "
                      f"{paja[key] / relay[key]:5.2f}x")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    main()
