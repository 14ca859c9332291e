import { HttpError } from '../http/errors.js';
import { API_HEADERS } from '../http/respond.js';
import { identifier } from '../http/validate.js';

const PING_MS = 25_000;

/**
 * `GET /threads/:threadId/events`: the thread's live events as server-sent events, replaying
 * those after `Last-Event-ID` first so a reconnecting client misses nothing. When that cannot be
 * done (the id is too old, unknown, or too far behind) the stream opens with `event: reset`
 * instead: the client reloads what it shows, then follows the live events.
 * @param {import('../http/router.js').Router} router
 * @param {import('./index.js').Services} services
 */
export function eventRoutes(router, { store, hub, streams, config }) {
  /** @type {Map<string, number>} */
  const perIp = new Map();

  router.on('GET', '/threads/:threadId/events', async (ctx) => {
    const threadId = identifier(ctx.params.threadId, 'threadId');
    const given = ctx.req.headers['last-event-id'] ?? ctx.query.get('lastEventId');
    const resumeFrom = given === null || given === undefined || given === '' ? null : String(given);
    const open = perIp.get(ctx.ip) ?? 0;
    if (config.sseMaxPerIp > 0 && open >= config.sseMaxPerIp) {
      throw new HttpError(429, 'rate_limited', 'Too many live connections from your network.', undefined, { retryAfter: 30 });
    }
    perIp.set(ctx.ip, open + 1);

    const { res } = ctx;
    res.writeHead(200, {
      ...API_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    res.write('retry: 3000\n\n');
    /** @param {string} id @param {object} event */
    const send = (id, event) => res.write(`id: ${id}\ndata: ${JSON.stringify(event)}\n\n`);

    /** @type {[string, object][] | null} live events held back while older ones replay */
    let held = [];
    const unsubscribe = hub.subscribe(threadId, (id, event) => (held ? held.push([id, event]) : send(id, event)));
    const ping = setInterval(() => res.write(': ping\n\n'), PING_MS);
    streams.add(res);
    res.on('close', () => {
      unsubscribe();
      clearInterval(ping);
      streams.delete(res);
      const left = (perIp.get(ctx.ip) ?? 1) - 1;
      if (left > 0) perIp.set(ctx.ip, left);
      else perIp.delete(ctx.ip);
    });

    // Everything up to here has been handed on by the hub: replayed from the table, the rest
    // arrives live (held meanwhile).
    const upTo = hub.position;
    const replayed = new Set();
    /** Live events at or below it were seen already (replayed, or before the reconnect). */
    let seen = -1n;
    if (resumeFrom === null) {
      // No event yet, but a position: the browser resumes from it if the connection drops.
      res.write(`id: ${upTo}\n\n`);
    } else {
      const events = /^\d{1,18}$/.test(resumeFrom) ? await store.eventsAfter(threadId, resumeFrom, upTo) : null;
      if (events) {
        seen = BigInt(resumeFrom);
        for (const { id, event } of events) {
          replayed.add(id);
          send(id, event);
        }
      } else {
        res.write(`event: reset\nid: ${upTo}\ndata: ${JSON.stringify({ type: 'reset', threadId })}\n\n`);
      }
    }
    const pending = held;
    held = null;
    for (const [id, event] of pending) if (!replayed.has(id) && BigInt(id) > seen) send(id, event);
  });
}
