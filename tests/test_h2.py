"""Paja through deploy/haproxy.cfg's TLS frontend, in Chromium over HTTP/2.

HAProxy runs deploy/haproxy.cfg with its addresses rewritten (as tests/test_cluster.py
does) and a self-signed certificate made for this run, in front of one Paja process.
A phone joins in Chromium over https: pages, modules and the API come over h2, the
Socket.IO WebSocket rides on the same h2 connection (RFC 8441: Chromium sends an extended
CONNECT, which HAProxy turns into an HTTP/1.1 upgrade towards Paja), long-polling works
over h2 too, and plain HTTP is sent to the https address.

Needs haproxy and openssl: skipped without them, failed without them in CI.
"""

from __future__ import annotations

import os
import re
import subprocess
import uuid
from pathlib import Path

import pytest
from conftest import PASSWORD, PHONE, LiveServer, free_port
from live_client import WebClient
from test_browser_board import command, entities
from test_cluster import need_program, proxy_config, until, wait_for_port

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.transport]

CONNECTED = '#connection[data-state="connected"], #connection[data-state="saved"]'
# Test-only: a phone carrying this cookie has its WebSocket refused by the proxy, as a
# network that lets no WebSocket through would.
REFUSE_WEBSOCKET = "paja_test_refuse_websocket"


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A throwaway certificate for 127.0.0.1: HAProxy's PEM (certificate and key in one
    file) and the certificate alone, for the test's own HTTP client to trust."""
    openssl = need_program("openssl", "apt-get install openssl")
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=30)
    pem = folder / "paja.pem"
    pem.write_text(cert.read_text() + key.read_text())
    return pem, cert


class Edge:
    """One Paja process behind deploy/haproxy.cfg: https on ``url``, plain on ``http_url``."""

    def __init__(self, folder: Path, haproxy: str):
        pem, self.certificate = make_certificate(folder)
        http_port, tls_port = free_port(), free_port()
        self.url = f"https://127.0.0.1:{tls_port}"
        self.http_url = f"http://127.0.0.1:{http_port}"
        self.server = LiveServer(folder, "eventlet").prepare()
        self.server.env.update({"PAJA_PROXY_COUNT": "1", "PAJA_PUBLIC_URL": self.url,
                                "PAJA_SECURE_COOKIES": "1"})
        text = proxy_config(http_port, {"paja1": self.server.port}, tls=(tls_port, pem))
        refuse = (f"    http-request deny deny_status 403 if {{ req.cook({REFUSE_WEBSOCKET}) "
                  "-m found } { url_param(transport) -m str websocket }\n")
        text = text.replace("    default_backend paja\n", refuse + "    default_backend paja\n")
        config = folder / "haproxy.cfg"
        config.write_text(text)
        self.command = [haproxy, "-db", "-f", str(config)]
        self.log = folder / "haproxy.log"
        self.ports = http_port, tls_port
        self.haproxy = None

    def start(self) -> None:
        # As in deploy/compose.yaml: the proxy knows the public address (for its redirect).
        env = {**os.environ, "PAJA_PUBLIC_URL": self.url}
        check = subprocess.run([*self.command, "-c"], capture_output=True, text=True, env=env)
        assert check.returncode == 0, check.stdout + check.stderr
        self.server.start()
        with self.log.open("w") as log:
            self.haproxy = subprocess.Popen(self.command, stdout=log, stderr=subprocess.STDOUT,
                                            env=env)
        for port in self.ports:
            wait_for_port(port, self.haproxy, self.log, "haproxy")

    def stop(self) -> None:
        if self.haproxy and self.haproxy.poll() is None:
            self.haproxy.terminate()
            self.haproxy.wait(timeout=10)
        self.server.stop()

    def web(self) -> WebClient:
        """The test's own HTTP client through the proxy, trusting this run's certificate
        (trust_env off: REQUESTS_CA_BUNDLE would replace it)."""
        web = WebClient(self.url)
        web.http.verify = str(self.certificate)
        web.http.trust_env = False
        return web

    def logged(self, pattern: str) -> list[str]:
        """HAProxy's log lines (one per finished request) matching ``pattern``."""
        return [line for line in self.log.read_text().splitlines() if re.search(pattern, line)]


