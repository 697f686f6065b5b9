"""Importing cards in the cockpit's Personas section, in real Chromium and by keyboard alone:
a facilitator's own file (a bad one lists its problems by line and makes nothing, a good one
makes its cards), and library cards the template already brought (asked about, not
duplicated)."""

from __future__ import annotations

import uuid

import pytest
from conftest import AXE, PASSWORD
from live_client import WebClient
from test_browser import run_axe
from test_browser_board import entities
from test_browser_cockpit import assert_focus_kept, open_section, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.live]

GOOD = ("tyyppi;nimi;ikä;segmentti\n"
        "persoona;Onni Omatiedosto;67;\n"
        "profiili;;;Omat asiakkaat\n")
BAD = ("nimi;ikä;rooli\n"
       "Onni Omatiedosto;67;Eläkeläinen\n"
       "Kalle Kokeilu;vanha;Opiskelija\n")


@pytest.fixture
def laptop(server):
    return WebClient(server.url).login("anna", PASSWORD)


@pytest.fixture
def workshop(laptop):
    created = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching"})
    assert created.status_code == 201, created.text
    return created.json()


@pytest.fixture
def cockpit(browser, server):
    from test_browser import log_in

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI",
                                  bypass_csp=True)
    page = log_in(context, server)
    yield page
    context.close()


def choose_file_by_keyboard(page, path):
    """Focus the file input with Tab and open its chooser with the space bar, as a keyboard
    user does; the chooser gets ``path``."""
    tab_to(page, "#persona-file-input")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(path))


def card_count(laptop, workshop):
    return len(entities(laptop, workshop).get("persona", []))


def test_a_file_of_own_cards_by_keyboard(cockpit, server, laptop, workshop, tmp_path):
    page = cockpit
    open_section(page, server, workshop, "personas")
    page.locator(".persona-row").first.wait_for()
    before = card_count(laptop, workshop)
    tab_to(page, "#persona-file > summary")
    page.keyboard.press("Enter")
    page.locator("#persona-file[open]").wait_for()

    # A bad file: every problem by its line, and nothing is made.
    bad = tmp_path / "kortit.csv"
    bad.write_text(BAD, encoding="utf-8")
    choose_file_by_keyboard(page, bad)
    tab_to(page, "#persona-file button[type=submit]")
    page.keyboard.press("Enter")
    problems = page.locator("#persona-file-problems li")
    problems.first.wait_for()
    assert problems.count() == 1
    assert "3: ikä:" in problems.first.inner_text()  # "Line 3: ikä: ...", in any language
    assert_focus_kept(page)
    page.screenshot(path=str(server.log.parent / "personas-file-problems.png"), full_page=True)
    if AXE.exists():
        assert run_axe(page) == []
    assert card_count(laptop, workshop) == before
    assert page.locator(".persona-row", has_text="Onni Omatiedosto").count() == 0

    # Fixed: its cards arrive in the list, the problems go, the focus stays in the form.
    good = tmp_path / "kortit-korjattu.csv"
    good.write_text(GOOD, encoding="utf-8")
    choose_file_by_keyboard(page, good)
    page.wait_for_selector("#persona-file-problems li", state="detached")
    tab_to(page, "#persona-file button[type=submit]")
    page.keyboard.press("Enter")
    page.locator(".persona-row", has_text="Onni Omatiedosto").wait_for()
    page.locator(".persona-row", has_text="Omat asiakkaat").wait_for()
    assert card_count(laptop, workshop) == before + 2
    page.wait_for_function("() => document.activeElement.id === 'persona-file-input'")
    assert page.locator("#persona-file-problems li").count() == 0


def test_library_cards_already_in_are_asked_about_by_keyboard(cockpit, server, laptop,
                                                              workshop):
    page = cockpit
    open_section(page, server, workshop, "personas")
    page.locator(".persona-row").first.wait_for()
    raili_rows = page.locator(".persona-row", has_text="Raili")
    assert raili_rows.count() == 1
    before = card_count(laptop, workshop)
    tab_to(page, "#persona-import > summary")
    page.keyboard.press("Enter")
    # The template brought every card: each is marked as already in the workshop.
    label = page.locator("label[for=lib-raili-ei-laitetta]")
    label.locator(".in-workshop").wait_for()
    tab_to(page, "#lib-raili-ei-laitetta")
    page.keyboard.press("Space")
    tab_to(page, "#persona-import button[type=submit]")
    page.keyboard.press("Enter")
    # Asked, not imported: the question names the card and takes the focus.
    ask = page.locator("#persona-dup")
    ask.wait_for()
    assert "Raili" in ask.inner_text()
    page.wait_for_function("() => document.activeElement.id === 'persona-dup-skip'")
    page.screenshot(path=str(server.log.parent / "personas-library-ask.png"), full_page=True)
    if AXE.exists():
        assert run_axe(page) == []
    assert card_count(laptop, workshop) == before
    # Skipping imports nothing and closes the question.
    page.keyboard.press("Enter")
    ask.wait_for(state="detached")
    assert_focus_kept(page)
    assert card_count(laptop, workshop) == before
    # Asked again, a copy anyway makes a second Raili.
    tab_to(page, "#lib-raili-ei-laitetta")
    page.keyboard.press("Space")
    tab_to(page, "#persona-import button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'persona-dup-skip'")
    tab_to(page, "#persona-dup-copy")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.persona-row .persona-summary strong')]"
        ".filter((n) => n.textContent === 'Raili').length === 2")
    assert card_count(laptop, workshop) == before + 1
    assert_focus_kept(page)
