import type { Comment, CommentStatus } from 'confab-comments/model';

/**
 * The row <-> wire mapping: what a comments row holds, and the `Comment` of the protocol it
 * becomes for a viewer (or for nobody in particular: events, moderators).
 */

/** Who asks: a site user (signed token), a guest (signed cookie), or anonymous (`id` null). */
export interface Viewer {
  id: string | null;
  user: SiteUser | null;
}

/** A site's user, from a verified user token. */
export interface SiteUser {
  id: string;
  name?: string;
  url?: string;
  avatarUrl?: string;
}

export const ANONYMOUS: Viewer = Object.freeze({ id: null, user: null });

export const COMMENT_COLUMNS = `id, thread_id, parent_id, author_name, author_url, author_avatar_url, author_user_id,
  viewer_id, body, status, created_at, edited_at, reply_count, reactions, score`;

/** `COMMENT_COLUMNS` of the table aliased `alias`. */
export const commentColumnsOf = (alias: string): string => COMMENT_COLUMNS.replace(/(\w+)/g, `${alias}.$1`);

export interface CommentRow {
  id: string;
  thread_id: string;
  parent_id: string | null;
  author_name: string;
  author_url: string | null;
  author_avatar_url: string | null;
  author_user_id: string | null;
  /** who may edit, delete and see it while pending */
  viewer_id: string | null;
  body: string;
  status: CommentStatus;
  created_at: Date | string;
  edited_at: Date | string | null;
  reply_count: number;
  reactions: Record<string, number>;
  score?: number;
}

/** A viewer's reactions by comment id. */
export type ReactionsByComment = Map<string, string[]>;

export const iso = (value: Date | string): string => new Date(value).toISOString();

/** Turns rows into wire comments; knows the edit window, which decides what an author may still do. */
export class CommentMapper {
  /** Infinity: authors may always edit. */
  readonly editWindowMs: number;

  constructor(editWindowMinutes: number) {
    this.editWindowMs = editWindowMinutes > 0 ? editWindowMinutes * 60_000 : Infinity;
  }

  /** The wire `Comment`. `viewer` null: no `viewer` field (events, moderators' lists). */
  toComment(row: CommentRow, viewer: Viewer | null, mine?: ReactionsByComment): Comment {
    const comment = this.withoutViewer(row);
    if (viewer) comment.viewer = this.viewerState(row, viewer.id, mine?.get(row.id) ?? []);
    return comment;
  }

  withoutViewer(row: CommentRow): Comment {
    const deleted = row.status === 'deleted';
    const author: Comment['author'] = { name: deleted ? '' : row.author_name };
    if (!deleted) {
      if (row.author_user_id) author.id = row.author_user_id;
      if (row.author_url) author.url = row.author_url;
      if (row.author_avatar_url) author.avatarUrl = row.author_avatar_url;
    }
    return {
      id: row.id,
      threadId: row.thread_id,
      parentId: row.parent_id ?? null,
      author,
      body: deleted ? '' : row.body,
      createdAt: iso(row.created_at),
      editedAt: row.edited_at ? iso(row.edited_at) : null,
      status: row.status,
      reactions: deleted ? {} : { ...row.reactions },
      replyCount: row.reply_count,
    };
  }

  /** What `viewerId` may do with the comment of `row`, and their reactions on it. */
  viewerState(row: CommentRow, viewerId: string | null, reactions: string[]): ViewerState {
    return this.viewerStateOf(ownership(row), viewerId, reactions);
  }

  viewerStateOf(comment: Ownership, viewerId: string | null, reactions: string[]): ViewerState {
    const own = isOwn(comment, viewerId);
    const until = comment.createdMs + this.editWindowMs;
    const open = own && Date.now() < until;
    return { reactions, canEdit: open, canDelete: open, editableUntil: own && Number.isFinite(until) ? new Date(until).toISOString() : null };
  }
}

export type ViewerState = NonNullable<Comment['viewer']>;

/** What decides whether a comment is the viewer's own, and for how long they may change it. */
export interface Ownership {
  viewerId: string | null;
  createdMs: number;
  deleted: boolean;
}

export const ownership = (row: CommentRow): Ownership => ({
  viewerId: row.viewer_id,
  createdMs: new Date(row.created_at).getTime(),
  deleted: row.status === 'deleted',
});

/** Whether the comment is `viewerId`'s own (a placeholder belongs to nobody). */
export const isOwn = (comment: Ownership, viewerId: string | null): boolean =>
  viewerId !== null && comment.viewerId === viewerId && !comment.deleted;
