// The coaching rhythm on the phone: each week's theme with its material and task, the
// member's answer (or survey) with the facilitator's feedback, and shared answers to read
// and comment on. The cockpit's Coaching section (cockpit/coaching.js) shares the helpers.
//
// The material is the one place HTML goes into the page: it is rendered from Markdown and
// cleaned on the server (no script, no images or other remote content).
//
// Nothing typed is lost: the answer keeps a draft in localStorage as it is typed, what is
// sent waits in the live outbox until the server has it (and shows as not sent yet), and
// an answer the server refuses goes back into the form with its words beside the field.

import { localized, newId, t } from "./live.js";
import { formatDay, helpedLine, localToday, memberName, ordered } from "./parts.js";
import { holdPersonal, personalHeld, personalTyped, personalWarning } from "./personal-warning.js";
import {
  commentForm,
  commentList,
  commentsOf,
  draftOr,
  dropDraft,
  fieldError,
  fieldText,
  keepDraft,
  onRefused,
  openWhen,
  refusal,
  refuse,
  typing,
  watchRefusals,
} from "./pilots.js";
import { html, live, nothing, ref, repeat, unsafeHTML } from "./view.js";

export function themes(store) {
  return ordered(store, "session").filter((s) => s.task);
}

export function isOpen(theme) {
  return !theme.opens_on || theme.opens_on <= localToday();
}

export function submissionOf(store, themeId, memberId) {
  const submission = store
    .all("submission")
    .find((s) => s.session_id === themeId && s.member_id === memberId);
  return submission ? withReview(store, submission) : null;
}

// An answer with its review. Feedback and the mark are their own entity, which only the
// member and the facilitators receive; views read them with the answer.
export function withReview(store, submission) {
  const review = store.get("review", submission.id);
  return {
    ...submission,
    feedback: review?.feedback || "",
    completed: Boolean(review?.completed),
    reviewRev: review?.rev || 0,
  };
}

export function stateText(theme, submission, lang) {
  if (submission?.completed) return `✔ ${t("task_marked")}`;
  if (submission?.feedback) return `✎ ${t("task_feedback")}`;
  if (submission) return `✓ ${t("task_sent")}`;
  if (!isOpen(theme)) return t("task_opens", { day: formatDay(theme.opens_on, lang) });
  if (theme.due_on) return t("task_due", { day: formatDay(theme.due_on, lang) });
  return t("task_open");
}

// The theme's material, cleaned on the server (nh3): no script, no remote content.
export function material(theme, lang) {
  const cleaned = theme.material_html
    ? theme.material_html[lang] || theme.material_html.fi || theme.material_html.en
    : "";
  return cleaned ? html`<div class="material">${unsafeHTML(cleaned)}</div>` : nothing;
}

// An answer as the member wrote it: the text, or the survey's questions and answers.
export function answersView(task, submission, lang) {
  if (!task.survey) return html`<p class="answer">${submission.body}</p>`;
  return html`<dl class="survey-answers">
    ${task.survey
      .filter((q) => q.id in (submission.answers || {}))
      .map((q) => html`<dt>${localized(q.text, lang)}</dt><dd>${String(submission.answers[q.id])}</dd>`)}
  </dl>`;
}

// --- what is sent and what comes back ------------------------------------------------------------

const taskKey = (themeId) => `task-${themeId}`;
const surveyKey = (themeId, questionId) => `sv-${themeId}-${questionId}`;

// An answer the server refused: the text goes back into the drafts (unless something new
// has been typed since) and the server's words show beside the field.
onRefused("task.submit", (item, error, page) => {
  const themeId = item.args.session_id;
  if (item.args.body && !draftOr(page, taskKey(themeId))) keepDraft(page, taskKey(themeId), item.args.body);
  for (const [id, value] of Object.entries(item.args.answers || {})) {
    if (!draftOr(page, surveyKey(themeId, id))) keepDraft(page, surveyKey(themeId, id), String(value));
  }
  refuse(taskKey(themeId), error);
});

// The answer waiting in the outbox for this theme (sent while offline), if any.
function pendingAnswer(page, themeId) {
  const waiting = page.live?.outbox?.() || [];
  return (
    waiting.filter((item) => item.name === "task.submit" && item.args.session_id === themeId).pop() || null
  );
}

// --- the member's view on the phone -------------------------------------------------------------

let openTheme = null; // the theme opened on this phone; null = the list
let justSent = null; // the theme whose answer was just sent: its answer takes the focus when it is back

