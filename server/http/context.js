import { readJson } from './body.js';
import { HttpError } from './errors.js';
import { newViewerCookie, parseCookies, readUserToken, readViewerCookie, safeEqual, VIEWER_COOKIE } from './identity.js';

/** @typedef {import('../storage/store.js').Viewer} Viewer */

/** What a route handler gets: the request, its caller's identity, and the body reader. */
export class Context {
  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {URL} url
   * @param {Record<string, string>} params
   * @param {import('../config.js').Config} config
   */
  constructor(req, res, url, params, config) {
    this.req = req;
    this.res = res;
    this.url = url;
    this.query = url.searchParams;
    this.params = params;
    this.config = config;
    this.https = isHttps(req, config.trustProxy);
    this.ip = clientIp(req, config.trustProxy);
    /** @type {Viewer | undefined} */
    this.cachedViewer = undefined;
  }

  /** The viewer: a site user (signed token), a guest (signed cookie), or anonymous (`id` null). */
  get viewer() {
    if (this.cachedViewer) return this.cachedViewer;
    const bearer = bearerToken(this.req);
    // The admin token is no user: an admin tool reading public endpoints reads as anonymous.
    const isAdmin = bearer !== null && this.config.adminToken !== null && safeEqual(bearer, this.config.adminToken);
    if (bearer && this.config.userTokenSecret && !isAdmin) {
      const user = readUserToken(bearer, this.config.userTokenSecret);
      this.cachedViewer = { id: `u:${user.id}`, user };
    } else {
      const guest = readViewerCookie(parseCookies(this.req.headers.cookie)[VIEWER_COOKIE], this.config.secret);
      this.cachedViewer = { id: guest ? `g:${guest}` : null, user: null };
    }
    return this.cachedViewer;
  }

  /** The viewer, given a guest identity (and cookie) first if they have none. Writes need one. */
  ensureViewer() {
    const viewer = this.viewer;
    if (viewer.id) return viewer;
    const cookie = newViewerCookie(this.config.secret, this.https);
    this.res.appendHeader('set-cookie', cookie.header);
    this.cachedViewer = { id: `g:${cookie.id}`, user: null };
    return this.cachedViewer;
  }

  /** Throws 401 unless the request carries the admin token. */
  requireAdmin() {
    const token = bearerToken(this.req);
    if (!this.config.adminToken) throw new HttpError(401, 'unauthorized', 'Admin endpoints are disabled: set ADMIN_TOKEN.');
    if (!token || !safeEqual(token, this.config.adminToken)) throw new HttpError(401, 'unauthorized', 'A valid admin token is required.');
  }

  /** @param {number} [limit] bytes */
  body(limit = this.config.bodyLimitBytes) {
    return readJson(this.req, limit);
  }
}

/** @param {import('node:http').IncomingMessage} req */
function bearerToken(req) {
  const header = req.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice(7).trim() : null;
}

/** @param {import('node:http').IncomingMessage} req @param {boolean} trustProxy */
function isHttps(req, trustProxy) {
  if (/** @type {import('node:tls').TLSSocket} */ (req.socket).encrypted) return true;
  return trustProxy && req.headers['x-forwarded-proto'] === 'https';
}

/**
 * Behind a proxy (TRUST_PROXY) the address the nearest proxy saw, i.e. the last entry it appended
 * to X-Forwarded-For; earlier entries are whatever the client claimed.
 * @param {import('node:http').IncomingMessage} req @param {boolean} trustProxy
 */
function clientIp(req, trustProxy) {
  const forwarded = req.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string') {
    const last = forwarded.split(',').at(-1)?.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}
