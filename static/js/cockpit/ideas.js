// Ideas: the how-might-we questions with their settings, and a spatial board on which the
// facilitator groups the ideas - by dragging cards (mouse or touch) or by keyboard alone
// (arrow keys between cards, Space to select, Enter or "m" for the move dialog). Several
// cards move at once; groups are named in place, merged (after asking), collapsed; a
// duplicate stacks under its original; the board zooms to fit a projector. Ideas arriving
// from the room never take the focus or a half-typed group name.

import { guard } from "/vendor/lit-html/directives/guard.js";
import { moveDialog, openDialog } from "../board/dialog.js";
import { invalidate } from "../board/drag.js";
import { focusCard } from "../board/keyboard.js";
import { canvas } from "../board/layout.js";
import { createBoard, prune, targets } from "../board/state.js";
import { boardEvents, tabStop, zoomBar } from "../board/surface.js";
import { textIn } from "../content.js";
import { clustersOf, ideasOf, questionGroupId } from "../ideation.js";
import { localized, newId } from "../live.js";
import { authorName, groupName, ordered, personaTitle } from "../parts.js";
import { personalBadge } from "../personal-warning.js";
import { currentSession } from "../stage.js";
import { classMap, html, live, nothing, repeat } from "../view.js";

const board = createBoard();
const suggestions = new Map(); // question id -> [{name, idea_ids}] being considered
let pick = null; // the question shown: an id, "all", or null for "the one on the phones"

const SETTINGS = ["silent", "anonymous", "locked", "live", "grouping_open", "moderated"];

// Every question, by group: the whole workshop's first, then each group's in the groups'
// order, each group's in the order the questions are in.
function byGroup(store, page) {
  const groups = ordered(store, "group");
  const rank = new Map(groups.map((g, i) => [g.id, i + 1]));
  const questions = ordered(store, "hmw").map((question) => {
    const groupId = questionGroupId(store, question);
    return {
      question,
      groupId,
      rank: groupId === null ? 0 : (rank.get(groupId) ?? groups.length + 1),
      scope:
        groupId === null
          ? page.t("whole_workshop")
          : store.get("group", groupId)?.name || page.t("group_removed"),
    };
  });
  // A stable sort keeps each group's questions in their own order.
  return questions.sort((a, b) => a.rank - b.rank);
}

export function read(store, page) {
  const scoped = byGroup(store, page);
  const questions = scoped.map((s) => s.question);
  const scopeOf = new Map(scoped.map((s) => [s.question.id, s]));
  let chosen = pick;
  if (chosen !== "all" && !questions.some((q) => q.id === chosen)) {
    // The question on the phones, when there is one; otherwise every question.
    const live = questions.filter((q) => q.live);
    chosen = live.length === 1 ? live[0].id : questions.length === 1 ? questions[0].id : "all";
  }
  const shown = chosen === "all" ? questions : questions.filter((q) => q.id === chosen);
  const session = currentSession(store);
  const boards = shown.map((question) => {
    const ideas = ideasOf(store, question.id);
    return {
      question,
      challenge: scopeOf.get(question.id).scope,
      groupId: scopeOf.get(question.id).groupId,
      ideas,
      clusters: clustersOf(store, question.id),
    };
  });
  const ids = new Set(boards.flatMap((b) => b.ideas.map((i) => i.id)));
  prune(board, ids);
  return {
    questions,
    concepts: ordered(store, "concept").map((c) => ({ id: c.id, name: c.name })),
    // The picker's groups of options: one per group that has questions.
    scopes: scoped.reduce((list, s) => {
      const last = list[list.length - 1];
      if (last && last.groupId === s.groupId) last.questions.push(s.question);
      else list.push({ groupId: s.groupId, name: s.scope, questions: [s.question] });
      return list;
    }, []),
    chosen,
    boards,
    // Where a new question can go: a group's challenge, or the whole workshop ("").
    challenges: store
      .all("challenge")
      .filter((c) => c.group_id && store.get("group", c.group_id))
      .map((c) => ({ id: c.id, name: groupName(store, c) })),
    session: session && session.status === "live" ? session : null,
    people: (idea) => {
      const author = authorName(store, idea.member_id);
      const persona = idea.persona_id ? store.get("persona", idea.persona_id) : null;
      return { author, persona: persona ? personaTitle(persona, page.lang) : null };
    },
    idea: (id) => store.get("idea", id),
    cluster: (id) => store.get("idea_cluster", id),
  };
}

