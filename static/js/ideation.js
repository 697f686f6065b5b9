// Ideation on the board: ideas under a how-might-we question, their groups and concept
// cards. Shared drawing for the phone, the facilitator's laptop and the projector, and the
// participant's two views (ideas, concepts). Everything people wrote goes in as text.

import { fill, ordered, personaTitle } from "./board.js";
import { el, newId, t } from "./live.js";

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

// --- the participant's ideas view -------------------------------------------------------------

export function ideasView(ctx, box) {
  const { live, store, lang, memberId, textForm } = ctx;
  let chosenId = null;
  let buildsOn = null;
  let editing = null;

  const choose = el("section", { class: "card phone", hidden: true });
  const questionText = el("h2", { class: "question-text", tabindex: "-1" });
  const notes = el("ul", { class: "mode-notes" });
  const locked = el("p", { class: "notice", role: "status", hidden: true }, t("idea_locked"));
  const personaSelect = el("select", { id: "idea-persona" });
  const buildNote = el("div", { class: "notice build-note", hidden: true });
  const form = textForm({
    id: "idea-text",
    label: t("idea_label"),
    button: t("idea_add"),
    rows: 3,
    max: 280,
    draft: "idea",
    onSend: (text) => {
      const question = current();
      if (!question) return false;
      live.queue("idea.add", {
        id: newId(),
        hmw_id: question.id,
        text,
        persona_id: personaSelect.value || null,
        builds_on_id: buildsOn,
      });
      buildsOn = null;
      update();
      return true;
    },
  });
  const fieldset = el(
    "fieldset",
    { class: "stack plain" },
    buildNote,
    form,
    el("label", { for: "idea-persona" }, t("idea_persona")),
    personaSelect,
  );
  const spotlight = el("section", { class: "card phone spotlight", hidden: true });
  const editBox = el("section", { class: "card phone", hidden: true });
  const mine = el("ul", { class: "ideas" });
  const others = el("ul", { class: "ideas" });
  const othersNote = el("p", { class: "muted" });
  const back = el(
    "button",
    {
      type: "button",
      class: "button",
      hidden: true,
      onclick: () => {
        chosenId = null;
        update();
      },
    },
    `‹ ${t("other_questions")}`,
  );
  const content = el(
    "div",
    {},
    el(
      "section",
      { class: "card phone question-card" },
      back,
      el("p", { class: "eyebrow" }, t("hmw_now")),
      questionText,
      notes,
      locked,
      fieldset,
    ),
    spotlight,
    editBox,
    el("section", { class: "card phone" }, el("h3", {}, t("my_ideas")), mine),
    el("section", { class: "card phone" }, el("h3", {}, t("others_ideas")), othersNote, others),
  );
  box.append(choose, content);

  function current() {
    const live_ = liveQuestion(store);
    if (live_ && !chosenId) return live_;
    const questions = ordered(store, "hmw");
    if (chosenId) return store.get("hmw", chosenId) || null;
    return questions.length === 1 ? questions[0] : null;
  }

  function openEditor(idea) {
    editing = idea.id;
    const input = el("textarea", { id: "idea-edit", rows: "3", maxlength: "280" }, idea.text);
    const error = el("p", { class: "field-error", id: "idea-edit-error" });
    fill(
      editBox,
      el(
        "form",
        {
          class: "stack",
          novalidate: true,
          onsubmit: (event) => {
            event.preventDefault();
            const text = input.value.trim();
            if (!text) {
              error.textContent = t("empty");
              return;
            }
            live.queue("idea.edit", { idea_id: idea.id, text });
            editing = null;
            editBox.hidden = true;
            update();
          },
        },
        el("label", { for: "idea-edit" }, t("idea_edit")),
        input,
        error,
        el(
          "div",
          { class: "row" },
          el("button", { type: "submit", class: "button primary big" }, t("save")),
          el(
            "button",
            {
              type: "button",
              class: "button big",
              onclick: () => {
                editing = null;
                editBox.hidden = true;
                update();
              },
            },
            t("cancel"),
          ),
        ),
      ),
    );
    editBox.hidden = false;
    input.focus();
  }

  function item(idea, question, isMine, writable) {
    const plus = store.all("plus").some((p) => p.idea_id === idea.id && p.member_id === memberId);
    const pending = live.outbox().some((o) => o.name === "idea.plus" && o.args.idea_id === idea.id);
    const actions = isMine
      ? [
          el(
            "button",
            { type: "button", class: "button", disabled: !writable, onclick: () => openEditor(idea) },
            t("edit"),
          ),
          el(
            "button",
            {
              type: "button",
              class: "button",
              disabled: !writable,
              onclick: () => live.queue("idea.delete", { idea_id: idea.id }),
            },
            t("delete"),
          ),
        ]
      : [
          el(
            "button",
            {
              type: "button",
              class: `button plus${plus ? " primary" : ""}`,
              disabled: !writable || pending,
              "aria-pressed": String(plus),
              "aria-label": `+1: ${idea.text}`,
              onclick: () => live.queue("idea.plus", { idea_id: idea.id, on: !plus }),
            },
            `+1${idea.plus_count ? ` · ${idea.plus_count}` : ""}`,
          ),
          el(
            "button",
            {
              type: "button",
              class: "button",
              disabled: !writable,
              onclick: () => {
                buildsOn = idea.id;
                update();
                document.getElementById("idea-text")?.focus();
              },
            },
            t("build_on"),
          ),
        ];
    return el(
      "li",
      { class: `idea-card${question.spotlight_idea_id === idea.id ? " spotlit" : ""}` },
      ...ideaText(store, idea, lang, { authors: !isMine }),
      el("div", { class: "row wrap" }, ...actions),
      question.grouping_open && !(question.silent && !question.revealed) ? groupPicker(idea, question) : null,
    );
  }

  // Where the facilitator has opened grouping, anyone can put an idea in a group.
  function groupPicker(idea, question) {
    const id = `group-of-${idea.id}`;
    const select = el(
      "select",
      { id },
      el("option", { value: "" }, t("no_cluster")),
      ...clustersOf(store, question.id).map((c) =>
        el("option", { value: c.id, selected: c.id === idea.cluster_id }, c.name || t("new_cluster")),
      ),
      el("option", { value: "new" }, `+ ${t("new_cluster")}`),
    );
    select.addEventListener("change", () => {
      if (select.value === "new") {
        live.queue("cluster.save", {
          id: newId(),
          hmw_id: question.id,
          name: idea.text.slice(0, 40),
          idea_ids: [idea.id],
        });
      } else {
        live.queue("idea.move", { idea_id: idea.id, cluster_id: select.value || null });
      }
    });
    return el("div", { class: "stack group-pick" }, el("label", { for: id }, t("idea_group")), select);
  }

  function update() {
    const question = current();
    const questions = ordered(store, "hmw");
    choose.hidden = Boolean(question);
    content.hidden = !question;
    if (!question) {
      fill(
        choose,
        el("h2", {}, t("pick_question")),
        ...(questions.length
          ? questions.map((q) =>
              el(
                "button",
                {
                  type: "button",
                  class: "button big question-pick",
                  onclick: () => {
                    chosenId = q.id;
                    update();
                    questionText.focus();
                  },
                },
                q.text,
              ),
            )
          : [el("p", { class: "muted" }, t("no_questions"))]),
      );
      return;
    }
    back.hidden = questions.length < 2 || Boolean(liveQuestion(store) && !chosenId);
    questionText.textContent = question.text;
    fill(notes, ...modeNotes(question).map((note) => el("li", {}, note)));
    const writable = !question.locked && !store.all("session").some((s) => s.status === "live" && s.locked);
    locked.hidden = writable;
    fieldset.disabled = !writable;
    // The persona the idea serves: the question's personas first, then the others.
    const personas = ordered(store, "persona");
    const personaKey = personas.map((p) => `${p.id}:${p.rev}`).join();
    if (personaSelect.dataset.key !== personaKey) {
      const wanted = personaSelect.value;
      personaSelect.dataset.key = personaKey;
      fill(
        personaSelect,
        el("option", { value: "" }, t("idea_no_persona")),
        ...personas.map((p) =>
          el("option", { value: p.id, selected: p.id === wanted }, personaTitle(p, lang)),
        ),
      );
    }
    const parent = buildsOn ? store.get("idea", buildsOn) : null;
    buildNote.hidden = !parent;
    if (parent) {
      fill(
        buildNote,
        el("p", {}, `${t("building_on")}: “${parent.text}”`),
        el(
          "button",
          {
            type: "button",
            class: "button small",
            onclick: () => {
              buildsOn = null;
              update();
            },
          },
          t("cancel"),
        ),
      );
    }
    const all = ideasOf(store, question.id);
    const shown = question.spotlight_idea_id ? store.get("idea", question.spotlight_idea_id) : null;
    spotlight.hidden = !shown;
    if (shown)
      fill(spotlight, el("p", { class: "eyebrow" }, t("spotlight_now")), ...ideaText(store, shown, lang));
    // Sent but not yet stored: shown as "not sent yet" until the server has them.
    const known = new Set(all.map((idea) => idea.id));
    const waiting = live
      .outbox()
      .filter((o) => o.name === "idea.add" && o.args.hmw_id === question.id && !known.has(o.args.id));
    const own = all.filter((idea) => idea.member_id === memberId);
    fill(
      mine,
      ...waiting.map((o) =>
        el(
          "li",
          { class: "idea-card pending" },
          el("p", { class: "idea-text" }, o.args.text),
          el("p", { class: "badge" }, t("not_sent")),
        ),
      ),
      ...own.map((idea) => item(idea, question, true, writable)),
    );
    if (!waiting.length && !own.length) mine.append(el("li", { class: "muted" }, t("no_own_ideas")));
    const rest = all.filter((idea) => idea.member_id !== memberId && !idea.duplicate_of_id);
    const hidden = question.silent && !question.revealed;
    othersNote.textContent = hidden ? t("others_hidden") : rest.length ? "" : t("no_other_ideas");
    fill(others, ...(hidden ? [] : rest.map((idea) => item(idea, question, false, writable))));
    if (editing && !store.get("idea", editing)) {
      editing = null;
      editBox.hidden = true;
    }
  }
  return update;
}

