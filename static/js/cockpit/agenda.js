// Agenda: the workshop's sessions in order, each one row (title, status, how long) that
// opens to its phases: go to a phase of the live session, edit, reorder, remove and add
// phases, rename the session. A new session is added from a form opened on demand.

import { contentLanguages, languageName, textIn } from "../content.js";
import { localized, newId } from "../live.js";
import { focusSoon, formState, readyForNext } from "../parts.js";
import { html, nothing, repeat } from "../view.js";

// What is open: the sessions whose phases show, the phase being edited, the form that sent
// the last command (its field errors show next to its fields), and the ids of creates not
// yet accepted (a resend after an error reuses its id, so nothing is made twice).
const ui = { open: new Set(), editing: null, form: null, ids: new Map(), adding: false };

function clientId(form) {
  if (!ui.ids.has(form)) ui.ids.set(form, newId());
  return ui.ids.get(form);
}

export function read(store) {
  const workshop = store.all("workshop")[0];
  return {
    archived: workshop?.status === "archived",
    sessions: store.all("session").sort((a, b) => a.position - b.position),
  };
}

// The last refused command's error for a field, when it came from this form.
function errorFor(page, form, name) {
  return ui.form === form ? page.fieldError(name) : "";
}

function errorLine(page, form, name, id) {
  return html`<p class="field-error" id=${id} role="alert">${errorFor(page, form, name)}</p>`;
}

async function send(page, form, name, args, event) {
  ui.form = form;
  const result = await page.run(name, args, event);
  page.update();
  return result;
}

function minutesOf(value) {
  const minutes = Number.parseInt(value, 10);
  return Number.isFinite(minutes) ? minutes : value;
}

// A text in every content language from a form: the page's language in the field named
// `name`, the others in `name-<lang>` (from languageFields). Empty ones are sent too, so
// clearing a language removes it.
function textsOf(form, name, lang) {
  const texts = {};
  for (const other of contentLanguages()) {
    const field = form.elements[other === lang ? name : `${name}-${other}`];
    if (field) texts[other] = field.value;
  }
  return texts;
}

// The fields for a text in the other languages than the page's, folded away: each person
// sees the text in their own language, or in the workshop's where it is left empty.
function languageFields(page, { prefix, value = {}, fields }) {
  const { t, lang } = page;
  const others = contentLanguages().filter((other) => other !== lang);
  if (!others.length) return nothing;
  const filled = others.some((other) => fields.some((f) => value[f.name]?.[other]));
  return html`<details class="other-languages" ?open=${filled}>
    <summary>${t("other_languages")}</summary>
    <p class="muted">${t("other_languages_hint")}</p>
    ${others.map(
      (other) => html`<fieldset class="stack language-fields">
        <legend><span lang=${other}>${languageName(other)}</span></legend>
        ${fields.map((f) => {
          const id = `${prefix}-${f.name}-${other}`;
          return html`<label for=${id}>${f.label}</label>
            ${
              f.multiline
                ? html`<textarea id=${id} name=${`${f.name}-${other}`} lang=${other} rows="3" maxlength=${f.max}
                    .value=${value[f.name]?.[other] || ""}></textarea>`
                : html`<input id=${id} name=${`${f.name}-${other}`} lang=${other} maxlength=${f.max}
                    .value=${value[f.name]?.[other] || ""}>`
            }`;
        })}
      </fieldset>`,
    )}
  </details>`;
}

