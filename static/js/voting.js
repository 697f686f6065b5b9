// Dot voting on the board: the results (a ranked table and an SVG bar chart drawn from
// it), and the participant's ballot: + and - buttons, dots left always in view and told to
// screen readers, and a clear "saved" state. Taps are kept in the outbox until the server
// has them; a vote sets my dots on an item, so sending one again changes nothing.

import { fill, formatClock, ordered, svg } from "./board.js";
import { el, t } from "./live.js";
import { html, ref } from "./view.js";

export function itemName(store, round, itemId) {
  const item = store.get(round.target === "ideas" ? "idea" : "concept", itemId);
  if (!item) return "–";
  return round.target === "ideas" ? item.text : item.name;
}

// The open round people vote in now, else the newest that has opened.
export function currentRound(store) {
  const rounds = ordered(store, "vote_round").filter((r) => r.status !== "draft");
  return rounds.find((r) => r.status === "open") || rounds[rounds.length - 1] || null;
}

// Who may vote is the participants still here (a late joiner counts at once) and the paper
// votes entered for people without a device.
export function turnoutText(store, round) {
  const { voters, proxies, dots_spent: spent } = round.turnout;
  const eligible = store.all("member").filter((m) => m.role === "participant" && !m.removed).length + proxies;
  // Nobody who may vote yet: "0 of 0 voted" would say nothing.
  if (!eligible) return t("turnout_nobody");
  return t("turnout", { n: voters, total: eligible, left: Math.max(0, eligible * round.dots - spent) });
}

// A voter's name in a named round: a proxy's label (the paper sheet) as given; a person
// looked up in the members by id, so a rename shows at once.
function voterName(store, voter) {
  if (voter.proxy) return voter.proxy;
  return store.get("member", voter.member_id)?.display_name || "–";
}

