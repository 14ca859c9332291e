import { nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { AdapterError } from '../../model/adapter.js';
import type { Comment } from '../../model/comment.js';
import { errorMessage } from '../../render/i18n.js';
import { renderMarkdown } from '../../render/sanitize.js';
import { toAdapterError } from '../../store/thread-store.js';
import { ConfabEditEvent } from './comment-events.js';
import type { CommentView } from './comment-view.js';
import { anchorId } from './permalinks.js';

/**
 * The inline editor of the viewer's own comment, created when Edit is pressed and dropped when it
 * closes. Ctrl+Enter saves, Escape cancels; an empty text is refused with a message; when someone
 * changed the comment meanwhile, it shows their version and keeps the reader's text, and the next
 * Save goes against the version shown. When the edit window closes while it is open, the text
 * stays to be copied and Save goes away.
 */
export class CommentEditor {
  private readonly _view: CommentView;
  private _body: string;
  private _saving = false;
  private _error: AdapterError | null = null;
  private _conflict: Comment | null = null;

  constructor(view: CommentView, body: string) {
    this._view = view;
    this._body = body;
  }

  /** Puts the caret at the end of the text. */
  focus(): void {
    const textarea = this._textarea();
    textarea?.focus();
    textarea?.setSelectionRange(textarea.value.length, textarea.value.length);
  }

  render(): TemplateResult {
    const view = this._view;
    const host = view.host;
    const html = host.html;
    const conflict = this._conflict;
    const left = view.timeLeft();
    const errorId = `${anchorId(view.id)}-edit-error`;
    view.showsCountdown = left > 0 && left < Infinity;
    return html`<div part="editor" class="editor" @keydown=${this._onKeydown}>
      ${conflict
        ? html`<div class="conflict">
            <p class="error" part="error" role="alert">${host.term('comment.conflict')}</p>
            <div class="current body" dir="auto">${renderMarkdown(conflict.body)}</div>
          </div>`
        : nothing}
      <textarea
        class="field"
        aria-label=${host.term('comment.editLabel')}
        aria-describedby=${ifDefined(this._error && !conflict ? errorId : undefined)}
        .value=${live(this._body)}
        ?disabled=${this._saving}
        @input=${this._onInput}
      ></textarea>
      ${this._error && !conflict ? html`<p id=${errorId} class="error" part="error" role="alert">${errorMessage(this._error, host.lang)}</p>` : nothing}
      ${left > 0 ? nothing : html`<p class="error" part="error" role="alert">${host.term('comment.editClosed')}</p>`}
      <div class="buttons">
        ${view.showsCountdown ? html`<span part="edit-window" class="edit-window"></span>` : nothing}
        <button class="button" type="button" ?disabled=${this._saving} @click=${this._cancel}>${host.term('form.cancel')}</button>
        ${left > 0
          ? html`<button class="button primary" type="button" aria-disabled=${this._saving ? 'true' : 'false'} @click=${this._save}>
              ${this._saving ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}${host.term('comment.save')}
            </button>`
          : nothing}
      </div>
    </div>`;
  }

  private _textarea(): HTMLTextAreaElement | null | undefined {
    return this._view.article?.querySelector<HTMLTextAreaElement>('.editor textarea');
  }

  private readonly _onInput = (event: Event): void => {
    this._body = (event.target as HTMLTextAreaElement).value;
  };

  private readonly _onKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this._cancel();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this._save();
    }
  };

  // once the edit window has closed there is no Edit button to return to: then the comment
  private readonly _cancel = (): void => this._view.close('editor', '.edit-button');

  private readonly _save = async (): Promise<void> => {
    const view = this._view;
    const store = view.host.store;
    if (!store || this._saving || !(view.timeLeft() > 0)) return;
    const body = this._body;
    if (!body.trim()) {
      // the reader sees the sentence of the code and field, never the message
      this._error = new AdapterError('validation', 'empty', { field: 'body' });
      view.refresh();
      return;
    }
    this._saving = true;
    this._error = null;
    view.refresh();
    try {
      const saved = await store.edit(view.id, body);
      const article = view.article;
      if (view.editor === this) view.editor = undefined;
      view.refresh();
      article?.dispatchEvent(new ConfabEditEvent(saved));
      view.focusInside('.edit-button');
    } catch (error) {
      this._saving = false;
      const failure = toAdapterError(error);
      if (failure.code === 'conflict' && failure.current) {
        // Someone changed it meanwhile: show their version, keep the reader's text, and let the
        // next Save go against the version now shown.
        store.applyEvent({ type: 'edited', comment: failure.current });
        this._conflict = failure.current;
      }
      this._error = failure;
      view.refresh();
      this._textarea()?.focus();
    }
  };
}
