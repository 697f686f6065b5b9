"""The workshop report and the pilots' CSV tables through the download endpoints: a
programme that went through canvases, concepts, a vote and months of pilot updates, read
back from the Markdown, from the PDF (its embedded typeface and its text) and from the CSV
files."""

import csv
import io
import re
import uuid
import zipfile
from datetime import date, timedelta

import pytest
from conftest import join_as
from test_framing import ok, state

PILOTS = [
    ("Digikahvila kirjastoon", "Kävijät", "hlö", 0, 12),
    ("Tablettilaina kotiin", "Lainat", "kpl", 2, 20),
    ("Soittopalvelu – ”soita, niin autamme”", "Puhelut", "kpl/vko", 5, 30),
    ("Vertaisopastajat", "Opastajat", "hlö", 0, 8),
    ("Selkokieliset ohjeet", "Ymmärrettävyys", "%", 40, 80),
    ("Ajanvaraus palvelupisteeseen", "Odotusaika", "min", 25, 10),
]


def new():
    return str(uuid.uuid4())


def download(browser, workshop, kind):
    return browser.client.get(f"/api/workshops/{workshop['id']}/exports/{kind}")


def build_programme(app, facilitator, language="fi", pilots=6):
    """A workshop whose pilots have run for three months: personas from the template,
    a canvas with answers under every guiding question, concepts with all their texts,
    a revealed vote, and for each pilot two measures, four dated updates (one with a
    blocker still open), a status change and milestones."""
    w = facilitator.api("POST", "/api/workshops", json={
        "id": new(), "template": "service-design-coaching", "language": language,
        "name": "Digituki Pohjois-Savossa"}).get_json()
    people = [join_as(app, w, name, org) for name, org in (
        ("Aino", "Kela"), ("Ville", "kela "), ("Maija", "KELA"), ("Pekka", "Kuopion kaupunki"),
        ("Sanna", "kuopion kaupunki"), ("Olli", "Järjestö ry"))]
    group = ok(facilitator, w, "group.split", count=1, method="random")[0]
    challenge = next(c for c in state(facilitator, w)["challenge"]
                     if c["group_id"] == group["id"])
    ok(facilitator, w, "challenge.update", challenge_id=challenge["id"],
       statement="Ikäihmiset jäävät ilman digipalveluja – ja ”apua” on vaikea pyytää")
    for n, question in enumerate(("causes", "gap", "when_where", "effects", "importance")):
        for k in range(2):
            ok(people[(n + k) % len(people)], w, "challenge.note", id=new(),
               challenge_id=challenge["id"], question=question,
               body=f"Kanvaasivastaus {question} {k + 1}: lomakkeet ovat vaikeita…")
    hmw = ok(facilitator, w, "hmw.save", id=new(), challenge_id=challenge["id"],
             text="Miten voisimme tukea ikäihmisiä digiasioinnissa?")
    personas = [p["id"] for p in state(facilitator, w)["persona"]][:2]
    concepts = []
    for n, (name, *_rest) in enumerate(PILOTS[:pilots]):
        idea = ok(people[n % len(people)], w, "idea.add", id=new(), hmw_id=hmw["id"],
                  text=f"Idea: {name}")
        concepts.append(ok(facilitator, w, "concept.save", id=new(), idea_ids=[idea["id"]],
                           name=name, need="Apua asiointiin", what=f"{name} – kokeilu",
                           takes_people="Kaksi ohjaajaa", takes_devices="Tabletteja",
                           takes_training="Opastajien koulutus", takes_digital="Etätuki",
                           first_try="Kuukauden kokeilu", persona_ids=personas,
                           risks=f"Riski {n + 1}: kävijöitä ei tule"))
    round_ = ok(facilitator, w, "vote.save_round", id=new(), dots=3, cap=3,
                title="Pilotit")
    ok(facilitator, w, "vote.open", round_id=round_["id"])
    for n, concept in enumerate(concepts):
        ok(people[n % len(people)], w, "vote.set", round_id=round_["id"],
           item_id=concept["id"], count=1 + (len(concepts) - n) % 3)
    ok(facilitator, w, "vote.close", round_id=round_["id"])
    ok(facilitator, w, "vote.reveal", round_id=round_["id"])
    ok(facilitator, w, "vote.choose", round_id=round_["id"], top=pilots)
    by_concept = {p["concept_id"]: p for p in state(facilitator, w)["pilot"]}
    start = date.today() - timedelta(days=95)
    open_blocker = {}
    for n, concept in enumerate(concepts):
        pilot = by_concept[concept["id"]]
        _name, measure_name, unit, baseline, target = PILOTS[n]
        for person in people[n % 3: n % 3 + 3]:
            ok(person, w, "pilot.join", pilot_id=pilot["id"])
        ok(facilitator, w, "pilot.save", pilot_id=pilot["id"],
           hypothesis=f"Jos {concept['name'].lower()}, niin asiointi helpottuu",
           starts_on=start.isoformat(), ends_on=(start + timedelta(days=120)).isoformat())
        ok(facilitator, w, "pilot.status", pilot_id=pilot["id"], status="running",
           note="Aloitimme syyskuussa")
        measures = [ok(facilitator, w, "pilot.measure", id=new(), pilot_id=pilot["id"],
                       name=measure_name, unit=unit, baseline=baseline, target=target),
                    ok(facilitator, w, "pilot.measure", id=new(), pilot_id=pilot["id"],
                       name="Tyytyväisyys", unit="1–5", baseline=3, target=4.5)]
        for k in range(4):
            day = start + timedelta(days=10 + 25 * k)
            update = ok(facilitator, w, "pilot.update", id=new(), pilot_id=pilot["id"],
                        happened_on=day.isoformat(), did=f"Teimme kierroksen {k + 1}",
                        learned=f"Opimme asian {k + 1}", next_step=f"Seuraavaksi {k + 2}",
                        blockers=f"Este {n}-{k}: tilat puuttuvat" if k in (1, 3) else "",
                        help_needed="Tarvitsemme tiloja" if k == 3 else "",
                        values=[{"measure_id": measures[0]["id"],
                                 "value": baseline + (target - baseline) * (k + 1) / 5},
                                {"measure_id": measures[1]["id"], "value": 3 + k * 0.4}])
            if k == 1:
                ok(facilitator, w, "pilot.resolve_update", update_id=update["id"])
            if k == 3:
                open_blocker[pilot["id"]] = update
        if n == 1:
            ok(facilitator, w, "pilot.status", pilot_id=pilot["id"], status="paused",
               note="Tabletit huollossa")
        ok(facilitator, w, "pilot.milestone", id=new(), pilot_id=pilot["id"],
           title="Ensimmäiset asiakkaat kutsuttu", due_on=(start + timedelta(days=14)).isoformat(),
           done_on=(start + timedelta(days=12)).isoformat())
        ok(facilitator, w, "pilot.milestone", id=new(), pilot_id=pilot["id"],
           title="Loppuarviointi", due_on=(start + timedelta(days=120)).isoformat())
    return {"workshop": w, "people": people, "concepts": concepts, "open": open_blocker}


