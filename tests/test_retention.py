"""Retention: archived when the programme has ended, warned, deleted once after the set
months, event logs compacted with catch-up still true."""

import subprocess
import sys
from datetime import date, timedelta

from conftest import ROOT, join_as
from test_audit import actions, command, entries


def _workshop_row(app, wid):
    from server.extensions import db
    from server.workshops.models import Workshop

    with app.app_context():
        return db.session.get(Workshop, wid)


def test_an_ended_programme_is_archived_then_warned_then_deleted_once(app, facilitator,
                                                                       workshop):
    from server.extensions import db
    from server.retention import service
    from server.sessions.models import WorkshopSession
    from server.timeutil import utcnow

    wid = workshop["id"]
    join_as(app, workshop, "Pekka")
    with app.app_context():
        session = db.session.query(WorkshopSession).filter_by(workshop_id=wid).first()
        session.due_on = date.today() - timedelta(days=40)
        db.session.commit()
        assert service.run_once()["archived"] == 1
    row = _workshop_row(app, wid)
    assert row.status == "archived" and row.archived_at is not None
    assert command(facilitator, wid, "workshop.update", retention_months=2).status_code == 200
    with app.app_context():
        soon = utcnow() + timedelta(days=45)
        assert service.run_once(soon)["warned"] == 1
        assert service.run_once(soon)["warned"] == 0  # once per deletion date
    cockpit = facilitator.client.get(f"/f/w/{wid}/settings", headers={"Accept-Language": "en"})
    assert 'id="retention-notice"' not in cockpit.get_data(as_text=True)  # not within 30 days
    with app.app_context():
        from server.reminders.models import Notification

        note = db.session.query(Notification).filter_by(workshop_id=wid,
                                                        kind="retention").one()
        assert "deleted" in note.text["en"]
        later = utcnow() + timedelta(days=70)
        archived_at = db.session.get(service.Workshop, wid).archived_at
        assert service.run_once(later)["deleted"] == 1
        # A second process that read the same row a moment earlier wins nothing.
        assert service.delete_workshop(wid, archived_at=archived_at, reason="retention") is False
        assert service.run_once(later)["deleted"] == 0
    assert _workshop_row(app, wid) is None
    assert actions(app, workshop_id=wid).count("workshop.deleted") == 1
    assert entries(app, action="workshop.archived")[0]["details"]["reason"] == "programme_ended"
    assert facilitator.client.get(f"/api/workshops/{wid}/state").status_code == 404


def test_the_cockpit_warns_before_deletion(app, facilitator, workshop):
    from server.extensions import db
    from server.workshops.models import Workshop

    wid = workshop["id"]
    command(facilitator, wid, "workshop.update", status="archived")
    with app.app_context():
        row = db.session.get(Workshop, wid)
        row.archived_at = row.archived_at - timedelta(days=350)  # 12 months default
        db.session.commit()
    page = facilitator.client.get(f"/f/w/{wid}/run", headers={"Accept-Language": "en"})
    assert 'id="retention-notice"' in page.get_data(as_text=True)
    dashboard = facilitator.client.get("/f", headers={"Accept-Language": "en"})
    assert "will be deleted with everything in it" in dashboard.get_data(as_text=True)
    state = facilitator.client.get(f"/api/workshops/{wid}/retention").get_json()
    assert state["warning"] is True and 0 < state["days_left"] <= 30


def test_one_job_at_a_time(app):
    from server.retention import service
    from server.timeutil import utcnow

    with app.app_context():
        now = utcnow()
        holder = service.claim_job(now)
        assert holder is not None
        assert service.claim_job(now) is None
        assert service.run_once(now) is None
        assert service.claim_job(now + service.CLAIM_FOR + timedelta(seconds=1)) is not None


def test_two_processes_delete_a_workshop_once(app, facilitator, workshop, tmp_path):
    """Two `paja retention` runs at once, against the same database."""
    from server.extensions import db
    from server.workshops.models import Workshop

    wid = workshop["id"]
    command(facilitator, wid, "workshop.update", status="archived", retention_months=1)
    with app.app_context():
        row = db.session.get(Workshop, wid)
        row.archived_at = row.archived_at - timedelta(days=40)
        db.session.commit()
        url = db.engine.url.render_as_string(hide_password=False)
    env = {"PAJA_DATABASE_URL": url, "PAJA_INSTANCE_PATH": str(tmp_path / "instance"),
           "PAJA_ASYNC_MODE": "threading", "PATH": "/usr/bin:/bin"}
    runs = [subprocess.Popen([sys.executable, "-m", "flask", "--app", "server", "retention"],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert all(run.returncode == 0 for run in runs), outputs
    assert _workshop_row(app, wid) is None
    assert actions(app, workshop_id=wid).count("workshop.deleted") == 1


def test_a_client_behind_the_compacted_log_gets_a_fresh_snapshot(app, facilitator, workshop):
    from server.retention import service

    wid = workshop["id"]
    app.config.update(EVENT_LOG_KEEP=5, CATCHUP_LIMIT=5)
    for n in range(12):
        command(facilitator, wid, "workshop.update", description=f"Kuvaus {n}")
    before = facilitator.client.get(f"/api/workshops/{wid}/state").get_json()
    with app.app_context():
        assert service.compact_logs() == 1
        assert service.compact_logs() == 0
    seq = before["seq"]
    behind = facilitator.client.get(f"/api/workshops/{wid}/events?since=1").get_json()
    assert behind["events"] is None and behind["snapshot"]["seq"] == seq
    recent = facilitator.client.get(f"/api/workshops/{wid}/events?since={seq - 3}").get_json()
    assert [e["seq"] for e in recent["events"]] == [seq - 2, seq - 1, seq]
    # The contract: what a client just behind the compaction point gets is the fresh state.
    assert behind["snapshot"]["entities"] == before["entities"]
