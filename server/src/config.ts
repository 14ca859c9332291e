import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/**
 * Which peers may tell the client's address and protocol (`X-Forwarded-For`, `-Proto`):
 * `false` none, a number of proxy hops in front of the server, or the proxies' addresses and
 * CIDR ranges (what Fastify's `trustProxy` takes).
 */
export type TrustProxy = false | number | string[];

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  adminToken: string | null;
  /** HMAC key for viewer cookies */
  secret: string;
  /** HMAC key for site user tokens */
  userTokenSecret: string | null;
  moderation: 'off' | 'pre';
  editWindowMinutes: number;
  allowedOrigins: string[];
  // ---- server rendering ----
  /** Serve STATIC_DIR's index.html with its comment thread rendered in (RENDER_PAGES=1; on with --demo). */
  renderPages: boolean;
  reactions: string[];
  maxBodyLength: number;
  bodyLimitBytes: number;
  importLimitBytes: number;
  /** the largest file /admin may upload for an import (streamed to a temporary file) */
  importUploadLimitBytes: number;
  rateLimits: {
    postsPerMinute: number;
    writesPerMinute: number;
    ipWritesPerMinute: number;
    ipReadsPerMinute: number;
    /** guest identities a network may be given per minute */
    newViewersPerMinute: number;
  };
  trustProxy: TrustProxy;
  /** seconds a shared cache (CDN) may keep an anonymous read, and serve it stale while it revalidates */
  cache: { maxAge: number; staleWhileRevalidate: number };
  logLevel: LogLevel;
  eventRetentionHours: number;
  /** how long a live event waits for an event with a smaller id */
  eventHoldMs: number;
  sseMaxPerIp: number;
  /** a folder of pages served at `/` (none by default; `--demo DIR` sets it) */
  staticDir: string | null;
  /** the widgets' script-tag bundles served at `/dist/` (confab-comments' own `dist/` by default) */
  distDir: string | null;
  shutdownTimeoutMs: number;
  /** enables POST /api/admin/reset, for test suites */
  testReset: boolean;

  // ---- the site owner's side: moderator sessions, closed threads ----
  /** hours a moderator's sign-in lasts */
  adminSessionHours: number;
  /** a thread takes no new comments this many days after its first one (0: never closes by itself) */
  closeAfterDays: number;
  /** mail, webhooks and spam defence (server/src/mail, webhooks, spam) */
  outreach: OutreachConfig;
}

// ---- mail, webhooks, spam defence ----------------------------------------------------------------

export interface OutreachConfig {
  /** smtp(s)://user:pass@host:port; null: no mail */
  smtpUrl: string | null;
  mailFrom: string | null;
  /** the server's public address, for links in mail (unsubscribe); else taken from the request */
  publicUrl: string | null;
  /** a page's address from its thread id: `{threadId}` is replaced; else the poster's Referer */
  threadUrl: string | null;
  moderatorEmails: string[];
  /** minutes moderators' notices are collected into one digest (0: each goes out at once) */
  moderatorDigestMinutes: number;
  /** MAIL_CONFIRM=1: an address gets replies only after following a confirmation link */
  mailConfirm: boolean;
  webhookUrls: string[];
  /** HMAC key of webhook signatures (USER_TOKEN_SECRET, else SECRET, by default) */
  webhookSecret: string;
  /** attempts before a message or webhook is marked failed */
  outboxAttempts: number;
  outboxPollMs: number;
  /** the first retry's delay; each next one doubles, up to 6 hours */
  outboxBackoffSeconds: number;
  challenge: 'off' | 'pow';
  /** the ALTCHA difficulty: the largest number a solver may have to try */
  challengeMaxNumber: number;
  challengeExpiresSeconds: number;
  /** more links than this hold a comment for moderation (0: no limit) */
  maxLinks: number;
  /** the same body from this many different viewers within spamRepeatMinutes holds it (0: off) */
  repeatCount: number;
  repeatMinutes: number;
  /** words or phrases (lower case) that hold a comment */
  words: string[];
  akismetKey: string | null;
  /** the Akismet-compatible service (default rest.akismet.com) */
  akismetUrl: string;
  /** the site Akismet knows the key for (defaults to publicUrl) */
  akismetBlog: string | null;
}

