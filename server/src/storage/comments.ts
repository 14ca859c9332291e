import { createHash, randomUUID } from 'node:crypto';
import { AdapterError, type Comment, type SortOrder } from 'confab-comments/model';
import type { Database, Queryable } from './db.js';
import { decodeScoreCursor, decodeTimeCursor, scoreCursorAfter, timeCursorAfter, type ScoreCursor, type TimeCursor } from './cursors.js';
import type { EventLog } from './events.js';
import { PageCache, type CachedEntry } from './page-cache.js';
import type { PostBatcher } from './post-batcher.js';
import {
  COMMENT_COLUMNS,
  commentColumnsOf,
  iso,
  isOwn,
  ownership,
  type CommentMapper,
  type CommentRow,
  type Ownership,
  type ReactionsByComment,
  type Viewer,
} from './rows.js';
import { visibleTo } from './visibility.js';

export interface ListRequest {
  threadId: string;
  /** null: top-level comments; an id: the direct replies of that comment */
  parentId: string | null;
  sort: SortOrder;
  /** a `nextCursor` this server made, unchecked yet */
  cursor: string | null;
  limit: number;
  /** replies embedded per listed comment, level by level */
  replies: number;
}

/** A list response as JSON text, and its entity tag. */
export interface PageText {
  text: string;
  etag: string;
}

export interface PostInput {
  threadId: string;
  parentId: string | null;
  body: string;
  author: { name: string; email?: string; url?: string; avatarUrl?: string; userId?: string };
  idempotencyKey: string;
  /** held for moderation whatever MODERATION says (the spam rules found something) */
  hold?: boolean;
}

/** How deep `replies` embedding goes. */
const MAX_EMBED_DEPTH = 5;
/** Memory for cached pages (an anonymous page of 50 comments is about 60 kB with its parts). */
const PAGE_CACHE_BYTES = 24 * 1024 * 1024;
/** Memory for signed-in readers' own states (a few hundred bytes each). */
const VIEWER_STATES_BYTES = 4 * 1024 * 1024;
/** At most how long a page is served from memory (changes of its thread drop it sooner). */
const PAGE_CACHE_MS = 5000;
/** The `viewer` field of a comment that is not the reader's and that they did not react to. */
const NOBODYS = JSON.stringify({ reactions: [], canEdit: false, canDelete: false, editableUntil: null });

/** One comment of a cached page: its JSON up to its `viewer` field, and what decides that field. */
interface PagePart extends Ownership {
  id: string;
  /** `{"id":…,…,"viewer":` */
  head: string;
}

/** A signed-in reader's own state in a thread. */
interface ViewerStateEntry extends CachedEntry {
  pending: number;
  /** their reactions in the thread, by comment */
  mine: ReactionsByComment;
}

/** A page as every reader without pending comments in the thread sees it. */
interface PageEntry extends CachedEntry {
  /** `parentId` names no comment an anonymous reader sees (it may be the reader's own pending one) */
  parentMissing: boolean;
  comments: PagePart[];
  replies: PagePart[] | null;
  nextCursor: string | null;
  total: number;
  threadTotal: number;
  text: string;
  etag: string;
}

/**
 * Comments: listing (with the page cache), permalinks, counts, posting, editing, deleting. The
 * only module that writes the comments table outside imports and moderation, which call `remove`.
 */
export class CommentStore {
  readonly pages = new PageCache<PageEntry>(PAGE_CACHE_BYTES, PAGE_CACHE_MS);
  readonly viewerStates = new PageCache<ViewerStateEntry>(VIEWER_STATES_BYTES, PAGE_CACHE_MS);
  /** Who may post where (bans, closed threads): throws to refuse a post. */
  guard: ((threadId: string, viewer: Viewer) => Promise<void>) | null = null;

  constructor(
    private readonly db: Database,
    private readonly mapper: CommentMapper,
    private readonly events: EventLog,
    private readonly posts: PostBatcher,
    private readonly moderation: 'off' | 'pre',
  ) {}

