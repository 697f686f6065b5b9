// The facilitator's workshop page: run sessions, phases and the timer; manage people and
// joining. Every button sends one command; what the page shows comes back as events, so
// two facilitators on two laptops always see the same thing.

import { mountCoaching } from "./coaching.js";
import { mountDownloads } from "./downloads.js";
import { mountFacilitatorBoard } from "./facilitator-board.js";
import { mountIdeation } from "./facilitator-ideation.js";
import { mountPilots } from "./facilitator-pilots.js";
import { mountVoting } from "./facilitator-voting.js";
import { el, formatSeconds, Live, localized, newId, t } from "./live.js";
import { currentPhase, currentSession } from "./stage.js";

const root = document.getElementById("app");
const lang = root.dataset.lang;
const myMemberId = root.dataset.member;
const live = new Live({
  workshop: root.dataset.workshop,
  statusElement: document.getElementById("connection"),
});
const store = live.store;

const nowPanel = document.getElementById("now-panel");
const agenda = document.getElementById("agenda");
const members = document.getElementById("members");
const memberCount = document.getElementById("member-count");
const errorBox = el("p", { class: "notice error", role: "alert", hidden: true });
root.prepend(errorBox);

function showError(error) {
  errorBox.textContent = `${t("error")} ${error.message}`;
  errorBox.hidden = false;
  clearTimeout(showError.timer);
  showError.timer = setTimeout(() => {
    errorBox.hidden = true;
  }, 8000);
}

async function run(name, args, button) {
  if (button) button.disabled = true;
  try {
    return await live.command(name, args);
  } catch (error) {
    showError(error);
    return null;
  } finally {
    if (button) button.disabled = false;
  }
}

function button(label, onClick, attributes = {}) {
  const node = el("button", { type: "button", class: "button", ...attributes }, label);
  node.addEventListener("click", () => onClick(node));
  return node;
}

// --- now: the live session ----------------------------------------------------------------

let nowKey = null;

function renderNow() {
  const session = currentSession(store);
  const key = JSON.stringify(session && [session.id, session.rev]);
  if (key === nowKey) return;
  nowKey = key;
  nowPanel.replaceChildren();
  if (session?.status !== "live") {
    nowPanel.append(el("p", { class: "muted" }, t("no_session")));
    return;
  }
  const phase = currentPhase(session);
  const index = phase ? session.phases.indexOf(phase) : -1;
  const previous = session.phases[index - 1];
  const next = session.phases[index + 1];
  const timer = session.timer;
  const timerButtons = [];
  if (timer.state === "idle") {
    timerButtons.push(
      button(t("timer_start"), (b) => run("session.timer", { session_id: session.id, action: "start" }, b), {
        class: "button primary",
        disabled: !timer.duration,
      }),
    );
  } else if (timer.state === "running") {
    timerButtons.push(
      button(t("timer_pause"), (b) => run("session.timer", { session_id: session.id, action: "pause" }, b)),
    );
  } else {
    timerButtons.push(
      button(
        t("timer_resume"),
        (b) => run("session.timer", { session_id: session.id, action: "resume" }, b),
        { class: "button primary" },
      ),
    );
  }
  if (timer.state !== "idle" || timer.duration) {
    timerButtons.push(
      button(t("add_minute"), (b) =>
        run("session.timer", { session_id: session.id, action: "add", seconds: 60 }, b),
      ),
      button(t("add_five"), (b) =>
        run("session.timer", { session_id: session.id, action: "add", seconds: 300 }, b),
      ),
    );
  }
  if (timer.state !== "idle") {
    timerButtons.push(
      button(t("timer_reset"), (b) => run("session.timer", { session_id: session.id, action: "reset" }, b)),
    );
  }
  nowPanel.append(
    ...[
      el("p", { class: "eyebrow" }, localized(session.title, lang)),
      el("h3", { class: "now-phase" }, phase ? localized(phase.title, lang) : "–"),
      phase && el("p", { class: "muted" }, t("phase_of", { n: index + 1, total: session.phases.length })),
      el("p", { class: "timer", id: "facilitator-timer", role: "timer", "aria-live": "off" }),
      el(
        "div",
        { class: "row wrap" },
        button(
          t("previous"),
          (b) => run("session.phase", { session_id: session.id, phase_id: previous.id }, b),
          { disabled: !previous },
        ),
        // Moving by id, not by "one step", so a double click cannot skip a phase.
        button(t("next"), (b) => run("session.phase", { session_id: session.id, phase_id: next.id }, b), {
          class: "button primary",
          disabled: !next,
        }),
      ),
      el("div", { class: "row wrap" }, ...timerButtons),
      el(
        "div",
        { class: "row wrap" },
        button(
          session.locked ? t("unlock") : t("lock"),
          (b) => run("session.lock", { session_id: session.id, locked: !session.locked }, b),
          { "aria-pressed": session.locked ? "true" : "false" },
        ),
        button(t("end"), (b) => run("session.end", { session_id: session.id }, b), {
          class: "button danger",
        }),
      ),
      session.locked ? el("p", { class: "notice" }, t("locked")) : null,
    ].filter(Boolean),
  );
  tickTimer();
}

