"""Voting in real Chromium on a phone: a participant spends their dots with the + and -
buttons (no dragging), sees "dots left" and "saved", and - once the facilitator closes and
reveals - the chart; the projector shows the same results. The views pass axe-core."""

from __future__ import annotations

import uuid

import pytest
from conftest import AXE, PASSWORD, PHONE
from live_client import WebClient
from test_browser import join, log_in, run_axe
from test_browser_board import command, entities, go_to_phase

pytestmark = [pytest.mark.browser, pytest.mark.live]

NAMES = ["Digikahvila", "Tablettilaina", "Chat-neuvonta", "Vertaisohjaajat"]


@pytest.fixture
def workshop(server):
    laptop = WebClient(server.url).login("anna", PASSWORD)
    created = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching"}).json()
    ids = [command(laptop, created, "concept.save", id=str(uuid.uuid4()), name=name)["id"]
           for name in NAMES]
    go_to_phase(laptop, created, "voting", position=3)  # workshop 3
    return {**created, "concept_ids": ids, "laptop": laptop}


def test_phone_spends_dots_with_buttons_and_sees_the_revealed_chart(browser, server, workshop):
    phone = browser.new_context(**PHONE, locale="fi-FI", bypass_csp=True)
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI",
                                 bypass_csp=True)
    screen = browser.new_context(viewport={"width": 1366, "height": 768}, locale="fi-FI")
    try:
        participant = join(phone, server, workshop["join_code"], "Aino")
        participant.wait_for_selector("text=Äänestys ei ole auki")
        facilitator = log_in(laptop, server)
        facilitator.goto(f"{server.url}/f/w/{workshop['id']}")
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
        assert add.is_disabled()  # the cap is 2
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
        participant.screenshot(path=str(server.log.parent / "phone-ballot.png"), full_page=True)

        facilitator.get_by_role("button", name="Sulje äänestys").click()
        facilitator.get_by_role("button", name="Paljasta tulokset").click()
        participant.wait_for_selector(".results-table")
        rows = participant.locator(".results-table tbody tr").all_inner_texts()
        assert rows[0].split("\t")[1:] == ["Tablettilaina", "2"]
        assert participant.locator(".results-chart rect").count() == 4
        assert participant.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways
        projector.wait_for_selector(".results-chart")
        participant.screenshot(path=str(server.log.parent / "phone-results.png"), full_page=True)
        projector.screenshot(path=str(server.log.parent / "projector-results.png"))
        facilitator.locator("#voting").screenshot(path=str(server.log.parent / "laptop-voting.png"))
        if AXE.exists():
            assert run_axe(participant) == []
            assert run_axe(facilitator) == []
    finally:
        for context in (phone, laptop, screen):
            context.close()
