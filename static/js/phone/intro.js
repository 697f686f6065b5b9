// Introductions: what I do, my organisation, what I hope for; and everyone's introductions.

import { t } from "../live.js";
import { holdPersonal, personalHeld, personalTyped, personalWarning } from "../personal-warning.js";
import { html, live, repeat } from "../view.js";
import { draft, dropDraft, typing } from "./forms.js";

let error = "";
let saved = false;
let sent = null; // what was saved last, shown until the server's copy arrives

export function read(store, page) {
  const me = store.get("member", page.member);
  const mine = store.get("introduction", page.member);
  const present = (intro) => {
    const member = store.get("member", intro.member_id);
    return Boolean(member && !member.removed);
  };
  const intros = store
    .all("introduction")
    .filter(present)
    .sort((a, b) => a.updated_at - b.updated_at)
    .map((intro) => ({ ...intro, member: store.get("member", intro.member_id) }));
  return {
    about: draft("intro-about") ?? (sent ? sent.about : mine?.about || ""),
    hopes: draft("intro-hopes") ?? (sent ? sent.hopes : mine?.hopes || ""),
    organisation: draft("intro-org") ?? ((sent ? sent.organisation : me?.organisation) || ""),
    intros,
  };
}

export function view(data, page) {
  const submit = (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const about = form.elements.about.value.trim();
    if (!about) {
      error = t("empty");
      saved = false;
      page.update();
      form.elements.about.focus();
      return;
    }
    error = "";
    // Everyone in the workshop reads an introduction.
    if (holdPersonal(page, "intro", `${about}\n${form.elements.hopes.value.trim()}`, "intro-about")) return;
    sent = {
      about,
      hopes: form.elements.hopes.value.trim(),
      organisation: form.elements.organisation.value.trim() || null,
    };
    page.queue("introduction.save", sent);
    for (const key of ["intro-about", "intro-org", "intro-hopes"]) dropDraft(key);
    saved = true;
    page.announce(t("intro_saved"));
    page.update();
  };
  return html`<form class="stack card phone" novalidate @submit=${submit}>
      <h2>${t("intro_title")}</h2>
      <label for="intro-about">${t("intro_about")}</label>
      <textarea id="intro-about" name="about" rows="3" maxlength="600" aria-describedby="intro-error"
        .value=${live(data.about)} @input=${(event) => {
          typing("intro-about")(event);
          personalTyped(page, "intro");
        }}></textarea>
      <label for="intro-org">${t("intro_org")}</label>
      <input id="intro-org" name="organisation" maxlength="80" autocomplete="organization"
        .value=${live(data.organisation)} @input=${typing("intro-org")}>
      <label for="intro-hopes">${t("intro_hopes")}</label>
      <textarea id="intro-hopes" name="hopes" rows="3" maxlength="600"
        .value=${live(data.hopes)} @input=${(event) => {
          typing("intro-hopes")(event);
          personalTyped(page, "intro");
        }}></textarea>
      <p class="field-error" id="intro-error">${error}</p>
      ${saved ? html`<p class="notice ok">${t("intro_saved")}</p>` : ""}
      ${personalWarning(page, "intro")}
      <button type="submit" class="button primary big" ?hidden=${personalHeld("intro")}>${t("intro_save")}</button>
    </form>
    <section class="card phone">
      <h2>${t("intros")}</h2>
      <div class="intro-list">
        ${
          data.intros.length
            ? repeat(
                data.intros,
                (intro) => intro.member_id,
                (intro) => html`<article class="intro">
                  <h3>${intro.member.display_name}${intro.member_id === page.member ? ` (${t("you")})` : ""}
                    ${intro.member.organisation ? html`<span class="muted"> · ${intro.member.organisation}</span>` : ""}</h3>
                  <p>${intro.about}</p>
                  ${intro.hopes ? html`<p class="muted">${t("intro_hopes")}: ${intro.hopes}</p>` : ""}
                </article>`,
              )
            : html`<p class="muted">${t("intro_none")}</p>`
        }
      </div>
    </section>`;
}
