// Run: what the facilitator keeps open on the laptop during a workshop - the live
// session's current phase with the controls it needs (previous and next, timer, lock) and
// what is happening in the room.

import { formatSeconds, localized } from "../live.js";
import { currentPhase, currentSession } from "../stage.js";
import { html, nothing } from "../view.js";

export function read(store, page) {
  const session = currentSession(store);
  if (!session || session.status !== "live") return { session: null };
  const phase = currentPhase(session);
  const index = phase ? session.phases.indexOf(phase) : -1;
  return {
    session,
    phase,
    index,
    previous: session.phases[index - 1] || null,
    next: session.phases[index + 1] || null,
    left: page.live.remaining(session.timer),
  };
}

export function view(data, page) {
  const { t, lang } = page;
  const { session, phase, index, previous, next } = data;
  if (!session) return html`<p class="muted">${t("no_session")}</p>`;
  const timer = session.timer;
  const timerCommand =
    (action, extra = {}) =>
    (event) =>
      page.run("session.timer", { session_id: session.id, action, ...extra }, event);
  const toggle =
    timer.state === "idle"
      ? html`<button type="button" class="button primary" data-focus="timer-toggle"
          ?disabled=${!timer.duration} @click=${timerCommand("start")}>${t("timer_start")}</button>`
      : timer.state === "running"
        ? html`<button type="button" class="button" data-focus="timer-toggle"
            @click=${timerCommand("pause")}>${t("timer_pause")}</button>`
        : html`<button type="button" class="button primary" data-focus="timer-toggle"
            @click=${timerCommand("resume")}>${t("timer_resume")}</button>`;
  return html`<section class="card run-now" aria-labelledby="run-phase">
    <p class="eyebrow">${localized(session.title, lang)}</p>
    <h2 class="now-phase" id="run-phase">${phase ? localized(phase.title, lang) : "–"}</h2>
    ${phase ? html`<p class="muted">${t("phase_of", { n: index + 1, total: session.phases.length })}</p>` : nothing}
    <p class="timer" id="facilitator-timer" role="timer" aria-live="off" data-state=${timer.state}>
      ${timer.state === "idle" && !timer.duration ? "" : timer.state === "running" && data.left <= 0 ? t("timer_done") : formatSeconds(data.left)}
    </p>
    <div class="row wrap">
      <button type="button" class="button" data-focus="previous" ?disabled=${!previous}
        @click=${(event) => page.run("session.phase", { session_id: session.id, phase_id: previous.id }, event)}>
        ${t("previous")}</button>
      <button type="button" class="button primary" data-focus="next" ?disabled=${!next}
        @click=${(event) => page.run("session.phase", { session_id: session.id, phase_id: next.id }, event)}>
        ${t("next")}</button>
    </div>
    <div class="row wrap">
      ${toggle}
      ${
        timer.state !== "idle" || timer.duration
          ? html`<button type="button" class="button" @click=${timerCommand("add", { seconds: 60 })}>${t("add_minute")}</button>
            <button type="button" class="button" @click=${timerCommand("add", { seconds: 300 })}>${t("add_five")}</button>`
          : nothing
      }
      ${timer.state !== "idle" ? html`<button type="button" class="button" @click=${timerCommand("reset")}>${t("timer_reset")}</button>` : nothing}
    </div>
    <div class="row wrap">
      <button type="button" class="button" aria-pressed=${session.locked ? "true" : "false"}
        @click=${(event) => page.run("session.lock", { session_id: session.id, locked: !session.locked }, event)}>
        ${session.locked ? t("unlock") : t("lock")}</button>
      <button type="button" class="button danger" @click=${(event) => page.run("session.end", { session_id: session.id }, event)}>
        ${t("end")}</button>
    </div>
    ${session.locked ? html`<p class="notice">${t("locked")}</p>` : nothing}
  </section>`;
}

// The timer counts down between events.
export function mount(page) {
  setInterval(() => {
    if (document.getElementById("facilitator-timer")) page.update();
  }, 250);
}
