import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { getManyValues, none } from 'stream-chain/defs.js';
import Assembler from 'stream-json/assembler.js';
import { jsonParser, type Token } from 'stream-json/core/parser.js';
import { jsonVerifier } from 'stream-json/core/utils/verifier.js';
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

/** Longest single key, string or number the JSON reader holds: far above any comment's body. */
const MAX_JSON_VALUE = 4 * 1024 * 1024;
const CHUNK_BYTES = 256 * 1024;

type Target = 'comment' | 'thread' | 'typo' | 'meta';

/**
 * Reads a JSON export (or an array of comments) as a stream of tokens (stream-json's parser, fed
 * 256 kB at a time): each comment is assembled, checked by the shared rules and handed on before
 * the next is read, so memory stays flat whatever the file's size. Threads and typo reports (a
 * few per article) are kept for `finish`. A syntax error stops with its line (found by the
 * library's verifier, reading the file again).
 */
export async function readJson(file: string): Promise<JsonSource> {
  const threads: ExportedThread[] = [];
  const typos: ExportedTypo[] = [];
  async function* records(): AsyncGenerator<SourceRecord[]> {
    // A flushable stage: called with `none`, it says whether the input ended where it may.
    const parse = jsonParser({ streamValues: false, maxPackedLength: MAX_JSON_VALUE }) as (input: string | typeof none) => ReturnType<ReturnType<typeof jsonParser>>;
    const out: SourceRecord[] = [];
    let top: 'array' | 'object' | null = null;
    let inArray: Target | null = null;
    let key: string | null = null;
    let assembler: Assembler | null = null;
    let target: Target = 'meta';
    let isExport = false;
    let comments = 0;
    let line = 1;
    const deliver = (value: unknown) => {
      if (target === 'comment') {
        const at = `comments[${comments++}]`;
        out.push({ kind: 'comment', comment: checkComment(value, at), line });
      } else if (target === 'thread') threads.push(value as ExportedThread);
      else if (target === 'typo') typos.push(value as ExportedTypo);
      else if (key === 'format') {
        if (value !== EXPORT_FORMAT) throw new ImportError(`neither a ${EXPORT_FORMAT} file nor an array of comments (its "format" is ${JSON.stringify(value)?.slice(0, 100)})`, null);
        isExport = true;
      }
    };
    const begin = (token: Token, what: Target) => {
      target = what;
      assembler = new Assembler();
      assembler.consume(token);
      if (assembler.done) {
        deliver(assembler.current);
        assembler = null;
      }
    };
    const opens = (token: Token) => token.name === 'startObject' || token.name === 'startArray';
    const take = (token: Token) => {
      if (assembler) {
        const current: Assembler = assembler;
        current.consume(token);
        if (current.done) {
          assembler = null;
          deliver(current.current);
        }
        return;
      }
      if (top === null) {
        if (token.name === 'startArray') top = 'array';
        else if (token.name === 'startObject') top = 'object';
        else throw new ImportError(`neither a ${EXPORT_FORMAT} file nor an array of comments`, null);
        return;
      }
      if (top === 'array') {
        if (token.name !== 'endArray') begin(token, 'comment');
        return;
      }
      if (inArray) {
        if (token.name === 'endArray') inArray = null;
        else begin(token, inArray);
        return;
      }
      if (token.name === 'keyValue') {
        key = token.value;
        return;
      }
      if (token.name === 'endObject') return;
      const list: Target | null = key === 'comments' ? 'comment' : key === 'threads' ? 'thread' : key === 'typos' ? 'typo' : null;
      if (list) {
        if (!isExport) throw new ImportError(`neither a ${EXPORT_FORMAT} file nor an array of comments (no "format" before "${key}")`, null);
        if (token.name !== 'startArray') throw new ImportError(`"${key}" must be an array`, null);
        inArray = list;
        return;
      }
      if (opens(token) || key === 'format') begin(token, 'meta');
    };
    const feed = (text: string | typeof none) => {
      let tokens;
      try {
        tokens = parse(text);
      } catch (err) {
        throw new SyntaxError((err as Error).message.replace(/^Parser (cannot parse input: )?/, ''));
      }
      if (tokens !== none) for (const token of getManyValues(tokens) as Token[]) take(token);
    };
    try {
      for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: CHUNK_BYTES })) {
        feed(chunk as string);
        line += countLines(chunk as string);
        if (out.length > 0) yield out.splice(0);
      }
      feed(none);
    } catch (err) {
      if (err instanceof SyntaxError || err instanceof RangeError) {
        throw new ImportError(`not JSON: ${err.message}`, await syntaxErrorLine(file));
      }
      throw err;
    }
    if (top === null) throw new ImportError('not JSON: the file is empty', null);
    if (top === 'object' && !isExport) throw new ImportError(`neither a ${EXPORT_FORMAT} file nor an array of comments`, null);
    if (out.length > 0) yield out.splice(0);
  }
  return {
    records: records(),
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

function countLines(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) n += 1;
  return n;
}

/** The line of a JSON file's first syntax error, by stream-json's verifier (null if it finds none). */
async function syntaxErrorLine(file: string): Promise<number | null> {
  const verify = jsonVerifier() as (input: string | typeof none) => unknown;
  try {
    for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: CHUNK_BYTES })) verify(chunk as string);
    verify(none);
  } catch (err) {
    return (err as { line?: number }).line ?? null;
  }
  return null;
}
