import { checkAuthor, checkCommentBody, checkHoneypot, checkId, checkIdempotencyKey, type Comment } from 'confab-comments/model';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { rateLimited } from './http/limits.js';
import { ensureViewer } from './http/viewer.js';
import type { Services } from './routes/services.js';
import type { PostInput } from './storage/comments.js';

/** A post as it arrives, from JSON or from a form: every field still unchecked. */
export interface Submission {
  threadId: unknown;
  parentId?: unknown;
  body: unknown;
  author?: unknown;
  honeypot?: unknown;
  idempotencyKey: unknown;
  /** e-mail the author when someone replies (backends that send mail) */
  notify?: unknown;
  /** the solved proof-of-work challenge, when the server asks for one */
  challenge?: unknown;
}

/** The posted comment, and whether it was created now (201) or is a retry's first answer (200). */
export interface Submitted {
  comment: Comment;
  status: 200 | 201;
}

/**
 * The one way a comment is posted, whatever the request looks like (JSON from the widgets, a
 * form without JavaScript): every rule applies here, in this order. Checks (ids, idempotency key,
 * honeypot, body, author), the viewer (cookie or token), the write and post rate limits (a retry
 * refused by a limit gets its first answer instead), the spam guard, then storage (moderation,
 * idempotency), then the outbox (reply notifications, webhooks).
 * Throws the protocol's errors; the caller turns them into its answer.
 */
export async function submitComment(
  request: FastifyRequest,
  reply: FastifyReply,
  { storage, config, limits, outreach }: Pick<Services, 'storage' | 'config' | 'limits' | 'outreach'>,
  submission: Submission,
): Promise<Submitted> {
  const threadId = checkId(submission.threadId, 'threadId');
  const idempotencyKey = checkIdempotencyKey(submission.idempotencyKey);
  checkHoneypot(submission.honeypot);
  const parentId = submission.parentId === undefined || submission.parentId === null ? null : checkId(submission.parentId, 'parentId');
  const text = checkCommentBody(submission.body, config.maxBodyLength);
  const viewer = await ensureViewer(request, reply, config, limits, { idempotencyKey });
  let author: PostInput['author'];
  if (viewer.user?.name) {
    const { name, url, avatarUrl, id } = viewer.user;
    author = { name, url, avatarUrl, userId: id };
  } else {
    author = { ...checkAuthor(submission.author ?? {}), userId: viewer.user?.id };
  }
  // A retried post is no new one: a limit that refuses it looks for the first answer, so the
  // client still gets its comment.
  const replayed = async (refusal: unknown): Promise<Submitted> => {
    const replay = await storage.comments.replay({ threadId, idempotencyKey }, viewer);
    if (replay) return { comment: replay.comment, status: 200 };
    throw refusal;
  };
  try {
    await limits.write(request);
  } catch (err) {
    return replayed(err);
  }
  const allowed = await limits.post(request, idempotencyKey);
  if (!allowed.allowed) return replayed(rateLimited('comments in a short time', allowed.retryAfter));
  // Spam checks (challenge, content rules, checkers) may hold the comment for a moderator.
  let heldFor: string | null;
  try {
    heldFor = await outreach.beforePost(request, {
      threadId,
      parentId,
      body: text,
      author,
      viewerId: viewer.id,
      signedIn: Boolean(viewer.user),
      challenge: typeof submission.challenge === 'string' ? submission.challenge : undefined,
    });
  } catch (err) {
    return replayed(err);
  }
  const posted = await storage.comments.post({ threadId, parentId, body: text, author, idempotencyKey, hold: heldFor !== null }, viewer);
  await outreach.afterPost(request, { ...posted, notify: submission.notify === true || submission.notify === 'on', email: author.email, heldFor });
  return { comment: posted.comment, status: posted.replayed ? 200 : 201 };
}