// --- commands ------------------------------------------------------------------------

// Put ideas in a zone: a group's id, "none:<question>" or "new:<question>".
async function moveTo(page, data, ids, zone, event = null) {
  const [kind, questionId] = zone.includes(":") ? zone.split(":") : ["group", null];
  const hmwId = questionId || data.cluster(zone)?.hmw_id;
  const ideas = ids.map(data.idea).filter((idea) => idea && idea.hmw_id === hmwId);
  if (!ideas.length) return;
  board.collapsed.delete(zone); // the moved cards (and the focus) stay in view
  if (kind === "new") {
    await page.run(
      "cluster.save",
      { id: newId(), hmw_id: hmwId, name: "", idea_ids: ideas.map((i) => i.id) },
      event,
    );
  } else {
    const clusterId = kind === "none" ? null : zone;
    await Promise.all(
      ideas
        .filter((idea) => (idea.cluster_id || null) !== clusterId)
        .map((idea) => page.run("idea.move", { idea_id: idea.id, cluster_id: clusterId })),
    );
  }
  if (ideas.length > 1) board.selected.clear();
  page.update();
}

function zoneOf(idea) {
  return idea.cluster_id || `none:${idea.hmw_id}`;
}

function openMove(page, data, id) {
  const { t } = page;
  const chosen = board.selected.has(id) || !id ? targets(board) : [id];
  const first = data.idea(chosen[0]);
  if (!first) return;
  const clusters = data.boards.find((b) => b.question.id === first.hmw_id)?.clusters || [];
  const count = chosen.length;
  openDialog(board, page, {
    title:
      count > 1 ? t("board_move_many", { n: count }) : t("board_move_one", { text: clip(first.text, 60) }),
    value: zoneOf(first),
    options: [
      ...clusters.map((c) => ({ value: c.id, label: c.name || t("board_unnamed") })),
      { value: `none:${first.hmw_id}`, label: t("no_cluster") },
      { value: `new:${first.hmw_id}`, label: `+ ${t("new_cluster")}` },
    ],
    confirm: (zone) => moveTo(page, data, chosen, zone),
  });
}

function openMerge(page, data, cluster, clusters) {
  const { t } = page;
  const others = clusters.filter((c) => c.id !== cluster.id);
  if (!others.length) return;
  const from = cluster.name || t("board_unnamed");
  openDialog(board, page, {
    title: t("board_merge_title", { name: from }),
    ok: t("merge"),
    value: others[0].id,
    options: others.map((c) => ({ value: c.id, label: c.name || t("board_unnamed") })),
    confirm: async (intoId) => {
      const into = data.cluster(intoId);
      const ok = await page.confirm(
        t("board_confirm_merge", { from, into: into?.name || t("board_unnamed") }),
        {
          confirm: t("merge"),
        },
      );
      if (!ok) return;
      const done = await page.run("cluster.merge", { cluster_id: cluster.id, into_id: intoId });
      if (done) {
        page.renderNow();
        document.getElementById(`cluster-name-${intoId}`)?.focus();
      }
    },
  });
}

async function saveName(page, cluster, input, event) {
  const name = input.value.trim();
  if (name === cluster.name) {
    board.drafts.delete(cluster.id);
    return;
  }
  const done = await page.run("cluster.save", { id: cluster.id, name }, event);
  if (done && board.drafts.get(cluster.id) === input.value) board.drafts.delete(cluster.id);
}

function clip(text, n) {
  return text.length > n ? `${text.slice(0, n)}…` : text;
}

// --- one card --------------------------------------------------------------------------

