// A participant's board on the phone: one thing at a time. The view follows the
// facilitator's phase (introductions, personas, groups, the challenge canvas,
// how-might-we); the buttons under it open the other views for work between sessions.
//
// Nothing typed is lost: every text box keeps a draft in localStorage as it is typed, and
// what is sent waits in the live outbox until the server has it.

import {
  challengeOfGroup,
  config,
  fill,
  formHelpers,
  groupOf,
  importanceBars,
  memberName,
  notesFor,
  ordered,
  personaCard,
  personaLinks,
  personaTitle,
} from "./board.js";
import { coachingView, isOpen, submissionOf, themes } from "./coaching.js";
import { conceptsView, ideasView } from "./ideation.js";
import { el, newId, t } from "./live.js";
import { noticesView, unreadCount } from "./notices.js";
import { pilotsView } from "./pilots.js";
import { currentPhase, currentSession } from "./stage.js";
import { votesView } from "./voting.js";

const ACTIVITY_VIEWS = {
  introductions: "intros",
  personas: "personas",
  groups: "group",
  challenge: "canvas",
  hmw: "hmw",
  ideation: "ideas",
  grouping: "ideas",
  concepts: "concepts",
  voting: "votes",
  pilots: "pilots",
  theme: "tasks",
  task: "tasks",
  survey: "tasks",
};

