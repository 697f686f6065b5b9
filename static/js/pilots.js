// Pilots: the pilot page as its team sees it (team, hypothesis, dates, status and its
// history, measures drawn over time against their targets, the log of updates with
// comments, the team's forms), the list of pilots on the phone, and the pure helpers the
// cockpit's overview and the exports share. Everything people wrote goes in as text.
//
// Nothing typed is lost: every field keeps a draft in localStorage as it is typed (see
// "what is typed" below); what the team sends waits in the live outbox until the server
// has it, and a refused update puts its text back with the server's words beside the field.

import { textIn } from "./content.js";
import { formatNumber } from "./format.js";
import { newId, t } from "./live.js";
import { formatDate, formatDay, groupName, localToday, memberName, ordered, personaTitle } from "./parts.js";
import { holdPersonal, personalHeld, personalTyped, personalWarning } from "./personal-warning.js";
import { html, ifDefined, live, nothing, ref, repeat, svg } from "./view.js";

const DAY = 86400;
const TEXTS = ["did", "learned", "next_step", "blockers", "help_needed"];
const STATUSES = ["planned", "running", "paused", "done", "stopped"];

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

// The moment an update tells of: the start of its day (an update entered today about last
// month is last month's), or when it was written if it names no day.
export function updateMoment(update) {
  if (!update.happened_on) return update.created_at;
  const [year, month, day] = update.happened_on.split("-").map(Number);
  return new Date(year, month - 1, day).getTime() / 1000;
}

// Newest first, by the day each tells of, then by when it was written.
export function updatesOf(store, pilotId) {
  return store
    .all("pilot_update")
    .filter((u) => u.pilot_id === pilotId)
    .sort((a, b) => updateMoment(b) - updateMoment(a) || b.created_at - a.created_at);
}

// Whether an update's blockers or help needed still wait for someone.
export function isOpen(update) {
  return Boolean(update.blockers || update.help_needed) && !update.resolved_at;
}

// Every update of the pilot whose blockers or help needed are still open, oldest first:
// what the overview lists until each is marked resolved.
export function openFlags(store, pilotId) {
  return updatesOf(store, pilotId).filter(isOpen).reverse();
}

export function ageInDays(epoch, now = Date.now() / 1000) {
  return Math.max(0, Math.floor((now - epoch) / DAY));
}

export function ageText(epoch) {
  const age = ageInDays(epoch);
  return age === 0 ? t("updated_today") : t("updated_days", { n: age });
}

export function number(value, _lang) {
  return formatNumber(value);
}

export function commentsOf(store, kind, id) {
  return store
    .all("comment")
    .filter((c) => c.target_kind === kind && c.target_id === id)
    .sort((a, b) => a.created_at - b.created_at);
}

// --- what is typed ------------------------------------------------------------------------------
//
// A draft is kept per field under the workshop, as the phone's other text boxes keep theirs,
// so a reload, a lost connection or a live update never takes a half-typed text away.

function workshopOf(page) {
  return page.workshopId || document.querySelector("[data-workshop]")?.dataset.workshop || "";
}

function draftKey(page, key) {
  return `paja:draft:${workshopOf(page)}:${key}`;
}

// The draft of a field, else `fallback` (what the entity holds now).
export function draftOr(page, key, fallback = "") {
  try {
    const saved = localStorage.getItem(draftKey(page, key));
    return saved === null ? fallback : saved;
  } catch {
    return fallback;
  }
}

export function keepDraft(page, key, value) {
  try {
    localStorage.setItem(draftKey(page, key), value);
  } catch {
    /* storage full or disabled: the field still holds it */
  }
}

export function dropDraft(page, key) {
  try {
    localStorage.removeItem(draftKey(page, key));
  } catch {
    /* disabled */
  }
}

// An input's handler that keeps its draft (and, for views that show a count, redraws).
export function typing(page, key) {
  return (event) => keepDraft(page, key, event.target.value);
}

// The server's refusals, by the form they came from: {message, fields}.
const refusals = new Map();

export function refusal(formKey) {
  return refusals.get(formKey) || null;
}

export function refuse(formKey, error) {
  if (error) refusals.set(formKey, { message: error.message || "", fields: error.fields || {} });
  else refusals.delete(formKey);
}

// The words of a refusal for one field ("" when none); nested fields flatten.
export function fieldText(formKey, name) {
  const found = refusals.get(formKey)?.fields?.[name];
  if (!found) return "";
  const flat = (value) =>
    typeof value === "string" ? [value] : Object.values(value || {}).flatMap((v) => flat(v));
  return flat(found).join(" ");
}

// Opens a <details> when it holds something to see (a draft, an error) but never closes
// it: closing one from under the control someone is on would drop the focus to the page.
export function openWhen(condition) {
  return ref((details) => {
    if (details && condition && !details.open) details.open = true;
  });
}

// The line under a field that says what is wrong with it.
export function fieldError(id, text) {
  return html`<p class="field-error" id=${`${id}-error`} ?hidden=${!text}>${text}</p>`;
}

// Run a command for a form: its refusal is kept for that form only, so the field error
// shows beside the field it belongs to and not under every form with a field of that name.
export async function send(page, formKey, name, args, event) {
  refuse(formKey, null);
  const control = event?.submitter || event?.currentTarget || null;
  const result = await page.run(name, args, control ? { currentTarget: control } : null);
  if (result === null && page.error) refuse(formKey, page.error);
  page.update();
  return result;
}

// A queued command the server refused (bad input after all): its text goes back into the
// drafts and the server's words show beside the fields. Watched once per connection.
const watched = new WeakSet();
const restorers = new Map(); // command name -> (item, error, page) => void

export function onRefused(name, restore) {
  restorers.set(name, restore);
}

export function watchRefusals(page) {
  if (!page.live?.on || watched.has(page.live)) return;
  watched.add(page.live);
  page.live.on("rejected", (item, error) => {
    const restore = restorers.get(item.name);
    if (!restore) return;
    restore(item, error, page);
    page.update();
  });
}

