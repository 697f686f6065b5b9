// What the phone shows of my own idea or canvas answer while a facilitator moderates it:
// waiting for the facilitator; returned to me with the facilitator's note and a box to
// change it and send it again (the box keeps what I type, on the device, until it is
// sent); or edited by the facilitator, with my own words beside it.

import { t } from "../live.js";
import { html, nothing } from "../view.js";
import { draft, keepDraft, textForm } from "./forms.js";

// Whether new items are moderated where this one is: the workshop's switch, or (for an
// idea) its question's.
export function moderatedHere(store, question = null) {
  const workshop = store.all("workshop")[0];
  return Boolean(workshop?.moderated || question?.moderated);
}

// One of my items' moderation state, or nothing if it is out. `sent`: my changed text is
// in the outbox, so it is on its way back to the queue. `resend(text)` queues the edit.
export function myModeration(page, item, { kind, text, original, sent, resend, max }) {
  if (item.moderation === "pending" || (item.moderation === "returned" && sent)) {
    return html`<p class="badge mod-waiting"><span aria-hidden="true">⏳ </span>${t("mod_waiting")}</p>
      <p class="muted small-print">${t("mod_waiting_hint")}</p>`;
  }
  if (item.moderation === "returned") {
    const key = `mod-resend-${kind}-${item.id}`;
    // The box starts from the text as it was sent; from then on it keeps what is typed.
    if (draft(key) === null) keepDraft(key, text);
    return html`<div class="notice mod-returned" role="group" aria-labelledby="mod-returned-${item.id}">
      <p id="mod-returned-${item.id}"><strong>${t("mod_returned")}</strong></p>
      <p>${t("mod_their_note")} <span class="mod-their-note">${item.moderation_note}</span></p>
      ${textForm(page, {
        id: `mod-resend-${item.id}`,
        label: kind === "idea" ? t("mod_change_idea") : t("mod_change_answer"),
        button: t("mod_send_again"),
        rows: 3,
        max,
        draftKey: key,
        onSend: resend,
      })}
    </div>`;
  }
  if (original) {
    return html`<details class="mod-edited">
      <summary>${t("mod_edited")}</summary>
      <p>${t("mod_your_words")} <span class="mod-original">${original}</span></p>
    </details>`;
  }
  return nothing;
}
