// A participant's phone: one thing at a time. The view follows the facilitator's phase
// (introductions, personas, groups, the challenge canvas, ideas, voting...); the buttons
// under the stage card open the other views for work between sessions; "Bring everyone
// here" takes every phone to what the facilitator shows.
//
// Everything renders from the live store through one lit-html template (see view.js).
// Nothing typed is lost: text boxes keep drafts on the device as they are typed, and what
// is sent waits in the outbox until the server has it.

import { isOpen, memberCoaching, submissionOf, themes } from "./coaching.js";
import { hyphenate } from "./hyphenate.js";
import { questionsFor } from "./ideation.js";
import { Live, localized, t } from "./live.js";
import * as canvas from "./phone/canvas.js";
import * as concepts from "./phone/concepts.js";
import * as groups from "./phone/groups.js";
import * as hmw from "./phone/hmw.js";
import * as ideas from "./phone/ideas.js";
import * as intro from "./phone/intro.js";
import * as me from "./phone/me.js";
import * as mydata from "./phone/mydata.js";
import * as notices from "./phone/notices.js";
import * as personas from "./phone/personas.js";
import * as practice from "./phone/practice.js";
import { teamPilots } from "./pilots.js";
import * as stage from "./stage.js";
import { currentPhase, currentSession } from "./stage.js";
import { Announcer, html, nothing, Page, show } from "./view.js";
import { ballot } from "./voting.js";

const VIEWS = {
  intros: intro,
  personas,
  group: groups,
  canvas,
  hmw,
  ideas,
  concepts,
  votes: ballot,
  pilots: teamPilots,
  tasks: memberCoaching,
  notices,
  mydata,
  practice,
};

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

// Where "bring everyone here" takes a phone, by the facilitator's view name.
const FOCUS_VIEWS = {
  persona: "personas",
  challenge: "canvas",
  hmw: "ideas",
  ideas: "ideas",
  concepts: "concepts",
  vote: "votes",
  results: "votes",
  pilot: "pilots",
};

const NAV = [
  "now",
  "intros",
  "personas",
  "group",
  "ideas",
  "concepts",
  "votes",
  "pilots",
  "tasks",
  "notices",
];

const app = document.getElementById("app");
const memberId = app.dataset.member || null;
const live = new Live({
  workshop: app.dataset.workshop,
  statusElement: document.getElementById("connection"),
});
const page = new Page({
  live,
  root: document.getElementById("phone"),
  lang: app.dataset.lang,
  member: memberId,
  announcer: new Announcer(document.getElementById("announcer")),
  errorBox: document.getElementById("phone-error"),
  draw: () => draw(),
});
page.workshopId = app.dataset.workshop;
// What this person writes for others is checked for personal data before it goes.
page.personalCheck = true;

let chosen = null; // a view the person opened; null = follow the facilitator
let shown = null; // the view on screen
let fatal = null;
const mounted = new Set();

// A view opened from elsewhere (a notice, "bring everyone here"), at one item in it.
page.openView = (name, target = null) => {
  if (!VIEWS[name]) return;
  VIEWS[name].open?.(target);
  chosen = name;
  page.renderNow();
  document.querySelector("#board h2, #board h3")?.setAttribute("tabindex", "-1");
  document.querySelector("#board h2, #board h3")?.focus();
};

// Back from a view opened from the menu (the practice) to what the room is doing.
page.closeView = () => {
  chosen = null;
  page.renderNow();
  document.querySelector("#board h2, #board h3, #board button")?.focus();
};

// --- which view ------------------------------------------------------------------------

const relevant = {
  personas: () => live.store.all("persona").length > 0,
  group: () => live.store.all("group").length > 0,
  ideas: () => questionsFor(live.store, memberId).length > 0,
  concepts: () => live.store.all("concept").length > 0,
  votes: () => live.store.all("vote_round").some((r) => r.status !== "draft"),
  pilots: () => live.store.all("pilot").length > 0,
  tasks: () => themes(live.store).length > 0,
  notices: () =>
    themes(live.store).length > 0 ||
    live.store.all("pilot").length > 0 ||
    live.store.all("notification").length > 0,
};

// Between sessions, what there is to do is decided afresh whenever the workshop changes -
// a session starts or ends, a task appears or opens, a vote opens, personas or pilots
// arrive - but not when only the person's own work does: saving an introduction or an
// answer must not whisk the page away from what they just did.
function workshopKey(store) {
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
    questionsFor(store, memberId).length > 0,
  ]);
}
let betweenKey = null;
let between = null;

