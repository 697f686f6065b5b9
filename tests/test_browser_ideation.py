"""Ideation in real Chromium: a participant adds ideas from a phone (one of them while
offline), the facilitator groups one on the board by keyboard and turns the group into a
concept, and the phone then shows the concept. The views pass axe-core."""

from __future__ import annotations

import uuid

import pytest
from conftest import AXE, PHONE
from test_browser import join, log_in, open_section, run_axe
from test_browser_board import command, entities, ideation_workshop

pytestmark = [pytest.mark.browser, pytest.mark.live]


@pytest.fixture
def workshop(server):
    return ideation_workshop(server, "Miten voisimme auttaa asioinnissa verkossa?")


def test_idea_from_a_phone_grouped_by_keyboard_becomes_a_concept(browser, server, workshop):
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI",
                                 bypass_csp=True)
    phone = browser.new_context(**PHONE, locale="fi-FI", bypass_csp=True)
    try:
        participant = join(phone, server, workshop["join_code"], "Aino")
        participant.wait_for_selector(".question-text:has-text('Miten voisimme auttaa')")
        participant.fill("#idea-text", "Digituki kirjastoon <i>iltaisin</i>")
        participant.click("#board form button[type=submit]")
        participant.wait_for_selector(".idea-card .idea-text:has-text('Digituki kirjastoon')")
        assert participant.locator(".idea-card i").count() == 0  # text, never HTML

        # Offline: the idea waits on the phone, marked as not sent, and goes once online.
        phone.set_offline(True)
        participant.wait_for_selector("#connection[data-state=offline]")
        participant.fill("#idea-text", "Tabletteja lainaksi")
        participant.click("#board form button[type=submit]")
        participant.wait_for_selector(".idea-card.pending:has-text('Tabletteja lainaksi')")
        phone.set_offline(False)
        participant.wait_for_selector(".idea-card:not(.pending):has-text('Tabletteja lainaksi')")
        texts = sorted(i["text"] for i in entities(workshop["laptop"], workshop)["idea"])
        assert texts == ["Digituki kirjastoon <i>iltaisin</i>", "Tabletteja lainaksi"]

        facilitator = log_in(laptop, server)
        facilitator.goto(f"{server.url}/f/w/{workshop['id']}/ideas")
        card = facilitator.locator(
            "#ideation .idea-card:has(.idea-text:has-text('Digituki kirjastoon'))")
        card.wait_for()
        idea_id = card.get_attribute("data-idea")
        # By keyboard: on the card, "m" opens the move dialog; the arrow key only chooses
        # "new group" (after "not grouped"), Enter moves it there.
        card.focus()
        facilitator.keyboard.press("m")
        facilitator.locator("#move-dialog[open]").wait_for()
        facilitator.keyboard.press("ArrowDown")
        assert entities(workshop["laptop"], workshop).get("idea_cluster", []) == []
        facilitator.keyboard.press("Enter")
        cluster = facilitator.locator("#ideation .cluster:not(.loose)")
        cluster.locator(f"[data-idea='{idea_id}']").wait_for()
        assert facilitator.evaluate("document.activeElement.dataset.idea") == idea_id
        name = cluster.locator("input[id^=cluster-name]")
        name.focus()
        facilitator.keyboard.type("Kirjaston digituki")
        facilitator.keyboard.press("Enter")
        facilitator.wait_for_function("() => [...document.querySelectorAll('#ideation .cluster "
                                      "input')].some(i => i.value === 'Kirjaston digituki')")
        make = cluster.get_by_role("button", name="Tee konsepti: Kirjaston digituki")
        make.focus()
        facilitator.keyboard.press("Enter")
        facilitator.wait_for_function(
            "() => !document.querySelector('#ideation .cluster [aria-busy]')")
        facilitator.click("[data-section=concepts]")
        concept = facilitator.locator(
            "#concepts .concept-board-card:has-text('Kirjaston digituki')")
        concept.wait_for()

        # The phone sees the concept and can comment on it.
        participant.click("[data-view=concepts]")
        participant.get_by_role("button", name="Kirjaston digituki").click()
        participant.wait_for_selector("h2.concept-name:has-text('Kirjaston digituki')")
        participant.wait_for_selector(".source-ideas li:has-text('Digituki kirjastoon')")
        participant.fill("#concept-comment", "Voisin olla vertaisohjaaja!")
        participant.click("#board form button[type=submit]")
        # On the concepts board, "e" opens the card with its comments.
        concept.focus()
        facilitator.keyboard.press("e")
        facilitator.wait_for_selector(
            ".concept-editor .comment:has-text('Voisin olla vertaisohjaaja')")
        # Opened to participants, the phone writes a concept of its own.
        open_section(facilitator, "ideas")
        facilitator.wait_for_selector(f"#set-grouping_open-{workshop['hmw']['id']}")
        facilitator.focus(f"#set-grouping_open-{workshop['hmw']['id']}")
        facilitator.keyboard.press("Space")
        participant.get_by_role("button", name="Kaikki konseptit").click()
        participant.get_by_role("button", name="+ Uusi konsepti").click()
        participant.fill("#c-new-name", "Tablettilainaamo")
        participant.fill("#c-new-what", "Kirjasto lainaa tabletteja kotiin")
        participant.get_by_role("button", name="Tallenna").click()
        facilitator.wait_for_function(
            f"() => document.getElementById('set-grouping_open-{workshop['hmw']['id']}').checked")
        facilitator.click("[data-section=concepts]")
        facilitator.wait_for_selector("#concepts .concept-name:has-text('Tablettilainaamo')")
        participant.screenshot(path=str(server.log.parent / "phone-concept.png"), full_page=True)
        facilitator.screenshot(path=str(server.log.parent / "laptop-ideation.png"),
                               full_page=True)
        if AXE.exists():
            assert run_axe(participant) == []
            participant.click("[data-view=ideas]")
            participant.wait_for_selector(".question-text")
            assert run_axe(participant) == []
            assert run_axe(facilitator) == []
    finally:
        laptop.close()
        phone.close()


