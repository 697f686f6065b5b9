// The facilitator's cockpit: one page with a section per part of the work (Run, Agenda,
// People and groups, ...), each at its own address. Moving between sections changes the
// address and the view, not the page, so the live connection and what is typed elsewhere
// stay; the back button and a shared link open the same section.
//
// Each section is a view module under ./cockpit/ (see view.js for the shape). Every
// button sends one command; what the page shows comes back as events, so two facilitators
// on two laptops always see the same thing.

import { Live, localized, t } from "./live.js";
import { chime } from "./sound.js";
import { currentPhase, currentSession } from "./stage.js";
import { Announcer, html, Page } from "./view.js";

const SECTIONS = {
  run: () => import("./cockpit/run.js"),
  agenda: () => import("./cockpit/agenda.js"),
  people: () => import("./cockpit/people.js"),
  participation: () => import("./cockpit/participation.js"),
  personas: () => import("./cockpit/personas.js"),
  challenges: () => import("./cockpit/challenges.js"),
  ideas: () => import("./cockpit/ideas.js"),
  moderation: () => import("./cockpit/moderation.js"),
  concepts: () => import("./cockpit/concepts.js"),
  voting: () => import("./cockpit/voting.js"),
  pilots: () => import("./cockpit/pilots.js"),
  coaching: () => import("./cockpit/coaching.js"),
  exports: () => import("./cockpit/exports.js"),
  settings: () => import("./cockpit/settings.js"),
  audit: () => import("./cockpit/audit.js"),
};

const root = document.getElementById("app");
const base = root.dataset.base;
const nav = root.querySelector(".cockpit-nav");
const live = new Live({
  workshop: root.dataset.workshop,
  statusElement: document.getElementById("connection"),
});

const page = new Page({
  live,
  root: document.getElementById("section"),
  lang: root.dataset.lang,
  member: root.dataset.member,
  announcer: new Announcer(document.getElementById("announcer")),
  errorBox: document.getElementById("cockpit-error"),
  draw: () => drawSection(),
});
// What the cockpit knows about the page it is on, for the views.
page.workshopId = root.dataset.workshop;
page.links = {
  join: root.dataset.joinUrl,
  projector: root.dataset.projectorUrl,
  preview: root.dataset.previewUrl,
  qr: root.dataset.qrUrl,
  section: (name) => `${base}/${name}`,
};
page.go = (name, { replace = false } = {}) => navigate(name, { replace });

// While the projector follows the facilitator, what the facilitator opens is shown there:
// a section, or one item a view names with page.showing(view, id).
const FOLLOWED = {
  run: "stage",
  agenda: "stage",
  people: "groups",
  personas: "persona",
  challenges: "challenge",
  ideas: "ideas",
  concepts: "concepts",
  voting: "results",
  pilots: "pilot",
};
let shown = null;
page.showing = (view, id = null) => {
  const session = currentSession(live.store);
  if (session?.status !== "live" || !session.projector_follows || !view) return;
  const key = `${view}:${id}`;
  if (key === shown) return;
  shown = key;
  live.command("session.focus", { session_id: session.id, view, id }).catch(() => {
    shown = null; // refused (say, an item participants cannot see): try again next time
  });
};

let current = { name: root.dataset.section, module: null, failed: null };
const mounted = new Set();

function drawSection() {
  const title = t(`section_${current.name}`);
  let body;
  if (current.failed) body = html`<p class="notice error" role="alert">${current.failed}</p>`;
  else if (!current.module || live.store.seq === null) body = html`<p class="muted">${t("connecting")}</p>`;
  else body = current.module.view(current.module.read(live.store, page), page);
  return html`<h1 class="section-title" id="section-title" tabindex="-1">${title}</h1>
    <div class="section-body" data-section=${current.name} ?data-ready=${Boolean(current.module) && live.store.seq !== null}>${body}</div>`;
}

