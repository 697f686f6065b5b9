"""The pages obey their own Content Security Policy in real Chromium, with the policy
enforced (no bypass_csp): every page kind, as the people who use it see it - the front
page and the join form, the phone in each of its views, the facilitator's page with its
cards open, the projector, the workshops page, login, the API docs and the error pages.
Any violation fails: an inline style attribute, an inline handler or script, a
javascript: URL, a resource from elsewhere. A style attribute that the policy refuses is
not an error the page sees - the element simply keeps its stylesheet size - so the survey
summary's bars are also measured: different counts, different widths."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest
from conftest import PASSWORD, PHONE
from live_client import WebClient
from test_browser import join, log_in, open_section
from test_browser_board import command, entities, go_to_phase

pytestmark = [pytest.mark.browser, pytest.mark.live]

LAPTOP = {"viewport": {"width": 1280, "height": 900}}

# Runs before each document's own scripts, so nothing a page does on load is missed. The
# report goes to the test at once (a violation on a page that then navigates is kept) and
# stays in window.__csp for looking at in the page.
RECORDER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  const view = document.querySelector('#board')?.dataset.view;
  const found = {page: location.pathname + (view ? ` (${view})` : ''),
    directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI,
    source: `${e.sourceFile}:${e.lineNumber}`, sample: e.sample};
  window.__csp.push(found);
  window.__cspReport(found);
});
"""

# One trip through the page's task queue and a frame: violations are reported as queued
# tasks, so those of the work just done have been dispatched once this resolves.
SETTLED = "() => new Promise((done) => requestAnimationFrame(() => setTimeout(done)))"


class CspWatch:
    """Browser contexts that record every CSP violation of every page opened in them."""

    def __init__(self, browser):
        self.browser = browser
        self.contexts = []
        self.violations: list[dict] = []

    def context(self, **options):
        context = self.browser.new_context(**options)
        context.expose_function("__cspReport", lambda found: self.violations.append(found))
        context.add_init_script(RECORDER)
        context.on("console", self._console)
        self.contexts.append(context)
        return context

    def _console(self, message):
        if "Content Security Policy" in message.text:
            self.violations.append({"console": message.text, "at": message.location})

    def assert_clean(self, *pages, what=""):
        for page in pages:
            page.evaluate(SETTLED)
        distinct = {repr(found): found for found in self.violations}
        assert not distinct, f"{len(self.violations)} CSP violations {what}:\n" + "\n".join(
            distinct)

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def csp(browser):
    watch = CspWatch(browser)
    yield watch
    watch.close()


@pytest.fixture
def laptop(server):
    return WebClient(server.url).login("anna", PASSWORD)


def new_workshop(laptop, template):
    created = laptop.api("POST", "/api/workshops", json={"id": str(uuid.uuid4()),
                                                         "template": template})
    assert created.status_code == 201, created.text
    return created.json()


def open_every_details(page):
    """Open every collapsed part of the page; opening one may draw more (a nested editor)."""
    page.wait_for_function("""() => {
        const closed = [...document.querySelectorAll('details:not([open])')];
        for (const details of closed) details.open = true;
        return closed.length === 0;
    }""")


def bar_widths(page, question):
    """The drawn widths (px) of one survey question's bars, in scale order."""
    return page.evaluate("""(question) => {
        const box = [...document.querySelectorAll('.survey-summary .importance')]
            .find((b) => b.querySelector('h4').textContent === question);
        return [...box.querySelectorAll('.bar')].map((bar) => bar.getBoundingClientRect().width);
    }""", question)


