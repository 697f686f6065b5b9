"""Running the room through the public surface: settings and reveal for every question of
the phase at once, "Bring everyone here" and a projector that follows, participants' "I'm
done", and moving a vote's deadline (or reopening the round). Facilitator-only commands
refuse participants; bad input names its field and changes nothing; setting a thing twice
records nothing the second time."""

import time
import uuid

import pytest
from conftest import join_as
from test_events import connect, received
from test_framing import do, ok, state

from server.voting.tally import wait_until_sent


def new():
    return str(uuid.uuid4())


def seq(browser, workshop) -> int:
    return browser.api("GET", f"/api/workshops/{workshop['id']}/state").get_json()["seq"]


def by_id(rows) -> dict:
    return {row["id"]: row for row in rows}


@pytest.fixture
def room(app, facilitator):
    """A blank workshop with a live session of two phases, a group's challenge with two
    questions, and two participants."""
    workshop = facilitator.api("POST", "/api/workshops",
                               json={"id": new(), "name": "Fasilitointi"}).get_json()
    ok(facilitator, workshop, "group.save", id=new(), name="Ryhmä")
    challenge = state(facilitator, workshop)["challenge"][0]["id"]
    questions = [ok(facilitator, workshop, "hmw.save", id=new(), challenge_id=challenge,
                    text=text)["id"]
                 for text in ("Miten voisimme tukea?", "Miten voisimme opastaa?")]
    session = ok(facilitator, workshop, "session.create", id=new(), title={"fi": "Työpaja"},
                 phases=[{"title": {"fi": "Ideointi"}, "activity": "ideation"},
                         {"title": {"fi": "Äänestys"}, "activity": "voting"}])
    session = ok(facilitator, workshop, "session.start", session_id=session["id"])
    return {"workshop": workshop, "questions": questions, "session": session,
            "aino": join_as(app, workshop, "Aino", "Kela"),
            "ville": join_as(app, workshop, "Ville", "TE")}


def the_session(browser, room) -> dict:
    return by_id(state(browser, room["workshop"])["session"])[room["session"]["id"]]


# -- settings and reveal for the questions of the phase -----------------------------------------


def test_settings_all_reach_every_question_or_only_the_live_one(facilitator, room):
    workshop, (first, second) = room["workshop"], room["questions"]
    session_id = room["session"]["id"]
    status, body = do(room["aino"], workshop, "hmw.settings_all", session_id=session_id,
                      silent=True)
    assert status == 403
    assert not any(q["silent"] for q in state(facilitator, workshop)["hmw"])

    # None is on the phones: every question of the workshop.
    assert ok(facilitator, workshop, "hmw.settings_all", session_id=session_id,
              silent=True)["changed"] == 2
    before = seq(facilitator, workshop)
    assert ok(facilitator, workshop, "hmw.settings_all", session_id=session_id,
              silent=True)["changed"] == 0
    assert seq(facilitator, workshop) == before, "a second time records nothing"

    # One on the phones: only that one.
    ok(facilitator, workshop, "hmw.settings", hmw_id=second, live=True)
    assert ok(facilitator, workshop, "hmw.settings_all", session_id=session_id, locked=True,
              anonymous=True)["changed"] == 1
    questions = by_id(state(room["ville"], workshop)["hmw"])
    assert questions[second]["locked"] and questions[second]["anonymous"]
    assert not questions[first]["locked"] and not questions[first]["anonymous"]


@pytest.mark.parametrize("args, field", [
    ({}, "_schema"),
    ({"silent": "kyllä"}, "silent"),
    ({"locked": True, "revealed": True}, "revealed"),  # reveal has its own command
    ({"session_id": "nope", "locked": True}, "session_id"),
])
def test_bad_settings_all_name_the_field_and_change_nothing(facilitator, room, args, field):
    workshop = room["workshop"]
    before = seq(facilitator, workshop)
    status, body = do(facilitator, workshop, "hmw.settings_all",
                      **{"session_id": room["session"]["id"], **args})
    assert status in (404, 422) and field in body["error"]["fields"], body
    assert seq(facilitator, workshop) == before


def test_a_mode_does_not_change_under_written_ideas(facilitator, room):
    workshop, (first, second) = room["workshop"], room["questions"]
    ok(room["aino"], workshop, "idea.add", id=new(), hmw_id=first, text="Digikummi")
    before = seq(facilitator, workshop)
    status, body = do(facilitator, workshop, "hmw.settings_all",
                      session_id=room["session"]["id"], anonymous=True, locked=True)
    assert status == 422 and "anonymous" in body["error"]["fields"]
    assert "1" in body["error"]["fields"]["anonymous"][0]
    assert seq(facilitator, workshop) == before
    assert not any(q["anonymous"] or q["locked"] for q in state(facilitator, workshop)["hmw"])
    assert second


