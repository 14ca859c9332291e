import { checkId } from 'confab-comments/model';
import { Type } from 'typebox';
import { ensureViewer } from '../http/viewer.js';
import { EmptyBody, errors, Id } from '../schemas/common.js';
import { ReactionState } from '../schemas/comments.js';
import type { Api, Services } from './services.js';

const tags = ['reactions'];

/**
 * Reactions on a thread (`/threads/:threadId/reactions`) or a comment
 * (`/threads/:threadId/comments/:commentId/reactions`): read, set (PUT), clear (DELETE).
 */
export async function reactionRoutes(app: Api, { storage, config, limits }: Services): Promise<void> {
  const Reaction = Type.Enum(config.reactions, { description: 'one of REACTIONS' });
  const threadTarget = Type.Object({ threadId: Id });
  const commentTarget = Type.Object({ threadId: Id, commentId: Id });

  for (const [where, params] of [
    ['/threads/:threadId', threadTarget],
    ['/threads/:threadId/comments/:commentId', commentTarget],
  ] as const) {
    const of = where.includes('commentId') ? 'a comment' : 'the thread itself';
    app.get(
      `${where}/reactions`,
      { schema: { summary: `Reaction counts of ${of}, and the viewer's reactions`, tags, params, response: { 200: ReactionState, ...errors } } },
      async (request) => storage.reactions.get(target(request.params), request.viewer),
    );
    for (const [method, active] of [
      ['PUT', true],
      ['DELETE', false],
    ] as const) {
      app.route({
        method,
        url: `${where}/reactions/:reaction`,
        schema: {
          summary: `${active ? 'Set' : 'Clear'} one reaction of the viewer on ${of} (idempotent; like and dislike exclude each other)`,
          tags,
          params: Type.Object({ ...params.properties, reaction: Reaction }),
          body: EmptyBody,
          response: { 200: ReactionState, ...errors },
        },
        handler: async (request, reply) => {
          const where = target(request.params);
          const viewer = await ensureViewer(request, reply, config, limits);
          await limits.write(request);
          await limits.change(request, 'reactions in a short time');
          return storage.reactions.react({ ...where, reaction: request.params.reaction, active }, viewer);
        },
      });
    }
  }
}

function target(params: { threadId: string; commentId?: string }) {
  return {
    threadId: checkId(params.threadId, 'threadId'),
    commentId: params.commentId === undefined ? null : checkId(params.commentId, 'commentId'),
  };
}
