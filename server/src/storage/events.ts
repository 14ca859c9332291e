import type { AdapterEvent } from 'confab-comments/model';
import type { Database, Queryable } from './db.js';

/** A live event as stored: its position in the one sequence of every thread, and what happened. */
export interface StoredEvent {
  id: string;
  threadId: string;
  event: AdapterEvent;
}

/** Most events a resume replays; a client further behind reloads instead. */
export const MAX_REPLAY = 1000;
/** NOTIFY payloads stay below PostgreSQL's 8,000-byte limit; larger events are read back by id. */
export const INLINE_EVENT_BYTES = 7000;

/**
 * The events table: every change readers see is recorded in the transaction that makes it, and
 * announced with NOTIFY on commit, so the event exists exactly when the change does and every
 * server process hears of it (see events/hub.ts). Kept for a while for Last-Event-ID resume.
 */
export class EventLog {
  constructor(
    private readonly db: Database,
    private readonly onChange: (threadId: string) => void,
    private readonly onPendingChange: (threadId: string) => void,
  ) {}

  /**
   * Tells every process that someone's pending comments in a thread changed: no event (no one
   * else sees them), but what each process keeps of readers' own states in the thread is stale.
   */
  async pendingChanged(q: Queryable, threadId: string): Promise<void> {
    this.onPendingChange(threadId);
    await q.query('select pg_notify($1, $2)', [this.db.channel, JSON.stringify({ threadId, pending: true })]);
  }

  /**
   * Records an event and notifies every server process listening on the database. The NOTIFY
   * carries the event itself unless it is too large for a payload; listeners then read it back.
   */
  async emit(q: Queryable, threadId: string, event: AdapterEvent): Promise<void> {
    // Forgotten again when the NOTIFY comes back after the commit.
    this.onChange(threadId);
    await q.query(
      `with e as (insert into events (thread_id, payload) values ($1, $2) returning id, thread_id, payload)
       select pg_notify($3, json_build_object('id', e.id::text, 'threadId', e.thread_id,
                'event', case when octet_length(e.payload::text) < ${INLINE_EVENT_BYTES} then e.payload end)::text) from e`,
      [threadId, event, this.db.channel],
    );
  }

  async event(id: string): Promise<StoredEvent | null> {
    const { rows } = await this.db.query<{ id: string; thread_id: string; payload: AdapterEvent }>(
      'select id::text as id, thread_id, payload from events where id = $1',
      [id],
    );
    const row = rows[0];
    return row ? { id: row.id, threadId: row.thread_id, event: row.payload } : null;
  }

  /** The last event id handed out (0 before the first event). */
  async lastEventId(): Promise<string> {
    const { rows } = await this.db.query<{ id: string }>('select case when is_called then last_value else 0 end::text as id from events_id_seq');
    return rows[0]?.id ?? '0';
  }

  /**
   * Events of the threads after `afterId` up to `upTo`, in id order, for Last-Event-ID resume;
   * null when they cannot all be given: some were pruned (or emptied by a reset), `afterId` was
   * never handed out by this database, or there are more than `limit` (a client that far behind
   * reloads instead).
   */
  async after(threadIds: readonly string[], afterId: string, upTo: string, limit = MAX_REPLAY): Promise<StoredEvent[] | null> {
    const after = BigInt(afterId);
    const { rows: horizon } = await this.db.query<{ oldest: string | null; last: string }>(
      'select (select min(id) from events)::text as oldest, (select case when is_called then last_value else 0 end from events_id_seq)::text as last',
    );
    const { oldest, last } = horizon[0] ?? { oldest: null, last: '0' };
    if (after > BigInt(last)) return null;
    // Every id up to `upTo` has committed or never will; one of them below the oldest kept event
    // (and above `afterId`) was pruned. A rolled-back id there looks the same: a spare reload.
    const end = BigInt(upTo) + 1n;
    const kept = oldest === null ? end : BigInt(oldest);
    if (after < (kept < end ? kept : end) - 1n) return null;
    // Ordered by the bigint column, not by its text: "10" sorts before "9".
    const { rows } = await this.db.query<{ id: string; thread_id: string; payload: AdapterEvent }>(
      `select e.id::text as id, e.thread_id, e.payload from events e
        where e.thread_id = any($1::text[]) and e.id > $2 and e.id <= $3 order by e.id limit $4`,
      [threadIds, afterId, upTo, limit + 1],
    );
    if (rows.length > limit) return null;
    return rows.map((row) => ({ id: row.id, threadId: row.thread_id, event: row.payload }));
  }

  async prune(hours: number): Promise<void> {
    await this.db.query('delete from events where created_at < now() - make_interval(hours => $1)', [hours]);
  }
}