  // ---- reading -------------------------------------------------------------------------------

  /**
   * A page of comments as JSON text. Readers without pending comments in the thread all see the
   * same comments, so theirs come from one cached page: a reader without an identity gets it as
   * it is; one with an identity costs one small query (their pending count and their reactions
   * on the page), and only the `viewer` fields of their own comments and of those they reacted to
   * are written anew.
   */
  async list(request: ListRequest, viewer: Viewer): Promise<PageText> {
    const sort = request.parentId ? 'oldest' : request.sort;
    const cursor = request.cursor === null ? null : sort === 'top' ? decodeScoreCursor(request.cursor) : decodeTimeCursor(request.cursor);
    const page = await this.sharedPage({ ...request, sort }, cursor);
    if (viewer.id === null) return this.answer(page);
    const viewerId = viewer.id;
    const state = await this.viewerState(request.threadId, viewerId);
    if (state.pending > 0) return this.ownPage({ ...request, sort }, cursor, viewerId);
    const { mine } = state;
    const differs = (part: PagePart) => mine.has(part.id) || isOwn(part, viewerId);
    if (!page.comments.some(differs) && !page.replies?.some(differs)) return this.answer(page);
    // The reader's page is the shared one with their `viewer` fields: its tag is the shared
    // page's and theirs together.
    let overlay = '';
    const text = assemble(page, (part) => {
      if (!differs(part)) return NOBODYS;
      const json = JSON.stringify(this.mapper.viewerStateOf(part, viewerId, mine.get(part.id) ?? []));
      overlay += `${part.id}\n${json}\n`;
      return json;
    });
    return { text, etag: `${page.etag.slice(0, -1)}.${entityTag(overlay).slice(1)}` };
  }

  /**
   * What is the reader's own in a thread: their reactions and their pending comments' count. Kept
   * like the shared pages (and dropped with them when the thread changes, or when the reader's
   * pending comments do), so a signed-in reader's page usually costs no query at all.
   */
  private async viewerState(threadId: string, viewerId: string): Promise<ViewerStateEntry> {
    const key = `${viewerId}\n${threadId}`;
    const hit = this.viewerStates.get(key);
    if (hit) return hit;
    const generation = this.viewerStates.generation(threadId);
    const { rows } = await this.db.query<{ pending: number; mine: [string, string][] | null }>(
      `select (select count(*)::integer from comments where thread_id = $1 and viewer_id = $2 and status = 'pending') as pending,
              (select json_agg(json_build_array(comment_id, reaction) order by created_at) from reactions
                where viewer_id = $2 and thread_id = $1) as mine`,
      [threadId, viewerId],
    );
    const pairs = rows[0]?.mine ?? [];
    const state = { threadId, pending: rows[0]?.pending ?? 0, mine: reactionsByComment(pairs), bytes: 200 + pairs.length * 100 };
    this.viewerStates.set(key, state, generation);
    return state;
  }

  private answer(page: PageEntry): PageText {
    if (page.parentMissing) throw parentNotFound();
    return page;
  }

  private async sharedPage(request: ListRequest, cursor: TimeCursor | ScoreCursor | null): Promise<PageEntry> {
    const key = JSON.stringify([request.threadId, request.parentId, request.sort, request.cursor, request.limit, request.replies]);
    const hit = this.pages.get(key);
    if (hit) return hit;
    const generation = this.pages.generation(request.threadId);
    const page = await this.readSharedPage(request, cursor);
    this.pages.set(key, page, generation);
    return page;
  }

