"""A facilitator's own persona and customer-profile cards from a YAML or CSV file, and
library cards the workshop already has: through HTTP uploads, commands and the socket."""

from __future__ import annotations

import io
import uuid

import pytest
from conftest import join_as
from test_events import connect, received
from test_framing import state

# Messages are checked in English, whatever the catalogues say in Finnish.
ENGLISH = {"Accept-Language": "en"}

YAML_CARDS = """\
- kind: persona
  name: Maija
  age_range: 40–50
  role:
    fi: Yrittäjä
    en: Entrepreneur
  goals:
    fi: [Laskut verkossa, Vähemmän paperia]
- kind: profile
  segment: Nuoret työnhakijat
  needs:
    - Nopea vastaus
    - Chat
"""

# Finnish headers as Excel in Finland saves them: semicolons, a byte-order mark, a list cell
# with one item per line, a Swedish column.
CSV_CARDS = (
    "\ufefftyyppi;nimi;ikä;rooli;rooli_sv;tavoitteet;segmentti\r\n"
    'persoona;Onni;67;Eläkeläinen;Pensionär;"Oppia pankkiasiat\nPärjätä itse";\r\n'
    "profiili;;;;;;Maahan muuttaneet\r\n"
)


def new():
    return str(uuid.uuid4())


def upload(browser, workshop, content: str | bytes, filename: str, **form):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return browser.api("POST", f"/api/workshops/{workshop['id']}/personas/import-file",
                       data={"file": (io.BytesIO(data), filename), **form},
                       content_type="multipart/form-data", headers=ENGLISH)


def do(browser, workshop, command, **args):
    response = browser.api("POST", f"/api/workshops/{workshop['id']}/commands/{command}",
                           json=args, headers=ENGLISH)
    return response.status_code, response.get_json()


def ok(browser, workshop, command, **args):
    status, body = do(browser, workshop, command, **args)
    assert status == 200, body
    return body["data"]


def cards(browser, workshop):
    return state(browser, workshop).get("persona", [])


@pytest.fixture
def blank(facilitator):
    response = facilitator.api("POST", "/api/workshops", json={"id": new(), "name": "Omat"})
    assert response.status_code == 201
    return response.get_json()


def test_a_yaml_file_makes_its_cards_and_everyone_sees_them_arrive(app, facilitator, blank):
    phone_browser = join_as(app, blank, "Aino", "Kela")
    phone = connect(app, phone_browser, blank)
    received(phone, "sync")
    response = upload(facilitator, blank, YAML_CARDS, "omat.yaml")
    assert response.status_code == 201, response.get_json()
    made = response.get_json()
    assert [c["kind"] for c in made] == ["persona", "profile"]
    maija, youth = made
    # A name and an age are the same in every language; other texts given without a language
    # are in the workshop's (Finnish); a language given is kept as given.
    assert maija["fields"]["name"] == {"fi": "Maija", "sv": "Maija", "en": "Maija"}
    assert maija["fields"]["role"] == {"fi": "Yrittäjä", "sv": "", "en": "Entrepreneur"}
    assert maija["fields"]["goals"]["fi"] == "Laskut verkossa\nVähemmän paperia"
    assert youth["fields"]["segment"]["fi"] == "Nuoret työnhakijat"
    assert youth["fields"]["needs"]["fi"] == "Nopea vastaus\nChat"
    assert maija["library_key"] is None and maija["position"] < youth["position"]
    arrived = [e for e in received(phone, "ev") if e.get("entity") == "persona"]
    assert {e["data"]["id"] for e in arrived} == {maija["id"], youth["id"]}
    assert {c["id"] for c in cards(facilitator, blank)} == {maija["id"], youth["id"]}


def test_a_finnish_excel_csv_makes_its_cards(facilitator, blank):
    response = upload(facilitator, blank, CSV_CARDS.encode("utf-8"), "kortit.CSV")
    assert response.status_code == 201, response.get_json()
    onni, migrants = response.get_json()
    assert onni["kind"] == "persona" and migrants["kind"] == "profile"
    assert onni["fields"]["role"] == {"fi": "Eläkeläinen", "sv": "Pensionär", "en": ""}
    assert onni["fields"]["age_range"]["en"] == "67"
    assert onni["fields"]["goals"]["fi"] == "Oppia pankkiasiat\nPärjätä itse"
    assert migrants["fields"]["segment"]["fi"] == "Maahan muuttaneet"


def test_english_headers_commas_and_windows_1252(facilitator, blank):
    text = ("name,age_range,quote_en,quote,what_helps\n"
            "Päivi,35-45,I want to learn,Haluan oppia,Vertaistuki; Aikaa\n")
    response = upload(facilitator, blank, text.encode("cp1252"), "cards.csv")
    assert response.status_code == 201, response.get_json()
    [paivi] = response.get_json()
    assert paivi["kind"] == "persona"  # a name and no kind: a persona
    assert paivi["fields"]["name"]["fi"] == "Päivi"
    assert paivi["fields"]["quote"] == {"fi": "Haluan oppia", "sv": "", "en": "I want to learn"}
    assert paivi["fields"]["what_helps"]["fi"] == "Vertaistuki\nAikaa"


def test_a_bad_csv_names_every_line_and_field_and_nothing_is_made(facilitator, blank):
    text = ("nimi;ikä;rooli\n"
            "Hyvä;40;Opettaja\n"
            "Kalle;vanha;Eläkeläinen\n"
            ";30;Nimetön\n"
            "Liisa;50;Opiskelija\n")
    response = upload(facilitator, blank, text, "kortit.csv")
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid" and "Nothing was imported" in error["message"]
    problems = error["fields"]["file"]
    assert len(problems) == 2, problems
    assert problems[0].startswith("Line 3: ikä: ") and "number" in problems[0]
    # Named by the file's own header, whatever it is missing.
    assert problems[1] == "Line 4: nimi: Give the card a name; it cannot be empty."
    assert cards(facilitator, blank) == []


