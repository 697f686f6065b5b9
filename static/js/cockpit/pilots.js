// Pilots: every pilot in one compact table - status, team, last update and how old it is
// (by the day it tells of), every blocker and request for help not yet marked resolved, the chain back to the personas - with one
// pilot's page (as its team sees it) opened under it at a time; a pilot started by hand
// for a concept; whether teams may make invitation links.

import { focusSoon, formatDate, memberName, ordered } from "../parts.js";
import {
  ageInDays,
  ageText,
  openFlags,
  percent,
  pilotName,
  pilotPage,
  progressBar,
  readPilot,
  send,
  teamOf,
  traceability,
  updateMoment,
  updatesOf,
  watchRefusals,
} from "../pilots.js";
import { html, nothing, repeat } from "../view.js";
import { refusal, sendChosenFile } from "./upload.js";

let opened = null; // the pilot whose page is open under the table
let fromAddress = false; // the address's #pilot-<id> has been read
let imported = null; // what the last CSV upload did, or the problems that refused it

// The open pilot is in the address (#pilot-<id>), so a link opens the same page for a
// co-facilitator and a reload keeps it.
function remember(id) {
  const url = `${location.pathname}${location.search}${id ? `#pilot-${id}` : ""}`;
  history.replaceState(history.state, "", url);
}
let chosenConcept = ""; // the concept picked for a new pilot

