/**
 * The semantics of the in-process adapters (`MemoryAdapter`, `LocalStorageAdapter`) in one place, so
 * they cannot drift: visibility, sorting, cursors, validation, the reply tree, reactions, reports.
 * A `ThreadData` holds one thread and is indexed once (O(n log n)); a page is then O(page).
 * Nothing here does I/O: the adapters decide where the data lives and when to persist it.
 */
import {
  AdapterError,
  type AdapterErrorCode,
  type AdapterEvent,
  type EditRequest,
  type ListPage,
  type ListRequest,
  type PostRequest,
  type ReactionState,
  type ReactRequest,
  type ReportCommentRequest,
  type TypoReportRequest,
  type TypoReportResult,
} from '../model/adapter.js';
import {
  EXCLUSIVE_REACTIONS,
  SORT_ORDERS,
  type Author,
  type Comment,
  type CommentStatus,
  type SortOrder,
} from '../model/comment.js';

/** Longest accepted comment body, in characters (code points, as the reply form counts), after trimming. */
export const MAX_BODY_LENGTH = 5000;
/** Longest accepted author name. */
export const MAX_NAME_LENGTH = 100;
/** Page size when a request names none. */
export const DEFAULT_PAGE_SIZE = 20;
/** Largest page an adapter returns, whatever the request asks. */
export const MAX_PAGE_SIZE = 100;

const MAX_URL_LENGTH = 2000;
const MAX_ID_LENGTH = 200;
const MAX_NOTE_LENGTH = 2000;
const MAX_QUOTE_LENGTH = 1000;
const MAX_CONTEXT_LENGTH = 400;
/** Idempotency keys remembered per thread; a retry comes seconds after the first try, not weeks. */
const MAX_REMEMBERED_POSTS = 1000;
const REACTION_NAME = /^[\w-]{1,32}$/;
/** Control characters a body may not hold: all but tab, line feed and carriage return. */
const BODY_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const NAME_CONTROL = /[\u0000-\u001F\u007F]/;
const REPORT_REASONS = ['spam', 'abuse', 'off-topic', 'other'] as const;

/** A comment as an in-process adapter keeps it: the per-viewer `viewer` part is computed on the way out. */
export type StoredComment = Omit<Comment, 'viewer'>;

/** The serializable form of one thread (what `LocalStorageAdapter` writes under a thread key). */
export interface ThreadRecord {
  version: 1;
  threadId: string;
  comments: StoredComment[];
  /** reaction counts of the thread (article) itself */
  reactions: Record<string, number>;
  /** target ('' for the thread, else a comment id) -> viewer id -> that viewer's reactions */
  votes: Record<string, Record<string, string[]>>;
  /** viewer id + NUL + idempotency key -> id of the comment that post created */
  posts: Record<string, string>;
}

/** Who is asking, and the rules that depend on it. */
export interface ViewerContext {
  viewerId: string;
  /** how long after posting an author may still edit or delete; undefined: no limit */
  editWindowMs?: number;
  /** epoch milliseconds; adapters pass `Date.now()` */
  now: number;
}

/**
 * What changed in a thread, without any viewer's perspective. Adapters turn each change into an
 * `AdapterEvent` per subscriber with `ThreadData.toEvent`, because a comment's `viewer` part and
 * its visibility differ between readers.
 */
export type ThreadChange =
  | { type: 'created' | 'edited'; commentId: string }
  | { type: 'deleted'; commentId: string }
  | { type: 'reactions'; commentId: string | null };

/** A report about a comment, as kept for the editors. */
export interface StoredCommentReport {
  id: string;
  threadId: string;
  commentId: string;
  reason: ReportCommentRequest['reason'];
  note?: string;
  reporterId: string;
  reportedAt: string;
}

/**
 * A typo report. Identical reports (url, quote, suggestion) merge into one; `count` is the number of
 * distinct reporters, so one reader pressing send twice does not make a mistake look urgent.
 */
export interface StoredTypoReport {
  id: string;
  url: string;
  threadId?: string;
  quote: { exact: string; prefix: string; suffix: string };
  suggestion?: string;
  /** the free-text comments of every merged report */
  comments: string[];
  /** viewer ids of everyone who sent it */
  reporters: string[];
  count: number;
  firstReportedAt: string;
  lastReportedAt: string;
}

interface Node {
  comment: StoredComment;
  /** `createdAt` as epoch milliseconds, parsed once for sorting */
  ms: number;
}

interface SortKey {
  score: number;
  ms: number;
  id: string;
}