function tickTimer() {
  const out = document.getElementById("facilitator-timer");
  const session = currentSession(store);
  if (!out || !session) return;
  const timer = session.timer;
  if (timer.state === "idle" && !timer.duration) {
    out.textContent = "";
    return;
  }
  const left = live.remaining(timer);
  out.textContent = timer.state === "running" && left <= 0 ? t("timer_done") : formatSeconds(left);
  out.dataset.state = timer.state;
}
setInterval(tickTimer, 250);

// --- agenda --------------------------------------------------------------------------------

let agendaKey = null;
const openEditors = new Set();

function fieldError(form, name, error) {
  const out = form.querySelector(`[data-error-for="${name}"]`);
  const messages = error?.fields?.[name];
  const text = messages
    ? (Array.isArray(messages) ? messages : Object.values(messages).flat()).join(" ")
    : error && name === "title" && !Object.keys(error.fields || {}).length
      ? error.message
      : "";
  if (out) out.textContent = text;
}

function phaseEditor(session, archived) {
  const details = el(
    "details",
    { class: "phase-editor", open: openEditors.has(session.id) },
    el("summary", {}, t("edit_agenda")),
  );
  details.addEventListener("toggle", () => {
    if (details.open) openEditors.add(session.id);
    else openEditors.delete(session.id);
  });
  const isLive = session.status === "live";
  const rows = session.phases.map((phase) =>
    el(
      "li",
      {},
      el("span", {}, `${localized(phase.title, lang)} · ${phase.minutes} ${t("minutes")}`),
      isLive && phase.id === session.current_phase_id
        ? null
        : button(
            t("remove_phase"),
            async (b) => {
              if (!window.confirm(t("confirm_phase", { name: localized(phase.title, lang) }))) return;
              await run("session.delete_phase", { session_id: session.id, phase_id: phase.id }, b);
            },
            {
              class: "button small danger",
              "aria-label": `${t("remove_phase")}: ${localized(phase.title, lang)}`,
            },
          ),
    ),
  );
  const ids = { title: `pt-${session.id}`, minutes: `pm-${session.id}`, instructions: `pi-${session.id}` };
  const form = el(
    "form",
    { class: "stack", novalidate: true },
    el("label", { for: ids.title }, t("phase_title")),
    el("input", { id: ids.title, name: "title", maxlength: "120", required: true }),
    el("p", { class: "field-error", "data-error-for": "title", role: "alert" }),
    el("label", { for: ids.minutes }, t("phase_minutes")),
    el("input", {
      id: ids.minutes,
      name: "minutes",
      type: "number",
      min: "1",
      max: "480",
      value: "10",
      inputmode: "numeric",
    }),
    el("p", { class: "field-error", "data-error-for": "minutes", role: "alert" }),
    el("label", { for: ids.instructions }, t("phase_instructions")),
    el("textarea", { id: ids.instructions, name: "instructions", rows: "3", maxlength: "4000" }),
    el("button", { type: "submit", class: "button primary", disabled: archived }, t("add_phase")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const minutes = Number.parseInt(form.elements.minutes.value, 10);
    try {
      await live.command("session.save_phase", {
        session_id: session.id,
        id: form.dataset.phaseId || (form.dataset.phaseId = newId()),
        title: { [lang]: form.elements.title.value },
        minutes: Number.isFinite(minutes) ? minutes : form.elements.minutes.value,
        instructions: { [lang]: form.elements.instructions.value },
      });
      delete form.dataset.phaseId;
      form.reset();
      fieldError(form, "title", null);
      fieldError(form, "minutes", null);
      form.elements.title.focus();
    } catch (error) {
      fieldError(form, "title", error);
      fieldError(form, "minutes", error);
    }
  });
  details.append(
    session.phases.length
      ? el("ul", { class: "phase-rows" }, ...rows)
      : el("p", { class: "muted" }, t("no_phases")),
    form,
  );
  return details;
}

