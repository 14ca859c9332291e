import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Database } from '../storage/db.js';
import { ProofOfWork } from './challenge.js';
import { AkismetChecker, ContentRules, type SpamChecker, type SpamInput } from './checker.js';

export type { SpamChecker, SpamInput, SpamVerdict } from './checker.js';

/**
 * The post guard: what a post passes before it is saved, after validation and rate limits. A
 * guest's post must carry a fresh solved challenge (`SPAM_CHALLENGE=pow`); then the checkers
 * run (content rules, a site's own, Akismet when configured) and the first that objects holds the
 * comment for moderation with its reason. Nothing is dropped silently.
 */
export class SpamGuard {
  readonly pow: ProofOfWork | null;
  readonly rules: ContentRules;
  readonly checkers: SpamChecker[];

  constructor(
    private readonly db: Database,
    config: Config,
    private readonly logger: Logger,
    extra: SpamChecker[] = [],
  ) {
    const o = config.outreach;
    this.pow = o.challenge === 'pow' ? new ProofOfWork(db, { hmacKey: config.secret, maxNumber: o.challengeMaxNumber, expiresSeconds: o.challengeExpiresSeconds }) : null;
    this.rules = new ContentRules(db, o);
    this.checkers = [this.rules, ...extra];
    if (o.akismetKey) {
      const blog = o.akismetBlog ?? o.publicUrl;
      if (!blog) throw new Error('AKISMET_KEY needs AKISMET_BLOG or PUBLIC_URL: the site Akismet knows the key for');
      this.checkers.push(new AkismetChecker({ key: o.akismetKey, url: o.akismetUrl, blog }));
    }
  }

  /**
   * Checks a post: throws when a required challenge is missing, wrong, expired or used; resolves
   * with the reason to hold it for moderation, or null.
   */
  async check(input: SpamInput & { challenge: unknown; signedIn: boolean }): Promise<string | null> {
    if (this.pow && !input.signedIn) await this.pow.spend(input.challenge);
    for (const checker of this.checkers) {
      try {
        const verdict = await checker.check(input);
        if (verdict) return `${checker.name}: ${verdict.hold}`;
      } catch (err) {
        this.logger.warn({ err, checker: checker.name }, 'spam checker failed; the post goes on');
      }
    }
    return null;
  }

  /** Records why a comment was held, for the moderators' queue. */
  async hold(commentId: string, reason: string): Promise<void> {
    await this.db.query('insert into spam_holds (comment_id, reason) values ($1, $2) on conflict (comment_id) do update set reason = excluded.reason', [commentId, reason]);
  }

  /** The reasons comments were held, by comment id. */
  async reasons(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.db.query<{ comment_id: string; reason: string }>('select comment_id, reason from spam_holds where comment_id = any($1::text[])', [ids]);
    return new Map(rows.map((row) => [row.comment_id, row.reason]));
  }

  async prune(): Promise<void> {
    await this.rules.prune();
    await this.pow?.prune();
  }
}