  private async readSharedPage(request: ListRequest, cursor: TimeCursor | ScoreCursor | null): Promise<PageEntry> {
    const { threadId, parentId } = request;
    const counts = await this.db.query<{ comment_count: number; top_count: number; reply_count: number | null }>(
      `select coalesce((select comment_count from threads where id = $1), 0) as comment_count,
              coalesce((select top_count from threads where id = $1), 0) as top_count,
              (select reply_count from comments where id = $2 and thread_id = $1 and ${visibleTo('null')}) as reply_count`,
      [threadId, parentId],
    );
    const { comment_count: threadTotal, top_count: topCount, reply_count: replyCount } = counts.rows[0] ?? {
      comment_count: 0,
      top_count: 0,
      reply_count: null,
    };
    const empty = { threadId, comments: [], replies: null, nextCursor: null, total: 0, threadTotal, text: '', etag: '', bytes: 100 };
    if (parentId !== null && replyCount === null) return { ...empty, parentMissing: true };
    const { rows, replyRows, nextCursor } = await this.rows(request, cursor, null);
    const page: PageEntry = {
      ...empty,
      parentMissing: false,
      comments: rows.map((row) => this.part(row)),
      replies: request.replies > 0 ? replyRows.map((row) => this.part(row)) : null,
      nextCursor,
      total: parentId === null ? topCount : (replyCount ?? 0),
    };
    page.text = assemble(page, () => NOBODYS);
    page.etag = entityTag(page.text);
    page.bytes = page.text.length * 3;
    return page;
  }

  private part(row: CommentRow): PagePart {
    const json = JSON.stringify(this.mapper.withoutViewer(row));
    return { id: row.id, ...ownership(row), head: `${json.slice(0, -1)},"viewer":` };
  }

  /** The page of a reader with pending comments in the thread: theirs are in it. Not cached. */
  private async ownPage(request: ListRequest, cursor: TimeCursor | ScoreCursor | null, viewerId: string): Promise<PageText> {
    const { threadId, parentId } = request;
    const { rows: countRows } = await this.db.query<{
      comment_count: number;
      top_count: number;
      pending: number;
      pending_here: number;
      reply_count: number | null;
    }>(
      `select coalesce((select comment_count from threads where id = $1), 0) as comment_count,
              coalesce((select top_count from threads where id = $1), 0) as top_count,
              (select count(*)::integer from comments where thread_id = $1 and viewer_id = $2 and status = 'pending') as pending,
              (select count(*)::integer from comments
                where thread_id = $1 and viewer_id = $2 and status = 'pending' and parent_id is not distinct from $3) as pending_here,
              (select reply_count from comments where id = $3 and thread_id = $1 and ${visibleTo('$2')}) as reply_count`,
      [threadId, viewerId, parentId],
    );
    const counts = countRows[0];
    if (!counts || (parentId !== null && counts.reply_count === null)) throw parentNotFound();
    const { rows, replyRows, nextCursor } = await this.rows(request, cursor, viewerId);
    const mine = await this.viewerReactions(this.db, threadId, [...rows, ...replyRows].map((row) => row.id), viewerId);
    const viewer: Viewer = { id: viewerId, user: null };
    const page: Record<string, unknown> = {
      comments: rows.map((row) => this.mapper.toComment(row, viewer, mine)),
      nextCursor,
      total: (parentId === null ? counts.top_count : (counts.reply_count ?? 0)) + counts.pending_here,
      threadTotal: counts.comment_count + counts.pending,
    };
    if (request.replies > 0) page.replies = replyRows.map((row) => this.mapper.toComment(row, viewer, mine));
    const text = JSON.stringify(page);
    return { text, etag: entityTag(text) };
  }

