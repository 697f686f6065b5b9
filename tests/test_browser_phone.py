"""The participant's phone in real Chromium: the fixes found when the workshops were
replayed. "How important?" opens the rating; an idea written offline stays where it was
written, marked "not sent yet"; removing one's own idea can be undone; chosen states are
said in words; focus and a half-typed idea survive the room's ideas arriving; one polite
live region says what arrives in summary; "I'm done"; "Bring everyone here"; every view
fits 320 and 360 px with 44 px targets, and passes axe in every state."""

from __future__ import annotations

import json
import uuid

import pytest
from conftest import AXE, PASSWORD, PHONE
from live_client import WebClient
from test_browser import join, run_axe
from test_browser_board import command, entities

pytestmark = [pytest.mark.browser, pytest.mark.live]


@pytest.fixture
def laptop(server):
    return WebClient(server.url).login("anna", PASSWORD)


@pytest.fixture
def workshop(laptop):
    """The coaching template with one group, its challenge and a live question."""
    created = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching"}).json()
    group = command(laptop, created, "group.split", count=1, method="random")[0]
    challenge = next(c for c in entities(laptop, created)["challenge"]
                     if c["group_id"] == group["id"])
    hmw = command(laptop, created, "hmw.save", id=str(uuid.uuid4()), challenge_id=challenge["id"],
                  text="Miten voisimme auttaa asioinnissa verkossa?")
    command(laptop, created, "hmw.settings", hmw_id=hmw["id"], live=True)
    sessions = sorted(entities(laptop, created)["session"], key=lambda s: s["position"])
    return {**created, "hmw": hmw, "group": group, "challenge": challenge, "sessions": sessions}


def phase_of(session, activity=None, focus=None):
    return next(p for p in session["phases"]
                if (activity is None or p["activity"] == activity)
                and (focus is None or p.get("focus") == focus))


def go(laptop, workshop, session, phase):
    state = {s["id"]: s for s in entities(laptop, workshop)["session"]}
    if state[session["id"]]["status"] != "live":
        command(laptop, workshop, "session.start", session_id=session["id"])
    command(laptop, workshop, "session.phase", session_id=session["id"], phase_id=phase["id"])


def ideation(laptop, workshop):
    session = workshop["sessions"][2]
    go(laptop, workshop, session, phase_of(session, "ideation"))
    return session


OTHERS = "n => document.querySelectorAll('.ideas.others .idea-card').length === n"


def other_participant(server, workshop, name="Ben"):
    web = WebClient(server.url)
    web.join(workshop["join_code"], name)
    return web


def add_idea(web, workshop, text):
    return command(web, workshop, "idea.add", id=str(uuid.uuid4()), hmw_id=workshop["hmw"]["id"],
                   text=text)


@pytest.fixture
def phone(browser, server):
    context = browser.new_context(**PHONE, locale="fi-FI", bypass_csp=True)
    errors = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    # What a browser says of itself (no favicon, no network while offline) is not the page's.
    context.on("console", lambda m: m.type == "error" and "favicon" not in m.location["url"]
               and "ERR_INTERNET_DISCONNECTED" not in m.text and errors.append(m.text))
    yield context
    context.close()
    assert not errors, errors


def in_the_group(page, laptop, workshop):
    """Put the phone's member in the workshop's group (it joined after the split)."""
    member_id = page.locator("#app").get_attribute("data-member")
    command(laptop, workshop, "group.assign", member_id=member_id, group_id=workshop["group"]["id"])


def test_how_important_opens_the_rating_not_the_question_before_it(phone, server, laptop, workshop):
    page = join(phone, server, workshop["join_code"], "Anni")
    in_the_group(page, laptop, workshop)
    session = workshop["sessions"][1]
    go(laptop, workshop, session, phase_of(session, "challenge", "causes"))
    page.wait_for_selector("[data-question=causes] #note-causes")
    go(laptop, workshop, session, phase_of(session, "challenge", "importance"))
    page.wait_for_selector("#board .steps[data-step=importance] .rate")
    # The rating comes first, its "why" notes under it: the heading on top is the rating's.
    assert page.locator("#board .steps h3").first.get_attribute("id") == "rate-title"
    page.locator(".rate[data-value='4']").click()
    page.wait_for_selector(".rate[data-value='4'][aria-pressed=true]:has-text('✓ 4')")
    page.wait_for_function("() => !document.querySelector('#connection[data-state=saving]')")
    ratings = entities(laptop, workshop).get("rating", [])
    assert [r["value"] for r in ratings] == [4]
    # The why-question of importance is on the same step.
    assert page.locator("[data-question=importance] #note-importance").is_visible()
    if AXE.exists():
        assert run_axe(page) == []


