"""Voting in real Chromium on a phone: a participant spends their dots with the + and -
buttons (no dragging), sees "dots left" and "saved", is warned a minute before the round
closes, and - once the facilitator closes and reveals - the chart, whose long labels wrap
at 320 px; the facilitator moves the deadline and reopens a round by keyboard alone; the
projector shows the same results. The views pass axe-core."""

from __future__ import annotations

import time
import uuid

import pytest
from conftest import AXE, PASSWORD, PHONE
from live_client import WebClient
from test_browser import join, log_in, run_axe
from test_browser_board import command, entities, go_to_phase

pytestmark = [pytest.mark.browser, pytest.mark.live]

LONG = "Digitukihenkilöiden kiertävä neuvontapiste kirjastoissa ja palvelutaloissa"[:60]
NAMES = ["Digikahvila", "Tablettilaina", "Chat-neuvonta", LONG]


@pytest.fixture
def workshop(server):
    laptop = WebClient(server.url).login("anna", PASSWORD)
    created = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching"}).json()
    ids = [command(laptop, created, "concept.save", id=str(uuid.uuid4()), name=name)["id"]
           for name in NAMES]
    go_to_phase(laptop, created, "voting", position=3)  # workshop 3
    return {**created, "concept_ids": ids, "laptop": laptop}


def new_round(workshop, **settings):
    args = {"id": str(uuid.uuid4()), "title": "Mitä pilotoidaan?", "target": "concepts",
            "dots": 3, "cap": 2, "anonymous": True, "live_results": False, "allow_own": True,
            **settings}
    return command(workshop["laptop"], workshop, "vote.save_round", **args)


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def confirm(page):
    page.locator("dialog.confirm-dialog button[type=submit]").click()


def test_phone_spends_dots_with_buttons_and_sees_the_revealed_chart(browser, server, workshop):
    phone = browser.new_context(**PHONE, locale="fi-FI", bypass_csp=True)
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI",
                                 bypass_csp=True)
    screen = browser.new_context(viewport={"width": 1280, "height": 720}, locale="fi-FI",
                                 bypass_csp=True)
    shots = server.log.parent
    try:
        participant = join(phone, server, workshop["join_code"], "Aino")
        participant.wait_for_selector("text=Äänestys ei ole auki")
        facilitator = log_in(laptop, server)
        facilitator.goto(f"{server.url}/f/w/{workshop['id']}/voting")
        facilitator.click("#round-new-box summary")
        facilitator.fill("#round-new-title", "Mitä pilotoidaan?")
        facilitator.fill("#round-new-dots", "3")
        facilitator.fill("#round-new-cap", "2")
        facilitator.click("#round-new-box button[type=submit]")
        facilitator.get_by_role("button", name="Avaa äänestys").click()
        projector = screen.new_page()
        projector.goto(f"{server.url}/p/{workshop['id']}/{workshop['projector_token']}")

        participant.wait_for_selector(".dots-left:has-text('Pisteitä jäljellä: 3 / 3')")
        add = participant.get_by_role("button", name="Lisää piste: Tablettilaina")
        add.click()
        add.click()
        # The cap is 2. The phone asked for its ballot when the round opened; the taps may
        # be answered before that answer comes, and must stay what the phone shows.
        participant.wait_for_selector(".dots-left:has-text('Pisteitä jäljellä: 1 / 3')")
        assert add.is_disabled()
        # Focus stays on the + pressed, though it can take no more.
        assert participant.evaluate("document.activeElement.getAttribute('aria-label')") == \
            "Lisää piste: Tablettilaina"
        participant.get_by_role("button", name="Lisää piste: Digikahvila").click()
        participant.wait_for_selector(".dots-left:has-text('Pisteitä jäljellä: 0 / 3')")
        assert participant.get_by_role("button", name="Lisää piste: Chat-neuvonta").is_disabled()
        participant.get_by_role("button", name="Ota piste pois: Digikahvila").click()
        participant.get_by_role("button", name="Lisää piste: Chat-neuvonta").click()
        participant.wait_for_selector(".save-state:has-text('Äänesi on tallennettu')")
        facilitator.wait_for_selector(".turnout:has-text('Äänestäneitä: 1 / 1')")
        projector.wait_for_selector("text=Äänestäneitä: 1 / 1")
        # The server has exactly what the buttons show.
        mine = command(workshop["laptop"], workshop, "vote.proxies",
                       round_id=entities(workshop["laptop"], workshop)["vote_round"][0]["id"])
        assert mine == []  # no proxy ballots; the phone's are not listed anywhere
        assert participant.locator(".results-table").count() == 0  # hidden until reveal
        for width in (320, 360):
            participant.set_viewport_size({"width": width, "height": 740})
            assert no_sideways_scroll(participant), width
            participant.screenshot(path=str(shots / f"phone-ballot-{width}.png"), full_page=True)
        if AXE.exists():
            assert run_axe(participant) == []

        facilitator.get_by_role("button", name="Sulje äänestys").click()
        confirm(facilitator)
        facilitator.get_by_role("button", name="Paljasta tulokset").click()
        confirm(facilitator)
        participant.wait_for_selector(".results-table")
        rows = participant.locator(".results-table tbody tr").all_inner_texts()
        assert rows[0].split("\t")[1:] == ["Tablettilaina", "2"]
        assert participant.locator(".results-chart rect").count() == 4
        # The 60-character name is there whole, over several lines, at 320 px.
        label = participant.locator(".results-chart .chart-label", has_text=LONG[:20])
        assert label.inner_text().strip() == LONG
        for width in (320, 360):
            participant.set_viewport_size({"width": width, "height": 740})
            assert no_sideways_scroll(participant), width
            assert label.bounding_box()["height"] > 30  # wrapped, not cut
            participant.screenshot(path=str(shots / f"phone-results-{width}.png"), full_page=True)
        projector.wait_for_selector(".results-chart")
        assert projector.locator(".results-chart .chart-label", has_text=LONG[:20]).inner_text() \
            .strip() == LONG
        projector.screenshot(path=str(shots / "projector-results.png"))
        facilitator.locator("#voting").screenshot(path=str(shots / "laptop-voting.png"))

        # Choosing: the chosen concept is marked in words, not only by colour.
        round_id = entities(workshop["laptop"], workshop)["vote_round"][0]["id"]
        facilitator.fill(f"#top-{round_id}", "1")
        facilitator.get_by_role("button", name="Valitse eniten ääniä saaneet").click()
        confirm(facilitator)
        participant.wait_for_selector(".results-table tr.chosen :text('Valittu')")
        if AXE.exists():
            assert run_axe(participant) == []
            assert run_axe(facilitator) == []
            assert run_axe(projector) == []
    finally:
        for context in (phone, laptop, screen):
            context.close()


