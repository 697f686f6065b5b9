"""Issue 7 through the public surface: the JSON archive round trip (and import as a
template), CSV tables read back with the csv module (Excel-ready, formulas defused), the
report in Markdown and PDF (text extracted from the PDF), privacy, a participant's own
download, and the command line."""

import csv
import io
import json
import re
import uuid
import zipfile

import pytest
from conftest import join_as
from test_framing import ok, state


def new():
    return str(uuid.uuid4())


@pytest.fixture
def finished(app, facilitator):
    """A small workshop that has been through ideas, concepts, a vote and a pilot."""
    workshop = facilitator.api("POST", "/api/workshops", json={
        "id": new(), "template": "service-design-coaching"}).get_json()
    w = workshop
    aino, ville = join_as(app, w, "Aino Author", "Kela"), join_as(app, w, "Ville", "TE")
    group = ok(facilitator, w, "group.split", count=1, method="random")[0]
    challenge = next(c for c in state(facilitator, w)["challenge"] if c["group_id"] == group["id"])
    ok(facilitator, w, "challenge.update", challenge_id=challenge["id"],
       statement="Ikäihmiset jäävät ilman digipalveluja")
    open_q = ok(facilitator, w, "hmw.save", id=new(), challenge_id=challenge["id"],
                text="Miten voisimme tukea?")
    anon_q = ok(facilitator, w, "hmw.save", id=new(), challenge_id=challenge["id"],
                text="Miten voisimme nimettömästi?")
    ok(facilitator, w, "hmw.settings", hmw_id=anon_q["id"], anonymous=True)
    idea = ok(aino, w, "idea.add", id=new(), hmw_id=open_q["id"], text="Digikahvila kirjastoon")
    ok(ville, w, "idea.add", id=new(), hmw_id=open_q["id"], text="=HYPERLINK(\"http://x\")")
    ok(aino, w, "idea.add", id=new(), hmw_id=anon_q["id"], text="Salaisuus Ainolta")
    ok(ville, w, "idea.plus", idea_id=idea["id"], on=True)
    cluster = ok(facilitator, w, "cluster.save", id=new(), hmw_id=open_q["id"],
                 name="Kirjasto", idea_ids=[idea["id"]])
    first = ok(facilitator, w, "concept.save", id=new(), cluster_id=cluster["id"],
               name="Digikahvila", what="Viikoittainen kahvila")
    second = ok(facilitator, w, "concept.save", id=new(), name="Tablettilaina")
    round_ = ok(facilitator, w, "vote.save_round", id=new(), dots=3, cap=3, title="Pilotit")
    ok(facilitator, w, "vote.open", round_id=round_["id"])
    for person, item, count in ((aino, first, 2), (ville, first, 1), (ville, second, 2)):
        ok(person, w, "vote.set", round_id=round_["id"], item_id=item["id"], count=count)
    ok(facilitator, w, "vote.close", round_id=round_["id"])
    ok(facilitator, w, "vote.reveal", round_id=round_["id"])
    ok(facilitator, w, "vote.choose", round_id=round_["id"], top=1)
    pilot = state(facilitator, w)["pilot"][0]
    ok(aino, w, "pilot.join", pilot_id=pilot["id"])
    measure = ok(aino, w, "pilot.measure", id=new(), pilot_id=pilot["id"], name="Kävijät",
                 unit="hlö", baseline=0, target=12)
    ok(aino, w, "pilot.update", id=new(), pilot_id=pilot["id"], did="Ensimmäinen kahvila",
       values=[{"measure_id": measure["id"], "value": 7, "measured_on": "2026-11-01"}])
    return {"workshop": w, "aino": aino, "ville": ville}


def download(browser, workshop, kind):
    response = browser.client.get(f"/api/workshops/{workshop['id']}/exports/{kind}")
    return response


def normalised(archive):
    """The archive's content with ids, secrets and clocks of the export itself left out."""
    ids = {}

    def walk(value, key=None):
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in sorted(value.items())
                    if k not in ("rev", "exported_at", "last_seq", "user_id")}
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, str) and re.fullmatch(r"[0-9a-f-]{36}", value):
            return ids.setdefault(value, f"id{len(ids)}")
        if isinstance(value, int) and key == "id":
            return "n"
        return value

    tables = dict(archive["tables"])
    tables["member"] = [m for m in tables["member"] if m["role"] != "facilitator"]
    tables["workshop"] = [{k: v for k, v in tables["workshop"][0].items()
                           if k not in ("current_session_id",)}]
    return walk(tables)


