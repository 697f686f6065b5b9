// The projector: the room's current phase, the timer and how to join, read-only.

import {
  canvasView,
  challengeOfGroup,
  formatClock,
  groupName,
  hmwGroups,
  ordered,
  personaCard,
  personaTitle,
} from "./board.js";
import { clustersOf, conceptCard, ideasOf, ideaText, liveQuestion } from "./ideation.js";
import { el, Live, t } from "./live.js";
import { currentPhase, currentSession, mountStage } from "./stage.js";
import { currentRound, resultsView, turnoutText } from "./voting.js";

const root = document.getElementById("app");
const live = new Live({
  workshop: root.dataset.workshop,
  projector: root.dataset.projector,
  statusElement: document.getElementById("connection"),
});
mountStage(live, root, root.dataset.lang);

const count = document.getElementById("participant-count");
const code = document.getElementById("join-code");
const qr = document.getElementById("join-qr");
live.store.subscribe(() => {
  const people = live.store.all("member").filter((m) => m.role === "participant" && !m.removed);
  count.textContent = String(people.length);
  const workshop = live.store.all("workshop")[0];
  if (workshop && code.textContent !== workshop.join_code) {
    code.textContent = workshop.join_code;
    // A new code means a new QR image.
    const url = new URL(qr.src, location.href);
    url.searchParams.set("v", workshop.join_code);
    qr.src = url.toString();
  }
});

// --- the board on the big screen: what the current phase is about, live ----------------------

const board = document.getElementById("board");
const lang = root.dataset.lang;

// Each phase's part of the big screen. Where there is nothing yet, it says so in words (an
// empty board looks like a broken projector).
function nothingYet(key) {
  return [el("p", { class: "muted big-text" }, t(key))];
}

function projectorBoard(store) {
  const session = currentSession(store);
  const phase = session?.status === "live" ? currentPhase(session) : null;
  const activity = phase?.activity;
  if (activity === "personas") {
    const cards = ordered(store, "persona");
    const shown = cards.find((c) => c.spotlight);
    if (shown) return [personaCard(shown, lang)];
    if (!cards.length) return nothingYet("no_personas");
    return [el("ul", { class: "persona-names" }, ...cards.map((c) => el("li", {}, personaTitle(c, lang))))];
  }
  if (activity === "introductions") {
    const people = store.all("member").filter((m) => m.role === "participant" && !m.removed);
    if (!people.length) return nothingYet("intro_nobody_joined");
    // The participants who have introduced themselves, counted out of the participants.
    const introduced = people.filter((m) => store.get("introduction", m.id));
    return [
      el("p", { class: "big-text" }, t("intro_count", { n: introduced.length, total: people.length })),
      el(
        "ul",
        { class: "intro-names" },
        ...introduced.map((member) =>
          el(
            "li",
            {},
            member.display_name,
            member.organisation ? el("span", { class: "muted" }, ` · ${member.organisation}`) : null,
          ),
        ),
      ),
    ];
  }
  if (activity === "groups") {
    if (!ordered(store, "group").length) return nothingYet("groups_none");
    return [
      el(
        "div",
        { class: "board-columns" },
        ...ordered(store, "group").map((group) =>
          el(
            "section",
            { class: "board-column" },
            el("h2", {}, group.name),
            el(
              "ul",
              {},
              ...store
                .all("member")
                .filter((m) => m.group_id === group.id && !m.removed)
                .map((m) => el("li", {}, m.display_name)),
            ),
          ),
        ),
      ),
    ];
  }
  if (activity === "challenge") {
    const groups = ordered(store, "group");
    const challenges = groups.map((g) => challengeOfGroup(store, g.id)).filter(Boolean);
    if (!challenges.length) return nothingYet("groups_none");
    return [
      el(
        "div",
        { class: "board-columns" },
        ...challenges.map((c) => el("div", { class: "board-column" }, canvasView(store, c, lang))),
      ),
    ];
  }
  if (activity === "hmw") {
    if (!hmwGroups(store).length) return nothingYet("hmw_none");
    return [
      el(
        "div",
        { class: "board-columns" },
        ...hmwGroups(store).map(({ challenge, questions }) =>
          el(
            "section",
            { class: "board-column" },
            el("h2", {}, groupName(store, challenge)),
            el("ol", { class: "hmw-list" }, ...questions.map((q) => el("li", {}, q.text))),
          ),
        ),
      ),
    ];
  }
  if (activity === "ideation" || activity === "grouping") {
    const questions = ordered(store, "hmw");
    const question = liveQuestion(store) || (questions.length === 1 ? questions[0] : null);
    if (!question) {
      if (!questions.length) return nothingYet("hmw_none");
      return [el("ol", { class: "hmw-list big-list" }, ...questions.map((q) => el("li", {}, q.text)))];
    }
    const spotlit = question.spotlight_idea_id && store.get("idea", question.spotlight_idea_id);
    const heading = el("h2", { class: "question-text" }, question.text);
    if (spotlit)
      return [heading, el("div", { class: "idea-card spotlight-big" }, ...ideaText(store, spotlit, lang))];
    const ideas = ideasOf(store, question.id).filter((idea) => !idea.duplicate_of_id);
    if (question.silent && !question.revealed)
      return [heading, el("p", { class: "big-text" }, t("others_hidden"))];
    if (!ideas.length) return [heading, ...nothingYet("ideas_none")];
    const clusters = clustersOf(store, question.id);
    const loose = ideas.filter((idea) => !idea.cluster_id);
    const list = (items) =>
      el(
        "ul",
        { class: "ideas" },
        ...items.map((idea) => el("li", { class: "idea-card" }, ...ideaText(store, idea, lang))),
      );
    return [
      heading,
      el(
        "div",
        { class: "board-columns" },
        ...clusters.map((c) =>
          el(
            "section",
            { class: "board-column" },
            el("h3", {}, c.name || "…"),
            list(ideas.filter((idea) => idea.cluster_id === c.id)),
          ),
        ),
        loose.length
          ? el("section", { class: "board-column" }, el("h3", {}, t("ungrouped_ideas")), list(loose))
          : null,
      ),
    ];
  }
  if (activity === "voting") {
    const round = currentRound(store);
    if (!round) return nothingYet("no_vote_room");
    return [
      el("h2", { class: "question-text" }, round.title || t("vote_title")),
      el(
        "p",
        { class: "big-text", role: "status" },
        round.status === "open" ? turnoutText(store, round) : t("vote_closed"),
      ),
      round.closes_at && round.status === "open"
        ? el(
            "p",
            { class: "big-text" },
            t("closes_at", {
              time: formatClock(round.closes_at),
            }),
          )
        : null,
      resultsView(store, round) || el("p", { class: "muted big-text" }, t("results_hidden_room")),
    ];
  }
  if (activity === "concepts") {
    const concepts = ordered(store, "concept").filter((c) => c.stage !== "dropped");
    if (!concepts.length) return nothingYet("no_concepts");
    return [
      el(
        "div",
        { class: "concept-grid" },
        ...concepts.map((c) => conceptCard(store, c, lang, { sources: false })),
      ),
    ];
  }
  return [];
}

live.store.subscribe(() => {
  const parts = projectorBoard(live.store).filter(Boolean);
  board.replaceChildren(...parts);
  root.classList.toggle("has-board", parts.length > 0);
});
