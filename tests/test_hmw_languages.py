"""How-might-we questions in several languages: a facilitator gives a question's text as a
string (the page's language) or a map {fi, sv, en}; everyone gets the map; exports use the
workshop's language; a database from before keeps its questions, as the workshop's
language."""

import json
import uuid

import pytest
from conftest import join_as
from test_framing import do, ok, state

BEFORE = "f3a1b2c4d5e6"  # the revision before questions had languages


def new():
    return str(uuid.uuid4())


def make_canvas(app, facilitator):
    """A workshop with one group's challenge, and a participant in that group."""
    workshop = facilitator.api("POST", "/api/workshops", json={
        "id": new(), "template": "service-design-coaching"}).get_json()
    aino = join_as(app, workshop, "Aino", "Kela")
    group = ok(facilitator, workshop, "group.split", count=1, method="random")[0]
    challenge = next(c for c in state(facilitator, workshop)["challenge"]
                     if c["group_id"] == group["id"])
    return {"workshop": workshop, "challenge": challenge, "aino": aino}


@pytest.fixture
def canvas(app, facilitator):
    return make_canvas(app, facilitator)


def question(client, workshop, question_id):
    return next(q for q in state(client, workshop)["hmw"] if q["id"] == question_id)


def test_a_question_in_three_languages_is_stored_and_reaches_everyone(facilitator, canvas):
    w, aino = canvas["workshop"], canvas["aino"]
    texts = {"fi": "Miten voisimme auttaa?", "sv": "Hur skulle vi kunna hjälpa?",
             "en": "How might we help?"}
    made = ok(facilitator, w, "hmw.save", id=new(), challenge_id=canvas["challenge"]["id"],
              text=texts)
    assert made["text"] == texts
    for viewer in (facilitator, aino):
        assert question(viewer, w, made["id"])["text"] == texts
    # One language changed, one removed; the third keeps its text.
    ok(facilitator, w, "hmw.save", id=made["id"], text={"sv": "Hur kan vi hjälpa?", "en": ""})
    assert question(aino, w, made["id"])["text"] == {"fi": texts["fi"],
                                                     "sv": "Hur kan vi hjälpa?"}
    # The last language cannot go: a question has a text.
    status, body = do(facilitator, w, "hmw.save", id=made["id"], text={"fi": "", "sv": ""})
    assert status == 422, body
    assert "text" in body["error"]["fields"]
    assert question(aino, w, made["id"])["text"] == {"fi": texts["fi"],
                                                     "sv": "Hur kan vi hjälpa?"}


