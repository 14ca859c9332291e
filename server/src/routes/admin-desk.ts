import { checkCommentBody, checkId } from 'confab-comments/model';
import { Type } from 'typebox';
import type { AdminSessions } from '../http/admin-session.js';
import { decodeTimeCursor, MAX_CURSOR_LENGTH } from '../storage/cursors.js';
import { Comment, EmptyBody, errors, Id, Nullable } from '../schemas/common.js';
import type { Api, Services } from './services.js';

const tags = ['admin'];
const security = [{ adminToken: [] }];
/** Most comments one bulk action takes. */
export const MAX_BULK = 200;
/** How often an idle queue stream says it is alive. */
const HEARTBEAT_MS = 25_000;

type AdminServices = Services & { sessions: AdminSessions };

/** Signing in and out of the dashboard: open to anyone, the token is what counts. */
export async function adminSessionRoutes(app: Api, { sessions }: AdminServices): Promise<void> {
  const Session = Type.Object({ signedIn: Type.Boolean(), expiresAt: Nullable(Type.String()) });
  app.post(
    '/admin/session',
    {
      schema: {
        summary: 'Sign in with ADMIN_TOKEN: sets an http-only, SameSite=Strict session cookie',
        description: 'A wrong token makes the network wait before the next try, twice as long each time (429 meanwhile).',
        tags,
        body: Type.Object({ token: Type.String({ maxLength: 1000 }) }, { additionalProperties: false }),
        response: { 200: Session, ...errors },
      },
    },
    async (request, reply) => ({ signedIn: true, ...(await sessions.signIn(request, reply, request.body.token)) }),
  );
  app.get(
    '/admin/session',
    { schema: { summary: 'Whether the request has a live moderator session', tags, response: { 200: Session, ...errors } } },
    async (request) => {
      const session = await sessions.session(request);
      return { signedIn: session !== null, expiresAt: session?.expiresAt ?? null };
    },
  );
  app.delete(
    '/admin/session',
    { schema: { summary: 'Sign out: ends the session and clears its cookie', tags, body: EmptyBody, response: { 204: { type: 'null', description: 'Signed out' }, ...errors } } },
    async (request, reply) => {
      await sessions.signOut(request, reply);
      return reply.code(204).send(null);
    },
  );
}

