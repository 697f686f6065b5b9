"""axe-core's WCAG 2.1 A and AA rules, with the rule that compares a control's visible text
to its accessible name (experimental in axe, so off by default), over every state a
workshop goes through: empty, the template's demo content, a full board of 85 ideas with
+1s, voting open, results revealed, pilots, the six-week coaching and a phone offline -
on each of the phone's views, the facilitator's sections (everything open), the projector,
and the API docs page. Any violation fails, named with the state and view it was found in.

`states()` builds the same states for tests/test_reflow.py."""

from __future__ import annotations

import json
import re
import uuid
from datetime import date, timedelta

import pytest
from conftest import AXE, PASSWORD, PHONE
from live_client import WebClient
from test_browser import log_in, open_section
from test_browser_board import command, entities, go_to_phase
from test_browser_csp import open_every_details

# Each test walks every state of a workshop through many views: minutes, not seconds.
pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(900)]

LAPTOP = {"viewport": {"width": 1280, "height": 900}}
SCREEN = {"viewport": {"width": 1366, "height": 768}}
LANGUAGES = {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}

# The phone's views, in its menu's order; a hidden one can still be brought by a phase.
PHONE_VIEWS = ["now", "intros", "personas", "group", "ideas", "concepts", "votes", "pilots",
               "tasks", "notices"]
SECTIONS = ("run", "agenda", "people", "personas", "challenges", "ideas", "moderation",
            "concepts", "voting", "pilots", "coaching", "exports", "settings")
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    # WCAG 2.5.3 Label in Name; axe keeps it among its experimental rules.
    "rules": {"label-content-name-mismatch": {"enabled": True}},
}


def axe(page) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text())
    return page.evaluate("""async (options) => {
        const r = await axe.run(document, options);
        return r.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + n.html.slice(0, 120))}));
    }""", AXE_OPTIONS)


def join_page(context, server, code, name):
    page = context.new_page()
    page.goto(f"{server.url}/j/{code}")
    page.fill("#display_name", name)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/w/.*"))
    page.wait_for_selector('#connection[data-state="connected"], #connection[data-state="saved"]')
    page.wait_for_selector("#board-nav button")
    return page


def show_view(phone, view):
    """Open one of the phone's views through its menu (hidden buttons too)."""
    phone.evaluate("(v) => document.querySelector(`#board-nav [data-view='${v}']`).click()", view)
    if view != "now":
        phone.wait_for_selector(f"#board[data-view='{view}']")


def phone_views(phone):
    """Each view, and each question or concept opened inside those that list them:
    yields the view's name while it is on the screen."""
    for view in PHONE_VIEWS:
        show_view(phone, view)
        yield view
        for pick in (".question-pick", ".concept-pick"):
            count = phone.locator(f"#board {pick}:visible").count()
            for index in range(min(count, 2)):
                phone.locator(f"#board {pick}:visible").nth(index).click()
                yield f"{view} {pick[1:]} {index + 1}"
                back = phone.locator("#board button:visible", has_text="‹")
                if back.count():
                    back.first.click()
    show_view(phone, "now")


def new_workshop(laptop, **fields):
    created = laptop.api("POST", "/api/workshops", json={"id": str(uuid.uuid4()), **fields})
    assert created.status_code == 201, created.text
    return created.json()


def fill_board(server, laptop, workshop, count=85):
    """A live question with ``count`` ideas from three people, most with +1s."""
    group = command(laptop, workshop, "group.split", count=1, method="random")[0]
    challenge = next(c for c in entities(laptop, workshop)["challenge"]
                     if c["group_id"] == group["id"])
    hmw = command(laptop, workshop, "hmw.save", id=str(uuid.uuid4()),
                  challenge_id=challenge["id"],
                  text="Miten voisimme auttaa ikääntyneitä sähköisessä asioinnissa?")
    command(laptop, workshop, "hmw.settings", hmw_id=hmw["id"], live=True)
    go_to_phase(laptop, workshop, "ideation", position=2)
    writers = []
    for name in ("Aino", "Eero", "Maija"):
        client = WebClient(server.url)
        client.join(workshop["join_code"], name)
        writers.append(client)
    ideas = []
    for n in range(count):
        text = (f"Idea {n + 1}: digitukihenkilöiden kiertävä neuvontapiste kirjastoissa"
                if n % 7 == 0 else f"Idea {n + 1}: vertaisohjaajat asiointiin")
        ideas.append(command(writers[n % 3], workshop, "idea.add", id=str(uuid.uuid4()),
                             hmw_id=hmw["id"], text=text))
    for n, idea in enumerate(ideas):
        if n % 4:
            command(writers[(n + 1) % 3], workshop, "idea.plus", idea_id=idea["id"], on=True)
    return hmw, writers


