"""Issue 6 (reminders) through the public surface: reminders to members who have not done
an open task by its due date and to pilot teams gone quiet, made once - across repeated
runs, a restart and two processes at once - and delivered in the app, by e-mail (a local
SMTP server) and by webhook (a local HTTP server that fails first, so the retry shows)."""

import http.server
import threading
import uuid
from datetime import date, timedelta

import pytest
from conftest import join_as
from test_framing import do, ok, state


def new():
    return str(uuid.uuid4())


def run_reminders(app) -> str:
    result = app.test_cli_runner().invoke(args=["reminders"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def overdue(app, facilitator):
    """A coaching workshop whose starting survey was due yesterday; Maija answered it,
    Pertti did not."""
    workshop = facilitator.api("POST", "/api/workshops", json={
        "id": new(), "template": "online-coaching-6-weeks"}).get_json()
    survey = next(s for s in state(facilitator, workshop)["session"]
                  if s["task"] and s["task"].get("survey") and s["position"] < 3)
    maija, pertti = (join_as(app, workshop, name, None) for name in ("Maija", "Pertti"))
    ok(maija, workshop, "task.submit", id=new(), session_id=survey["id"],
       answers={"confidence": 3})
    ok(facilitator, workshop, "session.update", session_id=survey["id"],
       opens_on=(date.today() - timedelta(days=8)).isoformat(),
       due_on=(date.today() - timedelta(days=1)).isoformat())
    return workshop, maija, pertti


def join_a_pilot_team(facilitator, workshop, person):
    """Put ``person`` on a pilot's team: a chat channel is for pilot teams (and
    facilitators) only."""
    concept = ok(facilitator, workshop, "concept.save", id=new(), name="Digikahvila")
    pilot = ok(facilitator, workshop, "pilot.create", concept_id=concept["id"])
    ok(person, workshop, "pilot.join", pilot_id=pilot["id"])


def test_task_reminder_is_made_once_and_shown_only_to_its_member(app, facilitator, overdue):
    workshop, maija, pertti = overdue
    assert "made: 1" in run_reminders(app)
    assert "made: 0" in run_reminders(app)  # a second look finds it made
    [note] = state(pertti, workshop)["notification"]
    assert note["kind"] == "task" and note["read"] is False
    assert "Vastaa alkukyselyyn" in note["text"]["fi"]
    assert state(maija, workshop)["notification"] == []  # she answered
    assert state(facilitator, workshop)["notification"][0]["id"] == note["id"]
    ok(pertti, workshop, "notify.read")
    assert state(pertti, workshop)["notification"][0]["read"] is True

    # A restart is a new process over the same database: still nothing new.
    from server import create_app

    again = create_app({"TESTING": True,
                        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    assert "made: 0" in run_reminders(again)
    ok(facilitator, workshop, "reminders.settings", tasks=False)
    status, _ = do(pertti, workshop, "reminders.settings", tasks=True)
    assert status == 403


def test_two_processes_at_once_make_each_reminder_once(app, facilitator, overdue, tmp_path):
    """Two real `paja reminders` processes start together over the same database."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    workshop, _maija, pertti = overdue
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PAJA_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "PAJA_INSTANCE_PATH": str(tmp_path / "instance"), "PAJA_ASYNC_MODE": "threading",
           "PYTHONWARNINGS": "ignore"}
    script = str(Path(sys.executable).parent / "paja")
    processes = [subprocess.Popen([script, "reminders"], cwd=root, env=env, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for _ in range(2)]
    outputs = [process.communicate(timeout=60) for process in processes]
    assert all(process.returncode == 0 for process in processes), outputs
    made = sorted(int(out.split("made: ")[1].split(";")[0]) for out, _err in outputs)
    assert made in ([0, 1], [1, 0]), outputs
    assert len(state(pertti, workshop)["notification"]) == 1
    assert "made: 0" in run_reminders(app)


def test_email_reaches_a_local_smtp_server(app, facilitator, overdue):
    from aiosmtpd.controller import Controller

    workshop, _maija, pertti = overdue
    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
            received.append((envelope.rcpt_tos, envelope.content.decode()))
            return "250 OK"

    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_STARTTLS=False,
                          SMTP_FROM="paja@test.fi")
        status, body = do(pertti, workshop, "notify.preferences", channels=["app", "email"])
        assert status == 422 and "email" in body["error"]["fields"]
        status, body = do(pertti, workshop, "notify.preferences", email="ei osoite")
        assert status == 422 and "email" in body["error"]["fields"]
        pref = ok(pertti, workshop, "notify.preferences", email="pertti@example.fi",
                  channels=["app", "email"])
        assert pref["channels"] == ["app", "email"]
        output = run_reminders(app)
        assert "made: 1" in output and "sent: 1" in output
        [(recipients, content)] = received
        assert recipients == ["pertti@example.fi"]
        assert "Vastaa alkukyselyyn" in content and "Subject: Paja: muistutus" in content
        assert "sent: 0" in run_reminders(app)
        assert len(received) == 1
    finally:
        controller.stop()


def test_webhook_is_retried_until_delivered_once(app, facilitator, overdue):
    from server.extensions import db
    from server.reminders.models import Delivery
    from server.timeutil import utcnow

    workshop, _maija, pertti = overdue
    posts = []

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the http.server name
            posts.append(self.rfile.read(int(self.headers["Content-Length"])).decode())
            self.send_response(500 if len(posts) == 1 else 200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Hook)
    server.timeout = 0.2
    stop = threading.Event()

    def serve():  # not serve_forever: its shutdown() can hang once eventlet has patched
        while not stop.is_set():
            server.handle_request()

    threading.Thread(target=serve, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    try:
        status, body = do(pertti, workshop, "notify.preferences", webhook_url=url,
                          channels=["app", "chat"])
        assert status == 422 and "https" in body["error"]["fields"]["webhook_url"][0]
        # Not a way into the server's own network either.
        for inside in ("https://127.0.0.1/hook", "https://10.0.0.5/hook",
                       "https://[::1]/hook", "https://169.254.169.254/latest"):
            status, body = do(pertti, workshop, "notify.preferences", webhook_url=inside)
            assert status == 422 and "webhook_url" in body["error"]["fields"], inside
        app.config["WEBHOOK_ALLOW_HTTP"] = True  # development: a local test hook
        # A chat channel is a pilot team's: a participant on no team may not set one.
        for args in ({"webhook_url": url}, {"channels": ["app", "chat"]}):
            status, body = do(pertti, workshop, "notify.preferences", **args)
            assert status == 403 and "pilot" in body["error"]["message"], body
        join_a_pilot_team(facilitator, workshop, pertti)
        pref = ok(pertti, workshop, "notify.preferences", webhook_url=url,
                  channels=["app", "chat"])
        assert pref["webhook_set"] is True and "webhook_url" not in pref
        assert url not in str(state(facilitator, workshop))  # the address stays secret
        assert "sent: 0" in run_reminders(app)  # the hook answered 500
        assert "sent: 0" in run_reminders(app)  # and the retry waits its turn
        assert len(posts) == 1
        with app.app_context():  # let the wait pass
            db.session.query(Delivery).update(
                {"next_attempt_at": utcnow() - timedelta(seconds=1)})
            db.session.commit()
        assert "sent: 1" in run_reminders(app)
        assert "sent: 0" in run_reminders(app)
        assert len(posts) == 2 and "Vastaa alkukyselyyn" in posts[1]
        with app.app_context():
            [delivery] = db.session.query(Delivery).all()
            assert (delivery.status, delivery.attempts) == ("sent", 2)
    finally:
        stop.set()
        server.server_close()


def test_quiet_pilot_teams_are_reminded_once_per_quiet_period(app, facilitator):
    from server.extensions import db
    from server.pilots.models import Pilot

    workshop = facilitator.api("POST", "/api/workshops",
                               json={"id": new(), "name": "Pilotit"}).get_json()
    concept = ok(facilitator, workshop, "concept.save", id=new(), name="Digikahvila")
    pilot = ok(facilitator, workshop, "pilot.create", concept_id=concept["id"])
    tiina = join_as(app, workshop, "Tiina", None)
    outsider = join_as(app, workshop, "Ulla", None)
    ok(tiina, workshop, "pilot.join", pilot_id=pilot["id"])
    ok(facilitator, workshop, "reminders.settings", pilot_quiet_days=7)
    assert "made: 0" in run_reminders(app)  # started today: not quiet yet
    with app.app_context():
        db.session.get(Pilot, pilot["id"]).created_at -= timedelta(days=8)
        db.session.commit()
    assert "made: 1" in run_reminders(app)
    assert "made: 0" in run_reminders(app)
    [note] = state(tiina, workshop)["notification"]
    assert note["kind"] == "pilot" and "Digikahvila" in note["text"]["fi"]
    assert state(outsider, workshop)["notification"] == []
    ok(tiina, workshop, "pilot.update", id=new(), pilot_id=pilot["id"], did="Kahvila pidetty")
    assert "made: 0" in run_reminders(app)  # an update ends the quiet


def test_one_workshops_broken_task_does_not_stop_the_others(app, facilitator, overdue):
    workshop, _maija, pertti = overdue
    broken = facilitator.api("POST", "/api/workshops", json={
        "id": new(), "template": "online-coaching-6-weeks"}).get_json()
    # Data no form can make any more (a task stored as a bare JSON value), as an older
    # version or a hand-edited database may have left it.
    with app.app_context():
        from sqlalchemy import text

        from server.extensions import db

        db.session.execute(text("UPDATE workshop_session SET task = '\"x\"', due_on = :day "
                                "WHERE workshop_id = :w"),
                           {"w": broken["id"], "day": date.today() - timedelta(days=1)})
        db.session.commit()
    assert "made: 1" in run_reminders(app)
    assert len(state(pertti, workshop)["notification"]) == 1
