"""Workshops from templates: create, idempotent create, rename, archive, bad templates,
templates in every content language."""

import uuid

import pytest
from test_exports import download
from test_framing import ok, state
from test_personas import texts_of

from server.schemas import CONTENT_LANGUAGES
from server.workshops.templates import (
    TEMPLATE_DIR,
    TemplateError,
    available_templates,
    load_template,
)


def test_templates_are_listed(facilitator):
    keys = {t["key"] for t in facilitator.api("GET", "/api/templates").get_json()}
    assert {"service-design-coaching", "online-coaching-6-weeks", "ideation-2h"} <= keys


def test_create_from_template_builds_sessions_and_phases(facilitator, workshop):
    state = facilitator.api("GET", f"/api/workshops/{workshop['id']}/state").get_json()
    sessions = state["entities"]["session"]
    assert len(sessions) >= 5  # pre-work, three workshops, pilots
    assert all(s["phases"] for s in sessions)
    first_phase = sessions[0]["phases"][0]
    assert first_phase["title"]["fi"] and first_phase["title"]["en"]
    assert first_phase["instructions"]["fi"] and first_phase["minutes"] >= 1
    assert len(workshop["join_code"]) == 6
    facilitators = [m for m in state["entities"]["member"] if m["role"] == "facilitator"]
    assert [m["display_name"] for m in facilitators] == ["Anna Fasilitaattori"]


def test_six_week_template_has_opening_weeks_and_closing(facilitator):
    response = facilitator.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "online-coaching-6-weeks"})
    state = facilitator.api("GET", f"/api/workshops/{response.get_json()['id']}/state").get_json()
    sessions = sorted(state["entities"]["session"], key=lambda s: s["position"])
    assert sessions[0]["kind"] == "live" and sessions[-1]["kind"] == "live"
    assert sum(1 for s in sessions if s["task"]) >= 6


def test_blank_workshop_needs_a_name(facilitator):
    missing = facilitator.api("POST", "/api/workshops", json={"id": str(uuid.uuid4())})
    assert missing.status_code == 422
    assert "name" in missing.get_json()["error"]["fields"]
    ok = facilitator.api("POST", "/api/workshops", json={"id": str(uuid.uuid4()),
                                                         "name": "Oma paja"})
    assert ok.status_code == 201 and ok.get_json()["name"] == "Oma paja"


def test_same_create_twice_makes_one_workshop(facilitator):
    body = {"id": str(uuid.uuid4()), "template": "ideation-2h"}
    first = facilitator.api("POST", "/api/workshops", json=body)
    second = facilitator.api("POST", "/api/workshops", json=body)
    assert first.status_code == second.status_code == 201
    assert first.get_json()["id"] == second.get_json()["id"]
    listed = [w["id"] for w in facilitator.api("GET", "/api/workshops").get_json()]
    assert listed.count(body["id"]) == 1


@pytest.mark.parametrize("body, field", [
    ({"template": "ideation-2h"}, "id"),
    ({"id": "not-a-uuid", "template": "ideation-2h"}, "id"),
    ({"id": "ID", "template": "no-such-template"}, "template"),
    ({"id": "ID", "name": "x" * 121}, "name"),
    ({"id": "ID", "name": 12}, "name"),
    ({"id": "ID", "name": "ok", "colour": "red"}, "colour"),
    ({"id": "ID", "name": "ok", "language": "de"}, "language"),
])
def test_bad_create_names_the_field_and_changes_nothing(facilitator, body, field):
    body = {k: (str(uuid.uuid4()) if v == "ID" else v) for k, v in body.items()}
    before = facilitator.api("GET", "/api/workshops").get_json()
    response = facilitator.api("POST", "/api/workshops", json=body)
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert field in error["fields"] and error["fields"][field][0]
    assert facilitator.api("GET", "/api/workshops").get_json() == before


