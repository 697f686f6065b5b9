// The projector: read-only and big, for the back of the room. The current phase and its
// timer, how to join, and what the phase is about - or, while the projector follows the
// facilitator, what they brought everyone to. Chimes once when the timer reaches zero
// (after someone has clicked the page once: browsers allow sound only then).
//
// Each part is a view module under ./projector/ (see view.js for the shape).

import { Live, t } from "./live.js";
import * as board from "./projector/board.js";
import * as join from "./projector/join.js";
import * as stage from "./projector/stage.js";
import { chime, muted, setMuted, timeUpWatcher } from "./sound.js";
import { currentSession } from "./stage.js";
import { Announcer, html, nothing, Page, show } from "./view.js";

const root = document.getElementById("app");
const live = new Live({
  workshop: root.dataset.workshop,
  projector: root.dataset.projector,
  statusElement: document.getElementById("connection"),
});

const page = new Page({
  live,
  root: document.getElementById("projector-view"),
  lang: root.dataset.lang,
  announcer: new Announcer(document.getElementById("announcer")),
  draw: () => draw(),
});
page.links = { qr: root.dataset.qrUrl };
page.joinCode = root.dataset.joinCode;

// Sound: the first press anywhere lets the page play (sound.js arms itself then); the
// switch says so until then, and after that turns the chime on and off.
page.soundArmed = false;
for (const name of ["click", "keydown"]) {
  window.addEventListener(
    name,
    () => {
      page.soundArmed = true;
      page.update();
    },
    { once: true },
  );
}
page.soundOn = () => {
  page.soundArmed = true;
  setMuted(false);
  // Played at once so whoever clicked hears what the room will hear.
  chime();
  page.update();
};
page.soundToggle = () => {
  setMuted(!muted());
  page.update();
};

function draw() {
  const shown = board.view(board.read(page.store), page);
  root.classList.toggle("has-board", shown !== nothing);
  return html`<section class="projector-main">
      ${show(stage, page)}
      ${shown}
    </section>
    ${show(join, page)}`;
}

// The timer counts down between events; at zero the room hears it once.
const watch = timeUpWatcher(() => page.announce(t("timer_done"), { key: `time-up-${Date.now()}` }));
setInterval(() => {
  const session = currentSession(page.store);
  const timer = session?.status === "live" ? session.timer : null;
  watch(
    timer ? `${session.id}:${timer.ends_at}` : null,
    timer ? live.remaining(timer) : null,
    timer?.state === "running",
  );
  if (timer && timer.state !== "idle") page.update();
}, 250);

page.renderNow();
