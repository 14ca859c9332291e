import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { checkHttpUrl, checkId, checkText, checkTimestamp, MAX_NAME_LENGTH } from 'confab-comments/model';
import type { Database, Queryable } from '../storage/db.js';
import { iso } from '../storage/rows.js';
import { ImportError, MAX_IMPORTED_BODY, type FullComment, type SourceRecord } from './sources.js';

/** The format of `confab-server export`: every thread, comment (all columns) and typo report. */
export const EXPORT_FORMAT = 'confab-export';
const PAGE = 2000;

interface ExportedThread {
  id: string;
  reactions: Record<string, number>;
  closed: 'open' | 'closed' | null;
  createdAt: string;
}

interface ExportedTypo {
  id: string;
  fingerprint: string;
  url: string;
  threadId: string | null;
  quote: { exact: string; prefix: string; suffix: string };
  suggestion: string | null;
  status: 'open' | 'fixed' | 'rejected';
  count: number;
  comments: string[];
  createdAt: string;
  updatedAt: string;
}

type CommentRow = {
  id: string;
  thread_id: string;
  parent_id: string | null;
  author_name: string;
  author_url: string | null;
  author_avatar_url: string | null;
  author_user_id: string | null;
  author_email: string | null;
  viewer_id: string | null;
  body: string;
  status: FullComment['status'];
  created_at: Date | string;
  edited_at: Date | string | null;
  moderator_edited_at: Date | string | null;
  reactions: Record<string, number>;
};

const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));

/**
 * Writes the whole database as JSON: `{format, version, exportedAt, threads, comments, typos}`,
 * one comment per line, read a page at a time (memory stays flat). Imported back into an empty
 * server it gives the same export.
 */
export async function exportJson(db: Database, file: string): Promise<{ comments: number; threads: number; typos: number }> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const threads = await db.query<{ id: string; reactions: Record<string, number>; closed: ExportedThread['closed']; created_at: Date | string }>(
    'select id, reactions, closed, created_at from threads order by id',
  );
  await write(`{"format":"${EXPORT_FORMAT}","version":1,"exportedAt":${JSON.stringify(new Date().toISOString())},\n"threads":[`);
  await write(
    threads.rows
      .map((t) => '\n' + JSON.stringify({ id: t.id, reactions: t.reactions, closed: t.closed, createdAt: iso(t.created_at) } satisfies ExportedThread))
      .join(','),
  );
  await write('],\n"comments":[');
  let count = 0;
  let after: [string, string] | null = null;
  for (;;) {
    const { rows }: { rows: CommentRow[] } = await db.query<CommentRow>(
      `select id, thread_id, parent_id, author_name, author_url, author_avatar_url, author_user_id, author_email, viewer_id,
              body, status, created_at, edited_at, moderator_edited_at, reactions
         from comments ${after ? 'where (created_at, id) > ($2::timestamptz, $3::text)' : ''}
        order by created_at, id limit $1`,
      after ? [PAGE, after[0], after[1]] : [PAGE],
    );
    if (rows.length === 0) break;
    let text = '';
    for (const r of rows) {
      const comment: FullComment = {
        id: r.id,
        threadId: r.thread_id,
        parentId: r.parent_id,
        authorName: r.author_name,
        authorUrl: r.author_url,
        authorAvatarUrl: r.author_avatar_url,
        authorUserId: r.author_user_id,
        authorEmail: r.author_email,
        viewerId: r.viewer_id,
        body: r.body,
        status: r.status,
        createdAt: iso(r.created_at),
        editedAt: isoOrNull(r.edited_at),
        moderatorEditedAt: isoOrNull(r.moderator_edited_at),
        reactions: r.reactions,
      };
      text += `${count++ === 0 ? '' : ','}\n${JSON.stringify(comment)}`;
    }
    await write(text);
    const last = rows.at(-1) as CommentRow;
    after = [iso(last.created_at), last.id];
  }
  await write('],\n"typos":[');
  const typos = await db.query<{
    id: string;
    fingerprint: string;
    url: string;
    thread_id: string | null;
    exact: string;
    prefix: string;
    suffix: string;
    suggestion: string | null;
    status: ExportedTypo['status'];
    report_count: number;
    comments: string[];
    created_at: Date | string;
    updated_at: Date | string;
  }>(
    `select t.*, coalesce((select jsonb_agg(v.comment order by v.created_at, v.viewer_id) from typo_votes v
                            where v.report_id = t.id and v.comment is not null), '[]'::jsonb) as comments
       from typo_reports t order by t.created_at, t.id`,
  );
  await write(
    typos.rows
      .map(
        (t) =>
          '\n' +
          JSON.stringify({
            id: t.id,
            fingerprint: t.fingerprint,
            url: t.url,
            threadId: t.thread_id,
            quote: { exact: t.exact, prefix: t.prefix, suffix: t.suffix },
            suggestion: t.suggestion,
            status: t.status,
            count: t.report_count,
            comments: t.comments,
            createdAt: iso(t.created_at),
            updatedAt: iso(t.updated_at),
          } satisfies ExportedTypo),
      )
      .join(','),
  );
  await write(']}\n');
  out.end();
  await once(out, 'finish');
  return { comments: count, threads: threads.rows.length, typos: typos.rows.length };
}