onRefused("pilot.update", (item, error, page) => {
  const prefix = `pu-${item.args.pilot_id}`;
  for (const key of TEXTS) {
    if (item.args[key] && !draftOr(page, `${prefix}-${key}`))
      keepDraft(page, `${prefix}-${key}`, item.args[key]);
  }
  refuse(prefix, error);
});

onRefused("comment.add", (item, error, page) => {
  const key = `c-${item.args.target_kind}-${item.args.target_id}`;
  if (!draftOr(page, key)) keepDraft(page, key, item.args.body);
  refuse(key, error);
});

// A text box for a comment on a pilot, an update or a shared answer; queued, so it is
// sent when the phone is back online.
export function commentForm(page, kind, id, { open = false } = {}) {
  const key = `c-${kind}-${id}`;
  const fieldId = `${key}-text`;
  const error =
    fieldText(key, "body") || (refusal(key) && !fieldText(key, "body") ? refusal(key).message : "");
  const submit = (event) => {
    event.preventDefault();
    const area = event.currentTarget.querySelector("textarea");
    const body = area.value.trim();
    if (!body) {
      refuse(key, { message: "", fields: { body: [t("empty")] } });
      page.update();
      area.focus();
      return;
    }
    refuse(key, null);
    if (holdPersonal(page, fieldId, body)) return;
    page.queue("comment.add", { id: newId(), target_kind: kind, target_id: id, body });
    area.value = "";
    dropDraft(page, key);
    page.update();
  };
  const form = html`<form class="stack comment-form" novalidate @submit=${submit}>
    <label for=${fieldId}>${t("comment_label")}</label>
    <textarea id=${fieldId} rows="2" maxlength="1000" aria-describedby=${`${fieldId}-error`}
      aria-invalid=${error ? "true" : "false"}
      .value=${live(draftOr(page, key))} @input=${(event) => {
        typing(page, key)(event);
        personalTyped(page, fieldId);
      }}></textarea>
    ${fieldError(fieldId, error)}
    ${personalWarning(page, fieldId)}
    <button type="submit" class="button primary big" ?hidden=${personalHeld(fieldId)}>${t("comment_send")}</button>
  </form>`;
  if (open) return form;
  return html`<details class="comment-box" id=${`${key}-box`} ${openWhen(Boolean(draftOr(page, key)) || Boolean(error))}>
    <summary>${t("comment_label")}</summary>${form}</details>`;
}

export function commentList(store, comments) {
  if (!comments.length) return nothing;
  return html`<ul class="comments">
    ${repeat(
      comments,
      (c) => c.id,
      (c) => html`<li class="comment"><strong>${memberName(store, c.member_id)}</strong> ${c.body}</li>`,
    )}
  </ul>`;
}

// --- measures ------------------------------------------------------------------------------------

export function measurePoints(store, measure) {
  return store
    .all("pilot_update")
    .filter((u) => u.pilot_id === measure.pilot_id)
    .flatMap((u) => u.values.filter((v) => v.measure_id === measure.id))
    .map((v) => ({ day: v.measured_on, value: v.value, at: Date.parse(v.measured_on) / 1000 }))
    .sort((a, b) => a.at - b.at);
}

// One measure's values over time, with its target (dashed) and baseline (dotted); the
// values are in a table too, for those who do not see the chart.
export function measureChart(store, measure, lang) {
  const points = measurePoints(store, measure);
  const unit = measure.unit ? ` ${measure.unit}` : "";
  const caption = html`<figcaption>
    <strong>${measure.name}</strong>${measure.target !== null ? ` · ${t("target")}: ${number(measure.target, lang)}${unit}` : ""}${
      measure.baseline !== null ? ` · ${t("baseline")}: ${number(measure.baseline, lang)}${unit}` : ""
    }
  </figcaption>`;
  if (!points.length) {
    return html`<figure class="measure">${caption}<p class="muted">${t("no_values")}</p></figure>`;
  }
  const width = 360;
  const height = 150;
  const pad = { left: 36, right: 12, top: 12, bottom: 24 };
  const values = [...points.map((p) => p.value), measure.target, measure.baseline].filter((v) => v !== null);
  const low = Math.min(0, ...values);
  const high = Math.max(...values) || 1;
  const first = points[0].at;
  const last = points[points.length - 1].at;
  const inner = width - pad.left - pad.right;
  const x = (at) => pad.left + (last === first ? inner / 2 : ((at - first) / (last - first)) * inner);
  const y = (v) => height - pad.bottom - ((v - low) / (high - low || 1)) * (height - pad.top - pad.bottom);
  const right = width - pad.right;
  return html`<figure class="measure">
    ${caption}
    <svg viewBox=${`0 0 ${width} ${height}`} class="measure-chart" aria-hidden="true" focusable="false">
      <line x1=${pad.left} x2=${right} y1=${y(low)} y2=${y(low)} class="axis"></line>
      <text x=${pad.left - 4} y=${y(high) + 4} text-anchor="end" class="tick">${number(high, lang)}</text>
      <text x=${pad.left - 4} y=${y(low) + 4} text-anchor="end" class="tick">${number(low, lang)}</text>
      <text x=${pad.left} y=${height - 6} class="tick">${formatDay(points[0].day, lang)}</text>
      <text x=${right} y=${height - 6} text-anchor="end" class="tick">${formatDay(points[points.length - 1].day, lang)}</text>
      ${
        measure.target !== null
          ? svg`<line x1=${pad.left} x2=${right} y1=${y(measure.target)} y2=${y(measure.target)} class="target"></line>
            <text x=${right} y=${y(measure.target) - 4} text-anchor="end" class="tick">${t("target")}</text>`
          : nothing
      }
      ${
        measure.baseline !== null
          ? svg`<line x1=${pad.left} x2=${right} y1=${y(measure.baseline)} y2=${y(measure.baseline)} class="baseline"></line>`
          : nothing
      }
      <polyline points=${points.map((p) => `${x(p.at)},${y(p.value)}`).join(" ")} class="series"></polyline>
      ${points.map((p) => svg`<circle cx=${x(p.at)} cy=${y(p.value)} r="4" class="point"></circle>`)}
    </svg>
    <table class="values-table">
      <caption class="visually-hidden">${measure.name}</caption>
      <thead><tr><th scope="col">${t("date")}</th><th scope="col">${t("value")}</th></tr></thead>
      <tbody>
        ${points.map((p) => html`<tr><td>${formatDay(p.day, lang)}</td><td>${number(p.value, lang)}${unit}</td></tr>`)}
      </tbody>
    </table>
  </figure>`;
}

