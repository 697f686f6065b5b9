"""Issue 6 (pilots) through the public surface: the pilot page and its status history,
the team (joining, invitations by link), measures and their values over time, updates,
comments, permissions and the persona's view."""

import csv
import io
import re
import time
import uuid
import zipfile
from datetime import datetime

import pytest
from conftest import Browserless, join_as
from test_framing import do, ok, state


def new():
    return str(uuid.uuid4())


@pytest.fixture
def pilot(facilitator):
    """A workshop with one persona, a concept serving it and that concept's pilot."""
    workshop = facilitator.api("POST", "/api/workshops",
                               json={"id": new(), "name": "Pilotit"}).get_json()
    persona = ok(facilitator, workshop, "persona.import", keys=["raili-ei-laitetta"])[0]
    concept = ok(facilitator, workshop, "concept.save", id=new(), name="Digikahvila",
                 persona_ids=[persona["id"]])
    made = ok(facilitator, workshop, "pilot.create", concept_id=concept["id"])
    return {"workshop": workshop, "pilot": made, "concept": concept, "persona": persona}


@pytest.fixture
def team(app, pilot):
    workshop = pilot["workshop"]
    return (join_as(app, workshop, "Tiina", "Kaupunki"), join_as(app, workshop, "Olli", "Järjestö"),
            join_as(app, workshop, "Ulla", "Seurakunta"))


def test_pilot_lifecycle_and_status_history(facilitator, pilot, team):
    workshop, pid = pilot["workshop"], pilot["pilot"]["id"]
    tiina, olli, outsider = team
    assert pilot["pilot"]["status"] == "planned"
    assert pilot["pilot"]["persona_ids"] == [pilot["persona"]["id"]]  # from the concept
    assert [c["stage"] for c in state(tiina, workshop)["concept"]] == ["selected"]
    status, _ = do(tiina, workshop, "pilot.save", pilot_id=pid, hypothesis="Kahvila auttaa")
    assert status == 403  # not in the team yet
    for member in (tiina, olli):
        ok(member, workshop, "pilot.join", pilot_id=pid)
    ok(tiina, workshop, "pilot.join", pilot_id=pid)  # twice is once
    assert len(state(outsider, workshop)["pilot_member"]) == 2
    saved = ok(tiina, workshop, "pilot.save", pilot_id=pid,
               hypothesis="Viikoittainen digikahvila lisää asiointia verkossa",
               contact_member_id=tiina.member["id"], starts_on="2027-02-01",
               ends_on="2027-05-31")
    assert (saved["starts_on"], saved["ends_on"]) == ("2027-02-01", "2027-05-31")
    status, body = do(tiina, workshop, "pilot.save", pilot_id=pid, starts_on="2027-06-01",
                      ends_on="2027-05-01")
    assert status == 422 and "ends_on" in body["error"]["fields"]
    status, body = do(tiina, workshop, "pilot.save", pilot_id=pid, starts_on="1.2.2027")
    assert status == 422 and "YYYY-MM-DD" in str(body["error"]["fields"]["starts_on"])

    for status_, note in (("running", "Aloitettiin"), ("paused", "Kesätauko"),
                          ("running", ""), ("done", "Valmis")):
        ok(olli, workshop, "pilot.status", pilot_id=pid, status=status_, note=note)
    status, body = do(olli, workshop, "pilot.status", pilot_id=pid, status="finished")
    assert status == 422 and "status" in body["error"]["fields"]
    status, _ = do(outsider, workshop, "pilot.status", pilot_id=pid, status="stopped")
    assert status == 403
    entities = state(outsider, workshop)
    history = sorted(entities["pilot_status"], key=lambda s: s["at"])
    assert [(h["status"], h["note"]) for h in history] == [
        ("running", "Aloitettiin"), ("paused", "Kesätauko"), ("running", ""), ("done", "Valmis")]
    assert entities["pilot"][0]["status"] == "done"
    assert entities["concept"][0]["stage"] == "piloting"  # running made it so
    ok(tiina, workshop, "pilot.leave", pilot_id=pid)
    assert [m["member_id"] for m in state(olli, workshop)["pilot_member"]] == [
        olli.member["id"]]


