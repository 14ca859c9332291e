import {
  AdapterError,
  checkAuthor,
  checkCommentBody,
  checkHoneypot,
  checkId,
  checkIdempotencyKey,
  checkTimestamp,
  DEFAULT_PAGE_SIZE,
  MAX_EMBEDDED_REPLIES,
  MAX_PAGE_SIZE,
} from 'confab-comments/model';
import type { FastifyRequest } from 'fastify';
import { sendCacheable } from '../http/caching.js';
import { rateLimited } from '../http/limits.js';
import { ensureViewer } from '../http/viewer.js';
import type { PostInput } from '../storage/comments.js';
import { Comment, CommentParams, EmptyBody, errors, IdempotencyHeaders, ThreadParams } from '../schemas/common.js';
import { DeleteResult, EditBody, ListPage, ListQuery, PathResult, PostBody } from '../schemas/comments.js';
import { withThreadState } from './thread-state.js';
import type { Api, Services } from './services.js';

const tags = ['comments'];

/** List, find, post, edit and delete comments. */
export async function commentRoutes(app: Api, { storage, config, limits }: Services): Promise<void> {
  app.get(
    '/threads/:threadId/comments',
    {
      schema: {
        summary: 'List the comments of a thread, or the replies of one comment',
        description: 'Cacheable: public for readers without a cookie or token, private (with ETag and 304) for those with one.',
        tags,
        params: ThreadParams,
        querystring: ListQuery,
        response: { 200: ListPage, ...errors },
      },
    },
    async (request, reply) => {
      const { query } = request;
      const page = await storage.comments.list(
        {
          threadId: checkId(request.params.threadId, 'threadId'),
          parentId: query.parentId === undefined || query.parentId === '' ? null : checkId(query.parentId, 'parentId'),
          sort: query.sort ?? 'oldest',
          cursor: query.cursor || null,
          // Above the maximum is no error: a client asking for more simply gets the most there is.
          limit: Math.min(query.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
          replies: Math.min(query.replies ?? 0, MAX_EMBEDDED_REPLIES),
        },
        request.viewer,
      );
      return sendCacheable(request, reply, await withThreadState(storage, request.params.threadId, page), config.cache);
    },
  );

  app.get(
    '/threads/:threadId/comments/:commentId/path',
    {
      schema: {
        summary: 'A comment and its ancestors, top-level first: what a permalink needs',
        tags,
        params: CommentParams,
        response: { 200: PathResult, ...errors },
      },
    },
    async (request) => {
      const comments = await storage.comments.locate(commentIds(request.params), request.viewer);
      if (!comments) throw new AdapterError('not_found', 'That comment does not exist, or is not visible to you.', { field: 'commentId' });
      return { comments };
    },
  );

  app.post(
    '/threads/:threadId/comments',
    {
      schema: {
        summary: 'Post a comment or a reply',
        description: 'Repeating the request with the same Idempotency-Key returns 200 with the same comment and creates nothing.',
        tags,
        params: ThreadParams,
        headers: IdempotencyHeaders,
        body: PostBody,
        response: { 200: Comment, 201: Comment, ...errors },
      },
    },
    async (request, reply) => {
      const threadId = checkId(request.params.threadId, 'threadId');
      const idempotencyKey = checkIdempotencyKey(request.headers['idempotency-key']);
      const { body } = request;
      checkHoneypot(body.honeypot);
      const parentId = body.parentId === undefined || body.parentId === null ? null : checkId(body.parentId, 'parentId');
      const text = checkCommentBody(body.body, config.maxBodyLength);
      const viewer = await ensureViewer(request, reply, config, limits, { idempotencyKey });
      let author: PostInput['author'];
      if (viewer.user?.name) {
        const { name, url, avatarUrl, id } = viewer.user;
        author = { name, url, avatarUrl, userId: id };
      } else {
        author = { ...checkAuthor(body.author ?? {}), userId: viewer.user?.id };
      }
      // A retried post is no new one: a limit that refuses it looks for the first answer, so the
      // client still gets its comment.
      const replayed = async (refusal: unknown) => {
        const replay = await storage.comments.replay({ threadId, idempotencyKey }, viewer);
        if (replay) return reply.code(200).send(replay.comment);
        throw refusal;
      };
      try {
        await limits.write(request);
      } catch (err) {
        return replayed(err);
      }
      const allowed = await limits.post(request, idempotencyKey);
      if (!allowed.allowed) return replayed(rateLimited('comments in a short time', allowed.retryAfter));
      const posted = await storage.comments.post({ threadId, parentId, body: text, author, idempotencyKey }, viewer);
      return reply.code(posted.replayed ? 200 : 201).send(posted.comment);
    },
  );

  app.patch(
    '/threads/:threadId/comments/:commentId',
    {
      schema: {
        summary: 'Edit a comment (its author, within the edit window)',
        description: 'With `expectedEditedAt` no longer current, 409 conflict with the current comment in `error.current`.',
        tags,
        params: CommentParams,
        body: EditBody,
        response: { 200: Comment, ...errors },
      },
    },
    async (request, reply) => {
      const target = commentIds(request.params);
      const text = checkCommentBody(request.body.body, config.maxBodyLength);
      const expected = request.body.expectedEditedAt;
      const expectedEditedAt = expected === undefined || expected === null ? null : checkTimestamp(expected, 'expectedEditedAt');
      const viewer = await ensureViewer(request, reply, config, limits);
      await limits.write(request);
      await limits.change(request, 'changes in a short time');
      return storage.comments.edit({ ...target, body: text, expectedEditedAt }, viewer);
    },
  );

  app.delete(
    '/threads/:threadId/comments/:commentId',
    {
      schema: {
        summary: 'Delete a comment (its author, within the edit window)',
        description: 'A comment with replies leaves a placeholder (status deleted) in its place.',
        tags,
        params: CommentParams,
        body: EmptyBody,
        response: { 200: DeleteResult, ...errors },
      },
    },
    async (request, reply) => {
      const target = commentIds(request.params);
      const viewer = await ensureViewer(request, reply, config, limits);
      await limits.write(request);
      await limits.change(request, 'changes in a short time');
      return { placeholder: await storage.comments.delete(target, viewer) };
    },
  );
}

/** The thread and comment of a path, checked by the shared id rule. */
export function commentIds(params: FastifyRequest['params'] & { threadId: string; commentId: string }) {
  return { threadId: checkId(params.threadId, 'threadId'), commentId: checkId(params.commentId, 'commentId') };
}
