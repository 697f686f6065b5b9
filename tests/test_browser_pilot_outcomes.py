"""Pilot outcomes in real Chromium: a facilitator uploads partners' updates from a CSV file
on the cockpit's Pilots card (a refused file lists its problems by line and changes nothing;
a good one is counted and the overview shows it), the programme's progress shows beside
each pilot's, and the outcomes page ("you said, we did") reads on a 320 px phone, by its
members' address and by the shared read-only link. Each state passes axe-core."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import PHONE
from test_browser import join
from test_browser_board import command
from test_browser_pilots import LAPTOP, assert_axe, open_pilots, shots, workshop  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_partners_updates_from_a_sheet_and_the_outcomes_page(browser, server, workshop,  # noqa: F811
                                                             tmp_path):
    laptop = browser.new_context(**LAPTOP)
    phone = browser.new_context(**PHONE, locale="fi-FI", bypass_csp=True)
    try:
        facilitator = open_pilots(laptop, server, workshop)
        facilitator.click("#pilots-import summary")
        day = date.today() - timedelta(days=20)
        broken = tmp_path / "paivitykset.csv"
        broken.write_text("pilotti;päivä;mitä teimme\nDigikahvila;2026-10-01;Kokeilu\n"
                          "Kuukausikahvila;2026-10-08;Toinen\n", encoding="utf-8")
        facilitator.set_input_files("#pilots-import-file", str(broken))
        facilitator.click("#pilots-import button[type=submit]")
        facilitator.wait_for_selector("#pilots-import-problems")
        problems = facilitator.inner_text("#pilots-import-problems")
        assert "Rivi 3" in problems and "Kuukausikahvila" in problems
        assert_axe(facilitator)
        assert facilitator.inner_text("#pilots tbody").count("Kokeilu") == 0  # nothing in

        good = tmp_path / "pilot_updates.csv"
        good.write_text(
            "\ufeffpilotti / pilot;päivä / date;mitä teimme / did;esteet / blockers\r\n"
            f"Digikahvila;{day.day}.{day.month}.{day.year};Ensimmäinen kahvila kirjastossa;"
            "Tabletteja liian vähän\r\n", encoding="utf-8")
        facilitator.set_input_files("#pilots-import-file", str(good))
        facilitator.click("#pilots-import button[type=submit]")
        facilitator.wait_for_selector("#pilots-import-result .notice")
        assert "1" in facilitator.inner_text("#pilots-import-result")
        assert not facilitator.locator("#pilots-import-problems").count()
        row = facilitator.locator(f"#pilots tr[data-pilot='{workshop['pilot']['id']}']")
        row.locator("text=Tabletteja liian vähän").wait_for()  # its blocker, open
        assert_axe(facilitator)
        facilitator.screenshot(path=str(shots(server) / "pilots-import.png"), full_page=True)

        # The team's own estimate moves the pilot and the programme with it.
        command(workshop["laptop"], workshop, "pilot.save", pilot_id=workshop["pilot"]["id"],
                progress=60)
        facilitator.locator(".pilots-whole:has-text('60')").wait_for()

        member = join(phone, server, workshop["join_code"], "Sirpa")
        member.set_viewport_size({"width": 320, "height": 700})
        member.goto(f"{server.url}/w/{workshop['id']}/outcomes")
        member.locator("text=Ensimmäinen kahvila kirjastossa").wait_for()
        assert "Digikahvila" in member.inner_text("main")
        assert member.evaluate("document.documentElement.scrollWidth <= innerWidth + 1")
        assert_axe(member)
        member.screenshot(path=str(shots(server) / "outcomes-320.png"), full_page=True)

        shared = command(workshop["laptop"], workshop, "workshop.outcomes_link", share=True)
        outsider = browser.new_context(**PHONE, locale="fi-FI", bypass_csp=True)
        try:
            page = outsider.new_page()
            page.goto(f"{server.url}/o/{shared['outcomes_token']}")
            page.locator("text=Ensimmäinen kahvila kirjastossa").wait_for()
            assert "Sirpa" not in page.content()
            assert_axe(page)
        finally:
            outsider.close()
    finally:
        laptop.close()
        phone.close()
