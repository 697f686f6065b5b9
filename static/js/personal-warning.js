// The gentle warning on the phone before a text that looks like personal data goes to
// others: "This looks like a phone number. Others will see it." with "Edit" (the text stays
// in the box, the caret goes back to it) and "Send anyway" (the form is sent as it is).
//
// A form asks holdPersonal() in its submit handler before it sends; true means the warning
// is on screen and the form must stop there, keeping its text. personalWarning() draws the
// warning inside the form. Only pages that set `page.personalCheck` (the participant's
// phone) warn: a facilitator editing in the cockpit sees the marks instead.

import { t } from "./live.js";
import { findPersonalData } from "./personal-data.js";
import { html, nothing } from "./view.js";

const held = new Map(); // form id -> { text, kinds, box }
const allowed = new Map(); // form id -> the text its writer chose to send anyway

function focusSoon(selector) {
  requestAnimationFrame(() => requestAnimationFrame(() => document.querySelector(selector)?.focus()));
}

// Whether the form `id` must wait: `text` is what it would send, `box` the id of the text
// box to go back to on "Edit".
export function holdPersonal(page, id, text, box = id) {
  if (!page.personalCheck) return false;
  if (allowed.get(id) === text) {
    allowed.delete(id);
    held.delete(id);
    return false;
  }
  allowed.delete(id);
  const kinds = findPersonalData(text);
  if (!kinds.length) {
    held.delete(id);
    return false;
  }
  held.set(id, { text, kinds, box });
  page.update();
  focusSoon(`#${CSS.escape(id)}-personal [data-personal=edit]`);
  return true;
}

// Whether the warning of form `id` is on screen (its own send button then steps aside).
export const personalHeld = (id) => held.has(id);

// Typing on after the warning: the text is no longer the one warned about.
export function personalTyped(page, id) {
  if (!held.delete(id)) return;
  page.update();
}

export function personalWarning(page, id) {
  const hold = held.get(id);
  if (!hold) return nothing;
  const edit = () => {
    held.delete(id);
    page.update();
    focusSoon(`#${CSS.escape(hold.box)}`);
  };
  const send = (event) => {
    const form = event.currentTarget.closest("form");
    allowed.set(id, hold.text);
    held.delete(id);
    // The form's own handler sends it, exactly as its button would.
    if (form.requestSubmit) form.requestSubmit();
    else form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
  };
  return html`<div class="notice personal-warning" id=${`${id}-personal`} role="alert"
      data-kinds=${hold.kinds.join(" ")}>
    ${hold.kinds.map((kind) => html`<p class="personal-kind"><strong>${t(`pd_looks_${kind}`)}</strong></p>`)}
    <p>${t("pd_others_see")}</p>
    <div class="row wrap personal-choices">
      <button type="button" class="button primary big" data-personal="edit" @click=${edit}>${t("pd_edit")}</button>
      <button type="button" class="button big" data-personal="send" @click=${send}>${t("pd_send_anyway")}</button>
    </div>
  </div>`;
}

// The facilitators' mark on an item that may hold personal data: their view of it carries
// `personal_data` (nobody else's does), and they edit or remove it as they would anything.
export function personalBadge(item) {
  const kinds = item?.personal_data;
  if (!kinds?.length) return nothing;
  const names = kinds.map((kind) => t(`pd_kind_${kind}`)).join(", ");
  return html`<span class="badge personal-badge" data-personal-data=${kinds.join(" ")}
    title=${t("pd_badge_title", { kinds: names })}>⚠ ${t("pd_badge")} (${names})</span>`;
}
