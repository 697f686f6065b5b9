// Personas, one card at a time: page through them, say "I meet people like this", comment.
// The card the facilitator spotlights (or brings everyone to) opens on every phone.

import { newId, t } from "../live.js";
import { memberName, ordered, personaCard, personaLinks } from "../parts.js";
import { html, nothing, repeat } from "../view.js";
import { textForm } from "./forms.js";

let index = 0;
let lastSpotlight = null;
let wanted = null; // a persona to open at the next render (a notice or "bring everyone here")

export function open(id) {
  wanted = id;
}

export function read(store, page) {
  const cards = ordered(store, "persona");
  const spotlight = cards.find((c) => c.spotlight);
  // Follow the facilitator's card when it changes; otherwise stay where the person is.
  if (spotlight && spotlight.id !== lastSpotlight) index = cards.indexOf(spotlight);
  lastSpotlight = spotlight?.id || null;
  if (wanted && cards.some((c) => c.id === wanted)) index = cards.findIndex((c) => c.id === wanted);
  wanted = null;
  index = Math.min(Math.max(index, 0), Math.max(cards.length - 1, 0));
  const current = cards[index] || null;
  const pendingMeet = page.live
    .outbox()
    .slice()
    .reverse()
    .find((item) => item.name === "persona.meet" && item.args.persona_id === current?.id);
  const meets = current
    ? pendingMeet
      ? pendingMeet.args.meets
      : store.all("persona_meet").some((m) => m.persona_id === current.id && m.member_id === page.member)
    : false;
  const comments = current
    ? store
        .all("comment")
        .filter((c) => c.target_kind === "persona" && c.target_id === current.id)
        .sort((a, b) => a.created_at - b.created_at)
        .map((c) => ({ ...c, author: memberName(store, c.member_id) }))
    : [];
  return { count: cards.length, index, current, meets, comments };
}

export function view(data, page) {
  if (!data.current) {
    return html`<section class="card phone"><h2>${t("view_personas")}</h2><p class="muted">${t("no_personas")}</p></section>`;
  }
  const { current } = data;
  const move = (step) => {
    index += step;
    page.renderNow();
    // The card's name takes the focus, so the next card is read from its start.
    const name = document.querySelector("#board .persona-name");
    name?.setAttribute("tabindex", "-1");
    name?.focus();
  };
  return html`<section class="card phone">
      <p class="eyebrow">${t("card_of", { n: data.index + 1, total: data.count })}</p>
      <div class="persona-holder">${personaCard(current, page.lang)}</div>
      <div class="row spread pager">
        <button type="button" class="button big" data-focus="persona-prev" ?disabled=${data.index === 0}
          @click=${() => move(-1)}>‹ ${t("prev_card")}</button>
        <button type="button" class="button big primary" data-focus="persona-next"
          ?disabled=${data.index === data.count - 1} @click=${() => move(1)}>${t("next_card")} ›</button>
      </div>
    </section>
    <section class="card phone">
      <button type="button" class="button big meet" aria-pressed=${String(data.meets)}
        @click=${() => {
          page.queue("persona.meet", { persona_id: current.id, meets: !data.meets });
          page.update();
        }}>${data.meets ? `✓ ${t("meet_done")}` : t("meet")}</button>
      ${personaLinks(page.store, current.id)}
    </section>
    <section class="card phone">
      <h3>${t("comments")}</h3>
      <ul class="comments">
        ${
          data.comments.length
            ? repeat(
                data.comments,
                (c) => c.id,
                (c) => html`<li class="comment"><strong>${c.author}</strong> ${c.body}
                  ${
                    c.member_id === page.member
                      ? html`<button type="button" class="button small" aria-label="${t("delete")}: ${c.body}"
                          @click=${() => page.queue("comment.delete", { comment_id: c.id })}>${t("delete")}</button>`
                      : nothing
                  }</li>`,
              )
            : html`<li class="muted">${t("no_comments")}</li>`
        }
      </ul>
      ${textForm(page, {
        id: "persona-comment",
        label: t("comment_label"),
        button: t("comment_send"),
        rows: 2,
        max: 1000,
        draftKey: "persona-comment",
        onSend: (body) => {
          page.queue("comment.add", { id: newId(), target_kind: "persona", target_id: current.id, body });
        },
      })}
    </section>`;
}
