import type { Logger } from '../log.js';
import type { Database, Queryable } from '../storage/db.js';

export type OutboxKind = 'mail' | 'webhook';

export interface OutboxRow {
  id: string;
  kind: OutboxKind;
  payload: Record<string, unknown>;
  attempts: number;
}

/** Sends one row's message; throws to have it retried. */
export type Deliver = (row: OutboxRow) => Promise<void>;

/** Rows one claim takes. */
const CLAIM_BATCH = 20;
/** A claimed row is due again after this long: a sender that died mid-send hands it back. */
const LEASE_SECONDS = 300;
/** Backoff after the n-th failed attempt: base, twice that, four times, … up to 6 hours. */
export function backoffSeconds(attempts: number, base = 30): number {
  return Math.min(base * 2 ** Math.max(0, attempts - 1), 6 * 3600);
}

/**
 * The outbox: mail and webhooks are rows here, written next to the change they tell of, and sent
 * by a worker in each server process. A claim takes due rows with `FOR UPDATE SKIP LOCKED` and
 * pushes them a lease ahead in the same statement, so several processes share the table and each
 * row goes out once (or, after a crash mid-send, once more when its lease ends). A failed
 * delivery is retried with backoff until `attempts` is used up, then marked failed.
 */
export class Outbox {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly deliverers = new Map<OutboxKind, Deliver>();

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly options: { attempts: number; pollMs: number; backoffSeconds: number },
  ) {}

  /** Who sends rows of a kind; rows of a kind without one wait. */
  handle(kind: OutboxKind, deliver: Deliver): void {
    this.deliverers.set(kind, deliver);
  }

  /** Queues messages; `q` is the transaction when called inside one. Wakes this process's worker. */
  async enqueue(kind: OutboxKind, payloads: Record<string, unknown>[], q: Queryable = this.db): Promise<void> {
    if (payloads.length === 0) return;
    await q.query('insert into outbox (kind, payload) select $1, p from unnest($2::jsonb[]) as p', [kind, payloads.map((p) => JSON.stringify(p))]);
    this.kick();
  }

  /** Starts polling for due rows. */
  start(): void {
    if (this.timer || this.deliverers.size === 0) return;
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Runs the worker soon (again, if it is running now). */
  kick(): void {
    if (this.stopped || this.deliverers.size === 0) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((err: unknown) => this.logger.warn({ err }, 'outbox: claiming rows failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Stops polling and waits for the deliveries under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Claims and delivers due rows until none is left. Resolves with how many were delivered. */
  async drain(): Promise<number> {
    let delivered = 0;
    while (!this.stopped) {
      const rows = await this.claim();
      if (rows.length === 0) break;
      const results = await Promise.all(rows.map((row) => this.deliver(row)));
      delivered += results.filter(Boolean).length;
    }
    return delivered;
  }

  private async claim(): Promise<OutboxRow[]> {
    const kinds = [...this.deliverers.keys()];
    const { rows } = await this.db.query<OutboxRow>(
      `update outbox set attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $3)
        where id in (select id from outbox where status = 'queued' and next_attempt_at <= now() and kind = any($1::text[])
                      order by next_attempt_at, id limit $2 for update skip locked)
        returning id::text as id, kind, payload, attempts`,
      [kinds, CLAIM_BATCH, LEASE_SECONDS],
    );
    return rows;
  }

  private async deliver(row: OutboxRow): Promise<boolean> {
    const deliver = this.deliverers.get(row.kind);
    try {
      if (!deliver) throw new Error(`no sender for ${row.kind}`);
      await deliver(row);
      await this.db.query(`update outbox set status = 'sent', sent_at = now(), last_error = null where id = $1`, [row.id]);
      return true;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const final = row.attempts >= this.options.attempts;
      this.logger.warn({ err, id: row.id, kind: row.kind, attempts: row.attempts, final }, final ? 'outbox: delivery failed for good' : 'outbox: delivery failed, will retry');
      await this.db
        .query(
          `update outbox set status = case when $2 then 'failed' else 'queued' end, last_error = $3,
                  next_attempt_at = now() + make_interval(secs => $4) where id = $1`,
          [row.id, final, message.slice(0, 1000), backoffSeconds(row.attempts, this.options.backoffSeconds)],
        )
        .catch((e: unknown) => this.logger.error({ err: e }, 'outbox: recording a failure failed'));
      return false;
    }
  }

  /** Messages that could not be delivered, newest first (for moderators). */
  async failed(limit = 50) {
    const { rows } = await this.db.query<{ id: string; kind: string; payload: Record<string, unknown>; attempts: number; last_error: string | null; created_at: Date }>(
      `select id::text as id, kind, payload, attempts, last_error, created_at from outbox where status = 'failed' order by created_at desc limit $1`,
      [limit],
    );
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      to: (row.payload.to ?? row.payload.url ?? null) as string | null,
      subject: (row.payload.subject ?? row.payload.event ?? null) as string | null,
      attempts: row.attempts,
      error: row.last_error,
      createdAt: new Date(row.created_at).toISOString(),
    }));
  }

  /**
   * A moderator asked to send a failed message again: it is queued now with every attempt
   * available. Resolves false when there is no failed message `id` (sent, retried already, pruned).
   */
  async retry(id: string): Promise<boolean> {
    const { rows } = await this.db.query(
      `update outbox set status = 'queued', attempts = 0, next_attempt_at = now() where id = $1::bigint and status = 'failed' returning id`,
      [id],
    );
    if (rows.length > 0) this.kick();
    return rows.length > 0;
  }

  /** Forgets sent rows older than `hours`. */
  async prune(hours: number): Promise<void> {
    await this.db.query(`delete from outbox where status = 'sent' and sent_at < now() - make_interval(hours => $1)`, [hours]);
  }
}
