import { AdapterError, type Comment } from 'confab-comments/model';
import type { AccessStore, Ban } from './access.js';
import { encodeCursor, type TimeCursor } from './cursors.js';
import type { Database } from './db.js';
import type { EventLog } from './events.js';
import type { ModerationStore } from './moderation.js';
import type { ReportStore } from './reports.js';
import { COMMENT_COLUMNS, iso, type CommentMapper, type CommentRow } from './rows.js';

export type BulkAction = 'approve' | 'reject' | 'delete' | 'dismiss' | 'restore';

export interface DeskComment extends Comment {
  authorEmail: string | null;
  /** who may be banned for it: the viewer id it was posted with ('g:…' or 'u:…'), null for imports */
  authorKey: string | null;
  moderatorEditedAt: string | null;
  /** in the list of removed comments: how and when a moderator removed it */
  removed?: { reason: 'deleted' | 'rejected'; at: string };
}

type DeskRow = CommentRow & { author_email: string | null; moderator_edited_at: Date | string | null };

/** `%` and `_` of a search are the text itself, not patterns. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * What the moderation dashboard needs beyond the queues: counts, a search of every comment,
 * actions on many comments, a moderator's edit, bans with the removal of an author's comments.
 */
export class DeskStore {
  constructor(
    private readonly db: Database,
    private readonly mapper: CommentMapper,
    private readonly events: EventLog,
    private readonly moderation: ModerationStore,
    private readonly reports: ReportStore,
    private readonly access: AccessStore,
  ) {}

  toDesk(row: DeskRow): DeskComment {
    return {
      ...this.mapper.toComment(row, null),
      authorEmail: row.author_email ?? null,
      authorKey: row.viewer_id ?? null,
      moderatorEditedAt: row.moderator_edited_at === null || row.moderator_edited_at === undefined ? null : iso(row.moderator_edited_at),
    };
  }

  async summary(): Promise<{ pending: number; reported: number; typos: number; today: number; week: number }> {
    const { rows } = await this.db.query<{ pending: number; reported: number; typos: number; today: number; week: number }>(
      `select (select count(*)::integer from comments where status = 'pending') as pending,
              (select count(distinct comment_id)::integer from comment_reports) as reported,
              (select count(*)::integer from typo_reports where status = 'open') as typos,
              (select count(*)::integer from comments where created_at >= date_trunc('day', now()) and status <> 'deleted') as today,
              (select count(*)::integer from comments where created_at >= now() - interval '7 days' and status <> 'deleted') as week`,
    );
    return rows[0] as { pending: number; reported: number; typos: number; today: number; week: number };
  }

