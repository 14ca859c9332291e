/**
 * @typedef {(id: string, event: object) => void} EventListener
 */

/**
 * Fans live events out to the SSE streams of this process. Every event, including those this
 * process wrote itself, arrives through the database's NOTIFY channel, so one path serves both
 * one process (PGlite) and many processes on one PostgreSQL.
 */
export class EventHub {
  /**
   * @param {import('../storage/store.js').CommentStore} store
   * @param {import('../log.js').Logger} logger
   */
  constructor(store, logger) {
    this.store = store;
    this.logger = logger;
    /** @type {Map<string, Set<EventListener>>} */
    this.threads = new Map();
    this.streams = 0;
  }

  async start() {
    await this.store.db.listen((payload) => {
      this.#deliver(payload).catch((err) => this.logger.error('event delivery failed', { err }));
    });
  }

  /** @param {string} threadId @param {EventListener} listener @returns {() => void} */
  subscribe(threadId, listener) {
    let listeners = this.threads.get(threadId);
    if (!listeners) this.threads.set(threadId, (listeners = new Set()));
    listeners.add(listener);
    this.streams += 1;
    return () => {
      if (!listeners.delete(listener)) return;
      this.streams -= 1;
      if (listeners.size === 0) this.threads.delete(threadId);
    };
  }

  /** @param {string} payload */
  async #deliver(payload) {
    /** @type {{ id: string, threadId: string, event: object | null }} */
    const message = JSON.parse(payload);
    this.store.invalidate(message.threadId);
    const listeners = this.threads.get(message.threadId);
    if (!listeners) return;
    let event = message.event;
    if (!event) event = (await this.store.event(message.id))?.event ?? null;
    if (!event) return;
    for (const listener of [...listeners]) listener(message.id, event);
  }
}
