"""The facilitator's ideas board and concepts board in real Chromium: cards dragged into
groups with a mouse and by touch, the same by keyboard alone, several at once; the move
dialog changes nothing until confirmed; merging asks; focus and a half-typed group name
survive ideas arriving; session-wide settings; axe clean; screenshots at 1280 px."""

from __future__ import annotations

import uuid

import pytest
from conftest import AXE, PASSWORD
from live_client import WebClient
from test_browser import log_in, run_axe
from test_browser_board import command, entities, go_to_phase

pytestmark = [pytest.mark.browser, pytest.mark.live]

LAPTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "fi-FI", "bypass_csp": True}


@pytest.fixture
def workshop(server):
    laptop = WebClient(server.url).login("anna", PASSWORD)
    created = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching"}).json()
    group = command(laptop, created, "group.split", count=1, method="random")[0]
    challenge = next(c for c in entities(laptop, created)["challenge"]
                     if c["group_id"] == group["id"])
    hmw = command(laptop, created, "hmw.save", id=str(uuid.uuid4()),
                  challenge_id=challenge["id"], text="Miten voisimme auttaa asioinnissa?")
    command(laptop, created, "hmw.settings", hmw_id=hmw["id"], live=True)
    go_to_phase(laptop, created, "ideation", position=2)
    aino = WebClient(server.url)
    aino.join(created["join_code"], "Aino")
    ideas = [command(aino, created, "idea.add", id=str(uuid.uuid4()), hmw_id=hmw["id"],
                     text=text)
             for text in ("Digituki kirjastoon", "Tabletteja lainaksi", "Vertaisohjaajat",
                          "Neuvontapiste kauppaan", "Puhelinneuvonta")]
    clusters = [command(laptop, created, "cluster.save", id=str(uuid.uuid4()),
                        hmw_id=hmw["id"], name=name) for name in ("Tuki", "Laitteet")]
    return {**created, "hmw": hmw, "laptop": laptop, "aino": aino, "ideas": ideas,
            "clusters": clusters, "challenge": challenge}


def open_board(context, server, workshop, section="ideas", ready="[data-board] [data-card]"):
    page = log_in(context, server)
    page.on("pageerror", lambda error: print("PAGE ERROR", error))
    page.on("console", lambda message: print("CONSOLE", message.text))
    page.goto(f"{server.url}/f/w/{workshop['id']}/{section}")
    page.wait_for_selector(ready)
    return page


def card(page, idea):
    return page.locator(f"[data-card='{idea['id']}']")


def cluster_of(workshop, idea):
    found = next(i for i in entities(workshop["laptop"], workshop)["idea"]
                 if i["id"] == idea["id"])
    return found["cluster_id"]


def wait_in(page, idea, cluster):
    page.locator(f"[data-zone='{cluster['id']}'] [data-card='{idea['id']}']").wait_for()


def test_drag_a_card_into_a_group_with_the_mouse(browser, server, workshop):
    context = browser.new_context(**LAPTOP)
    try:
        page = open_board(context, server, workshop)
        idea, target = workshop["ideas"][0], workshop["clusters"][0]
        page.locator(f"[data-zone='{target['id']}']").scroll_into_view_if_needed()
        source = card(page, idea).bounding_box()
        zone = page.locator(f"[data-zone='{target['id']}']").bounding_box()
        page.mouse.move(source["x"] + 40, source["y"] + 10)
        page.mouse.down()
        for step in range(1, 11):  # several moves, as a hand does
            page.mouse.move(source["x"] + 40 + (zone["x"] + 60 - source["x"] - 40) * step / 10,
                            source["y"] + 10 + (zone["y"] + 30 - source["y"] - 10) * step / 10)
        page.wait_for_selector(f"[data-zone='{target['id']}'].drop-target")
        page.mouse.up()
        wait_in(page, idea, target)
        assert cluster_of(workshop, idea) == target["id"]
        page.screenshot(path=str(server.log.parent / "board-ideas-1280.png"), full_page=True)
    finally:
        context.close()