def test_a_participants_question_is_a_string_in_their_pages_language(canvas):
    w, aino = canvas["workshop"], canvas["aino"]
    response = aino.api("POST", f"/api/workshops/{w['id']}/commands/hmw.save",
                        json={"id": new(), "challenge_id": canvas["challenge"]["id"],
                              "text": "Hur skulle vi kunna ses oftare?"},
                        headers={"Accept-Language": "sv"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["data"]["text"] == {"sv": "Hur skulle vi kunna ses oftare?"}


@pytest.mark.parametrize("text, where", [
    ({"de": "Wie könnten wir?"}, ["text", "de"]),
    ({"fi": "Miten?", "sv": 3}, ["text", "sv"]),
    ({"en": "x" * 301}, ["text", "en"]),
    (["Miten?"], ["text"]),
    ({"fi": "", "en": ""}, ["text"]),
])
def test_a_bad_text_is_refused_naming_the_field_and_language(facilitator, canvas, text, where):
    w = canvas["workshop"]
    status, body = do(facilitator, w, "hmw.save", id=new(),
                      challenge_id=canvas["challenge"]["id"], text=text)
    assert status == 422, body
    errors = body["error"]["fields"]
    for key in where:
        assert key in errors, errors
        errors = errors[key]
    assert state(facilitator, w)["hmw"] == []


def test_exports_use_the_workshops_language(facilitator, canvas):
    """The report, the tables and a participant's own file name each question in the
    workshop's language (Finnish here), or in another where it has no Finnish."""
    from test_exports import download

    w, aino = canvas["workshop"], canvas["aino"]
    both = ok(facilitator, w, "hmw.save", id=new(), challenge_id=canvas["challenge"]["id"],
              text={"sv": "Hur skulle vi kunna?", "fi": "Miten voisimme?"})
    swedish = ok(facilitator, w, "hmw.save", id=new(), challenge_id=canvas["challenge"]["id"],
                 text={"sv": "Bara på svenska?"})
    ok(aino, w, "idea.add", id=new(), hmw_id=both["id"], text="Kahvila")
    ok(aino, w, "idea.add", id=new(), hmw_id=swedish["id"], text="Kafé")

    report = download(facilitator, w, "report.md").get_data(as_text=True)
    assert "Miten voisimme?" in report and "Hur skulle vi kunna?" not in report
    assert "Bara på svenska?" in report
    assert "{'" not in report  # no map printed as it is

    import csv
    import io
    import zipfile

    tables = zipfile.ZipFile(io.BytesIO(download(facilitator, w, "tables.zip").data))
    rows = list(csv.reader(io.StringIO(tables.read("ideas.csv").decode("utf-8-sig")),
                           delimiter=";"))
    assert {row[0] for row in rows[1:]} == {"Miten voisimme?", "Bara på svenska?"}

    mine = aino.client.get(f"/api/workshops/{w['id']}/my-contributions.json").get_json()
    assert {idea["question"] for idea in mine["ideas"]} == {"Miten voisimme?",
                                                            "Bara på svenska?"}

    archive = download(facilitator, w, "archive.json").get_json()
    texts = [row["text"] for row in archive["tables"]["hmw_question"]]
    assert {"sv": "Bara på svenska?"} in texts
    made = facilitator.api("POST", "/api/workshops/import", json={"archive": archive})
    assert made.status_code == 201, made.get_json()
    assert sorted(q["text"]["sv"] for q in state(facilitator, made.get_json())["hmw"]) == \
        ["Bara på svenska?", "Hur skulle vi kunna?"]


def test_an_archive_from_before_gives_its_questions_the_workshops_language(facilitator,
                                                                         canvas):
    from test_exports import download

    w = canvas["workshop"]
    ok(facilitator, w, "hmw.save", id=new(), challenge_id=canvas["challenge"]["id"],
       text={"fi": "Miten voisimme?"})
    archive = download(facilitator, w, "archive.json").get_json()
    archive["tables"]["workshop"][0]["language"] = "sv"
    for row in archive["tables"]["hmw_question"]:
        row["text"] = "Hur skulle vi kunna?"
    made = facilitator.api("POST", "/api/workshops/import", json={"archive": archive})
    assert made.status_code == 201, made.get_json()
    assert [q["text"] for q in state(facilitator, made.get_json())["hmw"]] == \
        [{"sv": "Hur skulle vi kunna?"}]


def test_old_questions_migrate_to_their_workshops_language(app, facilitator, canvas):
    """Back to the revision before (the text a plain string again), a question in a Finnish
    workshop and one in a Swedish workshop, then forward: each is the map of its workshop's
    language, and everything else is as it was."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from server.extensions import db

    w, other = canvas["workshop"], make_canvas(app, facilitator)
    finnish = ok(facilitator, w, "hmw.save", id=new(), challenge_id=canvas["challenge"]["id"],
                 text={"sv": "Hur?", "fi": "Miten voisimme?", "en": "How might we?"})
    idea = ok(canvas["aino"], w, "idea.add", id=new(), hmw_id=finnish["id"], text="Kahvila")
    swedish = ok(facilitator, other["workshop"], "hmw.save", id=new(),
                 challenge_id=other["challenge"]["id"], text={"en": "Only English?"})
    expected = state(facilitator, w)

    def stored(connection, question_id):
        value = connection.execute(text("SELECT text FROM hmw_question WHERE id = :id"),
                                   {"id": question_id}).scalar()
        # PostgreSQL's driver decodes JSON itself; SQLite's gives the text.
        return json.loads(value) if isinstance(value, str) and value.startswith("{") else value

    with app.app_context():
        db.session.remove()
        downgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            # Down: the workshop's language's text, else another's.
            assert stored(connection, finnish["id"]) == "Miten voisimme?"
            assert stored(connection, swedish["id"]) == "Only English?"
            connection.execute(text("UPDATE hmw_question SET text = :text WHERE id = :id"),
                               {"id": swedish["id"], "text": "Hur skulle vi kunna?"})
            connection.execute(text("UPDATE workshop SET language = 'sv' WHERE id = :id"),
                               {"id": other["workshop"]["id"]})
        upgrade()
        with db.engine.begin() as connection:
            assert stored(connection, finnish["id"]) == {"fi": "Miten voisimme?"}
            assert stored(connection, swedish["id"]) == {"sv": "Hur skulle vi kunna?"}
        db.session.remove()
    after = state(facilitator, w)
    assert [q["text"] for q in after["hmw"]] == [{"fi": "Miten voisimme?"}]
    assert [q["text"] for q in state(facilitator, other["workshop"])["hmw"]] == \
        [{"sv": "Hur skulle vi kunna?"}]
    assert [i["id"] for i in after["idea"]] == [idea["id"]]
    # Nothing else changed: not the ideas under the questions, not their other settings.
    for kind in ("idea", "challenge", "member", "idea_cluster"):
        assert after.get(kind) == expected.get(kind), kind
    assert {**after["hmw"][0], "text": None, "rev": None} == \
        {**expected["hmw"][0], "text": None, "rev": None}
