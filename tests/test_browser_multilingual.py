"""In Chromium: a phase written only in English shows on a Finnish phone marked lang="en";
times and dates follow the page's language, not the device's; the accessibility statement
reads at 320 px."""

from __future__ import annotations

import uuid
from contextlib import contextmanager

import pytest
from conftest import PASSWORD, PHONE
from live_client import WebClient
from test_browser import join, log_in, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.live]

NARROW = {**PHONE, "viewport": {"width": 320, "height": 640}}


@contextmanager
def cockpit(browser, server, workshop, section, lang):
    """A facilitator's laptop on the workshop's cockpit section, the page in ``lang``."""
    laptop = browser.new_context(viewport={"width": 1280, "height": 900},
                                 locale={"en": "en-GB", "fi": "fi-FI"}[lang], bypass_csp=True)
    try:
        page = log_in(laptop, server)
        page.goto(f"{server.url}/lang/{lang}")
        page.goto(f"{server.url}/f/w/{workshop['id']}/{section}")
        page.wait_for_selector('#connection[data-state="connected"]')
        yield page
    finally:
        laptop.close()


def test_an_english_phase_on_a_finnish_phone_is_marked(browser, server):
    laptop = WebClient(server.url).login("anna", PASSWORD)
    workshop = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching",
        "language": "fi"}).json()
    wid = workshop["id"]

    def command(name, **args):
        response = laptop.api("POST", f"/api/workshops/{wid}/commands/{name}", json=args)
        assert response.status_code == 200, response.json()
        return response.json()["data"]

    state = laptop.api("GET", f"/api/workshops/{wid}/state").json()
    session = sorted(state["entities"]["session"], key=lambda s: s["position"])[0]
    phase_id = str(uuid.uuid4())
    command("session.save_phase", session_id=session["id"], id=phase_id, position=0,
            title={"en": "Coffee break and informal networking"},
            instructions={"en": "Grab a coffee and talk to someone from another organisation."})
    command("session.start", session_id=session["id"])
    command("session.phase", session_id=session["id"], phase_id=phase_id)

    # The device says English; the page is Finnish (the workshop's language).
    # bypass_csp lets the test inject axe-core; the pages' own scripts obey the policy.
    phone = browser.new_context(**NARROW, locale="en-US", bypass_csp=True)
    try:
        chooser = phone.new_page()
        chooser.goto(server.url + "/lang/fi")
        chooser.close()
        page = join(phone, server, workshop["join_code"], "Pekka")
        page.wait_for_selector('#phase-title span[lang="en"]')
        assert page.evaluate("document.documentElement.lang") == "fi"
        assert page.locator('#phase-title span[lang="en"]').inner_text() == (
            "Coffee break and informal networking")
        assert page.locator('#instructions p[lang="en"]').count() == 1
        # Nothing spills sideways at 320 px.
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth + 1")
        assert run_axe(page) == []
        page.screenshot(path=str(server.log.parent / "phone-320-english-phase.png"), full_page=True)
        # The clock and the date follow the page, not the English device: 24 h, Finnish.
        formatted = page.evaluate("""async () => {
            const f = await import('/static/js/format.js');
            const at = new Date(2026, 11, 15, 13, 56);
            return [f.formatTime(at), f.formatDate('2026-12-15'), f.formatNumber(1234.5)];
        }""")
        assert formatted == ["13.56", "15.12.2026", "1\u00a0234,5"]

        statement = phone.new_page()
        statement.goto(server.url + "/accessibility?lang=fi")
        assert statement.locator("h1").inner_text().replace("\u00ad", "") == "Saavutettavuusseloste"
        assert statement.evaluate("document.documentElement.scrollWidth <= innerWidth + 1")
        assert run_axe(statement) == []
        statement.screenshot(path=str(server.log.parent / "statement-320.png"), full_page=True)
        # The phone's footer links to it, and to the privacy notice, which reads as well.
        assert page.locator('footer a[href="/accessibility"]').count() == 1
        assert page.locator('footer a[href="/privacy"]').count() == 1
        statement.goto(server.url + "/privacy?lang=fi")
        assert statement.locator("h1").inner_text().replace("\u00ad", "") == "Tietosuojaseloste"
        assert statement.evaluate("document.documentElement.scrollWidth <= innerWidth + 1")
        assert run_axe(statement) == []
        statement.screenshot(path=str(server.log.parent / "privacy-320.png"), full_page=True)
    finally:
        phone.close()


