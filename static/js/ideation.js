// Ideation on the board: ideas under a how-might-we question, their groups and concept
// cards: the data helpers and the element-built drawing the facilitator's laptop and the
// projector share (the phone's own views are under ./phone/). Everything people wrote goes
// in as text.

import { ordered, personaTitle } from "./board.js";
import { el, t } from "./live.js";

// --- shared pieces ------------------------------------------------------------------------

export function ideasOf(store, questionId) {
  return ordered(store, "idea").filter((idea) => idea.hmw_id === questionId);
}

export function clustersOf(store, questionId) {
  return ordered(store, "idea_cluster").filter((c) => c.hmw_id === questionId);
}

// The question phones open at: the one the facilitator put on every phone, if any.
export function liveQuestion(store) {
  return ordered(store, "hmw").find((q) => q.live) || null;
}

// What a participant is told about a question before writing.
export function modeNotes(question) {
  const notes = [];
  if (question.silent && !question.revealed) notes.push(t("mode_silent"));
  if (question.anonymous) notes.push(t("mode_anonymous"));
  if (!question.silent && !question.anonymous) notes.push(t("mode_open"));
  if (question.silent && question.revealed) notes.push(t("mode_revealed"));
  return notes;
}

// The author's name comes from the member entity, not the idea: an idea carries only
// member_id (null while its question is anonymous to this viewer), so a rename shows at
// once. Whoever draws this must key its re-render on the members too.
export function ideaText(store, idea, lang, { authors = true } = {}) {
  const persona = idea.persona_id ? store.get("persona", idea.persona_id) : null;
  const parent = idea.builds_on_id ? store.get("idea", idea.builds_on_id) : null;
  const author = authors && idea.member_id ? store.get("member", idea.member_id)?.display_name : null;
  const meta = [];
  if (author) meta.push(author);
  if (persona) meta.push(`${t("idea_for")} ${personaTitle(persona, lang)}`);
  if (idea.plus_count) meta.push(`+${idea.plus_count}`);
  return [
    parent ? el("p", { class: "builds-on muted" }, `↳ ${t("builds_on")}: ${parent.text}`) : null,
    el("p", { class: "idea-text" }, idea.text),
    meta.length ? el("p", { class: "idea-meta muted" }, meta.join(" · ")) : null,
  ].filter(Boolean);
}

export function conceptCard(store, concept, lang, { headingLevel = "h3", sources = true } = {}) {
  const card = el(
    "article",
    { class: `concept-card stage-${concept.stage}` },
    el(headingLevel, { class: "concept-name" }, concept.name),
    el("p", { class: "stage-badge" }, t(`stage_${concept.stage}`)),
  );
  for (const name of [
    "need",
    "what",
    "takes_people",
    "takes_devices",
    "takes_training",
    "takes_digital",
    "first_try",
    "risks",
  ]) {
    if (concept[name]) card.append(el("h4", {}, t(`concept_${name}`)), el("p", {}, concept[name]));
  }
  const personas = concept.persona_ids.map((id) => store.get("persona", id)).filter(Boolean);
  if (personas.length) {
    card.append(
      el("h4", {}, t("concept_personas")),
      el("p", {}, personas.map((p) => personaTitle(p, lang)).join(", ")),
    );
  }
  if (sources) {
    const question = concept.hmw_id ? store.get("hmw", concept.hmw_id) : null;
    const ideas = concept.idea_ids.map((id) => store.get("idea", id)).filter(Boolean);
    if (question) card.append(el("h4", {}, t("concept_question")), el("p", {}, question.text));
    if (ideas.length) {
      card.append(
        el("h4", {}, t("concept_ideas")),
        el("ul", { class: "source-ideas" }, ...ideas.map((idea) => el("li", {}, idea.text))),
      );
    }
  }
  return card;
}

export const STAGES = ["draft", "refined", "selected", "piloting", "dropped"];
