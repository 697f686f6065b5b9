// Ideas under a how-might-we question: write one (or build on another's), see mine and
// the others', +1 them, and where the facilitator opened grouping, put them in groups.
//
// An idea written offline stays where it was written, marked "not sent yet", until the
// server has it; it is the same element then (keyed by the id it was created with), so it
// does not jump. Removing my idea waits a few seconds with an Undo before it is sent: the
// server keeps a removed id removed, so a removal cannot be taken back once sent.

import { textIn } from "../content.js";
import { clustersOf, ideasOf, liveQuestion, modeNotes, questionsFor } from "../ideation.js";
import { newId, t } from "../live.js";
import { authorName, groupOf, helpedLine, ordered, personaTitle } from "../parts.js";
import { holdPersonal, personalHeld, personalTyped, personalWarning } from "../personal-warning.js";
import { html, nothing, repeat } from "../view.js";
import { textForm } from "./forms.js";
import { moderatedHere, myModeration } from "./moderation.js";

const UNDO_SECONDS = 8;

let chosenId = null; // a question the person picked; null = the live one
let buildsOn = null;
let editing = null;
let editError = "";
let personaId = "";
const removing = new Map(); // idea id -> timer: removed here, not sent yet
const removed = new Set(); // sent for removal; hidden until the server's delete arrives
let pageRef = null;

export function open(questionId) {
  chosenId = questionId || null;
}

function sendRemoval(id) {
  clearTimeout(removing.get(id));
  removing.delete(id);
  removed.add(id);
  pageRef?.queue("idea.delete", { idea_id: id });
}

export function mount(page) {
  pageRef = page;
  // Leaving the page sends what was removed: an Undo that can no longer be pressed.
  window.addEventListener("pagehide", () => {
    for (const id of [...removing.keys()]) sendRemoval(id);
  });
}

// The question on this phone: the one the person picked (or the facilitator brought
// everyone to), else their group's question on the phones, else their only one.
function currentQuestion(store, member) {
  if (chosenId) return store.get("hmw", chosenId) || null;
  const questions = questionsFor(store, member);
  return liveQuestion(store, member) || (questions.length === 1 ? questions[0] : null);
}

export function read(store, page) {
  // My group's questions and the whole workshop's: a group works on its own.
  const questions = questionsFor(store, page.member);
  const question = currentQuestion(store, page.member);
  if (!question) return { question: null, questions, grouped: Boolean(groupOf(store, page.member)) };
  const outbox = page.live.outbox();
  const all = ideasOf(store, question.id);
  const known = new Set(all.map((idea) => idea.id));
  for (const id of removed)
    if (!store.get("idea", id) && !outbox.some((o) => o.args.idea_id === id)) removed.delete(id);
  const edits = new Map(
    outbox.filter((o) => o.name === "idea.edit").map((o) => [o.args.idea_id, o.args.text]),
  );
  const pluses = new Map(
    outbox.filter((o) => o.name === "idea.plus").map((o) => [o.args.idea_id, o.args.on]),
  );
  const decorate = (idea) => {
    const persona = idea.persona_id ? store.get("persona", idea.persona_id) : null;
    const parent = idea.builds_on_id ? store.get("idea", idea.builds_on_id) : null;
    return {
      ...idea,
      text: edits.get(idea.id) ?? idea.text,
      author: authorName(store, idea.member_id),
      personaName: persona ? personaTitle(persona, page.lang) : null,
      parentText: parent?.text || null,
      plussed: pluses.has(idea.id)
        ? pluses.get(idea.id)
        : store.all("plus").some((p) => p.idea_id === idea.id && p.member_id === page.member),
      removing: removing.has(idea.id),
      helped: helpedLine(store, idea),
    };
  };
  // Sent but not yet stored: shown where they were written until the server has them.
  const waiting = outbox
    .filter(
      (o) =>
        o.name === "idea.add" &&
        o.args.hmw_id === question.id &&
        !known.has(o.args.id) &&
        !store.tombstones?.has(`idea:${o.args.id}`),
    )
    .map((o) => ({ id: o.args.id, text: o.args.text, pending: true, member_id: page.member }));
  const mine = [
    ...all.filter((idea) => idea.member_id === page.member && !removed.has(idea.id)).map(decorate),
    ...waiting,
  ];
  const hidden = question.silent && !question.revealed;
  const others = hidden
    ? []
    : all.filter((i) => i.member_id !== page.member && !i.duplicate_of_id).map(decorate);
  const spot = question.spotlight_idea_id ? store.get("idea", question.spotlight_idea_id) : null;
  return {
    question,
    questions,
    canGoBack: questions.length > 1 && !(liveQuestion(store, page.member) && !chosenId),
    notes: [...modeNotes(question), ...(moderatedHere(store, question) ? [t("mod_mode")] : [])],
    moderated: moderatedHere(store, question),
    edits,
    writable: !question.locked && !store.all("session").some((s) => s.status === "live" && s.locked),
    personas: ordered(store, "persona").map((p) => ({ id: p.id, title: personaTitle(p, page.lang) })),
    parent: buildsOn ? store.get("idea", buildsOn) || null : null,
    spotlight: spot ? decorate(spot) : null,
    editing: editing ? mine.find((i) => i.id === editing) || null : null,
    mine,
    others,
    hidden,
    grouping: question.grouping_open && !hidden,
    clusters: clustersOf(store, question.id),
  };
}

