import {
  AdapterError,
  type AdapterEvent,
  type CommentAdapter,
  type DeleteRequest,
  type EditRequest,
  type ListPage,
  type ListRequest,
  type PostRequest,
  type ReactionState,
  type ReactionTarget,
  type ReactRequest,
  type ReportCommentRequest,
  type TypoReportRequest,
  type TypoReportResult,
} from '../model/adapter.js';
import type { Comment } from '../model/comment.js';
import {
  ThreadData,
  addTypoReport,
  deliver,
  diffThread,
  digestThread,
  hasReported,
  makeCommentReport,
  newId,
  parseThreadRecord,
  requireThreadId,
  seedThreads,
  throwIfAborted,
  type StoredCommentReport,
  type StoredTypoReport,
  type ThreadDigest,
  type ViewerContext,
} from './thread-data.js';

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

interface Reports {
  version: 1;
  comments: StoredCommentReport[];
  typos: StoredTypoReport[];
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
export class LocalStorageAdapter implements CommentAdapter {
  /** Prefix of every key this adapter uses. */
  readonly namespace: string;
  /** The viewer this adapter acts as. */
  readonly viewerId: string;
  private readonly storage: Storage;
  private readonly editWindowMs: number | undefined;
  private readonly cache = new Map<string, { raw: string | null; data: ThreadData }>();
  private readonly warned = new Map<string, string>();
  private readonly listeners = new Map<string, Set<(event: AdapterEvent) => void>>();
  private readonly digests = new Map<string, ThreadDigest>();

  constructor(options: LocalStorageAdapterOptions = {}) {
    this.namespace = options.namespace ?? 'confab';
    this.storage = options.storage ?? defaultStorage();
    this.editWindowMs = options.editWindowMs;
    this.viewerId = options.viewerId ?? this.rememberedViewerId();
  }

  /**
   * Writes seed comments, one thread at a time. With `overwrite: false` a thread that already holds
   * comments is left alone, so a demo can seed on every load without undoing what readers wrote.
   * `viewer.reactions` of a seed become this adapter's viewer's.
   */
  seed(comments: Comment[], { overwrite = true }: { overwrite?: boolean } = {}): void {
    for (const data of seedThreads(comments, this.viewerId)) {
      if (overwrite || this.load(data.threadId).isEmpty) this.save(data);
    }
  }

  /** Comment reports kept in this browser, for an editor's view. */
  get reports(): StoredCommentReport[] {
    return this.loadReports().comments;
  }

  /** Typo reports kept in this browser, identical ones merged with a count of reporters. */
  get typoReports(): StoredTypoReport[] {
    return this.loadReports().typos;
  }

  async list(request: ListRequest): Promise<ListPage> {
    throwIfAborted(request.signal);
    return this.load(requireThreadId(request.threadId)).list(request, this.context());
  }

  async post(request: PostRequest): Promise<Comment> {
    throwIfAborted(request.signal);
    const data = this.load(requireThreadId(request.threadId));
    const { comment, created } = data.post(request, this.context());
    if (created) this.save(data);
    return comment;
  }

  async edit(request: EditRequest): Promise<Comment> {
    throwIfAborted(request.signal);
    const data = this.load(requireThreadId(request.threadId));
    const comment = data.edit(request, this.context());
    this.save(data);
    return comment;
  }

  async delete(request: DeleteRequest): Promise<Comment | null> {
    throwIfAborted(request.signal);
    const data = this.load(requireThreadId(request.threadId));
    const { placeholder } = data.delete(request.commentId, this.context());
    this.save(data);
    return placeholder;
  }

  async getReactions(request: ReactionTarget & { signal?: AbortSignal }): Promise<ReactionState> {
    throwIfAborted(request.signal);
    return this.load(requireThreadId(request.threadId)).getReactions(request.commentId ?? null, this.context());
  }

  async react(request: ReactRequest): Promise<ReactionState> {
    throwIfAborted(request.signal);
    const data = this.load(requireThreadId(request.threadId));
    const { state, changed } = data.react({ ...request, commentId: request.commentId ?? null }, this.context());
    if (changed) this.save(data);
    return state;
  }

  async count(threadIds: string[], options: { signal?: AbortSignal } = {}): Promise<Record<string, number>> {
    throwIfAborted(options.signal);
    const counts: Record<string, number> = {};
    for (const threadId of threadIds)
      counts[threadId] = this.load(requireThreadId(threadId)).visibleTotal(this.viewerId);
    return counts;
  }

  /** Live events of a thread: changes from other tabs and from other adapters on this page, and its own. */
  subscribe(threadId: string, listener: (event: AdapterEvent) => void): () => void {
    requireThreadId(threadId);
    if (this.listeners.size === 0) {
      addEventListener('storage', this.onStorage);
      listening.add(this);
    }
    let set = this.listeners.get(threadId);
    if (!set) {
      this.listeners.set(threadId, (set = new Set()));
      this.digests.set(threadId, digestThread(this.load(threadId)));
    }
    set.add(listener);
    return () => {
      if (!set.delete(listener) || set.size > 0) return;
      this.listeners.delete(threadId);
      this.digests.delete(threadId);
      if (this.listeners.size === 0) {
        removeEventListener('storage', this.onStorage);
        listening.delete(this);
      }
    };
  }

