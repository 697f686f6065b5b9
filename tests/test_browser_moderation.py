"""Moderation before reveal in real Chromium: the facilitator turns on approval for the
question in the cockpit; an idea from one phone shows there as waiting and reaches the
other phone only once approved from the queue (by keyboard); another idea returned with a
note reaches only its author, whose box keeps what they type through a reload, and sent
again it is back in the queue. Each new state passes axe; the phone's are looked at 320
and 360 px wide."""

from __future__ import annotations

import pytest
from conftest import AXE, PHONE
from test_browser import join, log_in, open_section, run_axe
from test_browser_board import entities, ideation_workshop

pytestmark = [pytest.mark.browser, pytest.mark.live]

NO_SIDEWAYS = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.fixture
def workshop(server):
    return ideation_workshop(server, "Miten voisimme tukea hakemuksissa?")


def look(page, folder, name):
    """Screenshots at 320 and 360 px, with no sideways scroll at either."""
    for width in (320, 360):
        page.set_viewport_size({"width": width, "height": 740})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
        assert page.evaluate(NO_SIDEWAYS), (name, width)


def send_idea(page, text):
    page.fill("#idea-text", text)
    page.click("#board form:has(#idea-text) button[type=submit]")


def test_approval_and_return_reach_only_whom_they_should(browser, server, workshop):
    folder = server.log.parent
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI",
                                 bypass_csp=True)
    phones = [browser.new_context(**PHONE, locale="fi-FI", bypass_csp=True) for _ in range(2)]
    try:
        author = join(phones[0], server, workshop["join_code"], "Aino")
        other = join(phones[1], server, workshop["join_code"], "Ville")
        for page in (author, other):
            page.wait_for_selector(".question-text:has-text('Miten voisimme tukea')")

        facilitator = log_in(laptop, server)
        facilitator.goto(f"{server.url}/f/w/{workshop['id']}/ideas")
        switch = f"#set-moderated-{workshop['hmw']['id']}"
        facilitator.wait_for_selector(switch)
        facilitator.focus(switch)
        facilitator.keyboard.press("Space")
        facilitator.wait_for_function(f"() => document.querySelector('{switch}').checked")
        author.wait_for_selector(".mode-notes li:has-text('Ohjaaja lukee ideat')")

        # A moderated idea: waiting on its author's phone, in the facilitator's queue with
        # a count on the queue's link, and nowhere on the other phone.
        send_idea(author, "Neuvontaa puhelimessa iltaisin")
        author.wait_for_selector(".idea-card:has-text('Neuvontaa puhelimessa') .mod-waiting")
        facilitator.wait_for_selector(".cockpit-nav a[data-section=moderation] .nav-count")
        assert facilitator.inner_text(
            ".cockpit-nav a[data-section=moderation] .nav-count").strip() == "1"
        open_section(facilitator, "moderation")
        item = facilitator.locator(".mod-item:has-text('Neuvontaa puhelimessa')")
        item.wait_for()
        if AXE.exists():
            assert run_axe(facilitator) == []
            assert run_axe(author) == []
        look(author, folder, "moderation-waiting")
        other.reload()
        other.wait_for_selector(".question-text:has-text('Miten voisimme tukea')")
        assert "Neuvontaa puhelimessa" not in other.inner_text("#board")

        # Approved by keyboard: the idea reaches the other phone (live, no reload).
        item.locator("[data-mod-first]").focus()
        facilitator.keyboard.press("Enter")
        other.wait_for_selector(".ideas.others .idea-card:has-text('Neuvontaa puhelimessa')")
        author.wait_for_selector(
            ".idea-card:has-text('Neuvontaa puhelimessa'):not(:has(.mod-waiting))")
        facilitator.wait_for_selector("#mod-empty")
        facilitator.wait_for_selector(".cockpit-nav a[data-section=moderation] .nav-count",
                                      state="detached")

        # Returned with a note: only its author sees the note and the idea.
        send_idea(author, "Soita Matille kotiin illalla")
        item = facilitator.locator(".mod-item:has-text('Soita Matille')")
        item.wait_for()
        item.locator("[data-mod-return]").focus()
        facilitator.keyboard.press("Enter")
        note_box = item.locator("textarea")
        note_box.wait_for()
        assert facilitator.evaluate("document.activeElement.tagName") == "TEXTAREA"
        facilitator.keyboard.type("Jätä nimi pois, kiitos.")
        if AXE.exists():
            assert run_axe(facilitator) == []
        item.locator("button[type=submit]").click()
        facilitator.wait_for_selector(".mod-returned:has-text('Jätä nimi pois')")
        returned = author.locator(".idea-card .mod-returned")
        returned.wait_for()
        assert "Jätä nimi pois, kiitos." in returned.inner_text()
        box = returned.locator("textarea")
        assert box.input_value() == "Soita Matille kotiin illalla"
        box.fill("Soita neuvontaan")
        if AXE.exists():
            assert run_axe(author) == []
        look(author, folder, "moderation-returned")
        # What was typed stays through a reload.
        author.reload()
        author.wait_for_selector(".idea-card .mod-returned textarea")
        assert author.locator(".idea-card .mod-returned textarea").input_value() == \
            "Soita neuvontaan"
        assert "Soita Matille" not in other.inner_text("#board")
        assert "Jätä nimi" not in other.inner_text("#board")
        other.reload()
        other.wait_for_selector(".ideas.others .idea-card:has-text('Neuvontaa puhelimessa')")
        assert "Soita" not in other.inner_text("#board")

        # Sent again: back in the queue as waiting, still nobody else's.
        author.click(".idea-card .mod-returned button[type=submit]")
        author.wait_for_selector(".idea-card:has-text('Soita neuvontaan') .mod-waiting")
        facilitator.wait_for_selector(".mod-item:has-text('Soita neuvontaan')")
        ideas = {i["text"]: i for i in entities(workshop["laptop"], workshop)["idea"]}
        assert ideas["Soita neuvontaan"]["moderation"] == "pending"
        assert "Soita" not in other.inner_text("#board")
    finally:
        for context in (*phones, laptop):
            context.close()