function ideaBody(idea, { authors = true } = {}) {
  const meta = [];
  if (authors && idea.author) meta.push(idea.author);
  if (idea.personaName) meta.push(`${t("idea_for")} ${idea.personaName}`);
  if (idea.plus_count) meta.push(`+${idea.plus_count}`);
  return html`${idea.parentText ? html`<p class="builds-on muted">↳ ${t("builds_on")}: ${idea.parentText}</p>` : nothing}
    <p class="idea-text">${idea.text}</p>
    ${meta.length ? html`<p class="idea-meta muted">${meta.join(" · ")}</p>` : nothing}
    ${idea.helped ?? nothing}`;
}

// Where the facilitator has opened grouping, anyone can put an idea in a group.
function groupPicker(data, idea, page) {
  const id = `group-of-${idea.id}`;
  const change = (event) => {
    const value = event.currentTarget.value;
    if (value === "new") {
      page.queue("cluster.save", {
        id: newId(),
        hmw_id: data.question.id,
        name: idea.text.slice(0, 40),
        idea_ids: [idea.id],
      });
    } else {
      page.queue("idea.move", { idea_id: idea.id, cluster_id: value || null });
    }
  };
  return html`<div class="stack group-pick">
    <label for=${id}>${t("idea_group")}</label>
    <select id=${id} @change=${change}>
      <option value="" ?selected=${!idea.cluster_id}>${t("no_cluster")}</option>
      ${data.clusters.map((c) => html`<option value=${c.id} ?selected=${c.id === idea.cluster_id}>${c.name || t("new_cluster")}</option>`)}
      <option value="new">+ ${t("new_cluster")}</option>
    </select>
  </div>`;
}

// One element per idea whatever state it is in (not sent yet, removed with an Undo, a
// normal card): the same element stays in the same place as its state changes.
function myCard(data, idea, page) {
  let body;
  if (idea.pending) {
    body = html`<p class="idea-text">${idea.text}</p>
      <p class="badge pending-badge"><span aria-hidden="true">⏳ </span>${t("not_sent")}</p>`;
  } else if (idea.removing) {
    body = html`<p><s>${idea.text}</s></p>
      <p class="muted">${t("idea_removed")}</p>
      <button type="button" class="button big undo" data-focus="idea-remove-${idea.id}"
        @click=${() => {
          clearTimeout(removing.get(idea.id));
          removing.delete(idea.id);
          page.announce(t("idea_restored"));
          page.update();
        }}>${t("undo")}</button>`;
  } else {
    body = myTools(data, idea, page);
  }
  const moderation = idea.pending || idea.removing ? nothing : ideaModeration(data, idea, page);
  const state = idea.pending ? "pending" : idea.removing ? "removing" : "";
  const spot = data.question.spotlight_idea_id === idea.id ? "spotlit" : "";
  return html`<li class="idea-card ${state} ${spot}" data-idea=${idea.id}>${moderation}${body}</li>`;
}

