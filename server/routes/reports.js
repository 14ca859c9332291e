import { checkCommentReport, checkTypoReport } from 'confab-comments/model';
import { sendJson } from '../http/respond.js';
import { identifier, object, rule } from '../http/validate.js';

/**
 * Readers' reports: a comment to moderators, a typo to the editors.
 * @param {import('../http/router.js').Router} router
 * @param {import('./index.js').Services} services
 */
export function reportRoutes(router, { store, limits }) {
  router.on('POST', '/threads/:threadId/comments/:commentId/reports', async (ctx) => {
    const threadId = identifier(ctx.params.threadId, 'threadId');
    const commentId = identifier(ctx.params.commentId, 'commentId');
    const body = object(await ctx.body(), ['reason', 'note']);
    const input = { threadId, commentId, ...rule(() => checkCommentReport(body)) };
    const viewer = ctx.ensureViewer();
    limits.ipWrites.hit(ctx.ip, 'requests from your network');
    limits.writes.hit(/** @type {string} */ (viewer.id), 'reports in a short time');
    await store.reportComment(input, viewer);
    sendJson(ctx.res, 204);
  });

  router.on('POST', '/typos', async (ctx) => {
    const body = object(await ctx.body(), ['url', 'threadId', 'quote', 'suggestion', 'comment']);
    object(body.quote, ['exact', 'prefix', 'suffix'], 'quote');
    const input = {
      ...rule(() => checkTypoReport(body)),
      threadId: body.threadId == null ? null : identifier(body.threadId, 'threadId'),
    };
    const viewer = ctx.ensureViewer();
    limits.ipWrites.hit(ctx.ip, 'requests from your network');
    limits.writes.hit(/** @type {string} */ (viewer.id), 'reports in a short time');
    sendJson(ctx.res, 201, await store.reportTypo(input, viewer));
  });
}