def test_measures_over_time_and_updates(facilitator, pilot, team):
    workshop, pid = pilot["workshop"], pilot["pilot"]["id"]
    tiina, olli, outsider = team
    ok(tiina, workshop, "pilot.join", pilot_id=pid)
    measure = ok(tiina, workshop, "pilot.measure", id=new(), pilot_id=pid,
                 name="Kävijöitä viikossa", unit="hlö", baseline=0, target="12")
    assert (measure["baseline"], measure["target"]) == (0, 12)
    status, body = do(tiina, workshop, "pilot.measure", id=new(), pilot_id=pid, name="X",
                      target="paljon")
    assert status == 422 and "target" in body["error"]["fields"]
    status, body = do(tiina, workshop, "pilot.measure", id=new(), pilot_id=pid, name="X",
                      target="NaN")
    assert status == 422

    for day, value in (("2026-09-07", "3"), ("2026-09-14", "5,5"), ("2026-09-21", 9)):
        ok(tiina, workshop, "pilot.update", id=new(), pilot_id=pid, did=f"Kahvila {day}",
           values=[{"measure_id": measure["id"], "value": value, "measured_on": day}])
    update_id = new()
    for _ in range(2):  # resent from a flaky connection: one update
        ok(tiina, workshop, "pilot.update", id=update_id, pilot_id=pid,
           learned="Ikäihmiset tulevat pareittain", blockers="Tila on varattu torstaisin",
           help_needed="Tarvitsemme toisen tilan", next_step="Kysytään kirjastolta")
    bad = [
        ({"values": [{"measure_id": measure["id"], "value": 1, "measured_on": "2099-01-01"}]},
         "measured_on"),
        ({"values": [{"measure_id": new(), "value": 1}]}, "values"),
        ({"values": [{"measure_id": measure["id"], "value": "x"}]}, "value"),
        ({}, "did"),
        ({"did": "x" * 3001}, "did"),
    ]
    for extra, field in bad:
        status, body = do(tiina, workshop, "pilot.update", id=new(), pilot_id=pid, **extra)
        assert status == 422 and field in str(body["error"]["fields"]), (extra, body)
    status, _ = do(outsider, workshop, "pilot.update", id=new(), pilot_id=pid, did="Minäkin")
    assert status == 403

    entities = state(outsider, workshop)  # everyone in the workshop reads the pilot
    updates = sorted(entities["pilot_update"], key=lambda u: u["created_at"])
    assert len(updates) == 4
    series = [(v["measured_on"], v["value"]) for u in updates for v in u["values"]]
    assert series == [("2026-09-07", 3), ("2026-09-14", 5.5), ("2026-09-21", 9)]
    assert updates[-1]["help_needed"] == "Tarvitsemme toisen tilan"

    ok(outsider, workshop, "comment.add", id=new(), target_kind="pilot_update",
       target_id=update_id, body="Seurakunnalla on tila!")
    ok(olli, workshop, "comment.add", id=new(), target_kind="pilot", target_id=pid,
       body="Hieno kokeilu")
    assert {c["target_kind"] for c in state(tiina, workshop)["comment"]} == {
        "pilot", "pilot_update"}
    status, _ = do(olli, workshop, "pilot.delete_update", update_id=update_id)
    assert status == 403  # not in the team
    ok(tiina, workshop, "pilot.delete_update", update_id=update_id)
    ok(facilitator, workshop, "pilot.delete_measure", measure_id=measure["id"])
    assert all(u["values"] == [] for u in state(tiina, workshop)["pilot_update"])