@pytest.fixture(scope="module")
def edge(tmp_path_factory):
    haproxy = need_program("haproxy", "apt-get install haproxy; bin/test does as root")
    edge = Edge(tmp_path_factory.mktemp("h2"), haproxy)
    try:
        edge.start()
        yield edge
    finally:
        edge.stop()


@pytest.fixture(scope="module")
def workshop(edge):
    """A workshop in its ideation phase with one live question, made over https."""
    laptop = edge.web()
    laptop.get("/login")
    # Over https the CSRF check also wants the Referer a browser sends.
    answer = laptop.post_form("/login", {"username": "anna", "password": PASSWORD},
                              headers={"Referer": edge.url + "/login"})
    assert answer.status_code == 302, answer.text
    laptop.get("/f")
    made = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching"}).json()
    group = command(laptop, made, "group.split", count=1, method="random")[0]
    state = entities(laptop, made)
    challenge = next(c for c in state["challenge"] if c["group_id"] == group["id"])
    hmw = command(laptop, made, "hmw.save", id=str(uuid.uuid4()), challenge_id=challenge["id"],
                  text="Miten voisimme auttaa asioinnissa verkossa?")
    command(laptop, made, "hmw.settings", hmw_id=hmw["id"], live=True)
    live = sorted(state["session"], key=lambda s: s["position"])[2]
    command(laptop, made, "session.start", session_id=live["id"])
    phase = next(p for p in live["phases"] if p["activity"] == "ideation")
    command(laptop, made, "session.phase", session_id=live["id"], phase_id=phase["id"])
    return {**made, "laptop": laptop, "hmw": hmw}


class Phone:
    """A phone's Chromium context over https, recording what CDP says of each response."""

    def __init__(self, browser, edge, refuse_websocket=False):
        self.context = browser.new_context(**PHONE, locale="fi-FI", ignore_https_errors=True)
        if refuse_websocket:
            self.context.add_cookies([{"name": REFUSE_WEBSOCKET, "value": "1",
                                       "url": edge.url}])
        self.page = self.context.new_page()
        self.protocols: dict[str, str] = {}
        self.handshakes: list[int] = []
        cdp = self.context.new_cdp_session(self.page)
        cdp.send("Network.enable")
        cdp.on("Network.responseReceived", lambda e: self.protocols.setdefault(
            e["response"]["url"], e["response"].get("protocol", "")))
        cdp.on("Network.webSocketHandshakeResponseReceived",
               lambda e: self.handshakes.append(e["response"]["status"]))

    def join(self, edge, workshop, name, connected=True):
        self.page.goto(f"{edge.url}/j/{workshop['join_code']}")
        self.page.fill("#display_name", name)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(re.compile(r".*/w/.*"))
        if connected:
            self.page.wait_for_selector(CONNECTED, timeout=20000)
        return self.page

    def close(self):
        self.context.close()


