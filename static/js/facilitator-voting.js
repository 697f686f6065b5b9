// The facilitator's voting card: set up a round (over concepts or one question's ideas:
// dots, cap, own votes, anonymous, live or hidden results, a deadline), open, close and
// reveal it, follow turnout (never who voted for what), enter paper dots as a proxy, and
// choose the concepts that become pilots.

import { formatClock, memberKey, ordered, region } from "./board.js";
import { el, newId, t } from "./live.js";
import { itemName, resultsView, turnoutText } from "./voting.js";

export function mountVoting(live, root, { run, button }) {
  const store = live.store;
  const box = root.querySelector("#voting");
  const proxyBallots = new Map(); // round id -> {label, mine}

  function newRoundForm() {
    const id = "round-new";
    const questions = ordered(store, "hmw");
    const target = el(
      "select",
      { id: `${id}-target`, name: "target" },
      el("option", { value: "concepts" }, t("vote_concepts")),
      ...questions.map((q) => el("option", { value: `ideas:${q.id}` }, `${t("vote_ideas_of")}: ${q.text}`)),
    );
    const number = (name, value, label) => [
      el("label", { for: `${id}-${name}` }, label),
      el("input", {
        id: `${id}-${name}`,
        name,
        type: "number",
        min: "1",
        max: "50",
        value: String(value),
        inputmode: "numeric",
      }),
    ];
    const check = (name, checked, label) =>
      el(
        "label",
        { class: "choice", for: `${id}-${name}` },
        el("input", { type: "checkbox", id: `${id}-${name}`, name, checked }),
        ` ${label}`,
      );
    const form = el(
      "form",
      { class: "stack", novalidate: true },
      el("label", { for: `${id}-title` }, t("vote_round_title")),
      el("input", { id: `${id}-title`, name: "title", maxlength: "120", placeholder: t("vote_title") }),
      el("label", { for: `${id}-target` }, t("vote_over")),
      target,
      el(
        "div",
        { class: "row wrap" },
        el("div", { class: "stack" }, ...number("dots", 5, t("vote_dots"))),
        el("div", { class: "stack" }, ...number("cap", 3, t("vote_cap"))),
        el(
          "div",
          { class: "stack" },
          el("label", { for: `${id}-minutes` }, t("vote_minutes")),
          el("input", {
            id: `${id}-minutes`,
            name: "minutes",
            type: "number",
            min: "1",
            max: "600",
            inputmode: "numeric",
          }),
        ),
      ),
      check("anonymous", true, t("vote_anonymous_set")),
      check("live_results", false, t("vote_live_results")),
      check("allow_own", true, t("vote_allow_own")),
      el("button", { type: "submit", class: "button primary" }, t("vote_create")),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const value = (name) => form.querySelector(`[name=${name}]`);
      const [kind, hmw] = value("target").value.split(":");
      const data = {
        id: newId(),
        title: value("title").value.trim(),
        target: kind,
        dots: Number(value("dots").value),
        cap: Number(value("cap").value),
        anonymous: value("anonymous").checked,
        live_results: value("live_results").checked,
        allow_own: value("allow_own").checked,
      };
      if (hmw) data.hmw_id = hmw;
      const minutes = Number(value("minutes").value);
      const made = await run("vote.save_round", data, event.submitter);
      if (made) {
        minutesFor.set(made.id, minutes || null);
        // The card may have been drawn anew meanwhile: clear the form that is on the page.
        for (const name of ["title", "minutes"]) {
          const input = document.getElementById(`${id}-${name}`);
          if (input) input.value = "";
        }
        const details = document.getElementById("round-new-box");
        if (details) details.open = false;
      }
    });
    return el("details", { id: "round-new-box" }, el("summary", {}, `+ ${t("vote_new")}`), form);
  }
  const minutesFor = new Map();

  function proxyBox(round) {
    const state = proxyBallots.get(round.id) || { label: "", mine: {} };
    const labelId = `proxy-${round.id}`;
    const label = el("input", {
      id: labelId,
      maxlength: "60",
      value: state.label,
      placeholder: t("proxy_placeholder"),
    });
    const load = async () => {
      const name = label.value.trim();
      if (!name) return;
      const ballot = await run("vote.mine", { round_id: round.id, proxy: name });
      if (ballot) {
        proxyBallots.set(round.id, { label: name, mine: ballot.mine });
        renderVoting(true);
      }
    };
    const rows = state.label
      ? round.item_ids.map((itemId) => {
          const count = state.mine[itemId] || 0;
          const name = itemName(store, round, itemId);
          const change = async (next, b) => {
            const result = await run(
              "vote.set",
              { round_id: round.id, item_id: itemId, count: next, proxy: state.label },
              b,
            );
            if (result) {
              proxyBallots.set(round.id, { label: state.label, mine: result.mine });
              renderVoting(true);
            }
          };
          return el(
            "li",
            { class: "row spread" },
            el("span", {}, name),
            el(
              "span",
              { class: "row" },
              button("−", (b) => change(count - 1, b), {
                class: "button small",
                disabled: count === 0,
                "aria-label": t("remove_dot", { name }),
              }),
              el("span", { class: "dot-count" }, String(count)),
              button("+", (b) => change(count + 1, b), {
                class: "button small",
                "aria-label": t("add_dot", { name }),
              }),
            ),
          );
        })
      : [];
    return el(
      "details",
      { id: `proxy-box-${round.id}` },
      el("summary", {}, t("proxy_title")),
      el("p", { class: "muted" }, t("proxy_help")),
      el(
        "form",
        {
          class: "row wrap",
          onsubmit: (event) => {
            event.preventDefault();
            load();
          },
        },
        el("label", { for: labelId }, t("proxy_for")),
        label,
        el("button", { type: "submit", class: "button small" }, t("proxy_start")),
      ),
      state.label ? el("ul", { class: "proxy-ballot" }, ...rows) : null,
    );
  }

  function chooseBox(round) {
    if (round.target !== "concepts" || round.status !== "closed") return null;
    const topId = `top-${round.id}`;
    const top = el("input", {
      id: topId,
      type: "number",
      min: "1",
      max: String(round.item_ids.length),
      value: "6",
      inputmode: "numeric",
    });
    const others = el(
      "select",
      { id: `others-${round.id}`, "aria-label": t("choose_others") },
      el("option", { value: "keep" }, t("choose_keep")),
      el("option", { value: "drop" }, t("choose_drop")),
    );
    const picks = round.item_ids.map((itemId) => {
      const id = `pick-${round.id}-${itemId}`;
      return el(
        "label",
        { class: "choice", for: id },
        el("input", { type: "checkbox", id, value: itemId, checked: round.chosen_ids.includes(itemId) }),
        ` ${itemName(store, round, itemId)}`,
      );
    });
    return el(
      "section",
      { class: "choose" },
      el("h4", {}, t("choose_title")),
      el(
        "form",
        {
          class: "row wrap",
          onsubmit: (event) => {
            event.preventDefault();
            run(
              "vote.choose",
              { round_id: round.id, top: Number(top.value), others: others.value },
              event.submitter,
            );
          },
        },
        el("label", { for: topId }, t("choose_top")),
        top,
        others,
        el(
          "button",
          { type: "submit", class: "button primary", disabled: !round.revealed },
          t("choose_top_button"),
        ),
      ),
      el(
        "details",
        { id: `pick-box-${round.id}` },
        el("summary", {}, t("choose_by_hand")),
        el(
          "form",
          {
            class: "stack",
            onsubmit: (event) => {
              event.preventDefault();
              const ids = picks
                .map((p) => p.querySelector("input"))
                .filter((i) => i.checked)
                .map((i) => i.value);
              run(
                "vote.choose",
                { round_id: round.id, concept_ids: ids, others: others.value },
                event.submitter,
              );
            },
          },
          ...picks,
          el("button", { type: "submit", class: "button" }, t("choose_button")),
        ),
      ),
    );
  }

  function roundCard(round) {
    const status = t(`round_${round.status}`);
    const settings = [
      t("vote_rules", { dots: round.dots, cap: round.cap }),
      round.anonymous ? t("vote_anonymous") : t("vote_named"),
      round.live_results ? t("vote_live_results") : t("vote_hidden_results"),
      round.allow_own ? null : t("vote_no_own"),
    ]
      .filter(Boolean)
      .join(" · ");
    const actions = [];
    if (round.status === "draft") {
      const minutesId = `open-min-${round.id}`;
      const minutes = el("input", {
        id: minutesId,
        type: "number",
        min: "1",
        max: "600",
        inputmode: "numeric",
        value: minutesFor.get(round.id) ? String(minutesFor.get(round.id)) : "",
      });
      actions.push(
        el(
          "form",
          {
            class: "row wrap",
            onsubmit: (event) => {
              event.preventDefault();
              const n = Number(minutes.value);
              const args = { round_id: round.id };
              if (n > 0) args.closes_at = live.now() + n * 60;
              run("vote.open", args, event.submitter);
            },
          },
          el("label", { for: minutesId }, t("vote_minutes")),
          minutes,
          el("button", { type: "submit", class: "button primary" }, t("vote_open")),
        ),
      );
    }
    if (round.status === "open")
      actions.push(
        button(t("vote_close"), (b) => run("vote.close", { round_id: round.id }, b), { class: "button" }),
      );
    if (round.status !== "draft" && !round.revealed) {
      actions.push(
        button(t("vote_reveal"), (b) => run("vote.reveal", { round_id: round.id }, b), {
          class: "button primary",
          id: `reveal-round-${round.id}`,
        }),
      );
    }
    if (round.status !== "open") {
      actions.push(
        button(
          t("delete"),
          (b) => window.confirm(t("confirm_round")) && run("vote.delete_round", { round_id: round.id }, b),
          { class: "button small danger" },
        ),
      );
    }
    return el(
      "article",
      { class: `round-card round-${round.status}`, "data-round": round.id },
      el("h3", {}, round.title || t("vote_title"), " ", el("span", { class: "badge" }, status)),
      el("p", { class: "muted" }, `${round.item_ids.length} ${t("vote_items")} · ${settings}`),
      round.closes_at && round.status === "open"
        ? el("p", {}, t("closes_at", { time: formatClock(round.closes_at) }))
        : null,
      round.status !== "draft"
        ? el("p", { class: "turnout", role: "status" }, turnoutText(store, round))
        : null,
      el("div", { class: "row wrap" }, ...actions),
      round.status === "open" ? proxyBox(round) : null,
      resultsView(store, round),
      round.status !== "draft" && !round.results ? el("p", { class: "muted" }, t("results_hidden")) : null,
      chooseBox(round),
    );
  }

  function draw() {
    const rounds = ordered(store, "vote_round");
    return [
      newRoundForm(),
      ...(rounds.length ? rounds.map(roundCard) : [el("p", { class: "muted" }, t("no_rounds"))]),
    ];
  }
  // Items are named from their concepts or ideas, questions in the form, voters from the
  // members: each is in the key, so a renamed item or person redraws the card.
  const renderVoting = region(
    box,
    () => [
      ordered(store, "vote_round").map((r) => [r.id, r.rev]),
      store.all("concept").map((c) => [c.id, c.rev]),
      store.all("idea").map((i) => [i.id, i.rev]),
      store.all("hmw").map((q) => [q.id, q.rev]),
      memberKey(store),
      [...proxyBallots.entries()],
    ],
    draw,
  );
  store.subscribe(() => renderVoting());
}
