// Ideation on the board: what the facilitator's laptop, the projector and the phone read
// from the store about ideas under a how-might-we question and their groups.

import { t } from "./live.js";
import { ordered } from "./parts.js";

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
