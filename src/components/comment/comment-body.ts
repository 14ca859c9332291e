import type { TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Comment } from '../../model/comment.js';
import { renderMarkdown } from '../../render/sanitize.js';
import type { RelativeTime } from '../../render/time.js';
import type { CommentView } from './comment-view.js';

/**
 * The comment's text: its markdown through the sanitizer (src/render/sanitize.ts, the one door
 * for untrusted markup), laid out in its own direction; the editor instead while it is open.
 */
export function renderBody(view: CommentView, comment: Comment): TemplateResult {
  if (view.editor) return view.editor.render();
  return view.host.html`<div part="body" class="body" dir="auto">${renderMarkdown(comment.body)}</div>`;
}

/** What stays of a deleted comment: a placeholder, and its time for screen readers. */
export function renderDeleted(view: CommentView, time: RelativeTime): TemplateResult {
  const host = view.host;
  return host.html`<p part="deleted" class="deleted-text">${host.term('comment.deleted')}
    <span class="visually-hidden"><time datetime=${ifDefined(time.datetime)}>${time.text}</time></span></p>`;
}
