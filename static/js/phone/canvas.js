// The challenge canvas of my group, one step at a time: each guiding question with its
// notes, then how important it is (the 1-5 rating with the "why" notes under it), the
// personas it concerns, and the statement. A phase that names a part opens the phones at it.

import { newId, t } from "../live.js";
import {
  challengeOfGroup,
  config,
  groupOf,
  helpedLine,
  importanceBars,
  memberName,
  notesFor,
  ordered,
  personaTitle,
} from "../parts.js";
import { currentPhase, currentSession } from "../stage.js";
import { html, live, nothing, repeat } from "../view.js";
import { draft, dropDraft, textForm, typing } from "./forms.js";
import { moderatedHere, myModeration } from "./moderation.js";

// The rating and the text question about importance are one step: "How important is it,
// and why?" A phase focused on either opens it with the rating first.
const RATING = "importance";
const steps = () => [
  ...(config.questions || []).filter((q) => q !== RATING),
  RATING,
  "personas",
  "statement",
];
const FOCUS_ALIAS = { rating: RATING };

let step = 0;
let focusedPhase = null;
let baseRev = null;
let statementError = "";

export function read(store, page) {
  const phase = currentPhase(currentSession(store));
  const parts = steps();
  if (phase && phase.id !== focusedPhase) {
    focusedPhase = phase.id;
    const index = parts.indexOf(FOCUS_ALIAS[phase.focus] || phase.focus);
    if (index >= 0) step = index;
  }
  step = Math.min(Math.max(step, 0), parts.length - 1);
  const group = groupOf(store, page.member);
  const challenge = group ? challengeOfGroup(store, group.id) : null;
  if (!challenge) return { challenge: null };
  if (baseRev === null || document.activeElement?.id !== "statement") baseRev = challenge.rev;
  const pendingRate = page.live
    .outbox()
    .slice()
    .reverse()
    .find((o) => o.name === "challenge.rate" && o.args.challenge_id === challenge.id);
  const rated = store
    .all("rating")
    .find((r) => r.challenge_id === challenge.id && r.member_id === page.member);
  const notes = (question) =>
    notesFor(store, challenge.id, question).map((n) => ({
      ...n,
      author: memberName(store, n.member_id),
      helped: helpedLine(store, n),
    }));
  return {
    challenge,
    group,
    parts,
    step,
    name: parts[step],
    notes,
    moderated: moderatedHere(store),
    edits: new Set(
      page.live
        .outbox()
        .filter((o) => o.name === "challenge.edit_note")
        .map((o) => o.args.note_id),
    ),
    myRating: pendingRate ? pendingRate.args.value : rated?.value || null,
    personas: ordered(store, "persona"),
  };
}

function noteList(page, notes, data) {
  return html`<ul class="notes">${repeat(
    notes,
    (n) => n.id,
    (n) => html`<li class="note">${
      n.member_id === page.member
        ? myModeration(page, n, {
            kind: "note",
            text: n.body,
            original: n.original_body,
            sent: data.edits.has(n.id),
            max: 500,
            resend: (body) => {
              page.queue("challenge.edit_note", { note_id: n.id, body });
              page.update();
            },
          })
        : nothing
    }${n.moderation === "returned" && !data.edits.has(n.id) ? nothing : html`${n.body}<span class="muted"> – ${n.author}</span>${n.helped}`}
      ${
        n.member_id === page.member
          ? html`<button type="button" class="button small" aria-label="${t("delete")}: ${n.body}"
              @click=${() => page.queue("challenge.delete_note", { note_id: n.id })}>${t("delete")}</button>`
          : nothing
      }</li>`,
  )}</ul>`;
}

function questionStep(data, page, question, heading = t(`q_${question}`)) {
  return html`<section class="card phone canvas-question" data-question=${question}>
    <h3 tabindex="-1">${heading}</h3>
    ${data.moderated ? html`<p class="muted">${t("mod_mode_note")}</p>` : nothing}
    ${noteList(page, data.notes(question), data)}
    ${textForm(page, {
      id: `note-${question}`,
      label: t("note_label"),
      button: t("add_note"),
      rows: 2,
      max: 500,
      draftKey: `note-${question}`,
      onSend: (body) => {
        page.queue("challenge.note", { id: newId(), challenge_id: data.challenge.id, question, body });
      },
    })}
  </section>`;
}

