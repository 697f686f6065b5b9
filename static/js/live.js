// The live connection every page shares: one socket, the store it keeps in step, the
// server's clock, and an outbox that keeps what someone wrote until the server has it.

import { io } from "/vendor/socket.io.esm.min.js";
import { pickText } from "./content.js";
import { Store } from "./store.js";
import { strings } from "./strings.js";

export { strings };

export function t(key, values = {}) {
  const text = strings[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in values ? values[name] : match));
}

// A new id for something this device creates; sent with the create so a retry is harmless.
export function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class CommandError extends Error {
  constructor(error) {
    super(error?.message || "error");
    this.code = error?.code;
    this.status = error?.status;
    this.fields = error?.fields || {};
    this.retryAfter = error?.retry_after;
  }
}

const ACK_TIMEOUT = 10000;

// Whether this browser can inflate gzip: the server then sends the first sync (a whole
// workshop, the one big message) gzip'd, a third of its bytes on a phone's slow network.
const CAN_INFLATE = typeof DecompressionStream === "function";

// An error in a handler run from a promise chain, reported as the page's own (as it would
// be from the socket's handler) without breaking the chain for the messages after it.
function rethrowLater(error) {
  setTimeout(() => {
    throw error;
  });
}

async function inflateJson(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return JSON.parse(await new Response(stream).text());
}

// The phone keeps a copy of its store for this tab (sessionStorage: gone when the tab is
// closed), per workshop and member, so that coming back (a reload, the join link again, a
// tab the phone's browser discarded) draws the room at once from it and the socket brings
// only what changed since, instead of the whole workshop. Older copies, and boards too big
// to keep, are loaded afresh.
const COPY_MAX_AGE = 12 * 3600 * 1000;
const COPY_MAX_CHARS = 1500000;
const COPY_EVERY = 3000; // ms after a change

function copyKeyOf(workshop) {
  // Only the phone's page: a participant's view of the room, keyed by who is looking.
  const member = document.getElementById("app")?.dataset.member;
  if (!document.body.classList.contains("participant") || !member) return null;
  return `paja:copy:${workshop}:${member}`;
}

