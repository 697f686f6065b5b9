// What one board remembers between renders that is not in the store: which cards are
// selected, which card is "current" (the one keyboard focus returns to), which groups are
// collapsed, the zoom, and group names being typed. The store holds what is shared; this
// is one facilitator's view of it, so it stays in the page and never goes to the server.

export function createBoard() {
  return {
    selected: new Set(),
    anchor: null, // where a Shift-click range starts
    current: null, // the card with tabindex 0
    collapsed: new Set(),
    zoom: 1,
    drafts: new Map(), // group id -> name being typed, until the server has it
    dialog: null, // the open move dialog's state, see dialog.js
    grid: [], // zones in reading order: [{id, cards: [id...]}], rebuilt on every render
  };
}

// The cards an action applies to: the selection, or else the current card.
export function targets(board) {
  if (board.selected.size) return [...board.selected];
  return board.current ? [board.current] : [];
}

// Keep the selection and the current card to cards that still exist (a card deleted or
// moved out of view on another laptop).
export function prune(board, ids) {
  for (const id of board.selected) if (!ids.has(id)) board.selected.delete(id);
  if (board.current && !ids.has(board.current)) board.current = null;
}

export function toggle(board, id) {
  if (board.selected.has(id)) board.selected.delete(id);
  else board.selected.add(id);
  board.anchor = id;
}

// Shift-click: select every card between the anchor and this one, in reading order.
export function selectRange(board, id) {
  const order = board.grid.flatMap((zone) => zone.cards);
  const from = order.indexOf(board.anchor ?? id);
  const to = order.indexOf(id);
  if (from < 0 || to < 0) {
    toggle(board, id);
    return;
  }
  const [a, b] = from < to ? [from, to] : [to, from];
  for (const card of order.slice(a, b + 1)) board.selected.add(card);
}