export function read(store, page) {
  watchRefusals(page);
  const lang = page.lang;
  const pilots = ordered(store, "pilot").map((pilot) => {
    const team = teamOf(store, pilot.id);
    const last = updatesOf(store, pilot.id)[0] || null;
    return {
      pilot,
      name: pilotName(store, pilot),
      size: team.length,
      orgs: [...new Set(team.map((m) => m.organisation).filter(Boolean))],
      last,
      lastBy: last ? memberName(store, last.member_id) : "",
      age: last ? ageInDays(updateMoment(last)) : null,
      ageText: last ? ageText(updateMoment(last)) : "",
      flags: openFlags(store, pilot.id),
      trace: traceability(store, pilot, lang),
    };
  });
  if (!fromAddress) {
    fromAddress = true;
    const wanted = location.hash.match(/^#pilot-(.+)$/)?.[1];
    if (wanted && store.get("pilot", wanted)) opened = wanted;
  }
  if (opened && !store.get("pilot", opened)) opened = null;
  const taken = new Set(store.all("pilot").map((p) => p.concept_id));
  const workshop = store.all("workshop")[0];
  // The programme's progress as the server's report and outcomes page count it: weighted,
  // stopped pilots left out.
  const counted = pilots.map((row) => row.pilot).filter((p) => p.status !== "stopped");
  const weights = counted.reduce((sum, p) => sum + (p.weight ?? 1), 0);
  return {
    pilots,
    whole: weights
      ? Math.round(counted.reduce((sum, p) => sum + (p.progress ?? 0) * (p.weight ?? 1), 0) / weights)
      : null,
    workshopId: workshop?.id,
    outcomesToken: workshop?.outcomes_token || null,
    free: ordered(store, "concept").filter((c) => !taken.has(c.id) && c.stage !== "dropped"),
    teamsMayInvite: Boolean(workshop?.teams_may_invite),
    quietDays: store.all("reminder_settings")[0]?.pilot_quiet_days || 14,
    open: opened ? readPilot(store, page, opened, { facilitator: true }) : null,
  };
}

function toggle(page, id) {
  opened = opened === id ? null : id;
  remember(opened);
  page.renderNow();
  if (opened) document.getElementById(`pilot-title-${id}`)?.focus();
}

export function view(data, page) {
  const { t } = page;
  return html`<div id="pilots" class="cockpit-pilots">
    <div class="row wrap pilots-tools">
      ${startPilot(data, page)}
      <p class="row wrap invite-setting">
        <span>${data.teamsMayInvite ? t("teams_invite_on") : t("teams_invite_off")}</span>
        <button type="button" class="button" aria-pressed=${data.teamsMayInvite ? "true" : "false"}
          @click=${(event) => send(page, "teams-invite", "workshop.update", { teams_may_invite: !data.teamsMayInvite }, event)}>
          ${data.teamsMayInvite ? t("teams_invite_disallow") : t("teams_invite_allow")}</button>
      </p>
    </div>
    ${outcomesLink(data, page)}
    ${data.pilots.length ? importForm(page) : nothing}
    ${
      data.whole !== null
        ? html`<div class="pilots-whole">${progressBar(
            { id: "whole", progress: data.whole },
            t("progress_whole", { percent: percent(data.whole) }),
          )}</div>`
        : nothing
    }
    ${
      data.pilots.length
        ? html`<p class="pilots-summary">${t("pilots_summary", {
            n: data.pilots.length,
            flagged: data.pilots.filter((row) => row.flags.length).length,
            quiet: data.pilots.filter((row) => row.age === null || row.age > data.quietDays).length,
            days: data.quietDays,
          })}</p>
          ${overview(data, page)}`
        : html`<p class="muted">${t("no_pilots")}</p>`
    }
    ${
      data.open
        ? html`<section class="pilot-open" id="pilot-page" aria-label=${data.open.name}>
          <div class="row wrap pilot-open-bar">
            <p class="eyebrow">${t("pilot_as_team")}</p>
            <button type="button" class="button" data-focus="pilot-close"
              @click=${() => {
                const id = opened;
                opened = null;
                remember(null);
                page.renderNow();
                document.querySelector(`[data-focus="open-${CSS.escape(id)}"]`)?.focus();
              }}>${t("close")}</button>
          </div>
          ${pilotPage(data.open, page)}
        </section>`
        : nothing
    }
  </div>`;
}

// Updates and measure values kept in a spreadsheet by partners, uploaded as CSV with the
// export's columns: every row or - when a line has a problem - none, each problem by its
// line. Rows Paja holds already are counted, not made twice.
function importForm(page) {
  const { t } = page;
  const submit = async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const url = `/api/workshops/${page.workshopId}/pilots/import-file`;
    const answer = await sendChosenFile(event, url, () => ({}), t);
    if (!answer) return;
    if (answer.missing) {
      imported = { problems: [t("file_choose")] };
      page.update();
      focusSoon("#pilots-import-file", { force: true });
      return;
    }
    if (answer.ok) {
      const made = answer.body;
      imported = {
        done: t(made.kind === "values" ? "pilots_imported_values" : "pilots_imported_updates", {
          n: made.kind === "values" ? made.values : made.created,
          already: made.already,
        }),
      };
      form.reset();
    } else {
      imported = refusal(answer, t);
    }
    page.update();
    focusSoon("#pilots-import-file", { force: true });
  };
  const problems = imported?.problems || [];
  return html`<details id="pilots-import" class="add-session">
    <summary>${t("pilots_import_title")}</summary>
    <form class="stack" novalidate @submit=${submit}>
      <p class="muted" id="pilots-import-about">${t("pilots_import_about")}</p>
      <label for="pilots-import-file">${t("pilots_import_label")}</label>
      <input type="file" id="pilots-import-file" name="file" accept=".csv,text/csv"
        aria-describedby="pilots-import-about pilots-import-result" @change=${() => {
          if (imported) {
            imported = null;
            page.update();
          }
        }}>
      <div id="pilots-import-result" role="status">${
        imported?.done ? html`<p class="notice">${imported.done}</p>` : nothing
      }</div>
      <div role="alert">${
        problems.length
          ? html`<div class="notice error" id="pilots-import-problems">
            ${imported.message ? html`<p>${imported.message}</p>` : nothing}
            <ul>${problems.map((problem) => html`<li>${problem}</li>`)}</ul>
          </div>`
          : nothing
      }</div>
      <div><button type="submit" class="button primary">${t("pilots_import_send")}</button></div>
    </form>
  </details>`;
}

// The outcomes page ("you said, we did"): a link for the facilitator to look at it, and the
// read-only link for people outside the workshop, made and ended here.
function outcomesLink(data, page) {
  const { t } = page;
  const shared = data.outcomesToken ? `${location.origin}/o/${data.outcomesToken}` : "";
  const share = (args) => (event) =>
    send(page, "outcomes-link", "workshop.outcomes_link", args, event).then(
      (done) => done && page.announce(t("saved_ok")),
    );
  return html`<section class="outcomes-link" aria-labelledby="outcomes-link-title">
    <h3 id="outcomes-link-title"><a href=${`/w/${data.workshopId}/outcomes`} target="_blank" rel="noopener">${t("outcomes_open")}</a></h3>
    ${
      shared
        ? html`<p>${t("outcomes_shared")} <a href=${shared} class="shared-link">${shared}</a></p>
          <p class="row wrap">
            <button type="button" class="button" data-focus="outcomes-renew"
              @click=${share({ share: true, renew: true })}>${t("outcomes_renew")}</button>
            <button type="button" class="button danger" data-focus="outcomes-unshare"
              @click=${share({ share: false })}>${t("outcomes_unshare")}</button>
          </p>`
        : html`<p class="row wrap"><span>${t("outcomes_not_shared")}</span>
          <button type="button" class="button" data-focus="outcomes-share"
            @click=${share({ share: true })}>${t("outcomes_share")}</button></p>`
    }
  </section>`;
}

