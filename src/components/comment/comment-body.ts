import { ifDefined } from 'lit/directives/if-defined.js';
import type { Comment } from '../../model/comment.js';
import { renderMarkdown } from '../../render/sanitize.js';
import type { RelativeTime } from '../../render/time.js';
import type { CommentView } from './comment-view.js';
import { piece, type Piece } from './template-tag.js';

/**
 * The comment's text: its markdown through the sanitizer (src/render/sanitize.ts, the one door
 * for untrusted markup), laid out in its own direction. While the editor is open it stands in the
 * text's place, and the text is hidden (see CommentView.rendered).
 */
export function renderBody(_view: CommentView, comment: Comment): Piece {
  return piece`<div part="body" class="body" dir="auto" itemprop="text">${renderMarkdown(comment.body)}</div>`;
}

/** What stays of a deleted comment: a placeholder, and its time for screen readers. */
export function renderDeleted(view: CommentView, time: RelativeTime): Piece {
  return piece`<p part="deleted" class="deleted-text">${view.host.term('comment.deleted')}
    <span class="visually-hidden"><time datetime=${ifDefined(time.datetime)}>${time.text}</time></span></p>`;
}