function phaseRow(session, phase, index, data, page) {
  const { t, lang } = page;
  const isLive = session.status === "live";
  const current = isLive && phase.id === session.current_phase_id;
  const title = localized(phase.title, lang);
  const formKey = `phase-${phase.id}`;
  const move = (position, event) =>
    send(page, formKey, "session.save_phase", { session_id: session.id, id: phase.id, position }, event).then(
      (ok) => {
        const [first, second] = position < index ? ["up", "down"] : ["down", "up"];
        if (ok)
          focusSoon([
            `[data-focus="phase-${first}-${phase.id}"]`,
            `[data-focus="phase-${second}-${phase.id}"]`,
          ]);
      },
    );
  const remove = async (event) => {
    const control = event.currentTarget;
    if (!(await page.confirm(t("confirm_phase", { name: title })))) return;
    const next = session.phases[index + 1] || session.phases[index - 1];
    if (
      await send(
        page,
        formKey,
        "session.delete_phase",
        { session_id: session.id, phase_id: phase.id },
        { currentTarget: control },
      )
    ) {
      focusSoon(next ? `[data-focus="phase-edit-${next.id}"]` : `#pt-${session.id}`, { force: true });
    }
  };
  const save = async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const ok = await send(
      page,
      formKey,
      "session.save_phase",
      {
        session_id: session.id,
        id: phase.id,
        title: textsOf(form, "title", lang),
        minutes: minutesOf(form.elements.minutes.value),
        instructions: textsOf(form, "instructions", lang),
      },
      { currentTarget: event.submitter },
    );
    if (ok) {
      ui.editing = null;
      page.update();
      focusSoon(`[data-focus="phase-edit-${phase.id}"]`, { force: true });
    }
  };
  const editing = ui.editing === phase.id;
  return html`<li class=${current ? "current" : ""} aria-current=${current ? "step" : nothing} data-phase=${phase.id}>
    <div class="phase-line">
      <span class="phase-name">${textIn(phase.title, lang)}</span>
      <span class="muted">${phase.minutes} ${t("minutes")}</span>
      <span class="phase-tools">
        ${
          current
            ? html`<strong class="badge">${t("current")}</strong>`
            : isLive
              ? html`<button type="button" class="button small" data-focus=${`phase-go-${phase.id}`}
                  aria-label=${`${t("go")}: ${title}`}
                  @click=${(event) => page.run("session.phase", { session_id: session.id, phase_id: phase.id }, event)}>
                  ${t("go")}</button>`
              : nothing
        }
        ${
          data.archived
            ? nothing
            : html`<button type="button" class="button small" data-focus=${`phase-edit-${phase.id}`}
                aria-expanded=${editing ? "true" : "false"} aria-label=${`${t("edit")}: ${title}`}
                @click=${() => {
                  ui.editing = editing ? null : phase.id;
                  page.update();
                  if (!editing) focusSoon(`#pe-title-${phase.id}`, { force: true });
                }}>${t("edit")}</button>
              <button type="button" class="button small" data-focus=${`phase-up-${phase.id}`} ?disabled=${index === 0}
                aria-label=${`${t("move_up")}: ${title}`} @click=${(event) => move(index - 1, event)}>↑</button>
              <button type="button" class="button small" data-focus=${`phase-down-${phase.id}`}
                ?disabled=${index === session.phases.length - 1}
                aria-label=${`${t("move_down")}: ${title}`} @click=${(event) => move(index + 1, event)}>↓</button>
              ${
                current
                  ? nothing
                  : html`<button type="button" class="button small danger" data-focus=${`phase-remove-${phase.id}`}
                      aria-label=${`${t("remove_phase")}: ${title}`} @click=${remove}>${t("remove")}</button>`
              }`
        }
      </span>
    </div>
    ${
      editing
        ? html`<form class="stack phase-form" novalidate @submit=${save}>
          <label for=${`pe-title-${phase.id}`}>${t("phase_title")}</label>
          <input id=${`pe-title-${phase.id}`} name="title" maxlength="120" required .value=${phase.title?.[lang] || ""}
            placeholder=${phase.title?.[lang] ? "" : title} aria-describedby=${`pe-title-error-${phase.id}`}>
          ${errorLine(page, formKey, "title", `pe-title-error-${phase.id}`)}
          <label for=${`pe-minutes-${phase.id}`}>${t("phase_minutes")}</label>
          <input id=${`pe-minutes-${phase.id}`} name="minutes" type="number" min="1" max="480" inputmode="numeric"
            .value=${String(phase.minutes)} aria-describedby=${`pe-minutes-error-${phase.id}`}>
          ${errorLine(page, formKey, "minutes", `pe-minutes-error-${phase.id}`)}
          <label for=${`pe-instructions-${phase.id}`}>${t("phase_instructions")}</label>
          <textarea id=${`pe-instructions-${phase.id}`} name="instructions" rows="3" maxlength="4000"
            .value=${phase.instructions?.[lang] || ""}></textarea>
          ${languageFields(page, {
            prefix: `pe-${phase.id}`,
            value: { title: phase.title, instructions: phase.instructions },
            fields: [
              { name: "title", label: t("title"), max: 120 },
              { name: "instructions", label: t("instructions_short"), max: 4000, multiline: true },
            ],
          })}
          <div class="row wrap">
            <button type="submit" class="button primary">${t("save")}</button>
            <button type="button" class="button" @click=${() => {
              ui.editing = null;
              page.update();
              focusSoon(`[data-focus="phase-edit-${phase.id}"]`, { force: true });
            }}>${t("cancel")}</button>
          </div>
        </form>`
        : nothing
    }
  </li>`;
}

