/**
 * The data model shared by adapters, the store and the components. It is also the wire format of
 * the REST protocol (docs/protocol.md). Everything in it that came from an adapter is untrusted.
 */

/** Who wrote a comment. `url` and `avatarUrl` are only ever rendered when they are http(s). */
export interface Author {
  id?: string;
  name: string;
  url?: string;
  avatarUrl?: string;
}

export type CommentStatus = 'published' | 'pending' | 'deleted';

/** What the current viewer has done to, and may do with, one comment. */
export interface ViewerState {
  reactions: string[];
  canEdit: boolean;
  canDelete: boolean;
  /** ISO time after which `canEdit`/`canDelete` lapse (edit window), when the backend has one. */
  editableUntil?: string | null;
}

export interface Comment {
  id: string;
  threadId: string;
  /** null for a top-level comment */
  parentId: string | null;
  author: Author;
  /** the markdown source as written */
  body: string;
  /** ISO 8601 */
  createdAt: string;
  editedAt?: string | null;
  status: CommentStatus;
  /** e.g. `{ like: 3, dislike: 1 }` */
  reactions: Record<string, number>;
  /** direct replies, all of them, loaded or not */
  replyCount: number;
  viewer?: ViewerState;
}

export type SortOrder = 'oldest' | 'newest' | 'top';

export const SORT_ORDERS: readonly SortOrder[] = ['oldest', 'newest', 'top'];

/** Reactions that exclude each other: setting one clears the others of the same group. */
export const EXCLUSIVE_REACTIONS: readonly (readonly string[])[] = [['like', 'dislike']];