@pytest.fixture
def programme(app, facilitator):
    return build_programme(app, facilitator, pilots=2)


def test_the_markdown_covers_the_whole_chain(facilitator, programme):
    markdown = download(facilitator, programme["workshop"], "report.md").data.decode()
    # The canvas's answers under their guiding questions, without who wrote them.
    assert "**Mikä aiheuttaa haasteen nyt?**" in markdown
    assert markdown.count("- Kanvaasivastaus") == 10
    assert "Aino" not in markdown and "Ville" not in markdown
    # Personas with their fields.
    assert "## Persoonat ja asiakasprofiilit" in markdown and "**Tilanne:**" in markdown
    # Every text of a concept, its risks too.
    assert "- **Riskit:** Riski 1: kävijöitä ei tule" in markdown
    assert "- **Digituki:** Etätuki" in markdown
    # Each update's texts, by its day, and the blocker still open.
    start = date.today() - timedelta(days=95)
    assert markdown.count("Mitä teimme: Teimme kierroksen 4") == 2
    assert "Mitä opimme: Opimme asian 2" in markdown and "Seuraava askel: Seuraavaksi 3" in \
        markdown
    open_section = markdown.split("### Avoimet esteet ja avuntarpeet")[1].split("### ")[0]
    assert "Este 0-3: tilat puuttuvat" in open_section
    assert "Tarvitsemme apua: Tarvitsemme tiloja" in open_section
    assert "Este 0-1" not in open_section  # resolved, so no longer open
    assert re.search(r"Päivitys \(ratkaistu [^)]+\)\n    - Mitä teimme: Teimme kierroksen 2",
                     markdown)
    day = start + timedelta(days=10)
    assert f"- **{day.day}.{day.month}.{day.year}** Päivitys" in markdown
    assert "Tila: käynnissä – Aloitimme syyskuussa" in markdown
    # Progress, the programme's weighted roll-up and the milestones, done or not.
    assert "**Pilottien edistyminen yhteensä (painotettu): 30 %**" in markdown
    assert "Tila: käynnissä · Edistyminen: 30 %" in markdown
    assert "Tila: tauolla · Edistyminen: 30 %" in markdown
    assert re.search(r"- \[x\] Ensimmäiset asiakkaat kutsuttu \(tehty [\d.]+, määräpäivä",
                     markdown)
    assert "- [ ] Loppuarviointi (kesken, määräpäivä" in markdown
    # Measures: baseline, latest and target, and each dated value.
    assert "#### Kävijät (hlö)" in markdown and "lähtötaso 0 · viimeisin 9,6 · tavoite 12" in \
        markdown
    # Organisations counted once each, whatever their case and spaces.
    assert "6 osallistujaa 3 organisaatiosta" in markdown
    # The first pilot's team wrote Kela three ways: one organisation, as first written.
    assert "Organisaatiot: Kela\n" in markdown
    assert "Organisaatiot: kela, Kuopion kaupunki\n" in markdown


