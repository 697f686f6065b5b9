// People and groups: how people join (the code, the link, the QR code, a new code, a
// preview as a participant), who is here (one row each: name, role, group, introduced,
// rename, remove), the small groups (split, add, rename, remove, self-pick) and the
// introductions.

import { newId } from "../live.js";
import { focusSoon, formState, ordered, readyForNext } from "../parts.js";
import { personalBadge } from "../personal-warning.js";
import { html, nothing, repeat } from "../view.js";
import { askErasure } from "./erase.js";

// The member being renamed, the group being renamed, the form of the last command (its
// field errors show beside it) and the ids of creates not yet accepted.
const ui = { renaming: null, renamingGroup: null, form: null, ids: new Map() };

function clientId(form) {
  if (!ui.ids.has(form)) ui.ids.set(form, newId());
  return ui.ids.get(form);
}

async function send(page, form, name, args, event) {
  ui.form = form;
  const result = await page.run(name, args, event);
  page.update();
  return result;
}

function errorFor(page, form, name) {
  return ui.form === form ? page.fieldError(name) : "";
}

// The join link for a code: the page's link with its last part replaced, so a new code
// shows a working link at once.
function joinLink(base, code) {
  const link = new URL(base, location.href);
  if (code) link.pathname = link.pathname.replace(/[^/]+$/, code);
  return link.toString();
}

export function read(store, page) {
  const workshop = store.all("workshop")[0] || {};
  const members = store
    .all("member")
    .filter((m) => !m.removed)
    .sort((a, b) => (a.role === b.role ? a.joined_at - b.joined_at : a.role === "facilitator" ? -1 : 1));
  // Removed people whose data is still held (they can ask for it to be erased later);
  // the erased are only a blank row kept for what they wrote, with nothing left to act on.
  const removed = store
    .all("member")
    .filter((m) => m.removed && !m.erased)
    .sort((a, b) => a.joined_at - b.joined_at);
  const participants = members.filter((m) => m.role === "participant");
  const groups = ordered(store, "group");
  const intros = store.all("introduction");
  const introduced = new Set(intros.map((i) => i.member_id));
  return {
    workshop,
    code: workshop.join_code || "",
    link: joinLink(page.links.join, workshop.join_code),
    members,
    removed,
    participants,
    groups,
    groupSize: new Map(groups.map((g) => [g.id, participants.filter((m) => m.group_id === g.id).length])),
    ungrouped: participants.filter((m) => !m.group_id || !store.get("group", m.group_id)).length,
    intros: intros.map((i) => ({ ...i, name: store.get("member", i.member_id)?.display_name || "–" })),
    introduced,
    missing: participants.filter((m) => !introduced.has(m.id)),
  };
}

function joining(data, page) {
  const { t } = page;
  const qr = new URL(page.links.qr, location.href);
  qr.searchParams.set("v", data.code);
  const newCode = async (event) => {
    const control = event.currentTarget;
    if (await page.confirm(t("confirm_code")))
      await page.run("workshop.regenerate_code", {}, { currentTarget: control });
  };
  return html`<section class="card joining" aria-labelledby="join-title">
    <img id="join-qr" class="qr" alt=${t("qr_alt")} width="132" height="132" src=${qr.toString()}>
    <div class="stack">
      <div><h2 id="join-title">${t("joining")}</h2>${t("code")}: <strong class="code big-code" id="join-code-big">${data.code}</strong></div>
      <p><a id="join-link" href=${data.link}>${data.link}</a></p>
      <div class="row wrap">
        <button type="button" class="button" id="regenerate-code" @click=${newCode}>${t("new_code")}</button>
        <a class="button" target="_blank" rel="noopener" href=${page.links.preview}>${t("preview")}</a>
      </div>
    </div>
  </section>`;
}

