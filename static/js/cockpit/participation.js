// Participation: who has taken part in what, and who not yet - counts per participant and
// session (never what anyone wrote), when each was last here, who has not done the open
// task with a one-click friendly reminder, and entering an idea, a canvas answer or a task
// answer for someone who has no device.
//
// The counts are the facilitators' alone, so they are not board state that reaches every
// screen: they are fetched from GET .../participation when the section opens and again a
// moment after the board changes. Who is here now is no board event at all (a phone coming
// or going changes no entity), so while the section is on screen it is asked again every
// PRESENCE_MS too. The reminder and the entries are commands like any other.

import { formatDateTime } from "../format.js";
import { localized, newId } from "../live.js";
import { html, nothing, repeat } from "../view.js";

const KINDS = ["ideas", "notes", "comments", "votes", "answers", "plus"];
const REFRESH_MS = 1500;
const PRESENCE_MS = 20000;

// What the server last answered, and the form for entering something for someone.
const ui = {
  data: null,
  error: "",
  loadedSeq: null,
  loading: false,
  timer: null,
  presence: null,
  form: null,
  taskId: null,
};

export function read(store, page) {
  const lang = page.lang;
  const questions = store
    .all("hmw")
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
    .map((q) => ({ id: q.id, text: localized(q.text, lang) }));
  const groups = new Map(store.all("group").map((g) => [g.id, g.name]));
  const challenges = store.all("challenge").map((c, i) => ({
    id: c.id,
    name: groups.get(c.group_id) || c.statement || `${page.t("part_canvas")} ${i + 1}`,
  }));
  const tasks = store
    .all("session")
    .filter((s) => s.task)
    .sort((a, b) => a.position - b.position)
    .map((s) => ({ id: s.id, title: localized(s.task.title || s.title, lang), task: s.task }));
  return { seq: store.seq, questions, challenges, tasks };
}

