import { nothing, type TemplateResult } from 'lit';
import type { Comment } from '../../model/comment.js';
import { likeDislikeButtons } from '../reaction-counter/reaction-buttons.js';
import type { CommentView } from './comment-view.js';
import { EMPTY, piece, text, type Piece } from './template-tag.js';

/**
 * The line under the text: the like and dislike buttons, Reply, and for the viewer's own comment
 * Edit and Delete with the time left to use them, or Report on others' comments when the adapter
 * takes reports. None while the comment is being posted; hidden while it is edited. The buttons
 * carry `data-action`; their host handles the presses (see CommentHost).
 */
export function renderFooter(view: CommentView, comment: Comment): Piece {
  if (view.temporary) return EMPTY;
  const host = view.host;
  const state = { reactions: comment.reactions, viewer: comment.viewer?.reactions ?? [] };
  return piece`<div part="footer" class="footer"
    ><div part="reactions" class="reactions" role="group" aria-label="${text(host.term('reaction.group'))}"
      >${likeDislikeButtons(state, host.lang)}<span class="reaction-message" role="alert"></span><meta itemprop="upvoteCount" content=${comment.reactions.like ?? 0} /></div
    ><div part="actions" class="actions"
      ><button part="action reply-button" class="text-button action reply-button" type="button" data-action="reply" aria-expanded=${view.replying ? 'true' : 'false'}
        ><svg viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"><path d="M6.5 3.5 2.5 7.5l4 4"/><path d="M2.5 7.5h6.5a4.5 4.5 0 0 1 4.5 4.5v.5"/></svg
        ><span>${text(host.term('comment.reply'))}</span></button
      >${renderOwnerActions(view, comment)}</div
    >${view.showsCountdown ? view.host.html`<span part="edit-window" class="edit-window"></span>` : nothing}</div>`;
}

/**
 * Edit and Delete on the viewer's own comment (a template of its own: they go when the edit window
 * closes), or Report on others' (inlined: whether a comment has it does not change).
 */
function renderOwnerActions(view: CommentView, comment: Comment): Piece | TemplateResult | typeof nothing {
  const host = view.host;
  const adapter = host.store?.adapter;
  const viewer = comment.viewer;
  if (!adapter) return nothing;
  const left = view.timeLeft();
  const canEdit = Boolean(viewer?.canEdit && left > 0 && typeof adapter.edit === 'function');
  const canDelete = Boolean(viewer?.canDelete && left > 0 && typeof adapter.delete === 'function');
  if (canEdit || canDelete) {
    view.showsCountdown = left < Infinity;
    return host.html`${canEdit ? piece`<button part="action edit-button" class="text-button action edit-button" type="button" data-action="edit">${text(host.term('comment.edit'))}</button>` : nothing}${
      canDelete
        ? piece`<button part="action delete-button" class="text-button action delete-button" type="button" data-action="delete" aria-expanded=${view.confirm ? 'true' : 'false'}>${text(host.term('comment.delete'))}</button>`
        : nothing
    }`;
  }
  // an edit window is the author's: a comment that has one (even closed) is the viewer's own
  const canReport = !viewer?.canEdit && !viewer?.canDelete && !viewer?.editableUntil && typeof adapter.reportComment === 'function';
  if (!canReport) return viewer?.canEdit || viewer?.canDelete || viewer?.editableUntil ? nothing : EMPTY;
  return piece`<button
    part="action report-button"
    class="text-button action report-button"
    type="button"
    data-action="report"
    aria-expanded=${view.reported ? nothing : String(Boolean(view.report))}
    aria-disabled=${view.reported ? 'true' : nothing}
    .textContent=${host.term(view.reported ? 'report.done' : 'comment.report')}
  ></button>`;
}