function renderAgenda() {
  const sessions = store.all("session").sort((a, b) => a.position - b.position);
  const workshop = store.all("workshop")[0];
  const key = JSON.stringify([workshop?.status, sessions.map((s) => [s.id, s.rev])]);
  if (key === agendaKey) return;
  agendaKey = key;
  // Never lose what someone is typing: keep drafts, focus and caret across the re-render.
  const focused = agenda.contains(document.activeElement) ? document.activeElement : null;
  const caret =
    focused && "selectionStart" in focused ? [focused.selectionStart, focused.selectionEnd] : null;
  const drafts = new Map(
    [...agenda.querySelectorAll("input[id], textarea[id]")].map((input) => [input.id, input.value]),
  );
  const archived = workshop?.status === "archived";
  if (!sessions.length) {
    agenda.replaceChildren(el("li", { class: "muted" }, t("no_sessions")));
    return;
  }
  agenda.replaceChildren(
    ...sessions.map((session) => {
      const status = { live: t("live"), ended: t("ended"), planned: t("planned") }[session.status];
      const isLive = session.status === "live";
      return el(
        "li",
        { class: `agenda-session ${session.status}`, "data-session": session.id },
        el(
          "div",
          { class: "row spread" },
          el(
            "div",
            {},
            el("h3", {}, localized(session.title, lang)),
            el(
              "p",
              { class: "muted" },
              `${status}${session.kind === "async" ? ` · ${t("async")}` : ""}`,
              session.task ? ` · ${t("task")}: ${localized(session.task.title, lang)}` : "",
            ),
          ),
          isLive || archived || !session.phases.length
            ? null
            : button(t("start"), (b) => run("session.start", { session_id: session.id }, b), {
                class: "button primary",
              }),
        ),
        el(
          "ol",
          { class: "phases" },
          ...session.phases.map((phase) => {
            const current = isLive && phase.id === session.current_phase_id;
            return el(
              "li",
              { class: current ? "current" : "", "aria-current": current ? "step" : false },
              el("span", {}, localized(phase.title, lang)),
              el("span", { class: "muted" }, ` ${phase.minutes} ${t("minutes")}`),
              isLive && !current
                ? button(
                    t("go"),
                    (b) => run("session.phase", { session_id: session.id, phase_id: phase.id }, b),
                    { class: "button small", "aria-label": `${t("go")}: ${localized(phase.title, lang)}` },
                  )
                : current
                  ? el("strong", { class: "badge" }, t("current"))
                  : null,
            );
          }),
        ),
        archived ? null : phaseEditor(session, archived),
      );
    }),
  );
  for (const [id, value] of drafts) {
    const input = document.getElementById(id);
    if (input && agenda.contains(input)) input.value = value;
  }
  if (focused?.id) {
    const again = document.getElementById(focused.id);
    if (again) {
      again.focus({ preventScroll: true });
      if (caret)
        try {
          again.setSelectionRange(...caret);
        } catch {
          /* not a text input */
        }
    }
  }
}

const addSession = document.getElementById("add-session-form");
addSession.addEventListener("submit", async (event) => {
  event.preventDefault();
  const errorOut = document.getElementById("new-session-title-error");
  try {
    const created = await live.command("session.create", {
      id: addSession.dataset.sessionId || (addSession.dataset.sessionId = newId()),
      title: { [lang]: addSession.elements.title.value },
      kind: addSession.elements.kind.value,
    });
    delete addSession.dataset.sessionId;
    addSession.reset();
    errorOut.textContent = "";
    openEditors.add(created.id);
    agendaKey = null;
    renderAgenda();
    document.getElementById(`pt-${created.id}`)?.focus();
  } catch (error) {
    const messages = error.fields.title;
    errorOut.textContent = messages ? Object.values(messages).flat().join(" ") : error.message;
  }
});

// --- people --------------------------------------------------------------------------------

let editing = null;

