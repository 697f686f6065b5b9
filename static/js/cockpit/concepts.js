// Concepts: every concept card of the workshop on a board with a column per stage (draft,
// refined, selected, piloting, dropped). A card is dragged to another stage, or moved by
// keyboard the same way as an idea (arrow keys between cards, Space selects, Enter or
// "m" opens the move dialog, "e" edits); a card is made, edited and removed here too.

import { guard } from "/vendor/lit-html/directives/guard.js";
import { moveDialog, openDialog } from "../board/dialog.js";
import { invalidate } from "../board/drag.js";
import { focusCard } from "../board/keyboard.js";
import { canvas } from "../board/layout.js";
import { createBoard, prune, targets } from "../board/state.js";
import { boardEvents, tabStop, zoomBar } from "../board/surface.js";
import { langMark, pickText } from "../content.js";
import { conceptQuestions } from "../ideation.js";
import { localized, newId } from "../live.js";
import { focusSoon, formState, memberName, ordered, personaTitle, readyForNext } from "../parts.js";
import { personalBadge } from "../personal-warning.js";
import { classMap, html, ifDefined, live, nothing, repeat } from "../view.js";

// The stages a concept goes through, in the server's order.
const STAGES = ["draft", "refined", "selected", "piloting", "dropped"];
const TEXTS = [
  "need",
  "what",
  "takes_people",
  "takes_devices",
  "takes_training",
  "takes_digital",
  "first_try",
  "risks",
];

const board = createBoard();
let editing = null; // the concept whose form is open
let lastData = null;
let events = null;

export function read(store, page) {
  const concepts = ordered(store, "concept");
  prune(board, new Set(concepts.map((c) => c.id)));
  if (editing && !store.get("concept", editing)) editing = null;
  const comments = store.all("comment").filter((c) => c.target_kind === "concept");
  return {
    concepts,
    stages: STAGES.map((stage) => ({ stage, concepts: concepts.filter((c) => c.stage === stage) })),
    questions: ordered(store, "hmw"),
    personas: ordered(store, "persona").map((p) => ({ id: p.id, title: personaTitle(p, page.lang) })),
    concept: (id) => store.get("concept", id),
    questionsOf: (concept) => conceptQuestions(store, concept),
    personaTitles: (ids) =>
      ids
        .map((id) => store.get("persona", id))
        .filter(Boolean)
        .map((p) => personaTitle(p, page.lang)),
    commentsOf: (id) =>
      comments
        .filter((c) => c.target_id === id)
        .sort((a, b) => a.created_at - b.created_at)
        .map((c) => ({
          id: c.id,
          body: c.body,
          personal_data: c.personal_data,
          author: memberName(store, c.member_id),
        })),
    ideasOf: (ids) => ids.map((id) => store.get("idea", id)).filter(Boolean),
  };
}

function clip(text, n) {
  return text.length > n ? `${text.slice(0, n)}…` : text;
}

async function moveTo(page, data, ids, zone) {
  const stage = zone.replace(/^stage:/, "");
  await Promise.all(
    ids
      .map(data.concept)
      .filter((c) => c && c.stage !== stage)
      .map((c) => page.run("concept.save", { id: c.id, stage })),
  );
  if (ids.length > 1) board.selected.clear();
  page.update();
}

function openMove(page, data, id) {
  const { t } = page;
  const chosen = board.selected.has(id) || !id ? targets(board) : [id];
  const first = data.concept(chosen[0]);
  if (!first) return;
  openDialog(board, page, {
    title:
      chosen.length > 1
        ? t("board_concept_move_many", { n: chosen.length })
        : t("board_concept_move_one", { text: clip(first.name, 60) }),
    ok: t("board_concept_move_ok"),
    value: `stage:${first.stage}`,
    options: STAGES.map((stage) => ({ value: `stage:${stage}`, label: t(`stage_${stage}`) })),
    confirm: (zone) => moveTo(page, data, chosen, zone),
  });
}