async function load(name) {
  current = { name, module: null, failed: null };
  page.update();
  try {
    const module = await SECTIONS[name]();
    if (current.name !== name) return; // navigated on meanwhile
    current.module = module;
    if (module.mount && !mounted.has(name)) {
      mounted.add(name);
      module.mount(page);
    }
  } catch (error) {
    console.error(error);
    current.failed = `${t("error")} ${error.message}`;
  }
  page.update();
}

function markNav(name) {
  for (const link of nav.querySelectorAll("a[data-section]")) {
    if (link.dataset.section === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const workshopTitle = document.getElementById("workshop-title").textContent;
  document.title = `${t(`section_${name}`)} · ${workshopTitle} · Paja`;
}

async function navigate(name, { replace = false, focus = true } = {}) {
  if (!(name in SECTIONS)) return;
  const url = `${base}/${name}`;
  if (replace) history.replaceState({ section: name }, "", url);
  else if (location.pathname !== url) history.pushState({ section: name }, "", url);
  markNav(name);
  await load(name);
  page.showing(FOLLOWED[name]);
  if (focus) {
    // The new section's heading takes the focus, as a new page's would.
    page.renderNow();
    document.getElementById("section-title")?.focus();
  }
}

nav.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-section]");
  if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(link.dataset.section);
});

window.addEventListener("popstate", () => {
  const name = location.pathname.slice(base.length + 1) || "run";
  markNav(name);
  load(name in SECTIONS ? name : "run").then(() => {
    page.renderNow();
    document.getElementById("section-title")?.focus();
  });
});

// The workshop's name in the header follows renames made on another laptop.
live.store.subscribe(() => {
  const workshop = live.store.all("workshop")[0];
  if (!workshop) return;
  const out = document.getElementById("workshop-title");
  if (out.textContent !== workshop.name) out.textContent = workshop.name;
  const code = document.getElementById("join-code");
  if (workshop.join_code && code.textContent !== workshop.join_code) code.textContent = workshop.join_code;
});

// The approval queue's count beside its link, wherever the facilitator is: what waits is
// seen without opening the queue. Counted here, not by the queue's module, so the count
// is there before that module is ever loaded.
const queueLink = nav.querySelector('a[data-section="moderation"]');
function countQueue() {
  if (!queueLink) return;
  const waiting = [...live.store.all("idea"), ...live.store.all("challenge_note")].filter(
    (item) => item.moderation === "pending",
  ).length;
  let badge = queueLink.querySelector(".nav-count");
  if (!waiting) {
    badge?.remove();
    return;
  }
  if (!badge) {
    badge = document.createElement("span");
    badge.className = "badge nav-count";
    queueLink.append(badge);
  }
  const text = t("mod_waiting_count", { n: waiting });
  if (badge.textContent !== String(waiting)) badge.textContent = String(waiting);
  if (badge.getAttribute("aria-label") !== text) badge.setAttribute("aria-label", text);
}
live.store.subscribe(countQueue);

// Wherever the facilitator is in the cockpit: a phase change and "time is up" are told
// once each, and the time-up chime sounds on the laptop (unless muted).
let timerSeen = null;
function watchRoom() {
  const session = currentSession(live.store);
  if (session?.status !== "live") return;
  const phase = currentPhase(session);
  if (phase)
    page.announce(t("phase_now", { name: localized(phase.title, page.lang) }), { key: `phase:${phase.id}` });
  const timer = session.timer;
  if (timer.state !== "running") {
    timerSeen = null;
    return;
  }
  const key = `${session.id}:${timer.ends_at}`;
  const left = live.remaining(timer);
  if (left > 0) timerSeen = key;
  else if (timerSeen === key) {
    timerSeen = null;
    chime();
    page.announce(t("timer_done"), { key: `timeup:${key}` });
  }
}
live.store.subscribe(watchRoom);
setInterval(watchRoom, 500);

live.on("fatal", (message) => page.showError({ message }));

history.replaceState({ section: current.name }, "", location.href);
markNav(current.name);
load(current.name);
