"""Hyphenation on a phone whose browser has no dictionary for the page's language (Debian's
Chromium has none): at 320 px, the long words of the phone's menu in Finnish (plain Finnish's
"Esimerkkihenkilöt") and Swedish ("Presentationer") get soft hyphens and wrap at one of them,
with a hyphen, not in the middle of a syllable; the buttons' accessible names are the words
(with the soft hyphens) and axe finds nothing; what a person types in the idea box stays
exactly as typed, and an idea copied from the page comes without soft hyphens. The pages run
under their own Content-Security-Policy (no bypass, but for axe), as a phone has it."""

from __future__ import annotations

import uuid

import pytest
from conftest import PASSWORD, PHONE
from live_client import WebClient
from test_browser import join, run_axe
from test_browser_board import command, entities, go_to_phase

pytestmark = [pytest.mark.browser, pytest.mark.live]

NARROW = {**PHONE, "viewport": {"width": 320, "height": 640}}
SOFT = "\u00ad"

# The first character of each line of the element's text, with the text itself.
LINES = """(el) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const chars = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.data.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            // A line's first character may also give an empty box at the end of the line
            // before: its drawn box is the one with a width.
            const rect = [...range.getClientRects()].filter((r) => r.width > 0).pop();
            chars.push({ch: node.data[i], top: rect ? rect.top : null});
        }
    }
    const text = chars.map((c) => c.ch).join('');
    const starts = [];
    let top = null;
    chars.forEach((c, i) => {
        if (c.top === null || /\\s/.test(c.ch) || c.ch === '\\u00ad') return;
        if (top === null || c.top > top + 4) { starts.push(i); top = c.top; }
    });
    return {text, starts};
}"""


@pytest.fixture
def workshop(server):
    laptop = WebClient(server.url).login("anna", PASSWORD)
    created = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching", "language": "fi"})
    assert created.status_code == 201, created.text
    return created.json()


def phone_in(browser, server, workshop, language, name):
    context = browser.new_context(**NARROW)
    chooser = context.new_page()
    chooser.goto(f"{server.url}/lang/{language}")
    chooser.close()
    page = join(context, server, workshop["join_code"], name)
    page.wait_for_selector("#board-nav button")
    # The hyphenator is loaded only on a browser that needs it, after the first render.
    page.wait_for_function(
        "() => [...document.querySelectorAll('#board-nav button')]"
        ".some((b) => b.textContent.includes('\\u00ad'))")
    return context, page


def accessible_name(page, selector):
    """The name Chromium's own accessibility tree gives the element."""
    session = page.context.new_cdp_session(page)
    root = session.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    tree = session.send("Accessibility.getPartialAXTree",
                        {"nodeId": node, "fetchRelatives": False})
    session.detach()
    return tree["nodes"][0]["name"]["value"]


@pytest.mark.parametrize(("language", "word", "parts"), [
    ("fi-x-selko", "Esimerkkihenkilöt", "E|si|merk|ki|hen|ki|löt"),
    ("sv", "Presentationer", "Pre|sen|ta|tio|ner"),
])
def test_a_long_menu_word_wraps_at_a_hyphen(browser, server, workshop, language, word, parts):
    context, page = phone_in(browser, server, workshop, language, "Pekka")
    try:
        # Plain Finnish is Finnish to a browser: the page says lang="fi".
        assert page.evaluate("document.documentElement.lang") == language.split("-")[0]
        button = page.locator("#board-nav button", has_text=word[:4]).first
        selector = f"#board-nav [data-view='{button.get_attribute('data-view')}']"
        lines = button.evaluate(LINES)
        text = lines["text"].strip()
        assert text.replace(SOFT, "") == word
        # Soft hyphens only between syllables (Liang's patterns), never elsewhere.
        allowed = {len("".join(parts.split("|")[:i])) for i in range(1, parts.count("|") + 1)}
        offsets, seen = set(), 0
        for ch in text:
            if ch == SOFT:
                offsets.add(seen)
            else:
                seen += 1
        assert offsets and offsets <= allowed, (text, parts)
        # Too long for its half of the row: two lines, the first ending at a soft hyphen
        # (drawn as a hyphen), not cut inside a syllable.
        starts = lines["starts"]
        assert len(starts) == 2, lines
        assert lines["text"][starts[1] - 1] == SOFT, lines
        page.screenshot(path=str(server.log.parent / f"hyphenation-{language}.png"))
        # Chromium keeps the soft hyphens in the accessible name; speech leaves them out
        # (U+00AD is a default-ignorable format character), and nothing else is added.
        assert accessible_name(page, selector).replace(SOFT, "") == word
    finally:
        context.close()