function startPilot(data, page) {
  const { t } = page;
  if (!data.free.length) return nothing;
  const chosen = data.free.some((c) => c.id === chosenConcept) ? chosenConcept : data.free[0].id;
  return html`<form class="row wrap start-pilot" novalidate @submit=${async (event) => {
    event.preventDefault();
    const concept = event.currentTarget.querySelector("select").value;
    const made = await send(page, "pilot-start", "pilot.create", { concept_id: concept }, event);
    if (made) {
      page.announce(t("pilot_started", { name: data.free.find((c) => c.id === concept)?.name || "" }));
      opened = made.id;
      remember(opened);
      page.renderNow();
      document.getElementById(`pilot-title-${made.id}`)?.focus();
    }
  }}>
    <label for="pilot-concept">${t("pilot_for_concept")}</label>
    <select id="pilot-concept" @change=${(event) => {
      chosenConcept = event.target.value;
    }}>
      ${repeat(
        data.free,
        (c) => c.id,
        (c) => html`<option value=${c.id} ?selected=${c.id === chosen}>${c.name}</option>`,
      )}
    </select>
    <button type="submit" class="button">${t("pilot_start")}</button>
  </form>`;
}

function overview(data, page) {
  const { t } = page;
  return html`<div class="table-scroll">
    <table class="overview pilots-overview">
      <caption class="visually-hidden">${t("pilots")}</caption>
      <thead>
        <tr>${["pilot", "status", "team", "progress", "last_update", "flags"].map((key) => html`<th scope="col">${t(`ov_${key}`)}</th>`)}</tr>
      </thead>
      <tbody>
        ${repeat(
          data.pilots,
          (row) => row.pilot.id,
          (row) => {
            const { pilot, last } = row;
            const flagged = row.flags.length > 0;
            const isOpen = data.open?.pilot.id === pilot.id;
            return html`<tr data-pilot=${pilot.id} class=${[flagged ? "flagged" : "", isOpen ? "opened" : ""].join(" ").trim() || nothing}>
              <th scope="row">
                <button type="button" class="button small link" data-focus=${`open-${pilot.id}`}
                  aria-expanded=${isOpen ? "true" : "false"} aria-controls=${isOpen ? "pilot-page" : nothing}
                  @click=${() => toggle(page, pilot.id)}>${row.name}</button>
                <details id=${`ov-trace-${pilot.id}`}>
                  <summary>${t("trace")}</summary>
                  ${row.trace}
                </details>
              </th>
              <td><span class=${`badge status-${pilot.status}`}>${t(`pilot_${pilot.status}`)}</span></td>
              <td>${row.size}${row.orgs.length ? html`<span class="muted"> · ${row.orgs.join(", ")}</span>` : nothing}</td>
              <td class="progress-cell">${progressBar(pilot)}</td>
              <td class=${row.age !== null && row.age > data.quietDays ? "stale" : nothing}>
                ${
                  last
                    ? html`${row.ageText}<br><span class="muted last-text">${last.did || last.learned || ""}</span>`
                    : t("no_updates")
                }
              </td>
              <td>
                ${repeat(
                  row.flags,
                  (u) => u.id,
                  (u) => html`<div class="open-flag" data-update=${u.id}>
                    <p class="muted">${formatDate(updateMoment(u), page.lang)}</p>
                    ${u.blockers ? html`<p class="flag"><strong>${t("update_blockers")}: </strong>${u.blockers}</p>` : nothing}
                    ${u.help_needed ? html`<p class="flag"><strong>${t("update_help")}: </strong>${u.help_needed}</p>` : nothing}
                  </div>`,
                )}
              </td>
            </tr>`;
          },
        )}
      </tbody>
    </table>
  </div>`;
}
