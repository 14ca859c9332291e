import type { FullComment, SourceRecord } from '../import/sources.js';
import { collectGarbageSoon } from '../memory.js';
import type { Database, Queryable } from './db.js';

/** Rows per statement: the embedded engine's heap grows to the largest statement it ever ran. */
const CHUNK = 500;
/**
 * Statements between full garbage collections. What a chunk parsed and converted (the XML
 * parser's strings, the HTML converter's DOM) outlives a few young collections and waits in the
 * old generation until it has grown by V8's factor. A 100,000-comment Disqus import on PGlite
 * (single runs on a busy machine): 396 MB peak RSS in 21.5 s without these collections, 321 MB in
 * 24.7 s with one per 5,000 comments, 279 MB in 33.8 s with one per 1,000.
 */
const CHUNKS_PER_COLLECTION = 2;

export interface BulkImportResult {
  /** comments stored by this run */
  imported: number;
  /** comments already there (an earlier run of the same import, or the same id) */
  skipped: number;
  /** spam in the source, not imported */
  spam: number;
  /** deleted comments dropped because nothing replies to them */
  droppedPlaceholders: number;
  /** replies whose parent is not in the source (spam, or missing): kept as top-level comments */
  reparented: number;
  threads: number;
}

export interface BulkProgress {
  read: number;
  imported: number;
  /** the line of the source the last comment read began on (0 when the source does not say) */
  line: number;
}

const INSERT_SQL = `with input as (
    select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                         $10::text[], $11::text[], $12::timestamptz[], $13::timestamptz[], $14::timestamptz[], $15::jsonb[])
      as i(id, thread_id, parent_id, author_name, author_url, author_avatar_url, author_user_id, author_email, viewer_id,
           body, status, created_at, edited_at, moderator_edited_at, reactions)
  ), inserted as (
    insert into comments (id, thread_id, parent_id, author_name, author_url, author_avatar_url, author_user_id, author_email, viewer_id,
                          body, status, created_at, edited_at, moderator_edited_at, reactions)
    select * from input
     where not exists (select 1 from import_ids r where r.source = $16 and r.external_id = input.id)
    on conflict (id) do nothing
    returning id, thread_id, status
  ), remembered as (
    insert into import_ids (source, external_id, comment_id) select $16, id, id from inserted on conflict do nothing
  )
  select id, thread_id, status from inserted`;

/**
 * Stores a stream of comments in ONE transaction: a failure anywhere (a malformed record further
 * down the file, the database) leaves nothing of the import behind. Ids this source brought before
 * are remembered (import_ids), so a re-run adds nothing, not even what a moderator removed since.
 * Afterwards, in the same transaction: replies whose parent never came become top-level, deleted
 * comments nothing replies to are dropped, and every count of the touched threads is recomputed.
 */