def test_reveal_all_brings_hidden_ideas_to_everyone(app, facilitator, room):
    workshop, (first, second) = room["workshop"], room["questions"]
    session_id = room["session"]["id"]
    ok(facilitator, workshop, "hmw.settings_all", session_id=session_id, silent=True)
    idea = ok(room["aino"], workshop, "idea.add", id=new(), hmw_id=first, text="Salainen")
    assert idea["id"] not in by_id(state(room["ville"], workshop)["idea"])
    phone = connect(app, room["ville"], workshop)
    received(phone, "sync")

    assert do(room["ville"], workshop, "hmw.reveal_all", session_id=session_id)[0] == 403
    assert ok(facilitator, workshop, "hmw.reveal_all", session_id=session_id)["changed"] == 2
    events = received(phone, "ev")
    assert [e["data"]["id"] for e in events if e.get("type") == "idea.revealed"] == [idea["id"]]
    assert by_id(state(room["ville"], workshop)["idea"])[idea["id"]]["text"] == "Salainen"
    assert all(q["revealed"] for q in state(room["ville"], workshop)["hmw"])
    before = seq(facilitator, workshop)
    assert ok(facilitator, workshop, "hmw.reveal_all", session_id=session_id)["changed"] == 0
    assert seq(facilitator, workshop) == before
    phone.disconnect()
    assert second


def test_reveal_all_keeps_to_the_live_question(facilitator, room):
    workshop, (first, second) = room["workshop"], room["questions"]
    session_id = room["session"]["id"]
    ok(facilitator, workshop, "hmw.settings_all", session_id=session_id, silent=True)
    ok(facilitator, workshop, "hmw.settings", hmw_id=first, live=True)
    assert ok(facilitator, workshop, "hmw.reveal_all", session_id=session_id)["changed"] == 1
    questions = by_id(state(facilitator, workshop)["hmw"])
    assert questions[first]["revealed"] and not questions[second]["revealed"]


# -- bring everyone here -------------------------------------------------------------------------


def test_focus_reaches_phones_and_the_projector(app, facilitator, room):
    workshop, (first, _second) = room["workshop"], room["questions"]
    session_id = room["session"]["id"]
    projector = connect(app, None, workshop, projector=workshop["projector_token"])
    received(projector, "sync")
    assert do(room["aino"], workshop, "session.focus", session_id=session_id, view="hmw",
              id=first)[0] == 403
    assert the_session(facilitator, room)["focus"] is None

    focus = ok(facilitator, workshop, "session.focus", session_id=session_id, view="hmw",
               id=first)["focus"]
    assert focus["view"] == "hmw" and focus["id"] == first
    assert abs(focus["at"] - time.time()) < 5
    [event] = [e for e in received(projector, "ev") if e.get("entity") == "session"]
    assert event["data"]["focus"] == focus
    assert the_session(room["aino"], room)["focus"] == focus

    # The same place again: a new moment, so screens that wandered off jump back.
    again = ok(facilitator, workshop, "session.focus", session_id=session_id, view="hmw",
               id=first)["focus"]
    assert again["seq"] == focus["seq"] + 1 and again["at"] >= focus["at"]

    assert ok(facilitator, workshop, "session.focus", session_id=session_id,
              view=None)["focus"] is None
    assert the_session(room["ville"], room)["focus"] is None
    before = seq(facilitator, workshop)
    ok(facilitator, workshop, "session.focus", session_id=session_id, view=None)
    assert seq(facilitator, workshop) == before, "clearing twice records nothing"
    projector.disconnect()