// --- the chain back to the personas ------------------------------------------------------------

// From a pilot back to the personas it serves: concept, ideas, question, challenge.
export function traceOf(store, pilot, lang) {
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
  return [
    [t("trace_pilot"), pilotName(store, pilot)],
    [t("trace_concept"), concept ? concept.name : "–"],
    [t("trace_ideas"), ideas.length ? ideas.map((i) => i.text).join(" · ") : "–"],
    [t("trace_question"), question ? textIn(question.text, lang) : "–"],
    [
      t("trace_challenge"),
      challenge
        ? `${groupName(store, challenge)}${challenge.statement ? `: ${challenge.statement}` : ""}`
        : "–",
    ],
    [t("trace_personas"), personas.length ? personas.map((p) => personaTitle(p, lang)).join(", ") : "–"],
  ];
}

export function traceability(store, pilot, lang) {
  return html`<ol class="trace">
    ${traceOf(store, pilot, lang).map(([label, text]) => html`<li><strong>${label}: </strong>${text}</li>`)}
  </ol>`;
}

// --- one pilot's page ------------------------------------------------------------------------------

// What one pilot's page shows, read from the store. `facilitator`: the cockpit's view of it
// (no joining; may always change it).
export function readPilot(store, page, pilotId, { facilitator = false } = {}) {
  const pilot = store.get("pilot", pilotId);
  if (!pilot) return null;
  const lang = page.lang;
  const team = teamOf(store, pilot.id);
  const inTeam = team.some((m) => m.id === page.member);
  const mayChange = facilitator || inTeam;
  const teamsMayInvite = Boolean(store.all("workshop")[0]?.teams_may_invite);
  const measures = ordered(store, "pilot_measure").filter((m) => m.pilot_id === pilot.id);
  return {
    pilot,
    name: pilotName(store, pilot),
    facilitator,
    team,
    inTeam,
    mayChange,
    mayInvite: mayChange && (facilitator || teamsMayInvite),
    contact: pilot.contact_member_id ? memberName(store, pilot.contact_member_id) : "",
    history: store
      .all("pilot_status")
      .filter((s) => s.pilot_id === pilot.id)
      .sort((a, b) => a.at - b.at)
      .map((s) => ({ ...s, by: s.member_id ? memberName(store, s.member_id) : "" })),
    trace: traceability(store, pilot, lang),
    measures: measures.map((m) => ({ measure: m, chart: measureChart(store, m, lang) })),
    milestones: ordered(store, "pilot_milestone").filter((m) => m.pilot_id === pilot.id),
    updates: updatesOf(store, pilot.id).map((u) => ({
      update: u,
      by: memberName(store, u.member_id),
      resolvedBy: u.resolved_by ? memberName(store, u.resolved_by) : "",
      mine: u.member_id === page.member,
      values: u.values
        .map((v) => {
          const measure = store.get("pilot_measure", v.measure_id);
          return measure
            ? `${measure.name}: ${number(v.value, lang)}${measure.unit ? ` ${measure.unit}` : ""} (${formatDay(v.measured_on, lang)})`
            : null;
        })
        .filter(Boolean),
      comments: commentList(store, commentsOf(store, "pilot_update", u.id)),
    })),
    comments: commentList(store, commentsOf(store, "pilot", pilot.id)),
    members: store.all("member").filter((m) => !m.removed && m.role !== "observer"),
    personas: ordered(store, "persona").map((p) => ({ id: p.id, title: personaTitle(p, lang) })),
  };
}

let invitation = null; // the invitation link last asked for: {pilot_id, token, expires_at}
const savedNote = new Map(); // pilot id -> when its update was last queued (for "saved")
const personaPicks = new Map(); // "pd-<pilot>" -> Set of persona ids being chosen

function statusBadge(status) {
  return html`<span class=${`badge status-${status}`}>${t(`pilot_${status}`)}</span>`;
}

// A per cent as the page's language writes it ("60 %" in Finnish, "60%" in English).
export function percent(value) {
  return formatNumber((value ?? 0) / 100, { style: "percent", maximumFractionDigits: 0 });
}

// How far a pilot is: the figure in words (whose it is) and as a bar for the eye; `label`
// instead of the words for a figure that is nobody's own (the programme's).
export function progressBar(pilot, label = null) {
  const id = `progress-${pilot.id}`;
  return html`<p class="pilot-progress">
    <span id=${id}>${
      label ??
      html`${t("pilot_progress", { percent: percent(pilot.progress) })}
      <span class="muted">(${pilot.progress_set ? t("progress_own") : t("progress_by_status")})</span>`
    }</span>
    <progress max="100" value=${pilot.progress ?? 0} aria-labelledby=${id}></progress>
  </p>`;
}