def test_invitation_link_brings_a_newcomer_into_the_team(app, facilitator, pilot, team):
    workshop, pid = pilot["workshop"], pilot["pilot"]["id"]
    tiina, _olli, outsider = team
    status, _ = do(outsider, workshop, "pilot.invite", pilot_id=pid)
    assert status == 403
    ok(tiina, workshop, "pilot.join", pilot_id=pid)
    # A link lets people in without the code: the team makes one only when allowed.
    assert do(tiina, workshop, "pilot.invite", pilot_id=pid)[0] == 403
    allowed = facilitator.api("PATCH", f"/api/workshops/{workshop['id']}",
                              json={"teams_may_invite": True})
    assert allowed.status_code == 200, allowed.get_json()
    token = ok(tiina, workshop, "pilot.invite", pilot_id=pid)["token"]
    assert ok(tiina, workshop, "pilot.invite", pilot_id=pid)["token"] == token
    assert "invite_token" not in state(outsider, workshop)["pilot"][0]

    newcomer = Browserless(app.test_client())
    page = newcomer.page(f"/t/{token}")
    assert page.status_code == 200 and "Digikahvila" in page.get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    answer = newcomer.client.post(f"/t/{token}", data={
        "csrf_token": csrf, "id": new(), "display_name": "Uusi Ihminen",
        "organisation": "Yritys"})
    assert answer.status_code == 302
    names = {m["id"]: m["display_name"] for m in state(facilitator, workshop)["member"]}
    team_names = sorted(names[t["member_id"]] for t in state(facilitator, workshop)[
        "pilot_member"])
    assert team_names == ["Tiina", "Uusi Ihminen"]

    fresh = ok(tiina, workshop, "pilot.invite", pilot_id=pid, regenerate=True)["token"]
    assert fresh != token
    assert Browserless(app.test_client()).page(f"/t/{token}").status_code == 404


def test_pilot_appears_on_its_personas_page(facilitator, pilot, team):
    workshop = pilot["workshop"]
    tiina, *_ = team
    view = tiina.api("GET", f"/api/workshops/{workshop['id']}/personas/"
                            f"{pilot['persona']['id']}").get_json()
    assert [p["name"] for p in view["links"]["pilots"]] == ["Digikahvila"]


def test_invitation_links_expire_and_end_with_a_new_code_or_archiving(app, facilitator, pilot):
    workshop, pid = pilot["workshop"], pilot["pilot"]["id"]

    def works(token):
        return Browserless(app.test_client()).page(f"/t/{token}").status_code == 200

    made = ok(facilitator, workshop, "pilot.invite", pilot_id=pid)
    assert made["expires_at"] > time.time() + 13 * 86400 and works(made["token"])
    # Expired: the link stops working, and asking again makes a new one.
    with app.app_context():
        from server.extensions import db
        from server.pilots.models import Pilot

        db.session.get(Pilot, pid).invite_expires_at = datetime(2026, 1, 1)
        db.session.commit()
    assert not works(made["token"])
    fresh = ok(facilitator, workshop, "pilot.invite", pilot_id=pid)["token"]
    assert fresh != made["token"] and works(fresh)
    # A new join code retires every invitation (someone unwanted may have had either).
    facilitator.api("POST", f"/api/workshops/{workshop['id']}/join-code")
    assert not works(fresh)
    assert state(facilitator, workshop)["pilot"][0]["invite_token"] is None
    # So does archiving, and restoring does not bring old links back.
    again = ok(facilitator, workshop, "pilot.invite", pilot_id=pid)["token"]
    facilitator.api("PATCH", f"/api/workshops/{workshop['id']}", json={"status": "archived"})
    facilitator.api("PATCH", f"/api/workshops/{workshop['id']}", json={"status": "active"})
    assert not works(again)


def test_only_facilitators_make_invitations_unless_they_allow_teams(app, facilitator, pilot,
                                                                   team):
    workshop, pid = pilot["workshop"], pilot["pilot"]["id"]
    tiina, *_ = team
    ok(tiina, workshop, "pilot.join", pilot_id=pid)
    status, body = do(tiina, workshop, "pilot.invite", pilot_id=pid)
    assert status == 403, body
    assert "invite_token" not in state(tiina, workshop)["pilot"][0]
    facilitator.api("PATCH", f"/api/workshops/{workshop['id']}", json={"teams_may_invite": True})
    assert ok(tiina, workshop, "pilot.invite", pilot_id=pid)["token"]


