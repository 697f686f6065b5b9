"""The one path: every change is an event, numbered per workshop, filtered per viewer;
catch-up by number or by snapshot. In-process Socket.IO clients (Flask-SocketIO's)."""

import uuid

import pytest
from test_permissions import first_session

from server.extensions import socketio


def connect(app, browser, workshop, since=None, projector=None):
    client = socketio.test_client(app, flask_test_client=browser.client if browser else None,
                                  auth={"workshop": workshop["id"], "since": since,
                                        "projector": projector})
    assert client.is_connected()
    return client


def received(client, name):
    return [m["args"][0] for m in client.get_received() if m["name"] == name]


def cmd(client, command, **args):
    return client.emit("cmd", {"name": command, "args": args}, callback=True)


def test_connect_sends_a_snapshot_then_events(app, facilitator, workshop, participant):
    from server.events.coalesce import wait_until_sent

    wait_until_sent()  # the join's turnout
    phone = connect(app, participant, workshop)
    [sync] = received(phone, "sync")
    snapshot = sync["snapshot"]
    assert snapshot["seq"] > 0
    assert {"workshop", "member", "session"} <= set(snapshot["entities"])
    assert sync["me"] == {"role": "participant", "member_id": participant.member["id"]}
    laptop = connect(app, facilitator, workshop)
    received(laptop, "sync")
    session = first_session(facilitator, workshop["id"])
    ack = cmd(laptop, "session.start", session_id=session["id"])
    assert ack["ok"] is True and ack["data"]["status"] == "live"
    events = received(phone, "ev")
    assert [e["entity"] for e in events] == ["session", "workshop"] or \
        {e["entity"] for e in events} == {"session", "workshop"}
    assert [e["seq"] for e in events] == list(range(snapshot["seq"] + 1,
                                                    snapshot["seq"] + 1 + len(events)))


def test_reconnect_with_since_gets_exactly_the_missed_events(app, facilitator, workshop,
                                                             participant):
    phone = connect(app, participant, workshop)
    seq = received(phone, "sync")[0]["snapshot"]["seq"]
    phone.disconnect()
    session = first_session(facilitator, workshop["id"])
    base = f"/api/workshops/{workshop['id']}/sessions/{session['id']}"
    facilitator.api("POST", f"{base}/start")
    for _ in range(3):
        facilitator.api("POST", f"{base}/timer", json={"action": "add", "seconds": 60})
    facilitator.api("PATCH", f"/api/workshops/{workshop['id']}", json={"name": "Uusi nimi"})
    log = facilitator.api("GET", f"/api/workshops/{workshop['id']}/events?since={seq}").get_json()
    missed = [e["seq"] for e in log["events"]]
    assert missed == list(range(seq + 1, seq + 1 + len(missed))) and len(missed) >= 6
    again = connect(app, participant, workshop, since=seq)
    [sync] = received(again, "sync")
    assert "snapshot" not in sync
    assert [e["seq"] for e in sync["events"]] == missed
    assert sync["events"][-1]["data"]["name"] == "Uusi nimi"


def test_too_far_behind_gets_a_snapshot(app, facilitator, workshop, participant):
    app.config["CATCHUP_LIMIT"] = 3
    phone = connect(app, participant, workshop)
    seq = received(phone, "sync")[0]["snapshot"]["seq"]
    for name in ("a", "b", "c", "d"):
        facilitator.api("PATCH", f"/api/workshops/{workshop['id']}", json={"name": name})
    again = connect(app, participant, workshop, since=seq)
    [sync] = received(again, "sync")
    assert sync["snapshot"]["seq"] == seq + 4
    assert sync["snapshot"]["entities"]["workshop"][0]["name"] == "d"


def test_number_from_the_future_gets_a_snapshot(app, workshop, participant):
    phone = connect(app, participant, workshop, since=10**6)
    assert "snapshot" in received(phone, "sync")[0]


def test_socket_command_errors_name_the_field(app, facilitator, workshop):
    laptop = connect(app, facilitator, workshop)
    received(laptop, "sync")
    session = first_session(facilitator, workshop["id"])
    ack = cmd(laptop, "session.timer", session_id=session["id"], action="explode")
    assert ack["ok"] is False and "action" in ack["error"]["fields"]
    ack = cmd(laptop, "workshop.update", name="x" * 500)
    assert ack["ok"] is False and "name" in ack["error"]["fields"]
    ack = cmd(laptop, "workshop.update", nmae="typo")
    assert ack["ok"] is False and "nmae" in ack["error"]["fields"]
    ack = cmd(laptop, "no.such.command")
    assert ack["ok"] is False and "name" in ack["error"]["fields"]
    ack = laptop.emit("cmd", "not a dict", callback=True)
    assert ack["ok"] is False
    assert received(laptop, "ev") == []  # nothing changed


