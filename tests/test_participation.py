"""Taking part with help and who is left out, through the public surface: a facilitator
enters an idea, a canvas note and a task's answer for a participant without a device
(``on_behalf_of``), the participant owns them and sees who typed them in, nobody else does;
the participation view counts what each person did and is the facilitators' alone; its
reminder goes once, through the member's own channels."""

import uuid

import pytest
from conftest import join_as
from test_events import connect, received
from test_framing import do, ok, state


def new():
    return str(uuid.uuid4())


@pytest.fixture
def board(app, facilitator):
    """A blank workshop with a group, its challenge and a question; Helmi (no device, in
    the group) and Ville on their phones."""
    workshop = facilitator.api("POST", "/api/workshops",
                               json={"id": new(), "name": "Osallisuus"}).get_json()
    group = ok(facilitator, workshop, "group.save", id=new(), name="Ryhmä A")
    challenge = state(facilitator, workshop)["challenge"][0]
    hmw = ok(facilitator, workshop, "hmw.save", id=new(), challenge_id=challenge["id"],
             text="Miten voisimme tukea asioinnissa?")
    helmi = join_as(app, workshop, "Helmi")
    ville = join_as(app, workshop, "Ville")
    for phone in (helmi, ville):
        ok(facilitator, workshop, "group.assign", member_id=phone.member["id"],
           group_id=group["id"])
    return {"workshop": workshop, "challenge": challenge, "hmw": hmw, "helmi": helmi,
            "ville": ville}


def me(facilitator, workshop):
    return next(m for m in state(facilitator, workshop)["member"]
                if m["role"] == "facilitator")["id"]


def test_an_idea_entered_with_help_is_the_participants_own(facilitator, board):
    workshop, helmi, ville = board["workshop"], board["helmi"], board["ville"]
    anna = me(facilitator, workshop)
    idea_id = new()
    idea = ok(facilitator, workshop, "idea.add", id=idea_id, hmw_id=board["hmw"]["id"],
              text="Paperilomake kirjastoon", on_behalf_of=helmi.member["id"])
    assert idea["member_id"] == helmi.member["id"] and idea["entered_by_member_id"] == anna
    # A resend (the facilitator's laptop lost the answer) makes nothing new.
    again = ok(facilitator, workshop, "idea.add", id=idea_id, hmw_id=board["hmw"]["id"],
               text="Paperilomake kirjastoon", on_behalf_of=helmi.member["id"])
    assert again["id"] == idea_id and len(state(facilitator, workshop)["idea"]) == 1
    # Helmi sees it as hers, with who typed it in; Ville sees the idea, not that help.
    [mine] = state(helmi, workshop)["idea"]
    assert mine["member_id"] == helmi.member["id"] and mine["entered_by_member_id"] == anna
    [theirs] = state(ville, workshop)["idea"]
    assert theirs["member_id"] == helmi.member["id"] and theirs["entered_by_member_id"] is None
    # Helmi owns it: she may change and delete it; Ville may not.
    status, body = do(ville, workshop, "idea.edit", idea_id=idea_id, text="Minun")
    assert status == 403
    edited = ok(helmi, workshop, "idea.edit", idea_id=idea_id, text="Paperilomake ja apu")
    assert edited["text"] == "Paperilomake ja apu" and edited["entered_by_member_id"] == anna
    ok(helmi, workshop, "idea.delete", idea_id=idea_id)
    assert state(facilitator, workshop)["idea"] == []


