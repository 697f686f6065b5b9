"""Pilots in real Chromium: a team member joins a pilot on a phone, logs an update with a
measure value, a blocker and a request for help, and the cockpit's Pilots section (opened by
its own address) shows it at once, flagged; the measure is drawn against its target. The
cockpit opens one pilot's page at a time, by keyboard too, and focus stays on what was acted
on; a half-typed update survives others' updates arriving; the server's field error shows
beside its field; removing asks first. The views pass axe-core in each state, fit 320 and
360 px phones, and are photographed (PAJA_SHOTS=<dir> keeps the pictures)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from conftest import AXE, PASSWORD, PHONE
from live_client import WebClient
from test_browser import join, log_in, run_axe
from test_browser_board import command

pytestmark = [pytest.mark.browser, pytest.mark.live]

LAPTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "fi-FI", "bypass_csp": True}


def shots(server) -> Path:
    folder = Path(os.environ.get("PAJA_SHOTS") or server.log.parent)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def focused(page) -> str:
    return page.evaluate("document.activeElement ? document.activeElement.tagName : ''")


def assert_axe(page):
    if AXE.exists():
        assert run_axe(page) == []


@pytest.fixture
def workshop(server):
    laptop = WebClient(server.url).login("anna", PASSWORD)
    created = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching"}).json()
    concept = command(laptop, created, "concept.save", id=str(uuid.uuid4()), name="Digikahvila")
    pilot = command(laptop, created, "pilot.create", concept_id=concept["id"])
    command(laptop, created, "pilot.measure", id=str(uuid.uuid4()), pilot_id=pilot["id"],
            name="Kävijöitä", unit="hlö", baseline=0, target=12)
    return {**created, "pilot": pilot, "laptop": laptop}


def open_pilots(context, server, workshop):
    facilitator = log_in(context, server)
    facilitator.goto(f"{server.url}/f/w/{workshop['id']}/pilots")
    facilitator.wait_for_selector("#pilots")
    return facilitator


def test_team_member_logs_an_update_from_a_phone_and_the_overview_shows_it(
        browser, server, workshop):
    phone = browser.new_context(**PHONE, locale="fi-FI", bypass_csp=True)
    laptop = browser.new_context(**LAPTOP)
    try:
        facilitator = open_pilots(laptop, server, workshop)
        assert facilitator.locator("#section-title").inner_text() == "Pilotit"
        row = facilitator.locator(f"#pilots tr[data-pilot='{workshop['pilot']['id']}']")
        row.locator("text=Päivityksiä ei ole vielä.").wait_for()
        assert_axe(facilitator)

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
        assert member.input_value(f"{prefix}-did") == ""

        row.locator("text=Ensimmäinen digikahvila kirjastossa").wait_for()
        assert "flagged" in row.get_attribute("class")
        facilitator.wait_for_selector(".pilots-summary:has-text('esteitä tai avuntarvetta: 1')")
        assert "Tarvitsemme toisen tilan" in row.inner_text()
        assert "Tiina" not in row.locator("td").nth(1).inner_text()  # team column: a count
        assert row.locator("td").nth(1).inner_text().startswith("1")
        row.locator("summary:has-text('Pilotista takaisin persooniin')").click()
        row.locator(".trace :text('Digikahvila')").first.wait_for()
        assert_axe(facilitator)
        assert_axe(member)
        for width in (360, 320):
            member.set_viewport_size({"width": width, "height": 740})
            assert member.evaluate("document.documentElement.scrollWidth") <= width
            member.screenshot(path=str(shots(server) / f"phone-pilot-{width}.png"), full_page=True)
        member.get_by_role("button", name="Kaikki pilotit").click()
        member.get_by_role("heading", name="Pilotit").wait_for()
        assert member.evaluate("document.activeElement.dataset.focus || ''").startswith("pick-")
        member.screenshot(path=str(shots(server) / "phone-pilots-320.png"), full_page=True)
    finally:
        phone.close()
        laptop.close()


def test_the_cockpit_opens_one_pilot_at_a_time_by_keyboard(browser, server, workshop):
    laptop_api = workshop["laptop"]
    command(laptop_api, workshop, "concept.save", id=str(uuid.uuid4()), name="Lähituki")
    context = browser.new_context(**LAPTOP)
    try:
        facilitator = open_pilots(context, server, workshop)
        # Start a pilot by hand for the concept without one, by keyboard only.
        select = facilitator.locator("#pilot-concept")
        select.focus()
        facilitator.keyboard.press("Tab")
        assert facilitator.evaluate("document.activeElement.textContent.trim()") == "Aloita pilotti"
        facilitator.keyboard.press("Enter")
        facilitator.locator("#pilots tbody tr").nth(1).wait_for()
        # The started pilot's page opens with its heading focused.
        facilitator.wait_for_selector("h2.pilot-title:has-text('Lähituki')")
        assert facilitator.evaluate("document.activeElement.textContent") == "Lähituki"
        assert facilitator.locator(".pilot-page").count() == 1
        assert facilitator.locator("#pilot-concept").count() == 0  # every concept has one

        # Open the other pilot from the table by keyboard: one page at a time.
        button = facilitator.locator(f"[data-focus='open-{workshop['pilot']['id']}']")
        button.focus()
        facilitator.keyboard.press("Enter")
        facilitator.wait_for_selector("h2.pilot-title:has-text('Digikahvila')")
        assert facilitator.locator(".pilot-page").count() == 1
        assert facilitator.evaluate("document.activeElement.textContent") == "Digikahvila"
        assert_axe(facilitator)

        # A field error from the server beside its field: the end before the start.
        pid = workshop["pilot"]["id"]
        facilitator.locator(f"#pd-{pid}-box > summary").click()
        facilitator.fill(f"#pd-{pid}-start", "2026-05-10")
        facilitator.fill(f"#pd-{pid}-end", "2026-05-01")
        facilitator.fill(f"#pd-{pid}-hyp", "Kirjaston kahvila tuo uusia kävijöitä")
        details = facilitator.locator(f"#pd-{pid}-box form").first
        save = details.get_by_role("button", name="Tallenna")
        save.focus()
        facilitator.keyboard.press("Enter")
        error = facilitator.locator(f"#pd-{pid}-end-error")
        error.wait_for(state="visible")
        assert "ennen alkamispäivää" in error.inner_text()
        assert focused(facilitator) != "BODY"
        # What was typed is still there; corrected, it saves.
        assert facilitator.input_value(f"#pd-{pid}-hyp") == "Kirjaston kahvila tuo uusia kävijöitä"
        facilitator.fill(f"#pd-{pid}-end", "2026-06-30")
        save.focus()
        facilitator.keyboard.press("Enter")
        error.wait_for(state="hidden")
        facilitator.wait_for_selector(".hypothesis:has-text('Kirjaston kahvila tuo uusia')")
        assert focused(facilitator) != "BODY"
        assert_axe(facilitator)

        # The status changes by keyboard and the history tells it.
        facilitator.select_option(f"#ps-{pid}-status", "running")
        facilitator.fill(f"#ps-{pid}-note", "Alkoi kirjastossa")
        facilitator.locator(f"#ps-{pid}-note").press("Enter")
        row = facilitator.locator(f"#pilots tr[data-pilot='{pid}']")
        row.locator(".badge:has-text('käynnissä')").wait_for()
        assert focused(facilitator) != "BODY"

        # Closing returns the focus to the pilot's row.
        facilitator.get_by_role("button", name="Sulje").focus()
        facilitator.keyboard.press("Enter")
        facilitator.wait_for_selector(".pilot-page", state="detached")
        assert facilitator.evaluate("document.activeElement.dataset.focus") == f"open-{pid}"
        facilitator.screenshot(path=str(shots(server) / "laptop-pilots.png"), full_page=True)
        button.click()
        facilitator.wait_for_selector(".pilot-page")
        facilitator.screenshot(path=str(shots(server) / "laptop-pilot-open.png"), full_page=True)
        height = facilitator.evaluate("document.documentElement.scrollHeight")
        assert height <= 2 * 900 + 400, height
        # The open pilot is in the address: a link (or a reload) opens the same page.
        assert facilitator.url.endswith(f"/pilots#pilot-{pid}")
        facilitator.reload()
        facilitator.wait_for_selector("h2.pilot-title:has-text('Digikahvila')")
        assert facilitator.locator(".pilot-page").count() == 1
    finally:
        context.close()


def test_a_half_typed_update_survives_updates_arriving_and_removing_asks(
        browser, server, workshop):
    laptop_api = workshop["laptop"]
    pid = workshop["pilot"]["id"]
    phone = browser.new_context(**PHONE, locale="fi-FI", bypass_csp=True)
    try:
        member = join(phone, server, workshop["join_code"], "Ville")
        member.click("[data-view=pilots]")
        member.get_by_role("button", name="Digikahvila").click()
        member.get_by_role("button", name="Liity tiimiin").click()
        field = member.locator(f"#pu-{pid}-learned")
        field.click()
        field.type("Puoliksi kirjoitettu")
        # Others write meanwhile: an update from the facilitator and a comment on the pilot.
        update = command(laptop_api, workshop, "pilot.update", id=str(uuid.uuid4()),
                         pilot_id=pid, did="Ohjaajan päivitys")
        command(laptop_api, workshop, "comment.add", id=str(uuid.uuid4()),
                target_kind="pilot", target_id=pid, body="Hyvä alku")
        member.wait_for_selector(".pilot-update:has-text('Ohjaajan päivitys')")
        member.wait_for_selector(".comments:has-text('Hyvä alku')")
        assert field.input_value() == "Puoliksi kirjoitettu"
        assert member.evaluate("document.activeElement.id") == f"pu-{pid}-learned"
        field.type(" ja jatkettu")
        assert field.input_value() == "Puoliksi kirjoitettu ja jatkettu"
        # A reload keeps the draft.
        member.reload()
        member.click("[data-view=pilots]")
        member.get_by_role("button", name="Digikahvila").click()
        assert member.input_value(f"#pu-{pid}-learned") == "Puoliksi kirjoitettu ja jatkettu"

        # The member's own update can be removed, after a question; cancelling keeps it.
        member.fill(f"#pu-{pid}-did", "Oma päivitys")
        member.get_by_role("button", name="Lähetä päivitys").click()
        mine = member.locator(".pilot-update:has-text('Oma päivitys')")
        mine.wait_for()
        mine.get_by_role("button", name="Poista päivitys").click()
        dialog = member.locator("dialog.confirm-dialog")
        dialog.wait_for()
        assert_axe(member)
        dialog.get_by_role("button", name="Peru", exact=True).click()
        assert mine.count() == 1
        mine.get_by_role("button", name="Poista päivitys").click()
        dialog.get_by_role("button", name="Kyllä").click()
        mine.wait_for(state="detached")
        assert member.locator(".pilot-update:has-text('Ohjaajan päivitys')").count() == 1
        assert update["id"]
        assert_axe(member)
    finally:
        phone.close()


def test_an_update_the_server_refuses_comes_back_with_its_words_beside_the_field(
        browser, server, workshop):
    pid = workshop["pilot"]["id"]
    phone = browser.new_context(**PHONE, locale="fi-FI", bypass_csp=True)
    try:
        member = join(phone, server, workshop["join_code"], "Aino")
        member.click("[data-view=pilots]")
        member.get_by_role("button", name="Digikahvila").click()
        member.get_by_role("button", name="Liity tiimiin").click()
        # Pasted text with an invisible direction override: the server refuses it, after
        # the update has left the form (it was queued).
        written = "Kävijöitä oli \u202epaljon"
        member.fill(f"#pu-{pid}-did", written)
        member.fill(f"#pu-{pid}-learned", "Tämä osa oli kunnossa")
        member.get_by_role("button", name="Lähetä päivitys").click()
        error = member.locator(f"#pu-{pid}-did-error")
        error.wait_for(state="visible")
        assert "tekstin suuntaa" in error.inner_text()
        assert member.input_value(f"#pu-{pid}-did") == written
        assert member.input_value(f"#pu-{pid}-learned") == "Tämä osa oli kunnossa"
        assert member.get_attribute(f"#pu-{pid}-did", "aria-invalid") == "true"
        assert member.locator(".pilot-update").count() == 0
        # Corrected, it goes, and the error goes with it.
        member.fill(f"#pu-{pid}-did", "Kävijöitä oli paljon")
        member.get_by_role("button", name="Lähetä päivitys").click()
        member.wait_for_selector(".pilot-update:has-text('Kävijöitä oli paljon')")
        assert error.is_hidden()
        assert_axe(member)
    finally:
        phone.close()


def test_a_past_months_blocker_stays_on_the_overview_until_the_team_resolves_it(
        browser, server, workshop):
    """The team enters October's update today, with a blocker; November's has none. The
    overview still lists October's blocker (dated October), the log shows each update on its
    own day, and when the team marks the blocker resolved on the phone it leaves the
    overview."""
    phone = browser.new_context(**PHONE, locale="fi-FI", bypass_csp=True)
    laptop = browser.new_context(**LAPTOP)
    pid = workshop["pilot"]["id"]
    try:
        member = join(phone, server, workshop["join_code"], "Olli")
        member.click("[data-view=pilots]")
        member.get_by_role("button", name="Digikahvila").click()
        member.get_by_role("button", name="Liity tiimiin").click()
        prefix = f"#pu-{pid}"
        day = member.get_by_label("Päivä", exact=True)
        assert day.get_attribute("max") == day.input_value()  # today, and no later
        for when, did, blocker in (("2026-10-05", "Lokakuun kahvila", "Tila puuttuu"),
                                   ("2026-11-02", "Marraskuun kahvila", "")):
            day.fill(when)
            member.fill(f"{prefix}-did", did)
            if blocker:
                member.fill(f"{prefix}-blockers", blocker)
            member.get_by_role("button", name="Lähetä päivitys").click()
            member.wait_for_selector(f".pilot-update:has-text('{did}')")
        log = member.locator(".pilot-update")
        # Newest first, each on the day it tells of.
        assert "2.11.2026" in log.nth(0).inner_text()
        assert "5.10.2026" in log.nth(1).inner_text()
        october = log.nth(1)
        october.locator(".badge:has-text('Vielä avoin')").wait_for()

        facilitator = open_pilots(laptop, server, workshop)
        row = facilitator.locator(f"#pilots tr[data-pilot='{pid}']")
        flags = row.locator(".open-flag")
        flags.first.wait_for()
        assert flags.count() == 1
        assert "Tila puuttuu" in flags.first.inner_text()
        assert "5.10.2026" in flags.first.inner_text()
        assert "Marraskuun kahvila" in row.inner_text()  # the latest update is November's
        assert_axe(facilitator)
        assert_axe(member)

        facilitator.screenshot(path=str(shots(server) / "cockpit-open-flags.png"))
        member.set_viewport_size({"width": 320, "height": 740})
        assert member.evaluate("document.documentElement.scrollWidth") <= 320
        october.screenshot(path=str(shots(server) / "phone-open-flag-320.png"))
        october.get_by_role("button", name="Merkitse ratkaistuksi").click()
        october.locator(".badge:has-text('Ratkaistu')").wait_for()
        assert "Olli" in october.locator(".badge").inner_text()
        flags.first.wait_for(state="detached")
        assert "flagged" not in (row.get_attribute("class") or "")
        facilitator.wait_for_selector(".pilots-summary:has-text('esteitä tai avuntarvetta: 0')")
    finally:
        phone.close()
        laptop.close()