def test_an_idea_written_offline_stays_where_it_was_written_until_sent(
        phone, server, laptop, workshop):
    page = join(phone, server, workshop["join_code"], "Anni")
    ideation(laptop, workshop)
    page.wait_for_selector(".question-text:has-text('Miten voisimme auttaa')")
    page.fill("#idea-text", "Ensimmäinen idea")
    page.click("#board form button[type=submit]")
    page.wait_for_selector(".ideas.mine .idea-card:not(.pending):has-text('Ensimmäinen idea')")
    phone.set_offline(True)
    page.wait_for_selector("#connection[data-state=offline]")
    page.fill("#idea-text", "Tabletteja lainaksi")
    page.click("#board form button[type=submit]")
    pending = page.locator(".ideas.mine .idea-card.pending:has-text('Tabletteja lainaksi')")
    pending.wait_for()
    assert "Ei lähetetty vielä" in pending.inner_text()
    # Under the idea before it, where it was written.
    cards = page.locator(".ideas.mine .idea-card .idea-text").all_inner_texts()
    assert cards == ["Ensimmäinen idea", "Tabletteja lainaksi"]
    page.evaluate("document.querySelector('.idea-card.pending').dataset.mark = 'same'")
    if AXE.exists():
        assert run_axe(page) == []
    page.screenshot(path=str(server.log.parent / "phone-offline-pending.png"), full_page=True)
    phone.set_offline(False)
    page.wait_for_selector(".ideas.mine .idea-card:not(.pending):has-text('Tabletteja lainaksi')")
    # The same element, now a normal card in the same place.
    assert page.locator(".idea-card[data-mark=same]:not(.pending)").count() == 1
    assert page.locator(".ideas.mine .idea-card .idea-text").all_inner_texts() == cards
    assert sorted(i["text"] for i in entities(laptop, workshop)["idea"]) == [
        "Ensimmäinen idea", "Tabletteja lainaksi"]


def test_removing_my_idea_can_be_undone_before_it_is_sent(phone, server, laptop, workshop):
    page = join(phone, server, workshop["join_code"], "Anni")
    ideation(laptop, workshop)
    page.wait_for_selector(".question-text")
    page.fill("#idea-text", "Poistettava idea")
    page.click("#board form button[type=submit]")
    card = page.locator(".ideas.mine .idea-card:not(.pending):has-text('Poistettava idea')")
    card.wait_for()
    card.get_by_role("button", name="Poista: Poistettava idea").click()
    undo = page.get_by_role("button", name="Kumoa")
    undo.wait_for()
    # Focus moves to Undo, the card says what happened, and nothing was sent.
    assert page.evaluate("document.activeElement.textContent.trim()") == "Kumoa"
    assert "Idea poistettu" in page.locator(".idea-card.removing").inner_text()
    undo.click()
    page.wait_for_selector(".ideas.mine .idea-card:not(.removing):has-text('Poistettava idea')")
    assert [i["text"] for i in entities(laptop, workshop)["idea"]] == ["Poistettava idea"]
    # Removed for real once the undo time is over.
    page.locator(".ideas.mine .idea-card").get_by_role(
        "button", name="Poista: Poistettava idea").click()
    page.wait_for_selector(".idea-card.removing")
    page.wait_for_selector(".ideas.mine .idea-card", state="detached", timeout=15000)
    page.wait_for_function("() => !document.querySelector('#connection[data-state=saving]')")
    assert entities(laptop, workshop).get("idea", []) == []
    # The focus did not fall to the page: it went to the idea box.
    assert page.evaluate("document.activeElement.id") == "idea-text"


