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


def test_demo_participants_joined_like_anyone(app, runner):
    """The example people came in through the join service: each has the member.joined
    event a phone's join makes, a join key's digest, and the same fields as a member who
    joined with POST /api/join."""
    import uuid

    from conftest import Browserless
    from sqlalchemy import select

    from server.events.models import Event
    from server.extensions import db
    from server.members.models import Member
    from server.members.service import dump_member
    from server.workshops.models import Workshop

    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        workshop = db.session.scalar(select(Workshop))
        code, workshop_id = workshop.join_code, workshop.id
    phone = Browserless(app.test_client())
    joined = phone.api("POST", "/api/join", json={
        "code": code, "id": str(uuid.uuid4()), "display_name": "Pekka",
        "organisation": "Kaupunki", "key": "phone-secret-0123456789abcdef"})
    assert joined.status_code == 200, joined.get_json()
    with app.app_context():
        members = db.session.scalars(select(Member).where(
            Member.workshop_id == workshop_id, Member.role == "participant")).all()
        by_api = next(m for m in members if m.id == joined.get_json()["member"]["id"])
        demo = [m for m in members if m is not by_api]
        assert sorted(m.display_name for m in demo) == ["Esimerkki: Aino", "Esimerkki: Ville"]
        for member in demo + [by_api]:
            assert member.key_digest and member.user_id is None and member.active
            event = db.session.scalar(select(Event).where(
                Event.workshop_id == workshop_id, Event.entity == "member",
                Event.entity_id == member.id, Event.type == "member.joined"))
            assert event is not None, member.display_name
            assert event.actor_member_id == member.id and event.op == "upsert"
            # Full to the facilitators and to themselves; the room sees them once they are
            # shown (in a group, or named on something), like anyone who just joined.
            assert event.public_data is None and event.data["rev"] == event.seq
            assert event.data.keys() == dump_member(by_api).keys()
            assert dump_member(member).keys() == dump_member(by_api).keys()
        # Every column is set (or empty) alike; only the demo's group split differs.
        columns = [c.key for c in Member.__table__.columns if c.key != "group_id"]
        for member in demo:
            assert [getattr(member, c) is None for c in columns] == \
                [getattr(by_api, c) is None for c in columns]
        # Their ideas are theirs, as anyone's would be.
        from server.ideas.models import Idea

        authors = set(db.session.scalars(select(Idea.member_id).where(
            Idea.workshop_id == workshop_id)))
        assert authors == {m.id for m in demo}
