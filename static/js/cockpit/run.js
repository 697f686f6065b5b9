// Run: what the facilitator keeps open on the laptop during a workshop. The live session's
// current phase with exactly the controls it needs (previous and next, timer, lock, the
// phase's own settings for every question at once, bring everyone here), and the room:
// who has joined, who is done, what arrives. With no session running, the sessions that
// can be started.

import { textIn } from "../content.js";
import { formatSeconds } from "../live.js";
import { muted, setMuted } from "../sound.js";
import { currentPhase, currentSession } from "../stage.js";
import { html, nothing, repeat } from "../view.js";

const IDEATION = new Set(["hmw", "ideation", "grouping"]);
const FEED_LENGTH = 8;

export function read(store, page) {
  const session = currentSession(store);
  const participants = store.all("member").filter((m) => m.role === "participant" && !m.removed);
  const names = new Map(store.all("member").map((m) => [m.id, m.display_name]));
  if (session?.status !== "live") {
    const sessions = store.all("session").sort((a, b) => a.position - b.position);
    return { session: null, sessions, participants };
  }
  const phase = currentPhase(session);
  const index = phase ? session.phases.indexOf(phase) : -1;
  const done = phase
    ? store.all("done").filter((row) => row.phase_id === phase.id && row.done && names.has(row.member_id))
    : [];
  const questions = store.all("hmw");
  const live = questions.filter((q) => q.live);
  const scope = live.length ? live : questions;
  const round = store
    .all("vote_round")
    .filter((r) => r.status === "open")
    .sort((a, b) => (b.opened_at || 0) - (a.opened_at || 0))[0];
  return {
    session,
    phase,
    index,
    previous: session.phases[index - 1] || null,
    next: session.phases[index + 1] || null,
    left: page.live.remaining(session.timer),
    participants,
    done: done.map((row) => names.get(row.member_id)).sort(),
    scope: {
      live: live.length,
      total: scope.length,
      silent: scope.filter((q) => q.silent).length,
      hidden: scope.filter((q) => q.silent && !q.revealed).length,
      anonymous: scope.filter((q) => q.anonymous).length,
      locked: scope.filter((q) => q.locked).length,
    },
    round,
    feed: arrivals(store, names, page),
    sound: !muted(),
  };
}

// The latest things people wrote, newest first.
function arrivals(store, names, page) {
  const questions = new Map(store.all("hmw").map((q) => [q.id, textIn(q.text, page.lang)]));
  const items = [
    ...store.all("idea").map((idea) => ({
      id: `idea:${idea.id}`,
      at: idea.created_at || 0,
      who: idea.member_id ? names.get(idea.member_id) : null,
      what: page.t("arrived_idea"),
      text: idea.text,
      where: questions.get(idea.hmw_id) || "",
    })),
    ...store.all("introduction").map((intro) => ({
      id: `intro:${intro.id}`,
      at: intro.updated_at || 0,
      who: names.get(intro.member_id) || null,
      what: page.t("arrived_intro"),
      text: intro.about || intro.hopes || "",
      where: "",
    })),
  ];
  return items.sort((a, b) => b.at - a.at).slice(0, FEED_LENGTH);
}

export function view(data, page) {
  if (!data.session) return noSession(data, page);
  return html`<div class="run-grid">
    ${nowCard(data, page)} ${roomCard(data, page)}
  </div>`;
}

function noSession(data, page) {
  const { t, lang } = page;
  const startable = data.sessions.filter((s) => s.status === "planned");
  const next = startable.find((s) => s.status === "planned");
  return html`<section class="card run-idle" aria-labelledby="run-idle-title">
    <h2 id="run-idle-title">${t("no_session_title")}</h2>
    ${
      startable.length
        ? html`<p class="muted">${t("run_start_hint")}</p>
          <ul class="run-sessions">
            ${repeat(
              startable,
              (s) => s.id,
              (s) => html`<li class=${s === next ? "next" : ""}>
                <span class="run-session-title">${textIn(s.title, lang)}</span>
                <button type="button" class=${s === next ? "button primary" : "button"} data-focus=${`start-${s.id}`}
                  @click=${(event) => page.run("session.start", { session_id: s.id }, event)}>
                  ${t("start")}</button>
              </li>`,
            )}
          </ul>`
        : html`<p>${t("no_sessions")}</p>
          <p><a class="button" href=${page.links.section("agenda")}
            @click=${(e) => {
              e.preventDefault();
              page.go("agenda");
            }}>${t("section_agenda")}</a></p>`
    }
    <p class="muted">${t("joined_count", { n: data.participants.length })}</p>
  </section>`;
}

