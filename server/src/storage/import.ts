import { AdapterError, type CommentStatus } from 'confab-comments/model';
import type { Database } from './db.js';

/** A comment of an import, validated: stored as given, counts recomputed from what is stored. */
export interface ImportedComment {
  id: string;
  threadId: string;
  parentId: string | null;
  author: { id: string | null; name: string; url: string | null; avatarUrl: string | null };
  body: string;
  createdAt: string;
  editedAt: string | null;
  status: CommentStatus;
  reactions: Record<string, number>;
  /** the reactions of the user named by `reactionsOf` */
  viewerReactions: string[];
}

/** Rows per statement: the embedded engine's heap grows to the largest statement it ever ran. */
const IMPORT_CHUNK = 500;

/** Imports: comments from another system (or a seed), stored as given. */
export class ImportStore {
  constructor(
    private readonly db: Database,
    private readonly onChange: () => void,
  ) {}

  /**
   * Stores comments as given, skipping ids that exist, then recomputes the counters they touch.
   * Seeds with an `author.id` belong to that site user (they may edit them with a user token);
   * `reactionsOf` names the user whose reactions the seeds' `viewerReactions` are.
   */
  async import(comments: ImportedComment[], reactionsOf: string | null): Promise<{ imported: number; skipped: number }> {
    const result = await this.db.transaction(async (tx) => {
      // One statement per chunk (arrays unnested into rows): importing 100,000 comments takes
      // seconds, not minutes of row-by-row round trips.
      const inserted: { id: string; thread_id: string; parent_id: string | null }[] = [];
      for (let start = 0; start < comments.length; start += IMPORT_CHUNK) {
        const chunk = comments.slice(start, start + IMPORT_CHUNK);
        const column = (pick: (c: ImportedComment) => unknown) => chunk.map(pick);
        const { rows } = await tx.query<{ id: string; thread_id: string; parent_id: string | null }>(
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
            column((c) => c.author.url),
            column((c) => c.author.avatarUrl),
            column((c) => c.author.id),
            column((c) => (c.status === 'deleted' ? '' : c.body)),
            column((c) => c.status),
            column((c) => c.createdAt),
            column((c) => c.editedAt),
            column((c) => JSON.stringify(c.reactions)),
            column((c) => (c.author.id ? `u:${c.author.id}` : null)),
          ],
        );
        inserted.push(...rows);
      }
      const threadIds = [...new Set(inserted.map((row) => row.thread_id))];
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
      // Parents must exist in the same thread: checked now that the whole batch is in.
      const replies = inserted.filter((row) => row.parent_id).map((row) => row.id);
      for (let start = 0; start < replies.length; start += IMPORT_CHUNK) {
        const orphans = await tx.query<{ id: string }>(
          `select c.id from comments c left join comments p on p.id = c.parent_id
            where c.id = any($1::text[]) and (p.id is null or p.thread_id <> c.thread_id) limit 1`,
          [replies.slice(start, start + IMPORT_CHUNK)],
        );
        const orphan = orphans.rows[0];
        if (orphan) throw new AdapterError('validation', `Comment ${orphan.id} replies to a comment that is not in its thread.`, { field: 'parentId' });
      }
      // Listed replies: published ones, and placeholders that themselves have replies.
      const parentIds = [...new Set(inserted.flatMap((row) => (row.parent_id ? [row.parent_id] : [])))];
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
        `insert into threads (id, comment_count, top_count, created_at)
         select t.id,
                (select count(*) from comments c where c.thread_id = t.id and c.status = 'published'),
                (select count(*) from comments c where c.thread_id = t.id and c.parent_id is null
                    and (c.status = 'published' or (c.status = 'deleted' and c.reply_count > 0))),
                coalesce((select min(c.created_at) from comments c where c.thread_id = t.id), now())
           from unnest($1::text[]) as t(id)
         on conflict (id) do update set comment_count = excluded.comment_count, top_count = excluded.top_count,
                                        created_at = least(threads.created_at, excluded.created_at)`,
        [threadIds],
      );
      return { imported: inserted.length, skipped: comments.length - inserted.length };
    });
    this.onChange();
    return result;
  }
}
