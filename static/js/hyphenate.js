// Hyphenation where the browser has no dictionary for the page's language.
//
// The style sheets ask for `hyphens: auto`, which a browser honours only for the languages
// it has patterns for; without them, a long Finnish or Swedish word in a narrow button is cut
// anywhere (overflow-wrap) with no hyphen at the cut. hyphenate(root) tests once whether the
// browser hyphenates the page's language; only if it does not, it watches the text under
// root as it is rendered and, where a word of it is actually cut across lines or is wider
// than its box, loads Hyphen (Liang's algorithm with TeX patterns) and that one language's
// patterns and puts soft hyphens (U+00AD) into that text, so the word breaks between
// syllables with a hyphen drawn. Text that fits is left exactly as written: soft hyphens stay
// out of words nobody needs broken (find in page, text matching, copying see the plain
// words), and a phone whose words all fit never downloads the hyphenator. The text is looked
// at again when the root's box changes size (a phone turned, text made larger).
//
// Soft hyphens are invisible until a line breaks at one; Chromium keeps them in accessible
// names built from the text, which speech passes over (a default-ignorable character), and
// text copied from the page leaves them behind. Text boxes are never touched: what a person
// types stays exactly as typed. Attributes (aria-label, placeholder, title) are not touched
// either, nor the text of an element named by its aria-label: that name must contain the
// visible text as it is (WCAG 2.5.3, Label in Name), and the label has no soft hyphens.

// The patterns the server has (VENDOR_FILES), by the page's language.
const PATTERNS = { fi: "fi", sv: "sv", en: "en-us" };
// A long word of each language, which any dictionary would break in a narrow box.
const PROBES = {
  fi: "järjestäytymättömyydellänsäkään",
  sv: "sannolikhetsberäkningarnas",
  en: "incomprehensibilities",
};
const SOFT_HYPHEN = "\u00AD";
const SKIP = "input, textarea, select, script, style, code, pre, [contenteditable], [translate=no]";
// The elements whose aria-label names them (a landmark's label names the region, not its text).
const NAMED = "button, a, summary, label, [role=button], [role=link], [role=tab], [role=menuitem]";

// Whether this browser hyphenates `lang` by itself: a long word in a box narrower than it,
// with `hyphens: auto`, wraps onto several lines only if the browser can hyphenate it.
export function hyphenatesNatively(lang, doc = document) {
  const probe = PROBES[lang.split("-")[0]];
  if (!probe) return true;
  const box = doc.createElement("div");
  box.lang = lang;
  box.textContent = probe;
  Object.assign(box.style, {
    position: "absolute",
    left: "-9999px",
    top: "0",
    visibility: "hidden",
    width: "4em",
    fontSize: "16px",
    lineHeight: "16px",
    whiteSpace: "normal",
    overflowWrap: "normal",
    wordBreak: "normal",
    hyphens: "auto",
    webkitHyphens: "auto",
  });
  doc.body.appendChild(box);
  const height = box.offsetHeight;
  box.remove();
  return height > 24;
}

// A classic script, run once: Hyphen ships as UMD, which defines globals when run as one
// (as an ES module it would fail: it hangs its exports on `this`).
function loadScript(url) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`${url} did not load`));
    document.head.appendChild(script);
  });
}

// The text hyphenator for `lang`, loaded on demand: the engine and that language's patterns,
// from the same build as this module (so kept by the browser as long as it).
async function loadHyphenator(lang) {
  const patterns = PATTERNS[lang.split("-")[0]];
  if (!patterns) return null;
  const vendor = (name) => new URL(`../../vendor/hyphen/${name}`, import.meta.url).href;
  await Promise.all([loadScript(vendor("hyphen.js")), loadScript(vendor(`${patterns}.js`))]);
  const global = `hyphenationPatterns${patterns
    .split("-")
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join("")}`;
  if (typeof self.createHyphenator !== "function" || !self[global]) return null;
  return self.createHyphenator(self[global], { hyphenChar: SOFT_HYPHEN, minWordLength: 6 });
}

// Words as long as the hyphenator's shortest (it leaves shorter ones whole).
const WORD = /[\p{L}\p{M}]{6,}/gu;

function skipped(node) {
  const parent = node.parentElement;
  if (!parent || parent.closest(SKIP) !== null) return true;
  return parent.closest(NAMED)?.hasAttribute("aria-label") === true;
}