interface LevelStats {
  /** published comments and placeholders that still have replies */
  shared: number;
  pendingByAuthor: Map<string, number>;
}

const ROOT = '\u0000root';

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
      const mine = seed.viewer?.reactions?.filter((r) => typeof r === 'string' && REACTION_NAME.test(r));
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
    const perParent = clampInteger(request.replies, 0, 0, MAX_PAGE_SIZE);
    if (perParent > 0) result.replies = this._embeddedReplies(page, perParent, viewer);
    return result;
  }

  /**
   * Adds a comment (or returns the one an earlier post with the same idempotency key created).
   * `created` is false for such a replay, so the adapter announces nothing.
   */
  post(request: PostRequest, viewer: ViewerContext): { comment: Comment; created: boolean } {
    const input = validatePost(request);
    const postKey = `${viewer.viewerId}\u0000${input.idempotencyKey}`;
    const earlier = this._nodes.get(this._posts.get(postKey) ?? '');
    if (earlier) return { comment: this._present(earlier, viewer), created: false };

    const parent = input.parentId === null ? undefined : this._liveNode(input.parentId, viewer.viewerId);
    if (input.parentId !== null && !parent) {
      throw fail('not_found', 'The comment you are replying to does not exist any more.', 'parentId');
    }
    // Strictly increasing times keep "oldest first" equal to posting order, even within one millisecond.
    const ms = Math.max(viewer.now, this._lastCreatedMs + 1);
    const author: Author = { id: viewer.viewerId, name: input.name };
    if (input.url) author.url = input.url;
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
    const body = validateBody(request.body);
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
    if (typeof reaction !== 'string' || !REACTION_NAME.test(reaction)) {
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

// ---------------------------------------------------------------------------------------------
// Live events between copies of a thread (another tab, another adapter instance)

/** What a subscriber last saw of a thread, enough to tell what changed since. */
export interface ThreadDigest {
  comments: Map<string, { status: CommentStatus; version: string; reactions: string }>;
  reactions: string;
}

export function digestThread(data: ThreadData): ThreadDigest {
  const comments: ThreadDigest['comments'] = new Map();
  for (const comment of data.storedComments()) {
    comments.set(comment.id, {
      status: comment.status,
      version: `${comment.editedAt ?? ''}\u0000${comment.body}`,
      reactions: JSON.stringify(comment.reactions),
    });
  }
  return { comments, reactions: JSON.stringify(data.threadReactions()) };
}

/** The changes that turn `before` into `after`, parents before their replies. */
export function diffThread(before: ThreadDigest, after: ThreadDigest): ThreadChange[] {
  const changes: ThreadChange[] = [];
  for (const [commentId, now] of after.comments) {
    const old = before.comments.get(commentId);
    if (!old) {
      if (now.status !== 'deleted') changes.push({ type: 'created', commentId });
      continue;
    }
    if (now.status === 'deleted') {
      if (old.status !== 'deleted') changes.push({ type: 'deleted', commentId });
      continue;
    }
    // Approved by a moderator: new to everyone but its author.
    if (old.status === 'pending' && now.status === 'published') changes.push({ type: 'created', commentId });
    else if (old.version !== now.version) changes.push({ type: 'edited', commentId });
    if (old.reactions !== now.reactions) changes.push({ type: 'reactions', commentId });
  }
  for (const commentId of before.comments.keys()) {
    if (!after.comments.has(commentId)) changes.push({ type: 'deleted', commentId });
  }
  if (before.reactions !== after.reactions) changes.push({ type: 'reactions', commentId: null });
  return changes;
}

// ---------------------------------------------------------------------------------------------
// Validation

/** Validates a post and returns its cleaned fields; throws `AdapterError` naming the field at fault. */
export function validatePost(request: PostRequest): {
  parentId: string | null;
  body: string;
  name: string;
  url?: string;
  idempotencyKey: string;
} {
  if (trimmed(request.honeypot) !== '') {
    // A filled honeypot means a bot; saying so plainly costs nothing, as no human ever sees it.
    throw fail('validation', 'This comment looks automated and was not accepted.', 'honeypot');
  }
  const parentId = request.parentId ?? null;
  if (parentId !== null && (typeof parentId !== 'string' || parentId === '')) {
    throw fail('validation', 'The comment to reply to is not valid.', 'parentId');
  }
  const key = request.idempotencyKey;
  if (typeof key !== 'string' || key === '' || key.length > MAX_ID_LENGTH) {
    throw fail('validation', 'A post needs an idempotency key.', 'idempotencyKey');
  }
  const body = validateBody(request.body);
  const author = request.author as Partial<PostRequest['author']> | undefined;
  const name = typeof author?.name === 'string' ? author.name.trim() : '';
  if (name === '') throw fail('validation', 'Please enter your name.', 'author.name');
  if (characters(name) > MAX_NAME_LENGTH || NAME_CONTROL.test(name)) {
    throw fail('validation', `A name can be at most ${MAX_NAME_LENGTH} characters long, on one line.`, 'author.name');
  }
  const email = typeof author?.email === 'string' ? author.email.trim() : '';
  if (email !== '' && (email.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(email))) {
    throw fail('validation', 'Please enter a valid email address, or none.', 'author.email');
  }
  const rawUrl = typeof author?.url === 'string' ? author.url.trim() : '';
  let url: string | undefined;
  if (rawUrl !== '') {
    url = httpUrl(rawUrl);
    if (!url) throw fail('validation', 'A website must be an http(s) address.', 'author.url');
  }
  return { parentId, body, name, url, idempotencyKey: key };
}

/**
 * Checks a comment body and returns it trimmed (surrounding blank lines mean nothing in markdown;
 * the reference server stores bodies the same way).
 */
export function validateBody(body: unknown): string {
  const text = trimmed(body);
  if (text === '') throw fail('validation', 'Please write a comment first.', 'body');
  const length = characters(text);
  if (length > MAX_BODY_LENGTH) {
    throw fail('too_large', `A comment can be at most ${MAX_BODY_LENGTH} characters long (this one has ${length}).`, 'body');
  }
  if (BODY_CONTROL.test(text)) {
    throw fail('validation', 'The comment contains invisible control characters.', 'body');
  }
  return text;
}

/** Length in code points, so an emoji counts as one character, as in the reply form. */
function characters(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** The URL when it is absolute http(s) and not absurdly long, else undefined. */
function httpUrl(value: string): string | undefined {
  if (value.length > MAX_URL_LENGTH) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Why a value is not a usable stored comment, or null when it is. */
export function checkComment(value: unknown): string | null {
  if (!isObject(value)) return 'not an object';
  if (typeof value.id !== 'string' || value.id === '') return 'id must be a non-empty string';
  if (typeof value.threadId !== 'string' || value.threadId === '') return 'threadId must be a non-empty string';
  if (value.parentId !== undefined && value.parentId !== null && typeof value.parentId !== 'string') {
    return 'parentId must be a string or null';
  }
  if (!isObject(value.author) || typeof value.author.name !== 'string') return 'author.name must be a string';
  if (typeof value.body !== 'string') return 'body must be a string';
  if (typeof value.createdAt !== 'string' || Number.isNaN(Date.parse(value.createdAt))) {
    return 'createdAt must be an ISO 8601 time';
  }
  if (value.status !== undefined && !['published', 'pending', 'deleted'].includes(value.status as string)) {
    return 'status must be published, pending or deleted';
  }
  if (value.reactions !== undefined && !isObject(value.reactions)) return 'reactions must be an object';
  if (value.replyCount !== undefined && typeof value.replyCount !== 'number') return 'replyCount must be a number';
  return null;
}

/**
 * The record when `value` is a thread as `ThreadData.toRecord` writes it, else the reason it is
 * not. Used on data another program (or a bug, or a user) may have left in storage.
 */
export function parseThreadRecord(value: unknown, threadId: string): ThreadRecord | string {
  if (!isObject(value) || value.version !== 1) return 'not a confab thread (version 1)';
  if (value.threadId !== threadId) return `it holds thread "${String(value.threadId)}"`;
  if (!Array.isArray(value.comments)) return 'comments is not a list';
  for (const comment of value.comments) {
    const problem = checkComment(comment);
    if (problem) return `comment ${describe(comment)}: ${problem}`;
  }
  if (!isObject(value.reactions) || !isObject(value.votes) || !isObject(value.posts))
    return 'reactions, votes or posts missing';
  for (const byViewer of Object.values(value.votes)) {
    if (!isObject(byViewer)) return 'votes are malformed';
    for (const list of Object.values(byViewer)) {
      if (!Array.isArray(list) || !list.every((r) => typeof r === 'string')) return 'votes are malformed';
    }
  }
  if (!Object.values(value.posts).every((id) => typeof id === 'string')) return 'posts are malformed';
  return value as unknown as ThreadRecord;
}

// ---------------------------------------------------------------------------------------------
// Reports

/** Validates a comment report and returns what to keep; `exists` says whether the comment is there. */
export function makeCommentReport(
  request: ReportCommentRequest,
  exists: boolean,
  reporterId: string,
  now: number,
): StoredCommentReport {
  if (!REPORT_REASONS.includes(request.reason)) {
    throw fail('validation', 'Please choose why you report this comment.', 'reason');
  }
  const note = trimmed(request.note);
  if (note.length > MAX_NOTE_LENGTH) {
    throw fail('too_large', `A note can be at most ${MAX_NOTE_LENGTH} characters long.`, 'note');
  }
  if (!exists) throw notFound('commentId');
  const report: StoredCommentReport = {
    id: newId('r'),
    threadId: request.threadId,
    commentId: request.commentId,
    reason: request.reason,
    reporterId,
    reportedAt: new Date(now).toISOString(),
  };
  if (note) report.note = note;
  return report;
}

/** Whether this reader already reported this comment: a repeat changes nothing. */
export function hasReported(reports: readonly StoredCommentReport[], report: StoredCommentReport): boolean {
  return reports.some(
    (r) => r.threadId === report.threadId && r.commentId === report.commentId && r.reporterId === report.reporterId,
  );
}

/**
 * Adds a typo report to `reports` (in place), merging it into an identical earlier one (same url,
 * quote and suggestion) so the editors see one entry with a count of distinct reporters.
 */
export function addTypoReport(
  reports: StoredTypoReport[],
  request: TypoReportRequest,
  reporterId: string,
  now: number,
): TypoReportResult {
  const url = typeof request.url === 'string' ? httpUrl(request.url) : undefined;
  if (!url) throw fail('validation', 'The page address must be an http(s) URL.', 'url');
  const quote = request.quote as Partial<TypoReportRequest['quote']> | undefined;
  const exact = typeof quote?.exact === 'string' ? quote.exact : '';
  if (exact.trim() === '')
    throw fail('validation', 'Select the text with the mistake first.', 'quote');
  if (exact.length > MAX_QUOTE_LENGTH) {
    throw fail('too_large', `Select at most ${MAX_QUOTE_LENGTH} characters.`, 'quote');
  }
  const prefix = typeof quote?.prefix === 'string' ? quote.prefix.slice(-MAX_CONTEXT_LENGTH) : '';
  const suffix = typeof quote?.suffix === 'string' ? quote.suffix.slice(0, MAX_CONTEXT_LENGTH) : '';
  const suggestion = trimmed(request.suggestion);
  const comment = trimmed(request.comment);
  if (suggestion.length > MAX_QUOTE_LENGTH) {
    throw fail('too_large', `A correction can be at most ${MAX_QUOTE_LENGTH} characters long.`, 'suggestion');
  }
  if (comment.length > MAX_NOTE_LENGTH) {
    throw fail('too_large', `A note can be at most ${MAX_NOTE_LENGTH} characters long.`, 'comment');
  }
  const at = new Date(now).toISOString();
  let report = reports.find(
    (r) =>
      r.url === url &&
      r.quote.exact === exact &&
      r.quote.prefix === prefix &&
      r.quote.suffix === suffix &&
      (r.suggestion ?? '') === suggestion,
  );
  if (!report) {
    report = {
      id: newId('t'),
      url,
      quote: { exact, prefix, suffix },
      comments: [],
      reporters: [],
      count: 0,
      firstReportedAt: at,
      lastReportedAt: at,
    };
    if (typeof request.threadId === 'string' && request.threadId) report.threadId = request.threadId;
    if (suggestion) report.suggestion = suggestion;
    reports.push(report);
  }
  // A new report and a repeat merge the same way: one more reporter (once), the newest time, the note.
  if (!report.reporters.includes(reporterId)) report.reporters.push(reporterId);
  report.count = report.reporters.length;
  report.lastReportedAt = at;
  if (comment && !report.comments.includes(comment)) report.comments.push(comment);
  return { id: report.id, count: report.count };
}

// ---------------------------------------------------------------------------------------------
// Small helpers shared by the adapters

/** A checked thread id; every request names one. */
export function requireThreadId(threadId: unknown): string {
  if (typeof threadId !== 'string' || threadId === '' || threadId.length > MAX_ID_LENGTH) {
    throw fail('validation', 'A thread id is required.', 'threadId');
  }
  return threadId;
}

/** A random id, unique enough for a browser-side store, sortable by creation time at a glance. */
export function newId(prefix: string): string {
  const random = new Uint8Array(8);
  crypto.getRandomValues(random);
  return `${prefix}${Date.now().toString(36)}${Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Delivers an event without letting one broken listener stop the others or the adapter. */
export function deliver(listener: (event: AdapterEvent) => void, event: AdapterEvent): void {
  try {
    listener(event);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

/** The AdapterError of a request this module refuses; `field` names the request field at fault. */
function fail(code: AdapterErrorCode, message: string, field?: string): AdapterError {
  return new AdapterError(code, message, { field });
}

function notFound(field?: string): AdapterError {
  return fail('not_found', 'That comment does not exist any more.', field);
}

/** A request's text field, trimmed; anything but a string counts as empty. */
function trimmed(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function copyStored(source: Comment | StoredComment): StoredComment {
  const author: Author = { name: source.author.name };
  for (const key of ['id', 'url', 'avatarUrl'] as const) {
    if (typeof source.author[key] === 'string') author[key] = source.author[key];
  }
  return {
    id: source.id,
    threadId: source.threadId,
    parentId: source.parentId ?? null,
    author,
    body: source.body,
    createdAt: source.createdAt,
    editedAt: source.editedAt ?? null,
    status: source.status ?? 'published',
    reactions: copyCounts(source.reactions),
    replyCount: Math.max(0, Math.floor(Number(source.replyCount) || 0)),
  };
}

function copyCounts(counts: Record<string, number> | undefined): Record<string, number> {
  const copy: Record<string, number> = {};
  for (const [name, value] of Object.entries(counts ?? {})) {
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) copy[name] = Math.floor(value);
  }
  return copy;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return isObject(value) && typeof value.id === 'string' ? `"${value.id}"` : '(without id)';
}

function sameInstant(a: string, b: string): boolean {
  return a === b || (!Number.isNaN(Date.parse(a)) && Date.parse(a) === Date.parse(b));
}

function clampInteger(value: unknown, fallback: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

function levelKey(parentId: string | null, sort: SortOrder): string {
  return `${sort}\u0000${parentId ?? ROOT}`;
}

function score(reactions: Record<string, number>): number {
  return (reactions.like ?? 0) - (reactions.dislike ?? 0);
}

function sortKey(node: Node): SortKey {
  return { score: score(node.comment.reactions), ms: node.ms, id: node.comment.id };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Negative when `a` comes first. Ties end on the id, so every order is total and cursors are exact. */
const COMPARATORS: Record<SortOrder, (a: SortKey, b: SortKey) => number> = {
  oldest: (a, b) => a.ms - b.ms || compareIds(a.id, b.id),
  newest: (a, b) => b.ms - a.ms || compareIds(b.id, a.id),
  top: (a, b) => b.score - a.score || b.ms - a.ms || compareIds(b.id, a.id),
};

/** Index of the first node that sorts after `key`. */
function upperBound(level: Node[], key: SortKey, sort: SortOrder): number {
  const compare = COMPARATORS[sort];
  let low = 0;
  let high = level.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(sortKey(level[middle]), key) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

// A cursor names the last item's sort key, not a position: items posted or deleted between two
// pages then neither repeat nor go missing.

// Made once: creating a TextDecoder loads the browser's converters (tens of ms the first time).
let utf8: { encoder: TextEncoder; decoder: TextDecoder } | undefined;
const codec = (): { encoder: TextEncoder; decoder: TextDecoder } => (utf8 ??= { encoder: new TextEncoder(), decoder: new TextDecoder('utf-8', { fatal: true }) });

function encodeCursor(sort: SortOrder, parentId: string | null, key: SortKey): string {
  const json = JSON.stringify({ s: sort, p: parentId, k: [key.score, key.ms, key.id] });
  const binary = Array.from(codec().encoder.encode(json), (byte) => String.fromCharCode(byte)).join('');
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decodeCursor(cursor: string, sort: SortOrder, parentId: string | null): SortKey {
  const invalid = (): AdapterError =>
    fail('validation', 'This page link is not valid any more; reload the comments.', 'cursor');
  let parsed: unknown;
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    parsed = JSON.parse(
      codec().decoder.decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))),
    );
  } catch {
    throw invalid();
  }
  if (!isObject(parsed) || parsed.s !== sort || parsed.p !== parentId || !Array.isArray(parsed.k)) throw invalid();
  const [keyScore, ms, id] = parsed.k as unknown[];
  if (typeof keyScore !== 'number' || typeof ms !== 'number' || typeof id !== 'string') throw invalid();
  return { score: keyScore, ms, id };
}
