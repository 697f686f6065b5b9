"""The board in real Chromium on phone viewports: two phones fill one challenge canvas at
once and the projector shows both; personas, "I meet people like this" and introductions
reach the facilitator live; the board's views pass axe-core."""

from __future__ import annotations

import pytest
from conftest import AXE, PASSWORD, PHONE
from live_client import WebClient
from test_browser import join, log_in, open_section, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.live]


def command(laptop, workshop, name, /, **args):
    """Run a command over HTTP (positional-only ``name``: commands have a ``name`` too)."""
    response = laptop.api("POST", f"/api/workshops/{workshop['id']}/commands/{name}", json=args)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def entities(laptop, workshop):
    return laptop.api("GET", f"/api/workshops/{workshop['id']}/state").json()["entities"]


@pytest.fixture
def laptop(server):
    return WebClient(server.url).login("anna", PASSWORD)


@pytest.fixture
def workshop(laptop):
    import uuid

    created = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching"})
    assert created.status_code == 201
    return created.json()


def go_to_phase(laptop, workshop, activity, position=1):
    """Start the session at ``position`` (1 = the template's workshop 1) and move it to its
    first phase of ``activity``."""
    sessions = sorted(entities(laptop, workshop)["session"], key=lambda s: s["position"])
    live = sessions[position]
    command(laptop, workshop, "session.start", session_id=live["id"])
    phase = next(p for p in live["phases"] if p["activity"] == activity)
    command(laptop, workshop, "session.phase", session_id=live["id"], phase_id=phase["id"])


def ideation_workshop(server, question: str) -> dict:
    """A coaching workshop in its ideation phase (workshop 2): one group, whose challenge
    has the live how-might-we ``question`` - where the ideation tests begin. The workshop,
    with its ``hmw`` and the facilitator's ``laptop`` client."""
    import uuid

    laptop = WebClient(server.url).login("anna", PASSWORD)
    created = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching"}).json()
    group = command(laptop, created, "group.split", count=1, method="random")[0]
    challenge = next(c for c in entities(laptop, created)["challenge"]
                     if c["group_id"] == group["id"])
    hmw = command(laptop, created, "hmw.save", id=str(uuid.uuid4()),
                  challenge_id=challenge["id"], text=question)
    command(laptop, created, "hmw.settings", hmw_id=hmw["id"], live=True)
    go_to_phase(laptop, created, "ideation", position=2)
    return {**created, "hmw": hmw, "laptop": laptop}


def test_two_phones_fill_one_canvas_at_once_and_the_projector_shows_both(
        browser, server, laptop, workshop):
    phones = [browser.new_context(**PHONE, locale="fi-FI") for _ in range(2)]
    screen = browser.new_context(viewport={"width": 1366, "height": 768}, locale="fi-FI")
    try:
        anni = join(phones[0], server, workshop["join_code"], "Anni")
        ben = join(phones[1], server, workshop["join_code"], "Ben")
        group = command(laptop, workshop, "group.split", count=1, method="random")[0]
        go_to_phase(laptop, workshop, "challenge")
        projector = screen.new_page()
        projector.goto(f"{server.url}/p/{workshop['id']}/{workshop['projector_token']}")
        projector.wait_for_selector(f".canvas h2:has-text('{group['name']}')")
        for phone in (anni, ben):
            phone.wait_for_selector("#note-causes")
        anni.fill("#note-causes", "Palvelut siirtyivät verkkoon <b>yhtäkkiä</b>")
        ben.fill("#note-causes", "Ei laitteita kotona")
        # Both send in the same instant.
        anni.evaluate("document.querySelector('[data-question=causes] form').requestSubmit()")
        ben.evaluate("document.querySelector('[data-question=causes] form').requestSubmit()")
        expected = ["Ei laitteita kotona", "Palvelut siirtyivät verkkoon <b>yhtäkkiä</b>"]
        notes = projector.locator(".canvas [data-question=causes] .note")
        projector.wait_for_function(
            "() => document.querySelectorAll('.canvas [data-question=causes] .note').length === 2")
        assert sorted(notes.all_inner_texts()) == expected  # as text, never as HTML
        assert projector.locator(".canvas b").count() == 0
        for phone in (anni, ben):
            phone.wait_for_function(
                "() => document.querySelectorAll('[data-question=causes] .note').length === 2")
            assert phone.locator("#note-causes").input_value() == ""  # sent, so cleared
        # Importance: Anni pages on to the rating step (the rating and its "why" are one
        # step, after the four other questions); the projector's bars follow.
        for _ in range(4):
            anni.get_by_role("button", name="Seuraava ›").click()
        anni.locator(".rate[data-value='4']").click()
        projector.wait_for_selector(".canvas .importance:has-text('Arvioita: 1,')")
        # A phase that names the statement opens every phone at it.
        live = sorted(entities(laptop, workshop)["session"], key=lambda s: s["position"])[1]
        phase = next(p for p in live["phases"] if p.get("focus") == "statement")
        command(laptop, workshop, "session.phase", session_id=live["id"], phase_id=phase["id"])
        ben.wait_for_selector("#statement", state="visible")
        ben.fill("#statement", "Ikäihmiset jäävät ilman digipalveluja")
        ben.get_by_role("button", name="Tallenna kuvaus").click()
        projector.wait_for_selector(".canvas .statement:has-text('Ikäihmiset jäävät')")
        anni.wait_for_selector(".statement:has-text('Ikäihmiset jäävät')")
        anni.screenshot(path=str(server.log.parent / "phone-canvas.png"), full_page=True)
        projector.screenshot(path=str(server.log.parent / "projector-canvas.png"))
    finally:
        for context in (*phones, screen):
            context.close()