export function mountBoard(live, root, lang, memberId) {
  const store = live.store;
  const workshopId = root.dataset.workshop;
  const area = root.querySelector("#board");
  const nav = root.querySelector("#board-nav");
  const notice = el("p", { class: "notice error", role: "alert", hidden: true });
  area.before(notice);
  let chosen = null; // a view the person opened; null = follow the facilitator
  let mounted = null; // {name, update}

  // --- drafts and text boxes (board.js) ------------------------------------------------------

  const { keepDraft, dropDraft, textForm } = formHelpers(workshopId);

  function showError(message) {
    notice.textContent = `${t("error")} ${message}`;
    notice.hidden = false;
    clearTimeout(showError.timer);
    showError.timer = setTimeout(() => {
      notice.hidden = true;
    }, 10000);
  }
  live.on("rejected", (item, error) => {
    const written = item.args.body || item.args.text || item.args.about;
    const fields = Object.values(error.fields || {})
      .flat()
      .filter((x) => typeof x === "string");
    showError([error.message, ...fields].join(" ") + (written ? ` – “${written}”` : ""));
  });

  // --- introductions --------------------------------------------------------------------------

  function introsView(box) {
    const form = el("form", { class: "stack card phone", novalidate: true });
    const ids = { about: "intro-about", org: "intro-org", hopes: "intro-hopes" };
    const about = keepDraft(el("textarea", { id: ids.about, rows: "3", maxlength: "600" }), "intro-about");
    const org = keepDraft(
      el("input", { id: ids.org, maxlength: "80", autocomplete: "organization" }),
      "intro-org",
    );
    const hopes = keepDraft(el("textarea", { id: ids.hopes, rows: "3", maxlength: "600" }), "intro-hopes");
    const error = el("p", { class: "field-error", id: "intro-error" });
    const saved = el("p", { class: "notice ok", role: "status", hidden: true }, t("intro_saved"));
    form.append(
      el("h2", {}, t("intro_title")),
      el("label", { for: ids.about }, t("intro_about")),
      about,
      el("label", { for: ids.org }, t("intro_org")),
      org,
      el("label", { for: ids.hopes }, t("intro_hopes")),
      hopes,
      error,
      saved,
      el("button", { type: "submit", class: "button primary big" }, t("intro_save")),
    );
    const mine = store.get("introduction", memberId);
    if (mine) {
      if (!about.value) about.value = mine.about;
      if (!hopes.value) hopes.value = mine.hopes;
    }
    const fillOrganisation = () => {
      const member = store.get("member", memberId);
      if (member?.organisation && !org.value && document.activeElement !== org)
        org.value = member.organisation;
    };
    fillOrganisation();
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!about.value.trim()) {
        error.textContent = t("empty");
        about.focus();
        return;
      }
      error.textContent = "";
      live.queue("introduction.save", {
        about: about.value.trim(),
        hopes: hopes.value.trim(),
        organisation: org.value.trim() || null,
      });
      for (const key of ["intro-about", "intro-org", "intro-hopes"]) dropDraft(key);
      saved.hidden = false;
    });
    const list = el("div", { class: "intro-list" });
    box.append(form, el("section", { class: "card phone" }, el("h2", {}, t("intros")), list));
    return () => {
      fillOrganisation();
      // Only those still in the workshop; an introduction whose member left is not shown.
      const present = (intro) => {
        const member = store.get("member", intro.member_id);
        return Boolean(member && !member.removed);
      };
      const intros = store
        .all("introduction")
        .filter(present)
        .sort((a, b) => a.updated_at - b.updated_at);
      fill(
        list,
        ...(intros.length
          ? intros.map((intro) => {
              const member = store.get("member", intro.member_id);
              return el(
                "article",
                { class: "intro" },
                el(
                  "h3",
                  {},
                  member.display_name,
                  intro.member_id === memberId ? ` (${t("you")})` : "",
                  member.organisation ? el("span", { class: "muted" }, ` · ${member.organisation}`) : null,
                ),
                el("p", {}, intro.about),
                intro.hopes ? el("p", { class: "muted" }, `${t("intro_hopes")}: ${intro.hopes}`) : null,
              );
            })
          : [el("p", { class: "muted" }, t("intro_none"))]),
      );
    };
  }

  // --- personas, one card at a time -----------------------------------------------------------

  let personaIndex = 0;
  let canvasStep = 0;
  let lastSpotlight = null;

  function personasView(box) {
    const counter = el("p", { class: "eyebrow", "aria-live": "polite" });
    const holder = el("div", { class: "persona-holder" });
    const prev = el("button", { type: "button", class: "button big" }, `‹ ${t("prev_card")}`);
    const next = el("button", { type: "button", class: "button big primary" }, `${t("next_card")} ›`);
    const meet = el("button", { type: "button", class: "button big meet", "aria-pressed": "false" });
    const comments = el("ul", { class: "comments" });
    const links = el("div");
    let shownKey = null;
    let current = null;
    const move = (step) => {
      personaIndex += step;
      shownKey = null;
      update();
      holder.querySelector(".persona-name")?.focus();
    };
    prev.addEventListener("click", () => move(-1));
    next.addEventListener("click", () => move(1));
    meet.addEventListener("click", () => {
      if (!current) return;
      const meets = meet.getAttribute("aria-pressed") !== "true";
      meet.setAttribute("aria-pressed", String(meets));
      meet.textContent = meets ? `✓ ${t("meet_done")}` : t("meet");
      live.queue("persona.meet", { persona_id: current.id, meets });
    });
    const commentForm = textForm({
      id: "persona-comment",
      label: t("comment_label"),
      button: t("comment_send"),
      rows: 2,
      max: 1000,
      draft: "persona-comment",
      onSend: (body) => {
        if (!current) return false;
        live.queue("comment.add", { id: newId(), target_kind: "persona", target_id: current.id, body });
        return true;
      },
    });
    const pager = el("div", { class: "row spread pager" }, prev, next);
    const cardBox = el("section", { class: "card phone" }, counter, holder, pager);
    const meetBox = el("section", { class: "card phone" }, meet, links);
    const talkBox = el(
      "section",
      { class: "card phone" },
      el("h3", {}, t("comments")),
      comments,
      commentForm,
    );
    box.append(cardBox, meetBox, talkBox);

    function update() {
      const cards = ordered(store, "persona");
      const spotlight = cards.find((c) => c.spotlight);
      // Follow the facilitator's card when it changes; otherwise stay where the person is.
      if (spotlight && spotlight.id !== lastSpotlight) personaIndex = cards.indexOf(spotlight);
      lastSpotlight = spotlight?.id || null;
      // No cards: nothing to page through, meet or comment on - only the words saying so.
      pager.hidden = meetBox.hidden = talkBox.hidden = !cards.length;
      if (!cards.length) {
        holder.replaceChildren(el("p", { class: "muted" }, t("no_personas")));
        counter.textContent = "";
        prev.disabled = next.disabled = meet.disabled = true;
        current = null;
        shownKey = null;
        return;
      }
      personaIndex = Math.min(Math.max(personaIndex, 0), cards.length - 1);
      current = cards[personaIndex];
      counter.textContent = t("card_of", { n: personaIndex + 1, total: cards.length });
      prev.disabled = personaIndex === 0;
      next.disabled = personaIndex === cards.length - 1;
      meet.disabled = false;
      const key = `${current.id}:${current.rev}:${lang}`;
      if (key !== shownKey) {
        shownKey = key;
        const card = personaCard(current, lang);
        card.querySelector(".persona-name").setAttribute("tabindex", "-1");
        holder.replaceChildren(card);
      }
      const mine = store
        .all("persona_meet")
        .find((m) => m.persona_id === current.id && m.member_id === memberId);
      if (!live.outbox().some((item) => item.name === "persona.meet")) {
        meet.setAttribute("aria-pressed", String(Boolean(mine)));
        meet.textContent = mine ? `✓ ${t("meet_done")}` : t("meet");
      }
      const list = store
        .all("comment")
        .filter((c) => c.target_kind === "persona" && c.target_id === current.id)
        .sort((a, b) => a.created_at - b.created_at);
      comments.replaceChildren(
        ...(list.length
          ? list.map((c) =>
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
      links.replaceChildren(personaLinks(store, current.id));
    }
    return update;
  }

  // --- my group ---------------------------------------------------------------------------------

  function groupView(box) {
    const card = el("section", { class: "card phone" });
    box.append(card);
    return () => {
      const workshop = store.all("workshop")[0];
      const group = groupOf(store, memberId);
      const groups = ordered(store, "group");
      const parts = [el("h2", {}, group ? `${t("my_group")}: ${group.name}` : t("no_group"))];
      if (group) {
        const mates = store.all("member").filter((m) => m.group_id === group.id && !m.removed);
        parts.push(
          el("h3", {}, t("group_with")),
          el(
            "ul",
            { class: "mates" },
            ...mates.map((m) =>
              el(
                "li",
                {},
                m.display_name,
                m.id === memberId ? ` (${t("you")})` : "",
                m.organisation ? el("span", { class: "muted" }, ` · ${m.organisation}`) : null,
              ),
            ),
          ),
        );
      }
      if (workshop?.groups_self_pick && groups.length) {
        parts.push(
          el("h3", {}, t("pick_group")),
          el(
            "div",
            { class: "stack" },
            ...groups.map((g) =>
              el(
                "button",
                {
                  type: "button",
                  class: `button big${g.id === group?.id ? " primary" : ""}`,
                  "aria-pressed": String(g.id === group?.id),
                  onclick: () => live.queue("group.assign", { member_id: memberId, group_id: g.id }),
                },
                g.id === group?.id ? `✓ ${g.name}` : `${t("join_group")}: ${g.name}`,
              ),
            ),
          ),
        );
      } else if (!group) {
        parts.push(el("p", { class: "muted" }, t("group_wait")));
      }
      card.replaceChildren(...parts);
    };
  }

  // --- the challenge canvas -------------------------------------------------------------------

  function canvasView(box) {
    const heading = el("h2", {});
    const statementOut = el("p", { class: "statement" });
    const statementError = el("p", { class: "notice", role: "alert", hidden: true });
    const statementInput = keepDraft(
      el("textarea", { id: "statement", rows: "3", maxlength: "1000" }),
      "statement",
    );
    const statementForm = el(
      "form",
      { class: "stack", novalidate: true },
      el("label", { for: "statement" }, t("statement")),
      statementInput,
      statementError,
      el("button", { type: "submit", class: "button primary big" }, t("statement_save")),
    );
    const personasBox = el("fieldset", { class: "stack persona-picks" });
    const rating = el("div", { class: "rating", role: "group", "aria-label": t("rate") });
    const bars = el("div");
    const empty = el("p", { class: "muted" }, t("no_canvas"));
    // One step at a time: each guiding question, the rating, the personas, the statement.
    const stepCounter = el("p", { class: "eyebrow", "aria-live": "polite" });
    const back = el("button", { type: "button", class: "button big" }, `‹ ${t("prev_card")}`);
    const forward = el("button", { type: "button", class: "button big primary" }, `${t("next_card")} ›`);
    const steps = el("div", { class: "steps" });
    const content = el(
      "div",
      {},
      el("section", { class: "card phone" }, heading, statementOut),
      stepCounter,
      steps,
      el("div", { class: "row spread pager" }, back, forward),
    );
    box.append(empty, content);
    const showStep = (index, focus = false) => {
      const all = [...steps.children];
      canvasStep = Math.min(Math.max(index, 0), all.length - 1);
      all.forEach((step, i) => {
        step.hidden = i !== canvasStep;
      });
      stepCounter.textContent = t("step_of", { n: canvasStep + 1, total: all.length });
      back.disabled = canvasStep === 0;
      forward.disabled = canvasStep === all.length - 1;
      if (focus) all[canvasStep].querySelector("h3, legend, label")?.focus();
    };
    back.addEventListener("click", () => showStep(canvasStep - 1, true));
    forward.addEventListener("click", () => showStep(canvasStep + 1, true));
    let challenge = null;
    let baseRev = null;
    statementForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!challenge) return;
      try {
        const saved = await live.command("challenge.update", {
          challenge_id: challenge.id,
          statement: statementInput.value.trim(),
          base_rev: baseRev ?? challenge.rev,
        });
        baseRev = saved.rev;
        statementError.hidden = true;
        dropDraft("statement");
        statementInput.value = "";
        statementInput.placeholder = "";
        update();
      } catch (error) {
        statementError.hidden = false;
        if (error.status === 409) {
          // Keep the person's text in the box; show theirs; the next save wins knowingly.
          statementError.textContent = `${t("statement_conflict")} “${(error.fields.statement || [""])[0]}”`;
          baseRev = Number((error.fields.base_rev || [challenge.rev])[0]);
        } else {
          statementError.textContent = `${t("error")} ${error.message}`;
        }
      }
    });
    for (let value = 1; value <= 5; value += 1) {
      rating.append(
        el(
          "button",
          {
            type: "button",
            class: "button big rate",
            "data-value": String(value),
            "aria-pressed": "false",
            onclick: (event) => {
              for (const other of rating.children) other.setAttribute("aria-pressed", "false");
              event.currentTarget.setAttribute("aria-pressed", "true");
              live.queue("challenge.rate", { challenge_id: challenge.id, value });
            },
          },
          String(value),
        ),
      );
    }
    const forms = new Map();
    function questionBox(question) {
      const list = el("ul", { class: "notes" });
      const form = textForm({
        id: `note-${question}`,
        label: t("note_label"),
        button: t("add_note"),
        rows: 2,
        max: 500,
        draft: `note-${question}`,
        onSend: (body) => {
          if (!challenge) return false;
          live.queue("challenge.note", { id: newId(), challenge_id: challenge.id, question, body });
          return true;
        },
      });
      const section = el(
        "section",
        { class: "card phone canvas-question", "data-question": question },
        el("h3", { tabindex: "-1" }, t(`q_${question}`)),
        list,
        form,
      );
      forms.set(question, list);
      return section;
    }
    steps.append(
      ...(config.questions || []).map(questionBox),
      el("section", { class: "card phone" }, el("h3", { tabindex: "-1" }, t("rate")), rating, bars),
      el("section", { class: "card phone" }, personasBox),
      el("section", { class: "card phone" }, statementForm),
    );
    showStep(canvasStep);

    // The facilitator's phase may name the part to work on: open it when the phase changes.
    const PARTS = [...(config.questions || []), "rating", "personas", "statement"];
    let focusedPhase = null;
    function followFocus() {
      const phase = currentPhase(currentSession(store));
      if (!phase || phase.id === focusedPhase) return;
      focusedPhase = phase.id;
      const index = PARTS.indexOf(phase.focus);
      if (index >= 0) showStep(index);
    }

    function update() {
      followFocus();
      const group = groupOf(store, memberId);
      challenge = group ? challengeOfGroup(store, group.id) : null;
      empty.hidden = Boolean(challenge);
      content.hidden = !challenge;
      if (!challenge) return;
      heading.textContent = `${t("challenge")}: ${group.name}`;
      statementOut.textContent = challenge.statement || t("statement_empty");
      if (!statementInput.value && document.activeElement !== statementInput) {
        statementInput.placeholder = challenge.statement || "";
      }
      if (baseRev === null || document.activeElement !== statementInput) baseRev = challenge.rev;
      for (const [question, list] of forms) {
        list.replaceChildren(
          ...notesFor(store, challenge.id, question).map((note) =>
            el(
              "li",
              { class: "note" },
              note.body,
              el("span", { class: "muted" }, ` – ${memberName(store, note.member_id)}`),
              note.member_id === memberId
                ? el(
                    "button",
                    {
                      type: "button",
                      class: "button small",
                      onclick: () => live.queue("challenge.delete_note", { note_id: note.id }),
                    },
                    t("delete"),
                  )
                : null,
            ),
          ),
        );
      }
      const mine = store
        .all("rating")
        .find((r) => r.challenge_id === challenge.id && r.member_id === memberId);
      if (mine && !live.outbox().some((item) => item.name === "challenge.rate")) {
        for (const button of rating.children) {
          button.setAttribute("aria-pressed", String(Number(button.dataset.value) === mine.value));
        }
      }
      bars.replaceChildren(importanceBars(challenge.importance, lang));
      const cards = ordered(store, "persona");
      personasBox.replaceChildren(
        el("legend", {}, t("personas_linked")),
        ...cards.map((persona) => {
          const id = `link-${persona.id}`;
          const box_ = el("input", {
            type: "checkbox",
            id,
            checked: challenge.persona_ids.includes(persona.id),
          });
          box_.addEventListener("change", () => {
            const ids = new Set(challenge.persona_ids);
            if (box_.checked) ids.add(persona.id);
            else ids.delete(persona.id);
            live
              .command("challenge.update", { challenge_id: challenge.id, persona_ids: [...ids] })
              .catch((error) => showError(error.message));
          });
          return el("label", { class: "choice", for: id }, box_, ` ${personaTitle(persona, lang)}`);
        }),
      );
    }
    return update;
  }

  // --- how might we -------------------------------------------------------------------------------

  function hmwView(box) {
    const statement = el("p", { class: "statement" });
    const list = el("ol", { class: "hmw-list" });
    const empty = el("p", { class: "muted" }, t("no_canvas"));
    let challenge = null;
    const form = textForm({
      id: "hmw-text",
      label: t("hmw_label"),
      button: t("hmw_add"),
      rows: 2,
      max: 280,
      draft: "hmw",
      prefix: `${t("hmw_prefix")}…`,
      onSend: (text) => {
        if (!challenge) return false;
        // Written with or without the opening words, in either language.
        const full = /^(miten voisimme|how might we)\b/i.test(text) ? text : `${t("hmw_prefix")} ${text}`;
        live.queue("hmw.save", {
          id: newId(),
          challenge_id: challenge.id,
          text: /[?？]$/.test(full) ? full : `${full}?`,
        });
        return true;
      },
    });
    const content = el(
      "div",
      {},
      el("section", { class: "card phone" }, el("p", { class: "eyebrow" }, t("hmw_for")), statement, form),
      el("section", { class: "card phone" }, el("h2", {}, t("hmw")), list),
    );
    box.append(empty, content);
    return () => {
      const group = groupOf(store, memberId);
      challenge = group ? challengeOfGroup(store, group.id) : null;
      empty.hidden = Boolean(challenge);
      content.hidden = !challenge;
      if (!challenge) return;
      statement.textContent = challenge.statement || group.name;
      const questions = ordered(store, "hmw").filter((q) => q.challenge_id === challenge.id);
      list.replaceChildren(
        ...(questions.length
          ? questions.map((q) =>
              el(
                "li",
                {},
                q.text,
                q.member_id === memberId
                  ? el(
                      "button",
                      {
                        type: "button",
                        class: "button small",
                        onclick: () => live.queue("hmw.delete", { hmw_id: q.id }),
                      },
                      t("delete"),
                    )
                  : null,
              ),
            )
          : [el("li", { class: "muted" }, t("hmw_none"))]),
      );
    };
  }

  // --- choosing the view ------------------------------------------------------------------------

  const ctx = { live, store, lang, memberId, textForm, memberName };
  const VIEWS = {
    intros: introsView,
    personas: personasView,
    group: groupView,
    canvas: canvasView,
    hmw: hmwView,
    ideas: (box) => ideasView(ctx, box),
    concepts: (box) => conceptsView(ctx, box),
    votes: (box) => votesView(ctx, box),
    pilots: (box) => pilotsView({ ...ctx, keepDraft, dropDraft, showError, isFacilitator: false }, box),
    tasks: (box) => coachingView({ ...ctx, keepDraft, dropDraft }, box),
    notices: (box) =>
      noticesView(ctx, box, {
        open: (view, target) => {
          chosen = view;
          render();
          mounted.update.open?.(target);
        },
      }),
  };
  const NAV = [
    ["now", t("view_now")],
    ["intros", t("view_intros")],
    ["personas", t("view_personas")],
    ["group", t("view_group")],
    ["ideas", t("view_ideas")],
    ["concepts", t("view_concepts")],
    ["votes", t("view_votes")],
    ["pilots", t("view_pilots")],
    ["tasks", t("view_tasks")],
    ["notices", t("view_notices")],
  ];
  const navButtons = NAV.map(([name, label]) => {
    const button = el("button", { type: "button", class: "button", "data-view": name }, label);
    button.addEventListener("click", () => {
      chosen = name === "now" ? null : name;
      render();
      area.querySelector("h2, h3, textarea, button")?.focus({ preventScroll: false });
    });
    return button;
  });
  nav.replaceChildren(...navButtons);

  const RELEVANT = {
    personas: () => store.all("persona").length > 0,
    group: () => store.all("group").length > 0,
    ideas: () => store.all("hmw").length > 0,
    concepts: () => store.all("concept").length > 0,
    votes: () => store.all("vote_round").some((r) => r.status !== "draft"),
    pilots: () => store.all("pilot").length > 0,
    tasks: () => themes(store).length > 0,
    notices: () =>
      themes(store).length > 0 || store.all("pilot").length > 0 || store.all("notification").length > 0,
  };

  // What the room is doing: the live session and its phase. When it changes, the
  // facilitator has moved everyone on, and a view the person opened gives way to it.
  function roomKey() {
    const session = currentSession(store);
    return JSON.stringify(session ? [session.id, session.status, session.current_phase_id] : null);
  }

  // Between sessions, what there is to do is decided afresh whenever the workshop changes -
  // a session starts or ends, a task appears or opens, a vote opens, personas or pilots
  // arrive - but not when only the person's own work does: saving an introduction or an
  // answer must not whisk the page away from what they just did.
  function workshopKey() {
    return JSON.stringify([
      store.all("session").map((s) => [s.id, s.status]),
      themes(store).map((s) => [s.id, isOpen(s)]),
      store
        .all("vote_round")
        .filter((r) => r.status === "open")
        .map((r) => r.id),
      store.all("persona").length > 0,
      store.all("pilot").length > 0,
      store.all("concept").length > 0,
      store.all("hmw").length > 0,
    ]);
  }
  let betweenKey = null;
  let between = null;

  // Before the first session: the pre-work (introduce yourself in a workshop with
  // personas, then any open task not yet answered, then the personas). Once a session has
  // been held the pre-work is behind: an open task, the pilots, then what the sessions made.
  function betweenSessions() {
    if (store.all("vote_round").some((r) => r.status === "open")) return "votes";
    const introduced = Boolean(store.get("introduction", memberId));
    const personas = store.all("persona").length > 0;
    const openTask = themes(store).some((s) => isOpen(s) && !submissionOf(store, s.id, memberId));
    const held = store.all("session").some((s) => s.status === "ended");
    if (!held) {
      if (!introduced && personas) return "intros";
      if (openTask) return "tasks";
      if (!introduced) return "intros";
      return personas ? "personas" : themes(store).length ? "tasks" : "intros";
    }
    if (openTask) return "tasks";
    if (store.all("pilot").length) return "pilots";
    if (themes(store).length) return "tasks";
    if (store.all("concept").length) return "concepts";
    if (store.all("hmw").length) return "ideas";
    return personas ? "personas" : "intros";
  }

  function followedView() {
    const session = currentSession(store);
    const phase = session?.status === "live" ? currentPhase(session) : null;
    // A phase with nothing to do on the phone (welcome, break) gives null: no view.
    if (phase) return ACTIVITY_VIEWS[phase.activity] || null;
    if (store.seq === null) return null;
    const key = workshopKey();
    if (key !== betweenKey) {
      betweenKey = key;
      between = betweenSessions();
    }
    return between;
  }

  // Someone part-way through writing in the view on screen: a text box in it has the
  // focus and holds text.
  function typing() {
    const active = document.activeElement;
    if (!active || !area.contains(active)) return false;
    const box =
      active.tagName === "TEXTAREA" ||
      (active.tagName === "INPUT" &&
        !["checkbox", "radio", "button", "submit", "range"].includes(active.type));
    return box && active.value.trim() !== "";
  }

  let room;
  let waiting = false; // a view change waits for someone to finish writing
  function render() {
    const follow = followedView();
    const nowRoom = roomKey();
    if (nowRoom !== room) {
      room = nowRoom;
      chosen = null; // the facilitator moved the room on: follow it
    }
    let name = chosen || follow;
    // The view being written in stays until the person leaves the box: pulling it away
    // mid-sentence would take the caret and the keyboard with it (the text itself would
    // be kept as a draft). Its own updates go on meanwhile.
    waiting = Boolean(mounted && mounted.name !== name && typing());
    if (waiting) name = mounted.name;
    for (const button of navButtons) {
      const active = (button.dataset.view === "now" && !chosen) || button.dataset.view === chosen;
      button.setAttribute("aria-pressed", String(active));
      button.classList.toggle("primary", active);
      // Only the views this workshop has something in (one thing at a time, few buttons).
      button.hidden = !active && !(RELEVANT[button.dataset.view]?.() ?? true);
      if (button.dataset.view === "notices") {
        const unread = unreadCount(store, memberId);
        button.textContent = unread ? t("notices_unread", { n: unread }) : t("view_notices");
        button.classList.toggle("has-unread", unread > 0);
      }
    }
    if (mounted?.name !== name) {
      area.replaceChildren();
      area.dataset.view = name || "";
      mounted = name ? { name, update: VIEWS[name](area) } : { name, update: () => {} };
    }
    mounted.update();
  }

  // A view change that waited happens once the person has left the box - a moment later,
  // so a tap on the form's own button (which takes the focus first) still lands on it.
  area.addEventListener("focusout", () => {
    if (!waiting) return;
    setTimeout(() => {
      if (waiting && !typing()) render();
    }, 500);
  });

  store.subscribe(render);
  render();
}
