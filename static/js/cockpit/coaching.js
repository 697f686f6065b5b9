// Coaching: the progress matrix (members x tasks), reviewing one answer at a time beside
// it, each survey's summary, and each theme's material and dates; the reminders sent
// between the weeks.

import { answersView, isOpen, submissionOf, themes, withReview } from "../coaching.js";
import { contentLanguages } from "../content.js";
import { formatNumber } from "../format.js";
import { localized } from "../live.js";
import { formatDay, memberName } from "../parts.js";
import { personalBadge } from "../personal-warning.js";
import { draftOr, dropDraft, fieldError, fieldText, openWhen, refusal, send, typing } from "../pilots.js";
import { html, live, nothing, ref, repeat } from "../view.js";

let reviewing = null; // the answer being reviewed (submission id)
let marked = new Map(); // submission id -> the "done" tick as changed here, before saving
const summaries = new Map(); // theme id -> the summary last asked for

export function read(store, page) {
  const lang = page.lang;
  const all = themes(store);
  const people = store
    .all("member")
    .filter((m) => m.role === "participant" && !m.removed)
    .sort((a, b) => a.display_name.localeCompare(b.display_name, lang));
  const rows = people.map((m) => ({
    member: m,
    cells: all.map((s) => ({ theme: s, submission: submissionOf(store, s.id, m.id) })),
  }));
  const found = reviewing ? store.get("submission", reviewing) : null;
  if (reviewing && !found) reviewing = null;
  const review = found
    ? {
        submission: withReview(store, found),
        theme: store.get("session", found.session_id),
        by: memberName(store, found.member_id),
      }
    : null;
  // The next answer no one has given feedback on, in the matrix's order.
  const waiting = rows
    .flatMap((row) => row.cells)
    .filter((c) => c.submission && !c.submission.feedback && !c.submission.completed)
    .map((c) => c.submission.id);
  return {
    themes: all,
    rows,
    review,
    waiting,
    settings: store.all("reminder_settings")[0] || { tasks: true, pilots: true, pilot_quiet_days: 14 },
  };
}

function cellState(theme, sub, t) {
  if (sub?.completed) return ["✔", t("task_marked"), "done"];
  if (sub?.feedback) return ["✎", t("task_feedback"), "done"];
  if (sub) return ["✓", t("task_sent"), "sent"];
  return [isOpen(theme) ? "–" : "·", t("task_missing"), "missing"];
}

function openReview(page, id) {
  reviewing = id;
  page.renderNow();
  document.getElementById(`fb-${id}`)?.focus();
}

export function view(data, page) {
  const { t } = page;
  if (!data.themes.length) return html`<div id="coaching"><p class="muted">${t("no_tasks")}</p></div>`;
  return html`<div id="coaching" class="cockpit-coaching">
    <div class="coaching-grid">
      <section class="matrix-box" aria-labelledby="progress-title">
        <h2 id="progress-title" class="visually-hidden">${t("progress")}</h2>
        ${matrix(data, page)}
        <p class="muted">${t("matrix_legend")}</p>
      </section>
      <section class="review" aria-live="polite" aria-label=${t("review_title")}>
        ${data.review ? reviewPanel(data, page) : html`<p class="muted">${t("review_pick")}</p>`}
        ${
          data.waiting.length
            ? html`<button type="button" class="button" data-focus="review-next"
              @click=${() => {
                const index = data.waiting.indexOf(reviewing);
                openReview(page, data.waiting[(index + 1) % data.waiting.length]);
              }}>${t("review_next", { n: data.waiting.length })}</button>`
            : nothing
        }
      </section>
    </div>
    ${summaryList(data, page)}
    ${themeEditors(data, page)}
    ${reminders(data, page)}
  </div>`;
}

