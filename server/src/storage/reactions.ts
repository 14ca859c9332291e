import { AdapterError, EXCLUSIVE_REACTIONS, type ReactionState } from 'confab-comments/model';
import type { Database, Queryable } from './db.js';
import type { EventLog } from './events.js';
import type { Viewer } from './rows.js';

export interface ReactionTarget {
  threadId: string;
  /** null: the thread (article) itself */
  commentId: string | null;
}

/** Reactions on a thread or a comment: one of each kind per viewer, counts kept with the target. */
export class ReactionStore {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
  ) {}

  async get(target: ReactionTarget, viewer: Viewer): Promise<ReactionState> {
    const counts = await this.counts(this.db, target, false);
    return { reactions: counts, viewer: await this.mine(this.db, target, viewer.id) };
  }

  /** Sets or clears one reaction of the viewer; `like` and `dislike` exclude each other. */
  async react(input: ReactionTarget & { reaction: string; active: boolean }, viewer: Viewer & { id: string }): Promise<ReactionState> {
    const viewerId = viewer.id;
    const commentKey = input.commentId ?? '';
    return this.db.transaction(async (tx) => {
      if (!input.commentId) await tx.query('insert into threads (id) values ($1) on conflict (id) do nothing', [input.threadId]);
      const counts = await this.counts(tx, input, true);
      let changed = false;
      const bump = (name: string, delta: number) => {
        const next = (counts[name] ?? 0) + delta;
        if (next > 0) counts[name] = next;
        else delete counts[name];
        changed = true;
      };
      if (input.active) {
        const rivals = EXCLUSIVE_REACTIONS.find((group) => group.includes(input.reaction))?.filter((name) => name !== input.reaction) ?? [];
        if (rivals.length > 0) {
          const { rows } = await tx.query<{ reaction: string }>(
            'delete from reactions where viewer_id = $1 and thread_id = $2 and comment_id = $3 and reaction = any($4::text[]) returning reaction',
            [viewerId, input.threadId, commentKey, rivals],
          );
          for (const row of rows) bump(row.reaction, -1);
        }
        const { rows } = await tx.query(
          `insert into reactions (viewer_id, thread_id, comment_id, reaction) values ($1, $2, $3, $4)
           on conflict do nothing returning reaction`,
          [viewerId, input.threadId, commentKey, input.reaction],
        );
        if (rows.length > 0) bump(input.reaction, 1);
      } else {
        const { rows } = await tx.query(
          'delete from reactions where viewer_id = $1 and thread_id = $2 and comment_id = $3 and reaction = $4 returning reaction',
          [viewerId, input.threadId, commentKey, input.reaction],
        );
        if (rows.length > 0) bump(input.reaction, -1);
      }
      if (changed) {
        if (input.commentId) await tx.query('update comments set reactions = $2 where id = $1', [input.commentId, counts]);
        else await tx.query('update threads set reactions = $2 where id = $1', [input.threadId, counts]);
        await this.events.emit(tx, input.threadId, { type: 'reactions', threadId: input.threadId, commentId: input.commentId, reactions: counts });
      }
      return { reactions: counts, viewer: await this.mine(tx, input, viewerId) };
    });
  }

  private async counts(q: Queryable, target: ReactionTarget, lock: boolean): Promise<Record<string, number>> {
    const forUpdate = lock ? 'for update' : '';
    if (!target.commentId) {
      const { rows } = await q.query<{ reactions: Record<string, number> }>(`select reactions from threads where id = $1 ${forUpdate}`, [target.threadId]);
      return { ...(rows[0]?.reactions ?? {}) };
    }
    const { rows } = await q.query<{ reactions: Record<string, number>; status: string }>(
      `select reactions, status from comments where id = $1 and thread_id = $2 ${forUpdate}`,
      [target.commentId, target.threadId],
    );
    const row = rows[0];
    if (!row || row.status !== 'published') throw new AdapterError('not_found', 'This comment does not exist or is not published.');
    return { ...row.reactions };
  }

  private async mine(q: Queryable, target: ReactionTarget, viewerId: string | null): Promise<string[]> {
    if (!viewerId) return [];
    const { rows } = await q.query<{ reaction: string }>(
      'select reaction from reactions where viewer_id = $1 and thread_id = $2 and comment_id = $3 order by created_at',
      [viewerId, target.threadId, target.commentId ?? ''],
    );
    return rows.map((row) => row.reaction);
  }
}
