import { createHash, randomBytes } from 'node:crypto';
import { AdapterError } from 'confab-comments/model';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Storage } from '../storage/index.js';
import { HttpError } from './errors.js';
import { safeEqual } from './identity.js';
import { rateLimited } from './limits.js';
import { requireAdmin } from './viewer.js';

/** The moderator's session cookie: `<session id>.<HMAC>`, http-only, SameSite=Strict, path `/`. */
export const ADMIN_COOKIE = 'confab_admin';
/** The first wait after a wrong token; each further wrong token from the network doubles it. */
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 5 * 60_000;
/** A network's wrong tokens are forgotten this long after its last one. */
const FORGET_AFTER_MS = 15 * 60_000;
const MAX_TRACKED = 10_000;
/** How long a session found live may be taken as live without the database (see `session`). */
const RECENT_MS = 60_000;

const hash = (token: string) => createHash('sha256').update(token).digest('base64url');
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Signing in with ADMIN_TOKEN, the session that follows, and the gate every admin request passes.
 * Wrong tokens from one network must wait before the next try, twice as long each time.
 */
export class AdminSessions {
  private readonly failures = new Map<string, { count: number; nextAt: number; last: number }>();
  /** Sessions this process found live in the database lately: id → [expiry, checked until]. */
  private readonly recent = new Map<string, [string, number]>();

  constructor(
    private readonly config: Config,
    private readonly storage: Storage,
  ) {}

  /** Throws `rate_limited` while this network must wait after a wrong token. */
  private checkWait(ip: string): void {
    const entry = this.failures.get(ip);
    if (!entry) return;
    const now = Date.now();
    if (now - entry.last > FORGET_AFTER_MS) {
      this.failures.delete(ip);
      return;
    }
    if (now < entry.nextAt) throw rateLimited('wrong admin tokens', Math.ceil((entry.nextAt - now) / 1000));
  }

  private failed(ip: string): number {
    const now = Date.now();
    const entry = this.failures.get(ip) ?? { count: 0, nextAt: 0, last: now };
    if (now - entry.last > FORGET_AFTER_MS) entry.count = 0;
    entry.count += 1;
    entry.last = now;
    const delay = Math.min(FIRST_DELAY_MS * 2 ** (entry.count - 1), MAX_DELAY_MS);
    entry.nextAt = now + delay;
    if (this.failures.size >= MAX_TRACKED) this.failures.clear();
    this.failures.set(ip, entry);
    return delay;
  }

  /** Checks the token and starts a session (its cookie set on `reply`). */
  async signIn(request: FastifyRequest, reply: FastifyReply, token: string): Promise<{ expiresAt: string }> {
    if (!this.config.adminToken) throw new AdapterError('unauthorized', 'The admin pages are disabled: set ADMIN_TOKEN on the server.');
    this.checkWait(request.ip);
    if (!safeEqual(token, this.config.adminToken)) {
      const delay = this.failed(request.ip);
      throw new HttpError(401, 'unauthorized', `That is not the admin token. Wait ${Math.ceil(delay / 1000)} seconds before trying again.`, {
        field: 'token',
        retryAfter: Math.ceil(delay / 1000),
      });
    }
    this.failures.delete(request.ip);
    const id = randomBytes(24).toString('base64url');
    const maxAge = this.config.adminSessionHours * 3600;
    const expiresAt = new Date(Date.now() + maxAge * 1000).toISOString();
    await this.storage.db.query('delete from admin_sessions where expires_at < now()');
    await this.storage.db.query('insert into admin_sessions (id, token_hash, expires_at) values ($1, $2, $3)', [id, hash(token), expiresAt]);
    const https = request.protocol === 'https';
    reply.setCookie(ADMIN_COOKIE, id, { signed: true, httpOnly: true, sameSite: 'strict', secure: https, path: '/', maxAge });
    return { expiresAt };
  }

  /** Ends the request's session, if any, and clears its cookie. */
  async signOut(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const id = this.sessionId(request);
    if (id) {
      this.recent.delete(id);
      await this.storage.db.query('delete from admin_sessions where id = $1', [id]);
    }
    reply.clearCookie(ADMIN_COOKIE, { path: '/' });
  }

  /**
   * The session's expiry, or null when the request has no live session. `cached`: a session this
   * process found live in the last RECENT_MS is taken without asking the database (which a long
   * import on PGlite holds).
   */
  async session(request: FastifyRequest, { cached = false } = {}): Promise<{ expiresAt: string } | null> {
    const id = this.sessionId(request);
    if (!id || !this.config.adminToken) return null;
    const known = this.recent.get(id);
    if (cached && known && known[1] > Date.now() && Date.parse(known[0]) > Date.now()) return { expiresAt: known[0] };
    const { rows } = await this.storage.db.query<{ expires_at: Date | string }>(
      'select expires_at from admin_sessions where id = $1 and token_hash = $2 and expires_at > now()',
      [id, hash(this.config.adminToken)],
    );
    const row = rows[0];
    if (!row) {
      this.recent.delete(id);
      return null;
    }
    const expiresAt = new Date(row.expires_at).toISOString();
    if (this.recent.size >= MAX_TRACKED) this.recent.clear();
    this.recent.set(id, [expiresAt, Date.now() + RECENT_MS]);
    return { expiresAt };
  }

  /**
   * Every admin request: the admin token as a bearer token (scripts, the CLI), or a live session
   * cookie; a write on a session must come from a page of this server (its Origin).
   */
  async gate(request: FastifyRequest, { cached = false } = {}): Promise<void> {
    if (request.headers.authorization !== undefined || !request.headers.cookie?.includes(ADMIN_COOKIE)) {
      requireAdmin(request, this.config);
      return;
    }
    if (!(await this.session(request, { cached }))) throw new AdapterError('unauthorized', 'Your admin session has ended. Sign in again.');
    if (WRITES.has(request.method) && !sameOrigin(request)) {
      throw new AdapterError('forbidden', 'Admin changes are accepted only from the admin page of this server.');
    }
  }

  private sessionId(request: FastifyRequest): string | null {
    const header = request.headers.cookie;
    const signed = header?.includes(ADMIN_COOKIE) ? request.server.parseCookie(header)[ADMIN_COOKIE] : undefined;
    if (!signed) return null;
    const result = request.unsignCookie(signed);
    return result.valid && result.value ? result.value : null;
  }
}

/** Whether the request's Origin is this server (as the browser addressed it). */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  try {
    const url = new URL(origin);
    return url.host === request.headers.host && url.protocol === `${request.protocol}:`;
  } catch {
    return false;
  }
}
