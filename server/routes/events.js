import { HttpError, invalid } from '../http/errors.js';
import { API_HEADERS } from '../http/respond.js';
import { identifier } from '../http/validate.js';

const PING_MS = 25_000;

/**
 * `GET /threads/:threadId/events`: the thread's live events as server-sent events, replaying
 * those after `Last-Event-ID` first so a reconnecting client misses nothing.
 * @param {import('../http/router.js').Router} router
 * @param {import('./index.js').Services} services
 */
export function eventRoutes(router, { store, hub, streams, config }) {
  /** @type {Map<string, number>} */
  const perIp = new Map();

  router.on('GET', '/threads/:threadId/events', async (ctx) => {
    const threadId = identifier(ctx.params.threadId, 'threadId');
    const resumeFrom = ctx.req.headers['last-event-id'] ?? ctx.query.get('lastEventId');
    if (resumeFrom !== null && resumeFrom !== undefined && !/^\d{1,18}$/.test(String(resumeFrom))) {
      throw invalid('Last-Event-ID must be an event id.', 'lastEventId');
    }
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

    const replayed = new Set();
    if (resumeFrom) {
      for (const { id, event } of await store.eventsAfter(threadId, String(resumeFrom))) {
        replayed.add(id);
        send(id, event);
      }
    }
    const pending = held;
    held = null;
    for (const [id, event] of pending) if (!replayed.has(id)) send(id, event);
  });
}
