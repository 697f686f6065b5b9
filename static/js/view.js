// How every view of Paja is built and kept up to date.
//
// A view is a module with the same shape everywhere:
//
//   export function read(store, page)  -> the plain data the view shows (what it reads)
//   export function view(data, page)   -> a lit-html template (what it renders); its
//                                         buttons send commands with page.run / page.queue
//
// A page mounts its views once; after every change in the store (and whenever a view's
// own state changes, through page.update()) it renders again, at most once per frame.
// lit-html patches only the parts whose values changed, so the element someone is on,
// the caret and a half-typed text stay where they are while the room keeps writing.

import { html, render } from "/vendor/lit-html/lit-html.js";
import { t } from "./live.js";

export { classMap } from "/vendor/lit-html/directives/class-map.js";
export { ifDefined } from "/vendor/lit-html/directives/if-defined.js";
export { live } from "/vendor/lit-html/directives/live.js";
export { createRef, ref } from "/vendor/lit-html/directives/ref.js";
export { repeat } from "/vendor/lit-html/directives/repeat.js";
export { unsafeHTML } from "/vendor/lit-html/directives/unsafe-html.js";
export { html, nothing, svg } from "/vendor/lit-html/lit-html.js";

// Draw one view module: read, then render.
export function show(module, page, ...extra) {
  return module.view(module.read(page.store, page, ...extra), page, ...extra);
}

export class Page {
  // live: the Live connection; root: the element the page renders into; draw: () => template.
  constructor({ live, root, lang, member = null, draw, announcer = null, errorBox = null }) {
    this.live = live;
    this.store = live.store;
    this.root = root;
    this.lang = lang;
    this.member = member;
    this.draw = draw;
    this.t = t;
    this.announcer = announcer;
    this.errorBox = errorBox;
    this.error = null;
    this.pending = new Set();
    this.frame = null;
    this.listeners = new Set();
    this.store.subscribe((changes) => {
      for (const listener of this.listeners) listener(changes, this);
      this.update();
    });
  }

  // Call fn(changes, page) on every batch of changes in the store (for announcements).
  onChanges(fn) {
    this.listeners.add(fn);
  }

  // Render at the next frame; several changes in one frame render once.
  update() {
    if (this.frame !== null) return;
    const schedule = document.hidden ? (fn) => setTimeout(fn, 50) : requestAnimationFrame;
    this.frame = schedule(() => {
      this.frame = null;
      this.renderNow();
    });
  }

  renderNow() {
    const active = document.activeElement;
    const key = active && active !== document.body ? focusKey(active) : null;
    render(this.draw(this), this.root);
    // The control someone was on was replaced (a "Start" that became "Pause", a row that
    // moved): put the focus on its successor instead of leaving it on <body>.
    // With no successor, the focus goes where the view says its result is
    // ([data-focus-default]), else to the section's heading - never to <body>.
    if (active && active !== document.body && !active.isConnected) {
      const next =
        (key && this.root.querySelector(key)) ||
        this.root.querySelector("[data-focus-default]") ||
        this.root.querySelector("h1[tabindex], h2[tabindex]");
      if (next) next.focus({ preventScroll: true });
    }
  }

  // Send a command now. The control acted on (event.currentTarget) shows that it is busy
  // and ignores repeated presses until the server answers; focus stays on it. Errors go
  // to the page's alert, and the promise resolves to null.
  async run(name, args = {}, event = null) {
    const control = event?.currentTarget || null;
    if (control && this.pending.has(control)) return null;
    if (control) {
      this.pending.add(control);
      control.setAttribute("aria-busy", "true");
    }
    try {
      const result = await this.live.command(name, args);
      this.clearError();
      return result;
    } catch (error) {
      this.showError(error);
      return null;
    } finally {
      if (control) {
        this.pending.delete(control);
        control.removeAttribute("aria-busy");
      }
    }
  }

