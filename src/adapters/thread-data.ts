/**
 * The semantics of the in-process adapters (`MemoryAdapter`, `LocalStorageAdapter`) in one place, so
 * they cannot drift: visibility, sorting, cursors, validation, the reply tree, reactions, reports.
 * A `ThreadData` holds one thread and is indexed once (O(n log n)); a page is then O(page).
 * Nothing here does I/O: the adapters decide where the data lives and when to persist it.
 */
import {
  AdapterError,
  type AdapterEvent,
  type EditRequest,
  type ListPage,
  type ListRequest,
  type PostRequest,
  type ReactionState,
  type ReactRequest,
} from '../model/adapter.js';
import { EXCLUSIVE_REACTIONS, SORT_ORDERS, type Author, type Comment, type SortOrder } from '../model/comment.js';
import { COMPARATORS, ROOT, decodeCursor, encodeCursor, levelKey, sortKey, upperBound, type Node } from './thread-order.js';
import {
  DEFAULT_PAGE_SIZE,
  MAX_REMEMBERED_POSTS,
  MAX_EMBEDDED_REPLIES,
  MAX_PAGE_SIZE,
  checkComment,
  clampInteger,
  copyCounts,
  copyStored,
  describe,
  fail,
  newId,
  notFound,
  sameInstant,
  type StoredComment,
  type ThreadChange,
  type ThreadRecord,
  type ViewerContext,
} from './thread-rules.js';
import { checkCommentBody, checkPost, REACTION_NAME_PATTERN } from '../model/rules.js';

interface LevelStats {
  /** published comments and placeholders that still have replies */
  shared: number;
  pendingByAuthor: Map<string, number>;
}


/** One thread of an in-process adapter: the comments, their reply tree and per-viewer reactions. */
export class ThreadData {
  readonly threadId: string;
  private readonly _nodes = new Map<string, Node>();
  private readonly _children = new Map<string, Node[]>();
  /** sorted views of one level, built on demand, dropped when that level changes */
  private readonly _sorted = new Map<string, Node[]>();
  private readonly _levelStats = new Map<string, LevelStats>();
  private _threadStats: LevelStats | undefined;
  private _reactions: Record<string, number> = {};
  private readonly _votes = new Map<string, Map<string, string[]>>();
  private readonly _posts = new Map<string, string>();
  private _lastCreatedMs = -Infinity;

  constructor(threadId: string) {
    this.threadId = threadId;
  }

  /** Builds a thread from seed comments; `viewer.reactions` of a seed become `seedViewerId`'s. */
  static fromSeed(threadId: string, seeds: readonly Comment[], seedViewerId: string): ThreadData {
    const data = new ThreadData(threadId);
    const missingCounts: StoredComment[] = [];
    // `seedThreads` has checked every seed and grouped them by thread.
    for (const seed of seeds) {
      if (data._nodes.has(seed.id)) throw new TypeError(`confab: seed comment id "${seed.id}" appears twice`);
      const comment = copyStored(seed);
      if (typeof seed.replyCount !== 'number') missingCounts.push(comment);
      data._insert(comment);
      const mine = seed.viewer?.reactions?.filter((r) => typeof r === 'string' && REACTION_NAME_PATTERN.test(r));
      if (mine?.length) data._setVotes(seed.id, seedViewerId, [...new Set(mine)]);
    }
    // A seed without replyCount gets the number of its replies in the seed; a given one is kept.
    for (const comment of missingCounts) comment.replyCount = data._children.get(comment.id)?.length ?? 0;
    return data;
  }

  /** Rebuilds a thread from its stored form; the record must have passed `parseThreadRecord`. */
  static fromRecord(record: ThreadRecord): ThreadData {
    const data = new ThreadData(record.threadId);
    for (const comment of record.comments) {
      if (comment.threadId === record.threadId && !data._nodes.has(comment.id)) data._insert(copyStored(comment));
    }
    data._reactions = copyCounts(record.reactions);
    for (const [target, byViewer] of Object.entries(record.votes)) {
      for (const [viewerId, list] of Object.entries(byViewer)) data._setVotes(target, viewerId, [...list]);
    }
    for (const [key, commentId] of Object.entries(record.posts)) data._posts.set(key, commentId);
    return data;
  }

