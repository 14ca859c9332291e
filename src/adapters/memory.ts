import { AdapterError, type AdapterEvent } from '../model/adapter.js';
import type { Author, Comment } from '../model/comment.js';
import { sleep, throwIfAborted } from './abort.js';
import { InProcessAdapter, type AdapterMethod, type StoredReports } from './in-process.js';
import { ThreadData, seedThreads } from './thread-data.js';
import { deliver, newId, requireThreadId, type ThreadChange } from './thread-rules.js';

export type { AdapterMethod } from './in-process.js';

/**
 * Which calls fail. Per method: a number fails that many next calls, `true` fails every call. Or a
 * function that returns the error to throw (or undefined to let the call through).
 */
export type FailRule =
  | Partial<Record<AdapterMethod, number | boolean>>
  | ((method: AdapterMethod, request: unknown) => AdapterError | undefined);

export interface MemoryAdapterOptions {
  /** Seed comments, kept as given (ids, times, counts); `viewer.reactions` become this viewer's. */
  comments?: Comment[];
  /** Delay of every call in ms, fixed or random between `min` and `max`. Default 0. */
  latency?: number | { min: number; max: number };
  /** Injected failures (see `FailRule`); failed calls throw a `network` AdapterError. */
  fail?: FailRule;
  /** Who the adapter acts as: author id of its posts, owner of its reactions. Default `viewer`. */
  viewerId?: string;
  /** How long after posting an author may edit or delete. Default: no limit. */
  editWindowMs?: number;
}

/** One remote reader's comment for `simulateRemotePost`. */
export interface RemotePost {
  threadId: string;
  parentId?: string | null;
  body: string;
  author?: Author;
}

/** Data shared by every adapter made from one another with `asViewer`. */
interface MemoryStore {
  threads: Map<string, ThreadData>;
  subscribers: Map<string, Set<{ adapter: MemoryAdapter; listener: (event: AdapterEvent) => void }>>;
  reports: StoredReports;
}

const STORE = Symbol('store');
const METHODS: readonly AdapterMethod[] = [
  'list',
  'post',
  'edit',
  'delete',
  'getReactions',
  'react',
  'count',
  'subscribe',
  'reportComment',
  'reportTypo',
  'locate',
];

/**
 * Keeps comments in memory: for demos, tests and prototypes. Beyond the `CommentAdapter` contract
 * it offers what tests of the layers above need: latency that honours `AbortSignal`, injected
 * failures (`fail`, `failNext`), call counters (`calls`), other readers (`asViewer`,
 * `simulateRemotePost`) and raw live events (`emit`).
 */
export class MemoryAdapter extends InProcessAdapter {
  /** The viewer this adapter acts as. */
  readonly viewerId: string;
  /** How many times each method was called, failed calls included. */
  readonly calls: Record<AdapterMethod, number>;
  private readonly _store: MemoryStore;
  private readonly _latency: number | { min: number; max: number };
  private readonly _failRule: FailRule | undefined;
  private readonly _failCounts = new Map<AdapterMethod, number | boolean>();
  private readonly _queuedFailures = new Map<AdapterMethod, AdapterError[]>();

  constructor(options: MemoryAdapterOptions = {}) {
    super();
    this.viewerId = options.viewerId ?? 'viewer';
    this._latency = options.latency ?? 0;
    this._editWindowMs = options.editWindowMs;
    this._failRule = options.fail;
    if (options.fail && typeof options.fail !== 'function') {
      for (const [method, rule] of Object.entries(options.fail)) this._failCounts.set(method as AdapterMethod, rule);
    }
    this.calls = Object.fromEntries(METHODS.map((method) => [method, 0])) as Record<AdapterMethod, number>;
    const shared = (options as { [STORE]?: MemoryStore })[STORE];
    this._store = shared ?? { threads: new Map(), subscribers: new Map(), reports: { comments: [], typos: [] } };
    if (!shared) {
      for (const data of seedThreads(options.comments ?? [], this.viewerId)) this._store.threads.set(data.threadId, data);
    }
  }

  /**
   * Another adapter on the same data, acting as another viewer: a second reader in tests. It has
   * its own latency, failures and counters (none unless given); live events reach both.
   */
  asViewer(viewerId: string, options: Omit<MemoryAdapterOptions, 'comments' | 'viewerId'> = {}): MemoryAdapter {
    return new MemoryAdapter({
      editWindowMs: this._editWindowMs,
      ...options,
      viewerId,
      [STORE]: this._store,
    } as MemoryAdapterOptions);
  }

