"""The browser's copy of the state (static/js/store.js), run in Chromium: events applied
once, in order, whatever order they arrive in."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.live]

SCRIPT = """async (scenario) => {
  const { Store } = await import('/static/js/store.js');
  const holes = [];
  const store = new Store({ onHole: (seq) => holes.push(seq), holeDelay: 50 });
  const ev = (seq, id, name, rev = seq, op = 'upsert') =>
    ({ seq, entity: 'member', op, type: 'x', data: op === 'delete' ? { id } : { id, name, rev } });
  return await scenario(store, ev, holes);
}"""


def run(page, body):
    return page.evaluate(SCRIPT.replace("await scenario(store, ev, holes)",
                                        f"await (async () => {{ {body} }})()"))


@pytest.fixture
def page(browser, server):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(server.url + "/")
    yield page
    context.close()


def test_out_of_order_events_wait_for_the_hole(page):
    result = run(page, """
      store.loadSnapshot({ seq: 10, entities: { member: [{ id: 'a', name: 'A0', rev: 5 }] } });
      store.receive([ev(13, 'a', 'A13'), ev(12, 'b', 'B12')]);
      const before = [store.seq, store.get('member', 'a').name, store.get('member', 'b')];
      store.receive([ev(11, 'a', 'A11')]);
      return { before, after: [store.seq, store.get('member', 'a').name,
                               store.get('member', 'b').name] };
    """)
    assert result["before"] == [10, "A0", None]
    assert result["after"] == [13, "A13", "B12"]


def test_duplicates_and_old_events_are_ignored(page):
    result = run(page, """
      store.loadSnapshot({ seq: 10, entities: { member: [{ id: 'a', name: 'A9', rev: 9 }] } });
      const applied = [];
      store.subscribe((changes) => applied.push(...changes.map((c) => c.id)));
      store.receive([ev(11, 'a', 'A11'), ev(11, 'a', 'A11'), ev(9, 'a', 'old')]);
      store.receive([ev(11, 'a', 'again')]);
      return { seq: store.seq, name: store.get('member', 'a').name, applied };
    """)
    assert result == {"seq": 11, "name": "A11", "applied": ["a"]}


def test_hidden_markers_fill_holes_and_deletes_stay_deleted(page):
    result = run(page, """
      store.loadSnapshot({ seq: 1, entities: { member: [{ id: 'a', name: 'A', rev: 1 }] } });
      store.receive([{ seq: 3, entity: 'member', op: 'delete', data: { id: 'a' } },
                     { seq: 2, hidden: true }]);
      // A snapshot taken before the delete, replayed late, must not resurrect it...
      store.receive([ev(3, 'a', 'late', 2)]);
      store.apply({ seq: 4, entity: 'member', op: 'upsert',
                    data: { id: 'a', name: 'zombie', rev: 2 } });
      return { seq: store.seq, a: store.get('member', 'a') || null };
    """)
    assert result == {"seq": 3, "a": None}


def test_a_hole_that_stays_open_asks_for_a_catch_up(page):
    result = run(page, """
      store.loadSnapshot({ seq: 5, entities: {} });
      store.receive([ev(8, 'x', 'X')]);
      await new Promise((r) => setTimeout(r, 200));
      const asked = [...holes];
      store.receive([ev(6, 'x', 'X6'), ev(7, 'y', 'Y7')]);
      return { asked, seq: store.seq, x: store.get('member', 'x').name };
    """)
    assert result == {"asked": [5], "seq": 8, "x": "X"}


def test_snapshot_newer_than_its_number_is_not_rolled_back(page):
    result = run(page, """
      // Rows read after the number: entity a already at rev 12 in a snapshot of seq 10.
      store.loadSnapshot({ seq: 10, entities: { member: [{ id: 'a', name: 'A12', rev: 12 }] } });
      store.receive([ev(11, 'a', 'A11'), ev(12, 'a', 'A12')]);
      return { seq: store.seq, name: store.get('member', 'a').name };
    """)
    assert result == {"seq": 12, "name": "A12"}


def test_a_members_full_view_is_kept_over_the_lesser_one_while_waiting(page):
    """A member receives its own event in full and then as others see it; waiting behind a
    hole, the later, lesser copy must not replace the full one."""
    result = run(page, """
      store.loadSnapshot({ seq: 10, entities: {} });
      const full = { ...ev(12, 'mine', 'Private answer'), view: 'full' };
      store.receive([full, { seq: 12, hidden: true }, ev(11, 'x', 'X')]);
      return [store.seq, store.get('member', 'mine')?.name];
    """)
    assert result == [12, "Private answer"]