function ratingStep(data, page) {
  const { challenge } = data;
  const hasWhy = (config.questions || []).includes(RATING);
  return html`<section class="card phone rating-step">
      <h3 tabindex="-1" id="rate-title">${t("rate")}</h3>
      <div class="rating" role="group" aria-labelledby="rate-title">
        ${[1, 2, 3, 4, 5].map((value) => {
          const chosen = data.myRating === value;
          return html`<button type="button" class="button big rate ${chosen ? "primary" : ""}" data-value=${value}
            aria-pressed=${String(chosen)} @click=${() => {
              page.queue("challenge.rate", { challenge_id: challenge.id, value });
              page.update();
            }}>${chosen ? `✓ ${value}` : String(value)}</button>`;
        })}
      </div>
      ${data.myRating ? html`<p class="muted">${t("rated_as", { value: data.myRating })}</p>` : nothing}
      ${importanceBars(challenge.importance, page.lang)}
    </section>
    ${hasWhy ? questionStep(data, page, RATING, t("q_importance")) : nothing}`;
}

function personasStep(data, page) {
  const { challenge } = data;
  return html`<section class="card phone"><fieldset class="stack persona-picks">
    <legend tabindex="-1">${t("personas_linked")}</legend>
    ${repeat(
      data.personas,
      (p) => p.id,
      (persona) => html`<label class="choice" for="link-${persona.id}">
        <input type="checkbox" id="link-${persona.id}" .checked=${live(challenge.persona_ids.includes(persona.id))}
          @change=${(event) => {
            const ids = new Set(challenge.persona_ids);
            if (event.currentTarget.checked) ids.add(persona.id);
            else ids.delete(persona.id);
            page.run("challenge.update", { challenge_id: challenge.id, persona_ids: [...ids] }, event);
          }}> ${personaTitle(persona, page.lang)}</label>`,
    )}
  </fieldset></section>`;
}

function statementStep(data, page) {
  const { challenge } = data;
  const submit = async (event) => {
    event.preventDefault();
    const input = event.currentTarget.elements.statement;
    try {
      const saved = await page.live.command("challenge.update", {
        challenge_id: challenge.id,
        statement: input.value.trim(),
        base_rev: baseRev ?? challenge.rev,
      });
      baseRev = saved.rev;
      statementError = "";
      dropDraft("statement");
      input.value = "";
    } catch (error) {
      if (error.status === 409) {
        // Keep the person's text in the box; show theirs; the next save wins knowingly.
        statementError = `${t("statement_conflict")} “${(error.fields.statement || [""])[0]}”`;
        baseRev = Number((error.fields.base_rev || [challenge.rev])[0]);
      } else {
        statementError = `${t("error")} ${error.message}`;
      }
    }
    page.update();
  };
  return html`<section class="card phone"><form class="stack" novalidate @submit=${submit}>
    <label for="statement" tabindex="-1">${t("statement")}</label>
    <textarea id="statement" name="statement" rows="3" maxlength="1000" placeholder=${challenge.statement || ""}
      .value=${live(draft("statement") ?? "")} @input=${typing("statement")}></textarea>
    ${statementError ? html`<p class="notice" role="alert">${statementError}</p>` : nothing}
    <button type="submit" class="button primary big">${t("statement_save")}</button>
  </form></section>`;
}

export function view(data, page) {
  if (!data.challenge) return html`<p class="muted">${t("no_canvas")}</p>`;
  const go = (to) => {
    step = to;
    page.renderNow();
    document.querySelector("#board .steps h3, #board .steps legend, #board .steps label")?.focus();
  };
  const name = data.name;
  const body =
    name === RATING
      ? ratingStep(data, page)
      : name === "personas"
        ? personasStep(data, page)
        : name === "statement"
          ? statementStep(data, page)
          : questionStep(data, page, name);
  return html`<section class="card phone">
      <h2>${t("challenge")}: ${data.group.name}</h2>
      <p class="statement">${data.challenge.statement || t("statement_empty")}</p>
    </section>
    <p class="eyebrow">${t("step_of", { n: data.step + 1, total: data.parts.length })}</p>
    <div class="steps" data-step=${name}>${body}</div>
    <div class="row spread pager">
      <button type="button" class="button big" data-focus="canvas-back" ?disabled=${data.step === 0}
        @click=${() => go(data.step - 1)}>‹ ${t("prev_card")}</button>
      <button type="button" class="button big primary" data-focus="canvas-next"
        ?disabled=${data.step === data.parts.length - 1} @click=${() => go(data.step + 1)}>${t("next_card")} ›</button>
    </div>`;
}
