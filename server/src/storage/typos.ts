import { createHash, randomUUID } from 'node:crypto';
import { AdapterError, type CheckedTypoReport } from 'confab-comments/model';
import type { Database } from './db.js';
import { iso, type Viewer } from './rows.js';

export type TypoStatus = 'open' | 'fixed' | 'rejected';

export interface TypoReport {
  id: string;
  url: string;
  threadId: string | null;
  quote: { exact: string; prefix: string; suffix: string };
  suggestion: string | null;
  count: number;
  comments: string[];
  status: TypoStatus;
  createdAt: string;
  updatedAt: string;
}

interface TypoRow {
  id: string;
  url: string;
  thread_id: string | null;
  exact: string;
  prefix: string;
  suffix: string;
  suggestion: string | null;
  report_count: number;
  comments: string[];
  status: TypoStatus;
  created_at: Date | string;
  updated_at: Date | string;
}

const WITH_COMMENTS = `coalesce((select jsonb_agg(v.comment order by v.created_at) from typo_votes v
                        where v.report_id = t.id and v.comment is not null), '[]'::jsonb) as comments`;

/** Typo reports for the editors: identical reports merge, counted by distinct reporters. */
export class TypoStore {
  constructor(private readonly db: Database) {}

  /** Identical reports (same page, quote and suggestion) merge; the count is of distinct reporters. */
  async report(input: CheckedTypoReport & { threadId: string | null }, viewer: Viewer): Promise<{ id: string; count: number }> {
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([input.url, input.quote.exact, input.quote.prefix, input.quote.suffix, input.suggestion ?? '']))
      .digest('base64url');
    return this.db.transaction(async (tx) => {
      await tx.query(
        `insert into typo_reports (id, fingerprint, url, thread_id, exact, prefix, suffix, suggestion)
         values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (fingerprint) do nothing`,
        [randomUUID(), fingerprint, input.url, input.threadId, input.quote.exact, input.quote.prefix, input.quote.suffix, input.suggestion],
      );
      const { rows } = await tx.query<{ id: string }>('select id from typo_reports where fingerprint = $1 for update', [fingerprint]);
      const id = (rows[0] as { id: string }).id;
      const vote = await tx.query(
        'insert into typo_votes (report_id, viewer_id, comment) values ($1, $2, $3) on conflict do nothing returning report_id',
        [id, viewer.id, input.comment],
      );
      const updated = await tx.query<{ report_count: number }>(
        'update typo_reports set report_count = report_count + $2, updated_at = now() where id = $1 returning report_count',
        [id, vote.rows.length > 0 ? 1 : 0],
      );
      return { id, count: updated.rows[0]?.report_count ?? 0 };
    });
  }

  /** Reports of one status, most reported first. */
  async list({ status, limit }: { status: TypoStatus; limit: number }): Promise<{ typos: TypoReport[] }> {
    const { rows } = await this.db.query<TypoRow>(
      `select t.*, ${WITH_COMMENTS} from typo_reports t where status = $1 order by report_count desc, updated_at desc limit $2`,
      [status, limit],
    );
    return { typos: rows.map(toTypo) };
  }

  async setStatus(id: string, status: TypoStatus): Promise<TypoReport> {
    const { rows } = await this.db.query<TypoRow>(
      `update typo_reports t set status = $2, updated_at = now() where id = $1 returning t.*, ${WITH_COMMENTS}`,
      [id, status],
    );
    if (!rows[0]) throw new AdapterError('not_found', 'This typo report does not exist.');
    return toTypo(rows[0]);
  }
}

function toTypo(row: TypoRow): TypoReport {
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
