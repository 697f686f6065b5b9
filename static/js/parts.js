// The board's shared pieces as lit-html templates: persona cards, the challenge canvas,
// importance bars and how-might-we lists, drawn the same way on phones, the facilitator's
// laptop and the projector, plus the small pure helpers every view uses. Everything
// people wrote goes in as text (lit-html escapes it), never as HTML.

import { pageLanguage, textIn } from "./content.js";
import { formatDate as formatMoment, formatNumber, formatTime } from "./format.js";
import { localized, t } from "./live.js";
import { personalBadge } from "./personal-warning.js";
import { html, live, nothing, ref } from "./view.js";

export { svg } from "./view.js";

export const config = JSON.parse(document.getElementById("paja-board")?.textContent || "{}");

export function ordered(store, kind) {
  return store
    .all(kind)
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || (a.created_at ?? 0) - (b.created_at ?? 0));
}

// A person's name, always looked up in the member entity: other entities carry only the
// member's id, so a rename shows everywhere at once.
// An erased member keeps no name: what they gave to shared work is "a participant's".
export function memberName(store, id) {
  return authorName(store, id) || "–";
}

// The name on something a member wrote; null when this screen does not know the member.
export function authorName(store, id) {
  const member = id ? store.get("member", id) : null;
  if (!member) return null;
  return member.erased ? t("a_participant") : member.display_name;
}

// "Entered with help by Anna" on what a facilitator typed in for this member, who had no
// device then; only the member and the facilitators get entered_by_member_id at all.
export function helpedLine(store, item) {
  if (!item?.entered_by_member_id) return nothing;
  return html`<p class="helped-by muted">✎ ${t("helped_by", { name: memberName(store, item.entered_by_member_id) })}</p>`;
}

// How many participants are in. Phones and the projector know only the members shown to
// the room (those in a group or named on something), so the count is its own small entity,
// sent a few times a second however fast a hall joins.
export function participantCount(store) {
  return store.all("turnout")[0]?.participants ?? 0;
}

export function personaTitle(persona, lang) {
  const field = persona.kind === "persona" ? "name" : "segment";
  return localized(persona.fields[field], lang);
}

export function groupOf(store, memberId) {
  const me = memberId && store.get("member", memberId);
  return me?.group_id ? store.get("group", me.group_id) : null;
}

export function challengeOfGroup(store, groupId) {
  return store.all("challenge").find((c) => c.group_id === groupId) || null;
}

// What a form holds, to tell later whether anything was typed in it since.
export function formState(form) {
  return JSON.stringify([...new FormData(form)].filter(([, value]) => typeof value === "string"));
}

// After a create's answer, a form empties for the next thing - unless something was typed
// since it was sent (the answer can come while the next is being typed) - and takes the
// focus back to ``field`` (if given) only if the focus is still in the form, or lost.
export function readyForNext(form, sent, field) {
  if (formState(form) === sent) form.reset();
  if (field && (form.contains(document.activeElement) || document.activeElement === document.body)) {
    field.focus();
  }
}

// Whose challenge it is: a group's, or (without a group) the whole workshop's.
export function groupName(store, challenge) {
  if (!challenge.group_id) return t("whole_workshop");
  return store.get("group", challenge.group_id)?.name || t("group_removed");
}

// A heading of the level the embedding view needs (lit-html cannot bind a tag name).
export function heading(level, content, { className = "", id = undefined } = {}) {
  switch (level) {
    case "h1":
      return html`<h1 class=${className} id=${id ?? nothing}>${content}</h1>`;
    case "h3":
      return html`<h3 class=${className} id=${id ?? nothing}>${content}</h3>`;
    case "h4":
      return html`<h4 class=${className} id=${id ?? nothing}>${content}</h4>`;
    default:
      return html`<h2 class=${className} id=${id ?? nothing}>${content}</h2>`;
  }
}

// A field's text: list fields become a bullet list, the rest a paragraph.
function fieldBody(name, text) {
  if (config.list_fields?.includes(name)) {
    const items = text
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
    return html`<ul>${items.map((item) => html`<li>${item}</li>`)}</ul>`;
  }
  return html`<p>${text}</p>`;
}

const CARD_HEAD = new Set(["name", "segment", "age_range", "role", "quote"]);

export function personaCard(persona, lang, { headingLevel = "h2" } = {}) {
  const text = (name) => localized(persona.fields[name], lang);
  const meta =
    persona.kind === "persona" ? [text("age_range"), text("role")].filter(Boolean).join(" · ") : "";
  const quote = persona.kind === "persona" ? text("quote") : "";
  const sections = (config.fields?.[persona.kind] || []).filter((name) => !CARD_HEAD.has(name) && text(name));
  return html`<article class="persona-card ${persona.kind}" data-persona=${persona.id}>
    <p class="eyebrow">${t(persona.kind)}</p>
    ${heading(headingLevel, personaTitle(persona, lang), { className: "persona-name" })}
    ${meta ? html`<p class="muted">${meta}</p>` : nothing}
    ${quote ? html`<blockquote>“${quote}”</blockquote>` : nothing}
    ${sections.map(
      (name) => html`<section class="persona-field">
        <h3>${t(`field_${name}`)}</h3>
        ${fieldBody(name, text(name))}
      </section>`,
    )}
  </article>`;
}