// Before the first session: the pre-work (introduce yourself in a workshop with
// personas, then any open task not yet answered, then the personas). Once a session has
// been held the pre-work is behind: an open task, the pilots, then what the sessions made.
function betweenSessions(store) {
  if (store.all("vote_round").some((r) => r.status === "open")) return "votes";
  const introduced = Boolean(store.get("introduction", memberId));
  const hasPersonas = store.all("persona").length > 0;
  const openTask = themes(store).some((s) => isOpen(s) && !submissionOf(store, s.id, memberId));
  const held = store.all("session").some((s) => s.status === "ended");
  if (!held) {
    if (!introduced && hasPersonas) return "intros";
    if (openTask) return "tasks";
    if (!introduced) return "intros";
    return hasPersonas ? "personas" : themes(store).length ? "tasks" : "intros";
  }
  if (openTask) return "tasks";
  if (store.all("pilot").length) return "pilots";
  if (themes(store).length) return "tasks";
  if (store.all("concept").length) return "concepts";
  if (questionsFor(store, memberId).length) return "ideas";
  return hasPersonas ? "personas" : "intros";
}

function followedView(store) {
  const session = currentSession(store);
  const phase = session?.status === "live" ? currentPhase(session) : null;
  // A phase with nothing to do on the phone (welcome, break) gives null: no view.
  if (phase) return ACTIVITY_VIEWS[phase.activity] || null;
  if (store.seq === null) return null;
  const key = workshopKey(store);
  if (key !== betweenKey) {
    betweenKey = key;
    between = betweenSessions(store);
  }
  return between;
}

// Someone part-way through writing in the view on screen: a text box in it has the
// focus and holds text.
function typing() {
  const active = document.activeElement;
  const board = document.getElementById("board");
  if (!active || !board?.contains(active)) return false;
  const box =
    active.tagName === "TEXTAREA" ||
    (active.tagName === "INPUT" && !["checkbox", "radio", "button", "submit", "range"].includes(active.type));
  return box && active.value.trim() !== "";
}

let room;
let waiting = false; // a view change waits for someone to finish writing
function chooseView(store) {
  const session = currentSession(store);
  const nowRoom = JSON.stringify(session ? [session.id, session.status, session.current_phase_id] : null);
  if (nowRoom !== room) {
    room = nowRoom;
    chosen = null; // the facilitator moved the room on: follow it
  }
  let name = chosen || followedView(store);
  // The view being written in stays until the person leaves the box: pulling it away
  // mid-sentence would take the caret and the keyboard with it.
  waiting = Boolean(shown && shown !== name && typing());
  if (waiting) name = shown;
  return name;
}

// --- drawing -----------------------------------------------------------------------------

function navView(store) {
  const unread = notices.unreadCount(store, memberId);
  return html`<nav id="board-nav" class="board-nav" aria-label=${t("views")}>
    ${NAV.map((name) => {
      const active = (name === "now" && !chosen) || name === chosen;
      const label = name === "notices" && unread ? t("notices_unread", { n: unread }) : t(`view_${name}`);
      return html`<button type="button" class="button ${active ? "primary" : ""} ${name === "notices" && unread ? "has-unread" : ""}"
        data-view=${name} data-focus="nav-${name}" aria-pressed=${String(active)}
        ?hidden=${!active && !(relevant[name]?.() ?? true)}
        @click=${() => {
          chosen = name === "now" ? null : name;
          page.renderNow();
          document
            .querySelector("#board h2, #board h3, #board textarea, #board button")
            ?.focus({ preventScroll: false });
        }}>${active ? html`<span aria-hidden="true">▸ </span>` : nothing}${label}</button>`;
    })}
  </nav>`;
}

// Once this person has deleted their account here, only the page saying so is left, and
// nothing of theirs stays on the device either (drafts, the outbox, the store's copy).
let erased = false;
page.onErased = () => {
  erased = true;
  try {
    for (const storage of [localStorage, sessionStorage])
      for (const key of Object.keys(storage)) if (key.includes(app.dataset.workshop)) storage.removeItem(key);
  } catch {
    /* storage disabled: nothing was kept */
  }
  live.socket.disconnect();
};

function draw() {
  const store = live.store;
  if (erased) return show(mydata, page);
  if (fatal) return html`<p class="notice error" role="alert">${fatal}</p>`;
  const name = memberId ? chooseView(store) : null;
  shown = name;
  const module = name ? VIEWS[name] : null;
  if (module?.mount && !mounted.has(name)) {
    mounted.add(name);
    module.mount(page);
  }
  if (store.all("workshop")[0]) app.dataset.workshopName = store.all("workshop")[0].name;
  return html`${show(stage, page)}
    ${memberId && name !== "practice" ? practice.offer(page) : nothing}
    ${memberId ? navView(store) : nothing}
    <div id="board" class="board" data-view=${name || ""}>${module ? show(module, page) : nothing}</div>
    ${memberId ? show(me, page) : nothing}`;
}