  /** A page's rows, as `viewerId` sees them, its embedded replies and the cursor after it. */
  private async rows(request: ListRequest, cursor: TimeCursor | ScoreCursor | null, viewerId: string | null) {
    const { threadId, parentId, sort, limit } = request;
    const params: unknown[] = [parentId ?? threadId, viewerId, limit + 1];
    const level = parentId ? 'parent_id = $1' : 'thread_id = $1 and parent_id is null';
    let after = '';
    let order;
    if (sort === 'top') {
      order = 'score desc, created_at desc, id desc';
      if (cursor) {
        params.push(...cursor);
        after = 'and (score, created_at, id) < ($4::integer, $5::timestamptz, $6::text)';
      }
    } else {
      const desc = sort === 'newest';
      order = desc ? 'created_at desc, id desc' : 'created_at, id';
      if (cursor) {
        params.push(...cursor);
        after = `and (created_at, id) ${desc ? '<' : '>'} ($4::timestamptz, $5::text)`;
      }
    }
    const { rows: fetched } = await this.db.query<CommentRow>(
      `select ${COMMENT_COLUMNS} from comments where ${level} and ${visibleTo('$2')} ${after} order by ${order} limit $3`,
      params,
    );
    const more = fetched.length > limit;
    const rows = more ? fetched.slice(0, limit) : fetched;
    const last = rows.at(-1);
    const nextCursor = more && last ? (sort === 'top' ? scoreCursorAfter(last) : timeCursorAfter(last)) : null;
    const replyRows = request.replies > 0 ? await this.embeddedReplies(threadId, rows, request.replies, viewerId) : [];
    return { rows, replyRows, nextCursor };
  }

  /**
   * Up to `breadth` oldest replies of each comment, level by level. A comment is looked into when
   * it has listed replies, or when the viewer has a pending reply under it (not counted in
   * `reply_count`, but theirs to see).
   */
  private async embeddedReplies(threadId: string, rows: CommentRow[], breadth: number, viewerId: string | null): Promise<CommentRow[]> {
    let pendingParents = new Set<string>();
    if (viewerId !== null) {
      const { rows: parents } = await this.db.query<{ parent_id: string }>(
        `select distinct parent_id from comments
          where thread_id = $1 and viewer_id = $2 and status = 'pending' and parent_id is not null`,
        [threadId, viewerId],
      );
      pendingParents = new Set(parents.map((row) => row.parent_id));
    }
    const worthOpening = (row: CommentRow) => row.reply_count > 0 || pendingParents.has(row.id);
    const all: CommentRow[] = [];
    let parents = rows.filter(worthOpening).map((row) => row.id);
    for (let depth = 0; depth < MAX_EMBED_DEPTH && parents.length > 0; depth++) {
      const { rows: level } = await this.db.query<CommentRow>(
        `select r.* from unnest($1::text[]) as p(id)
           cross join lateral (
             select ${COMMENT_COLUMNS} from comments
              where parent_id = p.id and ${visibleTo('$2')}
              order by created_at, id limit $3) as r`,
        [parents, viewerId, breadth],
      );
      all.push(...level);
      parents = level.filter(worthOpening).map((row) => row.id);
    }
    return all;
  }

  /**
   * A comment and its ancestors, top-level first, for permalinks; null when any of them is not
   * visible to the viewer (so a pending comment's path is its author's alone). One recursive query
   * up the primary key; the depth bound stops a cycle an import may have left.
   */
  async locate(input: { threadId: string; commentId: string }, viewer: Viewer): Promise<Comment[] | null> {
    const { rows } = await this.db.query<CommentRow & { visible: boolean }>(
      `with recursive chain as (
         select ${COMMENT_COLUMNS}, 0 as depth from comments where id = $1 and thread_id = $2
         union all
         select ${commentColumnsOf('c')}, chain.depth + 1 from comments c
           join chain on c.id = chain.parent_id and c.thread_id = $2 where chain.depth < 10000
       ) select *, ${visibleTo('$3')} as visible from chain order by depth desc`,
      [input.commentId, input.threadId, viewer.id],
    );
    if (rows.length === 0 || rows[0]?.parent_id !== null || !rows.every((row) => row.visible)) return null;
    const mine = await this.viewerReactions(this.db, input.threadId, rows.map((row) => row.id), viewer.id);
    return rows.map((row) => this.mapper.toComment(row, viewer, mine));
  }

