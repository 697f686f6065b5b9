// Dot voting: the results (a ranked table, and the same numbers as bars whose labels wrap),
// and the participant's ballot on the phone: + and - buttons, dots left always in view and
// told to screen readers, a clear "saved" state, a warning a minute before the round closes.
// Taps are kept in the outbox until the server has them; a vote sets my dots on an item, so
// sending one again changes nothing.

import { t } from "./live.js";
import { formatClock, ordered, participantCount } from "./parts.js";
import { classMap, html, nothing, Page, repeat, svg } from "./view.js";

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
  const eligible = participantCount(store) + proxies;
  // Nobody who may vote yet: "0 of 0 voted" would say nothing.
  if (!eligible) return t("turnout_nobody");
  return t("turnout", { n: voters, total: eligible, left: Math.max(0, eligible * round.dots - spent) });
}

// Seconds until an open round closes by itself, on the server's clock (null: no deadline).
export function secondsLeft(round, live) {
  if (round?.status !== "open" || !round.closes_at) return null;
  return Math.max(0, round.closes_at - live.now());
}

// The last minute of a round: phones warn, the cockpit and projector show it too.
export const WARN_SECONDS = 60;

export function clock(seconds) {
  const s = Math.ceil(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

// A voter's name in a named round: a proxy's label (the paper sheet) as given; a person
// looked up in the members by id, so a rename shows at once.
function voterName(store, voter) {
  if (voter.proxy) return voter.proxy;
  return store.get("member", voter.member_id)?.display_name || "–";
}

const chosenMark = () => html`<span class="badge chosen-mark">✓ ${t("chosen_mark")}</span>`;

// Results: a table (what screen readers read) and the same numbers as bars. The bars are
// rows of text and a small SVG each, so a long name wraps over lines at any width instead
// of being cut; the table keeps place, name and dots in three narrow columns.
export function results(store, round, _page = null, { chosen = round.chosen_ids || [] } = {}) {
  if (!round.results) return nothing;
  const rows = round.results.map((row) => ({
    ...row,
    name: itemName(store, round, row.item_id),
    chosen: chosen.includes(row.item_id),
  }));
  const top = Math.max(1, ...rows.map((r) => r.count));
  return html`<div class="results">
    <div class="results-chart" aria-hidden="true">
      ${repeat(
        rows,
        (row) => row.item_id,
        (row) => html`<div class=${classMap({ "chart-row": true, chosen: row.chosen })}>
          <span class="chart-label">${row.name}${row.chosen ? chosenMark() : nothing}</span>
          <span class="chart-track">
            <svg class="chart-bars" viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false">
              ${svg`<rect class=${row.chosen ? "chart-bar chosen" : "chart-bar"} x="0" y="0" height="10"
                width=${Math.max((100 * row.count) / top, 1)}></rect>`}
            </svg>
            <span class="chart-count">${row.count}${row.tie ? " =" : ""}</span>
          </span>
        </div>`,
      )}
    </div>
    <table class="results-table">
      <caption>${t("results_caption")}</caption>
      <thead><tr>
        <th scope="col" class="col-rank"><abbr title=${t("rank")}>#</abbr><span class="visually-hidden">${t("rank")}</span></th>
        <th scope="col">${t("item")}</th>
        <th scope="col" class="col-count">${t("dots")}</th>
      </tr></thead>
      <tbody>
        ${repeat(
          rows,
          (row) => row.item_id,
          (row) => html`<tr class=${row.chosen ? "chosen" : ""}>
            <td>${row.tie ? `${row.rank}=` : String(row.rank)}${row.tie ? html`<span class="visually-hidden"> ${t("tie")}</span>` : nothing}</td>
            <th scope="row">${row.name}${row.chosen ? html` ${chosenMark()}` : nothing}</th>
            <td>${row.count}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    ${rows.some((r) => r.tie) ? html`<p class="muted">${t("tie_note")}</p>` : nothing}
    ${
      round.voters
        ? html`<details id=${`voters-${round.id}`} class="voters">
          <summary>${t("who_voted")}</summary>
          <ul>
            ${rows
              .filter((r) => round.voters[r.item_id])
              .map(
                (r) =>
                  html`<li><strong>${r.name}</strong>: ${round.voters[r.item_id]
                    .map((v) => `${voterName(store, v)}${v.proxy ? ` (${t("proxy")})` : ""} ${v.count}`)
                    .join(", ")}</li>`,
              )}
          </ul>
        </details>`
        : nothing
    }
  </div>`;
}

// --- the participant's ballot -------------------------------------------------------------------

// What this phone has put on the round it shows: the server's answer to vote.mine and to
// each vote.set, with the taps still in the outbox on top.
const state = { roundId: null, mine: {}, loaded: null, touched: null };
const pages = new WeakSet();

function pendingFor(live, roundId) {
  const pending = {};
  for (const item of live.outbox()) {
    if (item.name === "vote.set" && item.args.round_id === roundId)
      pending[item.args.item_id] = item.args.count;
  }
  return pending;
}

// Once per page: follow what the server answers, and tick once a second while a round
// with a deadline is open (the warning and the time left need no event to change).
function attach(page) {
  if (pages.has(page)) return;
  pages.add(page);
  const { live } = page;
  live.on("sent", (item, result) => {
    if (item.name !== "vote.set" || item.args.round_id !== state.roundId) return;
    state.mine = { ...result.mine, ...pendingFor(live, state.roundId) };
    page.update();
  });
  live.on("rejected", (item) => {
    if (item.name === "vote.set" && item.args.round_id === state.roundId) {
      state.loaded = null;
      page.update();
    }
  });
  live.on("synced", () => {
    state.loaded = null;
    page.update();
  });
  setInterval(() => {
    const round = currentRound(page.store);
    if (secondsLeft(round, live) !== null) page.update();
  }, 1000);
}

async function load(page, round) {
  state.loaded = round.id;
  // The items tapped while the answer is on its way: the server may have read the ballot
  // before those taps arrived, and answered after they were acknowledged (out of the
  // outbox), so for them what the phone shows is newer than the answer.
  const touched = new Set();
  state.touched = touched;
  try {
    const answer = await page.live.command("vote.mine", { round_id: round.id });
    if (state.roundId !== round.id) return;
    const mine = { ...answer.mine };
    for (const itemId of touched) {
      if (itemId in state.mine) mine[itemId] = state.mine[itemId];
      else delete mine[itemId];
    }
    // Taps still in the outbox win over what the server had before them.
    state.mine = { ...mine, ...pendingFor(page.live, round.id) };
    page.update();
  } catch {
    // Offline: the next sync loads it.
    state.loaded = null;
  } finally {
    if (state.touched === touched) state.touched = null;
  }
}

function setDots(page, round, itemId, count) {
  state.touched?.add(itemId);
  const mine = { ...state.mine, [itemId]: count };
  if (!count) delete mine[itemId];
  state.mine = mine;
  page.queue("vote.set", { round_id: round.id, item_id: itemId, count });
  page.update();
}

export function read(store, page) {
  attach(page);
  const round = currentRound(store);
  if (!round) return { round: null };
  if (round.id !== state.roundId) {
    state.roundId = round.id;
    state.mine = {};
    state.loaded = null;
  }
  const open = round.status === "open";
  if (open && state.loaded !== round.id) load(page, round);
  const spent = Object.values(state.mine).reduce((sum, n) => sum + n, 0);
  const left = secondsLeft(round, page.live);
  return {
    round,
    open,
    remaining: round.dots - spent,
    saving: Object.keys(pendingFor(page.live, round.id)).length > 0,
    left,
    warning: left !== null && left > 0 && left <= WARN_SECONDS,
    items: round.item_ids.map((itemId) => ({
      id: itemId,
      name: itemName(store, round, itemId),
      what: round.target === "concepts" ? store.get("concept", itemId)?.what || "" : "",
      count: state.mine[itemId] || 0,
    })),
    results: round.results ? results(store, round, page) : null,
  };
}

// A button that cannot be pressed now keeps its place and the focus (aria-disabled rather
// than disabled): the person who pressed + until the cap stays on it and hears why.
function stepButton(page, data, item, delta) {
  const plus = delta > 0;
  const blocked = plus ? data.remaining <= 0 || item.count >= data.round.cap : item.count === 0;
  const id = `${plus ? "plus" : "minus"}-${item.id}`;
  return html`<button type="button" id=${id} data-focus=${id}
    class=${plus ? "button big primary" : "button big"}
    aria-disabled=${blocked ? "true" : "false"}
    aria-label=${t(plus ? "add_dot" : "remove_dot", { name: item.name })}
    @click=${() => {
      if (!blocked) setDots(page, data.round, item.id, item.count + delta);
    }}>${plus ? "+" : "−"}</button>`;
}

export function view(data, page) {
  const { round } = data;
  if (!round) return html`<p class="muted">${t("no_vote")}</p>`;
  if (data.warning)
    page.announce(t("vote_closing_soon"), { key: `vote-warning-${round.id}-${round.closes_at}` });
  const rules = [
    t("vote_rules", { dots: round.dots, cap: round.cap }),
    round.anonymous ? t("vote_anonymous") : t("vote_named"),
  ].join(" ");
  return html`<section class="card phone ballot-card" aria-labelledby="ballot-title">
    <h2 id="ballot-title">${round.title || t("vote_title")}</h2>
    <p class="muted">${rules}</p>
    ${
      data.open && round.closes_at
        ? html`<p class="vote-ends">${t("closes_at", { time: formatClock(round.closes_at) })}</p>`
        : nothing
    }
    ${
      data.warning
        ? html`<p class="notice warning vote-warning" id="vote-warning">
          <strong>${t("vote_closing_soon")}</strong> ${t("vote_time_left", { time: clock(data.left) })}</p>`
        : nothing
    }
    <div class="ballot-bar">
      <p class="dots-left" role="status">
        ${data.open ? t("dots_left", { n: data.remaining, total: round.dots }) : t("vote_closed")}</p>
      ${
        data.open
          ? html`<p class="save-state" role="status" data-state=${data.saving ? "saving" : "saved"}>
            ${data.saving ? t("votes_saving") : t("votes_saved")}</p>`
          : nothing
      }
    </div>
    ${
      data.open
        ? html`<ul class="ballot">
          ${repeat(
            data.items,
            (item) => item.id,
            (item) => html`<li class="ballot-item">
              <div class="ballot-text">
                <strong>${item.name}</strong>
                ${item.what ? html`<p class="muted">${item.what}</p>` : nothing}
              </div>
              <div class="stepper">
                ${stepButton(page, data, item, -1)}
                <span class="dot-count"><span aria-hidden="true">${item.count}</span><span class="visually-hidden">${t("my_dots", { n: item.count, name: item.name })}</span></span>
                ${stepButton(page, data, item, 1)}
              </div>
            </li>`,
          )}
        </ul>`
        : nothing
    }
    ${data.results ? html`<h3>${t("results")}</h3>${data.results}` : nothing}
  </section>`;
}

// The phone shows the ballot as one view among its others.
export const ballot = { read, view };

// For the phone page while it still mounts element-built views into boxes: the ballot in
// a page of its own. Goes once the phone renders `ballot` itself.
export function votesView(ctx, box) {
  const page = new Page({
    live: ctx.live,
    root: box,
    member: ctx.memberId,
    draw: () => view(read(ctx.store, page), page),
  });
  return () => page.update();
}