def test_archive_round_trip_and_template(facilitator, finished):
    workshop = finished["workshop"]
    first = download(facilitator, workshop, "archive.json")
    assert first.status_code == 200
    assert "attachment" in first.headers["Content-Disposition"]
    archive = first.get_json()
    assert archive["format"] == "paja-workshop" and archive["version"] == 1
    made = facilitator.api("POST", "/api/workshops/import", json={"archive": archive})
    assert made.status_code == 201, made.get_json()
    copy = made.get_json()
    assert copy["id"] != workshop["id"] and copy["join_code"] != workshop["join_code"]
    again = download(facilitator, copy, "archive.json").get_json()
    assert normalised(again) == normalised(archive)
    # The copy works: its phones can join and write.
    entities = state(facilitator, copy)
    assert [c["name"] for c in entities["concept"]] == ["Digikahvila", "Tablettilaina"]
    assert len(entities["pilot"]) == 1 and entities["pilot_update"][0]["values"][0]["value"] == 7

    template = facilitator.api("POST", "/api/workshops/import",
                               json={"archive": archive, "as_template": True}).get_json()
    entities = state(facilitator, template)
    assert len(entities["persona"]) == 12 and len(entities["hmw"]) == 2
    assert entities["idea"] == [] and entities["concept"] == [] and entities["pilot"] == []
    assert [m["role"] for m in entities["member"]] == ["facilitator"]
    assert all(s["status"] == "planned" for s in entities["session"])
    bad = facilitator.api("POST", "/api/workshops/import", json={"archive": {"format": "x"}})
    assert bad.status_code == 422 and "archive" in bad.get_json()["error"]["fields"]


def test_csv_tables_open_in_excel_and_defuse_formulas(facilitator, finished):
    response = download(facilitator, finished["workshop"], "tables.zip")
    files = zipfile.ZipFile(io.BytesIO(response.data))
    assert set(files.namelist()) == {"members.csv", "ideas.csv", "concepts.csv", "votes.csv",
                                     "pilots.csv", "pilot_updates.csv", "pilot_measure_values.csv",
                                     "tasks_and_submissions.csv"}
    raw = files.read("ideas.csv")
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM for Excel
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    texts = {row[1]: row for row in rows[1:]}
    assert texts["'=HYPERLINK(\"http://x\")"][2] == "Ville"  # defused, never a formula
    assert texts["Digikahvila kirjastoon"][4] == "Kirjasto"
    assert texts["Salaisuus Ainolta"][2] == ""  # anonymous: no author
    for name in files.namelist():
        for row in csv.reader(io.StringIO(files.read(name).decode("utf-8-sig")), delimiter=";"):
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), (name, row)
    votes = list(csv.reader(io.StringIO(files.read("votes.csv").decode("utf-8-sig")),
                            delimiter=";"))
    assert votes[1][1:4] == ["Digikahvila", "3", "1"] and votes[1][5] == "kyllä"


def test_report_in_markdown_and_pdf(facilitator, finished):
    from pypdf import PdfReader

    markdown = download(facilitator, finished["workshop"], "report.md").data.decode()
    assert "## Konseptit" in markdown and "### Digikahvila" in markdown
    assert "| 1 | Digikahvila | 3 |" in markdown
    assert "Salaisuus Ainolta" in markdown and "Aino Author" not in markdown
    pdf = download(facilitator, finished["workshop"], "report.pdf")
    assert pdf.data.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Digikahvila" in text and "Tablettilaina" in text
    assert re.search(r"Digikahvila\s*3", text) and re.search(r"Tablettilaina\s*2", text)
    assert "Pilotista persooniin" in text


def test_privacy_of_exports(app, facilitator, finished):
    workshop, aino, ville = finished["workshop"], finished["aino"], finished["ville"]
    for kind in ("archive.json", "tables.zip", "report.md", "report.pdf"):
        assert download(ville, workshop, kind).status_code == 403
    archive = download(facilitator, workshop, "archive.json").get_json()
    secret = next(i for i in archive["tables"]["idea"] if i["text"] == "Salaisuus Ainolta")
    assert secret["member_id"] is None  # anonymous in the archive too
    assert all("secret" not in r for r in archive["tables"]["vote_round"])
    mine = aino.client.get(f"/api/workshops/{workshop['id']}/my-contributions.json").get_json()
    assert {i["text"] for i in mine["ideas"]} == {"Digikahvila kirjastoon", "Salaisuus Ainolta"}
    theirs = ville.client.get(f"/api/workshops/{workshop['id']}/my-contributions.json")
    assert "Salaisuus" not in theirs.get_data(as_text=True)