function addPhaseForm(session, data, page) {
  const { t, lang } = page;
  const formKey = `add-phase-${session.id}`;
  const submit = async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const sent = formState(form);
    const ok = await send(
      page,
      formKey,
      "session.save_phase",
      {
        session_id: session.id,
        id: clientId(formKey),
        title: textsOf(form, "title", lang),
        minutes: minutesOf(form.elements.minutes.value),
        instructions: textsOf(form, "instructions", lang),
      },
      { currentTarget: event.submitter },
    );
    if (ok) {
      ui.ids.delete(formKey);
      readyForNext(form, sent, form.elements.title);
    }
  };
  return html`<form class="stack add-phase" novalidate @submit=${submit}>
    <h3 class="small-heading">${t("add_phase")}</h3>
    <div class="field-grid">
      <div class="stack">
        <label for=${`pt-${session.id}`}>${t("phase_title")}</label>
        <input id=${`pt-${session.id}`} name="title" maxlength="120" required aria-describedby=${`pt-error-${session.id}`}>
        ${errorLine(page, formKey, "title", `pt-error-${session.id}`)}
      </div>
      <div class="stack">
        <label for=${`pm-${session.id}`}>${t("phase_minutes")}</label>
        <input id=${`pm-${session.id}`} name="minutes" type="number" min="1" max="480" value="10" inputmode="numeric"
          aria-describedby=${`pm-error-${session.id}`}>
        ${errorLine(page, formKey, "minutes", `pm-error-${session.id}`)}
      </div>
    </div>
    <label for=${`pi-${session.id}`}>${t("phase_instructions")}</label>
    <textarea id=${`pi-${session.id}`} name="instructions" rows="2" maxlength="4000"></textarea>
    ${languageFields(page, {
      prefix: `pa-${session.id}`,
      fields: [
        { name: "title", label: t("title"), max: 120 },
        { name: "instructions", label: t("instructions_short"), max: 4000, multiline: true },
      ],
    })}
    <div><button type="submit" class="button primary" ?disabled=${data.archived}>${t("add_phase")}</button></div>
  </form>`;
}

function renameForm(session, page) {
  const { t, lang } = page;
  const formKey = `session-${session.id}`;
  const submit = async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    await send(
      page,
      formKey,
      "session.update",
      {
        session_id: session.id,
        title: textsOf(form, "title", lang),
        kind: form.elements.kind.value,
      },
      { currentTarget: event.submitter },
    );
  };
  return html`<details class="session-settings">
    <summary>${t("session_settings")}</summary>
    <form class="row wrap" novalidate @submit=${submit}>
      <label for=${`st-${session.id}`}>${t("session_title")}</label>
      <input id=${`st-${session.id}`} name="title" maxlength="120" .value=${session.title?.[lang] || ""}
        placeholder=${session.title?.[lang] ? "" : localized(session.title, lang)} aria-describedby=${`st-error-${session.id}`}>
      <label for=${`sk-${session.id}`}>${t("kind")}</label>
      <select id=${`sk-${session.id}`} name="kind">
        <option value="live" ?selected=${session.kind === "live"}>${t("session_live")}</option>
        <option value="async" ?selected=${session.kind === "async"}>${t("async")}</option>
      </select>
      ${languageFields(page, {
        prefix: `st-${session.id}`,
        value: { title: session.title },
        fields: [{ name: "title", label: t("title"), max: 120 }],
      })}
      <button type="submit" class="button">${t("save")}</button>
    </form>
    ${errorLine(page, formKey, "title", `st-error-${session.id}`)}
  </details>`;
}