def replay(snapshot: dict, events: list[dict]) -> dict:
    """A client's store: the snapshot's entities with the events applied in order."""
    entities = {kind: {row["id"]: row for row in rows}
                for kind, rows in snapshot["entities"].items()}
    for event in events:
        if event.get("hidden"):
            continue
        rows = entities.setdefault(event["entity"], {})
        if event["op"] == "delete":
            rows.pop(event["data"]["id"], None)
        else:
            rows[event["data"]["id"]] = event["data"]
    return {kind: sorted(rows.values(), key=lambda r: r["id"])
            for kind, rows in entities.items() if rows}


@pytest.mark.parametrize("change", ["regenerate_code", "archive", "invite"])
def test_retiring_invitations_keeps_every_viewers_store_true(app, facilitator, pilot, team,
                                                              change):
    from test_events import connect, received

    workshop, pid = pilot["workshop"], pilot["pilot"]["id"]
    tiina, olli, _ = team
    ok(tiina, workshop, "pilot.join", pilot_id=pid)
    ok(facilitator, workshop, "pilot.invite", pilot_id=pid)
    viewers = {"facilitator": facilitator, "team": tiina, "other": olli}
    sockets = {name: connect(app, who, workshop) for name, who in viewers.items()}
    before = {name: received(s, "sync")[0]["snapshot"] for name, s in sockets.items()}
    if change == "regenerate_code":
        facilitator.api("POST", f"/api/workshops/{workshop['id']}/join-code")
    elif change == "archive":
        facilitator.api("PATCH", f"/api/workshops/{workshop['id']}", json={"status": "archived"})
    else:
        ok(facilitator, workshop, "pilot.invite", pilot_id=pid, regenerate=True)
    for name, s in sockets.items():
        fresh = received(connect(app, viewers[name], workshop), "sync")[0]["snapshot"]
        replayed = replay(before[name], received(s, "ev"))
        assert replayed == replay(fresh, []), name


def test_an_update_tells_of_its_own_day_never_a_future_one(facilitator, pilot, team):
    """Three months entered on one afternoon: each update keeps the day it tells of, and a
    measure's value without a date of its own is from that day."""
    workshop, pid = pilot["workshop"], pilot["pilot"]["id"]
    tiina = team[0]
    ok(tiina, workshop, "pilot.join", pilot_id=pid)
    measure = ok(tiina, workshop, "pilot.measure", id=new(), pilot_id=pid, name="Kävijät")
    for day, visitors in (("2026-09-07", 4), ("2026-10-05", 9), ("2026-11-02", 14)):
        ok(tiina, workshop, "pilot.update", id=new(), pilot_id=pid, did=f"Kahvila {day}",
           happened_on=day, values=[{"measure_id": measure["id"], "value": visitors}])
    updates = sorted(state(facilitator, workshop)["pilot_update"], key=lambda u: u["did"])
    assert [u["happened_on"] for u in updates] == ["2026-09-07", "2026-10-05", "2026-11-02"]
    assert [u["values"][0]["measured_on"] for u in updates] == [
        "2026-09-07", "2026-10-05", "2026-11-02"]
    # The tables: each update on its own row with its day, oldest first.
    response = facilitator.client.get(f"/api/workshops/{workshop['id']}/exports/tables.zip")
    rows = list(csv.reader(io.StringIO(zipfile.ZipFile(io.BytesIO(response.data)).read(
        "pilot_updates.csv").decode("utf-8-sig")), delimiter=";"))
    assert rows[0][1] == "päivä / date" and all(rows[0])
    assert [row[1] for row in rows[1:]] == ["2026-09-07", "2026-10-05", "2026-11-02"]
    # Without a day, an update is today's.
    today = ok(tiina, workshop, "pilot.update", id=new(), pilot_id=pid, did="Tänään")
    assert today["happened_on"] == datetime.now().date().isoformat()
    # A day in the future is refused, naming the field; nothing is stored.
    before = len(state(facilitator, workshop)["pilot_update"])
    for day, wrong in (("2099-01-01", "tulevaisuudesta"), ("5.10.2026", "YYYY-MM-DD")):
        status, body = do(tiina, workshop, "pilot.update", id=new(), pilot_id=pid,
                          did="Myöhemmin", happened_on=day)
        assert status == 422, body
        assert "happened_on" in body["error"]["fields"], body
        assert wrong in str(body["error"]["fields"]["happened_on"]), body
    assert len(state(facilitator, workshop)["pilot_update"]) == before


