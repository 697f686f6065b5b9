// A first try without risk: write a test note, see it saved, delete it. Nothing of it
// leaves the phone - no command, no request, not even a draft on the device - so nobody
// can ever see it. The phone offers it once, before the person's first real
// contribution; "Not now", "Skip" and finishing it are remembered on the device, and the
// menu (me.js) opens it again whenever someone wants another go.

import { t } from "../live.js";
import { html, nothing } from "../view.js";

const SEEN_KEY = "paja:practice";
const STEPS = ["write", "saved", "deleted"];

let step = "write";
let note = "";
let error = "";
let seenHere = false; // when the device keeps nothing (storage disabled), this page does

export function seen() {
  if (seenHere) return true;
  try {
    return localStorage.getItem(SEEN_KEY) !== null;
  } catch {
    return false;
  }
}

function remember(how) {
  seenHere = true;
  try {
    localStorage.setItem(SEEN_KEY, how);
  } catch {
    /* storage disabled: offered again on the next visit */
  }
}

const KINDS = ["idea", "challenge_note", "submission", "comment"];

// Someone who has written something for real has found their way already.
function wroteSomething(store, memberId) {
  if (store.get("introduction", memberId)) return true;
  return KINDS.some((kind) => store.all(kind).some((item) => item.member_id === memberId));
}

function focusSoon(selector) {
  requestAnimationFrame(() => requestAnimationFrame(() => document.querySelector(selector)?.focus()));
}

export function open() {
  step = "write";
  note = "";
  error = "";
}

// The offer above the views, for a phone that has not practised nor said no.
export function offer(page) {
  if (seen() || page.store.seq === null || wroteSomething(page.store, page.member)) return nothing;
  return html`<section class="card phone practice-offer" id="practice-offer" aria-labelledby="practice-offer-title">
    <h2 id="practice-offer-title">${t("practice_offer_title")}</h2>
    <p>${t("practice_offer_text")}</p>
    <div class="row wrap">
      <button type="button" class="button primary big" id="practice-start"
        @click=${() => page.openView("practice")}>${t("practice_start")}</button>
      <button type="button" class="button big" id="practice-not-now" @click=${() => {
        remember("skipped");
        page.renderNow();
        focusSoon("#board h2, #board h3, #board button");
      }}>${t("practice_not_now")}</button>
    </div>
  </section>`;
}

export function read() {
  return { step, note, error };
}

export function view(data, page) {
  const finish = (how) => {
    remember(how);
    open();
    page.closeView();
  };
  const go = (to, selector) => {
    step = to;
    page.renderNow();
    focusSoon(selector);
  };
  const save = (event) => {
    event.preventDefault();
    const text = event.currentTarget.elements.note.value.trim();
    if (!text) {
      error = t("empty");
      page.renderNow();
      event.currentTarget.elements.note.focus();
      return;
    }
    error = "";
    note = text;
    go("saved", "#practice-saved");
  };
  let body;
  if (data.step === "write") {
    body = html`<p>${t("practice_write")}</p>
      <form class="stack" novalidate @submit=${save}>
        <label for="practice-note">${t("practice_label")}</label>
        <textarea id="practice-note" name="note" rows="3" maxlength="280" aria-describedby="practice-note-error"
          aria-invalid=${data.error ? "true" : "false"} autocomplete="off"></textarea>
        <p class="field-error" id="practice-note-error">${data.error}</p>
        <button type="submit" class="button primary big" id="practice-save">${t("practice_save")}</button>
      </form>`;
  } else if (data.step === "saved") {
    body = html`<p class="notice ok" id="practice-saved" tabindex="-1">✔ ${t("practice_saved")}</p>
      <ul class="ideas"><li class="idea-card practice-note"><p class="idea-text">${data.note}</p></li></ul>
      <button type="button" class="button primary big" id="practice-delete" @click=${() => {
        note = "";
        go("deleted", "#practice-deleted");
      }}>${t("practice_delete")}</button>`;
  } else {
    body = html`<p class="notice ok" id="practice-deleted" tabindex="-1">✔ ${t("practice_deleted")}</p>
      <button type="button" class="button primary big" id="practice-ready"
        @click=${() => finish("done")}>${t("practice_ready")}</button>`;
  }
  return html`<section class="card phone practice" aria-labelledby="practice-title">
    <p class="eyebrow">${t("step_of", { n: STEPS.indexOf(data.step) + 1, total: STEPS.length })}</p>
    <h2 id="practice-title" tabindex="-1">${t("practice_title")}</h2>
    ${body}
    ${
      data.step === "deleted"
        ? nothing
        : html`<p><button type="button" class="button" id="practice-skip"
            @click=${() => finish("skipped")}>${t("practice_skip")}</button></p>`
    }
  </section>`;
}
