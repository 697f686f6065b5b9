// What the room is doing now - the current session, phase and timer - shown the same way on
// participants' phones and on the projector.

import { el, formatSeconds, localized, paragraphs, t } from "./live.js";

export function currentSession(store) {
  const workshop = store.all("workshop")[0];
  if (!workshop?.current_session_id) return null;
  return store.get("session", workshop.current_session_id) || null;
}

export function currentPhase(session) {
  if (!session) return null;
  return session.phases.find((phase) => phase.id === session.current_phase_id) || null;
}

// Keep #session-title, #phase-title, #timer, #locked-note and #instructions up to date.
export function mountStage(live, root, lang) {
  const sessionTitle = root.querySelector("#session-title");
  const phaseTitle = root.querySelector("#phase-title");
  const timer = root.querySelector("#timer");
  const locked = root.querySelector("#locked-note");
  const instructions = root.querySelector("#instructions");
  let shownKey = null;

  function render() {
    const workshop = live.store.all("workshop")[0];
    const session = currentSession(live.store);
    const phase = currentPhase(session);
    const live_ = session && session.status === "live";
    sessionTitle.textContent = session ? localized(session.title, lang) : workshop?.name || "";
    locked.hidden = !(live_ && session.locked);
    // Everything the instructions show, the session's own title and description included.
    const key = JSON.stringify([
      session?.id,
      session?.status,
      phase,
      session?.task,
      session?.title,
      session?.description,
      session?.phases.length,
      live.store.all("session").some((s) => s.status === "ended"),
    ]);
    if (key !== shownKey) {
      shownKey = key;
      instructions.replaceChildren();
      if (!session || session.status === "planned") {
        // Nothing running: before the first session, a welcome; once one has been held,
        // "waiting for the facilitator to start" would no longer be true.
        const held = live.store.all("session").some((s) => s.status === "ended");
        phaseTitle.textContent = held ? t("between") : t("welcome");
        instructions.append(el("p", {}, held ? t("between_note") : t("waiting")));
      } else if (session.status === "ended") {
        phaseTitle.textContent = t("ended");
      } else if (phase) {
        const position = session.phases.indexOf(phase) + 1;
        phaseTitle.textContent = localized(phase.title, lang);
        instructions.append(
          el("p", { class: "eyebrow" }, t("phase_of", { n: position, total: session.phases.length })),
          ...paragraphs(localized(phase.instructions, lang)),
        );
        if (session.task && (phase.activity === "task" || session.kind === "async")) {
          instructions.append(
            el(
              "section",
              { class: "task" },
              el("h2", {}, `${t("task")}: ${localized(session.task.title, lang)}`),
              ...paragraphs(localized(session.task.instructions, lang)),
            ),
          );
        }
      } else {
        phaseTitle.textContent = localized(session.title, lang);
        instructions.append(...paragraphs(localized(session.description, lang)));
      }
    }
    renderTimer();
    if (workshop) root.dataset.workshopName = workshop.name;
  }

  function renderTimer() {
    const session = currentSession(live.store);
    const running = session && session.status === "live" && session.timer;
    const state = running ? session.timer.state : "idle";
    if (!running || state === "idle") {
      timer.hidden = true;
      return;
    }
    const left = live.remaining(session.timer);
    timer.hidden = false;
    timer.dataset.state = state;
    timer.dataset.remaining = String(Math.ceil(left));
    const label = left <= 0 ? t("timer_done") : formatSeconds(left);
    timer.textContent = state === "paused" ? `${label} · ${t("paused")}` : label;
    timer.classList.toggle("done", left <= 0);
  }

  live.store.subscribe(render);
  setInterval(renderTimer, 250);
  render();
  return { render };
}