// What the workshop has done for a persona: the challenges and questions naming it.
export function personaLinks(store, personaId) {
  const challenges = store.all("challenge").filter((c) => c.persona_ids.includes(personaId));
  const questions = ordered(store, "hmw").filter((q) => q.persona_ids.includes(personaId));
  const ideas = ordered(store, "idea").filter((i) => i.persona_id === personaId);
  const concepts = ordered(store, "concept").filter((c) => c.persona_ids.includes(personaId));
  const none = !challenges.length && !questions.length && !ideas.length && !concepts.length;
  return html`<section class="persona-links">
    <h3>${t("persona_links")}</h3>
    ${none ? html`<p class="muted">${t("links_none")}</p>` : nothing}
    ${
      challenges.length
        ? html`<h4>${t("links_challenges")}</h4>
          <ul>${challenges.map(
            (c) =>
              html`<li><strong>${groupName(store, c)}</strong>${c.statement ? `: ${c.statement}` : ""}</li>`,
          )}</ul>`
        : nothing
    }
    ${
      questions.length
        ? html`<h4>${t("links_questions")}</h4><ul>${questions.map((q) => html`<li>${textIn(q.text, pageLanguage())}</li>`)}</ul>`
        : nothing
    }
    ${ideas.length ? html`<h4>${t("links_ideas")}</h4><ul>${ideas.map((i) => html`<li>${i.text}</li>`)}</ul>` : nothing}
    ${
      concepts.length
        ? html`<h4>${t("links_concepts")}</h4>
          <ul>${concepts.map(
            (c) => html`<li>${c.name}<span class="muted"> · ${t(`stage_${c.stage}`)}</span></li>`,
          )}</ul>`
        : nothing
    }
  </section>`;
}

// A width set through the CSSOM: the pages' CSP (style-src 'self') refuses style
// attributes, and a refused one would leave every bar the full track whatever its count.
// A new callback each render, so lit-html calls it again with the element.
export function widthOf(fraction) {
  return ref((element) => {
    if (element) element.style.width = `${fraction * 100}%`;
  });
}

// One bar per count, each as long as its share of the largest, with its label and count
// as text.
export function barList(counts, { first = 1, label = null } = {}) {
  const top = Math.max(1, ...counts);
  return html`<ol class="bars" aria-label=${label ?? nothing}>
    ${counts.map(
      (count, index) => html`<li>
        <span class="bar-label">${String(first + index)}</span>
        <span class="bar-track"><span class="bar" ${widthOf(count / top)}></span></span>
        <span class="bar-count">${String(count)}</span>
      </li>`,
    )}
  </ol>`;
}

export function importanceBars(importance, _lang) {
  return html`<div class="importance">
    <p class="muted">
      ${
        importance.total
          ? t("ratings", { n: importance.total, mean: formatNumber(importance.mean) })
          : t("no_ratings")
      }
    </p>
    ${barList(importance.counts, { label: t("rate") })}
  </div>`;
}

export function notesFor(store, challengeId, question) {
  return store
    .all("challenge_note")
    .filter((n) => n.challenge_id === challengeId && n.question === question)
    .sort((a, b) => a.created_at - b.created_at);
}

// A read-only canvas (projector, facilitator overview). With `remove`, each contribution
// gets a button that calls remove(note, event) (the facilitator's moderation).
export function canvasView(
  store,
  challenge,
  lang,
  { headingLevel = "h2", authors = false, remove = null } = {},
) {
  const linked = challenge.persona_ids.map((id) => store.get("persona", id)).filter(Boolean);
  return html`<article class="canvas" data-challenge=${challenge.id}>
    ${heading(headingLevel, groupName(store, challenge))}
    <p class="statement">${challenge.statement || t("statement_empty")}</p>
    ${
      linked.length
        ? html`<p class="muted">${t("personas_linked")}: ${linked.map((p) => personaTitle(p, lang)).join(", ")}</p>`
        : nothing
    }
    ${(config.questions || []).map((question) => {
      const notes = notesFor(store, challenge.id, question);
      return html`<section class="canvas-question" data-question=${question}>
        <h3>${t(`q_${question}`)}</h3>
        ${
          notes.length
            ? html`<ul class="notes">
              ${notes.map(
                (n) => html`<li class="note" data-note=${n.id}>
                  ${n.body}
                  ${authors ? html`<span class="muted"> – ${memberName(store, n.member_id)}</span>` : nothing}
                  ${remove ? personalBadge(n) : nothing}
                  ${
                    remove
                      ? html`<button type="button" class="button small" data-focus=${`note-remove-${n.id}`}
                          aria-label=${`${t("delete")}: ${n.body}`}
                          @click=${(event) => remove(n, event)}>${t("delete")}</button>`
                      : nothing
                  }
                </li>`,
              )}
            </ul>`
            : html`<p class="muted">–</p>`
        }
      </section>`;
    })}
    ${importanceBars(challenge.importance, lang)}
  </article>`;
}