def test_the_clock_on_a_swedish_and_an_english_page(browser, server):
    context = browser.new_context(locale="fi-FI")
    try:
        page = context.new_page()
        results = {}
        for lang in ("en", "sv"):
            page.goto(server.url + f"/accessibility?lang={lang}")
            assert page.evaluate("document.documentElement.lang") == lang
            results[lang] = page.evaluate("""async () => {
                const f = await import('/static/js/format.js');
                return [f.formatTime(new Date(2026, 11, 15, 13, 56)), f.formatDate('2026-12-15')];
            }""")
        # Swedish as written in Finland (CLDR sv-FI, as the server writes it): 13.56
        assert results["sv"] == ["13.56", "15.12.2026"]
        assert results["en"][0] in ("1:56 PM", "1:56\u202fPM")
        assert results["en"][1] == "12/15/2026"
    finally:
        context.close()


def test_a_facilitator_writes_a_phase_in_two_languages(browser, server):

    laptop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB",
                                 bypass_csp=True)
    try:
        page = log_in(laptop, server)
        page.get_by_label("Blank workshop").check()
        page.fill("#name", "Kaksikielinen paja")
        page.select_option("#language", "fi")
        page.get_by_role("button", name="Create workshop").click()
        page.wait_for_selector('#connection[data-state="connected"]')
        page.locator(".cockpit-nav a[data-section=agenda]").click()
        page.get_by_text("Add a session").click()
        page.fill("#new-session-title", "Morning")
        page.get_by_role("button", name="Add session").click()
        editor = page.locator(".phase-editor").first
        editor.get_by_label("Phase title").fill("Coffee break")
        adding = editor.locator("form.add-phase")
        adding.locator("details.other-languages summary").click()
        finnish = adding.get_by_role("group", name="Suomi")
        finnish.get_by_label("Title").fill("Kahvitauko")
        finnish.get_by_label("Instructions").fill("Kahvia käytävällä.")
        editor.get_by_role("button", name="Add phase").click()
        page.wait_for_selector(".phases li:has-text('Coffee break')")
        page.screenshot(path=str(server.log.parent / "cockpit-two-languages.png"), full_page=True)
        workshop_id = page.url.split("/f/w/")[1].split("/")[0]
        state = page.evaluate("async (id) => (await fetch(`/api/workshops/${id}/state`)).json()",
                              workshop_id)
        phase = state["entities"]["session"][0]["phases"][0]
        assert phase["title"] == {"en": "Coffee break", "fi": "Kahvitauko"}
        assert phase["instructions"] == {"fi": "Kahvia käytävällä."}
        assert run_axe(page) == []
    finally:
        laptop.close()


def test_a_swedish_phone_reads_the_question_in_swedish_or_marked_finnish(browser, server):
    """A question written in Finnish and Swedish shows in Swedish on a Swedish page (in the
    page's own language: nothing to mark); one written only in Finnish shows in Finnish,
    marked lang="fi"."""
    from test_browser_board import command, entities, go_to_phase

    laptop = WebClient(server.url).login("anna", PASSWORD)
    workshop = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching",
        "language": "fi"}).json()
    group = command(laptop, workshop, "group.split", count=1, method="random")[0]
    challenge = next(c for c in entities(laptop, workshop)["challenge"]
                     if c["group_id"] == group["id"])
    both = command(laptop, workshop, "hmw.save", id=str(uuid.uuid4()),
                   challenge_id=challenge["id"],
                   text={"fi": "Miten voisimme auttaa verkossa?",
                         "sv": "Hur skulle vi kunna hjälpa till på nätet?"})
    finnish = command(laptop, workshop, "hmw.save", id=str(uuid.uuid4()),
                      challenge_id=challenge["id"], text={"fi": "Miten voisimme tavata?"})
    command(laptop, workshop, "hmw.settings", hmw_id=both["id"], live=True)
    go_to_phase(laptop, workshop, "ideation", position=2)

    phone = browser.new_context(**NARROW, locale="sv-FI", bypass_csp=True)
    try:
        chooser = phone.new_page()
        chooser.goto(server.url + "/lang/sv")
        chooser.close()
        page = join(phone, server, workshop["join_code"], "Sara")
        assert page.evaluate("document.documentElement.lang") == "sv"
        heading = page.locator("#board .question-text")
        heading.filter(has_text="Hur skulle vi kunna hjälpa till på nätet?").wait_for()
        # Swedish, in the Swedish page: its language is the page's.
        assert heading.evaluate("h => h.closest('[lang]').lang") == "sv"
        assert heading.locator("[lang]").count() == 0
        assert run_axe(page) == []

        command(laptop, workshop, "hmw.settings", hmw_id=finnish["id"], live=True)
        marked = page.locator('#board .question-text span[lang="fi"]')
        marked.filter(has_text="Miten voisimme tavata?").wait_for()
        assert heading.inner_text() == "Miten voisimme tavata?"
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth + 1")
        assert run_axe(page) == []
        page.screenshot(path=str(server.log.parent / "phone-sv-finnish-question.png"),
                        full_page=True)
    finally:
        phone.close()


