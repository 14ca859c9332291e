import {
  AdapterError,
  checkCommentBody,
  checkId,
  checkTimestamp,
  DEFAULT_PAGE_SIZE,
  MAX_EMBEDDED_REPLIES,
  MAX_PAGE_SIZE,
} from 'confab-comments/model';
import type { FastifyRequest } from 'fastify';
import { sendCacheable } from '../http/caching.js';
import { ensureViewer } from '../http/viewer.js';
import { Comment, CommentParams, EmptyBody, errors, IdempotencyHeaders, ThreadParams } from '../schemas/common.js';
import { DeleteResult, EditBody, ListPage, ListQuery, PathResult, PostBody } from '../schemas/comments.js';
import { submitComment } from '../posting.js';
import { withThreadState } from './thread-state.js';
import type { Api, Services } from './services.js';

const tags = ['comments'];

/** List, find, post, edit and delete comments. */
export async function commentRoutes(app: Api, { storage, config, limits, outreach }: Services): Promise<void> {
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
      const { body } = request;
      const { comment, status } = await submitComment(request, reply, { storage, config, limits, outreach }, {
        threadId: request.params.threadId,
        parentId: body.parentId,
        body: body.body,
        author: body.author,
        honeypot: body.honeypot,
        idempotencyKey: request.headers['idempotency-key'],
        notify: body.notify,
        challenge: body.challenge,
      });
      return reply.code(status).send(comment);
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
      const placeholder = await storage.comments.delete(target, viewer);
      outreach.deleted({ ...target, by: 'author' });
      return { placeholder };
    },
  );
}

/** The thread and comment of a path, checked by the shared id rule. */
export function commentIds(params: FastifyRequest['params'] & { threadId: string; commentId: string }) {
  return { threadId: checkId(params.threadId, 'threadId'), commentId: checkId(params.commentId, 'commentId') };
}
