import {
  AdapterError,
  type AdapterEvent,
  type CommentAdapter,
  type PostRequest,
  type ReactionState,
} from '../model/adapter.js';
import { EXCLUSIVE_REACTIONS, type Comment, type SortOrder } from '../model/comment.js';
import { normalizeComment, normalizeCounts, normalizeReactionList } from './normalize.js';

/** Keys a listener can watch besides comment ids. */
export const LIST_KEY = '#list';
export const THREAD_REACTIONS_KEY = '#reactions';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** State of the top-level list of a thread. */
export interface ListState {
  status: LoadStatus;
  error: AdapterError | null;
  sort: SortOrder;
  /** top-level comment ids in display order, each once */
  ids: readonly string[];
  nextCursor: string | null;
  loadingMore: boolean;
  moreError: AdapterError | null;
  /** top-level comments in the thread (loaded or not) */
  total: number;
  /** visible comments of the whole thread, all levels */
  threadTotal: number;
}

/** Loaded direct replies of one comment. */
export interface RepliesState {
  ids: readonly string[];
  /** null when every reply is loaded, or replies were never listed through the adapter */
  nextCursor: string | null;
  loading: boolean;
  error: AdapterError | null;
}

export interface LoadOptions {
  sort?: SortOrder;
  pageSize?: number;
  /** replies to embed per comment, recursively, on each page */
  replies?: number;
}

export interface PostInput {
  parentId: string | null;
  body: string;
  author: PostRequest['author'];
  idempotencyKey: string;
  honeypot?: string;
}

export type StoreListener = (changed: ReadonlySet<string>) => void;

const EMPTY_REPLIES: RepliesState = Object.freeze({
  ids: Object.freeze([]) as readonly string[],
  nextCursor: null,
  loading: false,
  error: null,
});

const PENDING_PREFIX = 'pending:';

/**
 * The state of one thread on one adapter, shared by every element of the page that shows it:
 * normalized comments, the reply tree, pagination, optimistic posts and reactions with rollback,
 * and live events merged without duplicates. Get it with `getThreadStore(adapter, threadId)`.
 *
 * Changes are announced per key (a comment id, `LIST_KEY`, `THREAD_REACTIONS_KEY`) so that an
 * element re-renders only for what concerns it; notifications are batched per microtask.
 */
export class ThreadStore {
  readonly adapter: CommentAdapter;
  readonly threadId: string;

  private comments = new Map<string, Comment>();
  private children = new Map<string, RepliesState>();
  private list: ListState = {
    status: 'idle',
    error: null,
    sort: 'oldest',
    ids: [],
    nextCursor: null,
    loadingMore: false,
    moreError: null,
    total: 0,
    threadTotal: 0,
  };
  private threadReactions: ReactionState | undefined;
  private threadReactionsLoading: Promise<void> | undefined;
  private pageSize = 20;
  private embeddedReplies = 3;
  private loadController: AbortController | undefined;
  private moreController: AbortController | undefined;
  private listeners = new Set<StoreListener>();
  private watchers = new Map<string, Set<() => void>>();
  private changed = new Set<string>();
  private flushQueued = false;
  private unsubscribeLive: (() => void) | undefined;
  /** posts in flight, by idempotency key, so a second submit of the same key joins the first */
  private inflightPosts = new Map<string, Promise<Comment>>();
  /** reaction writes in flight per target, serialised so responses apply in order */
  private reactionQueue = new Map<string, Promise<unknown>>();

  constructor(adapter: CommentAdapter, threadId: string) {
    this.adapter = adapter;
    this.threadId = threadId;
  }

  // ---- reading -------------------------------------------------------------------------------

  get state(): ListState {
    return this.list;
  }

  comment(id: string): Comment | undefined {
    return this.comments.get(id);
  }

  replies(parentId: string): RepliesState {
    return this.children.get(parentId) ?? EMPTY_REPLIES;
  }

  /** Direct replies of a comment that exist but are not loaded. */
  hiddenReplyCount(parentId: string): number {
    const comment = this.comments.get(parentId);
    if (!comment) return 0;
    return Math.max(0, comment.replyCount - this.replies(parentId).ids.length);
  }

