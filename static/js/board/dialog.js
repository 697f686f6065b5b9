// The move dialog: where the selected cards (or the current one) should go. A list of
// radio buttons in a modal <dialog>: the arrow keys only change which place is chosen,
// nothing moves until Enter or OK; Escape or Cancel closes it and nothing changes. Focus
// goes back to the card it was opened from.

import { html, nothing, ref, repeat } from "../view.js";

const dialogRef = { value: null };

// open(board, page, {title, options: [{value, label, note?}], value, confirm, ok})
//   confirm(value) is called after the dialog has closed and focus is back on the card.
export function openDialog(board, page, spec) {
  const returnTo = document.activeElement;
  board.dialog = { ...spec, value: spec.value ?? spec.options[0]?.value ?? null, returnTo };
  page.renderNow();
  const dialog = dialogRef.value;
  if (!dialog) return;
  if (!dialog.open) dialog.showModal();
  const checked = dialog.querySelector("input:checked") || dialog.querySelector("input[type=radio]");
  checked?.focus();
}

function close(board, page) {
  const state = board.dialog;
  board.dialog = null;
  dialogRef.value?.close();
  page.renderNow();
  if (state?.returnTo?.isConnected) state.returnTo.focus();
  return state;
}

export function confirmDialog(board, page) {
  const state = close(board, page);
  if (state && state.value !== null) state.confirm(state.value);
}

export function cancelDialog(board, page) {
  close(board, page);
}

// The dialog element, part of the section's template so it renders with everything else.
export function moveDialog(board, page) {
  const { t } = page;
  const state = board.dialog;
  return html`<dialog class="move-dialog" id="move-dialog" aria-labelledby="move-dialog-title"
    ${ref((element) => {
      dialogRef.value = element || null;
    })}
    @cancel=${(event) => {
      event.preventDefault();
      cancelDialog(board, page);
    }}>
    ${
      state
        ? html`<form class="stack" method="dialog"
            @submit=${(event) => {
              event.preventDefault();
              confirmDialog(board, page);
            }}
            @keydown=${(event) => {
              // Enter on a radio button confirms (browsers differ on whether it submits).
              if (event.key === "Enter" && event.target.type === "radio") {
                event.preventDefault();
                confirmDialog(board, page);
              }
            }}>
            <h2 id="move-dialog-title" class="move-dialog-title">${state.title}</h2>
            <fieldset class="move-options">
              <legend class="visually-hidden">${state.title}</legend>
              ${repeat(
                state.options,
                (option) => option.value,
                (option) => html`<label class="move-option">
                  <input type="radio" name="move-target" .value=${option.value}
                    .checked=${option.value === state.value}
                    @change=${(event) => {
                      state.value = event.target.value;
                    }}>
                  <span>${option.label}</span>
                  ${option.note ? html`<span class="muted">${option.note}</span>` : nothing}
                </label>`,
              )}
            </fieldset>
            <div class="row wrap">
              <button type="submit" class="button primary" id="move-dialog-ok">${state.ok || t("board_move_ok")}</button>
              <button type="button" class="button" id="move-dialog-cancel"
                @click=${() => cancelDialog(board, page)}>${t("cancel")}</button>
            </div>
          </form>`
        : nothing
    }
  </dialog>`;
}
