"""Real Chromium (Debian's) through Playwright: phones join and follow the facilitator;
every page passes axe-core's WCAG 2.1 AA rules."""

from __future__ import annotations

import json
import re
import uuid

import pytest
from conftest import AXE, PASSWORD, PHONE
from live_client import WebClient

pytestmark = [pytest.mark.browser, pytest.mark.live]

@pytest.fixture
def workshop(server):
    laptop = WebClient(server.url).login("anna", PASSWORD)
    created = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching"})
    assert created.status_code == 201
    return created.json()


def log_in(context, server):
    page = context.new_page()
    page.goto(server.url + "/login")
    page.fill("#username", "anna")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/f$"))
    return page


def open_section(page, name):
    """Go to a section of the facilitator's cockpit through its navigation."""
    page.locator(f".cockpit-nav a[data-section={name}]").click()
    page.wait_for_selector(f".section-body[data-section={name}][data-ready]")


def join(context, server, code, name):
    page = context.new_page()
    page.goto(server.url + "/")
    page.fill("#code", code.lower())
    page.click("button[type=submit]")
    page.fill("#display_name", name)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/w/.*"))
    page.wait_for_selector('#connection[data-state="connected"], #connection[data-state="saved"]')
    return page


def test_phone_joins_and_follows_the_facilitators_phase(browser, server, workshop):
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    phone = browser.new_context(**PHONE, locale="fi-FI")
    try:
        facilitator = log_in(laptop, server)
        facilitator.goto(f"{server.url}/f/w/{workshop['id']}/people")
        facilitator.wait_for_selector('#connection[data-state="connected"]')
        participant = join(phone, server, workshop["join_code"], "Pekka")
        # Waiting for the facilitator: nothing has started.
        assert participant.locator("#phase-title").inner_text() == "Tervetuloa!"
        # The facilitator sees Pekka arrive.
        facilitator.wait_for_selector("#members li:has-text('Pekka')")
        facilitator.locator(".cockpit-nav a[data-section=agenda]").click()
        first = facilitator.locator("[data-session] .button.primary").first
        first.click()
        facilitator.locator(".cockpit-nav a[data-section=run]").click()
        facilitator.wait_for_selector("#now-panel .now-phase")
        phase_1 = facilitator.locator("#now-panel .now-phase").inner_text()
        participant.wait_for_function(
            "t => document.querySelector('#phase-title').textContent === t", arg=phase_1)
        facilitator.get_by_role("button", name="Seuraava vaihe").click()
        facilitator.wait_for_function(
            "t => document.querySelector('#now-panel .now-phase').textContent !== t", arg=phase_1)
        phase_2 = facilitator.locator("#now-panel .now-phase").inner_text()
        participant.wait_for_function(
            "t => document.querySelector('#phase-title').textContent === t", arg=phase_2)
        # The timer: same remaining time on both, from the server's clock.
        facilitator.get_by_role("button", name="Käynnistä ajastin").click()
        participant.wait_for_selector("#timer:not([hidden])")
        left = int(participant.locator("#timer").get_attribute("data-remaining"))
        assert 0 < left <= 60 * 60
        participant.screenshot(path=str(server.log.parent / "phone.png"))
    finally:
        laptop.close()
        phone.close()


def test_phone_comes_back_as_the_same_member(browser, server, workshop):
    phone = browser.new_context(**PHONE)
    try:
        page = join(phone, server, workshop["join_code"], "Liisa")
        url = page.url
        page.close()
        again = phone.new_page()
        again.goto(f"{server.url}/j/{workshop['join_code']}")
        assert again.url == url
        assert again.locator("#my-name").inner_text() == "Liisa"
    finally:
        phone.close()


