"""The command line: accounts, templates, demo."""

from pathlib import Path

from server.accounts.service import authenticate


def test_create_facilitator_and_log_in(app, runner):
    result = runner.invoke(args=["create-facilitator", "maija", "--name", "Maija",
                                 "--password", "a long enough secret"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert authenticate("maija", "a long enough secret") is not None
        assert authenticate("maija", "wrong") is None


def test_create_facilitator_rejects_duplicates_and_short_passwords(runner):
    ok = runner.invoke(args=["create-facilitator", "maija", "--password", "a long enough secret"])
    assert ok.exit_code == 0
    again = runner.invoke(args=["create-facilitator", "maija", "--password", "another secret 1"])
    assert again.exit_code != 0 and "maija" in again.output.lower()
    short = runner.invoke(args=["create-facilitator", "pekka", "--password", "short"])
    assert short.exit_code != 0 and "password" in short.output.lower()


def test_password_from_prompt(app, runner):
    result = runner.invoke(args=["create-facilitator", "liisa"],
                           input="prompted password 1\nprompted password 1\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert authenticate("liisa", "prompted password 1") is not None


def test_set_password_and_deactivate(app, runner):
    runner.invoke(args=["create-facilitator", "maija", "--password", "a long enough secret"])
    assert runner.invoke(args=["set-password", "maija", "--password", "new secret words"]
                         ).exit_code == 0
    with app.app_context():
        assert authenticate("maija", "a long enough secret") is None
        assert authenticate("maija", "new secret words") is not None
    assert runner.invoke(args=["deactivate", "maija"]).exit_code == 0
    with app.app_context():
        assert authenticate("maija", "new secret words") is None
    assert runner.invoke(args=["activate", "maija"]).exit_code == 0
    with app.app_context():
        assert authenticate("maija", "new secret words") is not None


def test_templates_command_lists_and_checks(runner):
    result = runner.invoke(args=["templates"])
    assert result.exit_code == 0, result.output
    for key in ("service-design-coaching", "online-coaching-6-weeks", "ideation-2h"):
        assert key in result.output


def test_demo_on_empty_database_only(app, runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    password = Path(app.instance_path, "demo-login.txt").read_text().strip()
    assert f"user: demo   password: {password}" in first.output
    assert "code: " in first.output
    with app.app_context():
        assert authenticate("demo", password) is not None
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    from server.extensions import db
    from server.workshops.models import Workshop

    with app.app_context():
        assert db.session.query(Workshop).count() == 1
