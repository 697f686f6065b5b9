// Reminders in the app: my notifications with an unread count, each opening what it is
// about, and my choice of channels (in the app always; e-mail if I wish; a chat webhook
// only for a member of a pilot team - a team's own chat -, as the server allows). The
// webhook address is never shown back - only whether one is saved.

import { localized, t } from "../live.js";
import { config, formatDate } from "../parts.js";
import { html, live, nothing, repeat } from "../view.js";

let status = "";
let error = "";

export function unreadCount(store, memberId) {
  return store.all("notification").filter((n) => n.member_id === memberId && !n.read).length;
}

export function read(store, page) {
  const notes = store
    .all("notification")
    .filter((n) => n.member_id === page.member)
    .sort((a, b) => b.created_at - a.created_at);
  return {
    notes,
    unread: notes.filter((n) => !n.read).length,
    prefs: store.all("notify_pref").find((p) => p.member_id === page.member) || null,
    onTeam: store.all("pilot_member").some((m) => m.member_id === page.member),
  };
}

export function view(data, page) {
  const channels = new Set(data.prefs?.channels || ["app"]);
  const check = (name, label, disabled = false) => html`<label class="choice" for="ch-${name}">
    <input type="checkbox" id="ch-${name}" value=${name} .checked=${live(channels.has(name))} ?disabled=${disabled}> ${label}</label>`;
  const submit = async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const args = {
      channels: [...form.querySelectorAll("fieldset input:checked")].map((i) => i.value),
      email: form.elements.email.value.trim() || null,
    };
    const hook = form.elements.webhook?.value.trim();
    if (hook) args.webhook_url = hook;
    try {
      await page.live.command("notify.preferences", args);
      error = "";
      status = t("channels_saved");
      if (form.elements.webhook) form.elements.webhook.value = "";
      page.announce(status);
    } catch (e) {
      status = "";
      error = [e.message, ...Object.values(e.fields || {}).flat()].join(" ");
    }
    page.update();
  };
  const openNote = (n) => {
    if (!n.read) page.queue("notify.read", { notification_ids: [n.id] });
    page.openView(n.view, n.target_id);
  };
  return html`<section class="card phone">
      <h2>${t("notices")}</h2>
      ${data.unread ? html`<button type="button" class="button" @click=${() => page.queue("notify.read", {})}>${t("notices_read")}</button>` : nothing}
      ${
        data.notes.length
          ? html`<ul class="notices">${repeat(
              data.notes,
              (n) => n.id,
              (n) => html`<li class="notice-item ${n.read ? "" : "unread"}">
                ${n.read ? nothing : html`<span class="badge">${t("notice_new")}</span>`}
                <p>${localized(n.text, page.lang)}</p>
                <p class="muted">${formatDate(n.created_at, page.lang)}</p>
                ${n.view ? html`<button type="button" class="button small" @click=${() => openNote(n)}>${t("notice_open")}</button>` : nothing}
              </li>`,
            )}</ul>`
          : html`<p class="muted">${t("no_notices")}</p>`
      }
    </section>
    <section class="card phone">
      <h3>${t("channels")}</h3>
      <form class="stack" novalidate @submit=${submit}>
        <fieldset class="stack">
          <legend class="visually-hidden">${t("channels")}</legend>
          ${check("app", t("channel_app"), true)}
          ${check("email", config.email ? t("channel_email") : `${t("channel_email")} – ${t("email_unavailable")}`, !config.email)}
          ${data.onTeam ? check("chat", t("channel_chat")) : nothing}
        </fieldset>
        <label for="notify-email">${t("email_address")}</label>
        <input id="notify-email" name="email" type="email" autocomplete="email" maxlength="254" value=${data.prefs?.email || ""}>
        ${
          data.onTeam
            ? html`<label for="notify-webhook">${t("webhook_address")}</label>
        <input id="notify-webhook" name="webhook" type="url" maxlength="2000" placeholder="https://">
        ${data.prefs?.webhook_set ? html`<p class="muted">${t("webhook_saved")}</p>` : nothing}`
            : nothing
        }
        <p class="field-error" role="alert">${error}</p>
        ${status ? html`<p class="notice ok">${status}</p>` : nothing}
        <button type="submit" class="button primary big">${t("save")}</button>
      </form>
    </section>`;
}