def test_blockers_stay_open_until_the_team_marks_them_resolved(facilitator, pilot, team):
    workshop, pid = pilot["workshop"], pilot["pilot"]["id"]
    tiina, _olli, outsider = team
    ok(tiina, workshop, "pilot.join", pilot_id=pid)
    flagged = ok(tiina, workshop, "pilot.update", id=new(), pilot_id=pid, did="Aloitettiin",
                 blockers="Tilat puuttuvat", help_needed="Tarvitaan tulkki")
    plain = ok(tiina, workshop, "pilot.update", id=new(), pilot_id=pid, did="Jatkettiin")
    assert flagged["resolved_at"] is None and flagged["resolved_by"] is None
    # Someone outside the team may not; an update with nothing to resolve says so.
    status, _ = do(outsider, workshop, "pilot.resolve_update", update_id=flagged["id"])
    assert status == 403
    status, body = do(tiina, workshop, "pilot.resolve_update", update_id=plain["id"])
    assert status == 422 and "update_id" in body["error"]["fields"], body
    status, body = do(tiina, workshop, "pilot.resolve_update", update_id="nope")
    assert status == 404 and "update_id" in body["error"]["fields"], body
    # The team marks it resolved; everyone sees when and by whom. Again is once.
    done = ok(tiina, workshop, "pilot.resolve_update", update_id=flagged["id"])
    assert done["resolved_by"] == tiina.member["id"] and done["resolved_at"] > 0
    again = ok(tiina, workshop, "pilot.resolve_update", update_id=flagged["id"])
    assert again["rev"] == done["rev"]
    seen = next(u for u in state(outsider, workshop)["pilot_update"] if u["id"] == flagged["id"])
    assert (seen["resolved_by"], seen["resolved_at"]) == (done["resolved_by"],
                                                          done["resolved_at"])
    # A facilitator opens it again.
    reopened = ok(facilitator, workshop, "pilot.resolve_update", update_id=flagged["id"],
                  resolved=False)
    assert reopened["resolved_at"] is None and reopened["resolved_by"] is None


def test_progress_follows_the_status_until_the_team_says_otherwise(facilitator, pilot, team):
    workshop, pid = pilot["workshop"], pilot["pilot"]["id"]
    tiina, _olli, outsider = team
    assert (pilot["pilot"]["progress"], pilot["pilot"]["progress_set"]) == (0, False)
    ok(tiina, workshop, "pilot.join", pilot_id=pid)
    ok(tiina, workshop, "pilot.status", pilot_id=pid, status="running")
    seen = state(outsider, workshop)["pilot"][0]
    assert (seen["progress"], seen["progress_set"], seen["weight"]) == (30, False, 1)
    ok(tiina, workshop, "pilot.save", pilot_id=pid, progress=70)
    assert state(outsider, workshop)["pilot"][0]["progress"] == 70
    for bad in (101, -1, "puolet"):
        status, body = do(tiina, workshop, "pilot.save", pilot_id=pid, progress=bad)
        assert status == 422 and "progress" in body["error"]["fields"]
    assert state(outsider, workshop)["pilot"][0]["progress"] == 70  # nothing changed
    # The weight is the facilitators' to set; the team's progress is theirs.
    status, _ = do(tiina, workshop, "pilot.save", pilot_id=pid, weight=3)
    assert status == 403
    assert ok(facilitator, workshop, "pilot.save", pilot_id=pid, weight=3)["weight"] == 3
    status, _ = do(outsider, workshop, "pilot.save", pilot_id=pid, progress=10)
    assert status == 403
    # A new status brings its own figure back; null follows the status again.
    done = ok(tiina, workshop, "pilot.status", pilot_id=pid, status="done")
    assert (done["progress"], done["progress_set"]) == (100, False)
    ok(tiina, workshop, "pilot.save", pilot_id=pid, progress=90)
    back = ok(tiina, workshop, "pilot.save", pilot_id=pid, progress=None)
    assert (back["progress"], back["progress_set"]) == (100, False)


