import type { OutreachConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { Database } from '../storage/db.js';
import { bodyHtml, escapeHtml, type Mail, type ModeratorItem } from './mail.js';
import type { Outbox } from './outbox.js';

/** How much of each comment a digest quotes. */
const QUOTE_CHARS = 600;

interface ItemRow {
  kind: 'pending' | 'reported';
  comment_id: string;
  thread_id: string;
  author_name: string;
  body: string;
  reason: string | null;
  base: string;
  id: string;
}

/** One comment as a digest lists it: what it is, and every reason it was held or reported for. */
interface Entry {
  kind: 'pending' | 'reported';
  commentId: string;
  threadId: string;
  authorName: string;
  body: string;
  reasons: string[];
  reports: number;
}

const quote = (body: string) => {
  const trimmed = body.trim();
  return trimmed.length > QUOTE_CHARS ? `${trimmed.slice(0, QUOTE_CHARS).trimEnd()}…` : trimmed;
};
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Moderators' notices collected for MODERATOR_DIGEST_MINUTES and sent as one message a period. The
 * first notice after a quiet time opens a period (the `moderator_digest` row's `due_at`); when it
 * ends, the process whose worker locks that row (`FOR UPDATE SKIP LOCKED`: the others skip it)
 * takes every collected item and queues the digest in the outbox in one transaction, so several
 * server processes send it once. A comment approved, rejected or deleted in the meantime is left
 * out: moderators are told of what still waits for them.
 */
export class ModeratorDigest {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    private readonly outbox: Outbox,
    private readonly mail: Mail,
    private readonly config: OutreachConfig,
    private readonly logger: Logger,
  ) {}

  /** Notes a comment for the next digest. */
  async add(kind: 'pending' | 'reported', item: ModeratorItem, base: string): Promise<void> {
    await this.db.query(
      'insert into moderator_digest_items (kind, comment_id, thread_id, author_name, body, reason, base) values ($1, $2, $3, $4, $5, $6, $7)',
      [kind, item.id, item.threadId, item.authorName, item.body, item.reason ?? null, base],
    );
    await this.db.query('update moderator_digest set due_at = coalesce(due_at, now() + make_interval(mins => $1)) where id = 1', [this.config.moderatorDigestMinutes]);
  }

  /** Looks for a due digest every `everyMs`. */
  start(everyMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), everyMs);
    this.timer.unref();
    this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.sendDue()
      .then(() => undefined)
      .catch((err: unknown) => this.logger.warn({ err }, 'sending the moderators digest failed'))
      .finally(() => {
        this.running = null;
      });
  }

  /** Queues the digest when its period has ended; resolves with whether one was queued. */
  async sendDue(): Promise<boolean> {
    const queued = await this.db.transaction(async (tx) => {
      const { rows: due } = await tx.query('select 1 from moderator_digest where id = 1 and due_at <= now() for update skip locked');
      if (due.length === 0) return false;
      const { rows } = await tx.query<ItemRow>(
        'delete from moderator_digest_items returning id::text as id, kind, comment_id, thread_id, author_name, body, reason, base',
      );
      await tx.query('update moderator_digest set due_at = null where id = 1');
      rows.sort((a, b) => Number(a.id) - Number(b.id));
      const entries = await this.stillOpen(tx, rows);
      if (entries.length === 0) return false;
      const base = rows[rows.length - 1]!.base;
      await this.outbox.enqueue('mail', await this.mail.toModerators(compose(entries, base), base, tx), tx);
      return true;
    });
    // Woken after the commit: a worker woken inside the transaction would not see the rows yet.
    if (queued) this.outbox.kick();
    return queued;
  }

  /** The items as entries, one per comment and kind, without comments no longer waiting. */
  private async stillOpen(tx: Pick<Database, 'query'>, rows: ItemRow[]): Promise<Entry[]> {
    if (rows.length === 0) return [];
    const { rows: statuses } = await tx.query<{ id: string; status: string }>('select id, status from comments where id = any($1::text[])', [
      [...new Set(rows.map((row) => row.comment_id))],
    ]);
    const status = new Map(statuses.map((row) => [row.id, row.status]));
    const entries = new Map<string, Entry>();
    for (const row of rows) {
      const now = status.get(row.comment_id);
      if (row.kind === 'pending' ? now !== 'pending' : now === undefined || now === 'deleted') continue;
      const key = `${row.kind}:${row.comment_id}`;
      const entry = entries.get(key) ?? { kind: row.kind, commentId: row.comment_id, threadId: row.thread_id, authorName: row.author_name, body: row.body, reasons: [], reports: 0 };
      if (row.reason && !entry.reasons.includes(row.reason)) entry.reasons.push(row.reason);
      if (row.kind === 'reported') entry.reports += 1;
      entries.set(key, entry);
    }
    return [...entries.values()];
  }
}

/** The digest: pending comments first, then reported ones, each quoted with its reasons. */
function compose(entries: Entry[], base: string): { subject: string; text: string; html: string } {
  const pending = entries.filter((entry) => entry.kind === 'pending');
  const reported = entries.filter((entry) => entry.kind === 'reported');
  const parts = [
    pending.length ? `${count(pending.length, 'comment waits', 'comments wait')} for approval` : '',
    reported.length ? `${count(reported.length, 'comment was', 'comments were')} reported` : '',
  ].filter(Boolean);
  const subject = `Moderation: ${parts.join(', ')}`;
  const why = (entry: Entry) =>
    [entry.kind === 'reported' && entry.reports > 1 ? `${entry.reports} reports` : '', entry.reasons.length ? `why: ${entry.reasons.join('; ')}` : ''].filter(Boolean).join(', ');
  const heading = (entry: Entry) => `${entry.authorName} in ${entry.threadId}`;
  const sections = [
    { title: 'Waiting for approval', list: pending },
    { title: 'Reported', list: reported },
  ].filter((section) => section.list.length > 0);

  const text = [
    `${parts.join(', ')}.`,
    ...sections.flatMap((section) => [
      '',
      `${section.title} (${section.list.length}):`,
      ...section.list.flatMap((entry) => ['', `* ${heading(entry)}${why(entry) ? ` (${why(entry)})` : ''}`, ...quote(entry.body).split('\n').map((line) => `  > ${line}`)]),
    ]),
    '',
    `Moderate: ${base}/admin`,
  ].join('\n');
  const html = [
    `<p>${escapeHtml(parts.join(', '))}.</p>`,
    ...sections.map(
      (section) =>
        `<h2>${escapeHtml(section.title)} (${section.list.length})</h2>\n` +
        section.list
          .map((entry) => `<p><strong>${escapeHtml(heading(entry))}</strong>${why(entry) ? ` (${escapeHtml(why(entry))})` : ''}</p>\n<blockquote>${bodyHtml(quote(entry.body))}</blockquote>`)
          .join('\n'),
    ),
    `<p><a href="${escapeHtml(base)}/admin">Moderate</a></p>`,
  ].join('\n');
  return { subject, text, html };
}