def test_focus_refuses_what_participants_cannot_see_there(facilitator, room):
    workshop, (first, _second) = room["workshop"], room["questions"]
    session_id = room["session"]["id"]
    ok(facilitator, workshop, "concept.save", id=new(), hmw_id=first, name="Digiopastus")
    draft = ok(facilitator, workshop, "vote.save_round", id=new())
    hidden = ok(facilitator, workshop, "vote.open",
                round_id=ok(facilitator, workshop, "vote.save_round", id=new())["id"])
    other = facilitator.api("POST", "/api/workshops",
                            json={"id": new(), "name": "Toinen"}).get_json()
    ok(facilitator, other, "group.save", id=new(), name="Muu")
    elsewhere = ok(facilitator, other, "hmw.save", id=new(),
                   challenge_id=state(facilitator, other)["challenge"][0]["id"],
                   text="Toisen työpajan kysymys")["id"]
    before = seq(facilitator, workshop)
    for args, field in [
        ({"view": "nowhere"}, "view"),
        ({"view": "hmw", "id": new()}, "id"),
        ({"view": "hmw", "id": elsewhere}, "id"),  # another workshop's question
        ({"view": "hmw", "id": hidden["id"]}, "id"),  # a round is not a question
        ({"view": "vote", "id": draft["id"]}, "id"),  # not open yet
        ({"view": "results", "id": hidden["id"]}, "id"),  # results not revealed
        ({"view": "stage", "id": new()}, "id"),  # not a phase of this session
        ({"view": "groups", "id": first}, "id"),  # the view takes no id
        ({"session_id": "nope", "view": "stage"}, "session_id"),
    ]:
        status, body = do(facilitator, workshop, "session.focus",
                          **{"session_id": session_id, **args})
        assert status in (404, 422) and field in body["error"]["fields"], (args, body)
    assert seq(facilitator, workshop) == before
    assert the_session(facilitator, room)["focus"] is None

    ok(facilitator, workshop, "vote.close", round_id=hidden["id"])
    ok(facilitator, workshop, "vote.reveal", round_id=hidden["id"])
    assert ok(facilitator, workshop, "session.focus", session_id=session_id, view="results",
              id=hidden["id"])["focus"]["id"] == hidden["id"]
    ok(facilitator, workshop, "session.end", session_id=session_id)
    status, body = do(facilitator, workshop, "session.focus", session_id=session_id,
                      view="stage")
    assert status == 422 and "session_id" in body["error"]["fields"]


def test_the_projector_follows_when_asked(app, facilitator, room):
    workshop, session_id = room["workshop"], room["session"]["id"]
    assert the_session(facilitator, room)["projector_follows"] is False
    assert do(room["aino"], workshop, "session.follow", session_id=session_id,
              on=True)[0] == 403
    status, body = do(facilitator, workshop, "session.follow", session_id=session_id, on="ehkä")
    assert status == 422 and "on" in body["error"]["fields"]
    assert ok(facilitator, workshop, "session.follow", session_id=session_id,
              on=True)["projector_follows"] is True
    before = seq(facilitator, workshop)
    ok(facilitator, workshop, "session.follow", session_id=session_id, on=True)
    assert seq(facilitator, workshop) == before
    projector = connect(app, None, workshop, projector=workshop["projector_token"])
    [sync] = received(projector, "sync")
    [session] = [s for s in sync["snapshot"]["entities"]["session"] if s["id"] == session_id]
    assert session["projector_follows"] is True
    projector.disconnect()


# -- I'm done ------------------------------------------------------------------------------------


def test_done_is_seen_by_its_member_and_the_facilitators(app, facilitator, room):
    workshop, session = room["workshop"], room["session"]
    aino, ville = room["aino"], room["ville"]
    phase_id = session["current_phase_id"]
    projector = connect(app, None, workshop, projector=workshop["projector_token"])
    received(projector, "sync")
    phone = connect(app, ville, workshop)
    received(phone, "sync")

    mark = ok(aino, workshop, "member.done", phase_id=phase_id, done=True)
    assert mark["done"] is True and mark["member_id"] == aino.member["id"]
    assert mark["phase_id"] == phase_id
    assert state(facilitator, workshop)["done"] == [mark]
    assert state(aino, workshop)["done"] == [mark]
    assert state(ville, workshop)["done"] == []
    for client in (projector, phone):
        assert all(e.get("hidden") for e in received(client, "ev"))

    before = seq(facilitator, workshop)
    assert ok(aino, workshop, "member.done", phase_id=phase_id, done=True) == mark
    assert seq(facilitator, workshop) == before, "done twice records nothing"
    undone = ok(aino, workshop, "member.done", phase_id=phase_id, done=False)
    assert undone["done"] is False
    assert state(facilitator, workshop)["done"][0]["done"] is False
    assert ok(ville, workshop, "member.done", phase_id=phase_id, done=False)["done"] is False
    assert len(state(facilitator, workshop)["done"]) == 1, "never done: nothing stored"
    projector.disconnect()
    phone.disconnect()


