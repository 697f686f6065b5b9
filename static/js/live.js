// The live connection every page shares: one socket, the store it keeps in step, the
// server's clock, and an outbox that keeps what someone wrote until the server has it.

import { io } from "/vendor/socket.io.esm.min.js";
import { Store } from "./store.js";

export const strings = JSON.parse(document.getElementById("paja-strings")?.textContent || "{}");

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
    this.socket = io({
      auth: (send) => send({ workshop, since: this.store.seq, projector }),
      transports: ["websocket", "polling"],
    });
    this.socket.on("connect", () => this.setStatus("connected"));
    this.socket.on("sync", (payload) => this.onSync(payload));
    this.socket.on("ev", (message) => this.store.receive([message]));
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
        this.setStatus("refused");
        for (const listener of this.listeners.fatal) listener(error.message);
      } else {
        this.setStatus("offline");
      }
    });
    window.addEventListener("online", () => this.socket.connected || this.socket.connect());
    this.clockTimer = setInterval(() => this.measureClock(), 60000);
    this.setStatus("connecting");
  }

  on(name, listener) {
    this.listeners[name].add(listener);
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

// Render a {fi, en} text in the page's language, falling back to the other one.
export function localized(value, lang) {
  if (!value) return "";
  if (typeof value === "string") return value;
  return value[lang] || value.fi || value.en || "";
}

export function formatSeconds(seconds) {
  const total = Math.max(0, Math.ceil(seconds));
  const minutes = Math.floor(total / 60);
  return `${minutes}:${String(total % 60).padStart(2, "0")}`;
}
