"""Pilot updates and measure values from a CSV file with the export's columns: through HTTP
uploads, the live command and the socket. Every row is checked with its line, one problem
refuses the whole file, and nothing is made twice."""

from __future__ import annotations

import csv
import io
import uuid
import zipfile
from datetime import date, timedelta

import pytest
from conftest import join_as
from test_events import connect, received
from test_framing import state
from test_report import build_programme

ENGLISH = {"Accept-Language": "en"}


def new():
    return str(uuid.uuid4())


def upload(browser, workshop, content: str | bytes, filename="pilotit.csv"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return browser.api("POST", f"/api/workshops/{workshop['id']}/pilots/import-file",
                       data={"file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data", headers=ENGLISH)


def tables(browser, workshop) -> dict[str, bytes]:
    response = browser.client.get(f"/api/workshops/{workshop['id']}/exports/tables.zip")
    assert response.status_code == 200
    files = zipfile.ZipFile(io.BytesIO(response.data))
    return {name: files.read(name) for name in files.namelist()}


def rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def problems(response) -> list[str]:
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["message"].startswith("Nothing was imported")
    return error["fields"]["file"]


@pytest.fixture
def programme(app, facilitator):
    return build_programme(app, facilitator, pilots=2)


def test_an_exported_programme_comes_back_whole_after_its_updates_are_deleted(
        facilitator, programme):
    workshop = programme["workshop"]
    before = tables(facilitator, workshop)
    updates = state(facilitator, workshop)["pilot_update"]
    assert len(updates) == 8

    # Uploaded into the workshop it came from, nothing is new: every row is there already.
    again = upload(facilitator, workshop, before["pilot_updates.csv"], "pilot_updates.csv")
    assert again.status_code == 201, again.get_json()
    assert again.get_json() | {"update_ids": None} == {
        "kind": "updates", "created": 0, "already": 8, "values": 0, "update_ids": None}
    assert sorted(again.get_json()["update_ids"]) == sorted(u["id"] for u in updates)
    values = upload(facilitator, workshop, before["pilot_measure_values.csv"])
    assert values.get_json()["values"] == 0 and values.get_json()["created"] == 0

    for update in updates:
        facilitator.api("POST", f"/api/workshops/{workshop['id']}/commands/"
                                "pilot.delete_update", json={"update_id": update["id"]})
    assert state(facilitator, workshop)["pilot_update"] == []

    made = upload(facilitator, workshop, before["pilot_updates.csv"], "pilot_updates.csv")
    assert made.status_code == 201, made.get_json()
    assert (made.get_json()["created"], made.get_json()["already"]) == (8, 0)
    valued = upload(facilitator, workshop, before["pilot_measure_values.csv"])
    assert valued.status_code == 201, valued.get_json()
    # Each day's values join that day's update, as the team had entered them.
    assert (valued.get_json()["created"], valued.get_json()["values"]) == (0, 16)

    after = tables(facilitator, workshop)
    assert after["pilot_measure_values.csv"] == before["pilot_measure_values.csv"]
    written = 2  # "kirjattu / written": when the import made the row, not when the team did
    strip = [[cell for n, cell in enumerate(row) if n != written]
             for row in rows(before["pilot_updates.csv"])]
    assert [[c for n, c in enumerate(row) if n != written]
            for row in rows(after["pilot_updates.csv"])] == strip
    # Blockers resolved in the sheet stay resolved: only the last update's are open.
    open_ = [u for u in state(facilitator, workshop)["pilot_update"]
             if (u["blockers"] or u["help_needed"]) and not u["resolved_at"]]
    assert len(open_) == 2

    # The same files once more: still nothing twice.
    assert upload(facilitator, workshop, before["pilot_updates.csv"]).get_json()["created"] == 0
    assert upload(facilitator, workshop,
                  before["pilot_measure_values.csv"]).get_json()["values"] == 0
    assert len(state(facilitator, workshop)["pilot_update"]) == 8


def test_a_sheet_as_excel_saves_it_reads_with_finnish_dates_and_decimal_commas(
        app, facilitator, programme):
    workshop = programme["workshop"]
    phone = join_as(app, workshop, "Tiina", "Kaupunki")
    socket = connect(app, phone, workshop)
    pilot = programme["concepts"][0]["name"]
    day = date.today() - timedelta(days=3)
    # A byte-order mark, a cell over two lines, a pilot's name in capitals, a text the
    # export protected from running as a formula, and an empty row.
    sheet = (
        "\ufeffPilotti;Päivä;Mitä teimme;Mitä opimme;Esteet;Ratkaistu\r\n"
        f"{pilot.upper()};{day.day}.{day.month}.{day.year};\"Kaksi kertaa:\n"
        "kirjasto ja kylätalo\";'- lista alkaa viivalla;Tulkki puuttuu;\r\n"
        f"{pilot};{day.isoformat()};Kolmas kerta;;Tilat;{day.isoformat()}\r\n"
        ";;;;;\r\n")
    made = upload(facilitator, workshop, sheet)
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["created"] == 2
    by_id = {u["id"]: u for u in state(facilitator, workshop)["pilot_update"]}
    first, second = (by_id[i] for i in made.get_json()["update_ids"])
    assert first["did"] == "Kaksi kertaa:\nkirjasto ja kylätalo"
    assert first["learned"] == "- lista alkaa viivalla"  # the export's apostrophe is gone
    assert first["happened_on"] == second["happened_on"] == day.isoformat()
    assert first["resolved_at"] is None and second["resolved_at"] is not None
    # The room hears of them as of any update.
    heard = [e for e in received(socket, "ev") if e.get("entity") == "pilot_update"]
    assert {e["data"]["id"] for e in heard} == set(made.get_json()["update_ids"])

    measure = state(facilitator, workshop)["pilot_measure"][0]
    values = ("Pilotti,Mittari,Päivä,Arvo,Yksikkö\n"
              f"{pilot},{measure['name']},{day.isoformat()},\"12,5\",{measure['unit']}\n")
    added = upload(facilitator, workshop, values)
    assert added.status_code == 201, added.get_json()
    assert added.get_json()["values"] == 1 and added.get_json()["created"] == 0
    host = next(u for u in state(facilitator, workshop)["pilot_update"]
                if u["id"] == first["id"])
    assert host["values"] == [{"measure_id": measure["id"], "value": 12.5,
                               "measured_on": day.isoformat()}]


def test_every_problem_is_named_by_its_line_and_nothing_is_imported(facilitator, programme):
    workshop = programme["workshop"]
    pilot = programme["concepts"][0]["name"]
    future = (date.today() + timedelta(days=30)).isoformat()
    before = state(facilitator, workshop)["pilot_update"]
    sheet = ("pilotti / pilot;päivä / date;kirjoittaja / author;mitä teimme / did;"
             "ratkaistu / resolved\n"
             f"{pilot};2026-10-01;;Hyvä rivi;\n"
             "Kuukausikahvila;2026-10-01;;Ei tällaista pilottia;\n"
             f"{pilot};{future};;Tulevaisuudesta;\n"
             f"{pilot};2026-10-02;;;\n"
             f"{pilot};2026-10-03;Ei Kukaan;Kuka kirjoitti;\n"
             f"{pilot};31.2.2026;;Väärä päivä;\n"
             f"{pilot};2026-10-04;;Ratkaistu ilman estettä;2026-10-05\n")
    found = problems(upload(facilitator, workshop, sheet))
    assert found[0].startswith("Line 3: pilotti / pilot: No pilot called Kuukausikahvila")
    assert found[1].startswith("Line 4: päivä / date: An update can't be from the future")
    assert found[2].startswith("Line 5: mitä teimme / did: Write at least what you did")
    assert found[3].startswith("Line 6: kirjoittaja / author: No one called Ei Kukaan")
    assert found[4].startswith("Line 7: päivä / date: Write a date")
    assert found[5].startswith("Line 8: ratkaistu / resolved: This row names no blockers")
    assert len(found) == 6
    assert state(facilitator, workshop)["pilot_update"] == before  # not even line 2

    measure = state(facilitator, workshop)["pilot_measure"][0]
    values = ("pilotti;mittari;päivä;arvo;yksikkö\n"
              f"{pilot};Ei mittaria;2026-10-01;3;\n"
              f"{pilot};{measure['name']};2026-10-01;kolme;\n"
              f"{pilot};{measure['name']};2026-10-01;3;kg\n"
              f"{pilot};{measure['name']};2026-10-02;3;\n"
              f"{pilot};{measure['name']};2026-10-02;4;\n")
    found = problems(upload(facilitator, workshop, values))
    assert found[0].startswith("Line 2: mittari / measure: The pilot has no measure called")
    assert found[1].startswith("Line 3: arvo / value: Write a number")
    assert found[2].startswith("Line 4: yksikkö / unit: The measure's unit in Paja is")
    assert found[3].startswith("Line 6: arvo / value: Line 5 gives this measure another")
    # A day Paja has a value for already, with another figure, is not overwritten.
    stored = next(v for u in state(facilitator, workshop)["pilot_update"]
                  for v in u["values"] if v["measure_id"] == measure["id"])
    clash = (f"pilotti;mittari;päivä;arvo\n{pilot};{measure['name']};"
             f"{stored['measured_on']};{stored['value'] + 1}\n")
    assert problems(upload(facilitator, workshop, clash))[0].startswith(
        "Line 2: arvo / value: Paja already has another value")
    assert state(facilitator, workshop)["pilot_update"] == before


@pytest.mark.parametrize("sheet, says", [
    ("", "The file is empty"),
    ("pilotti;päivä;mitä teimme\n", "The file has only its header row"),
    ("pilotti;mitä teimme\nX;Y\n", 'The file has no column "päivä / date"'),
    ("pilotti;päivä;väri\nX;2026-10-01\n", "The column väri is not one Paja reads"),
])
def test_a_file_of_the_wrong_shape_says_what_to_fix(facilitator, programme, sheet, says):
    response = upload(facilitator, programme["workshop"], sheet)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert says in error["message"] + " ".join(error["fields"]["file"])


def test_only_a_facilitator_imports(app, facilitator, programme):
    workshop = programme["workshop"]
    pilot = programme["concepts"][0]["name"]
    sheet = f"pilotti;päivä;mitä teimme\n{pilot};2026-10-01;Kokeilu\n"
    phone = join_as(app, workshop, "Pekka", "Järjestö")
    assert upload(phone, workshop, sheet).status_code == 403
    command = phone.api("POST", f"/api/workshops/{workshop['id']}/commands/pilot.import_file",
                        json={"file": sheet})
    assert command.status_code == 403
    assert upload(facilitator, workshop, sheet, "pilotit.xlsx").status_code == 422
    # Through the live command, the same import as the upload.
    made = facilitator.api("POST",
                           f"/api/workshops/{workshop['id']}/commands/pilot.import_file",
                           json={"file": sheet}).get_json()
    assert made["ok"] and made["data"]["created"] == 1
