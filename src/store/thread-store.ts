import { AdapterError, type AdapterEvent, type CommentAdapter, type ListPage, type ReactionState } from '../model/adapter.js';
import { EXCLUSIVE_REACTIONS, SORT_ORDERS, type Comment, type SortOrder } from '../model/comment.js';
import { normalizeComment, normalizeCounts, normalizeReactionList } from './normalize.js';
import { LIST_KEY, PENDING_PREFIX, THREAD_REACTIONS_KEY, ThreadState, type LoadOptions, type PostInput } from './thread-state.js';

export {
  CLOSED_KEY,
  LIST_KEY,
  PENDING_PREFIX,
  THREAD_REACTIONS_KEY,
  ThreadState,
  type ListState,
  type LoadOptions,
  type LoadStatus,
  type PostInput,
  type RepliesState,
  type StoreListener,
} from './thread-state.js';

/**
 * A thread's first page as a server render embeds it for the browser (see `ThreadStore.seed`):
 * the page in the order and size it was listed, and the thread's own reactions when shown.
 */
export interface ThreadSnapshot {
  threadId: string;
  sort: SortOrder;
  pageSize: number;
  /** replies embedded per comment, as in `ListRequest.replies` */
  replies?: number;
  /** where `page` starts: absent for the first page, a `list` cursor for a further one */
  cursor?: string | null;
  page: ListPage;
  threadReactions?: ReactionState;
}

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
export class ThreadStore extends ThreadState {
  readonly adapter: CommentAdapter;
  /**
   * Where the list starts when it was seeded with a further page (a page without JavaScript
   * reached by its "Load more" link): the comments before it are not shown. null: the first page.
   */
  startCursor: string | null = null;

  private _threadReactionsLoading: Promise<void> | undefined;
  private _pageSize = 20;
  private _embeddedReplies = 3;
  private _loadController: AbortController | undefined;
  private _moreController: AbortController | undefined;
  private _unsubscribeLive: (() => void) | undefined;
  /** posts in flight, by idempotency key, so a second submit of the same key joins the first */
  private _inflightPosts = new Map<string, Promise<Comment>>();
  /** reaction writes in flight per target, serialised so responses apply in order */
  private _reactionQueue = new Map<string, Promise<unknown>>();
  private _loading: Promise<void> | undefined;
  private _more: Promise<void> | undefined;
  private _replyLoads = new Map<string, Promise<void>>();
  /**
   * The viewer's posts in flight, with live `created` events that look like them (same parent and
   * text): such an event often arrives before the post's own answer, and carries no viewer, so it
   * would show the comment twice. It waits and is applied once the post settles.
   */
  private _ownPosts = new Map<string, { parentId: string | null; body: string; events: AdapterEvent[] }>();

  constructor(adapter: CommentAdapter, threadId: string) {
    super(threadId);
    this.adapter = adapter;
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
      this.startCursor = null;
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

  /**
   * Takes a first page that was already loaded elsewhere (a server render's embedded data) as if
   * `load()` had answered it: no adapter call. Ignored once the store has loaded or is loading,
   * so data the store holds is never replaced by an older page.
   */
  seed(snapshot: ThreadSnapshot): boolean {
    if (this._list.status !== 'idle' || !snapshot || typeof snapshot !== 'object') return false;
    const page = snapshot.page;
    if (!page || typeof page !== 'object') return false;
    if (snapshot.pageSize) this._pageSize = clampPageSize(snapshot.pageSize);
    if (typeof snapshot.replies === 'number') this._embeddedReplies = Math.max(0, snapshot.replies);
    this.startCursor = typeof snapshot.cursor === 'string' && snapshot.cursor ? snapshot.cursor : null;
    const sort = SORT_ORDERS.includes(snapshot.sort) ? snapshot.sort : this._list.sort;
    const ids = this._ingestPage(page.comments, page.replies);
    this._setList({
      status: 'ready',
      error: null,
      sort,
      ids: dedupe(ids),
      nextCursor: typeof page.nextCursor === 'string' ? page.nextCursor : null,
      loadingMore: false,
      moreError: null,
      total: asCount(page.total, ids.length),
      threadTotal: asCount(page.threadTotal, ids.length),
    });
    this._setClosed(page.closed === true);
    if (snapshot.threadReactions) {
      this._threadReactions = normalizeReactionState(snapshot.threadReactions);
      this._threadReactionsLoading = Promise.resolve();
      this._markChanged(THREAD_REACTIONS_KEY);
    }
    return true;
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
        notify: input.notify,
        challenge: input.challenge,
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

  // ---- live connection -----------------------------------------------------------------------

  protected override _connectLive(): void {
    if (this._unsubscribeLive || !this.adapter.subscribe) return;
    try {
      this._unsubscribeLive = this.adapter.subscribe(this.threadId, (event) => this.applyEvent(event));
    } catch (error) {
      console.warn('confab: live updates are unavailable', error);
    }
  }

  protected override _disconnectLiveIfIdle(): void {
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


function dedupe(ids: string[]): string[] {
  return [...new Set(ids)];
}

function clampPageSize(size: number): number {
  return Number.isFinite(size) && size > 0 ? Math.min(Math.floor(size), 10_000) : 20;
}

function asCount(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
}