  /**
   * Where the page of a thread's top-level comments (oldest first, `pageSize` a page) that holds
   * `commentId`'s top-level ancestor starts: null for the first page, else the cursor after the
   * last comment of the page before. For a page without JavaScript that comes back to a new
   * comment: it opens the page the comment is on, as "Load more" would have reached it.
   */
  async pageCursorOf(input: { threadId: string; commentId: string; pageSize: number }, viewer: Viewer): Promise<string | null> {
    const chain = await this.locate(input, viewer);
    const top = chain?.[0];
    if (!top) return null;
    const { rows } = await this.db.query<{ before: number }>(
      `select count(*)::integer as before from comments c, (select created_at, id from comments where id = $2) t
         where c.thread_id = $1 and c.parent_id is null and ${visibleTo('$3', 'c')} and (c.created_at, c.id) < (t.created_at, t.id)`,
      [input.threadId, top.id, viewer.id],
    );
    const before = rows[0]?.before ?? 0;
    const start = Math.floor(before / input.pageSize) * input.pageSize;
    if (start === 0) return null;
    const { rows: previous } = await this.db.query<CommentRow>(
      `select ${COMMENT_COLUMNS} from comments where thread_id = $1 and parent_id is null and ${visibleTo('$2')}
         order by created_at, id offset $3 limit 1`,
      [input.threadId, viewer.id, start - 1],
    );
    return previous[0] ? timeCursorAfter(previous[0]) : null;
  }

  /** Published comments per thread, plus the viewer's own pending ones. */
  async count(threadIds: string[], viewer: Viewer): Promise<Record<string, number>> {
    const { rows } = await this.db.query<{ id: string; comment_count: number }>(
      'select id, comment_count from threads where id = any($1::text[])',
      [threadIds],
    );
    const counts: Record<string, number> = {};
    for (const id of threadIds) counts[id] = 0;
    for (const row of rows) counts[row.id] = row.comment_count;
    if (viewer.id) {
      const pending = await this.db.query<{ thread_id: string; n: number }>(
        `select thread_id, count(*)::integer as n from comments
          where thread_id = any($1::text[]) and viewer_id = $2 and status = 'pending' group by thread_id`,
        [threadIds, viewer.id],
      );
      for (const row of pending.rows) counts[row.thread_id] = (counts[row.thread_id] ?? 0) + row.n;
    }
    return counts;
  }

  /** The comment as the viewer sees it, or null when they do not (unknown, of another thread, hidden). */
  async visibleComment(q: Queryable, threadId: string, id: string, viewerId: string | null): Promise<CommentRow | null> {
    const { rows } = await q.query<CommentRow>(
      `select ${COMMENT_COLUMNS} from comments where id = $1 and thread_id = $2 and ${visibleTo('$3')}`,
      [id, threadId, viewerId],
    );
    return rows[0] ?? null;
  }

  /**
   * The viewer's reactions on these comments.
   * @param q the transaction when called inside one (PGlite would wait forever on a query outside
   *   the transaction it is running)
   */
  async viewerReactions(q: Queryable, threadId: string, ids: string[], viewerId: string | null): Promise<ReactionsByComment> {
    if (!viewerId || ids.length === 0) return new Map();
    const { rows } = await q.query<{ comment_id: string; reaction: string }>(
      'select comment_id, reaction from reactions where viewer_id = $1 and thread_id = $2 and comment_id = any($3::text[]) order by created_at',
      [viewerId, threadId, ids],
    );
    return reactionsByComment(rows.map((row) => [row.comment_id, row.reaction]));
  }

  // ---- writing -------------------------------------------------------------------------------

