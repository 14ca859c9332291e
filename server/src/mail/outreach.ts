import type { Comment } from 'confab-comments/model';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Database } from '../storage/db.js';
import { SpamGuard, type SpamChecker } from '../spam/guard.js';
import { Webhooks } from '../webhooks/webhooks.js';
import { ModeratorDigest } from './digest.js';
import { Mail, normaliseEmail } from './mail.js';
import { Outbox } from './outbox.js';

const PRUNE_EVERY_MS = 10 * 60_000;
const KEEP_SENT_HOURS = 72;

/** What the post path hands over after a post was saved. */
export interface Posted {
  comment: Comment;
  replayed: boolean;
  /** the author asked to be told of replies */
  notify: boolean;
  email: string | undefined;
  /** why the spam rules held it, if they did */
  heldFor: string | null;
}

/**
 * Everything that leaves the server about comments, and the spam guard in front of them: the
 * outbox and its worker, reply and moderator mail, webhooks. The post path and the moderation
 * routes call it in one line each; a failure here is logged and never fails the request.
 */
export class Outreach {
  readonly outbox: Outbox;
  readonly mail: Mail;
  readonly webhooks: Webhooks;
  readonly guard: SpamGuard;
  private pruning: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly logger: Logger,
    options: { spamCheckers?: SpamChecker[] } = {},
  ) {
    const o = config.outreach;
    this.outbox = new Outbox(db, logger, { attempts: o.outboxAttempts, pollMs: o.outboxPollMs, backoffSeconds: o.outboxBackoffSeconds });
    this.mail = new Mail(db, this.outbox, o, config.secret);
    if (this.mail.configured && o.moderatorEmails.length > 0 && o.moderatorDigestMinutes > 0) {
      this.mail.digest = new ModeratorDigest(db, this.outbox, this.mail, o, logger);
    }
    this.webhooks = new Webhooks(this.outbox, o.webhookUrls, o.webhookSecret);
    this.guard = new SpamGuard(db, config, logger, options.spamCheckers);
  }

  start(): void {
    this.outbox.start();
    this.mail.digest?.start(this.config.outreach.outboxPollMs);
    this.pruning = setInterval(() => {
      Promise.all([this.outbox.prune(KEEP_SENT_HOURS), this.guard.prune()]).catch((err: unknown) => this.logger.warn({ err }, 'pruning the outbox failed'));
    }, PRUNE_EVERY_MS);
    this.pruning.unref();
  }

  async close(): Promise<void> {
    if (this.pruning) clearInterval(this.pruning);
    await this.mail.digest?.stop();
    await this.outbox.stop();
    this.mail.close();
  }

  /** Fields of GET /config. */
  settings(): { mail: boolean; challenge: 'pow' | null } {
    return { mail: this.mail.configured, challenge: this.guard.pow ? 'pow' : null };
  }

  /** The server's public address, for links in mail. */
  base(request: FastifyRequest): string {
    return this.config.outreach.publicUrl ?? `${request.protocol}://${request.host}`;
  }

  /** The page a post was written on: THREAD_URL, else the browser's Referer without its fragment. */
  pageUrl(request: FastifyRequest, threadId: string): string | null {
    const template = this.config.outreach.threadUrl;
    if (template) return template.replaceAll('{threadId}', encodeURIComponent(threadId));
    const referer = request.headers.referer;
    if (!referer || referer.length > 2000 || !/^https?:\/\//i.test(referer)) return null;
    return referer.split('#')[0] ?? null;
  }

  /** Runs the post guard; resolves with the reason to hold the comment, or null. */
  beforePost(
    request: FastifyRequest,
    input: { threadId: string; parentId: string | null; body: string; author: { name: string; email?: string; url?: string }; viewerId: string | null; signedIn: boolean; challenge: unknown },
  ): Promise<string | null> {
    return this.guard.check({
      ...input,
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
      referrer: request.headers.referer ?? null,
      pageUrl: this.pageUrl(request, input.threadId),
    });
  }

  /** After a post was saved: its hold reason, the reply subscription, then mail and webhooks. */
  async afterPost(request: FastifyRequest, posted: Posted): Promise<void> {
    if (posted.replayed) return;
    const { comment } = posted;
    let subscribed: string | null = null;
    try {
      if (posted.heldFor) await this.guard.hold(comment.id, posted.heldFor);
      const email = normaliseEmail(posted.email);
      if (posted.notify && email && this.mail.configured) {
        await this.mail.subscribe({ commentId: comment.id, threadId: comment.threadId, email, pageUrl: this.pageUrl(request, comment.threadId) });
        subscribed = email;
      }
    } catch (err) {
      this.logger.error({ err, commentId: comment.id }, 'recording a subscription or hold failed');
    }
    const base = this.base(request);
    this.later('post', async () => {
      await this.webhooks.emit('comment.created', { comment, heldFor: posted.heldFor });
      if (subscribed) await this.mail.requestConfirmation(subscribed, base);
      if (comment.status === 'published') await this.mail.replyPublished(comment, base);
      else await this.mail.moderatorNotice('pending', { id: comment.id, threadId: comment.threadId, body: comment.body, authorName: comment.author.name, reason: posted.heldFor }, base);
    });
  }

  /** A moderator published a held comment. */
  approved(request: FastifyRequest, comment: Comment): void {
    const base = this.base(request);
    this.later('approve', async () => {
      await this.webhooks.emit('comment.approved', { comment });
      await this.mail.replyPublished(comment, base);
    });
  }

  deleted(data: { commentId: string; threadId: string | null; by: 'author' | 'moderator' }): void {
    this.later('delete', () => this.webhooks.emit('comment.deleted', data));
  }

  reported(request: FastifyRequest, report: { threadId: string; commentId: string; reason: string; note?: string | null }): void {
    const base = this.base(request);
    this.later('report', async () => {
      await this.webhooks.emit('comment.reported', report);
      if (!this.mail.configured || this.config.outreach.moderatorEmails.length === 0) return;
      const { rows } = await this.db.query<{ body: string; author_name: string }>('select body, author_name from comments where id = $1', [report.commentId]);
      const row = rows[0];
      if (row) {
        await this.mail.moderatorNotice('reported', { id: report.commentId, threadId: report.threadId, body: row.body, authorName: row.author_name, reason: report.reason }, base);
      }
    });
  }

  typoReported(report: Record<string, unknown>): void {
    this.later('typo', () => this.webhooks.emit('typo.reported', report));
  }

  /** Runs after the answer: queuing mail never delays or fails the request that caused it. */
  private later(what: string, work: () => Promise<void>): void {
    setImmediate(() => {
      work().catch((err: unknown) => this.logger.error({ err, what }, 'queuing mail or webhooks failed'));
    });
  }
}
