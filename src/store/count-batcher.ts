import type { CommentAdapter } from '../model/adapter.js';
import { toAdapterError } from './thread-store.js';

/**
 * Comment counts for badges, batched: every thread id asked for within one frame goes to the
 * adapter in a single `count()` call, so an article list with fifty `<comment-count>` badges costs
 * one request, not fifty. Results are cached per (adapter, thread) for a short while, so badges
 * that connect later (a list that grows, a re-render) reuse them.
 */

/** How long a fetched count is reused, in ms. */
export const COUNT_CACHE_MS = 30_000;

/** Most thread ids in one adapter call; longer lists are split (URLs and queries have limits). */
export const MAX_COUNT_BATCH = 100;

// Hidden tabs get no animation frames; this timeout flushes the batch there instead.
const FALLBACK_FLUSH_MS = 100;

interface CachedCount {
  count: number;
  at: number;
}

interface Waiter {
  resolve: (count: number) => void;
  reject: (error: unknown) => void;
}

interface PendingBatch {
  waiters: Map<string, Waiter[]>;
  scheduled: boolean;
}

const caches = new WeakMap<CommentAdapter, Map<string, CachedCount>>();
const inflight = new WeakMap<CommentAdapter, Map<string, Promise<number>>>();
const batches = new Map<CommentAdapter, PendingBatch>();

/**
 * The number of visible comments of a thread. Calls made in the same frame for the same adapter
 * share one `adapter.count()` call; a count fetched in the last `COUNT_CACHE_MS` resolves at once.
 * Rejects with an `AdapterError` when the call fails (the failure is not cached).
 */
export function requestCount(adapter: CommentAdapter, threadId: string): Promise<number> {
  const cached = cachedCount(adapter, threadId);
  if (cached !== undefined) return Promise.resolve(cached);
  let running = inflight.get(adapter);
  if (!running) inflight.set(adapter, (running = new Map()));
  const joined = running.get(threadId);
  if (joined) return joined;
  const promise = new Promise<number>((resolve, reject) => {
    let batch = batches.get(adapter);
    if (!batch) batches.set(adapter, (batch = { waiters: new Map(), scheduled: false }));
    const waiters = batch.waiters.get(threadId) ?? [];
    waiters.push({ resolve, reject });
    batch.waiters.set(threadId, waiters);
    schedule(adapter, batch);
  });
  running.set(threadId, promise);
  const forget = () => {
    if (running.get(threadId) === promise) running.delete(threadId);
  };
  promise.then(forget, forget);
  return promise;
}

/** A count fetched (or primed) within the last `COUNT_CACHE_MS`, if any. */
export function cachedCount(adapter: CommentAdapter, threadId: string): number | undefined {
  const entry = caches.get(adapter)?.get(threadId);
  if (!entry) return undefined;
  if (Date.now() - entry.at > COUNT_CACHE_MS) {
    caches.get(adapter)!.delete(threadId);
    return undefined;
  }
  return entry.count;
}

/** Records a count known from elsewhere (a loaded thread, a live event) so later badges reuse it. */
export function primeCount(adapter: CommentAdapter, threadId: string, count: number): void {
  let cache = caches.get(adapter);
  if (!cache) caches.set(adapter, (cache = new Map()));
  cache.set(threadId, { count: asCount(count), at: Date.now() });
}

/** Forgets cached counts of one thread, or of every thread of the adapter. */
export function clearCountCache(adapter: CommentAdapter, threadId?: string): void {
  if (threadId === undefined) caches.delete(adapter);
  else caches.get(adapter)?.delete(threadId);
}

function schedule(adapter: CommentAdapter, batch: PendingBatch): void {
  if (batch.scheduled) return;
  batch.scheduled = true;
  let done = false;
  let frame: number | undefined;
  const flushOnce = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    if (frame !== undefined) cancelAnimationFrame(frame);
    void flush(adapter);
  };
  const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';
  if (typeof requestAnimationFrame === 'function' && !hidden) frame = requestAnimationFrame(flushOnce);
  const timer = setTimeout(flushOnce, hidden ? 0 : FALLBACK_FLUSH_MS);
}

async function flush(adapter: CommentAdapter): Promise<void> {
  const batch = batches.get(adapter);
  batches.delete(adapter);
  if (!batch) return;
  const ids = [...batch.waiters.keys()];
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += MAX_COUNT_BATCH) chunks.push(ids.slice(i, i + MAX_COUNT_BATCH));
  await Promise.all(chunks.map((chunk) => fetchChunk(adapter, chunk, batch.waiters)));
}

async function fetchChunk(adapter: CommentAdapter, threadIds: string[], waiters: Map<string, Waiter[]>): Promise<void> {
  let counts: unknown;
  try {
    counts = await adapter.count(threadIds);
  } catch (error) {
    const failure = toAdapterError(error);
    // One message per failed call: a page of fifty badges should not log fifty times.
    console.warn('confab: comment counts are unavailable', failure);
    for (const id of threadIds) for (const waiter of waiters.get(id) ?? []) waiter.reject(failure);
    return;
  }
  const byId = counts && typeof counts === 'object' ? (counts as Record<string, unknown>) : {};
  for (const id of threadIds) {
    // A thread the adapter does not mention has no comments yet.
    const count = asCount(Object.prototype.hasOwnProperty.call(byId, id) ? byId[id] : 0);
    primeCount(adapter, id, count);
    for (const waiter of waiters.get(id) ?? []) waiter.resolve(count);
  }
}

function asCount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
