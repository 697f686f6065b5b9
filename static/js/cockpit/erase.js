// Erasing a person at their request (they asked by e-mail, by phone, in person): a modal
// that asks the one choice - what they wrote for the group stays without their name, or
// goes too - and says plainly what will remain before anything is done. The server does
// the rest (see members/erasure.py) and the people list follows from its events.

import { html, render } from "/vendor/lit-html/lit-html.js";

let dialog = null;

// Resolves to "anonymise", "remove" or null (cancelled).
export function askErasure(t, name) {
  if (!dialog) {
    dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.id = "erase-dialog";
    dialog.setAttribute("aria-labelledby", "erase-dialog-title");
    document.body.append(dialog);
  }
  const returnTo = document.activeElement;
  let choice = null;
  let problem = "";
  return new Promise((resolve) => {
    const done = (answer) => {
      dialog.close();
      if (returnTo?.isConnected) returnTo.focus();
      resolve(answer);
    };
    const draw = () =>
      render(
        html`<form method="dialog" class="stack" novalidate @submit=${(event) => {
          event.preventDefault();
          if (!choice) {
            problem = t("erase_pick");
            draw();
            dialog.querySelector("input")?.focus();
            return;
          }
          done(choice);
        }}>
          <h2 id="erase-dialog-title">${t("erase_member_title", { name })}</h2>
          <p>${t("erase_member_goes")}</p>
          <fieldset class="stack" aria-describedby="erase-dialog-error">
            <legend>${t("erase_member_question")}</legend>
            <label class="choice"><input type="radio" name="contributions" value="anonymise"
              @change=${() => {
                choice = "anonymise";
                problem = "";
                draw();
              }}> ${t("erase_member_keep")}</label>
            <label class="choice"><input type="radio" name="contributions" value="remove"
              @change=${() => {
                choice = "remove";
                problem = "";
                draw();
              }}> ${t("erase_member_remove")}</label>
          </fieldset>
          <p class="field-error" id="erase-dialog-error" role="alert">${problem}</p>
          ${
            choice
              ? html`<p class="notice" id="erase-dialog-remains"><strong>${t(
                  choice === "remove" ? "erase_member_remains_nothing" : "erase_member_remains_anonymous",
                )}</strong> ${t("erase_member_final")}</p>`
              : ""
          }
          <div class="row wrap">
            <button type="submit" class="button danger">${t("erase_member_confirm")}</button>
            <button type="button" class="button" @click=${() => done(null)}>${t("cancel")}</button>
          </div>
        </form>`,
        dialog,
      );
    draw();
    dialog.oncancel = (event) => {
      event.preventDefault();
      done(null);
    };
    dialog.showModal();
    dialog.querySelector("button[type=button]").focus();
  });
}
