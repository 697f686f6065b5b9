// Personas: the workshop's persona and customer-profile cards, one row each (name, kind,
// how many meet such people, comments), in order; each opens to the card as phones see it,
// its editor (the page's language, the others folded away), its comments and what the workshop has done for it. Cards are shown on the
// projector from here, imported from the library or from a file, and made new.

import { localized, newId } from "../live.js";
import {
  config,
  focusSoon,
  formState,
  memberName,
  ordered,
  personaCard,
  personaLinks,
  personaTitle,
  readyForNext,
} from "../parts.js";
import { personalBadge } from "../personal-warning.js";
import { html, nothing, repeat } from "../view.js";
import { languageFields, textsOf } from "./languages.js";
import { refusal, sendChosenFile } from "./upload.js";

// The library's cards (null until loaded), the form of the last command and the id of a
// card being made (a resend after an error reuses it); the library import waiting for an
// answer about cards already in the workshop, the problems of the last file and the ids of
// the imports being sent (a resend reuses them, so nothing is made twice).
const ui = {
  library: null,
  form: null,
  newId: null,
  open: new Set(),
  ask: null,
  file: null,
  importId: null,
  fileId: null,
};

const LONG = new Set(["situation", "digital_skills", "motivation", "description"]);

export function read(store) {
  const cards = ordered(store, "persona");
  const meets = store.all("persona_meet");
  const comments = store.all("comment").filter((c) => c.target_kind === "persona");
  return {
    store,
    cards: cards.map((persona) => ({
      persona,
      meets: meets.filter((m) => m.persona_id === persona.id).length,
      comments: comments
        .filter((c) => c.target_id === persona.id)
        .sort((a, b) => a.created_at - b.created_at)
        .map((c) => ({ ...c, name: memberName(store, c.member_id) })),
    })),
    imported: new Set(cards.map((c) => c.library_key).filter(Boolean)),
  };
}

function errorFor(page, form) {
  if (ui.form !== form || !page.error) return "";
  const fields = page.error.fields?.fields;
  return fields ? Object.values(fields).flat(3).join(" ") : page.fieldError("kind");
}

function editor(persona, page) {
  const { t, lang } = page;
  const id = `edit-${persona.id}`;
  const formKey = `edit-${persona.id}`;
  const submit = async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const details = form.closest("details");
    const fields = {};
    for (const name of config.fields[persona.kind]) {
      fields[name] = { ...(persona.fields[name] || {}), ...textsOf(form, name, lang) };
    }
    ui.form = formKey;
    const ok = await page.run("persona.save", { id: persona.id, fields }, { currentTarget: event.submitter });
    page.update();
    if (ok) {
      details.open = false;
      ui.open.delete(id);
      focusSoon(`#${id} > summary`, { force: true });
    }
  };
  return html`<details id=${id} class="persona-editor persona-more" ?open=${ui.open.has(id)}
    @toggle=${(event) => (event.currentTarget.open ? ui.open.add(id) : ui.open.delete(id))}>
    <summary>${t("edit")}</summary>
    <form class="persona-form" novalidate @submit=${submit}>
      ${(config.fields?.[persona.kind] || []).map((name) => {
        const inputId = `${id}-${name}`;
        const list = config.list_fields.includes(name);
        const value = persona.fields[name]?.[lang] || "";
        return html`<div class="stack ${list || LONG.has(name) ? "wide" : ""}">
          <label for=${inputId}>${t(`field_${name}`)}${list ? html`<span class="muted"> (${t("one_per_line")})</span>` : nothing}</label>
          ${
            list || LONG.has(name)
              ? html`<textarea id=${inputId} name=${name} rows=${list ? "4" : "3"} maxlength="2000" .value=${value}></textarea>`
              : html`<input id=${inputId} name=${name} maxlength="2000" .value=${value}>`
          }
        </div>`;
      })}
      <div class="wide">${languageFields(page, {
        prefix: id,
        value: persona.fields,
        fields: (config.fields?.[persona.kind] || []).map((name) => ({
          name,
          label: t(`field_${name}`),
          max: 2000,
          rows: config.list_fields.includes(name) ? 4 : LONG.has(name) ? 3 : 0,
        })),
      })}</div>
      <p class="field-error wide" role="alert">${errorFor(page, formKey)}</p>
      <div class="wide"><button type="submit" class="button primary">${t("save")}</button></div>
    </form>
  </details>`;
}