def test_focus_the_caret_and_a_draft_survive_the_rooms_ideas(phone, server, laptop, workshop):
    ben = other_participant(server, workshop)
    page = join(phone, server, workshop["join_code"], "Anni")
    ideation(laptop, workshop)
    first = add_idea(ben, workshop, "Bennin idea")
    page.wait_for_selector(f".ideas.others [data-idea='{first['id']}']")
    plus = page.locator(f"[data-focus='plus-{first['id']}']")
    plus.click()
    # Chosen is said with a tick, not only the colour.
    page.wait_for_selector(f"[data-focus='plus-{first['id']}'][aria-pressed=true]:has-text('✓')")
    plus.focus()
    for n in range(5):
        add_idea(ben, workshop, f"Lisää {n}")
    page.wait_for_function(OTHERS, arg=6)
    assert page.evaluate("document.activeElement.dataset.focus") == f"plus-{first['id']}"
    # Half-typed, the caret in the middle: more ideas arrive, text and caret stay.
    page.fill("#idea-text", "Puoliksi kirjoitettu")
    page.evaluate("document.getElementById('idea-text').setSelectionRange(4, 4)")
    for n in range(5):
        add_idea(ben, workshop, f"Vielä {n}")
    page.wait_for_function(OTHERS, arg=11)
    assert page.evaluate("document.activeElement.id") == "idea-text"
    assert page.input_value("#idea-text") == "Puoliksi kirjoitettu"
    assert page.evaluate("document.getElementById('idea-text').selectionStart") == 4
    # And it is kept on the device as it is typed.
    drafts = page.evaluate("JSON.stringify(Object.assign({}, localStorage))")
    assert "Puoliksi kirjoitettu" in drafts


def test_one_polite_region_says_what_arrives_in_summary(phone, server, laptop, workshop):
    ben = other_participant(server, workshop)
    page = join(phone, server, workshop["join_code"], "Anni")
    # One live region: the stage card is no longer one.
    assert page.locator("[aria-live=polite]").count() == 1
    session = ideation(laptop, workshop)
    title = phase_of(session, "ideation")["title"]["fi"]
    page.wait_for_selector(f"#announcer:has-text('{title}')")
    page.wait_for_selector(".question-text")
    for n in range(3):
        add_idea(ben, workshop, f"Idea {n}")
    page.wait_for_selector("#announcer:has-text('3 uutta ideaa')")
    # The session's title is not said again.
    assert session["title"]["fi"] not in page.locator("#announcer").inner_text()
    # Time up, once.
    command(laptop, workshop, "session.timer", session_id=session["id"], action="start", seconds=1)
    page.wait_for_selector("#announcer:has-text('Aika loppui')", timeout=10000)
    assert page.locator("[aria-live=polite]").count() == 1


def test_im_done_toggles_and_says_so(phone, server, laptop, workshop):
    page = join(phone, server, workshop["join_code"], "Anni")
    session = ideation(laptop, workshop)
    phase = phase_of(session, "ideation")
    done = page.locator("#done-button")
    done.wait_for()
    box = done.bounding_box()
    assert box["height"] >= 44
    done.click()
    page.wait_for_selector("#done-button[aria-pressed=true]:has-text('Merkitty valmiiksi')")
    page.wait_for_function("() => !document.querySelector('#connection[data-state=saving]')")
    rows = [d for d in entities(laptop, workshop).get("done", []) if d["phase_id"] == phase["id"]]
    assert [r["done"] for r in rows] == [True]
    done.click()
    page.wait_for_selector("#done-button[aria-pressed=false]:has-text('Olen valmis')")
    page.wait_for_function("() => !document.querySelector('#connection[data-state=saving]')")
    rows = [d for d in entities(laptop, workshop).get("done", []) if d["phase_id"] == phase["id"]]
    assert [r["done"] for r in rows] == [False]
    assert page.evaluate("document.activeElement.id") == "done-button"


def test_bring_everyone_here_takes_the_phone_there(phone, server, laptop, workshop):
    page = join(phone, server, workshop["join_code"], "Anni")
    session = ideation(laptop, workshop)
    page.wait_for_selector("#board[data-view=ideas]")
    persona = sorted(entities(laptop, workshop)["persona"], key=lambda p: p["position"])[2]
    name = persona["fields"]["name"]
    name = name.get("fi") if isinstance(name, dict) else name
    command(laptop, workshop, "session.focus", session_id=session["id"], view="persona",
            id=persona["id"])
    page.wait_for_selector(f"#board[data-view=personas] .persona-name:has-text('{name}')")
    page.wait_for_selector("#announcer:has-text('Ohjaaja toi kaikki tänne')")
    # The participant can go elsewhere afterwards, and is not pulled back.
    page.click("#board-nav [data-view=now]")
    page.wait_for_selector("#board[data-view=ideas]")
    command(laptop, workshop, "hmw.settings", hmw_id=workshop["hmw"]["id"], locked=False)
    page.wait_for_timeout(300)
    assert page.locator("#board").get_attribute("data-view") == "ideas"
    # A new focus takes it there again: the question's ideas.
    command(laptop, workshop, "session.focus", session_id=session["id"], view="stage")
    command(laptop, workshop, "session.focus", session_id=session["id"], view="persona",
            id=persona["id"])
    page.wait_for_selector("#board[data-view=personas]")


