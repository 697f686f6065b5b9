// Until the shared parts are lit-html templates, an element-built part is hosted in a box
// that is refilled only when what it shows changed (its key), so it neither flickers nor
// loses its place on every render.

import { fill } from "../board.js";
import { html, ref } from "../view.js";

export function hosted(key, build, className = "") {
  return html`<div class=${`hosted ${className}`} ${ref((box) => {
    if (!box || box.dataset.key === key) return;
    box.dataset.key = key;
    fill(box, build());
  })}></div>`;
}