  async reportComment(request: ReportCommentRequest): Promise<void> {
    throwIfAborted(request.signal);
    const context = this.context();
    const exists = this.load(requireThreadId(request.threadId)).get(request.commentId, context) !== undefined;
    const report = makeCommentReport(request, exists, this.viewerId, context.now);
    const reports = this.loadReports();
    if (hasReported(reports.comments, report)) return;
    reports.comments.push(report);
    this.write(this.key('reports'), JSON.stringify(reports));
  }

  async reportTypo(request: TypoReportRequest): Promise<TypoReportResult> {
    throwIfAborted(request.signal);
    const reports = this.loadReports();
    const result = addTypoReport(reports.typos, request, this.viewerId, Date.now());
    this.write(this.key('reports'), JSON.stringify(reports));
    return result;
  }

  private readonly onStorage = (event: StorageEvent): void => {
    if (event.storageArea && event.storageArea !== this.storage) return;
    // A null key means the storage was cleared: every thread may have changed.
    if (event.key === null) {
      for (const threadId of [...this.listeners.keys()]) this.refresh(threadId);
      return;
    }
    const prefix = this.key('thread:');
    if (event.key.startsWith(prefix)) this.refresh(event.key.slice(prefix.length));
  };

  /** Tells this thread's subscribers what changed since they last heard. */
  private refresh(threadId: string): void {
    const set = this.listeners.get(threadId);
    const before = this.digests.get(threadId);
    if (!set || !before) return;
    const data = this.load(threadId);
    const changes = diffThread(before, data);
    this.digests.set(threadId, digestThread(data));
    const context = this.context();
    for (const change of changes) {
      const event = data.toEvent(change, context);
      if (!event) continue;
      for (const listener of [...set]) deliver(listener, structuredClone(event));
    }
  }

  private context(): ViewerContext {
    return { viewerId: this.viewerId, editWindowMs: this.editWindowMs, now: Date.now() };
  }

  private key(name: string): string {
    return `${this.namespace}:${name}`;
  }

  /** The thread as stored now; parsed again only when the stored text changed. */
  private load(threadId: string): ThreadData {
    const key = this.key(`thread:${threadId}`);
    const raw = this.read(key);
    const cached = this.cache.get(threadId);
    if (cached && cached.raw === raw) return cached.data;
    let data = new ThreadData(threadId);
    if (raw !== null) {
      const record = parseJson(raw, (value) => parseThreadRecord(value, threadId));
      if (typeof record === 'string') this.warnOnce(key, raw, record);
      else data = ThreadData.fromRecord(record);
    }
    this.cache.delete(threadId);
    this.cache.set(threadId, { raw, data });
    if (this.cache.size > CACHED_THREADS) this.cache.delete(this.cache.keys().next().value as string);
    return data;
  }

  private save(data: ThreadData): void {
    const { threadId } = data;
    const raw = JSON.stringify(data.toRecord());
    try {
      this.write(this.key(`thread:${threadId}`), raw);
    } catch (error) {
      // The parsed copy already holds the change that did not make it to storage.
      this.cache.delete(threadId);
      throw error;
    }
    this.cache.set(threadId, { raw, data });
    for (const adapter of [...listening]) {
      if (adapter.storage === this.storage && adapter.namespace === this.namespace) adapter.refresh(threadId);
    }
  }

  private loadReports(): Reports {
    const key = this.key('reports');
    const raw = this.read(key);
    if (raw === null) return { version: 1, comments: [], typos: [] };
    const reports = parseJson(raw, (value) =>
      isReports(value) ? value : 'not confab reports (version 1 with comments and typos lists)',
    );
    if (typeof reports !== 'string') return reports;
    this.warnOnce(key, raw, reports);
    return { version: 1, comments: [], typos: [] };
  }

  private rememberedViewerId(): string {
    const key = this.key('viewer');
    let stored: string | null = null;
    try {
      stored = this.storage.getItem(key);
    } catch {
      // Unreadable storage: a viewer id for this page's lifetime is the best there is.
    }
    if (stored !== null && VIEWER_ID.test(stored)) return stored;
    if (stored !== null) this.warnOnce(key, stored, 'not a viewer id; a new one replaces it');
    const viewerId = newId('v');
    try {
      this.storage.setItem(key, viewerId);
    } catch {
      // Not remembered: this browser gets a new identity next time, nothing worse.
    }
    return viewerId;
  }

  private read(key: string): string | null {
    try {
      return this.storage.getItem(key);
    } catch (error) {
      throw new AdapterError('unsupported', 'This browser does not let the page read its storage.', { cause: error });
    }
  }

  private write(key: string, value: string): void {
    try {
      this.storage.setItem(key, value);
    } catch (error) {
      if (isQuotaError(error)) {
        throw new AdapterError('too_large', 'The browser storage for comments is full; nothing was saved.', {
          cause: error,
        });
      }
      throw new AdapterError('unsupported', 'This browser does not let the page save comments.', { cause: error });
    }
  }

  private warnOnce(key: string, raw: string, reason: string): void {
    if (this.warned.get(key) === raw) return;
    this.warned.set(key, raw);
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
function defaultStorage(): Storage {
  try {
    const storage = globalThis.localStorage;
    if (storage) return storage;
  } catch {
    // Access itself throws when storage is blocked.
  }
  console.warn('confab: localStorage is not available here; comments are kept only until the page is closed.');
  return new PageStorage();
}

class PageStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }
}
