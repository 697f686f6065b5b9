"""A socket fuzz against a live eventlet server: 10,000 malformed events from a few
connections must cause no server error, keep the log small and leave another client's round
trips about as fast as before.

The fuzz runs in its own process (``python -m test_socket_fuzz``), so that its CPU use does
not show up as latency in the client that measures: what is measured is the server's.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import random
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
TOTAL = 10_000
RAW_SHARE = 0.4  # of the events, sent as hand-made frames over a raw websocket
WINDOW = 64  # events a fuzzing connection keeps in flight: a flood, not a polite client
SEED = int(os.environ.get("PAJA_FUZZ_SEED", "20250611"))
HUGE = 200_000  # characters: within the server's 256 KiB frame limit

pytestmark = [pytest.mark.live, pytest.mark.transport, pytest.mark.serial]


# -- what the fuzz sends -------------------------------------------------------------------

WORDS = ["", " ", "x", "Idea", "ä" * 3, "😀", "\u202e", "\x00", "<b>hi</b>", "' OR 1=1 --",
         "null", "true", "NaN", "-1", "1e999", "%s%n", "{}", "[]", "\\", "\n\t"]
NUMBERS = [0, 1, -1, 2, 3, 5, 60, 2**31, -(2**31), 2**53 + 1, 2**63, 10**20, -(10**20),
           0.5, -0.0, 1e308, -1e308, float("nan"), float("inf"), True, "7", "", None]
DATES = ["2025-01-01", "2025-13-45", "0001-01-01", "9999-12-31", "1900-02-29", "tänään",
         20250101, "2025-01-01T10:00:00", ""]
# Only addresses that need no DNS: a webhook's host is resolved while the arguments are
# checked, and a name lookup blocks the whole eventlet process (see the report with this
# test); that is measured on its own, not by the fuzz.
URLS = ["https://203.0.113.7/hook", "https://127.0.0.1/x", "https://[::1]/x", "http://192.0.2.1/",
        "javascript:alert(1)", "https://", "ftp://198.51.100.1/", ""]


def junk(rng: random.Random, depth: int = 0):
    roll = rng.random()
    if depth > 4 or roll < 0.3:
        return rng.choice(WORDS + NUMBERS + [str(uuid.uuid4()), b"\xff\x00binary"])
    if roll < 0.45:
        return rng.choice(WORDS) * rng.randint(1, 3000)
    if roll < 0.7:
        return [junk(rng, depth + 1) for _ in range(rng.randint(0, 5))]
    if roll < 0.72:
        nested = "deep"
        for _ in range(rng.randint(20, 60)):
            nested = [nested] if rng.random() < 0.5 else {"a": nested}
        return nested
    return {rng.choice(["name", "args", "id", "x", "", "__proto__", "$where"] + WORDS[:5]):
            junk(rng, depth + 1) for _ in range(rng.randint(0, 5))}


def field_value(rng, name, field, ids):
    from marshmallow import fields as f

    roll = rng.random()
    if roll < 0.12:
        return junk(rng)
    if roll < 0.17:
        return None
    kind = type(field).__name__
    if kind == "ClientId":
        return str(uuid.uuid4()) if rng.random() < 0.8 else rng.choice(ids or ["x"])
    if name.endswith("_id") or name == "of_id":
        return rng.choice(ids) if ids and rng.random() < 0.8 else rng.choice(WORDS)
    if isinstance(field, f.Boolean):
        return rng.choice([True, False, "true", 1, 0, "kyllä"])
    if isinstance(field, f.Integer | f.Float | f.Number):
        return rng.choice(NUMBERS)
    if isinstance(field, f.Date | f.DateTime):
        return rng.choice(DATES)
    if kind == "WebhookUrl":
        return rng.choice(URLS)
    if isinstance(field, f.Email):
        return rng.choice(["a@example.fi", "not an address", "a@" + "b" * 300 + ".fi", ""])
    if isinstance(field, f.List):
        inner = field.inner
        return [field_value(rng, name.rstrip("s") + "_id" if name.endswith("_ids") else name,
                            inner, ids) for _ in range(rng.choice([0, 1, 2, 5, 40]))]
    if isinstance(field, f.Nested):
        return schema_args(rng, field.schema, ids)
    if isinstance(field, f.Dict):
        return junk(rng) if rng.random() < 0.3 else {
            rng.choice(["about", "name", "quote", "q1", "x"]): rng.choice(WORDS) * 5
            for _ in range(rng.randint(0, 4))}
    if isinstance(field, f.String):
        choices = getattr(getattr(field, "validate", None), "choices", None)
        for validator in field.validators:
            choices = getattr(validator, "choices", choices)
        if choices and rng.random() < 0.6:
            return rng.choice(list(choices))
        return rng.choice(WORDS) * rng.choice([1, 1, 2, 50, 5000])
    return junk(rng)


def schema_args(rng, schema, ids):
    args = {}
    for name, field in schema.fields.items():
        if (field.required or rng.random() < 0.6) and rng.random() < 0.92:
            args[field.data_key or name] = field_value(rng, name, field, ids)
    if rng.random() < 0.1:
        args[rng.choice(["extra", "id", "workshop_id", "role"])] = junk(rng)
    return args


def fuzz_event(rng, commands, ids):
    """One (event name, arguments) that a server must survive."""
    roll = rng.random()
    if roll < 0.5:
        name = rng.choice(sorted(commands))
        return "cmd", ({"name": name, "args": schema_args(rng, commands[name](), ids)},)
    if roll < 0.62:
        return "cmd", (rng.choice([
            None, [], "idea.add", 5, {"name": None}, {"name": ["idea.add"]},
            {"name": rng.choice(sorted(commands)), "args": junk(rng)},
            {"name": rng.choice(WORDS) * 3, "args": {}},
            {"name": "idea.add", "args": {"text": "x" * HUGE}} if rng.random() < 0.05 else {},
            {"args": {}}, junk(rng)]),)
    if roll < 0.72:
        return "sync", (rng.choice([{"since": rng.choice(NUMBERS)}, junk(rng), None,
                                    {"since": None}, {"since": 0, "x": 1}]),)
    if roll < 0.77:
        return "time", (junk(rng),)
    if roll < 0.82:
        return "cmd", ({"name": "idea.add"}, junk(rng), junk(rng))  # more arguments than one
    name = rng.choice(["connect", "disconnect", "message", "json", "*", "", "paja:malformed",
                       "ev", "sync ", "CMD", "x" * 5000, "bye", "connect_error"]
                      + [rng.choice(WORDS) * 2])
    return name, (junk(rng),)


def raw_frame(rng, workshop_id):
    """A frame as a buggy or hostile client could write it by hand."""
    nested = "[" * 3000 + "]" * 3000
    return rng.choice([
        "", "x", "9", "4", "6", "2", "3", "b!!!", "bAAAA", "4x", "47", "44", '44"no"', "46",
        "42", "42{}", "42[]", "42[[1]]", "42[1]", "42[null]", '42["cmd"', '42"cmd"', "42 1",
        "43", "431", '431["late"]', "4/admin,", '42/admin,["cmd",{}]', "40/nowhere,",
        '40{"workshop":' + json.dumps(workshop_id) + "}", "40[]", "40{", "41",
        '42["cmd",' + nested + "]", "42" + nested, '42["connect",{}]', '42["disconnect"]',
        '42["paja:malformed",{}]', '42["time",{}]', '421["time",{}]', '4299["sync",{"since":-1}]',
        "4" + "2" * 120 + '["time"]', '421-["cmd",{"_placeholder":true,"num":0}]',
        '451-["cmd",{"_placeholder":true,"num":0}]', '451-[{"_placeholder":true,"num":0}]',
        '451-["cmd",{"_placeholder":true,"num":9}]', '4599999999999-["cmd"]',
        '42["cmd",{"name":"idea.add","args":{"text":"' + "x" * HUGE + '"}}]'
        if rng.random() < 0.05 else '42["cmd",{"name":"idea.add","args":{}}]',
        '42["cmd",{"name":"idea.add","args":' + json.dumps(junk(rng), default=repr) + "}]",
        "4" + "".join(rng.choice('[]{}",:0123456789abc\\ ') for _ in range(rng.randint(1, 60))),
        bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 40))),
    ])


# -- the fuzzing process -------------------------------------------------------------------


class Budget:
    def __init__(self, total):
        self.left = total
        self.lock = threading.Lock()

    def take(self) -> bool:
        with self.lock:
            if self.left <= 0:
                return False
            self.left -= 1
            return True


def fuzz_main() -> None:  # pragma: no cover - runs in its own process
    """Read the plan from stdin, say "ready", wait for "go", fuzz, print what happened."""
    import warnings

    warnings.simplefilter("ignore")
    sys.path.insert(0, str(HERE))
    import requests
    import socketio
    import websocket
    from live_client import WebClient

    from server.live.commands import COMMANDS

    plan = json.loads(sys.stdin.readline())
    commands = {name: command.schema for name, command in COMMANDS.items()}
    url, workshop_id = plan["url"], plan["workshop"]
    lock = threading.Lock()
    stats = {"statuses": Counter(), "errors": [], "connections": 0, "byes": 0,
             "refused_connections": 0, "raw_frames": 0, "events": 0}

    def join():
        web = WebClient(url)
        response = web.api("POST", "/api/join", json={
            "code": plan["code"], "id": str(uuid.uuid4()), "display_name": "Fuzz"})
        assert response.status_code == 200, response.text
        return web

    # A few people, each reconnecting as themselves when cut off: what one buggy or hostile
    # phone (or a handful) can do. The first is the facilitator, who may run every command.
    people = [WebClient(url).login("anna", plan["password"])]
    people += [join() for _ in range(plan["workers"])]
    stop = threading.Event()

    def note(status, event, args):
        with lock:
            stats["statuses"][status] += 1
            if status >= 500 and len(stats["errors"]) < 20:
                stats["errors"].append({"event": event, "args": repr(args)[:3000]})

    def socket_worker(index, budget):
        rng = random.Random(SEED + index)
        web = people[index]
        # A few phones going wrong one after another, not in step: each starts with its
        # whole burst, and bursts all landing in the same instant is a different attack
        # (many people at once), which per-person limits cannot be the answer to.
        stop.wait(1.5 * index)
        while budget.left > 0:
            sio = socketio.Client(http_session=web.http, reconnection=False)
            slots = threading.Semaphore(WINDOW)
            sio.on("bye", lambda _data: stats.__setitem__("byes", stats["byes"] + 1))
            try:
                sio.connect(url, auth={"workshop": workshop_id}, transports=["websocket"],
                            wait_timeout=10)
            except socketio.exceptions.ConnectionError:
                with lock:
                    stats["refused_connections"] += 1
                stop.wait(0.5)  # connecting too often: the server says when it may again
                continue
            with lock:
                stats["connections"] += 1
            while sio.connected:
                if not slots.acquire(timeout=0.5):
                    continue
                if not budget.take():
                    break
                event, args = fuzz_event(rng, commands, plan["ids"])

                def answered(*reply, event=event, args=args, slots=slots):
                    slots.release()
                    first = reply[0] if reply else None
                    status = 200
                    if isinstance(first, dict) and first.get("ok") is False:
                        status = (first.get("error") or {}).get("status", 0)
                    note(status, event, args)

                # Cut off while sending: it was still sent, as far as this client knows.
                with contextlib.suppress(socketio.exceptions.BadNamespaceError, OSError,
                                         ValueError):
                    sio.emit(event, args, callback=answered)
                with lock:
                    stats["events"] += 1
            # The budget is spent: wait for the last window's answers (they are counted too)
            # unless the server has cut us off, in which case they never come.
            drain_until = time.monotonic() + 10
            for _ in range(WINDOW):
                if not sio.connected or not slots.acquire(
                        timeout=max(0.01, drain_until - time.monotonic())):
                    break
            with contextlib.suppress(Exception):  # a closed socket is what we want
                sio.disconnect()

    def raw_worker(index, budget):
        rng = random.Random(SEED + 1000 + index)
        host = url.removeprefix("http://")
        web = people[-1]
        while budget.left > 0:
            cookie = "; ".join(f"{c.name}={c.value}" for c in web.http.cookies)
            try:
                ws = websocket.create_connection(
                    f"ws://{host}/socket.io/?EIO=4&transport=websocket",
                    header=[f"Cookie: {cookie}"], origin=url, timeout=10)
                ws.recv()  # engine.io's open packet
                ws.send("40" + json.dumps({"workshop": workshop_id}))
                with lock:
                    stats["connections"] += 1
                for _ in range(rng.randint(20, 120)):
                    if not budget.take():
                        break
                    frame = raw_frame(rng, workshop_id)
                    with lock:
                        stats["raw_frames"] += 1
                    if isinstance(frame, bytes):
                        ws.send_binary(frame)
                    else:
                        ws.send(frame)
            except (OSError, websocket.WebSocketException):
                pass  # the server may close on a bad engine.io frame; open another
            finally:
                with contextlib.suppress(Exception):
                    ws.close()

    print("ready", flush=True)
    assert sys.stdin.readline().strip() == "go"
    started = time.monotonic()
    raw_total = int(TOTAL * RAW_SHARE)
    socket_budget, raw_budget = Budget(TOTAL - raw_total), Budget(raw_total)
    threads = [threading.Thread(target=socket_worker, args=(i, socket_budget), daemon=True)
               for i in range(len(people) - 1)]
    threads.append(threading.Thread(target=raw_worker, args=(0, raw_budget), daemon=True))
    for thread in threads:
        thread.start()
    deadline = started + plan["deadline"]
    for thread in threads:
        thread.join(timeout=max(0.1, deadline - time.monotonic()))
    stats["seconds"] = time.monotonic() - started
    stats["sent"] = (TOTAL - raw_total - socket_budget.left) + (raw_total - raw_budget.left)
    stats["statuses"] = dict(stats["statuses"])
    requests.get(url + "/", timeout=10)
    print(json.dumps(stats), flush=True)


# -- the test --------------------------------------------------------------------------------


def p95(samples):
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


class Probe:
    """Another participant, asking the server's time 8 times a second (inside the limit)."""

    def __init__(self, sock):
        self.sock = sock
        self.samples: list[float] = []
        self.failures = 0
        self.stop = threading.Event()
        self.thread = None

    def measure(self, count=None):
        while not self.stop.wait(0.125):
            started = time.monotonic()
            try:
                reply = self.sock.sio.call("time", {}, timeout=10)
                assert reply["ok"], reply
                self.samples.append(time.monotonic() - started)
            except Exception:
                self.failures += 1
            if count is not None and len(self.samples) >= count:
                return

    def start(self):
        self.thread = threading.Thread(target=self.measure, daemon=True)
        self.thread.start()

    def finish(self):
        self.stop.set()
        self.thread.join(timeout=15)