  /** Reactions of the thread itself (`commentId` null) or of a loaded comment. */
  reactionState(commentId: string | null): ReactionState | undefined {
    if (commentId === null) return this.threadReactions;
    const comment = this.comments.get(commentId);
    return comment ? { reactions: comment.reactions, viewer: comment.viewer?.reactions ?? [] } : undefined;
  }

  // ---- subscribing ---------------------------------------------------------------------------

  /** Every change; `changed` holds the keys that changed. Starts live events while anyone listens. */
  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    this.connectLive();
    return () => {
      this.listeners.delete(listener);
      this.disconnectLiveIfIdle();
    };
  }

  /** Changes of one key only: a comment id (its data or its replies), LIST_KEY, THREAD_REACTIONS_KEY. */
  watch(key: string, listener: () => void): () => void {
    let set = this.watchers.get(key);
    if (!set) this.watchers.set(key, (set = new Set()));
    set.add(listener);
    this.connectLive();
    return () => {
      set.delete(listener);
      if (set.size === 0) this.watchers.delete(key);
      this.disconnectLiveIfIdle();
    };
  }

  // ---- loading -------------------------------------------------------------------------------

  /**
   * Loads (or reloads) the first page. A reload keeps the current list visible until the new one
   * arrives; a load started later wins over one still in flight.
   */
  async load(options: LoadOptions = {}): Promise<void> {
    if (options.pageSize) this.pageSize = clampPageSize(options.pageSize);
    if (options.replies !== undefined) this.embeddedReplies = Math.max(0, options.replies);
    const sort = options.sort ?? this.list.sort;
    this.loadController?.abort();
    this.moreController?.abort();
    const controller = (this.loadController = new AbortController());
    this.setList({ status: 'loading', error: null, sort, loadingMore: false, moreError: null });
    try {
      const page = await this.adapter.list({
        threadId: this.threadId,
        parentId: null,
        sort,
        limit: this.pageSize,
        replies: this.embeddedReplies,
        signal: controller.signal,
      });
      if (controller.signal.aborted) return;
      this.children.clear();
      const ids = this.ingestPage(page.comments, page.replies);
      // keep comments the viewer posted that the adapter does not list yet
      const optimistic = this.list.ids.filter((id) => id.startsWith(PENDING_PREFIX));
      this.setList({
        status: 'ready',
        ids: dedupe([...(sort === 'newest' ? optimistic : []), ...ids, ...(sort === 'newest' ? [] : optimistic)]),
        nextCursor: typeof page.nextCursor === 'string' ? page.nextCursor : null,
        total: asCount(page.total, ids.length),
        threadTotal: asCount(page.threadTotal, ids.length),
      });
    } catch (error) {
      if (controller.signal.aborted) return;
      this.setList({ status: 'error', error: toAdapterError(error) });
    } finally {
      if (this.loadController === controller) this.loadController = undefined;
    }
  }

  /** Loads the next page of top-level comments. Concurrent calls share one request. */
  async loadMore(): Promise<void> {
    const cursor = this.list.nextCursor;
    if (!cursor || this.list.loadingMore || this.list.status !== 'ready') return;
    const controller = (this.moreController = new AbortController());
    this.setList({ loadingMore: true, moreError: null });
    try {
      const page = await this.adapter.list({
        threadId: this.threadId,
        parentId: null,
        sort: this.list.sort,
        cursor,
        limit: this.pageSize,
        replies: this.embeddedReplies,
        signal: controller.signal,
      });
      if (controller.signal.aborted) return;
      const ids = this.ingestPage(page.comments, page.replies);
      this.setList({
        loadingMore: false,
        ids: dedupe([...this.list.ids, ...ids]),
        nextCursor: typeof page.nextCursor === 'string' && page.nextCursor !== cursor ? page.nextCursor : null,
        total: asCount(page.total, this.list.total),
        threadTotal: asCount(page.threadTotal, this.list.threadTotal),
      });
    } catch (error) {
      if (controller.signal.aborted) return;
      this.setList({ loadingMore: false, moreError: toAdapterError(error) });
    }
  }

  /** Loads the next page of direct replies of one comment. */
  async loadReplies(parentId: string): Promise<void> {
    const current = this.replies(parentId);
    if (current.loading) return;
    this.setReplies(parentId, { ...current, loading: true, error: null });
    try {
      const page = await this.adapter.list({
        threadId: this.threadId,
        parentId,
        cursor: current.nextCursor,
        limit: this.pageSize,
        replies: this.embeddedReplies,
      });
      const ids = this.ingestPage(page.comments, page.replies, parentId);
      const latest = this.replies(parentId);
      const nextCursor = typeof page.nextCursor === 'string' ? page.nextCursor : null;
      this.setReplies(parentId, {
        ids: dedupe([...latest.ids, ...ids]),
        nextCursor,
        loading: false,
        error: null,
      });
      const parent = this.comments.get(parentId);
      const total = asCount(page.total, -1);
      if (parent && total >= 0 && total !== parent.replyCount) this.putComment({ ...parent, replyCount: total });
    } catch (error) {
      this.setReplies(parentId, { ...this.replies(parentId), loading: false, error: toAdapterError(error) });
    }
  }

  /** Loads the reactions of the thread itself once; later calls reuse the result. */
  loadThreadReactions(force = false): Promise<void> {
    if (this.threadReactionsLoading && !force) return this.threadReactionsLoading;
    const loading = this.adapter
      .getReactions({ threadId: this.threadId, commentId: null })
      .then((state) => {
        this.threadReactions = normalizeReactionState(state);
        this.markChanged(THREAD_REACTIONS_KEY);
      })
      .catch((error: unknown) => {
        this.threadReactionsLoading = undefined;
        throw toAdapterError(error);
      });
    this.threadReactionsLoading = loading;
    return loading;
  }

  // ---- writing -------------------------------------------------------------------------------

  /**
   * Posts a comment, showing it at once. On failure the optimistic copy is removed and the error
   * thrown (the form keeps the text). Posting again with the same key while one is in flight joins
   * it instead of sending twice.
   */
  post(input: PostInput): Promise<Comment> {
    const inflight = this.inflightPosts.get(input.idempotencyKey);
    if (inflight) return inflight;
    const promise = this.sendPost(input).finally(() => this.inflightPosts.delete(input.idempotencyKey));
    this.inflightPosts.set(input.idempotencyKey, promise);
    return promise;
  }

  private async sendPost(input: PostInput): Promise<Comment> {
    const tempId = PENDING_PREFIX + input.idempotencyKey;
    const optimistic: Comment = {
      id: tempId,
      threadId: this.threadId,
      parentId: input.parentId,
      author: { name: input.author.name, url: input.author.url },
      body: input.body,
      createdAt: new Date().toISOString(),
      editedAt: null,
      status: 'published',
      reactions: {},
      replyCount: 0,
      viewer: { reactions: [], canEdit: false, canDelete: false },
    };
    this.insertComment(optimistic);
    try {
      const saved = await this.adapter.post({
        threadId: this.threadId,
        parentId: input.parentId,
        body: input.body,
        author: input.author,
        idempotencyKey: input.idempotencyKey,
        honeypot: input.honeypot,
      });
      const comment = normalizeComment(saved, this.threadId);
      this.removeComment(tempId, false);
      if (!comment) throw new AdapterError('server', 'The server answered without a comment.');
      this.insertComment(comment);
      return comment;
    } catch (error) {
      this.removeComment(tempId, false);
      throw toAdapterError(error);
    }
  }

  async edit(commentId: string, body: string): Promise<Comment> {
    if (!this.adapter.edit) throw new AdapterError('unsupported', 'Editing is not supported here.');
    const current = this.comments.get(commentId);
    const saved = await this.adapter.edit({
      threadId: this.threadId,
      commentId,
      body,
      expectedEditedAt: current ? current.editedAt ?? current.createdAt : null,
    });
    const comment = normalizeComment(saved, this.threadId);
    if (comment) this.putComment(comment);
    return comment ?? (current as Comment);
  }

  async remove(commentId: string): Promise<void> {
    if (!this.adapter.delete) throw new AdapterError('unsupported', 'Deleting is not supported here.');
    const placeholder = await this.adapter.delete({ threadId: this.threadId, commentId });
    this.applyDeletion(commentId, placeholder);
  }

  /**
   * Sets or clears one reaction of the viewer, optimistically; like and dislike exclude each other.
   * On failure the previous counts come back and the error is thrown.
   */
  async react(commentId: string | null, reaction: string, active: boolean): Promise<void> {
    const before = this.reactionState(commentId);
    if (!before) throw new AdapterError('not_found', 'Nothing to react to.');
    this.applyReactions(commentId, optimisticReactions(before, reaction, active));
    const key = commentId ?? THREAD_REACTIONS_KEY;
    const previous = this.reactionQueue.get(key) ?? Promise.resolve();
    const request = previous
      .catch(() => undefined)
      .then(() => this.adapter.react({ threadId: this.threadId, commentId, reaction, active }));
    this.reactionQueue.set(key, request);
    try {
      const state = normalizeReactionState(await request);
      if (this.reactionQueue.get(key) === request) this.applyReactions(commentId, state);
    } catch (error) {
      if (this.reactionQueue.get(key) === request) this.applyReactions(commentId, before);
      throw toAdapterError(error);
    } finally {
      if (this.reactionQueue.get(key) === request) this.reactionQueue.delete(key);
    }
  }

  // ---- live events ---------------------------------------------------------------------------

  /** Applies a live event (from the adapter's subscription, or another element). */
  applyEvent(event: AdapterEvent): void {
    switch (event?.type) {
      case 'created': {
        const comment = normalizeComment(event.comment, this.threadId);
        if (comment && comment.threadId === this.threadId) this.insertComment(comment);
        break;
      }
      case 'edited': {
        const comment = normalizeComment(event.comment, this.threadId);
        if (comment && this.comments.has(comment.id)) {
          const known = this.comments.get(comment.id)!;
          // an event carries no viewer: keep what this viewer may do
          this.putComment({ ...comment, viewer: comment.viewer ?? known.viewer });
        }
        break;
      }
      case 'deleted':
        if (typeof event.commentId === 'string') this.applyDeletion(event.commentId, event.placeholder);
        break;
      case 'reactions': {
        // While the viewer's own write to this target is in flight, its answer brings the latest
        // counts; an event from an earlier write would undo the optimistic ones in the meantime.
        if (this.reactionQueue.has(event.commentId ?? THREAD_REACTIONS_KEY)) break;
        const counts = normalizeCounts(event.reactions);
        if (event.commentId === null) {
          if (this.threadReactions) this.applyReactions(null, { ...this.threadReactions, reactions: counts });
        } else if (typeof event.commentId === 'string' && this.comments.has(event.commentId)) {
          const comment = this.comments.get(event.commentId)!;
          this.putComment({ ...comment, reactions: counts });
        }
        break;
      }
    }
  }

  /** Stops live events and in-flight loads; the store can be used again afterwards. */
  dispose(): void {
    this.loadController?.abort();
    this.moreController?.abort();
    this.unsubscribeLive?.();
    this.unsubscribeLive = undefined;
  }

  // ---- internals -----------------------------------------------------------------------------

  /**
   * Adds one page of comments (and embedded replies) to the normalized map and the tree. Returns
   * the ids of the page's comments, deduplicated, in order. `parentId` is the comment whose
   * replies these are (undefined for top-level pages).
   */
  private ingestPage(rawComments: unknown, rawReplies: unknown, parentId?: string): string[] {
    const ids: string[] = [];
    const seen = new Set<string>();
    for (const raw of Array.isArray(rawComments) ? rawComments : []) {
      const comment = normalizeComment(raw, this.threadId);
      if (!comment || seen.has(comment.id)) continue;
      seen.add(comment.id);
      // a page item keeps its place on this level whatever its parentId says
      this.comments.set(comment.id, parentId === undefined ? comment : { ...comment, parentId });
      ids.push(comment.id);
      this.markChanged(comment.id);
    }
    const embedded: Comment[] = [];
    for (const raw of Array.isArray(rawReplies) ? rawReplies : []) {
      const reply = normalizeComment(raw, this.threadId);
      if (!reply || seen.has(reply.id) || this.comments.has(reply.id) || reply.parentId === null) continue;
      seen.add(reply.id);
      this.comments.set(reply.id, reply);
      embedded.push(reply);
    }
    // Embedded replies are oldest first under each parent, like paged replies.
    embedded.sort((a, b) => compareOldest(a, b));
    for (const reply of embedded) {
      const parent = reply.parentId!;
      if (!this.comments.has(parent) || this.createsCycle(reply.id, parent)) {
        // an orphan or a cycle cannot be placed in the tree: it is not shown
        this.comments.delete(reply.id);
        continue;
      }
      const siblings = this.replies(parent);
      this.setReplies(parent, { ...siblings, ids: [...siblings.ids, reply.id] });
      this.markChanged(reply.id);
    }
    // Replies that were listed (not embedded) keep their cursor from loadReplies; embedded ones can
    // be continued with the adapter's first replies page, deduplicated by id.
    return ids;
  }

  /** Whether making `parentId` the parent of `id` would put `id` among its own ancestors. */
  private createsCycle(id: string, parentId: string): boolean {
    let current: string | null = parentId;
    for (let steps = 0; current !== null && steps < 10_000; steps++) {
      if (current === id) return true;
      current = this.comments.get(current)?.parentId ?? null;
    }
    return current !== null;
  }

  /** Inserts a new comment (posted here or live) where it belongs, once. */
  private insertComment(comment: Comment): void {
    const known = this.comments.has(comment.id);
    this.comments.set(comment.id, known ? { ...comment, viewer: comment.viewer ?? this.comments.get(comment.id)!.viewer } : comment);
    this.markChanged(comment.id);
    if (known) return;
    const visible = comment.status !== 'deleted';
    if (comment.parentId === null) {
      const ids = this.list.ids;
      const atTop = this.list.sort === 'newest';
      // In oldest/top order a new comment belongs after the loaded pages; while more pages remain
      // it will arrive with them, except the viewer's own, which is shown at once.
      const show = atTop || this.list.nextCursor === null || comment.id.startsWith(PENDING_PREFIX) || Boolean(comment.viewer?.canEdit);
      const pending = comment.id.startsWith(PENDING_PREFIX);
      this.setList({
        ids: show ? (atTop ? [comment.id, ...ids] : [...ids, comment.id]) : ids,
        total: this.list.total + (visible && !pending ? 1 : 0),
        threadTotal: this.list.threadTotal + (visible && !pending ? 1 : 0),
      });
      return;
    }
    const parent = this.comments.get(comment.parentId);
    if (!parent) {
      if (!comment.id.startsWith(PENDING_PREFIX)) this.setList({ threadTotal: this.list.threadTotal + 1 });
      return;
    }
    const siblings = this.replies(comment.parentId);
    this.setReplies(comment.parentId, { ...siblings, ids: [...siblings.ids, comment.id] });
    if (!comment.id.startsWith(PENDING_PREFIX)) {
      this.putComment({ ...parent, replyCount: parent.replyCount + 1 });
      this.setList({ threadTotal: this.list.threadTotal + (visible ? 1 : 0) });
    }
  }

  /** Takes a comment out of the tree; `counted` says whether totals included it. */
  private removeComment(id: string, counted: boolean): void {
    const comment = this.comments.get(id);
    if (!comment) return;
    this.comments.delete(id);
    this.markChanged(id);
    if (comment.parentId === null || !this.children.has(comment.parentId)) {
      if (this.list.ids.includes(id)) {
        this.setList({
          ids: this.list.ids.filter((other) => other !== id),
          total: Math.max(0, this.list.total - (counted ? 1 : 0)),
        });
      }
    }
    if (comment.parentId !== null) {
      const siblings = this.children.get(comment.parentId);
      if (siblings) this.setReplies(comment.parentId, { ...siblings, ids: siblings.ids.filter((other) => other !== id) });
      const parent = this.comments.get(comment.parentId);
      if (parent && counted) this.putComment({ ...parent, replyCount: Math.max(0, parent.replyCount - 1) });
    }
    if (counted) this.setList({ threadTotal: Math.max(0, this.list.threadTotal - 1) });
  }

  private applyDeletion(commentId: string, placeholder: Comment | null | undefined): void {
    const current = this.comments.get(commentId);
    if (!current) return;
    const kept = placeholder ? normalizeComment(placeholder, this.threadId) : null;
    const hasReplies = current.replyCount > 0 || this.replies(commentId).ids.length > 0;
    if (kept || hasReplies) {
      const wasVisible = current.status !== 'deleted';
      this.putComment({
        ...(kept ?? current),
        id: commentId,
        parentId: current.parentId,
        status: 'deleted',
        body: '',
        author: { name: '' },
        reactions: {},
        replyCount: Math.max(kept?.replyCount ?? 0, current.replyCount),
        viewer: { reactions: [], canEdit: false, canDelete: false },
      });
      if (wasVisible) this.setList({ threadTotal: Math.max(0, this.list.threadTotal - 1) });
    } else {
      this.removeComment(commentId, current.status !== 'deleted');
    }
  }

  private applyReactions(commentId: string | null, state: ReactionState): void {
    if (commentId === null) {
      this.threadReactions = state;
      this.markChanged(THREAD_REACTIONS_KEY);
      return;
    }
    const comment = this.comments.get(commentId);
    if (!comment) return;
    this.putComment({
      ...comment,
      reactions: state.reactions,
      viewer: { canEdit: false, canDelete: false, ...comment.viewer, reactions: state.viewer },
    });
  }

  private putComment(comment: Comment): void {
    this.comments.set(comment.id, comment);
    this.markChanged(comment.id);
  }

  private setList(patch: Partial<ListState>): void {
    this.list = { ...this.list, ...patch };
    this.markChanged(LIST_KEY);
  }

  private setReplies(parentId: string, state: RepliesState): void {
    this.children.set(parentId, state);
    this.markChanged(parentId);
  }

  private markChanged(key: string): void {
    this.changed.add(key);
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    this.flushQueued = false;
    const changed = this.changed;
    this.changed = new Set();
    for (const key of changed) {
      const set = this.watchers.get(key);
      if (set) for (const listener of [...set]) safely(listener);
    }
    for (const listener of [...this.listeners]) safely(() => listener(changed));
  }

  private connectLive(): void {
    if (this.unsubscribeLive || !this.adapter.subscribe) return;
    try {
      this.unsubscribeLive = this.adapter.subscribe(this.threadId, (event) => this.applyEvent(event));
    } catch (error) {
      console.warn('confab: live updates are unavailable', error);
    }
  }

  private disconnectLiveIfIdle(): void {
    if (this.listeners.size > 0 || this.watchers.size > 0) return;
    this.unsubscribeLive?.();
    this.unsubscribeLive = undefined;
  }
}

