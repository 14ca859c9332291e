import { randomUUID } from 'node:crypto';
import { AdapterError } from 'confab-comments/model';
import type { Database } from './db.js';
import { iso, type Viewer } from './rows.js';

export interface Ban {
  id: string;
  subject: string;
  authorName: string;
  reason: string;
  /** null: for good */
  expiresAt: string | null;
  createdAt: string;
}

export interface ThreadState {
  threadId: string;
  closed: boolean;
  /** 'closed' or 'open' when a moderator chose, null when CLOSE_AFTER_DAYS decides */
  setting: 'open' | 'closed' | null;
  /** when CLOSE_AFTER_DAYS closes it (null: never, or already closed by hand) */
  closesAt: string | null;
}

/** How long a process trusts what it read of bans and thread states (other processes' changes). */
const FRESH_MS = 3000;
const MAX_CACHED_THREADS = 10_000;

interface BanRow {
  id: string;
  subject: string;
  author_name: string;
  reason: string;
  expires_at: Date | string | null;
  created_at: Date | string;
}

const toBan = (row: BanRow): Ban => ({
  id: row.id,
  subject: row.subject,
  authorName: row.author_name,
  reason: row.reason,
  expiresAt: row.expires_at === null ? null : iso(row.expires_at),
  createdAt: iso(row.created_at),
});

/**
 * Who may post where: bans of authors and closed threads. The post path asks `checkPost` before
 * it writes; both answers are kept in memory for a few seconds (this process's own changes drop
 * them at once), so a post costs no extra query while nothing changes.
 */
export class AccessStore {
  private bans: { at: number; active: Map<string, Ban> } | null = null;
  private readonly threads = new Map<string, { at: number; state: ThreadState }>();

  constructor(
    private readonly db: Database,
    private readonly closeAfterDays: number,
  ) {}

  /** Throws `forbidden` with a message for the reader when this viewer may not post in this thread. */
  async checkPost(threadId: string, viewer: Viewer): Promise<void> {
    const state = await this.threadState(threadId);
    if (state.closed) throw new AdapterError('forbidden', 'Comments are closed on this page.', { field: 'closed' });
    if (viewer.id === null) return;
    const ban = (await this.activeBans()).get(viewer.id);
    if (ban && (ban.expiresAt === null || Date.parse(ban.expiresAt) > Date.now())) {
      const until = ban.expiresAt === null ? '' : ` until ${ban.expiresAt.slice(0, 16).replace('T', ' ')} UTC`;
      throw new AdapterError('forbidden', `You may not comment on this site${until}.`, { field: 'banned' });
    }
  }

  private async activeBans(): Promise<Map<string, Ban>> {
    if (this.bans && Date.now() - this.bans.at < FRESH_MS) return this.bans.active;
    const { rows } = await this.db.query<BanRow>('select * from bans where expires_at is null or expires_at > now()');
    const active = new Map<string, Ban>();
    for (const row of rows) {
      const ban = toBan(row);
      const known = active.get(ban.subject);
      // The longest ban of a subject counts.
      if (!known || (known.expiresAt !== null && (ban.expiresAt === null || ban.expiresAt > known.expiresAt))) active.set(ban.subject, ban);
    }
    this.bans = { at: Date.now(), active };
    return active;
  }

  /** Whether the thread takes comments, and why. */
  async threadState(threadId: string): Promise<ThreadState> {
    const hit = this.threads.get(threadId);
    if (hit && Date.now() - hit.at < FRESH_MS) return hit.state;
    const { rows } = await this.db.query<{ closed: 'open' | 'closed' | null; created_at: Date | string }>(
      'select closed, created_at from threads where id = $1',
      [threadId],
    );
    const row = rows[0];
    const setting = row?.closed ?? null;
    let closesAt: string | null = null;
    // A thread without a row yet begins with its first comment: now.
    const begun = row ? Date.parse(iso(row.created_at)) : Date.now();
    if (setting === null && this.closeAfterDays > 0) closesAt = new Date(begun + this.closeAfterDays * 86_400_000).toISOString();
    const closed = setting === 'closed' || (closesAt !== null && Date.parse(closesAt) <= Date.now());
    const state: ThreadState = { threadId, closed, setting, closesAt: closed ? null : closesAt };
    if (this.threads.size >= MAX_CACHED_THREADS) this.threads.clear();
    this.threads.set(threadId, { at: Date.now(), state });
    return state;
  }

  /** A moderator closes (`closed`), reopens (`open`) a thread, or leaves it to CLOSE_AFTER_DAYS (null). */
  async setThread(threadId: string, setting: 'open' | 'closed' | null): Promise<ThreadState> {
    await this.db.query(
      `insert into threads (id, closed) values ($1, $2) on conflict (id) do update set closed = excluded.closed`,
      [threadId, setting],
    );
    this.threads.delete(threadId);
    return this.threadState(threadId);
  }

  async ban(input: { subject: string; authorName: string; reason: string; expiresAt: string | null }): Promise<Ban> {
    if (!/^[gu]:/.test(input.subject)) throw new AdapterError('validation', 'Only a guest or a signed-in author can be banned.', { field: 'subject' });
    const { rows } = await this.db.query<BanRow>(
      'insert into bans (id, subject, author_name, reason, expires_at) values ($1, $2, $3, $4, $5) returning *',
      [randomUUID(), input.subject, input.authorName, input.reason, input.expiresAt],
    );
    this.bans = null;
    return toBan(rows[0] as BanRow);
  }

  async unban(id: string): Promise<void> {
    const { rows } = await this.db.query('delete from bans where id = $1 returning id', [id]);
    if (rows.length === 0) throw new AdapterError('not_found', 'There is no such ban.');
    this.bans = null;
  }

  /** Bans in force, newest first. */
  async list(): Promise<Ban[]> {
    const { rows } = await this.db.query<BanRow>('select * from bans where expires_at is null or expires_at > now() order by created_at desc limit 500');
    return rows.map(toBan);
  }

  /** Threads a moderator closed or reopened. */
  async settings(): Promise<{ threadId: string; setting: 'open' | 'closed' }[]> {
    const { rows } = await this.db.query<{ id: string; closed: 'open' | 'closed' }>('select id, closed from threads where closed is not null order by id limit 1000');
    return rows.map((row) => ({ threadId: row.id, setting: row.closed }));
  }

  forget(): void {
    this.bans = null;
    this.threads.clear();
  }
}
