// The board's shared pieces: persona cards, the challenge canvas, importance bars and
// how-might-we lists, drawn the same way on phones, the facilitator's laptop and the
// projector. Everything people wrote is put in as text, never as HTML.

import { el, localized, t } from "./live.js";

export const config = JSON.parse(document.getElementById("paja-board")?.textContent || "{}");

export function ordered(store, kind) {
  return store
    .all(kind)
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || (a.created_at ?? 0) - (b.created_at ?? 0));
}

// A person's name, always looked up in the member entity: other entities carry only the
// member's id, so a rename shows everywhere at once.
export function memberName(store, id) {
  return store.get("member", id)?.display_name || "–";
}

// What a re-render key needs to hold for the names it shows: every member's id and rev
// (a rename or a removal changes the rev).
export function memberKey(store) {
  return store.all("member").map((m) => [m.id, m.rev]);
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

export function groupName(store, challenge) {
  return store.get("group", challenge.group_id)?.name || t("group_removed");
}

// A field's text: list fields become a bullet list, the rest paragraphs.
function fieldBody(name, text) {
  if (config.list_fields?.includes(name)) {
    const items = text
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
    return el("ul", {}, ...items.map((item) => el("li", {}, item)));
  }
  return el("p", {}, text);
}

export function personaCard(persona, lang, { headingLevel = "h2" } = {}) {
  const f = persona.fields;
  const text = (name) => localized(f[name], lang);
  const card = el(
    "article",
    { class: `persona-card ${persona.kind}`, "data-persona": persona.id },
    el("p", { class: "eyebrow" }, t(persona.kind)),
    el(headingLevel, { class: "persona-name" }, personaTitle(persona, lang)),
  );
  if (persona.kind === "persona") {
    const meta = [text("age_range"), text("role")].filter(Boolean).join(" · ");
    if (meta) card.append(el("p", { class: "muted" }, meta));
    if (text("quote")) card.append(el("blockquote", {}, `“${text("quote")}”`));
  }
  const skip = new Set(["name", "segment", "age_range", "role", "quote"]);
  for (const name of config.fields?.[persona.kind] || []) {
    if (skip.has(name) || !text(name)) continue;
    card.append(
      el(
        "section",
        { class: "persona-field" },
        el("h3", {}, t(`field_${name}`)),
        fieldBody(name, text(name)),
      ),
    );
  }
  return card;
}

// What the workshop has done for a persona: the challenges and questions naming it.
export function personaLinks(store, personaId) {
  const challenges = store.all("challenge").filter((c) => c.persona_ids.includes(personaId));
  const questions = ordered(store, "hmw").filter((q) => q.persona_ids.includes(personaId));
  const ideas = ordered(store, "idea").filter((i) => i.persona_id === personaId);
  const concepts = ordered(store, "concept").filter((c) => c.persona_ids.includes(personaId));
  const section = el("section", { class: "persona-links" }, el("h3", {}, t("persona_links")));
  if (!challenges.length && !questions.length && !ideas.length && !concepts.length) {
    section.append(el("p", { class: "muted" }, t("links_none")));
    return section;
  }
  if (challenges.length) {
    section.append(
      el("h4", {}, t("links_challenges")),
      el(
        "ul",
        {},
        ...challenges.map((c) =>
          el("li", {}, el("strong", {}, groupName(store, c)), c.statement ? `: ${c.statement}` : ""),
        ),
      ),
    );
  }
  if (questions.length) {
    section.append(
      el("h4", {}, t("links_questions")),
      el("ul", {}, ...questions.map((q) => el("li", {}, q.text))),
    );
  }
  if (ideas.length) {
    section.append(el("h4", {}, t("links_ideas")), el("ul", {}, ...ideas.map((i) => el("li", {}, i.text))));
  }
  if (concepts.length) {
    section.append(
      el("h4", {}, t("links_concepts")),
      el(
        "ul",
        {},
        ...concepts.map((c) =>
          el("li", {}, c.name, el("span", { class: "muted" }, ` · ${t(`stage_${c.stage}`)}`)),
        ),
      ),
    );
  }
  return section;
}

// One bar per count, each as long as its share of the largest, with its label and count as
// text. The width goes through the CSSOM: the page's CSP (style-src 'self') refuses style
// attributes, and a refused one leaves every bar the full track whatever the count.
export function barList(counts, { first = 1, label = null } = {}) {
  const top = Math.max(1, ...counts);
  return el(
    "ol",
    { class: "bars", "aria-label": label },
    ...counts.map((count, index) => {
      const bar = el("span", { class: "bar" });
      bar.style.width = `${(count / top) * 100}%`;
      return el(
        "li",
        {},
        el("span", { class: "bar-label" }, String(first + index)),
        el("span", { class: "bar-track" }, bar),
        el("span", { class: "bar-count" }, String(count)),
      );
    }),
  );
}

export function importanceBars(importance, lang) {
  return el(
    "div",
    { class: "importance" },
    el(
      "p",
      { class: "muted" },
      importance.total
        ? t("ratings", { n: importance.total, mean: importance.mean.toLocaleString(lang) })
        : t("no_ratings"),
    ),
    barList(importance.counts, { label: t("rate") }),
  );
}

export function notesFor(store, challengeId, question) {
  return store
    .all("challenge_note")
    .filter((n) => n.challenge_id === challengeId && n.question === question)
    .sort((a, b) => a.created_at - b.created_at);
}

// A read-only canvas (projector, facilitator overview).
// With `remove`, each contribution gets a button that calls it (the facilitator's moderation).
export function canvasView(
  store,
  challenge,
  lang,
  { headingLevel = "h2", authors = false, remove = null } = {},
) {
  const linked = challenge.persona_ids.map((id) => store.get("persona", id)).filter(Boolean);
  const box = el(
    "article",
    { class: "canvas", "data-challenge": challenge.id },
    el(headingLevel, {}, groupName(store, challenge)),
    el("p", { class: "statement" }, challenge.statement || t("statement_empty")),
    linked.length
      ? el(
          "p",
          { class: "muted" },
          `${t("personas_linked")}: `,
          linked.map((p) => personaTitle(p, lang)).join(", "),
        )
      : null,
  );
  for (const question of config.questions || []) {
    const notes = notesFor(store, challenge.id, question);
    box.append(
      el(
        "section",
        { class: "canvas-question", "data-question": question },
        el("h3", {}, t(`q_${question}`)),
        notes.length
          ? el(
              "ul",
              { class: "notes" },
              ...notes.map((n) =>
                el(
                  "li",
                  { class: "note" },
                  n.body,
                  authors ? el("span", { class: "muted" }, ` – ${memberName(store, n.member_id)}`) : null,
                  remove
                    ? el(
                        "button",
                        {
                          type: "button",
                          class: "button small",
                          onclick: (event) => remove(n, event.currentTarget),
                          "aria-label": `${t("delete")}: ${n.body}`,
                        },
                        t("delete"),
                      )
                    : null,
                ),
              ),
            )
          : el("p", { class: "muted" }, "–"),
      ),
    );
  }
  box.append(importanceBars(challenge.importance, lang));
  return box;
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

// Re-render a region only when what it shows changed, and never pull a form from under
// someone typing in it: drafts, focus and open <details> are carried across.
export function region(box, keyOf, draw) {
  let key = null;
  return (force = false) => {
    const next = JSON.stringify(keyOf());
    if (next === key && !force) return;
    key = next;
    const focused = box.contains(document.activeElement) ? document.activeElement.id : null;
    const drafts = new Map(
      [...box.querySelectorAll("input[id], textarea[id]")]
        .filter((input) => input.type !== "checkbox")
        .map((input) => [input.id, input.value]),
    );
    const open = new Set([...box.querySelectorAll("details[id][open]")].map((d) => d.id));
    // Through fill: a drawing's conditional parts give null, which replaceChildren would
    // print as the text "null".
    fill(box, draw());
    for (const id of open) {
      const d = document.getElementById(id);
      if (d) d.open = true;
    }
    for (const [id, value] of drafts) {
      const input = document.getElementById(id);
      if (input && box.contains(input) && input.dataset.fresh !== "true") input.value = value;
    }
    if (focused) document.getElementById(focused)?.focus({ preventScroll: true });
  };
}

// Text boxes that keep a draft on the device as it is typed (nothing typed is lost), and a
// labelled text form that sends through `onSend` (true = accepted for sending).
export function formHelpers(workshopId) {
  const draftKey = (key) => `paja:draft:${workshopId}:${key}`;
  function keepDraft(input, key) {
    try {
      const saved = localStorage.getItem(draftKey(key));
      if (saved !== null && !input.value) input.value = saved;
    } catch {
      /* storage disabled */
    }
    input.addEventListener("input", () => {
      try {
        localStorage.setItem(draftKey(key), input.value);
      } catch {
        /* full */
      }
    });
    return input;
  }
  function dropDraft(key) {
    try {
      localStorage.removeItem(draftKey(key));
    } catch {
      /* disabled */
    }
  }

  // A text box with its label and a button; sends through `onSend`, which returns true
  // when the text was accepted for sending.
  function textForm({ id, label, button, rows = 3, max = 500, draft, onSend, prefix }) {
    const input = keepDraft(
      el("textarea", { id, rows: String(rows), maxlength: String(max), "aria-describedby": `${id}-error` }),
      draft,
    );
    const error = el("p", { class: "field-error", id: `${id}-error` });
    const form = el(
      "form",
      { class: "stack", novalidate: true },
      el("label", { for: id }, label),
      prefix ? el("p", { class: "prefix" }, prefix) : null,
      input,
      error,
      el("button", { type: "submit", class: "button primary big" }, button),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) {
        error.textContent = t("empty");
        input.focus();
        return;
      }
      if (text.length > max) {
        error.textContent = t("too_long", { max });
        return;
      }
      error.textContent = "";
      if (onSend(text) !== false) {
        input.value = "";
        dropDraft(draft);
      }
    });
    return form;
  }

  return { keepDraft, dropDraft, textForm };
}

// Replace a node's children, leaving out the empty ones (null, undefined, false) that
// conditional parts give - replaceChildren would print them as text.
export function fill(node, ...children) {
  node.replaceChildren(
    ...children.flat().filter((child) => child !== null && child !== undefined && child !== false),
  );
  return node;
}

// --- small shared drawing and date helpers -------------------------------------------------

const SVG = "http://www.w3.org/2000/svg";

// An SVG element (charts are drawn with these; text goes in as text).
export function svg(tag, attributes = {}, text = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== null) node.textContent = text;
  return node;
}

const dateLocale = (lang) => (lang === "fi" ? "fi-FI" : "en-GB");

// A calendar day ("2026-11-24") as the reader writes dates.
export function formatDay(iso, lang) {
  if (!iso) return "";
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(y, m - 1, d).toLocaleDateString(dateLocale(lang));
}

// A moment (seconds since the epoch, as the server sends them) as a date.
export function formatDate(epoch, lang) {
  return new Date(epoch * 1000).toLocaleDateString(dateLocale(lang));
}

// Today on this device, as "YYYY-MM-DD" (local time, not UTC).
export function localToday() {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

// A moment as a clock time ("14:35").
export function formatClock(epoch) {
  return new Date(epoch * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}
