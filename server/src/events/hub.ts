import type { AdapterEvent } from 'confab-comments/model';
import type { Logger } from '../log.js';

/**
 * A live event handed to a listener: its id, the event, and the server-sent-events frame that
 * carries it (serialized once, however many streams it goes to).
 */
export type EventListener = (id: string, event: AdapterEvent, frame: string) => void;

interface Notice {
  id: string;
  threadId: string;
  /** null when too large for a NOTIFY payload: read back by id */
  event: AdapterEvent | null;
}

/** Someone's pending comments in a thread changed: no event, only what is cached of readers goes. */
interface PendingNotice {
  threadId: string;
  pending: true;
}

/** What the hub needs of the storage: the notifications, the sequence, the cache, large events. */
export interface HubSource {
  db: { listen(onMessage: (payload: string) => void): Promise<void> };
  lastEventId(): Promise<string>;
  invalidate(threadId: string): void;
  invalidateViewers?(threadId: string): void;
  event(id: string): Promise<{ event: AdapterEvent } | null>;
}

/**
 * Fans live events out to the event streams of this process. Every event, including those this
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
  private readonly holdMs: number;
  private readonly threads = new Map<string, Set<EventListener>>();
  /** Told of every change to the moderators' queues (pending comments, reports), on any process. */
  readonly queueListeners = new Set<(threadId: string) => void>();
  /** null until `start` has read the sequence */
  private watermark: bigint | null = null;
  /** events that arrived ahead of a smaller id */
  private readonly waiting = new Map<bigint, Notice>();
  private gapTimer: ReturnType<typeof setTimeout> | null = null;
  /** Deliveries in order, even when one has to read its event back from the database. */
  delivering: Promise<void> = Promise.resolve();

  constructor(
    private readonly source: HubSource,
    private readonly logger: Logger,
    { holdMs = 5000 }: { holdMs?: number } = {},
  ) {
    this.holdMs = holdMs;
  }

  async start(): Promise<void> {
    // Listening first: an event committed between the two steps arrives, and is handed on.
    await this.source.db.listen((payload) => this.receive(payload));
    this.watermark = BigInt(await this.source.lastEventId());
    this.advance();
  }

  /** Every event with an id up to this one has been handed on (or will never exist). */
  get position(): string {
    return String(this.watermark ?? 0n);
  }

  /** Calls `listener` with each event of the thread from now on; returns the function that stops it. */
  subscribe(threadId: string, listener: EventListener): () => void {
    let listeners = this.threads.get(threadId);
    if (!listeners) this.threads.set(threadId, (listeners = new Set()));
    listeners.add(listener);
    const subscribed = listeners;
    return () => {
      if (!subscribed.delete(listener)) return;
      if (subscribed.size === 0 && this.threads.get(threadId) === subscribed) this.threads.delete(threadId);
    };
  }

  /** Stops waiting for missing ids (at shutdown). */
  stop(): void {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = null;
  }

  private receive(payload: string): void {
    let notice: Notice | PendingNotice;
    try {
      notice = JSON.parse(payload) as Notice | PendingNotice;
    } catch (err) {
      this.logger.warn({ err }, 'unreadable event notification');
      return;
    }
    if ('pending' in notice) {
      this.source.invalidateViewers?.(notice.threadId);
      for (const listener of this.queueListeners) listener(notice.threadId);
      return;
    }
    this.source.invalidate(notice.threadId);
    const id = BigInt(notice.id);
    if (this.watermark !== null && id <= this.watermark) {
      // Committed after its id was given up on: still news for live readers.
      this.deliver(notice);
      return;
    }
    this.waiting.set(id, notice);
    this.advance();
  }

  private advance(): void {
    if (this.watermark === null) return;
    for (let next = this.watermark + 1n; this.waiting.has(next); next++) {
      this.watermark = next;
      this.deliver(this.waiting.get(next) as Notice);
      this.waiting.delete(next);
    }
    if (this.waiting.size === 0) {
      if (this.gapTimer) clearTimeout(this.gapTimer);
      this.gapTimer = null;
    } else if (!this.gapTimer) {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = null;
        const first = [...this.waiting.keys()].reduce((a, b) => (b < a ? b : a));
        this.logger.debug({ from: String((this.watermark as bigint) + 1n), to: String(first - 1n) }, 'event ids skipped');
        this.watermark = first - 1n;
        this.advance();
      }, this.holdMs);
      this.gapTimer.unref?.();
    }
  }

  private deliver(notice: Notice): void {
    this.delivering = this.delivering
      .then(async () => {
        const listeners = this.threads.get(notice.threadId);
        if (!listeners) return;
        const event = notice.event ?? (await this.source.event(notice.id))?.event ?? null;
        if (!event) return;
        const frame = `id: ${notice.id}\ndata: ${JSON.stringify(event)}\n\n`;
        for (const listener of [...listeners]) listener(notice.id, event, frame);
      })
      .catch((err: unknown) => this.logger.error({ err }, 'event delivery failed'));
  }
}