def test_done_only_with_the_phase_that_is_on(facilitator, room):
    workshop, session = room["workshop"], room["session"]
    aino = room["aino"]
    first, second = (p["id"] for p in session["phases"])
    before = seq(facilitator, workshop)
    for who, args, status_, field in [
        (aino, {"phase_id": second, "done": True}, 422, "phase_id"),
        (aino, {"phase_id": new(), "done": True}, 404, "phase_id"),
        (aino, {"phase_id": first, "done": "ehkä"}, 422, "done"),
        (aino, {"phase_id": first}, 422, "done"),
    ]:
        status, body = do(who, workshop, "member.done", **args)
        assert status == status_ and field in body["error"]["fields"], (args, body)
    assert do(facilitator, workshop, "member.done", phase_id=first, done=True)[0] == 403
    assert seq(facilitator, workshop) == before

    ok(facilitator, workshop, "session.phase", session_id=session["id"], step=1)
    status, body = do(aino, workshop, "member.done", phase_id=first, done=True)
    assert status == 422 and "phase_id" in body["error"]["fields"]
    ok(facilitator, workshop, "session.end", session_id=session["id"])
    status, body = do(aino, workshop, "member.done", phase_id=second, done=True)
    assert status == 422 and "phase_id" in body["error"]["fields"]


def test_done_marks_go_with_their_member_and_their_phase(app, facilitator, room):
    workshop, session = room["workshop"], room["session"]
    aino, ville = room["aino"], room["ville"]
    first = session["current_phase_id"]
    ok(aino, workshop, "member.done", phase_id=first, done=True)
    ok(ville, workshop, "member.done", phase_id=first, done=True)
    laptop = connect(app, facilitator, workshop)
    received(laptop, "sync")

    ok(facilitator, workshop, "member.remove", member_id=ville.member["id"])
    [mine] = state(facilitator, workshop)["done"]
    assert mine["member_id"] == aino.member["id"]
    ok(facilitator, workshop, "session.phase", session_id=session["id"], step=1)
    ok(facilitator, workshop, "session.delete_phase", session_id=session["id"], phase_id=first)
    assert state(facilitator, workshop)["done"] == []
    deletes = [e for e in received(laptop, "ev") if e.get("entity") == "done"]
    assert [e["op"] for e in deletes] == ["delete", "delete"]
    laptop.disconnect()


# -- a vote's deadline -----------------------------------------------------------------------------


@pytest.fixture
def ballot(facilitator, room):
    """Two concepts to vote on."""
    workshop, (first, _second) = room["workshop"], room["questions"]
    return [ok(facilitator, workshop, "concept.save", id=new(), hmw_id=first, name=name)["id"]
            for name in ("Digikahvila", "Tablettilaina")]


def open_round(facilitator, workshop, **settings):
    round_ = ok(facilitator, workshop, "vote.save_round", id=new(), **settings)
    return ok(facilitator, workshop, "vote.open", round_id=round_["id"])


def round_of(browser, workshop, round_id) -> dict:
    return by_id(state(browser, workshop)["vote_round"])[round_id]


def wait_for_status(browser, workshop, round_id, status, within: float) -> float:
    """Seconds until the round has ``status``; fails after ``within`` seconds."""
    start = time.time()
    while time.time() - start < within:
        if round_of(browser, workshop, round_id)["status"] == status:
            return time.time() - start
        time.sleep(0.1)
    raise AssertionError(f"the round did not become {status} within {within} s")


def test_a_later_deadline_is_kept_and_honoured(facilitator, room, ballot):
    workshop, aino = room["workshop"], room["aino"]
    round_ = ok(facilitator, workshop, "vote.open",
                round_id=ok(facilitator, workshop, "vote.save_round", id=new())["id"],
                closes_at=time.time() + 1)
    later = time.time() + 3
    moved = ok(facilitator, workshop, "vote.deadline", round_id=round_["id"], closes_at=later)
    assert moved["closes_at"] == pytest.approx(later, abs=0.01)
    # Phones count down from the round's public view.
    assert round_of(aino, workshop, round_["id"])["closes_at"] == moved["closes_at"]
    time.sleep(max(0.0, later - 1.5 - time.time()))  # past the old time, before the new
    assert round_of(facilitator, workshop, round_["id"])["status"] == "open"
    assert ok(aino, workshop, "vote.set", round_id=round_["id"], item_id=ballot[0],
              count=1)["mine"] == {ballot[0]: 1}
    wait_for_status(facilitator, workshop, round_["id"], "closed", within=6)
    closed = round_of(facilitator, workshop, round_["id"])
    assert closed["closed_at"] >= later - 0.01