function sessionRow(session, data, page) {
  const { t, lang } = page;
  const isLive = session.status === "live";
  const status = { live: t("live"), ended: t("ended"), planned: t("planned") }[session.status];
  const total = session.phases.reduce((sum, p) => sum + (p.minutes || 0), 0);
  const open = ui.open.has(session.id) || (isLive && !ui.open.has(`closed-${session.id}`));
  const toggle = (event) => {
    const isOpen = event.currentTarget.open;
    if (isOpen === open) return;
    if (isOpen) {
      ui.open.add(session.id);
      ui.open.delete(`closed-${session.id}`);
    } else {
      ui.open.delete(session.id);
      ui.open.add(`closed-${session.id}`);
    }
    page.update();
  };
  const title = localized(session.title, lang);
  return html`<li class="agenda-session ${session.status}" data-session=${session.id}>
    <div class="session-row">
      <div class="session-name">
        <h2 class="session-title">${textIn(session.title, lang)}</h2>
        <p class="muted session-meta">
          <span class="badge status-${session.status}">${status}</span>
          ${session.kind === "async" ? ` · ${t("async")}` : ""}
          · ${t("phase_count", { n: session.phases.length })} · ${total} ${t("minutes")}
          ${session.task ? ` · ${t("task")}: ${localized(session.task.title, lang)}` : ""}
        </p>
      </div>
      ${
        isLive || data.archived || !session.phases.length
          ? nothing
          : html`<button type="button" class="button primary" data-focus=${`start-${session.id}`}
              aria-label=${`${t("start")}: ${title}`}
              @click=${(event) => page.run("session.start", { session_id: session.id }, event)}>${t("start")}</button>`
      }
      ${
        isLive
          ? html`<a class="button" href=${page.links.section("run")} @click=${(event) => {
              event.preventDefault();
              page.go("run");
            }}>${t("open_run")}</a>`
          : nothing
      }
    </div>
    <details class="phase-editor" ?open=${open} @toggle=${toggle}>
      <summary>${t("edit_agenda")} (${session.phases.length})</summary>
      ${
        session.phases.length
          ? html`<ol class="phases">
            ${repeat(
              session.phases,
              (phase) => phase.id,
              (phase, index) => phaseRow(session, phase, index, data, page),
            )}
          </ol>`
          : html`<p class="muted">${t("no_phases")}</p>`
      }
      ${data.archived ? nothing : html`${addPhaseForm(session, data, page)} ${renameForm(session, page)}`}
    </details>
  </li>`;
}

function addSessionForm(data, page) {
  const { t, lang } = page;
  const formKey = "add-session";
  const submit = async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const sent = formState(form);
    const created = await send(
      page,
      formKey,
      "session.create",
      { id: clientId(formKey), title: { [lang]: form.elements.title.value }, kind: form.elements.kind.value },
      { currentTarget: event.submitter },
    );
    if (created) {
      ui.ids.delete(formKey);
      ui.open.add(created.id);
      readyForNext(form, sent);
      page.update();
      // The new session's first phase is what comes next.
      focusSoon(`#pt-${created.id}`, { force: true });
    }
  };
  return html`<details class="add-session" id="add-session" ?open=${ui.adding}
    @toggle=${(event) => {
      ui.adding = event.currentTarget.open;
    }}>
    <summary>${t("add_session_title")}</summary>
    <form id="add-session-form" class="stack" novalidate @submit=${submit}>
      <label for="new-session-title">${t("title")}</label>
      <input id="new-session-title" name="title" maxlength="120" required aria-describedby="new-session-title-error">
      ${errorLine(page, formKey, "title", "new-session-title-error")}
      <fieldset class="row wrap">
        <legend>${t("kind")}</legend>
        <label class="choice"><input type="radio" name="kind" value="live" checked> ${t("session_live")}</label>
        <label class="choice"><input type="radio" name="kind" value="async"> ${t("async")}</label>
      </fieldset>
      <div><button type="submit" class="button primary" ?disabled=${data.archived}>${t("add_session")}</button></div>
    </form>
  </details>`;
}

export function view(data, page) {
  const { t } = page;
  return html`${data.archived ? html`<p class="notice">${t("archived_note")}</p>` : nothing}
    ${
      data.sessions.length
        ? html`<ol id="agenda" class="agenda">
          ${repeat(
            data.sessions,
            (session) => session.id,
            (session) => sessionRow(session, data, page),
          )}
        </ol>`
        : html`<p class="muted" id="agenda-empty">${t("no_sessions")}</p>`
    }
    ${data.archived ? nothing : addSessionForm(data, page)}`;
}
