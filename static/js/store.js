// The client's copy of a workshop: entities by kind and id, kept in step with the server's
// numbered event log.
//
// Events are applied strictly in number order. One that arrives early waits in a buffer
// until the hole before it is filled; a hole that stays open asks for a catch-up (the
// `onHole` callback). Every entity carries `rev`, the number of the event that last changed
// it, so a snapshot followed by replayed events never moves an entity backwards, and a
// deleted entity leaves a tombstone so a late upsert cannot bring it back.

export class Store {
  constructor({ onHole = () => {}, holeDelay = 1500 } = {}) {
    this.seq = null; // last event number applied; null until the first sync
    this.entities = new Map(); // kind -> Map(id -> object)
    this.tombstones = new Map(); // "kind:id" -> rev of the delete
    this.buffer = new Map(); // seq -> message that arrived early
    this.onHole = onHole;
    this.holeDelay = holeDelay;
    this.holeTimer = null;
    this.listeners = new Set();
  }

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(changes) {
    for (const listener of this.listeners) listener(changes, this);
  }

  all(kind) {
    return [...(this.entities.get(kind) || new Map()).values()];
  }

  get(kind, id) {
    return (this.entities.get(kind) || new Map()).get(id);
  }

  // Replace everything with a snapshot {seq, entities: {kind: [objects]}}.
  loadSnapshot(snapshot) {
    this.entities = new Map();
    this.tombstones = new Map();
    for (const [kind, items] of Object.entries(snapshot.entities || {})) {
      this.entities.set(kind, new Map(items.map((item) => [item.id, item])));
    }
    this.seq = snapshot.seq;
    for (const seq of [...this.buffer.keys()]) if (seq <= this.seq) this.buffer.delete(seq);
    const changes = [{ snapshot: true }];
    this.drain(changes);
    this.notify(changes);
  }

  // Take in any number of event messages, in whatever order they arrived.
  receive(messages) {
    const changes = [];
    // Numbers of events this viewer may not see come several to a message ("seqs").
    const each = messages.flatMap((m) => (m.seqs ? m.seqs.map((seq) => ({ seq, hidden: true })) : [m]));
    for (const message of each) {
      if (this.seq !== null && message.seq <= this.seq) continue; // already applied
      // A member gets its own events twice, in full and as everyone else sees them: of
      // two views of one number, the fuller one is kept.
      const held = this.buffer.get(message.seq);
      if (held && rank(held) >= rank(message)) continue;
      this.buffer.set(message.seq, message);
    }
    this.drain(changes);
    if (changes.length) this.notify(changes);
  }

  drain(changes) {
    if (this.seq === null) return; // waiting for the first sync
    while (this.buffer.has(this.seq + 1)) {
      const message = this.buffer.get(this.seq + 1);
      this.buffer.delete(this.seq + 1);
      this.seq = message.seq;
      if (!message.hidden) {
        const change = this.apply(message);
        if (change) changes.push(change);
      }
    }
    this.watchHole();
  }

  watchHole() {
    if (this.buffer.size === 0) {
      clearTimeout(this.holeTimer);
      this.holeTimer = null;
    } else if (!this.holeTimer) {
      this.holeTimer = setTimeout(() => {
        this.holeTimer = null;
        if (this.buffer.size) this.onHole(this.seq);
      }, this.holeDelay);
    }
  }

  apply(message) {
    const { entity, op, data } = message;
    if (!entity || !data) return null;
    const key = `${entity}:${data.id}`;
    if (!this.entities.has(entity)) this.entities.set(entity, new Map());
    const items = this.entities.get(entity);
    if (op === "delete") {
      this.tombstones.set(key, message.seq);
      items.delete(data.id);
      return { entity, op, id: data.id, type: message.type };
    }
    const current = items.get(data.id);
    if (current && current.rev >= data.rev) return null;
    if ((this.tombstones.get(key) || -1) >= data.rev) return null;
    items.set(data.id, data);
    return { entity, op, id: data.id, type: message.type, data, previous: current };
  }
}

const RANKS = { hidden: 0, public: 1, full: 2 };

function rank(message) {
  return message.hidden ? 0 : (RANKS[message.view] ?? 2);
}
