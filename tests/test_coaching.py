"""Issue 6 (coaching) through the public surface: weekly themes with safely rendered
material and task dates, private and shared submissions (private reaches no other
participant through any channel), feedback and completion marks, the progress data and
the needs survey's summary."""

import json
import uuid
from datetime import date, timedelta

import pytest
from conftest import join_as
from test_events import cmd, connect, received
from test_framing import do, ok, state


def new():
    return str(uuid.uuid4())


@pytest.fixture
def coaching(facilitator):
    response = facilitator.api("POST", "/api/workshops", json={
        "id": new(), "template": "online-coaching-6-weeks"})
    assert response.status_code == 201
    workshop = response.get_json()
    sessions = sorted(state(facilitator, workshop)["session"], key=lambda s: s["position"])
    themes = {s["title"]["en"]: s for s in sessions if s["task"]}
    return workshop, themes


def theme(themes, start):
    return next(s for title, s in themes.items() if title.startswith(start))


@pytest.fixture
def people(app, coaching):
    workshop, _ = coaching
    return join_as(app, workshop, "Maija", "Kaupunki"), join_as(app, workshop, "Pertti", "TE")


def test_themes_have_material_weeks_and_tasks(facilitator, coaching):
    workshop, themes = coaching
    survey = theme(themes, "Starting survey")
    week1 = theme(themes, "Week 1")
    today = date.today()
    assert survey["opens_on"] == today.isoformat()
    assert week1["opens_on"] == (today + timedelta(weeks=1)).isoformat()
    assert week1["due_on"] == (today + timedelta(weeks=1, days=6)).isoformat()
    assert week1["task"]["visibility"] == "shared"
    assert "<h2>" in week1["material_html"]["fi"]
    assert [q["id"] for q in survey["task"]["survey"]] == ["confidence", "guiding", "tools",
                                                          "needs"]
    assert len(themes) == 8  # the survey, six weeks and the closing survey


def test_material_markdown_never_runs_script_or_loads_remote_content(facilitator, coaching):
    workshop, themes = coaching
    week1 = theme(themes, "Week 1")
    evil = ("# Viikko\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
            "![kuva](https://evil.example/x.png)\n\n[klikkaa](javascript:alert(1)) "
            "[hyvä](https://selkokeskus.fi) <a href='https://x' onclick='alert(1)'>a</a>")
    ok(facilitator, workshop, "session.update", session_id=week1["id"],
       material={"fi": evil, "en": "Plain"})
    html = next(s for s in state(facilitator, workshop)["session"]
                if s["id"] == week1["id"])["material_html"]["fi"]
    assert "<script" not in html and "<img" not in html and "onerror" not in html.replace(
        "&lt;img src=x onerror=alert(1)&gt;", "")
    assert "javascript:" not in html.replace("[klikkaa](javascript:alert(1))", "")
    assert "onclick" not in html.replace("onclick='alert(1)'", "")
    assert "evil.example" not in html
    assert '<a href="https://selkokeskus.fi" rel="noopener noreferrer nofollow">hyvä</a>' in html
    status, body = do(facilitator, workshop, "session.update", session_id=week1["id"],
                      opens_on="2027-01-10", due_on="2027-01-01")
    assert status == 422 and "due_on" in body["error"]["fields"]
    status, body = do(facilitator, workshop, "session.update", session_id=week1["id"],
                      task={"title": {"fi": "x", "en": "x"}})
    assert status == 422 and "task" in body["error"]["fields"]


def test_a_task_opens_on_its_date(facilitator, coaching, people):
    workshop, themes = coaching
    maija, _ = people
    week1 = theme(themes, "Week 1")  # opens in a week
    status, body = do(maija, workshop, "task.submit", id=new(), session_id=week1["id"],
                      body="Liian aikaisin")
    assert status == 422 and "session_id" in body["error"]["fields"]
    ok(facilitator, workshop, "session.update", session_id=week1["id"],
       opens_on=date.today().isoformat())
    assert ok(maija, workshop, "task.submit", id=new(), session_id=week1["id"],
              body="Nyt käy")["body"] == "Nyt käy"


def test_private_submission_reaches_no_other_participant(app, facilitator, coaching, people):
    workshop, themes = coaching
    maija, pertti = people
    week2 = theme(themes, "Week 2")  # private, feedback
    ok(facilitator, workshop, "session.update", session_id=week2["id"],
       opens_on=date.today().isoformat())
    phone = connect(app, pertti, workshop)
    projector = connect(app, None, workshop, projector=workshop["projector_token"])
    secret = "Asiakkaani Virtanen ei ymmärtänyt videolinkkiä"
    submission = ok(maija, workshop, "task.submit", id=new(), session_id=week2["id"],
                    body=secret)
    ok(maija, workshop, "task.submit", id=submission["id"], session_id=week2["id"],
       body=secret + " (muokattu)")
    ok(facilitator, workshop, "task.review", submission_id=submission["id"],
       feedback="Hyvä havainto, salainen palaute")
    answers = [
        do(pertti, workshop, "comment.add", id=new(), target_kind="submission",
           target_id=submission["id"], body="Uteliaisuutta"),
        do(pertti, workshop, "task.review", submission_id=submission["id"], completed=True),
        cmd(phone, "task.summary", session_id=week2["id"]),
    ]
    delivered = [
        received(phone, "ev"), received(projector, "ev"), answers,
        state(pertti, workshop), connect(app, pertti, workshop).get_received(),
        connect(app, pertti, workshop, since=0).get_received(),
    ]
    text = json.dumps(delivered, ensure_ascii=False) + pertti.page(
        f"/w/{workshop['id']}").get_data(as_text=True)
    assert "Virtanen" not in text and "salainen palaute" not in text
    assert submission["id"] not in text  # not even that it exists, by id
    assert answers[0][0] == 404 and answers[1][0] == 403
    # The writer and the facilitators do see it, with the feedback.
    mine = state(maija, workshop)
    assert mine["submission"][0]["body"].startswith("Asiakkaani")
    assert mine["review"][0]["feedback"].startswith("Hyvä")
    assert state(facilitator, workshop)["submission"][0]["body"].endswith("(muokattu)")


