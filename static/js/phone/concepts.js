// Concept cards: the list, one card with its comments, and - where the facilitator opened
// grouping on its question - writing a new card or editing one. Every box keeps a draft.

import { langMark, pickText, textIn } from "../content.js";
import { conceptQuestions } from "../ideation.js";
import { newId, t } from "../live.js";
import { memberName, ordered, personaTitle } from "../parts.js";
import { html, ifDefined, live, nothing, repeat } from "../view.js";
import { draft, dropDraft, textForm, typing } from "./forms.js";

const TEXTS = [
  "need",
  "what",
  "takes_people",
  "takes_devices",
  "takes_training",
  "takes_digital",
  "first_try",
  "risks",
];

let openId = null;
let writing = null; // null, "new" or a concept id
let formError = "";

export function open(id) {
  openId = id || null;
  writing = null;
}

// A question as a choice: an option holds only text, so the option itself carries its lang.
function questionOption(question, lang) {
  const picked = pickText(question.text, lang);
  return html`<option value=${question.id} lang=${ifDefined(langMark(picked.lang))}>${picked.text}</option>`;
}

export function read(store, _page) {
  const questions = ordered(store, "hmw").filter((q) => q.grouping_open && !(q.silent && !q.revealed));
  const concept = openId ? store.get("concept", openId) || null : null;
  if (!concept) openId = null;
  const sources = concept ? conceptQuestions(store, concept) : [];
  const thread = concept
    ? store
        .all("comment")
        .filter((c) => c.target_kind === "concept" && c.target_id === concept.id)
        .sort((a, b) => a.created_at - b.created_at)
        .map((c) => ({ ...c, author: memberName(store, c.member_id) }))
    : [];
  return {
    concepts: ordered(store, "concept").filter((c) => c.stage !== "dropped"),
    concept,
    questions,
    // A participant edits a card only where every question it draws on is open to them.
    editable: Boolean(
      concept && sources.length && sources.every((source) => questions.some((q) => q.id === source.id)),
    ),
    writing: writing === "new" ? "new" : writing ? store.get("concept", writing) || null : null,
    thread,
    personas: concept ? concept.persona_ids.map((id) => store.get("persona", id)).filter(Boolean) : [],
    sources,
    ideas: concept ? concept.idea_ids.map((id) => store.get("idea", id)).filter(Boolean) : [],
  };
}

// A concept card as text, headings first.
export function conceptCardView(data, page, { headingLevel = 2 } = {}) {
  const { concept } = data;
  const heading =
    headingLevel === 2
      ? html`<h2 class="concept-name" tabindex="-1">${concept.name}</h2>`
      : html`<h3 class="concept-name" tabindex="-1">${concept.name}</h3>`;
  return html`<article class="concept-card stage-${concept.stage}">
    ${heading}
    <p class="stage-badge">${t(`stage_${concept.stage}`)}</p>
    ${TEXTS.filter((name) => concept[name]).map((name) => html`<h4>${t(`concept_${name}`)}</h4><p>${concept[name]}</p>`)}
    ${data.personas.length ? html`<h4>${t("concept_personas")}</h4><p>${data.personas.map((p) => personaTitle(p, page.lang)).join(", ")}</p>` : nothing}
    ${
      data.sources?.length === 1
        ? html`<h4>${t("concept_question")}</h4><p>${textIn(data.sources[0].text, page.lang)}</p>`
        : data.sources?.length
          ? html`<h4>${t("concept_questions")}</h4><ul class="concept-sources">${data.sources.map((q) => html`<li>${textIn(q.text, page.lang)}</li>`)}</ul>`
          : nothing
    }
    ${data.ideas.length ? html`<h4>${t("concept_ideas")}</h4><ul class="source-ideas">${data.ideas.map((i) => html`<li>${i.text}</li>`)}</ul>` : nothing}
  </article>`;
}

