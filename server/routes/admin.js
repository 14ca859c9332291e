import { invalid } from '../http/errors.js';
import { sendJson } from '../http/respond.js';
import { collectGarbageSoon } from '../memory.js';
import { httpUrl, identifier, MAX_NAME_LENGTH, object, oneOf, queryInteger, text, timestamp } from '../http/validate.js';
import { decodeCursor } from '../storage/store.js';

const STATUSES = /** @type {const} */ (['published', 'pending', 'deleted']);
const TYPO_STATUSES = /** @type {const} */ (['open', 'fixed', 'rejected']);
const MAX_IMPORT = 5000;

/**
 * Moderation and editors' endpoints, all behind the admin token.
 * @param {import('../http/router.js').Router} router
 * @param {import('./index.js').Services} services
 */
export function adminRoutes(router, { store, config }) {
  /** @param {import('../http/router.js').Handler} handler @returns {import('../http/router.js').Handler} */
  const admin = (handler) => (ctx) => {
    ctx.requireAdmin();
    return handler(ctx);
  };
  /** @param {import('../http/context.js').Context} ctx */
  const commentId = (ctx) => identifier(ctx.params.commentId, 'commentId');

  router.on('GET', '/admin/comments', admin(async (ctx) => {
    const status = oneOf(ctx.query.get('status') ?? 'pending', 'status', /** @type {const} */ (['pending', 'reported']));
    const limit = queryInteger(ctx.query.get('limit'), 'limit', { min: 1, max: 200, fallback: 50 });
    if (status === 'reported') return sendJson(ctx.res, 200, await store.reportedComments({ limit }));
    const raw = ctx.query.get('cursor');
    sendJson(ctx.res, 200, await store.pendingComments({ limit, cursor: raw ? decodeCursor(raw, 'time') : null }));
  }));

  router.on('POST', '/admin/comments/:commentId/approve', admin(async (ctx) => {
    object(await ctx.body(), []);
    sendJson(ctx.res, 200, await store.approve(commentId(ctx)));
  }));

  router.on('POST', '/admin/comments/:commentId/reject', admin(async (ctx) => {
    object(await ctx.body(), []);
    sendJson(ctx.res, 200, { placeholder: await store.reject(commentId(ctx)) });
  }));

  router.on('DELETE', '/admin/comments/:commentId', admin(async (ctx) => {
    object(await ctx.body(), []);
    sendJson(ctx.res, 200, { placeholder: await store.reject(commentId(ctx)) });
  }));

  router.on('POST', '/admin/comments/:commentId/dismiss-reports', admin(async (ctx) => {
    object(await ctx.body(), []);
    await store.dismissReports(commentId(ctx));
    sendJson(ctx.res, 204);
  }));

  router.on('GET', '/admin/typos', admin(async (ctx) => {
    const status = oneOf(ctx.query.get('status') ?? 'open', 'status', TYPO_STATUSES);
    const limit = queryInteger(ctx.query.get('limit'), 'limit', { min: 1, max: 500, fallback: 100 });
    sendJson(ctx.res, 200, await store.typoReports({ status, limit }));
  }));

  router.on('PATCH', '/admin/typos/:typoId', admin(async (ctx) => {
    const body = object(await ctx.body(), ['status']);
    sendJson(ctx.res, 200, await store.setTypoStatus(identifier(ctx.params.typoId, 'typoId'), oneOf(body.status, 'status', TYPO_STATUSES)));
  }));

  router.on('POST', '/admin/import', admin(async (ctx) => {
    try {
      const body = await ctx.body(config.importLimitBytes);
      if (!Array.isArray(body)) throw invalid('Send an array of comments.');
      if (body.length > MAX_IMPORT) throw invalid(`At most ${MAX_IMPORT} comments per request.`);
      const ids = new Set();
      const comments = body.map((item, index) => {
        const comment = importedComment(item, `[${index}]`);
        if (ids.has(comment.id)) throw invalid(`Comment id ${comment.id} appears twice.`, `[${index}].id`);
        ids.add(comment.id);
        return comment;
      });
      const reactionsOf = ctx.query.get('reactionsOf');
      sendJson(ctx.res, 200, await store.import(comments, reactionsOf ? identifier(reactionsOf, 'reactionsOf') : null));
    } finally {
      // Up to 5,000 comments, parsed twice over: garbage the old generation would otherwise keep.
      collectGarbageSoon();
    }
  }));

  // Empties every table; only when TEST_RESET=1, for test suites that need a clean database.
  if (config.testReset) {
    router.on('POST', '/admin/reset', admin(async (ctx) => {
      object(await ctx.body(), []);
      await store.reset();
      sendJson(ctx.res, 204);
    }));
  }
}

/**
 * Validates one `Comment` of an import. `replyCount` and `viewer` are accepted and ignored: the
 * server derives them.
 * @param {unknown} value @param {string} at
 */
function importedComment(value, at) {
  const c = object(
    value,
    ['id', 'threadId', 'parentId', 'author', 'body', 'createdAt', 'editedAt', 'status', 'reactions', 'replyCount', 'viewer'],
    at,
  );
  const status = oneOf(c.status ?? 'published', `${at}.status`, STATUSES);
  const deleted = status === 'deleted';
  const author = object(c.author, ['id', 'name', 'url', 'avatarUrl'], `${at}.author`);
  const reactions = object(c.reactions ?? {}, Object.keys(c.reactions ?? {}), `${at}.reactions`);
  /** @type {Record<string, number>} */
  const counts = {};
  for (const [name, count] of Object.entries(reactions)) {
    if (!/^[\w-]{1,32}$/.test(name) || !Number.isInteger(count) || /** @type {number} */ (count) < 0) {
      throw invalid('Reactions must map names to whole numbers.', `${at}.reactions`);
    }
    if (/** @type {number} */ (count) > 0) counts[name] = /** @type {number} */ (count);
  }
  const viewer = c.viewer == null ? {} : object(c.viewer, ['reactions', 'canEdit', 'canDelete', 'editableUntil'], `${at}.viewer`);
  const viewerReactions = viewer.reactions ?? [];
  if (!Array.isArray(viewerReactions) || !viewerReactions.every((r) => typeof r === 'string' && /^[\w-]{1,32}$/.test(r))) {
    throw invalid('Viewer reactions must be a list of reaction names.', `${at}.viewer.reactions`);
  }
  return {
    viewerReactions,
    id: identifier(c.id, `${at}.id`),
    threadId: identifier(c.threadId, `${at}.threadId`),
    parentId: c.parentId == null ? null : identifier(c.parentId, `${at}.parentId`),
    author: {
      id: author.id == null ? null : identifier(author.id, `${at}.author.id`),
      name: text(author.name ?? '', `${at}.author.name`, { max: MAX_NAME_LENGTH, min: deleted ? 0 : 1 }) ?? '',
      url: httpUrl(author.url, `${at}.author.url`),
      avatarUrl: httpUrl(author.avatarUrl, `${at}.author.avatarUrl`),
    },
    body: text(c.body ?? '', `${at}.body`, { max: 100_000, min: deleted ? 0 : 1, multiline: true, trim: false }) ?? '',
    createdAt: timestamp(c.createdAt, `${at}.createdAt`),
    editedAt: c.editedAt == null ? null : timestamp(c.editedAt, `${at}.editedAt`),
    status,
    reactions: counts,
  };
}
