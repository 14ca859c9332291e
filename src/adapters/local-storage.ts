import { AdapterError, type AdapterEvent } from '../model/adapter.js';
import type { Comment } from '../model/comment.js';
import { throwIfAborted } from './abort.js';
import { InProcessAdapter, type StoredReports } from './in-process.js';
import { ThreadData, seedThreads } from './thread-data.js';
import { diffThread, digestThread, type ThreadDigest } from './thread-digest.js';
import { deliver, newId, parseThreadRecord, requireThreadId, type StoredTypoReport } from './thread-rules.js';

export interface LocalStorageAdapterOptions {
  /** Prefix of every key. Default `confab`. */
  namespace?: string;
  /** Where to keep the data. Default `localStorage` (or, when the page may not use it, memory). */
  storage?: Storage;
  /** Who the adapter acts as. Default: an id generated once and remembered in the storage. */
  viewerId?: string;
  /** How long after posting an author may edit or delete. Default: no limit. */
  editWindowMs?: number;
}

/** What `<namespace>:reports` holds. */
interface Reports extends StoredReports {
  version: 1;
}

const VIEWER_ID = /^[\w-]{1,64}$/;
/** Parsed threads kept per adapter; a page rarely shows more than a handful. */
const CACHED_THREADS = 32;

/** Adapters with live subscribers, so that one writing tells the others on the same page. */
const listening = new Set<LocalStorageAdapter>();

/**
 * Keeps comments in the browser's storage: one key per thread (`<namespace>:thread:<threadId>`),
 * plus `<namespace>:viewer` (this browser's viewer id) and `<namespace>:reports`. Data survives a
 * reload; other tabs see changes through the `storage` event, other adapters on the same page at
 * once. A key holding something that is not confab's data is reported once with `console.warn`
 * and read as empty; it is only replaced when something is written to that thread.
 */
export class LocalStorageAdapter extends InProcessAdapter {
  /** Prefix of every key this adapter uses. */
  readonly namespace: string;
  /** The viewer this adapter acts as. */
  readonly viewerId: string;
  private readonly _storage: Pick<Storage, 'getItem' | 'setItem'>;
  private readonly _cache = new Map<string, { raw: string | null; data: ThreadData }>();
  private readonly _warned = new Map<string, string>();
  private readonly _listeners = new Map<string, Set<(event: AdapterEvent) => void>>();
  private readonly _digests = new Map<string, ThreadDigest>();

  constructor(options: LocalStorageAdapterOptions = {}) {
    super();
    this.namespace = options.namespace ?? 'confab';
    this._storage = options.storage ?? defaultStorage();
    this._editWindowMs = options.editWindowMs;
    this.viewerId = options.viewerId ?? this._rememberedViewerId();
  }

  /**
   * Writes seed comments, one thread at a time. With `overwrite: false` a thread that already holds
   * comments is left alone, so a demo can seed on every load without undoing what readers wrote.
   * `viewer.reactions` of a seed become this adapter's viewer's.
   */
  seed(comments: Comment[], { overwrite = true }: { overwrite?: boolean } = {}): void {
    for (const data of seedThreads(comments, this.viewerId)) {
      if (overwrite || this._thread(data.threadId).isEmpty) this._commit(data);
    }
  }

  /** Live events of a thread: changes from other tabs and from other adapters on this page, and its own. */
  subscribe(threadId: string, listener: (event: AdapterEvent) => void): () => void {
    requireThreadId(threadId);
    if (this._listeners.size === 0) {
      addEventListener('storage', this._onStorage);
      listening.add(this);
    }
    let set = this._listeners.get(threadId);
    if (!set) {
      this._listeners.set(threadId, (set = new Set()));
      this._digests.set(threadId, digestThread(this._thread(threadId)));
    }
    set.add(listener);
    return () => {
      if (!set.delete(listener) || set.size > 0) return;
      this._listeners.delete(threadId);
      this._digests.delete(threadId);
      if (this._listeners.size === 0) {
        removeEventListener('storage', this._onStorage);
        listening.delete(this);
      }
    };
  }

  protected async _run<T>(_method: unknown, request: { signal?: AbortSignal } | undefined, operation: () => T): Promise<T> {
    throwIfAborted(request?.signal);
    return operation();
  }

  protected override _saveReports(reports: StoredReports): void {
    this._write(this._key('reports'), JSON.stringify(reports));
  }

  private readonly _onStorage = (event: StorageEvent): void => {
    if (event.storageArea && event.storageArea !== this._storage) return;
    // A null key means the storage was cleared: every thread may have changed.
    if (event.key === null) {
      for (const threadId of [...this._listeners.keys()]) this._refresh(threadId);
      return;
    }
    const prefix = this._key('thread:');
    if (event.key.startsWith(prefix)) this._refresh(event.key.slice(prefix.length));
  };

