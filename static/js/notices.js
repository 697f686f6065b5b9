// Reminders in the app: the member's notifications with an unread count, each opening
// what it is about, and the member's choice of channels (in the app always; e-mail and a
// chat webhook if they wish). The webhook address is never shown back - only whether one
// is saved.

import { config, fill, formatDate } from "./board.js";
import { el, localized, t } from "./live.js";

export function unreadCount(store, memberId) {
  return store.all("notification").filter((n) => n.member_id === memberId && !n.read).length;
}

export function noticesView(ctx, box, { open }) {
  const { live, store, lang, memberId } = ctx;
  const list = el("section", { class: "card phone" });
  const prefs = el("section", { class: "card phone" });
  box.append(list, prefs);
  let prefsFor = null;

  function drawPrefs() {
    const mine = store.all("notify_pref").find((p) => p.member_id === memberId);
    const channels = new Set(mine?.channels || ["app"]);
    const check = (name, label, disabled = false) =>
      el(
        "label",
        { class: "choice", for: `ch-${name}` },
        el("input", {
          type: "checkbox",
          id: `ch-${name}`,
          value: name,
          checked: channels.has(name),
          disabled,
        }),
        ` ${label}`,
      );
    const email = el("input", {
      id: "notify-email",
      type: "email",
      autocomplete: "email",
      maxlength: "254",
      value: mine?.email || "",
    });
    const hook = el("input", {
      id: "notify-webhook",
      type: "url",
      maxlength: "2000",
      placeholder: "https://",
    });
    const status = el("p", { class: "notice ok", role: "status", hidden: true }, t("channels_saved"));
    const error = el("p", { class: "field-error", role: "alert" });
    const form = el(
      "form",
      { class: "stack", novalidate: true },
      el(
        "fieldset",
        { class: "stack" },
        el("legend", {}, t("channels")),
        check("app", t("channel_app"), true),
        check(
          "email",
          config.email ? t("channel_email") : `${t("channel_email")} – ${t("email_unavailable")}`,
          !config.email,
        ),
        check("chat", t("channel_chat")),
      ),
      el("label", { for: "notify-email" }, t("email_address")),
      email,
      el("label", { for: "notify-webhook" }, t("webhook_address")),
      hook,
      mine?.webhook_set ? el("p", { class: "muted" }, t("webhook_saved")) : null,
      error,
      status,
      el("button", { type: "submit", class: "button primary big" }, t("save")),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const args = {
        channels: [...form.querySelectorAll("fieldset input:checked")].map((i) => i.value),
        email: email.value.trim() || null,
      };
      if (hook.value.trim()) args.webhook_url = hook.value.trim();
      try {
        await live.command("notify.preferences", args);
        error.textContent = "";
        status.hidden = false;
        hook.value = "";
      } catch (e) {
        status.hidden = true;
        error.textContent = [e.message, ...Object.values(e.fields || {}).flat()].join(" ");
      }
    });
    fill(prefs, el("h3", {}, t("channels")), form);
  }

  return () => {
    const notes = store
      .all("notification")
      .filter((n) => n.member_id === memberId)
      .sort((a, b) => b.created_at - a.created_at);
    const unread = notes.filter((n) => !n.read);
    fill(
      list,
      el("h2", {}, t("notices")),
      unread.length
        ? el(
            "button",
            { type: "button", class: "button", onclick: () => live.queue("notify.read", {}) },
            t("notices_read"),
          )
        : null,
      notes.length
        ? el(
            "ul",
            { class: "notices" },
            ...notes.map((n) =>
              el(
                "li",
                { class: n.read ? "notice-item" : "notice-item unread" },
                !n.read ? el("span", { class: "badge" }, t("notice_new")) : null,
                el("p", {}, localized(n.text, lang)),
                el("p", { class: "muted" }, formatDate(n.created_at, lang)),
                n.view
                  ? el(
                      "button",
                      {
                        type: "button",
                        class: "button small",
                        onclick: () => {
                          if (!n.read) live.queue("notify.read", { notification_ids: [n.id] });
                          open(n.view, n.target_id);
                        },
                      },
                      t("notice_open"),
                    )
                  : null,
              ),
            ),
          )
        : el("p", { class: "muted" }, t("no_notices")),
    );
    const key = JSON.stringify(store.all("notify_pref").find((p) => p.member_id === memberId) || null);
    if (key !== prefsFor) {
      prefsFor = key;
      drawPrefs();
    }
  };
}
