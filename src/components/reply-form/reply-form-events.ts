import type { Comment } from '../../model/comment.js';

/** What is about to be posted. */
export interface PostDetail {
  body: string;
  parentId: string | null;
}

/** Fired before a comment is sent; cancel it to stop the post (the text stays). */
export class ConfabPostEvent extends CustomEvent<PostDetail> {
  constructor(detail: PostDetail) {
    super('confab-post', { detail, bubbles: true, composed: true, cancelable: true });
  }
}

/** Fired after the adapter accepted a comment. */
export class ConfabPostedEvent extends CustomEvent<{ comment: Comment }> {
  constructor(comment: Comment) {
    super('confab-posted', { detail: { comment }, bubbles: true, composed: true });
  }
}

/** Fired when the reader dismisses an inline reply form (Escape or Cancel). */
export class ConfabCancelEvent extends Event {
  constructor() {
    super('confab-cancel', { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'confab-post': ConfabPostEvent;
    'confab-posted': ConfabPostedEvent;
    'confab-cancel': ConfabCancelEvent;
  }
}

/** The reader who is signed in on the host site; posts use it instead of asking for a name. */
export interface SignedInAuthor {
  name: string;
  email?: string;
  url?: string;
}
