/**
 * @typedef {(id: string, event: object) => void} EventListener
 * @typedef {{ id: string, threadId: string, event: object | null }} Notice
 */

/**
 * Fans live events out to the SSE streams of this process. Every event, including those this
 * process wrote itself, arrives through the database's NOTIFY channel, so one path serves both
 * one process (PGlite) and many processes on one PostgreSQL.
 *
 * Event ids come from a sequence, taken when a write inserts its event, but writes commit in their
 * own order: id 11 may commit before id 10. A client that saw 11 and resumes "after 11" would then
 * never get 10. So the hub hands events on in id order only: an event waits until every smaller id
 * has arrived, or until `holdMs` has passed (an id whose transaction rolled back never arrives).
 * `position` is the id up to which everything committed has been handed on, which makes
 * "replay after N up to `position`, then live" complete.
 */
export class EventHub {
  /**
   * @param {import('../storage/store.js').CommentStore} store
   * @param {import('../log.js').Logger} logger
   * @param {{ holdMs?: number }} [options]
   */
  constructor(store, logger, { holdMs = 5000 } = {}) {
    this.store = store;
    this.logger = logger;
    this.holdMs = holdMs;
    /** @type {Map<string, Set<EventListener>>} */
    this.threads = new Map();
    this.streams = 0;
    /** @type {bigint | null} null until `start` has read the sequence */
    this.watermark = null;
    /** @type {Map<bigint, Notice>} events that arrived ahead of a smaller id */
    this.waiting = new Map();
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.gapTimer = null;
    /** Deliveries in order, even when one has to read its event back from the database. */
    this.delivering = Promise.resolve();
  }

  async start() {
    // Listening first: an event committed between the two steps arrives, and is handed on.
    await this.store.db.listen((payload) => this.#receive(payload));
    this.watermark = BigInt(await this.store.lastEventId());
    this.#advance();
  }

  /** Every event with an id up to this one has been handed on (or will never exist). */
  get position() {
    return String(this.watermark ?? 0n);
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

  /** Stops waiting for missing ids (at shutdown). */
  stop() {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = null;
  }

  /** @param {string} payload */
  #receive(payload) {
    /** @type {Notice} */
    const notice = JSON.parse(payload);
    this.store.invalidate(notice.threadId);
    const id = BigInt(notice.id);
    if (this.watermark !== null && id <= this.watermark) {
      // Committed after its id was given up on: still news for live readers.
      this.#deliver(notice);
      return;
    }
    this.waiting.set(id, notice);
    this.#advance();
  }

  #advance() {
    if (this.watermark === null) return;
    for (let next = this.watermark + 1n; this.waiting.has(next); next++) {
      this.watermark = next;
      this.#deliver(/** @type {Notice} */ (this.waiting.get(next)));
      this.waiting.delete(next);
    }
    if (this.waiting.size === 0) {
      if (this.gapTimer) clearTimeout(this.gapTimer);
      this.gapTimer = null;
    } else if (!this.gapTimer) {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = null;
        const first = [...this.waiting.keys()].reduce((a, b) => (b < a ? b : a));
        this.logger.debug('event ids skipped', { from: String(/** @type {bigint} */ (this.watermark) + 1n), to: String(first - 1n) });
        this.watermark = first - 1n;
        this.#advance();
      }, this.holdMs);
      this.gapTimer.unref?.();
    }
  }

  /** @param {Notice} notice */
  #deliver(notice) {
    this.delivering = this.delivering
      .then(async () => {
        const listeners = this.threads.get(notice.threadId);
        if (!listeners) return;
        const event = notice.event ?? (await this.store.event(notice.id))?.event ?? null;
        if (!event) return;
        for (const listener of [...listeners]) listener(notice.id, event);
      })
      .catch((err) => this.logger.error('event delivery failed', { err }));
  }
}