function ideaModeration(data, idea, page) {
  return myModeration(page, idea, {
    kind: "idea",
    text: idea.text,
    original: idea.original_text,
    sent: data.edits.has(idea.id),
    max: 280,
    resend: (text) => {
      page.queue("idea.edit", { idea_id: idea.id, text });
      page.update();
    },
  });
}

function myTools(data, idea, page) {
  const remove = () => {
    if (!data.writable) return;
    const focusKey = `idea-remove-${idea.id}`;
    removing.set(
      idea.id,
      setTimeout(() => {
        const hadFocus = document.activeElement?.dataset.focus === focusKey;
        sendRemoval(idea.id);
        page.renderNow();
        if (hadFocus) document.getElementById("idea-text")?.focus();
      }, UNDO_SECONDS * 1000),
    );
    page.announce(t("idea_removed_undo", { n: UNDO_SECONDS }));
    page.update();
  };
  const returned = idea.moderation === "returned" && !data.edits.has(idea.id);
  // Out in the room while moderated: it cannot be taken back from the screens, so only
  // the facilitator changes it.
  const fixed = data.moderated && !idea.moderation;
  return html`${returned ? nothing : ideaBody(idea, { authors: false })}
    ${fixed ? html`<p class="muted small-print">${t("mod_out_fixed")}</p>` : nothing}
    <div class="row wrap">
      ${
        returned || fixed
          ? nothing
          : html`<button type="button" class="button" data-focus="idea-edit-${idea.id}" aria-disabled=${String(!data.writable)}
        @click=${() => {
          if (!data.writable) return;
          editing = idea.id;
          editError = "";
          page.renderNow();
          document.getElementById("idea-edit")?.focus();
        }}>${t("edit")}</button>`
      }
      <button type="button" class="button" data-focus=${`idea-remove-${idea.id}`} aria-disabled=${String(!data.writable)}
        aria-label="${t("delete")}: ${idea.text}" @click=${remove}>${t("delete")}</button>
    </div>
    ${data.grouping ? groupPicker(data, idea, page) : nothing}`;
}

function otherCard(data, idea, page) {
  return html`<li class="idea-card ${data.question.spotlight_idea_id === idea.id ? "spotlit" : ""}" data-idea=${idea.id}>
    ${ideaBody(idea)}
    <div class="row wrap">
      <button type="button" class="button plus ${idea.plussed ? "primary" : ""}" data-focus="plus-${idea.id}"
        aria-pressed=${String(idea.plussed)} aria-disabled=${String(!data.writable)}
        @click=${() => {
          if (!data.writable) return;
          page.queue("idea.plus", { idea_id: idea.id, on: !idea.plussed });
          page.update();
        }}>${idea.plussed ? html`<span aria-hidden="true">✓ </span>` : nothing}+1${idea.plus_count ? ` · ${idea.plus_count}` : ""}<span class="visually-hidden">: ${idea.text}</span></button>
      <button type="button" class="button" data-focus="build-${idea.id}" aria-disabled=${String(!data.writable)}
        @click=${() => {
          if (!data.writable) return;
          buildsOn = idea.id;
          page.renderNow();
          document.getElementById("idea-text")?.focus();
        }}>${t("build_on")}</button>
    </div>
    ${data.grouping ? groupPicker(data, idea, page) : nothing}
  </li>`;
}

function editor(data, page) {
  const idea = data.editing;
  const close = () => {
    editing = null;
    page.renderNow();
    document.querySelector(`[data-focus="idea-edit-${idea.id}"]`)?.focus();
  };
  const submit = (event) => {
    event.preventDefault();
    const text = event.currentTarget.elements.text.value.trim();
    if (!text) {
      editError = t("empty");
      page.update();
      return;
    }
    editError = "";
    if (holdPersonal(page, "idea-edit", text)) return;
    page.queue("idea.edit", { idea_id: idea.id, text });
    close();
  };
  return html`<section class="card phone"><form class="stack" novalidate @submit=${submit}>
    <label for="idea-edit">${t("idea_edit")}</label>
    <textarea id="idea-edit" name="text" rows="3" maxlength="280" aria-describedby="idea-edit-error"
      @input=${() => personalTyped(page, "idea-edit")}>${idea.text}</textarea>
    <p class="field-error" id="idea-edit-error">${editError}</p>
    ${personalWarning(page, "idea-edit")}
    <div class="row wrap" ?hidden=${personalHeld("idea-edit")}>
      <button type="submit" class="button primary big">${t("save")}</button>
      <button type="button" class="button big" @click=${close}>${t("cancel")}</button>
    </div>
  </form></section>`;
}