def test_organisations_are_one_whatever_their_case_and_spaces():
    from server.exports.report import organisations

    assert organisations(["Kela", "kela ", " KELA", "Kela", "TE-palvelut", "te-palvelut",
                          "", None]) == ["Kela", "TE-palvelut"]
    assert organisations(["kela", "Kela", "Kela"]) == ["Kela"]


def test_the_pdf_embeds_its_typeface_and_keeps_dashes_and_quotes(facilitator, programme):
    from pypdf import PdfReader

    pdf = download(facilitator, programme["workshop"], "report.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert b"/FontFile2" in pdf.data and b"OpenSans" in pdf.data
    assert b"/Helvetica" not in pdf.data
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Ikäihmiset jäävät ilman digipalveluja – ja ”apua” on vaikea pyytää" in text
    assert "lomakkeet ovat vaikeita…" in text
    assert "Riski 2: kävijöitä ei tule" in text and "Este 0-3: tilat puuttuvat" in text
    # The charts' axes carry numbers and a legend names what is drawn.
    assert re.search(r"tavoite 12\b", text) and re.search(r"lähtötaso 0\b", text)
    assert "Tyytyväisyys" in text


def test_the_report_speaks_swedish(app, facilitator):
    built = build_programme(app, facilitator, language="sv", pilots=1)
    markdown = download(facilitator, built["workshop"], "report.md").data.decode()
    assert "## Personor och kundprofiler" in markdown and "handledare" in markdown
    assert "**Vad orsakar utmaningen nu?**" in markdown and "Status: pågår" in markdown
    assert "### Öppna hinder och hjälpbehov" in markdown


def csv_rows(files, name):
    return list(csv.reader(io.StringIO(files.read(name).decode("utf-8-sig")), delimiter=";"))


def test_csv_has_one_row_per_measured_value_and_finnish_values(facilitator, programme):
    files = zipfile.ZipFile(io.BytesIO(download(facilitator, programme["workshop"],
                                                "tables.zip").data))
    values = csv_rows(files, "pilot_measure_values.csv")
    assert values[0] == ["pilotti / pilot", "mittari / measure", "päivä / date",
                         "arvo / value", "yksikkö / unit"]
    assert len(values) == 1 + 2 * 2 * 4  # two pilots, two measures, four updates
    first = [row for row in values[1:] if row[0] == "Digikahvila kirjastoon"
             and row[1] == "Kävijät"]
    assert [row[3] for row in first] == ["2,4", "4,8", "7,2", "9,6"]
    assert all(row[4] == "hlö" for row in first)
    assert [row[2] for row in first] == sorted(row[2] for row in first)
    pilots = csv_rows(files, "pilots.csv")
    assert {row[1] for row in pilots[1:]} == {"käynnissä", "tauolla"}
    concepts = csv_rows(files, "concepts.csv")
    assert {row[1] for row in concepts[1:]} == {"pilotissa"}
    updates = csv_rows(files, "pilot_updates.csv")
    assert "mittarit / measures" not in updates[0]
    assert not any("Kävijät:" in cell for row in updates for cell in row)
    for name in files.namelist():
        header = csv_rows(files, name)[0]
        assert all(cell.strip() for cell in header), (name, header)


def test_a_concept_of_ideas_under_two_questions_names_both_in_its_chain(app, facilitator):
    built = build_programme(app, facilitator, pilots=1)
    w = built["workshop"]
    first = next(q for q in state(facilitator, w)["hmw"])
    second = ok(facilitator, w, "hmw.save", id=new(), challenge_id=first["challenge_id"],
                text="Miten voisimme tuoda avun kotiin asti?")
    ideas = [ok(built["people"][0], w, "idea.add", id=new(), hmw_id=question["id"],
                text=text)
             for question, text in ((first, "Vertaisopastajat kirjastoon"),
                                    (second, "Digiopastaja kotikäynnille"))]
    concept = ok(facilitator, w, "concept.save", id=new(), name="Opastus kotiin ja kirjastoon",
                 idea_ids=[idea["id"] for idea in ideas])
    ok(facilitator, w, "pilot.create", concept_id=concept["id"])
    markdown = download(facilitator, w, "report.md").data.decode()
    chains = markdown[markdown.index("Opastus kotiin ja kirjastoon", markdown.index(
        "Pilotista persooniin")):]
    assert "Vertaisopastajat kirjastoon; Digiopastaja kotikäynnille" in chains
    assert ("- Kysymykset: Miten voisimme tukea ikäihmisiä digiasioinnissa?; "
            "Miten voisimme tuoda avun kotiin asti?") in chains
