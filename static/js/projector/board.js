// The board on the big screen: what the current phase is about, live - or, when the
// projector follows the facilitator, what the facilitator brought everyone to
// (session.focus). Where there is nothing yet it says so in words: an empty board looks
// like a broken projector.

import { textIn } from "../content.js";
import { clustersOf, ideasOf, liveQuestion } from "../ideation.js";
import {
  authorName,
  canvasView,
  challengeOfGroup,
  formatClock,
  groupName,
  hmwGroups,
  ordered,
  participantCount,
  personaCard,
  personaTitle,
} from "../parts.js";
import { currentPhase, currentSession } from "../stage.js";
import { html, nothing, repeat } from "../view.js";
import { currentRound, results, turnoutText } from "../voting.js";

export function read(store) {
  const session = currentSession(store);
  const live = session?.status === "live";
  const focus = live && session.projector_follows && session.focus ? session.focus : null;
  return { store, session: live ? session : null, phase: live ? currentPhase(session) : null, focus };
}

const nothingYet = (page, key) => html`<p class="muted big-text">${page.t(key)}</p>`;

function ideaCard(store, idea, page, { big = false } = {}) {
  const { t, lang } = page;
  const persona = idea.persona_id ? store.get("persona", idea.persona_id) : null;
  const parent = idea.builds_on_id ? store.get("idea", idea.builds_on_id) : null;
  const author = authorName(store, idea.member_id);
  const meta = [
    author,
    persona ? `${t("idea_for")} ${personaTitle(persona, lang)}` : null,
    idea.plus_count ? `+${idea.plus_count}` : null,
  ]
    .filter(Boolean)
    .join(" · ");
  return html`<div class=${big ? "idea-card spotlight-big" : "idea-card"} data-idea=${idea.id}>
    ${parent ? html`<p class="builds-on muted">↳ ${t("builds_on")}: ${parent.text}</p>` : nothing}
    <p class="idea-text">${idea.text}</p>
    ${meta ? html`<p class="idea-meta muted">${meta}</p>` : nothing}
  </div>`;
}

function conceptCard(store, concept, page) {
  const { t, lang } = page;
  const fields = [
    "need",
    "what",
    "takes_people",
    "takes_devices",
    "takes_training",
    "takes_digital",
    "first_try",
    "risks",
  ];
  const personas = concept.persona_ids.map((id) => store.get("persona", id)).filter(Boolean);
  return html`<article class=${`concept-card stage-${concept.stage}`} data-concept=${concept.id}>
    <h3 class="concept-name">${concept.name}</h3>
    <p class="stage-badge">${t(`stage_${concept.stage}`)}</p>
    ${fields.filter((name) => concept[name]).map((name) => html`<h4>${t(`concept_${name}`)}</h4><p>${concept[name]}</p>`)}
    ${
      personas.length
        ? html`<h4>${t("concept_personas")}</h4><p>${personas.map((p) => personaTitle(p, lang)).join(", ")}</p>`
        : nothing
    }
  </article>`;
}

// One question's ideas, in its groups, or the one idea in the spotlight.
function questionIdeas(store, question, page) {
  const heading = html`<h2 class="question-text">${textIn(question.text, page.lang)}</h2>`;
  const spotlit = question.spotlight_idea_id && store.get("idea", question.spotlight_idea_id);
  if (spotlit) return html`${heading}${ideaCard(store, spotlit, page, { big: true })}`;
  if (question.silent && !question.revealed)
    return html`${heading}<p class="big-text">${page.t("others_hidden")}</p>`;
  const ideas = ideasOf(store, question.id).filter((idea) => !idea.duplicate_of_id);
  if (!ideas.length) return html`${heading}${nothingYet(page, "ideas_none")}`;
  const list = (items) =>
    html`<ul class="ideas">${repeat(
      items,
      (idea) => idea.id,
      (idea) => html`<li>${ideaCard(store, idea, page)}</li>`,
    )}</ul>`;
  const loose = ideas.filter((idea) => !idea.cluster_id);
  return html`${heading}<div class="board-columns">
    ${repeat(
      clustersOf(store, question.id),
      (c) => c.id,
      (c) => html`<section class="board-column"><h3>${c.name || "…"}</h3>
        ${list(ideas.filter((idea) => idea.cluster_id === c.id))}</section>`,
    )}
    ${loose.length ? html`<section class="board-column"><h3>${page.t("ungrouped_ideas")}</h3>${list(loose)}</section>` : nothing}
  </div>`;
}

function roundView(store, round, page, { showResults = true } = {}) {
  const { t } = page;
  if (!round) return nothingYet(page, "no_vote_room");
  const open = round.status === "open";
  return html`<h2 class="question-text">${round.title || t("vote_title")}</h2>
    <p class="big-text turnout">${open ? turnoutText(store, round) : t("vote_closed")}</p>
    ${open && round.closes_at ? html`<p class="big-text">${t("closes_at", { time: formatClock(round.closes_at) })}</p>` : nothing}
    ${
      showResults && round.results
        ? results(store, round, page)
        : html`<p class="muted big-text">${t("results_hidden_room")}</p>`
    }`;
}

