/**
 * Pages of comments kept in memory between changes of their thread. Most readers of an article
 * never write, so most reads are of a page every other reader sees too: it is read from the
 * database once and served from here until the thread changes (every process hears of a change
 * through NOTIFY and calls `invalidate`) or `ttlMs` passes (a missed notification heals itself).
 *
 * A change may land while a page is being read; `generation` tells: a page read during a change
 * is served once and not kept.
 */
const MAX_TRACKED_THREADS = 10_000;

export interface CachedEntry {
  threadId: string;
  /** rough size in bytes, for the budget */
  bytes: number;
}

export class PageCache<T extends CachedEntry> {
  private readonly entries = new Map<string, T & { expires: number }>();
  private readonly generations = new Map<string, number>();
  private bytes = 0;

  constructor(
    private readonly budgetBytes: number,
    private readonly ttlMs: number,
  ) {}

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= Date.now()) {
      this.delete(key, entry);
      return undefined;
    }
    // Most recently used last: the budget evicts from the front.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /** The thread's generation now; pass it to `set` after reading, so a page read across a change is dropped. */
  generation(threadId: string): number {
    return this.epoch * 2 ** 32 + (this.generations.get(threadId) ?? 0);
  }

  set(key: string, entry: T, generation: number): void {
    if (this.generation(entry.threadId) !== generation || entry.bytes > this.budgetBytes / 4) return;
    const old = this.entries.get(key);
    if (old) this.delete(key, old);
    this.entries.set(key, { ...entry, expires: Date.now() + this.ttlMs });
    this.bytes += entry.bytes;
    for (const [oldest, value] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      this.delete(oldest, value);
    }
  }

  /** Forgets the pages of a thread (null: of every thread). */
  invalidate(threadId: string | null): void {
    // A new epoch changes every thread's generation at once: after a change of everything, and to
    // keep the per-thread counters few (a long-running process sees changes in many threads).
    if (threadId === null || this.generations.size >= MAX_TRACKED_THREADS) {
      this.epoch += 1;
      this.generations.clear();
    }
    if (threadId === null) {
      this.entries.clear();
      this.bytes = 0;
      return;
    }
    this.generations.set(threadId, (this.generations.get(threadId) ?? 0) + 1);
    for (const [key, entry] of this.entries) if (entry.threadId === threadId) this.delete(key, entry);
  }

  private epoch = 0;

  private delete(key: string, entry: T): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
