// A facilitator's form for a text that people read in several languages (a how-might-we
// question): the page's language in the form's own field, the other content languages in
// fields folded away under "In other languages" - each person sees the text in their own
// language, or in the workshop's where theirs is left empty.

import { contentLanguages, languageName } from "../content.js";
import { html, nothing } from "../view.js";

// A text in every content language from a form: the page's language in the field named
// `name`, the others in `name-<lang>` (from languageFields). Empty ones are sent too, so
// clearing a language removes it.
export function textsOf(form, name, lang) {
  const texts = {};
  for (const other of contentLanguages()) {
    const field = form.elements[other === lang ? name : `${name}-${other}`];
    if (field) texts[other] = field.value;
  }
  return texts;
}

// The fields for the languages other than the page's, open when one of them has text.
// `value` maps each field's name to its stored {language: text}; a field with `rows` is a
// text area.
export function languageFields(page, { prefix, value = {}, fields }) {
  const { t, lang } = page;
  const others = contentLanguages().filter((other) => other !== lang);
  if (!others.length) return nothing;
  const filled = others.some((other) => fields.some((f) => value[f.name]?.[other]));
  return html`<details class="other-languages" ?open=${filled}>
    <summary>${t("other_languages")}</summary>
    <p class="muted">${t("other_languages_hint")}</p>
    ${others.map(
      (other) => html`<fieldset class="stack language-fields">
        <legend><span lang=${other}>${languageName(other)}</span></legend>
        ${fields.map((f) => {
          const id = `${prefix}-${f.name}-${other}`;
          const text = value[f.name]?.[other] || "";
          return html`<label for=${id}>${f.label}</label>
            ${
              f.rows
                ? html`<textarea id=${id} name=${`${f.name}-${other}`} lang=${other} maxlength=${f.max}
                  rows=${f.rows} .value=${text}></textarea>`
                : html`<input id=${id} name=${`${f.name}-${other}`} lang=${other} maxlength=${f.max}
                  .value=${text}>`
            }`;
        })}
      </fieldset>`,
    )}
  </details>`;
}
