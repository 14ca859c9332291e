import { AccessStore } from './access.js';
import { CommentStore } from './comments.js';
import { DeskStore } from './desk.js';
import type { Database } from './db.js';
import { EventLog } from './events.js';
import { ImportStore } from './import.js';
import { ModerationStore } from './moderation.js';
import { PostBatcher } from './post-batcher.js';
import { ReactionStore } from './reactions.js';
import { ReportStore } from './reports.js';
import { CommentMapper } from './rows.js';
import { TypoStore } from './typos.js';

export { openDatabase, type Database } from './db.js';
export type { Viewer, SiteUser } from './rows.js';

/**
 * Everything the server keeps, by domain. Each store owns its tables' SQL (every statement
 * parameterised, never built from input) and throws the model's `AdapterError` for what the
 * request cannot do (not found, forbidden, conflict); the HTTP layer maps those codes to statuses
 * in one place. A new domain (bans, closed threads, mail) is a new module here and a field below.
 */
export class Storage {
  readonly mapper: CommentMapper;
  readonly events: EventLog;
  readonly comments: CommentStore;
  readonly reactions: ReactionStore;
  readonly reports: ReportStore;
  readonly typos: TypoStore;
  readonly moderation: ModerationStore;
  readonly imports: ImportStore;
  readonly access: AccessStore;
  readonly desk: DeskStore;

  constructor(
    readonly db: Database,
    options: { editWindowMinutes: number; moderation: 'off' | 'pre'; closeAfterDays?: number },
  ) {
    this.mapper = new CommentMapper(options.editWindowMinutes);
    this.events = new EventLog(db, (threadId) => this.invalidate(threadId), (threadId) => this.invalidateViewers(threadId));
    this.comments = new CommentStore(db, this.mapper, this.events, new PostBatcher(db), options.moderation);
    this.reactions = new ReactionStore(db, this.events);
    this.reports = new ReportStore(db, this.mapper, this.comments);
    this.typos = new TypoStore(db);
    this.moderation = new ModerationStore(db, this.mapper, this.comments, this.events);
    this.imports = new ImportStore(db, () => this.invalidate(null));
    this.access = new AccessStore(db, options.closeAfterDays ?? 0);
    this.desk = new DeskStore(db, this.mapper, this.events, this.moderation, this.reports, this.access);
    this.comments.guard = (threadId, viewer) => this.access.checkPost(threadId, viewer);
  }

  /** Forgets what is cached of a thread (null: of every thread), after a change here or on another process. */
  invalidate(threadId: string | null): void {
    this.comments.pages.invalidate(threadId);
    this.comments.viewerStates.invalidate(threadId);
  }

  /** Forgets the readers' own states in a thread: someone's pending comments changed, which no one else sees. */
  invalidateViewers(threadId: string): void {
    this.comments.viewerStates.invalidate(threadId);
  }

  /** The last event id handed out (0 before the first event). */
  lastEventId(): Promise<string> {
    return this.events.lastEventId();
  }

  /** A stored event by id: for a notification too large to carry it. */
  event(id: string) {
    return this.events.event(id);
  }

  /** Empties every table: for test suites (`TEST_RESET=1`). */
  async reset(): Promise<void> {
    // mail and spam defence
    await this.db.query('truncate outbox, mail_subscriptions, mail_unsubscribed, mail_addresses, moderator_digest_items, spam_holds, spam_bodies, spent_challenges');
    await this.db.query('update moderator_digest set due_at = null');
    await this.db.query('truncate comments, threads, reactions, comment_reports, typo_reports, typo_votes, events, bans, admin_sessions, import_ids, removed_comments');
    this.access.forget();
    this.invalidate(null);
  }
}