def test_drag_a_card_into_a_group_by_touch(browser, server, workshop):
    context = browser.new_context(**LAPTOP, has_touch=True)
    try:
        page = open_board(context, server, workshop)
        idea, target = workshop["ideas"][1], workshop["clusters"][1]
        page.locator(f"[data-zone='{target['id']}']").scroll_into_view_if_needed()
        handle = card(page, idea).locator(".drag-handle").bounding_box()
        zone = page.locator(f"[data-zone='{target['id']}']").bounding_box()
        start = (handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
        end = (zone["x"] + zone["width"] / 2, zone["y"] + 30)
        # Playwright's touchscreen only taps; a finger's drag goes through the DevTools
        # protocol, so the browser makes real touch pointer events (with capture).
        cdp = context.new_cdp_session(page)

        def touch(kind, x, y):
            points = [] if kind == "touchEnd" else [{"x": x, "y": y, "id": 1}]
            cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

        page.evaluate("""() => { window.__types = new Set();
            document.addEventListener('pointermove',
                e => window.__types.add(e.pointerType), true); }""")
        touch("touchStart", *start)
        for step in range(1, 13):
            touch("touchMove", start[0] + (end[0] - start[0]) * step / 12,
                  start[1] + (end[1] - start[1]) * step / 12)
        page.wait_for_selector(f"[data-zone='{target['id']}'].drop-target")
        touch("touchEnd", *end)
        assert page.evaluate("[...window.__types]") == ["touch"]
        wait_in(page, idea, target)
        assert cluster_of(workshop, idea) == target["id"]
    finally:
        context.close()


def test_keyboard_only_move_and_the_dialog_changes_nothing_until_confirmed(
        browser, server, workshop):
    context = browser.new_context(**LAPTOP)
    try:
        page = open_board(context, server, workshop)
        first = workshop["ideas"][0]
        # Tab reaches the grid's one tab stop; the arrow keys move focus, never the card.
        card(page, first).focus()
        page.keyboard.press("ArrowDown")
        second = workshop["ideas"][1]
        assert page.evaluate("document.activeElement.dataset.card") == second["id"]
        page.keyboard.press("ArrowUp")
        assert page.evaluate("document.activeElement.dataset.card") == first["id"]
        assert all(i["cluster_id"] is None for i in entities(workshop["laptop"], workshop)["idea"])

        page.keyboard.press("m")
        dialog = page.locator("#move-dialog[open]")
        dialog.wait_for()
        for key in ("ArrowDown", "ArrowUp", "ArrowUp", "ArrowDown", "ArrowUp"):
            page.keyboard.press(key)
        # Choosing with arrows only highlights: the server still has every idea ungrouped.
        assert all(i["cluster_id"] is None for i in entities(workshop["laptop"], workshop)["idea"])
        page.keyboard.press("Escape")
        page.wait_for_selector("#move-dialog:not([open])", state="attached")
        assert page.evaluate("document.activeElement.dataset.card") == first["id"]
        assert all(i["cluster_id"] is None for i in entities(workshop["laptop"], workshop)["idea"])

        # Now for real: Enter opens, arrows choose "Laitteet", Enter moves.
        page.keyboard.press("Enter")
        dialog.wait_for()
        target = workshop["clusters"][1]
        page.locator("#move-dialog input[type=radio]").first.focus()
        page.keyboard.press("ArrowDown")  # Tuki -> Laitteet
        checked = page.evaluate("document.querySelector('#move-dialog input:checked').value")
        assert checked == target["id"]
        assert cluster_of(workshop, first) is None
        page.keyboard.press("Enter")
        wait_in(page, first, target)
        assert cluster_of(workshop, first) == target["id"]
        # Focus followed the card to its new place.
        page.wait_for_function(
            f"() => document.activeElement?.dataset.card === '{first['id']}'")
    finally:
        context.close()


def test_several_cards_selected_and_moved_at_once(browser, server, workshop):
    context = browser.new_context(**LAPTOP)
    try:
        page = open_board(context, server, workshop)
        ideas = workshop["ideas"]
        target = workshop["clusters"][0]
        # Ctrl-click one, Space on another by keyboard.
        card(page, ideas[2]).click(modifiers=["Control"])
        card(page, ideas[3]).focus()
        page.keyboard.press(" ")
        page.wait_for_selector("#board-selection:has-text('2')")
        assert card(page, ideas[2]).get_attribute("aria-selected") == "true"
        page.click("#board-move")
        page.locator("#move-dialog[open]").wait_for()
        page.locator(f"#move-dialog input[value='{target['id']}']").check()
        page.click("#move-dialog-ok")
        wait_in(page, ideas[2], target)
        wait_in(page, ideas[3], target)
        assert cluster_of(workshop, ideas[2]) == cluster_of(workshop, ideas[3]) == target["id"]
    finally:
        context.close()


def test_merging_asks_and_cancel_changes_nothing(browser, server, workshop):
    context = browser.new_context(**LAPTOP)
    try:
        laptop = workshop["laptop"]
        tuki, laitteet = workshop["clusters"]
        command(laptop, workshop, "idea.move", idea_id=workshop["ideas"][0]["id"],
                cluster_id=tuki["id"])
        page = open_board(context, server, workshop)
        page.click(f"#merge-{tuki['id']}")
        page.locator("#move-dialog[open]").wait_for()
        page.keyboard.press("Enter")  # into Laitteet: then the question
        page.locator(".confirm-dialog[open]").wait_for()
        page.click(".confirm-dialog[open] button[type=button]")  # Cancel
        page.wait_for_selector(".confirm-dialog:not([open])", state="attached")
        assert {c["id"] for c in entities(laptop, workshop)["idea_cluster"]} == {
            tuki["id"], laitteet["id"]}
        assert cluster_of(workshop, workshop["ideas"][0]) == tuki["id"]
        # Confirmed, it merges.
        page.click(f"#merge-{tuki['id']}")
        page.locator("#move-dialog[open]").wait_for()
        page.keyboard.press("Enter")
        page.locator(".confirm-dialog[open] button[type=submit]").click()
        page.wait_for_selector(f"[data-zone='{tuki['id']}']", state="detached")
        assert cluster_of(workshop, workshop["ideas"][0]) == laitteet["id"]
    finally:
        context.close()


def test_focus_and_a_half_typed_group_name_survive_twenty_ideas(browser, server, workshop):
    context = browser.new_context(**LAPTOP)
    try:
        page = open_board(context, server, workshop)
        tuki = workshop["clusters"][0]
        field = page.locator(f"#cluster-name-{tuki['id']}")
        field.focus()
        page.keyboard.press("End")
        page.keyboard.type(" ja neuvonta")
        for _ in range(3):
            page.keyboard.press("ArrowLeft")
        before = page.evaluate("[document.activeElement.id, document.activeElement.value, "
                               "document.activeElement.selectionStart]")
        assert before == [f"cluster-name-{tuki['id']}", "Tuki ja neuvonta", 13]
        for n in range(20):
            command(workshop["aino"], workshop, "idea.add", id=str(uuid.uuid4()),
                    hmw_id=workshop["hmw"]["id"], text=f"Uusi idea {n}")
        page.wait_for_function("() => document.querySelectorAll('[data-card]').length === 25")
        after = page.evaluate("[document.activeElement.id, document.activeElement.value, "
                              "document.activeElement.selectionStart]")
        assert after == before
        page.keyboard.type("x")
        assert field.input_value() == "Tuki ja neuvoxnta"
        # The room's ideas are told in summary, once the burst is over.
        page.wait_for_function(
            "() => /20/.test(document.getElementById('announcer').textContent)")
        # And a card keeps the focus too.
        card(page, workshop["ideas"][4]).focus()
        for n in range(5):
            command(workshop["aino"], workshop, "idea.add", id=str(uuid.uuid4()),
                    hmw_id=workshop["hmw"]["id"], text=f"Vielä yksi {n}")
        page.wait_for_function("() => document.querySelectorAll('[data-card]').length === 30")
        assert page.evaluate("document.activeElement.dataset.card") == workshop["ideas"][4]["id"]
    finally:
        context.close()


def test_session_wide_silent_and_reveal_all(browser, server, workshop):
    context = browser.new_context(**LAPTOP)
    try:
        laptop = workshop["laptop"]
        page = open_board(context, server, workshop, ready="#all-silent")
        # The question on the phones has ideas already: its mode is fixed, so the server
        # refuses, and the facilitator hears why.
        page.click("#all-silent")
        page.wait_for_selector("#cockpit-error:not([hidden])")
        assert not any(q["silent"] for q in entities(laptop, workshop)["hmw"])
        # Another question goes on the phones: "silent for all" applies to it.
        other = command(laptop, workshop, "hmw.save", id=str(uuid.uuid4()),
                        challenge_id=workshop["challenge"]["id"], text="Miten voisimme tukea?")
        command(laptop, workshop, "hmw.settings", hmw_id=other["id"], live=True)
        page.wait_for_selector(".board-question-title:has-text('Miten voisimme tukea?')")
        page.click("#all-silent")
        page.wait_for_selector("#all-silent[aria-pressed=true]")
        questions = {q["id"]: q for q in entities(laptop, workshop)["hmw"]}
        assert questions[other["id"]]["silent"] is True
        assert questions[workshop["hmw"]["id"]]["silent"] is False
        page.wait_for_selector("#all-reveal:not([disabled])")
        page.click("#all-reveal")
        page.wait_for_selector("#all-reveal[disabled]")
        questions = {q["id"]: q for q in entities(laptop, workshop)["hmw"]}
        assert questions[other["id"]]["revealed"] is True
        page.click("#all-locked")
        page.wait_for_selector("#all-locked[aria-pressed=true]")
        assert {q["id"]: q for q in entities(laptop, workshop)["hmw"]}[other["id"]]["locked"]
    finally:
        context.close()


def test_both_boards_pass_axe_and_are_photographed(browser, server, workshop):
    context = browser.new_context(**LAPTOP)
    try:
        laptop = workshop["laptop"]
        ideas = workshop["ideas"]
        tuki = workshop["clusters"][0]
        for idea in ideas[:3]:
            command(laptop, workshop, "idea.move", idea_id=idea["id"], cluster_id=tuki["id"])
        command(laptop, workshop, "idea.duplicate", idea_id=ideas[1]["id"], of_id=ideas[0]["id"])
        command(laptop, workshop, "concept.save", id=str(uuid.uuid4()), cluster_id=tuki["id"])
        command(laptop, workshop, "concept.save", id=str(uuid.uuid4()), name="Tablettilainaamo",
                hmw_id=workshop["hmw"]["id"], stage="refined")
        page = open_board(context, server, workshop)
        card(page, ideas[3]).click(modifiers=["Control"])
        page.wait_for_selector(".board-card.stacked")
        page.screenshot(path=str(server.log.parent / "board-ideas-grouped-1280.png"),
                        full_page=True)
        if AXE.exists():
            assert run_axe(page) == []
        page.click("#zoom-fit")
        page.screenshot(path=str(server.log.parent / "board-ideas-fit-1280.png"))
        page.click(f"#merge-{tuki['id']}")
        page.locator("#move-dialog[open]").wait_for()
        if AXE.exists():
            assert run_axe(page) == []
        page.keyboard.press("Escape")
        page.click("[data-section=concepts]")
        page.wait_for_selector("[data-board] [data-card]")
        page.screenshot(path=str(server.log.parent / "board-concepts-1280.png"), full_page=True)
        if AXE.exists():
            assert run_axe(page) == []
    finally:
        context.close()


def test_concepts_move_between_stages_by_keyboard_and_by_drag(browser, server, workshop):
    context = browser.new_context(**LAPTOP)
    try:
        laptop = workshop["laptop"]
        first = command(laptop, workshop, "concept.save", id=str(uuid.uuid4()),
                        name="Digikahvila", hmw_id=workshop["hmw"]["id"])
        second = command(laptop, workshop, "concept.save", id=str(uuid.uuid4()),
                         name="Tablettilainaamo", hmw_id=workshop["hmw"]["id"])
        page = open_board(context, server, workshop, section="concepts")

        def stage(concept):
            return next(c for c in entities(laptop, workshop)["concept"]
                        if c["id"] == concept["id"])["stage"]

        card(page, first).focus()
        page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.dataset.card") == second["id"]
        page.keyboard.press("Enter")
        page.locator("#move-dialog[open]").wait_for()
        page.keyboard.press("ArrowDown")  # draft -> refined: chosen, not moved
        page.keyboard.press("ArrowDown")  # -> selected
        assert stage(second) == "draft"
        page.keyboard.press("Enter")
        page.locator(f"[data-zone='stage:selected'] [data-card='{second['id']}']").wait_for()
        assert stage(second) == "selected"
        page.wait_for_function(
            f"() => document.activeElement?.dataset.card === '{second['id']}'")
        # With the mouse: the first card to "piloting".
        source = card(page, first).bounding_box()
        zone = page.locator("[data-zone='stage:piloting']").bounding_box()
        page.mouse.move(source["x"] + 60, source["y"] + 10)
        page.mouse.down()
        for step in range(1, 9):
            page.mouse.move(source["x"] + 60 + (zone["x"] + 40 - source["x"] - 60) * step / 8,
                            source["y"] + 10 + (zone["y"] + 30 - source["y"] - 10) * step / 8)
        page.mouse.up()
        page.locator(f"[data-zone='stage:piloting'] [data-card='{first['id']}']").wait_for()
        assert stage(first) == "piloting"
        # "e" edits; removing asks, and Cancel keeps the card.
        card(page, first).focus()
        page.keyboard.press("e")
        page.fill(f"#concept-{first['id']}-what", "Kahvila, jossa neuvotaan laitteissa")
        page.click(".concept-editor button[type=submit]")
        page.wait_for_selector(".concept-editor button[type=submit]:not([aria-busy])")
        card(page, first).focus()
        page.click("#concept-delete")
        page.locator(".confirm-dialog[open]").wait_for()
        page.click(".confirm-dialog[open] button[type=button]")
        assert len(entities(laptop, workshop)["concept"]) == 2
        concept = next(c for c in entities(laptop, workshop)["concept"] if c["id"] == first["id"])
        assert concept["what"] == "Kahvila, jossa neuvotaan laitteissa"
    finally:
        context.close()


def test_ideas_join_a_concept_from_the_ideas_board_and_leave_it_in_its_editor(browser, server,
                                                                             workshop):
    """A card made earlier gets more ideas as the grouping goes on: chosen on the ideas board
    and added to it, then one taken off in the card's editor, by keyboard, focus kept."""
    context = browser.new_context(**LAPTOP)
    try:
        laptop = workshop["laptop"]
        ideas = workshop["ideas"]
        concept = command(laptop, workshop, "concept.save", id=str(uuid.uuid4()),
                          idea_ids=[ideas[0]["id"]])
        page = open_board(context, server, workshop)
        card(page, ideas[1]).click(modifiers=["Control"])
        card(page, ideas[4]).click(modifiers=["Control"])
        page.wait_for_selector("#board-selection:has-text('2')")
        page.select_option("#board-concept-pick", concept["id"])
        page.click("#board-add-to-concept")
        page.wait_for_function("""(id) => document.querySelector('#board-add-to-concept')
            && !document.querySelector('#board-add-to-concept[aria-busy]')""", arg=concept["id"])

        def on_card():
            return next(c for c in entities(laptop, workshop)["concept"]
                        if c["id"] == concept["id"])["idea_ids"]

        assert on_card() == [ideas[0]["id"], ideas[1]["id"], ideas[4]["id"]]
        page.locator("[role=status]", has_text="Ideat lisättiin konseptiin").first.wait_for(
            state="attached")

        page.click("[data-section=concepts]")
        card(page, concept).wait_for()
        card(page, concept).focus()
        page.keyboard.press("e")
        editor = page.locator(".concept-editor")
        editor.locator(".source-ideas li", has_text="Puhelinneuvonta").wait_for()
        assert editor.locator(".source-ideas li").count() == 3
        remove = editor.get_by_role("button", name="Ota pois kortilta: Tabletteja lainaksi")
        remove.focus()
        page.keyboard.press("Enter")
        editor.locator(".source-ideas li", has_text="Tabletteja").wait_for(state="detached")
        assert on_card() == [ideas[0]["id"], ideas[4]["id"]]
        # The focus moves on to the next idea's button, not to the page.
        page.wait_for_function("""() => document.activeElement?.getAttribute('aria-label')
            === 'Ota pois kortilta: Puhelinneuvonta'""")
        page.screenshot(path=str(server.log.parent / "concept-ideas.png"), full_page=True)
        if AXE.exists():
            assert run_axe(page) == []
    finally:
        context.close()