export const memberCoaching = {
  read(store, page) {
    watchRefusals(page);
    const lang = page.lang;
    const all = themes(store);
    const theme = openTheme ? store.get("session", openTheme) : null;
    if (!theme?.task) openTheme = null;
    if (!openTheme) {
      return {
        theme: null,
        list: all.map((s) => ({
          id: s.id,
          title: localized(s.title, lang),
          state: stateText(s, submissionOf(store, s.id, page.member), lang),
        })),
      };
    }
    const submission = submissionOf(store, theme.id, page.member);
    const shared = theme.task.visibility === "shared";
    return {
      theme,
      task: theme.task,
      open: isOpen(theme),
      submission,
      pending: pendingAnswer(page, theme.id),
      state: stateText(theme, submission, lang),
      shared,
      others: shared
        ? store
            .all("submission")
            .filter((s) => s.session_id === theme.id && s.member_id !== page.member)
            .sort((a, b) => a.submitted_at - b.submitted_at)
            .map((s) => ({
              submission: s,
              by: memberName(store, s.member_id),
              comments: commentList(store, commentsOf(store, "submission", s.id)),
            }))
        : [],
    };
  },

  view(data, page) {
    const lang = page.lang;
    if (!data.theme) {
      return html`<section class="card phone" aria-labelledby="tasks-title">
        <h2 id="tasks-title" tabindex="-1">${t("tasks")}</h2>
        ${
          data.list.length
            ? repeat(
                data.list,
                (s) => s.id,
                (
                  s,
                ) => html`<button type="button" class="button big concept-pick" data-focus=${`theme-${s.id}`}
                  @click=${() => memberCoaching.open(s.id, page)}>${s.title}<span class="muted"> · ${s.state}</span></button>`,
              )
            : html`<p class="muted">${t("no_tasks")}</p>`
        }
      </section>`;
    }
    const { theme, task, submission } = data;
    return html`<div class="coaching-theme" data-theme=${theme.id}>
      <section class="card phone" aria-labelledby=${`theme-title-${theme.id}`}>
        <button type="button" class="button back" data-focus="tasks-back"
          @click=${() => memberCoaching.close(page, theme.id)}>‹ ${t("all_tasks")}</button>
        <h2 id=${`theme-title-${theme.id}`} tabindex="-1">${localized(theme.title, lang)}</h2>
        <p class="muted">${data.state}</p>
        ${material(theme, lang)}
      </section>
      ${submission ? mineCard(data, page) : nothing}
      <section class="card phone task-card" aria-labelledby=${`task-title-${theme.id}`}>
        <h3 id=${`task-title-${theme.id}`}>${localized(task.title, lang)}</h3>
        ${
          data.open
            ? html`<p>${localized(task.instructions, lang)}</p>
              <p class="notice">${data.shared ? t("task_shared") : t("task_private")}</p>
              ${answerForm(data, page)}`
            : html`<p class="muted">${t("task_opens", { day: formatDay(theme.opens_on, lang) })}</p>`
        }
      </section>
      ${data.shared ? sharedCard(data, page) : nothing}
    </div>`;
  },

  // Open one theme (from the list or a reminder); its heading takes the focus.
  open(id, page) {
    openTheme = id;
    if (!page) return;
    page.renderNow();
    document.getElementById(`theme-title-${id}`)?.focus();
  },

  close(page, from = null) {
    openTheme = null;
    page.renderNow();
    const pick = from && document.querySelector(`[data-focus="theme-${CSS.escape(from)}"]`);
    (pick || document.getElementById("tasks-title"))?.focus();
  },
};

// Once answered, the form folds away under "Change your answer", so the phone shows the
// answer and its feedback first; a draft, a refusal or an answer not yet sent keep it open.
function answerForm(data, page) {
  const { theme, task } = data;
  const form = task.survey ? surveyForm(data, page) : textForm(data, page);
  if (!data.submission) return form;
  const keys = task.survey ? task.survey.map((q) => surveyKey(theme.id, q.id)) : [taskKey(theme.id)];
  const busy = Boolean(
    data.pending || refusal(taskKey(theme.id)) || keys.some((key) => draftOr(page, key, null) !== null),
  );
  return html`<details class="answer-edit" id=${`task-edit-${theme.id}`} ${openWhen(busy)}>
    <summary>${t("task_edit")}</summary>${form}</details>`;
}

function mineCard(data, page) {
  const { submission } = data;
  return html`<section class="card phone" aria-labelledby="task-mine">
    <h3 id="task-mine" tabindex="-1" ${ref((heading) => {
      // The form the answer was sent from folds away once the answer is back: the focus
      // goes to the answer rather than to the page.
      if (heading && justSent === data.theme.id) {
        justSent = null;
        queueMicrotask(() => heading.focus());
      }
    })}>${t("task_mine")}</h3>
    ${answersView(data.task, submission, page.lang)}
    ${helpedLine(page.store, submission)}
    ${
      submission.feedback
        ? html`<div class="feedback"><h4>${t("task_feedback")}</h4><p>${submission.feedback}</p></div>`
        : nothing
    }
    ${submission.completed ? html`<p class="notice ok">✔ ${t("task_marked")}</p>` : nothing}
  </section>`;
}

function sentNotice(data) {
  return data.pending ? html`<p class="notice pending" role="status">${t("task_not_sent")}</p>` : nothing;
}