export function view(data, page) {
  if (!data.question) {
    return html`<section class="card phone">
      <h2>${t("pick_question")}</h2>
      ${data.grouped ? html`<p class="muted">${t("pick_question_group")}</p>` : nothing}
      ${
        data.questions.length
          ? data.questions.map(
              (q) =>
                html`<button type="button" class="button big question-pick" @click=${() => {
                  chosenId = q.id;
                  page.renderNow();
                  document.querySelector("#board .question-text")?.focus();
                }}>${textIn(q.text, page.lang)}</button>`,
            )
          : html`<p class="muted">${t("no_questions")}</p>`
      }
    </section>`;
  }
  const { question } = data;
  const send = (text) => {
    page.queue("idea.add", {
      id: newId(),
      hmw_id: question.id,
      text,
      persona_id: personaId || null,
      builds_on_id: buildsOn,
    });
    buildsOn = null;
    page.update();
  };
  return html`<section class="card phone question-card">
      ${
        data.canGoBack
          ? html`<button type="button" class="button" @click=${() => {
              chosenId = null;
              page.update();
            }}>‹ ${t("other_questions")}</button>`
          : nothing
      }
      <p class="eyebrow">${t("hmw_now")}</p>
      <h2 class="question-text" tabindex="-1">${textIn(question.text, page.lang)}</h2>
      <ul class="mode-notes">${data.notes.map((note) => html`<li>${note}</li>`)}</ul>
      ${data.writable ? nothing : html`<p class="notice">${t("idea_locked")}</p>`}
      <fieldset class="stack plain" ?disabled=${!data.writable}>
        <legend class="visually-hidden">${t("idea_label")}</legend>
        ${
          data.parent
            ? html`<div class="notice build-note"><p>${t("building_on")}: “${data.parent.text}”</p>
              <button type="button" class="button small" @click=${() => {
                buildsOn = null;
                page.update();
              }}>${t("cancel")}</button></div>`
            : nothing
        }
        ${textForm(page, { id: "idea-text", label: t("idea_label"), button: t("idea_add"), rows: 3, max: 280, draftKey: "idea", onSend: send })}
        <label for="idea-persona">${t("idea_persona")}</label>
        <select id="idea-persona" @change=${(event) => {
          personaId = event.currentTarget.value;
        }}>
          <option value="" ?selected=${!personaId}>${t("idea_no_persona")}</option>
          ${data.personas.map((p) => html`<option value=${p.id} ?selected=${p.id === personaId}>${p.title}</option>`)}
        </select>
      </fieldset>
    </section>
    ${
      data.spotlight
        ? html`<section class="card phone spotlight"><p class="eyebrow">${t("spotlight_now")}</p>${ideaBody(data.spotlight)}</section>`
        : nothing
    }
    ${data.editing ? editor(data, page) : nothing}
    <section class="card phone">
      <h3>${t("my_ideas")}</h3>
      <ul class="ideas mine">
        ${repeat(
          data.mine,
          (idea) => idea.id,
          (idea) => myCard(data, idea, page),
        )}
        ${data.mine.length ? nothing : html`<li class="muted">${t("no_own_ideas")}</li>`}
      </ul>
    </section>
    <section class="card phone">
      <h3>${t("others_ideas")}</h3>
      ${data.hidden ? html`<p class="muted">${t("others_hidden")}</p>` : data.others.length ? nothing : html`<p class="muted">${t("no_other_ideas")}</p>`}
      <ul class="ideas others">${repeat(
        data.others,
        (idea) => idea.id,
        (idea) => otherCard(data, idea, page),
      )}</ul>
    </section>`;
}

// For the announcements: is this idea under the question on my screen, and not mine?
export function shownQuestionId(store) {
  return currentQuestion(store, pageRef?.member)?.id || null;
}
