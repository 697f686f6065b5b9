// Settings: the workshop's name, description and language, what participants and pilot
// teams may do by themselves, and archiving (read-only for everyone) or restoring it.

import { formatDate } from "../format.js";
import { focusSoon } from "../parts.js";
import { html, nothing } from "../view.js";

// Which form sent the last command (its field errors show beside its fields), and the
// retention dates the server last gave (fetched again whenever the workshop changes).
const ui = { form: null, retention: null, retentionFor: null };

async function loadRetention(workshop, page) {
  ui.retentionFor = `${workshop.id}:${workshop.rev}`;
  try {
    const response = await fetch(`/api/workshops/${workshop.id}/retention`, { credentials: "same-origin" });
    if (response.ok) ui.retention = await response.json();
  } catch (_error) {
    // The dates are a help beside the setting; without them the setting still works.
  }
  page.update();
}

function retentionCard(workshop, page) {
  const { t } = page;
  if (ui.retentionFor !== `${workshop.id}:${workshop.rev}`) loadRetention(workshop, page);
  const state = ui.retention;
  const save = async (event) => {
    event.preventDefault();
    const raw = event.currentTarget.elements.retention_months.value.trim();
    ui.form = "retention";
    const ok = await page.run(
      "workshop.update",
      { retention_months: raw === "" ? null : Number(raw) },
      { currentTarget: event.submitter },
    );
    page.update();
    if (ok) page.announce(t("saved"));
  };
  return html`<section class="card" aria-labelledby="settings-retention">
    <h2 id="settings-retention">${t("retention_title")}</h2>
    <p class="muted">${t("retention_about")}</p>
    <form id="retention-form" class="stack" novalidate @submit=${save}>
      <label for="retention-months">${t("retention_months")}</label>
      <input id="retention-months" name="retention_months" type="number" min="1" max="120" inputmode="numeric"
        .value=${workshop.retention_months == null ? "" : String(workshop.retention_months)}
        aria-describedby="retention-default retention-error">
      <p class="muted" id="retention-default">${state ? t("retention_default", { n: state.default_months }) : ""}</p>
      <p class="field-error" id="retention-error" role="alert">${errorFor(page, "retention", "retention_months")}</p>
      <div><button type="submit" class="button">${t("save")}</button></div>
    </form>
    ${state?.deletes_at ? html`<p class="notice" id="retention-deletes">${t("retention_deletes", { day: formatDate(state.deletes_at) })}</p>` : ""}
    ${state?.archives_on ? html`<p class="muted" id="retention-archives">${t("retention_archives", { day: formatDate(state.archives_on) })}</p>` : ""}
  </section>`;
}

export function read(store) {
  return { workshop: store.all("workshop")[0] || null };
}

function errorFor(page, form, name) {
  return ui.form === form ? page.fieldError(name) : "";
}

export function view(data, page) {
  const { t } = page;
  const workshop = data.workshop;
  if (!workshop) return nothing;
  const archived = workshop.status === "archived";
  const save = async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    ui.form = "details";
    const ok = await page.run(
      "workshop.update",
      {
        name: form.elements.name.value,
        description: form.elements.description.value,
        language: form.elements.language.value,
      },
      { currentTarget: event.submitter },
    );
    page.update();
    if (ok) page.announce(t("saved"));
  };
  const toggle = (field) => (event) => page.run("workshop.update", { [field]: !workshop[field] }, event);
  const archive = async (event) => {
    const control = event.currentTarget;
    if (!(await page.confirm(archived ? t("confirm_restore") : t("confirm_archive")))) return;
    if (
      await page.run(
        "workshop.update",
        { status: archived ? "active" : "archived" },
        { currentTarget: control },
      )
    ) {
      focusSoon("#archive-button", { force: true });
    }
  };
  return html`<section class="card" aria-labelledby="settings-details">
    <h2 id="settings-details">${t("settings_details")}</h2>
    <form id="rename-form" class="stack" novalidate @submit=${save}>
      <label for="workshop-name">${t("name")}</label>
      <input id="workshop-name" name="name" maxlength="120" .value=${workshop.name} aria-describedby="rename-error">
      <p class="field-error" id="rename-error" role="alert">${errorFor(page, "details", "name")}</p>
      <label for="workshop-description">${t("description")}</label>
      <textarea id="workshop-description" name="description" rows="3" maxlength="2000"
        .value=${workshop.description || ""} aria-describedby="description-error"></textarea>
      <p class="field-error" id="description-error" role="alert">${errorFor(page, "details", "description")}</p>
      <label for="workshop-language">${t("language")}</label>
      <select id="workshop-language" name="language">
        <option value="fi" lang="fi" ?selected=${workshop.language === "fi"}>Suomi</option>
        <option value="sv" lang="sv" ?selected=${workshop.language === "sv"}>Svenska</option>
        <option value="en" lang="en" ?selected=${workshop.language === "en"}>English</option>
      </select>
      <p class="muted">${t("language_about")}</p>
      <div><button type="submit" class="button primary">${t("save")}</button></div>
    </form>
  </section>
  <section class="card" aria-labelledby="settings-rights">
    <h2 id="settings-rights">${t("settings_rights")}</h2>
    <div class="setting-row">
      <p id="self-pick-about">${t("self_pick_about")}</p>
      <button type="button" class="button" id="self-pick" role="switch" aria-checked=${workshop.groups_self_pick ? "true" : "false"}
        aria-describedby="self-pick-about" @click=${toggle("groups_self_pick")}>
        ${workshop.groups_self_pick ? t("setting_on") : t("setting_off")}</button>
    </div>
    <div class="setting-row">
      <p id="invite-about">${t("teams_invite_about")}</p>
      <button type="button" class="button" id="teams-invite" role="switch" aria-checked=${workshop.teams_may_invite ? "true" : "false"}
        aria-describedby="invite-about" @click=${toggle("teams_may_invite")}>
        ${workshop.teams_may_invite ? t("setting_on") : t("setting_off")}</button>
    </div>
    <div class="setting-row">
      <p id="moderated-about">${t("mod_workshop_about")}</p>
      <button type="button" class="button" id="workshop-moderated" role="switch" aria-checked=${workshop.moderated ? "true" : "false"}
        aria-describedby="moderated-about" @click=${toggle("moderated")}>
        ${workshop.moderated ? t("setting_on") : t("setting_off")}</button>
    </div>
  </section>
  ${retentionCard(workshop, page)}
  <section class="card" aria-labelledby="settings-archive">
    <h2 id="settings-archive">${archived ? t("restore") : t("archive")}</h2>
    ${archived ? html`<p class="notice" data-bind="workshop.archived">${t("archived_note")}</p>` : html`<p class="muted">${t("archive_about")}</p>`}
    <button type="button" class="button ${archived ? "primary" : "danger"}" id="archive-button"
      data-archived=${archived ? "true" : "false"} @click=${archive}>${archived ? t("restore") : t("archive")}</button>
  </section>`;
}