def test_a_phone_joins_and_works_over_http2_with_its_websocket_on_the_same_connection(
        browser, edge, workshop):
    phone = Phone(browser, edge)
    try:
        page = phone.join(edge, workshop, "Hanna")
        page.wait_for_selector(".question-text:has-text('Miten voisimme auttaa')")
        # An idea goes up the socket and its acknowledgement comes back down.
        page.fill("#idea-text", "Idea yli HTTP/2:n")
        page.click("#board form button[type=submit]")
        page.wait_for_selector(".ideas.mine .idea-card:not(.pending):has-text('HTTP/2:n')")
        # The room's change comes to the phone as an event on the socket.
        command(workshop["laptop"], workshop, "hmw.save", id=workshop["hmw"]["id"],
                challenge_id=workshop["hmw"]["challenge_id"], text="Miten voisimme neuvoa?")
        page.wait_for_selector(".question-text:has-text('Miten voisimme neuvoa?')")
        # The API from the page, as its scripts call it.
        status = page.evaluate(f"fetch('/api/workshops/{workshop['id']}/state')"
                               ".then(r => r.status)")
        assert status == 200
        ideas = entities(workshop["laptop"], workshop)["idea"]
        assert "Idea yli HTTP/2:n" in [i["text"] for i in ideas]
        # Every page, stylesheet, module, string file and API answer came over h2 (CDP's
        # events come a moment after the page has its answer, and only while Playwright
        # is called: the tick waits in the page).
        until(lambda: any("/api/workshops/" in url for url in phone.protocols),
              "CDP to report the API answer", tick=lambda: page.wait_for_timeout(50))
        http = {url: p for url, p in phone.protocols.items() if url.startswith("https:")}
        assert any(url.endswith(".js") for url in http)
        assert set(http.values()) == {"h2"}, http
        # WebSocket over h2 (RFC 8441): the extended CONNECT is answered 200, where an
        # HTTP/1.1 upgrade is answered 101 (CDP reports the status it got).
        assert phone.handshakes == [200]
    finally:
        phone.close()
    # HAProxy logs a request when it ends: the socket, once the phone has gone. It came as
    # HTTP/2 on the connection (client port) the pages came on, and Paja upgraded it (101).
    socket_line = until(lambda: edge.logged(r"transport=websocket HTTP/2\.0\"$"),
                        "HAProxy to log the WebSocket")[-1]
    assert re.search(r" 101 \d+ ", socket_line), socket_line
    client = socket_line.split()[0]
    pages = edge.logged(rf"^{re.escape(client)} .*\"GET https://\S+/w/\S+ HTTP/2\.0\"$")
    assert pages, f"the board page did not come on the socket's connection {client}"


def test_long_polling_works_over_http2(browser, edge, workshop):
    phone = Phone(browser, edge)
    try:
        page = phone.join(edge, workshop, "Pollari")
        # A second Socket.IO client in the same page, long-polling only, with the phone's
        # cookies: the transport live.js would fall back to.
        got = page.evaluate("""async (workshop) => {
            const url = performance.getEntriesByType("resource")
                .map((entry) => entry.name).find((name) => name.includes("socket.io.esm"));
            const { io } = await import(url);
            const socket = io({ transports: ["polling"], forceNew: true,
                                auth: { workshop, since: null } });
            try {
                return await new Promise((resolve, reject) => {
                    socket.on("sync", (sync) => resolve({
                        transport: socket.io.engine.transport.name,
                        snapshot: Boolean(sync?.data?.snapshot ?? sync?.snapshot),
                    }));
                    socket.on("connect_error", (error) => reject(new Error(error.message)));
                    setTimeout(() => reject(new Error("no sync in 15 s")), 15000);
                });
            } finally {
                socket.close();
            }
        }""", workshop["id"])
        assert got == {"transport": "polling", "snapshot": True}
        polls = {url: p for url, p in phone.protocols.items() if "transport=polling" in url}
        assert polls and set(polls.values()) == {"h2"}, polls
    finally:
        phone.close()


def test_a_phone_whose_websocket_is_refused_falls_back_to_long_polling(
        browser, edge, workshop):
    phone = Phone(browser, edge, refuse_websocket=True)
    try:
        page = phone.join(edge, workshop, "Ilman sokettia", connected=False)
        page.wait_for_selector(CONNECTED, timeout=15000)
    finally:
        phone.close()
    assert edge.logged(r" 403 .*transport=websocket"), "the proxy refused no WebSocket"


def test_plain_http_is_sent_to_the_https_address(edge):
    answer = WebClient(edge.http_url).http.get(edge.http_url + "/j/ABC123?lang=sv",
                                               allow_redirects=False, timeout=10)
    assert answer.status_code == 301
    assert answer.headers["Location"] == edge.url + "/j/ABC123?lang=sv"
    secure = edge.web().get("/login")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