// The pilot's plan as dated milestones, done or not; the team ticks them off and adds more.
function milestonesCard(data, page) {
  const { pilot } = data;
  const prefix = `pml-${pilot.id}`;
  const today = localToday();
  const failed = refusal(prefix);
  const add = async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const title = form.querySelector(`#${prefix}-title`).value.trim();
    if (!title) {
      refuse(prefix, { message: "", fields: { title: [t("empty")] } });
      page.update();
      form.querySelector(`#${prefix}-title`).focus();
      return;
    }
    const args = {
      id: newId(),
      pilot_id: pilot.id,
      title,
      due_on: form.querySelector(`#${prefix}-due`).value || null,
    };
    if (await send(page, prefix, "pilot.milestone", args, event)) {
      for (const key of ["title", "due"]) {
        dropDraft(page, `${prefix}-${key}`);
        form.querySelector(`#${prefix}-${key}`).value = "";
      }
      page.announce(t("saved_ok"));
      page.update();
    }
  };
  const titleError = fieldText(prefix, "title");
  return html`<section class="card phone" aria-labelledby=${`${prefix}-head`}>
    <h3 id=${`${prefix}-head`}>${t("milestones")}</h3>
    ${
      data.milestones.length
        ? html`<ul class="milestone-list">
          ${repeat(
            data.milestones,
            (m) => m.id,
            (m) => {
              const late = !m.done_on && m.due_on && m.due_on < today;
              return html`<li class=${m.done_on ? "done" : late ? "late" : nothing} data-milestone=${m.id}>
                <span class="milestone-text">${m.done_on ? html`<span aria-hidden="true">✓ </span>` : nothing}<strong>${m.title}</strong>
                  <span class="muted">${
                    m.done_on
                      ? t("milestone_done", { date: formatDay(m.done_on, page.lang) })
                      : m.due_on
                        ? t("milestone_due_on", { date: formatDay(m.due_on, page.lang) })
                        : ""
                  }${late ? ` · ${t("milestone_late")}` : ""}</span></span>
                ${
                  data.mayChange
                    ? html`<span class="row wrap">
                      <button type="button" class="button small" data-focus=${`ms-${m.id}`}
                        @click=${(event) =>
                          send(
                            page,
                            `ms-${m.id}`,
                            "pilot.milestone",
                            { id: m.id, done_on: m.done_on ? null : today },
                            event,
                          ).then((done) => done && page.announce(t("saved_ok")))}>
                        ${m.done_on ? t("milestone_unmark") : t("milestone_mark")}</button>
                      <button type="button" class="button small danger" aria-label=${`${t("delete")}: ${m.title}`}
                        @click=${async (event) => {
                          if (!(await page.confirm(t("milestone_delete_confirm", { name: m.title })))) return;
                          send(page, `msd-${m.id}`, "pilot.delete_milestone", { milestone_id: m.id }, event);
                        }}>${t("delete")}</button>
                    </span>`
                    : nothing
                }
              </li>`;
            },
          )}
        </ul>`
        : html`<p class="muted">${t("no_milestones")}</p>`
    }
    ${
      data.mayChange
        ? html`<details id=${`${prefix}-box`} ${openWhen(Boolean(failed))}>
          <summary>${t("milestone_new")}</summary>
          <form class="stack" novalidate @submit=${add}>
            <label for=${`${prefix}-title`}>${t("milestone_title")}</label>
            <input id=${`${prefix}-title`} maxlength="200" aria-describedby=${`${prefix}-title-error`}
              aria-invalid=${titleError ? "true" : "false"}
              .value=${live(draftOr(page, `${prefix}-title`))} @input=${typing(page, `${prefix}-title`)}>
            ${fieldError(`${prefix}-title`, titleError)}
            <label for=${`${prefix}-due`}>${t("milestone_due")}</label>
            <input id=${`${prefix}-due`} type="date" class="short"
              .value=${live(draftOr(page, `${prefix}-due`))} @input=${typing(page, `${prefix}-due`)}>
            <p class="field-error" role="alert">${failed && !Object.keys(failed.fields).length ? failed.message : ""}</p>
            <button type="submit" class="button">${t("milestone_add")}</button>
          </form>
        </details>`
        : nothing
    }
  </section>`;
}

function pilotHead(data, page) {
  const { pilot } = data;
  const lang = page.lang;
  return html`<section class="card phone pilot-head" aria-labelledby=${`pilot-title-${pilot.id}`}>
    ${data.back ?? nothing}
    <h2 id=${`pilot-title-${pilot.id}`} class="pilot-title" tabindex="-1">${data.name}</h2>
    <p>${statusBadge(pilot.status)}${
      pilot.starts_on || pilot.ends_on
        ? ` ${formatDay(pilot.starts_on, lang)} – ${formatDay(pilot.ends_on, lang)}`
        : ""
    }</p>
    ${progressBar(pilot)}
    <h3>${t("hypothesis")}</h3>
    <p class="hypothesis">${pilot.hypothesis || t("no_hypothesis")}</p>
    ${data.contact ? html`<p>${t("contact")}: ${data.contact}</p>` : nothing}
    <details id=${`hist-${pilot.id}`}>
      <summary>${t("status_history")}</summary>
      <ol>
        ${data.history.map(
          (s) =>
            html`<li>${formatDate(s.at, lang)} ${t(`pilot_${s.status}`)}${s.note ? ` – ${s.note}` : ""}${
              s.by ? html`<span class="muted"> (${s.by})</span>` : nothing
            }</li>`,
        )}
      </ol>
    </details>
    <details id=${`trace-${pilot.id}`}>
      <summary>${t("trace")}</summary>
      ${data.trace}
    </details>
  </section>`;
}