NO_SIDEWAYS = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
# Visible controls smaller than 44 px either way (text links inside sentences excepted).
SMALL_TARGETS = """() => [...document.querySelectorAll(
    '#app :is(button, select, input:not([type=checkbox]), textarea, summary)')]
  .filter(e => e.offsetParent !== null)
  .filter(e => { const r = e.getBoundingClientRect(); return r.height < 44 || r.width < 44; })
  .map(e => e.outerHTML.slice(0, 80))"""
CUT = """() => [...document.querySelectorAll('#app *:not(.visually-hidden)')]
  .filter(e => e.offsetParent !== null
  && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'hidden')
  .map(e => e.outerHTML.slice(0, 80))"""


@pytest.mark.parametrize("width", [320, 360])
def test_every_view_fits_a_small_phone(browser, server, laptop, workshop, width):
    context = browser.new_context(viewport={"width": width, "height": 640}, device_scale_factor=1,
                                  is_mobile=True, has_touch=True, locale="fi-FI", bypass_csp=True)
    try:
        ben = other_participant(server, workshop)
        add_idea(ben, workshop, "Kirjastonhoitajien digiopastusvastaanottotoiminta")
        page = join(context, server, workshop["join_code"], "Anni Pitkäsukunimi-Esimerkki")
        in_the_group(page, laptop, workshop)
        shots = server.log.parent
        found = {}

        def look(where):
            page.wait_for_timeout(100)
            if not page.evaluate(NO_SIDEWAYS):
                found[f"{where}: sideways scroll"] = page.evaluate(
                    "document.documentElement.scrollWidth")
            small = page.evaluate(SMALL_TARGETS)
            if small:
                found[f"{where}: small targets"] = small
            cut = page.evaluate(CUT)
            if cut:
                found[f"{where}: cut"] = cut
            page.screenshot(path=str(shots / f"phone-{width}-{where}.png"), full_page=True)
            if AXE.exists():
                violations = run_axe(page)
                if violations:
                    found[f"{where}: axe"] = violations
        look("idle")
        for view in ("intros", "personas", "group", "ideas", "concepts", "notices"):
            page.evaluate("(v) => document.querySelector(`#board-nav [data-view='${v}']`).click()",
                          view)
            page.wait_for_selector(f"#board[data-view={view}]")
            look(view)
        session = workshop["sessions"][1]
        for focus in ("causes", "importance", "statement"):
            go(laptop, workshop, session, phase_of(session, "challenge", focus))
            page.wait_for_selector(f"#board[data-view=canvas] .steps[data-step={focus}]")
            look(f"canvas-{focus}")
        go(laptop, workshop, session, phase_of(session, "hmw"))
        page.wait_for_selector("#board[data-view=hmw]")
        look("hmw")
        command(laptop, workshop, "session.end", session_id=session["id"])
        ideation(laptop, workshop)
        page.wait_for_selector("#board[data-view=ideas] .question-text")
        look("ideation")
        # The vote: a round over the question's ideas, in workshop 3's voting phase.
        command(laptop, workshop, "session.end", session_id=workshop["sessions"][2]["id"])
        ballot = command(laptop, workshop, "vote.save_round", id=str(uuid.uuid4()),
                         title="Äänestys", target="ideas", hmw_id=workshop["hmw"]["id"],
                         dots=3, cap=2)
        command(laptop, workshop, "vote.open", round_id=ballot["id"])
        voting = workshop["sessions"][3]
        go(laptop, workshop, voting, phase_of(voting, "voting"))
        page.wait_for_selector("#board[data-view=votes] button")
        look("vote")
        command(laptop, workshop, "session.end", session_id=voting["id"])
        page.wait_for_selector("#phase-title:text-matches('välissä|päättynyt')")
        look("ended")
        assert not found, json.dumps(found, indent=1, ensure_ascii=False)
    finally:
        context.close()