  // Keep a command until the server has it (see Live.queue).
  queue(name, args = {}) {
    this.live.queue(name, args);
  }

  showError(error) {
    this.error = error;
    if (this.errorBox) {
      this.errorBox.textContent = `${t("error")} ${error.message}`;
      this.errorBox.hidden = false;
      clearTimeout(this.errorTimer);
      this.errorTimer = setTimeout(() => this.clearError(), 10000);
    }
    this.update();
  }

  clearError() {
    if (!this.error) return;
    this.error = null;
    if (this.errorBox) this.errorBox.hidden = true;
    this.update();
  }

  // The field errors of the last refused command, by field name ("" when none).
  fieldError(name) {
    const messages = this.error?.fields?.[name];
    if (!messages) return "";
    return (Array.isArray(messages) ? messages : Object.values(messages).flat()).join(" ");
  }

  announce(text, options) {
    this.announcer?.say(text, options);
  }

  // Ask before something that cannot be taken back. Resolves to true or false.
  confirm(message, { confirm = t("confirm_yes"), cancel = t("cancel") } = {}) {
    return confirmDialog(message, confirm, cancel);
  }
}

// A selector that finds the same control again after a render: its data-focus key, else
// its id.
function focusKey(element) {
  const keyed = element.closest("[data-focus]");
  if (keyed) return `[data-focus="${CSS.escape(keyed.dataset.focus)}"]`;
  if (element.id) return `#${CSS.escape(element.id)}`;
  return null;
}

// One polite live region per page. What arrives is told in summary, after a short pause
// ("3 new ideas"), and a thing with a key (a phase, "time is up") is told once only.
export class Announcer {
  constructor(element, { delay = 1200 } = {}) {
    this.element = element;
    this.delay = delay;
    this.told = new Set();
    this.tallies = new Map(); // kind -> {count, text}
    this.messages = [];
    this.timer = null;
  }

  say(text, { key = null } = {}) {
    if (!text) return;
    if (key) {
      if (this.told.has(key)) return;
      this.told.add(key);
    }
    if (!this.messages.includes(text)) this.messages.push(text);
    this.schedule();
  }

  // Count things of one kind arriving; text(n) is said once the burst is over.
  tally(kind, n, text) {
    const entry = this.tallies.get(kind) || { count: 0, text };
    entry.count += n;
    entry.text = text;
    this.tallies.set(kind, entry);
    this.schedule();
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.delay);
  }

  flush() {
    const parts = [...this.messages, ...[...this.tallies.values()].map((entry) => entry.text(entry.count))];
    this.messages = [];
    this.tallies.clear();
    if (!parts.length) return;
    // Same text twice in a row is not read again by screen readers: clear first.
    this.element.textContent = "";
    setTimeout(() => {
      this.element.textContent = parts.join(". ");
    }, 30);
  }
}

let dialog = null;

// A modal question with two buttons, built on <dialog>: focus goes into it, Escape
// cancels, and focus returns to where it was.
export function confirmDialog(message, confirmLabel, cancelLabel) {
  if (!dialog) {
    dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-text");
    document.body.append(dialog);
  }
  const returnTo = document.activeElement;
  return new Promise((resolve) => {
    const done = (answer) => {
      dialog.close();
      if (returnTo?.isConnected) returnTo.focus();
      resolve(answer);
    };
    render(
      html`<form method="dialog" class="stack" @submit=${(e) => {
        e.preventDefault();
        done(true);
      }}>
        <p id="confirm-dialog-text">${message}</p>
        <div class="row wrap">
          <button type="submit" class="button primary">${confirmLabel}</button>
          <button type="button" class="button" @click=${() => done(false)}>${cancelLabel}</button>
        </div>
      </form>`,
      dialog,
    );
    dialog.oncancel = (event) => {
      event.preventDefault();
      done(false);
    };
    dialog.showModal();
    dialog.querySelector("button[type=button]").focus();
  });
}
