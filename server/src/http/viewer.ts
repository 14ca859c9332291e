import cookie from '@fastify/cookie';
import { AdapterError } from 'confab-comments/model';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Api } from '../routes/services.js';
import type { Config } from '../config.js';
import type { Viewer } from '../storage/index.js';
import { cookieSigner, newGuestId, readUserToken, safeEqual, VIEWER_COOKIE, VIEWER_COOKIE_MAX_AGE } from './identity.js';
import type { Limits } from './limits.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who asks: a site user (signed token), a guest (signed cookie), or anonymous (`id` null). */
    viewer: Viewer;
  }
}

const VIEWER = Symbol('confab.viewer');
type WithViewer = FastifyRequest & { [VIEWER]?: Viewer };

/**
 * Who the request comes from. Registered once for the whole server: @fastify/cookie with the
 * viewer cookie's signer, and `request.viewer`, worked out on first use.
 */
export async function registerViewer(app: Api, config: Config): Promise<void> {
  // Cookies are read when a request's viewer is first asked for, not parsed for every request.
  await app.register(cookie, { secret: cookieSigner(config.secret), hook: false });
  app.decorateRequest('viewer', {
    getter(this: FastifyRequest) {
      const request = this as WithViewer;
      request[VIEWER] ??= viewerOf(request, config);
      return request[VIEWER];
    },
  });
}

function viewerOf(request: FastifyRequest, config: Config): Viewer {
  const bearer = bearerToken(request);
  // The admin token is no user: an admin tool reading public endpoints reads as anonymous.
  const isAdmin = bearer !== null && config.adminToken !== null && safeEqual(bearer, config.adminToken);
  if (bearer && config.userTokenSecret && !isAdmin) {
    const user = readUserToken(bearer, config.userTokenSecret);
    return { id: `u:${user.id}`, user };
  }
  const header = request.headers.cookie;
  const signed = header?.includes(VIEWER_COOKIE) ? request.server.parseCookie(header)[VIEWER_COOKIE] : undefined;
  const guest = signed ? request.unsignCookie(signed) : null;
  return { id: guest?.valid && guest.value ? `g:${guest.value}` : null, user: null };
}

/**
 * The viewer, given a guest identity (and its cookie) first if they have none: writes need one.
 * A network gets only so many new identities a minute (RATE_LIMIT_NEW_VIEWERS). `firstPost`: the
 * identity of a first post follows from its idempotency key, so its retry is the same guest.
 */
export async function ensureViewer(
  request: FastifyRequest,
  reply: FastifyReply,
  config: Config,
  limits: Limits,
  firstPost?: { idempotencyKey: string },
): Promise<Viewer & { id: string }> {
  const viewer = request.viewer;
  if (viewer.id !== null) return viewer as Viewer & { id: string };
  const guestId = newGuestId(config.secret, firstPost && { idempotencyKey: firstPost.idempotencyKey, ip: request.ip });
  await limits.newGuest(request, guestId);
  const https = request.protocol === 'https';
  // Over HTTPS `SameSite=None; Secure`, so that an API on another site still receives it.
  reply.setCookie(VIEWER_COOKIE, guestId, {
    signed: true,
    httpOnly: true,
    path: '/',
    maxAge: VIEWER_COOKIE_MAX_AGE,
    sameSite: https ? 'none' : 'lax',
    secure: https,
  });
  const guest = { id: `g:${guestId}`, user: null };
  (request as WithViewer)[VIEWER] = guest;
  return guest;
}

/** Throws `unauthorized` unless the request carries the admin token. */
export function requireAdmin(request: FastifyRequest, config: Config): void {
  const token = bearerToken(request);
  if (!config.adminToken) throw new AdapterError('unauthorized', 'Admin endpoints are disabled: set ADMIN_TOKEN.');
  if (!token || !safeEqual(token, config.adminToken)) throw new AdapterError('unauthorized', 'A valid admin token is required.');
}

/** Whether the request says who it is (a cookie or a token): its reads are its own, not shared. */
export function identifies(request: FastifyRequest): boolean {
  return request.headers.authorization !== undefined || request.viewer.id !== null;
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice(7).trim() : null;
}
