"""Reminders leave the server safely: e-mail is encrypted before the SMTP password is sent
(STARTTLS, or TLS from the first byte), and a chat webhook cannot be turned into a way into
the server's own network - not by a redirect, not by DNS that answers differently between
the check and the connection, not over plain http.

Real local servers stand in for the outside world: aiosmtpd with a certificate from a CA
made for the test, and small HTTP(S) servers. The app runs in this process, so the test
can play the DNS resolver by replacing socket.getaddrinfo."""

import http.server
import socket
import ssl
import subprocess
import threading

import pytest
from test_framing import ok
from test_reminders import (  # noqa: F401 - overdue is a fixture
    join_a_pilot_team,
    overdue,
    run_reminders,
)

pytestmark = pytest.mark.transport

# A public address (example.com's) that the fake resolver gives for the webhook's host;
# the test routes connections to it to a local server, so nothing leaves the machine.
PUBLIC = "93.184.215.14"
HOOK_HOST = "hook.example.com"


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    """A CA and a server certificate it signed, for 127.0.0.1, localhost and HOOK_HOST."""
    folder = tmp_path_factory.mktemp("certs")

    def openssl(*args):
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True,
                       timeout=60)

    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl("req", "-x509", *key, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/CN=Paja test CA", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    openssl("req", "-x509", *key, "-keyout", "server.key", "-out", "server.pem", "-days", "2",
            "-CA", "ca.pem", "-CAkey", "ca.key", "-subj", "/CN=localhost",
            "-addext", f"subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:{HOOK_HOST}",
            "-addext", "basicConstraints=critical,CA:FALSE",
            "-addext", "extendedKeyUsage=serverAuth")
    return {"ca": str(folder / "ca.pem"), "cert": str(folder / "server.pem"),
            "key": str(folder / "server.key")}


def server_context(certs) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certs["cert"], certs["key"])
    return context


def deliveries(app):
    from server.extensions import db
    from server.reminders.models import Delivery

    with app.app_context():
        rows = [(d.status, d.attempts, d.last_error) for d in db.session.query(Delivery)]
        db.session.remove()
    return rows


def retry_now(app):
    """Let a failed delivery's wait pass."""
    from datetime import timedelta

    from server.extensions import db
    from server.reminders.models import Delivery
    from server.timeutil import utcnow

    with app.app_context():
        db.session.query(Delivery).update({"next_attempt_at": utcnow() - timedelta(seconds=1)})
        db.session.commit()
        db.session.remove()


# -- e-mail ---------------------------------------------------------------------------------


def encrypted(smtp_server) -> bool:
    """Whether an aiosmtpd session runs over TLS (from its STARTTLS or from the start)."""
    return smtp_server.transport.get_extra_info("ssl_object") is not None


class Mailbox:
    """An aiosmtpd server that records each login and message, and whether TLS was on."""

    def __init__(self, **options):
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        self.logins, self.messages = [], []

        def authenticator(server, session, envelope, mechanism, auth_data):
            self.logins.append((encrypted(server), auth_data.login, auth_data.password))
            return AuthResult(success=True)

        outer = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 - its name
                outer.messages.append((encrypted(server), envelope.rcpt_tos))
                return "250 OK"

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        # AUTH is offered before TLS too, so a client that logs in too early is seen doing it.
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port,
                                     authenticator=authenticator, auth_require_tls=False,
                                     **options)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def email_pertti(app, pertti, workshop, port, **config):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_FROM="paja@test.fi",
                      SMTP_USER="paja", SMTP_PASSWORD="salasana", **config)
    ok(pertti, workshop, "notify.preferences", email="pertti@example.fi",
       channels=["app", "email"])


