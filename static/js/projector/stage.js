// The top of the big screen: the session, the phase, its timer and instructions, and
// whether input is paused.

import { inLanguage, paragraphsIn, textIn } from "../content.js";
import { formatSeconds } from "../live.js";
import { currentPhase, currentSession } from "../stage.js";
import { html, nothing } from "../view.js";

export function read(store, page) {
  const workshop = store.all("workshop")[0];
  const session = currentSession(store);
  const phase = currentPhase(session);
  const live = session?.status === "live";
  const timer = live ? session.timer : null;
  return {
    workshop,
    session,
    phase,
    live,
    held: store.all("session").some((s) => s.status === "ended"),
    timer: timer && timer.state !== "idle" ? { state: timer.state, left: page.live.remaining(timer) } : null,
  };
}

function timerView(timer, t) {
  if (!timer) return nothing;
  const done = timer.left <= 0;
  const label = done ? t("timer_done") : formatSeconds(timer.left);
  return html`<div id="timer" class=${done ? "timer huge done" : "timer huge"} role="timer" aria-live="off"
    data-state=${timer.state} data-remaining=${String(Math.ceil(timer.left))}>
    ${timer.state === "paused" ? `${label} · ${t("paused")}` : label}</div>`;
}

export function view(data, page) {
  const { t, lang } = page;
  const { session, phase } = data;
  let title = "";
  let body = nothing;
  if (!session || session.status === "planned") {
    // Nothing running: before the first session, a welcome; once one has been held,
    // "waiting for the facilitator to start" would no longer be true.
    title = data.held ? t("between") : t("welcome");
    body = html`<p>${data.held ? t("between_note") : t("waiting")}</p>`;
  } else if (session.status === "ended") {
    title = t("ended");
  } else if (phase) {
    const position = session.phases.indexOf(phase) + 1;
    title = textIn(phase.title, lang);
    body = html`<p class="eyebrow">${t("phase_of", { n: position, total: session.phases.length })}</p>
      ${paragraphsIn(phase.instructions, lang)}
      ${
        session.task && (phase.activity === "task" || session.kind === "async")
          ? html`<section class="task"><h2>${t("task")}: ${textIn(session.task.title, lang)}</h2>
            ${paragraphsIn(session.task.instructions, lang)}</section>`
          : nothing
      }`;
  } else {
    title = textIn(session.title, lang);
    body = paragraphsIn(session.description, lang);
  }
  return html`<p class="eyebrow" id="session-title">${session ? textIn(session.title, lang) : inLanguage(data.workshop?.name || "", data.workshop?.language)}</p>
    <h1 id="phase-title">${title}</h1>
    ${timerView(data.timer, t)}
    ${data.live && session.locked ? html`<p id="locked-note" class="notice">${t("input_paused")}</p>` : nothing}
    <div id="instructions" class="instructions big-text">${body}</div>`;
}
