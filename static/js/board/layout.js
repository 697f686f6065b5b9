// The board's zoom. The canvas is scaled with a CSS transform (cheap: no layout of 500
// cards per step) and made wider by the same factor, so zoomed out more groups fit side
// by side. A transform does not change the layout size, so a sizer around the canvas
// takes the scaled height (a ResizeObserver keeps it right as cards arrive).

import { html, ref } from "../view.js";

export const ZOOMS = [0.3, 0.4, 0.5, 0.6, 0.75, 0.9, 1, 1.25, 1.5];

const observed = new WeakMap(); // sizer -> its ResizeObserver

function sizerRef(board) {
  return ref((sizer) => {
    if (!sizer || observed.has(sizer)) return;
    const canvas = sizer.firstElementChild;
    const observer = new ResizeObserver(() => {
      sizer.style.height = `${Math.ceil(canvas.offsetHeight * (board.zoom || 1))}px`;
    });
    observer.observe(canvas);
    observed.set(sizer, observer);
    if ((board.zoom || 1) !== 1) setZoom(board, sizer.parentElement, board.zoom);
  });
}

// The zoom is written through the CSSOM (element.style), which the page's CSP allows; a
// style attribute in the template it would refuse.
export function canvas(board, content) {
  return html`<div class="board-sizer" ${sizerRef(board)}>
    <div class="board-canvas">${content}</div>
  </div>`;
}

export function setZoom(board, root, z) {
  board.zoom = z;
  const sizer = root?.querySelector(".board-sizer");
  const inner = sizer?.firstElementChild;
  if (inner) {
    inner.style.width = `${100 / z}%`;
    inner.style.transform = `scale(${z})`;
    sizer.style.height = `${Math.ceil(inner.offsetHeight * z)}px`;
  }
}

export function step(board, root, direction) {
  const z = board.zoom || 1;
  const next =
    direction > 0
      ? ZOOMS.find((level) => level > z + 0.001)
      : [...ZOOMS].reverse().find((level) => level < z - 0.001);
  setZoom(board, root, next ?? z);
}

// The largest zoom at which every group fits in the window below the canvas's top: tried
// from 1 down (each try is one layout; this runs on a click, never per frame).
export function fit(board, root) {
  const sizer = root?.querySelector(".board-sizer");
  if (!sizer) return;
  // The board goes to the top of the window (under the sticky bar), then fills it.
  const bar = root.closest("[data-board-section]")?.querySelector(".board-bar");
  const above = bar ? bar.getBoundingClientRect().height : 0;
  window.scrollBy(0, root.getBoundingClientRect().top - above);
  const room = Math.max(200, window.innerHeight - Math.max(above, root.getBoundingClientRect().top) - 8);
  for (const z of [1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2]) {
    setZoom(board, root, z);
    if (sizer.firstElementChild.offsetHeight * z <= room) return;
  }
}
