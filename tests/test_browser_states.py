"""What people see when there is nothing yet, and when there is a little: the facilitator's
page with every card open, each of the phone's views and the projector, on an empty
workshop and on the demo workshop (`paja demo`), walked through every phase of every
session, in Finnish and in English. Nothing may read "null", "undefined" or "NaN", and
no card may contradict itself ("0 / 0 introduced - everyone has introduced").

And the phone's "Now" view follows the workshop as it changes, without a reload: from the
pre-work form to the tasks when the last session ends, keeping what someone is typing
where the view it belongs to stays."""

from __future__ import annotations

import re
import uuid

import pytest
from conftest import PHONE, LiveServer
from live_client import WebClient
from test_browser import open_section
from test_browser_csp import open_every_details

pytestmark = [pytest.mark.browser, pytest.mark.live]

LAPTOP = {"viewport": {"width": 1280, "height": 900}}
SCREEN = {"viewport": {"width": 1366, "height": 768}}
LANGUAGES = {"fi": "fi-FI", "en": "en-GB"}

# Words a page shows only when code printed a missing value.
LEAKS = re.compile(r"\b(null|undefined|NaN)\b")
# A count of nothing out of nothing says nothing: an empty state should say so in words.
NONE_OF_NONE = re.compile(r"\b0 (/|of) 0\b")
# The projector makes room for a phase's board (has-board) and then shows nothing on it.
BLANK_BOARD = """() => document.getElementById('app').classList.contains('has-board')
    && !document.getElementById('board').innerText.trim()"""
# "Everyone has ..." said of nobody.
EVERYONE = {"fi": ["Kaikki ovat esittäytyneet"], "en": ["Everyone has introduced"]}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A server started as `paja demo` leaves it: the demo facilitator and workshop."""
    tmp = tmp_path_factory.mktemp("states")
    live = LiveServer(tmp, "eventlet")
    live.prepare(with_facilitator=False)
    live.cli("demo")
    live.password = (live.instance / "demo-login.txt").read_text().strip()
    live.start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def laptop(demo):
    return WebClient(demo.url).login("demo", demo.password)


def command(laptop, workshop, name, /, **args):
    response = laptop.api("POST", f"/api/workshops/{workshop['id']}/commands/{name}", json=args)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def entities(laptop, workshop):
    return laptop.api("GET", f"/api/workshops/{workshop['id']}/state").json()["entities"]


def demo_workshop(laptop):
    workshops = laptop.api("GET", "/api/workshops").json()
    return next(w for w in workshops if any(
        s["text"].get("fi", "").startswith("Miten voisimme tukea")
        for s in entities(laptop, w).get("hmw", [])))


def empty_workshop(laptop, lang):
    created = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "name": f"Tyhjä {lang}", "language": lang})
    assert created.status_code == 201, created.text
    return created.json()


def open_facilitator(context, server, workshop):
    page = context.new_page()
    page.goto(f"{server.url}/login")
    page.fill("#username", "demo")
    page.fill("#password", server.password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/f$"))
    page.goto(f"{server.url}/f/w/{workshop['id']}/people")
    page.wait_for_selector('#connection[data-state="connected"]')
    page.wait_for_selector("#members li")
    return page


def join(context, server, workshop, name):
    page = context.new_page()
    page.goto(f"{server.url}/j/{workshop['join_code']}")
    page.fill("#display_name", name)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/w/.*"))
    page.wait_for_selector('#connection[data-state="connected"], #connection[data-state="saved"]')
    page.wait_for_selector("#board-nav button")
    return page


def open_projector(context, server, workshop):
    page = context.new_page()
    page.goto(f"{server.url}/p/{workshop['id']}/{workshop['projector_token']}")
    page.wait_for_selector('#connection[data-state="connected"]')
    return page


def problems(page, lang, where, *, empty=False):
    """What in the page's visible text shows a missing value or contradicts itself."""
    text = page.evaluate("document.body.innerText")
    found = [f"{where}: {line.strip()!r}" for line in text.splitlines()
             if LEAKS.search(line) or NONE_OF_NONE.search(line)]
    if empty:
        found += [f"{where}: {phrase!r} in an empty workshop"
                  for phrase in EVERYONE[lang] if phrase in text]
    return found