  /** A new comment or reply; a retried post (the viewer's idempotency key again) gets the first one back. */
  async post(input: PostInput, viewer: Viewer & { id: string }): Promise<{ comment: Comment; replayed: boolean }> {
    if (this.guard) {
      try {
        await this.guard(input.threadId, viewer);
      } catch (err) {
        // A retry of a post made before the thread closed or the ban still gets its comment.
        const replayed = await this.replay(input, viewer);
        if (replayed) return replayed;
        throw err;
      }
    }
    const status = this.moderation === 'pre' || input.hold ? 'pending' : 'published';
    const row: CommentRow = {
      id: randomUUID(),
      thread_id: input.threadId,
      parent_id: input.parentId,
      author_name: input.author.name,
      author_url: input.author.url ?? null,
      author_avatar_url: input.author.avatarUrl ?? null,
      author_user_id: input.author.userId ?? null,
      viewer_id: viewer.id,
      body: input.body,
      status,
      created_at: new Date().toISOString(),
      edited_at: null,
      reply_count: 0,
      reactions: {},
    };
    if (status === 'published') this.pages.invalidate(input.threadId);
    // The author's own state (their pending count) changes either way; others hear of it by NOTIFY.
    this.viewerStates.invalidate(input.threadId);
    const inserted = await this.posts.insert({
      id: row.id,
      threadId: row.thread_id,
      parentId: row.parent_id,
      authorName: row.author_name,
      authorUrl: row.author_url,
      authorAvatarUrl: row.author_avatar_url,
      authorUserId: row.author_user_id,
      authorEmail: input.author.email ?? null,
      viewerId: viewer.id,
      body: row.body,
      status,
      createdAt: row.created_at as string,
      idempotencyKey: input.idempotencyKey,
      event: JSON.stringify({ type: 'created', comment: this.mapper.toComment(row, null) }),
    });
    if (!inserted) {
      const replayed = await this.replay(input, viewer);
      if (replayed) return replayed;
      throw new AdapterError('not_found', 'The comment you are replying to does not exist or was removed.', { field: 'parentId' });
    }
    return { comment: this.mapper.toComment(row, viewer), replayed: false };
  }

  /** The comment an earlier post of this viewer with this idempotency key created, or null. */
  async replay(input: { threadId: string; idempotencyKey: string }, viewer: Viewer): Promise<{ comment: Comment; replayed: true } | null> {
    if (viewer.id === null) return null;
    const { rows } = await this.db.query<CommentRow>(
      `select ${COMMENT_COLUMNS} from comments where viewer_id = $1 and idempotency_key = $2`,
      [viewer.id, input.idempotencyKey],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.thread_id !== input.threadId) {
      throw new AdapterError('conflict', 'You already used this idempotency key for another thread.', { field: 'idempotencyKey' });
    }
    const mine = await this.viewerReactions(this.db, row.thread_id, [row.id], viewer.id);
    return { comment: this.mapper.toComment(row, viewer, mine), replayed: true };
  }

  async edit(
    input: { threadId: string; commentId: string; body: string; expectedEditedAt: string | null },
    viewer: Viewer,
  ): Promise<Comment> {
    const row = await this.db.transaction(async (tx) => {
      const current = await this.lockOwn(tx, input.threadId, input.commentId, viewer, 'edit');
      const version = iso(current.edited_at ?? current.created_at);
      if (input.expectedEditedAt && iso(input.expectedEditedAt) !== version) {
        const mine = await this.viewerReactions(tx, current.thread_id, [current.id], viewer.id);
        throw new AdapterError('conflict', 'The comment was changed in the meantime; review the current text.', {
          field: 'expectedEditedAt',
          current: this.mapper.toComment(current, viewer, mine),
        });
      }
      let editedAt = new Date();
      // Versions are compared at millisecond precision: never hand out the same one twice.
      if (editedAt.getTime() <= new Date(version).getTime()) editedAt = new Date(new Date(version).getTime() + 1);
      const { rows } = await tx.query<CommentRow>(`update comments set body = $2, edited_at = $3 where id = $1 returning ${COMMENT_COLUMNS}`, [
        current.id,
        input.body,
        editedAt.toISOString(),
      ]);
      const updated = rows[0] as CommentRow;
      if (updated.status === 'published') {
        await this.events.emit(tx, updated.thread_id, { type: 'edited', comment: this.mapper.toComment(updated, null) });
      }
      return updated;
    });
    const mine = await this.viewerReactions(this.db, row.thread_id, [row.id], viewer.id);
    return this.mapper.toComment(row, viewer, mine);
  }

