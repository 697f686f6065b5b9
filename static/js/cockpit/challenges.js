// Challenges: every group's challenge canvas, one row each (group, statement, how many
// answers, ratings and questions) that opens to the whole canvas: the statement and the
// personas it concerns (editable), the groups' answers (removable), the importance
// ratings, and the group's how-might-we questions (add, edit, reorder, remove).

import { textIn } from "../content.js";
import { formatNumber } from "../format.js";
import { localized, newId } from "../live.js";
import {
  canvasView,
  challengeOfGroup,
  focusSoon,
  formState,
  groupName,
  ordered,
  personaTitle,
  readyForNext,
} from "../parts.js";
import { html, nothing, repeat } from "../view.js";
import { languageFields, textsOf } from "./languages.js";

const ui = { open: new Set(), editing: null, form: null, ids: new Map() };

function clientId(form) {
  if (!ui.ids.has(form)) ui.ids.set(form, newId());
  return ui.ids.get(form);
}

function errorFor(page, form, name) {
  return ui.form === form ? page.fieldError(name) : "";
}

async function send(page, form, name, args, event) {
  ui.form = form;
  const result = await page.run(name, args, event);
  page.update();
  return result;
}

export function read(store) {
  const groups = ordered(store, "group");
  const challenges = [
    ...groups.map((g) => challengeOfGroup(store, g.id)),
    ...store.all("challenge").filter((c) => !c.group_id || !store.get("group", c.group_id)),
  ].filter(Boolean);
  const questions = ordered(store, "hmw");
  const notes = store.all("challenge_note");
  return {
    store,
    personas: ordered(store, "persona"),
    questions,
    challenges: challenges.map((challenge) => ({
      challenge,
      name: groupName(store, challenge),
      notes: notes.filter((n) => n.challenge_id === challenge.id).length,
      questions: questions.filter((q) => q.challenge_id === challenge.id),
    })),
  };
}

function statementForm(challenge, data, page) {
  const { t, lang } = page;
  const formKey = `statement-${challenge.id}`;
  const submit = async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const persona_ids = [...form.querySelectorAll("input[name=persona]:checked")].map((input) => input.value);
    await send(
      page,
      formKey,
      "challenge.update",
      {
        challenge_id: challenge.id,
        statement: form.elements.statement.value,
        base_rev: challenge.rev,
        persona_ids,
      },
      { currentTarget: event.submitter },
    );
  };
  const id = `statement-${challenge.id}`;
  return html`<form class="stack statement-form" novalidate @submit=${submit}>
    <label for=${id}>${t("statement")}</label>
    <textarea id=${id} name="statement" rows="2" maxlength="1000" .value=${challenge.statement || ""}
      aria-describedby=${`${id}-error`}></textarea>
    <p class="field-error" id=${`${id}-error`} role="alert">${errorFor(page, formKey, "statement")}</p>
    ${
      data.personas.length
        ? html`<fieldset class="persona-choices">
          <legend>${t("personas_linked")}</legend>
          ${data.personas.map(
            (p) => html`<label class="choice small"><input type="checkbox" name="persona" value=${p.id}
              .checked=${challenge.persona_ids.includes(p.id)}> <span>${personaTitle(p, lang) || "–"}</span></label>`,
          )}
        </fieldset>`
        : nothing
    }
    <div><button type="submit" class="button primary">${t("save")}</button></div>
  </form>`;
}

