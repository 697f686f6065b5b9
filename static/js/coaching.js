// The coaching rhythm: each week's theme with its material and task, the member's answer
// (or survey) with the facilitator's feedback, shared answers to read and comment on; and
// for the facilitator, the progress matrix (members x tasks), reviewing, the survey's
// summary and each theme's material and dates.
//
// The material is the one place HTML goes into the page: it is rendered from Markdown and
// cleaned on the server (no script, no images or other remote content).

import { barList, fill, formatDay, localToday, memberName, ordered, region } from "./board.js";
import { el, localized, newId, t } from "./live.js";

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

function stateText(theme, submission, lang) {
  if (submission?.completed) return `✔ ${t("task_marked")}`;
  if (submission?.feedback) return `✎ ${t("task_feedback")}`;
  if (submission) return `✓ ${t("task_sent")}`;
  if (!isOpen(theme)) return t("task_opens", { day: formatDay(theme.opens_on, lang) });
  if (theme.due_on) return t("task_due", { day: formatDay(theme.due_on, lang) });
  return t("task_open");
}

function material(theme, lang) {
  const html = theme.material_html
    ? theme.material_html[lang] || theme.material_html.fi || theme.material_html.en
    : "";
  if (!html) return null;
  const box = el("div", { class: "material" });
  box.innerHTML = html; // cleaned on the server (nh3): no script, no remote content
  return box;
}

function answersView(task, submission, lang) {
  if (!task.survey) return el("p", { class: "answer" }, submission.body);
  return el(
    "dl",
    { class: "survey-answers" },
    ...task.survey
      .filter((q) => q.id in (submission.answers || {}))
      .flatMap((q) => [
        el("dt", {}, localized(q.text, lang)),
        el("dd", {}, String(submission.answers[q.id])),
      ]),
  );
}

// --- the participant's view ----------------------------------------------------------------

