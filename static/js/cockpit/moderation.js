// Waiting for approval: the ideas and canvas answers that wait for a facilitator before the
// room sees them, oldest first. Each can be approved as it is, edited and approved (its
// author sees that it was edited, and keeps their own words), or returned to its author
// with a note. What a facilitator types here stays through live updates; after each
// decision the focus moves to the next item's first button, so the queue is worked
// through by keyboard alone.

import { textIn } from "../content.js";
import { authorName } from "../parts.js";
import { html, live, nothing, repeat } from "../view.js";

// Per item key ("idea:<id>"): which box is open ("edit" | "return") and what is in it.
const open = new Map();
const typed = new Map();
const errors = new Map();

const key = (item) => `${item.kind}:${item.id}`;

// Everything a facilitator's queue holds, for the badge as well as the section.
export function queued(store) {
  const ideas = store.all("idea").map((item) => ({ ...item, kind: "idea" }));
  const notes = store.all("challenge_note").map((item) => ({ ...item, kind: "challenge_note" }));
  return [...ideas, ...notes].sort((a, b) => a.created_at - b.created_at);
}

export function read(store, page) {
  const all = queued(store);
  const describe = (item) => {
    const question = item.kind === "idea" ? store.get("hmw", item.hmw_id) : null;
    return {
      ...item,
      text: item.kind === "idea" ? item.text : item.body,
      author: authorName(store, item.member_id),
      where: item.kind === "idea" ? textIn(question?.text, page.lang) : page.t(`q_${item.question}`),
      anonymous: Boolean(question?.anonymous),
      silent: Boolean(question?.silent && !question?.revealed),
    };
  };
  return {
    waiting: all.filter((item) => item.moderation === "pending").map(describe),
    returned: all.filter((item) => item.moderation === "returned").map(describe),
  };
}

function focusNext(page, list, index) {
  page.renderNow();
  const next = list[index + 1] || list[index - 1];
  const target = next
    ? document.querySelector(`[data-mod-first="${key(next)}"]`)
    : document.getElementById("section-title");
  target?.focus();
}

function decide(page, data, item, index, name, args, event, done) {
  return page.run(name, { kind: item.kind, id: item.id, ...args }, event).then((result) => {
    if (!result) return;
    open.delete(key(item));
    typed.delete(key(item));
    errors.delete(key(item));
    page.announce(done);
    focusNext(page, data.waiting, index);
  });
}

function box(page, data, item, index) {
  const { t } = page;
  const k = key(item);
  const mode = open.get(k);
  if (!mode) return nothing;
  const id = `mod-${mode}-${item.id}`;
  const editing = mode === "edit";
  const submit = (event) => {
    event.preventDefault();
    const value = (typed.get(k) ?? (editing ? item.text : "")).trim();
    if (!value) {
      errors.set(k, editing ? t("empty") : t("mod_note_needed"));
      page.renderNow();
      document.getElementById(id)?.focus();
      return;
    }
    const submitter = { currentTarget: event.submitter };
    if (editing)
      decide(page, data, item, index, "moderation.approve", { text: value }, submitter, t("mod_approved"));
    else decide(page, data, item, index, "moderation.return", { note: value }, submitter, t("mod_sent_back"));
  };
  const cancel = () => {
    open.delete(k);
    errors.delete(k);
    page.renderNow();
    document.querySelector(`[data-mod-${mode}="${k}"]`)?.focus();
  };
  const error = errors.get(k) || "";
  return html`<form class="stack mod-box" novalidate @submit=${submit}
      @keydown=${(event) => {
        if (event.key === "Escape") cancel();
      }}>
    <label for=${id}>${editing ? t("mod_edit_label") : t("mod_note_label")}</label>
    <textarea id=${id} rows="3" maxlength=${item.kind === "idea" && editing ? 280 : 500}
      aria-describedby="${id}-error" aria-invalid=${error ? "true" : "false"}
      .value=${live(typed.get(k) ?? (editing ? item.text : ""))}
      @input=${(event) => typed.set(k, event.currentTarget.value)}></textarea>
    <p class="field-error" id="${id}-error">${error}</p>
    <div class="row wrap">
      <button type="submit" class="button primary">${editing ? t("mod_save_approve") : t("mod_send_back")}</button>
      <button type="button" class="button" @click=${cancel}>${t("cancel")}</button>
    </div>
  </form>`;
}

function card(page, data, item, index) {
  const { t } = page;
  const k = key(item);
  const toggle = (mode) => () => {
    open.set(k, open.get(k) === mode ? null : mode);
    page.renderNow();
    document.getElementById(`mod-${mode}-${item.id}`)?.focus();
  };
  const notes = [];
  if (item.anonymous) notes.push(t("mod_anonymous_note"));
  if (item.silent) notes.push(t("mod_silent_note"));
  return html`<li class="card mod-item" data-mod-item=${k} aria-labelledby="mod-text-${item.id}">
    <p class="eyebrow">${item.kind === "idea" ? t("mod_kind_idea") : t("mod_kind_note")} · ${item.where}</p>
    <p class="mod-text" id="mod-text-${item.id}">${item.text}</p>
    <p class="muted">${t("mod_by", { name: item.author || t("a_participant") })}${
      item.moderation_note ? html` · ${t("mod_resent")}` : nothing
    }</p>
    ${notes.length ? html`<p class="muted">${notes.join(" ")}</p>` : nothing}
    <div class="row wrap">
      <button type="button" class="button primary" data-mod-first=${k}
        @click=${(event) => decide(page, data, item, index, "moderation.approve", {}, event, t("mod_approved"))}>
        ${t("mod_approve")}<span class="visually-hidden">: ${item.text}</span></button>
      <button type="button" class="button" data-mod-edit=${k} aria-expanded=${open.get(k) === "edit" ? "true" : "false"}
        @click=${toggle("edit")}>${t("mod_edit")}<span class="visually-hidden">: ${item.text}</span></button>
      <button type="button" class="button" data-mod-return=${k} aria-expanded=${open.get(k) === "return" ? "true" : "false"}
        @click=${toggle("return")}>${t("mod_return")}<span class="visually-hidden">: ${item.text}</span></button>
    </div>
    ${box(page, data, item, index)}
  </li>`;
}

export function view(data, page) {
  const { t } = page;
  return html`<section class="card" aria-labelledby="mod-waiting-title">
      <h2 id="mod-waiting-title">${t("mod_waiting_count", { n: data.waiting.length })}</h2>
      <p class="muted">${t("mod_queue_intro")}</p>
      ${data.waiting.length ? nothing : html`<p class="muted" id="mod-empty">${t("mod_queue_empty")}</p>`}
      <ol class="mod-list stack">${repeat(
        data.waiting,
        (item) => key(item),
        (item, index) => card(page, data, item, index),
      )}</ol>
    </section>
    ${
      data.returned.length
        ? html`<section class="card" aria-labelledby="mod-returned-title">
          <h2 id="mod-returned-title">${t("mod_returned_title")}</h2>
          <ul class="mod-list stack">${data.returned.map(
            (item) => html`<li class="mod-returned" data-mod-item=${key(item)}>
              <p class="mod-text">${item.text}</p>
              <p class="muted">${t("mod_by", { name: item.author || t("a_participant") })} ·
                ${t("mod_returned_note", { note: item.moderation_note || "" })}</p>
            </li>`,
          )}</ul>
        </section>`
        : nothing
    }`;
}