function teamCard(data, page) {
  const { pilot } = data;
  const invite = invitation?.pilot_id === pilot.id ? invitation : null;
  const link = invite ? `${location.origin}/t/${invite.token}` : "";
  return html`<section class="card phone" aria-labelledby=${`team-${pilot.id}`}>
    <h3 id=${`team-${pilot.id}`}>${t("team")}</h3>
    ${
      data.team.length
        ? html`<ul class="team-list">
          ${repeat(
            data.team,
            (m) => m.id,
            (m) =>
              html`<li>${m.display_name}${m.organisation ? html`<span class="muted"> · ${m.organisation}</span>` : nothing}</li>`,
          )}
        </ul>`
        : html`<p class="muted">${t("team_empty")}</p>`
    }
    <div class="row wrap">
      ${
        data.facilitator
          ? nothing
          : html`<button type="button" class=${`button big${data.inTeam ? "" : " primary"}`}
            data-focus=${`team-${pilot.id}`}
            @click=${async (event) => {
              if (data.inTeam && !(await page.confirm(t("team_leave_confirm")))) return;
              send(
                page,
                `team-${pilot.id}`,
                data.inTeam ? "pilot.leave" : "pilot.join",
                { pilot_id: pilot.id },
                event,
              );
            }}>${data.inTeam ? t("team_leave") : t("team_join")}</button>`
      }
      ${
        data.mayInvite
          ? html`<button type="button" class="button" @click=${async (event) => {
              const made = await send(
                page,
                `invite-${pilot.id}`,
                "pilot.invite",
                { pilot_id: pilot.id },
                event,
              );
              if (made) {
                invitation = { ...made, pilot_id: pilot.id };
                page.update();
              }
            }}>${t("invite_make")}</button>`
          : nothing
      }
    </div>
    <p class="invite-link" aria-live="polite">${
      invite
        ? html`${t("invite_link")}: <a href=${link}>${link}</a>
          <span class="hint"> ${t("invite_until", { date: formatDate(invite.expires_at, page.lang) })}</span>`
        : nothing
    }</p>
  </section>`;
}

function measuresCard(data) {
  return html`<section class="card phone" aria-labelledby=${`measures-${data.pilot.id}`}>
    <h3 id=${`measures-${data.pilot.id}`}>${t("measures")}</h3>
    ${
      data.measures.length
        ? repeat(
            data.measures,
            (m) => m.measure.id,
            (m) => m.chart,
          )
        : html`<p class="muted">${t("no_measures")}</p>`
    }
  </section>`;
}

// The team's update: what was done and learned, the measures' values, next step, blockers
// and the help wanted. Queued, so it is sent when the phone is back online.
function updateForm(data, page) {
  const { pilot } = data;
  const prefix = `pu-${pilot.id}`;
  const today = localToday();
  const failed = refusal(prefix);
  const textField = (key, label, rows = 2) => {
    const id = `${prefix}-${key}`;
    const error = fieldText(prefix, key);
    return html`<label for=${id}>${label}</label>
      <textarea id=${id} name=${key} rows=${rows} maxlength="3000" aria-describedby=${`${id}-error`}
        aria-invalid=${error ? "true" : "false"}
        .value=${live(draftOr(page, id))} @input=${typing(page, id)}></textarea>
      ${fieldError(id, error)}`;
  };
  const dayId = `${prefix}-day`;
  const dayError = fieldText(prefix, "happened_on");
  const submit = (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const day = form.querySelector(`#${dayId}`).value || today;
    const args = { id: newId(), pilot_id: pilot.id, happened_on: day, values: [] };
    for (const key of TEXTS) args[key] = form.querySelector(`[name=${key}]`).value.trim();
    for (const input of form.querySelectorAll("[data-measure]")) {
      const written = input.value.trim();
      if (!written) continue;
      const value = Number(written.replace(",", ".").replace("−", "-"));
      if (!Number.isFinite(value)) {
        refuse(prefix, {
          message: t("not_a_number"),
          fields: { [`v-${input.dataset.measure}`]: [t("not_a_number")] },
        });
        page.update();
        input.focus();
        return;
      }
      args.values.push({
        measure_id: input.dataset.measure,
        value,
        measured_on: form.querySelector(`#${prefix}-d-${input.dataset.measure}`).value || day,
      });
    }
    if (!args.values.length && !TEXTS.some((k) => args[k])) {
      refuse(prefix, { message: t("update_empty"), fields: {} });
      page.update();
      form.querySelector("textarea")?.focus();
      return;
    }
    refuse(prefix, null);
    page.queue("pilot.update", args);
    for (const key of TEXTS) dropDraft(page, `${prefix}-${key}`);
    dropDraft(page, dayId);
    for (const m of data.measures) {
      dropDraft(page, `${prefix}-v-${m.measure.id}`);
      dropDraft(page, `${prefix}-d-${m.measure.id}`);
    }
    for (const field of form.querySelectorAll("textarea, [data-measure]")) field.value = "";
    savedNote.set(pilot.id, Date.now());
    page.announce(t("update_saved"));
    page.update();
    setTimeout(() => page.update(), 6100);
  };
  const saved = Date.now() - (savedNote.get(pilot.id) || 0) < 6000;
  const form = html`<form class="stack update-form" novalidate @submit=${submit}>
      ${data.facilitator ? nothing : html`<h3 id=${`${prefix}-title`}>${t("update_title")}</h3>`}
      <label for=${dayId}>${t("update_day")}</label>
      <p class="hint" id=${`${dayId}-hint`}>${t("update_day_hint")}</p>
      <input id=${dayId} type="date" max=${today} class="short"
        aria-describedby=${`${dayId}-hint ${dayId}-error`} aria-invalid=${dayError ? "true" : "false"}
        .value=${live(draftOr(page, dayId, today))} @input=${(event) => {
          typing(page, dayId)(event);
          page.update(); // a measure's date not set apart follows the update's day
        }}>
      ${fieldError(dayId, dayError)}
      ${textField("did", t("update_did"), 3)}
      ${textField("learned", t("update_learned"), 3)}
      ${
        data.measures.length
          ? html`<fieldset class="stack"><legend>${t("update_values")}</legend>
            ${repeat(
              data.measures,
              ({ measure: m }) => m.id,
              ({ measure: m }) => {
                const v = `${prefix}-v-${m.id}`;
                const d = `${prefix}-d-${m.id}`;
                const error = fieldText(prefix, `v-${m.id}`);
                return html`<div class="row wrap measure-input">
                  <label for=${v}>${m.name}${m.unit ? ` (${m.unit})` : ""}</label>
                  <input id=${v} data-measure=${m.id} inputmode="decimal" maxlength="20" class="short"
                    aria-describedby=${`${v}-error`} aria-invalid=${error ? "true" : "false"}
                    .value=${live(draftOr(page, v))} @input=${typing(page, v)}>
                  <label for=${d} class="visually-hidden">${t("date")}: ${m.name}</label>
                  <input id=${d} type="date" max=${today} class="short"
                    .value=${live(draftOr(page, d, draftOr(page, dayId, today)))} @input=${typing(page, d)}>
                  ${fieldError(v, error)}
                </div>`;
              },
            )}
          </fieldset>`
          : nothing
      }
      ${textField("next_step", t("update_next"))}
      ${textField("blockers", t("update_blockers"))}
      ${textField("help_needed", t("update_help"))}
      <p class="field-error" role="alert">${failed && !Object.keys(failed.fields).length ? failed.message : ""}</p>
      <p class="notice ok" role="status" ?hidden=${!saved}>${t("update_saved")}</p>
      <button type="submit" class="button primary big">${t("update_send")}</button>
    </form>`;
  // In the cockpit the facilitator logs an update now and then: folded away there.
  if (data.facilitator) {
    return html`<section class="card phone">
      <details id=${`${prefix}-box`} ${openWhen(Boolean(failed))}>
        <summary>${t("update_title")}</summary>${form}
      </details>
    </section>`;
  }
  return html`<section class="card phone" aria-labelledby=${`${prefix}-title`}>${form}</section>`;
}