def test_private_answers_only_in_the_facilitators_tables_and_marked(app, facilitator):
    workshop = facilitator.api("POST", "/api/workshops", json={
        "id": new(), "template": "online-coaching-6-weeks"}).get_json()
    survey = next(s for s in state(facilitator, workshop)["session"]
                  if s["task"] and s["task"].get("survey") and s["position"] < 3)
    maija = join_as(app, workshop, "Maija", None)
    ok(maija, workshop, "task.submit", id=new(), session_id=survey["id"],
       answers={"needs": "Yksityinen toive"})
    files = zipfile.ZipFile(io.BytesIO(download(facilitator, workshop, "tables.zip").data))
    rows = list(csv.reader(io.StringIO(files.read("tasks_and_submissions.csv")
                                       .decode("utf-8-sig")), delimiter=";"))
    assert rows[1][1] == "yksityinen / private" and "Yksityinen toive" in rows[1][4]
    report = download(facilitator, workshop, "report.md").data.decode()
    assert "Yksityinen toive" not in report


def test_command_line_export(app, facilitator, finished, tmp_path):
    out = tmp_path / "out"
    result = app.test_cli_runner().invoke(args=["export", finished["workshop"]["id"],
                                                "--to", str(out)])
    assert result.exit_code == 0, result.output
    written = sorted(p.name.split("-")[-1] for p in out.iterdir())
    assert written == ["archive.json", "report.md", "report.pdf", "tables.zip"]
    archive = json.loads(next(out.glob("*archive.json")).read_text())
    assert archive["format"] == "paja-workshop"
    missing = app.test_cli_runner().invoke(args=["export", new()])
    assert missing.exit_code != 0 and "Error" in missing.output


# -- exports never break on what is stored ------------------------------------------------------

PIECES = [
    "Emoji 👩‍👩‍👧 🇫🇮 👍🏽, yhdistelmät Cafe\u0301 Ha\u0308meenlinna",
    "مرحبا \u2067بالعالم\u2069 \u200fשלום\u200e",
    "\"lainaus\" 'yksi' `koodi` <b>ei html</b> | putki # * _ [linkki](http://x) \\",
    "=HYPERLINK(\"http://evil.example\",\"klikkaa\")",
    "rivi\nrivi\tsarkain\r\nrivi",
]


def nasty(length: int, first: int = 0) -> str:
    """``length`` characters of the nastiest text the API accepts, starting with piece
    ``first`` (so that some cells start with a formula)."""
    text = " ".join(PIECES[first:] + PIECES[:first])
    while len(text) < length:
        text += " " + text
    return text[:length].rstrip() or "x"


def stored(text: str) -> str:
    """What the API keeps of ``text``: NFC, trimmed, CRLF as a newline."""
    import unicodedata

    return unicodedata.normalize("NFC", text.replace("\r\n", "\n")).strip()