function loadOutreach(env: Record<string, string | undefined>, secret: string, userTokenSecret: string | null): OutreachConfig {
  const challenge = env.SPAM_CHALLENGE || 'off';
  if (challenge !== 'off' && challenge !== 'pow') throw new Error(`SPAM_CHALLENGE must be off or pow, got "${challenge}"`);
  const url = (name: string) => {
    const value = env[name];
    if (!value) return null;
    try {
      new URL(value);
    } catch {
      throw new Error(`${name} must be a URL, got "${value}"`);
    }
    return value.replace(/\/+$/, '');
  };
  const webhookUrls = list(env.WEBHOOK_URLS);
  for (const hook of webhookUrls) {
    if (!/^https?:\/\//.test(hook)) throw new Error(`WEBHOOK_URLS must be http(s) addresses, got "${hook}"`);
  }
  return {
    smtpUrl: url('SMTP_URL'),
    mailFrom: env.MAIL_FROM || null,
    publicUrl: url('PUBLIC_URL'),
    threadUrl: env.THREAD_URL || null,
    moderatorEmails: list(env.MODERATOR_EMAILS),
    // at most a week: a longer period is no digest, and make_interval takes 32-bit minutes
    moderatorDigestMinutes: Math.min(integer(env.MODERATOR_DIGEST_MINUTES, 0, 'MODERATOR_DIGEST_MINUTES'), 7 * 24 * 60),
    mailConfirm: env.MAIL_CONFIRM === '1' || env.MAIL_CONFIRM === 'true',
    webhookUrls,
    webhookSecret: env.WEBHOOK_SECRET || userTokenSecret || secret,
    outboxAttempts: Math.max(1, integer(env.OUTBOX_ATTEMPTS, 8, 'OUTBOX_ATTEMPTS')),
    outboxBackoffSeconds: Math.max(1, integer(env.OUTBOX_BACKOFF_SECONDS, 30, 'OUTBOX_BACKOFF_SECONDS')),
    outboxPollMs: Math.max(50, integer(env.OUTBOX_POLL_MS, 2000, 'OUTBOX_POLL_MS')),
    challenge,
    challengeMaxNumber: Math.max(1, integer(env.SPAM_CHALLENGE_MAX_NUMBER, 100_000, 'SPAM_CHALLENGE_MAX_NUMBER')),
    challengeExpiresSeconds: Math.max(10, integer(env.SPAM_CHALLENGE_EXPIRES, 600, 'SPAM_CHALLENGE_EXPIRES')),
    maxLinks: integer(env.SPAM_MAX_LINKS, 0, 'SPAM_MAX_LINKS'),
    repeatCount: integer(env.SPAM_REPEAT_COUNT, 0, 'SPAM_REPEAT_COUNT'),
    repeatMinutes: Math.max(1, integer(env.SPAM_REPEAT_MINUTES, 10, 'SPAM_REPEAT_MINUTES')),
    words: list(env.SPAM_WORDS).map((word) => word.toLowerCase()),
    akismetKey: env.AKISMET_KEY || null,
    akismetUrl: url('AKISMET_URL') ?? 'https://rest.akismet.com',
    akismetBlog: url('AKISMET_BLOG'),
  };
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * TRUST_PROXY: unset, `0` or `false` trusts no proxy; `1` or `true` one hop (the address the
 * nearest proxy appended, as before this accepted addresses); a larger number that many hops;
 * anything else a comma-separated list of proxy addresses, CIDR ranges, or `loopback`,
 * `linklocal`, `uniquelocal`. With addresses, a client that reaches the server directly cannot
 * choose its address by sending `X-Forwarded-For` itself.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const raw = (value ?? '').trim();
  if (raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === 'true') return 1;
  if (/^\d+$/.test(raw)) return integer(raw, 0, 'TRUST_PROXY') || false;
  const entries = list(raw);
  for (const entry of entries) {
    if (PROXY_NAMES.has(entry)) continue;
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address ?? '');
    const bits = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
    if (family === 0 || !prefixOk || extra !== undefined) {
      throw new Error(
        `TRUST_PROXY must be a number of proxy hops or a list of proxy addresses and CIDR ranges, e.g. "10.0.0.0/8, 127.0.0.1"; "${entry}" is neither`,
      );
    }
  }
  return entries;
}

/**
 * The signing secret: SECRET from the environment, else one generated once and kept in the data
 * folder, so viewer cookies stay valid across restarts without any setup.
 */
