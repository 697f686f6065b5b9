"""How the facilitator's ideas board holds up with 500 cards in 40 groups, in Chromium.

    .venv/bin/python bench/board_bench.py [--ideas 500] [--groups 40] [--arrivals 20]

Starts its own server (a temporary instance folder, SQLite), makes two workshops - the big
one and a small one of a tenth of its size (the baseline) - and opens the ideas board of
each at 1280 x 900. Then it measures, in the page:

  (a) event to painted: another client adds an idea; from the moment its event arrives on
      the socket (a wrapped WebSocket stamps each message) to the first animation frame
      after the card is in the board (a MutationObserver sees it), per idea;
  (b) a drag's frames: a card is dragged across the board by pointer events, one move per
      animation frame, and the intervals between frames are measured; the baseline is an
      empty requestAnimationFrame loop on the same page.

Each figure is printed with its ratio to the baseline measured in the same run. Not a test:
it prints figures (pytest collects only tests/).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from conftest import CHROMIUM, PASSWORD, LiveServer  # noqa: E402
from live_client import WebClient  # noqa: E402

# Every WebSocket message is stamped when it arrives, before the page's own handlers run.
STAMP = """
(() => {
  const Real = window.WebSocket;
  window.__arrivals = [];
  window.WebSocket = class extends Real {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => window.__arrivals.push(performance.now()));
    }
  };
})();
"""

WATCH = """(count) => new Promise((done) => {
  const board = document.getElementById('ideation');
  const seen = new Set([...board.querySelectorAll('[data-card]')].map(e => e.dataset.card));
  const times = [];
  const observer = new MutationObserver(() => {
    for (const card of board.querySelectorAll('[data-card]')) {
      if (seen.has(card.dataset.card)) continue;
      seen.add(card.dataset.card);
      const arrived = window.__arrivals.at(-1);
      requestAnimationFrame(() => {
        times.push(performance.now() - arrived);
        if (times.length === count) { observer.disconnect(); done(times); }
      });
    }
  });
  observer.observe(board, {childList: true, subtree: true});
  window.__watching = true;
})"""

EMPTY_LOOP = """(frames) => new Promise((done) => {
  const out = []; let last = null;
  const tick = (now) => {
    if (last !== null) out.push(now - last);
    last = now;
    if (out.length < frames) requestAnimationFrame(tick); else done(out);
  };
  requestAnimationFrame(tick);
})"""

DRAG = """(frames) => new Promise((done) => {
  const cards = [...document.querySelectorAll('#ideation [data-card]')];
  const card = cards[Math.floor(cards.length / 2)];
  card.scrollIntoView({block: 'center'});
  const box = card.getBoundingClientRect();
  const x0 = box.left + box.width / 2, y0 = box.top + 10;
  const send = (type, x, y, target = card) => target.dispatchEvent(new PointerEvent(type, {
    bubbles: true, cancelable: true, pointerId: 1, pointerType: 'mouse', isPrimary: true,
    button: type === 'pointermove' ? -1 : 0, buttons: type === 'pointerup' ? 0 : 1,
    clientX: x, clientY: y}));
  send('pointerdown', x0, y0);
  const out = []; let last = null; let i = 0;
  const tick = (now) => {
    if (last !== null) out.push(now - last);
    last = now;
    i += 1;
    // A loop around the window: over many groups and back to where it started.
    const angle = (i / frames) * 2 * Math.PI;
    send('pointermove', x0 + Math.sin(angle) * 420, y0 + (1 - Math.cos(angle)) * 220);
    if (out.length < frames) requestAnimationFrame(tick);
    else { send('pointerup', x0, y0); done(out); }
  };
  requestAnimationFrame(tick);
})"""


def command(client, workshop_id, name, /, **args):
    response = client.api("POST", f"/api/workshops/{workshop_id}/commands/{name}", json=args)
    response.raise_for_status()
    return response.json()["data"]


def make_workshop(url, n_ideas, n_groups):
    """A workshop whose one question has n_ideas ideas (from 10 people), in n_groups groups
    (a tenth of them left ungrouped)."""
    laptop = WebClient(url).login("anna", PASSWORD)
    workshop = laptop.api("POST", "/api/workshops", json={
        "id": str(uuid.uuid4()), "template": "service-design-coaching"}).json()
    wid = workshop["id"]
    group = command(laptop, wid, "group.split", count=1, method="random")[0]
    state = laptop.api("GET", f"/api/workshops/{wid}/state").json()["entities"]
    challenge = next(c for c in state["challenge"] if c["group_id"] == group["id"])
    hmw = command(laptop, wid, "hmw.save", id=str(uuid.uuid4()), challenge_id=challenge["id"],
                  text="Miten voisimme auttaa asioinnissa verkossa?")
    command(laptop, wid, "hmw.settings", hmw_id=hmw["id"], live=True)
    sessions = sorted(state["session"], key=lambda s: s["position"])
    live = sessions[2]
    command(laptop, wid, "session.start", session_id=live["id"])
    phase = next(p for p in live["phases"] if p["activity"] == "ideation")
    command(laptop, wid, "session.phase", session_id=live["id"], phase_id=phase["id"])
    people = []
    for i in range(10):
        person = WebClient(url)
        person.join(workshop["join_code"], f"Osallistuja {i}")
        people.append(person)
    ids = [command(people[i % 10], wid, "idea.add", id=str(uuid.uuid4()), hmw_id=hmw["id"],
                   text=f"Idea {i + 1}: digitukea {['kirjastoon', 'kauppaan', 'kotiin'][i % 3]}"
                        f" ja vertaisohjaajia {'iltaisin ' * (i % 4)}")["id"]
           for i in range(n_ideas)]
    grouped = ids[: n_ideas - n_ideas // 10]
    for g in range(n_groups):
        command(laptop, wid, "cluster.save", id=str(uuid.uuid4()), hmw_id=hmw["id"],
                name=f"Ryhmä {g + 1}", idea_ids=grouped[g::n_groups])
    return {"id": wid, "hmw": hmw["id"], "person": people[0], "cards": n_ideas}


def open_board(browser, url, workshop):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    context.add_init_script(STAMP)
    page = context.new_page()
    page.goto(url + "/login")
    page.fill("#username", "anna")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/f$"))
    page.goto(f"{url}/f/w/{workshop['id']}/ideas")
    page.wait_for_function(
        f"() => document.querySelectorAll('#ideation [data-card]').length === {workshop['cards']}",
        timeout=120000)
    return context, page


def arrivals(page, workshop, count):
    """Add count ideas from another client, one at a time; the page's event-to-paint ms."""
    page.evaluate("window.__result = null; window.__watching = false")
    # Not awaited here: the promise settles once the ideas below have arrived.
    page.evaluate(f"() => {{ ({WATCH})({count}).then(r => {{ window.__result = r; }}); }}")
    page.wait_for_function("() => window.__watching === true")
    for i in range(count):
        before = page.evaluate("document.querySelectorAll('#ideation [data-card]').length")
        command(workshop["person"], workshop["id"], "idea.add", id=str(uuid.uuid4()),
                hmw_id=workshop["hmw"], text=f"Uusi idea {i}")
        page.wait_for_function(
            f"() => document.querySelectorAll('#ideation [data-card]').length > {before}")
    page.wait_for_function("() => window.__result !== null")
    return page.evaluate("window.__result")


