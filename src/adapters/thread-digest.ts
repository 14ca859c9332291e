/**
 * Live events between copies of a thread (another tab, another adapter instance): what a
 * subscriber last saw of a thread, and the changes since.
 */
import type { CommentStatus } from '../model/comment.js';
import type { ThreadData } from './thread-data.js';
import type { ThreadChange } from './thread-rules.js';

/** What a subscriber last saw of a thread, enough to tell what changed since. */
export interface ThreadDigest {
  comments: Map<string, { status: CommentStatus; version: string; reactions: string }>;
  reactions: string;
}

export function digestThread(data: ThreadData): ThreadDigest {
  const comments: ThreadDigest['comments'] = new Map();
  for (const comment of data.storedComments()) {
    comments.set(comment.id, {
      status: comment.status,
      version: `${comment.editedAt ?? ''}\u0000${comment.body}`,
      reactions: JSON.stringify(comment.reactions),
    });
  }
  return { comments, reactions: JSON.stringify(data.threadReactions()) };
}

/** The changes that turn `before` into `after`, parents before their replies. */
export function diffThread(before: ThreadDigest, after: ThreadDigest): ThreadChange[] {
  const changes: ThreadChange[] = [];
  for (const [commentId, now] of after.comments) {
    const old = before.comments.get(commentId);
    if (!old) {
      if (now.status !== 'deleted') changes.push({ type: 'created', commentId });
      continue;
    }
    if (now.status === 'deleted') {
      if (old.status !== 'deleted') changes.push({ type: 'deleted', commentId });
      continue;
    }
    // Approved by a moderator: new to everyone but its author.
    if (old.status === 'pending' && now.status === 'published') changes.push({ type: 'created', commentId });
    else if (old.version !== now.version) changes.push({ type: 'edited', commentId });
    if (old.reactions !== now.reactions) changes.push({ type: 'reactions', commentId });
  }
  for (const commentId of before.comments.keys()) {
    if (!after.comments.has(commentId)) changes.push({ type: 'deleted', commentId });
  }
  if (before.reactions !== after.reactions) changes.push({ type: 'reactions', commentId: null });
  return changes;
}