def test_public_pages_and_error_pages(csp, server, laptop):
    workshop = new_workshop(laptop, "service-design-coaching")
    phone = csp.context(**PHONE, locale="fi-FI").new_page()
    phone.goto(server.url + "/")
    phone.fill("#code", "ZZZZZZ")  # no such workshop: the front page again, with the error
    phone.click("button[type=submit]")
    phone.wait_for_selector("#code[aria-invalid=true]")
    phone.goto(f"{server.url}/j/{workshop['join_code']}")
    phone.click("button[type=submit]")  # no name: the join form with its errors
    phone.wait_for_selector("#display_name[aria-invalid=true]")
    for path in ("/login", "/lang/en?next=/", "/nope-404", "/j/ZZZZZZ",
                 f"/p/{workshop['id']}/not-the-token", f"/w/{workshop['id']}", "/api/docs"):
        phone.goto(server.url + path)
    phone.wait_for_selector("#api-docs[data-ready] .api-op")  # the operations are drawn
    csp.assert_clean(phone, what="on the public pages")

    page = csp.context(**LAPTOP, locale="fi-FI").new_page()
    page.goto(server.url + "/login")
    page.fill("#username", "anna")
    page.fill("#password", "wrong")
    page.click("button[type=submit]")
    page.wait_for_selector(".form-error, .field-error")
    page = log_in(page.context, server)  # the workshops page
    page.wait_for_selector(f"a[href*='{workshop['id']}']")
    open_every_details(page)
    page.goto(f"{server.url}/f/w/{uuid.uuid4()}")  # not hers: the error page, logged in
    page.goto(server.url + "/api/docs")
    page.wait_for_selector("#api-docs[data-ready] .api-op")
    page.locator("#api-docs .api-op summary").first.click()
    page.wait_for_selector("#api-docs .api-op[open] h4")
    csp.assert_clean(page, what="on the login, workshops, API and error pages")


