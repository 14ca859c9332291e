import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AdapterError, MAX_NAME_LENGTH } from 'confab-comments/model';
import type { SiteUser } from '../storage/index.js';

/** The guest's cookie: `<id>.<base64url HMAC-SHA256 of id>`. */
export const VIEWER_COOKIE = 'confab_viewer';
export const VIEWER_COOKIE_MAX_AGE = 365 * 24 * 3600;
const GUEST_ID = /^[\w-]{16,64}$/;

const hmac = (secret: string, value: string): string => createHmac('sha256', secret).update(value).digest('base64url');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The signer @fastify/cookie signs the viewer cookie with. Its own format (standard base64) would
 * change every cookie already issued; this one keeps them: `<id>.<base64url HMAC>`.
 */
export function cookieSigner(secret: string) {
  return {
    sign: (value: string): string => `${value}.${hmac(secret, value)}`,
    unsign: (signed: string): { valid: true; renew: false; value: string } | { valid: false; renew: false; value: null } => {
      const dot = signed.lastIndexOf('.');
      const value = dot > 0 ? signed.slice(0, dot) : '';
      const valid = dot > 0 && GUEST_ID.test(value) && safeEqual(signed.slice(dot + 1), hmac(secret, value));
      return valid ? { valid: true, renew: false, value } : { valid: false, renew: false, value: null };
    },
  };
}

/**
 * A new guest's id. For a first post (no cookie yet) it is derived from the post's idempotency key
 * and the client's address, so a retry whose first answer (and cookie) was lost is the same guest
 * and gets its comment back instead of posting it twice; anyone else sending that key is someone
 * else. Otherwise random.
 */
export function newGuestId(secret: string, firstPost?: { idempotencyKey: string; ip: string }): string {
  if (!firstPost) return randomBytes(18).toString('base64url');
  return hmac(secret, `first-post\n${firstPost.ip}\n${firstPost.idempotencyKey}`).slice(0, 24);
}

/**
 * Verifies a site's user token `base64url(payload).base64url(hmac)` (see docs/protocol.md).
 * Throws `unauthorized` for a token that is malformed, forged or expired.
 */
export function readUserToken(token: string, secret: string): SiteUser {
  const refuse = (why: string) => new AdapterError('unauthorized', `The user token is not valid: ${why}.`);
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) throw refuse('malformed');
  if (!safeEqual(signature, hmac(secret, payload))) throw refuse('bad signature');
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw refuse('malformed payload');
  }
  if (typeof claims !== 'object' || claims === null) throw refuse('malformed payload');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) throw refuse('expired');
  const id = typeof claims.id === 'number' ? String(claims.id) : claims.id;
  if (typeof id !== 'string' || id.length === 0 || id.length > 100) throw refuse('no id');
  const name = claims.name;
  // Without a name the token proves who posts but leaves the name to the form.
  if (name !== undefined && (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME_LENGTH)) throw refuse('bad name');
  const user: SiteUser = { id };
  if (typeof name === 'string') user.name = name.trim();
  for (const key of ['url', 'avatarUrl'] as const) {
    const value = claims[key];
    if (typeof value === 'string' && /^https?:\/\//i.test(value) && value.length <= 500) user[key] = value;
  }
  return user;
}
