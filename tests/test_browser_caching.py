"""The browser's files in real Chromium: the phone page names its whole module graph for
preloading, loads with no failed request and no console error, and on a repeat visit takes
every script and style, and its strings file, from the browser's cache without asking the
server."""

from __future__ import annotations

import re

import pytest
from conftest import PASSWORD, PHONE
from live_client import WebClient
from test_browser import join, workshop  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.live]

CONNECTED = '#connection[data-state="connected"]'


class Requests:
    """What a page asked for, through Chrome DevTools: every request, where its answer came
    from, and what failed."""

    def __init__(self, context, page):
        self.cdp = context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.urls: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        self.cached: set[str] = set()
        self.statuses: dict[str, int] = {}
        self.failed: list[str] = []
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.on("Network.requestServedFromCache", lambda e: self.cached.add(e["requestId"]))
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on("Network.loadingFailed", lambda e: self.failed.append(
            f"{self.urls.get(e['requestId'])}: {e.get('errorText')}"))

    def _sent(self, event):
        self.urls[event["requestId"]] = event["request"]["url"]
        self.kinds[event["requestId"]] = event.get("type", "")

    def _response(self, event):
        response = event["response"]
        self.statuses[event["requestId"]] = response["status"]
        if response.get("fromDiskCache") or response.get("fromMemoryCache"):
            self.cached.add(event["requestId"])

    def clear(self):
        for store in (self.urls, self.kinds, self.statuses):
            store.clear()
        self.cached.clear()
        self.failed.clear()

    def of_kind(self, *kinds) -> dict[str, str]:
        return {rid: url for rid, url in self.urls.items() if self.kinds.get(rid) in kinds}


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_the_phone_page_preloads_its_whole_module_graph_and_comes_back_from_the_cache(
        browser, server, workshop):  # noqa: F811
    context = browser.new_context(**PHONE)
    errors: list[str] = []
    context.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    context.on("weberror", lambda e: errors.append(str(e.error)))
    try:
        page = join(context, server, workshop["join_code"], "Välimuisti")
        network = Requests(context, page)
        page.reload()  # the same modules again, now watched
        page.wait_for_selector(CONNECTED)
        html = page.content()
        preloaded = re.findall(r'<link rel="modulepreload" href="([^"]+)">', html)
        entry = re.findall(r'<script type="module" src="([^"]+)"></script>', html)
        assert len(entry) == 1 and entry[0].startswith("/assets/"), entry
        words = [url for url in network.urls.values() if "/strings/participant/" in url]
        scripts = {_path(url) for url in network.of_kind("Script").values()
                   if "/strings/participant/" not in url}
        # Every module the page ran was named in advance, and nothing more was named.
        assert scripts == {*preloaded, entry[0]}, scripts ^ {*preloaded, entry[0]}
        assert all(url.startswith("/assets/") for url in scripts), scripts
        assert len(preloaded) >= 20
        assert network.failed == [] and errors == [], (network.failed, errors)
        assert not [u for rid, u in network.urls.items() if network.statuses.get(rid, 200) >= 400]
        # The words come as one file, asked for once, and are on screen.
        assert len(words) == 1 and _path(words[0]).startswith("/assets/"), words
        assert page.locator(CONNECTED).inner_text() not in ("", "connected")

        # Again, as a phone coming back: the page itself from the server, every script and
        # style from the browser's cache, with no request to the server for them.
        network.clear()
        page.goto(f"{server.url}/j/{workshop['join_code']}")
        page.wait_for_selector(CONNECTED)
        files = network.of_kind("Script", "Stylesheet")
        assert len(files) >= len(preloaded), files
        asked = [url for rid, url in files.items() if rid not in network.cached]
        assert asked == [], asked
        words = {rid: url for rid, url in network.urls.items() if "/strings/participant/" in url}
        assert len(words) == 1 and set(words) <= network.cached, words
        assert network.failed == [] and errors == [], (network.failed, errors)
    finally:
        context.close()


# Each change of the phase title, with the connection's state at that moment.
WATCH_TITLE = """
window.__titles = [];
new MutationObserver(() => {
  const title = document.getElementById("phase-title");
  const state = document.getElementById("connection")?.dataset.state || "";
  const text = title ? title.textContent.trim() : "";
  const last = window.__titles[window.__titles.length - 1];
  if (text && (!last || last.text !== text || last.state !== state))
    window.__titles.push({ text, state });
}).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
"""


def test_a_phone_coming_back_draws_the_room_from_its_copy_before_the_socket_answers(
        browser, server, workshop):  # noqa: F811
    laptop = WebClient(server.url).login("anna", PASSWORD)
    context = browser.new_context(**PHONE)
    try:
        page = join(context, server, workshop["join_code"], "Paluu")
        page.wait_for_function("document.getElementById('phase-title')?.textContent.trim()")
        before = page.inner_text("#phase-title").strip()
        page.wait_for_function(  # the copy is written at the first sync
            "Object.keys(sessionStorage).some((key) => key.startsWith('paja:copy:'))")
        page.goto("about:blank")
        # While the phone is away the facilitator starts a session.
        wid = workshop["id"]
        sessions = laptop.api("GET", f"/api/workshops/{wid}/state").json()["entities"]["session"]
        first = min(sessions, key=lambda s: s["position"])
        started = laptop.api("POST", f"/api/workshops/{wid}/commands/session.start",
                             json={"session_id": first["id"]})
        assert started.status_code == 200, started.text

        page.add_init_script(WATCH_TITLE)
        page.goto(f"{server.url}/j/{workshop['join_code']}")
        page.wait_for_selector(CONNECTED)
        page.wait_for_function(f"document.getElementById('phase-title').textContent.trim() "
                               f"!== {before!r}")
        titles = page.evaluate("window.__titles")
        # The room as the phone left it was on screen before the socket had answered...
        assert any(t["text"] == before and t["state"] != "connected" for t in titles), titles
        # ...and what changed meanwhile came with the catch-up.
        assert page.inner_text("#phase-title").strip() != before
    finally:
        context.close()


def test_the_join_form_fetches_the_boards_files_while_the_name_is_typed(
        browser, server, workshop):  # noqa: F811
    """A first visit: the code page and the join form name the board's whole module graph
    and its strings as prefetches; by the time the name is typed they are in the cache, so
    pressing Join asks the server for the board page and its socket only."""
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        network = Requests(context, page)
        # The code page before it asks for the same files (a phone that types the code).
        page.goto(f"{server.url}/")
        assert page.eval_on_selector_all(
            "link[rel=prefetch]", "(links) => links.map((link) => link.href)") != []
        page.goto(f"{server.url}/j/{workshop['join_code']}")
        prefetched = page.eval_on_selector_all(
            "link[rel=prefetch]", "(links) => links.map((link) => link.href)")
        assert len(prefetched) >= 20, prefetched
        assert any("/strings/participant/" in url for url in prefetched), prefetched
        # The person types their name meanwhile; the prefetches finish.
        page.fill("#display_name", "Esilataus")
        page.wait_for_function(
            """(urls) => urls.every((url) => performance.getEntriesByName(url)
                .some((entry) => entry.responseEnd > 0))""", arg=prefetched)
        network.clear()
        page.click("button[type=submit]")
        page.wait_for_selector(CONNECTED)
        scripts = network.of_kind("Script")
        # The board runs what was prefetched (its strings file included), all from the cache.
        assert set(scripts.values()) >= set(prefetched), (scripts, prefetched)
        asked = [url for rid, url in scripts.items() if rid not in network.cached]
        assert asked == [], asked
        assert network.failed == [], network.failed
    finally:
        context.close()