  /** Locks a comment for a change by its author within the edit window. */
  private async lockOwn(tx: Queryable, threadId: string, commentId: string, viewer: Viewer, action: 'edit' | 'delete'): Promise<CommentRow> {
    const { rows } = await tx.query<CommentRow>(`select ${COMMENT_COLUMNS} from comments where id = $1 and thread_id = $2 for update`, [
      commentId,
      threadId,
    ]);
    const row = rows[0];
    const own = row !== undefined && viewer.id !== null && row.viewer_id === viewer.id;
    if (!row || row.status === 'deleted' || (row.status === 'pending' && !own)) {
      throw new AdapterError('not_found', 'This comment does not exist or was deleted.');
    }
    if (!own) throw new AdapterError('forbidden', `Only the author may ${action} this comment.`);
    if (Date.now() > new Date(row.created_at).getTime() + this.mapper.editWindowMs) {
      throw new AdapterError('forbidden', `The time to ${action} this comment has passed.`);
    }
    return row;
  }

  /**
   * Deletes a comment: its author within the window, or a moderator (`viewer` null) any time.
   * Resolves with the placeholder, or null when the comment is gone.
   */
  async delete(input: { threadId: string | null; commentId: string }, viewer: Viewer | null): Promise<Comment | null> {
    return this.db.transaction(async (tx) => {
      let row: CommentRow | undefined;
      if (viewer) row = await this.lockOwn(tx, input.threadId as string, input.commentId, viewer, 'delete');
      else {
        row = (await tx.query<CommentRow>(`select ${COMMENT_COLUMNS} from comments where id = $1 for update`, [input.commentId])).rows[0];
        if (!row || (row.status === 'deleted' && input.threadId !== null)) throw new AdapterError('not_found', 'This comment does not exist.');
      }
      const { placeholder, events } = await this.remove(tx, row, viewer === null);
      for (const event of events) await this.events.emit(tx, event.threadId, event);
      if (row.status === 'pending') await this.events.pendingChanged(tx, row.thread_id);
      return placeholder;
    });
  }

  /**
   * Removes a row: a placeholder keeps its place while replies hang under it; otherwise it goes,
   * and a placeholder parent left without replies goes with it. A moderator's removal (`keep`) is
   * kept in removed_comments as it was, so that it can be restored.
   */
  private async remove(tx: Queryable, row: CommentRow, keep = false) {
    if (keep) await keepRemoved(tx, row.id);
    const events: { type: 'deleted'; threadId: string; commentId: string; placeholder: Comment | null }[] = [];
    let placeholder: Comment | null = null;
    let current: CommentRow | null = row;
    let first = true;
    while (current) {
      const wasPublished = current.status === 'published';
      const wasListed = current.status !== 'pending';
      const { rows: children } = await tx.query('select 1 from comments where parent_id = $1 limit 1', [current.id]);
      if (children.length > 0) {
        if (current.status === 'deleted') break;
        const { rows } = await tx.query<CommentRow>(
          `update comments set status = 'deleted', body = '', author_name = '', author_url = null, author_avatar_url = null,
             author_email = null where id = $1 returning ${COMMENT_COLUMNS}`,
          [current.id],
        );
        const emptied = rows[0] as CommentRow;
        if (wasPublished) await this.countIn(tx, current, 0, -1);
        if (first) placeholder = this.mapper.toComment(emptied, { id: null, user: null });
        if (wasListed) {
          events.push({ type: 'deleted', threadId: current.thread_id, commentId: current.id, placeholder: this.mapper.toComment(emptied, null) });
        }
        break;
      }
      // A placeholder that goes with its last reply: kept (empty) so that a restored reply finds its place.
      if (keep && !first) await keepRemoved(tx, current.id);
      await tx.query('delete from reactions where thread_id = $1 and comment_id = $2', [current.thread_id, current.id]);
      await tx.query('delete from comments where id = $1', [current.id]);
      if (wasListed) {
        await this.countIn(tx, current, -1, wasPublished ? -1 : 0);
        events.push({ type: 'deleted', threadId: current.thread_id, commentId: current.id, placeholder: null });
      }
      first = false;
      const parentId: string | null = current.parent_id;
      if (!parentId) break;
      const result: { rows: CommentRow[] } = await tx.query<CommentRow>(`select ${COMMENT_COLUMNS} from comments where id = $1 for update`, [parentId]);
      const parent: CommentRow | undefined = result.rows[0];
      current = parent?.status === 'deleted' ? parent : null;
    }
    return { placeholder, events };
  }

