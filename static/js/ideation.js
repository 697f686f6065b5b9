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

// The group a question is for, through its challenge; null: the whole workshop's.
export function questionGroupId(store, question) {
  return store.get("challenge", question.challenge_id)?.group_id || null;
}

// The questions a participant works on in ideation: their own group's and the whole
// workshop's, so that each group stays with its own questions. Someone in no group has no
// group's questions to keep to and sees every question. Every question stays in the store
// (the projector, a concept made of several groups' ideas and the vote still show them):
// this chooses what the phone offers, it hides nothing.
export function questionsFor(store, memberId) {
  const questions = ordered(store, "hmw");
  const groupId = (memberId && store.get("member", memberId)?.group_id) || null;
  if (!groupId) return questions;
  return questions.filter((q) => {
    const owner = questionGroupId(store, q);
    return owner === null || owner === groupId;
  });
}

// The question phones open at: the one the facilitator put on the phones. There is one per
// group at most and one for the whole workshop; a group's own comes first, and for someone
// in no group (and the projector) the whole workshop's.
export function liveQuestion(store, memberId = null) {
  const groupId = (memberId && store.get("member", memberId)?.group_id) || null;
  const live = questionsFor(store, memberId).filter((q) => q.live);
  return live.find((q) => questionGroupId(store, q) === groupId) || live[0] || null;
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

// The questions a concept's ideas came from, the one it answers first first: a concept
// may join ideas of several questions (of several groups, too). Read off the ideas this
// viewer has, so a removed idea takes its question off the card by itself.
export function conceptQuestions(store, concept) {
  const ids = [concept.hmw_id, ...concept.idea_ids.map((id) => store.get("idea", id)?.hmw_id)];
  return [...new Set(ids.filter(Boolean))].map((id) => store.get("hmw", id)).filter(Boolean);
}
