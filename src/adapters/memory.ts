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
import type { Author, Comment } from '../model/comment.js';
import {
  ThreadData,
  addTypoReport,
  deliver,
  hasReported,
  makeCommentReport,
  newId,
  requireThreadId,
  seedThreads,
  throwIfAborted,
  type StoredCommentReport,
  type StoredTypoReport,
  type ThreadChange,
  type ViewerContext,
} from './thread-data.js';

/** The adapter calls that `calls` counts and that failures can be injected into. */
export type AdapterMethod =
  | 'list'
  | 'post'
  | 'edit'
  | 'delete'
  | 'getReactions'
  | 'react'
  | 'count'
  | 'subscribe'
  | 'reportComment'
  | 'reportTypo';

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
class MemoryStore {
  readonly threads = new Map<string, ThreadData>();
  readonly subscribers = new Map<string, Set<{ adapter: MemoryAdapter; listener: (event: AdapterEvent) => void }>>();
  readonly commentReports: StoredCommentReport[] = [];
  readonly typoReports: StoredTypoReport[] = [];

  thread(threadId: string): ThreadData {
    let data = this.threads.get(threadId);
    if (!data) this.threads.set(threadId, (data = new ThreadData(threadId)));
    return data;
  }
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
];

/**
 * Keeps comments in memory: for demos, tests and prototypes. Beyond the `CommentAdapter` contract
 * it offers what tests of the layers above need: latency that honours `AbortSignal`, injected
 * failures (`fail`, `failNext`), call counters (`calls`), other readers (`asViewer`,
 * `simulateRemotePost`) and raw live events (`emit`).
 */
export class MemoryAdapter implements CommentAdapter {
  /** The viewer this adapter acts as. */
  readonly viewerId: string;
  /** How many times each method was called, failed calls included. */
  readonly calls: Record<AdapterMethod, number>;
  private readonly store: MemoryStore;
  private readonly latency: number | { min: number; max: number };
  private readonly failRule: FailRule | undefined;
  private readonly failCounts = new Map<AdapterMethod, number | boolean>();
  private readonly queuedFailures = new Map<AdapterMethod, AdapterError[]>();
  private readonly editWindowMs: number | undefined;

  constructor(options: MemoryAdapterOptions = {}) {
    this.viewerId = options.viewerId ?? 'viewer';
    this.latency = options.latency ?? 0;
    this.editWindowMs = options.editWindowMs;
    this.failRule = options.fail;
    if (options.fail && typeof options.fail !== 'function') {
      for (const [method, rule] of Object.entries(options.fail)) this.failCounts.set(method as AdapterMethod, rule);
    }
    this.calls = Object.fromEntries(METHODS.map((method) => [method, 0])) as Record<AdapterMethod, number>;
    const shared = (options as { [STORE]?: MemoryStore })[STORE];
    this.store = shared ?? new MemoryStore();
    if (!shared) {
      for (const data of seedThreads(options.comments ?? [], this.viewerId)) this.store.threads.set(data.threadId, data);
    }
  }

  /** Comment reports received so far (copies), for tests and an editor's view. */
  get reports(): StoredCommentReport[] {
    return structuredClone(this.store.commentReports);
  }

  /** Typo reports received so far (copies), identical ones merged with a count. */
  get typoReports(): StoredTypoReport[] {
    return structuredClone(this.store.typoReports);
  }

  /**
   * Another adapter on the same data, acting as another viewer: a second reader in tests. It has
   * its own latency, failures and counters (none unless given); live events reach both.
   */
  asViewer(viewerId: string, options: Omit<MemoryAdapterOptions, 'comments' | 'viewerId'> = {}): MemoryAdapter {
    return new MemoryAdapter({
      editWindowMs: this.editWindowMs,
      ...options,
      viewerId,
      [STORE]: this.store,
    } as MemoryAdapterOptions);
  }

  /** Makes the next call of `method` fail with `error` (a `network` error by default). Stacks. */
  failNext(method: AdapterMethod, error?: AdapterError): void {
    const queue = this.queuedFailures.get(method) ?? [];
    queue.push(error ?? networkError(method));
    this.queuedFailures.set(method, queue);
  }

  /**
   * Adds a published comment from another reader, at once (no latency, no failures) and announces
   * it to subscribers like any live comment. Returns it as that reader sees it.
   */
  simulateRemotePost(post: RemotePost): Comment {
    const author = post.author ?? { name: 'Another reader' };
    const remote = this.asViewer(author.id ?? newId('remote-'));
    const data = this.store.thread(requireThreadId(post.threadId));
    const { comment } = data.post(
      {
        threadId: post.threadId,
        parentId: post.parentId ?? null,
        body: post.body,
        author: { name: author.name, url: author.url },
        idempotencyKey: newId('k'),
      },
      remote.context(),
    );
    this.publish(data, [{ type: 'created', commentId: comment.id }]);
    return comment;
  }

  /**
   * Hands `event` to this thread's subscribers as is, without changing any data: for tests of how
   * the layers above cope with whatever a backend sends, odd events included.
   */
  emit(event: AdapterEvent): void {
    const threadId = 'comment' in event ? event.comment?.threadId : event.threadId;
    for (const subscriber of [...(this.store.subscribers.get(threadId) ?? [])]) {
      deliver(subscriber.listener, structuredClone(event));
    }
  }

  list(request: ListRequest): Promise<ListPage> {
    return this.call('list', request, () => this.thread(request.threadId).list(request, this.context()));
  }