def test_a_bad_yaml_card_names_its_line_and_nothing_is_made(facilitator, blank):
    text = YAML_CARDS + """\
- kind: persona
  name: Ville
  age_range: [40]
  hobby: golf
  quote: {de: Hallo}
"""
    response = upload(facilitator, blank, text, "omat.yml")
    assert response.status_code == 422
    problems = response.get_json()["error"]["fields"]["file"]
    assert problems == [
        "Line 16: age_range: Give this as a text, not a list.",
        problems[1],
        problems[2],
    ], problems
    assert problems[1].startswith("Line 17: hobby: No card has a field hobby.")
    assert problems[2].startswith("Line 18: quote.de: Paja has no language de")
    broken = upload(facilitator, blank, "- kind: persona\n  name: [unclosed\n", "x.yaml")
    assert broken.status_code == 422
    assert broken.get_json()["error"]["fields"]["file"][0].startswith("Line 3: This is not "
                                                                      "valid YAML")
    assert cards(facilitator, blank) == []


def test_limits_formats_and_who_may_upload(app, facilitator, blank):
    too_many = "nimi\n" + "".join(f"Henkilö {n}\n" for n in range(101))
    response = upload(facilitator, blank, too_many, "paljon.csv")
    assert response.status_code == 422
    assert "at most 100" in response.get_json()["error"]["fields"]["file"][0]
    too_large = "nimi;tilanne\n" + f"Iso;{'x' * 210_000}\n"
    response = upload(facilitator, blank, too_large, "iso.csv")
    assert response.status_code == 422 and "KB" in response.get_json()["error"]["fields"][
        "file"][0]
    response = upload(facilitator, blank, "nimi\nMaija\n", "kortit.xlsx")
    assert response.status_code == 422 and ".csv" in response.get_json()["error"]["fields"][
        "file"][0]
    participant = join_as(app, blank, "Pekka")
    assert upload(participant, blank, "nimi\nMaija\n", "kortit.csv").status_code == 403
    # Without the page's CSRF token the upload is refused like any other form.
    no_token = facilitator.client.post(
        f"/api/workshops/{blank['id']}/personas/import-file",
        data={"file": (io.BytesIO(b"nimi\nMaija\n"), "kortit.csv")},
        content_type="multipart/form-data")
    assert no_token.status_code == 400 and no_token.get_json()["error"]["code"] == "csrf"
    assert cards(facilitator, blank) == []


def test_the_same_upload_sent_again_makes_nothing_twice(facilitator, blank):
    import_id = new()
    first = upload(facilitator, blank, YAML_CARDS, "omat.yaml", id=import_id)
    again = upload(facilitator, blank, YAML_CARDS, "omat.yaml", id=import_id)
    assert first.status_code == again.status_code == 201
    assert [c["id"] for c in again.get_json()] == [c["id"] for c in first.get_json()]
    assert len(cards(facilitator, blank)) == 2


def test_the_command_takes_the_files_text(facilitator, blank):
    made = ok(facilitator, blank, "persona.import_file", id=new(), format="csv",
              file="nimi;laitteet\nRaimo;Tabletti\n")
    assert made[0]["fields"]["devices"]["fi"] == "Tabletti"
    status, body = do(facilitator, blank, "persona.import_file", id=new(), format="xlsx",
                      file="nimi\nRaimo\n")
    assert status == 422 and "format" in body["error"]["fields"]


def test_library_cards_already_in_the_workshop_are_asked_about(facilitator, workshop):
    """The template brought the library's cards: importing one again asks first."""
    before = cards(facilitator, workshop)
    raili = [c for c in before if c["library_key"] == "raili-ei-laitetta"]
    assert len(raili) == 1
    status, body = do(facilitator, workshop, "persona.import",
                      keys=["raili-ei-laitetta", "samir-innokas-auttaja"])
    assert status == 422
    message = body["error"]["fields"]["duplicates"][0]
    assert "Raili" in message and "Samir" in message and '"skip"' in message
    assert len(cards(facilitator, workshop)) == len(before)
    # Skipping them imports nothing more here; a copy anyway is one more card from the key.
    assert ok(facilitator, workshop, "persona.import", keys=["raili-ei-laitetta"],
              duplicates="skip") == []
    [copy] = ok(facilitator, workshop, "persona.import", keys=["raili-ei-laitetta"],
                duplicates="copy")
    assert copy["library_key"] == "raili-ei-laitetta" and copy["id"] != raili[0]["id"]
    assert copy["fields"] == raili[0]["fields"]
    after = cards(facilitator, workshop)
    assert len(after) == len(before) + 1
    status, body = do(facilitator, workshop, "persona.import", keys=["raili-ei-laitetta"],
                      duplicates="maybe")
    assert status == 422 and "duplicates" in body["error"]["fields"]
    assert len(cards(facilitator, workshop)) == len(after)


def test_a_copy_sent_again_with_its_id_is_made_once(facilitator, workshop):
    import_id = new()
    args = {"id": import_id, "keys": ["jari-ei-motivaatiota"], "duplicates": "copy"}
    first = ok(facilitator, workshop, "persona.import", **args)
    again = ok(facilitator, workshop, "persona.import", **args)
    assert [c["id"] for c in again] == [c["id"] for c in first]
    jari = [c for c in cards(facilitator, workshop) if c["library_key"] == "jari-ei-motivaatiota"]
    assert len(jari) == 2
