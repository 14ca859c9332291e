import { nothing, type TemplateResult } from 'lit';
import type { Comment } from '../../model/comment.js';
import { likeDislikeButtons } from '../reaction-counter/reaction-buttons.js';
import type { CommentView } from './comment-view.js';

/**
 * The line under the text: the like and dislike buttons, Reply, and for the viewer's own comment
 * Edit and Delete with the time left to use them, or Report on others' comments when the adapter
 * takes reports. Nothing while the comment is being posted or edited. The buttons carry
 * `data-action`; their host handles the presses (see CommentHost).
 */
export function renderFooter(view: CommentView, comment: Comment): TemplateResult | typeof nothing {
  if (view.temporary || view.editor) return nothing;
  const host = view.host;
  const html = host.html;
  const state = { reactions: comment.reactions, viewer: comment.viewer?.reactions ?? [] };
  return html`<div part="footer" class="footer"
    ><div part="reactions" class="reactions" role="group" aria-label=${host.term('reaction.group')}
      >${likeDislikeButtons(html, state, host.lang)}<span class="reaction-message" role="alert" .textContent=${view.reactionMessage}></span></div
    ><div part="actions" class="actions"
      ><button part="action reply-button" class="action reply-button" type="button" data-action="reply" aria-expanded=${view.replying ? 'true' : 'false'}
        ><svg viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"><path d="M6.5 3.5 2.5 7.5l4 4"/><path d="M2.5 7.5h6.5a4.5 4.5 0 0 1 4.5 4.5v.5"/></svg
        ><span .textContent=${host.term('comment.reply')}></span></button
      >${renderOwnerActions(view, comment)}</div
    >${view.showsCountdown ? html`<span part="edit-window" class="edit-window"></span>` : nothing}</div>`;
}

/** Edit and Delete (with the countdown), or Report: only some comments have any. */
function renderOwnerActions(view: CommentView, comment: Comment): TemplateResult | typeof nothing {
  const host = view.host;
  const adapter = host.store?.adapter;
  const viewer = comment.viewer;
  if (!adapter || !viewer) return nothing;
  const left = view.timeLeft();
  const canEdit = Boolean(viewer.canEdit && left > 0 && typeof adapter.edit === 'function');
  const canDelete = Boolean(viewer.canDelete && left > 0 && typeof adapter.delete === 'function');
  // an edit window is the author's: a comment that has one (even closed) is the viewer's own
  const canReport = !viewer.canEdit && !viewer.canDelete && !viewer.editableUntil && typeof adapter.reportComment === 'function';
  if (!canEdit && !canDelete && !canReport) return nothing;
  const html = host.html;
  view.showsCountdown = (canEdit || canDelete) && left < Infinity;
  return html`${canEdit ? html`<button part="action edit-button" class="action edit-button" type="button" data-action="edit">${host.term('comment.edit')}</button>` : nothing}${
    canDelete
      ? html`<button part="action delete-button" class="action delete-button" type="button" data-action="delete" aria-expanded=${view.confirm ? 'true' : 'false'}>${host.term('comment.delete')}</button>`
      : nothing
  }${
    canReport
      ? html`<button
          part="action report-button"
          class="action report-button"
          type="button"
          data-action="report"
          aria-expanded=${view.reported ? nothing : String(Boolean(view.report))}
          aria-disabled=${view.reported ? 'true' : nothing}
        >${host.term(view.reported ? 'report.done' : 'comment.report')}</button>`
      : nothing
  }`;
}
