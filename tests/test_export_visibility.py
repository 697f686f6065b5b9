"""Who sees what, in every export: the JSON archive, the CSV tables, the report (Markdown
and PDF), the command line's files and each participant's own download hold only what the
entity views give their reader - before a round's reveal no ballot, count or ranking of it
(nothing to compute hidden results from), never who gave which dots in an anonymous round,
never the author of an anonymous idea, and nobody else's private task answer or silent
idea in a participant's file. After the reveal the results are there."""

import csv
import io
import json
import uuid
import zipfile
from datetime import date

import pytest
from conftest import join_as
from pypdf import PdfReader
from test_framing import ok, state

FACILITATOR_KINDS = ("archive.json", "tables.zip", "report.md", "report.pdf")


def new():
    return str(uuid.uuid4())


@pytest.fixture
def voted(app, facilitator):
    """Three closed rounds nobody has seen the results of - named, anonymous (with a proxy's
    paper dots) and hidden-and-named - plus one with live results; an anonymous idea, a
    silent one and a private task answer."""
    w = facilitator.api("POST", "/api/workshops", json={
        "id": new(), "template": "service-design-coaching"}).get_json()
    aino, ville = join_as(app, w, "Aino Author", "Kela"), join_as(app, w, "Ville Voter", "TE")
    group = ok(facilitator, w, "group.split", count=1, method="random")[0]
    challenge = next(c for c in state(facilitator, w)["challenge"] if c["group_id"] == group["id"])
    anon_q = ok(facilitator, w, "hmw.save", id=new(), challenge_id=challenge["id"],
                text="Miten voisimme nimettömästi?")
    ok(facilitator, w, "hmw.settings", hmw_id=anon_q["id"], anonymous=True)
    silent_q = ok(facilitator, w, "hmw.save", id=new(), challenge_id=challenge["id"],
                  text="Miten voisimme hiljaa?")
    ok(facilitator, w, "hmw.settings", hmw_id=silent_q["id"], silent=True)
    ok(aino, w, "idea.add", id=new(), hmw_id=anon_q["id"], text="Ainon tunnistamaton idea")
    ok(ville, w, "idea.add", id=new(), hmw_id=silent_q["id"], text="Hiljainen Villen idea")

    theme = next(s for s in state(facilitator, w)["session"] if s["task"])
    ok(facilitator, w, "session.update", session_id=theme["id"],
       opens_on=date.today().isoformat(),
       task={"title": {"fi": "Oma tehtävä", "en": "Own task"},
             "instructions": {"fi": "Kerro", "en": "Tell"},
             "visibility": "private", "response": "feedback"})
    ok(aino, w, "task.submit", id=new(), session_id=theme["id"], body="Ainon yksityinen vastaus")
    ok(ville, w, "task.submit", id=new(), session_id=theme["id"], body="Villen oma vastaus")

    first = ok(facilitator, w, "concept.save", id=new(), name="Digikahvila")
    second = ok(facilitator, w, "concept.save", id=new(), name="Tablettilaina")
    rounds = {}
    for title, settings in (("Nimetty", {"anonymous": False}), ("Nimetön", {"anonymous": True}),
                            ("Piilossa", {"anonymous": False}),
                            ("Livenä", {"anonymous": False, "live_results": True})):
        round_ = ok(facilitator, w, "vote.save_round", id=new(), dots=5, cap=5, title=title,
                    **settings)
        ok(facilitator, w, "vote.open", round_id=round_["id"])
        rounds[title] = round_["id"]
    # Counts that tell the rounds apart: Nimetty 3+1, Nimetön 4+2 (a proxy's 2), Piilossa
    # 5+1, Livenä 2+3 - each visible as "Digikahvila ... N" once revealed.
    dots = {"Nimetty": ((aino, 3, 0), (ville, 1, 1)),
            "Nimetön": ((aino, 4, 0), (ville, 1, 1)),
            "Piilossa": ((aino, 5, 0), (ville, 1, 1)),
            "Livenä": ((aino, 2, 0), (ville, 3, 1))}
    items = (first["id"], second["id"])
    for title, votes in dots.items():
        for person, count, item in votes:
            ok(person, w, "vote.set", round_id=rounds[title], item_id=items[item], count=count)
    ok(facilitator, w, "vote.set", round_id=rounds["Nimetön"], item_id=items[1], count=1,
       proxy="Paperi-Maija")
    for round_id in rounds.values():
        ok(facilitator, w, "vote.close", round_id=round_id)
    members = {m["display_name"]: m["id"] for m in state(facilitator, w)["member"]}
    return {"workshop": w, "aino": aino, "ville": ville, "rounds": rounds,
            "aino_id": members["Aino Author"], "ville_id": members["Ville Voter"]}