// The pilot's details: hypothesis, dates, contact, personas; its status with a note; a new
// measure. Folded away: the team changes them now and then, not every week.
function detailsForms(data, page) {
  const { pilot } = data;
  const d = `pd-${pilot.id}`;
  const s = `ps-${pilot.id}`;
  const m = `pm-${pilot.id}`;
  const pickKey = d;
  const picks = personaPicks.get(pickKey) || new Set(pilot.persona_ids || []);
  const contact = draftOr(page, `${d}-contact`, pilot.contact_member_id || "");
  const status = draftOr(page, `${s}-status`, pilot.status);
  const saveDetails = async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const args = {
      pilot_id: pilot.id,
      hypothesis: form.querySelector(`#${d}-hyp`).value.trim(),
      starts_on: form.querySelector(`#${d}-start`).value || null,
      ends_on: form.querySelector(`#${d}-end`).value || null,
      contact_member_id: form.querySelector(`#${d}-contact`).value || null,
      persona_ids: [...form.querySelectorAll("[data-persona]:checked")].map((i) => i.value),
    };
    // Whole per cents, or nothing (the status decides); the server says what is wrong.
    const progress = form.querySelector(`#${d}-progress`).value.trim();
    args.progress = progress === "" ? null : Number(progress);
    if (progress !== "" && !Number.isInteger(args.progress)) args.progress = progress;
    const weight = form.querySelector(`#${d}-weight`);
    if (weight) args.weight = Number(weight.value) || weight.value;
    if (await send(page, d, "pilot.save", args, event)) {
      for (const key of ["hyp", "start", "end", "contact", "progress", "weight"])
        dropDraft(page, `${d}-${key}`);
      personaPicks.delete(pickKey);
      page.announce(t("saved_ok"));
      page.update();
    }
  };
  const saveStatus = async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const args = {
      pilot_id: pilot.id,
      status: form.querySelector(`#${s}-status`).value,
      note: form.querySelector(`#${s}-note`).value.trim(),
    };
    if (["done", "stopped"].includes(args.status) && args.status !== pilot.status) {
      if (!(await page.confirm(t("status_confirm", { status: t(`pilot_${args.status}`) })))) return;
    }
    if (await send(page, s, "pilot.status", args, event)) {
      dropDraft(page, `${s}-status`);
      dropDraft(page, `${s}-note`);
      form.querySelector(`#${s}-note`).value = "";
      page.announce(t("saved_ok"));
      page.update();
    }
  };
  const addMeasure = async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const get = (key) => form.querySelector(`#${m}-${key}`).value.trim();
    if (!get("name")) {
      refuse(m, { message: "", fields: { name: [t("empty")] } });
      page.update();
      form.querySelector(`#${m}-name`).focus();
      return;
    }
    const args = { id: newId(), pilot_id: pilot.id, name: get("name"), unit: get("unit") };
    for (const key of ["baseline", "target"]) {
      if (get(key)) args[key] = Number(get(key).replace(",", ".").replace("−", "-"));
      if (get(key) && !Number.isFinite(args[key])) {
        refuse(m, { message: "", fields: { [key]: [t("not_a_number")] } });
        page.update();
        form.querySelector(`#${m}-${key}`).focus();
        return;
      }
    }
    if (await send(page, m, "pilot.measure", args, event)) {
      for (const key of ["name", "unit", "baseline", "target"]) {
        dropDraft(page, `${m}-${key}`);
        form.querySelector(`#${m}-${key}`).value = "";
      }
      page.announce(t("saved_ok"));
      page.update();
    }
  };
  const input = (formKey, id, key, attrs = {}) => {
    const error = fieldText(formKey, key);
    return html`<input id=${id} type=${attrs.type || "text"} maxlength=${ifDefined(attrs.max)}
        class=${ifDefined(attrs.class)} inputmode=${ifDefined(attrs.inputmode)}
        aria-describedby=${attrs.hint ? `${attrs.hint} ${id}-error` : `${id}-error`}
        aria-invalid=${error ? "true" : "false"}
        .value=${live(draftOr(page, id, attrs.value ?? ""))} @input=${typing(page, id)}>
      ${fieldError(id, error)}`;
  };
  const hypError = fieldText(d, "hypothesis");
  return html`<section class="card phone">
    <details id=${`${d}-box`} ${openWhen(Boolean(refusal(d) || refusal(s) || refusal(m)))}>
      <summary>${t("pilot_details")}</summary>
      <form class="stack" novalidate @submit=${saveDetails}>
        <label for=${`${d}-hyp`}>${t("hypothesis")}</label>
        <textarea id=${`${d}-hyp`} rows="3" maxlength="2000" aria-describedby=${`${d}-hyp-error`}
          aria-invalid=${hypError ? "true" : "false"}
          .value=${live(draftOr(page, `${d}-hyp`, pilot.hypothesis || ""))} @input=${typing(page, `${d}-hyp`)}></textarea>
        ${fieldError(`${d}-hyp`, hypError)}
        <div class="row wrap">
          <div class="stack"><label for=${`${d}-start`}>${t("starts_on")}</label>
            ${input(d, `${d}-start`, "starts_on", { type: "date", value: pilot.starts_on || "" })}</div>
          <div class="stack"><label for=${`${d}-end`}>${t("ends_on")}</label>
            ${input(d, `${d}-end`, "ends_on", { type: "date", value: pilot.ends_on || "" })}</div>
        </div>
        <div class="row wrap">
          <div class="stack"><label for=${`${d}-progress`}>${t("progress_label")}</label>
            <p class="hint" id=${`${d}-progress-hint`}>${t("progress_hint")}</p>
            ${input(d, `${d}-progress`, "progress", {
              type: "number",
              class: "short",
              inputmode: "numeric",
              hint: `${d}-progress-hint`,
              value: pilot.progress_set ? String(pilot.progress) : "",
            })}</div>
          ${
            data.facilitator
              ? html`<div class="stack"><label for=${`${d}-weight`}>${t("progress_weight")}</label>
                ${input(d, `${d}-weight`, "weight", {
                  type: "number",
                  class: "short",
                  inputmode: "numeric",
                  value: String(pilot.weight ?? 1),
                })}</div>`
              : nothing
          }
        </div>
        <label for=${`${d}-contact`}>${t("contact")}</label>
        <select id=${`${d}-contact`} @change=${typing(page, `${d}-contact`)}>
          <option value="" ?selected=${!contact}>–</option>
          ${repeat(
            data.members,
            (x) => x.id,
            (x) =>
              html`<option value=${x.id} ?selected=${x.id === contact}>${x.display_name}${x.organisation ? ` (${x.organisation})` : ""}</option>`,
          )}
        </select>
        ${
          data.personas.length
            ? html`<fieldset class="stack"><legend>${t("trace_personas")}</legend>
              ${repeat(
                data.personas,
                (p) => p.id,
                (p) => html`<label class="choice" for=${`${d}-p-${p.id}`}>
                  <input type="checkbox" id=${`${d}-p-${p.id}`} value=${p.id} data-persona="1"
                    .checked=${live(picks.has(p.id))}
                    @change=${(event) => {
                      const next = new Set(personaPicks.get(pickKey) || pilot.persona_ids || []);
                      if (event.target.checked) next.add(p.id);
                      else next.delete(p.id);
                      personaPicks.set(pickKey, next);
                    }}> ${p.title}</label>`,
              )}
            </fieldset>`
            : nothing
        }
        <p class="field-error" role="alert">${refusal(d) && !Object.keys(refusal(d).fields).length ? refusal(d).message : ""}</p>
        <button type="submit" class="button primary">${t("save")}</button>
      </form>
      <form class="stack" novalidate @submit=${saveStatus}>
        <h4>${t("status")}</h4>
        <label for=${`${s}-status`}>${t("status")}</label>
        <select id=${`${s}-status`} @change=${typing(page, `${s}-status`)}>
          ${STATUSES.map((x) => html`<option value=${x} ?selected=${x === status}>${t(`pilot_${x}`)}</option>`)}
        </select>
        <label for=${`${s}-note`}>${t("status_note")}</label>
        ${input(s, `${s}-note`, "note", { max: "1000" })}
        <button type="submit" class="button">${t("status_change")}</button>
      </form>
      <form class="stack" novalidate @submit=${addMeasure}>
        <h4>${t("measure_new")}</h4>
        <label for=${`${m}-name`}>${t("measure_name")}</label>
        ${input(m, `${m}-name`, "name", { max: "120" })}
        <div class="row wrap">
          ${[
            ["unit", t("measure_unit"), "text"],
            ["baseline", t("baseline"), "decimal"],
            ["target", t("target"), "decimal"],
          ].map(
            ([key, label, mode]) => html`<div class="stack">
              <label for=${`${m}-${key}`}>${label}</label>
              ${input(m, `${m}-${key}`, key, { max: "30", class: "short", inputmode: mode })}
            </div>`,
          )}
        </div>
        <button type="submit" class="button">${t("measure_add")}</button>
      </form>
      ${
        data.measures.length
          ? html`<h4>${t("measures")}</h4>
            <ul class="measure-list">
              ${repeat(
                data.measures,
                ({ measure: x }) => x.id,
                ({ measure: x }) => html`<li class="row wrap"><span>${x.name}</span>
                  <button type="button" class="button small danger" aria-label=${`${t("delete")}: ${x.name}`}
                    @click=${async (event) => {
                      if (!(await page.confirm(t("measure_delete_confirm", { name: x.name })))) return;
                      send(page, `md-${x.id}`, "pilot.delete_measure", { measure_id: x.id }, event);
                    }}>${t("delete")}</button></li>`,
              )}
            </ul>`
          : nothing
      }
    </details>
  </section>`;
}