def summary(times):
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": statistics.median(times), "p95": p95, "max": max(times),
            "mean": statistics.fmean(times)}


def show(label, times, baseline):
    s, b = summary(times), summary(baseline)
    print(f"{label}: median {s['median']:.1f} ms (x{s['median'] / b['median']:.2f}), "
          f"p95 {s['p95']:.1f} ms (x{s['p95'] / b['p95']:.2f}), max {s['max']:.1f} ms; "
          f"baseline median {b['median']:.1f} ms, p95 {b['p95']:.1f} ms")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ideas", type=int, default=500)
    parser.add_argument("--groups", type=int, default=40)
    parser.add_argument("--arrivals", type=int, default=20)
    parser.add_argument("--frames", type=int, default=180)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        server = LiveServer(Path(tmp), "eventlet")
        server.cli("db", "upgrade")
        server.cli("create-facilitator", "anna", "--name", "Anna", "--password", PASSWORD)
        server.start()
        try:
            print(f"making {args.ideas} ideas in {args.groups} groups, and a tenth of that…",
                  flush=True)
            big = make_workshop(server.url, args.ideas, args.groups)
            small = make_workshop(server.url, max(5, args.ideas // 10),
                                  max(1, args.groups // 10))
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
                results = {}
                for name, workshop in (("small", small), ("big", big)):
                    context, page = open_board(browser, server.url, workshop)
                    results[name] = {
                        "arrivals": arrivals(page, workshop, args.arrivals),
                        "idle": page.evaluate(f"({EMPTY_LOOP})({args.frames})"),
                        "drag": page.evaluate(f"({DRAG})({args.frames})"),
                    }
                    context.close()
                browser.close()
            big_r, small_r = results["big"], results["small"]
            print(f"\nideas board, {args.ideas} cards in {args.groups} groups "
                  f"(baseline: {small['cards']} cards), Chromium 1280x900")
            show("(a) event to painted, 500 vs 50 cards", big_r["arrivals"], small_r["arrivals"])
            show("(b) drag frame interval vs empty rAF loop, same page", big_r["drag"],
                 big_r["idle"])
            show("    drag frame interval, 50 cards vs empty loop", small_r["drag"],
                 small_r["idle"])
            frame = statistics.median(big_r["idle"])
            dropped = sum(1 for t in big_r["drag"] if t > 1.5 * frame)
            print(f"    frames over 1.5x the idle frame ({frame:.1f} ms) while dragging over "
                  f"{args.ideas} cards: {dropped} of {len(big_r['drag'])}")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
