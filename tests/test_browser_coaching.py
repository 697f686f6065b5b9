"""The coaching rhythm in real Chromium: between meetings a phone opens at the week's task,
answers the needs survey with big scale buttons, the cockpit's Coaching section (opened by
its own address) shows it in the progress matrix at once, the facilitator reviews it by
keyboard alone - feedback and the done mark - and the phone shows both. A half-typed answer
survives others' answers and a new material arriving; a reminder opens its task. The views
pass axe-core in each state, fit 320 and 360 px phones, and are photographed
(PAJA_SHOTS=<dir> keeps the pictures)."""

from __future__ import annotations

import uuid

import pytest
from conftest import PASSWORD, PHONE
from live_client import WebClient
from test_browser import join, log_in
from test_browser_board import command, entities
from test_browser_pilots import LAPTOP, assert_axe, focused, shots

pytestmark = [pytest.mark.browser, pytest.mark.live]

SURVEY = "Alkukysely: digiosaamisen tarpeet"
SCALE = "Kuinka varmaksi tunnet itsesi digipalvelujen käyttäjänä?"
NEEDS = "Missä asioissa toivoisit tukea tai lisää osaamista?"


@pytest.fixture
def workshop(server):
    laptop = WebClient(server.url).login("anna", PASSWORD)
    created = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "online-coaching-6-weeks"}).json()
    return {**created, "laptop": laptop}


def test_survey_answer_reaches_the_matrix_and_feedback_comes_back(browser, server, workshop):
    phone = browser.new_context(**PHONE, locale="fi-FI", bypass_csp=True)
    laptop = browser.new_context(**LAPTOP)
    try:
        member = join(phone, server, workshop["join_code"], "Maija")
        # Between meetings the phone opens at the tasks; the survey is open this week.
        member.get_by_role("button", name=SURVEY).click()
        member.wait_for_selector(".material")
        member.wait_for_selector("text=Yksityinen: vastauksesi näkevät vain sinä ja ohjaajat.")
        assert member.evaluate("document.activeElement.tagName") == "H2"
        member.get_by_role("group", name=SCALE).get_by_text("4", exact=True).click()
        member.get_by_label(NEEDS).fill("Tietoturva ja selkokieli")
        assert_axe(member)
        for width in (360, 320):
            member.set_viewport_size({"width": width, "height": 740})
            assert member.evaluate("document.documentElement.scrollWidth") <= width
            member.screenshot(path=str(shots(server) / f"phone-survey-{width}.png"),
                              full_page=True)
        member.get_by_role("button", name="Lähetä vastaus").click()
        member.wait_for_selector(".survey-answers dd:has-text('Tietoturva ja selkokieli')")
        assert focused(member) != "BODY"

        facilitator = log_in(laptop, server)
        facilitator.goto(f"{server.url}/f/w/{workshop['id']}/coaching")
        facilitator.wait_for_selector("#coaching")
        assert facilitator.locator("#section-title").inner_text() == "Valmennus"
        facilitator.wait_for_selector(".review :text('Valitse vastaus taulukosta')")
        assert_axe(facilitator)
        # By keyboard only: the cell opens the answer with the feedback box focused.
        cell = facilitator.get_by_role("button", name="Maija, Vastaa alkukyselyyn: vastattu")
        cell.focus()
        facilitator.keyboard.press("Enter")
        facilitator.wait_for_selector(".review dd:has-text('Tietoturva ja selkokieli')")
        assert facilitator.evaluate("document.activeElement.tagName") == "TEXTAREA"
        facilitator.keyboard.type("Kiitos! Tietoturva on viikolla 4.")
        facilitator.keyboard.press("Tab")
        facilitator.keyboard.press("Space")
        assert facilitator.locator(".review input[type=checkbox]").is_checked()
        facilitator.keyboard.press("Tab")
        facilitator.keyboard.press("Enter")
        facilitator.get_by_role("button", name="Maija, Vastaa alkukyselyyn: merkitty tehdyksi") \
            .wait_for()
        assert focused(facilitator) == "BUTTON"
        assert_axe(facilitator)
        summary = facilitator.get_by_role("button", name="Näytä yhteenveto").first
        summary.focus()
        facilitator.keyboard.press("Enter")
        facilitator.wait_for_selector(".survey-summary :text('Vastaajia: 1')")
        assert focused(facilitator) == "BUTTON"
        # The bars have their widths (set through the CSSOM, which the policy allows).
        widths = facilitator.eval_on_selector_all(
            ".survey-summary .bar", "bars => bars.map(b => b.getBoundingClientRect().width)")
        assert len(set(widths)) > 1
        assert_axe(facilitator)
        facilitator.screenshot(path=str(shots(server) / "laptop-coaching.png"), full_page=True)

        member.wait_for_selector(".feedback:has-text('Tietoturva on viikolla 4')")
        member.wait_for_selector("text=✔ merkitty tehdyksi")
        member.screenshot(path=str(shots(server) / "phone-feedback-320.png"), full_page=True)
        assert_axe(member)
        # Back to the list: the focus goes to the theme it came from.
        member.get_by_role("button", name="Kaikki teemat").click()
        assert member.evaluate("document.activeElement.dataset.focus || ''").startswith("theme-")
        member.screenshot(path=str(shots(server) / "phone-tasks-320.png"), full_page=True)
    finally:
        phone.close()
        laptop.close()


