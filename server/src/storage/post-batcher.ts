import type { Database } from './db.js';
import { INLINE_EVENT_BYTES } from './events.js';

/** One post's row, its event and the counters it moves, in the column order of the statements below. */
export interface PostParams {
  id: string;
  threadId: string;
  parentId: string | null;
  authorName: string;
  authorUrl: string | null;
  authorAvatarUrl: string | null;
  authorUserId: string | null;
  authorEmail: string | null;
  viewerId: string;
  body: string;
  status: 'published' | 'pending';
  createdAt: string;
  idempotencyKey: string;
  /** the `created` event, as JSON text; recorded only for a published post */
  event: string;
}

// One statement per post: check the parent, insert (unless the viewer used the idempotency key
// before), count, record the event and NOTIFY. Posting is the hot write.
const POST_SQL = `with parent as (
         select id from comments where id = $3 and thread_id = $2 and status = 'published' for update
       ), inserted as (
         insert into comments (id, thread_id, parent_id, author_name, author_url, author_avatar_url, author_user_id,
           author_email, viewer_id, body, status, created_at, idempotency_key)
         select $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13
          where $3::text is null or exists (select 1 from parent)
         on conflict (viewer_id, idempotency_key) do nothing
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
                        'event', case when octet_length(event.payload::text) < ${INLINE_EVENT_BYTES} then event.payload end)::text) from event) as notified,
              case when not $14 then pg_notify($17, json_build_object('threadId', $2::text, 'pending', true)::text) end as pending
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
         on conflict (viewer_id, idempotency_key) do nothing
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
                        'event', case when octet_length(event.payload::text) < ${INLINE_EVENT_BYTES} then event.payload end)::text)
                                       from event order by event.id) as notices) as notified,
              (select count(*) from (select pg_notify($16, json_build_object('threadId', thread_id, 'pending', true)::text)
                                       from posted where not published group by thread_id) as pending) as pending
         from inserted`;

/** Posts committed together at most. */
const POST_BATCH_SIZE = 64;

interface Queued {
  post: PostParams;
  resolve: (inserted: boolean) => void;
  reject: (err: unknown) => void;
}

/**
 * Inserts posts, batched with the posts that arrive while the previous batch commits: one
 * statement (one transaction, one disk sync, one pass over the thread's counter row) for many
 * posts, each still acknowledged only after its commit. A batch that fails is retried post by
 * post, so one bad post never fails the others.
 */
export class PostBatcher {
  private readonly queue: Queued[] = [];
  private draining = false;

  constructor(private readonly db: Database) {}

  /** Resolves true when the post was inserted, false when its parent is gone or the viewer used its key before. */
  insert(post: PostParams): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ post, resolve, reject });
      if (this.draining) return;
      this.draining = true;
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, POST_BATCH_SIZE);
        // Two posts of one viewer with one key in a batch go one by one, so the second sees the first.
        const keys = new Set(batch.map(({ post }) => `${post.viewerId}\n${post.idempotencyKey}`));
        if (batch.length > 1 && keys.size === batch.length && (await this.insertBatch(batch))) continue;
        for (const item of batch) {
          await this.db.query<{ id: string }>(POST_SQL, [...columns(item.post), this.db.channel]).then(
            (result) => item.resolve(result.rows.length > 0),
            item.reject,
          );
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async insertBatch(batch: Queued[]): Promise<boolean> {
    try {
      const rows = batch.map(({ post }) => columns(post));
      const column = (i: number): unknown[] => rows.map((row) => row[i]);
      const { rows: inserted } = await this.db.query<{ id: string }>(POST_BATCH_SQL, [
        ...Array.from({ length: 14 }, (_, i) => column(i)),
        column(15),
        this.db.channel,
      ]);
      const ids = new Set(inserted.map((row) => row.id));
      for (const item of batch) item.resolve(ids.has(item.post.id));
      return true;
    } catch {
      // each post on its own
      return false;
    }
  }
}

/** $1–$16 of POST_SQL: the row, whether it is published ($14), its count ($15), its event ($16). */
function columns(post: PostParams): unknown[] {
  const published = post.status === 'published';
  return [
    post.id,
    post.threadId,
    post.parentId,
    post.authorName,
    post.authorUrl,
    post.authorAvatarUrl,
    post.authorUserId,
    post.authorEmail,
    post.viewerId,
    post.body,
    post.status,
    post.createdAt,
    post.idempotencyKey,
    published,
    published ? 1 : 0,
    post.event,
  ];
}
