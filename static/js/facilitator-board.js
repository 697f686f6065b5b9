// The facilitator's side of the board: persona cards (import, create, edit, order, show
// on the projector, who meets such people), who has introduced themselves, small groups,
// and every group's canvas with its how-might-we questions.

import {
  canvasView,
  challengeOfGroup,
  config,
  groupName,
  memberKey,
  memberName,
  ordered,
  personaLinks,
  personaTitle,
  region,
} from "./board.js";
import { el, localized, newId, t } from "./live.js";

export function mountFacilitatorBoard(live, root, lang, { run, showError, button }) {
  const store = live.store;
  const personasBox = root.querySelector("#personas");
  const introsBox = root.querySelector("#intros");
  const groupsBox = root.querySelector("#groups");
  const canvasesBox = root.querySelector("#canvases");

  // --- personas ---------------------------------------------------------------------------------

  let library = null;
  async function loadLibrary() {
    const response = await fetch("/api/persona-library", { headers: { Accept: "application/json" } });
    library = response.ok ? await response.json() : [];
    renderPersonas(true);
  }

  function editor(persona) {
    const id = `edit-${persona.id}`;
    const form = el("form", { class: "stack", novalidate: true });
    for (const name of config.fields[persona.kind]) {
      const inputId = `${id}-${name}`;
      const list = config.list_fields.includes(name);
      const long = list || ["situation", "digital_skills", "motivation", "description"].includes(name);
      const value = persona.fields[name]?.[lang] || "";
      form.append(
        el(
          "label",
          { for: inputId },
          t(`field_${name}`),
          list ? el("span", { class: "muted" }, ` (${t("one_per_line")})`) : null,
        ),
        long
          ? el("textarea", { id: inputId, name, rows: list ? "4" : "3", maxlength: "2000" }, value)
          : el("input", { id: inputId, name, value, maxlength: "2000" }),
      );
    }
    const error = el("p", { class: "field-error", role: "alert" });
    form.append(error, el("button", { type: "submit", class: "button primary" }, t("save")));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const fields = {};
      for (const name of config.fields[persona.kind]) {
        fields[name] = { [lang]: form.elements[name].value };
      }
      try {
        await live.command("persona.save", { id: persona.id, fields });
        error.textContent = "";
        document.getElementById(id).open = false;
      } catch (failure) {
        error.textContent = [failure.message, ...Object.values(failure.fields?.fields || {}).flat()].join(
          " ",
        );
      }
    });
    return el("details", { id, class: "persona-editor" }, el("summary", {}, t("edit")), form);
  }

  function drawPersonas() {
    const cards = ordered(store, "persona");
    const meets = store.all("persona_meet");
    const comments = store.all("comment").filter((c) => c.target_kind === "persona");
    const rows = cards.map((persona, index) => {
      const title = personaTitle(persona, lang);
      const count = meets.filter((m) => m.persona_id === persona.id).length;
      const said = comments.filter((c) => c.target_id === persona.id);
      return el(
        "li",
        { class: `persona-row${persona.spotlight ? " spotlit" : ""}`, "data-persona": persona.id },
        el(
          "div",
          { class: "row spread wrap" },
          el(
            "div",
            {},
            el("strong", {}, title),
            el("span", { class: "muted" }, ` · ${t(persona.kind)}`),
            el(
              "p",
              { class: "muted meet-count" },
              t("meet_count", { n: count }),
              said.length ? ` · ${t("comments")}: ${said.length}` : "",
            ),
          ),
          el(
            "div",
            { class: "row wrap" },
            button("↑", (b) => run("persona.move", { persona_id: persona.id, position: index - 1 }, b), {
              class: "button small",
              disabled: index === 0,
              "aria-label": `${t("move_up")}: ${title}`,
            }),
            button("↓", (b) => run("persona.move", { persona_id: persona.id, position: index + 1 }, b), {
              class: "button small",
              disabled: index === cards.length - 1,
              "aria-label": `${t("move_down")}: ${title}`,
            }),
            button(
              persona.spotlight ? t("hide_projector") : t("show_projector"),
              (b) => run("persona.spotlight", { persona_id: persona.spotlight ? null : persona.id }, b),
              {
                class: `button small${persona.spotlight ? " primary" : ""}`,
                "aria-pressed": String(persona.spotlight),
                "aria-label": `${persona.spotlight ? t("hide_projector") : t("show_projector")}: ${title}`,
              },
            ),
            button(
              t("delete"),
              async (b) => {
                if (window.confirm(t("confirm_persona", { name: title }))) {
                  await run("persona.delete", { persona_id: persona.id }, b);
                }
              },
              { class: "button small danger", "aria-label": `${t("delete")}: ${title}` },
            ),
          ),
        ),
        said.length
          ? el(
              "details",
              { id: `comments-${persona.id}` },
              el("summary", {}, t("comments")),
              el(
                "ul",
                { class: "comments" },
                ...said
                  .sort((a, b) => a.created_at - b.created_at)
                  .map((c) =>
                    el(
                      "li",
                      {},
                      el("strong", {}, memberName(store, c.member_id)),
                      " ",
                      c.body,
                      button(t("delete"), (b) => run("comment.delete", { comment_id: c.id }, b), {
                        class: "button small",
                      }),
                    ),
                  ),
              ),
            )
          : null,
        el(
          "details",
          { id: `links-${persona.id}` },
          el("summary", {}, t("persona_links")),
          personaLinks(store, persona.id),
        ),
        editor(persona),
      );
    });
    const imported = new Set(cards.map((c) => c.library_key).filter(Boolean));
    const available = (library || []).filter((card) => !imported.has(card.key));
    const importForm = el(
      "form",
      { class: "stack", novalidate: true },
      library === null
        ? el("p", { class: "muted" }, "…")
        : available.length
          ? el(
              "fieldset",
              { class: "stack" },
              el("legend", {}, t("library")),
              ...available.map((card) => {
                const id = `lib-${card.key}`;
                const name = card.kind === "persona" ? card.card.name : localized(card.card.segment, lang);
                return el(
                  "label",
                  { class: "choice", for: id },
                  el("input", { type: "checkbox", id, value: card.key }),
                  ` ${name} · ${t(card.kind)}`,
                );
              }),
            )
          : el("p", { class: "muted" }, t("library_all")),
      available.length ? el("button", { type: "submit", class: "button primary" }, t("import")) : null,
    );
    importForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const keys = [...importForm.querySelectorAll("input:checked")].map((input) => input.value);
      if (keys.length) await run("persona.import", { keys }, event.submitter);
    });
    const createForm = el(
      "form",
      { class: "row wrap", novalidate: true },
      el("label", { for: "new-persona-name", class: "visually-hidden" }, t("new_card_name")),
      el("input", { id: "new-persona-name", maxlength: "80", placeholder: t("new_card_name") }),
      el(
        "select",
        { id: "new-persona-kind", "aria-label": t("kind") },
        el("option", { value: "persona" }, t("persona")),
        el("option", { value: "profile" }, t("profile")),
      ),
      el("button", { type: "submit", class: "button" }, t("new_card")),
    );
    createForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const name = createForm.querySelector("#new-persona-name");
      const kind = createForm.querySelector("#new-persona-kind").value;
      const field = kind === "persona" ? "name" : "segment";
      const result = await run(
        "persona.save",
        { id: newId(), kind, fields: { [field]: { [lang]: name.value } } },
        event.submitter,
      );
      if (result) {
        name.value = "";
        name.dataset.fresh = "true";
      }
    });
    return [
      cards.length
        ? el("ol", { class: "persona-rows" }, ...rows)
        : el("p", { class: "muted" }, t("no_personas")),
      el(
        "details",
        { id: "persona-import", class: "add-session" },
        el("summary", {}, t("import_title")),
        importForm,
      ),
      el(
        "details",
        { id: "persona-create", class: "add-session" },
        el("summary", {}, t("new_card")),
        createForm,
      ),
    ];
  }
  // Keyed on all it shows: the comments' authors by name, and what each card's links name
  // (challenges with their group's name, questions, ideas, concepts).
  const renderPersonas = region(
    personasBox,
    () => [
      lang,
      library?.length,
      ordered(store, "persona").map((p) => [p.id, p.rev]),
      store.all("persona_meet").map((m) => m.id),
      store.all("comment").map((c) => [c.id, c.rev]),
      store.all("challenge").map((c) => [c.id, c.rev]),
      store.all("group").map((g) => [g.id, g.rev]),
      store.all("hmw").map((q) => [q.id, q.rev]),
      store.all("idea").map((i) => [i.id, i.rev]),
      store.all("concept").map((c) => [c.id, c.rev]),
      memberKey(store),
    ],
    drawPersonas,
  );

  // --- introductions ---------------------------------------------------------------------------

  function drawIntros() {
    const people = store.all("member").filter((m) => m.role === "participant" && !m.removed);
    const intros = store.all("introduction");
    const done = new Set(intros.map((i) => i.member_id));
    const missing = people.filter((m) => !done.has(m.id));
    // Nobody to count yet: say so, rather than "0 of 0 introduced - everyone has".
    const summary = people.length
      ? [
          el(
            "p",
            {},
            el("strong", {}, t("intro_count", { n: people.length - missing.length, total: people.length })),
          ),
          el(
            "p",
            { class: missing.length ? "notice" : "muted" },
            missing.length
              ? t("intro_missing", { names: missing.map((m) => m.display_name).join(", ") })
              : t("intro_all"),
          ),
        ]
      : [el("p", { class: "muted" }, t("intro_nobody_joined"))];
    return [
      ...summary,
      intros.length
        ? el(
            "details",
            { id: "intro-list" },
            el("summary", {}, t("intros")),
            el(
              "ul",
              { class: "intro-list" },
              ...intros.map((i) =>
                el(
                  "li",
                  {},
                  el("strong", {}, memberName(store, i.member_id)),
                  ` – ${i.about}`,
                  i.hopes ? el("span", { class: "muted" }, ` (${t("intro_hopes")}: ${i.hopes})`) : null,
                ),
              ),
            ),
          )
        : null,
    ];
  }
  const renderIntros = region(
    introsBox,
    () => [
      store.all("introduction").map((i) => [i.id, i.rev]),
      store.all("member").map((m) => [m.id, m.rev]),
    ],
    drawIntros,
  );

  // --- groups -----------------------------------------------------------------------------------

  function drawGroups() {
    const workshop = store.all("workshop")[0];
    const groups = ordered(store, "group");
    const people = store
      .all("member")
      .filter((m) => !m.removed && m.role === "participant")
      .sort((a, b) => a.joined_at - b.joined_at);
    const split = el(
      "form",
      { class: "row wrap", novalidate: true },
      el("label", { for: "split-count" }, t("split_count")),
      el("input", {
        id: "split-count",
        type: "number",
        min: "1",
        max: "40",
        value: String(groups.length || 3),
        inputmode: "numeric",
      }),
      el(
        "select",
        { id: "split-method", "aria-label": t("split_method") },
        el("option", { value: "mix" }, t("split_mix")),
        el("option", { value: "random" }, t("split_random")),
      ),
      el("button", { type: "submit", class: "button primary" }, t("split")),
    );
    split.addEventListener("submit", (event) => {
      event.preventDefault();
      const count = Number.parseInt(split.querySelector("#split-count").value, 10);
      if (groups.length && people.some((m) => m.group_id) && !window.confirm(t("confirm_split"))) return;
      run(
        "group.split",
        { count: Number.isFinite(count) ? count : 0, method: split.querySelector("#split-method").value },
        event.submitter,
      );
    });
    const add = el(
      "form",
      { class: "row wrap", novalidate: true },
      el("label", { for: "new-group-name", class: "visually-hidden" }, t("group_name")),
      el("input", { id: "new-group-name", maxlength: "60", placeholder: t("group_name") }),
      el("button", { type: "submit", class: "button" }, t("add_group")),
    );
    add.addEventListener("submit", async (event) => {
      event.preventDefault();
      const input = add.querySelector("#new-group-name");
      if (await run("group.save", { id: newId(), name: input.value }, event.submitter)) {
        input.value = "";
        input.dataset.fresh = "true";
      }
    });
    const selfPick = button(
      workshop?.groups_self_pick ? t("self_pick_off") : t("self_pick_on"),
      (b) => run("workshop.update", { groups_self_pick: !workshop?.groups_self_pick }, b),
      { class: "button", "aria-pressed": String(Boolean(workshop?.groups_self_pick)) },
    );
    const picker = (member) => {
      const select = el(
        "select",
        { id: `assign-${member.id}`, "aria-label": `${t("group_for")} ${member.display_name}` },
        el("option", { value: "" }, t("ungrouped")),
        ...groups.map((g) => el("option", { value: g.id, selected: g.id === member.group_id }, g.name)),
      );
      select.addEventListener("change", () =>
        run("group.assign", { member_id: member.id, group_id: select.value || null }),
      );
      return select;
    };
    const column = (title, members, group) =>
      el(
        "section",
        { class: "group-column", "data-group": group?.id || "" },
        el(
          "div",
          { class: "row spread" },
          el("h3", {}, title, el("span", { class: "muted" }, ` (${members.length})`)),
          group
            ? button(
                t("delete"),
                async (b) => {
                  if (window.confirm(t("confirm_group", { name: group.name })))
                    await run("group.delete", { group_id: group.id }, b);
                },
                { class: "button small danger", "aria-label": `${t("delete")}: ${group.name}` },
              )
            : null,
        ),
        el(
          "ul",
          { class: "member-list" },
          ...members.map((m) =>
            el(
              "li",
              {},
              el(
                "span",
                {},
                m.display_name,
                m.organisation ? el("span", { class: "muted" }, ` · ${m.organisation}`) : null,
              ),
              picker(m),
            ),
          ),
        ),
      );
    const ungrouped = people.filter((m) => !m.group_id || !store.get("group", m.group_id));
    return [
      el("div", { class: "row wrap" }, split, selfPick),
      el(
        "div",
        { class: "group-columns" },
        ...groups.map((g) =>
          column(
            g.name,
            people.filter((m) => m.group_id === g.id),
            g,
          ),
        ),
        ungrouped.length ? column(t("ungrouped"), ungrouped, null) : null,
      ),
      add,
    ];
  }
  const renderGroups = region(
    groupsBox,
    () => [
      store.all("workshop")[0]?.groups_self_pick,
      ordered(store, "group").map((g) => [g.id, g.rev]),
      store.all("member").map((m) => [m.id, m.rev]),
    ],
    drawGroups,
  );

  // --- canvases and how-might-we ------------------------------------------------------------------

  function hmwRow(question, index, all) {
    const id = `hmw-edit-${question.id}`;
    const input = el("input", { id, value: question.text, maxlength: "300", "aria-label": t("edit") });
    const form = el(
      "form",
      { class: "row wrap" },
      input,
      el("button", { type: "submit", class: "button small" }, t("save")),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      run("hmw.save", { id: question.id, text: input.value }, event.submitter);
    });
    return el(
      "li",
      { "data-hmw": question.id },
      el("details", { id: `hmw-d-${question.id}` }, el("summary", {}, question.text), form),
      el(
        "span",
        { class: "row" },
        button("↑", (b) => run("hmw.move", { hmw_id: question.id, position: index - 1 }, b), {
          class: "button small",
          disabled: index === 0,
          "aria-label": `${t("move_up")}: ${question.text}`,
        }),
        button("↓", (b) => run("hmw.move", { hmw_id: question.id, position: index + 1 }, b), {
          class: "button small",
          disabled: index === all.length - 1,
          "aria-label": `${t("move_down")}: ${question.text}`,
        }),
        button(
          t("delete"),
          async (b) => {
            if (window.confirm(t("confirm_hmw"))) await run("hmw.delete", { hmw_id: question.id }, b);
          },
          { class: "button small danger", "aria-label": `${t("delete")}: ${question.text}` },
        ),
      ),
    );
  }

  function drawCanvases() {
    const groups = ordered(store, "group");
    const challenges = [
      ...groups.map((g) => challengeOfGroup(store, g.id)),
      ...store.all("challenge").filter((c) => !c.group_id || !store.get("group", c.group_id)),
    ].filter(Boolean);
    const questions = ordered(store, "hmw");
    if (!challenges.length) return [el("p", { class: "muted" }, t("no_challenges"))];
    return [
      el(
        "div",
        { class: "group-columns" },
        ...challenges.map((c) =>
          canvasView(store, c, lang, {
            headingLevel: "h3",
            authors: true,
            remove: (note, b) =>
              window.confirm(t("confirm_note")) && run("challenge.delete_note", { note_id: note.id }, b),
          }),
        ),
      ),
      el("h3", {}, `${t("hmw")} (${questions.length})`),
      questions.length
        ? el(
            "ol",
            { class: "hmw-rows" },
            ...questions.map((q, i, all) => {
              const row = hmwRow(q, i, all);
              const challenge = store.get("challenge", q.challenge_id);
              if (challenge) row.prepend(el("span", { class: "muted" }, `${groupName(store, challenge)}: `));
              return row;
            }),
          )
        : el("p", { class: "muted" }, t("hmw_none")),
    ];
  }
  // The canvases name each note's author: a rename must redraw them.
  const renderCanvases = region(
    canvasesBox,
    () => [
      store.all("challenge").map((c) => [c.id, c.rev]),
      store.all("challenge_note").map((n) => [n.id, n.rev]),
      ordered(store, "hmw").map((q) => [q.id, q.rev]),
      ordered(store, "group").map((g) => [g.id, g.rev]),
      ordered(store, "persona").map((p) => [p.id, p.rev]),
      memberKey(store),
    ],
    drawCanvases,
  );

  store.subscribe(() => {
    renderPersonas();
    renderIntros();
    renderGroups();
    renderCanvases();
  });
  loadLibrary().catch((error) => showError(error));
}