def test_phone_is_warned_a_minute_before_the_round_closes(browser, server, workshop):
    phone = browser.new_context(**PHONE, locale="fi-FI")
    try:
        made = new_round(workshop)
        now = time.time()
        command(workshop["laptop"], workshop, "vote.open", round_id=made["id"],
                closes_at=now + 64)
        participant = join(phone, server, workshop["join_code"], "Eino")
        participant.wait_for_selector(".vote-ends:has-text('Äänestys sulkeutuu klo')")
        assert participant.locator("#vote-warning").count() == 0
        warning = participant.wait_for_selector("#vote-warning", timeout=20000)
        assert "Äänestys sulkeutuu minuutin kuluttua!" in warning.inner_text()
        # Told once to screen readers, through the page's polite live region.
        participant.wait_for_selector("#announcer:has-text('minuutin kuluttua')", state="attached",
                                      timeout=5000)
        participant.set_viewport_size({"width": 320, "height": 740})
        assert no_sideways_scroll(participant)
        participant.screenshot(path=str(server.log.parent / "phone-warning-320.png"),
                               full_page=True)
    finally:
        phone.close()


def test_facilitator_extends_and_reopens_a_round_by_keyboard(browser, server, workshop):
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI",
                                 bypass_csp=True)
    try:
        made = new_round(workshop, anonymous=False)
        closes = time.time() + 600
        command(workshop["laptop"], workshop, "vote.open", round_id=made["id"], closes_at=closes)
        facilitator = log_in(laptop, server)
        facilitator.goto(f"{server.url}/f/w/{workshop['id']}/voting")
        plus5 = facilitator.locator(f"[data-focus='plus5-{made['id']}']")
        plus5.focus()
        facilitator.keyboard.press("Enter")

        def round_now():
            return next(r for r in entities(workshop["laptop"], workshop)["vote_round"]
                        if r["id"] == made["id"])

        deadline = time.time() + 10
        while round_now()["closes_at"] < closes + 299 and time.time() < deadline:
            facilitator.wait_for_timeout(100)
        assert abs(round_now()["closes_at"] - (closes + 300)) < 2
        assert facilitator.evaluate("document.activeElement.dataset.focus") == f"plus5-{made['id']}"

        # Close (asked first), then reopen for 10 minutes - all from the keyboard.
        facilitator.locator(f"[data-focus='close-{made['id']}']").focus()
        facilitator.keyboard.press("Enter")
        facilitator.wait_for_selector("dialog.confirm-dialog[open]")
        facilitator.keyboard.press("Shift+Tab")  # from Cancel (the safe default) to Yes
        assert facilitator.evaluate("document.activeElement.type") == "submit"
        facilitator.keyboard.press("Enter")
        facilitator.wait_for_selector(f"[data-round='{made['id']}'] .badge:has-text('suljettu')")
        minutes = facilitator.locator(f"#reopen-min-{made['id']}")
        minutes.focus()
        facilitator.keyboard.press("Control+A")
        facilitator.keyboard.type("10")
        facilitator.keyboard.press("Tab")
        facilitator.keyboard.press("Enter")
        facilitator.wait_for_selector("dialog.confirm-dialog[open]")
        facilitator.keyboard.press("Shift+Tab")
        facilitator.keyboard.press("Enter")
        facilitator.wait_for_selector(f"[data-round='{made['id']}'] .badge:has-text('auki')")
        reopened = round_now()
        assert reopened["status"] == "open"
        assert abs(reopened["closes_at"] - (time.time() + 600)) < 15
        facilitator.locator("#voting").screenshot(path=str(server.log.parent /
                                                           "laptop-voting-open.png"))
        if AXE.exists():
            assert run_axe(facilitator) == []
    finally:
        laptop.close()
