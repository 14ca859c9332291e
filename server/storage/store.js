import { createHash, randomUUID } from 'node:crypto';
import { HttpError } from '../http/errors.js';

/**
 * @typedef {import('./db.js').Database} Database
 * @typedef {import('./db.js').Queryable} Queryable
 * @typedef {{ id: string | null, user?: { id: string, name?: string, url?: string, avatarUrl?: string } | null }} Viewer
 * @typedef {'oldest' | 'newest' | 'top'} SortOrder
 */

/** Reactions that exclude each other, as in src/model/comment.ts. */
const EXCLUSIVE_REACTIONS = [['like', 'dislike']];
/** How deep `replies` embedding goes. */
const MAX_EMBED_DEPTH = 5;
/** Pages kept for anonymous readers, and for how long at most (events invalidate them sooner). */
const PAGE_CACHE_SIZE = 2000;
const PAGE_CACHE_MS = 5000;
/** Row sets kept for signed-in readers (see `#sharedRows`): fewer, as rows weigh more than text. */
const SHARED_ROWS_SIZE = 200;
/** Posts committed together at most (see `#insertPost`). */
const POST_BATCH_SIZE = 64;
/** Rows per statement when importing (see `import`). */
const IMPORT_CHUNK = 500;

/**
 * What a viewer ($2) sees: published comments, placeholders that still have replies, and their
 * own pending comments.
 */
const VISIBLE = `(status = 'published' or (status = 'deleted' and reply_count > 0) or (status = 'pending' and viewer_id = $2))`;

const COMMENT_COLUMNS = `id, thread_id, parent_id, author_name, author_url, author_avatar_url, author_user_id,
  viewer_id, body, status, created_at, edited_at, reply_count, reactions, score`;

/**
 * Ids of a page's comments and embedded replies.
 * @param {{ rows: { id: string }[], replyRows: { id: string }[] }} page @param {number} limit
 */
const rowIds = (page, limit) => [...page.rows.slice(0, limit), ...page.replyRows].map((row) => row.id);

/** @param {Date | string} value */
const iso = (value) => new Date(value).toISOString();

// One statement per post: check the parent, insert (unless the idempotency key exists), count,
// record the event and NOTIFY. Posting is the hot write.
const POST_SQL = `with parent as (
         select id from comments where id = $3 and thread_id = $2 and status = 'published' for update
       ), inserted as (
         insert into comments (id, thread_id, parent_id, author_name, author_url, author_avatar_url, author_user_id,
           author_email, viewer_id, body, status, created_at, idempotency_key)
         select $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13
          where $3::text is null or exists (select 1 from parent)
         on conflict (idempotency_key) do nothing
         returning id, parent_id
       ), replied as (
         update comments set reply_count = reply_count + 1
          where $14 and id = (select parent_id from inserted)
       ), counted as (
         insert into threads (id, comment_count, top_count)
         select $2, $15::integer, case when $3::text is null then $15::integer else 0 end from inserted
         on conflict (id) do update set comment_count = threads.comment_count + excluded.comment_count,
                                        top_count = threads.top_count + excluded.top_count
       ), event as (
         insert into events (thread_id, payload) select $2, $16::jsonb from inserted where $14 returning id, payload
       )
       select inserted.id,
              (select pg_notify($17, json_build_object('id', event.id::text, 'threadId', $2::text,
                        'event', case when octet_length(event.payload::text) < 7000 then event.payload end)::text) from event) as notified
         from inserted`;

// POST_SQL for a whole batch of posts in one statement (arrays unnested into rows, in arrival
// order): the embedded engine parses and plans one statement per batch instead of one per post,
// which is most of what a post costs it. Parents are checked against committed rows, as a reply
// can only name a comment its author already saw.
const POST_BATCH_SQL = `with input as (
         select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                              $9::text[], $10::text[], $11::text[], $12::timestamptz[], $13::text[], $14::boolean[], $15::jsonb[])
           with ordinality as i(id, thread_id, parent_id, author_name, author_url, author_avatar_url, author_user_id,
                                author_email, viewer_id, body, status, created_at, idempotency_key, published, payload, ord)
       ), parent as (
         select id, thread_id from comments
          where id in (select parent_id from input where parent_id is not null) and status = 'published' for update
       ), inserted as (
         insert into comments (id, thread_id, parent_id, author_name, author_url, author_avatar_url, author_user_id,
           author_email, viewer_id, body, status, created_at, idempotency_key)
         select id, thread_id, parent_id, author_name, author_url, author_avatar_url, author_user_id,
                author_email, viewer_id, body, status, created_at, idempotency_key
           from input i
          where i.parent_id is null or exists (select 1 from parent p where p.id = i.parent_id and p.thread_id = i.thread_id)
          order by ord
         on conflict (idempotency_key) do nothing
         returning id
       ), posted as (
         select input.* from input join inserted using (id)
       ), replied as (
         update comments set reply_count = reply_count + r.n
           from (select parent_id, count(*)::integer as n from posted where published and parent_id is not null group by parent_id) as r
          where comments.id = r.parent_id
       ), counted as (
         insert into threads (id, comment_count, top_count)
         select thread_id, (count(*) filter (where published))::integer, (count(*) filter (where published and parent_id is null))::integer
           from posted group by thread_id
         on conflict (id) do update set comment_count = threads.comment_count + excluded.comment_count,
                                        top_count = threads.top_count + excluded.top_count
       ), event as (
         insert into events (thread_id, payload) select thread_id, payload from posted where published order by ord
         returning id, thread_id, payload
       )
       select inserted.id,
              (select count(*) from (select pg_notify($16, json_build_object('id', event.id::text, 'threadId', event.thread_id,
                        'event', case when octet_length(event.payload::text) < 7000 then event.payload end)::text)
                                       from event order by event.id) as notices) as notified
         from inserted`;

/**
 * The only module that speaks SQL. Every statement is parameterised; a caller never builds SQL
 * from input. Writes that change what readers see record an event and NOTIFY in the same
 * transaction, so the event exists exactly when the change is committed.
 */
