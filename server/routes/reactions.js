import { invalid } from '../http/errors.js';
import { sendJson } from '../http/respond.js';
import { identifier, object } from '../http/validate.js';

/**
 * Reactions on a thread (`/threads/:threadId/reactions`) or a comment
 * (`/threads/:threadId/comments/:commentId/reactions`): read, set (PUT), clear (DELETE).
 * @param {import('../http/router.js').Router} router
 * @param {import('./index.js').Services} services
 */
export function reactionRoutes(router, { store, config, limits }) {
  /** @param {import('../http/context.js').Context} ctx */
  const target = (ctx) => ({
    threadId: identifier(ctx.params.threadId, 'threadId'),
    commentId: ctx.params.commentId === undefined ? null : identifier(ctx.params.commentId, 'commentId'),
  });

  /** @param {import('../http/context.js').Context} ctx */
  const read = async (ctx) => sendJson(ctx.res, 200, await store.getReactions(target(ctx), ctx.viewer));

  /** @param {boolean} active @returns {import('../http/router.js').Handler} */
  const write = (active) => async (ctx) => {
    const where = target(ctx);
    const reaction = ctx.params.reaction;
    if (!config.reactions.includes(reaction)) throw invalid(`Reaction must be one of: ${config.reactions.join(', ')}.`, 'reaction');
    object(await ctx.body(), []);
    const viewer = ctx.ensureViewer();
    limits.ipWrites.hit(ctx.ip, 'requests from your network');
    limits.writes.hit(/** @type {string} */ (viewer.id), 'reactions in a short time');
    sendJson(ctx.res, 200, await store.react({ ...where, reaction, active }, viewer));
  };

  router.on('GET', '/threads/:threadId/reactions', read);
  router.on('PUT', '/threads/:threadId/reactions/:reaction', write(true));
  router.on('DELETE', '/threads/:threadId/reactions/:reaction', write(false));
  router.on('GET', '/threads/:threadId/comments/:commentId/reactions', read);
  router.on('PUT', '/threads/:threadId/comments/:commentId/reactions/:reaction', write(true));
  router.on('DELETE', '/threads/:threadId/comments/:commentId/reactions/:reaction', write(false));
}
