import type { Comment, SortOrder } from './comment.js';

/**
 * The one interface between confab and a backend. Adapters do I/O only: they never touch the DOM,
 * and the store treats everything they return as untrusted.
 *
 * Required: `list`, `post`, `getReactions`, `react`, `count`. Optional capabilities (`edit`,
 * `delete`, `subscribe`, `reportComment`, `reportTypo`, `locate`): the UI hides what an adapter lacks.
 */
export interface CommentAdapter {
  /** Top-level comments of a thread (`parentId` null/absent), or the direct replies of one comment. */
  list(request: ListRequest): Promise<ListPage>;
  /** Post a comment or reply. Posting twice with one `idempotencyKey` yields the same comment once. */
  post(request: PostRequest): Promise<Comment>;
  /** Change a comment's body. Fails with code `conflict` when `expectedEditedAt` is stale. */
  edit?(request: EditRequest): Promise<Comment>;
  /**
   * Delete a comment. Resolves with the placeholder (status `deleted`, empty body) when the comment
   * has replies and so keeps its place, or null when it is gone entirely.
   */
  delete?(request: DeleteRequest): Promise<Comment | null>;
  /** Reaction counts and the viewer's reactions of the thread itself (`commentId` null) or a comment. */
  getReactions(request: ReactionTarget & { signal?: AbortSignal }): Promise<ReactionState>;
  /** Set (`active` true) or clear one reaction of the viewer. Idempotent. */
  react(request: ReactRequest): Promise<ReactionState>;
  /** Number of visible comments (all levels) of each thread, in one call. */
  count(threadIds: string[], options?: { signal?: AbortSignal }): Promise<Record<string, number>>;
  /** Live events of one thread. Returns the function that unsubscribes. */
  subscribe?(threadId: string, listener: (event: AdapterEvent) => void): () => void;
  reportComment?(request: ReportCommentRequest): Promise<void>;
  reportTypo?(request: TypoReportRequest): Promise<TypoReportResult>;
  /**
   * The comment and its ancestors, top-level comment first: what a permalink needs to find a
   * comment deep in pagination or nesting. Fails with `not_found` when any of them is not
   * visible to the viewer. Without it, a permalink pages through top-level comments (bounded).
   */
  locate?(request: LocateRequest): Promise<Comment[]>;
  /** What the backend offers a reader: reply notifications by mail, a challenge before posting. */
  settings?(options?: { signal?: AbortSignal }): Promise<BackendSettings>;
  /** A proof-of-work challenge (ALTCHA) to solve before a post, when `settings()` says `challenge: 'pow'`. */
  challenge?(options?: { signal?: AbortSignal }): Promise<PowChallenge>;
}

export interface BackendSettings {
  /** the backend sends mail: the form offers "E-mail me when someone replies" */
  mail?: boolean;
  /** guest posts must carry a solved `challenge()` */
  challenge?: 'pow' | null;
}

/** An ALTCHA challenge: find the number n (0…maxnumber) whose SHA-256 of `salt + n` is `challenge`. */
export interface PowChallenge {
  algorithm: string;
  challenge: string;
  salt: string;
  signature: string;
  maxnumber?: number;
}

export interface LocateRequest {
  threadId: string;
  commentId: string;
  signal?: AbortSignal;
}

export interface ListRequest {
  threadId: string;
  /** null or absent: top-level comments; an id: the direct replies of that comment */
  parentId?: string | null;
  /** Applies to top-level comments; replies are always oldest first. Default `oldest`. */
  sort?: SortOrder;
  /** the `nextCursor` of the previous page; absent for the first page */
  cursor?: string | null;
  /** page size; adapters cap it (default 20) */
  limit?: number;
  /**
   * Also return up to this many replies per listed comment, recursively (breadth of each level),
   * in `ListPage.replies`. Default 0. Lets a thread paint its first screen with one call.
   */
  replies?: number;
  signal?: AbortSignal;
}