export function hmwGroups(store) {
  const questions = ordered(store, "hmw");
  return store
    .all("challenge")
    .map((challenge) => ({
      challenge,
      questions: questions.filter((q) => q.challenge_id === challenge.id),
    }))
    .filter((entry) => entry.questions.length);
}

// Text boxes whose draft is kept on the device as it is typed (nothing typed is lost, not
// even over a reload), and a labelled text form that sends through `onSend` (false =
// not accepted, keep the text). `page` (optional) re-renders when a form's error changes.
export function formHelpers(workshopId, page = null) {
  const draftKey = (key) => `paja:draft:${workshopId}:${key}`;
  const errors = new Map();
  function draft(key) {
    try {
      return localStorage.getItem(draftKey(key)) || "";
    } catch {
      return ""; /* storage disabled */
    }
  }
  function saveDraft(key, value) {
    try {
      localStorage.setItem(draftKey(key), value);
    } catch {
      /* full */
    }
  }
  function dropDraft(key) {
    try {
      localStorage.removeItem(draftKey(key));
    } catch {
      /* disabled */
    }
  }
  // For an <input>/<textarea>: `.value=${keep(key)}` and `@input=${keepInput(key)}`.
  const keep = (key) => live(draft(key));
  const keepInput = (key) => (event) => saveDraft(key, event.currentTarget.value);

  function setError(id, text) {
    if ((errors.get(id) || "") === text) return;
    errors.set(id, text);
    page?.update();
  }

  // A text box with its label and a button.
  function textForm({ id, label, button, rows = 3, max = 500, draft: key, onSend, prefix = null }) {
    const submit = async (event) => {
      event.preventDefault();
      const input = event.currentTarget.querySelector("textarea");
      const text = input.value.trim();
      if (!text) {
        setError(id, t("empty"));
        input.focus();
        return;
      }
      if (text.length > max) {
        setError(id, t("too_long", { max }));
        return;
      }
      setError(id, "");
      if ((await onSend(text)) !== false) {
        input.value = "";
        dropDraft(key);
        page?.update();
      }
    };
    return html`<form class="stack" novalidate @submit=${submit}>
      <label for=${id}>${label}</label>
      ${prefix ? html`<p class="prefix">${prefix}</p>` : nothing}
      <textarea id=${id} rows=${String(rows)} maxlength=${String(max)} aria-describedby=${`${id}-error`}
        .value=${keep(key)} @input=${keepInput(key)}></textarea>
      <p class="field-error" id=${`${id}-error`}>${errors.get(id) || ""}</p>
      <button type="submit" class="button primary big">${button}</button>
    </form>`;
  }

  return { draft, saveDraft, dropDraft, keep, keepInput, textForm };
}

// --- small shared date helpers: the page's locale decides (format.js) ------------------------

// A calendar day ("2026-11-24") as the page's language writes dates. (`lang` is the page's.)
export function formatDay(iso, _lang) {
  return formatMoment(iso);
}

// A moment (seconds since the epoch, as the server sends them) as a date.
export function formatDate(epoch, _lang) {
  return formatMoment(epoch);
}

// Today on this device, as "YYYY-MM-DD" (local time, not UTC).
export function localToday() {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

// A moment (seconds since the epoch, as the server sends them) as a clock time ("klo 14.35"
// on a Finnish page has the time "14.35").
export function formatClock(epoch) {
  return formatTime(epoch);
}

// Put the focus on what an action led to once it is drawn (a moved row's button, the next
// row after a removal, a form just opened): the element someone acted on may have moved or
// gone, and focus must not fall to <body>. With force the target takes the focus as soon as
// it exists; without, only when the focus has been lost meanwhile. Several selectors: the
// first that finds an enabled element.
export function focusSoon(selector, { force = false, frames = 60 } = {}) {
  let left = frames;
  const step = () => {
    const target = [selector]
      .flat()
      .map((one) => document.querySelector(one))
      .find((one) => one && !one.disabled);
    const active = document.activeElement;
    const lost = !active || active === document.body || !active.isConnected;
    if (target && (force || lost)) {
      if (active !== target) target.focus();
      if (force) return;
    }
    left -= 1;
    if (left > 0) requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
}