/** The dashboard's own endpoints: counts, search, bulk actions, edits, bans, closed threads, live queue. */
export async function adminDeskRoutes(app: Api, { storage, sessions, hub }: AdminServices): Promise<void> {
  app.addHook('onRequest', async (request) => sessions.gate(request));
  // Open queue streams, ended when the server closes.
  const queueStreams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...queueStreams]) end();
  });

  app.get(
    '/admin/summary',
    {
      schema: {
        summary: 'Counts at a glance: pending, reported, open typo reports, comments today and in the last 7 days',
        tags,
        security,
        response: {
          200: Type.Object({ pending: Type.Integer(), reported: Type.Integer(), typos: Type.Integer(), today: Type.Integer(), week: Type.Integer() }),
          ...errors,
        },
      },
    },
    async () => storage.desk.summary(),
  );

  app.get(
    '/admin/search',
    {
      schema: {
        summary: 'Every comment, newest first, by text, author name and thread (or what moderators removed)',
        tags,
        security,
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 500 })),
          author: Type.Optional(Type.String({ maxLength: 500 })),
          thread: Type.Optional(Type.String({ maxLength: 500 })),
          status: Type.Optional(Type.Enum(['removed'], { description: 'removed: what moderators deleted or rejected (restorable), most recently removed first' })),
          limit: Type.Optional(Type.Integer({ minimum: 1 })),
          cursor: Type.Optional(Type.String({ maxLength: MAX_CURSOR_LENGTH })),
        }),
        response: { 200: Type.Object({ comments: Type.Array(Type.Any()), nextCursor: Nullable(Type.String()) }), ...errors },
      },
    },
    async (request) => {
      const { q = '', author = '', thread = '', status, limit, cursor } = request.query;
      return storage.desk[status === 'removed' ? 'removed' : 'search']({
        text: q.trim(),
        author: author.trim(),
        threadId: thread.trim(),
        cursor: cursor ? decodeTimeCursor(cursor) : null,
        limit: Math.min(limit ?? 50, 200),
      });
    },
  );

  app.post(
    '/admin/actions',
    {
      schema: {
        summary: `One action on up to ${MAX_BULK} comments in one request; each answers on its own`,
        tags,
        security,
        body: Type.Object(
          { action: Type.Enum(['approve', 'reject', 'delete', 'dismiss', 'restore']), ids: Type.Array(Id, { minItems: 1, maxItems: MAX_BULK }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ results: Type.Array(Type.Object({ id: Type.String(), ok: Type.Boolean(), error: Type.Optional(Type.String()) })) }), ...errors },
      },
    },
    async (request) => {
      const ids = [...new Set(request.body.ids.map((id, i) => checkId(id, `ids[${i}]`)))];
      return { results: await storage.desk.bulk(request.body.action, ids) };
    },
  );

  app.post(
    '/admin/comments/:commentId/restore',
    {
      schema: {
        summary: 'Bring back a comment a moderator deleted or rejected, as it was (a rejected one returns to the pending queue)',
        tags,
        security,
        params: Type.Object({ commentId: Id }),
        body: EmptyBody,
        response: { 200: Comment, ...errors },
      },
    },
    async (request) => storage.moderation.restore(checkId(request.params.commentId, 'commentId')),
  );

  app.patch(
    '/admin/comments/:commentId',
    {
      schema: {
        summary: "Change a comment's text (marked as edited by a moderator)",
        tags,
        security,
        params: Type.Object({ commentId: Id }),
        body: Type.Object({ body: Type.String() }, { additionalProperties: false }),
        response: { 200: Type.Any(), ...errors },
      },
    },
    // A moderator may bring a comment within the longest body any comment may have.
    async (request) => storage.desk.edit(checkId(request.params.commentId, 'commentId'), checkCommentBody(request.body.body, 100_000)),
  );

  const Ban = Type.Object({
    id: Type.String(),
    subject: Type.String(),
    authorName: Type.String(),
    reason: Type.String(),
    expiresAt: Nullable(Type.String()),
    createdAt: Type.String(),
  });
  app.get('/admin/bans', { schema: { summary: 'Bans in force, newest first', tags, security, response: { 200: Type.Object({ bans: Type.Array(Ban) }), ...errors } } }, async () => ({
    bans: await storage.access.list(),
  }));
  app.post(
    '/admin/bans',
    {
      schema: {
        summary: "Ban a comment's author (the identity it was posted with) for some days or for good, optionally removing their comments",
        tags,
        security,
        body: Type.Object(
          {
            commentId: Id,
            days: Nullable(Type.Integer({ minimum: 1, maximum: 36_500, description: 'null: for good' })),
            reason: Type.Optional(Type.String({ maxLength: 500 })),
            removeComments: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ ban: Ban, removed: Type.Integer() }), ...errors },
      },
    },
    async (request, reply) => {
      const { commentId, days, reason = '', removeComments = false } = request.body;
      const result = await storage.desk.banAuthor({ commentId: checkId(commentId, 'commentId'), days, reason: reason.trim(), remove: removeComments });
      return reply.code(201).send(result);
    },
  );
  app.delete(
    '/admin/bans/:banId',
    { schema: { summary: 'Lift a ban', tags, security, params: Type.Object({ banId: Id }), body: EmptyBody, response: { 204: { type: 'null', description: 'Lifted' }, ...errors } } },
    async (request, reply) => {
      await storage.access.unban(request.params.banId);
      return reply.code(204).send(null);
    },
  );

  const ThreadState = Type.Object({ threadId: Type.String(), closed: Type.Boolean(), setting: Nullable(Type.Enum(['open', 'closed'])), closesAt: Nullable(Type.String()) });
  app.get(
    '/admin/threads/:threadId',
    { schema: { summary: 'Whether a thread takes comments', tags, security, params: Type.Object({ threadId: Id }), response: { 200: ThreadState, ...errors } } },
    async (request) => storage.access.threadState(checkId(request.params.threadId, 'threadId')),
  );
  app.put(
    '/admin/threads/:threadId',
    {
      schema: {
        summary: 'Close a thread, reopen it, or leave it to CLOSE_AFTER_DAYS (null)',
        tags,
        security,
        params: Type.Object({ threadId: Id }),
        body: Type.Object({ setting: Nullable(Type.Enum(['open', 'closed'])) }, { additionalProperties: false }),
        response: { 200: ThreadState, ...errors },
      },
    },
    async (request) => {
      const threadId = checkId(request.params.threadId, 'threadId');
      const state = await storage.access.setThread(threadId, request.body.setting);
      storage.invalidate(threadId);
      return state;
    },
  );

  app.get(
    '/admin/events',
    {
      schema: {
        summary: 'The moderators’ queue as server-sent events: `event: queue` whenever pending comments or reports change',
        tags,
        security,
        response: { 200: Type.String({ description: 'text/event-stream' }), ...errors },
      },
    },
    async (request, reply) => {
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
      raw.write(': queue\nretry: 3000\n\nevent: ready\ndata: {}\n\n');
      // Many changes at once (a bulk approval) make one message.
      let timer: ReturnType<typeof setTimeout> | null = null;
      let sent = 0;
      const listener = (threadId: string) => {
        if (timer) return;
        timer = setTimeout(() => {
          timer = null;
          raw.write(`id: ${++sent}\nevent: queue\ndata: ${JSON.stringify({ threadId })}\n\n`);
        }, 200);
      };
      hub?.queueListeners.add(listener);
      const heartbeat = setInterval(() => raw.write(': alive\n\n'), HEARTBEAT_MS);
      const stop = () => {
        hub?.queueListeners.delete(listener);
        clearInterval(heartbeat);
        if (timer) clearTimeout(timer);
        queueStreams.delete(end);
      };
      const end = () => {
        stop();
        raw.end();
      };
      queueStreams.add(end);
      request.raw.on('close', stop);
    },
  );
}
