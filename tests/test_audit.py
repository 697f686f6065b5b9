"""The audit log: each security-relevant act leaves one entry naming the account, never
the content; facilitators read their own workshop's, administrators every entry."""

import json

from conftest import PASSWORD, Browserless, join_as


def entries(app, **where):
    from server.audit.models import AuditEntry
    from server.extensions import db

    with app.app_context():
        rows = db.session.query(AuditEntry).filter_by(**where).order_by(AuditEntry.id).all()
        return [{"action": r.action, "username": r.username, "workshop_id": r.workshop_id,
                 "target_kind": r.target_kind, "target_id": r.target_id,
                 "details": r.details or {}} for r in rows]


def actions(app, **where):
    return [e["action"] for e in entries(app, **where)]


def login(app, username, password=PASSWORD):
    browser = Browserless(app.test_client())
    browser.page("/login")
    response = browser.form("/login", {"username": username, "password": password})
    browser.page("/f")
    return browser, response


def command(browser, workshop_id, command_name, **args):
    return browser.api("POST", f"/api/workshops/{workshop_id}/commands/{command_name}",
                       json=args)


def test_logins_and_failed_logins_are_logged_without_what_was_typed(app, make_user):
    make_user()
    login(app, "anna")
    login(app, "anna", "wrong password")
    login(app, "hunter2-typed-as-a-username", "x")
    logged = entries(app)
    assert [e["action"] for e in logged] == [
        "account.created", "login.succeeded", "login.failed", "login.failed"]
    assert logged[2]["username"] == "anna" and logged[2]["details"]["known_account"] is True
    assert logged[3]["username"] is None and logged[3]["details"]["known_account"] is False
    assert "hunter2" not in json.dumps(logged)


def test_exports_settings_archiving_and_removal_are_logged_without_content(
        app, facilitator, workshop):
    wid = workshop["id"]
    pekka = join_as(app, workshop, "Pekka Salainen", "Kaupunki")
    for kind in ("tables.zip", "report.md", "archive.json"):
        assert facilitator.client.get(f"/api/workshops/{wid}/exports/{kind}").status_code == 200
    assert command(facilitator, wid, "workshop.update", name="Uusi salainen nimi",
                   retention_months=6).status_code == 200
    assert command(facilitator, wid, "member.remove",
                   member_id=pekka.member["id"]).status_code == 200
    assert command(facilitator, wid, "workshop.update", status="archived").status_code == 200
    assert command(facilitator, wid, "workshop.update", status="active").status_code == 200
    logged = entries(app, workshop_id=wid)
    assert [e["action"] for e in logged] == [
        "export.downloaded", "export.downloaded", "export.downloaded",
        "workshop.settings_changed", "member.removed", "workshop.archived", "workshop.restored"]
    assert {e["username"] for e in logged} == {"anna"}
    assert [e["target_kind"] for e in logged[:3]] == ["tables.zip", "report.md", "archive.json"]
    assert logged[3]["details"] == {"fields": ["name", "retention_months"],
                                    "retention_months": 6}
    assert logged[4]["target_id"] == pekka.member["id"]
    text = json.dumps(logged)
    assert "Pekka" not in text and "Salainen" not in text and "salainen" not in text