# Each of the phone's views (and every item inside those that list things).
PHONE_VIEWS = ["now", "intros", "personas", "group", "ideas", "concepts", "votes", "pilots",
               "tasks", "notices"]


def report(found):
    """Each distinct problem once, with where it was first seen and how often."""
    seen: dict[str, list[str]] = {}
    for entry in found:
        where, _, what = entry.partition(": ")
        seen.setdefault(what, []).append(where)
    return "\n".join(f"{what} - at {places[0]}" + (f" and {len(places) - 1} more places"
                                                  if len(places) > 1 else "")
                     for what, places in seen.items())


def walk_phone(phone, lang, where, *, empty=False):
    found = []
    for view in PHONE_VIEWS:
        # Hidden buttons too: the facilitator's phase can bring any view to the phone.
        phone.evaluate("(v) => document.querySelector(`#board-nav [data-view='${v}']`).click()",
                       view)
        if view != "now":
            phone.wait_for_selector(f"#board[data-view='{view}']")
        found += problems(phone, lang, f"{where}, phone {view}", empty=empty)
        for pick in (".question-pick", ".concept-pick"):
            items = phone.locator(f"#board {pick}:visible")
            for index in range(items.count()):
                phone.locator(f"#board {pick}:visible").nth(index).click()
                found += problems(phone, lang, f"{where}, phone {view} item {index + 1}",
                                  empty=empty)
                back = phone.locator("#board button:visible", has_text="‹")
                if back.count():
                    back.first.click()
    phone.evaluate("() => document.querySelector(`#board-nav [data-view='now']`).click()")
    return found


SECTIONS = ("run", "agenda", "people", "personas", "challenges", "ideas", "moderation",
            "concepts", "voting", "pilots", "coaching", "exports", "settings")


def walk_facilitator(page, lang, where, *, empty=False):
    """Every section of the cockpit, with everything in it open."""
    found = []
    for section in SECTIONS:
        open_section(page, section)
        open_every_details(page)
        found += problems(page, lang, f"{where}, facilitator {section}", empty=empty)
    return found


def walk_phases(laptop, workshop, lang, label, facilitator, phone, projector, *, empty=False):
    """Every phase of every session, as the phone and the projector follow it."""
    found = []
    started = None
    sessions = sorted(entities(laptop, workshop)["session"], key=lambda s: s["position"])
    for session, phase in [(s, p) for s in sessions for p in s["phases"]]:
        if session["id"] != started:
            if started:
                command(laptop, workshop, "session.end", session_id=started)
            command(laptop, workshop, "session.start", session_id=session["id"])
            started = session["id"]
        command(laptop, workshop, "session.phase", session_id=session["id"], phase_id=phase["id"])
        title = phase["title"].get(lang) or phase["title"]["fi"]
        for page in (phone, projector):
            # A long word of the title may carry soft hyphens (where it is cut).
            page.wait_for_function(
                "t => document.querySelector('#phase-title').textContent"
                ".replaceAll('\\u00ad', '') === t", arg=title)
        where = f"{label}, {session['title']['fi']} / {phase['title']['fi']}"
        for page, who in ((phone, "phone"), (projector, "projector"), (facilitator, "facilitator")):
            found += problems(page, lang, f"{where}, {who}", empty=empty)
        if projector.evaluate(BLANK_BOARD):
            found.append(f"{where}, projector: a board with nothing on it")
    command(laptop, workshop, "session.end", session_id=started)
    for page in (phone, projector):
        page.wait_for_function(
            "t => document.querySelector('#phase-title').textContent"
            ".replaceAll('\\u00ad', '') !== t", arg=title)
    return found


# A session with one phase of each kind, for walking an empty workshop through them all.
ACTIVITIES = ["welcome", "introductions", "personas", "groups", "challenge", "hmw", "ideation",
              "grouping", "concepts", "voting", "pilots", "theme", "task", "survey", "discussion",
              "break", "closing"]


