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
/** Changes when the thread closes to new comments (or opens again). */
export const CLOSED_KEY = '#closed';

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
  /** the thread takes no new comments */
  closed: boolean;
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
/** Top-level pages a permalink may load to find its comment when the adapter cannot `locate`. */
const LOCATE_PAGES = 20;

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

  private _comments = new Map<string, Comment>();
  private _children = new Map<string, RepliesState>();
  private _list: ListState = {
    status: 'idle',
    error: null,
    sort: 'oldest',
    ids: [],
    nextCursor: null,
    loadingMore: false,
    moreError: null,
    total: 0,
    threadTotal: 0,
    closed: false,
  };
  private _threadReactions: ReactionState | undefined;
  private _threadReactionsLoading: Promise<void> | undefined;
  private _pageSize = 20;
  private _embeddedReplies = 3;
  private _loadController: AbortController | undefined;
  private _moreController: AbortController | undefined;
  private _listeners = new Set<StoreListener>();
  private _watchers = new Map<string, Set<() => void>>();
  private _changed = new Set<string>();
  private _flushQueued = false;
  private _unsubscribeLive: (() => void) | undefined;
  /** posts in flight, by idempotency key, so a second submit of the same key joins the first */
  private _inflightPosts = new Map<string, Promise<Comment>>();
  /** reaction writes in flight per target, serialised so responses apply in order */
  private _reactionQueue = new Map<string, Promise<unknown>>();
  private _loading: Promise<void> | undefined;
  private _more: Promise<void> | undefined;
  private _replyLoads = new Map<string, Promise<void>>();
  private _held: Comment[] = [];
  /**
   * The viewer's posts in flight, with live `created` events that look like them (same parent and
   * text): such an event often arrives before the post's own answer, and carries no viewer, so it
   * would show the comment twice. It waits and is applied once the post settles.
   */
  private _ownPosts = new Map<string, { parentId: string | null; body: string; events: AdapterEvent[] }>();

  /**
   * Asked when another reader's comment arrives live: true holds it back (see `held`) so the page
   * does not move under a reader. Once one is held, later ones queue behind it, keeping their order.
   */
  holdLive: (() => boolean) | undefined;

  constructor(adapter: CommentAdapter, threadId: string) {
    this.adapter = adapter;
    this.threadId = threadId;
  }

  // ---- reading -------------------------------------------------------------------------------

  get state(): ListState {
    return this._list;
  }

  comment(id: string): Comment | undefined {
    return this._comments.get(id);
  }

  replies(parentId: string): RepliesState {
    return this._children.get(parentId) ?? EMPTY_REPLIES;
  }

  /** Direct replies of a comment that exist but are not loaded. */
  hiddenReplyCount(parentId: string): number {
    const comment = this._comments.get(parentId);
    if (!comment) return 0;
    return Math.max(0, comment.replyCount - this.replies(parentId).ids.length);
  }

  /** Live comments of other readers waiting for `showHeld`, oldest first. */
  get held(): readonly Comment[] {
    return this._held;
  }

  /** Reactions of the thread itself (`commentId` null) or of a loaded comment. */
  reactionState(commentId: string | null): ReactionState | undefined {
    if (commentId === null) return this._threadReactions;
    const comment = this._comments.get(commentId);
    return comment ? { reactions: comment.reactions, viewer: comment.viewer?.reactions ?? [] } : undefined;
  }

  // ---- subscribing ---------------------------------------------------------------------------

  /** Every change; `changed` holds the keys that changed. Starts live events while anyone listens. */
  subscribe(listener: StoreListener): () => void {
    this._listeners.add(listener);
    this._connectLive();
    return () => {
      this._listeners.delete(listener);
      this._disconnectLiveIfIdle();
    };
  }

  /** Changes of one key only: a comment id (its data or its replies), LIST_KEY, THREAD_REACTIONS_KEY. */
  watch(key: string, listener: () => void): () => void {
    let set = this._watchers.get(key);
    if (!set) this._watchers.set(key, (set = new Set()));
    set.add(listener);
    this._connectLive();
    return () => {
      set.delete(listener);
      if (set.size === 0) this._watchers.delete(key);
      this._disconnectLiveIfIdle();
    };
  }

  // ---- loading -------------------------------------------------------------------------------

  /**
   * Loads (or reloads) the first page. A reload keeps the current list visible until the new one
   * arrives; a load started later wins over one still in flight.
   */
  load(options: LoadOptions = {}): Promise<void> {
    return (this._loading = this._load(options));
  }

  private async _load(options: LoadOptions): Promise<void> {
    if (options.pageSize) this._pageSize = clampPageSize(options.pageSize);
    if (options.replies !== undefined) this._embeddedReplies = Math.max(0, options.replies);
    const sort = options.sort ?? this._list.sort;
    this._loadController?.abort();
    this._moreController?.abort();
    const controller = (this._loadController = new AbortController());
    this._setList({ status: 'loading', error: null, sort, loadingMore: false, moreError: null });
    try {
      const page = await this.adapter.list({
        threadId: this.threadId,
        parentId: null,
        sort,
        limit: this._pageSize,
        replies: this._embeddedReplies,
        signal: controller.signal,
      });
      if (controller.signal.aborted) return;
      this._children.clear();
      // the new first page brings what was held back
      this._held = [];
      const ids = this._ingestPage(page.comments, page.replies);
      // keep comments the viewer posted that the adapter does not list yet
      const optimistic = this._list.ids.filter((id) => id.startsWith(PENDING_PREFIX));
      this._setList({
        status: 'ready',
        ids: dedupe([...(sort === 'newest' ? optimistic : []), ...ids, ...(sort === 'newest' ? [] : optimistic)]),
        nextCursor: typeof page.nextCursor === 'string' ? page.nextCursor : null,
        total: asCount(page.total, ids.length),
        threadTotal: asCount(page.threadTotal, ids.length),
      });
      this._setClosed(page.closed === true);
    } catch (error) {
      if (controller.signal.aborted) return;
      this._setList({ status: 'error', error: toAdapterError(error) });
    } finally {
      if (this._loadController === controller) this._loadController = undefined;
    }
  }

  /** Loads the next page of top-level comments. Concurrent calls share one request. */
  loadMore(): Promise<void> {
    if (!this._list.loadingMore) this._more = this._loadMore();
    return this._more!;
  }

  private async _loadMore(): Promise<void> {
    const cursor = this._list.nextCursor;
    if (!cursor || this._list.loadingMore || this._list.status !== 'ready') return;
    const controller = (this._moreController = new AbortController());
    this._setList({ loadingMore: true, moreError: null });
    try {
      const page = await this.adapter.list({
        threadId: this.threadId,
        parentId: null,
        sort: this._list.sort,
        cursor,
        limit: this._pageSize,
        replies: this._embeddedReplies,
        signal: controller.signal,
      });
      if (controller.signal.aborted) return;
      const ids = this._ingestPage(page.comments, page.replies);
      this._setList({
        loadingMore: false,
        ids: dedupe([...this._list.ids, ...ids]),
        nextCursor: typeof page.nextCursor === 'string' && page.nextCursor !== cursor ? page.nextCursor : null,
        total: asCount(page.total, this._list.total),
        threadTotal: asCount(page.threadTotal, this._list.threadTotal),
      });
    } catch (error) {
      if (controller.signal.aborted) return;
      this._setList({ loadingMore: false, moreError: toAdapterError(error) });
    }
  }

  /** Loads the next page of direct replies of one comment. Concurrent calls share one request. */
  loadReplies(parentId: string): Promise<void> {
    let loading = this._replyLoads.get(parentId);
    if (!loading) {
      loading = this._loadReplies(parentId).finally(() => this._replyLoads.delete(parentId));
      this._replyLoads.set(parentId, loading);
    }
    return loading;
  }

  private async _loadReplies(parentId: string): Promise<void> {
    const current = this.replies(parentId);
    this._setReplies(parentId, { ...current, loading: true, error: null });
    try {
      const page = await this.adapter.list({
        threadId: this.threadId,
        parentId,
        cursor: current.nextCursor,
        limit: this._pageSize,
        replies: this._embeddedReplies,
      });
      const ids = this._ingestPage(page.comments, page.replies, parentId);
      const latest = this.replies(parentId);
      const nextCursor = typeof page.nextCursor === 'string' ? page.nextCursor : null;
      this._setReplies(parentId, {
        ids: dedupe([...latest.ids, ...ids]),
        nextCursor,
        loading: false,
        error: null,
      });
      const parent = this._comments.get(parentId);
      const total = asCount(page.total, -1);
      if (parent && total >= 0 && total !== parent.replyCount) this._putComment({ ...parent, replyCount: total });
    } catch (error) {
      this._setReplies(parentId, { ...this.replies(parentId), loading: false, error: toAdapterError(error) });
    }
  }

  /**
   * Loads whatever it takes to put a comment in the tree, for a permalink: with the adapter's
   * `locate`, the top-level pages up to its top-level ancestor, then the replies of each ancestor
   * down to it; without, up to LOCATE_PAGES top-level pages. Resolves false when the comment is not
   * there for this viewer (unknown, deleted, hidden); throws a load failure.
   */
  async locate(commentId: string, signal?: AbortSignal): Promise<boolean> {
    const step = async (work?: Promise<void>): Promise<void> => {
      await work;
      if (signal?.aborted) throw new AdapterError('aborted', 'The request was cancelled.');
      while (this._list.status === 'loading') await this._loading;
      if (this._list.status === 'error') throw this._list.error;
    };
    // asked while the first page loads: one round trip less
    const located = this.adapter.locate?.({ threadId: this.threadId, commentId, signal });
    located?.catch(() => undefined);
    // a first page that failed to load is asked again: locating is often what a retry calls
    if (this._list.status === 'idle' || this._list.status === 'error') await this.load();
    await step();
    let chain: string[] | undefined;
    if (located) {
      try {
        const found = await located;
        chain = (Array.isArray(found) ? found : []).map((raw) => normalizeComment(raw, this.threadId)?.id ?? '');
      } catch (error) {
        const failure = toAdapterError(error);
        if (failure.code === 'not_found') return false;
        throw failure;
      }
      if (chain.at(-1) !== commentId) throw new AdapterError('server', 'The server answered with another comment.');
    }
    const top = chain?.[0];
    for (let pages = 0; !(top ? this._list.ids.includes(top) : this._inTree(commentId)); pages++) {
      if (!this._list.nextCursor || (!top && pages >= LOCATE_PAGES)) return false;
      await step(this.loadMore());
      if (this._list.moreError) throw this._list.moreError;
    }
    for (let i = 1; chain && i < chain.length; i++) {
      const parentId = chain[i - 1];
      for (let pages = 0; !this.replies(parentId).ids.includes(chain[i]); pages++) {
        // the first round loads even without a cursor: embedded replies leave none
        if (pages > 0 && !this.replies(parentId).nextCursor) return false;
        await step(this.loadReplies(parentId));
        const error = this.replies(parentId).error;
        if (error) throw error;
      }
    }
    return this._inTree(commentId);
  }

  /**
   * Shows the live comments held back (see `holdLive`), in the order they came. Returns their
   * ids, so the element can take the reader to the first.
   */
  showHeld(): string[] {
    const held = this._held;
    this._held = [];
    for (const comment of held) this._insertComment(comment);
    this._markChanged(LIST_KEY);
    return held.map((comment) => comment.id);
  }

  /** Loads the reactions of the thread itself once; later calls reuse the result. */
  loadThreadReactions(force = false): Promise<void> {
    if (this._threadReactionsLoading && !force) return this._threadReactionsLoading;
    const loading = this.adapter
      .getReactions({ threadId: this.threadId, commentId: null })
      .then((state) => {
        this._threadReactions = normalizeReactionState(state);
        this._markChanged(THREAD_REACTIONS_KEY);
      })
      .catch((error: unknown) => {
        this._threadReactionsLoading = undefined;
        throw toAdapterError(error);
      });
    this._threadReactionsLoading = loading;
    return loading;
  }

  // ---- writing -------------------------------------------------------------------------------

  /**
   * Posts a comment, showing it at once. On failure the optimistic copy is removed and the error
   * thrown (the form keeps the text). Posting again with the same key while one is in flight joins
   * it instead of sending twice.
   */
  post(input: PostInput): Promise<Comment> {
    const inflight = this._inflightPosts.get(input.idempotencyKey);
    if (inflight) return inflight;
    const promise = this._sendPost(input).finally(() => this._inflightPosts.delete(input.idempotencyKey));
    this._inflightPosts.set(input.idempotencyKey, promise);
    return promise;
  }

  private async _sendPost(input: PostInput): Promise<Comment> {
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
    this._insertComment(optimistic);
    const own = { parentId: input.parentId, body: input.body.trim(), events: [] as AdapterEvent[] };
    this._ownPosts.set(input.idempotencyKey, own);
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
      this._removeComment(tempId, false);
      if (!comment) throw new AdapterError('server', 'The server answered without a comment.');
      this._insertComment(comment);
      return comment;
    } catch (error) {
      this._removeComment(tempId, false);
      const failure = toAdapterError(error);
      // The thread closed since it was loaded: every form of it says so from now on.
      if (failure.code === 'forbidden' && failure.field === 'closed') this._setClosed(true);
      throw failure;
    } finally {
      // after a failure too: the server may have saved the comment and lost only the answer
      this._ownPosts.delete(input.idempotencyKey);
      for (const event of own.events) this.applyEvent(event);
    }
  }

  async edit(commentId: string, body: string): Promise<Comment> {
    if (!this.adapter.edit) throw new AdapterError('unsupported', 'Editing is not supported here.');
    const current = this._comments.get(commentId);
    const saved = await this.adapter.edit({
      threadId: this.threadId,
      commentId,
      body,
      expectedEditedAt: current ? current.editedAt ?? current.createdAt : null,
    });
    const comment = normalizeComment(saved, this.threadId);
    if (comment) this._putComment(comment);
    return comment ?? (current as Comment);
  }

  async remove(commentId: string): Promise<void> {
    if (!this.adapter.delete) throw new AdapterError('unsupported', 'Deleting is not supported here.');
    const placeholder = await this.adapter.delete({ threadId: this.threadId, commentId });
    this._applyDeletion(commentId, placeholder);
  }

  /**
   * Sets or clears one reaction of the viewer, optimistically; like and dislike exclude each other.
   * On failure the previous counts come back and the error is thrown.
   */
  async react(commentId: string | null, reaction: string, active: boolean): Promise<void> {
    const before = this.reactionState(commentId);
    if (!before) throw new AdapterError('not_found', 'Nothing to react to.');
    this._applyReactions(commentId, optimisticReactions(before, reaction, active));
    const key = commentId ?? THREAD_REACTIONS_KEY;
    const previous = this._reactionQueue.get(key) ?? Promise.resolve();
    const request = previous
      .catch(() => undefined)
      .then(() => this.adapter.react({ threadId: this.threadId, commentId, reaction, active }));
    this._reactionQueue.set(key, request);
    try {
      const state = normalizeReactionState(await request);
      if (this._reactionQueue.get(key) === request) this._applyReactions(commentId, state);
    } catch (error) {
      if (this._reactionQueue.get(key) === request) this._applyReactions(commentId, before);
      throw toAdapterError(error);
    } finally {
      if (this._reactionQueue.get(key) === request) this._reactionQueue.delete(key);
    }
  }

  // ---- live events ---------------------------------------------------------------------------

  /** Applies a live event (from the adapter's subscription, or another element). */
  applyEvent(event: AdapterEvent): void {
    switch (event?.type) {
      case 'created': {
        const comment = normalizeComment(event.comment, this.threadId);
        if (!comment || comment.threadId !== this.threadId) break;
        const own = this._comments.has(comment.id)
          ? undefined
          : [...this._ownPosts.values()].find((post) => post.parentId === comment.parentId && post.body === comment.body.trim());
        if (own) own.events.push(event);
        else if (this._holds(comment)) {
          this._held = [...this._held, comment];
          this._markChanged(LIST_KEY);
        } else {
          this._insertComment(comment);
        }
        break;
      }
      case 'edited': {
        const comment = normalizeComment(event.comment, this.threadId);
        const held = comment ? this._held.findIndex((other) => other.id === comment.id) : -1;
        if (held >= 0) this._held = this._held.with(held, comment!);
        else if (comment && this._comments.has(comment.id)) {
          const known = this._comments.get(comment.id)!;
          // an event carries no viewer: keep what this viewer may do
          this._putComment({ ...comment, viewer: comment.viewer ?? known.viewer });
        }
        break;
      }
      case 'deleted':
        if (typeof event.commentId === 'string') {
          this._dropHeld(event.commentId);
          this._applyDeletion(event.commentId, event.placeholder);
        }
        break;
      case 'reactions': {
        // While the viewer's own write to this target is in flight, its answer brings the latest
        // counts; an event from an earlier write would undo the optimistic ones in the meantime.
        if (this._reactionQueue.has(event.commentId ?? THREAD_REACTIONS_KEY)) break;
        const counts = normalizeCounts(event.reactions);
        if (event.commentId === null) {
          if (this._threadReactions) this._applyReactions(null, { ...this._threadReactions, reactions: counts });
        } else if (typeof event.commentId === 'string' && this._comments.has(event.commentId)) {
          const comment = this._comments.get(event.commentId)!;
          this._putComment({ ...comment, reactions: counts });
        }
        break;
      }
      case 'reset':
        // Missed events cannot be replayed: the first page again, with the same sort and size.
        // `load` keeps the viewer's own posts still in flight.
        if (event.threadId === this.threadId && this._list.status !== 'idle') void this.load();
        break;
    }
  }

  /** Stops live events and in-flight loads; the store can be used again afterwards. */
  dispose(): void {
    this._loadController?.abort();
    this._moreController?.abort();
    this._unsubscribeLive?.();
    this._unsubscribeLive = undefined;
  }

  // ---- internals -----------------------------------------------------------------------------

  /**
   * Adds one page of comments (and embedded replies) to the normalized map and the tree. Returns
   * the ids of the page's comments, deduplicated, in order. `parentId` is the comment whose
   * replies these are (undefined for top-level pages).
   */
  private _ingestPage(rawComments: unknown, rawReplies: unknown, parentId?: string): string[] {
    const ids: string[] = [];
    const seen = new Set<string>();
    for (const raw of Array.isArray(rawComments) ? rawComments : []) {
      const comment = normalizeComment(raw, this.threadId);
      if (!comment || seen.has(comment.id)) continue;
      seen.add(comment.id);
      // a page item keeps its place on this level whatever its parentId says
      this._comments.set(comment.id, parentId === undefined ? comment : { ...comment, parentId });
      ids.push(comment.id);
      this._markChanged(comment.id);
    }
    const embedded: Comment[] = [];
    for (const raw of Array.isArray(rawReplies) ? rawReplies : []) {
      const reply = normalizeComment(raw, this.threadId);
      if (!reply || seen.has(reply.id) || this._comments.has(reply.id) || reply.parentId === null) continue;
      seen.add(reply.id);
      this._comments.set(reply.id, reply);
      embedded.push(reply);
    }
    // Embedded replies are oldest first under each parent, like paged replies.
    embedded.sort((a, b) => compareOldest(a, b));
    for (const reply of embedded) {
      const parent = reply.parentId!;
      if (!this._comments.has(parent) || this._createsCycle(reply.id, parent)) {
        // an orphan or a cycle cannot be placed in the tree: it is not shown
        this._comments.delete(reply.id);
        continue;
      }
      const siblings = this.replies(parent);
      this._setReplies(parent, { ...siblings, ids: [...siblings.ids, reply.id] });
      this._markChanged(reply.id);
    }
    // Replies that were listed (not embedded) keep their cursor from loadReplies; embedded ones can
    // be continued with the adapter's first replies page, deduplicated by id.
    return ids;
  }

  /**
   * Whether a live comment waits behind "N new comments": one that would appear on screen (on
   * the loaded list, or under a loaded or held comment), not the viewer's own, while the element
   * asks to hold or others already wait.
   */
  private _holds(comment: Comment): boolean {
    if (this._comments.has(comment.id) || comment.viewer?.canEdit || !(this._held.length > 0 || this.holdLive?.())) return false;
    const parentId = comment.parentId;
    if (parentId === null) return this._list.sort === 'newest' || this._list.nextCursor === null;
    return this._comments.has(parentId) || this._held.some((other) => other.id === parentId);
  }

  private _dropHeld(id: string): void {
    const held = this._held.filter((comment) => comment.id !== id);
    if (held.length !== this._held.length) {
      this._held = held;
      this._markChanged(LIST_KEY);
    }
  }

  /** Whether a comment can be shown: it and every ancestor listed where they belong. */
  private _inTree(id: string): boolean {
    for (let steps = 0; steps < 10_000; steps++) {
      const parentId = this._comments.get(id)?.parentId;
      if (parentId === undefined) return false;
      if (parentId === null) return this._list.ids.includes(id);
      if (!this.replies(parentId).ids.includes(id)) return false;
      id = parentId;
    }
    return false;
  }

  /** Whether making `parentId` the parent of `id` would put `id` among its own ancestors. */
  private _createsCycle(id: string, parentId: string): boolean {
    let current: string | null = parentId;
    for (let steps = 0; current !== null && steps < 10_000; steps++) {
      if (current === id) return true;
      current = this._comments.get(current)?.parentId ?? null;
    }
    return current !== null;
  }

  /** Inserts a new comment (posted here or live) where it belongs, once. */
  private _insertComment(comment: Comment): void {
    // the viewer's own post, whose live event came first and was held
    this._dropHeld(comment.id);
    const known = this._comments.has(comment.id);
    this._comments.set(comment.id, known ? { ...comment, viewer: comment.viewer ?? this._comments.get(comment.id)!.viewer } : comment);
    this._markChanged(comment.id);
    if (known) return;
    const visible = comment.status !== 'deleted';
    if (comment.parentId === null) {
      const ids = this._list.ids;
      const atTop = this._list.sort === 'newest';
      // In oldest/top order a new comment belongs after the loaded pages; while more pages remain
      // it will arrive with them, except the viewer's own, which is shown at once.
      const show = atTop || this._list.nextCursor === null || comment.id.startsWith(PENDING_PREFIX) || Boolean(comment.viewer?.canEdit);
      const pending = comment.id.startsWith(PENDING_PREFIX);
      this._setList({
        ids: show ? (atTop ? [comment.id, ...ids] : [...ids, comment.id]) : ids,
        total: this._list.total + (visible && !pending ? 1 : 0),
        threadTotal: this._list.threadTotal + (visible && !pending ? 1 : 0),
      });
      return;
    }
    const parent = this._comments.get(comment.parentId);
    if (!parent) {
      if (!comment.id.startsWith(PENDING_PREFIX)) this._setList({ threadTotal: this._list.threadTotal + 1 });
      return;
    }
    const siblings = this.replies(comment.parentId);
    this._setReplies(comment.parentId, { ...siblings, ids: [...siblings.ids, comment.id] });
    if (!comment.id.startsWith(PENDING_PREFIX)) {
      this._putComment({ ...parent, replyCount: parent.replyCount + 1 });
      this._setList({ threadTotal: this._list.threadTotal + (visible ? 1 : 0) });
    }
  }

  /** Takes a comment out of the tree; `counted` says whether totals included it. */
  private _removeComment(id: string, counted: boolean): void {
    const comment = this._comments.get(id);
    if (!comment) return;
    this._comments.delete(id);
    this._markChanged(id);
    if (comment.parentId === null || !this._children.has(comment.parentId)) {
      if (this._list.ids.includes(id)) {
        this._setList({
          ids: this._list.ids.filter((other) => other !== id),
          total: Math.max(0, this._list.total - (counted ? 1 : 0)),
        });
      }
    }
    if (comment.parentId !== null) {
      const siblings = this._children.get(comment.parentId);
      if (siblings) this._setReplies(comment.parentId, { ...siblings, ids: siblings.ids.filter((other) => other !== id) });
      const parent = this._comments.get(comment.parentId);
      if (parent && counted) this._putComment({ ...parent, replyCount: Math.max(0, parent.replyCount - 1) });
    }
    if (counted) this._setList({ threadTotal: Math.max(0, this._list.threadTotal - 1) });
  }

  private _applyDeletion(commentId: string, placeholder: Comment | null | undefined): void {
    const current = this._comments.get(commentId);
    if (!current) return;
    const kept = placeholder ? normalizeComment(placeholder, this.threadId) : null;
    const hasReplies = current.replyCount > 0 || this.replies(commentId).ids.length > 0;
    if (kept || hasReplies) {
      const wasVisible = current.status !== 'deleted';
      this._putComment({
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
      if (wasVisible) this._setList({ threadTotal: Math.max(0, this._list.threadTotal - 1) });
    } else {
      this._removeComment(commentId, current.status !== 'deleted');
    }
  }

  private _applyReactions(commentId: string | null, state: ReactionState): void {
    // the answer to an optimistic toggle is usually what is shown already: nothing to redraw
    const shown = this.reactionState(commentId);
    if (shown && sameReactions(shown, state)) return;
    if (commentId === null) {
      this._threadReactions = state;
      this._markChanged(THREAD_REACTIONS_KEY);
      return;
    }
    const comment = this._comments.get(commentId);
    if (!comment) return;
    this._putComment({
      ...comment,
      reactions: state.reactions,
      viewer: { canEdit: false, canDelete: false, ...comment.viewer, reactions: state.viewer },
    });
  }

  private _putComment(comment: Comment): void {
    this._comments.set(comment.id, comment);
    this._markChanged(comment.id);
  }

  private _setClosed(closed: boolean): void {
    if (this._list.closed === closed) return;
    this._list = { ...this._list, closed };
    this._markChanged(CLOSED_KEY);
  }

  private _setList(patch: Partial<ListState>): void {
    this._list = { ...this._list, ...patch };
    this._markChanged(LIST_KEY);
  }

  private _setReplies(parentId: string, state: RepliesState): void {
    this._children.set(parentId, state);
    this._markChanged(parentId);
  }

  private _markChanged(key: string): void {
    this._changed.add(key);
    if (this._flushQueued) return;
    this._flushQueued = true;
    queueMicrotask(() => this._flush());
  }

  private _flush(): void {
    this._flushQueued = false;
    const changed = this._changed;
    this._changed = new Set();
    for (const key of changed) {
      const set = this._watchers.get(key);
      if (set) for (const listener of [...set]) safely(listener);
    }
    for (const listener of [...this._listeners]) safely(() => listener(changed));
  }

  private _connectLive(): void {
    if (this._unsubscribeLive || !this.adapter.subscribe) return;
    try {
      this._unsubscribeLive = this.adapter.subscribe(this.threadId, (event) => this.applyEvent(event));
    } catch (error) {
      console.warn('confab: live updates are unavailable', error);
    }
  }

  private _disconnectLiveIfIdle(): void {
    if (this._listeners.size > 0 || this._watchers.size > 0) return;
    this._unsubscribeLive?.();
    this._unsubscribeLive = undefined;
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

/** Whether two reaction states show the same counts (absent = 0) and the same viewer reactions. */
function sameReactions(a: ReactionState, b: ReactionState): boolean {
  for (const name of new Set([...Object.keys(a.reactions), ...Object.keys(b.reactions)])) {
    if ((a.reactions[name] ?? 0) !== (b.reactions[name] ?? 0)) return false;
  }
  return a.viewer.length === b.viewer.length && a.viewer.every((name) => b.viewer.includes(name));
}
