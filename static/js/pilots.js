// Pilots on the board: the pilot page (team, hypothesis, dates, status and its history,
// measures drawn over time against their targets, the log of updates with comments), the
// team's forms, the facilitator's overview and the chain from a pilot back to its personas.
// Everything people wrote goes in as text.

import { fill, formatDate, formatDay, groupName, localToday, ordered, personaTitle, svg } from "./board.js";
import { el, newId, t } from "./live.js";

const DAY = 86400;

export function pilotName(store, pilot) {
  return store.get("concept", pilot.concept_id)?.name || "–";
}

export function teamOf(store, pilotId) {
  return store
    .all("pilot_member")
    .filter((m) => m.pilot_id === pilotId)
    .map((m) => store.get("member", m.member_id))
    .filter(Boolean);
}

export function updatesOf(store, pilotId) {
  return store
    .all("pilot_update")
    .filter((u) => u.pilot_id === pilotId)
    .sort((a, b) => b.created_at - a.created_at);
}

export function ageInDays(epoch, now = Date.now() / 1000) {
  return Math.max(0, Math.floor((now - epoch) / DAY));
}

function number(value, lang) {
  return Number(value).toLocaleString(lang === "fi" ? "fi-FI" : "en-GB", { maximumFractionDigits: 2 });
}

