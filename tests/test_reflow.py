"""Reflow (WCAG 1.4.10, 1.4.4): each of the phone's views, in the states of
tests/test_browser_a11y.py, at 320 CSS px, in landscape (640 x 320), with text at 200 % and at
400 % zoom (a 1280 px window zoomed in: a 320 x 225 CSS px viewport on a desktop browser, which
ignores the page's viewport tag). In each: nothing scrolls sideways, no control's text
spills out of it, and a tap at the middle of each control lands on that control - not on a
neighbour or on something drawn over it. The facilitator's idea board is checked at 400 %.

Text at 200 % is the browser's own font-size setting (Page.setFontSizes: the default font
size doubled, which every rem and em on the page follows), so only text grows, as with
the "text size" of a browser's settings."""

from __future__ import annotations

import pytest
from test_browser import log_in, open_section
from test_browser_a11y import phone_views, states

# Each test walks every state of a workshop through many views: minutes, not seconds.
pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(900)]

MOBILE = {"device_scale_factor": 2, "is_mobile": True, "has_touch": True}
CONDITIONS = {
    "320 px": {"viewport": {"width": 320, "height": 640}, **MOBILE},
    "landscape": {"viewport": {"width": 640, "height": 320}, **MOBILE},
    "200 % text": {"viewport": {"width": 360, "height": 740}, **MOBILE},
    "400 % zoom": {"viewport": {"width": 320, "height": 225}, "device_scale_factor": 4},
}

# What is wrong with the page as it stands, as a list of sentences.
PROBLEMS = """() => {
    const found = [];
    const root = document.scrollingElement;
    if (root.scrollWidth > window.innerWidth)
        found.push(`scrolls sideways: ${root.scrollWidth} > ${window.innerWidth}`);
    const name = (el) => (el.getAttribute('aria-label') || el.textContent || el.id
                          || el.tagName).trim().replace(/\\s+/g, ' ').slice(0, 40);
    const controls = document.querySelectorAll(
        'body button, body a[href], body input, body select, body textarea, body summary');
    for (const el of controls) {
        const box = el.getBoundingClientRect();
        if (box.width <= 2 || box.height <= 2) continue;  // hidden, or visually hidden
        if (getComputedStyle(el).visibility === 'hidden') continue;
        const closed = el.closest('details:not([open])');
        if (closed && el.parentElement !== closed) continue;  // not drawn until opened
        // The skip link waits above the page until it has the focus.
        if (el.classList.contains('skip-link')) continue;
        if (el.tagName === 'BUTTON' || el.tagName === 'SUMMARY') {
            if (el.scrollWidth > el.clientWidth + 1)
                found.push(`text spills out of "${name(el)}"`);
        }
        el.scrollIntoView({block: 'center', inline: 'nearest'});
        const r = el.getBoundingClientRect();
        const x = r.left + r.width / 2, y = r.top + r.height / 2;
        if (x < 0 || x > window.innerWidth || y < 0 || y > window.innerHeight) {
            found.push(`"${name(el)}" cannot be scrolled into view`);
            continue;
        }
        const hit = document.elementFromPoint(x, y);
        const label = el.closest('label');
        const own = hit && (hit === el || el.contains(hit) || (label && label.contains(hit))
                            || [...(el.labels || [])].some((l) => l.contains(hit)));
        if (!own)
            found.push(`a tap on "${name(el)}" lands on ${hit ? hit.tagName.toLowerCase()
                + (hit.className ? '.' + String(hit.className).trim().split(/\\s+/).join('.') : '')
                + ' "' + name(hit) + '"' : 'nothing'}`);
    }
    window.scrollTo(0, 0);
    return found;
}"""


def enlarge_text(page):
    """Double the browser's default font size; returns the DevTools session, which must stay
    open (closing it takes the setting back)."""
    session = page.context.new_cdp_session(page)
    session.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= 35
    return session




def check(page, where, found):
    for problem in page.evaluate(PROBLEMS):
        found.append(f"{where}: {problem}")


def report(found):
    """Each distinct problem once, with where it was first seen and how often."""
    seen: dict[str, list[str]] = {}
    for entry in found:
        where, _, what = entry.partition(": ")
        seen.setdefault(what, []).append(where)
    return "\n".join(f"{what} - at {places[0]}" + (f" and {len(places) - 1} more"
                                                  if len(places) > 1 else "")
                     for what, places in seen.items())


@pytest.mark.parametrize("condition", CONDITIONS)
def test_every_phone_view_reflows(browser, server, condition):
    found = []
    shots = server.log.parent / "reflow"
    shots.mkdir(exist_ok=True)
    checked = 0
    sessions = []
    for state, phone, _cockpit, _projector in states(
            browser, server, phone_options=CONDITIONS[condition], facilitator=False):
        for view in phone_views(phone):
            if condition == "200 % text":
                # Chromium drops the setting now and then (on a view change): set it anew.
                sessions.append(enlarge_text(phone))
            check(phone, f"{state}, {view}", found)
            checked += 1
            if view in ("now", "ideas", "votes", "tasks", "pilots"):
                slug = f"{condition}-{state}-{view}".replace(" ", "_").replace("%", "pc")
                phone.screenshot(path=str(shots / f"{slug}.png"), full_page=True)
    assert checked > 50
    assert not found, report(found)


def test_the_facilitators_idea_board_reflows_at_400_percent(browser, server):
    found = []
    for state, _phone, _cockpit, _projector in states(browser, server, facilitator=False):
        if state != "full board":
            continue
        context = browser.new_context(**CONDITIONS["400 % zoom"])
        try:
            page = log_in(context, server)
            workshops = page.evaluate("fetch('/api/workshops').then(r => r.json())")
            workshop = max(workshops, key=lambda w: w.get("created_at") or "")
            page.goto(f"{server.url}/f/w/{workshop['id']}/ideas")
            open_section(page, "ideas")
            page.wait_for_selector("[data-board] [data-card]")
            check(page, "facilitator ideas", found)
            page.screenshot(path=str(server.log.parent / "facilitator-ideas-400.png"))
        finally:
            context.close()
        break
    assert not found, report(found)