function logCard(data, page) {
  const lang = page.lang;
  const { pilot } = data;
  return html`<section class="card phone" aria-labelledby=${`log-${pilot.id}`}>
    <h3 id=${`log-${pilot.id}`}>${t("updates")}</h3>
    ${
      data.updates.length
        ? repeat(
            data.updates,
            (u) => u.update.id,
            ({
              update: u,
              by,
              mine,
              values,
              comments,
              resolvedBy,
            }) => html`<article class="pilot-update" aria-label=${`${formatDate(updateMoment(u), lang)} · ${by}`}>
              <p class="muted">${formatDate(updateMoment(u), lang)} · ${by}</p>
              ${[
                ["update_did", u.did],
                ["update_learned", u.learned],
                ["update_next", u.next_step],
              ]
                .filter(([, text]) => text)
                .map(([label, text]) => html`<p><strong>${t(label)}: </strong>${text}</p>`)}
              ${values.length ? html`<p>${values.join(" · ")}</p>` : nothing}
              ${[
                ["update_blockers", u.blockers],
                ["update_help", u.help_needed],
              ]
                .filter(([, text]) => text)
                .map(
                  ([label, text]) =>
                    html`<p class=${u.resolved_at ? "flag resolved" : "flag"}><strong>${t(label)}: </strong>${text}</p>`,
                )}
              ${u.blockers || u.help_needed ? resolution(data, page, u, resolvedBy) : nothing}
              ${comments}
              ${commentForm(page, "pilot_update", u.id)}
              ${
                data.mayChange && (mine || data.facilitator)
                  ? html`<button type="button" class="button small danger"
                    @click=${async (event) => {
                      if (!(await page.confirm(t("update_delete_confirm")))) return;
                      send(page, `ud-${u.id}`, "pilot.delete_update", { update_id: u.id }, event);
                    }}>${t("update_delete")}</button>`
                  : nothing
              }
            </article>`,
          )
        : html`<p class="muted">${t("no_updates")}</p>`
    }
  </section>`;
}