function edit(page, id) {
  editing = id;
  page.renderNow();
  document.getElementById(`concept-${id}-name`)?.focus();
}

// --- the board -----------------------------------------------------------------------------

function card(page, data, concept, stop) {
  const { t } = page;
  const selected = board.selected.has(concept.id);
  // Every question its ideas came from; the key changes when one is added or renamed.
  const questions = data.questionsOf(concept).map((q) => pickText(q.text, page.lang));
  const question = questions.map((q) => q.text).join("|");
  const personas = data.personaTitles(concept.persona_ids).join(", ");
  const comments = data.commentsOf(concept.id).length;
  return guard([concept.rev, selected, stop, question, personas, comments, editing === concept.id], () => {
    return html`<li role="option" tabindex=${stop ? "0" : "-1"} aria-selected=${selected ? "true" : "false"}
      class=${classMap({ "board-card": true, "concept-board-card": true, selected, editing: editing === concept.id })}
      data-card=${concept.id} data-concept=${concept.id} data-focus=${`card-${concept.id}`}>
      <span class="drag-handle" aria-hidden="true"></span>
      <p class="concept-name">${concept.name}</p>
      <p class="concept-meta muted">
        ${
          questions.length > 1
            ? html`<span class="concept-questions">${t("board_concept_questions", { n: questions.length })}</span>`
            : nothing
        }
        ${questions.map((q) => html`<span class="concept-question" lang=${ifDefined(langMark(q.lang))}>${clip(q.text, 60)}</span>`)}
        ${concept.idea_ids.length ? html`<span>${t("board_concept_ideas", { n: concept.idea_ids.length })}</span>` : nothing}
        ${personas ? html`<span>${clip(personas, 60)}</span>` : nothing}
        ${comments ? html`<span>${t("board_concept_comments", { n: comments })}</span>` : nothing}
      </p>
    </li>`;
  });
}

function column(page, data, entry, stop) {
  const { t } = page;
  const label = t(`stage_${entry.stage}`);
  return html`<section class=${`board-group board-stage stage-${entry.stage}`} data-zone=${`stage:${entry.stage}`}
    aria-labelledby=${`stage-${entry.stage}`}>
    <div class="board-group-head">
      <h2 class="board-group-title" id=${`stage-${entry.stage}`}>${label}</h2>
      <span class="board-count">${entry.concepts.length}</span>
    </div>
    ${
      entry.concepts.length
        ? html`<ul class="board-cards" role="listbox" aria-multiselectable="true" aria-label=${label}>
          ${repeat(
            entry.concepts,
            (c) => c.id,
            (c) => card(page, data, c, stop === c.id),
          )}
        </ul>`
        : html`<p class="muted board-empty">${t("board_drop_here")}</p>`
    }
  </section>`;
}

// --- making and editing a card ----------------------------------------------------------------

function newConceptForm(page, data) {
  const { t } = page;
  return html`<details class="board-add-question" id="new-concept">
    <summary class="button small">+ ${t("board_concept_new")}</summary>
    <form class="row wrap board-new-concept" @submit=${async (event) => {
      event.preventDefault();
      const form = event.currentTarget;
      const name = form.elements.name.value.trim();
      if (!name) {
        page.showError({ message: t("empty") });
        return;
      }
      const args = { id: newId(), name };
      if (form.elements.hmw.value) args.hmw_id = form.elements.hmw.value;
      const sent = formState(form);
      const done = await page.run("concept.save", args, { currentTarget: event.submitter });
      if (done) {
        readyForNext(form, sent);
        board.current = args.id;
        page.renderNow();
        focusCard(document.getElementById("concepts"), args.id);
      }
    }}>
      <input name="name" id="new-concept-name" maxlength="120" aria-label=${t("concept_name")} placeholder=${t("concept_name")}>
      <select name="hmw" id="new-concept-hmw" aria-label=${t("board_concept_question")}>
        <option value="">${t("board_concept_none")}</option>
        ${data.questions.map((q) => html`<option value=${q.id}>${clip(localized(q.text, page.lang), 60)}</option>`)}
      </select>
      <button type="submit" class="button primary">${t("save")}</button>
    </form>
  </details>`;
}

