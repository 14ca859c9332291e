import { nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import type { AdapterError, ReportCommentRequest } from '../../model/adapter.js';
import { errorMessage } from '../../render/i18n.js';
import { toAdapterError } from '../../store/thread-store.js';
import type { CommentView } from './comment-view.js';
import { anchorId } from './permalinks.js';

type ReportReason = ReportCommentRequest['reason'];
const REPORT_REASONS: readonly ReportReason[] = ['spam', 'abuse', 'off-topic', 'other'];

/**
 * The inline report form under someone else's comment, created when Report is pressed: a reason
 * (required), an optional note, Send and Cancel. A report goes straight to the adapter (it changes
 * nothing the store holds); a failure shows inline with Retry and keeps the choice; once sent the
 * form closes, the button says "Reported" and a polite status thanks the reader.
 */
export class ReportForm {
  private readonly _view: CommentView;
  private _reason: ReportReason | undefined;
  private _note = '';
  private _sending = false;
  /** why the last Send did not go through: no reason chosen, or the adapter's error */
  private _problem: 'reason' | AdapterError | null = null;
  /** sent: only the thanks stay */
  private _sent = false;

  constructor(view: CommentView) {
    this._view = view;
  }

  /** Closes the form and returns focus to the Report button. */
  close(): void {
    this._view.close('report', '.report-button');
  }

  render(): TemplateResult {
    const host = this._view.host;
    const html = host.html;
    return html`<div part="report" class="report" @keydown=${this._onKeydown}>
      ${this._sent ? nothing : this._renderForm()}
      <p part="report-status" class="report-status" role="status">
        ${this._sent ? host.term('comment.reported') : this._sending ? host.term('report.sending') : nothing}
      </p>
    </div>`;
  }

  private _renderForm(): TemplateResult {
    const view = this._view;
    const host = view.host;
    const html = host.html;
    const problem = this._problem;
    const errorId = `${anchorId(view.id)}-report-error`;
    return html`<form @submit=${this._onSubmit}>
        <fieldset aria-describedby=${ifDefined(problem ? errorId : undefined)}>
          <legend>${host.term('report.title')}</legend>
          ${REPORT_REASONS.map(
            (reason) => html`<label>
              <input type="radio" name="reason" value=${reason} .checked=${live(this._reason === reason)} @change=${this._onReason} />${host.term(`report.${reason}`)}
            </label>`,
          )}
        </fieldset>
        <label class="note">
          ${host.term('report.note')}
          <textarea class="field" maxlength="500" .value=${live(this._note)} @input=${this._onNote}></textarea>
        </label>
        ${problem
          ? html`<p id=${errorId} class="error" part="error" role="alert">
              ${problem === 'reason' ? host.term('report.reason') : errorMessage(problem, host.lang)}
              ${problem === 'reason' ? nothing : html`<button class="text-button" type="button" @click=${this._onRetry}>${host.term('action.retry')}</button>`}
            </p>`
          : nothing}
        <div class="buttons">
          <button class="button primary" type="submit" aria-disabled=${this._sending ? 'true' : 'false'}>
            ${this._sending ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}${host.term('report.send')}
          </button>
          <button class="button" type="button" @click=${this._onCancel}>${host.term('form.cancel')}</button>
        </div>
      </form>`;
  }

  private readonly _onKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.close();
    }
  };

  private readonly _onCancel = (): void => this.close();

  private readonly _onReason = (event: Event): void => {
    this._reason = (event.target as HTMLInputElement).value as ReportReason;
    if (this._problem === 'reason') {
      this._problem = null;
      this._view.refresh();
    }
  };

  private readonly _onNote = (event: Event): void => {
    this._note = (event.target as HTMLTextAreaElement).value;
  };

  private readonly _onRetry = (): void => {
    // the Retry button goes away while sending: keep focus in the form
    this._view.focusInside('.report [type="submit"]');
    void this._send();
  };

  private readonly _onSubmit = (event: Event): void => {
    event.preventDefault();
    void this._send();
  };

  private async _send(): Promise<void> {
    const view = this._view;
    const store = view.host.store;
    const reason = this._reason;
    if (!store?.adapter.reportComment || this._sending || view.reported) return;
    if (!reason) {
      this._problem = 'reason';
      view.refresh();
      view.focusInside('.report input');
      return;
    }
    this._sending = true;
    this._problem = null;
    view.refresh();
    try {
      // straight to the adapter: a report changes nothing the store holds
      await store.adapter.reportComment({ threadId: store.threadId, commentId: view.id, reason, note: this._note.trim() || undefined });
      view.reported = true;
      this._sent = true;
      this._sending = false;
      view.refresh();
      view.focusInside('.report-button');
    } catch (error) {
      this._problem = toAdapterError(error);
      this._sending = false;
      view.refresh();
    } finally {
      this._sending = false;
    }
  }
}