function card(page, data, idea, question, stop, stacked) {
  const { t } = page;
  const selected = board.selected.has(idea.id);
  const spotlit = question.spotlight_idea_id === idea.id;
  const { author, persona } = data.people(idea);
  const parent = idea.builds_on_id ? data.idea(idea.builds_on_id)?.text : null;
  // A card's template is only evaluated again when something it shows changed.
  return guard([idea.rev, selected, stop, spotlit, stacked, author, persona, parent], () => {
    const meta = [author, persona && `${t("idea_for")} ${persona}`].filter(Boolean).join(" · ");
    return html`<li role="option" tabindex=${stop ? "0" : "-1"} aria-selected=${selected ? "true" : "false"}
      class=${classMap({ "idea-card": true, "board-card": true, selected, spotlit, stacked, "is-duplicate": !!idea.duplicate_of_id })}
      data-card=${idea.id} data-idea=${idea.id} data-focus=${`card-${idea.id}`}>
      <span class="drag-handle" aria-hidden="true"></span>
      ${parent ? html`<p class="builds-on muted">↳ ${clip(parent, 50)}</p>` : nothing}
      <p class="idea-text">${idea.text}</p>
      <p class="idea-meta">
        ${idea.plus_count ? html`<span class="plus">+${idea.plus_count}</span>` : nothing}
        ${meta ? html`<span class="muted">${meta}</span>` : nothing}
        ${idea.duplicate_of_id ? html`<span class="badge">${t("duplicate")}</span>` : nothing}
        ${personalBadge(idea)}
        ${spotlit ? html`<span class="badge spot">${t("spotlight_now")}</span>` : nothing}
      </p>
    </li>`;
  });
}

// The cards of one zone in order, each duplicate right after its original when both are
// in the zone (drawn as a stack).
function stackOrder(ideas) {
  const here = new Set(ideas.map((i) => i.id));
  const under = new Map();
  const top = [];
  for (const idea of ideas) {
    if (idea.duplicate_of_id && here.has(idea.duplicate_of_id)) {
      if (!under.has(idea.duplicate_of_id)) under.set(idea.duplicate_of_id, []);
      under.get(idea.duplicate_of_id).push(idea);
    } else top.push(idea);
  }
  const out = [];
  const add = (idea, stacked, seen) => {
    if (seen.has(idea.id)) return;
    seen.add(idea.id);
    out.push({ idea, stacked });
    for (const dup of under.get(idea.id) || []) add(dup, true, seen);
  };
  const seen = new Set();
  for (const idea of top) add(idea, false, seen);
  for (const idea of ideas) add(idea, true, seen); // a loop of duplicates still shows
  return out;
}

// Where every card of a question's board is, in reading order (collapsed groups show
// none), worked out before drawing so the one tab stop of the grid is known.
function zonesOf(entry) {
  const zones = entry.clusters.map((c) => ({
    id: c.id,
    order: board.collapsed.has(c.id) ? [] : stackOrder(entry.ideas.filter((i) => i.cluster_id === c.id)),
  }));
  zones.push({
    id: `none:${entry.question.id}`,
    order: stackOrder(entry.ideas.filter((i) => !i.cluster_id)),
  });
  return zones;
}

function cardList(page, data, question, order, label, stop) {
  if (!order.length) return html`<p class="muted board-empty">${page.t("board_drop_here")}</p>`;
  return html`<ul class="ideas board-cards" role="listbox" aria-multiselectable="true" aria-label=${label}>
    ${repeat(
      order,
      (o) => o.idea.id,
      (o) => card(page, data, o.idea, question, stop === o.idea.id, o.stacked),
    )}
  </ul>`;
}

// --- a group -----------------------------------------------------------------------------