def test_a_sooner_deadline_closes_the_round_sooner(facilitator, room, ballot):
    workshop = room["workshop"]
    round_ = ok(facilitator, workshop, "vote.open",
                round_id=ok(facilitator, workshop, "vote.save_round", id=new())["id"],
                closes_at=time.time() + 600)
    ok(facilitator, workshop, "vote.deadline", round_id=round_["id"],
       closes_at=time.time() + 1)
    assert wait_for_status(facilitator, workshop, round_["id"], "closed", within=6) < 6


def test_bad_deadlines_name_the_field_and_change_nothing(facilitator, room, ballot):
    workshop, aino = room["workshop"], room["aino"]
    round_ = open_round(facilitator, workshop)
    before = seq(facilitator, workshop)
    for args, field in [
        ({"closes_at": time.time() - 5}, "closes_at"),
        ({"closes_at": time.time() + 100 * 86400}, "closes_at"),
        ({"closes_at": "huomenna"}, "closes_at"),
        ({}, "closes_at"),
        ({"closes_at": time.time() + 60, "round_id": new()}, "round_id"),
    ]:
        status, body = do(facilitator, workshop, "vote.deadline",
                          **{"round_id": round_["id"], **args})
        assert status in (404, 422) and field in body["error"]["fields"], (args, body)
    assert do(aino, workshop, "vote.deadline", round_id=round_["id"],
              closes_at=time.time() + 60)[0] == 403
    assert seq(facilitator, workshop) == before
    assert round_of(facilitator, workshop, round_["id"])["closes_at"] is None

    until = time.time() + 120
    ok(facilitator, workshop, "vote.deadline", round_id=round_["id"], closes_at=until)
    before = seq(facilitator, workshop)
    ok(facilitator, workshop, "vote.deadline", round_id=round_["id"], closes_at=until)
    assert seq(facilitator, workshop) == before, "the same deadline again records nothing"
    assert ok(facilitator, workshop, "vote.deadline", round_id=round_["id"],
              closes_at=None)["closes_at"] is None


def test_reopening_a_named_round_keeps_its_ballots(facilitator, room, ballot):
    workshop, aino = room["workshop"], room["aino"]
    round_ = open_round(facilitator, workshop, anonymous=False, dots=3, cap=3)
    ok(aino, workshop, "vote.set", round_id=round_["id"], item_id=ballot[0], count=2)
    ok(facilitator, workshop, "vote.close", round_id=round_["id"])
    ok(facilitator, workshop, "vote.reveal", round_id=round_["id"])
    status, body = do(facilitator, workshop, "vote.deadline", round_id=round_["id"],
                      closes_at=time.time() + 60)
    assert status == 422 and "reopen" in body["error"]["fields"]

    reopened = ok(facilitator, workshop, "vote.deadline", round_id=round_["id"],
                  closes_at=time.time() + 60, reopen=True)
    assert reopened["status"] == "open" and reopened["closed_at"] is None
    assert round_of(aino, workshop, round_["id"])["status"] == "open"
    # The same ballot: one dot left, not a fresh budget.
    status, body = do(aino, workshop, "vote.set", round_id=round_["id"], item_id=ballot[1],
                      count=2)
    assert status == 422 and "count" in body["error"]["fields"]
    assert ok(aino, workshop, "vote.set", round_id=round_["id"], item_id=ballot[1],
              count=1)["left"] == 0
    wait_until_sent()  # the coalesced tally
    shown = round_of(room["ville"], workshop, round_["id"])["results"]
    assert {r["item_id"]: r["count"] for r in shown} == {ballot[0]: 2, ballot[1]: 1}


def test_an_anonymous_or_chosen_round_does_not_reopen(facilitator, room, ballot):
    workshop, aino = room["workshop"], room["aino"]
    anonymous = open_round(facilitator, workshop, anonymous=True)
    ok(facilitator, workshop, "vote.close", round_id=anonymous["id"])
    named = open_round(facilitator, workshop, anonymous=False)
    ok(aino, workshop, "vote.set", round_id=named["id"], item_id=ballot[0], count=1)
    ok(facilitator, workshop, "vote.close", round_id=named["id"])
    ok(facilitator, workshop, "vote.reveal", round_id=named["id"])
    ok(facilitator, workshop, "vote.choose", round_id=named["id"], top=1)
    wait_until_sent()
    before = seq(facilitator, workshop)
    for round_ in (anonymous, named):
        status, body = do(facilitator, workshop, "vote.deadline", round_id=round_["id"],
                          closes_at=time.time() + 60, reopen=True)
        assert status == 422 and "reopen" in body["error"]["fields"], body
        assert round_of(facilitator, workshop, round_["id"])["status"] == "closed"
    assert seq(facilitator, workshop) == before
