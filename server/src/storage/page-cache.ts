/**
 * What readers see of a thread, kept in memory between changes of the thread: the pages every
 * reader without pending comments sees, and each signed-in reader's own state in a thread (their
 * reactions, whether they have pending comments). Most readers of an article never write, so
 * most reads are served from here until the thread changes (every process hears of a change
 * through NOTIFY and calls `invalidate`) or `ttlMs` passes (a missed notification heals itself).
 *
 * A change may land while a page is being read; `generation` tells: what was read across a change
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
  /** keys by thread, so a change of a thread drops its entries without a scan of all */
  private readonly keysOf = new Map<string, Set<string>>();
  private readonly generations = new Map<string, number>();
  private epoch = 0;
  private bytes = 0;

  constructor(
    private readonly budgetBytes: number,
    private readonly ttlMs: number,
  ) {}

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= Date.now()) {
      this.delete(key);
      return undefined;
    }
    // Most recently used last: the budget evicts from the front.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /** The thread's generation now; pass it to `set` after reading, so what was read across a change is dropped. */
  generation(threadId: string): number {
    return this.epoch * 2 ** 32 + (this.generations.get(threadId) ?? 0);
  }

  set(key: string, entry: T, generation: number): void {
    if (this.generation(entry.threadId) !== generation || entry.bytes > this.budgetBytes / 4) return;
    this.delete(key);
    this.entries.set(key, { ...entry, expires: Date.now() + this.ttlMs });
    let keys = this.keysOf.get(entry.threadId);
    if (!keys) this.keysOf.set(entry.threadId, (keys = new Set()));
    keys.add(key);
    this.bytes += entry.bytes;
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.budgetBytes) break;
      this.delete(oldest);
    }
  }

  /** Forgets the entries of a thread (null: of every thread). */
  invalidate(threadId: string | null): void {
    // A new epoch changes every thread's generation at once: after a change of everything, and to
    // keep the per-thread counters few (a long-running process sees changes in many threads).
    if (threadId === null || this.generations.size >= MAX_TRACKED_THREADS) {
      this.epoch += 1;
      this.generations.clear();
    }
    if (threadId === null) {
      this.entries.clear();
      this.keysOf.clear();
      this.bytes = 0;
      return;
    }
    this.generations.set(threadId, (this.generations.get(threadId) ?? 0) + 1);
    for (const key of this.keysOf.get(threadId) ?? []) this.delete(key);
  }

  /** Forgets one entry. */
  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
    const keys = this.keysOf.get(entry.threadId);
    keys?.delete(key);
    if (keys?.size === 0) this.keysOf.delete(entry.threadId);
  }
}