// A view change that waited happens once the person has left the box - a moment later,
// so a tap on the form's own button (which takes the focus first) still lands on it.
document.getElementById("phone").addEventListener("focusout", () => {
  if (!waiting) return;
  setTimeout(() => {
    if (waiting && !typing()) page.update();
  }, 500);
});

// --- what arrives, said once in summary ------------------------------------------------------

let toldPhase = null;
function announcePhase(store) {
  const session = currentSession(store);
  const phase = session?.status === "live" ? currentPhase(session) : null;
  const key = session ? `${session.id}:${session.status}:${phase?.id || ""}` : "none";
  if (toldPhase === null) {
    toldPhase = key; // what the page opened at is on screen already
    return;
  }
  if (key === toldPhase) return;
  toldPhase = key;
  if (phase)
    page.announce(t("now_phase", { title: localized(phase.title, page.lang) }), { key: `phase:${key}` });
  else if (session?.status === "ended") page.announce(t("ended"), { key: `ended:${session.id}` });
}

function announceArrivals(changes, store) {
  if (changes.some((c) => c.snapshot)) return;
  const question = ideas.shownQuestionId(store);
  const fresh = changes.filter(
    (c) =>
      c.entity === "idea" &&
      c.op !== "delete" &&
      !c.previous &&
      c.data?.member_id !== memberId &&
      c.data?.hmw_id === question,
  ).length;
  if (fresh && shown === "ideas")
    page.announcer.tally("ideas", fresh, (n) => (n === 1 ? t("new_idea") : t("new_ideas", { n })));
}

// "Bring everyone here": a focus other than the last one this phone followed.
const focusSeenKey = `paja:focus-seen:${app.dataset.workshop}`;
function followFocus(store) {
  const session = currentSession(store);
  const focus = session?.status === "live" ? session.focus : null;
  if (!focus?.at) return;
  // The session and its count of focus changes (two within one clock tick differ).
  const key = `${session.id}:${focus.seq ?? focus.at}`;
  let seen = null;
  try {
    seen = sessionStorage.getItem(focusSeenKey);
    sessionStorage.setItem(focusSeenKey, key);
  } catch {
    /* storage disabled: every focus is new to this page */
  }
  if (seen === key) return;
  const name = FOCUS_VIEWS[focus.view] || null;
  if (focus.view === "stage" || !name) {
    chosen = null;
    page.announce(t("brought_here"), { key: `focus:${key}` });
    return;
  }
  VIEWS[name].open?.(focus.id);
  chosen = name;
  page.announce(`${t("brought_here")}: ${t(`view_${name}`)}`, { key: `focus:${key}` });
  // Lands after the render that shows it.
  requestAnimationFrame(() => {
    const heading = document.querySelector("#board h2, #board h3");
    if (heading && !typing()) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: false });
    }
  });
}

page.onChanges((changes) => {
  const store = live.store;
  if (store.seq === null) return;
  announceArrivals(changes, store);
  followFocus(store);
  announcePhase(store);
});

// --- the clock and time up ------------------------------------------------------------------

setInterval(() => {
  const session = currentSession(live.store);
  const timer = session?.status === "live" ? session.timer : null;
  if (!timer || timer.state === "idle") return;
  page.update();
  if (timer.state === "running" && live.remaining(timer) <= 0) {
    page.announce(t("timer_done"), { key: `timeup:${session.id}:${timer.ends_at}` });
  }
}, 500);

// --- connection and refusals ------------------------------------------------------------------

let wasOffline = false;
live.socket.on("disconnect", () => {
  wasOffline = true;
  page.announce(t("offline"));
  page.update();
});
live.socket.on("connect", () => {
  if (wasOffline) page.announce(t("connected"));
  wasOffline = false;
});

live.on("fatal", (message) => {
  fatal = message || t("removed");
  page.update();
});
live.on("rejected", (item, error) => {
  if (item.name === "member.update") me.refused(error.fields);
  const written = item.args.body || item.args.text || item.args.about;
  const fields = Object.values(error.fields || {})
    .flat()
    .filter((x) => typeof x === "string");
  page.showError({ message: [error.message, ...fields].join(" ") + (written ? ` – “${written}”` : "") });
});
live.on("sent", () => page.update());

// The shell's words for the moment before the script ran give way to the view.
page.root.textContent = "";
page.renderNow();
hyphenate(page.root);
