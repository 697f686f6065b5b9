// My group: who is in it, and where the facilitator lets people pick, the groups to pick.

import { t } from "../live.js";
import { groupOf, ordered } from "../parts.js";
import { html, repeat } from "../view.js";

export function read(store, page) {
  const workshop = store.all("workshop")[0];
  const group = groupOf(store, page.member);
  return {
    group,
    mates: group ? store.all("member").filter((m) => m.group_id === group.id && !m.removed) : [],
    groups: workshop?.groups_self_pick ? ordered(store, "group") : [],
  };
}

export function view(data, page) {
  const { group } = data;
  return html`<section class="card phone">
    <h2>${group ? `${t("my_group")}: ${group.name}` : t("no_group")}</h2>
    ${
      group
        ? html`<h3>${t("group_with")}</h3>
          <ul class="mates">${repeat(
            data.mates,
            (m) => m.id,
            (m) => html`<li>${m.display_name}${m.id === page.member ? ` (${t("you")})` : ""}
              ${m.organisation ? html`<span class="muted"> · ${m.organisation}</span>` : ""}</li>`,
          )}</ul>`
        : ""
    }
    ${
      data.groups.length
        ? html`<h3>${t("pick_group")}</h3>
          <div class="stack">${repeat(
            data.groups,
            (g) => g.id,
            (g) => {
              const mine = g.id === group?.id;
              return html`<button type="button" class="button big ${mine ? "primary" : ""}" aria-pressed=${String(mine)}
                @click=${() => page.queue("group.assign", { member_id: page.member, group_id: g.id })}>
                ${mine ? `✓ ${g.name}` : `${t("join_group")}: ${g.name}`}</button>`;
            },
          )}</div>`
        : group
          ? ""
          : html`<p class="muted">${t("group_wait")}</p>`
    }
  </section>`;
}