// One measure's values over time, with its target (dashed) and baseline (dotted).
export function measureChart(store, measure, lang) {
  const points = store
    .all("pilot_update")
    .filter((u) => u.pilot_id === measure.pilot_id)
    .flatMap((u) => u.values.filter((v) => v.measure_id === measure.id))
    .map((v) => ({ day: v.measured_on, value: v.value, at: Date.parse(v.measured_on) / 1000 }))
    .sort((a, b) => a.at - b.at);
  const unit = measure.unit ? ` ${measure.unit}` : "";
  const box = el(
    "figure",
    { class: "measure" },
    el(
      "figcaption",
      {},
      el("strong", {}, measure.name),
      measure.target !== null ? ` · ${t("target")}: ${number(measure.target, lang)}${unit}` : "",
      measure.baseline !== null ? ` · ${t("baseline")}: ${number(measure.baseline, lang)}${unit}` : "",
    ),
  );
  if (!points.length) {
    box.append(el("p", { class: "muted" }, t("no_values")));
    return box;
  }
  const width = 360;
  const height = 150;
  const pad = { left: 36, right: 12, top: 12, bottom: 24 };
  const values = [...points.map((p) => p.value), measure.target, measure.baseline].filter((v) => v !== null);
  const low = Math.min(0, ...values);
  const high = Math.max(...values) || 1;
  const first = points[0].at;
  const last = points[points.length - 1].at;
  const x = (at) =>
    pad.left +
    (last === first
      ? (width - pad.left - pad.right) / 2
      : ((at - first) / (last - first)) * (width - pad.left - pad.right));
  const y = (v) => height - pad.bottom - ((v - low) / (high - low || 1)) * (height - pad.top - pad.bottom);
  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${height}`,
    class: "measure-chart",
    "aria-hidden": "true",
    focusable: "false",
  });
  chart.append(
    svg("line", { x1: pad.left, x2: width - pad.right, y1: y(low), y2: y(low), class: "axis" }),
    svg("text", { x: pad.left - 4, y: y(high) + 4, "text-anchor": "end", class: "tick" }, number(high, lang)),
    svg("text", { x: pad.left - 4, y: y(low) + 4, "text-anchor": "end", class: "tick" }, number(low, lang)),
    svg("text", { x: pad.left, y: height - 6, class: "tick" }, formatDay(points[0].day, lang)),
    svg(
      "text",
      { x: width - pad.right, y: height - 6, "text-anchor": "end", class: "tick" },
      formatDay(points[points.length - 1].day, lang),
    ),
  );
  if (measure.target !== null) {
    chart.append(
      svg("line", {
        x1: pad.left,
        x2: width - pad.right,
        y1: y(measure.target),
        y2: y(measure.target),
        class: "target",
      }),
      svg(
        "text",
        { x: width - pad.right, y: y(measure.target) - 4, "text-anchor": "end", class: "tick" },
        t("target"),
      ),
    );
  }
  if (measure.baseline !== null) {
    chart.append(
      svg("line", {
        x1: pad.left,
        x2: width - pad.right,
        y1: y(measure.baseline),
        y2: y(measure.baseline),
        class: "baseline",
      }),
    );
  }
  chart.append(
    svg("polyline", { points: points.map((p) => `${x(p.at)},${y(p.value)}`).join(" "), class: "series" }),
    ...points.map((p) => svg("circle", { cx: x(p.at), cy: y(p.value), r: 4, class: "point" })),
  );
  box.append(
    chart,
    el(
      "table",
      { class: "values-table" },
      el("caption", { class: "visually-hidden" }, measure.name),
      el(
        "thead",
        {},
        el("tr", {}, el("th", { scope: "col" }, t("date")), el("th", { scope: "col" }, t("value"))),
      ),
      el(
        "tbody",
        {},
        ...points.map((p) =>
          el("tr", {}, el("td", {}, formatDay(p.day, lang)), el("td", {}, `${number(p.value, lang)}${unit}`)),
        ),
      ),
    ),
  );
  return box;
}

// From a pilot back to the personas it serves: concept, ideas, question, challenge.
export function traceability(store, pilot, lang) {
  const concept = store.get("concept", pilot.concept_id);
  const ideas = (concept?.idea_ids || []).map((id) => store.get("idea", id)).filter(Boolean);
  const question = concept?.hmw_id ? store.get("hmw", concept.hmw_id) : null;
  const challenge = concept?.challenge_id ? store.get("challenge", concept.challenge_id) : null;
  const personaIds = [
    ...new Set([
      ...(pilot.persona_ids || []),
      ...(concept?.persona_ids || []),
      ...(question?.persona_ids || []),
      ...(challenge?.persona_ids || []),
    ]),
  ];
  const personas = personaIds.map((id) => store.get("persona", id)).filter(Boolean);
  const step = (label, ...content) => el("li", {}, el("strong", {}, `${label}: `), ...content);
  return el(
    "ol",
    { class: "trace" },
    step(t("trace_pilot"), pilotName(store, pilot)),
    step(t("trace_concept"), concept ? concept.name : "–"),
    step(t("trace_ideas"), ideas.length ? ideas.map((i) => i.text).join(" · ") : "–"),
    step(t("trace_question"), question ? question.text : "–"),
    step(
      t("trace_challenge"),
      challenge
        ? `${groupName(store, challenge)}${challenge.statement ? `: ${challenge.statement}` : ""}`
        : "–",
    ),
    step(t("trace_personas"), personas.length ? personas.map((p) => personaTitle(p, lang)).join(", ") : "–"),
  );
}

// --- the pilot page ------------------------------------------------------------------------------

export function pilotsView(ctx, box) {
  const { live, store, lang, memberId, textForm, keepDraft, dropDraft, memberName, isFacilitator } = ctx;
  let openId = null;
  let shownFor = null;
  let invitation = null; // the invitation link last asked for: {pilot_id, token, expires_at}
  const list = el("section", { class: "card phone" });
  const page = el("div", { hidden: true });
  const head = el("section", { class: "card phone" });
  const teamBox = el("section", { class: "card phone" });
  const measures = el("section", { class: "card phone" });
  const log = el("section", { class: "card phone" });
  const forms = el("div");
  const talk = el("section", { class: "card phone" });
  page.append(head, teamBox, measures, forms, log, talk);
  box.append(list, page);

  const name = (id) => memberName(store, id);
  const mayChange = (pilot) =>
    isFacilitator ||
    store.all("pilot_member").some((m) => m.pilot_id === pilot.id && m.member_id === memberId);

  function commentsOf(kind, id) {
    return store
      .all("comment")
      .filter((c) => c.target_kind === kind && c.target_id === id)
      .sort((a, b) => a.created_at - b.created_at);
  }

  function commentList(kind, id) {
    const thread = commentsOf(kind, id);
    return el(
      "ul",
      { class: "comments" },
      ...thread.map((c) => el("li", { class: "comment" }, el("strong", {}, name(c.member_id)), " ", c.body)),
    );
  }

  // Forms are made once per pilot opened, so a redraw never pulls one from under typing.
  function buildForms(pilot) {
    const values = ordered(store, "pilot_measure").filter((m) => m.pilot_id === pilot.id);
    const prefix = `pu-${pilot.id}`;
    const field = (key, label, rows = 2) => [
      el("label", { for: `${prefix}-${key}` }, label),
      keepDraft(
        el("textarea", { id: `${prefix}-${key}`, name: key, rows: String(rows), maxlength: "3000" }),
        `${prefix}-${key}`,
      ),
    ];
    const today = localToday();
    const valueInputs = values.map((m) =>
      el(
        "div",
        { class: "row wrap measure-input" },
        el("label", { for: `${prefix}-v-${m.id}` }, `${m.name}${m.unit ? ` (${m.unit})` : ""}`),
        el("input", {
          id: `${prefix}-v-${m.id}`,
          "data-measure": m.id,
          inputmode: "decimal",
          maxlength: "20",
          class: "short",
        }),
        el("label", { for: `${prefix}-d-${m.id}`, class: "visually-hidden" }, `${t("date")}: ${m.name}`),
        el("input", { id: `${prefix}-d-${m.id}`, type: "date", value: today, max: today, class: "short" }),
      ),
    );
    const error = el("p", { class: "field-error", role: "alert" });
    const done = el("p", { class: "notice ok", role: "status", hidden: true }, t("update_saved"));
    const form = el(
      "form",
      { class: "stack", novalidate: true },
      el("h3", {}, t("update_title")),
      ...field("did", t("update_did"), 3),
      ...field("learned", t("update_learned"), 3),
      valueInputs.length
        ? el("fieldset", { class: "stack" }, el("legend", {}, t("update_values")), ...valueInputs)
        : null,
      ...field("next_step", t("update_next")),
      ...field("blockers", t("update_blockers")),
      ...field("help_needed", t("update_help")),
      error,
      done,
      el("button", { type: "submit", class: "button primary big" }, t("update_send")),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = { id: newId(), pilot_id: pilot.id, values: [] };
      for (const key of ["did", "learned", "next_step", "blockers", "help_needed"]) {
        data[key] = form.querySelector(`[name=${key}]`).value.trim();
      }
      for (const input of form.querySelectorAll("[data-measure]")) {
        if (!input.value.trim()) continue;
        const value = Number(input.value.trim().replace(",", ".").replace("−", "-"));
        if (!Number.isFinite(value)) {
          error.textContent = t("not_a_number");
          input.focus();
          return;
        }
        data.values.push({
          measure_id: input.dataset.measure,
          value,
          measured_on: document.getElementById(input.id.replace("-v-", "-d-")).value || today,
        });
      }
      if (
        !data.values.length &&
        !["did", "learned", "next_step", "blockers", "help_needed"].some((k) => data[k])
      ) {
        error.textContent = t("update_empty");
        return;
      }
      error.textContent = "";
      live.queue("pilot.update", data);
      for (const key of ["did", "learned", "next_step", "blockers", "help_needed"]) {
        form.querySelector(`[name=${key}]`).value = "";
        dropDraft(`${prefix}-${key}`);
      }
      for (const input of form.querySelectorAll("[data-measure]")) input.value = "";
      done.hidden = false;
      setTimeout(() => {
        done.hidden = true;
      }, 6000);
    });

    // The pilot's details: hypothesis, dates, contact, status with a note, a new measure.
    const d = `pd-${pilot.id}`;
    const members = store.all("member").filter((m) => !m.removed && m.role !== "observer");
    const details = el(
      "form",
      { class: "stack", novalidate: true },
      el("label", { for: `${d}-hyp` }, t("hypothesis")),
      el("textarea", { id: `${d}-hyp`, rows: "3", maxlength: "2000" }, pilot.hypothesis),
      el(
        "div",
        { class: "row wrap" },
        el(
          "div",
          { class: "stack" },
          el("label", { for: `${d}-start` }, t("starts_on")),
          el("input", { id: `${d}-start`, type: "date", value: pilot.starts_on || "" }),
        ),
        el(
          "div",
          { class: "stack" },
          el("label", { for: `${d}-end` }, t("ends_on")),
          el("input", { id: `${d}-end`, type: "date", value: pilot.ends_on || "" }),
        ),
      ),
      el("label", { for: `${d}-contact` }, t("contact")),
      el(
        "select",
        { id: `${d}-contact` },
        el("option", { value: "" }, "–"),
        ...members.map((m) =>
          el(
            "option",
            { value: m.id, selected: m.id === pilot.contact_member_id },
            `${m.display_name}${m.organisation ? ` (${m.organisation})` : ""}`,
          ),
        ),
      ),
      el(
        "fieldset",
        { class: "stack" },
        el("legend", {}, t("trace_personas")),
        ...ordered(store, "persona").map((p) =>
          el(
            "label",
            { class: "choice", for: `${d}-p-${p.id}` },
            el("input", {
              type: "checkbox",
              id: `${d}-p-${p.id}`,
              value: p.id,
              "data-persona": "1",
              checked: (pilot.persona_ids || []).includes(p.id),
            }),
            ` ${personaTitle(p, lang)}`,
          ),
        ),
      ),
      el("button", { type: "submit", class: "button primary" }, t("save")),
    );
    details.addEventListener("submit", async (event) => {
      event.preventDefault();
      const args = {
        pilot_id: pilot.id,
        hypothesis: details.querySelector(`#${d}-hyp`).value.trim(),
        starts_on: details.querySelector(`#${d}-start`).value || null,
        ends_on: details.querySelector(`#${d}-end`).value || null,
        contact_member_id: details.querySelector(`#${d}-contact`).value || null,
        persona_ids: [...details.querySelectorAll("[data-persona]:checked")].map((i) => i.value),
      };
      try {
        await live.command("pilot.save", args);
      } catch (e) {
        ctx.showError(e.message);
      }
    });
    const statusSelect = el(
      "select",
      { id: `${d}-status` },
      ...["planned", "running", "paused", "done", "stopped"].map((s) =>
        el("option", { value: s, selected: s === pilot.status }, t(`pilot_${s}`)),
      ),
    );
    const statusNote = el("input", { id: `${d}-note`, maxlength: "1000" });
    const statusForm = el(
      "form",
      { class: "stack", novalidate: true },
      el("label", { for: `${d}-status` }, t("status")),
      statusSelect,
      el("label", { for: `${d}-note` }, t("status_note")),
      statusNote,
      el("button", { type: "submit", class: "button" }, t("status_change")),
    );
    statusForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        await live.command("pilot.status", {
          pilot_id: pilot.id,
          status: statusSelect.value,
          note: statusNote.value.trim(),
        });
        statusNote.value = "";
      } catch (e) {
        ctx.showError(e.message);
      }
    });
    const m = `pm-${pilot.id}`;
    const measureForm = el(
      "form",
      { class: "stack", novalidate: true },
      el("label", { for: `${m}-name` }, t("measure_name")),
      el("input", { id: `${m}-name`, maxlength: "120" }),
      el(
        "div",
        { class: "row wrap" },
        ...[
          ["unit", t("measure_unit")],
          ["baseline", t("baseline")],
          ["target", t("target")],
        ].map(([key, label]) =>
          el(
            "div",
            { class: "stack" },
            el("label", { for: `${m}-${key}` }, label),
            el("input", {
              id: `${m}-${key}`,
              class: "short",
              maxlength: "30",
              inputmode: key === "unit" ? "text" : "decimal",
            }),
          ),
        ),
      ),
      el("button", { type: "submit", class: "button" }, t("measure_add")),
    );
    measureForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const get = (key) => measureForm.querySelector(`#${m}-${key}`).value.trim();
      if (!get("name")) {
        ctx.showError(t("empty"));
        return;
      }
      const args = { id: newId(), pilot_id: pilot.id, name: get("name"), unit: get("unit") };
      for (const key of ["baseline", "target"]) if (get(key)) args[key] = get(key);
      try {
        await live.command("pilot.measure", args);
        for (const key of ["name", "unit", "baseline", "target"])
          measureForm.querySelector(`#${m}-${key}`).value = "";
      } catch (e) {
        ctx.showError(e.message);
      }
    });
    fill(
      forms,
      el("section", { class: "card phone" }, form),
      el(
        "section",
        { class: "card phone" },
        el(
          "details",
          { id: `${d}-box` },
          el("summary", {}, t("pilot_details")),
          details,
          statusForm,
          el("h4", {}, t("measure_new")),
          measureForm,
        ),
      ),
    );
  }

  function drawList() {
    const pilots = ordered(store, "pilot");
    fill(
      list,
      el("h2", {}, t("pilots")),
      ...(pilots.length
        ? pilots.map((p) => {
            const last = updatesOf(store, p.id)[0];
            return el(
              "button",
              {
                type: "button",
                class: "button big concept-pick",
                onclick: () => {
                  openId = p.id;
                  update();
                  head.querySelector("h2")?.focus();
                },
              },
              pilotName(store, p),
              el(
                "span",
                { class: "muted" },
                ` · ${t(`pilot_${p.status}`)} · ${teamOf(store, p.id).length} ${t("team_size")}`,
              ),
              last
                ? el(
                    "span",
                    { class: "muted" },
                    ` · ${ageInDays(last.created_at) === 0 ? t("updated_today") : t("updated_days", { n: ageInDays(last.created_at) })}`,
                  )
                : null,
            );
          })
        : [el("p", { class: "muted" }, t("no_pilots"))]),
    );
  }

  function update() {
    const pilot = openId ? store.get("pilot", openId) : null;
    list.hidden = Boolean(pilot) || ctx.showList === false;
    page.hidden = !pilot;
    if (!pilot) {
      openId = null;
      shownFor = null;
      drawList();
      return;
    }
    const team = teamOf(store, pilot.id);
    const mine = mayChange(pilot);
    const inTeam = team.some((m) => m.id === memberId);
    fill(
      head,
      el(
        "button",
        {
          type: "button",
          class: "button",
          onclick: () => {
            openId = null;
            update();
          },
        },
        `‹ ${t("all_pilots")}`,
      ),
      el("h2", { tabindex: "-1" }, pilotName(store, pilot)),
      el(
        "p",
        {},
        el("span", { class: `badge status-${pilot.status}` }, t(`pilot_${pilot.status}`)),
        pilot.starts_on || pilot.ends_on
          ? ` ${formatDay(pilot.starts_on, lang)} – ${formatDay(pilot.ends_on, lang)}`
          : "",
      ),
      el("h3", {}, t("hypothesis")),
      el("p", {}, pilot.hypothesis || t("no_hypothesis")),
      pilot.contact_member_id ? el("p", {}, `${t("contact")}: ${name(pilot.contact_member_id)}`) : null,
      el(
        "details",
        { id: `hist-${pilot.id}` },
        el("summary", {}, t("status_history")),
        el(
          "ol",
          {},
          ...store
            .all("pilot_status")
            .filter((s) => s.pilot_id === pilot.id)
            .sort((a, b) => a.at - b.at)
            .map((s) =>
              el(
                "li",
                {},
                `${formatDate(s.at, lang)} ${t(`pilot_${s.status}`)}`,
                s.note ? ` – ${s.note}` : "",
                s.member_id ? el("span", { class: "muted" }, ` (${name(s.member_id)})`) : null,
              ),
            ),
        ),
      ),
      el(
        "details",
        { id: `trace-${pilot.id}` },
        el("summary", {}, t("trace")),
        traceability(store, pilot, lang),
      ),
    );
    const teamButtons = [];
    if (!isFacilitator) {
      teamButtons.push(
        el(
          "button",
          {
            type: "button",
            class: `button big${inTeam ? "" : " primary"}`,
            onclick: () =>
              live
                .command(inTeam ? "pilot.leave" : "pilot.join", { pilot_id: pilot.id })
                .catch((e) => ctx.showError(e.message)),
          },
          inTeam ? t("team_leave") : t("team_join"),
        ),
      );
    }
    // The link asked for stays in view through the re-render its own event causes.
    const invite = invitation?.pilot_id === pilot.id ? invitation : null;
    const inviteOut = el(
      "p",
      { class: "invite-link", "aria-live": "polite" },
      ...(invite
        ? [
            `${t("invite_link")}: `,
            el("a", { href: `${location.origin}/t/${invite.token}` }, `${location.origin}/t/${invite.token}`),
            el(
              "span",
              { class: "hint" },
              ` ${t("invite_until", { date: formatDate(invite.expires_at, lang) })}`,
            ),
          ]
        : []),
    );
    // A link lets people into the workshop without its code: facilitators make them, and
    // the team only when the facilitators allow it.
    const teamsMayInvite = Boolean(store.all("workshop")[0]?.teams_may_invite);
    if (mine && (isFacilitator || teamsMayInvite)) {
      teamButtons.push(
        el(
          "button",
          {
            type: "button",
            class: "button",
            onclick: async () => {
              try {
                invitation = await live.command("pilot.invite", { pilot_id: pilot.id });
                update();
              } catch (e) {
                ctx.showError(e.message);
              }
            },
          },
          t("invite_make"),
        ),
      );
    }
    fill(
      teamBox,
      el("h3", {}, t("team")),
      team.length
        ? el(
            "ul",
            {},
            ...team.map((m) =>
              el(
                "li",
                {},
                m.display_name,
                m.organisation ? el("span", { class: "muted" }, ` · ${m.organisation}`) : null,
              ),
            ),
          )
        : el("p", { class: "muted" }, t("team_empty")),
      el("div", { class: "row wrap" }, ...teamButtons),
      inviteOut,
    );
    const ms = ordered(store, "pilot_measure").filter((m) => m.pilot_id === pilot.id);
    fill(
      measures,
      el("h3", {}, t("measures")),
      ...(ms.length
        ? ms.map((m) => measureChart(store, m, lang))
        : [el("p", { class: "muted" }, t("no_measures"))]),
    );
    if (mine && shownFor !== `${pilot.id}:${ms.map((m) => m.id).join()}`) {
      shownFor = `${pilot.id}:${ms.map((m) => m.id).join()}`;
      buildForms(pilot);
    }
    if (!mine) {
      fill(forms);
      shownFor = null;
    }
    const updates = updatesOf(store, pilot.id);
    fill(
      log,
      el("h3", {}, t("updates")),
      ...(updates.length
        ? updates.map((u) => {
            const parts = [
              ["update_did", u.did],
              ["update_learned", u.learned],
              ["update_next", u.next_step],
            ]
              .filter(([, text]) => text)
              .map(([label, text]) => el("p", {}, el("strong", {}, `${t(label)}: `), text));
            const flags = [
              ["update_blockers", u.blockers],
              ["update_help", u.help_needed],
            ]
              .filter(([, text]) => text)
              .map(([label, text]) => el("p", { class: "flag" }, el("strong", {}, `${t(label)}: `), text));
            const values = u.values
              .map((v) => {
                const measure = store.get("pilot_measure", v.measure_id);
                return measure
                  ? `${measure.name}: ${number(v.value, lang)}${measure.unit ? ` ${measure.unit}` : ""} (${formatDay(v.measured_on, lang)})`
                  : null;
              })
              .filter(Boolean);
            return el(
              "article",
              { class: "pilot-update" },
              el("p", { class: "muted" }, `${formatDate(u.created_at, lang)} · ${name(u.member_id)}`),
              ...parts,
              values.length ? el("p", {}, values.join(" · ")) : null,
              ...flags,
              commentList("pilot_update", u.id),
              el(
                "details",
                { id: `uc-${u.id}` },
                el("summary", {}, t("comment_label")),
                textForm({
                  id: `uc-text-${u.id}`,
                  label: t("comment_label"),
                  button: t("comment_send"),
                  rows: 2,
                  max: 1000,
                  draft: `uc-${u.id}`,
                  onSend: (body) => {
                    live.queue("comment.add", {
                      id: newId(),
                      target_kind: "pilot_update",
                      target_id: u.id,
                      body,
                    });
                    return true;
                  },
                }),
              ),
            );
          })
        : [el("p", { class: "muted" }, t("no_updates"))]),
    );
    if (!talk.dataset.pilot || talk.dataset.pilot !== pilot.id) {
      talk.dataset.pilot = pilot.id;
      fill(
        talk,
        el("h3", {}, t("comments")),
        el("ul", { class: "comments pilot-comments" }),
        textForm({
          id: "pilot-comment",
          label: t("comment_label"),
          button: t("comment_send"),
          rows: 2,
          max: 1000,
          draft: `pc-${pilot.id}`,
          onSend: (body) => {
            live.queue("comment.add", { id: newId(), target_kind: "pilot", target_id: pilot.id, body });
            return true;
          },
        }),
      );
    }
    talk
      .querySelector(".pilot-comments")
      .replaceWith(Object.assign(commentList("pilot", pilot.id), { className: "comments pilot-comments" }));
  }
  update.open = (id) => {
    openId = id;
    update();
    head.querySelector("h2")?.focus();
  };
  return update;
}

