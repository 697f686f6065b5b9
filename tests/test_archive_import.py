"""Importing an archive checks every row before anything is written: types, dates, lengths,
choices, the shape of JSON columns, people's text, references (an id must point at a row of
the archive, in the right table - never at another workshop's row or at nothing) and
nesting. Each problem is a 422 naming the table, the row (from 1) and the column, and
nothing is imported."""

import copy
import io
import json
import uuid
from datetime import date, timedelta

import pytest
from test_exports import download, finished  # noqa: F401 - finished is a fixture
from test_framing import ok, state


def new():
    return str(uuid.uuid4())


@pytest.fixture
def archive(facilitator, finished):  # noqa: F811
    return download(facilitator, finished["workshop"], "archive.json").get_json()


@pytest.fixture
def other(facilitator):
    """Another workshop of the same facilitator, with rows an archive could point at."""
    workshop = facilitator.api("POST", "/api/workshops", json={
        "id": new(), "template": "service-design-coaching"}).get_json()
    group = ok(facilitator, workshop, "group.split", count=1, method="random")[0]
    challenge = next(c for c in state(facilitator, workshop)["challenge"]
                     if c["group_id"] == group["id"])
    question = ok(facilitator, workshop, "hmw.save", id=new(), challenge_id=challenge["id"],
                  text="Toisen pajan kysymys")
    concept = ok(facilitator, workshop, "concept.save", id=new(), name="Toisen konsepti")
    entities = state(facilitator, workshop)
    return {"hmw": question["id"], "concept": concept["id"],
            "persona": entities["persona"][0]["id"], "member": entities["member"][0]["id"],
            "challenge": challenge["id"]}


def workshop_count(app) -> int:
    from sqlalchemy import func, select

    from server.extensions import db
    from server.workshops.models import Workshop

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Workshop))


def refused(app, facilitator, archive, *expected):
    """Import ``archive``: it must be refused with a 422 whose problems name each of
    ``expected``, and nothing may be written."""
    before = workshop_count(app)
    response = facilitator.api("POST", "/api/workshops/import?lang=en", json={"archive": archive})
    assert response.status_code == 422, response.get_data(as_text=True)[:2000]
    error = response.get_json()["error"]
    problems = " | ".join(error["fields"]["archive"])
    for text in expected:
        assert text in problems, (text, problems)
    assert "Nothing was imported" in error["message"]
    assert workshop_count(app) == before
    return problems


def row(archive, table, **match):
    """The index of the first row of ``table`` whose columns have the ``match`` values (or
    the first row), and the row itself."""
    rows = archive["tables"][table]
    for index, candidate in enumerate(rows):
        if all(candidate.get(k) == v for k, v in match.items()):
            return index, candidate
    raise AssertionError(f"no {table} row with {match}")


WRONG = [
    ("idea", {}, "position", "first", "whole number"),
    ("idea", {}, "position", 2**40, ""),
    ("idea", {}, "text", 5, "text"),
    ("idea", {}, "text", "a\u0007b", "control characters"),
    ("idea", {}, "text", "exe.\u202etxt", "text-direction"),
    ("idea", {}, "text", None, ""),
    ("member", {"role": "participant"}, "display_name", "x" * 61, "61"),
    ("member", {"role": "participant"}, "role", "admin", "participant"),
    ("member", {"role": "participant"}, "removed_at", 12, "YYYY-MM-DD"),
    ("hmw_question", {}, "anonymous", "yes", "true or false"),
    ("pilot_measure", {}, "baseline", "NaN", "number"),
    ("pilot_measure", {}, "target", True, "number"),
    ("concept", {}, "texts", {"need": 5}, "texts.need"),
    ("concept", {}, "texts", {"nonsense": "x"}, "texts"),
    ("concept", {}, "stage", "done", "stage"),
    ("challenge", {}, "ratings", [1, 2], "ratings"),
    ("workshop_session", {}, "title", "Otsikko", "title"),
    ("workshop_session", {"kind": "async"}, "task", {"title": 5}, "task.title"),
    ("persona", {}, "fields", {"name": "Aino"}, "fields.name"),
    ("idea", {}, "surprise", 1, "newer Paja"),
    ("idea", {}, "created_at", "yesterday", "YYYY-MM-DD"),
    ("pilot", {}, "starts_on", "2026-02-30", "YYYY-MM-DD"),
    ("pilot_measure_value", {}, "measured_on", 20260101, "YYYY-MM-DD"),
    ("workshop", {}, "created_at", "eilen", "workshop, row 1, created_at"),
    ("workshop", {}, "language", "de", "language"),
]


