import { nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { AdapterError } from '../../model/adapter.js';
import type { Comment } from '../../model/comment.js';
import { errorMessage } from '../../render/i18n.js';
import type { CommentView } from './comment-view.js';
import { piece } from './template-tag.js';

/**
 * Levels a "Continue this thread" expansion may still descend. The store already refuses parent
 * cycles; this bounds the recursion even if a broken adapter slips one through.
 */
const CONTINUE_LIMIT = 64;

/**
 * The replies under a comment: nested up to the host's `max-depth` below the top-level comment,
 * then "Continue this thread", which lists every deeper reply flat under it (each saying whom it
 * answers). Replies beyond those loaded sit behind "Show N more replies".
 */
export function renderReplies(view: CommentView, comment: Comment): TemplateResult | typeof nothing {
  const host = view.host;
  const store = host.store;
  if (!store) return nothing;
  const replies = store.replies(comment.id);
  const hidden = store.hiddenReplyCount(comment.id);
  if ((replies.ids.length === 0 && hidden === 0 && !replies.error) || view.depth >= host.maxDepth + CONTINUE_LIMIT) return nothing;
  const html = host.html;
  if (!(view.depth < host.maxDepth || view.flat || view.expanded)) {
    return html`<div class="more thread-more"><button part="continue" class="text-button" type="button" data-action="continue" aria-expanded="false">${host.term(
      'thread.continue',
    )}</button></div>`;
  }
  const flat = view.flat || view.depth >= host.maxDepth;
  const path = view.path;
  const ids = replies.ids.filter((id) => !path.includes(id));
  return html`<div part="replies" class=${view.flat ? 'replies flat' : 'replies'}
    >${ids.length > 0
      ? piece`<div role="list">${repeat(
          ids,
          (id) => id,
          (id) => html`<div role="listitem">${host.comment(id, view.depth + 1, flat, path)}</div>`,
        )}</div>`
      : nothing}${hidden > 0 || replies.error ? renderMoreReplies(view, hidden, replies.loading, replies.error) : nothing}</div>`;
}

function renderMoreReplies(view: CommentView, hidden: number, loading: boolean, error: AdapterError | null): TemplateResult {
  const host = view.host;
  const html = host.html;
  if (error) {
    return html`<div class="more"><p class="error" part="error" role="alert">${errorMessage(error, host.lang)}
      <button class="text-button" type="button" data-action="more-replies">${host.term('action.retry')}</button></p></div>`;
  }
  return html`<div class="more"><button part="more-replies" class="text-button" type="button" data-action="more-replies" aria-disabled=${loading ? 'true' : 'false'}
    >${loading ? html`<span class="spinner" aria-hidden="true"></span>${host.term('thread.loadingMore')}` : host.t('thread.showReplies', { count: hidden })}</button></div>`;
}
