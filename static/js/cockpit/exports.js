// Exports: the four downloads of everything the workshop produced, with a progress line
// (a large workshop's report takes a moment to prepare and to arrive, so the page says
// what is happening instead of looking stuck). Without script the links download as they
// are.

import { html } from "../view.js";

const KINDS = [
  ["report.pdf", "export_pdf"],
  ["report.md", "export_md"],
  ["tables.zip", "export_tables"],
  ["archive.json", "export_archive"],
];

// The progress line's text and the download under way (one at a time).
const ui = { status: "", busy: null };

export function read(_store, page) {
  return { base: `/api/workshops/${page.workshopId}/exports` };
}

async function download(event, kind, page) {
  if (!window.ReadableStream) return; // the plain link does it
  event.preventDefault();
  if (ui.busy) return;
  const { t } = page;
  const link = event.currentTarget;
  const say = (text) => {
    ui.status = text;
    page.update();
  };
  ui.busy = kind;
  say(t("export_preparing"));
  try {
    const response = await fetch(link.href, { credentials: "same-origin" });
    if (!response.ok) throw new Error(`${response.status}`);
    const total = Number(response.headers.get("Content-Length")) || 0;
    const reader = response.body.getReader();
    const parts = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      received += value.length;
      say(
        total
          ? t("export_progress", { percent: Math.round((received / total) * 100) })
          : t("export_received", { kb: Math.round(received / 1024) }),
      );
    }
    const name = (response.headers.get("Content-Disposition") || "").match(/filename="([^"]+)"/)?.[1] || kind;
    const url = URL.createObjectURL(new Blob(parts, { type: response.headers.get("Content-Type") || "" }));
    // A throwaway link outside the view: the browser saves a blob only through a click on one.
    const save = document.createElement("a");
    save.href = url;
    save.download = name;
    document.body.append(save);
    save.click();
    save.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    say(t("export_done", { name }));
  } catch (error) {
    say(`${t("error")} ${error.message}`);
  } finally {
    ui.busy = null;
    page.update();
  }
}

export function view(data, page) {
  const { t } = page;
  return html`<section class="card" aria-labelledby="exports-title">
    <h2 id="exports-title" class="visually-hidden">${t("section_exports")}</h2>
    <p class="muted">${t("export_note")}</p>
    <div class="row wrap" id="exports">
      ${KINDS.map(
        ([
          kind,
          label,
        ]) => html`<a class="button download" href=${`${data.base}/${kind}`} data-kind=${kind} download
          aria-busy=${ui.busy === kind ? "true" : "false"} @click=${(event) => download(event, kind, page)}>${t(label)}</a>`,
      )}
    </div>
    <p id="export-progress" class="muted" role="status" aria-live="polite">${ui.status}</p>
    <dl class="export-kinds">
      ${KINDS.map(([, label]) => html`<dt>${t(label)}</dt><dd>${t(`${label}_about`)}</dd>`)}
    </dl>
  </section>`;
}