function hmwRow(question, index, list, data, page) {
  const { t, lang } = page;
  const text = localized(question.text, lang);
  const formKey = `hmw-${question.id}`;
  // Questions are ordered across the workshop (the order ideation uses): moving one past
  // its neighbour in this group puts it at the neighbour's place in the whole list.
  const move = (neighbour, direction, event) =>
    page
      .run("hmw.move", { hmw_id: question.id, position: data.questions.indexOf(neighbour) }, event)
      .then((ok) => {
        const [first, second] = direction === "up" ? ["up", "down"] : ["down", "up"];
        if (ok)
          focusSoon([
            `[data-focus="hmw-${first}-${question.id}"]`,
            `[data-focus="hmw-${second}-${question.id}"]`,
          ]);
      });
  const remove = async (event) => {
    const control = event.currentTarget;
    if (!(await page.confirm(t("confirm_hmw")))) return;
    const next = list[index + 1] || list[index - 1];
    if (await page.run("hmw.delete", { hmw_id: question.id }, { currentTarget: control })) {
      focusSoon(next ? `[data-focus="hmw-edit-${next.id}"]` : `#hmw-new-${question.challenge_id}`, {
        force: true,
      });
    }
  };
  if (ui.editing === question.id) {
    const submit = async (event) => {
      event.preventDefault();
      const ok = await send(
        page,
        formKey,
        "hmw.save",
        { id: question.id, text: textsOf(event.currentTarget, "text", lang) },
        { currentTarget: event.submitter },
      );
      if (ok) {
        ui.editing = null;
        page.update();
        focusSoon(`[data-focus="hmw-edit-${question.id}"]`, { force: true });
      }
    };
    return html`<li data-hmw=${question.id}>
      <form class="stack grow" novalidate @submit=${submit}>
        <label class="visually-hidden" for=${`hmw-edit-${question.id}`}>${t("edit")}</label>
        <input id=${`hmw-edit-${question.id}`} name="text" maxlength="300" class="grow" .value=${question.text?.[lang] || ""}
          placeholder=${question.text?.[lang] ? "" : text} aria-describedby=${`hmw-edit-error-${question.id}`}>
        <span class="field-error" id=${`hmw-edit-error-${question.id}`} role="alert">${errorFor(page, formKey, "text")}</span>
        ${languageFields(page, {
          prefix: `hmw-edit-${question.id}`,
          value: { text: question.text },
          fields: [{ name: "text", label: t("hmw"), max: 300 }],
        })}
        <div class="row wrap">
          <button type="submit" class="button small primary">${t("save")}</button>
          <button type="button" class="button small" @click=${() => {
            ui.editing = null;
            page.update();
            focusSoon(`[data-focus="hmw-edit-${question.id}"]`, { force: true });
          }}>${t("cancel")}</button>
        </div>
      </form>
    </li>`;
  }
  return html`<li data-hmw=${question.id}>
    <span class="hmw-text">${textIn(question.text, lang)}</span>
    <span class="row">
      <button type="button" class="button small" data-focus=${`hmw-edit-${question.id}`}
        aria-label=${`${t("edit")}: ${text}`} @click=${() => {
          ui.editing = question.id;
          page.update();
          focusSoon(`#hmw-edit-${question.id}`, { force: true });
        }}>${t("edit")}</button>
      <button type="button" class="button small" data-focus=${`hmw-up-${question.id}`} ?disabled=${index === 0}
        aria-label=${`${t("move_up")}: ${text}`} @click=${(event) => move(list[index - 1], "up", event)}>↑</button>
      <button type="button" class="button small" data-focus=${`hmw-down-${question.id}`} ?disabled=${index === list.length - 1}
        aria-label=${`${t("move_down")}: ${text}`} @click=${(event) => move(list[index + 1], "down", event)}>↓</button>
      <button type="button" class="button small danger" aria-label=${`${t("delete")}: ${text}`}
        @click=${remove}>${t("delete")}</button>
    </span>
  </li>`;
}

function addHmw(challenge, page) {
  const { t, lang } = page;
  const formKey = `hmw-new-${challenge.id}`;
  const submit = async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const sent = formState(form);
    const text = textsOf(form, "text", lang);
    const ok = await send(
      page,
      formKey,
      "hmw.save",
      { id: clientId(formKey), challenge_id: challenge.id, text },
      { currentTarget: event.submitter },
    );
    if (ok) {
      ui.ids.delete(formKey);
      readyForNext(form, sent, form.elements.text);
    }
  };
  return html`<form class="stack hmw-new" novalidate @submit=${submit}>
    <label for=${formKey}>${t("hmw_add")}</label>
    <input id=${formKey} name="text" maxlength="300" class="grow" placeholder=${t("hmw_prefix")}
      aria-describedby=${`${formKey}-error`}>
    <span class="field-error" id=${`${formKey}-error`} role="alert">${errorFor(page, formKey, "text")}</span>
    ${languageFields(page, { prefix: formKey, fields: [{ name: "text", label: t("hmw"), max: 300 }] })}
    <div><button type="submit" class="button">${t("hmw_add")}</button></div>
  </form>`;
}

function challengeRow(entry, data, page) {
  const { t, lang } = page;
  const { challenge, name, notes, questions } = entry;
  const id = `challenge-${challenge.id}`;
  const importance = challenge.importance;
  const removeNote = async (note, event) => {
    const control = event.currentTarget;
    if (!(await page.confirm(t("confirm_note")))) return;
    const box = control.closest(".canvas-question");
    if (await page.run("challenge.delete_note", { note_id: note.id }, { currentTarget: control })) {
      const question = box?.dataset.question;
      focusSoon([`#${id} [data-question="${question}"] .note button`, `#${id} > summary`], { force: true });
    }
  };
  return html`<li class="challenge-row" data-challenge=${challenge.id}>
    <details id=${id} ?open=${ui.open.has(id)}
      @toggle=${(event) => (event.currentTarget.open ? ui.open.add(id) : ui.open.delete(id))}>
      <summary>
        <strong>${name}</strong>
        <span class="muted"> · ${challenge.statement || t("statement_empty")}</span>
        <span class="challenge-counts muted">
          ${t("answers_n", { n: notes })} · ${
            importance.total
              ? t("ratings", { n: importance.total, mean: formatNumber(importance.mean) })
              : t("no_ratings")
          } · ${t("questions_n", { n: questions.length })}
        </span>
      </summary>
      <div class="challenge-body">
        ${statementForm(challenge, data, page)}
        ${canvasView(data.store, challenge, lang, { headingLevel: "h3", authors: true, remove: removeNote })}
        <section class="hmw-block" aria-label=${`${t("hmw")} – ${name}`}>
          <h3>${t("hmw")} (${questions.length})</h3>
          ${
            questions.length
              ? html`<ol class="hmw-rows">
                ${repeat(
                  questions,
                  (q) => q.id,
                  (q, index) => hmwRow(q, index, questions, data, page),
                )}
              </ol>`
              : html`<p class="muted">${t("hmw_none")}</p>`
          }
          ${addHmw(challenge, page)}
        </section>
      </div>
    </details>
  </li>`;
}

export function view(data, page) {
  const { t } = page;
  if (!data.challenges.length) {
    return html`<div id="canvases"><p class="muted">${t("no_challenges")}</p>
      <p><a href=${page.links.section("people")} @click=${(event) => {
        event.preventDefault();
        page.go("people");
      }}>${t("section_people")}</a></p></div>`;
  }
  return html`<div id="canvases">
    <p class="muted">${t("challenges_summary", { n: data.challenges.length, q: data.questions.length })}</p>
    <ul class="challenge-rows">
      ${repeat(
        data.challenges,
        (entry) => entry.challenge.id,
        (entry) => challengeRow(entry, data, page),
      )}
    </ul>
  </div>`;
}