def test_a_participant_sending_on_behalf_of_is_refused_naming_the_field(facilitator, board):
    workshop, helmi, ville = board["workshop"], board["helmi"], board["ville"]
    for command, args in (
            ("idea.add", {"hmw_id": board["hmw"]["id"], "text": "Toisen puolesta"}),
            ("challenge.note", {"challenge_id": board["challenge"]["id"], "question": "causes",
                                "body": "Toisen puolesta"})):
        status, body = do(ville, workshop, command, id=new(), on_behalf_of=helmi.member["id"],
                          **args)
        assert status == 403 and "on_behalf_of" in body["error"]["fields"], body
    assert state(facilitator, workshop)["idea"] == []
    assert state(facilitator, workshop)["challenge_note"] == []
    # Only an active participant of this workshop can be named.
    for wrong in (me(facilitator, workshop), new(), 12):
        status, body = do(facilitator, workshop, "idea.add", id=new(),
                          hmw_id=board["hmw"]["id"], text="x", on_behalf_of=wrong)
        assert status == 422 and "on_behalf_of" in body["error"]["fields"], body
    assert state(facilitator, workshop)["idea"] == []


def test_a_canvas_note_entered_with_help(facilitator, board):
    workshop, helmi, ville = board["workshop"], board["helmi"], board["ville"]
    anna = me(facilitator, workshop)
    note = ok(facilitator, workshop, "challenge.note", id=new(),
              challenge_id=board["challenge"]["id"], question="causes",
              body="Ei omaa puhelinta", on_behalf_of=helmi.member["id"])
    assert note["member_id"] == helmi.member["id"] and note["entered_by_member_id"] == anna
    [mine] = state(helmi, workshop)["challenge_note"]
    assert mine["entered_by_member_id"] == anna
    [theirs] = state(ville, workshop)["challenge_note"]
    assert theirs["body"] == "Ei omaa puhelinta" and theirs["entered_by_member_id"] is None
    ok(helmi, workshop, "challenge.edit_note", note_id=note["id"], body="Ei puhelinta")
    ok(helmi, workshop, "challenge.delete_note", note_id=note["id"])


@pytest.fixture
def coaching(app, facilitator):
    workshop = facilitator.api("POST", "/api/workshops", json={
        "id": new(), "template": "online-coaching-6-weeks"}).get_json()
    sessions = sorted(state(facilitator, workshop)["session"], key=lambda s: s["position"])
    survey = next(s for s in sessions if s["task"] and s["task"].get("survey"))
    return workshop, survey, join_as(app, workshop, "Helmi"), join_as(app, workshop, "Ville")


def test_a_survey_answer_entered_with_help_and_the_participation_view(app, facilitator,
                                                                      coaching):
    workshop, survey, helmi, ville = coaching
    anna = me(facilitator, workshop)
    view = facilitator.api("GET", f"/api/workshops/{workshop['id']}/participation")
    assert view.status_code == 200
    data = view.get_json()
    assert survey["id"] in data["open_task_ids"]
    rows = {row["display_name"]: row for row in data["members"]}
    assert set(rows) == {"Helmi", "Ville"}
    assert rows["Helmi"]["not_done"] == data["open_task_ids"]
    assert rows["Helmi"]["last_seen_at"] is None and not rows["Helmi"]["online"]
    # Ville answers on his phone; Helmi's answer is typed in for her.
    first = survey["task"]["survey"][0]
    answer = 3 if first["kind"] == "scale" else "Vähän"
    ok(ville, workshop, "task.submit", id=new(), session_id=survey["id"],
       answers={first["id"]: answer})
    status, body = do(ville, workshop, "task.submit", id=new(), session_id=survey["id"],
                      answers={first["id"]: answer}, on_behalf_of=helmi.member["id"])
    assert status == 403 and "on_behalf_of" in body["error"]["fields"]
    helped = ok(facilitator, workshop, "task.submit", id=new(), session_id=survey["id"],
                answers={first["id"]: answer}, on_behalf_of=helmi.member["id"])
    assert helped["member_id"] == helmi.member["id"] and helped["entered_by_member_id"] == anna
    [mine] = state(helmi, workshop)["submission"]
    assert mine["entered_by_member_id"] == anna
    # Helmi's phone joins: she is "here now", and her answer counts as hers.
    phone = connect(app, helmi, workshop)
    data = facilitator.api("GET", f"/api/workshops/{workshop['id']}/participation").get_json()
    rows = {row["display_name"]: row for row in data["members"]}
    assert rows["Helmi"]["online"] and rows["Helmi"]["last_seen_at"] is not None
    assert rows["Helmi"]["tasks"][survey["id"]] == {"done": True, "helped": True,
                                                    "reminded": False}
    assert rows["Helmi"]["totals"]["answers"] == 1 and rows["Helmi"]["helped"] == 1
    assert rows["Ville"]["tasks"][survey["id"]]["done"] and rows["Ville"]["helped"] == 0
    assert survey["id"] not in rows["Helmi"]["not_done"]
    phone.disconnect()
    data = facilitator.api("GET", f"/api/workshops/{workshop['id']}/participation").get_json()
    assert not next(r for r in data["members"] if r["display_name"] == "Helmi")["online"]