@pytest.fixture
def nasty_workshop(app, facilitator):
    """Every kind of content, written through the API with the nastiest text it accepts,
    then a lone surrogate, control characters and a bidi override written straight into the
    database, as data stored before today's checks would hold them."""
    from conftest import USE_PG

    w = facilitator.api("POST", "/api/workshops", json={
        "id": new(), "template": "service-design-coaching"}).get_json()
    ok(facilitator, w, "workshop.update", name=nasty(120, 3), description=nasty(2000))
    aino = join_as(app, w, nasty(60, 3), nasty(80, 1))
    ville = join_as(app, w, "Ville", "TE")
    ok(aino, w, "introduction.save", about=nasty(600, 3), hopes=nasty(600, 1))
    persona = state(facilitator, w)["persona"][0]
    ok(facilitator, w, "persona.save", id=persona["id"], fields={
        "name": {"fi": nasty(2000, 3), "en": nasty(2000, 1)},
        "quote": {"fi": nasty(2000, 2), "en": ""}})
    group = ok(facilitator, w, "group.split", count=1, method="random")[0]
    ok(facilitator, w, "group.save", id=group["id"], name=nasty(60, 3))
    challenge = next(c for c in state(facilitator, w)["challenge"] if c["group_id"] == group["id"])
    ok(facilitator, w, "challenge.update", challenge_id=challenge["id"], statement=nasty(1000, 3))
    ok(aino, w, "challenge.note", id=new(), challenge_id=challenge["id"], question="causes",
       body=nasty(500, 3))
    question = ok(facilitator, w, "hmw.save", id=new(), challenge_id=challenge["id"],
                  text=nasty(300, 3))
    ideas = [ok(person, w, "idea.add", id=new(), hmw_id=question["id"], text=nasty(280, first))
             for person, first in ((aino, 3), (ville, 0), (aino, 1))]
    cluster = ok(facilitator, w, "cluster.save", id=new(), hmw_id=question["id"],
                 name=nasty(80, 3), idea_ids=[ideas[0]["id"]])
    concept = ok(facilitator, w, "concept.save", id=new(), cluster_id=cluster["id"],
                 name=nasty(120, 3), **{key: nasty(2000, 3) for key in (
                     "need", "what", "takes_people", "takes_devices", "takes_training",
                     "takes_digital", "first_try", "risks")})
    ok(aino, w, "comment.add", id=new(), target_kind="concept", target_id=concept["id"],
       body=nasty(1000, 3))
    round_ = ok(facilitator, w, "vote.save_round", id=new(), dots=3, cap=3, title=nasty(120, 3))
    ok(facilitator, w, "vote.open", round_id=round_["id"])
    ok(aino, w, "vote.set", round_id=round_["id"], item_id=concept["id"], count=2)
    ok(facilitator, w, "vote.set", round_id=round_["id"], item_id=concept["id"], count=1,
       proxy=nasty(60, 3))
    ok(facilitator, w, "vote.close", round_id=round_["id"])
    ok(facilitator, w, "vote.reveal", round_id=round_["id"])
    ok(facilitator, w, "vote.choose", round_id=round_["id"], top=1)
    pilot = state(facilitator, w)["pilot"][0]
    ok(aino, w, "pilot.join", pilot_id=pilot["id"])
    ok(aino, w, "pilot.save", pilot_id=pilot["id"], hypothesis=nasty(2000, 3))
    ok(aino, w, "pilot.status", pilot_id=pilot["id"], status="running", note=nasty(1000, 3))
    measure = ok(aino, w, "pilot.measure", id=new(), pilot_id=pilot["id"], name=nasty(120, 3),
                 unit=nasty(30, 3), baseline=0, target=12)
    ok(aino, w, "pilot.update", id=new(), pilot_id=pilot["id"], did=nasty(3000, 3),
       learned=nasty(3000, 1), next_step=nasty(2000, 3), blockers=nasty(2000, 2),
       help_needed=nasty(2000, 4),
       values=[{"measure_id": measure["id"], "value": 7, "measured_on": "2026-11-01"}])
    theme = next(s for s in state(facilitator, w)["session"] if s["task"])
    ok(facilitator, w, "session.update", session_id=theme["id"],
       title={"fi": nasty(4000, 3), "en": nasty(4000, 1)},
       description={"fi": nasty(4000, 3), "en": ""},
       material={"fi": nasty(4000, 3), "en": nasty(4000, 2)},
       task={"title": {"fi": nasty(120, 3), "en": nasty(120, 1)},
             "instructions": {"fi": nasty(4000, 3), "en": nasty(4000, 1)},
             "visibility": "shared", "response": "feedback",
             "survey": [{"id": "needs", "kind": "text",
                         "text": {"fi": nasty(4000, 3), "en": nasty(4000, 1)}},
                        {"id": "confidence", "kind": "scale", "min": 1, "max": 5,
                         "text": {"fi": nasty(100, 3), "en": nasty(100, 1)},
                         "low": {"fi": nasty(120, 3), "en": "x"},
                         "high": {"fi": nasty(120, 1), "en": "y"}}]})
    phase = theme["phases"][0]
    ok(facilitator, w, "session.save_phase", session_id=theme["id"], id=phase["id"],
       title={"fi": nasty(4000, 3), "en": "x"}, instructions={"fi": nasty(4000, 1), "en": ""})
    submission = ok(aino, w, "task.submit", id=new(), session_id=theme["id"],
                    body=nasty(4000, 3), answers={"needs": nasty(2000, 3), "confidence": 4})
    ok(facilitator, w, "task.review", submission_id=submission["id"], feedback=nasty(5000, 3),
       completed=True)

    with app.app_context():
        from sqlalchemy import text

        from server.extensions import db

        def sql(statement, **values):
            db.session.execute(text(statement), values)

        # Control characters and a bidi override in text columns, and in the file name.
        sql("UPDATE idea SET text = :t WHERE id = :id", id=ideas[1]["id"],
            t="soita\x07 heti \x1b[31mpunainen\x7f \x85 \u202eexe.txt")
        sql("UPDATE member SET display_name = :t WHERE display_name = 'Ville'", t="Ville\x08\x0c")
        sql("UPDATE workshop SET name = :t WHERE id = :id", id=w["id"], t="Paja\x01 \u202e")
        sql("UPDATE submission SET feedback = :t", t="=palaute\x1b" + ("\x00" if not USE_PG
                                                                        else ""))
        if not USE_PG:
            # A JSON column keeps a lone surrogate as the escape json.dumps writes; SQLite
            # takes it (PostgreSQL's json type refuses it, so there it cannot be stored).
            sql("UPDATE submission SET answers = :a",
                a='{"needs": "rikki \\ud800 t\\u00e4ss\\u00e4\\u0007", "confidence": 4}')
            sql("UPDATE persona SET fields = :f WHERE id = :id", id=persona["id"],
                f='{"name": {"fi": "Aino \\udc00", "en": "x\\u0000"}}')
            sql("UPDATE concept SET texts = :t", t='{"need": "\\ud83d", "what": "\\u202e"}')
        db.session.commit()
    return {"workshop": w, "aino": aino, "ville": ville}


