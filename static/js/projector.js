// The projector: the room's current phase, the timer and how to join, read-only.

import { Live } from "./live.js";
import { mountStage } from "./stage.js";

const root = document.getElementById("app");
const live = new Live({
  workshop: root.dataset.workshop,
  projector: root.dataset.projector,
  statusElement: document.getElementById("connection"),
});
mountStage(live, root, root.dataset.lang);

const count = document.getElementById("participant-count");
const code = document.getElementById("join-code");
const qr = document.getElementById("join-qr");
live.store.subscribe(() => {
  const people = live.store.all("member").filter((m) => m.role === "participant" && !m.removed);
  count.textContent = String(people.length);
  const workshop = live.store.all("workshop")[0];
  if (workshop && code.textContent !== workshop.join_code) {
    code.textContent = workshop.join_code;
    // A new code means a new QR image.
    const url = new URL(qr.src, location.href);
    url.searchParams.set("v", workshop.join_code);
    qr.src = url.toString();
  }
});
