// Text boxes on the phone that never lose what was typed: each keeps a draft on the device
// as it is typed (localStorage), and a form clears it only once its text was handed to the
// outbox. The box's value comes from the draft through live(), so a render while someone
// types leaves the text and the caret where they are.

import { t } from "../live.js";
import { holdPersonal, personalHeld, personalTyped, personalWarning } from "../personal-warning.js";
import { html, live, nothing } from "../view.js";

const workshopId = document.getElementById("app")?.dataset.workshop || "";
const draftKey = (key) => `paja:draft:${workshopId}:${key}`;

// The draft of `key`, or null when there is none (an emptied box is a draft too: "").
export function draft(key) {
  try {
    return localStorage.getItem(draftKey(key));
  } catch {
    return null;
  }
}

export function keepDraft(key, value) {
  try {
    localStorage.setItem(draftKey(key), value);
  } catch {
    /* storage full or disabled: the text stays in the box */
  }
}

export function dropDraft(key) {
  try {
    localStorage.removeItem(draftKey(key));
  } catch {
    /* disabled */
  }
}

// Input handler that keeps the draft of `key`.
export const typing = (key) => (event) => keepDraft(key, event.currentTarget.value);

const errors = new Map(); // form id -> message

// A labelled text box with its button. onSend(text) returns false when it could not take
// the text (it then stays); otherwise the box and its draft are cleared. What others will
// read is checked for personal data first (see personal-warning.js).
export function textForm(
  page,
  { id, label, button, rows = 3, max = 500, draftKey: key, onSend, prefix, disabled = false },
) {
  const error = errors.get(id) || "";
  const submit = (event) => {
    event.preventDefault();
    const input = event.currentTarget.querySelector("textarea");
    const text = input.value.trim();
    if (!text) errors.set(id, t("empty"));
    else if (text.length > max) errors.set(id, t("too_long", { max }));
    else if (holdPersonal(page, id, text)) {
      errors.delete(id);
      return;
    } else if (onSend(text) !== false) {
      errors.delete(id);
      dropDraft(key);
      input.value = "";
    }
    page.update();
    if (errors.has(id)) input.focus();
  };
  return html`<form class="stack" novalidate @submit=${submit}>
    <label for=${id}>${label}</label>
    ${prefix ? html`<p class="prefix">${prefix}</p>` : nothing}
    <textarea id=${id} rows=${rows} maxlength=${max} aria-describedby="${id}-error"
      aria-invalid=${error ? "true" : "false"} ?disabled=${disabled}
      .value=${live(draft(key) ?? "")} @input=${(event) => {
        typing(key)(event);
        personalTyped(page, id);
      }}></textarea>
    <p class="field-error" id="${id}-error">${error}</p>
    ${personalWarning(page, id)}
    <button type="submit" class="button primary big" ?disabled=${disabled} ?hidden=${personalHeld(id)}>${button}</button>
  </form>`;
}
