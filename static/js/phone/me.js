// Who I am here: my name and organisation, which I can change, what I wrote to take with
// me, and the way to all my data (and to deleting my account). Setting a name is safe to
// send again, so it waits in the outbox when offline.

import { t } from "../live.js";
import { html, live, nothing } from "../view.js";

let open = false;
let errors = {};
let sent = null; // what was saved, shown until the server's copy arrives

export function read(store, page) {
  const me = store.get("member", page.member);
  if (sent && me && me.display_name === sent.display_name) sent = null;
  return { me: sent ? { ...me, ...sent } : me, workshopId: page.workshopId };
}

export function view(data, page) {
  const { me } = data;
  if (!me) return nothing;
  const submit = (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const display_name = form.elements.display_name.value.trim();
    const organisation = form.elements.organisation.value.trim() || null;
    if (!display_name) {
      errors = { display_name: t("name_required") };
      page.update();
      form.elements.display_name.focus();
      return;
    }
    errors = {};
    sent = { display_name, organisation };
    page.queue("member.update", { member_id: page.member, display_name, organisation });
    open = false;
    page.update();
    document.querySelector("#me-edit summary")?.focus();
  };
  return html`<section class="card phone" id="me-card" aria-labelledby="me-title">
    <h2 id="me-title" class="visually-hidden">${t("me_title")}</h2>
    <p>${t("you_are")} <strong id="my-name">${me.display_name}</strong>
      <span id="my-org" class="muted">${me.organisation ? `· ${me.organisation}` : ""}</span></p>
    <details id="me-edit" .open=${live(open)} @toggle=${(event) => {
      open = event.currentTarget.open;
    }}>
      <summary>${t("change_name")}</summary>
      <form id="me-form" class="stack" novalidate @submit=${submit}>
        <label for="me-name">${t("name_shown")}</label>
        <input id="me-name" name="display_name" maxlength="60" required autocomplete="nickname"
          value=${me.display_name} aria-describedby="me-name-error" aria-invalid=${errors.display_name ? "true" : "false"}>
        <p class="field-error" id="me-name-error">${errors.display_name || ""}</p>
        <label for="me-organisation">${t("organisation_optional")}</label>
        <input id="me-organisation" name="organisation" maxlength="80" autocomplete="organization"
          value=${me.organisation || ""} aria-describedby="me-organisation-error">
        <p class="field-error" id="me-organisation-error">${errors.organisation || ""}</p>
        <button type="submit" class="button primary big">${t("save")}</button>
      </form>
    </details>
    <p><a class="button" href="/api/workshops/${data.workshopId}/my-contributions.json" download>${t("download_mine")}</a></p>
    <p><button type="button" class="button big" id="open-mydata" @click=${() => page.openView("mydata")}>${t("mydata_open")}</button></p>
    <p><button type="button" class="button big" id="open-practice" @click=${() => page.openView("practice")}>${t("practice_menu")}</button></p>
  </section>`;
}

// A refused rename: open the form again with the server's words.
export function refused(fields) {
  open = true;
  sent = null;
  errors = Object.fromEntries(Object.entries(fields || {}).map(([k, v]) => [k, [v].flat().join(" ")]));
}