function group(page, data, entry, cluster, order, stop) {
  const { t } = page;
  const ideas = entry.ideas.filter((idea) => idea.cluster_id === cluster.id);
  const name = cluster.name || t("board_unnamed");
  const collapsed = board.collapsed.has(cluster.id);
  const draft = board.drafts.get(cluster.id);
  return html`<section class=${classMap({ cluster: true, "board-group": true, collapsed })}
    data-zone=${cluster.id} data-cluster=${cluster.id} aria-label=${name}>
    <div class="board-group-head">
      <button type="button" class="button small board-collapse" aria-expanded=${collapsed ? "false" : "true"}
        aria-label=${`${collapsed ? t("board_expand") : t("board_collapse")}: ${name}`}
        @click=${() => {
          if (collapsed) board.collapsed.delete(cluster.id);
          else board.collapsed.add(cluster.id);
          page.update();
        }}>${collapsed ? "▸" : "▾"}</button>
      <input class="board-group-name" id=${`cluster-name-${cluster.id}`} maxlength="80"
        .value=${live(draft ?? cluster.name)} placeholder=${t("cluster_name")} aria-label=${t("cluster_name")}
        @input=${(event) => board.drafts.set(cluster.id, event.target.value)}
        @keydown=${(event) => {
          if (event.key === "Enter") {
            event.preventDefault();
            saveName(page, cluster, event.target, event);
          } else if (event.key === "Escape" && board.drafts.has(cluster.id)) {
            board.drafts.delete(cluster.id);
            event.target.value = cluster.name;
          }
        }}
        @change=${(event) => saveName(page, cluster, event.target, event)}>
      <span class="board-count" aria-label=${t("ideas_count", { n: ideas.length })}>${ideas.length}</span>
    </div>
    ${collapsed ? nothing : cardList(page, data, entry.question, order, name, stop)}
    ${
      collapsed
        ? nothing
        : html`<div class="row wrap board-group-tools">
          <button type="button" class="button small" id=${`merge-${cluster.id}`} ?disabled=${entry.clusters.length < 2}
            aria-label=${`${t("merge_into")}: ${name}`}
            @click=${() => openMerge(page, data, cluster, entry.clusters)}>${t("merge")}…</button>
          <button type="button" class="button small primary" ?disabled=${!ideas.length}
            aria-label=${`${t("make_concept")}: ${name}`}
            @click=${(event) => page.run("concept.save", { id: newId(), cluster_id: cluster.id }, event)}>${t("make_concept")}</button>
          <button type="button" class="button small" aria-label=${`${t("ungroup_all")}: ${name}`}
            @click=${async (event) => {
              const target = event.currentTarget;
              if (
                ideas.length &&
                !(await page.confirm(t("board_confirm_ungroup", { name, n: ideas.length })))
              )
                return;
              page.run("cluster.delete", { cluster_id: cluster.id }, { currentTarget: target });
            }}>${t("ungroup_all")}</button>
        </div>`
    }
  </section>`;
}

// --- a question: its settings, suggestions and groups -----------------------------------

function setting(page, question, name, hasIdeas, groupId = null) {
  const { t } = page;
  // A group's question goes on that group's phones only; the whole workshop's on every one.
  const label = name === "live" && groupId ? t("set_live_group") : t(`set_${name}`);
  const id = `set-${name}-${question.id}`;
  const fixed = hasIdeas && (name === "silent" || name === "anonymous");
  return html`<label class="choice small" for=${id} title=${fixed ? t("settings_fixed") : nothing}>
    <input type="checkbox" id=${id} .checked=${live(!!question[name])} ?disabled=${fixed}
      @change=${async (event) => {
        const box = event.target;
        const done = await page.run("hmw.settings", { hmw_id: question.id, [name]: box.checked });
        if (!done) box.checked = !!question[name];
      }}>
    ${label}</label>`;
}

function suggestionBox(page, question) {
  const { t } = page;
  const found = suggestions.get(question.id);
  if (!found) return nothing;
  if (!found.length) return html`<p class="muted" role="status">${t("suggest_none")}</p>`;
  const drop = (suggestion) => {
    suggestions.set(
      question.id,
      suggestions.get(question.id).filter((s) => s !== suggestion),
    );
    page.update();
  };
  return html`<section class="suggestions" aria-labelledby=${`suggested-${question.id}`}>
    <h3 id=${`suggested-${question.id}`}>${t("suggested")}</h3>
    ${found.map((suggestion, index) => {
      const key = `suggest-${question.id}-${index}`;
      return html`<form class="suggestion stack" @submit=${async (event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const ids = [...form.querySelectorAll("input[type=checkbox]:checked")].map((i) => i.value);
        if (!ids.length) return;
        const made = await page.run(
          "cluster.save",
          { id: newId(), hmw_id: question.id, name: form.elements.name.value.trim(), idea_ids: ids },
          { currentTarget: event.submitter },
        );
        if (made) drop(suggestion);
      }}>
        <input name="name" id=${key} .value=${suggestion.name} maxlength="80" aria-label=${t("cluster_name")}>
        ${suggestion.idea_ids.map((id) => {
          const idea = page.store.get("idea", id);
          return idea
            ? html`<label class="choice" for=${`${key}-${id}`}>
              <input type="checkbox" id=${`${key}-${id}`} .value=${id} checked> ${idea.text}</label>`
            : nothing;
        })}
        <div class="row">
          <button type="submit" class="button small primary">${t("accept")}</button>
          <button type="button" class="button small" @click=${() => drop(suggestion)}>${t("ignore")}</button>
        </div>
      </form>`;
    })}
  </section>`;
}