function nowCard(data, page) {
  const { t, lang } = page;
  const { session, phase, index, previous, next } = data;
  const timer = session.timer;
  const timerCommand =
    (action, extra = {}) =>
    (event) =>
      page.run("session.timer", { session_id: session.id, action, ...extra }, event);
  const shown = timer.state === "idle" && !timer.duration ? "" : formatSeconds(data.left);
  const timeUp = timer.state === "running" && data.left <= 0;
  const [toggleLabel, toggleAction, toggleClass] =
    timer.state === "idle"
      ? [t("timer_start"), "start", "button primary"]
      : timer.state === "running"
        ? [t("timer_pause"), "pause", "button"]
        : [t("timer_resume"), "resume", "button primary"];
  return html`<section class="card run-now" id="now-panel" aria-labelledby="run-phase">
    <p class="eyebrow">${textIn(session.title, lang)}</p>
    <h2 class="now-phase" id="run-phase">${phase ? textIn(phase.title, lang) : "–"}</h2>
    ${phase ? html`<p class="muted">${t("phase_of", { n: index + 1, total: session.phases.length })}</p>` : nothing}
    <nav class="run-steps" aria-label=${t("run_steps")}>
      <button type="button" class="button" data-focus="previous" ?disabled=${!previous}
        @click=${(event) => page.run("session.phase", { session_id: session.id, phase_id: previous.id }, event)}>
        ← ${t("previous")}</button>
      <button type="button" class="button primary" data-focus="next" data-focus-default ?disabled=${!next}
        @click=${(event) => page.run("session.phase", { session_id: session.id, phase_id: next.id }, event)}>
        ${next ? html`${t("next")}: ${textIn(next.title, lang)}` : t("next")} →</button>
    </nav>

    <div class="run-timer" role="group" aria-label=${t("timer_label")}>
      <p class=${timeUp ? "timer done" : "timer"} id="facilitator-timer" role="timer" aria-live="off"
        data-state=${timer.state}>${timeUp ? t("timer_done") : shown}</p>
      <div class="row wrap">
        <button type="button" class=${toggleClass} data-focus="timer-toggle" ?disabled=${timer.state === "idle" && !timer.duration}
          @click=${timerCommand(toggleAction)}>${toggleLabel}</button>
        ${
          timer.state !== "idle" || timer.duration
            ? html`<button type="button" class="button" data-focus="timer-add1" @click=${timerCommand("add", { seconds: 60 })}>
                ${t("add_minute")}</button>
              <button type="button" class="button" data-focus="timer-add5" @click=${timerCommand("add", { seconds: 300 })}>
                ${t("add_five")}</button>`
            : nothing
        }
        ${
          timer.state !== "idle"
            ? html`<button type="button" class="button" data-focus="timer-reset" @click=${timerCommand("reset")}>
                ${t("timer_reset")}</button>`
            : nothing
        }
        <button type="button" class="button" data-focus="sound" aria-pressed=${data.sound ? "true" : "false"}
          @click=${() => {
            setMuted(data.sound);
            page.update();
          }}>${data.sound ? t("sound_on") : t("sound_off")}</button>
      </div>
    </div>

    <div class="row wrap">
      <button type="button" class="button" data-focus="lock" aria-pressed=${session.locked ? "true" : "false"}
        @click=${(event) => page.run("session.lock", { session_id: session.id, locked: !session.locked }, event)}>
        ${session.locked ? t("unlock") : t("lock")}</button>
      <button type="button" class="button" data-focus="bring"
        @click=${(event) => bringHere(session, page, event)}>${t("bring_here")}</button>
      <button type="button" class="button" data-focus="follow" aria-pressed=${session.projector_follows ? "true" : "false"}
        @click=${(event) => page.run("session.follow", { session_id: session.id, on: !session.projector_follows }, event)}>
        ${session.projector_follows ? t("follow_on") : t("follow_off")}</button>
    </div>
    ${session.locked ? html`<p class="notice">${t("locked")}</p>` : nothing}
    ${phase && IDEATION.has(phase.activity) ? questionControls(data, page) : nothing}
    ${data.round ? roundControls(data, page) : nothing}
    <p class="run-end">
      <button type="button" class="button danger" data-focus="end"
        @click=${async (event) => {
          const control = event.currentTarget;
          if (await page.confirm(t("confirm_end"), { confirm: t("end") }))
            page.run("session.end", { session_id: session.id }, { currentTarget: control });
        }}>${t("end")}</button>
    </p>
  </section>`;
}

