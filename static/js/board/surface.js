// What the ideas board and the concepts board share: one set of listeners on the board
// (delegated, so 500 cards carry no handlers of their own), the zoom buttons and the
// roving tab stop.

import { html } from "../view.js";
import { cardPointerdown } from "./drag.js";
import { cardKeydown } from "./keyboard.js";
import { fit, setZoom, step } from "./layout.js";
import { selectRange, toggle } from "./state.js";

// actions: {open(id, event), carried(id) -> ids, drop(ids, zone, event), keys?}
export function boardEvents(board, page, actions) {
  const cardOf = (event) => event.target.closest?.("[data-card]") || null;
  return {
    pointerdown: (event) => {
      const card = cardOf(event);
      if (card) cardPointerdown(event, card, board, actions);
    },
    keydown: (event) => {
      const card = cardOf(event);
      if (card) cardKeydown(event, card, board, page, actions);
    },
    click: (event) => {
      const card = cardOf(event);
      if (!card) return;
      const id = card.dataset.card;
      if (event.ctrlKey || event.metaKey) toggle(board, id);
      else if (event.shiftKey) selectRange(board, id);
      else return;
      event.preventDefault();
      page.update();
    },
    focusin: (event) => {
      const card = cardOf(event);
      if (card && event.target === card && board.current !== card.dataset.card) {
        board.current = card.dataset.card;
        page.update();
      }
    },
  };
}

// Which card is the grid's one tab stop: the current card if it is on the board, else
// the first.
export function tabStop(board) {
  const all = board.grid.flatMap((zone) => zone.cards);
  return all.includes(board.current) ? board.current : (all[0] ?? null);
}

export function zoomBar(board, page, root) {
  const { t } = page;
  const rootOf = (event) =>
    event.currentTarget.closest("[data-board-section]")?.querySelector("[data-board]") || root;
  return html`<div class="row wrap board-zoom" role="group" aria-label=${t("board_zoom")}>
    <button type="button" class="button small" id="zoom-out" aria-label=${t("board_zoom_out")}
      @click=${(event) => step(board, rootOf(event), -1)}>−</button>
    <button type="button" class="button small" id="zoom-in" aria-label=${t("board_zoom_in")}
      @click=${(event) => step(board, rootOf(event), 1)}>+</button>
    <button type="button" class="button small" id="zoom-fit"
      @click=${(event) => fit(board, rootOf(event))}>${t("board_zoom_fit")}</button>
    <button type="button" class="button small" id="zoom-reset"
      @click=${(event) => setZoom(board, rootOf(event), 1)}>100 %</button>
  </div>`;
}