def download(browser, workshop, kind):
    response = browser.client.get(f"/api/workshops/{workshop['id']}/exports/{kind}")
    assert response.status_code == 200, (kind, response.status_code)
    return response.data


def own(browser, workshop):
    response = browser.client.get(f"/api/workshops/{workshop['id']}/my-contributions.json")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def csv_rows(files, name):
    return list(csv.reader(io.StringIO(files.read(name).decode("utf-8-sig")), delimiter=";"))


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def facilitator_files(app, facilitator, workshop, tmp_path):
    """Every facilitator export, downloaded and written by the command line (the same)."""
    files = {kind: download(facilitator, workshop, kind) for kind in FACILITATOR_KINDS}
    out = tmp_path / new()
    result = app.test_cli_runner().invoke(args=["export", workshop["id"], "--to", str(out)])
    assert result.exit_code == 0, result.output
    cli = {path.name.split("-")[-1]: path.read_bytes() for path in out.iterdir()}
    assert sorted(cli) == sorted(FACILITATOR_KINDS)
    return files, cli


def ballots(archive, round_id):
    tables = archive["tables"]
    return ([b for b in tables["ballot"] if b["round_id"] == round_id],
            [d for d in tables["ballot_dot"] if d["round_id"] == round_id])


def check_people_stay_unnamed(archive, tables, markdown, pdf, voted):
    """What holds before and after the reveal: anonymous ideas and rounds name nobody."""
    idea = next(i for i in archive["tables"]["idea"] if i["text"] == "Ainon tunnistamaton idea")
    assert idea["member_id"] is None
    anonymous, dots = ballots(archive, voted["rounds"]["Nimetön"])
    text = json.dumps([anonymous, dots])
    assert voted["aino_id"] not in text and voted["ville_id"] not in text
    assert "Paperi-Maija" not in text
    assert all(b["member_id"] is None for b in anonymous)
    ideas = {row[1]: row for row in csv_rows(tables, "ideas.csv")[1:]}
    assert ideas["Ainon tunnistamaton idea"][2] == ""
    for text in (markdown, pdf):
        assert "Aino Author" not in text and "Paperi-Maija" not in text
    # A private answer is the author's and the facilitators': in the facilitator's files
    # (marked private) but never quoted in the report.
    rows = {row[3]: row for row in csv_rows(tables, "tasks_and_submissions.csv")[1:]}
    assert rows["Ainon yksityinen vastaus"][1] == "yksityinen / private"
    assert "Ainon yksityinen vastaus" in json.dumps(archive, ensure_ascii=False)
    assert "yksityinen vastaus" not in markdown and "yksityinen vastaus" not in pdf


def check_participants(voted):
    """Each participant's own file: theirs, and nothing of anyone else's."""
    workshop, aino, ville = voted["workshop"], voted["aino"], voted["ville"]
    for kind in FACILITATOR_KINDS:
        assert ville.client.get(
            f"/api/workshops/{workshop['id']}/exports/{kind}").status_code == 403
    mine, theirs = own(aino, workshop), own(ville, workshop)
    assert "Ainon tunnistamaton idea" in mine and "Ainon yksityinen vastaus" in mine
    assert "Hiljainen Villen idea" not in mine and "Villen oma vastaus" not in mine
    assert "Ainon tunnistamaton idea" not in theirs and "Ainon yksityinen vastaus" not in theirs
    assert "Hiljainen Villen idea" in theirs and "Villen oma vastaus" in theirs
    for text in (mine, theirs):
        assert "Digikahvila" not in text  # no vote of anyone's, no results