def test_participant_socket_cannot_run_facilitator_commands(app, facilitator, workshop,
                                                            participant):
    phone = connect(app, participant, workshop)
    received(phone, "sync")
    session = first_session(facilitator, workshop["id"])
    ack = cmd(phone, "session.start", session_id=session["id"])
    assert ack["ok"] is False and ack["error"]["status"] == 403
    ack = cmd(phone, "workshop.update", name="Mine")
    assert ack["ok"] is False and ack["error"]["status"] == 403
    assert first_session(facilitator, workshop["id"])["status"] == "planned"


def test_projector_is_read_only(app, facilitator, workshop):
    screen = connect(app, None, workshop, projector=workshop["projector_token"])
    [sync] = received(screen, "sync")
    assert sync["me"]["role"] == "observer"
    assert "projector_token" not in sync["snapshot"]["entities"]["workshop"][0]
    ack = cmd(screen, "workshop.update", name="Screen")
    assert ack["ok"] is False and ack["error"]["status"] == 403


def test_stranger_socket_is_refused(app, workshop):
    client = socketio.test_client(app, auth={"workshop": workshop["id"]})
    assert not client.is_connected()
    client = socketio.test_client(app, auth={"workshop": workshop["id"], "projector": "guess"})
    assert not client.is_connected()


def test_removed_member_is_disconnected_and_refused(app, facilitator, workshop, participant):
    phone = connect(app, participant, workshop)
    facilitator.api("DELETE",
                    f"/api/workshops/{workshop['id']}/members/{participant.member['id']}")
    assert not phone.is_connected()
    client = socketio.test_client(app, flask_test_client=participant.client,
                                  auth={"workshop": workshop["id"]})
    assert not client.is_connected()


def test_logout_disconnects_the_facilitators_sockets(app, facilitator, workshop):
    laptop = connect(app, facilitator, workshop)
    facilitator.form("/logout", {})
    assert not laptop.is_connected()


def test_events_are_filtered_by_viewer(app, facilitator, workshop, participant):
    """The projector token changes only in a facilitator's view of the workshop."""
    phone = connect(app, participant, workshop)
    laptop = connect(app, facilitator, workshop)
    received(phone, "sync")
    received(laptop, "sync")
    cmd(laptop, "workshop.update", name="Nimi")
    [mine] = received(laptop, "ev")
    [theirs] = received(phone, "ev")
    assert mine["seq"] == theirs["seq"]
    assert "projector_token" in mine["data"]
    assert "projector_token" not in theirs["data"]


@pytest.mark.parametrize("member_change", [{"display_name": ""}, {"display_name": "x" * 61},
                                           {"organisation": 5}])
def test_invalid_member_update_over_socket(app, workshop, participant, member_change):
    phone = connect(app, participant, workshop)
    received(phone, "sync")
    ack = cmd(phone, "member.update", member_id=participant.member["id"], **member_change)
    assert ack["ok"] is False
    assert set(member_change) <= set(ack["error"]["fields"])


def test_member_update_from_another_workshop_id_is_unknown(app, facilitator, workshop):
    laptop = connect(app, facilitator, workshop)
    received(laptop, "sync")
    ack = cmd(laptop, "member.update", member_id=str(uuid.uuid4()), display_name="Ghost")
    assert ack["ok"] is False and "member_id" in ack["error"]["fields"]


def test_facilitator_builds_an_agenda_over_the_socket(app, facilitator):
    created = facilitator.api("POST", "/api/workshops", json={"id": str(uuid.uuid4()),
                                                             "name": "Tyhjä"}).get_json()
    laptop = connect(app, facilitator, created)
    received(laptop, "sync")
    session_id = str(uuid.uuid4())
    first = cmd(laptop, "session.create", id=session_id, title={"fi": "Aamu"})
    again = cmd(laptop, "session.create", id=session_id, title={"fi": "Aamu"})
    assert first["ok"] and again["ok"] and again["data"]["id"] == session_id
    empty = cmd(laptop, "session.create", id=str(uuid.uuid4()), title={"fi": " ", "en": ""})
    assert empty["ok"] is False and "title" in empty["error"]["fields"]
    phase_id = str(uuid.uuid4())
    added = cmd(laptop, "session.save_phase", session_id=session_id, id=phase_id,
                title={"fi": "Ideointi"}, minutes=15)
    assert added["ok"] and [p["title"]["fi"] for p in added["data"]["phases"]] == ["Ideointi"]
    bad = cmd(laptop, "session.save_phase", session_id=session_id, id=str(uuid.uuid4()),
              title={"fi": "x"}, minutes=0)
    assert bad["ok"] is False and "minutes" in bad["error"]["fields"]
    state = facilitator.api("GET", f"/api/workshops/{created['id']}/state").get_json()
    assert len(state["entities"]["session"]) == 1
    removed = cmd(laptop, "session.delete_phase", session_id=session_id, phase_id=phase_id)
    assert removed["ok"] and removed["data"]["phases"] == []