export async function importRecords(
  db: Database,
  source: string,
  batches: AsyncIterable<SourceRecord[]>,
  { onProgress, finish }: { onProgress?: (progress: BulkProgress) => void; finish?: (tx: Queryable) => Promise<unknown> } = {},
): Promise<BulkImportResult> {
  return db.transaction(async (tx) => {
    const result: BulkImportResult = { imported: 0, skipped: 0, spam: 0, droppedPlaceholders: 0, reparented: 0, threads: 0 };
    const threads = new Set<string>();
    const deleted: string[] = [];
    let buffer: FullComment[] = [];
    let read = 0;
    let line = 0;
    let flushes = 0;
    const flush = async (comments: FullComment[]) => {
      if (comments.length === 0) return;
      const rows = await insertChunk(tx, source, comments);
      result.imported += rows.length;
      result.skipped += comments.length - rows.length;
      for (const row of rows) {
        threads.add(row.thread_id);
        if (row.status === 'deleted') deleted.push(row.id);
      }
      onProgress?.({ read, imported: result.imported, line });
      if (++flushes % CHUNKS_PER_COLLECTION === 0) collectGarbageSoon();
    };
    for await (const records of batches) {
      for (const record of records) {
        if (record.kind === 'spam') result.spam += 1;
        else {
          buffer.push(record.comment);
          read += 1;
          line = record.line;
        }
      }
      while (buffer.length >= CHUNK) await flush(buffer.splice(0, CHUNK));
    }
    await flush(buffer);
    buffer = [];

    const orphans = await tx.query<{ id: string }>(
      `update comments c set parent_id = null
         from import_ids i
        where i.source = $1 and c.id = i.comment_id and c.parent_id is not null
          and not exists (select 1 from comments p where p.id = c.parent_id and p.thread_id = c.thread_id)
        returning c.id`,
      [source],
    );
    result.reparented = orphans.rows.length;

    // A deleted comment stays only as the placeholder of its replies; a chain of them goes link by link.
    let remaining = deleted;
    for (;;) {
      let dropped = 0;
      const kept: string[] = [];
      for (let start = 0; start < remaining.length; start += CHUNK) {
        const chunk = remaining.slice(start, start + CHUNK);
        const { rows } = await tx.query<{ id: string }>(
          `delete from comments c where c.id = any($1::text[]) and c.status = 'deleted'
              and not exists (select 1 from comments r where r.parent_id = c.id) returning id`,
          [chunk],
        );
        dropped += rows.length;
        const gone = new Set(rows.map((row) => row.id));
        kept.push(...chunk.filter((id) => !gone.has(id)));
      }
      result.droppedPlaceholders += dropped;
      remaining = kept;
      if (dropped === 0) break;
    }
    result.imported -= result.droppedPlaceholders;

    const threadIds = [...threads];
    result.threads = threadIds.length;
    await recount(tx, threadIds);
    await finish?.(tx);
    return result;
  });
}

async function insertChunk(tx: Queryable, source: string, comments: FullComment[]) {
  const column = (pick: (c: FullComment) => unknown) => comments.map(pick);
  const { rows } = await tx.query<{ id: string; thread_id: string; status: string }>(INSERT_SQL, [
    column((c) => c.id),
    column((c) => c.threadId),
    column((c) => c.parentId),
    column((c) => c.authorName),
    column((c) => c.authorUrl),
    column((c) => c.authorAvatarUrl),
    column((c) => c.authorUserId),
    column((c) => c.authorEmail),
    column((c) => c.viewerId),
    column((c) => (c.status === 'deleted' ? '' : c.body)),
    column((c) => c.status),
    column((c) => c.createdAt),
    column((c) => c.editedAt),
    column((c) => c.moderatorEditedAt),
    column((c) => JSON.stringify(c.reactions)),
    source,
  ]);
  return rows;
}

/**
 * Reply counts (listed replies: all but pending) and the threads' counts, from what is stored: one
 * grouped pass over the touched threads' comments each (not a count per thread, which without an
 * index on every comment's thread would read the table once per thread).
 */
export async function recount(tx: Queryable, threadIds: string[]): Promise<void> {
  // A few hundred threads a statement: one statement over a million imported comments made
  // PGlite's memory (which never shrinks) grow by about 270 MB; the same work in pieces does not.
  for (let start = 0; start < threadIds.length; start += RECOUNT_THREADS) {
    await recountSome(tx, threadIds.slice(start, start + RECOUNT_THREADS));
  }
}

/** Threads recounted by one statement. */
const RECOUNT_THREADS = 200;

async function recountSome(tx: Queryable, threadIds: string[]): Promise<void> {
  await tx.query(
    `update comments p set reply_count = x.n
       from (select parent_id, count(*)::integer as n from comments
              where thread_id = any($1::text[]) and parent_id is not null and status <> 'pending' group by parent_id) x
      where p.id = x.parent_id and p.reply_count <> x.n`,
    [threadIds],
  );
  await tx.query(
    `insert into threads (id, comment_count, top_count, created_at)
     select t.id, coalesce(x.published, 0), coalesce(x.top, 0), coalesce(x.first, now())
       from unnest($1::text[]) as t(id)
       left join (select thread_id, count(*) filter (where status = 'published')::integer as published,
                         count(*) filter (where parent_id is null and status <> 'pending')::integer as top,
                         min(created_at) as first
                    from comments where thread_id = any($1::text[]) group by thread_id) x on x.thread_id = t.id
     on conflict (id) do update set comment_count = excluded.comment_count, top_count = excluded.top_count,
                                    created_at = least(threads.created_at, excluded.created_at)`,
    [threadIds],
  );
}
