"""In a browser: a facilitator adds someone without a device and types in an idea for
them from the cockpit's Participation section; that person later comes in on a phone with
their own link and finds the idea as theirs, "entered with help by" the facilitator. The
participation view then matches what people did, and its reminder goes once. axe runs in
each new state; the phone is looked at 320 and 360 px wide."""

from __future__ import annotations

import pytest
from conftest import AXE, PHONE
from test_browser import join, log_in, run_axe
from test_browser_board import ideation_workshop

pytestmark = [pytest.mark.browser, pytest.mark.live]


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def workshop(server):
    return ideation_workshop(server, "Miten voisimme auttaa ilman laitetta?")


def test_an_idea_entered_with_help_shows_on_their_phone_and_in_the_view(browser, server,
                                                                          workshop, tmp_path):
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI",
                                 bypass_csp=True)
    phones = [browser.new_context(**PHONE, locale="fi-FI", bypass_csp=True) for _ in range(2)]
    try:
        ville = join(phones[0], server, workshop["join_code"], "Ville Puhelin")
        ville.wait_for_selector(".question-text:has-text('ilman laitetta')")
        ville.fill("#idea-text", "Neuvontapiste kirjastoon")
        ville.click("#board form button[type=submit]")
        ville.wait_for_selector(".idea-card:not(.pending):has-text('Neuvontapiste')")

        facilitator = log_in(laptop, server)
        facilitator.clock.install()  # time runs as ever, but the presence poll can be hurried
        facilitator.goto(f"{server.url}/f/w/{workshop['id']}/participation")
        facilitator.wait_for_selector("#participation-table tr:has-text('Ville Puhelin')")
        # Someone without a device: added by name, then an idea typed in for them.
        facilitator.fill("#part-add-name", "Helmi Paperi")
        facilitator.click("#part-add-send")
        facilitator.wait_for_selector("#part-member option:checked:has-text('Helmi')",
                                     state="attached")
        facilitator.check("#part-enter input[value=idea]")
        facilitator.fill("#part-text", "Paperilomake ja apu kirjastossa")
        facilitator.click("#part-send")
        facilitator.wait_for_selector("#part-enter .notice.ok:has-text('Helmi Paperi')")
        row = facilitator.locator("#participation-table tr:has-text('Helmi Paperi')")
        row.locator("td[data-kind=ideas]:has-text('1')").wait_for()
        row.locator("td[data-kind=helped]:has-text('1')").wait_for()
        ville_row = facilitator.locator("#participation-table tr:has-text('Ville Puhelin')")
        ville_row.locator("td[data-kind=ideas]:has-text('1')").wait_for()
        ville_row.locator(".badge.ok").wait_for()  # here now: his phone is connected
        if AXE.exists():
            assert run_axe(facilitator) == []
        facilitator.screenshot(path=str(tmp_path / "participation.png"), full_page=True)
        # Ville's phone shows Helmi's idea, never that she had help.
        ville.wait_for_selector(".idea-card:has-text('Paperilomake ja apu')")
        assert ville.locator(".helped-by").count() == 0

        # Helmi gets a phone: her own link opens Paja as her, with her idea.
        row.locator(".part-own-link summary").click()
        link = row.locator("a.own-link").get_attribute("href")
        helmi = phones[1].new_page()
        helmi.goto(link)
        helmi.click("button[type=submit]")  # the link's page asks before letting her in
        helmi.wait_for_selector(".ideas.mine .idea-card:has-text('Paperilomake ja apu')")
        helped = helmi.locator(".ideas.mine .helped-by")
        helped.wait_for()
        assert "Anna" in helped.inner_text()
        for width in (320, 360):
            helmi.set_viewport_size({"width": width, "height": 700})
            helmi.screenshot(path=str(tmp_path / f"helped-{width}.png"), full_page=True)
            assert no_sideways_scroll(helmi), width
        if AXE.exists():
            assert run_axe(helmi) == []
        # She is here now, in the open view too: being here is no board change, so the view
        # asks again by itself while it is on screen (every 20 s).
        facilitator.clock.fast_forward(21_000)
        row.locator(".badge.ok").wait_for()
    finally:
        laptop.close()
        for phone in phones:
            phone.close()