def test_no_export_holds_hidden_results_or_names_the_anonymous(app, facilitator, voted,
                                                                 tmp_path):
    workshop, rounds = voted["workshop"], voted["rounds"]
    files, cli = facilitator_files(app, facilitator, workshop, tmp_path)
    for made in (files, cli):
        archive = json.loads(made["archive.json"])
        tables = zipfile.ZipFile(io.BytesIO(made["tables.zip"]))
        markdown, pdf = made["report.md"].decode(), pdf_text(made["report.pdf"])
        for title in ("Nimetty", "Nimetön", "Piilossa"):
            # Nothing to count from: no ballot, no dots, no ranking, no title in the results.
            assert ballots(archive, rounds[title]) == ([], []), title
            assert title not in markdown and title not in pdf, title
        votes = csv_rows(tables, "votes.csv")
        assert {row[0] for row in votes[1:]} == {"Livenä"}
        # Live results show on every screen while the round runs, so they are in the files.
        named, dots = ballots(archive, rounds["Livenä"])
        assert {b["member_id"] for b in named} == {voted["aino_id"], voted["ville_id"]}
        assert sorted(d["count"] for d in dots) == [2, 3]
        assert "| 1 | Tablettilaina | 3 |" in markdown
        check_people_stay_unnamed(archive, tables, markdown, pdf, voted)
    check_participants(voted)

    # The archive made before the reveal still imports: the rounds come without their votes.
    archive = json.loads(files["archive.json"])
    copy = facilitator.api("POST", "/api/workshops/import", json={"archive": archive})
    assert copy.status_code == 201, copy.get_json()
    copied = state(facilitator, copy.get_json())["vote_round"]
    assert sorted(r["title"] for r in copied) == ["Livenä", "Nimetty", "Nimetön", "Piilossa"]
    assert all(r["turnout"]["voters"] == 0 for r in copied if r["title"] != "Livenä")


def test_after_the_reveal_every_export_has_the_results(app, facilitator, voted, tmp_path):
    workshop, rounds = voted["workshop"], voted["rounds"]
    for title in ("Nimetty", "Nimetön", "Piilossa"):
        ok(facilitator, workshop, "vote.reveal", round_id=rounds[title])
    files, cli = facilitator_files(app, facilitator, workshop, tmp_path)
    for made in (files, cli):
        archive = json.loads(made["archive.json"])
        tables = zipfile.ZipFile(io.BytesIO(made["tables.zip"]))
        markdown, pdf = made["report.md"].decode(), pdf_text(made["report.pdf"])
        for title, top in (("Nimetty", 3), ("Nimetön", 4), ("Piilossa", 5)):
            _ballots, dots = ballots(archive, rounds[title])
            assert max(d["count"] for d in dots) == top, title
            assert f"### {title}" in markdown and f"| 1 | Digikahvila | {top} |" in markdown
            assert title in pdf
        # A named round's ballots say whose they are (the facilitator's view names its
        # voters once results show); an anonymous round's never do.
        named, _dots = ballots(archive, rounds["Piilossa"])
        assert {b["member_id"] for b in named} == {voted["aino_id"], voted["ville_id"]}
        votes = {(row[0], row[1]): row[2] for row in csv_rows(tables, "votes.csv")[1:]}
        assert votes[("Piilossa", "Digikahvila")] == "5"
        assert votes[("Nimetön", "Tablettilaina")] == "2"
        check_people_stay_unnamed(archive, tables, markdown, pdf, voted)
    check_participants(voted)

    # Imported, the revealed rounds keep their results.
    copy = facilitator.api("POST", "/api/workshops/import",
                           json={"archive": json.loads(files["archive.json"])}).get_json()
    results = {r["title"]: r["results"] for r in state(facilitator, copy)["vote_round"]}
    assert results["Piilossa"][0]["count"] == 5 and results["Nimetön"][0]["count"] == 4
