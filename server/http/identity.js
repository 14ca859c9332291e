import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { HttpError } from './errors.js';
import { MAX_NAME_LENGTH } from './validate.js';

export const VIEWER_COOKIE = 'confab_viewer';
const ONE_YEAR_SECONDS = 365 * 24 * 3600;

/** @param {string} secret @param {string} value */
const sign = (secret, value) => createHmac('sha256', secret).update(value).digest('base64url');

/** @param {string} a @param {string} b */
export function safeEqual(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * @param {string | undefined} header
 * @returns {Record<string, string>}
 */
export function parseCookies(header) {
  /** @type {Record<string, string>} */
  const cookies = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return cookies;
}

/**
 * The viewer id in a signed cookie value `<id>.<hmac>`, or null when absent or forged.
 * @param {string | undefined} value @param {string} secret
 */
export function readViewerCookie(value, secret) {
  if (!value) return null;
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return null;
  const id = value.slice(0, dot);
  if (!/^[\w-]{16,64}$/.test(id)) return null;
  return safeEqual(value.slice(dot + 1), sign(secret, id)) ? id : null;
}

/**
 * A fresh guest identity and the Set-Cookie header that carries it. Over HTTPS the cookie is
 * `SameSite=None; Secure` so an API on another site still receives it.
 * @param {string} secret @param {boolean} https
 */
export function newViewerCookie(secret, https) {
  const id = randomBytes(18).toString('base64url');
  const attributes = ['HttpOnly', 'Path=/', `Max-Age=${ONE_YEAR_SECONDS}`, https ? 'SameSite=None; Secure' : 'SameSite=Lax'];
  return { id, header: `${VIEWER_COOKIE}=${id}.${sign(secret, id)}; ${attributes.join('; ')}` };
}

/**
 * Verifies a site's user token `base64url(payload).base64url(hmac)` (see docs/protocol.md).
 * @param {string} token @param {string} secret
 * @returns {{ id: string, name?: string, url?: string, avatarUrl?: string }}
 */
export function readUserToken(token, secret) {
  const refuse = (/** @type {string} */ why) => new HttpError(401, 'unauthorized', `The user token is not valid: ${why}.`);
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) throw refuse('malformed');
  if (!safeEqual(signature, sign(secret, payload))) throw refuse('bad signature');
  let claims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw refuse('malformed payload');
  }
  if (typeof claims !== 'object' || claims === null) throw refuse('malformed payload');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) throw refuse('expired');
  const id = typeof claims.id === 'number' ? String(claims.id) : claims.id;
  if (typeof id !== 'string' || id.length === 0 || id.length > 100) throw refuse('no id');
  // Without a name the token proves who posts but leaves the name to the form.
  if (claims.name !== undefined && (typeof claims.name !== 'string' || claims.name.trim() === '' || claims.name.length > MAX_NAME_LENGTH)) {
    throw refuse('bad name');
  }
  /** @type {{ id: string, name?: string, url?: string, avatarUrl?: string }} */
  const user = { id };
  if (claims.name !== undefined) user.name = claims.name.trim();
  for (const key of /** @type {const} */ (['url', 'avatarUrl'])) {
    if (typeof claims[key] === 'string' && /^https?:\/\//i.test(claims[key]) && claims[key].length <= 500) user[key] = claims[key];
  }
  return user;
}