function textForm(data, page) {
  const { theme, submission } = data;
  const key = taskKey(theme.id);
  const id = `task-${theme.id}-text`;
  const error =
    fieldText(key, "body") || (refusal(key) && !fieldText(key, "body") ? refusal(key).message : "");
  const fallback = data.pending?.args.body ?? submission?.body ?? "";
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
    // A shared task's answer is read by the whole group.
    if (data.task.visibility === "shared" && holdPersonal(page, id, body)) return;
    if (!submission) justSent = theme.id;
    page.queue("task.submit", { id: submission?.id || newId(), session_id: theme.id, body });
    dropDraft(page, key);
    page.announce(t("task_saved"));
    page.update();
  };
  return html`<form class="stack" novalidate @submit=${submit}>
    <label for=${id}>${t("task_answer")}</label>
    <textarea id=${id} rows="6" maxlength="10000" aria-describedby=${`${id}-error`}
      aria-invalid=${error ? "true" : "false"}
      .value=${live(draftOr(page, key, fallback))} @input=${(event) => {
        typing(page, key)(event);
        personalTyped(page, id);
      }}></textarea>
    ${fieldError(id, error)}
    ${sentNotice(data)}
    ${personalWarning(page, id)}
    <button type="submit" class="button primary big" ?hidden=${personalHeld(id)}>${submission ? t("task_update") : t("task_send")}</button>
  </form>`;
}

function surveyForm(data, page) {
  const { theme, task, submission } = data;
  const key = taskKey(theme.id);
  const lang = page.lang;
  const given = data.pending?.args.answers || submission?.answers || {};
  const failed = refusal(key);
  const submit = (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const answers = {};
    for (const q of task.survey) {
      const id = surveyKey(theme.id, q.id);
      if (q.kind === "scale") {
        const chosen = form.querySelector(`input[name="${id}"]:checked`);
        if (chosen) answers[q.id] = Number(chosen.value);
      } else {
        const value = form.querySelector(`#${id}`).value.trim();
        if (value) answers[q.id] = value;
      }
    }
    if (!Object.keys(answers).length) {
      refuse(key, { message: t("survey_empty"), fields: {} });
      page.update();
      form.querySelector("input, textarea")?.focus();
      return;
    }
    refuse(key, null);
    const written = Object.values(answers).filter((answer) => typeof answer === "string");
    const first = task.survey.find((q) => q.kind !== "scale");
    const box = first ? surveyKey(theme.id, first.id) : key;
    if (task.visibility === "shared" && holdPersonal(page, key, written.join("\n"), box)) return;
    if (!submission) justSent = theme.id;
    page.queue("task.submit", { id: submission?.id || newId(), session_id: theme.id, answers });
    for (const q of task.survey) dropDraft(page, surveyKey(theme.id, q.id));
    page.announce(t("task_saved"));
    page.update();
  };
  return html`<form class="stack" novalidate @submit=${submit}>
    ${task.survey.map((q) => {
      const id = surveyKey(theme.id, q.id);
      const error = fieldText(key, `answers.${q.id}`) || fieldText(key, q.id);
      if (q.kind === "scale") {
        const current = draftOr(page, id, given[q.id] === undefined ? "" : String(given[q.id]));
        const values = [];
        for (let value = q.min; value <= q.max; value += 1) values.push(value);
        return html`<fieldset class="scale" aria-describedby=${`${id}-error`}>
          <legend>${localized(q.text, lang)}</legend>
          <div class="scale-row">
            ${values.map(
              (value) => html`<label class="scale-choice" for=${`${id}-${value}`}>
                <input type="radio" name=${id} id=${`${id}-${value}`} value=${String(value)}
                  .checked=${live(current === String(value))} @change=${typing(page, id)}>
                <span>${value}</span></label>`,
            )}
          </div>
          ${
            q.low || q.high
              ? html`<p class="muted scale-ends"><span>${q.min} = ${localized(q.low, lang)}</span>
                <span>${q.max} = ${localized(q.high, lang)}</span></p>`
              : nothing
          }
          ${fieldError(id, error)}
        </fieldset>`;
      }
      return html`<div class="stack">
        <label for=${id}>${localized(q.text, lang)}</label>
        <textarea id=${id} rows="3" maxlength="2000" aria-describedby=${`${id}-error`}
          aria-invalid=${error ? "true" : "false"}
          .value=${live(draftOr(page, id, given[q.id] ?? ""))} @input=${typing(page, id)}></textarea>
        ${fieldError(id, error)}
      </div>`;
    })}
    <p class="field-error" role="alert">${failed && !Object.keys(failed.fields).length ? failed.message : ""}</p>
    ${sentNotice(data)}
    ${personalWarning(page, key)}
    <button type="submit" class="button primary big" ?hidden=${personalHeld(key)}>${submission ? t("task_update") : t("task_send")}</button>
  </form>`;
}

function sharedCard(data, page) {
  return html`<section class="card phone" aria-labelledby="task-others">
    <h3 id="task-others">${t("task_others")}</h3>
    ${
      data.others.length
        ? repeat(
            data.others,
            (o) => o.submission.id,
            (o) => html`<article class="shared-answer" aria-label=${o.by}>
              <p class="muted">${o.by}</p>
              ${answersView(data.task, o.submission, page.lang)}
              ${o.comments}
              ${commentForm(page, "submission", o.submission.id)}
            </article>`,
          )
        : html`<p class="muted">${t("task_no_others")}</p>`
    }
  </section>`;
}