function row(entry, index, data, page) {
  const { t, lang } = page;
  const { persona, meets, comments } = entry;
  const title = personaTitle(persona, lang) || "–";
  const last = data.cards.length - 1;
  const move = (position, event) =>
    page.run("persona.move", { persona_id: persona.id, position }, event).then((ok) => {
      const [first, second] = position < index ? ["up", "down"] : ["down", "up"];
      if (ok)
        focusSoon([
          `[data-focus="persona-${first}-${persona.id}"]`,
          `[data-focus="persona-${second}-${persona.id}"]`,
        ]);
    });
  const remove = async (event) => {
    const control = event.currentTarget;
    if (!(await page.confirm(t("confirm_persona", { name: title })))) return;
    const next = data.cards[index + 1] || data.cards[index - 1];
    if (await page.run("persona.delete", { persona_id: persona.id }, { currentTarget: control })) {
      focusSoon(next ? `[data-focus="persona-spot-${next.persona.id}"]` : "#persona-create > summary", {
        force: true,
      });
    }
  };
  const spotLabel = persona.spotlight ? t("hide_projector") : t("show_projector");
  const cardId = `card-${persona.id}`;
  return html`<li class="persona-row ${persona.spotlight ? "spotlit" : ""}" data-persona=${persona.id}>
    <div class="persona-summary">
      <strong>${title}</strong><span class="muted"> · ${t(persona.kind)}</span>
      ${persona.spotlight ? html` <span class="badge">${t("on_projector")}</span>` : nothing}
      <span class="muted meet-count">${t("meet_count", { n: meets })}${comments.length ? ` · ${t("comments")}: ${comments.length}` : ""}</span>
    </div>
    <details id=${cardId} class="persona-more" ?open=${ui.open.has(cardId)}
      @toggle=${(event) => (event.currentTarget.open ? ui.open.add(cardId) : ui.open.delete(cardId))}>
      <summary>${t("show_card")}</summary>
      ${personaCard(persona, lang, { headingLevel: "h3" })}
    </details>
    ${editor(persona, page)}
    ${
      comments.length
        ? html`<details id=${`comments-${persona.id}`} class="persona-more">
          <summary>${t("comments")} (${comments.length})</summary>
          <ul class="comments">
            ${repeat(
              comments,
              (c) => c.id,
              (c) => html`<li><strong>${c.name}</strong> ${c.body} ${personalBadge(c)}
                <button type="button" class="button small" aria-label=${`${t("delete")}: ${c.body}`}
                  @click=${async (event) => {
                    const control = event.currentTarget;
                    if (await page.confirm(t("confirm_comment"))) {
                      if (
                        await page.run("comment.delete", { comment_id: c.id }, { currentTarget: control })
                      ) {
                        focusSoon(`#comments-${persona.id} > summary`, { force: true });
                      }
                    }
                  }}>${t("delete")}</button></li>`,
            )}
          </ul>
        </details>`
        : nothing
    }
    <details id=${`links-${persona.id}`} class="persona-more">
      <summary>${t("links_short")}</summary>
      ${personaLinks(data.store, persona.id)}
    </details>
    <div class="row persona-tools">
      <button type="button" class="button small" data-focus=${`persona-up-${persona.id}`} ?disabled=${index === 0}
        aria-label=${`${t("move_up")}: ${title}`} @click=${(event) => move(index - 1, event)}>↑</button>
      <button type="button" class="button small" data-focus=${`persona-down-${persona.id}`} ?disabled=${index === last}
        aria-label=${`${t("move_down")}: ${title}`} @click=${(event) => move(index + 1, event)}>↓</button>
      <button type="button" class="button small ${persona.spotlight ? "primary" : ""}" data-focus=${`persona-spot-${persona.id}`}
        aria-pressed=${persona.spotlight ? "true" : "false"} aria-label=${`${spotLabel}: ${title}`}
        @click=${(event) => page.run("persona.spotlight", { persona_id: persona.spotlight ? null : persona.id }, event)}>
        ${spotLabel}</button>
      <button type="button" class="button small danger" aria-label=${`${t("delete")}: ${title}`} @click=${remove}>
        ${t("delete")}</button>
    </div>
  </li>`;
}

// The library's cards, each once; a card the workshop already has (its template brought
// it, or an earlier import) is marked, and choosing it asks whether to skip it or add a copy.
function importForm(data, page) {
  const { t, lang } = page;
  const library = ui.library || [];
  const nameOf = (card) =>
    card.kind === "persona" ? localized(card.card.name, lang) : localized(card.card.segment, lang);
  const send = async (form, keys, duplicates, control) => {
    ui.importId ||= newId();
    const args = { id: ui.importId, keys, ...(duplicates ? { duplicates } : {}) };
    const made = await page.run("persona.import", args, { currentTarget: control });
    if (made) {
      ui.importId = null;
      ui.ask = null;
      form.reset();
      page.announce(t("imported", { n: made.length }));
      page.update();
      focusSoon(["#persona-import button[type=submit]", "#persona-import > summary"], { force: true });
    } else if (page.error?.fields?.duplicates) {
      // Another facilitator imported some of them meanwhile: ask, as for those known here.
      ui.importId = null;
      ui.ask = { keys };
      page.update();
      focusSoon("#persona-dup-skip", { force: true });
    }
  };
  const submit = (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const keys = [...form.querySelectorAll("input[type=checkbox]:checked")].map((input) => input.value);
    if (!keys.length) return;
    if (keys.some((key) => data.imported.has(key))) {
      ui.ask = { keys };
      page.update();
      focusSoon("#persona-dup-skip", { force: true });
      return;
    }
    send(form, keys, null, event.submitter);
  };
  const answer = (duplicates) => (event) => {
    const form = event.currentTarget.closest("form");
    send(form, ui.ask.keys, duplicates, event.currentTarget);
  };
  const cancel = () => {
    ui.ask = null;
    page.update();
    focusSoon("#persona-import button[type=submit]", { force: true });
  };
  let body;
  if (ui.library === null) body = html`<p class="muted">…</p>`;
  else {
    const twice = ui.ask
      ? library.filter((card) => ui.ask.keys.includes(card.key) && data.imported.has(card.key))
      : [];
    body = html`${library.every((card) => data.imported.has(card.key)) ? html`<p class="muted">${t("library_all")}</p>` : nothing}
      <fieldset class="library-choices">
        <legend>${t("library")}</legend>
        ${repeat(
          library,
          (card) => card.key,
          (card) => html`<label class="choice small" for=${`lib-${card.key}`}>
              <input type="checkbox" id=${`lib-${card.key}`} value=${card.key} @change=${() => {
                if (ui.ask) {
                  ui.ask = null;
                  page.update();
                }
              }}> <span>${nameOf(card)} · ${t(card.kind)}${
                data.imported.has(card.key)
                  ? html` <span class="badge in-workshop">${t("library_have")}</span>`
                  : nothing
              }</span></label>`,
        )}
      </fieldset>
      ${
        ui.ask
          ? html`<div class="notice" id="persona-dup" role="group" aria-labelledby="persona-dup-text">
            <p id="persona-dup-text">${
              twice.length
                ? t("library_dup_ask", { names: twice.map(nameOf).join(", ") })
                : page.fieldError("duplicates")
            }</p>
            <div class="row wrap">
              <button type="button" class="button primary" id="persona-dup-skip" @click=${answer("skip")}>${t("library_dup_skip")}</button>
              <button type="button" class="button" id="persona-dup-copy" @click=${answer("copy")}>${t("library_dup_copy")}</button>
              <button type="button" class="button" @click=${cancel}>${t("cancel")}</button>
            </div>
          </div>`
          : html`<div><button type="submit" class="button primary">${t("import")}</button></div>`
      }`;
  }
  return html`<details id="persona-import" class="add-session">
    <summary>${t("import_title")}</summary>
    <form class="stack" novalidate @submit=${submit}>${body}</form>
  </details>`;
}

// A facilitator's own cards from a YAML or CSV file: all of them, or - when a line has a
// problem - none, and every problem listed by its line.
function fileForm(page) {
  const { t } = page;
  const submit = async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const answer = await sendChosenFile(
      event,
      `/api/workshops/${page.workshopId}/personas/import-file`,
      () => {
        ui.fileId ||= newId();
        return { id: ui.fileId };
      },
      t,
    );
    if (!answer) return;
    if (answer.missing) {
      ui.file = { problems: [t("file_choose")] };
      page.update();
      focusSoon("#persona-file-input", { force: true });
      return;
    }
    if (answer.ok) {
      ui.fileId = null;
      ui.file = null;
      form.reset();
      page.announce(t("imported", { n: answer.body.length }));
      page.update();
      focusSoon("#persona-file-input", { force: true });
      return;
    }
    ui.file = refusal(answer, t);
    page.update();
  };
  const problems = ui.file?.problems || [];
  return html`<details id="persona-file" class="add-session">
    <summary>${t("file_title")}</summary>
    <form class="stack" novalidate @submit=${submit}>
      <p class="muted" id="persona-file-about">${t("file_about")}</p>
      <label for="persona-file-input">${t("file_label")}</label>
      <input type="file" id="persona-file-input" name="file" accept=".yaml,.yml,.csv,text/csv"
        aria-describedby="persona-file-about persona-file-problems" @change=${() => {
          ui.fileId = null;
          if (ui.file) {
            ui.file = null;
            page.update();
          }
        }}>
      <div id="persona-file-problems" role="alert">${
        problems.length
          ? html`<div class="notice error">
            ${ui.file.message ? html`<p>${ui.file.message}</p>` : nothing}
            <ul>${problems.map((problem) => html`<li>${problem}</li>`)}</ul>
          </div>`
          : nothing
      }</div>
      <div><button type="submit" class="button primary">${t("file_import")}</button></div>
    </form>
  </details>`;
}

function createForm(page) {
  const { t, lang } = page;
  const submit = async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const kind = form.elements.kind.value;
    const field = kind === "persona" ? "name" : "segment";
    ui.form = "create";
    ui.newId ||= newId();
    const sent = formState(form);
    const created = await page.run(
      "persona.save",
      { id: ui.newId, kind, fields: { [field]: { [lang]: form.elements.name.value } } },
      { currentTarget: event.submitter },
    );
    page.update();
    if (created) {
      ui.newId = null;
      readyForNext(form, sent);
      // The new card is last; its editor is where its text goes next.
      ui.open.add(`edit-${created.id}`);
      page.update();
      focusSoon(`#edit-${created.id}-${field}`, { force: true });
    }
  };
  return html`<details id="persona-create" class="add-session">
    <summary>${t("new_card")}</summary>
    <form class="row wrap" novalidate @submit=${submit}>
      <label for="new-persona-name">${t("new_card_name")}</label>
      <input id="new-persona-name" name="name" maxlength="80" aria-describedby="new-persona-error">
      <label for="new-persona-kind">${t("kind")}</label>
      <select id="new-persona-kind" name="kind">
        <option value="persona">${t("persona")}</option>
        <option value="profile">${t("profile")}</option>
      </select>
      <button type="submit" class="button">${t("new_card")}</button>
    </form>
    <p class="field-error" id="new-persona-error" role="alert">${errorFor(page, "create")}</p>
  </details>`;
}

export function view(data, page) {
  const { t } = page;
  return html`<div id="personas">
    ${
      data.cards.length
        ? html`<ol class="persona-rows">
          ${repeat(
            data.cards,
            (entry) => entry.persona.id,
            (entry, index) => row(entry, index, data, page),
          )}
        </ol>`
        : html`<p class="muted">${t("no_personas")}</p>`
    }
    <div class="row wrap add-row">${importForm(data, page)} ${fileForm(page)} ${createForm(page)}</div>
  </div>`;
}

export function mount(page) {
  fetch("/api/persona-library", { headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : []))
    .then((cards) => {
      ui.library = cards;
      page.update();
    })
    .catch((error) => page.showError(error));
}