// Results: a table (what screen readers read) and the same numbers as bars.
export function resultsView(store, round, { chosen = round.chosen_ids } = {}) {
  if (!round.results) return null;
  const rows = round.results;
  const top = Math.max(1, ...rows.map((r) => r.count));
  const rowHeight = 30;
  const width = 360;
  const labelWidth = 150;
  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${rows.length * rowHeight + 8}`,
    class: "results-chart",
    "aria-hidden": "true",
    focusable: "false",
  });
  rows.forEach((row, index) => {
    const y = index * rowHeight + 4;
    const name = itemName(store, round, row.item_id);
    const barWidth = ((width - labelWidth - 44) * row.count) / top;
    chart.append(
      svg(
        "text",
        { x: labelWidth - 8, y: y + 20, "text-anchor": "end", class: "chart-label" },
        name.length > 18 ? `${name.slice(0, 17)}…` : name,
      ),
      svg("rect", {
        x: labelWidth,
        y: y + 4,
        width: Math.max(barWidth, 2),
        height: rowHeight - 8,
        rx: 4,
        class: `chart-bar${chosen.includes(row.item_id) ? " chosen" : ""}`,
      }),
      svg(
        "text",
        { x: labelWidth + Math.max(barWidth, 2) + 6, y: y + 20, class: "chart-count" },
        `${row.count}${row.tie ? " =" : ""}`,
      ),
    );
  });
  const table = el(
    "table",
    { class: "results-table" },
    el("caption", {}, t("results_caption")),
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        el("th", { scope: "col" }, t("rank")),
        el("th", { scope: "col" }, t("item")),
        el("th", { scope: "col" }, t("dots")),
      ),
    ),
    el(
      "tbody",
      {},
      ...rows.map((row) =>
        el(
          "tr",
          { class: chosen.includes(row.item_id) ? "chosen" : null },
          el(
            "td",
            {},
            row.tie ? `${row.rank}= ` : String(row.rank),
            row.tie ? el("span", { class: "visually-hidden" }, t("tie")) : null,
          ),
          el(
            "th",
            { scope: "row" },
            itemName(store, round, row.item_id),
            chosen.includes(row.item_id) ? el("span", { class: "badge" }, ` ${t("chosen")}`) : null,
          ),
          el("td", {}, String(row.count)),
        ),
      ),
    ),
  );
  // Named rounds, facilitators only: who gave how many dots to what.
  const voters = round.voters
    ? el(
        "details",
        { id: `voters-${round.id}`, class: "voters" },
        el("summary", {}, t("who_voted")),
        el(
          "ul",
          {},
          ...rows
            .filter((r) => round.voters[r.item_id])
            .map((r) =>
              el(
                "li",
                {},
                el("strong", {}, itemName(store, round, r.item_id)),
                ": ",
                round.voters[r.item_id]
                  .map((v) => `${voterName(store, v)}${v.proxy ? ` (${t("proxy")})` : ""} ${v.count}`)
                  .join(", "),
              ),
            ),
        ),
      )
    : null;
  return el(
    "div",
    { class: "results" },
    chart,
    table,
    rows.some((r) => r.tie) ? el("p", { class: "muted" }, t("tie_note")) : null,
    voters,
  );
}

// --- the participant's ballot -------------------------------------------------------------------

export function votesView(ctx, box) {
  const { live, store } = ctx;
  let roundId = null;
  let mine = {};
  let loaded = null;
  const heading = el("h2", {});
  const meta = el("p", { class: "muted" });
  const left = el("p", { class: "dots-left", role: "status", "aria-live": "polite" });
  const saved = el("p", { class: "save-state", role: "status" });
  const list = el("ul", { class: "ballot" });
  const results = el("div");
  const empty = el("p", { class: "muted" }, t("no_vote"));
  const sticky = el("div", { class: "ballot-bar" }, left, saved);
  const content = el("section", { class: "card phone" }, heading, meta, sticky, list, results);
  box.append(empty, content);

  async function load(round) {
    loaded = round.id;
    try {
      const ballot = await live.command("vote.mine", { round_id: round.id });
      // Taps still in the outbox win over what the server had before them.
      mine = { ...ballot.mine, ...pendingFor(round.id) };
      update();
    } catch {
      /* offline: the next sync loads it */
    }
  }

  function pendingFor(id) {
    const pending = {};
    for (const item of live.outbox()) {
      if (item.name === "vote.set" && item.args.round_id === id) pending[item.args.item_id] = item.args.count;
    }
    return pending;
  }

  live.on("sent", (item, result) => {
    if (!box.isConnected) return;
    if (item.name !== "vote.set" || item.args.round_id !== roundId) return;
    mine = { ...result.mine, ...pendingFor(roundId) };
    update();
  });
  live.on("rejected", (item) => {
    if (!box.isConnected) return;
    if (item.name === "vote.set" && item.args.round_id === roundId) {
      loaded = null;
      update();
    }
  });
  live.on("synced", () => {
    if (box.isConnected) {
      loaded = null;
      update();
    }
  });

  function spent() {
    return Object.values(mine).reduce((sum, n) => sum + n, 0);
  }

  function set(round, itemId, count) {
    mine = { ...mine, [itemId]: count };
    if (!count) delete mine[itemId];
    live.queue("vote.set", { round_id: round.id, item_id: itemId, count });
    update();
  }

  function update() {
    const round = currentRound(store);
    empty.hidden = Boolean(round);
    content.hidden = !round;
    if (!round) return;
    if (round.id !== roundId) {
      roundId = round.id;
      mine = {};
      loaded = null;
    }
    if (loaded !== round.id && round.status === "open") load(round);
    const open = round.status === "open";
    heading.textContent = round.title || t("vote_title");
    meta.textContent = [
      t("vote_rules", { dots: round.dots, cap: round.cap }),
      round.anonymous ? t("vote_anonymous") : t("vote_named"),
      round.closes_at ? t("closes_at", { time: formatClock(round.closes_at) }) : null,
    ]
      .filter(Boolean)
      .join(" ");
    const remaining = round.dots - spent();
    const pending = pendingFor(round.id);
    left.textContent = open ? t("dots_left", { n: remaining, total: round.dots }) : t("vote_closed");
    saved.textContent = !open ? "" : Object.keys(pending).length ? t("votes_saving") : t("votes_saved");
    saved.dataset.state = Object.keys(pending).length ? "saving" : "saved";
    list.hidden = !open;
    const focused = list.contains(document.activeElement) ? document.activeElement.id : null;
    if (open) {
      fill(
        list,
        ...round.item_ids.map((itemId) => {
          const name = itemName(store, round, itemId);
          const count = mine[itemId] || 0;
          const concept = round.target === "concepts" ? store.get("concept", itemId) : null;
          return el(
            "li",
            { class: "ballot-item" },
            el(
              "div",
              { class: "ballot-text" },
              el("strong", {}, name),
              concept?.what ? el("p", { class: "muted" }, concept.what) : null,
            ),
            el(
              "div",
              { class: "stepper" },
              el(
                "button",
                {
                  type: "button",
                  class: "button big",
                  id: `minus-${itemId}`,
                  "aria-label": t("remove_dot", { name }),
                  disabled: count === 0,
                  onclick: () => set(round, itemId, count - 1),
                },
                "−",
              ),
              el(
                "span",
                { class: "dot-count", "aria-label": t("my_dots", { n: count, name }) },
                String(count),
              ),
              el(
                "button",
                {
                  type: "button",
                  class: "button big primary",
                  id: `plus-${itemId}`,
                  "aria-label": t("add_dot", { name }),
                  disabled: remaining <= 0 || count >= round.cap,
                  onclick: () => set(round, itemId, count + 1),
                },
                "+",
              ),
            ),
          );
        }),
      );
    }
    if (focused) {
      const again = document.getElementById(focused);
      // A button that just became disabled cannot keep focus: move to its pair.
      const target = again?.disabled
        ? document.getElementById(
            focused.replace(/^(plus|minus)-/, (m) => (m === "plus-" ? "minus-" : "plus-")),
          )
        : again;
      target?.focus();
    }
    fill(
      results,
      ...[round.results ? el("h3", {}, t("results")) : null, resultsView(store, round)].filter(Boolean),
    );
  }
  return update;
}

// The ballot as a view (read/view) for pages built on view.js. For now it hosts the
// element-built ballot above in a box it keeps across renders.
const ballotBoxes = new WeakMap();
export const ballot = {
  read(store) {
    return { round: currentRound(store) };
  },
  view(_data, page) {
    return html`<div class="ballot-host" ${ref((box) => {
      if (!box) return;
      let update = ballotBoxes.get(box);
      if (!update) {
        update = votesView({ live: page.live, store: page.store, memberId: page.member }, box);
        ballotBoxes.set(box, update);
      }
      update();
    })}></div>`;
  },
};