function questionBoard(page, data, entry, zones, stop) {
  const { t } = page;
  const { question, ideas, clusters } = entry;
  const orderOf = new Map(zones.map((z) => [z.id, z.order]));
  const hidden = question.silent && !question.revealed;
  const loose = ideas.filter((idea) => !idea.cluster_id);
  const titleId = `hmw-title-${question.id}`;
  return html`<section class="board-question ideation-column" data-hmw=${question.id} aria-labelledby=${titleId}>
    <header class="board-question-head">
      <p class="eyebrow">${entry.challenge ? html`${entry.challenge} · ` : nothing}${
        ideas.length ? t("ideas_count", { n: ideas.length }) : t("ideas_none")
      }</p>
      <h2 id=${titleId} class="board-question-title">${textIn(question.text, page.lang)}</h2>
      <div class="row wrap board-question-tools">
      <fieldset class="settings row wrap">
        <legend class="visually-hidden">${t("board_settings_of", { text: localized(question.text, page.lang) })}</legend>
        ${SETTINGS.map((name) => setting(page, question, name, ideas.length > 0, entry.groupId))}
      </fieldset>
      <div class="row wrap board-question-buttons">
        ${
          hidden
            ? html`<button type="button" class="button primary" id=${`reveal-${question.id}`}
              @click=${(event) => page.run("hmw.settings", { hmw_id: question.id, revealed: true }, event)}>${t("reveal")}</button>`
            : nothing
        }
        ${
          question.spotlight_idea_id
            ? html`<button type="button" class="button" id=${`unspot-${question.id}`}
              @click=${(event) => page.run("idea.spotlight", { hmw_id: question.id, idea_id: null }, event)}>${t("unspotlight")}</button>`
            : nothing
        }
        <button type="button" class="button" id=${`suggest-${question.id}`}
          @click=${async (event) => {
            const found = await page.run("idea.suggest", { hmw_id: question.id }, event);
            if (found) {
              suggestions.set(question.id, found);
              page.update();
            }
          }}>${t("suggest")}</button>
        <button type="button" class="button" id=${`new-cluster-${question.id}`}
          @click=${async (event) => {
            const id = newId();
            const done = await page.run("cluster.save", { id, hmw_id: question.id, name: "" }, event);
            if (done) {
              page.renderNow();
              document.getElementById(`cluster-name-${id}`)?.focus();
            }
          }}>+ ${t("new_cluster")}</button>
      </div>
      </div>
      ${suggestionBox(page, question)}
    </header>
    <div class="board-groups">
      ${repeat(
        clusters,
        (c) => c.id,
        (c) => group(page, data, entry, c, orderOf.get(c.id), stop),
      )}
      <section class="cluster loose board-group" data-zone=${`none:${question.id}`} aria-label=${t("ungrouped_ideas")}>
        <div class="board-group-head"><h3 class="board-group-title">${t("ungrouped_ideas")}</h3>
          <span class="board-count">${loose.length}</span></div>
        ${cardList(page, data, question, orderOf.get(`none:${question.id}`), t("ungrouped_ideas"), stop)}
      </section>
      <section class="board-group board-new" data-zone=${`new:${question.id}`} aria-label=${t("new_cluster")}>
        <p class="muted">${t("board_new_here")}</p>
      </section>
    </div>
  </section>`;
}

// --- the whole section ---------------------------------------------------------------------

function sessionBar(page, data) {
  const { t } = page;
  const { session, questions } = data;
  if (!questions.length) return nothing;
  // The phase's questions are those on every phone, or all of them (as the server counts).
  const live = questions.filter((q) => q.live);
  const scope = live.length ? live : questions;
  const all = (name) => scope.every((q) => q[name]);
  const setAll = (name) => (event) =>
    page.run("hmw.settings_all", { session_id: session.id, [name]: !all(name) }, event);
  const hidden = scope.some((q) => q.silent && !q.revealed);
  return html`<div class="board-all row wrap" id="board-all" role="group" aria-labelledby="board-all-label">
    <span class="board-all-label" id="board-all-label">${t("board_all_legend", { n: scope.length })}</span>
    ${session ? nothing : html`<p class="muted">${t("board_all_needs_session")}</p>`}
    ${["silent", "anonymous", "locked"].map(
      (name) => html`<button type="button" class="button small" id=${`all-${name}`} ?disabled=${!session}
        aria-pressed=${all(name) ? "true" : "false"} @click=${session ? setAll(name) : null}>${t(`board_all_${name}`)}</button>`,
    )}
    <button type="button" class="button small primary" id="all-reveal" ?disabled=${!session || !hidden}
      @click=${(event) => page.run("hmw.reveal_all", { session_id: session.id }, event)}>${t("board_all_reveal")}</button>
  </div>`;
}