def test_the_participation_view_is_the_facilitators_alone(app, facilitator, coaching):
    workshop, survey, helmi, _ = coaching
    url = f"/api/workshops/{workshop['id']}/participation"
    assert helmi.api("GET", url).status_code == 403
    projector = facilitator.api("GET", f"/api/workshops/{workshop['id']}").get_json()
    stranger = join_as(app, facilitator.api("POST", "/api/workshops", json={
        "id": new(), "name": "Toinen"}).get_json(), "Outo")
    assert stranger.api("GET", url).status_code == 403
    assert projector  # the workshop exists; only its facilitators read the view
    status, body = do(helmi, workshop, "participation.remind", member_id=helmi.member["id"],
                      session_id=survey["id"])
    assert status == 403


def test_counts_per_live_session(app, facilitator, board):
    workshop, helmi, ville = board["workshop"], board["helmi"], board["ville"]
    session = ok(facilitator, workshop, "session.create", id=new(),
                 title={"fi": "Ensimmäinen", "en": "First"})
    ok(facilitator, workshop, "session.start", session_id=session["id"])
    hmw = board["hmw"]["id"]
    idea = ok(ville, workshop, "idea.add", id=new(), hmw_id=hmw, text="Ville 1")
    ok(ville, workshop, "idea.add", id=new(), hmw_id=hmw, text="Ville 2")
    ok(facilitator, workshop, "idea.add", id=new(), hmw_id=hmw, text="Helmin",
       on_behalf_of=helmi.member["id"])
    ok(helmi, workshop, "idea.plus", idea_id=idea["id"], on=True)
    persona = ok(facilitator, workshop, "persona.import", keys=["raili-ei-laitetta"])[0]
    ok(helmi, workshop, "comment.add", id=new(), target_kind="persona",
       target_id=persona["id"], body="Hyvä")
    data = facilitator.api("GET", f"/api/workshops/{workshop['id']}/participation").get_json()
    rows = {row["display_name"]: row for row in data["members"]}
    assert rows["Ville"]["sessions"][session["id"]]["ideas"] == 2
    assert rows["Helmi"]["sessions"][session["id"]] == {
        "ideas": 1, "notes": 0, "comments": 1, "votes": 0, "answers": 0, "plus": 1}
    assert rows["Helmi"]["helped"] == 1
    # Counts only: nothing anyone wrote is in the answer.
    text = str(data)
    assert "Ville 1" not in text and "Helmin" not in text and "Hyvä" not in text