function memberRow(member, data, page) {
  const { t } = page;
  const me = member.id === page.member;
  const formKey = `member-${member.id}`;
  if (ui.renaming === member.id) {
    const submit = async (event) => {
      event.preventDefault();
      const form = event.currentTarget;
      const ok = await send(
        page,
        formKey,
        "member.update",
        { member_id: member.id, display_name: form.elements.display_name.value },
        { currentTarget: event.submitter },
      );
      if (ok) {
        ui.renaming = null;
        page.update();
        focusSoon(`[data-focus="rename-${member.id}"]`, { force: true });
      }
    };
    const cancel = () => {
      ui.renaming = null;
      page.update();
      focusSoon(`[data-focus="rename-${member.id}"]`, { force: true });
    };
    return html`<li data-member=${member.id} class="member-row editing">
      <form class="row wrap" novalidate @submit=${submit}>
        <label class="visually-hidden" for=${`rename-input-${member.id}`}>${t("rename")}: ${member.display_name}</label>
        <input id=${`rename-input-${member.id}`} name="display_name" maxlength="60" required .value=${member.display_name}
          aria-describedby=${`rename-error-${member.id}`}>
        <button type="submit" class="button small primary">${t("save")}</button>
        <button type="button" class="button small" @click=${cancel}>${t("cancel")}</button>
        <span class="field-error" id=${`rename-error-${member.id}`} role="alert">${errorFor(page, formKey, "display_name")}</span>
      </form>
    </li>`;
  }
  const remove = async (event) => {
    const control = event.currentTarget;
    if (!(await page.confirm(t("confirm_remove", { name: member.display_name })))) return;
    const index = data.members.indexOf(member);
    const next = data.members[index + 1] || data.members[index - 1];
    if (await page.run("member.remove", { member_id: member.id }, { currentTarget: control })) {
      focusSoon(next ? `[data-focus="rename-${next.id}"]` : "#section-title", { force: true });
    }
  };
  const erase = async (event) => {
    const control = event.currentTarget;
    const contributions = await askErasure(t, member.display_name);
    if (!contributions) return;
    const index = data.members.indexOf(member);
    const next = data.members[index + 1] || data.members[index - 1];
    if (await page.run("member.erase", { member_id: member.id, contributions }, { currentTarget: control })) {
      page.announce(t("erase_member_done"));
      focusSoon(next ? `[data-focus="rename-${next.id}"]` : "#section-title", { force: true });
    }
  };
  const isParticipant = member.role === "participant";
  return html`<li data-member=${member.id} class="member-row">
    <span class="member-name"><strong>${member.display_name}</strong>${me ? ` (${t("you")})` : ""}
      ${member.organisation ? html`<span class="muted"> · ${member.organisation}</span>` : nothing}</span>
    <span class="muted member-role">${t(member.role)}</span>
    <span class="member-intro">${
      isParticipant
        ? data.introduced.has(member.id)
          ? html`<span class="intro-yes">✓ ${t("introduced")}</span>`
          : html`<span class="muted" aria-hidden="true">–</span><span class="visually-hidden">${t("not_introduced")}</span>`
        : nothing
    }</span>
    ${
      isParticipant
        ? html`<select id=${`assign-${member.id}`} aria-label=${`${t("group_for")} ${member.display_name}`}
            @change=${(event) => page.run("group.assign", { member_id: member.id, group_id: event.currentTarget.value || null }, event)}>
            <option value="" ?selected=${!member.group_id}>${t("ungrouped")}</option>
            ${data.groups.map((g) => html`<option value=${g.id} ?selected=${g.id === member.group_id}>${g.name}</option>`)}
          </select>`
        : html`<span></span>`
    }
    <span class="row member-tools">
      <button type="button" class="button small" data-focus=${`rename-${member.id}`}
        aria-label=${`${t("rename")}: ${member.display_name}`} @click=${() => {
          ui.renaming = member.id;
          page.update();
          focusSoon(`#rename-input-${member.id}`, { force: true });
        }}>${t("rename")}</button>
      ${
        me
          ? nothing
          : html`<button type="button" class="button small danger" aria-label=${`${t("remove")}: ${member.display_name}`}
              @click=${remove}>${t("remove")}</button>
            <button type="button" class="button small danger" data-erase=${member.id}
              aria-label=${`${t("erase_member")}: ${member.display_name}`} @click=${erase}>${t("erase_member")}</button>`
      }
    </span>
  </li>`;
}

function groupRow(group, data, page) {
  const { t } = page;
  const formKey = `group-${group.id}`;
  const size = data.groupSize.get(group.id) || 0;
  if (ui.renamingGroup === group.id) {
    const submit = async (event) => {
      event.preventDefault();
      const ok = await send(
        page,
        formKey,
        "group.save",
        { id: group.id, name: event.currentTarget.elements.name.value },
        { currentTarget: event.submitter },
      );
      if (ok) {
        ui.renamingGroup = null;
        page.update();
        focusSoon(`[data-focus="group-rename-${group.id}"]`, { force: true });
      }
    };
    return html`<li data-group=${group.id} class="group-row">
      <form class="row wrap" novalidate @submit=${submit}>
        <label class="visually-hidden" for=${`group-name-${group.id}`}>${t("group_name")}</label>
        <input id=${`group-name-${group.id}`} name="name" maxlength="60" .value=${group.name}
          aria-describedby=${`group-name-error-${group.id}`}>
        <button type="submit" class="button small primary">${t("save")}</button>
        <button type="button" class="button small" @click=${() => {
          ui.renamingGroup = null;
          page.update();
          focusSoon(`[data-focus="group-rename-${group.id}"]`, { force: true });
        }}>${t("cancel")}</button>
        <span class="field-error" id=${`group-name-error-${group.id}`} role="alert">${errorFor(page, formKey, "name")}</span>
      </form>
    </li>`;
  }
  const remove = async (event) => {
    const control = event.currentTarget;
    if (!(await page.confirm(t("confirm_group", { name: group.name })))) return;
    if (await page.run("group.delete", { group_id: group.id }, { currentTarget: control })) {
      focusSoon("#new-group-name", { force: true });
    }
  };
  return html`<li data-group=${group.id} class="group-row">
    <span><strong>${group.name}</strong> <span class="muted">(${size})</span></span>
    <span class="row">
      <button type="button" class="button small" data-focus=${`group-rename-${group.id}`}
        aria-label=${`${t("rename")}: ${group.name}`} @click=${() => {
          ui.renamingGroup = group.id;
          page.update();
          focusSoon(`#group-name-${group.id}`, { force: true });
        }}>${t("rename")}</button>
      <button type="button" class="button small danger" aria-label=${`${t("delete")}: ${group.name}`}
        @click=${remove}>${t("delete")}</button>
    </span>
  </li>`;
}

function groups(data, page) {
  const { t } = page;
  const split = async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const submitter = event.submitter;
    const count = Number.parseInt(form.elements.count.value, 10);
    if (
      data.groups.length &&
      data.participants.some((m) => m.group_id) &&
      !(await page.confirm(t("confirm_split")))
    ) {
      return;
    }
    await send(
      page,
      "split",
      "group.split",
      { count: Number.isFinite(count) ? count : 0, method: form.elements.method.value },
      { currentTarget: submitter },
    );
  };
  const add = async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const sent = formState(form);
    const ok = await send(
      page,
      "add-group",
      "group.save",
      { id: clientId("add-group"), name: form.elements.name.value },
      { currentTarget: event.submitter },
    );
    if (ok) {
      ui.ids.delete("add-group");
      readyForNext(form, sent, form.elements.name);
    }
  };
  const selfPick = Boolean(data.workshop.groups_self_pick);
  return html`<section class="card" aria-labelledby="groups-title" id="groups">
    <h2 id="groups-title">${t("groups")} <span class="muted">(${data.groups.length})</span></h2>
    <div class="row wrap group-forms">
    <form class="row" novalidate @submit=${split}>
      <label for="split-count">${t("split_count")}</label>
      <input id="split-count" name="count" type="number" min="1" max="40" inputmode="numeric" class="narrow"
        .value=${String(data.groups.length || 3)} aria-describedby="split-count-error">
      <label class="visually-hidden" for="split-method">${t("split_method")}</label>
      <select id="split-method" name="method">
        <option value="mix">${t("split_mix")}</option>
        <option value="random">${t("split_random")}</option>
      </select>
      <button type="submit" class="button primary">${t("split")}</button>
      <button type="button" class="button" aria-pressed=${selfPick ? "true" : "false"}
        @click=${(event) => page.run("workshop.update", { groups_self_pick: !selfPick }, event)}>
        ${selfPick ? t("self_pick_off") : t("self_pick_on")}</button>
    </form>
    <form class="row" novalidate @submit=${add}>
      <label for="new-group-name" class="visually-hidden">${t("group_name")}</label>
      <input id="new-group-name" name="name" maxlength="60" placeholder=${t("group_name")}
        aria-describedby="new-group-error">
      <button type="submit" class="button">${t("add_group")}</button>
      <span class="field-error" id="new-group-error" role="alert">${errorFor(page, "add-group", "name")}</span>
    </form>
    </div>
    <p class="field-error" id="split-count-error" role="alert">${errorFor(page, "split", "count")}</p>
    ${
      data.groups.length
        ? html`<ul class="group-rows">${repeat(
            data.groups,
            (g) => g.id,
            (g) => groupRow(g, data, page),
          )}</ul>`
        : html`<p class="muted">${t("groups_none")}</p>`
    }
    ${data.ungrouped && data.groups.length ? html`<p class="notice">${t("ungrouped_count", { n: data.ungrouped })}</p>` : nothing}

  </section>`;
}

function introductions(data, page) {
  const { t } = page;
  const people = data.participants.length;
  return html`<section class="card" aria-labelledby="intros-title" id="intros">
    <h2 id="intros-title">${t("intros")}</h2>
    ${
      people
        ? html`<p><strong>${t("intro_count", { n: people - data.missing.length, total: people })}</strong></p>
          ${
            data.missing.length > 5
              ? html`<details class="notice" id="intro-missing">
                <summary>${t("intro_missing", { names: data.missing.length })}</summary>
                <p>${data.missing.map((m) => m.display_name).join(", ")}</p>
              </details>`
              : html`<p class=${data.missing.length ? "notice" : "muted"}>
                ${data.missing.length ? t("intro_missing", { names: data.missing.map((m) => m.display_name).join(", ") }) : t("intro_all")}
              </p>`
          }`
        : html`<p class="muted">${t("intro_nobody_joined")}</p>`
    }
    ${
      data.intros.length
        ? html`<details id="intro-list">
          <summary>${t("intros_read", { n: data.intros.length })}</summary>
          <ul class="intro-list">
            ${repeat(
              data.intros,
              (i) => i.id,
              (i) => html`<li><strong>${i.name}</strong> – ${i.about}
                ${i.hopes ? html`<span class="muted"> (${t("intro_hopes")}: ${i.hopes})</span>` : nothing}
                ${personalBadge(i)}</li>`,
            )}
          </ul>
        </details>`
        : nothing
    }
  </section>`;
}

export function view(data, page) {
  const { t } = page;
  return html`<div class="people-grid">
    ${joining(data, page)}
    ${introductions(data, page)}
  </div>
  ${groups(data, page)}
  <section class="card" aria-labelledby="members-title">
    <h2 id="members-title">${t("people")} <span class="muted" id="member-count">(${data.members.length})</span></h2>
    <ul id="members" class="member-list member-table">
      ${repeat(
        data.members,
        (m) => m.id,
        (m) => memberRow(m, data, page),
      )}
    </ul>
  </section>
  ${data.removed.length ? removedList(data, page) : nothing}`;
}

// People removed from the workshop keep their data until it is erased: someone who asks
// afterwards (by e-mail, at the desk) is erased from here, with the same two choices.
function removedList(data, page) {
  const { t } = page;
  const erase = (member) => async (event) => {
    const control = event.currentTarget;
    const contributions = await askErasure(t, member.display_name);
    if (!contributions) return;
    const index = data.removed.indexOf(member);
    const next = data.removed[index + 1] || data.removed[index - 1];
    if (await page.run("member.erase", { member_id: member.id, contributions }, { currentTarget: control })) {
      page.announce(t("erase_member_done"));
      focusSoon(next ? `[data-erase="${next.id}"]` : "#members-title", { force: true });
    }
  };
  return html`<section class="card" aria-labelledby="removed-title" id="removed-members">
    <h2 id="removed-title">${t("people_removed")} <span class="muted">(${data.removed.length})</span></h2>
    <p class="muted">${t("people_removed_about")}</p>
    <ul class="member-list">
      ${repeat(
        data.removed,
        (m) => m.id,
        (m) => html`<li class="row wrap member-row" data-member=${m.id}>
          <span class="member-name"><strong>${m.display_name}</strong>${
            m.organisation ? html`<span class="muted"> · ${m.organisation}</span>` : nothing
          }</span>
          <button type="button" class="button small danger" data-erase=${m.id}
            aria-label=${`${t("erase_member")}: ${m.display_name}`} @click=${erase(m)}>${t("erase_member")}</button>
        </li>`,
      )}
    </ul>
  </section>`;
}