async function load(page, seq) {
  ui.loading = true;
  ui.loadedSeq = seq;
  try {
    const response = await fetch(`/api/workshops/${page.workshopId}/participation`, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (!response.ok) throw new Error(`${response.status}`);
    ui.data = await response.json();
    ui.error = "";
  } catch (error) {
    ui.error = error.message;
  } finally {
    ui.loading = false;
  }
  page.update();
  clearTimeout(ui.presence);
  ui.presence = setTimeout(() => {
    ui.presence = null;
    // Only while the section is still the one on screen; opening it again loads at once.
    if (document.getElementById("participation-table")) load(page, page.store.seq);
    else ui.loadedSeq = null;
  }, PRESENCE_MS);
}

// Fetched once at once, then at most every REFRESH_MS while the board keeps changing.
function refresh(page, seq) {
  if (ui.loadedSeq === seq || ui.loading || ui.timer) return;
  if (ui.loadedSeq === null) {
    load(page, seq);
    return;
  }
  ui.timer = setTimeout(() => {
    ui.timer = null;
    load(page, page.store.seq);
  }, REFRESH_MS);
}

function lastSeen(row, t) {
  if (row.online) return html`<span class="badge ok">${t("part_here_now")}</span>`;
  return row.last_seen_at
    ? formatDateTime(row.last_seen_at)
    : html`<span class="muted">${t("part_never")}</span>`;
}

function bySession(row, data, t) {
  const names = new Map(data.sessions.map((s) => [s.id, s.title]));
  const entries = Object.entries(row.sessions).filter(([, counts]) => KINDS.some((k) => counts[k]));
  if (!entries.length) return html`<span class="muted">${t("part_nothing")}</span>`;
  return html`<details class="part-sessions"><summary>${t("part_by_session")}</summary><ul>
    ${entries.map(
      ([
        id,
        counts,
      ]) => html`<li><strong>${id === "between" ? t("part_between") : names.get(id) || "–"}</strong>:
        ${KINDS.filter((k) => counts[k])
          .map((k) => `${t(`part_${k}`)} ${counts[k]}`)
          .join(", ")}</li>`,
    )}</ul></details>`;
}

async function remind(page, row, taskId, event) {
  const answer = await page.run(
    "participation.remind",
    { member_id: row.member_id, session_id: taskId },
    event,
  );
  if (!answer) return;
  page.announce(page.t(answer.sent ? "part_remind_sent" : "part_remind_again", { name: row.display_name }));
  const state = row.tasks[taskId];
  if (state) state.reminded = true;
  page.update();
}

function openTask(page) {
  const { t } = page;
  const open = ui.data.sessions.filter((s) => s.open);
  if (!open.length) return nothing;
  if (!open.some((s) => s.id === ui.taskId)) ui.taskId = open[0].id;
  const task = open.find((s) => s.id === ui.taskId);
  const missing = ui.data.members.filter((row) => row.not_done.includes(task.id));
  return html`<section class="card" aria-labelledby="part-open-title" id="part-open">
    <h2 id="part-open-title">${t("part_open_task", { name: task.task_title || task.title })}</h2>
    ${
      open.length > 1
        ? html`<label class="field">${t("part_task")}
          <select id="part-open-choice" @change=${(e) => {
            ui.taskId = e.target.value;
            page.update();
          }}>${open.map((s) => html`<option value=${s.id} ?selected=${s.id === task.id}>${s.task_title || s.title}</option>`)}</select></label>`
        : nothing
    }
    <p>${missing.length ? t("part_not_done", { n: missing.length }) : t("part_all_done")}</p>
    <ul class="part-missing">${repeat(
      missing,
      (row) => row.member_id,
      (row) => html`<li data-member=${row.member_id}>
        ${
          row.tasks[task.id]?.reminded
            ? html`${row.display_name} <span class="badge">${t("part_reminded")}</span>`
            : html`<button type="button" class="button small" data-focus=${`remind-${row.member_id}`}
              @click=${(e) => remind(page, row, task.id, e)}>${t("part_remind_to", { name: row.display_name })}</button>`
        }</li>`,
    )}</ul>
  </section>`;
}

function table(page) {
  const { t } = page;
  const rows = ui.data.members;
  if (!rows.length) return html`<p>${t("part_empty")}</p>`;
  const taskCount = ui.data.sessions.filter((s) => s.task).length;
  return html`<div class="table-scroll" tabindex="0" role="region" aria-labelledby="section-title">
    <table class="data-table" id="participation-table">
      <thead><tr>
        <th scope="col">${t("part_name")}</th><th scope="col">${t("part_last_seen")}</th>
        ${KINDS.map((k) => html`<th scope="col">${t(`part_${k}`)}</th>`)}
        <th scope="col">${t("part_helped")}</th>
        ${taskCount ? html`<th scope="col">${t("part_tasks_done")}</th>` : nothing}
        <th scope="col"><span class="visually-hidden">${t("part_enter_title")}</span></th>
      </tr></thead>
      <tbody>${repeat(
        rows,
        (row) => row.member_id,
        (row) => html`<tr data-member=${row.member_id}>
          <th scope="row">${row.display_name}${bySession(row, ui.data, t)}</th>
          <td>${lastSeen(row, t)}</td>
          ${KINDS.map((k) => html`<td data-kind=${k}>${row.totals[k]}</td>`)}
          <td data-kind="helped">${row.helped}</td>
          ${
            taskCount
              ? html`<td data-kind="tasks">${Object.values(row.tasks).filter((s) => s.done).length} / ${taskCount}</td>`
              : nothing
          }
          <td>${
            row.own_link
              ? html`<details class="part-own-link"><summary>${t("part_own_link")}</summary>
                <a href=${row.own_link} class="own-link">${row.own_link}</a></details>`
              : nothing
          }<button type="button" class="button small" data-focus=${`enter-${row.member_id}`}
            @click=${() => openForm(page, row.member_id)}>${t("part_enter_for", { name: row.display_name })}</button></td>
        </tr>`,
      )}</tbody>
    </table></div>
    <p class="muted">${t("part_votes_note")}</p>`;
}

// -- entering something for someone ------------------------------------------------------------

function openForm(page, memberId) {
  ui.form = { member: memberId, kind: ui.form?.kind || "idea", saved: "" };
  page.renderNow();
  document.getElementById("part-enter-title")?.focus();
}

async function submit(data, page, event) {
  event.preventDefault();
  const form = event.currentTarget;
  const values = new FormData(form);
  const member = values.get("member");
  const kind = values.get("kind");
  const text = String(values.get("text") || "").trim();
  let name;
  let args;
  if (kind === "idea") {
    name = "idea.add";
    args = { id: newId(), hmw_id: values.get("hmw"), text };
  } else if (kind === "note") {
    name = "challenge.note";
    args = {
      id: newId(),
      challenge_id: values.get("challenge"),
      question: values.get("guiding"),
      body: text,
    };
  } else {
    const task = data.tasks.find((s) => s.id === values.get("task"));
    const answers = {};
    for (const q of task?.task.survey || []) {
      const value = values.get(`survey-${q.id}`);
      if (value === null || value === "") continue;
      answers[q.id] = q.kind === "scale" ? Number(value) : String(value);
    }
    name = "task.submit";
    args = { id: newId(), session_id: task?.id, body: text, answers };
  }
  const answer = await page.run(
    name,
    { ...args, on_behalf_of: member },
    { currentTarget: form.querySelector("button[type=submit]") },
  );
  if (!answer) return;
  const who = ui.data?.members.find((m) => m.member_id === member)?.display_name || "";
  ui.form = { ...ui.form, member, kind, saved: page.t("part_saved", { name: who }) };
  // Only what was typed goes: who, what and where stay chosen for the next one.
  for (const field of form.querySelectorAll("textarea, input:not([type=radio])")) field.value = "";
  page.announce(ui.form.saved);
  page.update();
}

function kindFields(data, page, kind) {
  const { t } = page;
  if (kind === "idea") {
    if (!data.questions.length) return html`<p>${t("part_none_questions")}</p>`;
    return html`<label class="field">${t("part_question")}
      <select name="hmw" id="part-hmw">${data.questions.map((q) => html`<option value=${q.id}>${q.text}</option>`)}</select></label>`;
  }
  if (kind === "note") {
    return html`<label class="field">${t("part_canvas")}
        <select name="challenge" id="part-challenge">${data.challenges.map((c) => html`<option value=${c.id}>${c.name}</option>`)}</select></label>
      <label class="field">${t("part_guiding")}
        <select name="guiding" id="part-guiding">${[
          "causes",
          "gap",
          "when_where",
          "effects",
          "importance",
        ].map((q) => html`<option value=${q}>${t(`q_${q}`)}</option>`)}</select></label>`;
  }
  if (!data.tasks.length) return html`<p>${t("part_none_tasks")}</p>`;
  const chosen = data.tasks.find((s) => s.id === ui.form.task) || data.tasks[0];
  return html`<label class="field">${t("part_task")}
      <select name="task" id="part-task" @change=${(e) => {
        ui.form.task = e.target.value;
        page.update();
      }}>${data.tasks.map((s) => html`<option value=${s.id} ?selected=${s.id === chosen.id}>${s.title}</option>`)}</select></label>
    ${(chosen.task.survey || []).map((q) =>
      q.kind === "scale"
        ? html`<label class="field">${localized(q.text, page.lang)}
            <select name=${`survey-${q.id}`}><option value="">–</option>${Array.from(
              { length: (q.max ?? 5) - (q.min ?? 1) + 1 },
              (_, i) => html`<option value=${(q.min ?? 1) + i}>${(q.min ?? 1) + i}</option>`,
            )}</select></label>`
        : html`<label class="field">${localized(q.text, page.lang)}<input name=${`survey-${q.id}`} maxlength="2000"></label>`,
    )}`;
}

function enterForm(data, page) {
  const { t } = page;
  if (!ui.form || !ui.data) return nothing;
  const kind = ui.form.kind;
  const survey =
    kind === "task" && (data.tasks.find((s) => s.id === ui.form.task) || data.tasks[0])?.task.survey;
  return html`<section class="card" aria-labelledby="part-enter-title" id="part-enter">
    <h2 id="part-enter-title" tabindex="-1">${t("part_enter_title")}</h2>
    <p class="muted">${t("part_enter_intro")}</p>
    ${ui.form.saved ? html`<p class="notice ok" role="status">${ui.form.saved}</p>` : nothing}
    <form @submit=${(e) => submit(data, page, e)}>
      <label class="field">${t("part_who")}
        <select name="member" id="part-member" @change=${(e) => {
          ui.form.member = e.target.value;
        }}>${ui.data.members.map(
          (m) =>
            html`<option value=${m.member_id} ?selected=${m.member_id === ui.form.member}>${m.display_name}</option>`,
        )}</select></label>
      <fieldset class="field"><legend>${t("part_what")}</legend>
        ${["idea", "note", "task"].map(
          (k) => html`<label class="choice"><input type="radio" name="kind" value=${k} .checked=${kind === k}
            @change=${() => {
              ui.form.kind = k;
              ui.form.saved = "";
              page.update();
            }}> ${t(`part_kind_${k}`)}</label>`,
        )}</fieldset>
      ${kindFields(data, page, kind)}
      <label class="field">${t("part_text")}
        <textarea name="text" id="part-text" rows="3" maxlength=${kind === "note" ? 500 : kind === "idea" ? 280 : 10000}
          ?required=${!survey}></textarea></label>
      ${page.fieldError("on_behalf_of") ? html`<p class="field-error">${page.fieldError("on_behalf_of")}</p>` : nothing}
      <button type="submit" class="button primary" id="part-send">${t("part_send")}</button>
    </form>
  </section>`;
}

async function addPerson(page, event) {
  event.preventDefault();
  const form = event.currentTarget;
  const name = String(new FormData(form).get("display_name") || "").trim();
  const member = await page.run(
    "participation.add_person",
    { id: newId(), display_name: name },
    { currentTarget: form.querySelector("button[type=submit]") },
  );
  if (!member) return;
  form.reset();
  page.announce(page.t("part_added", { name: member.display_name }));
  ui.loadedSeq = null; // their row (and own link) now
  load(page, page.store.seq).then(() => openForm(page, member.id));
}

function addForm(page) {
  const { t } = page;
  return html`<section class="card" aria-labelledby="part-add-title" id="part-add">
    <h2 id="part-add-title">${t("part_add_title")}</h2>
    <p class="muted">${t("part_add_intro")}</p>
    <form class="row wrap" @submit=${(e) => addPerson(page, e)}>
      <label class="field">${t("part_add_name")}
        <input name="display_name" id="part-add-name" maxlength="60" required autocomplete="off"></label>
      <button type="submit" class="button" id="part-add-send">${t("part_add_send")}</button>
    </form>
  </section>`;
}

export function view(data, page) {
  const { t } = page;
  refresh(page, data.seq);
  return html`<p class="muted">${t("part_intro")}</p>
    ${ui.error ? html`<p class="notice error" role="alert">${t("error")} ${ui.error}</p>` : nothing}
    ${
      ui.data
        ? html`${openTask(page)}
          <section class="card" aria-labelledby="section-title">${table(page)}</section>
          ${enterForm(data, page)}
          ${addForm(page)}`
        : html`<p role="status">${t("part_loading")}</p>`
    }`;
}