def test_programme_progress_is_weighted_and_leaves_stopped_pilots_out(app, facilitator,
                                                                       pilot):
    from server.extensions import db
    from server.pilots.models import Pilot
    from server.pilots.service import programme_progress

    workshop = pilot["workshop"]
    ids = [pilot["pilot"]["id"]]
    for name in ("Toinen", "Kolmas"):
        concept = ok(facilitator, workshop, "concept.save", id=new(), name=name)
        ids.append(ok(facilitator, workshop, "pilot.create", concept_id=concept["id"])["id"])
    ok(facilitator, workshop, "pilot.save", pilot_id=ids[0], progress=80, weight=3)
    ok(facilitator, workshop, "pilot.status", pilot_id=ids[1], status="running")  # 30 %
    ok(facilitator, workshop, "pilot.status", pilot_id=ids[2], status="stopped")
    with app.app_context():
        pilots = db.session.query(Pilot).filter(Pilot.workshop_id == workshop["id"]).all()
        assert programme_progress(pilots) == round((80 * 3 + 30) / 4)
        assert programme_progress([p for p in pilots if p.status == "stopped"]) is None


def test_milestones_are_dated_and_marked_done_by_the_team(facilitator, pilot, team):
    workshop, pid = pilot["workshop"], pilot["pilot"]["id"]
    tiina, olli, outsider = team
    ok(tiina, workshop, "pilot.join", pilot_id=pid)
    first = ok(tiina, workshop, "pilot.milestone", id=new(), pilot_id=pid,
               title="Tilat varattu", due_on="2026-10-01")
    second = ok(facilitator, workshop, "pilot.milestone", id=new(), pilot_id=pid,
                title="Ensimmäiset asiakkaat", due_on="2027-01-15")
    again = ok(tiina, workshop, "pilot.milestone", id=first["id"], pilot_id=pid,
               title="Tilat varattu", due_on="2026-10-01")
    assert again["rev"] == first["rev"]  # a resend is the same milestone, unchanged
    status, _ = do(outsider, workshop, "pilot.milestone", id=new(), pilot_id=pid, title="X")
    assert status == 403
    status, body = do(tiina, workshop, "pilot.milestone", id=new(), pilot_id=pid)
    assert status == 422 and "title" in body["error"]["fields"]
    status, body = do(tiina, workshop, "pilot.milestone", id=first["id"], done_on="2099-01-01")
    assert status == 422 and "done_on" in body["error"]["fields"]
    done = ok(tiina, workshop, "pilot.milestone", id=first["id"], done_on="2026-09-28")
    assert done["done_on"] == "2026-09-28"
    seen = {m["title"]: m for m in state(outsider, workshop)["pilot_milestone"]}
    assert (seen["Tilat varattu"]["done_on"], seen["Ensimmäiset asiakkaat"]["due_on"]) == (
        "2026-09-28", "2027-01-15")
    assert [m["position"] for m in sorted(seen.values(), key=lambda m: m["position"])] == [0, 1]
    status, _ = do(olli, workshop, "pilot.delete_milestone", milestone_id=second["id"])
    assert status == 403  # not in the team
    ok(tiina, workshop, "pilot.delete_milestone", milestone_id=second["id"])
    assert [m["title"] for m in state(outsider, workshop)["pilot_milestone"]] == [
        "Tilat varattu"]