def test_a_friendly_reminder_goes_once_through_the_members_channels(app, facilitator,
                                                                   coaching):
    workshop, survey, helmi, ville = coaching
    phone = connect(app, helmi, workshop)
    other = connect(app, ville, workshop)
    phone.get_received(), other.get_received()
    sent = ok(facilitator, workshop, "participation.remind", member_id=helmi.member["id"],
              session_id=survey["id"])
    assert sent == {"member_id": helmi.member["id"], "session_id": survey["id"], "sent": True}
    events = [e for e in received(phone, "ev") if e.get("entity") == "notification"]
    assert len(events) == 1 and "Hei!" in events[0]["data"]["text"]["fi"]
    # Ville's phone learns nothing of it but a content-free marker.
    assert all(e.get("hidden") or e.get("entity") != "notification"
               for e in received(other, "ev"))
    again = ok(facilitator, workshop, "participation.remind", member_id=helmi.member["id"],
               session_id=survey["id"])
    assert again["sent"] is False
    assert len(state(helmi, workshop)["notification"]) == 1
    data = facilitator.api("GET", f"/api/workshops/{workshop['id']}/participation").get_json()
    row = next(r for r in data["members"] if r["display_name"] == "Helmi")
    assert row["tasks"][survey["id"]]["reminded"] is True
    # The scheduler's own reminder of the same task is the same one: it does not come again.
    from server.reminders.service import make_due

    with app.app_context():
        make_due()
    assert len(state(helmi, workshop)["notification"]) == 1
    # One who has answered is not reminded; a task not open yet cannot be reminded of.
    first = survey["task"]["survey"][0]
    ok(ville, workshop, "task.submit", id=new(), session_id=survey["id"],
       answers={first["id"]: 3 if first["kind"] == "scale" else "x"})
    status, body = do(facilitator, workshop, "participation.remind",
                      member_id=ville.member["id"], session_id=survey["id"])
    assert status == 422 and "member_id" in body["error"]["fields"]
    closed = [s for s in state(facilitator, workshop)["session"]
              if s["task"] and s["id"] not in data["open_task_ids"]]
    if closed:
        status, body = do(facilitator, workshop, "participation.remind",
                          member_id=helmi.member["id"], session_id=closed[0]["id"])
        assert status == 422 and "session_id" in body["error"]["fields"]


def test_someone_without_a_device_is_added_and_comes_in_later_by_their_own_link(
        app, facilitator, board):
    from conftest import Browserless

    workshop, ville = board["workshop"], board["ville"]
    status, body = do(ville, workshop, "participation.add_person", id=new(),
                      display_name="Eino")
    assert status == 403
    person_id = new()
    eino = ok(facilitator, workshop, "participation.add_person", id=person_id,
              display_name="Eino")
    again = ok(facilitator, workshop, "participation.add_person", id=person_id,
               display_name="Eino")
    assert eino["id"] == again["id"] == person_id and eino["role"] == "participant"
    idea = ok(facilitator, workshop, "idea.add", id=new(), hmw_id=board["hmw"]["id"],
              text="Neuvontaa puhelimitse", on_behalf_of=person_id)
    data = facilitator.api("GET", f"/api/workshops/{workshop['id']}/participation").get_json()
    row = next(r for r in data["members"] if r["member_id"] == person_id)
    link = row["own_link"]
    assert link and row["totals"]["ideas"] == 1 and row["helped"] == 1
    # Only for someone a facilitator added: nobody gets a link to be one who joined.
    assert next(r for r in data["members"] if r["member_id"] == ville.member["id"])[
        "own_link"] is None
    phone = Browserless(app.test_client())
    path = link.split("://", 1)[1].split("/", 1)[1]
    # Opening the link (as a chat app does for its preview) asks first and uses nothing up.
    for _ in range(2):
        asked = phone.page(f"/{path}")
        assert asked.status_code == 200 and "Eino" in asked.get_data(as_text=True)
    response = phone.form(f"/{path}", {})
    assert response.status_code == 302
    [mine] = state(phone, workshop)["idea"]
    assert mine["id"] == idea["id"] and mine["entered_by_member_id"]
    ok(phone, workshop, "idea.edit", idea_id=idea["id"], text="Neuvontaa puhelimella")
    # The link worked once; a second phone with it gets nowhere.
    assert Browserless(app.test_client()).client.get(f"/{path}").status_code == 404
    late = Browserless(app.test_client())
    late.page("/")
    assert late.form(f"/{path}", {}).status_code == 404
    assert Browserless(app.test_client()).client.get("/c/forged").status_code == 404