def add_every_phase(laptop, workshop):
    command(laptop, workshop, "session.create", id=str(uuid.uuid4()),
            title={"fi": "Kaikki vaiheet", "en": "Every phase"},
            phases=[{"title": {"fi": f"Vaihe {activity}", "en": f"Phase {activity}"},
                     "activity": activity} for activity in ACTIVITIES])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_empty_workshop_says_so_in_words(browser, demo, laptop, lang):
    workshop = empty_workshop(laptop, lang)
    contexts = [browser.new_context(**options, locale=LANGUAGES[lang])
                for options in (LAPTOP, PHONE, SCREEN)]
    try:
        facilitator = open_facilitator(contexts[0], demo, workshop)
        found = walk_facilitator(facilitator, lang, "empty", empty=True)
        phone = join(contexts[1], demo, workshop, "Pekka")
        found += walk_phone(phone, lang, "empty", empty=True)
        projector = open_projector(contexts[2], demo, workshop)
        found += problems(projector, lang, "empty, projector", empty=True)
        # With one participant, nobody introduced.
        open_section(facilitator, "people")
        facilitator.wait_for_selector("#members li:has-text('Pekka')")
        found += walk_facilitator(facilitator, lang, "empty with Pekka")
        # Through a phase of every kind, with nothing in any of them.
        add_every_phase(laptop, workshop)
        found += walk_phases(laptop, workshop, lang, "empty", facilitator, phone, projector)
        assert not found, report(found)
    finally:
        for context in contexts:
            context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_demo_workshop_through_every_phase(browser, demo, laptop, lang):
    workshop = demo_workshop(laptop)
    contexts = [browser.new_context(**options, locale=LANGUAGES[lang])
                for options in (LAPTOP, PHONE, SCREEN)]
    try:
        facilitator = open_facilitator(contexts[0], demo, workshop)
        found = walk_facilitator(facilitator, lang, "demo")
        phone = join(contexts[1], demo, workshop, f"Testi {lang}")
        found += walk_phone(phone, lang, "demo")
        projector = open_projector(contexts[2], demo, workshop)
        found += problems(projector, lang, "demo, projector")
        found += walk_phases(laptop, workshop, lang, "demo", facilitator, phone, projector)
        found += walk_facilitator(facilitator, lang, "demo after its sessions")
        found += walk_phone(phone, lang, "demo after its sessions")
        found += problems(projector, lang, "demo after its sessions, projector")
        assert not found, report(found)
    finally:
        for context in contexts:
            context.close()


def board_view(phone):
    return phone.locator("#board").get_attribute("data-view")