def test_personas_meet_and_introductions_reach_the_facilitator(browser, server, workshop):
    # bypass_csp lets the test inject axe-core; the pages' own scripts obey the policy.
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI",
                                 bypass_csp=True)
    phone = browser.new_context(**PHONE, locale="fi-FI", bypass_csp=True)
    try:
        facilitator = log_in(laptop, server)
        facilitator.goto(f"{server.url}/f/w/{workshop['id']}/personas")
        facilitator.wait_for_selector("#personas .persona-row")
        open_section(facilitator, "people")
        participant = join(phone, server, workshop["join_code"], "Pekka")
        # Before the first session the phone asks for an introduction first.
        participant.wait_for_selector("#intro-about")
        facilitator.wait_for_selector("#intros .notice:has-text('Pekka')")
        participant.fill("#intro-about", "Olen työvalmentaja.")
        participant.fill("#intro-org", "TE-palvelut")
        participant.click("#board form button[type=submit]")
        participant.wait_for_selector(".intro h3:has-text('Pekka')")
        facilitator.wait_for_selector("#intros :text('1 / 1 esittäytynyt')")
        # Personas, one card at a time.
        participant.click("[data-view=personas]")
        participant.wait_for_selector(".persona-card")
        first = participant.locator(".persona-name").inner_text()
        participant.get_by_role("button", name="Seuraava ›").click()
        participant.wait_for_function(
            "t => document.querySelector('.persona-name').textContent !== t", arg=first)
        second = participant.locator(".persona-name").inner_text()
        participant.locator(".meet").click()
        open_section(facilitator, "personas")
        row = facilitator.locator(f".persona-row:has-text('{second}')").first
        row.locator(".meet-count:has-text('tällaisia: 1')").wait_for()
        # The facilitator shows a card on the projector; the phone follows it.
        facilitator.locator(".persona-row").first.get_by_role(
            "button", name=f"Näytä valkokankaalla: {first}").click()
        participant.wait_for_function(
            "t => document.querySelector('.persona-name').textContent === t", arg=first)
        # The facilitator edits the card; the phone shows the new text.
        row = facilitator.locator(".persona-row").first
        row.locator(".persona-editor > summary").click()
        row.locator("input[name=quote]").fill("Tarvitsen apua kotiin.")
        row.locator(".persona-editor button[type=submit]").click()
        participant.wait_for_selector("blockquote:has-text('Tarvitsen apua kotiin.')")
        participant.fill("#persona-comment", "Tapaan tällaisia joka viikko.")
        participant.get_by_role("button", name="Lähetä kommentti").click()
        facilitator.wait_for_selector(f".persona-row:has-text('{first}') :text('Kommentit: 1')")
        participant.screenshot(path=str(server.log.parent / "phone-persona.png"), full_page=True)
        if AXE.exists():
            assert run_axe(participant) == []
            assert run_axe(facilitator) == []
    finally:
        laptop.close()
        phone.close()