def test_every_export_is_made_whatever_the_texts_hold(app, facilitator, nasty_workshop,
                                                      tmp_path):
    from pypdf import PdfReader

    workshop, aino = nasty_workshop["workshop"], nasty_workshop["aino"]
    response = download(facilitator, workshop, "archive.json")
    assert response.status_code == 200
    archive = json.loads(response.data.decode("utf-8"))  # strict UTF-8: no lone surrogate
    raw = response.data.decode("utf-8")
    assert "\ufffd" in raw and not any(c in raw for c in "\x07\x1b\x7f\x85\u202e\x00")
    assert stored(nasty(2000)) in [archive["tables"]["workshop"][0]["description"]]
    assert any(stored(nasty(4000, 3)) == s["description"]["fi"]
               for s in archive["tables"]["workshop_session"])
    # What the archive holds can be imported again: the replacement character is text.
    again = facilitator.api("POST", "/api/workshops/import", json={"archive": archive})
    assert again.status_code == 201, again.get_json()

    response = download(facilitator, workshop, "tables.zip")
    assert response.status_code == 200
    files = zipfile.ZipFile(io.BytesIO(response.data))
    for name in files.namelist():
        rows = list(csv.reader(io.StringIO(files.read(name).decode("utf-8")), delimiter=";"))
        assert len(rows) >= 1
        for row in rows:
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), (name, row)
    ideas = list(csv.reader(io.StringIO(files.read("ideas.csv").decode("utf-8-sig")),
                            delimiter=";"))
    assert any(row[1] == "'" + stored(nasty(280, 3)) for row in ideas)

    response = download(facilitator, workshop, "report.md")
    assert response.status_code == 200
    markdown = response.data.decode("utf-8")
    assert "\ufffd" in markdown and "👩‍👩‍👧" in markdown

    response = download(facilitator, workshop, "report.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "HYPERLINK" in text

    mine = aino.client.get(f"/api/workshops/{workshop['id']}/my-contributions.json")
    assert mine.status_code == 200
    contributions = json.loads(mine.data.decode("utf-8"))
    assert contributions["task_answers"][0]["body"] == stored(nasty(4000, 3))
    assert contributions["introduction"]["about"] == stored(nasty(600, 3))

    out = tmp_path / "out"
    result = app.test_cli_runner().invoke(args=["export", workshop["id"], "--to", str(out)])
    assert result.exit_code == 0, result.output
    written = {p.name.split("-")[-1]: p for p in out.iterdir()}
    assert sorted(written) == ["archive.json", "report.md", "report.pdf", "tables.zip"]
    assert json.loads(written["archive.json"].read_bytes().decode("utf-8"))["format"] == \
        "paja-workshop"
    written["report.md"].read_bytes().decode("utf-8")
    assert written["report.pdf"].read_bytes().startswith(b"%PDF")
    zipfile.ZipFile(written["tables.zip"]).testzip()


def test_command_line_export_writes_every_kind_it_can(app, facilitator, finished, tmp_path,
                                                      monkeypatch):
    from server.exports import report

    def broken(data):
        raise RuntimeError("the Markdown writer broke")

    monkeypatch.setattr(report, "to_markdown", broken)
    out = tmp_path / "out"
    result = app.test_cli_runner().invoke(args=["export", finished["workshop"]["id"],
                                                "--to", str(out)])
    assert result.exit_code != 0
    assert "report.md" in result.output and "the Markdown writer broke" in result.output
    written = sorted(p.name.split("-")[-1] for p in out.iterdir())
    assert written == ["archive.json", "report.pdf", "tables.zip"]  # no half-written file
