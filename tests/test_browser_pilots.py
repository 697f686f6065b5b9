"""Pilots in real Chromium: a team member joins a pilot on a phone, logs an update with a
measure value, a blocker and a request for help, and the facilitator's overview shows it
at once, flagged; the measure is drawn against its target. The views pass axe-core."""

from __future__ import annotations

import uuid

import pytest
from conftest import AXE, PASSWORD, PHONE
from live_client import WebClient
from test_browser import join, log_in, run_axe
from test_browser_board import command

pytestmark = [pytest.mark.browser, pytest.mark.live]


@pytest.fixture
def workshop(server):
    laptop = WebClient(server.url).login("anna", PASSWORD)
    created = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching"}).json()
    concept = command(laptop, created, "concept.save", id=str(uuid.uuid4()), name="Digikahvila")
    pilot = command(laptop, created, "pilot.create", concept_id=concept["id"])
    command(laptop, created, "pilot.measure", id=str(uuid.uuid4()), pilot_id=pilot["id"],
            name="Kävijöitä", unit="hlö", baseline=0, target=12)
    return {**created, "pilot": pilot}


def test_team_member_logs_an_update_from_a_phone_and_the_overview_shows_it(
        browser, server, workshop):
    phone = browser.new_context(**PHONE, locale="fi-FI", bypass_csp=True)
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI",
                                 bypass_csp=True)
    try:
        facilitator = log_in(laptop, server)
        facilitator.goto(f"{server.url}/f/w/{workshop['id']}")
        row = facilitator.locator(f"#pilots tr[data-pilot='{workshop['pilot']['id']}']")
        row.locator("text=Päivityksiä ei ole vielä.").wait_for()

        member = join(phone, server, workshop["join_code"], "Tiina")
        member.click("[data-view=pilots]")
        member.get_by_role("button", name="Digikahvila").click()
        member.get_by_role("button", name="Liity tiimiin").click()
        member.get_by_role("heading", name="Kirjaa päivitys").wait_for()
        prefix = f"#pu-{workshop['pilot']['id']}"
        member.fill(f"{prefix}-did", "Ensimmäinen digikahvila kirjastossa")
        member.fill(f"{prefix}-learned", "Moni tuli pareittain")
        member.locator("[data-measure]").fill("7")
        member.fill(f"{prefix}-blockers", "Tila on varattu torstaisin")
        member.fill(f"{prefix}-help_needed", "Tarvitsemme toisen tilan")
        member.get_by_role("button", name="Lähetä päivitys").click()
        member.wait_for_selector(".pilot-update:has-text('Ensimmäinen digikahvila')")
        member.wait_for_selector(".measure-chart circle")

        row.locator("text=Ensimmäinen digikahvila kirjastossa").wait_for()
        assert "flagged" in row.get_attribute("class")
        assert "Tarvitsemme toisen tilan" in row.inner_text()
        assert "Tiina" not in row.locator("td").nth(1).inner_text()  # team column: a count
        assert row.locator("td").nth(1).inner_text().startswith("1")
        row.locator("summary:has-text('Pilotista takaisin persooniin')").click()
        row.locator(".trace :text('Digikahvila')").first.wait_for()
        member.screenshot(path=str(server.log.parent / "phone-pilot.png"), full_page=True)
        facilitator.locator("#pilots").screenshot(path=str(server.log.parent / "laptop-pilots.png"))
        assert member.evaluate("document.documentElement.scrollWidth") <= 360
        if AXE.exists():
            assert run_axe(member) == []
            assert run_axe(facilitator) == []
    finally:
        phone.close()
        laptop.close()
