import { nothing, type TemplateResult } from 'lit';
import type { AdapterError } from '../../model/adapter.js';
import { errorMessage } from '../../render/i18n.js';
import { toAdapterError } from '../../store/thread-store.js';
import { ConfabDeleteEvent } from './comment-events.js';
import type { CommentView } from './comment-view.js';
import { anchorId } from './permalinks.js';

/**
 * "Delete this comment?" under the viewer's comment, created when Delete is pressed. Confirming
 * fires the cancelable `confab-delete`, then deletes; focus goes to the comment when a placeholder
 * stays (it has replies), else to a neighbour. Escape or Cancel keeps the comment.
 */
export class DeleteConfirmation {
  private readonly _view: CommentView;
  private _deleting = false;
  private _error: AdapterError | null = null;

  constructor(view: CommentView) {
    this._view = view;
  }

  render(): TemplateResult {
    const host = this._view.host;
    const html = host.html;
    const textId = `${anchorId(this._view.id)}-confirm`;
    return html`<div part="confirm" class="confirm" role="group" aria-labelledby=${textId} @keydown=${this._onKeydown}>
      <p id=${textId}>${host.term('comment.deleteConfirm')}</p>
      <div class="buttons">
        <button class="button danger" type="button" aria-disabled=${this._deleting ? 'true' : 'false'} @click=${this._confirm}>
          ${this._deleting ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}${host.term('comment.delete')}
        </button>
        <button class="button cancel" type="button" @click=${this._cancel}>${host.term('form.cancel')}</button>
      </div>
      ${this._error ? html`<p class="error" part="error" role="alert">${errorMessage(this._error, host.lang)}</p>` : nothing}
    </div>`;
  }

  private readonly _onKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      this._cancel();
    }
  };

  private readonly _cancel = (): void => this._view.close('confirm', '.delete-button');

  private readonly _confirm = async (): Promise<void> => {
    const view = this._view;
    const store = view.host.store;
    if (!store || this._deleting) return;
    if (!view.article?.dispatchEvent(new ConfabDeleteEvent(view.id))) {
      this._cancel();
      return;
    }
    // Decided before the comment may vanish: where focus goes if it does.
    const fallback = view.focusAfterRemoval();
    this._deleting = true;
    this._error = null;
    view.refresh();
    try {
      await store.remove(view.id);
      if (view.confirm === this) view.confirm = undefined;
      view.refresh();
      if (view.article && store.comment(view.id)) view.focus();
      else fallback?.();
    } catch (error) {
      this._deleting = false;
      this._error = toAdapterError(error);
      view.refresh();
    }
  };
}