  /** Makes the next call of `method` fail with `error` (a `network` error by default). Stacks. */
  failNext(method: AdapterMethod, error?: AdapterError): void {
    const queue = this._queuedFailures.get(method) ?? [];
    queue.push(error ?? networkError(method));
    this._queuedFailures.set(method, queue);
  }

  /**
   * Adds a published comment from another reader, at once (no latency, no failures) and announces
   * it to subscribers like any live comment. Returns it as that reader sees it.
   */
  simulateRemotePost(post: RemotePost): Comment {
    const author = post.author ?? { name: 'Another reader' };
    const remote = this.asViewer(author.id ?? newId('remote-'));
    const data = this._thread(requireThreadId(post.threadId));
    const { comment } = data.post(
      {
        threadId: post.threadId,
        parentId: post.parentId ?? null,
        body: post.body,
        author: { name: author.name, url: author.url },
        idempotencyKey: newId('k'),
      },
      remote._context(),
    );
    this._commit(data, [{ type: 'created', commentId: comment.id }]);
    return comment;
  }

  /**
   * Hands `event` to this thread's subscribers as is, without changing any data: for tests of how
   * the layers above cope with whatever a backend sends, odd events included.
   */
  emit(event: AdapterEvent): void {
    const threadId = 'comment' in event ? event.comment?.threadId : event.threadId;
    for (const subscriber of [...(this._store.subscribers.get(threadId) ?? [])]) {
      deliver(subscriber.listener, structuredClone(event));
    }
  }

  /** Live events of a thread, from this adapter, `asViewer` adapters and `simulateRemotePost`. */
  subscribe(threadId: string, listener: (event: AdapterEvent) => void): () => void {
    this.calls.subscribe += 1;
    const entry = { adapter: this as MemoryAdapter, listener };
    let subscribers = this._store.subscribers.get(threadId);
    if (!subscribers) this._store.subscribers.set(threadId, (subscribers = new Set()));
    subscribers.add(entry);
    return () => {
      subscribers.delete(entry);
      if (subscribers.size === 0 && this._store.subscribers.get(threadId) === subscribers) {
        this._store.subscribers.delete(threadId);
      }
    };
  }

  /** An unknown thread is kept only once something is written to it. */
  protected _thread(threadId: string): ThreadData {
    return this._store.threads.get(threadId) ?? new ThreadData(threadId);
  }

  protected _commit(data: ThreadData, changes: ThreadChange[]): void {
    this._store.threads.set(data.threadId, data);
    this._publish(data, changes);
  }

  protected _reports(): StoredReports {
    return this._store.reports;
  }

  private _publish(data: ThreadData, changes: ThreadChange[]): void {
    const subscribers = this._store.subscribers.get(data.threadId);
    if (!subscribers) return;
    for (const change of changes) {
      for (const { adapter, listener } of [...subscribers]) {
        const event = data.toEvent(change, adapter._context());
        if (event) deliver(listener, event);
      }
    }
  }

  /** Counts the call, waits the latency (abortable), applies injected failures, then runs `operation`. */
  protected async _run<T>(
    method: AdapterMethod,
    request: { signal?: AbortSignal } | undefined,
    operation: () => T,
  ): Promise<T> {
    this.calls[method] += 1;
    const signal = request?.signal;
    throwIfAborted(signal);
    await this._wait(signal);
    const failure = this._takeFailure(method, request);
    if (failure) throw failure;
    return operation();
  }

  private _takeFailure(method: AdapterMethod, request: unknown): AdapterError | undefined {
    const queued = this._queuedFailures.get(method)?.shift();
    if (queued) return queued;
    if (typeof this._failRule === 'function') return this._failRule(method, request);
    const rule = this._failCounts.get(method);
    if (rule === true) return networkError(method);
    if (typeof rule === 'number' && rule > 0) {
      this._failCounts.set(method, rule - 1);
      return networkError(method);
    }
    return undefined;
  }

  private _wait(signal: AbortSignal | undefined): Promise<void> {
    const { _latency } = this;
    const ms =
      typeof _latency === 'number' ? _latency : _latency.min + Math.random() * Math.max(0, _latency.max - _latency.min);
    return ms > 0 ? sleep(ms, signal) : Promise.resolve();
  }
}

function networkError(method: AdapterMethod): AdapterError {
  return new AdapterError('network', `Could not reach the comments service (simulated failure of ${method}).`);
}
