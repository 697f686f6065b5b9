"""The phone page on slow 3G with a 4x slower CPU, in Chromium: time to usable, bytes, requests.

    .venv/bin/python bench/phone_page.py [--runs 3] [--latency 400] [--kbit 400] [--cpu 4]
        [--typing 4] [--waterfall FILE] [--via direct,h2]

Starts its own server (eventlet, a temporary instance folder, SQLite) with a workshop in
its ideation phase, and opens the join link as a phone would, with Chrome DevTools'
network emulation (Network.emulateNetworkConditions: --latency ms, --kbit kbit/s down and
up) and CPU throttling (Emulation.setCPUThrottlingRate --cpu).

What "usable" means here:
  join form usable  from navigating to the join link (/j/<code>) to the page's load event
                    with the name field visible (the form works without script, so that is
                    when a person can type and send it);
  board connected   from pressing "Join" to the participant page saying it is connected
                    (#connection[data-state=connected]: its scripts ran and the socket
                    opened; the first sync may still be on its way);
  board usable      from pressing "Join" to the phone showing the room's phase with its
                    idea box (#idea-text) on screen and enabled - when a person can write
                    an idea (what they send waits in the outbox until the socket has it);
  time to usable    join form usable + board usable (typing takes no time here).
  typed: board usable  a first visit in a fresh context where the name is typed over
                    --typing seconds (default 4), as a person types it, from pressing "Join"
                    to usable: what a person waits once they press the button.
  repeat visit      the same context again (cookies and cache warm): the join link once
                    more, which sends a remembered phone straight to its board, until the
                    idea box is usable (repeat: usable) and until connected.
Bytes are what crossed the emulated network (CDP's encodedDataLength: compressed as served,
with headers); requests are HTTP requests (the WebSocket counted once). The JavaScript the
phone page loads is also shown as served and as gzip -6 would make it. The baseline, in
the same run and conditions: one request for a tiny file (the network's floor).
--waterfall FILE writes the first run's first visit, from pressing "Join" to usable, as a
waterfall: every request's start, first byte and end with its size, the WebSocket's
handshake and each frame's time and size, and the board page's main-thread time (CDP
Performance.getMetrics: script, layout, style, tasks), in seconds after the press.
--via direct,h2 measures each route in turn within every run: "direct" is the eventlet
server itself over HTTP/1.1 (six connections per host); "h2" is the same server behind
deploy/haproxy.cfg's TLS frontend (a self-signed certificate made with openssl for the
run; Chromium trusts it by its key's hash), so the browser speaks HTTP/2 over one connection and
opens its WebSocket on it (RFC 8441). With more than one route the waterfall goes to
FILE with the route's name before its suffix. CDP's emulation adds --latency to each
request (sent to first byte) and shares --kbit among them; it adds nothing to TCP or TLS
handshakes, so the h2 figures leave out TLS's round trip on the first connection.
Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import base64
import collections
import gzip
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "tests"))
sys.path.insert(0, str(BENCH))
from conftest import CHROMIUM, PASSWORD, PHONE, LiveServer, free_port  # noqa: E402
from hall import ideation_workshop  # noqa: E402
from live_client import WebClient  # noqa: E402
from test_cluster import proxy_config, wait_for_port  # noqa: E402

CONNECTED = '#connection[data-state="connected"]'
IDEA_BOX = "#idea-text"


def wait_usable(page):
    page.wait_for_selector(IDEA_BOX, state="visible", timeout=120000)
    page.wait_for_function(f"!document.querySelector({IDEA_BOX!r}).disabled", timeout=120000)


class Network:
    """Counts a page's requests and bytes through its CDP session, and keeps each one's
    timing for a waterfall (CDP's timestamps are CLOCK_MONOTONIC seconds, the clock of
    time.perf_counter on Linux)."""

    def __init__(self, cdp):
        self.cdp = cdp
        self.reset()
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.webSocketCreated", self._socket)
        cdp.on("Network.requestServedFromCache", lambda e: self.cached.add(e["requestId"]))
        cdp.on("Network.webSocketWillSendHandshakeRequest",
               lambda e: self.frames.append((e["timestamp"], "handshake sent", 0, "")))
        cdp.on("Network.webSocketHandshakeResponseReceived",
               lambda e: self.frames.append((e["timestamp"], "handshake answered", 0, "")))
        cdp.on("Network.webSocketFrameSent", lambda e: self._frame(e, "sent"))
        cdp.on("Network.webSocketFrameReceived", lambda e: self._frame(e, "received"))
        cdp.on("Network.webSocketHandshakeResponseReceived",
               lambda e: self.handshakes.append(e["response"]["status"]))

    def reset(self):
        self.requests, self.bytes, self.sockets = 0, 0, []
        self.kinds: dict[str, str] = {}
        self.urls: dict[str, str] = {}
        self.by_kind: dict[str, int] = {}
        self.cached: set[str] = set()
        self.timing: dict[str, dict] = {}
        self.frames: list[tuple[float, str, int, str]] = []
        self.protocols: collections.Counter = collections.Counter()
        self.handshakes: list[int] = []

    def _socket(self, event):
        self.sockets.append(event["url"])
        self.frames.append((time.perf_counter(), "socket created", 0, ""))

    def _frame(self, event, way):
        data = event["response"].get("payloadData", "")
        # Text frames as they are; binary ones arrive base64'd (opcode 2).
        size = len(data.encode()) if event["response"].get("opcode") == 1 else len(data) * 3 // 4
        self.frames.append((event["timestamp"], way, size, data[:24]))

    @property
    def from_cache(self) -> int:
        return len(self.cached)

    def _sent(self, event):
        self.requests += 1
        rid = event["requestId"]
        if rid in self.urls:  # a redirect: the same id goes on to the next address
            self.timing[rid + "/" + self.urls[rid]] = self.timing.pop(rid)
            self.timing[rid + "/" + self.urls[rid]]["end"] = event["timestamp"]
        self.urls[rid] = event["request"]["url"]
        self.timing[rid] = {"url": event["request"]["url"], "method": event["request"]["method"],
                            "start": event["timestamp"], "type": event.get("type", "")}

    def _response(self, event):
        self.kinds[event["requestId"]] = event.get("type", "Other")
        self.protocols[event["response"].get("protocol", "?")] += 1
        if event["requestId"] in self.timing:
            self.timing[event["requestId"]]["first byte"] = event["timestamp"]
            self.timing[event["requestId"]]["status"] = event["response"].get("status")
        if event["response"].get("fromDiskCache") or event["response"].get("fromMemoryCache"):
            self.cached.add(event["requestId"])

    def _finished(self, event):
        size = int(event.get("encodedDataLength", 0))
        self.bytes += size
        kind = self.kinds.get(event["requestId"], "Other")
        self.by_kind[kind] = self.by_kind.get(kind, 0) + size
        if event["requestId"] in self.timing:
            self.timing[event["requestId"]].update(end=event["timestamp"], bytes=size)

    def waterfall(self, began: float, since: float, until: float, metrics: dict) -> str:
        """The requests and frames from ``began`` to ``until`` (perf_counter seconds), in
        seconds after ``since`` (the press of Join: the join page's own are negative)."""
        lines = [f"{'start':>6} {'first':>6} {'end':>6} {'bytes':>7}  request"]
        rows = sorted((t for t in self.timing.values() if t["start"] >= began - 0.05),
                      key=lambda t: t["start"])
        pressed = False
        for row in rows:
            if not pressed and row["start"] >= since:
                lines.append(f"{0:6.2f}  -- Join pressed --")
                pressed = True
            first, end = row.get("first byte"), row.get("end")
            url = row["url"].split("/", 3)[-1]
            lines.append(f"{row['start'] - since:6.2f} "
                         f"{(first - since) if first else float('nan'):6.2f} "
                         f"{(end - since) if end else float('nan'):6.2f} "
                         f"{row.get('bytes', 0):7d}  {row['method']} /{url[:90]}"
                         f" {row.get('status', '')}")
        lines.append("\n  time  frame")
        for stamp, way, size, head in sorted(self.frames):
            if since - 0.05 <= stamp <= until + 1:
                lines.append(f"{stamp - since:6.2f}  {way} {size} B {head!r}")
        lines.append(f"\nusable at {until - since:.2f} s; the board page's main thread:")
        lines += [f"  {name} {value:.3f} s" for name, value in metrics.items()]
        return "\n".join(lines) + "\n"


def throttle(cdp, args):
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": args.latency,
        "downloadThroughput": args.kbit * 1000 / 8, "uploadThroughput": args.kbit * 1000 / 8})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": args.cpu})
    cdp.send("Performance.enable")