// --- the participant's concepts view ----------------------------------------------------------

// A concept card's form on the phone; `concept` null makes a new one under `questions`.
function conceptForm(ctx, concept, questions, done) {
  const { live } = ctx;
  const prefix = concept ? `c-${concept.id}` : "c-new";
  const parts = [];
  if (!concept) {
    parts.push(
      el("label", { for: `${prefix}-hmw` }, t("concept_question")),
      el(
        "select",
        { id: `${prefix}-hmw`, name: "hmw_id" },
        ...questions.map((q) => el("option", { value: q.id }, q.text)),
      ),
    );
  }
  parts.push(
    el("label", { for: `${prefix}-name` }, t("concept_name")),
    el("input", { id: `${prefix}-name`, name: "name", maxlength: "120", value: concept?.name || "" }),
  );
  for (const name of CONCEPT_TEXTS) {
    parts.push(
      el("label", { for: `${prefix}-${name}` }, t(`concept_${name}`)),
      el("textarea", { id: `${prefix}-${name}`, name, rows: "2", maxlength: "2000" }, concept?.[name] || ""),
    );
  }
  const error = el("p", { class: "field-error", role: "alert" });
  const form = el(
    "form",
    { class: "stack", novalidate: true },
    ...parts,
    error,
    el("button", { type: "submit", class: "button primary big" }, t("save")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = { id: concept?.id || newId() };
    for (const input of form.querySelectorAll("[name]")) data[input.name] = input.value.trim();
    if (!data.name) {
      error.textContent = t("empty");
      form.querySelector("[name=name]").focus();
      return;
    }
    live.queue("concept.save", data);
    done(data.id);
  });
  return form;
}