def test_rename_and_archive(facilitator, workshop, participant):
    url = f"/api/workshops/{workshop['id']}"
    renamed = facilitator.api("PATCH", url, json={"name": "  Kevään paja  "})
    assert renamed.status_code == 200 and renamed.get_json()["name"] == "Kevään paja"
    empty = facilitator.api("PATCH", url, json={"name": "   "})
    assert empty.status_code == 422 and "name" in empty.get_json()["error"]["fields"]
    archived = facilitator.api("PATCH", url, json={"status": "archived"})
    assert archived.get_json()["status"] == "archived"
    # Archived: nobody joins or changes anything until it is restored.
    join = participant.api("POST", "/api/join", json={
        "code": workshop["join_code"], "id": str(uuid.uuid4()), "display_name": "Late"})
    assert join.status_code == 422
    me = participant.member["id"]
    change = participant.api("PATCH", f"{url}/members/{me}", json={"display_name": "X"})
    assert change.status_code == 403
    restored = facilitator.api("PATCH", url, json={"status": "active"})
    assert restored.get_json()["status"] == "active"


def test_dashboard_lists_and_creates(facilitator):
    page = facilitator.page("/f", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "New workshop" in page
    response = facilitator.form("/f/workshops", {"id": str(uuid.uuid4()),
                                                 "template": "ideation-2h", "name": ""})
    assert response.status_code == 302 and "/f/w/" in response.headers["Location"]
    page = facilitator.page(response.headers["Location"]).get_data(as_text=True)
    assert 'id="join-code"' in page


def test_broken_template_names_file_line_and_problem(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(
        "name: {fi: Rikki, sv: Rikki, en: Broken}\n"
        "description: {fi: x, sv: x, en: x}\n"
        "language: fi\n"
        "sessions:\n"
        "  - title: {fi: Eka, sv: Eka, en: First}\n"
        "    kind: live\n"
        "    phases:\n"
        "      - title: {fi: A, sv: A, en: A}\n"
        "        minutes: lots\n"
        "        activity: welcome\n"
        "        instructions: {fi: x, sv: x, en: x}\n"
    )
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    message = str(caught.value)
    assert str(path) in message and "line 9" in message and "minutes" in message


def test_template_yaml_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "syntax.yaml"
    path.write_text("name: {fi: x, sv: x, en: x}\nsessions: [\n  - oops: : :\n")
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    assert caught.value.line is not None and "not valid YAML" in str(caught.value)


def test_template_unknown_key_is_named(tmp_path):
    path = tmp_path / "extra.yaml"
    path.write_text("name: {fi: x, sv: x, en: x}\ndescription: {fi: x, sv: x, en: x}\n"
                    "language: fi\ncolour: red\nsessions:\n  - title: {fi: x, sv: x, en: x}\n"
                    "    kind: live\n    phases:\n      - {title: {fi: x, sv: x, en: x},"
                    " minutes: 5, activity: welcome, instructions: {fi: x, sv: x, en: x}}\n")
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    assert "line 4" in str(caught.value) and "colour" in str(caught.value)


def test_every_template_has_every_text_in_finnish_swedish_and_english():
    templates = available_templates()
    assert {"service-design-coaching", "online-coaching-6-weeks", "ideation-2h"} <= set(templates)
    for key, template in templates.items():
        maps = list(texts_of(template.data))
        phases = sum(len(session["phases"]) for session in template.data["sessions"])
        assert len(maps) >= 2 + 2 * phases, key  # name, description, each phase's two texts
        for path, texts in maps:
            assert tuple(texts) == CONTENT_LANGUAGES, (key, path)
            assert all(text.strip() for text in texts.values()), (key, path)
            # A translation, not a copy: Swedish differs from Finnish wherever Finnish has
            # more than a name or a number in it.
            if len(texts["fi"]) > 12:
                assert texts["sv"] != texts["fi"], (key, path)


def test_a_template_missing_swedish_is_refused_naming_file_line_and_language(tmp_path):
    lines = (TEMPLATE_DIR / "ideation-2h.yaml").read_text().splitlines()
    swedish = next(i for i, line in enumerate(lines)
                   if line.strip() == "sv: Välkommen! I dag hittar vi på nya idéer tillsammans.")
    del lines[swedish]
    path = tmp_path / "ideation.yaml"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    # The line of the instructions' mapping (its Finnish text) that lacks the Swedish one.
    assert str(caught.value) == (
        f"{path}, line {swedish}: sessions.0.phases.0.instructions.sv: the Swedish (sv) text "
        "is missing; every text needs fi, sv, en.")
    (tmp_path / "ideation.yaml").unlink()
    (tmp_path / "fine.yaml").write_text((TEMPLATE_DIR / "ideation-2h.yaml").read_text())
    assert list(available_templates(tmp_path)) == ["fine"]


def test_a_swedish_workshop_from_a_template_is_in_swedish(app, facilitator):
    app.config["LANGUAGES"] = CONTENT_LANGUAGES
    listed = facilitator.api("GET", "/api/templates?lang=sv").get_json()
    assert {t["key"]: t["name"] for t in listed}["ideation-2h"] == "Idéverkstad (2 timmar)"
    assert "Idéverkstad (2 timmar)" in facilitator.page("/f?lang=sv").get_data(as_text=True)

    created = facilitator.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching", "language": "sv"})
    assert created.status_code == 201, created.get_json()
    workshop = created.get_json()
    assert workshop["language"] == "sv"
    assert workshop["name"] == "Coachning i tjänstedesign – tre verkstäder"
    assert workshop["description"].startswith("En coachning i tre verkstäder")
    entities = state(facilitator, workshop)
    sessions = sorted(entities["session"], key=lambda s: s["position"])
    assert sessions[0]["title"]["sv"] == "Förhandsuppgifter"
    assert sessions[0]["task"]["title"]["sv"] == "Presentera dig och bekanta dig med personorna"
    assert sessions[1]["phases"][0]["title"] == {"fi": "Tervetuloa", "sv": "Välkommen",
                                                 "en": "Welcome"}
    assert all(p["title"]["sv"] and p["instructions"]["sv"]
               for s in sessions for p in s["phases"])
    # The library cards the template starts with come with their Swedish texts.
    raili = next(p for p in entities["persona"] if p["library_key"] == "raili-ei-laitetta")
    assert raili["fields"]["devices"]["sv"] == "Knapptelefon"
    assert raili["fields"]["name"]["sv"] == "Raili"

    coaching = facilitator.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "online-coaching-6-weeks", "language": "sv"})
    week1 = next(s for s in state(facilitator, coaching.get_json())["session"]
                 if s["title"]["en"].startswith("Week 1"))
    assert "<h2>Klientens väg på nätet</h2>" in week1["material_html"]["sv"]
    assert week1["material_html"]["fi"] != week1["material_html"]["sv"]
    # Its archive, Swedish material and tasks included, makes the same workshop again.
    archive = download(facilitator, coaching.get_json(), "archive.json").get_json()
    copy = facilitator.api("POST", "/api/workshops/import", json={"archive": archive})
    assert copy.status_code == 201, copy.get_json()
    again = next(s for s in state(facilitator, copy.get_json())["session"]
                 if s["title"]["en"].startswith("Week 1"))
    assert again["material"] == week1["material"] and again["task"] == week1["task"]
    assert again["task"]["title"]["sv"] == "Digitala tjänster med klientens ögon"
    # The facilitator sends the task back as it came, Swedish and all: it is kept.
    task = {**again["task"], "instructions": {**again["task"]["instructions"],
                                              "fi": "Kokeile kahta digipalvelua."}}
    changed = ok(facilitator, copy.get_json(), "session.update", session_id=again["id"],
                 task=task)
    assert changed["task"]["instructions"]["sv"] == again["task"]["instructions"]["sv"]
