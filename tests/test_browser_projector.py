"""The projector in real Chromium at 1280x720 and 1920x1080: it follows the facilitator's
focus while "follow me" is on (and stays on its phase when it is off), and chimes once when
the timer reaches zero, after one click allows sound. It passes axe-core."""

from __future__ import annotations

import uuid

import pytest
from conftest import AXE, PASSWORD
from live_client import WebClient
from test_browser import run_axe
from test_browser_board import command, entities, go_to_phase

pytestmark = [pytest.mark.browser, pytest.mark.live]

# A stand-in for the Web Audio API that counts the tones started, so the test hears the
# chime without a sound card.
FAKE_AUDIO = """
window.__tones = 0;
class FakeAudioContext {
  constructor() { this.state = "running"; this.currentTime = 0; this.destination = {}; }
  resume() { return Promise.resolve(); }
  createOscillator() {
    return { type: "", frequency: { value: 0 }, connect: (next) => next,
             start: () => { window.__tones += 1; }, stop: () => {} };
  }
  createGain() {
    const param = { setValueAtTime() {}, linearRampToValueAtTime() {},
                    exponentialRampToValueAtTime() {} };
    return { gain: param, connect: (next) => next };
  }
}
window.AudioContext = FakeAudioContext;
"""


@pytest.fixture
def workshop(server):
    laptop = WebClient(server.url).login("anna", PASSWORD)
    created = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching"}).json()
    go_to_phase(laptop, created, "voting", position=3)
    state = entities(laptop, created)
    live = next(s for s in state["session"] if s["status"] == "live")
    return {**created, "laptop": laptop, "session_id": live["id"], "state": state}


def open_projector(browser, server, workshop, size):
    context = browser.new_context(viewport=size, locale="fi-FI", bypass_csp=True)
    context.add_init_script(FAKE_AUDIO)
    page = context.new_page()
    page.goto(f"{server.url}/p/{workshop['id']}/{workshop['projector_token']}")
    page.wait_for_selector("#join-code")
    return context, page


def test_projector_follows_the_facilitators_focus(browser, server, workshop):
    laptop = workshop["laptop"]
    persona = workshop["state"]["persona"][0]
    context, projector = open_projector(browser, server, workshop,
                                        {"width": 1280, "height": 720})
    try:
        projector.wait_for_selector("text=Äänestystä ei ole vielä avattu")
        # Focus without "follow me": the projector stays on its phase.
        command(laptop, workshop, "session.focus", session_id=workshop["session_id"],
                view="persona", id=persona["id"])
        command(laptop, workshop, "session.follow", session_id=workshop["session_id"], on=True)
        projector.wait_for_selector(f".persona-card[data-persona='{persona['id']}']")
        assert projector.locator("#board").get_attribute("data-focus-view") == "persona"
        projector.screenshot(path=str(server.log.parent / "projector-focus-persona.png"))
        # A new focus moves it again; following off brings the phase back.
        concept = command(laptop, workshop, "concept.save", id=str(uuid.uuid4()),
                          name="Digikahvila kirjastossa")
        command(laptop, workshop, "session.focus", session_id=workshop["session_id"],
                view="concepts", id=concept["id"])
        projector.wait_for_selector(f".concept-card[data-concept='{concept['id']}']")
        command(laptop, workshop, "session.follow", session_id=workshop["session_id"], on=False)
        projector.wait_for_selector("text=Äänestystä ei ole vielä avattu")
        assert projector.locator(".persona-card, .concept-card").count() == 0
        projector.set_viewport_size({"width": 1920, "height": 1080})
        assert projector.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        if AXE.exists():
            assert run_axe(projector) == []
    finally:
        context.close()


def test_projector_chimes_once_at_time_up(browser, server, workshop):
    laptop = workshop["laptop"]
    context, projector = open_projector(browser, server, workshop,
                                        {"width": 1280, "height": 720})
    try:
        allow = projector.get_by_role("button", name="Napsauta tästä, niin ajan loppumisesta "
                                                      "kuuluu ääni")
        allow.click()  # the click browsers need; it plays the chime once to show it works
        toggle = projector.locator("#sound-toggle[data-state='on']")
        toggle.wait_for()
        assert projector.evaluate("window.__tones") == 3
        projector.screenshot(path=str(server.log.parent / "projector-1280.png"))
        if AXE.exists():
            assert run_axe(projector) == []

        command(laptop, workshop, "session.timer", session_id=workshop["session_id"],
                action="start", seconds=2)
        projector.wait_for_selector("#timer.done", timeout=15000)
        projector.wait_for_function("() => window.__tones >= 6", timeout=5000)
        projector.wait_for_timeout(1000)  # no second chime for the same time up
        assert projector.evaluate("window.__tones") == 6

        # Muted: time up is silent.
        toggle.click()
        projector.wait_for_selector("#sound-toggle[data-state='off']")
        command(laptop, workshop, "session.timer", session_id=workshop["session_id"],
                action="reset")
        projector.wait_for_selector("#timer.done", state="detached")
        command(laptop, workshop, "session.timer", session_id=workshop["session_id"],
                action="start", seconds=2)
        projector.wait_for_selector("#timer.done", timeout=15000)
        projector.wait_for_timeout(1000)
        assert projector.evaluate("window.__tones") == 6
    finally:
        context.close()