function matrix(data, page) {
  const { t, lang } = page;
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label=${t("progress")}>
    <table class="matrix">
      <caption>${t("progress")}</caption>
      <thead>
        <tr>
          <th scope="col">${t("member")}</th>
          ${data.themes.map(
            (s, i) =>
              html`<th scope="col" title=${localized(s.title, lang)}>${i + 1}. ${localized(s.task.title, lang)}</th>`,
          )}
        </tr>
      </thead>
      <tbody>
        ${
          data.rows.length
            ? repeat(
                data.rows,
                (row) => row.member.id,
                (row) => html`<tr>
                <th scope="row">${row.member.display_name}</th>
                ${row.cells.map(({ theme, submission: sub }) => {
                  const [mark, text, kind] = cellState(theme, sub, t);
                  const current = sub && sub.id === reviewing;
                  return html`<td class=${`${kind}${current ? " current" : ""}`}>
                    ${
                      sub
                        ? html`<button type="button" class="button small cell" data-focus=${`cell-${sub.id}`}
                          aria-label=${`${row.member.display_name}, ${localized(theme.task.title, lang)}: ${text}`}
                          aria-pressed=${current ? "true" : "false"}
                          @click=${() => openReview(page, sub.id)}>${mark}</button>`
                        : html`<span role="img" aria-label=${text} title=${text}>${mark}</span>`
                    }
                  </td>`;
                })}
              </tr>`,
              )
            : html`<tr><td colspan=${data.themes.length + 1} class="muted">${t("no_members")}</td></tr>`
        }
      </tbody>
    </table>
  </div>`;
}

function reviewPanel(data, page) {
  const { t, lang } = page;
  const { submission: sub, theme, by } = data.review;
  const formKey = `review-${sub.id}`;
  const feedbackId = `fb-${sub.id}`;
  const doneId = `done-${sub.id}`;
  const done = marked.has(sub.id) ? marked.get(sub.id) : sub.completed;
  const error = fieldText(formKey, "feedback");
  const failed = refusal(formKey);
  const submit = async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const args = {
      submission_id: sub.id,
      feedback: form.querySelector(`#${feedbackId}`).value.trim(),
      completed: form.querySelector(`#${doneId}`).checked,
    };
    if (await send(page, formKey, "task.review", args, event)) {
      dropDraft(page, feedbackId);
      marked.delete(sub.id);
      page.announce(t("review_saved", { name: by }));
      page.update();
    }
  };
  return html`<h3>${by} – ${localized(theme.task.title, lang)}</h3>
    <p class="muted">${theme.task.visibility === "shared" ? t("task_shared_short") : t("task_private_short")}</p>
    <div class="review-answer">${answersView(theme.task, sub, lang)} ${personalBadge(sub)}</div>
    <form class="stack" novalidate @submit=${submit}>
      <label for=${feedbackId}>${t("task_feedback")}</label>
      <textarea id=${feedbackId} rows="4" maxlength="5000" aria-describedby=${`${feedbackId}-error`}
        aria-invalid=${error ? "true" : "false"}
        .value=${live(draftOr(page, feedbackId, sub.feedback))} @input=${typing(page, feedbackId)}></textarea>
      ${fieldError(feedbackId, error)}
      <label class="choice" for=${doneId}>
        <input type="checkbox" id=${doneId} .checked=${live(done)}
          @change=${(event) => {
            marked = new Map(marked).set(sub.id, event.target.checked);
          }}> ${t("mark_done")}</label>
      <p class="field-error" role="alert">${failed && !error ? failed.message : ""}</p>
      <div class="row wrap">
        <button type="submit" class="button primary">${t("save")}</button>
        <button type="button" class="button" @click=${() => {
          reviewing = null;
          page.renderNow();
          document.querySelector(`[data-focus="cell-${CSS.escape(sub.id)}"]`)?.focus();
        }}>${t("close")}</button>
      </div>
    </form>`;
}

// Bars drawn through the CSSOM: the page's policy refuses style attributes.
function bars(counts, first, label) {
  const top = Math.max(1, ...counts);
  return html`<ol class="bars" aria-label=${label}>
    ${counts.map(
      (count, index) => html`<li>
        <span class="bar-label">${first + index}</span>
        <span class="bar-track"><span class="bar" ${ref((bar) => {
          if (bar) bar.style.width = `${(count / top) * 100}%`;
        })}></span></span>
        <span class="bar-count">${count}</span>
      </li>`,
    )}
  </ol>`;
}

function summaryList(data, page) {
  const { t, lang } = page;
  const surveys = data.themes.filter((s) => s.task.survey);
  if (!surveys.length) return nothing;
  return html`<section class="summaries" aria-labelledby="summaries-title">
    <h2 id="summaries-title" class="subhead">${t("summary")}</h2>
    ${repeat(
      surveys,
      (s) => s.id,
      (s) => {
        const result = summaries.get(s.id);
        return html`<section class="survey-summary" aria-labelledby=${`sum-${s.id}`}>
          <div class="row wrap">
            <h3 id=${`sum-${s.id}`}>${t("summary")}: ${localized(s.task.title, lang)}</h3>
            <button type="button" class="button" data-focus=${`sum-button-${s.id}`}
              @click=${async (event) => {
                const got = await send(page, `sum-${s.id}`, "task.summary", { session_id: s.id }, event);
                if (got) {
                  summaries.set(s.id, got);
                  page.update();
                }
              }}>${result ? t("summary_refresh") : t("summary_show")}</button>
          </div>
          ${
            result
              ? html`<p>${t("respondents", { n: result.respondents })}</p>
                <div class="summary-grid">
                ${result.questions.map((q) =>
                  q.kind === "scale"
                    ? html`<div class="importance">
                      <h4>${localized(q.text, lang)}</h4>
                      <p class="muted">${q.mean === null ? t("no_answers") : t("mean", { mean: formatNumber(q.mean) })}</p>
                      ${bars(q.counts, q.min, localized(q.text, lang))}
                    </div>`
                    : html`<div>
                      <h4>${localized(q.text, lang)}</h4>
                      ${q.answers.length ? html`<ul>${q.answers.map((a) => html`<li>${a}</li>`)}</ul>` : html`<p class="muted">${t("no_answers")}</p>`}
                    </div>`,
                )}
                </div>`
              : nothing
          }
        </section>`;
      },
    )}
  </section>`;
}

