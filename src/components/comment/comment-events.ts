import type { Comment } from '../../model/comment.js';

/** What a comment event is about. */
export interface CommentEventDetail {
  commentId: string;
}

/** Fired when the reader asks to reply, before the form opens; cancel it to keep the form closed. */
export class ConfabReplyEvent extends CustomEvent<CommentEventDetail> {
  constructor(commentId: string) {
    super('confab-reply', { detail: { commentId }, bubbles: true, composed: true, cancelable: true });
  }
}

/** Fired after the reader saved an edit of their comment. */
export class ConfabEditEvent extends CustomEvent<CommentEventDetail & { comment: Comment }> {
  constructor(comment: Comment) {
    super('confab-edit', { detail: { commentId: comment.id, comment }, bubbles: true, composed: true });
  }
}

/** Fired when the reader confirmed a deletion, before it is sent; cancel it to keep the comment. */
export class ConfabDeleteEvent extends CustomEvent<CommentEventDetail> {
  constructor(commentId: string) {
    super('confab-delete', { detail: { commentId }, bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'confab-reply': ConfabReplyEvent;
    'confab-edit': ConfabEditEvent;
    'confab-delete': ConfabDeleteEvent;
  }
}