export interface ListPage {
  /** The page, in the requested order. */
  comments: Comment[];
  /** Replies embedded because of `ListRequest.replies`, in any order. */
  replies?: Comment[];
  /** Opaque; null when this was the last page. */
  nextCursor: string | null;
  /** How many comments there are at this level (top-level comments, or direct replies). */
  total: number;
  /** Visible comments of the whole thread, all levels (the header count). */
  threadTotal: number;
  /** true when the thread takes no new comments (closed by its moderators); reading and reacting still work */
  closed?: boolean;
}

export interface PostRequest {
  threadId: string;
  parentId: string | null;
  body: string;
  author: { name: string; email?: string; url?: string };
  /** Client-generated; a retried post with the same key never creates a second comment. */
  idempotencyKey: string;
  /** The hidden field a human leaves empty. */
  honeypot?: string;
  /** E-mail `author.email` when someone replies (backends whose `settings()` say `mail`). */
  notify?: boolean;
  /** The solved challenge, when the backend asks for one. */
  challenge?: string;
  signal?: AbortSignal;
}

export interface EditRequest {
  threadId: string;
  commentId: string;
  body: string;
  /** The `editedAt` (or `createdAt` when never edited) the editor started from. */
  expectedEditedAt?: string | null;
  signal?: AbortSignal;
}

export interface DeleteRequest {
  threadId: string;
  commentId: string;
  signal?: AbortSignal;
}

export interface ReactionTarget {
  threadId: string;
  /** null: the thread (article) itself */
  commentId: string | null;
}

export interface ReactRequest extends ReactionTarget {
  reaction: string;
  active: boolean;
  signal?: AbortSignal;
}

export interface ReactionState {
  reactions: Record<string, number>;
  /** the viewer's own reactions on this target */
  viewer: string[];
}

export interface ReportCommentRequest {
  threadId: string;
  commentId: string;
  reason: 'spam' | 'abuse' | 'off-topic' | 'other';
  note?: string;
  signal?: AbortSignal;
}

/** A W3C text-quote selector: the exact text plus a little context either side. */
export interface TextQuote {
  exact: string;
  prefix: string;
  suffix: string;
}

export interface TypoReportRequest {
  url: string;
  threadId?: string;
  quote: TextQuote;
  suggestion?: string;
  comment?: string;
  signal?: AbortSignal;
}

export interface TypoReportResult {
  id: string;
  /** how many identical reports there are now, this one included */
  count: number;
}

export type AdapterEvent =
  | { type: 'created'; comment: Comment }
  | { type: 'edited'; comment: Comment }
  | { type: 'deleted'; threadId: string; commentId: string; placeholder: Comment | null }
  | {
      type: 'reactions';
      threadId: string;
      commentId: string | null;
      reactions: Record<string, number>;
    }
  /**
   * Events were missed and cannot be replayed (the connection was away too long): what a
   * listener shows of the thread may be stale, so it reloads.
   */
  | { type: 'reset'; threadId: string };

export type AdapterErrorCode =
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'rate_limited'
  | 'unsupported'
  | 'server';

/** The one error type adapters throw; components show `message` and may offer a retry. */
export class AdapterError extends Error {
  readonly code: AdapterErrorCode;
  /** the request field at fault, for `validation` */
  readonly field?: string;
  /** seconds to wait, for `rate_limited` */
  readonly retryAfter?: number;
  /** the current version, for `conflict` on edit */
  readonly current?: Comment;
  /** whether repeating the same request may succeed */
  readonly retryable: boolean;

  constructor(
    code: AdapterErrorCode,
    message: string,
    details: { field?: string; retryAfter?: number; current?: Comment; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'AdapterError';
    this.code = code;
    this.field = details.field;
    this.retryAfter = details.retryAfter;
    this.current = details.current;
    this.retryable = ['network', 'timeout', 'rate_limited', 'server'].includes(code);
  }
}