def test_the_command_line_export_is_logged(app, runner, workshop, tmp_path):
    result = runner.invoke(args=["export", workshop["id"], "--to", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    entry = entries(app, workshop_id=workshop["id"], action="export.downloaded")[-1]
    assert entry["username"] is None and entry["details"]["via"] == "command_line"
    assert set(entry["details"]["kinds"]) == {"archive.json", "tables.zip", "report.md",
                                              "report.pdf"}


def test_facilitators_read_their_own_workshops_entries_only(app, facilitator, workshop,
                                                            make_user):
    wid = workshop["id"]
    command(facilitator, wid, "workshop.update", retention_months=3)
    page = facilitator.client.get(f"/api/workshops/{wid}/audit",
                                  headers={"Accept-Language": "fi"}).get_json()
    assert page["total"] == 1 and page["entries"][0]["action"] == "workshop.settings_changed"
    assert page["entries"][0]["username"] == "anna" and page["entries"][0]["label"]
    make_user("ville", "Ville", PASSWORD)
    ville, _ = login(app, "ville")
    assert ville.client.get(f"/api/workshops/{wid}/audit").status_code == 403
    assert ville.client.get(f"/api/workshops/{wid}/retention").status_code == 403
    assert ville.client.get("/api/admin/audit").status_code == 403
    assert ville.client.get("/admin").status_code == 403
    pekka = join_as(app, workshop, "Pekka")
    assert pekka.client.get(f"/api/workshops/{wid}/audit").status_code == 403
    assert Browserless(app.test_client()).client.get("/admin").status_code == 302


def test_the_audit_log_pages(app, facilitator, workshop):
    from server.audit.service import audit

    with app.app_context():
        for n in range(60):
            audit("export.downloaded", user=None, workshop_id=workshop["id"],
                  target_kind="csv", details={"n": n})
    first = facilitator.client.get(f"/api/workshops/{workshop['id']}/audit").get_json()
    second = facilitator.client.get(f"/api/workshops/{workshop['id']}/audit?page=2").get_json()
    assert first["total"] == second["total"] == 60
    assert len(first["entries"]) == 50 and len(second["entries"]) == 10
    assert first["entries"][0]["details"]["n"] == 59  # newest first
    assert second["entries"][-1]["details"]["n"] == 0


def test_audit_refuses_content_in_details(app):
    import pytest

    from server.audit.service import audit

    with app.app_context():
        with pytest.raises(ValueError):
            audit("idea.created", details={"text": "x" * 200})
        with pytest.raises(ValueError):
            audit("Not a dotted name")
        with pytest.raises(ValueError):
            audit("idea.created", details={"nested": {"text": "x"}})


def test_audit_entries_go_after_their_retention_period(app):
    from datetime import timedelta

    from server.audit.service import audit, delete_expired
    from server.timeutil import utcnow

    with app.app_context():
        audit("login.failed")
        assert delete_expired(utcnow() + timedelta(days=729)) == 0
        assert delete_expired(utcnow() + timedelta(days=731)) == 1
    assert actions(app) == []


def admin_browser(app, make_user):
    from server.accounts.service import set_admin

    make_user("root", "Ylläpitäjä", PASSWORD)
    with app.app_context():
        set_admin("root", True)
    browser, _ = login(app, "root")
    browser.page("/admin")
    return browser


def test_an_administrator_manages_accounts_and_defaults(app, make_user, facilitator, workshop):
    admin = admin_browser(app, make_user)
    page = admin.page("/admin", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "anna" in page and workshop["name"] in page
    created = admin.form("/admin/accounts", {"username": "sari", "display_name": "Sari",
                                             "password": PASSWORD})
    assert created.status_code == 302
    short = admin.form("/admin/accounts", {"username": "timo", "password": "short"},
                       headers={"Accept-Language": "en"})
    assert short.status_code == 422 and "at least 10 characters" in short.get_data(as_text=True)
    from server.accounts.models import User
    from server.extensions import db

    with app.app_context():
        anna = db.session.query(User).filter_by(username="anna").one().id
    assert admin.form(f"/admin/accounts/{anna}/active", {}).status_code == 302
    assert facilitator.client.get("/f").status_code == 302  # anna's login ended
    assert admin.form(f"/admin/accounts/{anna}/active", {}).status_code == 302
    assert admin.form(f"/admin/accounts/{anna}/password",
                      {"password": "a new password 123"}).status_code == 302
    login(app, "anna", "a new password 123")
    bad = admin.form("/admin/defaults", {"retention_months": "0"},
                     headers={"Accept-Language": "en"})
    assert bad.status_code == 422 and "1 to 120" in bad.get_data(as_text=True)
    assert admin.form("/admin/defaults", {"retention_months": "24"}).status_code == 302
    logged = [e for e in entries(app) if e["username"] == "root"]
    assert [e["action"] for e in logged] == [
        "login.succeeded", "account.created", "account.deactivated", "account.activated",
        "account.password_set", "instance.settings_changed"]
    assert logged[-1]["details"] == {"from": None, "to": 24}
    every = admin.client.get("/api/admin/audit").get_json()
    assert every["total"] == len(entries(app))


def test_admin_from_the_command_line(app, runner):
    result = runner.invoke(args=["create-facilitator", "boss", "--admin",
                                 "--password", PASSWORD])
    assert result.exit_code == 0 and "administrator" in result.output
    assert runner.invoke(args=["make-admin", "boss", "--revoke"]).exit_code == 0
    assert runner.invoke(args=["make-admin", "nobody"]).exit_code != 0
    logged = entries(app)
    assert [e["action"] for e in logged] == ["account.created", "account.admin_revoked"]
    assert logged[0]["details"]["admin"] is True
    assert logged[0]["details"]["via"] == "command_line"


def test_retention_months_out_of_range_is_refused(facilitator, workshop):
    response = command(facilitator, workshop["id"], "workshop.update", retention_months=0)
    assert response.status_code == 422
    assert "retention_months" in json.dumps(response.get_json())
    assert command(facilitator, workshop["id"], "workshop.update",
                   retention_months=None).status_code == 200


