// How might we: my group's questions, and a box to write one more.

import { textIn } from "../content.js";
import { localized, newId, t } from "../live.js";
import { challengeOfGroup, groupOf, ordered } from "../parts.js";
import { html, nothing, repeat } from "../view.js";
import { textForm } from "./forms.js";

export function read(store, page) {
  const group = groupOf(store, page.member);
  const challenge = group ? challengeOfGroup(store, group.id) : null;
  return {
    group,
    challenge,
    questions: challenge ? ordered(store, "hmw").filter((q) => q.challenge_id === challenge.id) : [],
  };
}

export function view(data, page) {
  const { challenge } = data;
  if (!challenge) return html`<p class="muted">${t("no_canvas")}</p>`;
  const send = (text) => {
    // Written with or without the opening words, in any of the languages.
    const full = /^(miten voisimme|hur skulle vi kunna|how might we)\b/i.test(text)
      ? text
      : `${t("hmw_prefix")} ${text}`;
    page.queue("hmw.save", {
      id: newId(),
      challenge_id: challenge.id,
      text: /[?？]$/.test(full) ? full : `${full}?`,
    });
  };
  return html`<section class="card phone">
      <p class="eyebrow">${t("hmw_for")}</p>
      <p class="statement">${challenge.statement || data.group.name}</p>
      ${textForm(page, {
        id: "hmw-text",
        label: t("hmw_label"),
        button: t("hmw_add"),
        rows: 2,
        max: 280,
        draftKey: "hmw",
        prefix: `${t("hmw_prefix")}…`,
        onSend: send,
      })}
    </section>
    <section class="card phone">
      <h2>${t("hmw")}</h2>
      <ol class="hmw-list">
        ${
          data.questions.length
            ? repeat(
                data.questions,
                (q) => q.id,
                (q) => html`<li>${textIn(q.text, page.lang)}
                  ${
                    q.member_id === page.member
                      ? html`<button type="button" class="button small" aria-label="${t("delete")}: ${localized(q.text, page.lang)}"
                          @click=${() => page.queue("hmw.delete", { hmw_id: q.id })}>${t("delete")}</button>`
                      : nothing
                  }</li>`,
              )
            : html`<li class="muted">${t("hmw_none")}</li>`
        }
      </ol>
    </section>`;
}
