// Voting: set up a round (over concepts or one question's ideas: dots, cap, own votes,
// anonymous, live or hidden results, a deadline), open, close and reveal it, move its
// deadline or reopen it, follow turnout (never who voted for what), enter paper dots as a
// proxy, and choose the concepts that become pilots. Rounds are rows; one is open at a time.

import { localized, newId } from "../live.js";
import { formatClock, formState, ordered } from "../parts.js";
import { currentSession } from "../stage.js";
import { html, nothing, repeat } from "../view.js";
import { clock, itemName, results, secondsLeft, turnoutText } from "../voting.js";

// What this laptop is typing or doing that the server does not hold: the paper ballot being
// entered per round, and the minutes given when a round was created (used when it opens).
const proxyBallots = new Map(); // round id -> {label, mine}
const minutesFor = new Map();

export function read(store, page) {
  const rounds = ordered(store, "vote_round");
  const session = currentSession(store);
  return {
    rounds: rounds.map((round) => ({
      round,
      items: round.item_ids.map((id) => ({ id, name: itemName(store, round, id) })),
      turnout: round.status !== "draft" ? turnoutText(store, round) : "",
      left: secondsLeft(round, page.live),
      results: round.results ? results(store, round, page) : null,
    })),
    openId: rounds.find((r) => r.status === "open")?.id || null,
    questions: ordered(store, "hmw"),
    liveSession: session?.status === "live" ? session : null,
  };
}

// A time of day typed in the laptop's clock, as the server's epoch: the next time it is
// that o'clock (a time already past today means tomorrow).
function epochAt(value, live) {
  const [hours, minutes] = value.split(":").map(Number);
  const at = new Date();
  at.setHours(hours, minutes, 0, 0);
  if (at.getTime() <= Date.now()) at.setDate(at.getDate() + 1);
  return at.getTime() / 1000 + (live.now() - Date.now() / 1000);
}

function newRoundForm(data, page) {
  const { t, lang } = page;
  const id = "round-new";
  const submit = async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const value = (name) => form.elements[name];
    const [kind, hmw] = value("target").value.split(":");
    const args = {
      id: newId(),
      title: value("title").value.trim(),
      target: kind,
      dots: Number(value("dots").value),
      cap: Number(value("cap").value),
      anonymous: value("anonymous").checked,
      live_results: value("live_results").checked,
      allow_own: value("allow_own").checked,
    };
    if (hmw) args.hmw_id = hmw;
    const minutes = Number(value("minutes").value);
    const sent = formState(form);
    const made = await page.run("vote.save_round", args, { currentTarget: event.submitter });
    if (made) {
      minutesFor.set(made.id, minutes || null);
      // Closed once made - unless the next round was begun in it while this one was on its way.
      if (formState(form) === sent) {
        form.reset();
        form.closest("details").open = false;
      }
      page.update();
    }
  };
  const number = (name, value, label, max = 50) => html`<div class="stack">
    <label for=${`${id}-${name}`}>${label}</label>
    <input id=${`${id}-${name}`} name=${name} type="number" min="1" max=${max} value=${value ?? ""}
      inputmode="numeric" aria-invalid=${page.fieldError(name) ? "true" : "false"}>
    <p class="field-error">${page.fieldError(name)}</p>
  </div>`;
  const check = (name, checked, label) => html`<label class="choice" for=${`${id}-${name}`}>
    <input type="checkbox" id=${`${id}-${name}`} name=${name} ?checked=${checked}> <span>${label}</span></label>`;
  return html`<details id="round-new-box" class="round-new">
    <summary>+ ${t("vote_new")}</summary>
    <form class="stack round-form" novalidate @submit=${submit}>
      <label for="round-new-title">${t("vote_round_title")}</label>
      <input id="round-new-title" name="title" maxlength="120" placeholder=${t("vote_title")}>
      <label for="round-new-target">${t("vote_over")}</label>
      <select id="round-new-target" name="target">
        <option value="concepts">${t("vote_concepts")}</option>
        ${repeat(
          data.questions,
          (q) => q.id,
          // An option holds only text: the question in the reader's language, unmarked.
          (q) =>
            html`<option value=${`ideas:${q.id}`}>${t("vote_ideas_of")}: ${localized(q.text, lang)}</option>`,
        )}
      </select>
      <div class="row wrap">
        ${number("dots", 5, t("vote_dots"))} ${number("cap", 3, t("vote_cap"))}
        ${number("minutes", null, t("vote_minutes"), 600)}
      </div>
      ${check("anonymous", true, t("vote_anonymous_set"))}
      ${check("live_results", false, t("vote_live_results"))}
      ${check("allow_own", true, t("vote_allow_own"))}
      <div><button type="submit" class="button primary">${t("vote_create")}</button></div>
    </form>
  </details>`;
}

