import { invalid } from '../http/errors.js';
import { sendJson } from '../http/respond.js';
import { httpUrl, identifier, object, oneOf, text } from '../http/validate.js';

const REASONS = /** @type {const} */ (['spam', 'abuse', 'off-topic', 'other']);

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
    const input = { threadId, commentId, reason: oneOf(body.reason, 'reason', REASONS), note: text(body.note, 'note', { max: 500, optional: true, multiline: true }) };
    const viewer = ctx.ensureViewer();
    limits.ipWrites.hit(ctx.ip, 'requests from your network');
    limits.writes.hit(/** @type {string} */ (viewer.id), 'reports in a short time');
    await store.reportComment(input, viewer);
    sendJson(ctx.res, 204);
  });

  router.on('POST', '/typos', async (ctx) => {
    const body = object(await ctx.body(), ['url', 'threadId', 'quote', 'suggestion', 'comment']);
    const quote = object(body.quote, ['exact', 'prefix', 'suffix'], 'quote');
    const input = {
      url: /** @type {string} */ (httpUrl(body.url, 'url', { optional: false, max: 2000 })),
      threadId: body.threadId == null ? null : identifier(body.threadId, 'threadId'),
      quote: {
        exact: /** @type {string} */ (text(quote.exact, 'quote.exact', { max: 300, multiline: true, trim: false })),
        prefix: text(quote.prefix ?? '', 'quote.prefix', { max: 64, min: 0, multiline: true, trim: false }) ?? '',
        suffix: text(quote.suffix ?? '', 'quote.suffix', { max: 64, min: 0, multiline: true, trim: false }) ?? '',
      },
      suggestion: text(body.suggestion, 'suggestion', { max: 300, optional: true, multiline: true }),
      comment: text(body.comment, 'comment', { max: 1000, optional: true, multiline: true }),
    };
    if (input.quote.exact.trim() === '') throw invalid('Select the text that has the mistake.', 'quote.exact');
    const viewer = ctx.ensureViewer();
    limits.ipWrites.hit(ctx.ip, 'requests from your network');
    limits.writes.hit(/** @type {string} */ (viewer.id), 'reports in a short time');
    sendJson(ctx.res, 201, await store.reportTypo(input, viewer));
  });
}