const CONCEPT_TEXTS = [
  "need",
  "what",
  "takes_people",
  "takes_devices",
  "takes_training",
  "takes_digital",
  "first_try",
  "risks",
];

export function conceptsView(ctx, box) {
  const { live, store, lang, memberId, textForm, memberName } = ctx;
  let openId = null;
  let writing = false;
  const list = el("section", { class: "card phone" });
  const editor = el("section", { class: "card phone", hidden: true });
  const openQuestions = () =>
    ordered(store, "hmw").filter((q) => q.grouping_open && !(q.silent && !q.revealed));
  const detail = el("div", { hidden: true });
  const holder = el("div");
  const comments = el("ul", { class: "comments" });
  const back = el(
    "button",
    {
      type: "button",
      class: "button big",
      onclick: () => {
        openId = null;
        update();
      },
    },
    `‹ ${t("all_concepts")}`,
  );
  let form = null;
  const editButton = el(
    "button",
    {
      type: "button",
      class: "button big",
      hidden: true,
      onclick: () => startWriting(store.get("concept", openId)),
    },
    t("concept_edit"),
  );
  detail.append(
    el("section", { class: "card phone" }, back, holder, editButton),
    el("section", { class: "card phone" }, el("h3", {}, t("concept_comments")), comments),
  );
  box.append(list, editor, detail);

  function startWriting(concept) {
    writing = true;
    const close = (id) => {
      writing = false;
      editor.hidden = true;
      openId = id || openId;
      update();
    };
    fill(
      editor,
      el("h2", { tabindex: "-1" }, concept ? concept.name : t("concept_new")),
      conceptForm(ctx, concept, openQuestions(), close),
      el("button", { type: "button", class: "button big", onclick: () => close(null) }, t("cancel")),
    );
    editor.hidden = false;
    list.hidden = true;
    detail.hidden = true;
    editor.querySelector("h2").focus();
  }

  function update() {
    if (writing) return;
    const concepts = ordered(store, "concept").filter((c) => c.stage !== "dropped");
    const concept = openId ? store.get("concept", openId) : null;
    list.hidden = Boolean(concept);
    detail.hidden = !concept;
    const questions = openQuestions();
    if (!concept) {
      openId = null;
      fill(
        list,
        el("h2", {}, t("concepts")),
        ...(concepts.length
          ? concepts.map((c) =>
              el(
                "button",
                {
                  type: "button",
                  class: "button big concept-pick",
                  onclick: () => {
                    openId = c.id;
                    update();
                    holder.querySelector("h2")?.focus();
                  },
                },
                c.name,
                el("span", { class: "muted" }, ` · ${t(`stage_${c.stage}`)}`),
              ),
            )
          : [el("p", { class: "muted" }, t("no_concepts"))]),
        questions.length
          ? el(
              "button",
              { type: "button", class: "button big primary", onclick: () => startWriting(null) },
              `+ ${t("concept_new")}`,
            )
          : null,
      );
      return;
    }
    editButton.hidden = !questions.some((q) => q.id === concept.hmw_id);
    const card = conceptCard(store, concept, lang, { headingLevel: "h2" });
    card.querySelector("h2").setAttribute("tabindex", "-1");
    fill(holder, card);
    if (form?.dataset.concept !== concept.id) {
      form?.remove();
      form = textForm({
        id: "concept-comment",
        label: t("concept_comment_label"),
        button: t("comment_send"),
        rows: 3,
        max: 1000,
        draft: `concept-comment-${concept.id}`,
        onSend: (body) => {
          live.queue("comment.add", { id: newId(), target_kind: "concept", target_id: concept.id, body });
          return true;
        },
      });
      form.dataset.concept = concept.id;
      comments.after(form);
    }
    const thread = store
      .all("comment")
      .filter((c) => c.target_kind === "concept" && c.target_id === concept.id)
      .sort((a, b) => a.created_at - b.created_at);
    fill(
      comments,
      ...(thread.length
        ? thread.map((c) =>
            el(
              "li",
              { class: "comment" },
              el("strong", {}, memberName(store, c.member_id)),
              " ",
              c.body,
              c.member_id === memberId
                ? el(
                    "button",
                    {
                      type: "button",
                      class: "button small",
                      onclick: () => live.queue("comment.delete", { comment_id: c.id }),
                    },
                    t("delete"),
                  )
                : null,
            ),
          )
        : [el("li", { class: "muted" }, t("no_comments"))]),
    );
  }
  return update;
}