function editor(page, data) {
  const { t } = page;
  const concept = editing && data.concept(editing);
  if (!concept) return nothing;
  const id = `concept-${concept.id}`;
  const thread = data.commentsOf(concept.id);
  const ideas = data.ideasOf(concept.idea_ids);
  const takeOff = async (idea, index, event) => {
    const done = await page.run("concept.ideas", { concept_id: concept.id, remove: [idea.id] }, event);
    if (!done) return;
    page.announce(t("concept_idea_removed"));
    const next = ideas[index + 1] || ideas[index - 1];
    focusSoon(next ? `[data-focus="concept-idea-${next.id}"]` : `#${id}-ideas`, { force: true });
  };
  const close = () => {
    const was = editing;
    editing = null;
    page.renderNow();
    focusCard(document.getElementById("concepts"), was);
  };
  return html`<section class="concept-editor stack" aria-labelledby=${`${id}-title`} @keydown=${(event) => {
    if (event.key === "Escape") close();
  }}>
    <h2 id=${`${id}-title`}>${t("board_concept_editing", { name: concept.name })}</h2>
    <form class="stack" novalidate @submit=${async (event) => {
      event.preventDefault();
      const form = event.currentTarget;
      const args = {
        id: concept.id,
        persona_ids: [...form.querySelectorAll("input[name=persona]:checked")].map((i) => i.value),
      };
      for (const field of form.querySelectorAll(
        "input[name]:not([type=checkbox]), select[name], textarea[name]",
      ))
        args[field.name] = field.value;
      if (!args.name.trim()) {
        page.showError({ message: t("empty") });
        return;
      }
      await page.run("concept.save", args, { currentTarget: event.submitter });
    }}>
      <label for=${`${id}-name`}>${t("concept_name")}</label>
      <input id=${`${id}-name`} name="name" maxlength="120" .value=${live(concept.name)}>
      <label for=${`${id}-stage`}>${t("concept_stage")}</label>
      <select id=${`${id}-stage`} name="stage">
        ${STAGES.map((stage) => html`<option value=${stage} ?selected=${stage === concept.stage}>${t(`stage_${stage}`)}</option>`)}
      </select>
      ${TEXTS.map(
        (name) => html`<label for=${`${id}-${name}`}>${t(`concept_${name}`)}</label>
          <textarea id=${`${id}-${name}`} name=${name} rows="2" maxlength="2000" .value=${concept[name] || ""}></textarea>`,
      )}
      ${
        data.personas.length
          ? html`<fieldset class="stack"><legend>${t("concept_personas")}</legend>
            ${data.personas.map(
              (p) => html`<label class="choice" for=${`${id}-p-${p.id}`}>
                <input type="checkbox" name="persona" id=${`${id}-p-${p.id}`} .value=${p.id}
                  .checked=${concept.persona_ids.includes(p.id)}> ${p.title}</label>`,
            )}
          </fieldset>`
          : nothing
      }
      <div class="row wrap">
        <button type="submit" class="button primary">${t("save")}</button>
        <button type="button" class="button" @click=${close}>${t("board_concept_close")}</button>
      </div>
    </form>
    <h3 id=${`${id}-ideas`} tabindex="-1">${t("concept_ideas")} (${ideas.length})</h3>
    ${
      ideas.length
        ? html`<ul class="source-ideas">${repeat(
            ideas,
            (idea) => idea.id,
            (idea, index) => html`<li class="row wrap">
              <span class="grow">${idea.text}</span>
              <button type="button" class="button small" data-focus=${`concept-idea-${idea.id}`}
                aria-label=${`${t("concept_idea_remove")}: ${clip(idea.text, 80)}`}
                @click=${(event) => takeOff(idea, index, event)}>${t("concept_idea_remove")}</button>
            </li>`,
          )}</ul>`
        : html`<p class="muted">${t("concept_ideas_none")}</p>`
    }
    ${
      thread.length
        ? html`<h3>${t("comments")} (${thread.length})</h3>
          <ul class="comments">${repeat(
            thread,
            (c) => c.id,
            (c) => html`<li class="comment"><strong>${c.author}</strong> ${c.body} ${personalBadge(c)}</li>`,
          )}</ul>`
        : nothing
    }
  </section>`;
}