// --- the facilitator's overview -------------------------------------------------------------------

export function pilotOverview(store, lang, { open } = {}) {
  const pilots = ordered(store, "pilot");
  if (!pilots.length) return el("p", { class: "muted" }, t("no_pilots"));
  return el(
    "table",
    { class: "overview" },
    el("caption", { class: "visually-hidden" }, t("pilots")),
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        ...["pilot", "status", "team", "last_update", "flags"].map((key) =>
          el("th", { scope: "col" }, t(`ov_${key}`)),
        ),
      ),
    ),
    el(
      "tbody",
      {},
      ...pilots.map((pilot) => {
        const team = teamOf(store, pilot.id);
        const last = updatesOf(store, pilot.id)[0];
        const orgs = [...new Set(team.map((m) => m.organisation).filter(Boolean))];
        const flags = [];
        if (last?.blockers)
          flags.push(
            el("p", { class: "flag" }, el("strong", {}, `${t("update_blockers")}: `), last.blockers),
          );
        if (last?.help_needed)
          flags.push(el("p", { class: "flag" }, el("strong", {}, `${t("update_help")}: `), last.help_needed));
        const age = last ? ageInDays(last.created_at) : null;
        return el(
          "tr",
          { "data-pilot": pilot.id, class: flags.length ? "flagged" : null },
          el(
            "th",
            { scope: "row" },
            open
              ? el(
                  "button",
                  { type: "button", class: "button small link", onclick: () => open(pilot.id) },
                  pilotName(store, pilot),
                )
              : pilotName(store, pilot),
            el(
              "details",
              { id: `ov-trace-${pilot.id}` },
              el("summary", {}, t("trace")),
              traceability(store, pilot, lang),
            ),
          ),
          el("td", {}, el("span", { class: `badge status-${pilot.status}` }, t(`pilot_${pilot.status}`))),
          el(
            "td",
            {},
            `${team.length}`,
            orgs.length ? el("span", { class: "muted" }, ` · ${orgs.join(", ")}`) : null,
          ),
          el(
            "td",
            { class: age !== null && age > 14 ? "stale" : null },
            last
              ? [
                  age === 0 ? t("updated_today") : t("updated_days", { n: age }),
                  el("br"),
                  el("span", { class: "muted" }, last.did || last.learned || ""),
                ]
              : t("no_updates"),
          ),
          el("td", {}, ...flags),
        );
      }),
    ),
  );
}

// --- the pilot team's page as a view (read/view) ----------------------------------------------

import { formHelpers, memberName } from "./board.js";
import { html, ref } from "./view.js";

const mountedPilots = new WeakMap();

export const teamPilots = {
  read(store) {
    return { store };
  },
  view(_data, page) {
    return html`<div
      class="pilots-view"
      ${ref((box) => {
        if (!box) return;
        let update = mountedPilots.get(box);
        if (!update) {
          const workshopId =
            page.workshopId || document.querySelector("[data-workshop]")?.dataset.workshop || "";
          const { keepDraft, dropDraft, textForm } = formHelpers(workshopId);
          update = pilotsView(
            {
              live: page.live,
              store: page.store,
              lang: page.lang,
              memberId: page.member,
              keepDraft,
              dropDraft,
              textForm,
              memberName,
              isFacilitator: false,
              showError: (message) => page.showError?.(new Error(message)),
            },
            box,
          );
          mountedPilots.set(box, update);
        }
        update();
      })}
    ></div>`;
  },
};
