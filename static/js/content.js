// Text that facilitators write in several languages - a phase's title and instructions, a
// session's title - arrives as a map {fi, sv, en, ...} of the languages it was written in,
// and every reader's page picks its own: the page's language, else the language it is a
// variant of (Finnish for plain Finnish), else the workshop's own language, else any.
// Text shown in a language other than the page's carries that language's lang, so screen
// readers pronounce it right and the browser hyphenates it by its own rules.

import { html } from "/vendor/lit-html/lit-html.js";

// The workshop's own language, from the page (the server writes it on #app).
function workshopLanguage() {
  return document.getElementById("app")?.dataset.workshopLang || "";
}

// The page's own language: what unmarked text is read as.
export function pageLanguage() {
  return document.documentElement.lang || "";
}

function baseOf(lang) {
  return String(lang || "").split(/[-_]/)[0];
}

// The text of `value` for a reader of `lang`, and the language it is in: {text, lang}.
// A plain string is in no known language (lang "").
export function pickText(value, lang) {
  if (!value) return { text: "", lang: "" };
  if (typeof value === "string") return { text: value, lang: "" };
  for (const choice of [lang, baseOf(lang), workshopLanguage(), "fi", "en", ...Object.keys(value)]) {
    if (choice && value[choice]) return { text: value[choice], lang: choice };
  }
  return { text: "", lang: "" };
}

// The lang to put on an element showing text in `textLang`: none when it is the page's.
export function langMark(textLang) {
  return textLang && textLang !== pageLanguage() ? textLang : undefined;
}

// `value` as a template for a reader of `lang`: the text, in a span marked with its language
// when that is not the page's.
export function textIn(value, lang) {
  const picked = pickText(value, lang);
  const mark = langMark(picked.lang);
  return mark ? html`<span lang=${mark}>${picked.text}</span>` : picked.text;
}

// A plain text known to be in `textLang` (a workshop's name, in the workshop's language),
// marked like textIn.
export function inLanguage(text, textLang) {
  const mark = langMark(textLang);
  return mark && text ? html`<span lang=${mark}>${text}</span>` : text;
}

// Plain text with paragraph breaks, each paragraph marked like textIn.
export function paragraphsIn(value, lang) {
  const picked = pickText(value, lang);
  const mark = langMark(picked.lang);
  return String(picked.text || "")
    .split(/\n{2,}/)
    .filter((part) => part.trim())
    .map((part) => (mark ? html`<p lang=${mark}>${part.trim()}</p>` : html`<p>${part.trim()}</p>`));
}

// The languages content can be written in, from the server (the interface's languages).
export function contentLanguages() {
  try {
    const config = JSON.parse(document.getElementById("paja-board")?.textContent || "{}");
    if (Array.isArray(config.languages) && config.languages.length) return config.languages;
  } catch {
    // no board data on this page: the two Paja always has
  }
  return ["fi", "en"];
}

// A language's name in that language ("suomi", "svenska", "English"), for form labels.
export function languageName(lang) {
  try {
    const name = new Intl.DisplayNames([lang], { type: "language" }).of(lang);
    return name ? name.charAt(0).toLocaleUpperCase(lang) + name.slice(1) : lang;
  } catch {
    return lang;
  }
}
