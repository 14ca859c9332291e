import { AdapterError, type Comment, type ReportReason } from 'confab-comments/model';
import type { CommentStore } from './comments.js';
import type { Database } from './db.js';
import { commentColumnsOf, type CommentMapper, type CommentRow, type Viewer } from './rows.js';

export interface ReportedComment extends Comment {
  authorEmail: string | null;
  authorKey: string | null;
  reports: { count: number; reasons: Record<string, number>; notes: string[] };
}

/** Readers' reports of comments, and the moderators' list of what was reported. */
export class ReportStore {
  constructor(
    private readonly db: Database,
    private readonly mapper: CommentMapper,
    private readonly comments: CommentStore,
  ) {}

  /** One report per viewer per comment: a repeat changes nothing. */
  async report(input: { threadId: string; commentId: string; reason: ReportReason; note: string | null }, viewer: Viewer): Promise<void> {
    const found = await this.comments.visibleComment(this.db, input.threadId, input.commentId, viewer.id);
    if (!found || found.status === 'deleted') throw new AdapterError('not_found', 'This comment does not exist.');
    await this.db.query(
      'insert into comment_reports (comment_id, viewer_id, reason, note) values ($1, $2, $3, $4) on conflict do nothing',
      [input.commentId, viewer.id, input.reason, input.note],
    );
    // The moderators' queue changed: their dashboards hear of it.
    await this.db.query('select pg_notify($1, $2)', [this.db.channel, JSON.stringify({ threadId: input.threadId, pending: true })]);
  }

  /** Reported comments, most reported first. */
  async reported({ limit }: { limit: number }): Promise<{ comments: ReportedComment[]; nextCursor: null }> {
    const { rows } = await this.db.query<CommentRow & { author_email: string | null; report_count: number; reasons: string[]; notes: string[] }>(
      `select ${commentColumnsOf('c')}, c.author_email, r.report_count, r.reasons, r.notes
         from (select comment_id, count(*)::integer as report_count, jsonb_agg(reason) as reasons,
                      coalesce(jsonb_agg(note) filter (where note is not null), '[]'::jsonb) as notes, max(created_at) as last_report
                 from comment_reports group by comment_id) as r
         join comments c on c.id = r.comment_id
        order by r.report_count desc, r.last_report desc limit $1`,
      [limit],
    );
    return {
      comments: rows.map((row) => {
        const reasons: Record<string, number> = {};
        for (const reason of row.reasons) reasons[reason] = (reasons[reason] ?? 0) + 1;
        return {
          ...this.mapper.toComment(row, null),
          authorEmail: row.author_email ?? null,
          authorKey: row.viewer_id ?? null,
          reports: { count: row.report_count, reasons, notes: row.notes },
        };
      }),
      nextCursor: null,
    };
  }

  async dismiss(commentId: string): Promise<void> {
    await this.db.query('delete from comment_reports where comment_id = $1', [commentId]);
  }
}