/** A comment of a JSON import, checked by the shared rules. Accepts an export's comments and POST /admin/import's items. */
function checkComment(raw: unknown, at: string): FullComment {
  if (!raw || typeof raw !== 'object') throw new ImportError(`${at} is not an object`, null);
  const c = raw as Record<string, unknown> & { author?: Record<string, unknown> };
  try {
    const status = (c.status ?? 'published') as FullComment['status'];
    if (!['published', 'pending', 'deleted'].includes(status)) throw new Error(`status must be published, pending or deleted`);
    const deleted = status === 'deleted';
    const author = c.author ?? {};
    const name = c.authorName ?? author.name ?? '';
    const optionalId = (value: unknown, field: string) => (value === undefined || value === null ? null : checkId(value, field));
    const reactions: Record<string, number> = {};
    for (const [key, n] of Object.entries((c.reactions as Record<string, unknown> | undefined) ?? {})) {
      if (!Number.isSafeInteger(n) || (n as number) < 0) throw new Error(`reactions.${key} must be a count`);
      if ((n as number) > 0) reactions[key] = n as number;
    }
    const userId = optionalId(c.authorUserId ?? author.id, 'author.id');
    return {
      id: checkId(c.id, 'id'),
      threadId: checkId(c.threadId, 'threadId'),
      parentId: optionalId(c.parentId, 'parentId'),
      authorName: checkText(name, 'author.name', { max: MAX_NAME_LENGTH, min: deleted ? 0 : 1 }),
      authorUrl: checkHttpUrl(c.authorUrl ?? author.url ?? null, 'author.url'),
      authorAvatarUrl: checkHttpUrl(c.authorAvatarUrl ?? author.avatarUrl ?? null, 'author.avatarUrl'),
      authorUserId: userId,
      authorEmail: c.authorEmail === undefined || c.authorEmail === null ? null : checkText(c.authorEmail, 'authorEmail', { max: 320 }),
      viewerId: c.viewerId === undefined ? (userId ? `u:${userId}` : null) : optionalId(c.viewerId, 'viewerId'),
      body: checkText(c.body ?? '', 'body', { max: MAX_IMPORTED_BODY, min: deleted ? 0 : 1, multiline: true, trim: false }),
      status,
      createdAt: checkTimestamp(c.createdAt, 'createdAt'),
      editedAt: c.editedAt === undefined || c.editedAt === null ? null : checkTimestamp(c.editedAt, 'editedAt'),
      moderatorEditedAt: c.moderatorEditedAt === undefined || c.moderatorEditedAt === null ? null : checkTimestamp(c.moderatorEditedAt, 'moderatorEditedAt'),
      reactions,
    };
  } catch (err) {
    throw new ImportError(`${at}: ${(err as Error).message}`, null);
  }
}

export interface JsonSource {
  records: AsyncIterable<SourceRecord[]>;
  /** what follows the comments (threads' settings and reactions, typo reports), in the import's transaction */
  finish(tx: Queryable): Promise<{ typos: number }>;
}

/** Reads a JSON export (or an array of comments) and checks every comment before anything is stored. */
export async function readJson(file: string): Promise<JsonSource> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new ImportError(`not JSON: ${(err as Error).message}`, null);
  }
  const whole = Array.isArray(data) ? { comments: data } : (data as { format?: string; comments?: unknown; threads?: unknown; typos?: unknown });
  if (!Array.isArray(data) && whole.format !== EXPORT_FORMAT) throw new ImportError(`neither a ${EXPORT_FORMAT} file nor an array of comments`, null);
  if (!Array.isArray(whole.comments)) throw new ImportError('"comments" must be an array', null);
  const comments = whole.comments.map((c, i) => checkComment(c, `comments[${i}]`));
  const threads = (Array.isArray(whole.threads) ? whole.threads : []) as ExportedThread[];
  const typos = (Array.isArray(whole.typos) ? whole.typos : []) as ExportedTypo[];
  return {
    records: (async function* () {
      for (let start = 0; start < comments.length; start += 1000) {
        yield comments.slice(start, start + 1000).map((comment) => ({ kind: 'comment' as const, comment, line: 0 }));
      }
    })(),
    async finish(tx) {
      for (const t of threads) {
        const id = checkId(t.id, 'threads[].id');
        await tx.query(
          `insert into threads (id, reactions, closed, created_at) values ($1, $2, $3, $4)
           on conflict (id) do update set reactions = excluded.reactions, closed = excluded.closed, created_at = excluded.created_at`,
          [id, JSON.stringify(t.reactions ?? {}), t.closed === 'open' || t.closed === 'closed' ? t.closed : null, checkTimestamp(t.createdAt, 'threads[].createdAt')],
        );
      }
      let added = 0;
      for (const t of typos) {
        const { rows } = await tx.query(
          `insert into typo_reports (id, fingerprint, url, thread_id, exact, prefix, suffix, suggestion, status, report_count, created_at, updated_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) on conflict do nothing returning id`,
          [t.id, t.fingerprint, t.url, t.threadId, t.quote.exact, t.quote.prefix, t.quote.suffix, t.suggestion, t.status, t.count, t.createdAt, t.updatedAt],
        );
        if (rows.length === 0) continue;
        added += 1;
        // Readers' notes come back; who sent them is not exported.
        for (const [i, comment] of t.comments.entries()) {
          await tx.query(`insert into typo_votes (report_id, viewer_id, comment, created_at) values ($1, $2, $3, $4::timestamptz + $5 * interval '1 millisecond')`, [
            t.id,
            `import:${i}`,
            comment,
            t.createdAt,
            i,
          ]);
        }
      }
      return { typos: added };
    },
  };
}