export class CommentStore {
  /**
   * @param {Database} db
   * @param {{ editWindowMinutes: number, moderation: 'off' | 'pre' }} options
   */
  constructor(db, options) {
    this.db = db;
    /** 0 in the configuration: authors may always edit. */
    this.editWindowMs = options.editWindowMinutes > 0 ? options.editWindowMinutes * 60_000 : Infinity;
    this.moderation = options.moderation;
    /** @type {Map<string, { text: string, threadId: string, expires: number }>} serialized pages for anonymous readers */
    this.pages = new Map();
    /** @type {Map<string, { rows: any[], replyRows: any[], threadId: string, expires: number }>} rows every reader without pending comments sees */
    this.sharedRows = new Map();
    /** @type {Map<string, number>} bumped by every change of a thread, so a page read during a change is not kept */
    this.generations = new Map();
    /** @type {{ params: unknown[], resolve: (rows: any[]) => void, reject: (err: unknown) => void }[]} posts waiting for the next commit */
    this.postQueue = [];
    this.postsDraining = false;
  }

  /**
   * `list` as JSON text. Readers without an identity all see the same page, so theirs come from a
   * small cache that every change of the thread empties (on every process: changes arrive through
   * NOTIFY and call `invalidate`). Most readers of an article never write, so most reads hit it.
   * @param {Parameters<CommentStore['list']>[0]} request @param {Viewer} viewer
   */
  async listJson(request, viewer) {
    if (viewer.id) return JSON.stringify(await this.list(request, viewer));
    const key = JSON.stringify([request.threadId, request.parentId, request.sort, request.cursor, request.limit, request.replies]);
    const hit = this.pages.get(key);
    if (hit && hit.expires > Date.now()) return hit.text;
    const generation = this.generations.get(request.threadId) ?? 0;
    const text = JSON.stringify(await this.list(request, viewer));
    if ((this.generations.get(request.threadId) ?? 0) === generation) {
      if (this.pages.size >= PAGE_CACHE_SIZE) this.pages.delete(/** @type {string} */ (this.pages.keys().next().value));
      this.pages.set(key, { text, threadId: request.threadId, expires: Date.now() + PAGE_CACHE_MS });
    }
    return text;
  }

  /** Forgets cached pages of a thread (null: of every thread). @param {string | null} threadId */
  invalidate(threadId) {
    if (threadId === null) {
      this.pages.clear();
      this.sharedRows.clear();
      for (const id of this.generations.keys()) this.generations.set(id, (this.generations.get(id) ?? 0) + 1);
      return;
    }
    this.generations.set(threadId, (this.generations.get(threadId) ?? 0) + 1);
    for (const [key, page] of this.pages) if (page.threadId === threadId) this.pages.delete(key);
    for (const [key, entry] of this.sharedRows) if (entry.threadId === threadId) this.sharedRows.delete(key);
  }

  // ---- reading -------------------------------------------------------------------------------

  /**
   * @param {{ threadId: string, parentId: string | null, sort: SortOrder, cursor: unknown[] | null, limit: number, replies: number }} request
   * @param {Viewer} viewer
   */
  async list(request, viewer) {
    const { threadId, parentId, limit } = request;
    const sort = parentId ? 'oldest' : request.sort;
    const viewerId = viewer.id;
    let levelTotal;
    if (parentId) {
      const parent = await this.#visibleComment(this.db, threadId, parentId, viewerId);
      if (!parent) throw new HttpError(404, 'not_found', 'The comment to list replies of does not exist.', 'parentId');
      levelTotal = parent.reply_count;
    }
    // The rows every reader without pending comments sees (often cached), then in one round trip
    // the counters, the viewer's pending comments and the viewer's reactions on those rows: all
    // that a signed-in reader's page costs beyond an anonymous one. Reactions are read for the
    // whole page at once; a subquery per row started a sort per comment.
    const shared = await this.#sharedRows(request, sort);
    const { rows: counters } = await this.db.query(
      `select t.comment_count, t.top_count, p.n as pending, p.level as pending_here,
              (select json_agg(json_build_array(r.comment_id, r.reaction) order by r.created_at) from reactions r
                where $2::text is not null and r.viewer_id = $2 and r.thread_id = $1 and r.comment_id = any($4::text[])) as mine
         from threads t,
              lateral (select count(*)::integer as n, count(*) filter (where parent_id is not distinct from $3)::integer as level
                         from comments where thread_id = t.id and viewer_id = $2 and status = 'pending') as p
        where t.id = $1`,
      [threadId, viewerId, parentId, rowIds(shared, limit)],
    );
    const thread = counters[0];
    if (!parentId) levelTotal = thread?.top_count ?? 0;
    const ownPending = thread?.pending ?? 0;
    levelTotal += thread?.pending_here ?? 0;

    /** @type {Map<string, string[]>} */
    let mine = new Map();
    let { rows, replyRows } = shared;
    if (ownPending > 0) {
      ({ rows, replyRows } = await this.#rows(request, sort, viewerId));
      mine = await this.#viewerReactions(threadId, rowIds({ rows, replyRows }, limit), viewerId);
    } else {
      for (const [id, reaction] of thread?.mine ?? []) mine.set(id, [...(mine.get(id) ?? []), reaction]);
    }
    const more = rows.length > limit;
    const pageRows = more ? rows.slice(0, limit) : rows;
    const last = pageRows.at(-1);
    const nextCursor = more && last ? encodeCursor(sort === 'top' ? [last.score, iso(last.created_at), last.id] : [iso(last.created_at), last.id]) : null;
    const page = {
      comments: pageRows.map((row) => this.toComment(row, viewer, mine)),
      nextCursor,
      total: levelTotal ?? 0,
      threadTotal: (thread?.comment_count ?? 0) + ownPending,
    };
    if (request.replies > 0) page.replies = replyRows.map((row) => this.toComment(row, viewer, mine));
    return page;
  }

  /**
   * The page's rows (one more than asked, to tell whether there is a next page) and its embedded
   * replies' rows, as `viewerId` sees them.
   * @param {Parameters<CommentStore['list']>[0]} request @param {SortOrder} sort @param {string | null} viewerId
   */
  async #rows(request, sort, viewerId) {
    const { threadId, parentId, limit } = request;
    const rows = await this.#page(threadId, parentId, sort, request.cursor, limit + 1, viewerId);
    const pageRows = rows.slice(0, limit);
    const replyRows = request.replies > 0 ? await this.#embeddedReplies(pageRows, request.replies, viewerId) : [];
    return { rows, replyRows };
  }