function deadlineControls(round, page) {
  const { t } = page;
  const move = (closesAt) => (event) =>
    page.run("vote.deadline", { round_id: round.id, closes_at: closesAt() }, event);
  const from = () => Math.max(round.closes_at || 0, page.live.now());
  const timeId = `deadline-time-${round.id}`;
  return html`<div class="round-actions" role="group" aria-label=${t("deadline_title")}>
    <button type="button" class="button small" data-focus=${`plus5-${round.id}`}
      @click=${move(() => from() + 5 * 60)}>${t("deadline_add", { n: 5 })}</button>
    <button type="button" class="button small" data-focus=${`plus15-${round.id}`}
      @click=${move(() => from() + 15 * 60)}>${t("deadline_add", { n: 15 })}</button>
    <form class="row" @submit=${(event) => {
      event.preventDefault();
      const value = event.currentTarget.elements.at.value;
      if (value) move(() => epochAt(value, page.live))({ currentTarget: event.submitter });
    }}>
      <span class="field"><label for=${timeId}>${t("deadline_at")}</label>
        <input id=${timeId} name="at" type="time" required></span>
      <button type="submit" class="button small" data-focus=${`set-deadline-${round.id}`}>${t("deadline_set")}</button>
    </form>
    ${
      round.closes_at
        ? html`<button type="button" class="button small" data-focus=${`clear-deadline-${round.id}`}
          @click=${move(() => null)}>${t("deadline_clear")}</button>`
        : nothing
    }
  </div>
  <p class="field-error">${page.fieldError("closes_at")}</p>`;
}

function reopenControls(round, page, blocked) {
  const { t } = page;
  const minutesId = `reopen-min-${round.id}`;
  return html`<form class="round-actions" @submit=${async (event) => {
    event.preventDefault();
    const minutes = Number(event.currentTarget.elements.minutes.value) || 5;
    const closesAt = page.live.now() + minutes * 60;
    const submitter = event.submitter;
    if (!(await page.confirm(t("confirm_reopen", { time: formatClock(closesAt) })))) return;
    page.run(
      "vote.deadline",
      { round_id: round.id, closes_at: closesAt, reopen: true },
      { currentTarget: submitter },
    );
  }}>
    <span class="field"><label for=${minutesId}>${t("reopen_minutes")}</label>
      <input id=${minutesId} name="minutes" type="number" min="1" max="600" value="5" inputmode="numeric"></span>
    <button type="submit" class="button small" data-focus=${`reopen-${round.id}`} ?disabled=${blocked}>${t("vote_reopen")}</button>
  </form>
  <p class="field-error">${page.fieldError("reopen")}</p>`;
}