export class Live {
  constructor({ workshop, projector = null, statusElement = null }) {
    this.workshop = workshop;
    this.projector = projector;
    this.statusElement = statusElement;
    this.me = null;
    this.clockOffset = 0; // server time minus local time, in seconds
    this.bestRoundTrip = Infinity;
    this.fatal = null;
    this.outboxKey = `paja:outbox:${workshop}`;
    this.flushing = false;
    this.listeners = {
      me: new Set(),
      fatal: new Set(),
      rejected: new Set(),
      sent: new Set(),
      synced: new Set(),
    };
    this.store = new Store({ onHole: (seq) => this.catchUp(seq) });
    this.copyKey = copyKeyOf(workshop);
    this.restoreCopy();
    // While a gzip'd sync is being inflated, what comes after it waits for it, in order.
    this.canInflate = CAN_INFLATE;
    this.inflating = 0;
    this.arrived = Promise.resolve();
    this.socket = io({
      auth: (send) => send({ workshop, since: this.store.seq, projector, gzip: this.canInflate }),
      transports: ["websocket", "polling"],
      // A network or proxy that refuses WebSockets: fall back to long-polling instead of
      // asking for a WebSocket again and again and staying offline.
      tryAllTransports: true,
    });
    this.socket.on("connect", () => this.setStatus("connected"));
    this.socket.on("sync", (payload) => this.receiveSync(payload));
    this.socket.on("ev", (message) => this.inOrder(() => this.store.receive([message])));
    // The server lost messages on their way between its processes (Redis was away): ask
    // for what we missed, at a random moment within the spread it gives, so that a whole
    // hall does not ask at once.
    this.socket.on("resync", (hint) => {
      const spread = Math.min(Math.max(Number(hint?.spread) || 0, 0), 10);
      setTimeout(
        () => {
          if (this.store.seq !== null) this.catchUp(this.store.seq); // else the first sync is due
        },
        Math.random() * spread * 1000,
      );
    });
    // The server says why before it closes a connection that sent far too much.
    this.socket.on("bye", (reason) => {
      this.bye = reason;
    });
    this.socket.on("disconnect", (reason) => {
      this.setStatus("offline");
      // The server closed us on purpose (removed, logged out, too many messages): ask once
      // more, so the refusal tells us why, instead of staying silently offline.
      if (reason === "io server disconnect") {
        const wait = this.bye ? 5000 : 500;
        this.bye = null;
        setTimeout(() => this.socket.connect(), wait);
      }
    });
    this.socket.on("connect_error", (error) => {
      const retry = error.data;
      if (retry?.code === "rate_limited") {
        // Refused for now, not for good: try again when the server says.
        this.setStatus("offline");
        setTimeout(() => this.socket.connect(), (retry.retry_after || 3) * 1000 + 500);
      } else if (error.data !== undefined || !this.socket.active) {
        // Refused by the server (not a network failure): retrying will not help.
        this.fatal = error.message;
        this.dropCopy(); // removed, or no longer this workshop's: nothing to come back to
        this.setStatus("refused");
        for (const listener of this.listeners.fatal) listener(error.message);
      } else {
        this.setStatus("offline");
      }
    });
    window.addEventListener("online", () => this.socket.connected || this.socket.connect());
    if (this.copyKey) {
      this.store.subscribe(() => {
        this.copyTimer ??= setTimeout(() => this.saveCopy(), COPY_EVERY);
      });
      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "hidden") this.saveCopy();
      });
      window.addEventListener("pagehide", () => this.saveCopy());
    }
    this.clockTimer = setInterval(() => this.measureClock(), 60000);
    this.setStatus("connecting");
  }

  on(name, listener) {
    this.listeners[name].add(listener);
  }

  receiveSync(payload) {
    if (!(payload instanceof ArrayBuffer) && !ArrayBuffer.isView(payload)) {
      this.inOrder(() => this.onSync(payload));
      return;
    }
    this.inflating += 1;
    this.arrived = this.arrived
      .then(() => inflateJson(payload))
      .then(
        (sync) => this.onSync(sync),
        () => {
          // Could not inflate it (it never should): connect again and take it as JSON.
          this.canInflate = false;
          this.socket.disconnect().connect();
        },
      )
      .catch(rethrowLater)
      .finally(() => {
        this.inflating -= 1;
      });
  }

  // Run what a message asks at once, or after the sync still being inflated.
  inOrder(apply) {
    if (this.inflating) this.arrived = this.arrived.then(apply).catch(rethrowLater);
    else apply();
  }

  onSync(payload) {
    this.noteServerTime(payload.now, 0);
    if (payload.me) {
      this.me = payload.me;
      for (const listener of this.listeners.me) listener(payload.me);
    }
    this.applyCatchUp(payload);
    this.measureClock();
    this.flush();
    for (const listener of this.listeners.synced) listener();
    this.saveCopy();
  }

  // --- the copy kept for coming back -----------------------------------------------------

  restoreCopy() {
    if (!this.copyKey) return;
    let copy = null;
    try {
      copy = JSON.parse(sessionStorage.getItem(this.copyKey) || "null");
    } catch {
      copy = null; // storage disabled, or a copy cut short: start from the server's
    }
    if (!copy || typeof copy.seq !== "number" || !(Date.now() - copy.at < COPY_MAX_AGE)) return;
    this.store.loadSnapshot({ seq: copy.seq, entities: copy.entities });
    this.me = copy.me || null;
  }

  saveCopy() {
    clearTimeout(this.copyTimer);
    this.copyTimer = null;
    if (!this.copyKey || this.store.seq === null || this.fatal) return;
    const entities = {};
    for (const [kind, items] of this.store.entities) entities[kind] = [...items.values()];
    try {
      const text = JSON.stringify({ at: Date.now(), seq: this.store.seq, me: this.me, entities });
      if (text.length > COPY_MAX_CHARS) sessionStorage.removeItem(this.copyKey);
      else sessionStorage.setItem(this.copyKey, text);
    } catch {
      // Storage full or disabled: the next visit loads the room from the server.
    }
  }

  dropCopy() {
    clearTimeout(this.copyTimer);
    this.copyTimer = null;
    try {
      if (this.copyKey) sessionStorage.removeItem(this.copyKey);
    } catch {
      // nothing kept
    }
  }

  applyCatchUp(data) {
    if (data.snapshot) this.store.loadSnapshot(data.snapshot);
    if (data.events) this.store.receive(data.events);
  }

  async catchUp(since) {
    try {
      this.applyCatchUp(await this.request("sync", { since }));
    } catch {
      // Offline: the reconnect will bring the missed events.
    }
  }

  // --- the server's clock -------------------------------------------------------------

  noteServerTime(serverNow, roundTrip) {
    if (typeof serverNow !== "number") return;
    if (roundTrip <= this.bestRoundTrip * 1.5 || this.bestRoundTrip === Infinity) {
      this.bestRoundTrip = Math.max(roundTrip, 0.001);
      this.clockOffset = serverNow - (Date.now() / 1000 - roundTrip / 2);
    }
  }

  async measureClock() {
    if (!this.socket.connected) return;
    const started = Date.now();
    try {
      const { now } = await this.request("time", {});
      this.noteServerTime(now, (Date.now() - started) / 1000);
    } catch {
      // Keep the previous estimate.
    }
  }

  now() {
    return Date.now() / 1000 + this.clockOffset;
  }

  // Seconds left on a session's timer, as every device computes it from the server's clock.
  remaining(timer) {
    if (!timer) return null;
    if (timer.state === "running") return Math.max(0, timer.ends_at - this.now());
    if (timer.state === "paused") return timer.remaining;
    return timer.duration;
  }

  // --- commands ------------------------------------------------------------------------

  request(eventName, payload) {
    return new Promise((resolve, reject) => {
      if (!this.socket.connected) {
        reject(new CommandError({ code: "offline", message: t("offline") }));
        return;
      }
      this.socket.timeout(ACK_TIMEOUT).emit(eventName, payload, (timeout, reply) => {
        if (timeout) reject(new CommandError({ code: "timeout", message: t("offline") }));
        else if (reply?.ok) resolve(reply.data);
        else reject(new CommandError(reply?.error));
      });
    });
  }

  // Run a command now; fails at once when offline. For actions whose moment matters
  // (next phase, timer): replaying them later would surprise the room.
  command(name, args = {}) {
    return this.request("cmd", { name, args });
  }

  // Keep a command until the server has it, across reloads and lost connections. Only for
  // commands the server applies once however often they are sent (creates with a client
  // id, setting a value).
  queue(name, args = {}) {
    const outbox = this.outbox();
    outbox.push({ key: newId(), name, args });
    this.saveOutbox(outbox);
    this.setStatus(this.socket.connected ? "saving" : "offline");
    this.flush();
  }

  outbox() {
    try {
      return JSON.parse(localStorage.getItem(this.outboxKey) || "[]");
    } catch {
      return [];
    }
  }

  saveOutbox(items) {
    try {
      if (items.length) localStorage.setItem(this.outboxKey, JSON.stringify(items));
      else localStorage.removeItem(this.outboxKey);
    } catch {
      // Storage full or disabled: the item stays in memory for this page only.
    }
  }

  async flush() {
    if (this.flushing || !this.socket.connected) return;
    // Nothing waiting: the status stays "connected" (a sync, however late it arrives, saved
    // nothing).
    if (!this.outbox().length && this.state !== "saving") return;
    this.flushing = true;
    try {
      for (;;) {
        const [item] = this.outbox();
        if (!item) break;
        try {
          const result = await this.command(item.name, item.args);
          for (const listener of this.listeners.sent) listener(item, result);
        } catch (error) {
          if (error.code === "offline" || error.code === "timeout" || error.status >= 500) {
            break; // keep it; the next connect retries
          }
          if (error.status === 429) {
            // Too much at once (a long outbox after a reconnect): keep it and go on when
            // the server says. What someone wrote is never dropped for being early.
            setTimeout(() => this.flush(), Math.max(0.2, error.retryAfter || 1) * 1000);
            break;
          }
          for (const listener of this.listeners.rejected) listener(item, error);
        }
        this.saveOutbox(this.outbox().filter((other) => other.key !== item.key));
      }
    } finally {
      this.flushing = false;
    }
    if (this.socket.connected) this.setStatus(this.outbox().length ? "saving" : "saved");
  }

  // --- what the person sees about the connection ------------------------------------------

  setStatus(state) {
    this.state = state;
    const element = this.statusElement;
    if (!element) return;
    const pending = this.outbox().length;
    const text = {
      connecting: t("connecting"),
      connected: pending ? t("saving") : t("connected"),
      saving: t("saving"),
      saved: t("saved"),
      offline: t("offline"),
      refused: this.fatal || t("offline"),
    }[state];
    element.textContent = text;
    element.dataset.state = state;
  }
}

// A text written in several languages ({fi, sv, en}) as plain text for a reader of `lang`
// (content.js says which one; textIn also marks its language, for templates).
export function localized(value, lang) {
  return pickText(value, lang).text;
}

export function formatSeconds(seconds) {
  const total = Math.max(0, Math.ceil(seconds));
  const minutes = Math.floor(total / 60);
  return `${minutes}:${String(total % 60).padStart(2, "0")}`;
}