export function coachingView(ctx, box) {
  const { live, store, lang, memberId, keepDraft, dropDraft, textForm, memberName: nameOf } = ctx;
  let openId = null;
  let formFor = null;
  const list = el("section", { class: "card phone" });
  const page = el("div", { hidden: true });
  const head = el("section", { class: "card phone" });
  const formBox = el("section", { class: "card phone" });
  const mineBox = el("section", { class: "card phone" });
  const shared = el("section", { class: "card phone" });
  page.append(head, mineBox, formBox, shared);
  box.append(list, page);

  function surveyForm(theme, task, submission) {
    const prefix = `sv-${theme.id}`;
    const parts = task.survey.map((q) => {
      const id = `${prefix}-${q.id}`;
      if (q.kind === "scale") {
        const current = submission?.answers?.[q.id];
        const buttons = [];
        for (let value = q.min; value <= q.max; value += 1) {
          const inputId = `${id}-${value}`;
          buttons.push(
            el(
              "label",
              { class: "scale-choice", for: inputId },
              el("input", {
                type: "radio",
                name: id,
                id: inputId,
                value: String(value),
                checked: current === value,
              }),
              el("span", {}, String(value)),
            ),
          );
        }
        return el(
          "fieldset",
          { class: "scale" },
          el("legend", {}, localized(q.text, lang)),
          el("div", { class: "scale-row" }, ...buttons),
          q.low || q.high
            ? el(
                "p",
                { class: "muted scale-ends" },
                el("span", {}, `${q.min} = ${localized(q.low, lang)}`),
                el("span", {}, `${q.max} = ${localized(q.high, lang)}`),
              )
            : null,
        );
      }
      const area = keepDraft(el("textarea", { id, rows: "3", maxlength: "2000" }), id);
      if (!area.value && submission?.answers?.[q.id]) area.value = submission.answers[q.id];
      return el("div", { class: "stack" }, el("label", { for: id }, localized(q.text, lang)), area);
    });
    const error = el("p", { class: "field-error", role: "alert" });
    const form = el(
      "form",
      { class: "stack", novalidate: true },
      ...parts,
      error,
      el(
        "button",
        { type: "submit", class: "button primary big" },
        submission ? t("task_update") : t("task_send"),
      ),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const answers = {};
      for (const q of task.survey) {
        const id = `${prefix}-${q.id}`;
        if (q.kind === "scale") {
          const chosen = form.querySelector(`input[name="${id}"]:checked`);
          if (chosen) answers[q.id] = Number(chosen.value);
        } else {
          const value = document.getElementById(id).value.trim();
          if (value) answers[q.id] = value;
        }
      }
      if (!Object.keys(answers).length) {
        error.textContent = t("survey_empty");
        return;
      }
      error.textContent = "";
      live.queue("task.submit", { id: submission?.id || newId(), session_id: theme.id, answers });
      for (const q of task.survey) if (q.kind === "text") dropDraft(`${prefix}-${q.id}`);
    });
    return form;
  }

  function buildForm(theme) {
    const task = theme.task;
    const submission = submissionOf(store, theme.id, memberId);
    const notice = el(
      "p",
      { class: "notice" },
      task.visibility === "shared" ? t("task_shared") : t("task_private"),
    );
    if (!isOpen(theme)) {
      fill(formBox, el("p", { class: "muted" }, t("task_opens", { day: formatDay(theme.opens_on, lang) })));
      return;
    }
    if (task.survey) {
      fill(
        formBox,
        el("h3", {}, localized(task.title, lang)),
        el("p", {}, localized(task.instructions, lang)),
        notice,
        surveyForm(theme, task, submission),
      );
      return;
    }
    const form = textForm({
      id: `task-${theme.id}`,
      label: t("task_answer"),
      button: submission ? t("task_update") : t("task_send"),
      rows: 6,
      max: 10000,
      draft: `task-${theme.id}`,
      onSend: (body) => {
        const mine = submissionOf(store, theme.id, memberId);
        live.queue("task.submit", { id: mine?.id || newId(), session_id: theme.id, body });
        return true;
      },
    });
    fill(
      formBox,
      el("h3", {}, localized(task.title, lang)),
      el("p", {}, localized(task.instructions, lang)),
      notice,
      form,
    );
  }

  function update() {
    const all = themes(store);
    const theme = openId ? store.get("session", openId) : null;
    list.hidden = Boolean(theme);
    page.hidden = !theme;
    if (!theme) {
      openId = null;
      formFor = null;
      fill(
        list,
        el("h2", {}, t("tasks")),
        ...(all.length
          ? all.map((s) =>
              el(
                "button",
                {
                  type: "button",
                  class: "button big concept-pick",
                  onclick: () => {
                    openId = s.id;
                    update();
                    head.querySelector("h2")?.focus();
                  },
                },
                localized(s.title, lang),
                el(
                  "span",
                  { class: "muted" },
                  ` · ${stateText(s, submissionOf(store, s.id, memberId), lang)}`,
                ),
              ),
            )
          : [el("p", { class: "muted" }, t("no_tasks"))]),
      );
      return;
    }
    const submission = submissionOf(store, theme.id, memberId);
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
        `‹ ${t("all_tasks")}`,
      ),
      el("h2", { tabindex: "-1" }, localized(theme.title, lang)),
      el("p", { class: "muted" }, stateText(theme, submission, lang)),
      material(theme, lang),
    );
    const key = `${theme.id}:${theme.rev}:${isOpen(theme)}:${Boolean(submission)}`;
    if (formFor !== key) {
      formFor = key;
      buildForm(theme);
    }
    mineBox.hidden = !submission;
    if (submission) {
      fill(
        mineBox,
        el("h3", {}, t("task_mine")),
        answersView(theme.task, submission, lang),
        submission.feedback
          ? el(
              "div",
              { class: "feedback" },
              el("h4", {}, t("task_feedback")),
              el("p", {}, submission.feedback),
            )
          : null,
        submission.completed ? el("p", { class: "notice ok" }, `✔ ${t("task_marked")}`) : null,
      );
    }
    const others =
      theme.task.visibility === "shared"
        ? store
            .all("submission")
            .filter((s) => s.session_id === theme.id && s.member_id !== memberId)
            .sort((a, b) => a.submitted_at - b.submitted_at)
        : [];
    shared.hidden = theme.task.visibility !== "shared";
    if (!shared.hidden) {
      fill(
        shared,
        el("h3", {}, t("task_others")),
        ...(others.length
          ? others.map((s) => {
              const thread = store
                .all("comment")
                .filter((c) => c.target_kind === "submission" && c.target_id === s.id)
                .sort((a, b) => a.created_at - b.created_at);
              return el(
                "article",
                { class: "shared-answer" },
                el("p", { class: "muted" }, nameOf(store, s.member_id)),
                answersView(theme.task, s, lang),
                el(
                  "ul",
                  { class: "comments" },
                  ...thread.map((c) =>
                    el("li", { class: "comment" }, el("strong", {}, nameOf(store, c.member_id)), " ", c.body),
                  ),
                ),
                el(
                  "details",
                  { id: `sc-${s.id}` },
                  el("summary", {}, t("comment_label")),
                  textForm({
                    id: `sc-text-${s.id}`,
                    label: t("comment_label"),
                    button: t("comment_send"),
                    rows: 2,
                    max: 1000,
                    draft: `sc-${s.id}`,
                    onSend: (body) => {
                      live.queue("comment.add", {
                        id: newId(),
                        target_kind: "submission",
                        target_id: s.id,
                        body,
                      });
                      return true;
                    },
                  }),
                ),
              );
            })
          : [el("p", { class: "muted" }, t("task_no_others"))]),
      );
    }
  }
  update.open = (id) => {
    openId = id;
    update();
  };
  return update;
}