def visit(browser, base, workshop, args, run, waterfall=None):
    """One first visit, the repeat visit and the baseline through ``base`` (an address of
    one route), and the typed visit; the figures, the scripts' addresses and what CDP said
    of the first visit's protocols."""
    context = browser.new_context(**PHONE, locale="fi-FI")
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        network = Network(cdp)
        throttle(cdp, args)
        out = {}
        began = time.perf_counter()
        page.goto(f"{base}/j/{workshop['code']}", wait_until="load", timeout=120000)
        page.wait_for_selector("#display_name", state="visible", timeout=120000)
        out["join form usable s"] = time.perf_counter() - began
        page.fill("#display_name", f"Puhelin {run}")
        pressed = time.perf_counter()
        page.click("button[type=submit]")
        page.wait_for_selector(CONNECTED, timeout=120000)
        out["board connected s"] = time.perf_counter() - pressed
        wait_usable(page)
        usable = time.perf_counter()
        out["board usable s"] = usable - pressed
        if waterfall and run == 0:
            wanted = ("ScriptDuration", "TaskDuration", "LayoutDuration",
                      "RecalcStyleDuration")
            metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")[
                "metrics"] if m["name"] in wanted}
            Path(waterfall).write_text(network.waterfall(began, pressed, usable, metrics))
        out["time to usable s"] = out["join form usable s"] + out["board usable s"]
        out["first: KB transferred"] = network.bytes / 1000
        out["first: JS KB transferred"] = network.by_kind.get("Script", 0) / 1000
        out["first: requests"] = network.requests + len(network.sockets)
        scripts = sorted({url for rid, url in network.urls.items()
                          if network.kinds.get(rid) == "Script"})
        protocols = dict(network.protocols), list(network.handshakes)
        page.wait_for_timeout(500)  # let the socket settle before leaving
        network.reset()
        began = time.perf_counter()
        page.goto(f"{base}/j/{workshop['code']}", wait_until="commit", timeout=120000)
        wait_usable(page)
        out["repeat: usable s"] = time.perf_counter() - began
        page.wait_for_selector(CONNECTED, timeout=120000)
        out["repeat: connected s"] = time.perf_counter() - began
        out["repeat: KB transferred"] = network.bytes / 1000
        out["repeat: requests"] = network.requests + len(network.sockets)
        out["repeat: from cache"] = network.from_cache
        # The floor: one small request in the same conditions.
        network.reset()
        began = time.perf_counter()
        page.goto(f"{base}/static/js/sound.js", wait_until="load", timeout=120000)
        out["baseline: one small request s"] = time.perf_counter() - began
    finally:
        context.close()
    if args.typing > 0:
        out["typed: board usable s"] = typed_visit(browser, base, workshop, args, run)
    return out, scripts, protocols


