// Dragging cards onto groups with pointer events, so a mouse, a pen and a finger all work.
// A mouse drags a card from anywhere on it; a finger or a pen drags by the card's handle
// (the only part with touch-action: none), so a swipe elsewhere still scrolls the page.
//
// A drag must not cost a layout per frame with 500 cards on the board: the zones' rects
// are measured once when the drag starts (again only after a scroll), the card follows
// the pointer by a transform written in requestAnimationFrame, and the zone under the
// pointer is marked with a class. Nothing is rendered until the drop, when the section
// sends its commands and the store's events move the card for real.

const THRESHOLD = 5; // px a mouse moves before a press becomes a drag

let active = null; // the drag under way, or null

export function dragging() {
  return Boolean(active?.started);
}

// pointerdown on a card. options: carried(id) -> the ids that go with it (the selection
// when the card is in it); drop(ids, zone, event) -> sends the move.
export function cardPointerdown(event, card, board, options) {
  if (active || event.button !== 0 || event.isPrimary === false) return;
  const onHandle = !!event.target.closest(".drag-handle");
  if (event.target.closest("input, button, select, textarea, a")) return;
  if (event.pointerType !== "mouse" && !onHandle) return; // a finger on the text scrolls
  const root = card.closest("[data-board]");
  active = {
    id: card.dataset.card,
    card,
    root,
    board,
    options,
    pointerId: event.pointerId,
    x0: event.clientX,
    y0: event.clientY,
    x: event.clientX,
    y: event.clientY,
    started: false,
    frame: null,
    zones: null,
    over: null,
    source: null,
    carried: [],
  };
  try {
    card.setPointerCapture(event.pointerId);
  } catch {
    // A pointer the browser does not track (a synthetic event): the card still gets the
    // events sent to it.
  }
  card.addEventListener("pointermove", move);
  card.addEventListener("pointerup", up);
  card.addEventListener("pointercancel", cancel);
  card.addEventListener("lostpointercapture", cancel);
  if (onHandle) {
    event.preventDefault();
    begin();
  }
}

function measure() {
  active.zones = [...active.root.querySelectorAll("[data-zone]")].map((element) => ({
    element,
    zone: element.dataset.zone,
    rect: element.getBoundingClientRect(),
  }));
}

function begin() {
  active.started = true;
  const ids = active.options.carried(active.id);
  active.carried = ids;
  measure();
  active.card.classList.add("dragging");
  // Only the group the card leaves is drawn in full (and above the others): the rest
  // keep skipping their off-screen content, so starting a drag costs no layout of them.
  active.source = active.card.closest("[data-zone]");
  active.source?.classList.add("drag-source");
  if (ids.length > 1) active.card.dataset.count = String(ids.length);
  active.root.classList.add("is-dragging");
  window.addEventListener("scroll", remeasure, true);
}

function remeasure() {
  if (active) active.zones = null;
}

// A render during a drag (ideas arriving) may move the groups: measure again at the next
// frame. The sections call this from their view.
export function invalidate() {
  remeasure();
}

function move(event) {
  if (!active || event.pointerId !== active.pointerId) return;
  active.x = event.clientX;
  active.y = event.clientY;
  if (!active.started) {
    if (Math.hypot(active.x - active.x0, active.y - active.y0) < THRESHOLD) return;
    begin();
  }
  if (active.frame === null) active.frame = requestAnimationFrame(paint);
}

function hit(x, y) {
  if (!active.zones) measure();
  // The innermost zone wins, so a zone drawn inside another (none today) would still work.
  let found = null;
  for (const zone of active.zones) {
    const r = zone.rect;
    if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) found = zone;
  }
  return found;
}

function paint() {
  if (!active) return;
  active.frame = null;
  const scale = active.board.zoom || 1;
  const dx = (active.x - active.x0) / scale;
  const dy = (active.y - active.y0) / scale;
  active.card.style.transform = `translate(${dx}px, ${dy}px)`;
  const over = hit(active.x, active.y);
  if (over?.element !== active.over?.element) {
    active.over?.element.classList.remove("drop-target");
    over?.element.classList.add("drop-target");
    active.over = over;
  }
}

function finish() {
  const drag = active;
  active = null;
  if (drag.frame !== null) cancelAnimationFrame(drag.frame);
  const { card } = drag;
  card.removeEventListener("pointermove", move);
  card.removeEventListener("pointerup", up);
  card.removeEventListener("pointercancel", cancel);
  card.removeEventListener("lostpointercapture", cancel);
  window.removeEventListener("scroll", remeasure, true);
  card.classList.remove("dragging");
  drag.source?.classList.remove("drag-source");
  card.style.transform = "";
  delete card.dataset.count;
  drag.root.classList.remove("is-dragging");
  drag.over?.element.classList.remove("drop-target");
  if (card.hasPointerCapture(drag.pointerId)) card.releasePointerCapture(drag.pointerId);
  return drag;
}

function up(event) {
  if (!active || event.pointerId !== active.pointerId) return;
  active.x = event.clientX;
  active.y = event.clientY;
  const started = active.started;
  const over = started ? hit(active.x, active.y) : null;
  const drag = finish();
  if (!started) return;
  // The click that follows a drag is not a click on the card.
  const swallow = (e) => e.stopImmediatePropagation();
  drag.card.addEventListener("click", swallow, { capture: true, once: true });
  setTimeout(() => drag.card.removeEventListener("click", swallow, { capture: true }), 0);
  drag.card.focus({ preventScroll: true });
  if (over) drag.options.drop(drag.carried, over.zone, event);
}

function cancel(event) {
  if (!active || (event.pointerId !== undefined && event.pointerId !== active.pointerId)) return;
  finish();
}