  /**
   * Adjusts the counters a listed comment contributes to. `listed`: change of the level count
   * (top-level or parent's replies); `published`: change of the thread's comment count.
   */
  async countIn(tx: Queryable, row: { thread_id: string; parent_id: string | null }, listed: number, published: number): Promise<void> {
    await tx.query('update threads set comment_count = comment_count + $2, top_count = top_count + $3 where id = $1', [
      row.thread_id,
      published,
      row.parent_id ? 0 : listed,
    ]);
    if (row.parent_id && listed !== 0) {
      await tx.query('update comments set reply_count = reply_count + $2 where id = $1', [row.parent_id, listed]);
    }
  }
}

/** How long what moderators removed can be restored. */
export const KEEP_REMOVED_DAYS = 90;

/**
 * Keeps a comment a moderator removes, as it is now, with its readers' reactions: a comment with
 * text replaces what was kept of it before; an empty placeholder never does (what it said before
 * a moderator emptied it stays restorable). Older removals than KEEP_REMOVED_DAYS are forgotten.
 */
async function keepRemoved(tx: Queryable, commentId: string): Promise<void> {
  await tx.query(
    `insert into removed_comments (id, thread_id, reason, saved, reactions)
     select c.id, c.thread_id, case c.status when 'pending' then 'rejected' when 'deleted' then 'placeholder' else 'deleted' end,
            to_jsonb(c) - 'score',
            coalesce((select jsonb_agg(jsonb_build_object('viewer_id', r.viewer_id, 'reaction', r.reaction, 'created_at', r.created_at))
                        from reactions r where r.thread_id = c.thread_id and r.comment_id = c.id), '[]'::jsonb)
       from comments c where c.id = $1
     on conflict (id) do update set thread_id = excluded.thread_id, reason = excluded.reason, saved = excluded.saved,
                                    reactions = excluded.reactions, removed_at = excluded.removed_at
      where excluded.reason <> 'placeholder'`,
    [commentId],
  );
  await tx.query(`delete from removed_comments where removed_at < now() - interval '${KEEP_REMOVED_DAYS} days'`);
}

/** A page's JSON from its parts, each comment's `viewer` field written by `viewerJson`. */
function assemble(page: PageEntry, viewerJson: (part: PagePart) => string): string {
  const list = (parts: PagePart[]) => parts.map((part) => `${part.head}${viewerJson(part)}}`).join(',');
  const replies = page.replies ? `,"replies":[${list(page.replies)}]` : '';
  return `{"comments":[${list(page.comments)}],"nextCursor":${JSON.stringify(page.nextCursor)},"total":${page.total},"threadTotal":${page.threadTotal}${replies}}`;
}

/** A strong entity tag of a response body. */
export function entityTag(text: string): string {
  return `"${createHash('sha1').update(text).digest('base64url')}"`;
}

function reactionsByComment(pairs: [string, string][]): ReactionsByComment {
  const mine: ReactionsByComment = new Map();
  for (const [id, reaction] of pairs) {
    const list = mine.get(id);
    if (list) list.push(reaction);
    else mine.set(id, [reaction]);
  }
  return mine;
}

const parentNotFound = (): AdapterError =>
  new AdapterError('not_found', 'The comment to list replies of does not exist.', { field: 'parentId' });
