import { AdapterError, type Comment } from 'confab-comments/model';
import type { CommentStore } from './comments.js';
import { timeCursorAfter, type TimeCursor } from './cursors.js';
import type { Database } from './db.js';
import type { EventLog } from './events.js';
import { COMMENT_COLUMNS, type CommentMapper, type CommentRow } from './rows.js';

/** The moderators' queue: comments waiting for approval (`MODERATION=pre`), approving and rejecting. */
export class ModerationStore {
  constructor(
    private readonly db: Database,
    private readonly mapper: CommentMapper,
    private readonly comments: CommentStore,
    private readonly events: EventLog,
  ) {}

  /** Pending comments, oldest first, with the e-mail address moderators may need. */
  async pending({ limit, cursor }: { limit: number; cursor: TimeCursor | null }) {
    const params: unknown[] = [limit + 1];
    let after = '';
    if (cursor) {
      params.push(...cursor);
      after = 'and (created_at, id) > ($2::timestamptz, $3::text)';
    }
    const { rows } = await this.db.query<CommentRow & { author_email: string | null }>(
      `select ${COMMENT_COLUMNS}, author_email from comments where status = 'pending' ${after} order by created_at, id limit $1`,
      params,
    );
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page.at(-1);
    return {
      comments: page.map((row) => ({ ...this.mapper.toComment(row, null), authorEmail: row.author_email ?? null, authorKey: row.viewer_id ?? null })),
      nextCursor: more && last ? timeCursorAfter(last) : null,
    };
  }

  /** Publishes a pending comment. */
  async approve(commentId: string): Promise<Comment> {
    const row = await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<CommentRow>(`select ${COMMENT_COLUMNS} from comments where id = $1 for update`, [commentId]);
      const current = rows[0];
      if (!current) throw new AdapterError('not_found', 'This comment does not exist.');
      if (current.status !== 'pending') return current;
      if (current.parent_id) {
        const parent = await tx.query<{ status: string }>('select status from comments where id = $1', [current.parent_id]);
        if (parent.rows[0]?.status === 'pending') throw new AdapterError('conflict', 'Approve the comment it replies to first.');
      }
      const updated = await tx.query<CommentRow>(`update comments set status = 'published' where id = $1 returning ${COMMENT_COLUMNS}`, [commentId]);
      const published = updated.rows[0] as CommentRow;
      await this.comments.countIn(tx, current, 1, 1);
      await this.events.emit(tx, current.thread_id, { type: 'created', comment: this.mapper.toComment(published, null) });
      return published;
    });
    return this.mapper.toComment(row, null);
  }

  /** Drops a pending comment, or removes a published one like a moderator delete. */
  reject(commentId: string): Promise<Comment | null> {
    return this.comments.delete({ threadId: null, commentId }, null);
  }
}
