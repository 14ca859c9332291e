import { invalid } from '../http/errors.js';
import { sendJson } from '../http/respond.js';
import { identifier } from '../http/validate.js';

/**
 * Counts for many threads, and the settings a client may adapt to.
 * @param {import('../http/router.js').Router} router
 * @param {import('./index.js').Services} services
 */
export function threadRoutes(router, { store, config }) {
  router.on('GET', '/counts', async (ctx) => {
    const ids = ctx.query.getAll('thread');
    if (ids.length === 0) throw invalid('Name at least one thread: ?thread=a&thread=b.', 'thread');
    if (ids.length > 100) throw invalid('At most 100 threads per request.', 'thread');
    sendJson(ctx.res, 200, { counts: await store.count([...new Set(ids.map((id) => identifier(id, 'thread')))], ctx.viewer) });
  });

  router.on('GET', '/config', (ctx) => {
    sendJson(ctx.res, 200, {
      moderation: config.moderation,
      editWindowMinutes: config.editWindowMinutes,
      maxBodyLength: config.maxBodyLength,
      reactions: config.reactions,
    });
  });
}