def test_a_row_with_a_wrong_type_or_value_is_refused_by_table_row_and_column(app, facilitator,
                                                                            archive):
    for table, match, column, value, says in WRONG:
        broken = copy.deepcopy(archive)
        index, target = row(broken, table, **match)
        target[column] = value
        refused(app, facilitator, broken, f"{table}, row {index + 1}, {column}", says)


def test_tables_and_rows_of_the_wrong_shape_are_refused(app, facilitator, archive):
    broken = copy.deepcopy(archive)
    broken["tables"]["idea"] = "ideas"
    refused(app, facilitator, broken, "idea: give the table's rows as a list")
    broken = copy.deepcopy(archive)
    broken["tables"]["idea"][0] = ["not", "a", "row"]
    refused(app, facilitator, broken, "idea, row 1: give the row as an object")
    broken = copy.deepcopy(archive)
    broken["tables"]["event"] = []
    refused(app, facilitator, broken, "event: no such table")
    broken = copy.deepcopy(archive)
    del broken["tables"]["idea"][0]["text"]
    refused(app, facilitator, broken, "idea, row 1, text")
    broken = copy.deepcopy(archive)
    broken["tables"]["workshop"][0]["name"] = "\ud800"
    refused(app, facilitator, broken, "workshop, row 1, name: Retype the broken character")
    # Every problem is named, not only the first.
    broken = copy.deepcopy(archive)
    for idea in broken["tables"]["idea"]:
        idea["plus_count"] = "many"
    problems = refused(app, facilitator, broken, *(
        f"idea, row {i + 1}, plus_count" for i in range(len(broken["tables"]["idea"]))))
    assert problems.count("plus_count") == len(broken["tables"]["idea"])


def test_ids_must_point_at_rows_of_the_archive_never_another_workshops(app, facilitator,
                                                                        archive, other):
    cases = [
        ("idea", "hmw_id", other["hmw"], "hmw_question"),  # required link
        ("idea", "persona_id", other["persona"], "persona"),  # optional link
        ("idea", "member_id", other["member"], "member"),
        ("idea", "hmw_id", new(), "hmw_question"),  # to nothing at all
        ("concept", "challenge_id", other["challenge"], "challenge"),
        ("hmw_question", "spotlight_idea_id", new(), "idea"),  # a link without a foreign key
        ("workshop", "current_session_id", new(), "workshop_session"),
    ]
    for table, column, value, target in cases:
        broken = copy.deepcopy(archive)
        index, found = row(broken, table)
        found[column] = value
        refused(app, facilitator, broken, f"{table}, row {index + 1}, {column}: {value}",
                f"any {target} row in the archive")
    # An id of the right form but into the wrong table of the archive.
    broken = copy.deepcopy(archive)
    index, idea = row(broken, "idea")
    idea["hmw_id"] = broken["tables"]["concept"][0]["id"]
    refused(app, facilitator, broken, f"idea, row {index + 1}, hmw_id")
    # Lists of ids, and a comment's target.
    broken = copy.deepcopy(archive)
    index, concept = row(broken, "concept")
    concept["persona_ids"] = [broken["tables"]["persona"][0]["id"], other["persona"]]
    refused(app, facilitator, broken, f"concept, row {index + 1}, persona_ids.1")
    broken = copy.deepcopy(archive)
    broken["tables"]["comment"] = [{
        "id": new(), "workshop_id": broken["tables"]["workshop"][0]["id"],
        "target_kind": "concept", "target_id": other["concept"],
        "member_id": broken["tables"]["member"][0]["id"], "body": "Hei",
        "created_at": "2026-01-01T10:00:00", "rev": 1}]
    refused(app, facilitator, broken, "comment, row 1, target_id")
    # A row that names another workshop as its own.
    broken = copy.deepcopy(archive)
    index, idea = row(broken, "idea")
    idea["workshop_id"] = new()
    refused(app, facilitator, broken, f"idea, row {index + 1}, workshop_id")
    # Two rows with one id.
    broken = copy.deepcopy(archive)
    broken["tables"]["idea"][1]["id"] = broken["tables"]["idea"][0]["id"]
    refused(app, facilitator, broken, "idea, row 2, id", "idea row 1")