def test_email_uses_starttls_and_logs_in_only_once_encrypted(app, overdue, certs):  # noqa: F811
    workshop, _maija, pertti = overdue
    with Mailbox(tls_context=server_context(certs)) as mailbox:
        email_pertti(app, pertti, workshop, mailbox.port, SMTP_CA_FILE=certs["ca"])
        output = run_reminders(app)
        assert "sent: 1" in output, (output, deliveries(app))
        assert mailbox.logins == [(True, b"paja", b"salasana")]
        assert mailbox.messages == [(True, ["pertti@example.fi"])]


def test_email_over_implicit_tls(app, overdue, certs):  # noqa: F811
    workshop, _maija, pertti = overdue
    with Mailbox(ssl_context=server_context(certs)) as mailbox:
        email_pertti(app, pertti, workshop, mailbox.port, SMTP_SSL=True,
                     SMTP_CA_FILE=certs["ca"])
        output = run_reminders(app)
        assert "sent: 1" in output, (output, deliveries(app))
        assert mailbox.logins == [(True, b"paja", b"salasana")]
        assert mailbox.messages == [(True, ["pertti@example.fi"])]


def test_email_certificate_is_checked(app, overdue, certs):  # noqa: F811
    """STARTTLS to a server whose certificate nobody vouches for: no login, no message."""
    workshop, _maija, pertti = overdue
    with Mailbox(tls_context=server_context(certs)) as mailbox:
        email_pertti(app, pertti, workshop, mailbox.port)  # the test CA is not trusted
        assert "sent: 0" in run_reminders(app)
        assert mailbox.logins == [] and mailbox.messages == []
        [(status, attempts, error)] = deliveries(app)
        assert (status, attempts) == ("pending", 1) and "CERTIFICATE_VERIFY_FAILED" in error


def test_email_password_is_never_sent_unencrypted(app, overdue):  # noqa: F811
    workshop, _maija, pertti = overdue
    with Mailbox() as mailbox:  # no STARTTLS on offer
        email_pertti(app, pertti, workshop, mailbox.port)
        assert "sent: 0" in run_reminders(app)
        assert mailbox.logins == [] and mailbox.messages == []
        [(status, attempts, error)] = deliveries(app)
        assert (status, attempts) == ("pending", 1)  # tried again later, as any failure
        assert "offers no STARTTLS" in error and "unencrypted" in error
        # An operator who knowingly accepts that can say so.
        app.config["SMTP_ALLOW_PLAINTEXT_LOGIN"] = True
        retry_now(app)
        assert "sent: 1" in run_reminders(app)
        assert mailbox.logins == [(False, b"paja", b"salasana")]
        assert mailbox.messages == [(False, ["pertti@example.fi"])]


# -- webhooks --------------------------------------------------------------------------------


class Hook:
    """A local HTTP(S) server that records every request and answers ``status``."""

    def __init__(self, status=200, headers=None, tls: ssl.SSLContext | None = None):
        self.requests = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                outer.requests.append((self.command, self.headers["Host"],
                                       self.rfile.read(length).decode()))
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = answer  # noqa: N815 - the http.server names

            def log_message(self, *args):
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.server.timeout = 0.2
        self.port = self.server.server_address[1]
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}/hook"
        self.stop = threading.Event()

        def serve():  # not serve_forever: its shutdown() can hang once eventlet has patched
            while not self.stop.is_set():
                self.server.handle_request()

        self.thread = threading.Thread(target=serve, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=5)
        self.server.server_close()


def chat_pertti(facilitator, pertti, workshop, url):
    join_a_pilot_team(facilitator, workshop, pertti)  # a chat channel is a pilot team's
    ok(pertti, workshop, "notify.preferences", webhook_url=url, channels=["app", "chat"])


def test_webhook_redirect_is_not_followed(app, facilitator, overdue):  # noqa: F811
    workshop, _maija, pertti = overdue
    app.config["WEBHOOK_ALLOW_HTTP"] = True  # local hooks, so only the redirect is at issue
    with Hook() as elsewhere, Hook(302, {"Location": elsewhere.url}) as hook:
        chat_pertti(facilitator, pertti, workshop, hook.url)
        assert "sent: 0" in run_reminders(app)
        assert [method for method, _host, _body in hook.requests] == ["POST"]
        assert elsewhere.requests == []
        [(status, attempts, error)] = deliveries(app)
        assert (status, attempts) == ("pending", 1)
        assert "302" in error and "redirect" in error