function selectionBar(page, data) {
  const { t } = page;
  const chosen = targets(board).map(data.concept).filter(Boolean);
  const n = board.selected.size;
  const one = chosen.length === 1 ? chosen[0] : null;
  return html`<div class="board-bar row wrap" id="concept-bar" role="group" aria-label=${t("board_actions")}>
    <p class="board-bar-count" id="concept-selection" role="status">
      ${n ? t("board_selected", { n }) : one ? t("board_current", { text: clip(one.name, 40) }) : t("board_none_selected")}
    </p>
    <button type="button" class="button small primary" id="concept-move" ?disabled=${!chosen.length}
      @click=${() => openMove(page, data, null)}>${n > 1 ? t("board_move_selected") : t("move_to")}…</button>
    <button type="button" class="button small" id="concept-edit" ?disabled=${!one}
      @click=${() => edit(page, one.id)}>${t("concept_edit")}</button>
    <button type="button" class="button small danger" id="concept-delete" ?disabled=${!chosen.length}
      @click=${async (event) => {
        const target = event.currentTarget;
        const text =
          chosen.length === 1
            ? t("confirm_concept", { name: chosen[0].name })
            : t("board_concept_confirm_delete", { n: chosen.length });
        if (!(await page.confirm(text, { confirm: t("concept_delete") }))) return;
        await Promise.all(chosen.map((c) => page.run("concept.delete", { concept_id: c.id })));
        board.selected.clear();
        if (target.isConnected) target.focus();
        page.update();
      }}>${t("concept_delete")}</button>
    ${
      n
        ? html`<button type="button" class="button small" @click=${() => {
            board.selected.clear();
            page.update();
          }}>${t("board_clear")}</button>`
        : nothing
    }
  </div>`;
}

export function view(data, page) {
  const { t } = page;
  lastData = data;
  invalidate();
  board.grid = data.stages.map((entry) => ({
    id: `stage:${entry.stage}`,
    cards: entry.concepts.map((c) => c.id),
  }));
  const stop = tabStop(board);
  events ||= boardEvents(board, page, {
    open: (id) => openMove(page, lastData, id),
    carried: (id) => (board.selected.has(id) ? [...board.selected] : [id]),
    drop: (ids, zone) => moveTo(page, lastData, ids, zone),
    keys: { e: (id) => edit(page, id), E: (id) => edit(page, id) },
  });
  return html`<div class="board-section" data-board-section>
    <div class="board-toolbar row wrap">
      <p class="muted board-count-line">${data.concepts.length ? t("concept_count", { n: data.concepts.length }) : t("concepts_none_facilitator")}</p>
      ${newConceptForm(page, data)}
      ${zoomBar(board, page)}
    </div>
    ${data.concepts.length ? html`${selectionBar(page, data)}<p class="muted board-hint">${t("board_concept_hint")}</p>` : nothing}
    ${editor(page, data)}
    <div class="board" id="concepts" data-board
      @pointerdown=${events.pointerdown} @keydown=${events.keydown} @click=${events.click} @focusin=${events.focusin}>
      ${canvas(
        board,
        html`<div class="board-stages">${repeat(
          data.stages,
          (entry) => entry.stage,
          (entry) => column(page, data, entry, stop),
        )}</div>`,
      )}
    </div>
    ${moveDialog(board, page)}
  </div>`;
}
