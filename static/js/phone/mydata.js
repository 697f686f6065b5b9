// My data: everything Paja holds about me in this workshop, one section at a time, to
// read here and download (a readable page, or JSON); and deleting my account here, in
// three steps - choose, read what will remain, confirm. The server decides what is mine
// (the same views my screens get); this view only shows it.
//
// Deleting goes over HTTP, not the socket: the server closes this phone's sockets as part
// of the deletion, which would cut off the socket's answer.

import { t } from "../live.js";
import { html, nothing } from "../view.js";

let loaded = null; // the server's answer: {sections, ...}
let loading = false;
let failed = null;
let step = "read"; // read | choose | confirm | deleted
let choice = null; // anonymise | remove
let open = 0; // the section shown, one at a time
let sending = false;

function focusHeading() {
  requestAnimationFrame(() => {
    const heading = document.querySelector("#mydata h2, #mydata h3");
    heading?.setAttribute("tabindex", "-1");
    heading?.focus();
  });
}

async function load(page) {
  if (loading) return;
  loading = true;
  failed = null;
  try {
    const response = await fetch(`/api/workshops/${page.workshopId}/my-data`, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (!response.ok) throw new Error((await response.json()).error?.message || response.statusText);
    loaded = await response.json();
  } catch (error) {
    failed = error.message;
  } finally {
    loading = false;
    page.update();
  }
}

// Opened again: read afresh, from the first section.
export function open_() {
  loaded = null;
  step = "read";
  choice = null;
  open = 0;
}
export { open_ as open };

export function read(_store, page) {
  if (!loaded && !loading && !failed && step !== "deleted") load(page);
  return { workshopId: page.workshopId };
}

async function erase(page) {
  if (sending) return;
  sending = true;
  failed = null;
  page.update();
  try {
    const response = await fetch(`/api/workshops/${page.workshopId}/commands/member.erase`, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        Accept: "application/json",
        "Content-Type": "application/json",
        "X-CSRFToken": document.querySelector("meta[name=csrf-token]")?.content || "",
      },
      body: JSON.stringify({ member_id: page.member, contributions: choice }),
    });
    const answer = await response.json();
    if (!response.ok || !answer.ok) throw new Error(answer.error?.message || response.statusText);
    step = "deleted";
    loaded = null;
    page.onErased?.();
  } catch (error) {
    failed = error.message;
  } finally {
    sending = false;
    page.update();
    focusHeading();
  }
}

function sectionsView(page) {
  if (failed && !loaded) return html`<p class="notice error" role="alert">${failed}</p>`;
  if (!loaded) return html`<p aria-live="polite">${t("mydata_loading")}</p>`;
  const sections = loaded.sections;
  if (!sections.length) return html`<p>${t("mydata_nothing")}</p>`;
  const index = Math.min(open, sections.length - 1);
  const section = sections[index];
  const go = (to) => {
    open = to;
    page.update();
    focusHeading();
  };
  return html`<p class="muted">${t("mydata_count", { n: index + 1, total: sections.length })}</p>
    <h3 id="mydata-section">${section.title}</h3>
    <ol class="stack mydata-items">
      ${section.items.map(
        (item) => html`<li class="card"><dl>
          ${item.map((part) => html`<dt>${part.label}</dt><dd class="user-text">${part.value}</dd>`)}
        </dl></li>`,
      )}
    </ol>
    <div class="row wrap">
      <button type="button" class="button big" id="mydata-prev" ?disabled=${index === 0}
        @click=${() => go(index - 1)}>${t("mydata_prev")}</button>
      <button type="button" class="button big primary" id="mydata-next" ?disabled=${index === sections.length - 1}
        @click=${() => go(index + 1)}>${t("mydata_next")}</button>
    </div>`;
}

export function view(data, page) {
  const base = `/api/workshops/${data.workshopId}`;
  if (step === "deleted") {
    return html`<section class="card phone" id="mydata" aria-labelledby="mydata-title">
      <h2 id="mydata-title">${t("mydata_deleted_title")}</h2>
      <p>${t(choice === "remove" ? "mydata_deleted_removed" : "mydata_deleted_kept")}</p>
    </section>`;
  }
  if (step === "choose" || step === "confirm") {
    const confirm = step === "confirm";
    return html`<section class="card phone" id="mydata" aria-labelledby="mydata-title">
      <h2 id="mydata-title">${t("erase_title")}</h2>
      ${
        confirm
          ? html`<p>${t("erase_goes")}</p>
            <p><strong>${t(choice === "remove" ? "erase_remains_nothing" : "erase_remains_anonymous")}</strong></p>
            <p>${t("erase_final")}</p>
            ${failed ? html`<p class="notice error" role="alert">${failed}</p>` : nothing}
            <div class="stack">
              <button type="button" class="button big danger" id="erase-confirm" aria-busy=${String(sending)}
                @click=${() => erase(page)}>${t("erase_confirm")}</button>
              <button type="button" class="button big" id="erase-back" @click=${() => {
                step = "choose";
                page.update();
                focusHeading();
              }}>${t("back")}</button>
            </div>`
          : html`<form class="stack" id="erase-form" novalidate @submit=${(event) => {
              event.preventDefault();
              const picked = event.currentTarget.elements.contributions.value;
              if (!picked) {
                failed = t("erase_pick");
                page.update();
                return;
              }
              choice = picked;
              failed = null;
              step = "confirm";
              page.update();
              focusHeading();
            }}>
              <fieldset class="stack" aria-describedby="erase-pick-error">
                <legend>${t("erase_question")}</legend>
                <label class="choice big"><input type="radio" name="contributions" value="anonymise"
                  ?checked=${choice === "anonymise"}> ${t("erase_keep")}</label>
                <label class="choice big"><input type="radio" name="contributions" value="remove"
                  ?checked=${choice === "remove"}> ${t("erase_remove")}</label>
              </fieldset>
              <p class="field-error" id="erase-pick-error" role="alert">${failed || ""}</p>
              <button type="submit" class="button big primary" id="erase-next">${t("mydata_next")}</button>
              <button type="button" class="button big" id="erase-cancel" @click=${() => {
                step = "read";
                failed = null;
                page.update();
                focusHeading();
              }}>${t("cancel")}</button>
            </form>`
      }
    </section>`;
  }
  return html`<section class="card phone" id="mydata" aria-labelledby="mydata-title">
    <h2 id="mydata-title">${t("mydata_title")}</h2>
    <p>${t("mydata_intro")}</p>
    ${sectionsView(page)}
    <h3>${t("mydata_download")}</h3>
    <div class="stack">
      <a class="button big" id="mydata-html" href="${base}/my-data.html" download>${t("mydata_download_page")}</a>
      <a class="button big" id="mydata-json" href="${base}/my-data?download=1" download>${t("mydata_download_json")}</a>
    </div>
    <h3>${t("erase_title")}</h3>
    <p>${t("erase_intro")}</p>
    <button type="button" class="button big danger" id="erase-start" @click=${() => {
      step = "choose";
      failed = null;
      page.update();
      focusHeading();
    }}>${t("erase_start")}</button>
  </section>`;
}