  post(request: PostRequest): Promise<Comment> {
    return this.call('post', request, () => {
      const data = this.store.thread(requireThreadId(request.threadId));
      const { comment, created } = data.post(request, this.context());
      if (created) this.publish(data, [{ type: 'created', commentId: comment.id }]);
      return comment;
    });
  }

  edit(request: EditRequest): Promise<Comment> {
    return this.call('edit', request, () => {
      const data = this.thread(request.threadId);
      const comment = data.edit(request, this.context());
      this.publish(data, [{ type: 'edited', commentId: comment.id }]);
      return comment;
    });
  }

  delete(request: DeleteRequest): Promise<Comment | null> {
    return this.call('delete', request, () => {
      const data = this.thread(request.threadId);
      const { placeholder, removed } = data.delete(request.commentId, this.context());
      const gone = placeholder ? [request.commentId] : removed;
      this.publish(
        data,
        gone.map((commentId): ThreadChange => ({ type: 'deleted', commentId })),
      );
      return placeholder;
    });
  }

  getReactions(request: ReactionTarget & { signal?: AbortSignal }): Promise<ReactionState> {
    return this.call('getReactions', request, () =>
      this.thread(request.threadId).getReactions(request.commentId ?? null, this.context()),
    );
  }

  react(request: ReactRequest): Promise<ReactionState> {
    return this.call('react', request, () => {
      const data = this.store.thread(requireThreadId(request.threadId));
      const { state, changed } = data.react({ ...request, commentId: request.commentId ?? null }, this.context());
      if (changed) this.publish(data, [{ type: 'reactions', commentId: request.commentId ?? null }]);
      return state;
    });
  }

  count(threadIds: string[], options: { signal?: AbortSignal } = {}): Promise<Record<string, number>> {
    return this.call('count', options, () => {
      const counts: Record<string, number> = {};
      for (const threadId of threadIds) counts[threadId] = this.thread(threadId).visibleTotal(this.viewerId);
      return counts;
    });
  }

  /** Live events of a thread, from this adapter, `asViewer` adapters and `simulateRemotePost`. */
  subscribe(threadId: string, listener: (event: AdapterEvent) => void): () => void {
    this.calls.subscribe += 1;
    const entry = { adapter: this as MemoryAdapter, listener };
    let subscribers = this.store.subscribers.get(threadId);
    if (!subscribers) this.store.subscribers.set(threadId, (subscribers = new Set()));
    subscribers.add(entry);
    return () => {
      subscribers.delete(entry);
      if (subscribers.size === 0 && this.store.subscribers.get(threadId) === subscribers) {
        this.store.subscribers.delete(threadId);
      }
    };
  }

  reportComment(request: ReportCommentRequest): Promise<void> {
    return this.call('reportComment', request, () => {
      const context = this.context();
      const exists = this.thread(request.threadId).get(request.commentId, context) !== undefined;
      const report = makeCommentReport(request, exists, this.viewerId, context.now);
      if (!hasReported(this.store.commentReports, report)) this.store.commentReports.push(report);
    });
  }

  reportTypo(request: TypoReportRequest): Promise<TypoReportResult> {
    return this.call('reportTypo', request, () =>
      addTypoReport(this.store.typoReports, request, this.viewerId, Date.now()),
    );
  }

  /** The viewer and the time a request is judged by. */
  private context(): ViewerContext {
    return { viewerId: this.viewerId, editWindowMs: this.editWindowMs, now: Date.now() };
  }

  /** A thread to read (or an empty one for an unknown id, not stored until something is written). */
  private thread(threadId: string): ThreadData {
    requireThreadId(threadId);
    return this.store.threads.get(threadId) ?? new ThreadData(threadId);
  }

  private publish(data: ThreadData, changes: ThreadChange[]): void {
    const subscribers = this.store.subscribers.get(data.threadId);
    if (!subscribers) return;
    for (const change of changes) {
      for (const { adapter, listener } of [...subscribers]) {
        const event = data.toEvent(change, adapter.context());
        if (event) deliver(listener, event);
      }
    }
  }

  /** Counts the call, waits the latency (abortable), applies injected failures, then runs `operation`. */
  private async call<T>(
    method: AdapterMethod,
    request: { signal?: AbortSignal } | undefined,
    operation: () => T,
  ): Promise<T> {
    this.calls[method] += 1;
    const signal = request?.signal;
    throwIfAborted(signal);
    await this.wait(signal);
    const failure = this.takeFailure(method, request);
    if (failure) throw failure;
    return operation();
  }

  private takeFailure(method: AdapterMethod, request: unknown): AdapterError | undefined {
    const queued = this.queuedFailures.get(method)?.shift();
    if (queued) return queued;
    if (typeof this.failRule === 'function') return this.failRule(method, request);
    const rule = this.failCounts.get(method);
    if (rule === true) return networkError(method);
    if (typeof rule === 'number' && rule > 0) {
      this.failCounts.set(method, rule - 1);
      return networkError(method);
    }
    return undefined;
  }

  private wait(signal: AbortSignal | undefined): Promise<void> {
    const { latency } = this;
    const ms =
      typeof latency === 'number' ? latency : latency.min + Math.random() * Math.max(0, latency.max - latency.min);
    if (!(ms > 0)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(new AdapterError('aborted', 'The request was cancelled.', { cause: signal?.reason }));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

function networkError(method: AdapterMethod): AdapterError {
  return new AdapterError('network', `Could not reach the comments service (simulated failure of ${method}).`);
}