function loadSecret(dataDir: string): string {
  const file = join(dataDir, 'secret');
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    // first start: fall through and create it
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

/** The `dist/` folder of the installed confab-comments package: its script-tag bundles. */
function widgetDist(): string {
  return fileURLToPath(new URL('./dist', import.meta.resolve('confab-comments/package.json')));
}

/** Reads the configuration from environment variables (see the README table). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const dataDir = resolve(env.DATA_DIR || './data');
  const moderation = env.MODERATION || 'off';
  if (moderation !== 'off' && moderation !== 'pre') throw new Error(`MODERATION must be off or pre, got "${moderation}"`);
  const logLevel = (env.LOG_LEVEL || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new Error(`LOG_LEVEL is not a level: "${logLevel}"`);
  const databaseUrl = env.DATABASE_URL || null;
  if (env.SECRET !== undefined && env.SECRET !== '' && env.SECRET.length < 32) throw new Error('SECRET must be at least 32 characters');
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  const secret = env.SECRET || loadSecret(dataDir);
  const userTokenSecret = env.USER_TOKEN_SECRET || null;
  return {
    port: integer(env.PORT, 8080, 'PORT'),
    host: env.HOST || '0.0.0.0',
    dataDir,
    databaseUrl,
    adminToken: env.ADMIN_TOKEN || null,
    secret,
    userTokenSecret,
    moderation,
    editWindowMinutes: integer(env.EDIT_WINDOW_MINUTES, 15, 'EDIT_WINDOW_MINUTES'),
    allowedOrigins: list(env.ALLOWED_ORIGINS),
    // ---- server rendering ----
    renderPages: env.RENDER_PAGES === '1' || env.RENDER_PAGES === 'true',
    reactions: env.REACTIONS ? list(env.REACTIONS) : ['like', 'dislike', 'heart', 'laugh', 'hooray', 'confused', 'rocket', 'eyes'],
    maxBodyLength: integer(env.MAX_BODY_LENGTH, 5000, 'MAX_BODY_LENGTH'),
    bodyLimitBytes: integer(env.BODY_LIMIT_BYTES, 32 * 1024, 'BODY_LIMIT_BYTES'),
    importLimitBytes: integer(env.IMPORT_LIMIT_BYTES, 16 * 1024 * 1024, 'IMPORT_LIMIT_BYTES'),
    importUploadLimitBytes: integer(env.IMPORT_UPLOAD_LIMIT_BYTES, 1024 * 1024 * 1024, 'IMPORT_UPLOAD_LIMIT_BYTES'),
    rateLimits: {
      postsPerMinute: integer(env.RATE_LIMIT_POSTS, 10, 'RATE_LIMIT_POSTS'),
      writesPerMinute: integer(env.RATE_LIMIT_WRITES, 60, 'RATE_LIMIT_WRITES'),
      ipWritesPerMinute: integer(env.RATE_LIMIT_IP_WRITES, 300, 'RATE_LIMIT_IP_WRITES'),
      ipReadsPerMinute: integer(env.RATE_LIMIT_IP_READS, 0, 'RATE_LIMIT_IP_READS'),
      newViewersPerMinute: integer(env.RATE_LIMIT_NEW_VIEWERS, 10, 'RATE_LIMIT_NEW_VIEWERS'),
    },
    trustProxy,
    cache: {
      maxAge: integer(env.CACHE_MAX_AGE, 5, 'CACHE_MAX_AGE'),
      staleWhileRevalidate: integer(env.CACHE_STALE_WHILE_REVALIDATE, 30, 'CACHE_STALE_WHILE_REVALIDATE'),
    },
    logLevel,
    eventRetentionHours: integer(env.EVENT_RETENTION_HOURS, 24, 'EVENT_RETENTION_HOURS'),
    eventHoldMs: integer(env.EVENT_HOLD_MS, 5000, 'EVENT_HOLD_MS'),
    sseMaxPerIp: integer(env.SSE_MAX_PER_IP, 50, 'SSE_MAX_PER_IP'),
    staticDir: env.STATIC_DIR ? resolve(env.STATIC_DIR) : null,
    distDir: env.DIST_DIR === '' ? null : resolve(env.DIST_DIR || widgetDist()),
    shutdownTimeoutMs: integer(env.SHUTDOWN_TIMEOUT_MS, 10_000, 'SHUTDOWN_TIMEOUT_MS'),
    testReset: env.TEST_RESET === '1',
    outreach: loadOutreach(env, secret, userTokenSecret),

    // ---- the site owner's side ----
    adminSessionHours: integer(env.ADMIN_SESSION_HOURS, 12, 'ADMIN_SESSION_HOURS') || 12,
    closeAfterDays: integer(env.CLOSE_AFTER_DAYS, 0, 'CLOSE_AFTER_DAYS'),
  };
}
