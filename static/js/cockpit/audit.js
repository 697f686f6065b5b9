// Audit log: who did what in this workshop and when, newest first, a page at a time. The
// entries are not board state (nothing live changes them), so they are fetched from the
// server when the section opens and when the page changes.

import { formatDateTime } from "../format.js";
import { html } from "../view.js";

// The page shown, what the server last answered, and the address it answered for.
const ui = { page: 1, data: null, loaded: null, error: "" };

export function read(_store, page) {
  return { url: `/api/workshops/${page.workshopId}/audit?page=${ui.page}` };
}

async function load(url, page) {
  ui.loaded = url;
  try {
    const response = await fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (!response.ok) throw new Error(`${response.status}`);
    ui.data = await response.json();
    ui.error = "";
  } catch (error) {
    ui.error = error.message;
  }
  page.update();
}

function go(page, to) {
  ui.page = to;
  page.update();
  requestAnimationFrame(() => document.getElementById("audit-title")?.focus());
}

function target(entry) {
  if (!entry.target_kind) return "–";
  if (entry.target_kind === "workshop" || !entry.target_id) return entry.target_kind;
  return html`${entry.target_kind} <span class="muted">${entry.target_id.slice(0, 8)}</span>`;
}

export function view(data, page) {
  const { t } = page;
  if (ui.loaded !== data.url) load(data.url, page);
  const answer = ui.data;
  const pages = answer ? Math.max(1, Math.ceil(answer.total / answer.per_page)) : 1;
  return html`<section class="card" aria-labelledby="audit-title">
    <h2 id="audit-title" tabindex="-1">${t("section_audit")}</h2>
    <p class="muted">${t("audit_intro")}</p>
    ${ui.error ? html`<p class="notice error" role="alert">${t("error")} ${ui.error}</p>` : ""}
    ${
      answer
        ? html`<div class="table-scroll" tabindex="0" role="region" aria-labelledby="audit-title">
          <table class="data-table" id="audit-table">
            <thead><tr>
              <th scope="col">${t("audit_when")}</th><th scope="col">${t("audit_who")}</th>
              <th scope="col">${t("audit_what")}</th><th scope="col">${t("audit_target")}</th>
            </tr></thead>
            <tbody>
              ${
                answer.entries.length
                  ? answer.entries.map(
                      (entry) => html`<tr data-action=${entry.action}>
                        <td>${formatDateTime(entry.at)}</td>
                        <td>${entry.username || "–"}${entry.details?.via === "command_line" ? ` (${t("audit_command_line")})` : ""}</td>
                        <td>${entry.label}</td>
                        <td>${target(entry)}</td>
                      </tr>`,
                    )
                  : html`<tr><td colspan="4">${t("audit_empty")}</td></tr>`
              }
            </tbody>
          </table></div>
          ${
            pages > 1
              ? html`<nav class="row wrap" aria-label=${t("audit_pages")}>
                ${ui.page > 1 ? html`<button type="button" class="button" id="audit-newer" @click=${() => go(page, ui.page - 1)}>${t("audit_newer")}</button>` : ""}
                <span>${t("audit_page", { page: ui.page, pages })}</span>
                ${ui.page < pages ? html`<button type="button" class="button" id="audit-older" @click=${() => go(page, ui.page + 1)}>${t("audit_older")}</button>` : ""}
              </nav>`
              : ""
          }`
        : html`<p role="status">${t("audit_loading")}</p>`
    }
  </section>`;
}