// Whether a word of the text node is cut across lines or is wider than its element: what a
// soft hyphen is for. Reads layout only.
function cut(node, range) {
  // The box the text is laid out in: inline elements have no width of their own.
  let block = node.parentElement;
  while (block.clientWidth === 0 && block.parentElement) block = block.parentElement;
  const width = block.clientWidth;
  // A box of a pixel is text for screen readers only (visually hidden): it cuts every word.
  if (width <= 1) return false;
  for (const match of node.data.matchAll(WORD)) {
    range.setStart(node, match.index);
    range.setEnd(node, match.index + match[0].length);
    const boxes = [...range.getClientRects()].filter((box) => box.width > 0);
    if (boxes.length > 1 || (boxes.length === 1 && boxes[0].width > width + 1)) return true;
  }
  return false;
}

// Hyphenate the text under `root` that needs it, now and whenever it changes or is laid out
// anew, if the browser cannot. Resolves to true if the browser needs it (the hyphenator is
// then loaded at the first cut word), false if the browser hyphenates by itself.
export async function hyphenate(root, lang = document.documentElement.lang) {
  if (!lang || hyphenatesNatively(lang)) return false;
  const base = lang.split("-")[0];
  if (!PATTERNS[base]) return false;
  // What each text node was set to here: a node that still holds it needs nothing.
  const done = new WeakMap();
  const waiting = new Set();
  let hyphenateText = null;
  let loading = false;
  let failed = false;

  const candidate = (node) => {
    const text = node.data;
    if (text.length < 6 || done.get(node) === text || !node.isConnected || skipped(node)) return false;
    const own = node.parentElement.closest("[lang]");
    return !own || own.lang.split("-")[0] === base;
  };
  const collect = (top, into) => {
    if (top.nodeType === Node.TEXT_NODE) {
      into.add(top);
      return;
    }
    if (top.nodeType !== Node.ELEMENT_NODE) return;
    const walker = document.createTreeWalker(top, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) into.add(node);
  };
  // All layout reads first, then the writes, so the page is laid out once, not per node.
  const treat = (nodes) => {
    if (failed) return;
    const range = document.createRange();
    const needing = [...nodes].filter((node) => candidate(node) && cut(node, range));
    if (needing.length === 0) return;
    if (!hyphenateText) {
      for (const node of needing) waiting.add(node);
      if (loading) return;
      loading = true;
      loadHyphenator(lang).then(
        (loaded) => {
          hyphenateText = loaded;
          failed = !loaded;
          const queued = [...waiting];
          waiting.clear();
          treat(queued);
        },
        () => {
          failed = true;
        },
      );
      return;
    }
    for (const node of needing) {
      const result = hyphenateText(node.data);
      done.set(node, result);
      if (result !== node.data) node.data = result;
    }
  };

  const everything = () => {
    const nodes = new Set();
    collect(root, nodes);
    treat(nodes);
  };
  everything();
  // Runs after each render, before the browser paints it; its own changes come back as
  // records too, and are passed over through `done`. A changed element's other text is
  // looked at too: its words may now sit in a narrower box.
  new MutationObserver((records) => {
    const nodes = new Set();
    for (const record of records) {
      if (record.type === "characterData") collect(record.target.parentElement ?? record.target, nodes);
      else collect(record.target, nodes);
    }
    treat(nodes);
  }).observe(root, { childList: true, characterData: true, subtree: true });
  // A phone turned or its text made larger lays the same words out anew. (The observer's
  // first call, for the layout just treated, finds it unchanged.)
  const layoutOf = () => `${root.clientWidth}x${getComputedStyle(root).fontSize}`;
  let layout = layoutOf();
  let scheduled = false;
  new ResizeObserver(() => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      if (layoutOf() === layout) return;
      layout = layoutOf();
      everything();
    });
  }).observe(root);
  // Copied text leaves the soft hyphens behind: pasted elsewhere they would hide in words.
  root.addEventListener("copy", (event) => {
    const selected = document.getSelection()?.toString() ?? "";
    if (!selected.includes(SOFT_HYPHEN) || !event.clipboardData) return;
    event.clipboardData.setData("text/plain", selected.split(SOFT_HYPHEN).join(""));
    event.preventDefault();
  });
  return true;
}