function newQuestionForm(page, data) {
  const { t } = page;
  return html`<details class="board-add-question"><summary class="button small">+ ${t("hmw_add")}</summary>
  <form class="row wrap board-new-question" @submit=${async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const input = form.elements.text;
    const text = input.value.trim();
    if (!text) {
      page.showError({ message: t("empty") });
      return;
    }
    const args = { id: newId(), text };
    // No challenge: a question of the whole workshop, on every group's phones.
    if (form.elements.challenge.value) args.challenge_id = form.elements.challenge.value;
    const done = await page.run("hmw.save", args, { currentTarget: event.submitter });
    if (done) input.value = "";
  }}>
    <select id="new-hmw-challenge" name="challenge" aria-label=${t("hmw_for_whom")}>
      ${data.challenges.map((c) => html`<option value=${c.id}>${c.name}</option>`)}
      <option value="">${t("whole_workshop")}</option>
    </select>
    <input id="new-hmw-text" name="text" maxlength="300" placeholder=${`${t("hmw_prefix")}…`} aria-label=${t("hmw_label")}>
    <button type="submit" class="button">${t("hmw_add")}</button>
  </form></details>`;
}

function selectionBar(page, data) {
  const { t } = page;
  const chosen = targets(board).map(data.idea).filter(Boolean);
  const n = board.selected.size;
  const one = chosen.length === 1 ? chosen[0] : null;
  const question = one ? data.boards.find((b) => b.question.id === one.hmw_id)?.question : null;
  const spotlit = one && question?.spotlight_idea_id === one.id;
  const sameQuestion = chosen.length > 1 && chosen.every((i) => i.hmw_id === chosen[0].hmw_id);
  const duplicates = chosen.filter((i) => i.duplicate_of_id);
  const none = !chosen.length;
  return html`<div class="board-bar row wrap" id="board-bar" role="group" aria-label=${t("board_actions")}>
    <p class="board-bar-count" id="board-selection" role="status">
      ${n ? t("board_selected", { n }) : one ? t("board_current", { text: clip(one.text, 40) }) : t("board_none_selected")}
    </p>
    <button type="button" class="button small primary" id="board-move" ?disabled=${none}
      @click=${() => openMove(page, data, null)}>${n > 1 ? t("board_move_selected") : t("move_to")}…</button>
    <button type="button" class="button small" id="board-stack" ?disabled=${!sameQuestion}
      @click=${async (event) => {
        const [original, ...rest] = [...chosen].sort((a, b) => a.created_at - b.created_at);
        await Promise.all(
          rest.map((idea) => page.run("idea.duplicate", { idea_id: idea.id, of_id: original.id }, null)),
        );
        board.selected.clear();
        page.update();
        event.target.focus?.();
      }}>${t("board_stack")}</button>
    ${
      duplicates.length
        ? html`<button type="button" class="button small" id="board-unstack"
          @click=${(event) =>
            Promise.all(
              duplicates.map((idea) => page.run("idea.duplicate", { idea_id: idea.id, of_id: null })),
            ).then(() => event.target.isConnected && event.target.focus())}>${t("not_duplicate")}</button>`
        : nothing
    }
    <button type="button" class="button small" id="board-spotlight" ?disabled=${!one || (question?.silent && !question?.revealed)}
      aria-pressed=${spotlit ? "true" : "false"}
      @click=${(event) => page.run("idea.spotlight", { hmw_id: one.hmw_id, idea_id: spotlit ? null : one.id }, event)}>
      ${spotlit ? t("unspotlight") : t("spotlight")}</button>
    <button type="button" class="button small" id="board-concept" ?disabled=${none}
      @click=${(event) => page.run("concept.save", { id: newId(), idea_ids: chosen.map((i) => i.id) }, event)}>${t("make_concept")}</button>
    ${
      data.concepts.length
        ? html`<span class="row wrap board-to-concept">
          <select id="board-concept-pick" aria-label=${t("board_concept_pick")}>
            ${data.concepts.map((c) => html`<option value=${c.id}>${clip(c.name, 40)}</option>`)}
          </select>
          <button type="button" class="button small" id="board-add-to-concept" ?disabled=${none}
            @click=${async (event) => {
              const conceptId = document.getElementById("board-concept-pick").value;
              const args = { concept_id: conceptId, add: chosen.map((i) => i.id) };
              const done = await page.run("concept.ideas", args, event);
              if (done) page.announce(t("board_added_to_concept", { n: chosen.length, name: done.name }));
            }}>${t("board_add_to_concept")}</button>
        </span>`
        : nothing
    }
    <button type="button" class="button small danger" id="board-delete" ?disabled=${none}
      @click=${async (event) => {
        const target = event.currentTarget;
        const text =
          chosen.length === 1
            ? t("board_confirm_delete_one", { text: clip(chosen[0].text, 80) })
            : t("board_confirm_delete", { n: chosen.length });
        if (!(await page.confirm(text, { confirm: t("delete") }))) return;
        await Promise.all(chosen.map((idea) => page.run("idea.delete", { idea_id: idea.id })));
        board.selected.clear();
        if (target.isConnected) target.focus();
        page.update();
      }}>${t("delete")}</button>
    ${
      n
        ? html`<button type="button" class="button small" id="board-clear"
          @click=${() => {
            board.selected.clear();
            page.update();
            if (board.current) focusCard(document.querySelector("[data-board]"), board.current);
          }}>${t("board_clear")}</button>`
        : nothing
    }
  </div>`;
}

