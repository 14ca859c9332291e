import {
  AdapterError,
  checkHttpUrl,
  checkId,
  checkText,
  checkTimestamp,
  MAX_NAME_LENGTH,
  MAX_REACTION_COUNT,
  REACTION_NAME_PATTERN,
} from 'confab-comments/model';
import { Type, type Static } from 'typebox';
import type { AdminSessions } from '../http/admin-session.js';
import { collectGarbageSoon } from '../memory.js';
import { decodeTimeCursor, MAX_CURSOR_LENGTH } from '../storage/cursors.js';
import type { ImportedComment } from '../storage/import.js';
import { Comment, EmptyBody, errors, Id, ModeratedComment, Nullable, ReactionName } from '../schemas/common.js';
import type { Api, Services } from './services.js';

const MAX_IMPORT = 5000;
/** Longest body an import may bring: other systems allowed more than MAX_BODY_LENGTH. */
const MAX_IMPORTED_BODY = 100_000;
const TYPO_STATUSES = ['open', 'fixed', 'rejected'] as const;
const tags = ['admin'];
const security = [{ adminToken: [] }];

const ImportItem = Type.Object(
  {
    id: Id,
    threadId: Id,
    parentId: Type.Optional(Nullable(Id)),
    author: Type.Object(
      {
        id: Type.Optional(Nullable(Id)),
        name: Type.Optional(Type.String()),
        url: Type.Optional(Nullable(Type.String())),
        avatarUrl: Type.Optional(Nullable(Type.String())),
      },
      { additionalProperties: false },
    ),
    body: Type.Optional(Type.String()),
    createdAt: Type.String({ description: 'ISO 8601, years 1000–9999' }),
    editedAt: Type.Optional(Nullable(Type.String())),
    status: Type.Optional(Type.Enum(['published', 'pending', 'deleted'])),
    reactions: Type.Optional(
      Type.Record(Type.String({ pattern: REACTION_NAME_PATTERN.source }), Type.Integer({ minimum: 0, maximum: MAX_REACTION_COUNT })),
    ),
    // Derived by the server; accepted (a list export imports as it is) and ignored.
    replyCount: Type.Optional(Type.Integer({ minimum: 0 })),
    viewer: Type.Optional(
      Nullable(
        Type.Object(
          {
            reactions: Type.Optional(Type.Array(ReactionName, { description: 'recorded as the reactions of `reactionsOf`' })),
            canEdit: Type.Optional(Type.Boolean()),
            canDelete: Type.Optional(Type.Boolean()),
            editableUntil: Type.Optional(Nullable(Type.String())),
          },
          { additionalProperties: false },
        ),
      ),
    ),
  },
  { additionalProperties: false },
);

/**
 * Moderation and editors' endpoints, all behind the admin token (checked before the body is read).
 * A moderation dashboard with sessions, bans or closed threads adds its routes beside these.
 */