// --- the facilitator's coaching card ----------------------------------------------------------------

export function mountCoaching(live, root, lang, { run, button }) {
  const store = live.store;
  const box = root.querySelector("#coaching");
  if (!box) return;
  const matrix = el("div", { class: "matrix-box" });
  const reviewBox = el("div", { class: "review", "aria-live": "polite" });
  const summaries = el("div");
  const editors = el("div");
  const reminders = el("div", { class: "reminder-settings" });
  box.append(matrix, reviewBox, summaries, editors, reminders);
  let reviewing = null; // submission id
  const shown = new Map(); // theme id -> summary

  const participants = () =>
    store
      .all("member")
      .filter((m) => m.role === "participant" && !m.removed)
      .sort((a, b) => a.display_name.localeCompare(b.display_name, lang));

  function drawMatrix() {
    const all = themes(store);
    if (!all.length) return [el("p", { class: "muted" }, t("no_tasks"))];
    const people = participants();
    return [
      el(
        "div",
        { class: "table-scroll", tabindex: "0", role: "region", "aria-label": t("progress") },
        el(
          "table",
          { class: "matrix" },
          el("caption", {}, t("progress")),
          el(
            "thead",
            {},
            el(
              "tr",
              {},
              el("th", { scope: "col" }, t("member")),
              ...all.map((s, i) =>
                el(
                  "th",
                  { scope: "col", title: localized(s.title, lang) },
                  `${i + 1}. ${localized(s.task.title, lang)}`,
                ),
              ),
            ),
          ),
          el(
            "tbody",
            {},
            ...people.map((m) =>
              el(
                "tr",
                {},
                el("th", { scope: "row" }, m.display_name),
                ...all.map((s) => {
                  const sub = submissionOf(store, s.id, m.id);
                  const label = sub
                    ? sub.completed
                      ? "✔"
                      : sub.feedback
                        ? "✎"
                        : "✓"
                    : isOpen(s)
                      ? "–"
                      : "·";
                  const text = sub
                    ? sub.completed
                      ? t("task_marked")
                      : sub.feedback
                        ? t("task_feedback")
                        : t("task_sent")
                    : t("task_missing");
                  return el(
                    "td",
                    { class: sub ? (sub.completed || sub.feedback ? "done" : "sent") : "missing" },
                    sub
                      ? button(
                          label,
                          () => {
                            reviewing = sub.id;
                            renderReview(true);
                            reviewBox.querySelector("textarea")?.focus();
                          },
                          {
                            class: "button small cell",
                            "aria-label": `${m.display_name}, ${localized(s.task.title, lang)}: ${text}`,
                          },
                        )
                      : el("span", { "aria-label": text, title: text }, label),
                  );
                }),
              ),
            ),
          ),
        ),
      ),
      el("p", { class: "muted" }, t("matrix_legend")),
    ];
  }
  const renderMatrix = region(
    matrix,
    () => [
      themes(store).map((s) => [s.id, s.rev]),
      store.all("submission").map((s) => [s.id, s.rev]),
      store.all("review").map((r) => [r.id, r.rev]),
      participants().map((m) => m.rev),
    ],
    drawMatrix,
  );

  function drawReview() {
    const found = reviewing ? store.get("submission", reviewing) : null;
    const sub = found ? withReview(store, found) : null;
    if (!sub) return [];
    const theme = store.get("session", sub.session_id);
    const feedbackId = `fb-${sub.id}`;
    const feedback = el("textarea", { id: feedbackId, rows: "4", maxlength: "5000" }, sub.feedback);
    const doneId = `done-${sub.id}`;
    const done = el("input", { type: "checkbox", id: doneId, checked: sub.completed });
    const form = el(
      "form",
      {
        class: "stack",
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          run(
            "task.review",
            { submission_id: sub.id, feedback: feedback.value.trim(), completed: done.checked },
            event.submitter,
          );
        },
      },
      el("label", { for: feedbackId }, t("task_feedback")),
      feedback,
      el("label", { class: "choice", for: doneId }, done, ` ${t("mark_done")}`),
      el(
        "div",
        { class: "row" },
        el("button", { type: "submit", class: "button primary" }, t("save")),
        button(
          t("close"),
          () => {
            reviewing = null;
            renderReview(true);
          },
          { class: "button" },
        ),
      ),
    );
    return [
      el("h3", {}, `${memberName(store, sub.member_id)} – ${localized(theme.task.title, lang)}`),
      el(
        "p",
        { class: "muted" },
        theme.task.visibility === "shared" ? t("task_shared_short") : t("task_private_short"),
      ),
      answersView(theme.task, sub, lang),
      form,
    ];
  }
  // The heading names the member and the task: both in the key, so a rename redraws it.
  const renderReview = region(
    reviewBox,
    () => {
      const sub = reviewing && store.get("submission", reviewing);
      return [
        reviewing,
        sub?.rev,
        reviewing && store.get("review", reviewing)?.rev,
        sub && store.get("member", sub.member_id)?.rev,
        sub && store.get("session", sub.session_id)?.rev,
      ];
    },
    drawReview,
  );

  function drawSummaries() {
    return themes(store)
      .filter((s) => s.task.survey)
      .map((s) => {
        const result = shown.get(s.id);
        const parts = [
          el("h3", {}, `${t("summary")}: ${localized(s.task.title, lang)}`),
          button(
            result ? t("summary_refresh") : t("summary_show"),
            async (b) => {
              const data = await run("task.summary", { session_id: s.id }, b);
              if (data) {
                shown.set(s.id, data);
                renderSummaries(true);
              }
            },
            { class: "button" },
          ),
        ];
        if (result) {
          parts.push(
            el("p", {}, t("respondents", { n: result.respondents })),
            ...result.questions.map((q) => {
              if (q.kind === "scale") {
                return el(
                  "div",
                  { class: "importance" },
                  el("h4", {}, localized(q.text, lang)),
                  el(
                    "p",
                    { class: "muted" },
                    q.mean === null ? t("no_answers") : t("mean", { mean: q.mean.toLocaleString(lang) }),
                  ),
                  barList(q.counts, { first: q.min, label: localized(q.text, lang) }),
                );
              }
              return el(
                "div",
                {},
                el("h4", {}, localized(q.text, lang)),
                q.answers.length
                  ? el("ul", {}, ...q.answers.map((a) => el("li", {}, a)))
                  : el("p", { class: "muted" }, t("no_answers")),
              );
            }),
          );
        }
        return el("section", { class: "survey-summary" }, ...parts);
      });
  }
  const renderSummaries = region(
    summaries,
    () => [themes(store).map((s) => [s.id, s.rev]), [...shown.keys()]],
    drawSummaries,
  );

  function drawEditors() {
    // No themes: the matrix above already says so; a heading over nothing would not.
    if (!themes(store).length) return [];
    return [
      el("h3", {}, t("themes_edit")),
      ...themes(store).map((s) => {
        const id = `th-${s.id}`;
        const form = el(
          "form",
          { class: "stack", novalidate: true },
          el(
            "div",
            { class: "row wrap" },
            el(
              "div",
              { class: "stack" },
              el("label", { for: `${id}-opens` }, t("opens_on")),
              el("input", { id: `${id}-opens`, type: "date", value: s.opens_on || "" }),
            ),
            el(
              "div",
              { class: "stack" },
              el("label", { for: `${id}-due` }, t("due_on")),
              el("input", { id: `${id}-due`, type: "date", value: s.due_on || "" }),
            ),
          ),
          el("label", { for: `${id}-fi` }, t("material_fi")),
          el("textarea", { id: `${id}-fi`, rows: "6", maxlength: "20000" }, s.material?.fi || ""),
          el("label", { for: `${id}-en` }, t("material_en")),
          el("textarea", { id: `${id}-en`, rows: "6", maxlength: "20000" }, s.material?.en || ""),
          el("p", { class: "muted" }, t("markdown_hint")),
          el("button", { type: "submit", class: "button primary" }, t("save")),
        );
        form.addEventListener("submit", (event) => {
          event.preventDefault();
          run(
            "session.update",
            {
              session_id: s.id,
              opens_on: form.querySelector(`#${id}-opens`).value || null,
              due_on: form.querySelector(`#${id}-due`).value || null,
              material: {
                fi: form.querySelector(`#${id}-fi`).value,
                en: form.querySelector(`#${id}-en`).value,
              },
            },
            event.submitter,
          );
        });
        return el("details", { id: `${id}-box` }, el("summary", {}, localized(s.title, lang)), form);
      }),
    ];
  }
  const renderEditors = region(editors, () => themes(store).map((s) => [s.id, s.rev]), drawEditors);

  function drawReminders() {
    const current = store.all("reminder_settings")[0] || { tasks: true, pilots: true, pilot_quiet_days: 14 };
    const tasks = el("input", { type: "checkbox", id: "remind-tasks", checked: current.tasks });
    const pilots = el("input", { type: "checkbox", id: "remind-pilots", checked: current.pilots });
    const days = el("input", {
      type: "number",
      id: "remind-days",
      min: "1",
      max: "180",
      inputmode: "numeric",
      value: String(current.pilot_quiet_days),
      class: "short",
    });
    const form = el(
      "form",
      {
        class: "stack",
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          run(
            "reminders.settings",
            { tasks: tasks.checked, pilots: pilots.checked, pilot_quiet_days: Number(days.value) || 14 },
            event.submitter,
          );
        },
      },
      el("label", { class: "choice", for: "remind-tasks" }, tasks, ` ${t("remind_tasks")}`),
      el("label", { class: "choice", for: "remind-pilots" }, pilots, ` ${t("remind_pilots")}`),
      el("label", { for: "remind-days" }, t("quiet_days")),
      days,
      el("button", { type: "submit", class: "button" }, t("save")),
    );
    return [el("h3", {}, t("reminder_settings")), form];
  }
  const renderReminders = region(
    reminders,
    () => store.all("reminder_settings").map((r) => r.rev),
    drawReminders,
  );

  store.subscribe(() => {
    renderMatrix();
    renderReview();
    renderSummaries();
    renderEditors();
    renderReminders();
  });
}

// --- the member's coaching as a view (read/view) ----------------------------------------------

import { formHelpers } from "./board.js";
import { html, ref } from "./view.js";

const mountedCoaching = new WeakMap();

function oldContext(page) {
  const workshopId = page.workshopId || document.querySelector("[data-workshop]")?.dataset.workshop || "";
  const { keepDraft, dropDraft, textForm } = formHelpers(workshopId);
  return {
    live: page.live,
    store: page.store,
    lang: page.lang,
    memberId: page.member,
    keepDraft,
    dropDraft,
    textForm,
    memberName,
    showError: (message) => page.showError?.(new Error(message)),
  };
}

export const memberCoaching = {
  read(store) {
    return { store };
  },
  view(_data, page) {
    return html`<div
      class="coaching-view"
      ${ref((box) => {
        if (!box) return;
        let update = mountedCoaching.get(box);
        if (!update) {
          update = coachingView(oldContext(page), box);
          mountedCoaching.set(box, update);
        }
        update();
      })}
    ></div>`;
  },
};

export { oldContext as coachingContext };