def test_the_phones_now_view_follows_the_workshop_without_a_reload(browser, demo, laptop):
    created = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching"})
    assert created.status_code == 201, created.text
    workshop = created.json()
    sessions = sorted(entities(laptop, workshop)["session"], key=lambda s: s["position"])
    prework, last = sessions[0], [s for s in sessions if s["kind"] == "live"][-1]
    context = browser.new_context(**PHONE, locale="fi-FI")
    try:
        phone = join(context, demo, workshop, "Pekka")
        # Before anything starts: introduce yourself (the pre-work).
        phone.wait_for_selector("#board[data-view=intros] #intro-about")
        phone.fill("#intro-about", "Olen kirjastossa töissä.")
        phone.click("#board form button[type=submit]")
        phone.wait_for_selector(".intro-list .intro:has-text('Pekka')")
        # Half-typed, not saved, the caret in it: the pre-work session starts with its
        # introductions phase, so the view stays, and so do the text and the focus.
        phone.fill("#intro-hopes", "Toivon, että")
        command(laptop, workshop, "session.start", session_id=prework["id"])
        phone.wait_for_function("t => document.querySelector('#phase-title').textContent === t",
                                arg=prework["phases"][0]["title"]["fi"])
        assert board_view(phone) == "intros"
        assert phone.input_value("#intro-hopes") == "Toivon, että"
        assert phone.evaluate("document.activeElement.id") == "intro-hopes"
        # A change that moves nothing on the phone (the workshop is renamed) leaves it as
        # it is too.
        command(laptop, workshop, "workshop.update", name="Uusi nimi")
        phone.wait_for_selector("#app[data-workshop-name='Uusi nimi']", state="attached")
        assert phone.input_value("#intro-hopes") == "Toivon, että"
        assert phone.evaluate("document.activeElement.id") == "intro-hopes"
        phone.click("#board form button[type=submit]")
        phone.wait_for_selector(".intro-list .intro:has-text('Toivon, että')")
        # Writing when the room moves on: the view waits until the person leaves the box,
        # then follows.
        phone.fill("#intro-about", "Olen kirjastossa töissä. Lisäksi")
        command(laptop, workshop, "session.phase", session_id=prework["id"],
                phase_id=prework["phases"][1]["id"])
        phone.wait_for_function("t => document.querySelector('#phase-title').textContent === t",
                                arg=prework["phases"][1]["title"]["fi"])
        assert board_view(phone) == "intros"
        assert phone.input_value("#intro-about") == "Olen kirjastossa töissä. Lisäksi"
        assert phone.evaluate("document.activeElement.id") == "intro-about"
        phone.evaluate("document.activeElement.blur()")
        phone.wait_for_selector("#board[data-view=personas] .persona-card")
        # The pre-work ends, the last workshop session runs and ends: what is left to do
        # now is the tasks, and the phone shows them without being reloaded.
        command(laptop, workshop, "session.end", session_id=prework["id"])
        command(laptop, workshop, "session.start", session_id=last["id"])
        phone.wait_for_function("t => document.querySelector('#phase-title').textContent === t",
                                arg=last["phases"][0]["title"]["fi"])
        command(laptop, workshop, "session.end", session_id=last["id"])
        phone.wait_for_selector("#board[data-view=tasks] .concept-pick")
        assert phone.locator("#board-nav [data-view=now]").get_attribute("aria-pressed") == "true"
        # And the card above says where the workshop is, not "waiting for it to start".
        assert phone.locator("#phase-title").inner_text() == "Tapaamisten välissä"
    finally:
        context.close()


def test_a_rename_redraws_every_name_on_the_facilitators_page(browser, demo, laptop):
    """Names are looked up in the member, not copied into the idea or the note: when a
    participant renames themselves, the canvas, the ideation board and the introductions
    show the new name at once."""
    created = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching"})
    workshop = created.json()
    aino = WebClient(demo.url)
    member = aino.join(workshop["join_code"], "Aino Alku")["member"]
    group = command(laptop, workshop, "group.split", count=1, method="random")[0]
    challenge = next(c for c in entities(laptop, workshop)["challenge"]
                     if c["group_id"] == group["id"])
    command(aino, workshop, "challenge.note", id=str(uuid.uuid4()), challenge_id=challenge["id"],
            question="causes", body="Palvelut siirtyivät verkkoon")
    command(aino, workshop, "introduction.save", about="Olen Aino.", hopes="")
    question = command(laptop, workshop, "hmw.save", id=str(uuid.uuid4()),
                       challenge_id=challenge["id"], text="Miten voisimme auttaa?")
    command(aino, workshop, "idea.add", id=str(uuid.uuid4()), hmw_id=question["id"],
            text="Digituki kirjastoon")
    context = browser.new_context(**LAPTOP, locale="fi-FI")
    try:
        facilitator = open_facilitator(context, demo, workshop)
        cards = (("challenges", "#canvases .note"), ("ideas", "#ideation .idea-card"),
                 ("people", "#intros .intro-list"))
        for section, card in cards:
            open_section(facilitator, section)
            open_every_details(facilitator)
            facilitator.wait_for_selector(f"{card}:has-text('Aino Alku')")
        command(aino, workshop, "member.update", member_id=member["id"], display_name="Aino Uusi")
        for section, card in cards:
            open_section(facilitator, section)
            open_every_details(facilitator)
            facilitator.wait_for_selector(f"{card}:has-text('Aino Uusi')")
            assert "Aino Alku" not in facilitator.evaluate("document.body.innerText")
    finally:
        context.close()
