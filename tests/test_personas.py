"""The persona library in personas/: complete cards in every content language, whole or
nothing."""

import shutil
import uuid

import pytest
import yaml

from server.personas.library import LIBRARY_DIR, PersonaFileError, load_library
from server.schemas import CONTENT_LANGUAGES


def texts_of(value, path=()):
    """Every language map in a loaded card or template, with where it is."""
    if isinstance(value, dict):
        if set(value) & set(CONTENT_LANGUAGES):
            yield path, value
            return
        for key, item in value.items():
            yield from texts_of(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from texts_of(item, (*path, index))


def test_library_has_personas_and_profiles_in_every_language():
    cards = load_library()
    personas = [c for c in cards.values() if c.kind == "persona"]
    profiles = [c for c in cards.values() if c.kind == "profile"]
    assert len(personas) >= 6 and len(profiles) >= 3
    for card in personas:
        for field in ("quote", "situation", "digital_skills", "motivation"):
            assert card.data[field]["fi"] and card.data[field]["en"], (card.key, field)
        assert card.data["goals"]["fi"] and card.data["what_helps"]["en"]
    roles = " ".join(c.data["role"]["en"].lower() for c in personas)
    assert "professional" in roles  # the coaching model's professionals are there too


def test_every_card_has_every_text_in_finnish_swedish_and_english():
    cards = load_library()
    for card in cards.values():
        maps = list(texts_of(card.data))
        assert len(maps) >= 6, card.key
        for path, texts in maps:
            assert tuple(texts) == CONTENT_LANGUAGES, (card.key, path)
            for lang, text in texts.items():
                items = text if isinstance(text, list) else [text]
                assert items and all(item.strip() for item in items), (card.key, path, lang)
            # Lists say the same number of things in each language.
            if isinstance(texts["fi"], list):
                assert len({len(items) for items in texts.values()}) == 1, (card.key, path)
    raili = cards["raili-ei-laitetta"].data
    assert raili["devices"]["sv"] == "Knapptelefon"
    assert "FPA" in " ".join(raili["services_used"]["sv"])


def test_a_card_missing_swedish_is_refused_naming_file_line_and_language(tmp_path):
    card = yaml.safe_load((LIBRARY_DIR / "mirja-tarvitsee-aikaa.yaml").read_text())
    del card["goals"]["sv"]
    text = yaml.safe_dump(card, allow_unicode=True, sort_keys=False)
    goals_line = text.splitlines().index("goals:") + 1
    path = tmp_path / "mirja.yaml"
    path.write_text(text)
    with pytest.raises(PersonaFileError) as caught:
        load_library(tmp_path)
    message = str(caught.value)
    assert message.startswith(f"{path}, line {goals_line + 1}: goals.sv: "), message
    assert "Swedish (sv) text is missing" in message and "fi, sv, en" in message


def test_a_broken_card_is_named_and_nothing_half_loads(tmp_path):
    for path in LIBRARY_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path)
    assert len(load_library(tmp_path)) >= 9
    card = yaml.safe_load((LIBRARY_DIR / "raili-ei-laitetta.yaml").read_text())
    del card["quote"]["en"]
    text = yaml.safe_dump(card, allow_unicode=True, sort_keys=False)
    quote_line = text.splitlines().index("quote:") + 1
    broken = tmp_path / "zz-broken.yaml"
    broken.write_text(text)
    with pytest.raises(PersonaFileError) as caught:
        load_library(tmp_path)
    assert str(broken) in str(caught.value)
    # The line of the quote mapping that lacks its English text.
    assert f"line {quote_line + 1}:" in str(caught.value) and "quote.en" in str(caught.value)


def test_unknown_kind_is_refused(tmp_path):
    (tmp_path / "x.yaml").write_text("kind: villain\n")
    with pytest.raises(PersonaFileError, match="kind"):
        load_library(tmp_path)


def test_cli_lists_and_checks_the_library(runner, monkeypatch, tmp_path):
    result = runner.invoke(args=["personas"])
    assert result.exit_code == 0 and "persona" in result.output and "profile" in result.output
    (tmp_path / "bad.yaml").write_text("kind: profile\nsegment: 5\n")
    monkeypatch.setenv("PAJA_PERSONA_DIR", str(tmp_path))
    failed = runner.invoke(args=["personas"])
    assert failed.exit_code != 0 and "bad.yaml" in failed.output


def test_library_over_http_for_facilitators_only(facilitator, participant):
    cards = facilitator.api("GET", "/api/persona-library").get_json()
    assert {c["kind"] for c in cards} == {"persona", "profile"}
    assert cards[0]["kind"] == "persona" and cards[0]["card"]["quote"]["fi"]
    assert participant.api("GET", "/api/persona-library").status_code == 401


def test_a_facilitator_writes_a_cards_swedish_and_keeps_the_finnish(facilitator, workshop):
    def save(**args):
        return facilitator.api("POST", f"/api/workshops/{workshop['id']}/commands/persona.save",
                               json=args)

    card = save(id=str(uuid.uuid4()), kind="persona",
                fields={"name": {"fi": "Raili"}, "quote": {"fi": "Haluan oppia."}})
    assert card.status_code == 200, card.get_json()
    card_id = card.get_json()["data"]["id"]
    saved = save(id=card_id, fields={"quote": {"sv": "Jag vill lära mig."}})
    assert saved.status_code == 200, saved.get_json()
    quote = facilitator.api("GET", f"/api/workshops/{workshop['id']}/personas/{card_id}"
                            ).get_json()["fields"]["quote"]
    assert quote["fi"] == "Haluan oppia." and quote["sv"] == "Jag vill lära mig."
    # A language Paja does not hold is refused with the field named; nothing changes.
    refused = save(id=card_id, fields={"quote": {"de": "Ich will lernen."}})
    assert refused.status_code == 422 and "de" in str(refused.get_json())
