import { createHash } from 'node:crypto';
import type { OutreachConfig } from '../config.js';
import type { Database } from '../storage/db.js';

/** What a spam checker is shown of a post before it is saved. */
export interface SpamInput {
  threadId: string;
  parentId: string | null;
  body: string;
  author: { name: string; email?: string; url?: string };
  /** the guest cookie's or site user's id */
  viewerId: string | null;
  ip: string;
  userAgent: string | null;
  referrer: string | null;
  /** the page the comment was written on, when known */
  pageUrl: string | null;
}

/** A checker's finding: `hold` sends the comment to the moderators' queue with this reason. */
export interface SpamVerdict {
  hold: string;
}

/**
 * A spam checker a site can plug in (`createApp(config, logger, { spamCheckers: [...] })`): called
 * for every post before it is saved, it resolves with a verdict to hold the comment for
 * moderation, or null to let it through. A checker that throws is logged and ignored, so a
 * checker's outage never blocks posting.
 */
export interface SpamChecker {
  name: string;
  check(input: SpamInput): Promise<SpamVerdict | null>;
}

const LINK = /\bhttps?:\/\/|\bwww\.[a-z0-9-]+\.[a-z]|\[[^\]]*\]\([^)]*\)/gi;

/** Links in a body: bare URLs, www. addresses and markdown links. */
export function countLinks(body: string): number {
  return body.match(LINK)?.length ?? 0;
}

/** A body as the repeat rule compares it: case, spacing and punctuation do not make it new. */
export function bodyFingerprint(body: string): string {
  const normal = body.toLowerCase().normalize('NFKC').replace(/[\s\p{P}]+/gu, ' ').trim();
  return createHash('sha256').update(normal).digest('base64url');
}

/**
 * The content rules, applied before saving, without any outside service: too many links, a word
 * of the list, or the same body from several viewers in a short time.
 */
export class ContentRules implements SpamChecker {
  readonly name = 'content rules';

  constructor(
    private readonly db: Database,
    private readonly config: Pick<OutreachConfig, 'maxLinks' | 'words' | 'repeatCount' | 'repeatMinutes'>,
  ) {}

  async check(input: SpamInput): Promise<SpamVerdict | null> {
    const { maxLinks, words, repeatCount, repeatMinutes } = this.config;
    const links = countLinks(input.body);
    if (maxLinks > 0 && links > maxLinks) return { hold: `${links} links (more than ${maxLinks})` };
    if (words.length > 0) {
      const text = ` ${`${input.body} ${input.author.name} ${input.author.url ?? ''}`.toLowerCase().normalize('NFKC').replace(/[^\p{L}\p{N}.]+/gu, ' ')} `;
      const word = words.find((w) => text.includes(` ${w.replace(/[^\p{L}\p{N}.]+/gu, ' ').trim()} `));
      if (word) return { hold: `contains "${word}" from the word list` };
    }
    if (repeatCount > 1 && input.viewerId) {
      const hash = bodyFingerprint(input.body);
      const { rows } = await this.db.query<{ viewers: number }>(
        `with recorded as (
           insert into spam_bodies (hash, viewer_id) values ($1, $2)
           on conflict (hash, viewer_id) do update set created_at = now()
         )
         select count(*)::integer + 1 as viewers from spam_bodies
          where hash = $1 and viewer_id <> $2 and created_at > now() - make_interval(mins => $3)`,
        [hash, input.viewerId, repeatMinutes],
      );
      const viewers = rows[0]?.viewers ?? 1;
      if (viewers >= repeatCount) return { hold: `the same text came from ${viewers} different people within ${repeatMinutes} minutes` };
    }
    return null;
  }

  /** Forgets bodies older than the window. */
  async prune(): Promise<void> {
    await this.db.query('delete from spam_bodies where created_at < now() - make_interval(mins => $1)', [this.config.repeatMinutes]);
  }
}

/**
 * A client of the Akismet API (or a compatible service, AKISMET_URL): a third party that sees each
 * comment, its author's name, e-mail, address and browser. Off unless AKISMET_KEY is set.
 */
export class AkismetChecker implements SpamChecker {
  readonly name = 'akismet';

  constructor(private readonly options: { key: string; url: string; blog: string }) {}

  async check(input: SpamInput): Promise<SpamVerdict | null> {
    const form = new URLSearchParams({
      api_key: this.options.key,
      blog: this.options.blog,
      user_ip: input.ip,
      user_agent: input.userAgent ?? '',
      referrer: input.referrer ?? '',
      permalink: input.pageUrl ?? '',
      comment_type: input.parentId ? 'reply' : 'comment',
      comment_author: input.author.name,
      comment_author_email: input.author.email ?? '',
      comment_author_url: input.author.url ?? '',
      comment_content: input.body,
      blog_charset: 'UTF-8',
    });
    const response = await fetch(`${this.options.url}/1.1/comment-check`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'confab-server | akismet-client' },
      body: form,
      signal: AbortSignal.timeout(5000),
    });
    const answer = (await response.text()).trim();
    if (answer === 'true') return { hold: 'Akismet says spam' };
    if (answer === 'false') return null;
    throw new Error(`Akismet answered ${response.status} "${answer.slice(0, 100)}" ${response.headers.get('x-akismet-debug-help') ?? ''}`.trim());
  }
}
