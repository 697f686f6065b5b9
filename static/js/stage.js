// What the room is doing now - the current session, phase and timer - shown the same way on
// participants' phones and on the projector.

import { inLanguage, paragraphsIn, textIn } from "./content.js";
import { formatSeconds, t } from "./live.js";
import { html, nothing } from "./view.js";

export function currentSession(store) {
  const workshop = store.all("workshop")[0];
  if (!workshop?.current_session_id) return null;
  return store.get("session", workshop.current_session_id) || null;
}

export function currentPhase(session) {
  if (!session) return null;
  return session.phases.find((phase) => phase.id === session.current_phase_id) || null;
}

// --- the phone's stage card, as a view (read/view) ---------------------------------------

export function read(store, page) {
  const workshop = store.all("workshop")[0];
  const session = currentSession(store);
  const phase = currentPhase(session);
  const live = session?.status === "live";
  const held = store.all("session").some((s) => s.status === "ended");
  const timer = live && session.timer && session.timer.state !== "idle" ? session.timer : null;
  const pendingDone =
    phase &&
    page.live
      .outbox()
      .slice()
      .reverse()
      .find((o) => o.name === "member.done" && o.args.phase_id === phase.id);
  const doneRow =
    phase && store.all("done").find((d) => d.member_id === page.member && d.phase_id === phase.id);
  return {
    workshopName: workshop?.name || "",
    workshopLang: workshop?.language || "",
    session,
    phase: live ? phase : null,
    status: session?.status || null,
    held,
    locked: Boolean(live && session.locked),
    timer,
    left: timer ? page.live.remaining(timer) : null,
    canBeDone: Boolean(live && phase && page.member),
    done: pendingDone ? pendingDone.args.done : Boolean(doneRow?.done),
  };
}

export function view(data, page) {
  const { session, phase } = data;
  let title;
  let body = nothing;
  if (!session || data.status === "planned") {
    // Nothing running: before the first session, a welcome; once one has been held,
    // "waiting for the facilitator to start" would no longer be true.
    title = data.held ? t("between") : t("welcome");
    body = html`<p>${data.held ? t("between_note") : t("waiting")}</p>`;
  } else if (data.status === "ended") {
    title = t("ended");
  } else if (phase) {
    title = textIn(phase.title, page.lang);
    const position = session.phases.indexOf(phase) + 1;
    body = html`<p class="eyebrow">${t("phase_of", { n: position, total: session.phases.length })}</p>
      ${paragraphsIn(phase.instructions, page.lang)}
      ${
        session.task && (phase.activity === "task" || session.kind === "async")
          ? html`<section class="task"><h2>${t("task")}: ${textIn(session.task.title, page.lang)}</h2>
            ${paragraphsIn(session.task.instructions, page.lang)}</section>`
          : nothing
      }`;
  } else {
    title = textIn(session.title, page.lang);
    body = paragraphsIn(session.description, page.lang);
  }
  const timer = data.timer;
  const label = timer ? (data.left <= 0 ? t("timer_done") : formatSeconds(data.left)) : "";
  return html`<section class="card phone stage">
    <p class="eyebrow" id="session-title">${session ? textIn(session.title, page.lang) : inLanguage(data.workshopName, data.workshopLang)}</p>
    <h1 id="phase-title">${title}</h1>
    <div id="timer" class="timer ${timer && data.left <= 0 ? "done" : ""}" role="timer" aria-live="off"
      ?hidden=${!timer} data-state=${timer?.state || "idle"} data-remaining=${timer ? String(Math.ceil(data.left)) : ""}
      aria-label=${t("timer_label")}>${timer ? (timer.state === "paused" ? `${label} · ${t("paused")}` : label) : ""}</div>
    ${data.locked ? html`<p id="locked-note" class="notice">${t("locked_note")}</p>` : nothing}
    <div id="instructions" class="instructions">${body}</div>
    ${
      data.canBeDone
        ? html`<button type="button" id="done-button" class="button big done-toggle ${data.done ? "is-done" : ""}"
            aria-pressed=${String(data.done)} @click=${() => {
              page.queue("member.done", { phase_id: phase.id, done: !data.done });
              page.update();
            }}>${data.done ? html`<span aria-hidden="true">✓ </span>${t("done_marked")}` : t("done_mark")}</button>
            ${data.done ? html`<p class="muted done-note">${t("done_undo_hint")}</p>` : nothing}`
        : nothing
    }
  </section>`;
}