def test_deep_nesting_is_refused(app, facilitator, archive):
    deep = "x"
    for _level in range(25):
        deep = {"fi": deep}
    broken = copy.deepcopy(archive)
    row(broken, "concept")[1]["texts"] = {"need": deep}
    response = facilitator.api("POST", "/api/workshops/import?lang=en",
                               json={"archive": broken})
    assert response.status_code == 422
    assert "Nested too deeply" in json.dumps(response.get_json())
    # Deeper than the JSON parser goes: as a request body and as an uploaded file.
    before = workshop_count(app)
    body = '{"archive": ' + "[" * 100000 + "]" * 100000 + "}"
    response = facilitator.client.post("/api/workshops/import", data=body,
                                       content_type="application/json",
                                       headers={"X-CSRFToken": facilitator.ensure_token()})
    assert 400 <= response.status_code < 500
    upload = io.BytesIO(("[" * 100000 + "]" * 100000).encode())
    response = facilitator.client.post(
        "/api/workshops/import", data={"archive": (upload, "paja.json")},
        content_type="multipart/form-data", headers={"X-CSRFToken": facilitator.ensure_token()})
    assert response.status_code == 422
    assert "archive" in response.get_json()["error"]["fields"]
    assert workshop_count(app) == before


def test_the_facilitators_review_points_at_the_importer(app, facilitator, finished):  # noqa: F811
    workshop, aino = finished["workshop"], finished["aino"]
    theme = next(s for s in state(facilitator, workshop)["session"] if s["task"])
    submission = ok(aino, workshop, "task.submit", id=new(), session_id=theme["id"],
                    body="Tein tehtävän")
    ok(facilitator, workshop, "task.review", submission_id=submission["id"], completed=True)
    archive = download(facilitator, workshop, "archive.json").get_json()
    copy_ = facilitator.api("POST", "/api/workshops/import", json={"archive": archive})
    assert copy_.status_code == 201, copy_.get_json()
    entities = state(facilitator, copy_.get_json())
    me = next(m for m in entities["member"] if m["role"] == "facilitator")
    [imported] = entities["review"]
    assert imported["reviewed_by"] == me["id"] and imported["completed"] is True


def test_sessions_without_a_task_import_without_one_and_reminders_run(app, facilitator,
                                                                      archive):
    from sqlalchemy import text

    from server.extensions import db

    live = next(s for s in archive["tables"]["workshop_session"] if s["task"] is None)
    live["due_on"] = (date.today() - timedelta(days=1)).isoformat()
    made = facilitator.api("POST", "/api/workshops/import", json={"archive": archive})
    assert made.status_code == 201, made.get_json()
    with app.app_context():
        tasks = db.session.execute(text(
            "SELECT task IS NULL FROM workshop_session WHERE workshop_id = :w"),
            {"w": made.get_json()["id"]}).scalars().all()
        assert sum(1 for none in tasks if none) == sum(
            1 for s in archive["tables"]["workshop_session"] if s["task"] is None)
        from server.reminders.service import make_due

        make_due()  # a session without a task is no task to remind of


def test_what_may_exist_once_is_once_in_the_archive(app, facilitator, archive):
    broken = copy.deepcopy(archive)
    workshop_id = broken["tables"]["workshop"][0]["id"]
    theme = next(s for s in broken["tables"]["workshop_session"] if s["task"])
    aino = next(m for m in broken["tables"]["member"] if m["display_name"] == "Aino Author")
    answer = {"workshop_id": workshop_id, "session_id": theme["id"], "member_id": aino["id"],
              "body": "Vastaus", "answers": {}, "submitted_at": "2026-01-01T10:00:00",
              "updated_at": "2026-01-01T10:00:00", "feedback": "", "completed": False,
              "reviewed_by": None, "reviewed_at": None, "rev": 1}
    broken["tables"]["submission"] = [{**answer, "id": new()}, {**answer, "id": new()}]
    refused(app, facilitator, broken, "submission, row 2, session_id+member_id",
            "row 1; there may be only one")