def test_phone_facilitator_and_projector_through_a_workshop(csp, server, laptop):
    workshop = new_workshop(laptop, "service-design-coaching")
    code = workshop["join_code"]
    phone_context = csp.context(**PHONE, locale="fi-FI")
    phone = join(phone_context, server, code, "Aino")
    phone.wait_for_selector("#intro-about")
    phone.fill("#intro-about", "Olen kirjastossa töissä.")
    phone.click("#board form button[type=submit]")
    phone.wait_for_selector(".intro")
    others = []
    for name in ("Ben", "Celia"):
        other = WebClient(server.url)
        other.member = other.join(code, name)["member"]
        others.append(other)
    facilitator = log_in(csp.context(**LAPTOP, locale="fi-FI"), server)
    facilitator.goto(f"{server.url}/f/w/{workshop['id']}/personas")
    facilitator.wait_for_selector("#personas .persona-row")
    projector = csp.context(viewport={"width": 1366, "height": 768}, locale="fi-FI").new_page()
    projector.goto(f"{server.url}/p/{workshop['id']}/{workshop['projector_token']}")
    projector.wait_for_selector('#connection[data-state="connected"]')

    # Workshop 1: personas, groups, the challenge canvas, how-might-we.
    go_to_phase(laptop, workshop, "personas")
    phone.wait_for_selector(".persona-card")
    projector.wait_for_selector(".persona-names li")
    group = command(laptop, workshop, "group.split", count=1, method="random")[0]
    go_to_phase(laptop, workshop, "groups")
    phone.wait_for_selector(f"h2:has-text('{group['name']}')")
    projector.wait_for_selector(f".board-column h2:has-text('{group['name']}')")
    challenge = next(c for c in entities(laptop, workshop)["challenge"]
                     if c["group_id"] == group["id"])
    for other, value in zip(others, (2, 5), strict=True):
        command(other, workshop, "challenge.note", id=str(uuid.uuid4()),
                challenge_id=challenge["id"], question="causes", body=f"Syy {value}")
        command(other, workshop, "challenge.rate", challenge_id=challenge["id"], value=value)
    go_to_phase(laptop, workshop, "challenge")
    phone.wait_for_selector("[data-question=causes] .note")
    # The rating and its "why" are one step, after the four other questions.
    for _ in range(4):
        phone.get_by_role("button", name="Seuraava ›").click()
    phone.locator(".rate[data-value='4']").click()
    projector.wait_for_selector(".canvas .importance:has-text('Arvioita: 3,')")
    phone.wait_for_selector(".importance:has-text('Arvioita: 3,')")
    phone.locator(".importance").screenshot(path=str(server.log.parent / "phone-importance.png"))
    hmw = command(laptop, workshop, "hmw.save", id=str(uuid.uuid4()),
                  challenge_id=challenge["id"], text="Miten voisimme auttaa verkossa?")
    go_to_phase(laptop, workshop, "hmw")
    phone.wait_for_selector(".hmw-list li:has-text('Miten voisimme auttaa')")
    projector.wait_for_selector(".hmw-list li")
    csp.assert_clean(phone, projector, facilitator, what="in workshop 1")

    # Workshop 2: ideas on the phone, the facilitator's board, a concept.
    command(laptop, workshop, "hmw.settings", hmw_id=hmw["id"], live=True)
    go_to_phase(laptop, workshop, "ideation", position=2)
    phone.wait_for_selector(".question-text:has-text('Miten voisimme auttaa')")
    phone.fill("#idea-text", "Digituki kirjastoon iltaisin")
    phone.click("#board form button[type=submit]")
    for other in others:
        command(other, workshop, "idea.add", id=str(uuid.uuid4()), hmw_id=hmw["id"],
                text=f"Idea: {other.member['display_name']}")
    phone.wait_for_selector(".idea-card:has-text('Idea: Celia')")
    projector.wait_for_selector(".idea-card:has-text('Digituki kirjastoon')")
    open_section(facilitator, "ideas")
    facilitator.wait_for_selector("#ideation .idea-card:has-text('Idea: Ben')")
    names = ["Digikahvila", "Tablettilaina", "Chat-neuvonta"]
    concepts = [command(laptop, workshop, "concept.save", id=str(uuid.uuid4()), name=name)
                for name in names]
    phone.click("[data-view=concepts]")
    phone.get_by_role("button", name="Digikahvila").click()
    phone.wait_for_selector("h2.concept-name:has-text('Digikahvila')")
    go_to_phase(laptop, workshop, "concepts", position=3)
    projector.wait_for_selector(".concept-grid :text('Tablettilaina')")
    csp.assert_clean(phone, projector, facilitator, what="in workshop 2")

    # Workshop 3: the ballot, the results, pilots.
    go_to_phase(laptop, workshop, "voting", position=3)
    ballot = command(laptop, workshop, "vote.save_round", id=str(uuid.uuid4()),
                     title="Mitä pilotoidaan?", dots=3, cap=2)
    command(laptop, workshop, "vote.open", round_id=ballot["id"])
    phone.wait_for_selector(".dots-left:has-text('Pisteitä jäljellä: 3 / 3')")
    phone.get_by_role("button", name="Lisää piste: Tablettilaina").click()
    phone.wait_for_selector(".save-state:has-text('Äänesi on tallennettu')")
    for other, count in zip(others, (1, 2), strict=True):
        command(other, workshop, "vote.set", round_id=ballot["id"],
                item_id=concepts[0]["id"], count=count)
    open_section(facilitator, "voting")
    facilitator.wait_for_selector(".turnout:has-text('Äänestäneitä: 3 / 3')")
    projector.wait_for_selector("text=Äänestäneitä: 3 / 3")
    command(laptop, workshop, "vote.close", round_id=ballot["id"])
    command(laptop, workshop, "vote.reveal", round_id=ballot["id"])
    phone.wait_for_selector(".results-chart rect")
    projector.wait_for_selector(".results-chart rect")
    facilitator.wait_for_selector("#voting .results-chart rect")
    pilot = command(laptop, workshop, "pilot.create", concept_id=concepts[0]["id"])
    measure = command(laptop, workshop, "pilot.measure", id=str(uuid.uuid4()),
                      pilot_id=pilot["id"], name="Kävijöitä", unit="hlö", baseline=0, target=12)
    command(others[0], workshop, "pilot.join", pilot_id=pilot["id"])
    for days, value in ((7, 3), (0, 8)):
        command(others[0], workshop, "pilot.update", id=str(uuid.uuid4()), pilot_id=pilot["id"],
                did=f"Digikahvila, {value} kävijää", blockers="Tila on varattu torstaisin",
                happened_on=(date.today() - timedelta(days=days)).isoformat(),
                values=[{"measure_id": measure["id"], "value": value,
                         "measured_on": (date.today() - timedelta(days=days)).isoformat()}])
    go_to_phase(laptop, workshop, "pilots", position=3)
    phone.wait_for_selector("#board[data-view=pilots]")
    phone.get_by_role("button", name="Digikahvila").click()
    phone.wait_for_selector(".measure-chart circle")
    phone.click("[data-view=personas]")
    phone.wait_for_selector(".persona-card")
    phone.click("[data-view=group]")
    phone.wait_for_selector(".mates li")
    phone.click("[data-view=ideas]")
    phone.wait_for_selector(".question-text")
    phone.click("[data-view=notices]")
    phone.wait_for_selector("#notify-email")
    phone.locator("#me-edit summary").click()
    phone.wait_for_selector("#me-name", state="visible")

    # The facilitator's page, with everything on it open.
    open_section(facilitator, "pilots")
    row = facilitator.locator(f"#pilots tr[data-pilot='{pilot['id']}']")
    # Both updates' blockers are open: the overview lists each.
    row.locator(".open-flag", has_text="Tila on varattu torstaisin").nth(1).wait_for()
    open_every_details(facilitator)
    row.get_by_role("button", name="Digikahvila").click()  # the pilot's page, as its team sees it
    facilitator.wait_for_selector("#pilots .measure-chart polyline")
    open_section(facilitator, "exports")
    facilitator.get_by_role("link", name="Raportti (Markdown)").click()
    facilitator.wait_for_selector("#export-progress:has-text('Ladattu')")
    csp.assert_clean(phone, projector, facilitator, what="in workshop 3")