def test_shared_submissions_are_read_and_commented_by_everyone(facilitator, coaching, people):
    workshop, themes = coaching
    maija, pertti = people
    week1 = theme(themes, "Week 1")  # shared, feedback
    ok(facilitator, workshop, "session.update", session_id=week1["id"],
       opens_on=date.today().isoformat())
    submission = ok(maija, workshop, "task.submit", id=new(), session_id=week1["id"],
                    body="Omakanta oli helppo, tunnistautuminen vaikea")
    ok(facilitator, workshop, "task.review", submission_id=submission["id"],
       feedback="Kiitos, hyvä huomio", completed=True)
    seen = state(pertti, workshop)
    [answer] = seen["submission"]
    assert answer["body"].startswith("Omakanta")
    # The feedback and the mark are hers: others do not learn that there are any.
    assert seen["review"] == [] and "feedback" not in answer and "completed" not in answer
    [review] = state(maija, workshop)["review"]
    assert review["id"] == submission["id"] and review["completed"] is True
    ok(pertti, workshop, "comment.add", id=new(), target_kind="submission",
       target_id=submission["id"], body="Sama kokemus")
    assert state(maija, workshop)["comment"][0]["body"] == "Sama kokemus"
    # One submission per member and task: a second save changes the first.
    again = ok(maija, workshop, "task.submit", id=new(), session_id=week1["id"],
               body="Korjattu vastaus")
    assert again["id"] == submission["id"] and again["body"] == "Korjattu vastaus"
    status, body = do(maija, workshop, "task.submit", id=new(), session_id=week1["id"],
                      body="  ")
    assert status == 422 and "body" in body["error"]["fields"]
    status, _ = do(facilitator, workshop, "task.submit", id=new(), session_id=week1["id"],
                   body="Ohjaaja ei vastaa")
    assert status == 403


def test_feedback_marks_and_progress(facilitator, coaching, people):
    workshop, themes = coaching
    maija, pertti = people
    survey = theme(themes, "Starting survey")
    first = ok(maija, workshop, "task.submit", id=new(), session_id=survey["id"],
               answers={"confidence": 4, "guiding": 2, "needs": "Tietoturva"})
    ok(facilitator, workshop, "task.review", submission_id=first["id"], completed=True)
    ok(pertti, workshop, "task.submit", id=new(), session_id=survey["id"],
       answers={"confidence": 2, "tools": "Teams, Omakanta"})
    status, _ = do(maija, workshop, "task.review", submission_id=first["id"], completed=False)
    assert status == 403
    # The progress matrix is drawn from what the facilitator receives: every member's
    # submission to every task, with its mark.
    entities = state(facilitator, workshop)
    rows = {(s["member_id"], s["session_id"]): s for s in entities["submission"]}
    marks = {(r["member_id"], r["session_id"]): r["completed"] for r in entities["review"]}
    assert marks == {(maija.member["id"], survey["id"]): True}  # Pertti's is not reviewed
    assert len(rows) == 2


def test_survey_answers_are_checked_and_summarised(facilitator, coaching, people):
    workshop, themes = coaching
    maija, pertti = people
    survey = theme(themes, "Starting survey")
    for answers, word in (({"confidence": 6}, "1"), ({"confidence": "4"}, "1"),
                          ({"nope": 1}, "nope"), ({"tools": 3}, "tools"), ({}, "body")):
        status, body = do(maija, workshop, "task.submit", id=new(), session_id=survey["id"],
                          answers=answers)
        assert status == 422 and word in json.dumps(body["error"]["fields"]), (answers, body)
    ok(maija, workshop, "task.submit", id=new(), session_id=survey["id"],
       answers={"confidence": 4, "guiding": 2, "needs": "Tietoturva"})
    ok(pertti, workshop, "task.submit", id=new(), session_id=survey["id"],
       answers={"confidence": 2, "guiding": 2, "tools": "Teams"})
    status, _ = do(maija, workshop, "task.summary", session_id=survey["id"])
    assert status == 403
    result = ok(facilitator, workshop, "task.summary", session_id=survey["id"])
    by_id = {q["id"]: q for q in result["questions"]}
    assert result["respondents"] == 2
    assert by_id["confidence"]["counts"] == [0, 1, 0, 1, 0]
    assert by_id["confidence"]["mean"] == 3
    assert by_id["guiding"]["counts"] == [0, 2, 0, 0, 0]
    assert by_id["needs"]["answers"] == ["Tietoturva"]
    week1 = theme(themes, "Week 1")
    status, _ = do(facilitator, workshop, "task.summary", session_id=week1["id"])
    assert status == 422
