import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { identifies } from './viewer.js';

/**
 * Reads a cache may keep. What a reader without an identity gets is what every such reader gets:
 * `Cache-Control: public` with a short max-age and stale-while-revalidate, so a CDN in front of
 * the server answers most of them. A reader with a cookie or token gets `private, no-cache`: their
 * page holds their own reactions and rights. Both get an `ETag` and a `304` when it still holds.
 * Every other API response is `no-store` (see app.ts).
 */
export function sendCacheable(
  request: FastifyRequest,
  reply: FastifyReply,
  body: { text: string; etag: string },
  cache: Config['cache'],
  type = 'application/json; charset=utf-8',
): FastifyReply {
  const shared = !identifies(request);
  reply.header(
    'cache-control',
    shared ? `public, max-age=${cache.maxAge}, stale-while-revalidate=${cache.staleWhileRevalidate}` : 'private, no-cache',
  );
  reply.header('etag', body.etag);
  // A shared cache must not hand one reader's answer to a reader who says who they are (nor one
  // origin's CORS headers to another).
  reply.header('vary', 'Origin, Cookie, Authorization');
  if (matches(request.headers['if-none-match'], body.etag)) return reply.code(304).send();
  return reply.type(type).send(body.text);
}

/** If-None-Match holds the tag (weak comparison, a list, or `*`). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const tag = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === tag);
}