  /** The serializable form; a copy, safe to keep. */
  toRecord(): ThreadRecord {
    const votes: ThreadRecord['votes'] = {};
    for (const [target, byViewer] of this._votes) {
      votes[target] = Object.fromEntries([...byViewer].map(([viewerId, list]) => [viewerId, [...list]]));
    }
    return {
      version: 1,
      threadId: this.threadId,
      comments: this._nodesByAge().map((node) => copyStored(node.comment)),
      reactions: { ...this._reactions },
      votes,
      posts: Object.fromEntries(this._posts),
    };
  }

  /** Whether the thread holds nothing worth keeping. */
  get isEmpty(): boolean {
    return this._nodes.size === 0 && Object.keys(this._reactions).length === 0;
  }

  /** Every stored comment (placeholders and everyone's pending ones included), oldest first. */
  storedComments(): StoredComment[] {
    return this._nodesByAge().map((node) => node.comment);
  }

  /** The thread's own reaction counts (a copy). */
  threadReactions(): Record<string, number> {
    return { ...this._reactions };
  }

  /** The comment as `viewer` sees it, or undefined when it does not exist or is hidden from them. */
  get(commentId: string, viewer: ViewerContext): Comment | undefined {
    const node = this._listedNode(commentId, viewer.viewerId);
    return node && this._present(node, viewer);
  }

  /** Visible comments of the whole thread for one viewer: no placeholders, no pending of others. */
  visibleTotal(viewerId: string): number {
    this._threadStats ??= this._computeStats(this._nodes.values(), (node) => node.comment.status === 'published');
    return this._threadStats.shared + (this._threadStats.pendingByAuthor.get(viewerId) ?? 0);
  }

  /** The comment and its ancestors, top-level first, as `viewer` sees them (see `CommentAdapter.locate`). */
  locate(commentId: string, viewer: ViewerContext): Comment[] {
    const chain: Comment[] = [];
    for (let id: string | null = commentId; id !== null; ) {
      const node = this._listedNode(id, viewer.viewerId);
      // the length check ends a cycle a seed may hold
      if (!node || chain.length > this._nodes.size) throw notFound('commentId');
      chain.unshift(this._present(node, viewer));
      id = node.comment.parentId;
    }
    return chain;
  }

