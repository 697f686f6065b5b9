"""In a browser: a participant reads their data on the phone and deletes their account; a
facilitator erases another participant from the people list. Each step is checked with
axe, and the phone's page is looked at 320 and 360 px wide (no sideways scroll)."""

from __future__ import annotations

import uuid

from conftest import AXE, PASSWORD, PHONE
from live_client import WebClient
from test_browser import join, log_in, run_axe


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_my_data_and_deleting_my_account(browser, server, tmp_path):
    api = WebClient(server.url).login("anna", PASSWORD)
    workshop = api.api("POST", "/api/workshops", json={"id": str(uuid.uuid4()),
                                                       "name": "Tietosuoja"}).json()
    phone = browser.new_context(**PHONE, locale="fi-FI", accept_downloads=True, bypass_csp=True)
    try:
        member = join(phone, server, workshop["join_code"], "Aino Erasmaa")
        member.click("#open-mydata")
        member.wait_for_selector("#mydata-section")
        assert "Aino Erasmaa" in member.inner_text("#mydata")
        # In words, not in keys: the page's strings reached it.
        assert member.inner_text("#mydata h2").strip() == "Omat tietoni"
        assert member.inner_text("#erase-start").strip() == "Poista tilini…"
        for width in (320, 360):
            member.set_viewport_size({"width": width, "height": 700})
            member.screenshot(path=str(tmp_path / f"mydata-{width}.png"), full_page=True)
            assert no_sideways_scroll(member), width
        if AXE.exists():
            assert run_axe(member) == []
        with member.expect_download() as page_file:
            member.click("#mydata-html")
        with open(page_file.value.path(), encoding="utf-8") as handle:
            assert "Aino Erasmaa" in handle.read()

        member.click("#erase-start")
        member.click("#erase-next")  # nothing chosen: told to choose, nothing done
        member.wait_for_selector("#erase-pick-error:not(:empty)")
        member.check("input[value=anonymise]")
        member.click("#erase-next")
        member.wait_for_selector("#erase-confirm")
        if AXE.exists():
            assert run_axe(member) == []
        member.screenshot(path=str(tmp_path / "erase-confirm.png"), full_page=True)
        assert no_sideways_scroll(member)
        member.click("#erase-confirm")
        member.wait_for_selector("#mydata h2:has-text('poistettu'), #mydata h2:has-text('deleted')")
        people = api.api("GET", f"/api/workshops/{workshop['id']}/members").json()
        assert [m for m in people if m["erased"]] and "Aino Erasmaa" not in str(people)
        member.reload()
        member.wait_for_load_state()
        assert "Aino Erasmaa" not in member.content()
    finally:
        phone.close()


def test_a_facilitator_erases_someone_who_asked(browser, server):
    api = WebClient(server.url).login("anna", PASSWORD)
    workshop = api.api("POST", "/api/workshops", json={"id": str(uuid.uuid4()),
                                                       "name": "Pyyntö"}).json()
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI",
                                 bypass_csp=True)
    phone = browser.new_context(**PHONE, locale="fi-FI")
    try:
        join(phone, server, workshop["join_code"], "Ville Pyytäjä")
        facilitator = log_in(laptop, server)
        facilitator.goto(f"{server.url}/f/w/{workshop['id']}/people")
        facilitator.wait_for_selector(".member-row:has-text('Ville Pyytäjä')")
        facilitator.click(".member-row:has-text('Ville Pyytäjä') [data-erase]")
        facilitator.wait_for_selector("#erase-dialog[open]")
        facilitator.click("#erase-dialog button[type=submit]")  # nothing chosen yet
        facilitator.wait_for_selector("#erase-dialog-error:not(:empty)")
        facilitator.check("#erase-dialog input[value=remove]")
        facilitator.wait_for_selector("#erase-dialog-remains")
        if AXE.exists():
            assert run_axe(facilitator) == []
        facilitator.click("#erase-dialog button[type=submit]")
        facilitator.wait_for_selector(".member-row:has-text('Ville Pyytäjä')", state="detached")
        people = api.api("GET", f"/api/workshops/{workshop['id']}/members").json()
        assert [m for m in people if m["erased"]] and "Pyytäjä" not in str(people)
    finally:
        laptop.close()
        phone.close()


def test_someone_removed_earlier_is_erased_when_they_ask(browser, server):
    api = WebClient(server.url).login("anna", PASSWORD)
    workshop = api.api("POST", "/api/workshops", json={"id": str(uuid.uuid4()),
                                                       "name": "Jälkikäteen"}).json()
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI",
                                 bypass_csp=True)
    phone = browser.new_context(**PHONE, locale="fi-FI")
    try:
        join(phone, server, workshop["join_code"], "Kaisa Kysyjä")
        people = api.api("GET", f"/api/workshops/{workshop['id']}/members").json()
        kaisa = next(m for m in people if m["display_name"] == "Kaisa Kysyjä")
        removed = api.api("POST", f"/api/workshops/{workshop['id']}/commands/member.remove",
                          json={"member_id": kaisa["id"]})
        assert removed.status_code == 200, removed.text
        # Removed, Paja still holds her name: that is what she asks to have erased.
        assert "Kaisa Kysyjä" in str(api.api("GET",
                                             f"/api/workshops/{workshop['id']}/members").json())
        facilitator = log_in(laptop, server)
        facilitator.goto(f"{server.url}/f/w/{workshop['id']}/people")
        # Not among the workshop's people any more, but listed with the removed.
        row = facilitator.locator("#removed-members .member-row:has-text('Kaisa Kysyjä')")
        row.wait_for()
        assert facilitator.locator("#members .member-row:has-text('Kaisa Kysyjä')").count() == 0
        row.locator("[data-erase]").click()
        facilitator.wait_for_selector("#erase-dialog[open]")
        facilitator.check("#erase-dialog input[value=anonymise]")
        if AXE.exists():
            assert run_axe(facilitator) == []
        facilitator.click("#erase-dialog button[type=submit]")
        facilitator.wait_for_selector("#removed-members", state="detached")
        people = api.api("GET", f"/api/workshops/{workshop['id']}/members").json()
        assert "Kysyjä" not in str(people)
    finally:
        laptop.close()
        phone.close()