// Whether an update's blockers and help are still open, and the button that marks them
// resolved (or opens them again) for the team and the facilitators.
function resolution(data, page, u, resolvedBy) {
  const lang = page.lang;
  const state = u.resolved_at
    ? t("flag_resolved", { date: formatDate(u.resolved_at, lang), name: resolvedBy || "–" })
    : t("flag_open");
  return html`<p class="row wrap flag-state">
    <span class=${u.resolved_at ? "badge resolved" : "badge open"}>${state}</span>
    ${
      data.mayChange
        ? html`<button type="button" class="button small" data-focus=${`resolve-${u.id}`}
          @click=${(event) =>
            send(
              page,
              `ur-${u.id}`,
              "pilot.resolve_update",
              { update_id: u.id, resolved: !u.resolved_at },
              event,
            ).then(
              (done) => done && page.announce(u.resolved_at ? t("flag_reopened") : t("flag_marked")),
            )}>${u.resolved_at ? t("flag_reopen") : t("flag_resolve")}</button>`
        : nothing
    }
  </p>`;
}

function talkCard(data, page) {
  return html`<section class="card phone" aria-labelledby=${`talk-${data.pilot.id}`}>
    <h3 id=${`talk-${data.pilot.id}`}>${t("comments")}</h3>
    ${data.comments}
    ${commentForm(page, "pilot", data.pilot.id, { open: true })}
  </section>`;
}

// One pilot's page as its team sees it; the cockpit shows the same page.
export function pilotPage(data, page) {
  return html`<div class="pilot-page" data-pilot=${data.pilot.id}>
    <div class="pilot-col">
      ${pilotHead(data, page)}
      ${teamCard(data, page)}
      ${milestonesCard(data, page)}
      ${measuresCard(data)}
      ${data.mayChange ? detailsForms(data, page) : nothing}
    </div>
    <div class="pilot-col">
      ${data.mayChange ? updateForm(data, page) : nothing}
      ${logCard(data, page)}
      ${talkCard(data, page)}
    </div>
  </div>`;
}

// --- the pilot team's view on the phone ------------------------------------------------------------

let openPilot = null; // the pilot opened on this phone; null = the list

export const teamPilots = {
  read(store, page) {
    watchRefusals(page);
    const pilot = openPilot ? readPilot(store, page, openPilot) : null;
    if (!pilot) openPilot = null;
    return {
      pilot,
      list: ordered(store, "pilot").map((p) => {
        const last = updatesOf(store, p.id)[0];
        return {
          id: p.id,
          name: pilotName(store, p),
          status: p.status,
          size: teamOf(store, p.id).length,
          mine: store.all("pilot_member").some((m) => m.pilot_id === p.id && m.member_id === page.member),
          age: last ? ageText(updateMoment(last)) : "",
        };
      }),
    };
  },

  view(data, page) {
    if (data.pilot) {
      const back = html`<button type="button" class="button back" data-focus="pilots-back"
        @click=${() => teamPilots.close(page, data.pilot.pilot.id)}>‹ ${t("all_pilots")}</button>`;
      return pilotPage({ ...data.pilot, back }, page);
    }
    return html`<section class="card phone" aria-labelledby="pilots-title">
      <h2 id="pilots-title" tabindex="-1">${t("pilots")}</h2>
      ${
        data.list.length
          ? repeat(
              data.list,
              (p) => p.id,
              (p) => html`<button type="button" class="button big concept-pick" data-focus=${`pick-${p.id}`}
                @click=${() => teamPilots.open(p.id, page)}>
                ${p.name}<span class="muted"> · ${t(`pilot_${p.status}`)} · ${p.size} ${t("team_size")}${p.age ? ` · ${p.age}` : ""}${
                  p.mine ? ` · ${t("team_mine")}` : ""
                }</span></button>`,
            )
          : html`<p class="muted">${t("no_pilots")}</p>`
      }
      <p><a class="button big" href=${`/w/${workshopOf(page)}/outcomes`}>${t("outcomes_open")}</a></p>
    </section>`;
  },

  // Open one pilot (from the list or a reminder); its heading takes the focus.
  open(id, page) {
    openPilot = id;
    if (!page) return;
    page.renderNow();
    document.getElementById(`pilot-title-${id}`)?.focus();
  },

  close(page, from = null) {
    openPilot = null;
    page.renderNow();
    const pick = from && document.querySelector(`[data-focus="pick-${CSS.escape(from)}"]`);
    (pick || document.getElementById("pilots-title"))?.focus();
  },
};