function editor(data, page) {
  const concept = data.writing === "new" ? null : data.writing;
  const prefix = concept ? `c-${concept.id}` : "c-new";
  const key = (name) => `${prefix}-${name}`;
  const value = (name) => draft(key(name)) ?? (concept?.[name] || "");
  const close = (id) => {
    writing = null;
    if (id) openId = id;
    page.renderNow();
    document.querySelector("#board .concept-name, #board h2")?.focus();
  };
  const submit = (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const args = { id: concept?.id || newId() };
    for (const input of form.querySelectorAll("[name]")) args[input.name] = input.value.trim();
    if (!args.name) {
      formError = t("empty");
      page.update();
      form.elements.name.focus();
      return;
    }
    formError = "";
    page.queue("concept.save", args);
    for (const name of ["name", "hmw_id", ...TEXTS]) dropDraft(key(name));
    close(args.id);
  };
  return html`<section class="card phone">
    <h2 tabindex="-1">${concept ? concept.name : t("concept_new")}</h2>
    <form class="stack" novalidate @submit=${submit}>
      ${
        concept
          ? nothing
          : html`<label for="c-new-hmw">${t("concept_question")}</label>
            <select id="c-new-hmw" name="hmw_id">${data.questions.map((q) => questionOption(q, page.lang))}</select>`
      }
      <label for=${key("name")}>${t("concept_name")}</label>
      <input id=${key("name")} name="name" maxlength="120" .value=${live(value("name"))} @input=${typing(key("name"))}>
      ${TEXTS.map(
        (name) => html`<label for=${key(name)}>${t(`concept_${name}`)}</label>
          <textarea id=${key(name)} name=${name} rows="2" maxlength="2000" .value=${live(value(name))} @input=${typing(key(name))}></textarea>`,
      )}
      <p class="field-error" role="alert">${formError}</p>
      <button type="submit" class="button primary big">${t("save")}</button>
    </form>
    <button type="button" class="button big" @click=${() => close(null)}>${t("cancel")}</button>
  </section>`;
}

export function view(data, page) {
  if (data.writing) return editor(data, page);
  if (!data.concept) {
    return html`<section class="card phone">
      <h2>${t("concepts")}</h2>
      ${
        data.concepts.length
          ? repeat(
              data.concepts,
              (c) => c.id,
              (c) =>
                html`<button type="button" class="button big concept-pick" @click=${() => {
                  openId = c.id;
                  page.renderNow();
                  document.querySelector("#board .concept-name")?.focus();
                }}>${c.name}<span class="muted"> · ${t(`stage_${c.stage}`)}</span></button>`,
            )
          : html`<p class="muted">${t("no_concepts")}</p>`
      }
      ${
        data.questions.length
          ? html`<button type="button" class="button big primary" @click=${() => {
              writing = "new";
              page.renderNow();
              document.querySelector("#board h2")?.focus();
            }}>+ ${t("concept_new")}</button>`
          : nothing
      }
    </section>`;
  }
  const { concept } = data;
  return html`<section class="card phone">
      <button type="button" class="button big" @click=${() => {
        openId = null;
        page.renderNow();
        document.querySelector("#board .concept-pick")?.focus();
      }}>‹ ${t("all_concepts")}</button>
      ${conceptCardView(data, page)}
      ${
        data.editable
          ? html`<button type="button" class="button big" @click=${() => {
              writing = concept.id;
              page.renderNow();
              document.querySelector("#board h2")?.focus();
            }}>${t("concept_edit")}</button>`
          : nothing
      }
    </section>
    <section class="card phone">
      <h3>${t("concept_comments")}</h3>
      <ul class="comments">
        ${
          data.thread.length
            ? repeat(
                data.thread,
                (c) => c.id,
                (c) => html`<li class="comment"><strong>${c.author}</strong> ${c.body}
                  ${
                    c.member_id === page.member
                      ? html`<button type="button" class="button small" aria-label="${t("delete")}: ${c.body}"
                          @click=${() => page.queue("comment.delete", { comment_id: c.id })}>${t("delete")}</button>`
                      : nothing
                  }</li>`,
              )
            : html`<li class="muted">${t("no_comments")}</li>`
        }
      </ul>
      ${textForm(page, {
        id: "concept-comment",
        label: t("concept_comment_label"),
        button: t("comment_send"),
        rows: 3,
        max: 1000,
        draftKey: `concept-comment-${concept.id}`,
        onSend: (body) => {
          page.queue("comment.add", { id: newId(), target_kind: "concept", target_id: concept.id, body });
        },
      })}
    </section>`;
}