  list(request: ListRequest, viewer: ViewerContext): ListPage {
    const parentId = request.parentId ?? null;
    if (parentId !== null && !this._listedNode(parentId, viewer.viewerId)) throw notFound('parentId');
    const requested = request.sort ?? 'oldest';
    if (!SORT_ORDERS.includes(requested)) {
      throw fail('validation', `Unknown sort order "${String(requested)}".`, 'sort');
    }
    const sort: SortOrder = parentId === null ? requested : 'oldest';
    const limit = clampInteger(request.limit, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    const level = this._sortedLevel(parentId, sort);
    const start = request.cursor ? upperBound(level, decodeCursor(request.cursor, sort, parentId), sort) : 0;

    const page: Node[] = [];
    let more = false;
    for (let i = start; i < level.length; i++) {
      if (!this._isListed(level[i], viewer.viewerId)) continue;
      if (page.length === limit) {
        more = true;
        break;
      }
      page.push(level[i]);
    }

    const result: ListPage = {
      comments: page.map((node) => this._present(node, viewer)),
      nextCursor: more ? encodeCursor(sort, parentId, sortKey(page[page.length - 1])) : null,
      total: this._levelTotal(parentId, viewer.viewerId),
      threadTotal: this.visibleTotal(viewer.viewerId),
    };
    const perParent = clampInteger(request.replies, 0, 0, MAX_EMBEDDED_REPLIES);
    if (perParent > 0) result.replies = this._embeddedReplies(page, perParent, viewer);
    return result;
  }

  /**
   * Adds a comment (or returns the one an earlier post with the same idempotency key created).
   * `created` is false for such a replay, so the adapter announces nothing.
   */
  post(request: PostRequest, viewer: ViewerContext): { comment: Comment; created: boolean } {
    const input = checkPost(request);
    const postKey = `${viewer.viewerId}\u0000${input.idempotencyKey}`;
    const earlier = this._nodes.get(this._posts.get(postKey) ?? '');
    if (earlier) return { comment: this._present(earlier, viewer), created: false };

    const parent = input.parentId === null ? undefined : this._liveNode(input.parentId, viewer.viewerId);
    if (input.parentId !== null && !parent) {
      throw fail('not_found', 'The comment you are replying to does not exist any more.', 'parentId');
    }
    // Strictly increasing times keep "oldest first" equal to posting order, even within one millisecond.
    const ms = Math.max(viewer.now, this._lastCreatedMs + 1);
    const author: Author = { id: viewer.viewerId, name: input.author.name };
    if (input.author.url) author.url = input.author.url;
    const comment: StoredComment = {
      id: newId('c'),
      threadId: this.threadId,
      parentId: input.parentId,
      author,
      body: input.body,
      createdAt: new Date(ms).toISOString(),
      editedAt: null,
      status: 'published',
      reactions: {},
      replyCount: 0,
    };
    const node = this._insert(comment);
    if (parent) parent.comment.replyCount += 1;
    this._posts.set(postKey, comment.id);
    if (this._posts.size > MAX_REMEMBERED_POSTS) this._posts.delete(this._posts.keys().next().value as string);
    return { comment: this._present(node, viewer), created: true };
  }

  edit(request: EditRequest, viewer: ViewerContext): Comment {
    const node = this._ownNode(request.commentId, viewer, 'edit');
    const body = checkCommentBody(request.body);
    const current = node.comment.editedAt ?? node.comment.createdAt;
    const expected = request.expectedEditedAt;
    if (typeof expected === 'string' && !sameInstant(expected, current)) {
      throw new AdapterError(
        'conflict',
        'This comment was changed in the meantime. Review the current text and try again.',
        {
          current: this._present(node, viewer),
        },
      );
    }
    // A new version must get a new stamp, or a stale editor could not be told apart from a fresh one.
    const previous = Date.parse(current);
    node.comment.body = body;
    node.comment.editedAt = new Date(Math.max(viewer.now, previous + 1)).toISOString();
    return this._present(node, viewer);
  }

  /**
   * Deletes a comment. One with replies becomes a placeholder; one without is removed, and so is
   * every placeholder above it that is left with no replies. Returns the placeholder (or null) and
   * the ids that are gone.
   */
  delete(commentId: string, viewer: ViewerContext): { placeholder: Comment | null; removed: string[] } {
    const node = this._ownNode(commentId, viewer, 'delete');
    if (this._children.get(commentId)?.length) {
      const comment = node.comment;
      comment.status = 'deleted';
      comment.body = '';
      comment.author = { name: '' };
      comment.reactions = {};
      this._votes.delete(commentId);
      this._touchLevel(comment.parentId);
      return { placeholder: this._present(node, viewer), removed: [] };
    }
    return { placeholder: null, removed: this._remove(node) };
  }

  getReactions(commentId: string | null, viewer: ViewerContext): ReactionState {
    const counts = commentId === null ? this._reactions : this._reactableNode(commentId, viewer).comment.reactions;
    return { reactions: { ...counts }, viewer: [...this._viewerVotes(commentId ?? '', viewer.viewerId)] };
  }

  /** Sets or clears one reaction; `changed` is false when it was already so (react is idempotent). */
  react(request: ReactRequest, viewer: ViewerContext): { state: ReactionState; changed: boolean } {
    const { reaction, commentId } = request;
    if (typeof reaction !== 'string' || !REACTION_NAME_PATTERN.test(reaction)) {
      throw fail('validation', 'A reaction is a short name such as "like".', 'reaction');
    }
    const node = commentId === null ? undefined : this._reactableNode(commentId, viewer);
    const counts = node ? node.comment.reactions : this._reactions;
    const target = commentId ?? '';
    const mine = [...this._viewerVotes(target, viewer.viewerId)];
    let changed = false;
    const drop = (name: string): void => {
      const index = mine.indexOf(name);
      if (index === -1) return;
      mine.splice(index, 1);
      const left = (counts[name] ?? 0) - 1;
      if (left > 0) counts[name] = left;
      else delete counts[name];
      changed = true;
    };
    if (request.active) {
      if (!mine.includes(reaction)) {
        for (const other of EXCLUSIVE_REACTIONS.find((group) => group.includes(reaction)) ?? []) {
          if (other !== reaction) drop(other);
        }
        mine.push(reaction);
        counts[reaction] = (counts[reaction] ?? 0) + 1;
        changed = true;
      }
    } else {
      drop(reaction);
    }
    if (changed) {
      this._setVotes(target, viewer.viewerId, mine);
      if (node) this._sorted.delete(levelKey(node.comment.parentId, 'top'));
    }
    return { state: { reactions: { ...counts }, viewer: [...mine] }, changed };
  }

  /** The change as one viewer's event, or null when that viewer must not see it. */
  toEvent(change: ThreadChange, viewer: ViewerContext): AdapterEvent | null {
    const { threadId } = this;
    const { type, commentId } = change;
    if (commentId === null) return { type: 'reactions', threadId, commentId, reactions: this.threadReactions() };
    const node = this._nodes.get(commentId);
    if (type === 'deleted') {
      const placeholder = node?.comment.status === 'deleted' ? this._present(node, viewer) : null;
      return { type, threadId, commentId, placeholder };
    }
    if (!node || !this._isListed(node, viewer.viewerId)) return null;
    return type === 'reactions'
      ? { type, threadId, commentId, reactions: { ...node.comment.reactions } }
      : { type, comment: this._present(node, viewer) };
  }

  private _present(node: Node, viewer: ViewerContext): Comment {
    const comment = copyStored(node.comment);
    const own = comment.status !== 'deleted' && !!comment.author.id && comment.author.id === viewer.viewerId;
    const until = viewer.editWindowMs === undefined ? null : node.ms + viewer.editWindowMs;
    const allowed = own && (until === null || viewer.now < until);
    return {
      ...comment,
      viewer: {
        reactions: [...this._viewerVotes(comment.id, viewer.viewerId)],
        canEdit: allowed,
        canDelete: allowed,
        editableUntil: own && until !== null ? new Date(until).toISOString() : null,
      },
    };
  }

  private _isListed(node: Node, viewerId: string): boolean {
    const { status, author } = node.comment;
    if (status === 'published') return true;
    if (status === 'pending') return author.id !== undefined && author.id === viewerId;
    return (this._children.get(node.comment.id)?.length ?? 0) > 0;
  }

  private _levelTotal(parentId: string | null, viewerId: string): number {
    const key = parentId ?? ROOT;
    let stats = this._levelStats.get(key);
    if (!stats) {
      stats = this._computeStats(
        this._children.get(key) ?? [],
        (node) => node.comment.status !== 'pending' && this._isListed(node, ''),
      );
      this._levelStats.set(key, stats);
    }
    return stats.shared + (stats.pendingByAuthor.get(viewerId) ?? 0);
  }

  private _computeStats(nodes: Iterable<Node>, shared: (node: Node) => boolean): LevelStats {
    const stats: LevelStats = { shared: 0, pendingByAuthor: new Map() };
    for (const node of nodes) {
      const { status, author } = node.comment;
      if (status === 'pending') {
        if (author.id !== undefined)
          stats.pendingByAuthor.set(author.id, (stats.pendingByAuthor.get(author.id) ?? 0) + 1);
      } else if (shared(node)) {
        stats.shared += 1;
      }
    }
    return stats;
  }

  private _embeddedReplies(page: Node[], perParent: number, viewer: ViewerContext): Comment[] {
    const replies: Comment[] = [];
    const queue = [...page];
    for (let i = 0; i < queue.length; i++) {
      let taken = 0;
      for (const child of this._sortedLevel(queue[i].comment.id, 'oldest')) {
        if (taken === perParent) break;
        if (!this._isListed(child, viewer.viewerId)) continue;
        replies.push(this._present(child, viewer));
        queue.push(child);
        taken += 1;
      }
    }
    return replies;
  }

  private _sortedLevel(parentId: string | null, sort: SortOrder): Node[] {
    const key = levelKey(parentId, sort);
    let level = this._sorted.get(key);
    if (!level) {
      const compare = COMPARATORS[sort];
      level = [...(this._children.get(parentId ?? ROOT) ?? [])].sort((a, b) => compare(sortKey(a), sortKey(b)));
      this._sorted.set(key, level);
    }
    return level;
  }

  private _nodesByAge(): Node[] {
    return [...this._nodes.values()].sort((a, b) => COMPARATORS.oldest(sortKey(a), sortKey(b)));
  }

  private _insert(comment: StoredComment): Node {
    const node: Node = { comment, ms: Date.parse(comment.createdAt) };
    this._nodes.set(comment.id, node);
    const key = comment.parentId ?? ROOT;
    const siblings = this._children.get(key);
    if (siblings) siblings.push(node);
    else this._children.set(key, [node]);
    this._lastCreatedMs = Math.max(this._lastCreatedMs, node.ms);
    this._touchLevel(comment.parentId);
    return node;
  }

  private _remove(node: Node): string[] {
    const { id, parentId } = node.comment;
    this._nodes.delete(id);
    this._children.delete(id);
    this._votes.delete(id);
    this._touchLevel(id);
    const siblings = this._children.get(parentId ?? ROOT) ?? [];
    siblings.splice(siblings.indexOf(node), 1);
    if (siblings.length === 0) this._children.delete(parentId ?? ROOT);
    this._touchLevel(parentId);
    const removed = [id];
    const parent = parentId === null ? undefined : this._nodes.get(parentId);
    if (parent) {
      parent.comment.replyCount = Math.max(0, parent.comment.replyCount - 1);
      // A placeholder only exists to hold its replies in place.
      if (parent.comment.status === 'deleted' && !this._children.get(parent.comment.id)?.length) {
        removed.push(...this._remove(parent));
      }
    }
    return removed;
  }

  /** Drops the caches a change at this level makes stale. */
  private _touchLevel(parentId: string | null): void {
    for (const sort of SORT_ORDERS) this._sorted.delete(levelKey(parentId, sort));
    // A placeholder's visibility depends on its replies, so a change here can change the level above.
    this._levelStats.clear();
    this._threadStats = undefined;
  }

  private _ownNode(commentId: string, viewer: ViewerContext, action: 'edit' | 'delete'): Node {
    const node = this._liveNode(commentId, viewer.viewerId);
    if (!node) throw notFound();
    const { author } = node.comment;
    if (!author.id || author.id !== viewer.viewerId) {
      throw fail('forbidden', `Only the author can ${action} this comment.`);
    }
    if (viewer.editWindowMs !== undefined && viewer.now >= node.ms + viewer.editWindowMs) {
      throw fail('forbidden', `The time to ${action} this comment has passed.`);
    }
    return node;
  }

  private _reactableNode(commentId: string, viewer: ViewerContext): Node {
    const node = this._liveNode(commentId, viewer.viewerId);
    if (!node) throw notFound('commentId');
    return node;
  }

  /** The comment's node when `viewerId` may see it. */
  private _listedNode(commentId: string, viewerId: string): Node | undefined {
    const node = this._nodes.get(commentId);
    return node && this._isListed(node, viewerId) ? node : undefined;
  }

  /** The comment's node when `viewerId` may see it and it is not a placeholder. */
  private _liveNode(commentId: string, viewerId: string): Node | undefined {
    const node = this._listedNode(commentId, viewerId);
    return node?.comment.status === 'deleted' ? undefined : node;
  }

  private _viewerVotes(target: string, viewerId: string): readonly string[] {
    return this._votes.get(target)?.get(viewerId) ?? [];
  }

  private _setVotes(target: string, viewerId: string, list: string[]): void {
    let byViewer = this._votes.get(target);
    if (list.length === 0) {
      byViewer?.delete(viewerId);
      if (byViewer?.size === 0) this._votes.delete(target);
      return;
    }
    if (!byViewer) this._votes.set(target, (byViewer = new Map()));
    byViewer.set(viewerId, list);
  }
}

/**
 * One `ThreadData` per thread named in `seeds`. Throws a TypeError naming the first unusable seed:
 * seeds come from the developer, and a loud mistake beats a silently missing comment.
 */
export function seedThreads(seeds: readonly Comment[], seedViewerId: string): ThreadData[] {
  const byThread = new Map<string, Comment[]>();
  for (const seed of seeds) {
    const problem = checkComment(seed);
    if (problem) throw new TypeError(`confab: seed comment ${describe(seed)}: ${problem}`);
    const list = byThread.get(seed.threadId);
    if (list) list.push(seed);
    else byThread.set(seed.threadId, [seed]);
  }
  return [...byThread].map(([threadId, list]) => ThreadData.fromSeed(threadId, list, seedViewerId));
}