export async function adminRoutes(app: Api, { storage, config, outreach, sessions }: Services & { sessions: AdminSessions }): Promise<void> {
  // The admin token, or a moderator's session (and, for a write, this server's own Origin).
  app.addHook('onRequest', async (request) => sessions.gate(request));

  app.get(
    '/admin/comments',
    {
      schema: {
        summary: 'Comments waiting for approval (oldest first), or reported comments (most reported first)',
        tags,
        security,
        querystring: Type.Object({
          status: Type.Optional(Type.Enum(['pending', 'reported'])),
          limit: Type.Optional(Type.Integer({ minimum: 1 })),
          cursor: Type.Optional(Type.String({ maxLength: MAX_CURSOR_LENGTH })),
        }),
        response: { 200: Type.Object({ comments: Type.Array(ModeratedComment), nextCursor: Nullable(Type.String()) }), ...errors },
      },
    },
    async (request) => {
      const { status = 'pending', limit: asked, cursor } = request.query;
      const limit = Math.min(asked ?? 50, 200);
      if (status === 'reported') return storage.reports.reported({ limit });
      const page = await storage.moderation.pending({ limit, cursor: cursor ? decodeTimeCursor(cursor) : null });
      const held = await outreach.guard.reasons(page.comments.map((comment) => comment.id));
      return { ...page, comments: page.comments.map((comment) => ({ ...comment, heldFor: held.get(comment.id) ?? null })) };
    },
  );

  const commentParams = Type.Object({ commentId: Id });
  const placeholder = Type.Object({ placeholder: Nullable(Comment) });

  app.post(
    '/admin/comments/:commentId/approve',
    {
      schema: { summary: 'Publish a pending comment (a created event goes out)', tags, security, params: commentParams, body: EmptyBody, response: { 200: Comment, ...errors } },
    },
    async (request) => {
      const comment = await storage.moderation.approve(checkId(request.params.commentId, 'commentId'));
      outreach.approved(request, comment);
      return comment;
    },
  );

  app.post(
    '/admin/comments/:commentId/reject',
    {
      schema: { summary: 'Remove a pending comment', tags, security, params: commentParams, body: EmptyBody, response: { 200: placeholder, ...errors } },
    },
    async (request) => {
      const commentId = checkId(request.params.commentId, 'commentId');
      const placeholder = await storage.moderation.reject(commentId);
      outreach.deleted({ commentId, threadId: null, by: 'moderator' });
      return { placeholder };
    },
  );

  app.delete(
    '/admin/comments/:commentId',
    {
      schema: { summary: 'Remove any comment, any time', tags, security, params: commentParams, body: EmptyBody, response: { 200: placeholder, ...errors } },
    },
    async (request) => {
      const commentId = checkId(request.params.commentId, 'commentId');
      const placeholder = await storage.moderation.reject(commentId);
      outreach.deleted({ commentId, threadId: null, by: 'moderator' });
      return { placeholder };
    },
  );

  app.post(
    '/admin/comments/:commentId/dismiss-reports',
    {
      schema: { summary: 'Forget the reports of a comment', tags, security, params: commentParams, body: EmptyBody, response: { 204: { type: 'null', description: 'Dismissed' }, ...errors } },
    },
    async (request, reply) => {
      await storage.reports.dismiss(checkId(request.params.commentId, 'commentId'));
      return reply.code(204).send(null);
    },
  );

  const Typo = Type.Object({
    id: Type.String(),
    url: Type.String(),
    threadId: Nullable(Type.String()),
    quote: Type.Object({ exact: Type.String(), prefix: Type.String(), suffix: Type.String() }),
    suggestion: Nullable(Type.String()),
    count: Type.Integer(),
    comments: Type.Array(Type.String()),
    status: Type.Enum([...TYPO_STATUSES]),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  });

  app.get(
    '/admin/typos',
    {
      schema: {
        summary: 'Typo reports of one status, most reported first',
        tags,
        security,
        querystring: Type.Object({ status: Type.Optional(Type.Enum([...TYPO_STATUSES])), limit: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: { 200: Type.Object({ typos: Type.Array(Typo) }), ...errors },
      },
    },
    async (request) => storage.typos.list({ status: request.query.status ?? 'open', limit: Math.min(request.query.limit ?? 100, 500) }),
  );

  app.patch(
    '/admin/typos/:typoId',
    {
      schema: {
        summary: 'Mark a typo report open, fixed or rejected',
        tags,
        security,
        params: Type.Object({ typoId: Id }),
        body: Type.Object({ status: Type.Enum([...TYPO_STATUSES]) }, { additionalProperties: false }),
        response: { 200: Typo, ...errors },
      },
    },
    async (request) => storage.typos.setStatus(checkId(request.params.typoId, 'typoId'), request.body.status),
  );

  app.post(
    '/admin/import',
    {
      bodyLimit: config.importLimitBytes,
      schema: {
        summary: `Import comments as given (at most ${MAX_IMPORT} per request); known ids are skipped`,
        description: 'Reply and thread counts are recomputed. With `reactionsOf`, each comment’s `viewer.reactions` become that user’s.',
        tags,
        security,
        querystring: Type.Object({ reactionsOf: Type.Optional(Id) }),
        body: Type.Array(ImportItem, { maxItems: MAX_IMPORT }),
        response: { 200: Type.Object({ imported: Type.Integer(), skipped: Type.Integer() }), ...errors },
      },
    },
    async (request) => {
      try {
        const ids = new Set<string>();
        const comments = request.body.map((item, index) => {
          const comment = importedComment(item, `[${index}]`);
          if (ids.has(comment.id)) throw new AdapterError('validation', `Comment id ${comment.id} appears twice.`, { field: `[${index}].id` });
          ids.add(comment.id);
          return comment;
        });
        const { reactionsOf } = request.query;
        return await storage.imports.import(comments, reactionsOf ? checkId(reactionsOf, 'reactionsOf') : null);
      } finally {
        // Up to 5,000 comments, parsed twice over: garbage the old generation would otherwise keep.
        collectGarbageSoon();
      }
    },
  );

  // Empties every table; only when TEST_RESET=1, for test suites that need a clean database.
  if (config.testReset) {
    app.post(
      '/admin/reset',
      { schema: { summary: 'Empty every table (only with TEST_RESET=1)', tags, security, body: EmptyBody, response: { 204: { type: 'null', description: 'Emptied' }, ...errors } } },
      async (_request, reply) => {
        await storage.reset();
        return reply.code(204).send(null);
      },
    );
  }
}

/** One comment of an import, checked by the shared rules; `replyCount` and `viewer` are derived, not taken. */
function importedComment(c: Static<typeof ImportItem>, at: string): ImportedComment {
  const status = c.status ?? 'published';
  const deleted = status === 'deleted';
  const reactions: Record<string, number> = {};
  for (const [name, count] of Object.entries(c.reactions ?? {})) if (count > 0) reactions[name] = count;
  return {
    id: checkId(c.id, `${at}.id`),
    threadId: checkId(c.threadId, `${at}.threadId`),
    parentId: c.parentId === undefined || c.parentId === null ? null : checkId(c.parentId, `${at}.parentId`),
    author: {
      id: c.author.id === undefined || c.author.id === null ? null : checkId(c.author.id, `${at}.author.id`),
      name: checkText(c.author.name ?? '', `${at}.author.name`, { max: MAX_NAME_LENGTH, min: deleted ? 0 : 1 }),
      url: checkHttpUrl(c.author.url, `${at}.author.url`),
      avatarUrl: checkHttpUrl(c.author.avatarUrl, `${at}.author.avatarUrl`),
    },
    body: checkText(c.body ?? '', `${at}.body`, { max: MAX_IMPORTED_BODY, min: deleted ? 0 : 1, multiline: true, trim: false }),
    createdAt: checkTimestamp(c.createdAt, `${at}.createdAt`),
    editedAt: c.editedAt === undefined || c.editedAt === null ? null : checkTimestamp(c.editedAt, `${at}.editedAt`),
    status,
    reactions,
    viewerReactions: c.viewer?.reactions ?? [],
  };
}
