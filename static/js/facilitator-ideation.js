// The facilitator's ideation board: a column per how-might-we question with its settings
// (silent, anonymous, lock, on every phone, open grouping), reveal and spotlight; ideas
// arriving live, grouped by drag and drop and equally by keyboard (the "Move to" menu and
// buttons); suggested groups to accept, edit or ignore; and every concept card of the
// workshop on one page.

import { groupName, memberKey, memberName, ordered, personaTitle, region } from "./board.js";
import { clustersOf, conceptCard, ideasOf, ideaText, STAGES } from "./ideation.js";
import { el, newId, t } from "./live.js";

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

export function mountIdeation(live, root, lang, { run, showError, button }) {
  const store = live.store;
  const ideationBox = root.querySelector("#ideation");
  const conceptsBox = root.querySelector("#concepts");
  const suggestions = new Map(); // question id -> [{name, idea_ids}] being considered
  let dragged = null;

  // --- one idea card ---------------------------------------------------------------------------

  function ideaCard(idea, question, clusters, all) {
    const label = idea.text.length > 40 ? `${idea.text.slice(0, 40)}…` : idea.text;
    const move = el(
      "select",
      { id: `move-${idea.id}`, "aria-label": `${t("move_to")}: ${label}` },
      el("option", { value: "" }, t("move_to")),
      el("option", { value: "none", disabled: !idea.cluster_id }, t("no_cluster")),
      ...clusters
        .filter((c) => c.id !== idea.cluster_id)
        .map((c) => el("option", { value: c.id }, c.name || t("new_cluster"))),
      el("option", { value: "new" }, `+ ${t("new_cluster")}`),
    );
    move.addEventListener("change", async () => {
      const value = move.value;
      if (!value) return;
      if (value === "new") {
        await run("cluster.save", { id: newId(), hmw_id: question.id, name: "", idea_ids: [idea.id] });
      } else {
        await run("idea.move", { idea_id: idea.id, cluster_id: value === "none" ? null : value });
      }
    });
    // The "duplicate of" menu lists every other idea: built only when opened, so a board of
    // hundreds of cards does not carry hundreds of long menus.
    const more = el("details", { id: `more-${idea.id}` }, el("summary", {}, t("duplicate_of")));
    more.addEventListener("toggle", () => {
      if (!more.open || more.querySelector("select")) return;
      const duplicate = el(
        "select",
        { id: `dup-${idea.id}`, "aria-label": `${t("duplicate_of")}: ${label}` },
        el("option", { value: "" }, idea.duplicate_of_id ? t("not_duplicate") : `${t("duplicate_of")}…`),
        ...all
          .filter((other) => other.id !== idea.id)
          .map((other) =>
            el(
              "option",
              { value: other.id, selected: other.id === idea.duplicate_of_id },
              other.text.length > 50 ? `${other.text.slice(0, 50)}…` : other.text,
            ),
          ),
      );
      duplicate.addEventListener("change", () =>
        run("idea.duplicate", { idea_id: idea.id, of_id: duplicate.value || null }),
      );
      more.append(duplicate);
    });
    const spotlit = question.spotlight_idea_id === idea.id;
    const card = el(
      "li",
      {
        class: `idea-card${spotlit ? " spotlit" : ""}${idea.duplicate_of_id ? " is-duplicate" : ""}`,
        draggable: "true",
        "data-idea": idea.id,
      },
      idea.duplicate_of_id ? el("p", { class: "badge" }, t("duplicate")) : null,
      ...ideaText(store, idea, lang),
      el(
        "div",
        { class: "row wrap card-tools" },
        move,
        button(
          spotlit ? t("unspotlight") : t("spotlight"),
          (b) => run("idea.spotlight", { hmw_id: question.id, idea_id: spotlit ? null : idea.id }, b),
          {
            class: `button small${spotlit ? " primary" : ""}`,
            id: `spot-${idea.id}`,
            "aria-pressed": String(spotlit),
            "aria-label": `${spotlit ? t("unspotlight") : t("spotlight")}: ${label}`,
            disabled: question.silent && !question.revealed,
          },
        ),
        button(t("make_concept"), (b) => run("concept.save", { id: newId(), idea_ids: [idea.id] }, b), {
          class: "button small",
          "aria-label": `${t("make_concept")}: ${label}`,
        }),
        button(
          t("delete"),
          (b) =>
            window.confirm(`${t("delete")}: “${idea.text}”?`) && run("idea.delete", { idea_id: idea.id }, b),
          { class: "button small danger", "aria-label": `${t("delete")}: ${label}` },
        ),
      ),
      more,
    );
    card.addEventListener("dragstart", (event) => {
      dragged = idea.id;
      event.dataTransfer.setData("text/plain", idea.id);
      event.dataTransfer.effectAllowed = "move";
    });
    card.addEventListener("dragend", () => {
      dragged = null;
    });
    return card;
  }

  // A place to drop a card: a group, or "not grouped".
  function dropZone(node, clusterId) {
    node.addEventListener("dragover", (event) => {
      if (!dragged) return;
      event.preventDefault();
      node.classList.add("drop-target");
    });
    node.addEventListener("dragleave", () => node.classList.remove("drop-target"));
    node.addEventListener("drop", (event) => {
      event.preventDefault();
      node.classList.remove("drop-target");
      const ideaId = event.dataTransfer.getData("text/plain") || dragged;
      const idea = ideaId && store.get("idea", ideaId);
      if (idea && idea.cluster_id !== clusterId)
        run("idea.move", { idea_id: idea.id, cluster_id: clusterId });
    });
    return node;
  }

  // --- a group ------------------------------------------------------------------------------------

  function clusterBox(cluster, question, clusters, all) {
    const ideas = all.filter((idea) => idea.cluster_id === cluster.id);
    const nameId = `cluster-name-${cluster.id}`;
    const name = el("input", {
      id: nameId,
      value: cluster.name,
      maxlength: "80",
      placeholder: t("cluster_name"),
      "aria-label": t("cluster_name"),
    });
    const rename = el(
      "form",
      {
        class: "row wrap",
        onsubmit: (event) => {
          event.preventDefault();
          run("cluster.save", { id: cluster.id, name: name.value.trim() }, event.submitter);
        },
      },
      name,
      el("button", { type: "submit", class: "button small" }, t("save")),
    );
    const others = clusters.filter((c) => c.id !== cluster.id);
    const merge = el(
      "select",
      { id: `merge-${cluster.id}`, "aria-label": `${t("merge_into")}: ${cluster.name}` },
      el("option", { value: "" }, `${t("merge_into")}…`),
      ...others.map((c) => el("option", { value: c.id }, c.name || t("new_cluster"))),
    );
    merge.addEventListener(
      "change",
      () => merge.value && run("cluster.merge", { cluster_id: cluster.id, into_id: merge.value }),
    );
    return dropZone(
      el(
        "section",
        { class: "cluster", "data-cluster": cluster.id },
        rename,
        el("ul", { class: "ideas" }, ...ideas.map((idea) => ideaCard(idea, question, clusters, all))),
        el(
          "div",
          { class: "row wrap" },
          others.length ? merge : null,
          button(t("make_concept"), (b) => run("concept.save", { id: newId(), cluster_id: cluster.id }, b), {
            class: "button small primary",
            "aria-label": `${t("make_concept")}: ${cluster.name}`,
            disabled: !ideas.length,
          }),
          button(t("ungroup_all"), (b) => run("cluster.delete", { cluster_id: cluster.id }, b), {
            class: "button small",
            "aria-label": `${t("ungroup_all")}: ${cluster.name}`,
          }),
        ),
      ),
      cluster.id,
    );
  }

  // --- suggested groups ---------------------------------------------------------------------------

  function suggestionBox(question) {
    const found = suggestions.get(question.id);
    if (!found) return null;
    if (!found.length) return el("p", { class: "muted", role: "status" }, t("suggest_none"));
    return el(
      "section",
      { class: "suggestions", "aria-label": t("suggested") },
      el("h4", {}, t("suggested")),
      ...found.map((suggestion, index) => {
        const nameId = `suggest-${question.id}-${index}`;
        const name = el("input", {
          id: nameId,
          value: suggestion.name,
          maxlength: "80",
          "aria-label": t("cluster_name"),
        });
        const picks = suggestion.idea_ids
          .map((id) => store.get("idea", id))
          .filter(Boolean)
          .map((idea) => {
            const id = `pick-${question.id}-${index}-${idea.id}`;
            return el(
              "label",
              { class: "choice", for: id },
              el("input", { type: "checkbox", id, value: idea.id, checked: true }),
              ` ${idea.text}`,
            );
          });
        const drop = () => {
          suggestions.set(
            question.id,
            suggestions.get(question.id).filter((s) => s !== suggestion),
          );
          renderIdeation(true);
        };
        return el(
          "div",
          { class: "suggestion" },
          name,
          ...picks,
          el(
            "div",
            { class: "row" },
            button(
              t("accept"),
              async (b) => {
                const ids = picks
                  .map((p) => p.querySelector("input"))
                  .filter((i) => i.checked)
                  .map((i) => i.value);
                if (!ids.length) return;
                const made = await run(
                  "cluster.save",
                  { id: newId(), hmw_id: question.id, name: name.value.trim(), idea_ids: ids },
                  b,
                );
                if (made) drop();
              },
              { class: "button small primary" },
            ),
            button(t("ignore"), drop, { class: "button small" }),
          ),
        );
      }),
    );
  }

  // --- a question's column --------------------------------------------------------------------------

  function setting(question, name, hasIdeas) {
    const id = `set-${name}-${question.id}`;
    const fixed = hasIdeas && (name === "silent" || name === "anonymous");
    const box = el("input", { type: "checkbox", id, checked: question[name], disabled: fixed });
    box.addEventListener("change", async () => {
      const done = await run("hmw.settings", { hmw_id: question.id, [name]: box.checked });
      if (!done) box.checked = question[name];
    });
    return el(
      "label",
      { class: "choice small", for: id, title: fixed ? t("settings_fixed") : null },
      box,
      ` ${t(`set_${name}`)}`,
    );
  }

  function column(question) {
    const all = ideasOf(store, question.id);
    const clusters = clustersOf(store, question.id);
    const challenge = store.get("challenge", question.challenge_id);
    const loose = all.filter((idea) => !idea.cluster_id);
    const hidden = question.silent && !question.revealed;
    return el(
      "section",
      { class: "board-column ideation-column", "data-hmw": question.id },
      challenge ? el("p", { class: "eyebrow" }, groupName(store, challenge)) : null,
      el("h3", {}, question.text),
      el("p", { class: "muted" }, all.length ? t("ideas_count", { n: all.length }) : t("ideas_none")),
      el(
        "fieldset",
        { class: "settings row wrap" },
        el("legend", { class: "visually-hidden" }, question.text),
        ...["silent", "anonymous", "locked", "live", "grouping_open"].map((name) =>
          setting(question, name, all.length > 0),
        ),
      ),
      el(
        "div",
        { class: "row wrap" },
        hidden
          ? button(t("reveal"), (b) => run("hmw.settings", { hmw_id: question.id, revealed: true }, b), {
              class: "button primary",
              id: `reveal-${question.id}`,
            })
          : null,
        button(
          t("suggest"),
          async (b) => {
            const found = await run("idea.suggest", { hmw_id: question.id }, b);
            if (found) {
              suggestions.set(question.id, found);
              renderIdeation(true);
            }
          },
          { class: "button", id: `suggest-${question.id}` },
        ),
        button(
          `+ ${t("new_cluster")}`,
          (b) => run("cluster.save", { id: newId(), hmw_id: question.id, name: "" }, b),
          { class: "button", id: `new-cluster-${question.id}` },
        ),
      ),
      suggestionBox(question),
      ...clusters.map((cluster) => clusterBox(cluster, question, clusters, all)),
      dropZone(
        el(
          "section",
          { class: "cluster loose" },
          el("h4", {}, t("ungrouped_ideas")),
          el("ul", { class: "ideas" }, ...loose.map((idea) => ideaCard(idea, question, clusters, all))),
        ),
        null,
      ),
    );
  }

  function newQuestionForm() {
    const challenges = store.all("challenge");
    if (!challenges.length) return null;
    const select = el(
      "select",
      { id: "new-hmw-challenge", "aria-label": t("challenge") },
      ...challenges.map((c) => el("option", { value: c.id }, groupName(store, c))),
    );
    const input = el("input", {
      id: "new-hmw-text",
      maxlength: "300",
      placeholder: `${t("hmw_prefix")}…`,
      "aria-label": t("hmw_label"),
    });
    return el(
      "form",
      {
        class: "row wrap",
        onsubmit: async (event) => {
          event.preventDefault();
          const text = input.value.trim();
          if (!text) {
            showError({ message: t("empty") });
            return;
          }
          const done = await run(
            "hmw.save",
            { id: newId(), challenge_id: select.value, text },
            event.submitter,
          );
          if (done) input.value = "";
        },
      },
      select,
      input,
      el("button", { type: "submit", class: "button" }, t("hmw_add")),
    );
  }

  function drawIdeation() {
    const questions = ordered(store, "hmw");
    return [
      newQuestionForm(),
      questions.length
        ? el("p", { class: "muted" }, t("drag_hint"))
        : el("p", { class: "muted" }, t("ideation_none")),
      el("div", { class: "board-columns ideation" }, ...questions.map(column)),
    ];
  }
  // The cards name their authors (looked up in the members), so a rename redraws them.
  const renderIdeation = region(
    ideationBox,
    () => [
      ordered(store, "hmw").map((q) => [q.id, q.rev]),
      store.all("idea").map((i) => [i.id, i.rev]),
      store.all("idea_cluster").map((c) => [c.id, c.rev]),
      store.all("challenge").map((c) => [c.id, c.group_id]),
      store.all("group").map((g) => [g.id, g.rev]),
      store.all("persona").map((p) => [p.id, p.rev]),
      memberKey(store),
    ],
    drawIdeation,
  );

  // --- every concept of the workshop --------------------------------------------------------------------

  function conceptEditor(concept) {
    const id = `concept-${concept.id}`;
    const fields = [
      el("label", { for: `${id}-name` }, t("concept_name")),
      el("input", { id: `${id}-name`, name: "name", value: concept.name, maxlength: "120" }),
      el("label", { for: `${id}-stage` }, t("concept_stage")),
      el(
        "select",
        { id: `${id}-stage`, name: "stage" },
        ...STAGES.map((stage) =>
          el("option", { value: stage, selected: stage === concept.stage }, t(`stage_${stage}`)),
        ),
      ),
      ...TEXTS.flatMap((name) => [
        el("label", { for: `${id}-${name}` }, t(`concept_${name}`)),
        el("textarea", { id: `${id}-${name}`, name, rows: "2", maxlength: "2000" }, concept[name]),
      ]),
    ];
    const personas = el(
      "fieldset",
      { class: "stack" },
      el("legend", {}, t("concept_personas")),
      ...ordered(store, "persona").map((p) => {
        const boxId = `${id}-p-${p.id}`;
        return el(
          "label",
          { class: "choice", for: boxId },
          el("input", {
            type: "checkbox",
            id: boxId,
            value: p.id,
            checked: concept.persona_ids.includes(p.id),
          }),
          ` ${personaTitle(p, lang)}`,
        );
      }),
    );
    const form = el(
      "form",
      { class: "stack", novalidate: true },
      ...fields,
      personas,
      el("button", { type: "submit", class: "button primary" }, t("save")),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = {
        id: concept.id,
        persona_ids: [...personas.querySelectorAll("input:checked")].map((i) => i.value),
      };
      for (const input of form.querySelectorAll("input[name], select[name], textarea[name]"))
        data[input.name] = input.value;
      if (!data.name.trim()) {
        showError({ message: t("empty") });
        return;
      }
      await run("concept.save", data, event.submitter);
    });
    return el("details", { id: `${id}-edit` }, el("summary", {}, t("concept_edit")), form);
  }

  function drawConcepts() {
    const concepts = ordered(store, "concept");
    const comments = store.all("comment").filter((c) => c.target_kind === "concept");
    if (!concepts.length) return [el("p", { class: "muted" }, t("concepts_none_facilitator"))];
    return [
      el("p", { class: "muted" }, t("concept_count", { n: concepts.length })),
      el(
        "div",
        { class: "concept-grid" },
        ...concepts.map((concept) => {
          const card = conceptCard(store, concept, lang);
          const thread = comments
            .filter((c) => c.target_id === concept.id)
            .sort((a, b) => a.created_at - b.created_at);
          if (thread.length) {
            card.append(
              el("h4", {}, `${t("comments")} (${thread.length})`),
              el(
                "ul",
                { class: "comments" },
                ...thread.map((c) =>
                  el(
                    "li",
                    { class: "comment" },
                    el("strong", {}, memberName(store, c.member_id)),
                    " ",
                    c.body,
                  ),
                ),
              ),
            );
          }
          card.append(
            conceptEditor(concept),
            button(
              t("concept_delete"),
              (b) =>
                window.confirm(t("confirm_concept", { name: concept.name })) &&
                run("concept.delete", { concept_id: concept.id }, b),
              { class: "button small danger" },
            ),
          );
          return card;
        }),
      ),
    ];
  }
  // A card shows its question, source ideas, personas and its comments' authors by name.
  const renderConcepts = region(
    conceptsBox,
    () => [
      ordered(store, "concept").map((c) => [c.id, c.rev]),
      store
        .all("comment")
        .filter((c) => c.target_kind === "concept")
        .map((c) => [c.id, c.rev]),
      store.all("idea").map((i) => [i.id, i.rev]),
      store.all("persona").map((p) => [p.id, p.rev]),
      store.all("hmw").map((q) => [q.id, q.rev]),
      memberKey(store),
    ],
    drawConcepts,
  );

  store.subscribe(() => {
    renderIdeation();
    renderConcepts();
  });
}