def test_a_groups_phone_sees_its_own_questions_and_the_facilitator_sees_all_by_group(
        browser, server, workshop):
    """Group A's question is on group A's phones; a phone in group B is offered group B's
    question and the whole workshop's, never group A's, and opens at group B's own question
    once the facilitator puts it on. The cockpit lists every question under its group."""
    laptop = workshop["laptop"]
    group_b = command(laptop, workshop, "group.save", id=str(uuid.uuid4()), name="Ryhmä B")
    challenge_b = next(c for c in entities(laptop, workshop)["challenge"]
                       if c["group_id"] == group_b["id"])
    question_b = command(laptop, workshop, "hmw.save", id=str(uuid.uuid4()),
                         challenge_id=challenge_b["id"],
                         text="Miten voisimme neuvoa puhelimessa?")
    everyone = command(laptop, workshop, "hmw.save", id=str(uuid.uuid4()),
                       text="Miten voisimme oppia toisiltamme?")
    phone = browser.new_context(**PHONE, locale="fi-FI", bypass_csp=True)
    cockpit = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI",
                                  bypass_csp=True)
    try:
        participant = join(phone, server, workshop["join_code"], "Bertta")
        member = next(m for m in entities(laptop, workshop)["member"]
                      if m["display_name"] == "Bertta")
        command(laptop, workshop, "group.assign", member_id=member["id"],
                group_id=group_b["id"])
        # Group A's question is on its phones, but this phone is in group B: it offers
        # group B's question and the whole workshop's to choose from.
        picks = participant.locator("#board .question-pick")
        participant.wait_for_function(
            "() => document.querySelectorAll('#board .question-pick').length === 2")
        texts = picks.all_inner_texts()
        assert sorted(texts) == sorted(["Miten voisimme neuvoa puhelimessa?",
                                        "Miten voisimme oppia toisiltamme?"])
        assert participant.locator(".question-text:has-text('auttaa asioinnissa')").count() == 0
        participant.screenshot(path=str(server.log.parent / "phone-group-questions.png"),
                               full_page=True)

        # Group B's question on its phones: this phone opens at it.
        command(laptop, workshop, "hmw.settings", hmw_id=question_b["id"], live=True)
        participant.wait_for_selector(".question-text:has-text('neuvoa puhelimessa')")
        assert {q["id"] for q in entities(laptop, workshop)["hmw"] if q["live"]} == {
            workshop["hmw"]["id"], question_b["id"]}

        facilitator = log_in(cockpit, server)
        facilitator.goto(f"{server.url}/f/w/{workshop['id']}/ideas")
        facilitator.locator("#board-question optgroup[label='Ryhmä B'] option").wait_for(
            state="attached")
        groups = facilitator.eval_on_selector_all(
            "#board-question optgroup",
            "els => els.map(g => [g.label, [...g.querySelectorAll('option')]"
            ".map(o => o.textContent.trim())])")
        assert [texts for _label, texts in groups] == [
            [everyone["text"]["fi"]], [workshop["hmw"]["text"]["fi"]],
            [question_b["text"]["fi"]]]
        assert groups[2][0] == "Ryhmä B"
        facilitator.screenshot(path=str(server.log.parent / "laptop-group-questions.png"),
                               full_page=True)
    finally:
        phone.close()
        cockpit.close()
