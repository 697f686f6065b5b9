// The cards of a board form one roving-tabindex grid: a single card is in the tab order,
// and the arrow keys move the focus (never the card) between cards. Up and Down go along a
// group, Left and Right to the card at the same height in the next group, Home and End to
// the ends of a group. Space selects, Enter or "m" opens the move dialog, Escape clears
// the selection. Nothing on the board moves on an arrow key.

import { toggle } from "./state.js";

function place(board, id) {
  for (let z = 0; z < board.grid.length; z++) {
    const i = board.grid[z].cards.indexOf(id);
    if (i >= 0) return { z, i };
  }
  return null;
}

function neighbour(board, id, key) {
  const at = place(board, id);
  if (!at) return null;
  const cards = board.grid[at.z].cards;
  if (key === "ArrowUp") return cards[at.i - 1] ?? null;
  if (key === "ArrowDown") return cards[at.i + 1] ?? null;
  if (key === "Home") return cards[0];
  if (key === "End") return cards[cards.length - 1];
  const step = key === "ArrowLeft" ? -1 : 1;
  for (let z = at.z + step; z >= 0 && z < board.grid.length; z += step) {
    const other = board.grid[z].cards;
    if (other.length) return other[Math.min(at.i, other.length - 1)];
  }
  return null;
}

export function focusCard(root, id) {
  const card = root?.querySelector(`[data-card="${CSS.escape(id)}"]`);
  if (card) {
    card.focus();
    card.scrollIntoView({ block: "nearest", inline: "nearest" });
  }
  return card;
}

// keydown on a card. actions: {open(id, event), keys?: {letter: fn(id, event)}};
// page.update() redraws tabindex and the selection.
export function cardKeydown(event, card, board, page, actions) {
  const id = card.dataset.card;
  const key = event.key;
  if (event.target !== card || event.altKey || event.ctrlKey || event.metaKey) return;
  if (["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End"].includes(key)) {
    event.preventDefault();
    const next = neighbour(board, id, key);
    if (!next) return;
    board.current = next;
    if (event.shiftKey) board.selected.add(id).add(next);
    focusCard(card.closest("[data-board]"), next);
    page.update();
  } else if (key === " " || key === "Spacebar") {
    event.preventDefault();
    toggle(board, id);
    page.update();
  } else if (key === "Enter" || key === "m" || key === "M") {
    event.preventDefault();
    actions.open(id, event);
  } else if (key === "Escape" && board.selected.size) {
    event.preventDefault();
    board.selected.clear();
    page.update();
  } else if (actions.keys?.[key]) {
    event.preventDefault();
    actions.keys[key](id, event);
  }
}