  /** Every comment, newest first, filtered by text, author and thread. */
  async search(input: { text: string; author: string; threadId: string; cursor: TimeCursor | null; limit: number }) {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (input.text) add(`body ilike ? escape '\\'`, likePattern(input.text));
    if (input.author) add(`author_name ilike ? escape '\\'`, likePattern(input.author));
    if (input.threadId) add('thread_id = ?', input.threadId);
    if (input.cursor) {
      params.push(input.cursor[0], input.cursor[1]);
      where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::text)`);
    }
    params.push(input.limit + 1);
    const { rows } = await this.db.query<DeskRow>(
      `select ${COMMENT_COLUMNS}, author_email, moderator_edited_at from comments
        ${where.length ? `where ${where.join(' and ')}` : ''} order by created_at desc, id desc limit $${params.length}`,
      params,
    );
    const more = rows.length > input.limit;
    const page = more ? rows.slice(0, input.limit) : rows;
    const last = page.at(-1);
    return { comments: page.map((row) => this.toDesk(row)), nextCursor: more && last ? encodeCursor([iso(last.created_at), last.id]) : null };
  }

  /**
   * What moderators removed (deleted, rejected, with a ban) and may restore, as it was: the most
   * recently removed first, filtered like the search.
   */
  async removed(input: { text: string; author: string; threadId: string; cursor: TimeCursor | null; limit: number }) {
    const where: string[] = [`r.reason <> 'placeholder'`];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (input.text) add(`c.body ilike ? escape '\\'`, likePattern(input.text));
    if (input.author) add(`c.author_name ilike ? escape '\\'`, likePattern(input.author));
    if (input.threadId) add('r.thread_id = ?', input.threadId);
    if (input.cursor) {
      params.push(input.cursor[0], input.cursor[1]);
      where.push(`(r.removed_at, r.id) < ($${params.length - 1}::timestamptz, $${params.length}::text)`);
    }
    params.push(input.limit + 1);
    const { rows } = await this.db.query<DeskRow & { removed_reason: 'deleted' | 'rejected'; removed_at: Date | string }>(
      `select ${COMMENT_COLUMNS}, author_email, moderator_edited_at, removed_reason, removed_at from (
         select c.*, r.reason as removed_reason, r.removed_at from removed_comments r
          cross join lateral jsonb_populate_record(null::comments, r.saved) c
          where ${where.join(' and ')} order by r.removed_at desc, r.id desc limit $${params.length}) s
        order by removed_at desc, id desc`,
      params,
    );
    const more = rows.length > input.limit;
    const page = more ? rows.slice(0, input.limit) : rows;
    const last = page.at(-1);
    return {
      comments: page.map((row) => ({ ...this.toDesk(row), removed: { reason: row.removed_reason, at: iso(row.removed_at) } })),
      nextCursor: more && last ? encodeCursor([iso(last.removed_at), last.id]) : null,
    };
  }

  /** One action on many comments; each answers on its own (one may be gone while the others work). */
  async bulk(action: BulkAction, ids: string[]): Promise<{ id: string; ok: boolean; error?: string }[]> {
    const results: { id: string; ok: boolean; error?: string }[] = [];
    for (const id of ids) {
      try {
        if (action === 'approve') await this.moderation.approve(id);
        else if (action === 'restore') await this.moderation.restore(id);
        else if (action === 'dismiss') await this.reports.dismiss(id);
        else await this.moderation.reject(id);
        results.push({ id, ok: true });
      } catch (err) {
        if (!(err instanceof AdapterError)) throw err;
        results.push({ id, ok: false, error: err.message });
      }
    }
    return results;
  }

  /** A moderator's change of a comment's text: marked as edited, and by a moderator. */
  async edit(commentId: string, body: string): Promise<DeskComment> {
    const row = await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<DeskRow>(
        `update comments set body = $2, edited_at = now(), moderator_edited_at = now() where id = $1 and status <> 'deleted'
          returning ${COMMENT_COLUMNS}, author_email, moderator_edited_at`,
        [commentId, body],
      );
      const updated = rows[0];
      if (!updated) throw new AdapterError('not_found', 'This comment does not exist, or was deleted.');
      if (updated.status === 'published') await this.events.emit(tx, updated.thread_id, { type: 'edited', comment: this.mapper.toComment(updated, null) });
      return updated;
    });
    return this.toDesk(row);
  }

  /**
   * Bans the author of a comment (the identity it was posted with) for `days`, or for good (null);
   * with `remove`, their comments go too.
   */
  async banAuthor(input: { commentId: string; days: number | null; reason: string; remove: boolean }): Promise<{ ban: Ban; removed: number }> {
    const { rows } = await this.db.query<{ viewer_id: string | null; author_name: string }>('select viewer_id, author_name from comments where id = $1', [
      input.commentId,
    ]);
    const row = rows[0];
    if (!row) throw new AdapterError('not_found', 'This comment does not exist.');
    if (!row.viewer_id) throw new AdapterError('conflict', 'This comment was imported: its author has no identity here to ban.');
    const expiresAt = input.days === null ? null : new Date(Date.now() + input.days * 86_400_000).toISOString();
    const ban = await this.access.ban({ subject: row.viewer_id, authorName: row.author_name, reason: input.reason, expiresAt });
    let removed = 0;
    if (input.remove) {
      // Newest first: replies go before what they answer, so fewer placeholders stay.
      const { rows: theirs } = await this.db.query<{ id: string }>(
        `select id from comments where viewer_id = $1 and status <> 'deleted' order by created_at desc, id desc`,
        [row.viewer_id],
      );
      for (const { id } of theirs) {
        try {
          await this.moderation.reject(id);
          removed += 1;
        } catch (err) {
          if (!(err instanceof AdapterError)) throw err;
        }
      }
    }
    return { ban, removed };
  }
}