function bringHere(session, page, event) {
  page.run("session.focus", { session_id: session.id, view: "stage", id: session.current_phase_id }, event);
  page.announce(page.t("brought_here"));
}

// Settings for every question of the phase at once: the questions on every phone, or all.
function questionControls(data, page) {
  const { t } = page;
  const { session, scope } = data;
  if (!scope.total) return nothing;
  const all = (settings) => (event) =>
    page.run("hmw.settings_all", { session_id: session.id, ...settings }, event);
  const setting = (name, count, on, off) => {
    const every = count === scope.total;
    return html`<button type="button" class="button" data-focus=${`all-${name}`} aria-pressed=${every ? "true" : "false"}
      @click=${all({ [name]: !every })}>${every ? off : on}
      <span class="muted">(${t("n_of_total", { n: count, total: scope.total })})</span></button>`;
  };
  return html`<section class="run-questions" aria-labelledby="run-questions-title">
    <h3 id="run-questions-title">
      ${scope.live ? t("questions_live", { n: scope.live }) : t("questions_all", { n: scope.total })}
    </h3>
    <div class="row wrap">
      ${setting("silent", scope.silent, t("silent_all"), t("silent_none"))}
      ${setting("anonymous", scope.anonymous, t("anonymous_all"), t("anonymous_none"))}
      ${setting("locked", scope.locked, t("lock_all"), t("unlock_all"))}
      <button type="button" class="button primary" data-focus="reveal-all" ?disabled=${!scope.hidden}
        @click=${(event) => page.run("hmw.reveal_all", { session_id: session.id }, event)}>
        ${t("reveal_all")} ${scope.hidden ? html`<span>(${scope.hidden})</span>` : nothing}</button>
      <a class="button" href=${page.links.section("ideas")}
        @click=${(e) => {
          e.preventDefault();
          page.go("ideas");
        }}>${t("open_board")}</a>
    </div>
  </section>`;
}

function roundControls(data, page) {
  const { t } = page;
  const { round } = data;
  const left = round.closes_at ? round.closes_at - page.live.now() : null;
  const voters = round.turnout?.voters || 0;
  return html`<section class="run-round" aria-labelledby="run-round-title">
    <h3 id="run-round-title">${t("round_open", { name: round.title || "" })}</h3>
    <p>${t("voted_count", { n: voters, total: data.participants.length })}
      ${left !== null ? html` · ${t("closes_in", { time: formatSeconds(Math.max(0, left)) })}` : nothing}</p>
    <div class="row wrap">
      ${
        round.closes_at
          ? html`<button type="button" class="button" data-focus="round-extend"
              @click=${(event) =>
                page.run(
                  "vote.deadline",
                  { round_id: round.id, closes_at: Math.max(round.closes_at, page.live.now()) + 300 },
                  event,
                )}>${t("extend_five")}</button>`
          : nothing
      }
      <button type="button" class="button primary" data-focus="round-close"
        @click=${(event) => page.run("vote.close", { round_id: round.id }, event)}>${t("close_round")}</button>
      <a class="button" href=${page.links.section("voting")}
        @click=${(e) => {
          e.preventDefault();
          page.go("voting");
        }}>${t("section_voting")}</a>
    </div>
  </section>`;
}

function roomCard(data, page) {
  const { t } = page;
  const total = data.participants.length;
  return html`<section class="card run-room" aria-labelledby="run-room-title">
    <h2 id="run-room-title">${t("room")}</h2>
    <p class="run-counts">
      <span><strong class="big-number" id="run-joined">${total}</strong> ${t("joined")}</span>
      <span><strong class="big-number" id="run-done">${data.done.length}</strong> ${t("done_of", { total })}</span>
    </p>
    ${
      data.done.length
        ? html`<details class="run-done">
            <summary>${t("who_done")}</summary>
            <p>${data.done.join(", ")}</p>
          </details>`
        : nothing
    }
    <h3>${t("arriving")}</h3>
    ${
      data.feed.length
        ? html`<ol class="run-feed">
            ${repeat(
              data.feed,
              (item) => item.id,
              (item) => html`<li>
                <span class="muted">${item.what}${item.who ? html` · ${item.who}` : nothing}</span>
                <span class="run-feed-text">${item.text}</span>
                ${item.where ? html`<span class="muted run-feed-where">${item.where}</span>` : nothing}
              </li>`,
            )}
          </ol>`
        : html`<p class="muted">${t("nothing_yet")}</p>`
    }
  </section>`;
}

// The timer counts down between events.
export function mount(page) {
  setInterval(() => {
    if (document.getElementById("facilitator-timer") || document.querySelector(".run-round")) page.update();
  }, 500);
}
