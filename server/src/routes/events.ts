import { checkId, MAX_THREADS_PER_REQUEST } from 'confab-comments/model';
import { Type } from 'typebox';
import { errors, Id, ThreadParams } from '../schemas/common.js';
import type { Api, Services } from './services.js';

const tags = ['events'];
const stream = {
  200: Type.String({ description: 'text/event-stream: `id:` and `data:` (one AdapterEvent) per message; see docs/protocol.md' }),
  ...errors,
};
const LastEventId = Type.Optional(Type.String({ maxLength: 40, description: 'resume after this id (also the Last-Event-ID header)' }));

/** Live events as server-sent events: of one thread, or of many over one connection. */
export async function eventRoutes(app: Api, { streams }: Services): Promise<void> {
  app.get(
    '/events',
    {
      schema: {
        summary: `Live events of up to ${MAX_THREADS_PER_REQUEST} threads over one stream`,
        description:
          'One connection for every widget of a page. Opens with `event: ready` carrying the position it starts from; ' +
          '`Last-Event-ID` (or `lastEventId`) resumes it, or each thread gets `event: reset` when that cannot be done.',
        tags,
        querystring: Type.Object({
          thread: Type.Array(Id, { minItems: 1, maxItems: MAX_THREADS_PER_REQUEST, description: `?thread=a&thread=b…, at most ${MAX_THREADS_PER_REQUEST}` }),
          lastEventId: LastEventId,
        }),
        response: stream,
      },
    },
    async (request, reply) => {
      const threadIds = [...new Set(request.query.thread.map((id) => checkId(id, 'thread')))];
      await streams.start(request, reply, threadIds, true);
    },
  );

  app.get(
    '/threads/:threadId/events',
    {
      schema: {
        summary: 'Live events of one thread',
        tags,
        params: ThreadParams,
        querystring: Type.Object({ lastEventId: LastEventId }),
        response: stream,
      },
    },
    async (request, reply) => {
      await streams.start(request, reply, [checkId(request.params.threadId, 'threadId')], false);
    },
  );
}
