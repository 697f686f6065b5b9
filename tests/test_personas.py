"""The persona library in personas/: complete cards, whole or nothing."""

import shutil

import pytest
import yaml

from server.personas.library import LIBRARY_DIR, PersonaFileError, load_library


def test_library_has_personas_and_profiles_in_both_languages():
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
