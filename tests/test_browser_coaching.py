"""The coaching rhythm in real Chromium: between meetings a phone opens at the week's task,
answers the needs survey with big scale buttons, the facilitator's progress matrix shows it
at once, the facilitator writes feedback and marks it done, and the phone shows both. The
views pass axe-core."""

from __future__ import annotations

import uuid

import pytest
from conftest import AXE, PASSWORD, PHONE
from live_client import WebClient
from test_browser import join, log_in, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.live]


@pytest.fixture
def workshop(server):
    laptop = WebClient(server.url).login("anna", PASSWORD)
    return laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "online-coaching-6-weeks"}).json()


def test_survey_answer_reaches_the_matrix_and_feedback_comes_back(browser, server, workshop):
    phone = browser.new_context(**PHONE, locale="fi-FI", bypass_csp=True)
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI",
                                 bypass_csp=True)
    try:
        member = join(phone, server, workshop["join_code"], "Maija")
        # Between meetings the phone opens at the tasks; the survey is open this week.
        member.get_by_role("button", name="Alkukysely: digiosaamisen tarpeet").click()
        member.wait_for_selector(".material")
        member.wait_for_selector("text=Yksityinen: vastauksesi näkevät vain sinä ja ohjaajat.")
        member.get_by_role("group", name="Kuinka varmaksi tunnet itsesi digipalvelujen "
                                         "käyttäjänä?").get_by_text("4").click()
        member.get_by_label("Missä asioissa toivoisit tukea tai lisää osaamista?").fill(
            "Tietoturva ja selkokieli")
        member.get_by_role("button", name="Lähetä vastaus").click()
        member.wait_for_selector(".survey-answers dd:has-text('Tietoturva ja selkokieli')")

        facilitator = log_in(laptop, server)
        facilitator.goto(f"{server.url}/f/w/{workshop['id']}")
        cell = facilitator.get_by_role("button", name="Maija, Vastaa alkukyselyyn: vastattu")
        cell.click()
        facilitator.wait_for_selector(".review dd:has-text('Tietoturva ja selkokieli')")
        facilitator.locator(".review textarea").fill("Kiitos! Tietoturva on viikolla 4.")
        facilitator.locator(".review input[type=checkbox]").check()
        facilitator.locator(".review button[type=submit]").click()
        facilitator.get_by_role("button", name="Maija, Vastaa alkukyselyyn: merkitty tehdyksi") \
            .wait_for()
        facilitator.get_by_role("button", name="Näytä yhteenveto").first.click()
        facilitator.wait_for_selector(".survey-summary :text('Vastaajia: 1')")

        member.wait_for_selector(".feedback:has-text('Tietoturva on viikolla 4')")
        member.wait_for_selector("text=✔ merkitty tehdyksi")
        member.screenshot(path=str(server.log.parent / "phone-survey.png"), full_page=True)
        facilitator.locator("#coaching").screenshot(
            path=str(server.log.parent / "laptop-coaching.png"))
        assert member.evaluate("document.documentElement.scrollWidth") <= 360
        if AXE.exists():
            assert run_axe(member) == []
            assert run_axe(facilitator) == []
    finally:
        phone.close()
        laptop.close()


def test_a_reminder_shows_on_the_phone_and_opens_the_task(browser, server, workshop):
    from datetime import date, timedelta

    laptop = WebClient(server.url).login("anna", PASSWORD)
    sessions = laptop.api("GET", f"/api/workshops/{workshop['id']}/state").json()[
        "entities"]["session"]
    week1 = next(s for s in sessions if s["title"]["en"].startswith("Week 1"))
    phone = browser.new_context(**PHONE, locale="fi-FI", bypass_csp=True)
    try:
        member = join(phone, server, workshop["join_code"], "Pertti")
        response = laptop.api("POST", f"/api/workshops/{workshop['id']}/commands/session.update",
                              json={"session_id": week1["id"],
                                    "opens_on": (date.today() - timedelta(days=8)).isoformat(),
                                    "due_on": (date.today() - timedelta(days=1)).isoformat()})
        assert response.status_code == 200, response.text
        assert "made: 1" in server.cli("reminders").stdout
        # Made by another process (cron): an open page learns of it when it next loads or
        # hears an event (with a Redis message queue, at once).
        member.reload()
        member.get_by_role("button", name="Muistutukset (1 uutta)").click()
        member.wait_for_selector(".notice-item.unread:has-text('Digitaaliset palvelut')")
        member.get_by_role("button", name="Avaa").click()
        member.wait_for_selector("h2:has-text('Viikko 1')")
        member.wait_for_selector("[data-view=notices]:has-text('Muistutukset')")
        assert "uutta" not in member.locator("[data-view=notices]").inner_text()
        member.click("[data-view=notices]")
        member.wait_for_selector("#notify-email")
        if AXE.exists():
            assert run_axe(member) == []
    finally:
        phone.close()