@pytest.fixture
def resolver(monkeypatch):
    """Play DNS for HOOK_HOST: ``answers`` is what each lookup gets in turn (the last one
    repeats), and connections to PUBLIC go to ``routes[PUBLIC]`` on this machine."""
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.create_connection
    state = {"answers": [[PUBLIC]], "lookups": 0, "routes": {}, "connected": []}

    def getaddrinfo(host, port, *args, **kwargs):
        if host != HOOK_HOST:
            return real_getaddrinfo(host, port, *args, **kwargs)
        answers = state["answers"]
        addresses = answers[min(state["lookups"], len(answers) - 1)]
        state["lookups"] += 1
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "",
                 (address, port or 0)) for address in addresses]

    def create_connection(address, *args, **kwargs):
        state["connected"].append(address)
        host, port = address[:2]
        if host in state["routes"]:
            return real_connect(state["routes"][host], *args, **kwargs)
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    return state


def test_webhook_dns_rebinding_cannot_reach_loopback(app, facilitator, overdue,  # noqa: F811
                                                     certs, resolver, monkeypatch):
    """The host resolves to a public address when checked and to 127.0.0.1 a moment later:
    the request goes to the address that was checked, never to the loopback server."""
    workshop, _maija, pertti = overdue
    monkeypatch.setenv("SSL_CERT_FILE", certs["ca"])  # the hook's certificate is trusted
    tls = server_context(certs)
    with Hook(tls=tls) as public, Hook(tls=tls) as loopback:
        resolver["routes"][PUBLIC] = ("127.0.0.1", public.port)
        url = f"https://{HOOK_HOST}:{loopback.port}/hook"
        chat_pertti(facilitator, pertti, workshop, url)
        resolver["lookups"], resolver["connected"] = 0, []
        resolver["answers"] = [[PUBLIC], ["127.0.0.1"]]  # rebinds after the first answer
        output = run_reminders(app)
        assert loopback.requests == []
        assert "sent: 1" in output, (output, deliveries(app))
        [(method, host, body)] = public.requests
        assert method == "POST" and host == f"{HOOK_HOST}:{loopback.port}"
        assert "Vastaa alkukyselyyn" in body
        assert resolver["lookups"] == 1 and resolver["connected"] == [(PUBLIC, loopback.port)]


def test_webhook_is_refused_if_any_address_is_inside(app, facilitator, overdue,  # noqa: F811
                                                     resolver):
    workshop, _maija, pertti = overdue
    with Hook() as loopback:
        url = f"https://{HOOK_HOST}:{loopback.port}/hook"
        chat_pertti(facilitator, pertti, workshop, url)
        resolver["answers"], resolver["connected"] = [[PUBLIC, "127.0.0.1"]], []
        assert "sent: 0" in run_reminders(app)
        assert loopback.requests == [] and resolver["connected"] == []
        [(_status, attempts, error)] = deliveries(app)
        assert attempts == 1 and "inside the network (127.0.0.1)" in error


def test_webhook_must_be_https_when_sent(app, facilitator, overdue, resolver):  # noqa: F811
    """An http:// address saved while development allowed it is not used once it does not."""
    workshop, _maija, pertti = overdue
    with Hook() as hook:
        resolver["routes"][PUBLIC] = ("127.0.0.1", hook.port)
        app.config["WEBHOOK_ALLOW_HTTP"] = True
        chat_pertti(facilitator, pertti, workshop, f"http://{HOOK_HOST}:{hook.port}/hook")
        app.config["WEBHOOK_ALLOW_HTTP"] = False
        assert "sent: 0" in run_reminders(app)
        assert hook.requests == []
        [(_status, attempts, error)] = deliveries(app)
        assert attempts == 1 and "not https" in error
