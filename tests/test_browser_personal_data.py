"""In real Chromium: the phone's rules for personal data against the server's examples, the
gentle warning before each kind is sent ("Edit" keeps the text, "Send anyway" sends it),
the facilitators' mark in the cockpit, and the first-time practice that reaches nobody.
Each new state passes axe, and is looked at 320 and 360 px wide."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

import pytest
from conftest import AXE, PASSWORD, PHONE
from live_client import WebClient
from test_browser import join, log_in, open_section, run_axe
from test_browser_board import entities, ideation_workshop

pytestmark = [pytest.mark.browser, pytest.mark.live]

EXAMPLES = json.loads((Path(__file__).parent / "personal_data_examples.json")
                      .read_text(encoding="utf-8"))["examples"]


@pytest.fixture
def workshop(server):
    return ideation_workshop(server, "Miten voisimme auttaa asioinnissa?")


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def look(page, tmp_path, name):
    for width in (320, 360):
        page.set_viewport_size({"width": width, "height": 740})
        page.screenshot(path=str(tmp_path / f"{name}-{width}.png"), full_page=True)
        assert no_sideways_scroll(page), (name, width)
    if AXE.exists():
        assert run_axe(page) == [], name


def test_the_phone_finds_what_the_server_finds(browser, server):
    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(server.url + "/")
        found = page.evaluate("""async (texts) => {
            const { findPersonalData } = await import('/static/js/personal-data.js');
            return texts.map((text) => findPersonalData(text));
        }""", [text for text, _ in EXAMPLES])
        assert dict(zip([t for t, _ in EXAMPLES], found, strict=True)) == dict(
            (text, kinds) for text, kinds in EXAMPLES)
    finally:
        context.close()


WARNED = [("Soita minulle 040 123 4567", "phone", "puhelinnumerolta"),
          ("Tunnukseni on 131052-308T", "personal_id", "henkilötunnukselta"),
          ("Kirjoita aino.k@example.fi", "email", "sähköpostiosoitteelta"),
          ("Asun Mannerheimintie 12 A 3", "address", "katuosoitteelta")]


def test_a_phone_warns_before_personal_data_goes_to_others(browser, server, workshop,
                                                            tmp_path):
    phone = browser.new_context(**PHONE, locale="fi-FI", bypass_csp=True)
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI",
                                 bypass_csp=True)
    try:
        aino = join(phone, server, workshop["join_code"], "Aino")
        aino.wait_for_selector(".question-text:has-text('Miten voisimme auttaa')")
        send = "#board form:has(#idea-text) button[type=submit]"
        # Ordinary writing goes at once.
        aino.fill("#idea-text", "Digituki kirjastoon tiistaisin")
        aino.click(send)
        aino.wait_for_selector(".idea-card:has-text('Digituki kirjastoon')")
        assert aino.locator("#idea-text-personal").count() == 0
        for index, (text, kind, words) in enumerate(WARNED):
            aino.fill("#idea-text", text)
            aino.click(send)
            warning = aino.locator(f"#idea-text-personal[data-kinds~={kind}]")
            warning.wait_for()
            assert words in warning.inner_text() and "Muut näkevät sen" in warning.inner_text()
            assert aino.locator(send).is_hidden()  # one choice at a time: edit or send
            aino.wait_for_function(
                "document.activeElement?.dataset.personal === 'edit'")
            if index == 0:
                look(aino, tmp_path, "warning")
            # Edit: the text stays in the box, and the caret goes back to it.
            aino.click("#idea-text-personal [data-personal=edit]")
            warning.wait_for(state="detached")
            assert aino.input_value("#idea-text") == text
            aino.wait_for_function("document.activeElement?.id === 'idea-text'")
        # Send anyway: it goes as it is.
        aino.fill("#idea-text", WARNED[0][0])
        aino.click(send)
        aino.click("#idea-text-personal [data-personal=send]")
        aino.wait_for_selector(".idea-card:has-text('Soita minulle')")
        assert aino.input_value("#idea-text") == ""
        ideas = entities(workshop["laptop"], workshop)["idea"]
        [sent] = [i for i in ideas if i["text"] == WARNED[0][0]]
        assert sent["personal_data"] == ["phone"]
        assert len(ideas) == 2  # nothing else went while Aino was only warned

        # The facilitator sees the mark on the board, and may edit or remove the idea.
        facilitator = log_in(laptop, server)
        facilitator.goto(f"{server.url}/f/w/{workshop['id']}/ideas")
        open_section(facilitator, "ideas")
        badge = facilitator.locator(
            f".idea-card[data-idea='{sent['id']}'] .personal-badge[data-personal-data=phone]")
        badge.wait_for()
        assert "Henkilötietoja?" in badge.inner_text()
        assert facilitator.locator(".personal-badge").count() == 1
        if AXE.exists():
            assert run_axe(facilitator) == []
    finally:
        phone.close()
        laptop.close()


def test_an_introduction_is_checked_too(browser, server):
    api = WebClient(server.url).login("anna", PASSWORD)
    workshop = api.api("POST", "/api/workshops", json={"id": str(uuid.uuid4()),
                                                       "name": "Esittelyt"}).json()
    phone = browser.new_context(**PHONE, locale="fi-FI", bypass_csp=True)
    try:
        aino = join(phone, server, workshop["join_code"], "Aino")
        aino.wait_for_selector("#intro-about")
        aino.fill("#intro-about", "Olen Aino Kelasta")
        aino.fill("#intro-hopes", "Soita 050-1234567")
        aino.click("#board form button[type=submit]:has-text('Tallenna')")
        aino.wait_for_selector("#intro-personal[data-kinds=phone]")
        aino.click("#intro-personal [data-personal=edit]")
        aino.wait_for_function("document.activeElement?.id === 'intro-about'")
        assert aino.input_value("#intro-hopes") == "Soita 050-1234567"
        aino.fill("#intro-hopes", "Oppia uutta")
        aino.click("#board form button[type=submit]:has-text('Tallenna')")
        aino.wait_for_selector(".intro:has-text('Olen Aino Kelasta')")
        assert aino.locator("#intro-personal").count() == 0
    finally:
        phone.close()


def _rows(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as conn:
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table'")]
        # The names are the database's own, from sqlite_master.
        return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]  # noqa: S608
                for name in tables}


def _last_seq(database: Path, workshop_id: str) -> int:
    with sqlite3.connect(database) as conn:
        return conn.execute("SELECT last_seq FROM workshop WHERE id = ?",
                            (workshop_id,)).fetchone()[0]


def _listen(page, frames: list, direction: str):
    def on_socket(socket):
        socket.on(direction, lambda payload: frames.append(
            payload if isinstance(payload, str) else payload.decode("utf-8", "replace")))
    page.on("websocket", on_socket)


def test_the_practice_note_reaches_nobody(browser, server, workshop, tmp_path):
    database = server.instance / "paja.sqlite3"
    phone = browser.new_context(**PHONE, locale="fi-FI", bypass_csp=True)
    other = browser.new_context(**PHONE, locale="fi-FI")
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    try:
        sent, got_other, got_facilitator, requests = [], [], [], []
        phone.on("page", lambda page: _listen(page, sent, "framesent"))
        aino = join(phone, server, workshop["join_code"], "Aino")
        ville = join(other, server, workshop["join_code"], "Ville")
        _listen(ville, got_other, "framereceived")
        facilitator = log_in(laptop, server)
        _listen(facilitator, got_facilitator, "framereceived")
        facilitator.goto(f"{server.url}/f/w/{workshop['id']}/ideas")
        facilitator.wait_for_selector('#connection[data-state="connected"]')
        ville.reload()
        ville.wait_for_selector('#connection[data-state="connected"]')
        # Once everyone is in, what the server holds and has numbered is set down.
        aino.wait_for_selector("#practice-offer")
        look(aino, tmp_path, "practice-offer")
        before, seq = _rows(database), _last_seq(database, workshop["id"])
        sent.clear()
        got_other.clear()
        got_facilitator.clear()
        aino.on("request", lambda request: requests.append(request.url))

        aino.click("#practice-start")
        aino.wait_for_selector("#practice-note")
        look(aino, tmp_path, "practice-write")
        aino.click("#practice-save")  # empty: told so, nothing saved
        aino.wait_for_selector("#practice-note-error:not(:empty)")
        aino.fill("#practice-note", "Hei, tämä on harjoituslappu")
        aino.click("#practice-save")
        aino.wait_for_selector(".practice-note:has-text('harjoituslappu')")
        look(aino, tmp_path, "practice-saved")
        aino.click("#practice-delete")
        aino.wait_for_selector("#practice-deleted")
        assert aino.locator(".practice-note").count() == 0
        look(aino, tmp_path, "practice-deleted")
        aino.click("#practice-ready")
        aino.wait_for_selector(".question-text:has-text('Miten voisimme auttaa')")
        assert aino.locator("#practice-offer").count() == 0

        # Nothing left the phone; nobody got anything; no table gained a row.
        assert [frame for frame in sent if frame.startswith("42")] == []
        assert [url for url in requests if "/api/" in url or "/socket.io/" in url] == []
        assert _last_seq(database, workshop["id"]) == seq
        assert _rows(database) == before
        for frames in (got_other, got_facilitator):
            assert not [frame for frame in frames if frame.startswith("42")], frames
            assert "harjoituslappu" not in "".join(frames)

        # Remembered on this phone; offered again from the menu, and skippable.
        aino.reload()
        aino.wait_for_selector('#connection[data-state="connected"]')
        aino.wait_for_selector(".question-text:has-text('Miten voisimme auttaa')")
        assert aino.locator("#practice-offer").count() == 0
        aino.click("#open-practice")
        aino.wait_for_selector("#practice-note")
        aino.click("#practice-skip")
        aino.wait_for_selector(".question-text:has-text('Miten voisimme auttaa')")
        # Another phone that says "Not now" is not asked again.
        ville.wait_for_selector("#practice-offer")
        ville.click("#practice-not-now")
        ville.wait_for_selector("#practice-offer", state="detached")
        ville.reload()
        ville.wait_for_selector(".question-text:has-text('Miten voisimme auttaa')")
        assert ville.locator("#practice-offer").count() == 0
    finally:
        phone.close()
        other.close()
        laptop.close()