def test_a_half_typed_answer_survives_updates_arriving(browser, server, workshop):
    laptop_api = workshop["laptop"]
    sessions = entities(laptop_api, workshop)["session"]
    survey = next(s for s in sessions if s.get("task", {}) and s["task"].get("survey"))
    phone = browser.new_context(**PHONE, locale="fi-FI", bypass_csp=True)
    other = browser.new_context(**PHONE, locale="fi-FI", bypass_csp=True)
    try:
        member = join(phone, server, workshop["join_code"], "Kalle")
        member.get_by_role("button", name=SURVEY).click()
        member.get_by_role("group", name=SCALE).get_by_text("2", exact=True).click()
        needs = member.get_by_label(NEEDS)
        needs.click()
        needs.type("Puoliksi kirjoi")
        # Meanwhile another member answers and the facilitator rewrites the material.
        second = join(other, server, workshop["join_code"], "Liisa")
        second.get_by_role("button", name=SURVEY).click()
        second.get_by_role("group", name=SCALE).get_by_text("5", exact=True).click()
        second.get_by_role("button", name="Lähetä vastaus").click()
        second.wait_for_selector(".survey-answers")
        command(laptop_api, workshop, "session.update", session_id=survey["id"],
                material={"fi": "# Uusi materiaali\n\nLue tämä.", "en": "# New"})
        member.wait_for_selector(".material h1:has-text('Uusi materiaali'), "
                                 ".material h2:has-text('Uusi materiaali')")
        assert needs.input_value() == "Puoliksi kirjoi"
        assert member.evaluate("document.activeElement.id") == needs.get_attribute("id")
        assert member.get_by_role("group", name=SCALE).locator("input:checked").get_attribute(
            "value") == "2"
        needs.type("tettu")
        # A reload keeps the draft too.
        member.reload()
        member.get_by_role("button", name=SURVEY).click()
        assert member.get_by_label(NEEDS).input_value() == "Puoliksi kirjoitettu"
        assert member.get_by_role("group", name=SCALE).locator("input:checked").get_attribute(
            "value") == "2"
        member.get_by_role("button", name="Lähetä vastaus").click()
        member.wait_for_selector(".survey-answers dd:has-text('Puoliksi kirjoitettu')")
        assert_axe(member)
    finally:
        phone.close()
        other.close()


def test_a_reminder_shows_on_the_phone_and_opens_the_task(browser, server, workshop):
    from datetime import date, timedelta

    laptop = workshop["laptop"]
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
        # Opened, the reminder is read: the count goes (once the server has the mark).
        member.wait_for_selector("[data-view=notices]:has-text('Muistutukset'):not("
                                 ":has-text('uutta'))")
        member.click("[data-view=notices]")
        member.wait_for_selector("#notify-email")
        assert_axe(member)
    finally:
        phone.close()


def test_the_material_form_writes_every_language_and_keeps_the_others(browser, server, workshop):
    """A theme from the template has its material in Finnish, Swedish and English; the
    facilitator rewrites the Finnish by keyboard and the Swedish and English stay as they were,
    each box marked with its language."""
    laptop = browser.new_context(**LAPTOP)
    try:
        page = log_in(laptop, server)
        page.goto(f"{server.url}/f/w/{workshop['id']}/coaching")
        page.wait_for_selector("#coaching")
        survey = next(s for s in entities(workshop["laptop"], workshop)["session"]
                      if s["title"]["fi"] == SURVEY)
        before = survey["material"]
        assert before["sv"] and before["en"] and before["fi"]
        page.locator(f"#th-{survey['id']}-box summary").click()
        for lang in ("fi", "sv", "en"):
            box = page.locator(f"#th-{survey['id']}-{lang}")
            assert box.get_attribute("lang") == lang
            assert box.input_value() == before[lang]
        swedish = page.locator(f"#th-{survey['id']}-box").get_by_label(
            "Materiaali ruotsiksi (Markdown)")
        assert swedish.get_attribute("id") == f"th-{survey['id']}-sv"
        page.locator(f"#th-{survey['id']}-fi").fill("# Uusi alku\n\nVastaa omin sanoin.")
        page.locator(f"#th-{survey['id']}-box button[type=submit]").press("Enter")
        page.wait_for_selector("#announcer:has-text('Tallennettu')", state="attached")
        after = next(s for s in entities(workshop["laptop"], workshop)["session"]
                     if s["id"] == survey["id"])["material"]
        assert after == {**before, "fi": "# Uusi alku\n\nVastaa omin sanoin."}
    finally:
        laptop.close()