SECTIONS = ("run", "agenda", "people", "personas", "challenges", "ideas", "moderation",
            "concepts", "voting", "pilots", "coaching", "exports", "settings")


def test_every_cockpit_section_under_the_policy(csp, server, laptop):
    """Each of the cockpit's sections loads, with every part of it opened, and none breaks
    the policy: loaded at its own address and reached through the navigation."""
    workshop = new_workshop(laptop, "service-design-coaching")
    for name in ("Aino", "Ben", "Celia"):
        WebClient(server.url).join(workshop["join_code"], name)
    command(laptop, workshop, "group.split", count=1, method="random")
    page = log_in(csp.context(**LAPTOP, locale="fi-FI"), server)
    failed = {}
    for section in SECTIONS:
        page.goto(f"{server.url}/f/w/{workshop['id']}/{section}")
        try:
            page.wait_for_selector(f".section-body[data-section={section}] > :not(.error)",
                                   timeout=10000)
            page.wait_for_function(
                "() => !document.querySelector('.section-body > .notice.error')", timeout=2000)
        except Exception as error:  # noqa: BLE001 - reported together below
            failed[section] = str(error).splitlines()[0]
            continue
        open_every_details(page)
    page.goto(f"{server.url}/f/w/{workshop['id']}/agenda")
    for section in SECTIONS:
        page.locator(f".cockpit-nav a[data-section={section}]").click()
        page.wait_for_url(f"**/{section}")
    csp.assert_clean(page, what="in the cockpit's sections")
    assert not failed, failed