def states(browser, server, lang="fi", *, phone_options=None, facilitator=True):
    """Build the states one after another; at each, yield (state, phone, laptop page,
    projector) with every page showing it. The phone's context gets ``phone_options``."""
    laptop = WebClient(server.url).login("anna", PASSWORD)
    locale = {"locale": LANGUAGES[lang]}
    contexts = [browser.new_context(**LAPTOP, **locale, bypass_csp=True),
                browser.new_context(**(phone_options or PHONE), **locale, bypass_csp=True),
                browser.new_context(**SCREEN, **locale, bypass_csp=True)]
    laptop_context, phone_context, screen_context = contexts
    try:
        cockpit = log_in(laptop_context, server) if facilitator else None

        def open_all(workshop, name):
            if cockpit:
                cockpit.goto(f"{server.url}/f/w/{workshop['id']}/people")
                cockpit.wait_for_selector('#connection[data-state="connected"]')
            phone = join_page(phone_context, server, workshop["join_code"], name)
            projector = screen_context.new_page()
            projector.goto(f"{server.url}/p/{workshop['id']}/{workshop['projector_token']}")
            projector.wait_for_selector('#connection[data-state="connected"]')
            return phone, projector

        empty = new_workshop(laptop, name=f"Tyhjä {lang}", language=lang)
        phone, projector = open_all(empty, "Pekka")
        yield "empty", phone, cockpit, projector
        for page in (phone, projector):
            page.close()

        workshop = new_workshop(laptop, template="service-design-coaching", language=lang)
        phone, projector = open_all(workshop, "Pekka Pitkänimi-Virtanen")
        yield "demo", phone, cockpit, projector

        hmw, writers = fill_board(server, laptop, workshop)
        phone.wait_for_function(
            "n => document.querySelectorAll('#board .idea-card').length >= n "
            "|| document.querySelector('#board[data-view=ideas]') === null", arg=1)
        show_view(phone, "ideas")
        phone.wait_for_selector("#board .idea-card")
        # The phone +1s a few ideas itself.
        for index in range(3):
            plus = phone.locator("#board .idea-card .button.plus").nth(index)
            if plus.count():
                plus.click()
        yield "full board", phone, cockpit, projector

        concepts = [command(laptop, workshop, "concept.save", id=str(uuid.uuid4()), name=name)
                    for name in ("Digikahvila", "Tablettilaina",
                                 "Digitukihenkilöiden kiertävä neuvontapiste kirjastoissa")]
        go_to_phase(laptop, workshop, "voting", position=3)
        ballot = command(laptop, workshop, "vote.save_round", id=str(uuid.uuid4()),
                         title="Mitä pilotoidaan?", target="concepts", dots=3, cap=2,
                         anonymous=True, live_results=False, allow_own=True)
        command(laptop, workshop, "vote.open", round_id=ballot["id"])
        phone.wait_for_selector(".dots-left")
        phone.locator("#board .ballot-card button[id^=plus-]").first.click()
        for writer, count in zip(writers, (1, 2, 2), strict=True):
            command(writer, workshop, "vote.set", round_id=ballot["id"],
                    item_id=concepts[2]["id"], count=count)
        if cockpit:
            open_section(cockpit, "voting")
        yield "voting open", phone, cockpit, projector

        command(laptop, workshop, "vote.close", round_id=ballot["id"])
        command(laptop, workshop, "vote.reveal", round_id=ballot["id"])
        phone.wait_for_selector(".results-chart")
        yield "revealed", phone, cockpit, projector

        pilot = command(laptop, workshop, "pilot.create", concept_id=concepts[2]["id"])
        measure = command(laptop, workshop, "pilot.measure", id=str(uuid.uuid4()),
                          pilot_id=pilot["id"], name="Kävijöitä", unit="hlö", baseline=0,
                          target=12)
        command(writers[0], workshop, "pilot.join", pilot_id=pilot["id"])
        for days, value in ((7, 3), (0, 8)):
            command(writers[0], workshop, "pilot.update", id=str(uuid.uuid4()),
                    pilot_id=pilot["id"], did=f"Digikahvila, {value} kävijää",
                    blockers="Tila on varattu torstaisin",
                    values=[{"measure_id": measure["id"], "value": value,
                             "measured_on": (date.today() - timedelta(days=days)).isoformat()}])
        go_to_phase(laptop, workshop, "pilots", position=3)
        phone.wait_for_selector("#board[data-view=pilots]")
        yield "pilots", phone, cockpit, projector

        phone_context.set_offline(True)
        phone.wait_for_selector('#connection[data-state="offline"]')
        yield "offline", phone, cockpit, projector
        phone_context.set_offline(False)
        phone.wait_for_selector('#connection[data-state="connected"], '
                                '#connection[data-state="saved"]')
        for page in (phone, projector):
            page.close()

        coaching = new_workshop(laptop, template="online-coaching-6-weeks", language=lang)
        phone, projector = open_all(coaching, "Pekka")
        show_view(phone, "tasks")
        yield "coaching", phone, cockpit, projector
    finally:
        for context in contexts:
            context.close()


