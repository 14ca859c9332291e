import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * @typedef {object} Config
 * @property {number} port
 * @property {string} host
 * @property {string} dataDir
 * @property {string | null} databaseUrl
 * @property {string | null} adminToken
 * @property {string} secret HMAC key for viewer cookies
 * @property {string | null} userTokenSecret HMAC key for site user tokens
 * @property {'off' | 'pre'} moderation
 * @property {number} editWindowMinutes
 * @property {string[]} allowedOrigins
 * @property {string[]} reactions
 * @property {number} maxBodyLength
 * @property {number} bodyLimitBytes
 * @property {number} importLimitBytes
 * @property {{ postsPerMinute: number, writesPerMinute: number, ipWritesPerMinute: number, ipReadsPerMinute: number }} rateLimits
 * @property {boolean} trustProxy
 * @property {'debug' | 'info' | 'warn' | 'error' | 'silent'} logLevel
 * @property {number} eventRetentionHours
 * @property {number} eventHoldMs how long a live event waits for an event with a smaller id
 * @property {number} sseMaxPerIp
 * @property {string | null} staticDir a folder of pages served at `/` (none by default; `--demo DIR` sets it)
 * @property {string | null} distDir the widgets' script-tag bundles served at `/dist/` (confab-comments' own `dist/` by default)
 * @property {number} shutdownTimeoutMs
 * @property {boolean} testReset enables POST /api/admin/reset, for test suites
 */

/** @param {string | undefined} value @param {number} fallback @param {string} name */
function integer(value, fallback, name) {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

/** @param {string | undefined} value */
function list(value) {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * The signing secret: SECRET from the environment, else one generated once and kept in the data
 * folder, so viewer cookies stay valid across restarts without any setup.
 * @param {string} dataDir
 */
function loadSecret(dataDir) {
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
function widgetDist() {
  return fileURLToPath(new URL('./dist', import.meta.resolve('confab-comments/package.json')));
}

/**
 * Reads the configuration from environment variables (see the README table).
 * @param {Record<string, string | undefined>} env
 * @returns {Config}
 */
export function loadConfig(env = process.env) {
  const dataDir = resolve(env.DATA_DIR || './data');
  const moderation = env.MODERATION || 'off';
  if (moderation !== 'off' && moderation !== 'pre') throw new Error(`MODERATION must be off or pre, got "${moderation}"`);
  const logLevel = env.LOG_LEVEL || 'info';
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel)) throw new Error(`LOG_LEVEL is not a level: "${logLevel}"`);
  const databaseUrl = env.DATABASE_URL || null;
  if (env.SECRET !== undefined && env.SECRET.length < 32) throw new Error('SECRET must be at least 32 characters');
  return {
    port: integer(env.PORT, 8080, 'PORT'),
    host: env.HOST || '0.0.0.0',
    dataDir,
    databaseUrl,
    adminToken: env.ADMIN_TOKEN || null,
    secret: env.SECRET || loadSecret(dataDir),
    userTokenSecret: env.USER_TOKEN_SECRET || null,
    moderation: /** @type {'off' | 'pre'} */ (moderation),
    editWindowMinutes: integer(env.EDIT_WINDOW_MINUTES, 15, 'EDIT_WINDOW_MINUTES'),
    allowedOrigins: list(env.ALLOWED_ORIGINS),
    reactions: env.REACTIONS ? list(env.REACTIONS) : ['like', 'dislike', 'heart', 'laugh', 'hooray', 'confused', 'rocket', 'eyes'],
    maxBodyLength: integer(env.MAX_BODY_LENGTH, 5000, 'MAX_BODY_LENGTH'),
    bodyLimitBytes: integer(env.BODY_LIMIT_BYTES, 32 * 1024, 'BODY_LIMIT_BYTES'),
    importLimitBytes: integer(env.IMPORT_LIMIT_BYTES, 16 * 1024 * 1024, 'IMPORT_LIMIT_BYTES'),
    rateLimits: {
      postsPerMinute: integer(env.RATE_LIMIT_POSTS, 10, 'RATE_LIMIT_POSTS'),
      writesPerMinute: integer(env.RATE_LIMIT_WRITES, 60, 'RATE_LIMIT_WRITES'),
      ipWritesPerMinute: integer(env.RATE_LIMIT_IP_WRITES, 300, 'RATE_LIMIT_IP_WRITES'),
      ipReadsPerMinute: integer(env.RATE_LIMIT_IP_READS, 0, 'RATE_LIMIT_IP_READS'),
    },
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    logLevel: /** @type {Config['logLevel']} */ (logLevel),
    eventRetentionHours: integer(env.EVENT_RETENTION_HOURS, 24, 'EVENT_RETENTION_HOURS'),
    eventHoldMs: integer(env.EVENT_HOLD_MS, 5000, 'EVENT_HOLD_MS'),
    sseMaxPerIp: integer(env.SSE_MAX_PER_IP, 50, 'SSE_MAX_PER_IP'),
    staticDir: env.STATIC_DIR ? resolve(env.STATIC_DIR) : null,
    distDir: env.DIST_DIR === '' ? null : resolve(env.DIST_DIR || widgetDist()),
    shutdownTimeoutMs: integer(env.SHUTDOWN_TIMEOUT_MS, 10_000, 'SHUTDOWN_TIMEOUT_MS'),
    testReset: env.TEST_RESET === '1',
  };
}