function proxyBox(round, page) {
  const { t } = page;
  const entry = proxyBallots.get(round.id) || { label: "", mine: {} };
  const labelId = `proxy-${round.id}`;
  const change = async (itemId, next, event) => {
    const answer = await page.run(
      "vote.set",
      { round_id: round.id, item_id: itemId, count: next, proxy: entry.label },
      event,
    );
    if (answer) {
      proxyBallots.set(round.id, { label: entry.label, mine: answer.mine });
      page.update();
    }
  };
  return html`<details id=${`proxy-box-${round.id}`} class="round-details">
    <summary>${t("proxy_title")}</summary>
    <p class="muted">${t("proxy_help")}</p>
    <form class="row wrap" @submit=${async (event) => {
      event.preventDefault();
      const label = event.currentTarget.elements.label.value.trim();
      if (!label) return;
      const answer = await page.run(
        "vote.mine",
        { round_id: round.id, proxy: label },
        { currentTarget: event.submitter },
      );
      if (answer) {
        proxyBallots.set(round.id, { label, mine: answer.mine });
        page.update();
      }
    }}>
      <label for=${labelId}>${t("proxy_for")}</label>
      <input id=${labelId} name="label" maxlength="60" .value=${entry.label} placeholder=${t("proxy_placeholder")}>
      <button type="submit" class="button small">${t("proxy_start")}</button>
    </form>
    ${
      entry.label
        ? html`<ul class="proxy-ballot">
          ${repeat(
            round.item_ids,
            (itemId) => itemId,
            (itemId) => {
              const count = entry.mine[itemId] || 0;
              const name = itemName(page.store, round, itemId);
              return html`<li class="row spread"><span>${name}</span><span class="row">
                <button type="button" class="button small" data-focus=${`proxy-minus-${round.id}-${itemId}`}
                  ?disabled=${count === 0} aria-label=${t("remove_dot", { name })}
                  @click=${(event) => change(itemId, count - 1, event)}>−</button>
                <span class="dot-count">${count}</span>
                <button type="button" class="button small" data-focus=${`proxy-plus-${round.id}-${itemId}`}
                  aria-label=${t("add_dot", { name })}
                  @click=${(event) => change(itemId, count + 1, event)}>+</button>
              </span></li>`;
            },
          )}
        </ul>`
        : nothing
    }
  </details>`;
}

function chooseBox(round, items, page) {
  const { t } = page;
  if (round.target !== "concepts" || round.status !== "closed") return nothing;
  const topId = `top-${round.id}`;
  const othersId = `others-${round.id}`;
  const others = () => document.getElementById(othersId)?.value || "keep";
  const choose = async (args, submitter) => {
    if (!(await page.confirm(t("confirm_choose")))) return;
    page.run("vote.choose", { round_id: round.id, others: others(), ...args }, { currentTarget: submitter });
  };
  return html`<section class="choose" aria-labelledby=${`choose-${round.id}`}>
    <h4 id=${`choose-${round.id}`}>${t("choose_title")}</h4>
    <form class="row wrap" @submit=${(event) => {
      event.preventDefault();
      choose({ top: Number(event.currentTarget.elements.top.value) }, event.submitter);
    }}>
      <label for=${topId}>${t("choose_top")}</label>
      <input id=${topId} name="top" type="number" min="1" max=${round.item_ids.length} value="6" inputmode="numeric">
      <select id=${othersId} aria-label=${t("choose_others")}>
        <option value="keep">${t("choose_keep")}</option>
        <option value="drop">${t("choose_drop")}</option>
      </select>
      <button type="submit" class="button primary" ?disabled=${!round.revealed}>${t("choose_top_button")}</button>
    </form>
    <details id=${`pick-box-${round.id}`}>
      <summary>${t("choose_by_hand")}</summary>
      <form class="stack" @submit=${(event) => {
        event.preventDefault();
        const ids = [...event.currentTarget.querySelectorAll("input:checked")].map((input) => input.value);
        choose({ concept_ids: ids }, event.submitter);
      }}>
        ${repeat(
          items,
          (item) => item.id,
          (item) => html`<label class="choice" for=${`pick-${round.id}-${item.id}`}>
            <input type="checkbox" id=${`pick-${round.id}-${item.id}`} value=${item.id}
              ?checked=${round.chosen_ids.includes(item.id)}> <span>${item.name}</span></label>`,
        )}
        <div><button type="submit" class="button">${t("choose_button")}</button></div>
      </form>
    </details>
  </section>`;
}