def test_every_state_passes_axe_wcag_21_aa(browser, server):
    assert AXE.exists(), "npm ci installs axe-core"
    failures = {}
    for state, phone, cockpit, projector in states(browser, server):
        for view in phone_views(phone):
            failures[f"{state}, phone {view}"] = axe(phone)
        failures[f"{state}, projector"] = axe(projector)
        if state in ("empty", "demo", "full board", "revealed", "coaching"):
            for section in SECTIONS:
                open_section(cockpit, section)
                open_every_details(cockpit)
                failures[f"{state}, facilitator {section}"] = axe(cockpit)
    bad = {where: found for where, found in failures.items() if found}
    assert not bad, json.dumps(bad, indent=1, ensure_ascii=False)
    assert len(failures) > 100


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_state_in_swedish_and_english_passes_axe(browser, server, lang):
    """The same states in the other languages (browser and workshop in that language): every
    phone view and the projector in each, the facilitator's sections where the board is
    fullest. Finnish covers every section in every state above; the words differ here, the
    markup does not."""
    failures = {}
    for state, phone, cockpit, projector in states(browser, server, lang):
        assert phone.evaluate("document.documentElement.lang") == lang
        for view in phone_views(phone):
            failures[f"{state}, phone {view}"] = axe(phone)
        failures[f"{state}, projector"] = axe(projector)
        if state in ("full board", "revealed"):
            for section in SECTIONS:
                open_section(cockpit, section)
                open_every_details(cockpit)
                failures[f"{state}, facilitator {section}"] = axe(cockpit)
    bad = {where: found for where, found in failures.items() if found}
    assert not bad, json.dumps(bad, indent=1, ensure_ascii=False)
    assert len(failures) > 60


def test_the_api_docs_page_passes_axe(browser, server):
    context = browser.new_context(**LAPTOP, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/api/docs")
        page.wait_for_selector("#api-docs[data-ready]")
        assert page.locator("#api-docs .api-op").count() > 50  # every operation is drawn
        found = {"closed": axe(page)}
        # With every operation open.
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        found["open"] = axe(page)
        bad = {where: v for where, v in found.items() if v}
        assert not bad, json.dumps(bad, indent=1)
    finally:
        context.close()