def test_a_facilitator_writes_a_question_in_two_languages(browser, server):
    from test_browser_board import command, entities

    api = WebClient(server.url).login("anna", PASSWORD)
    workshop = api.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching",
        "language": "fi"}).json()
    command(api, workshop, "group.split", count=1, method="random")
    with cockpit(browser, server, workshop, "challenges", "en") as page:
        row = page.locator(".challenge-row").first
        row.locator("summary").first.click()
        adding = row.locator("form.hmw-new")
        adding.get_by_label("Add question").fill("How might we meet?")
        adding.locator("details.other-languages summary").click()
        adding.get_by_role("group", name="Svenska").get_by_label("How might we").fill(
            "Hur skulle vi kunna ses?")
        adding.get_by_role("button", name="Add question").click()
        row.locator(".hmw-text", has_text="How might we meet?").wait_for()
        questions = entities(api, workshop)["hmw"]
        assert [q["text"] for q in questions] == [
            {"en": "How might we meet?", "sv": "Hur skulle vi kunna ses?"}]
        # Editing shows what is stored in each language; the Finnish is added.
        row.get_by_role("button", name="Edit: How might we meet?").click()
        editing = row.locator(f"li[data-hmw='{questions[0]['id']}'] form")
        editing.locator("details.other-languages[open]").wait_for()
        assert editing.get_by_role("group", name="Svenska").get_by_label(
            "How might we").input_value() == "Hur skulle vi kunna ses?"
        editing.get_by_role("group", name="Suomi").get_by_label("How might we").fill(
            "Miten voisimme tavata?")
        editing.get_by_role("button", name="Save").click()
        row.locator(".hmw-text", has_text="How might we meet?").wait_for()
        assert entities(api, workshop)["hmw"][0]["text"] == {
            "en": "How might we meet?", "sv": "Hur skulle vi kunna ses?",
            "fi": "Miten voisimme tavata?"}
        assert run_axe(page) == []


def test_a_facilitator_writes_a_persona_card_in_swedish_beside_the_finnish(browser, server):
    """The card editor has the page's language in its own fields and the others folded away;
    saving keeps every language's text, the Swedish written here included."""
    from test_browser_board import entities

    api = WebClient(server.url).login("anna", PASSWORD)
    workshop = api.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching",
        "language": "fi"}).json()
    card = next(p for p in entities(api, workshop)["persona"] if p["kind"] == "persona")
    with cockpit(browser, server, workshop, "personas", "fi") as page:
        editor = page.locator(f"#edit-{card['id']}")
        editor.locator("summary").first.click()
        editor.locator("input[name=quote]").fill("Tarvitsen apua kotiin.")
        # The card from the template has its other languages written: they show, unfolded.
        editor.locator("details.other-languages[open]").wait_for()
        swedish = editor.get_by_role("group", name="Svenska")
        name = swedish.locator("input[name=name-sv]")
        assert name.input_value() == card["fields"]["name"]["sv"]
        assert name.get_attribute("lang") == "sv"
        swedish.locator("[name=quote-sv]").fill("Jag behöver hjälp hemma.")
        assert run_axe(page) == []
        editor.locator("button[type=submit]").click()
        page.locator(f"#edit-{card['id']}:not([open])").wait_for()
        saved = next(p for p in entities(api, workshop)["persona"] if p["id"] == card["id"])
        assert saved["fields"]["quote"]["fi"] == "Tarvitsen apua kotiin."
        assert saved["fields"]["quote"]["sv"] == "Jag behöver hjälp hemma."
        assert saved["fields"]["quote"]["en"] == card["fields"]["quote"]["en"]
        assert saved["fields"]["name"] == card["fields"]["name"]