  /**
   * `#rows` as a reader without pending comments sees them, kept like the anonymous pages (and
   * emptied with them): a signed-in reader's page then costs two small queries, not the page's.
   * @param {Parameters<CommentStore['list']>[0]} request @param {SortOrder} sort
   */
  async #sharedRows(request, sort) {
    const key = JSON.stringify([request.threadId, request.parentId, sort, request.cursor, request.limit, request.replies]);
    const hit = this.sharedRows.get(key);
    if (hit && hit.expires > Date.now()) return hit;
    const generation = this.generations.get(request.threadId) ?? 0;
    const rows = await this.#rows(request, sort, null);
    if ((this.generations.get(request.threadId) ?? 0) === generation) {
      if (this.sharedRows.size >= SHARED_ROWS_SIZE) this.sharedRows.delete(/** @type {string} */ (this.sharedRows.keys().next().value));
      this.sharedRows.set(key, { ...rows, threadId: request.threadId, expires: Date.now() + PAGE_CACHE_MS });
    }
    return rows;
  }

  /**
   * @param {string} threadId @param {string | null} parentId @param {SortOrder} sort
   * @param {unknown[] | null} cursor @param {number} limit @param {string | null} viewerId
   */
  async #page(threadId, parentId, sort, cursor, limit, viewerId) {
    const visible = VISIBLE;
    /** @type {unknown[]} */
    const params = [parentId ?? threadId, viewerId, limit];
    const level = parentId ? 'parent_id = $1' : 'thread_id = $1 and parent_id is null';
    let after = '';
    let order;
    if (sort === 'top') {
      order = 'score desc, created_at desc, id desc';
      if (cursor) {
        params.push(cursor[0], cursor[1], cursor[2]);
        after = 'and (score, created_at, id) < ($4::integer, $5::timestamptz, $6::text)';
      }
    } else {
      const desc = sort === 'newest';
      order = desc ? 'created_at desc, id desc' : 'created_at, id';
      if (cursor) {
        params.push(cursor[0], cursor[1]);
        after = `and (created_at, id) ${desc ? '<' : '>'} ($4::timestamptz, $5::text)`;
      }
    }
    const sql = `select ${COMMENT_COLUMNS} from comments where ${level} and ${visible} ${after} order by ${order} limit $3`;
    return (await this.db.query(sql, params)).rows;
  }

  /** Up to `breadth` oldest replies of each comment, level by level. */
  async #embeddedReplies(rows, breadth, viewerId) {
    const all = [];
    let parents = rows.filter((row) => row.reply_count > 0 || row.viewer_id === viewerId).map((row) => row.id);
    for (let depth = 0; depth < MAX_EMBED_DEPTH && parents.length > 0; depth++) {
      const { rows: level } = await this.db.query(
        `select r.* from unnest($1::text[]) as p(id)
           cross join lateral (
             select ${COMMENT_COLUMNS} from comments
              where parent_id = p.id and ${VISIBLE}
              order by created_at, id limit $3) as r`,
        [parents, viewerId, breadth],
      );
      all.push(...level);
      parents = level.filter((row) => row.reply_count > 0 || (viewerId && row.viewer_id === viewerId)).map((row) => row.id);
    }
    return all;
  }

  /**
   * @param {string} threadId @param {string[]} ids @param {string | null} viewerId
   * @param {Queryable} [q] the transaction when called inside one (PGlite would wait forever on
   *   a query outside the transaction it is running)
   */
  async #viewerReactions(threadId, ids, viewerId, q = this.db) {
    /** @type {Map<string, string[]>} */
    const mine = new Map();
    if (!viewerId || ids.length === 0) return mine;
    const { rows } = await q.query(
      'select comment_id, reaction from reactions where viewer_id = $1 and thread_id = $2 and comment_id = any($3::text[]) order by created_at',
      [viewerId, threadId, ids],
    );
    for (const row of rows) mine.set(row.comment_id, [...(mine.get(row.comment_id) ?? []), row.reaction]);
    return mine;
  }

  /** @param {Queryable} q @param {string} threadId @param {string} id @param {string | null} viewerId */
  async #visibleComment(q, threadId, id, viewerId) {
    const { rows } = await q.query(`select ${COMMENT_COLUMNS} from comments where id = $1 and thread_id = $2`, [id, threadId]);
    const row = rows[0];
    if (!row || (row.status === 'pending' && (!viewerId || row.viewer_id !== viewerId))) return null;
    if (row.status === 'deleted' && row.reply_count === 0) return null;
    return row;
  }

  /** Published comments per thread, plus the viewer's own pending ones. @param {string[]} threadIds @param {Viewer} viewer */
  async count(threadIds, viewer) {
    const { rows } = await this.db.query('select id, comment_count from threads where id = any($1::text[])', [threadIds]);
    /** @type {Record<string, number>} */
    const counts = {};
    for (const id of threadIds) counts[id] = 0;
    for (const row of rows) counts[row.id] = row.comment_count;
    if (viewer.id) {
      const pending = await this.db.query(
        `select thread_id, count(*)::integer as n from comments
          where thread_id = any($1::text[]) and viewer_id = $2 and status = 'pending' group by thread_id`,
        [threadIds, viewer.id],
      );
      for (const row of pending.rows) counts[row.thread_id] += row.n;
    }
    return counts;
  }

  /**
   * Turns a row into the wire `Comment`. `viewer` null: no viewer field (events, admin lists).
   * @param {any} row @param {Viewer | null} viewer @param {Map<string, string[]>} [mine]
   */
  toComment(row, viewer, mine) {
    const deleted = row.status === 'deleted';
    /** @type {Record<string, unknown>} */
    const author = { name: deleted ? '' : row.author_name };
    if (!deleted) {
      if (row.author_user_id) author.id = row.author_user_id;
      if (row.author_url) author.url = row.author_url;
      if (row.author_avatar_url) author.avatarUrl = row.author_avatar_url;
    }
    /** @type {Record<string, unknown>} */
    const comment = {
      id: row.id,
      threadId: row.thread_id,
      parentId: row.parent_id ?? null,
      author,
      body: deleted ? '' : row.body,
      createdAt: iso(row.created_at),
      editedAt: row.edited_at ? iso(row.edited_at) : null,
      status: row.status,
      reactions: deleted ? {} : { ...row.reactions },
      replyCount: row.reply_count,
    };
    if (viewer) {
      const own = Boolean(viewer.id && row.viewer_id === viewer.id) && !deleted;
      const until = new Date(row.created_at).getTime() + this.editWindowMs;
      const open = own && Date.now() < until;
      comment.viewer = {
        reactions: mine?.get(row.id) ?? [],
        canEdit: open,
        canDelete: open,
        editableUntil: own && Number.isFinite(until) ? new Date(until).toISOString() : null,
      };
    }
    return comment;
  }

  // ---- writing -------------------------------------------------------------------------------

  /**
   * @param {{ threadId: string, parentId: string | null, body: string, author: { name: string, email?: string, url?: string, avatarUrl?: string, userId?: string }, idempotencyKey: string }} input
   * @param {Viewer} viewer
   * @returns {Promise<{ comment: object, replayed: boolean }>}
   */
  async post(input, viewer) {
    // A retried post (same idempotency key) inserts nothing and is answered from `replay`.
    const status = this.moderation === 'pre' ? 'pending' : 'published';
    const id = randomUUID();
    const now = new Date().toISOString();
    const published = status === 'published';
    const row = {
      id,
      thread_id: input.threadId,
      parent_id: input.parentId,
      author_name: input.author.name,
      author_url: input.author.url ?? null,
      author_avatar_url: input.author.avatarUrl ?? null,
      author_user_id: input.author.userId ?? null,
      viewer_id: viewer.id,
      body: input.body,
      status,
      created_at: now,
      edited_at: null,
      reply_count: 0,
      reactions: {},
    };
    this.invalidate(input.threadId);
    const rows = await this.#insertPost(
      [
        id,
        input.threadId,
        input.parentId,
        row.author_name,
        row.author_url,
        row.author_avatar_url,
        row.author_user_id,
        input.author.email ?? null,
        viewer.id,
        input.body,
        status,
        now,
        input.idempotencyKey,
        published,
        published ? 1 : 0,
        JSON.stringify({ type: 'created', comment: this.toComment(row, null) }),
        this.db.channel,
      ],
    );
    if (rows.length === 0) {
      const replayed = await this.replay(input, viewer);
      if (replayed) return replayed;
      throw new HttpError(404, 'not_found', 'The comment you are replying to does not exist or was removed.', 'parentId');
    }
    const result = row;
    return { comment: this.toComment(result, viewer), replayed: false };
  }

  /**
   * Runs POST_SQL for one post, batched with the posts that arrive while the previous batch
   * commits: one statement (POST_BATCH_SQL: one transaction, one disk sync, one pass over the
   * thread's counter row) for many posts, each still acknowledged only after its commit. A batch
   * that fails is retried post by post, so one bad post never fails the others.
   * @param {unknown[]} params @returns {Promise<any[]>}
   */
  #insertPost(params) {
    return new Promise((resolve, reject) => {
      this.postQueue.push({ params, resolve, reject });
      if (this.postsDraining) return;
      this.postsDraining = true;
      setImmediate(() => void this.#drainPosts());
    });
  }

  async #drainPosts() {
    try {
      while (this.postQueue.length > 0) {
        const batch = this.postQueue.splice(0, POST_BATCH_SIZE);
        // Two posts with one idempotency key in a batch go one by one, so the second sees the first.
        if (batch.length > 1 && new Set(batch.map((item) => item.params[12])).size === batch.length) {
          try {
            const column = (/** @type {number} */ i) => batch.map((item) => item.params[i]);
            const { rows } = await this.db.query(POST_BATCH_SQL, [
              ...Array.from({ length: 14 }, (_, i) => column(i)),
              column(15),
              this.db.channel,
            ]);
            const inserted = new Set(rows.map((row) => row.id));
            for (const item of batch) item.resolve(inserted.has(item.params[0]) ? [{ id: item.params[0] }] : []);
            continue;
          } catch {
            // fall through: each post on its own
          }
        }
        for (const item of batch) {
          await this.db.query(POST_SQL, item.params).then((result) => item.resolve(result.rows), item.reject);
        }
      }
    } finally {
      this.postsDraining = false;
    }
  }

  /**
   * The comment an earlier post with this idempotency key created, or null.
   * @param {{ threadId: string, idempotencyKey: string }} input @param {Viewer} viewer
   */
  async replay(input, viewer) {
    const { rows } = await this.db.query(`select ${COMMENT_COLUMNS} from comments where idempotency_key = $1`, [input.idempotencyKey]);
    const row = rows[0];
    if (!row) return null;
    if (row.thread_id !== input.threadId) {
      throw new HttpError(409, 'conflict', 'This idempotency key was already used for another thread.', 'idempotencyKey');
    }
    const mine = await this.#viewerReactions(row.thread_id, [row.id], viewer.id);
    return { comment: this.toComment(row, viewer, mine), replayed: true };
  }

  /**
   * Adjusts the counters a listed comment contributes to. `listed`: change of the level count
   * (top-level or parent's replies); `published`: change of the thread's comment count.
   * @param {Queryable} tx @param {{ thread_id: string, parent_id: string | null }} row @param {number} listed @param {number} published
   */
  async #countIn(tx, row, listed, published) {
    await tx.query(
      'update threads set comment_count = comment_count + $2, top_count = top_count + $3 where id = $1',
      [row.thread_id, published, row.parent_id ? 0 : listed],
    );
    if (row.parent_id && listed !== 0) {
      await tx.query('update comments set reply_count = reply_count + $2 where id = $1', [row.parent_id, listed]);
    }
  }

  /**
   * @param {{ threadId: string, commentId: string, body: string, expectedEditedAt: string | null }} input
   * @param {Viewer} viewer
   */
  async edit(input, viewer) {
    const row = await this.db.transaction(async (tx) => {
      const current = await this.#lockOwn(tx, input.threadId, input.commentId, viewer, 'edit');
      const version = iso(current.edited_at ?? current.created_at);
      if (input.expectedEditedAt && iso(input.expectedEditedAt) !== version) {
        const mine = await this.#viewerReactions(current.thread_id, [current.id], viewer.id, tx);
        throw new HttpError(409, 'conflict', 'The comment was changed in the meantime; review the current text.', 'expectedEditedAt', {
          current: this.toComment(current, viewer, mine),
        });
      }
      let editedAt = new Date();
      // Versions are compared at millisecond precision: never hand out the same one twice.
      if (editedAt.getTime() <= new Date(version).getTime()) editedAt = new Date(new Date(version).getTime() + 1);
      const { rows } = await tx.query(`update comments set body = $2, edited_at = $3 where id = $1 returning ${COMMENT_COLUMNS}`, [
        current.id,
        input.body,
        editedAt.toISOString(),
      ]);
      if (rows[0].status === 'published') await this.#emit(tx, rows[0].thread_id, { type: 'edited', comment: this.toComment(rows[0], null) });
      return rows[0];
    });
    const mine = await this.#viewerReactions(row.thread_id, [row.id], viewer.id);
    return this.toComment(row, viewer, mine);
  }

  /**
   * Locks a comment for a change by its author within the edit window.
   * @param {Queryable} tx @param {string} threadId @param {string} commentId @param {Viewer} viewer @param {'edit' | 'delete'} action
   */
  async #lockOwn(tx, threadId, commentId, viewer, action) {
    const { rows } = await tx.query(`select ${COMMENT_COLUMNS} from comments where id = $1 and thread_id = $2 for update`, [commentId, threadId]);
    const row = rows[0];
    const own = row && viewer.id && row.viewer_id === viewer.id;
    if (!row || row.status === 'deleted' || (row.status === 'pending' && !own)) {
      throw new HttpError(404, 'not_found', 'This comment does not exist or was deleted.');
    }
    if (!own) throw new HttpError(403, 'forbidden', `Only the author may ${action} this comment.`);
    if (Date.now() > new Date(row.created_at).getTime() + this.editWindowMs) {
      throw new HttpError(403, 'forbidden', `The time to ${action} this comment has passed.`);
    }
    return row;
  }

  /**
   * Deletes a comment: its author within the window, or a moderator (`viewer` null) any time.
   * @param {{ threadId: string | null, commentId: string }} input
   * @param {Viewer | null} viewer
   * @returns {Promise<object | null>} the placeholder, or null when the comment is gone
   */
  async delete(input, viewer) {
    const outcome = await this.db.transaction(async (tx) => {
      let row;
      if (viewer) row = await this.#lockOwn(tx, /** @type {string} */ (input.threadId), input.commentId, viewer, 'delete');
      else {
        row = (await tx.query(`select ${COMMENT_COLUMNS} from comments where id = $1 for update`, [input.commentId])).rows[0];
        if (!row || (row.status === 'deleted' && input.threadId !== null)) throw new HttpError(404, 'not_found', 'This comment does not exist.');
      }
      const outcome = await this.#remove(tx, row);
      for (const removed of outcome.events) await this.#emit(tx, removed.threadId, removed);
      return outcome;
    });
    return outcome.placeholder;
  }

  /**
   * Removes a row: a placeholder keeps its place while replies hang under it; otherwise it goes,
   * and a placeholder parent left without replies goes with it.
   * @param {Queryable} tx @param {any} row
   */
  async #remove(tx, row) {
    const events = [];
    let placeholder = null;
    let current = row;
    let first = true;
    while (current) {
      const wasPublished = current.status === 'published';
      const wasListed = current.status !== 'pending';
      const { rows: children } = await tx.query('select 1 from comments where parent_id = $1 limit 1', [current.id]);
      if (children.length > 0) {
        if (current.status === 'deleted') break;
        const { rows } = await tx.query(
          `update comments set status = 'deleted', body = '', author_name = '', author_url = null, author_avatar_url = null,
             author_email = null where id = $1 returning ${COMMENT_COLUMNS}`,
          [current.id],
        );
        if (wasPublished) await this.#countIn(tx, current, 0, -1);
        const comment = this.toComment(rows[0], null);
        if (first) placeholder = this.toComment(rows[0], { id: null });
        if (wasListed) events.push({ type: 'deleted', threadId: current.thread_id, commentId: current.id, placeholder: comment });
        break;
      }
      await tx.query('delete from reactions where thread_id = $1 and comment_id = $2', [current.thread_id, current.id]);
      await tx.query('delete from comments where id = $1', [current.id]);
      if (wasListed) {
        await this.#countIn(tx, current, -1, wasPublished ? -1 : 0);
        events.push({ type: 'deleted', threadId: current.thread_id, commentId: current.id, placeholder: null });
      }
      first = false;
      if (!current.parent_id) break;
      const { rows: parents } = await tx.query(`select ${COMMENT_COLUMNS} from comments where id = $1 for update`, [current.parent_id]);
      current = parents[0]?.status === 'deleted' ? parents[0] : null;
    }
    return { placeholder, events };
  }

  // ---- reactions -----------------------------------------------------------------------------

  /** @param {{ threadId: string, commentId: string | null }} target @param {Viewer} viewer */
  async getReactions(target, viewer) {
    const counts = await this.#targetCounts(this.db, target, false);
    return { reactions: counts ?? {}, viewer: await this.#mineOn(this.db, target, viewer.id) };
  }

  /**
   * Sets or clears one reaction of the viewer; `like` and `dislike` exclude each other.
   * @param {{ threadId: string, commentId: string | null, reaction: string, active: boolean }} input
   * @param {Viewer} viewer
   */
  async react(input, viewer) {
    const viewerId = /** @type {string} */ (viewer.id);
    const commentKey = input.commentId ?? '';
    const result = await this.db.transaction(async (tx) => {
      if (!input.commentId) await tx.query('insert into threads (id) values ($1) on conflict (id) do nothing', [input.threadId]);
      const counts = /** @type {Record<string, number>} */ (await this.#targetCounts(tx, input, true));
      let changed = false;
      const bump = (/** @type {string} */ name, /** @type {number} */ delta) => {
        const next = (counts[name] ?? 0) + delta;
        if (next > 0) counts[name] = next;
        else delete counts[name];
        changed = true;
      };
      if (input.active) {
        const rivals = EXCLUSIVE_REACTIONS.find((group) => group.includes(input.reaction))?.filter((name) => name !== input.reaction) ?? [];
        if (rivals.length > 0) {
          const { rows } = await tx.query(
            'delete from reactions where viewer_id = $1 and thread_id = $2 and comment_id = $3 and reaction = any($4::text[]) returning reaction',
            [viewerId, input.threadId, commentKey, rivals],
          );
          for (const row of rows) bump(row.reaction, -1);
        }
        const { rows } = await tx.query(
          `insert into reactions (viewer_id, thread_id, comment_id, reaction) values ($1, $2, $3, $4)
           on conflict do nothing returning reaction`,
          [viewerId, input.threadId, commentKey, input.reaction],
        );
        if (rows.length > 0) bump(input.reaction, 1);
      } else {
        const { rows } = await tx.query(
          'delete from reactions where viewer_id = $1 and thread_id = $2 and comment_id = $3 and reaction = $4 returning reaction',
          [viewerId, input.threadId, commentKey, input.reaction],
        );
        if (rows.length > 0) bump(input.reaction, -1);
      }
      if (changed) {
        if (input.commentId) await tx.query('update comments set reactions = $2 where id = $1', [input.commentId, counts]);
        else await tx.query('update threads set reactions = $2 where id = $1', [input.threadId, counts]);
        await this.#emit(tx, input.threadId, { type: 'reactions', threadId: input.threadId, commentId: input.commentId, reactions: counts });
      }
      return { counts, mine: await this.#mineOn(tx, input, viewerId) };
    });
    return { reactions: result.counts, viewer: result.mine };
  }

  /**
   * @param {Queryable} q @param {{ threadId: string, commentId: string | null }} target @param {boolean} lock
   * @returns {Promise<Record<string, number> | null>}
   */
  async #targetCounts(q, target, lock) {
    const forUpdate = lock ? 'for update' : '';
    if (!target.commentId) {
      const { rows } = await q.query(`select reactions from threads where id = $1 ${forUpdate}`, [target.threadId]);
      return { ...(rows[0]?.reactions ?? {}) };
    }
    const { rows } = await q.query(`select reactions, status from comments where id = $1 and thread_id = $2 ${forUpdate}`, [
      target.commentId,
      target.threadId,
    ]);
    if (!rows[0] || rows[0].status !== 'published') throw new HttpError(404, 'not_found', 'This comment does not exist or is not published.');
    return { ...rows[0].reactions };
  }

  /** @param {Queryable} q @param {{ threadId: string, commentId: string | null }} target @param {string | null} viewerId */
  async #mineOn(q, target, viewerId) {
    if (!viewerId) return [];
    const { rows } = await q.query(
      'select reaction from reactions where viewer_id = $1 and thread_id = $2 and comment_id = $3 order by created_at',
      [viewerId, target.threadId, target.commentId ?? ''],
    );
    return rows.map((row) => row.reaction);
  }

  // ---- reports -------------------------------------------------------------------------------

  /** @param {{ threadId: string, commentId: string, reason: string, note: string | null }} input @param {Viewer} viewer */
  async reportComment(input, viewer) {
    const found = await this.#visibleComment(this.db, input.threadId, input.commentId, viewer.id);
    if (!found || found.status === 'deleted') throw new HttpError(404, 'not_found', 'This comment does not exist.');
    await this.db.query(
      `insert into comment_reports (comment_id, viewer_id, reason, note) values ($1, $2, $3, $4) on conflict do nothing`,
      [input.commentId, viewer.id, input.reason, input.note],
    );
  }

  /**
   * Identical reports (same page, quote and suggestion) merge; the count is of distinct reporters.
   * @param {{ url: string, threadId: string | null, quote: { exact: string, prefix: string, suffix: string }, suggestion: string | null, comment: string | null }} input
   * @param {Viewer} viewer
   */
  async reportTypo(input, viewer) {
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([input.url, input.quote.exact, input.quote.prefix, input.quote.suffix, input.suggestion ?? '']))
      .digest('base64url');
    return this.db.transaction(async (tx) => {
      await tx.query(
        `insert into typo_reports (id, fingerprint, url, thread_id, exact, prefix, suffix, suggestion)
         values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (fingerprint) do nothing`,
        [randomUUID(), fingerprint, input.url, input.threadId, input.quote.exact, input.quote.prefix, input.quote.suffix, input.suggestion],
      );
      const { rows } = await tx.query('select id from typo_reports where fingerprint = $1 for update', [fingerprint]);
      const id = rows[0].id;
      const vote = await tx.query(
        'insert into typo_votes (report_id, viewer_id, comment) values ($1, $2, $3) on conflict do nothing returning report_id',
        [id, viewer.id, input.comment],
      );
      const bump = vote.rows.length > 0 ? 1 : 0;
      const updated = await tx.query(
        'update typo_reports set report_count = report_count + $2, updated_at = now() where id = $1 returning report_count',
        [id, bump],
      );
      return { id, count: updated.rows[0].report_count };
    });
  }

  // ---- moderation ----------------------------------------------------------------------------

  /** @param {{ limit: number, cursor: unknown[] | null }} request */
  async pendingComments({ limit, cursor }) {
    const params = [limit + 1];
    let after = '';
    if (cursor) {
      params.push(cursor[0], cursor[1]);
      after = 'and (created_at, id) > ($2::timestamptz, $3::text)';
    }
    const { rows } = await this.db.query(
      `select ${COMMENT_COLUMNS}, author_email from comments where status = 'pending' ${after} order by created_at, id limit $1`,
      params,
    );
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page.at(-1);
    return {
      comments: page.map((row) => ({ ...this.toComment(row, null), authorEmail: row.author_email ?? null })),
      nextCursor: more && last ? encodeCursor([iso(last.created_at), last.id]) : null,
    };
  }

  /** @param {{ limit: number }} request */
  async reportedComments({ limit }) {
    const { rows } = await this.db.query(
      `select ${COMMENT_COLUMNS.replace(/(\w+)/g, 'c.$1')}, c.author_email, r.report_count, r.reasons, r.notes
         from (select comment_id, count(*)::integer as report_count, jsonb_agg(reason) as reasons,
                      coalesce(jsonb_agg(note) filter (where note is not null), '[]'::jsonb) as notes, max(created_at) as last_report
                 from comment_reports group by comment_id) as r
         join comments c on c.id = r.comment_id
        order by r.report_count desc, r.last_report desc limit $1`,
      [limit],
    );
    return {
      comments: rows.map((row) => {
        /** @type {Record<string, number>} */
        const reasons = {};
        for (const reason of row.reasons) reasons[reason] = (reasons[reason] ?? 0) + 1;
        return {
          ...this.toComment(row, null),
          authorEmail: row.author_email ?? null,
          reports: { count: row.report_count, reasons, notes: row.notes },
        };
      }),
      nextCursor: null,
    };
  }

  /** Publishes a pending comment. @param {string} commentId */
  async approve(commentId) {
    const row = await this.db.transaction(async (tx) => {
      const { rows } = await tx.query(`select ${COMMENT_COLUMNS} from comments where id = $1 for update`, [commentId]);
      const current = rows[0];
      if (!current) throw new HttpError(404, 'not_found', 'This comment does not exist.');
      if (current.status !== 'pending') return current;
      if (current.parent_id) {
        const parent = await tx.query('select status from comments where id = $1', [current.parent_id]);
        if (parent.rows[0]?.status === 'pending') throw new HttpError(409, 'conflict', 'Approve the comment it replies to first.');
      }
      const updated = await tx.query(`update comments set status = 'published' where id = $1 returning ${COMMENT_COLUMNS}`, [commentId]);
      await this.#countIn(tx, current, 1, 1);
      await this.#emit(tx, current.thread_id, { type: 'created', comment: this.toComment(updated.rows[0], null) });
      return updated.rows[0];
    });
    return this.toComment(row, null);
  }

  /** Drops a pending comment (or removes a published one, like a moderator delete). @param {string} commentId */
  async reject(commentId) {
    return this.delete({ threadId: null, commentId }, null);
  }

  /** @param {string} commentId */
  async dismissReports(commentId) {
    await this.db.query('delete from comment_reports where comment_id = $1', [commentId]);
  }

  /** @param {{ status: string, limit: number }} request */
  async typoReports({ status, limit }) {
    const { rows } = await this.db.query(
      `select t.*, coalesce((select jsonb_agg(v.comment order by v.created_at) from typo_votes v
                              where v.report_id = t.id and v.comment is not null), '[]'::jsonb) as comments
         from typo_reports t where status = $1 order by report_count desc, updated_at desc limit $2`,
      [status, limit],
    );
    return { typos: rows.map(toTypo) };
  }

  /** @param {string} id @param {string} status */
  async setTypoStatus(id, status) {
    const { rows } = await this.db.query(
      `update typo_reports t set status = $2, updated_at = now() where id = $1
       returning t.*, coalesce((select jsonb_agg(v.comment order by v.created_at) from typo_votes v
                                 where v.report_id = t.id and v.comment is not null), '[]'::jsonb) as comments`,
      [id, status],
    );
    if (!rows[0]) throw new HttpError(404, 'not_found', 'This typo report does not exist.');
    return toTypo(rows[0]);
  }

  /**
   * Stores comments as given, skipping ids that exist, then recomputes the counters they touch.
   * Seeds with an `author.id` belong to that site user (they may edit them with a user token);
   * `reactionsOf` names the user whose reactions the seeds' `viewer.reactions` are.
   * @param {any[]} comments validated `Comment` objects
   * @param {string | null} reactionsOf
   */
  async import(comments, reactionsOf) {
    const result = await this.db.transaction(async (tx) => {
      // One statement per chunk (arrays unnested into rows): importing 100,000 comments takes
      // seconds, not minutes of row-by-row round trips. Chunks, not the whole request at once:
      // the embedded engine's heap grows to the largest statement it ever ran and never shrinks.
      /** @type {{ id: string, thread_id: string, parent_id: string | null }[]} */
      const inserted = [];
      for (let start = 0; start < comments.length; start += IMPORT_CHUNK) {
        const chunk = comments.slice(start, start + IMPORT_CHUNK);
        const column = (/** @type {(c: any) => unknown} */ pick) => chunk.map(pick);
        const { rows } = await tx.query(
          `insert into comments (id, thread_id, parent_id, author_name, author_url, author_avatar_url, author_user_id,
             body, status, created_at, edited_at, reactions, viewer_id)
           select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
             $8::text[], $9::text[], $10::timestamptz[], $11::timestamptz[], $12::jsonb[], $13::text[])
           on conflict (id) do nothing returning id, thread_id, parent_id`,
          [
            column((c) => c.id),
            column((c) => c.threadId),
            column((c) => c.parentId),
            column((c) => c.author.name),
            column((c) => c.author.url ?? null),
            column((c) => c.author.avatarUrl ?? null),
            column((c) => c.author.id ?? null),
            column((c) => (c.status === 'deleted' ? '' : c.body)),
            column((c) => c.status),
            column((c) => iso(c.createdAt)),
            column((c) => (c.editedAt ? iso(c.editedAt) : null)),
            column((c) => JSON.stringify(c.reactions)),
            column((c) => (c.author.id ? `u:${c.author.id}` : null)),
          ],
        );
        for (const row of rows) inserted.push(row);
      }
      const imported = inserted.length;
      const threads = new Set(inserted.map((row) => row.thread_id));
      const parents = new Set(inserted.filter((row) => row.parent_id).map((row) => row.parent_id));
      if (reactionsOf) {
        const fresh = new Set(inserted.map((row) => row.id));
        for (const c of comments) {
          if (!fresh.has(c.id)) continue;
          for (const reaction of c.viewerReactions) {
            await tx.query(
              'insert into reactions (viewer_id, thread_id, comment_id, reaction) values ($1, $2, $3, $4) on conflict do nothing',
              [`u:${reactionsOf}`, c.threadId, c.id, reaction],
            );
          }
        }
      }
      const threadIds = [...threads];
      // Parents must exist in the same thread: checked now that the whole batch is in.
      const replies = inserted.filter((row) => row.parent_id).map((row) => row.id);
      for (let start = 0; start < replies.length; start += IMPORT_CHUNK) {
        const orphans = await tx.query(
          `select c.id from comments c left join comments p on p.id = c.parent_id
            where c.id = any($1::text[]) and (p.id is null or p.thread_id <> c.thread_id) limit 1`,
          [replies.slice(start, start + IMPORT_CHUNK)],
        );
        if (orphans.rows[0]) {
          throw new HttpError(400, 'validation', `Comment ${orphans.rows[0].id} replies to a comment that is not in its thread.`, 'parentId');
        }
      }
      // Listed replies: published ones, and placeholders that themselves have replies.
      const parentIds = [...parents];
      for (let start = 0; start < parentIds.length; start += IMPORT_CHUNK) {
        await tx.query(
          `update comments p set reply_count = (
             select count(*) from comments r where r.parent_id = p.id
                and (r.status = 'published' or (r.status = 'deleted' and exists (select 1 from comments g where g.parent_id = r.id))))
            where p.id = any($1::text[])`,
          [parentIds.slice(start, start + IMPORT_CHUNK)],
        );
      }
      await tx.query(
        `insert into threads (id, comment_count, top_count)
         select t.id,
                (select count(*) from comments c where c.thread_id = t.id and c.status = 'published'),
                (select count(*) from comments c where c.thread_id = t.id and c.parent_id is null
                    and (c.status = 'published' or (c.status = 'deleted' and c.reply_count > 0)))
           from unnest($1::text[]) as t(id)
         on conflict (id) do update set comment_count = excluded.comment_count, top_count = excluded.top_count`,
        [threadIds],
      );
      return { imported, skipped: comments.length - imported };
    });
    this.invalidate(null);
    return result;
  }

  // ---- events --------------------------------------------------------------------------------

  /**
   * Records an event and notifies every server process listening on the database. The NOTIFY
   * carries the event itself unless it is too large for a payload; listeners then read it back.
   * @param {Queryable} q @param {string} threadId @param {object} event
   */
  async #emit(q, threadId, event) {
    // Also forgotten again when the NOTIFY comes back after the commit (see listJson).
    this.invalidate(threadId);
    await q.query(
      `with e as (insert into events (thread_id, payload) values ($1, $2) returning id, thread_id, payload)
       select pg_notify($3, json_build_object('id', e.id::text, 'threadId', e.thread_id,
                'event', case when octet_length(e.payload::text) < 7000 then e.payload end)::text) from e`,
      [threadId, event, this.db.channel],
    );
  }

  /** @param {string} id */
  async event(id) {
    const { rows } = await this.db.query('select id::text as id, thread_id, payload from events where id = $1', [id]);
    return rows[0] ? { id: rows[0].id, threadId: rows[0].thread_id, event: rows[0].payload } : null;
  }

  /** The last event id handed out (0 before the first event). */
  async lastEventId() {
    const { rows } = await this.db.query('select case when is_called then last_value else 0 end::text as id from events_id_seq');
    return /** @type {string} */ (rows[0].id);
  }

  /**
   * Events of a thread after `afterId` up to `upTo`, for Last-Event-ID resume; null when they
   * cannot all be given: some were pruned (or emptied by a reset), `afterId` was never handed out
   * by this database, or there are more than `limit` (a client that far behind reloads instead).
   * @param {string} threadId @param {string} afterId @param {string} upTo @param {number} [limit]
   */
  async eventsAfter(threadId, afterId, upTo, limit = 1000) {
    const after = BigInt(afterId);
    const { rows: horizon } = await this.db.query(
      'select (select min(id) from events)::text as oldest, (select case when is_called then last_value else 0 end from events_id_seq)::text as last',
    );
    if (after > BigInt(horizon[0].last)) return null;
    // Every id up to `upTo` has committed or never will; one of them below the oldest kept event
    // (and above `afterId`) was pruned. A rolled-back id there looks the same: a spare reload.
    const end = BigInt(upTo) + 1n;
    const kept = horizon[0].oldest === null ? end : BigInt(horizon[0].oldest);
    if (after < (kept < end ? kept : end) - 1n) return null;
    const { rows } = await this.db.query(
      'select id::text as id, payload from events where thread_id = $1 and id > $2 and id <= $3 order by id limit $4',
      [threadId, afterId, upTo, limit + 1],
    );
    if (rows.length > limit) return null;
    return rows.map((row) => ({ id: row.id, event: row.payload }));
  }

  /** @param {number} hours */
  async pruneEvents(hours) {
    await this.db.query(`delete from events where created_at < now() - make_interval(hours => $1)`, [hours]);
  }

  /** Truncates every table: for tests. */
  async reset() {
    await this.db.query('truncate comments, threads, reactions, comment_reports, typo_reports, typo_votes, events');
    this.invalidate(null);
  }

  /**
   * A comment and its ancestors, top-level first, for permalinks; null when any of them is not
   * visible to the viewer (so a pending comment's path is its author's alone). One recursive query
   * up the primary key; the depth bound stops a cycle an import may have left.
   * @param {{ threadId: string, commentId: string }} input @param {Viewer} viewer
   */
  async locate({ threadId, commentId }, viewer) {
    const { rows } = await this.db.query(
      `with recursive chain as (
         select ${COMMENT_COLUMNS}, 0 as depth from comments where id = $1 and thread_id = $2
         union all
         select ${COMMENT_COLUMNS.replace(/(\w+)/g, 'c.$1')}, chain.depth + 1 from comments c
           join chain on c.id = chain.parent_id and c.thread_id = $2 where chain.depth < 10000
       ) select * from chain order by depth desc`,
      [commentId, threadId],
    );
    const visible = (/** @type {any} */ row) =>
      row.status === 'published' || (row.status === 'deleted' && row.reply_count > 0) || (row.status === 'pending' && viewer.id && row.viewer_id === viewer.id);
    if (rows.length === 0 || rows[0].parent_id !== null || !rows.every(visible)) return null;
    const mine = await this.#viewerReactions(threadId, rows.map((row) => row.id), viewer.id);
    return rows.map((row) => this.toComment(row, viewer, mine));
  }
}

/** @param {any} row */
function toTypo(row) {
  return {
    id: row.id,
    url: row.url,
    threadId: row.thread_id,
    quote: { exact: row.exact, prefix: row.prefix, suffix: row.suffix },
    suggestion: row.suggestion,
    count: row.report_count,
    comments: row.comments,
    status: row.status,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** @param {unknown[]} values */
export function encodeCursor(values) {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * @param {string} cursor
 * @param {'time' | 'score'} kind
 * @returns {unknown[]} validated keyset values
 */
export function decodeCursor(cursor, kind) {
  const bad = () => new HttpError(400, 'validation', 'The cursor is not valid for this list.', 'cursor');
  let values;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(values)) throw bad();
  const [a, b, c] = values;
  const isTime = (/** @type {unknown} */ v) => typeof v === 'string' && !Number.isNaN(Date.parse(v));
  if (kind === 'score') {
    if (values.length !== 3 || !Number.isInteger(a) || !isTime(b) || typeof c !== 'string') throw bad();
  } else if (values.length !== 2 || !isTime(a) || typeof b !== 'string') throw bad();
  return values;
}
