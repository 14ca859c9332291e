import type { AdapterError, PostRequest, ReactionState } from '../model/adapter.js';
import type { Comment, SortOrder } from '../model/comment.js';
import { normalizeComment } from './normalize.js';

/** Keys a listener can watch besides comment ids. */
export const LIST_KEY = '#list';
/** Changes when the thread closes to new comments (or opens again). */
export const CLOSED_KEY = '#closed';
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
  notify?: boolean;
  challenge?: string;
}

export type StoreListener = (changed: ReadonlySet<string>) => void;

const EMPTY_REPLIES: RepliesState = Object.freeze({
  ids: Object.freeze([]) as readonly string[],
  nextCursor: null,
  loading: false,
  error: null,
});

/** Prefix of the temporary id of a comment still being posted (`pending:<idempotency key>`). */
export const PENDING_PREFIX = 'pending:';

/**
 * What a thread's store holds and how it changes, without I/O: normalized comments, the reply tree,
 * the list's pagination, live comments held back, and change notifications per key (a comment id,
 * `LIST_KEY`, `THREAD_REACTIONS_KEY`), batched per microtask. `ThreadStore` (thread-store.ts) adds
 * everything that talks to the adapter.
 */
export class ThreadState {
  readonly threadId: string;

  protected _comments = new Map<string, Comment>();
  protected _children = new Map<string, RepliesState>();
  protected _list: ListState = {
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
  protected _threadReactions: ReactionState | undefined;
  protected _listeners = new Set<StoreListener>();
  protected _watchers = new Map<string, Set<() => void>>();
  protected _changed = new Set<string>();
  protected _flushQueued = false;
  protected _held: Comment[] = [];

  /**
   * Asked when another reader's comment arrives live: true holds it back (see `held`) so the page
   * does not move under a reader. Once one is held, later ones queue behind it, keeping their order.
   */
  holdLive: (() => boolean) | undefined;

  constructor(threadId: string) {
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

  /** Someone listens: the store may start live events (see ThreadStore). */
  protected _connectLive(): void {}

  /** Someone stopped listening: without listeners, the store may stop live events. */
  protected _disconnectLiveIfIdle(): void {}

  // ---- changes -------------------------------------------------------------------------------

  /**
   * Adds one page of comments (and embedded replies) to the normalized map and the tree. Returns
   * the ids of the page's comments, deduplicated, in order. `parentId` is the comment whose
   * replies these are (undefined for top-level pages).
   */
  protected _ingestPage(rawComments: unknown, rawReplies: unknown, parentId?: string): string[] {
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
  protected _holds(comment: Comment): boolean {
    if (this._comments.has(comment.id) || comment.viewer?.canEdit || !(this._held.length > 0 || this.holdLive?.())) return false;
    const parentId = comment.parentId;
    if (parentId === null) return this._list.sort === 'newest' || this._list.nextCursor === null;
    return this._comments.has(parentId) || this._held.some((other) => other.id === parentId);
  }

  protected _dropHeld(id: string): void {
    const held = this._held.filter((comment) => comment.id !== id);
    if (held.length !== this._held.length) {
      this._held = held;
      this._markChanged(LIST_KEY);
    }
  }

  /** Whether a comment can be shown: it and every ancestor listed where they belong. */
  protected _inTree(id: string): boolean {
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
  protected _createsCycle(id: string, parentId: string): boolean {
    let current: string | null = parentId;
    for (let steps = 0; current !== null && steps < 10_000; steps++) {
      if (current === id) return true;
      current = this._comments.get(current)?.parentId ?? null;
    }
    return current !== null;
  }

  /** Inserts a new comment (posted here or live) where it belongs, once. */
  protected _insertComment(comment: Comment): void {
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
  protected _removeComment(id: string, counted: boolean): void {
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

  protected _applyDeletion(commentId: string, placeholder: Comment | null | undefined): void {
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

  protected _applyReactions(commentId: string | null, state: ReactionState): void {
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

  protected _putComment(comment: Comment): void {
    this._comments.set(comment.id, comment);
    this._markChanged(comment.id);
  }

  protected _setList(patch: Partial<ListState>): void {
    this._list = { ...this._list, ...patch };
    this._markChanged(LIST_KEY);
  }

  protected _setClosed(closed: boolean): void {
    if (this._list.closed === closed) return;
    this._list = { ...this._list, closed };
    this._markChanged(CLOSED_KEY);
  }

  protected _setReplies(parentId: string, state: RepliesState): void {
    this._children.set(parentId, state);
    this._markChanged(parentId);
  }

  protected _markChanged(key: string): void {
    this._changed.add(key);
    if (this._flushQueued) return;
    this._flushQueued = true;
    queueMicrotask(() => this._flush());
  }

  protected _flush(): void {
    this._flushQueued = false;
    const changed = this._changed;
    this._changed = new Set();
    for (const key of changed) {
      const set = this._watchers.get(key);
      if (set) for (const listener of [...set]) safely(listener);
    }
    for (const listener of [...this._listeners]) safely(() => listener(changed));
  }
}

export function compareOldest(a: Comment, b: Comment): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function safely(listener: () => void): void {
  try {
    listener();
  } catch (error) {
    console.error(error);
  }
}

/** Whether two reaction states show the same counts (absent = 0) and the same viewer reactions. */
export function sameReactions(a: ReactionState, b: ReactionState): boolean {
  for (const name of new Set([...Object.keys(a.reactions), ...Object.keys(b.reactions)])) {
    if ((a.reactions[name] ?? 0) !== (b.reactions[name] ?? 0)) return false;
  }
  return a.viewer.length === b.viewer.length && a.viewer.every((name) => b.viewer.includes(name));
}