function renderMembers() {
  const list = store
    .all("member")
    .filter((m) => !m.removed)
    .sort((a, b) => (a.role === b.role ? a.joined_at - b.joined_at : a.role === "facilitator" ? -1 : 1));
  memberCount.textContent = `(${list.length})`;
  if (editing && members.contains(document.activeElement)) return; // don't pull a form away
  members.replaceChildren(
    ...list.map((member) => {
      const name = member.display_name + (member.id === myMemberId ? ` (${t("you")})` : "");
      if (editing === member.id) return memberForm(member);
      return el(
        "li",
        { "data-member": member.id },
        el(
          "span",
          {},
          el("strong", {}, name),
          member.organisation ? el("span", { class: "muted" }, ` · ${member.organisation}`) : null,
          el("span", { class: "muted" }, ` · ${t(member.role)}`),
        ),
        el(
          "span",
          { class: "row" },
          button(
            t("rename"),
            () => {
              editing = member.id;
              renderMembers();
              members.querySelector("input")?.focus();
            },
            { class: "button small", "aria-label": `${t("rename")}: ${member.display_name}` },
          ),
          member.id === myMemberId
            ? null
            : button(
                t("remove"),
                async (b) => {
                  if (!window.confirm(t("confirm_remove", { name: member.display_name }))) return;
                  await run("member.remove", { member_id: member.id }, b);
                },
                { class: "button small danger", "aria-label": `${t("remove")}: ${member.display_name}` },
              ),
        ),
      );
    }),
  );
}

function memberForm(member) {
  const input = el("input", {
    value: member.display_name,
    maxlength: "60",
    "aria-label": t("rename"),
    required: true,
  });
  const errorOut = el("span", { class: "field-error", role: "alert" });
  const form = el(
    "form",
    { class: "row wrap" },
    input,
    el("button", { type: "submit", class: "button small primary" }, t("save")),
    button(
      t("cancel"),
      () => {
        editing = null;
        renderMembers();
      },
      { class: "button small" },
    ),
    errorOut,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await live.command("member.update", { member_id: member.id, display_name: input.value });
      editing = null;
      renderMembers();
    } catch (error) {
      errorOut.textContent = (error.fields.display_name || [error.message]).join(" ");
    }
  });
  return el("li", { "data-member": member.id }, form);
}

// --- the workshop itself ------------------------------------------------------------------

const title = document.getElementById("workshop-title");
const archivedNote = root.querySelector('[data-bind="workshop.archived"]');
const renameForm = document.getElementById("rename-form");
const renameError = document.getElementById("rename-error");
const archiveButton = document.getElementById("archive-button");
const codeOut = document.getElementById("join-code");
const linkOut = document.getElementById("join-link");
const qr = document.getElementById("join-qr");

function renderWorkshop() {
  const workshop = store.all("workshop")[0];
  if (!workshop) return;
  title.textContent = workshop.name;
  document.title = `${workshop.name} · Paja`;
  archivedNote.hidden = workshop.status !== "archived";
  archiveButton.textContent = workshop.status === "archived" ? t("restore") : t("archive");
  archiveButton.dataset.archived = String(workshop.status === "archived");
  if (codeOut.textContent !== workshop.join_code) {
    codeOut.textContent = workshop.join_code;
    const link = new URL(linkOut.href, location.href);
    link.pathname = link.pathname.replace(/[^/]+$/, workshop.join_code);
    linkOut.href = link.toString();
    linkOut.textContent = link.toString();
    const image = new URL(qr.src, location.href);
    image.searchParams.set("v", workshop.join_code);
    qr.src = image.toString();
  }
}

renameForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await live.command("workshop.update", { name: renameForm.elements.name.value });
    renameError.textContent = "";
  } catch (error) {
    renameError.textContent = (error.fields.name || [error.message]).join(" ");
  }
});

archiveButton.addEventListener("click", () => {
  const archived = archiveButton.dataset.archived === "true";
  run("workshop.update", { status: archived ? "active" : "archived" }, archiveButton);
});

document.getElementById("regenerate-code").addEventListener("click", (event) => {
  if (window.confirm(t("confirm_code"))) run("workshop.regenerate_code", {}, event.currentTarget);
});

store.subscribe(() => {
  renderWorkshop();
  renderNow();
  renderAgenda();
  renderMembers();
});

mountFacilitatorBoard(live, root, lang, { run, showError, button });
mountIdeation(live, root, lang, { run, showError, button });
mountVoting(live, root, { run, button });
mountPilots(live, root, lang, { run, showError, button });
mountCoaching(live, root, lang, { run, button });
mountDownloads(root);