function conceptGrid(store, page) {
  const concepts = ordered(store, "concept").filter((c) => c.stage !== "dropped");
  if (!concepts.length) return nothingYet(page, "no_concepts");
  return html`<div class="concept-grid">${repeat(
    concepts,
    (c) => c.id,
    (c) => conceptCard(store, c, page),
  )}</div>`;
}

// What the facilitator brought everyone to. Something removed meanwhile falls back to
// the phase's board.
function focusView(store, focus, page) {
  const { lang } = page;
  const item = (kind) => (focus.id ? store.get(kind, focus.id) : null);
  switch (focus.view) {
    case "persona": {
      const persona = item("persona");
      return persona ? personaCard(persona, lang) : null;
    }
    case "challenge": {
      const challenge = item("challenge");
      return challenge ? canvasView(store, challenge, lang) : null;
    }
    case "hmw":
    case "ideas": {
      const question = item("hmw");
      return question ? questionIdeas(store, question, page) : null;
    }
    case "concepts": {
      const concept = item("concept");
      return concept ? conceptCard(store, concept, page) : conceptGrid(store, page);
    }
    case "vote":
      return roundView(store, item("vote_round") || currentRound(store), page, { showResults: false });
    case "results": {
      const round = item("vote_round") || currentRound(store);
      return round ? roundView(store, round, page) : null;
    }
    case "pilot": {
      const pilot = item("pilot");
      if (!pilot) return null;
      const concept = store.get("concept", pilot.concept_id);
      return html`<article class="pilot-card"><h2 class="question-text">${concept?.name || "–"}</h2>
        ${pilot.hypothesis ? html`<p class="big-text">${pilot.hypothesis}</p>` : nothing}</article>`;
    }
    default:
      return null;
  }
}

function phaseView(store, phase, page) {
  const { t, lang } = page;
  const activity = phase?.activity;
  if (activity === "personas") {
    const cards = ordered(store, "persona");
    const shown = cards.find((c) => c.spotlight);
    if (shown) return personaCard(shown, lang);
    if (!cards.length) return nothingYet(page, "no_personas");
    return html`<ul class="persona-names">${cards.map((c) => html`<li>${personaTitle(c, lang)}</li>`)}</ul>`;
  }
  if (activity === "introductions") {
    const total = participantCount(store);
    if (!total) return nothingYet(page, "intro_nobody_joined");
    // The participants who have introduced themselves, counted out of the participants.
    const introduced = store
      .all("member")
      .filter((m) => m.role === "participant" && !m.removed && store.get("introduction", m.id));
    return html`<p class="big-text">${t("intro_count", { n: introduced.length, total })}</p>
      <ul class="intro-names">${repeat(
        introduced,
        (m) => m.id,
        (m) =>
          html`<li>${m.display_name}${m.organisation ? html`<span class="muted"> · ${m.organisation}</span>` : nothing}</li>`,
      )}</ul>`;
  }
  if (activity === "groups") {
    const groups = ordered(store, "group");
    if (!groups.length) return nothingYet(page, "groups_none");
    const members = store.all("member").filter((m) => !m.removed);
    return html`<div class="board-columns">${repeat(
      groups,
      (g) => g.id,
      (g) => html`<section class="board-column"><h2>${g.name}</h2>
        <ul>${members.filter((m) => m.group_id === g.id).map((m) => html`<li>${m.display_name}</li>`)}</ul></section>`,
    )}</div>`;
  }
  if (activity === "challenge") {
    const challenges = ordered(store, "group")
      .map((g) => challengeOfGroup(store, g.id))
      .filter(Boolean);
    if (!challenges.length) return nothingYet(page, "groups_none");
    return html`<div class="board-columns">${repeat(
      challenges,
      (c) => c.id,
      (c) => html`<div class="board-column">${canvasView(store, c, lang)}</div>`,
    )}</div>`;
  }
  if (activity === "hmw") {
    const groups = hmwGroups(store);
    if (!groups.length) return nothingYet(page, "hmw_none");
    return html`<div class="board-columns">${groups.map(
      ({ challenge, questions }) => html`<section class="board-column"><h2>${groupName(store, challenge)}</h2>
        <ol class="hmw-list">${questions.map((q) => html`<li>${textIn(q.text, lang)}</li>`)}</ol></section>`,
    )}</div>`;
  }
  if (activity === "ideation" || activity === "grouping") {
    const questions = ordered(store, "hmw");
    const question = liveQuestion(store) || (questions.length === 1 ? questions[0] : null);
    if (question) return questionIdeas(store, question, page);
    if (!questions.length) return nothingYet(page, "hmw_none");
    return html`<ol class="hmw-list big-list">${questions.map((q) => html`<li>${textIn(q.text, lang)}</li>`)}</ol>`;
  }
  if (activity === "voting") return roundView(store, currentRound(store), page);
  if (activity === "concepts") return conceptGrid(store, page);
  return null;
}

export function view(data, page) {
  const { store, focus } = data;
  const shown =
    (focus && focusView(store, focus, page)) || (data.phase && phaseView(store, data.phase, page));
  if (!shown) return nothing;
  return html`<div id="board" class="projector-board" data-focus-view=${focus?.view || ""}>${shown}</div>`;
}
