import { checkId, MAX_THREADS_PER_REQUEST } from 'confab-comments/model';
import { Type } from 'typebox';
import { sendCacheable } from '../http/caching.js';
import { entityTag } from '../storage/comments.js';
import { errors, Id } from '../schemas/common.js';
import type { Api, Services } from './services.js';

/** Counts for many threads, and the settings a client may adapt to. */
export async function threadRoutes(app: Api, { storage, config, outreach }: Services): Promise<void> {
  app.get(
    '/counts',
    {
      schema: {
        summary: "Comment counts of many threads: published comments plus the viewer's own pending ones",
        tags: ['threads'],
        querystring: Type.Object({
          thread: Type.Array(Id, { minItems: 1, maxItems: MAX_THREADS_PER_REQUEST, description: `?thread=a&thread=b…, at most ${MAX_THREADS_PER_REQUEST}` }),
        }),
        response: { 200: Type.Object({ counts: Type.Record(Type.String(), Type.Integer()) }), ...errors },
      },
    },
    async (request, reply) => {
      const ids = [...new Set(request.query.thread.map((id) => checkId(id, 'thread')))];
      const text = JSON.stringify({ counts: await storage.comments.count(ids, request.viewer) });
      return sendCacheable(request, reply, { text, etag: entityTag(text) }, config.cache);
    },
  );

  const settings = JSON.stringify({
    moderation: config.moderation,
    editWindowMinutes: config.editWindowMinutes,
    maxBodyLength: config.maxBodyLength,
    reactions: config.reactions,
    ...outreach.settings(),
  });
  const settingsTag = entityTag(settings);
  app.get(
    '/config',
    {
      schema: {
        summary: 'The settings a client may adapt to',
        tags: ['threads'],
        response: {
          200: Type.Object({
            moderation: Type.Enum(['off', 'pre']),
            editWindowMinutes: Type.Integer(),
            maxBodyLength: Type.Integer(),
            reactions: Type.Array(Type.String()),
            mail: Type.Boolean({ description: 'the server sends mail: a reader may ask to be told of replies' }),
            challenge: Type.Union([Type.Literal('pow'), Type.Null()], { description: 'guest posts must carry a solved GET /challenge' }),
          }),
        },
      },
    },
    async (request, reply) => sendCacheable(request, reply, { text: settings, etag: settingsTag }, config.cache),
  );
}