def test_coaching_tasks_survey_summary_and_reminders(csp, server, laptop):
    workshop = new_workshop(laptop, "online-coaching-6-weeks")
    code = workshop["join_code"]
    sessions = entities(laptop, workshop)["session"]
    survey = next(s for s in sessions if s["task"] and s["task"].get("survey"))
    week1 = next(s for s in sessions if s["title"]["en"].startswith("Week 1"))
    command(laptop, workshop, "session.update", session_id=week1["id"],
            opens_on=(date.today() - timedelta(days=8)).isoformat(),
            due_on=(date.today() - timedelta(days=1)).isoformat())
    phone = join(csp.context(**PHONE, locale="fi-FI"), server, code, "Maija")
    # The survey on the phone: scale buttons and free text.
    phone.get_by_role("button", name="Alkukysely: digiosaamisen tarpeet").click()
    phone.wait_for_selector(".material")
    phone.get_by_role("group", name="Kuinka varmaksi tunnet itsesi digipalvelujen "
                                    "käyttäjänä?").get_by_text("4").click()
    phone.get_by_label("Missä asioissa toivoisit tukea tai lisää osaamista?").fill("Tietoturva")
    phone.get_by_role("button", name="Lähetä vastaus").click()
    phone.wait_for_selector(".survey-answers dd:has-text('Tietoturva')")
    # Two more answers: confidence 4, 4 and 2, so the bars for 4 and 2 differ.
    for name, confidence in (("Ville", 4), ("Sanna", 2)):
        other = WebClient(server.url)
        other.join(code, name)
        command(other, workshop, "task.submit", id=str(uuid.uuid4()), session_id=survey["id"],
                answers={"confidence": confidence, "guiding": 3, "needs": f"Tukea: {name}"})
    # A reminder for week 1, made by the CLI as cron would.
    assert "made: " in server.cli("reminders").stdout
    phone.reload()
    phone.get_by_role("button", name=re.compile(r"Muistutukset \(\d+ uutta\)")).click()
    phone.wait_for_selector(".notice-item.unread:has-text('Digitaaliset palvelut')")
    phone.get_by_role("button", name="Avaa").first.click()
    phone.wait_for_selector("h2:has-text('Viikko 1')")
    phone.locator("#board button", has_text="‹ ").first.click()  # back to all the tasks
    phone.wait_for_selector("#board button:has-text('Alkukysely')")

    facilitator_context = csp.context(**LAPTOP, locale="fi-FI")
    facilitator = log_in(facilitator_context, server)
    facilitator.goto(f"{server.url}/f/w/{workshop['id']}/coaching")
    facilitator.get_by_role("button", name="Maija, Vastaa alkukyselyyn: vastattu").click()
    facilitator.wait_for_selector(".review dd:has-text('Tietoturva')")
    open_every_details(facilitator)
    facilitator.get_by_role("button", name="Näytä yhteenveto").first.click()
    facilitator.wait_for_selector(".survey-summary :text('Vastaajia: 3')")
    csp.assert_clean(facilitator, what="drawing the survey summary")
    # Counts for 1..5 are 0, 1, 0, 2, 0: the bar for 4 is twice the bar for 2, the rest
    # are empty. Refused style attributes would leave every bar the full track.
    one, two, three, four, five = bar_widths(
        facilitator, "Kuinka varmaksi tunnet itsesi digipalvelujen käyttäjänä?")
    assert four > 0 and two == pytest.approx(four / 2, abs=1), (one, two, three, four, five)
    assert one == three == five == 0, (one, two, three, four, five)

    # The same summary on a phone-sized facilitator screen.
    small = facilitator_context.new_page()
    small.set_viewport_size(PHONE["viewport"])
    small.goto(f"{server.url}/f/w/{workshop['id']}/coaching")
    small.get_by_role("button", name="Näytä yhteenveto").first.click()
    small.wait_for_selector(".survey-summary :text('Vastaajia: 3')")
    _, two, _, four, _ = bar_widths(small, "Kuinka varmaksi tunnet itsesi digipalvelujen "
                                           "käyttäjänä?")
    assert four > 0 and two == pytest.approx(four / 2, abs=1)
    small.locator("#coaching").screenshot(
        path=str(server.log.parent / "phone-survey-summary.png"))
    phone.screenshot(path=str(server.log.parent / "phone-tasks.png"), full_page=True)
    csp.assert_clean(phone, facilitator, small, what="in the coaching views")
