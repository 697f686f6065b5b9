"""The cockpit's shell and its Run view in real Chromium: every section has its own
address (direct load, navigation, back button), and a facilitator runs a live session
from Run by keyboard alone - the focus never falls to <body>, settings apply to every
question at once, "I'm done" is counted, "bring everyone here" reaches the session, and
time up chimes once on the laptop."""

from __future__ import annotations

import uuid

import pytest
from conftest import PASSWORD
from live_client import WebClient
from playwright.sync_api import expect
from test_browser import log_in, run_axe
from test_browser_board import command, entities, go_to_phase

pytestmark = [pytest.mark.browser, pytest.mark.live]

SECTIONS = ["run", "agenda", "people", "personas", "challenges", "ideas", "moderation",
            "concepts", "voting", "pilots", "coaching", "exports", "settings"]

# Counts the time-up chime's tones instead of playing them.
COUNT_TONES = """
window.__tones = 0;
class FakeAudio {
  constructor() { this.currentTime = 0; this.state = 'running'; this.destination = {}; }
  resume() {}
  createGain() { return { gain: { setValueAtTime() {}, linearRampToValueAtTime() {},
    exponentialRampToValueAtTime() {} }, connect(x) { return x; } }; }
  createOscillator() { return { type: '', frequency: {}, connect(x) { return x; },
    start() { window.__tones += 1; }, stop() {} }; }
}
window.AudioContext = FakeAudio;
// The page's clock can be moved on, so a timer runs out without waiting for it.
const realNow = Date.now;
window.__shift = 0;
Date.now = () => realNow() + window.__shift;
"""


@pytest.fixture
def workshop(server):
    laptop = WebClient(server.url).login("anna", PASSWORD)
    created = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching"}).json()
    group = command(laptop, created, "group.split", count=1, method="random")[0]
    challenge = next(c for c in entities(laptop, created)["challenge"]
                     if c["group_id"] == group["id"])
    for text in ("Miten voisimme auttaa asioinnissa?", "Miten voisimme tukea vertaisia?"):
        command(laptop, created, "hmw.save", id=str(uuid.uuid4()),
                challenge_id=challenge["id"], text=text)
    return {**created, "laptop": laptop}


def focused(page) -> str:
    return page.evaluate("document.activeElement === document.body ? 'BODY' :"
                         " (document.activeElement.dataset.focus || document.activeElement.id"
                         " || document.activeElement.tagName)")


def test_every_section_has_its_own_address_and_the_back_button_works(browser, server, workshop):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI",
                                  bypass_csp=True)
    try:
        page = log_in(context, server)
        base = f"{server.url}/f/w/{workshop['id']}"
        page.goto(f"{base}/voting")
        expect(page.locator(".cockpit-nav a[aria-current=page]")).to_have_attribute(
            "data-section", "voting")
        page.locator(".cockpit-nav a[data-section=people]").click()
        page.wait_for_url(f"{base}/people")
        expect(page.locator("#section-title")).to_be_focused()
        page.keyboard.press("Tab")  # from the heading into the section, not back to the top
        page.go_back()
        page.wait_for_url(f"{base}/voting")
        expect(page.locator(".cockpit-nav a[aria-current=page]")).to_have_attribute(
            "data-section", "voting")
        assert page.locator(".section-body[data-section=voting]").count() == 1
        assert page.goto(f"{base}/nonsense").status == 404
        # Plain /f/w/<id> is Run.
        page.goto(base)
        expect(page.locator(".cockpit-nav a[aria-current=page]")).to_have_attribute(
            "data-section", "run")
    finally:
        context.close()


def test_a_live_session_is_run_from_run_by_keyboard(browser, server, workshop):
    laptop_api = workshop["laptop"]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI",
                                  bypass_csp=True)
    context.add_init_script(COUNT_TONES)
    phone = WebClient(server.url)
    member = phone.join(workshop["join_code"], "Aino")
    try:
        page = log_in(context, server)
        page.goto(f"{server.url}/f/w/{workshop['id']}/run")
        start = page.locator(".run-idle button").first
        start.focus()
        page.keyboard.press("Enter")
        page.wait_for_selector(".run-now")
        assert focused(page) != "BODY"

        # Next phase by keyboard: the focus stays on "next", which now names the one after.
        page.locator("[data-focus=next]").focus()
        page.keyboard.press("Enter")
        expect(page.locator("#run-phase")).not_to_have_text(
            entities(laptop_api, workshop)["session"][0]["phases"][0]["title"]["fi"])
        assert focused(page) == "next"

        # Every question silent at once, then revealed at once.
        go_to_phase(laptop_api, workshop, "ideation", position=2)
        page.wait_for_selector("[data-focus=all-silent]")
        page.locator("[data-focus=all-silent]").focus()
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelector('[data-focus=all-silent]')"
                               ".getAttribute('aria-pressed') === 'true'")
        assert all(q["silent"] for q in entities(laptop_api, workshop)["hmw"])
        assert focused(page) == "all-silent"
        page.locator("[data-focus=reveal-all]").focus()
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelector('[data-focus=reveal-all]').disabled")
        assert all(q["revealed"] for q in entities(laptop_api, workshop)["hmw"])

        # A participant says "I'm done": the count on Run follows.
        live_session = next(s for s in entities(laptop_api, workshop)["session"]
                            if s["status"] == "live")
        response = phone.api("POST", f"/api/workshops/{workshop['id']}/commands/member.done",
                             json={"phase_id": live_session["current_phase_id"], "done": True})
        assert response.status_code == 200, response.text
        expect(page.locator("#run-done")).to_have_text("1")
        assert member

        # Bring everyone here: the session's focus is set for every phone and the projector.
        page.locator("[data-focus=bring]").focus()
        page.keyboard.press("Enter")
        for _ in range(50):
            live_session = next(s for s in entities(laptop_api, workshop)["session"]
                                if s["status"] == "live")
            if live_session["focus"]:
                break
            page.wait_for_timeout(100)
        assert live_session["focus"]["view"] == "stage"

        # Time up: one chime (three tones) on the laptop, and "time is up" announced once.
        page.keyboard.press("Shift+Tab")  # a key press arms sound in the browser
        command(laptop_api, workshop, "session.timer", session_id=live_session["id"],
                action="start")
        page.wait_for_selector("#facilitator-timer[data-state=running]")
        page.wait_for_timeout(700)  # the laptop has seen time left on it
        page.evaluate(f"window.__shift = {(live_session['timer']['duration'] + 2) * 1000}")
        page.wait_for_function("window.__tones >= 3", timeout=15000)
        expect(page.locator("#announcer")).to_contain_text("Aika", timeout=5000)
        page.wait_for_timeout(1500)
        assert page.evaluate("window.__tones") == 3

        violations = run_axe(page)
        assert violations == [], violations
    finally:
        context.close()