let lastData = null;
let events = null; // the board's listeners, made once so a render does not rebind them

export function view(data, page) {
  const { t } = page;
  lastData = data;
  invalidate();
  const zones = data.boards.map(zonesOf);
  board.grid = zones.flat().map((z) => ({ id: z.id, cards: z.order.map((o) => o.idea.id) }));
  const stop = tabStop(board);
  events ||= boardEvents(board, page, {
    open: (id) => openMove(page, lastData, id),
    carried: (id) => (board.selected.has(id) ? [...board.selected] : [id]),
    drop: (ids, zone) => moveTo(page, lastData, ids, zone),
  });
  const content = html`${repeat(
    data.boards,
    (entry) => entry.question.id,
    (entry, i) => questionBoard(page, data, entry, zones[i], stop),
  )}`;
  return html`<div class="board-section" data-board-section>
    ${sessionBar(page, data)}
    ${
      data.questions.length
        ? html`<div class="board-toolbar row wrap">
          <label for="board-question">${t("board_question")}</label>
          <select id="board-question" @change=${(event) => {
            pick = event.target.value;
            board.selected.clear();
            page.update();
          }}>
            <option value="all" ?selected=${data.chosen === "all"}>${t("board_all_questions")}</option>
            ${data.scopes.map(
              (scope) => html`<optgroup label=${scope.name}>
                ${scope.questions.map((q) => html`<option value=${q.id} ?selected=${data.chosen === q.id}>${clip(localized(q.text, page.lang), 70)}</option>`)}
              </optgroup>`,
            )}
          </select>
          ${newQuestionForm(page, data)}
          ${zoomBar(board, page)}
        </div>
        ${selectionBar(page, data)}
        <p class="muted board-hint" id="board-hint">${t("board_hint")}</p>`
        : html`<p class="muted">${t("ideation_none")}</p>${newQuestionForm(page, data)}`
    }
    <div class="board" id="ideation" data-board
      @pointerdown=${events.pointerdown} @keydown=${events.keydown} @click=${events.click} @focusin=${events.focusin}>
      ${canvas(board, content)}
    </div>
    ${moveDialog(board, page)}
  </div>`;
}

// Tell, in summary, how many ideas arrived from the room while the board is open.
export function mount(page) {
  page.onChanges((changes) => {
    if (!document.querySelector("[data-section=ideas]")) return;
    let n = 0;
    for (const change of changes) {
      if (
        change.entity === "idea" &&
        change.op !== "delete" &&
        !change.previous &&
        change.data?.member_id !== page.member
      )
        n += 1;
    }
    if (n) page.announcer?.tally("idea", n, (count) => page.t("new_ideas", { n: count }));
  });
}
