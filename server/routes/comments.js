import { checkAuthor, checkCommentBody, checkHoneypot, checkIdempotencyKey } from 'confab-comments/model';
import { HttpError } from '../http/errors.js';
import { sendJson } from '../http/respond.js';
import { identifier, object, oneOf, queryInteger, rule, timestamp } from '../http/validate.js';
import { decodeCursor } from '../storage/store.js';

const SORTS = /** @type {const} */ (['oldest', 'newest', 'top']);

/**
 * List, post, edit and delete comments.
 * @param {import('../http/router.js').Router} router
 * @param {import('./index.js').Services} services
 */
export function commentRoutes(router, { store, config, limits }) {
  router.on('GET', '/threads/:threadId/comments', async (ctx) => {
    const threadId = identifier(ctx.params.threadId, 'threadId');
    const parentParam = ctx.query.get('parentId');
    const parentId = parentParam ? identifier(parentParam, 'parentId') : null;
    const sort = ctx.query.has('sort') ? oneOf(ctx.query.get('sort'), 'sort', SORTS) : 'oldest';
    const limit = queryInteger(ctx.query.get('limit'), 'limit', { min: 1, max: 100, fallback: 20 });
    const replies = queryInteger(ctx.query.get('replies'), 'replies', { min: 0, max: 20, fallback: 0 });
    const rawCursor = ctx.query.get('cursor');
    const cursor = rawCursor ? decodeCursor(rawCursor, sort === 'top' && !parentId ? 'score' : 'time') : null;
    sendJson(ctx.res, 200, await store.listJson({ threadId, parentId, sort, cursor, limit, replies }, ctx.viewer));
  });

  router.on('GET', '/threads/:threadId/comments/:commentId/path', async (ctx) => {
    const threadId = identifier(ctx.params.threadId, 'threadId');
    const commentId = identifier(ctx.params.commentId, 'commentId');
    const comments = await store.locate({ threadId, commentId }, ctx.viewer);
    if (!comments) throw new HttpError(404, 'not_found', 'That comment does not exist, or is not visible to you.', 'commentId');
    sendJson(ctx.res, 200, { comments });
  });

  router.on('POST', '/threads/:threadId/comments', async (ctx) => {
    const threadId = identifier(ctx.params.threadId, 'threadId');
    const idempotencyKey = rule(() => checkIdempotencyKey(ctx.req.headers['idempotency-key']));
    const body = object(await ctx.body(), ['parentId', 'body', 'author', 'honeypot']);
    rule(() => checkHoneypot(body.honeypot));
    const viewer = ctx.ensureViewer();
    const viewerId = /** @type {string} */ (viewer.id);
    // A retried post is not a new one and does not count against the limits. Counted first (so
    // racing posts cannot slip past a limit) and given back when the post turns out to be a retry;
    // a retry refused by a limit is looked up, so it is still answered. A new post thus costs the
    // database no extra lookup.
    let countedIp = false;
    let countedPost = false;
    try {
      countedIp = limits.ipWrites.hit(ctx.ip, 'requests from your network');
      countedPost = limits.posts.hit(viewerId, 'comments in a short time', idempotencyKey);
    } catch (err) {
      if (countedIp) limits.ipWrites.refund(ctx.ip);
      const replay = await store.replay({ threadId, idempotencyKey }, viewer);
      if (replay) return sendJson(ctx.res, 200, replay.comment);
      throw err;
    }
    const author = object(body.author ?? {}, ['name', 'email', 'url'], 'author');
    /** @type {{ name: string, email?: string, url?: string, avatarUrl?: string, userId?: string }} */
    let who;
    if (viewer.user?.name) {
      who = { name: viewer.user.name, url: viewer.user.url, avatarUrl: viewer.user.avatarUrl, userId: viewer.user.id };
    } else {
      who = { ...rule(() => checkAuthor(author)), userId: viewer.user?.id };
    }
    const input = {
      threadId,
      parentId: body.parentId === undefined || body.parentId === null ? null : identifier(body.parentId, 'parentId'),
      body: commentBody(body.body, config.maxBodyLength),
      author: who,
      idempotencyKey,
    };
    const { comment, replayed } = await store.post(input, viewer);
    if (replayed) {
      if (countedIp) limits.ipWrites.refund(ctx.ip);
      if (countedPost) limits.posts.refund(viewerId, idempotencyKey);
    }
    sendJson(ctx.res, replayed ? 200 : 201, comment);
  });

  router.on('PATCH', '/threads/:threadId/comments/:commentId', async (ctx) => {
    const threadId = identifier(ctx.params.threadId, 'threadId');
    const commentId = identifier(ctx.params.commentId, 'commentId');
    const body = object(await ctx.body(), ['body', 'expectedEditedAt']);
    const viewer = ctx.ensureViewer();
    limits.ipWrites.hit(ctx.ip, 'requests from your network');
    limits.writes.hit(/** @type {string} */ (viewer.id), 'changes in a short time');
    const input = {
      threadId,
      commentId,
      body: commentBody(body.body, config.maxBodyLength),
      expectedEditedAt: body.expectedEditedAt == null ? null : timestamp(body.expectedEditedAt, 'expectedEditedAt'),
    };
    sendJson(ctx.res, 200, await store.edit(input, viewer));
  });

  router.on('DELETE', '/threads/:threadId/comments/:commentId', async (ctx) => {
    const threadId = identifier(ctx.params.threadId, 'threadId');
    const commentId = identifier(ctx.params.commentId, 'commentId');
    object(await ctx.body(), []);
    const viewer = ctx.ensureViewer();
    limits.ipWrites.hit(ctx.ip, 'requests from your network');
    limits.writes.hit(/** @type {string} */ (viewer.id), 'changes in a short time');
    sendJson(ctx.res, 200, { placeholder: await store.delete({ threadId, commentId }, viewer) });
  });
}

/**
 * A comment body: required, at most `max` characters as a reader counts them (code points, after
 * trimming). Too long is `413 too_large` so the form can say how much to cut.
 * @param {unknown} value @param {number} max
 */
function commentBody(value, max) {
  return rule(() => checkCommentBody(value, max));
}