@pytest.mark.parametrize("live_server", ["eventlet"], indirect=True)
def test_ten_thousand_malformed_events(live_server):
    from conftest import PASSWORD
    from test_realtime import setup_workshop

    laptop, workshop, sessions = setup_workshop(live_server)
    cockpit = laptop.live(workshop["id"])
    assert cockpit.cmd("session.start", session_id=sessions[0]["id"])["ok"]
    state = laptop.api("GET", f"/api/workshops/{workshop['id']}/state").json()
    ids = sorted({row["id"] for rows in state["entities"].values() for row in rows
                  if isinstance(row, dict) and isinstance(row.get("id"), str)})
    for session in state["entities"]["session"]:
        ids += [phase["id"] for phase in session.get("phases", [])]
    from live_client import WebClient

    probe_web = WebClient(live_server.url)
    probe_web.join(workshop["join_code"], "Mittari")
    probe = Probe(probe_web.live(workshop["id"]))
    probe.sock.sync()

    fuzzer = subprocess.Popen(
        [sys.executable, "-c", "import test_socket_fuzz as t; t.fuzz_main()"], cwd=HERE,
        env={**os.environ, "PYTHONPATH": f"{HERE}{os.pathsep}{HERE.parent}"},
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        fuzzer.stdin.write(json.dumps({
            "url": live_server.url, "workshop": workshop["id"], "code": workshop["join_code"],
            "password": PASSWORD, "ids": ids, "workers": 3, "deadline": 70,
        }) + "\n")
        fuzzer.stdin.flush()
        assert fuzzer.stdout.readline().strip() == "ready"
        log_before = live_server.log.stat().st_size

        probe.measure(count=48)  # 6 s of the room's normal pace, before the fuzz
        baseline = p95(probe.samples)
        probe.samples.clear()
        probe.start()
        fuzzer.stdin.write("go\n")
        fuzzer.stdin.flush()
        out, _ = fuzzer.communicate(timeout=90)
    finally:
        if fuzzer.poll() is None:
            fuzzer.kill()
        probe.finish()
    during = list(probe.samples)
    stats = json.loads(out.strip().splitlines()[-1])
    log = live_server.log.read_text()
    print(f"fuzz: {stats['sent']} events in {stats['seconds']:.1f} s over "
          f"{stats['connections']} connections ({stats['byes']} disconnected for flooding); "
          f"answers by status {stats['statuses']}; log grew {len(log) - log_before} bytes; "
          f"probe p95 {baseline * 1000:.1f} ms before, {p95(during) * 1000:.1f} ms during "
          f"({len(during)} samples)")

    assert stats["sent"] == TOTAL, stats
    assert not stats["errors"], stats["errors"]  # no acknowledgement with a 5xx status
    assert stats["statuses"].get("429", 0) > 0 and stats["byes"] > 0  # it was limited
    # Every traceback is a bug, but the fuzz must be able to report a few without the log
    # growing with the number of events: each place that raises logs at most one.
    assert log.count("Traceback") <= 3, log[-20_000:]
    assert len(log) - log_before < 300_000, log[-5_000:]

    # The server still answers, and the probe never lost its connection.
    assert probe.failures == 0 and probe.sock.sio.connected
    assert probe.sock.sio.call("time", {}, timeout=5)["ok"]
    assert probe.sock.sio.call("sync", {"since": 0}, timeout=5)["ok"]
    # (The facilitator's own allowance may still be spent by the fuzz: a connect is enough.)
    fresh = WebClient(live_server.url).login("anna", PASSWORD).live(workshop["id"])
    assert "snapshot" in fresh.sync()

    # Twice the baseline, with a floor of 200 ms over it. The baseline p95 of a `time` round
    # trip on loopback is a few milliseconds, where doubling is noise. The floor is not the
    # 50 ms one would like: the rate limits bound how often a flooding client gets work
    # done, not how long one piece of it holds the eventlet process (a connect's snapshot,
    # a facilitator's regrouping: 30-200 ms each, none of them yielding), and on this shared
    # 2-core machine the p95 during the fuzz measured 35-145 ms over runs (the same fuzz
    # against another server: no change at all, so it is this server's, not the machine's).
    # Before the limits, a flood took this to a second and more.
    allowed = max(2 * baseline, baseline + 0.200)
    assert len(during) >= 20, during
    assert p95(during) <= allowed, (baseline, p95(during), sorted(during)[-10:])
    probe.sock.close()
    fresh.close()
    cockpit.close()