  /** Tells this thread's subscribers what changed since they last heard. */
  private _refresh(threadId: string): void {
    const set = this._listeners.get(threadId);
    const before = this._digests.get(threadId);
    if (!set || !before) return;
    const data = this._thread(threadId);
    const after = digestThread(data);
    const changes = diffThread(before, after);
    this._digests.set(threadId, after);
    const context = this._context();
    for (const change of changes) {
      const event = data.toEvent(change, context);
      if (!event) continue;
      for (const listener of [...set]) deliver(listener, structuredClone(event));
    }
  }

  private _key(name: string): string {
    return `${this.namespace}:${name}`;
  }

  /** The thread as stored now; parsed again only when the stored text changed. */
  protected _thread(threadId: string): ThreadData {
    const key = this._key(`thread:${threadId}`);
    const raw = this._read(key);
    const cached = this._cache.get(threadId);
    if (cached && cached.raw === raw) return cached.data;
    let data = new ThreadData(threadId);
    if (raw !== null) {
      const record = parseJson(raw, (value) => parseThreadRecord(value, threadId));
      if (typeof record === 'string') this._warnOnce(key, raw, record);
      else data = ThreadData.fromRecord(record);
    }
    this._cache.delete(threadId);
    this._cache.set(threadId, { raw, data });
    if (this._cache.size > CACHED_THREADS) this._cache.delete(this._cache.keys().next().value as string);
    return data;
  }

  protected _commit(data: ThreadData): void {
    const { threadId } = data;
    const raw = JSON.stringify(data.toRecord());
    try {
      this._write(this._key(`thread:${threadId}`), raw);
    } catch (error) {
      // The parsed copy already holds the change that did not make it to storage.
      this._cache.delete(threadId);
      throw error;
    }
    this._cache.set(threadId, { raw, data });
    for (const adapter of [...listening]) {
      if (adapter._storage === this._storage && adapter.namespace === this.namespace) adapter._refresh(threadId);
    }
  }

  protected _reports(): Reports {
    const key = this._key('reports');
    const raw = this._read(key);
    if (raw !== null) {
      const reports = parseJson(raw, (value) =>
        isReports(value) ? value : 'not confab reports (version 1 with comments and typos lists)',
      );
      if (typeof reports !== 'string') return reports;
      this._warnOnce(key, raw, reports);
    }
    return { version: 1, comments: [], typos: [] };
  }

  private _rememberedViewerId(): string {
    const key = this._key('viewer');
    let stored: string | null = null;
    try {
      stored = this._storage.getItem(key);
    } catch {
      // Unreadable storage: a viewer id for this page's lifetime is the best there is.
    }
    if (stored !== null && VIEWER_ID.test(stored)) return stored;
    if (stored !== null) this._warnOnce(key, stored, 'not a viewer id; a new one replaces it');
    const viewerId = newId('v');
    try {
      this._storage.setItem(key, viewerId);
    } catch {
      // Not remembered: this browser gets a new identity next time, nothing worse.
    }
    return viewerId;
  }

  private _read(key: string): string | null {
    try {
      return this._storage.getItem(key);
    } catch (error) {
      throw new AdapterError('unsupported', 'This browser does not let the page read its storage.', { cause: error });
    }
  }

  private _write(key: string, value: string): void {
    try {
      this._storage.setItem(key, value);
    } catch (error) {
      if (isQuotaError(error)) {
        throw new AdapterError('too_large', 'The browser storage for comments is full; nothing was saved.', {
          cause: error,
        });
      }
      throw new AdapterError('unsupported', 'This browser does not let the page save comments.', { cause: error });
    }
  }

  private _warnOnce(key: string, raw: string, reason: string): void {
    if (this._warned.get(key) === raw) return;
    this._warned.set(key, raw);
    console.warn(
      `confab: storage key "${key}" does not hold confab data (${reason}); reading it as empty. ` +
        'It is left as is until a change is saved there.',
    );
  }
}

function parseJson<T>(raw: string, check: (value: unknown) => T | string): T | string {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return 'not valid JSON';
  }
  return check(value);
}

function isReports(value: unknown): value is Reports {
  const reports = value as Partial<Reports> | null;
  if (typeof reports !== 'object' || reports === null || reports.version !== 1) return false;
  if (!Array.isArray(reports.comments) || !Array.isArray(reports.typos)) return false;
  return reports.typos.every(
    (typo: Partial<StoredTypoReport> | null) =>
      typeof typo?.url === 'string' &&
      typeof typo.quote === 'object' &&
      typo.quote !== null &&
      Array.isArray(typo.reporters) &&
      Array.isArray(typo.comments),
  );
}

function isQuotaError(error: unknown): boolean {
  return (
    error instanceof DOMException &&
    (error.name === 'QuotaExceededError' || error.name === 'NS_ERROR_DOM_QUOTA_REACHED' || error.code === 22)
  );
}

/** `localStorage`, or a stand-in kept in memory when the page may not use it (e.g. blocked in a frame). */
function defaultStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  try {
    const storage = globalThis.localStorage;
    if (storage) return storage;
  } catch {
    // Access itself throws when storage is blocked.
  }
  console.warn('confab: localStorage is not available here; comments are kept only until the page is closed.');
  // Only what the adapter itself calls: the stand-in is private to it.
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
  };
}