function themeEditors(data, page) {
  const { t } = page;
  return html`<section class="theme-editors" aria-labelledby="themes-title">
    <h2 id="themes-title" class="subhead">${t("themes_edit")}</h2>
    <ul class="theme-list">
      ${repeat(
        data.themes,
        (s) => s.id,
        (s) => html`<li>${themeForm(s, page)}</li>`,
      )}
    </ul>
  </section>`;
}

function themeForm(s, page) {
  const { t, lang } = page;
  // A box per content language; the form sends all of them, so saving one never drops
  // another (a template's Swedish included).
  const languages = contentLanguages();
  const id = `th-${s.id}`;
  const formKey = id;
  const failed = refusal(formKey);
  const field = (key, label, value, type) => {
    const fid = `${id}-${key}`;
    const error =
      fieldText(formKey, key === "opens" ? "opens_on" : key === "due" ? "due_on" : `material.${key}`) ||
      (languages.includes(key) ? fieldText(formKey, "material") : "");
    return html`<div class="stack">
      <label for=${fid}>${label}</label>
      ${
        type === "date"
          ? html`<input id=${fid} type="date" aria-describedby=${`${fid}-error`} aria-invalid=${error ? "true" : "false"}
            .value=${live(draftOr(page, fid, value || ""))} @input=${typing(page, fid)}>`
          : html`<textarea id=${fid} lang=${key} rows="6" maxlength="20000" aria-describedby=${`${fid}-error`}
            aria-invalid=${error ? "true" : "false"}
            .value=${live(draftOr(page, fid, value || ""))} @input=${typing(page, fid)}></textarea>`
      }
      ${fieldError(fid, error)}
    </div>`;
  };
  const submit = async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const get = (key) => form.querySelector(`#${id}-${key}`).value;
    const args = {
      session_id: s.id,
      opens_on: get("opens") || null,
      due_on: get("due") || null,
      material: Object.fromEntries(languages.map((key) => [key, get(key)])),
    };
    if (await send(page, formKey, "session.update", args, event)) {
      for (const key of ["opens", "due", ...languages]) dropDraft(page, `${id}-${key}`);
      page.announce(t("saved_ok"));
      page.update();
    }
  };
  return html`<details id=${`${id}-box`} ${openWhen(Boolean(failed))}>
    <summary><span class="theme-name">${localized(s.title, lang)}</span>
      <span class="muted theme-meta">${t("opens_on")} ${s.opens_on ? formatDay(s.opens_on, lang) : "–"} · ${t("due_on")} ${
        s.due_on ? formatDay(s.due_on, lang) : "–"
      } · ${languages.some((key) => s.material?.[key]) ? t("material_yes") : t("material_no")}</span></summary>
    <form class="stack theme-form" novalidate @submit=${submit}>
      <div class="row wrap">
        ${field("opens", t("opens_on"), s.opens_on, "date")}
        ${field("due", t("due_on"), s.due_on, "date")}
      </div>
      <div class="material-fields">
        ${languages.map((key) => field(key, t(`material_${key}`), s.material?.[key]))}
      </div>
      <p class="muted">${t("markdown_hint")}</p>
      <p class="field-error" role="alert">${failed && !Object.keys(failed.fields).length ? failed.message : ""}</p>
      <button type="submit" class="button primary">${t("save")}</button>
    </form>
  </details>`;
}

function reminders(data, page) {
  const { t } = page;
  const current = data.settings;
  const formKey = "reminders";
  const error = fieldText(formKey, "pilot_quiet_days");
  const submit = (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    send(
      page,
      formKey,
      "reminders.settings",
      {
        tasks: form.querySelector("#remind-tasks").checked,
        pilots: form.querySelector("#remind-pilots").checked,
        pilot_quiet_days: Number(form.querySelector("#remind-days").value) || 14,
      },
      event,
    ).then((saved) => saved && page.announce(t("saved_ok")));
  };
  return html`<details class="reminder-settings" id="reminders-box">
    <summary>${t("reminder_settings")}</summary>
    <form class="stack" novalidate @submit=${submit}>
      <label class="choice" for="remind-tasks"><input type="checkbox" id="remind-tasks" .checked=${current.tasks}> ${t("remind_tasks")}</label>
      <label class="choice" for="remind-pilots"><input type="checkbox" id="remind-pilots" .checked=${current.pilots}> ${t("remind_pilots")}</label>
      <label for="remind-days">${t("quiet_days")}</label>
      <input type="number" id="remind-days" min="1" max="180" inputmode="numeric" class="short"
        aria-describedby="remind-days-error" .value=${String(current.pilot_quiet_days)}>
      ${fieldError("remind-days", error)}
      <button type="submit" class="button">${t("save")}</button>
    </form>
  </details>`;
}