function roundRow(entry, data, page) {
  const { t } = page;
  const { round, items } = entry;
  const ask = (message, name) => async (event) => {
    const control = event.currentTarget;
    if (await page.confirm(message)) page.run(name, { round_id: round.id }, { currentTarget: control });
  };
  const settings = [
    `${round.item_ids.length} ${t("vote_items")}`,
    t("vote_rules", { dots: round.dots, cap: round.cap }),
    round.anonymous ? t("vote_anonymous_set") : t("vote_named"),
    round.live_results ? t("vote_live_results") : t("vote_hidden_results"),
    round.allow_own ? null : t("vote_no_own"),
  ]
    .filter(Boolean)
    .join(" · ");
  const otherOpen = data.openId && data.openId !== round.id;
  const minutesId = `open-min-${round.id}`;
  const canReopen = round.status === "closed" && !round.anonymous && !round.chosen_ids.length;
  return html`<li class=${`round-row round-card round-${round.status}`} data-round=${round.id}>
    <div class="round-head">
      <h3>${round.title || t("vote_title")}</h3>
      <span class=${`badge status-${round.status}`}>${t(`round_${round.status}`)}</span>
      ${round.status !== "draft" ? html`<span class="turnout">${entry.turnout}</span>` : nothing}
    </div>
    <p class="muted">${settings}</p>
    ${
      round.status === "open"
        ? html`<p class="round-deadline">${
            round.closes_at
              ? html`${t("closes_at", { time: formatClock(round.closes_at) })}
                ${entry.left !== null ? html`<strong>${t("vote_closes_in", { time: clock(entry.left) })}</strong>` : nothing}`
              : t("deadline_none")
          }</p>`
        : nothing
    }
    <div class="round-actions">
      ${
        round.status === "draft"
          ? html`<form class="row" @submit=${(event) => {
              event.preventDefault();
              const n = Number(event.currentTarget.elements.minutes.value);
              const args = n > 0 ? { closes_at: page.live.now() + n * 60 } : {};
              page.run("vote.open", { round_id: round.id, ...args }, { currentTarget: event.submitter });
            }}>
            <span class="field"><label for=${minutesId}>${t("vote_minutes")}</label>
              <input id=${minutesId} name="minutes" type="number" min="1" max="600" inputmode="numeric"
                value=${minutesFor.get(round.id) ?? ""}></span>
            <button type="submit" class="button primary" data-focus=${`open-${round.id}`}
              ?disabled=${Boolean(otherOpen)} aria-describedby=${otherOpen ? `one-open-${round.id}` : nothing}>${t("vote_open")}</button>
            ${otherOpen ? html`<span class="muted" id=${`one-open-${round.id}`}>${t("vote_one_open")}</span>` : nothing}
          </form>`
          : nothing
      }
      ${
        round.status === "open"
          ? html`<button type="button" class="button" data-focus=${`close-${round.id}`}
            @click=${ask(t("confirm_close"), "vote.close")}>${t("vote_close")}</button>`
          : nothing
      }
      ${
        round.status !== "draft" && !round.revealed
          ? html`<button type="button" class="button primary" id=${`reveal-round-${round.id}`}
            @click=${ask(t("confirm_reveal"), "vote.reveal")}>${t("vote_reveal")}</button>`
          : nothing
      }
      ${
        round.results && data.liveSession
          ? html`<button type="button" class="button" data-focus=${`show-${round.id}`}
            @click=${(event) =>
              page.run(
                "session.focus",
                { session_id: data.liveSession.id, view: "results", id: round.id },
                event,
              )}>
            ${t("show_everyone")}</button>`
          : nothing
      }
      ${
        round.status !== "open"
          ? html`<button type="button" class="button small danger" data-focus=${`delete-${round.id}`}
            @click=${ask(t("confirm_round"), "vote.delete_round")}>${t("delete")}</button>`
          : nothing
      }
    </div>
    ${round.status === "open" ? deadlineControls(round, page) : nothing}
    ${canReopen ? reopenControls(round, page, Boolean(otherOpen)) : nothing}
    ${round.status === "open" ? proxyBox(round, page) : nothing}
    ${
      entry.results
        ? html`<details class="round-details" ?open=${round.status !== "draft"} id=${`results-${round.id}`}>
          <summary>${t("results")}</summary>${entry.results}</details>`
        : round.status !== "draft"
          ? html`<p class="muted">${t("results_hidden")}</p>`
          : nothing
    }
    ${chooseBox(round, items, page)}
  </li>`;
}

export function view(data, page) {
  const { t } = page;
  return html`<section class="card" id="voting" aria-labelledby="voting-rounds">
    <h2 id="voting-rounds">${t("rounds_title")}</h2>
    ${
      data.rounds.length
        ? html`<ul class="rounds">
          ${repeat(
            data.rounds,
            (entry) => entry.round.id,
            (entry) => roundRow(entry, data, page),
          )}
        </ul>`
        : html`<p class="muted">${t("no_rounds")}</p>`
    }
    ${newRoundForm(data, page)}
  </section>`;
}

// The time left on an open round counts down between events.
export function mount(page) {
  setInterval(() => {
    if (page.store.all("vote_round").some((r) => r.status === "open" && r.closes_at)) page.update();
  }, 1000);
}