const stores = new WeakMap<CommentAdapter, Map<string, ThreadStore>>();

/** The one store of a thread on an adapter: every element showing that thread shares it. */
export function getThreadStore(adapter: CommentAdapter, threadId: string): ThreadStore {
  let byThread = stores.get(adapter);
  if (!byThread) stores.set(adapter, (byThread = new Map()));
  let store = byThread.get(threadId);
  if (!store) byThread.set(threadId, (store = new ThreadStore(adapter, threadId)));
  return store;
}

/** The counts after the viewer sets or clears `reaction`, honouring exclusive groups. */
export function optimisticReactions(state: ReactionState, reaction: string, active: boolean): ReactionState {
  const reactions = { ...state.reactions };
  const viewer = new Set(state.viewer);
  const bump = (name: string, delta: number) => {
    reactions[name] = Math.max(0, (reactions[name] ?? 0) + delta);
  };
  if (active && !viewer.has(reaction)) {
    for (const group of EXCLUSIVE_REACTIONS) {
      if (!group.includes(reaction)) continue;
      for (const other of group) {
        if (other !== reaction && viewer.delete(other)) bump(other, -1);
      }
    }
    viewer.add(reaction);
    bump(reaction, 1);
  } else if (!active && viewer.delete(reaction)) {
    bump(reaction, -1);
  }
  return { reactions, viewer: [...viewer] };
}

function normalizeReactionState(raw: unknown): ReactionState {
  const input = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  return { reactions: normalizeCounts(input.reactions), viewer: normalizeReactionList(input.viewer) };
}

export function toAdapterError(error: unknown): AdapterError {
  if (error instanceof AdapterError) return error;
  if (error instanceof DOMException && error.name === 'AbortError') {
    return new AdapterError('aborted', 'The request was cancelled.', { cause: error });
  }
  const message = error instanceof Error && error.message ? error.message : 'Something went wrong.';
  return new AdapterError('server', message, { cause: error });
}

function compareOldest(a: Comment, b: Comment): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function dedupe(ids: string[]): string[] {
  return [...new Set(ids)];
}

function clampPageSize(size: number): number {
  return Number.isFinite(size) && size > 0 ? Math.min(Math.floor(size), 10_000) : 20;
}

function asCount(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
}

function safely(listener: () => void): void {
  try {
    listener();
  } catch (error) {
    console.error(error);
  }
}