def run_axe(page) -> list[dict]:
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate("""async () => {
        // label-content-name-mismatch (WCAG 2.5.3) is among axe's experimental rules.
        const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            rules: {'label-content-name-mismatch': {enabled: true}}});
        return r.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return result


def test_every_page_passes_axe_wcag_21_aa(browser, server, workshop):
    assert AXE.exists(), "npm ci installs axe-core"
    # bypass_csp lets the test inject axe-core; the pages' own scripts obey the policy.
    phone = browser.new_context(**PHONE, bypass_csp=True)
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    failures = {}
    try:
        anonymous = phone.new_page()
        for path in ("/", f"/j/{workshop['join_code']}", "/login", "/nope-404"):
            anonymous.goto(server.url + path)
            failures[path] = run_axe(anonymous)
        participant = join(phone, server, workshop["join_code"], "Pekka")
        failures["participant"] = run_axe(participant)
        facilitator = log_in(laptop, server)
        failures["dashboard"] = run_axe(facilitator)
        facilitator.goto(f"{server.url}/f/w/{workshop['id']}/agenda")
        facilitator.wait_for_selector("#agenda li")
        failures["facilitator"] = run_axe(facilitator)
        facilitator.locator("[data-session] .button.primary").first.click()
        facilitator.locator(".cockpit-nav a[data-section=run]").click()
        facilitator.wait_for_selector("#now-panel .now-phase")
        failures["facilitator live"] = run_axe(facilitator)
        participant.wait_for_selector("#instructions p")
        failures["participant live"] = run_axe(participant)
        projector = laptop.new_page()
        projector.goto(f"{server.url}/p/{workshop['id']}/{workshop['projector_token']}")
        projector.wait_for_selector("#instructions p")
        failures["projector"] = run_axe(projector)
        for language in ("en",):
            anonymous.goto(f"{server.url}/lang/{language}?next=/")
            failures[f"/ ({language})"] = run_axe(anonymous)
    finally:
        phone.close()
        laptop.close()
    bad = {page: v for page, v in failures.items() if v}
    assert not bad, json.dumps(bad, indent=1)


def test_facilitator_builds_a_blank_workshop_and_runs_it(browser, server):
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    try:
        page = log_in(laptop, server)
        page.get_by_label("Blank workshop").check()
        page.fill("#name", "Oma paja")
        page.get_by_role("button", name="Create workshop").click()
        page.wait_for_selector('#connection[data-state="connected"]')
        page.locator(".cockpit-nav a[data-section=agenda]").click()
        page.get_by_text("Add a session").click()
        page.fill("#new-session-title", "Morning")
        page.get_by_role("button", name="Add session").click()
        editor = page.locator(".phase-editor").first
        editor.get_by_label("Phase title").fill("Warm-up")
        editor.get_by_label("Minutes").fill("7")
        editor.get_by_role("button", name="Add phase").click()
        page.wait_for_selector(".phases li:has-text('Warm-up')")
        # Nothing half-typed is lost when an event re-renders the agenda.
        editor.get_by_label("Phase title").fill("Not yet saved")
        page.locator("[data-session] .button.primary", has_text="Start").first.click()
        page.wait_for_selector("[data-session].live")
        assert editor.get_by_label("Phase title").input_value() == "Not yet saved"
        page.locator(".cockpit-nav a[data-section=run]").click()
        page.wait_for_selector("#now-panel .now-phase:has-text('Warm-up')")
        assert "7:00" in page.locator("#facilitator-timer").inner_text()
    finally:
        laptop.close()


SKEW = "(() => { const real = Date.now.bind(Date); Date.now = () => real() + 7 * 60 * 1000; })()"


def test_timer_is_the_same_on_a_phone_whose_clock_is_wrong(browser, server, workshop):
    """A phone seven minutes fast still shows the room's remaining time (server clock)."""
    laptop = WebClient(server.url).login("anna", PASSWORD)
    state = laptop.api("GET", f"/api/workshops/{workshop['id']}/state").json()
    session = next(s for s in state["entities"]["session"] if s["kind"] == "live")
    base = f"/api/workshops/{workshop['id']}/sessions/{session['id']}"
    fast = browser.new_context(**PHONE)
    fast.add_init_script(SKEW)
    right = browser.new_context(**PHONE)
    try:
        skewed = join(fast, server, workshop["join_code"], "Nopea kello")
        correct = join(right, server, workshop["join_code"], "Oikea kello")
        assert laptop.api("POST", f"{base}/start").status_code == 200
        assert laptop.api("POST", f"{base}/timer", json={"action": "start"}).status_code == 200
        for page in (skewed, correct):
            page.wait_for_selector("#timer[data-state=running]")
        page_times = [int(p.locator("#timer").get_attribute("data-remaining"))
                      for p in (skewed, correct)]
        expected = session["phases"][0]["minutes"] * 60
        assert all(expected - 5 <= left <= expected + 1 for left in page_times), page_times
        assert abs(page_times[0] - page_times[1]) <= 2
    finally:
        fast.close()
        right.close()


def test_what_a_phone_types_offline_is_sent_when_it_is_back(browser, server, workshop):
    phone = browser.new_context(**PHONE, locale="en-GB")
    try:
        page = join(phone, server, workshop["join_code"], "Pekka")
        phone.set_offline(True)
        page.wait_for_selector('#connection[data-state="offline"]')
        assert "sent when you are back online" in page.locator("#connection").inner_text()
        page.get_by_text("Change my name").click()
        page.fill("#me-name", "Pekka Offline")
        page.get_by_role("button", name="Save", exact=True).click()
        # Kept in the phone's storage (it survives a reload) until the server has it.
        stored = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('paja:outbox'))")
        assert len(stored) == 1
        phone.set_offline(False)
        page.wait_for_selector('#connection[data-state="saved"]', timeout=20000)
        laptop = WebClient(server.url).login("anna", PASSWORD)
        members = laptop.api("GET", f"/api/workshops/{workshop['id']}/members").json()
        assert [m["display_name"] for m in members].count("Pekka Offline") == 1
        assert page.evaluate("localStorage.length") == 0
    finally:
        phone.close()


def test_a_long_outbox_is_sent_whole_through_the_rate_limit(browser, server, workshop):
    """A phone that was offline for a whole session flushes more than the server takes at
    once: it is slowed down, and keeps every item until the server has it."""
    laptop = WebClient(server.url).login("anna", PASSWORD)
    persona = laptop.api("GET", f"/api/workshops/{workshop['id']}/state").json()[
        "entities"]["persona"][0]
    phone = browser.new_context(**PHONE, locale="en-GB")
    try:
        page = join(phone, server, workshop["join_code"], "Pekka")
        phone.set_offline(True)
        page.wait_for_selector('#connection[data-state="offline"]')
        # What a morning offline leaves in the outbox: 150 comments, each with its own id.
        page.evaluate("""([workshop, persona]) => {
            const items = Array.from({ length: 150 }, (_, n) => ({ key: crypto.randomUUID(),
              name: "comment.add", args: { id: crypto.randomUUID(), target_kind: "persona",
              target_id: persona, body: `Kommentti ${n}` } }));
            localStorage.setItem(`paja:outbox:${workshop}`, JSON.stringify(items));
        }""", [workshop["id"], persona["id"]])
        phone.set_offline(False)
        page.reload()
        page.wait_for_selector('#connection[data-state="saved"]', timeout=60000)
        comments = laptop.api("GET", f"/api/workshops/{workshop['id']}/state").json()[
            "entities"].get("comment", [])
        bodies = {c["body"] for c in comments}
        assert bodies == {f"Kommentti {n}" for n in range(150)}
        assert page.evaluate("localStorage.length") == 0
    finally:
        phone.close()
