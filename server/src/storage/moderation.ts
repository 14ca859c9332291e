import { AdapterError, type Comment } from 'confab-comments/model';
import type { CommentStore } from './comments.js';
import { timeCursorAfter, type TimeCursor } from './cursors.js';
import type { Database, Queryable } from './db.js';
import type { EventLog } from './events.js';
import { COMMENT_COLUMNS, commentColumnsOf, type CommentMapper, type CommentRow } from './rows.js';

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

  /**
   * Brings back a comment a moderator removed, as it was: a published one into its thread (readers
   * see it arrive), a rejected one into the pending queue. A parent that went meanwhile comes back
   * as the empty placeholder it was; one that cannot come back leaves the reply top-level.
   */
  async restore(commentId: string): Promise<Comment> {
    const row = await this.db.transaction(async (tx) => {
      const { rows: kept } = await tx.query<{ reason: string; reactions: { viewer_id: string; reaction: string; created_at: string }[] }>(
        `select reason, reactions from removed_comments where id = $1 and reason <> 'placeholder' for update`,
        [commentId],
      );
      const entry = kept[0];
      if (!entry) throw new AdapterError('not_found', 'There is nothing to restore: this comment was not removed by a moderator, or is back already.');
      const { rows: present } = await tx.query<CommentRow>(`select ${COMMENT_COLUMNS} from comments where id = $1 for update`, [commentId]);
      const current = present[0];
      if (current && current.status !== 'deleted') throw new AdapterError('conflict', 'This comment is on the site already.');
      const { rows: saved } = await tx.query<{ parent_id: string | null }>(
        `select parent_id from jsonb_populate_record(null::comments, (select saved from removed_comments where id = $1))`,
        [commentId],
      );
      const parentId = current ? current.parent_id : await this.ensureParent(tx, saved[0]?.parent_id ?? null);
      let restored: CommentRow;
      if (current) {
        // It stayed as a placeholder for its replies: its text and author come back in place.
        const { rows } = await tx.query<CommentRow>(
          `update comments c set author_name = s.author_name, author_url = s.author_url, author_avatar_url = s.author_avatar_url,
                  author_user_id = s.author_user_id, author_email = s.author_email, viewer_id = s.viewer_id, body = s.body,
                  status = s.status, edited_at = s.edited_at, moderator_edited_at = s.moderator_edited_at, reactions = s.reactions
             from jsonb_populate_record(null::comments, (select saved from removed_comments where id = $1)) s
            where c.id = $1 returning ${commentColumnsOf('c')}`,
          [commentId],
        );
        restored = rows[0] as CommentRow;
        await this.comments.countIn(tx, restored, restored.status === 'pending' ? -1 : 0, restored.status === 'published' ? 1 : 0);
      } else {
        const { rows } = await tx.query<CommentRow>(
          `insert into comments (id, thread_id, parent_id, author_name, author_url, author_avatar_url, author_user_id, author_email,
                                 viewer_id, body, status, created_at, edited_at, moderator_edited_at, reply_count, reactions)
           select s.id, s.thread_id, $2, s.author_name, s.author_url, s.author_avatar_url, s.author_user_id, s.author_email,
                  s.viewer_id, s.body, s.status, s.created_at, s.edited_at, s.moderator_edited_at, 0, s.reactions
             from jsonb_populate_record(null::comments, (select saved from removed_comments where id = $1)) s
           returning ${COMMENT_COLUMNS}`,
          [commentId, parentId],
        );
        restored = rows[0] as CommentRow;
        await this.comments.countIn(tx, restored, restored.status === 'pending' ? 0 : 1, restored.status === 'published' ? 1 : 0);
      }
      await tx.query(
        `insert into reactions (viewer_id, thread_id, comment_id, reaction, created_at)
         select r.viewer_id, $2, $1, r.reaction, r.created_at
           from jsonb_to_recordset($3::jsonb) as r(viewer_id text, reaction text, created_at timestamptz)
         on conflict do nothing`,
        [commentId, restored.thread_id, JSON.stringify(entry.reactions)],
      );
      await tx.query('delete from removed_comments where id = $1', [commentId]);
      if (restored.status === 'published') {
        const comment = this.mapper.toComment(restored, null);
        await this.events.emit(tx, restored.thread_id, current ? { type: 'edited', comment } : { type: 'created', comment });
      } else {
        if (current) await this.events.emit(tx, restored.thread_id, { type: 'deleted', threadId: restored.thread_id, commentId, placeholder: null });
        await this.events.pendingChanged(tx, restored.thread_id);
      }
      return restored;
    });
    return this.mapper.toComment(row, null);
  }

  /**
   * The parent a restored reply hangs under: the comment if it is there, else the placeholder it
   * was brought back (its own parent first), else none (the reply becomes top-level).
   */
  private async ensureParent(tx: Queryable, parentId: string | null): Promise<string | null> {
    if (!parentId) return null;
    const { rows } = await tx.query('select 1 from comments where id = $1', [parentId]);
    if (rows.length > 0) return parentId;
    const { rows: kept } = await tx.query<{ parent_id: string | null }>(
      `select s.parent_id from removed_comments r, jsonb_populate_record(null::comments, r.saved) s where r.id = $1`,
      [parentId],
    );
    if (!kept[0]) return null;
    const grandparent = await this.ensureParent(tx, kept[0].parent_id);
    const { rows: inserted } = await tx.query<CommentRow>(
      `insert into comments (id, thread_id, parent_id, author_name, body, status, created_at, reply_count)
       select s.id, s.thread_id, $2, '', '', 'deleted', s.created_at, 0
         from removed_comments r, jsonb_populate_record(null::comments, r.saved) s where r.id = $1
       returning ${COMMENT_COLUMNS}`,
      [parentId, grandparent],
    );
    const placeholder = inserted[0] as CommentRow;
    await this.comments.countIn(tx, placeholder, 1, 0);
    await this.events.emit(tx, placeholder.thread_id, { type: 'created', comment: this.mapper.toComment(placeholder, null) });
    return parentId;
  }

  /** Drops a pending comment, or removes a published one like a moderator delete. */
  reject(commentId: string): Promise<Comment | null> {
    return this.comments.delete({ threadId: null, commentId }, null);
  }
}