def typed_visit(browser, base, workshop, args, run) -> float:
    """A first visit where the name is typed a key at a time over --typing seconds, as a
    person does (the join form's prefetches run meanwhile): from pressing Join to usable."""
    context = browser.new_context(**PHONE, locale="fi-FI")
    try:
        page = context.new_page()
        throttle(context.new_cdp_session(page), args)
        page.goto(f"{base}/j/{workshop['code']}", wait_until="load", timeout=120000)
        name = f"Puhelin {run} kirjoittaa"
        page.locator("#display_name").press_sequentially(
            name, delay=args.typing * 1000 / len(name))
        pressed = time.perf_counter()
        page.click("button[type=submit]")
        wait_usable(page)
        return time.perf_counter() - pressed
    finally:
        context.close()


def js_sizes(scripts):
    """Each script as served (its body, as Chromium would be sent it) and gzip'd here."""
    served = packed = 0
    for url in scripts:
        response = requests.get(url, headers={"Accept-Encoding": "gzip, br"}, timeout=10,
                                stream=True)
        served += len(response.raw.read())  # undecoded: the bytes on the wire
        plain = requests.get(url, timeout=10).content
        packed += len(gzip.compress(plain, 6))
    return served, packed, len(scripts)


class TlsProxy:
    """deploy/haproxy.cfg in front of ``server``: its TLS frontend (h2, http/1.1) on a free
    port with a self-signed certificate made for this run, its plain port unused."""

    def __init__(self, server: LiveServer, folder: Path):
        haproxy = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin")
        openssl = shutil.which("openssl")
        if not haproxy or not openssl:
            sys.exit("--via h2 needs haproxy and openssl (apt-get install haproxy openssl)")
        key, cert, pem = folder / "key.pem", folder / "cert.pem", folder / "paja.pem"
        subprocess.run(
            [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
             "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
             "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True, timeout=30)
        pem.write_text(cert.read_text() + key.read_text())
        # Chromium trusts this certificate by its key's hash: a certificate error ignored
        # (--ignore-certificate-errors) would also keep every answer out of the HTTP cache,
        # and with it the join page's prefetches.
        public = subprocess.run([openssl, "x509", "-in", str(cert), "-pubkey", "-noout"],
                                check=True, capture_output=True).stdout
        der = subprocess.run([openssl, "pkey", "-pubin", "-outform", "der"], input=public,
                             check=True, capture_output=True).stdout
        self.spki = base64.b64encode(hashlib.sha256(der).digest()).decode()
        self.port = free_port()
        self.url = f"https://127.0.0.1:{self.port}"
        config = folder / "haproxy.cfg"
        config.write_text(proxy_config(free_port(), {"paja1": server.port},
                                       tls=(self.port, pem)))
        self.log = folder / "haproxy.log"
        with self.log.open("w") as log:
            # No PAJA_PUBLIC_URL: the plain port would redirect, which nobody uses here.
            env = {k: v for k, v in os.environ.items() if k != "PAJA_PUBLIC_URL"}
            self.process = subprocess.Popen([haproxy, "-db", "-f", str(config)], env=env,
                                            stdout=log, stderr=subprocess.STDOUT)
        wait_for_port(self.port, self.process, self.log, "haproxy")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--latency", type=float, default=400,
                        help="ms added to each request, sent to first byte")
    parser.add_argument("--kbit", type=float, default=400, help="kbit/s, down and up")
    parser.add_argument("--cpu", type=float, default=4, help="CPU slow-down")
    parser.add_argument("--typing", type=float, default=4,
                        help="s to type the name in the typed visit (0: no typed visit)")
    parser.add_argument("--waterfall", help="write the first visit's waterfall to this file")
    parser.add_argument("--via", default="direct",
                        help="routes, in turn within each run: direct (HTTP/1.1 to the "
                             "server), h2 (HAProxy's TLS frontend, HTTP/2)")
    args = parser.parse_args()
    routes = [r.strip() for r in args.via.split(",") if r.strip()]
    if not routes or set(routes) - {"direct", "h2"}:
        parser.error("--via takes direct, h2 or both")
    from playwright.sync_api import sync_playwright

    results = {route: [] for route in routes}
    protocols = {}
    with tempfile.TemporaryDirectory() as tmp:
        server = LiveServer(Path(tmp), "eventlet")
        server.cli("db", "upgrade")
        server.cli("create-facilitator", "anna", "--name", "Anna", "--password", PASSWORD)
        server.start()
        proxy = None
        try:
            workshop = ideation_workshop(WebClient(server.url).login("anna", PASSWORD))
            bases = {"direct": server.url}
            if "h2" in routes:
                proxy = TlsProxy(server, Path(tmp))
                bases["h2"] = proxy.url
            with sync_playwright() as playwright:
                trust = [f"--ignore-certificate-errors-spki-list={proxy.spki}"] if proxy else []
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM,
                    args=["--no-sandbox", "--disable-background-networking",
                          "--disable-dev-shm-usage", *trust])
                scripts = []
                for run in range(args.runs):
                    for route in routes:
                        waterfall = args.waterfall
                        if waterfall and len(routes) > 1:
                            path = Path(waterfall)
                            waterfall = str(path.with_name(f"{path.stem}-{route}{path.suffix}"))
                        got, found, seen = visit(browser, bases[route], workshop, args, run,
                                                 waterfall)
                        if route == routes[0]:
                            scripts = [server.url + url[len(bases[route]):] for url in found]
                        protocols.setdefault(route, seen)
                        results[route].append(got)
                        print(f"run {run + 1} {route}: " + ", ".join(
                            f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}"
                            for k, v in got.items()), flush=True)
                browser.close()
            served, packed, count = js_sizes(scripts)
        finally:
            if proxy:
                proxy.stop()
            server.stop()
    targets = {"time to usable s": "< 5", "repeat: usable s": "< 2",
               "first: JS KB transferred": "<= 100"}
    print(f"\n## Phone page, slow 3G ({args.latency:.0f} ms, {args.kbit:.0f} kbit/s), "
          f"CPU {args.cpu:g}x slower, median of {args.runs}\n")
    keys = list(results[routes[0]][0])
    medians = {route: {k: statistics.median(r[k] for r in results[route]) for k in keys}
               for route in routes}
    width = max(len(k) for k in keys)
    head = "".join(f" {route:6} | / baseline |" for route in routes)
    print(f"| {'metric'.ljust(width)} |{head} target |")
    print(f"|{'-' * (width + 2)}|" + "--------|------------|" * len(routes) + "--------|")
    for key in keys:
        cells = ""
        for route in routes:
            value, floor = medians[route][key], medians[route]["baseline: one small request s"]
            ratio = (f"{value / floor:.1f}x" if key.endswith(" s") and "baseline" not in key
                     else "")
            cells += f" {value:6.2f} | {ratio:10} |"
        print(f"| {key.ljust(width)} |{cells} {targets.get(key, ''):6} |")
    print(f"\nJavaScript of the phone page: {count} files, {served / 1000:.1f} KB as served, "
          f"{packed / 1000:.1f} KB gzip -6 (target: <= 100 KB compressed)")
    for route, (seen, handshakes) in protocols.items():
        print(f"{route}: the first visit's responses by protocol {seen}; "
              f"WebSocket handshake answered {handshakes} (101: HTTP/1.1 upgrade, "
              "200: RFC 8441 over h2)")


if __name__ == "__main__":
    main()