def test_the_hyphenated_phone_passes_axe(browser, server, workshop):
    """Including label-content-name-mismatch (WCAG 2.5.3): a name given by aria-label still
    contains the visible, hyphenated text."""
    for language in ("sv", "fi-x-selko"):
        # bypass_csp lets the test inject axe-core; hyphenation works the same without it.
        context = browser.new_context(**NARROW, bypass_csp=True)
        try:
            chooser = context.new_page()
            chooser.goto(f"{server.url}/lang/{language}")
            chooser.close()
            page = join(context, server, workshop["join_code"], f"Axe {language}")
            page.wait_for_function(
                "() => [...document.querySelectorAll('#board-nav button')]"
                ".some((b) => b.textContent.includes('\\u00ad'))")
            assert run_axe(page) == [], language
        finally:
            context.close()


@pytest.fixture
def ideation(server):
    """A workshop at ideation, its one group's question live."""
    laptop = WebClient(server.url).login("anna", PASSWORD)
    created = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching", "language": "fi"}).json()
    group = command(laptop, created, "group.split", count=1, method="random")[0]
    challenge = next(c for c in entities(laptop, created)["challenge"]
                     if c["group_id"] == group["id"])
    hmw = command(laptop, created, "hmw.save", id=str(uuid.uuid4()),
                  challenge_id=challenge["id"], text="Miten voisimme auttaa asioinnissa?")
    command(laptop, created, "hmw.settings", hmw_id=hmw["id"], live=True)
    go_to_phase(laptop, created, "ideation", position=2)
    return {**created, "laptop": laptop}


def test_the_idea_box_keeps_what_is_typed_and_copies_come_without_soft_hyphens(
        browser, server, ideation):
    context = browser.new_context(**NARROW, permissions=["clipboard-read", "clipboard-write"])
    try:
        page = join(context, server, ideation["join_code"], "Aino")
        page.wait_for_selector("#idea-text")
        typed = "Järjestäytymättömyydellänsäkään yhdistykset saisivat asiointiopastusta"
        box = page.locator("#idea-text")
        box.press_sequentially(typed)
        # Every keystroke re-renders the view (the draft is kept as it is typed).
        assert box.input_value() == typed
        page.click("#board form button[type=submit]")
        card = page.locator(".idea-card .idea-text", has_text="yhdistykset")
        card.wait_for()
        # The card shows the idea hyphenated; the server has it exactly as typed.
        page.wait_for_function(
            "() => document.querySelector('.idea-card .idea-text').textContent.includes('\\u00ad')")
        assert [i["text"] for i in entities(ideation["laptop"], ideation)["idea"]] == [typed]
        assert card.inner_text().replace(SOFT, "") == typed
        # Only the card's long word was too wide for it: text that fits keeps no soft hyphens.
        assert SOFT not in page.inner_text("#phase-title")
        # With the hyphenator at work, the box still keeps exactly what is typed.
        box.press_sequentially(typed)
        assert box.input_value() == typed
        # Copied from the card, the text is the idea without the invisible soft hyphens.
        card.evaluate("""(el) => {
            const range = document.createRange();
            range.selectNodeContents(el);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }""")
        page.keyboard.press("Control+C")
        assert page.evaluate("navigator.clipboard.readText()") == typed
    finally:
        context.close()
