import { adoptStyles, html, nothing, type CSSResultOrNative, type LitElement, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { MAX_TYPO_COMMENT_LENGTH, MAX_TYPO_SUGGESTION_LENGTH } from '../../model/rules.js';
import type { AdapterError, CommentAdapter, TextQuote, TypoReportResult } from '../../model/adapter.js';
import { errorMessage } from '../../render/i18n.js';
import { toAdapterError } from '../../store/thread-store.js';
import { controls } from '../../styles/controls.js';
import type { LocalizeController } from '../shared/localize-controller.js';
import { MAX_SELECTION_LENGTH, checkSelection, type SelectionProblem } from './selection.js';
import { sentenceContext, textQuote, type SentenceContext } from './text-quote.js';
import { ConfabTypoReportEvent, ConfabTypoReportedEvent, type TypoReportDetail } from './typo-events.js';
import { dialogStyles } from './typo-dialog.styles.js';

type View = 'closed' | 'problem' | 'form' | 'sent';

/** What the dialog needs from its `<typo-report>`. */
export interface TypoDialogHost {
  readonly element: LitElement;
  readonly localize: LocalizeController;
  threadId(): string;
  /** the element whose text can be reported */
  scope(): Element | null;
  /** the adapter, when it can take typo reports */
  reportingAdapter(): CommentAdapter | undefined;
}

/**
 * The dialog of `<typo-report>`: the selection shown in its sentence, an optional correction and
 * comment, Send. It is the larger part of the feature and few readers ever open it, so it loads
 * on first use (the script-tag bundle keeps it in a chunk of its own); its styles join the
 * element's then. Escape or Cancel closes it and gives back the selection and the focus the
 * reader had.
 */
export class TypoDialog {
  private readonly _host: TypoDialogHost;
  private _view: View = 'closed';
  private _problem: SelectionProblem = 'empty';
  private _sentence: SentenceContext | null = null;
  private _suggestion = '';
  private _comment = '';
  private _sending = false;
  private _failure: AdapterError | null = null;
  private _result: TypoReportResult | null = null;
  private _quote: TextQuote | null = null;
  /** the selection when the dialog opened, given back when it closes */
  private _openedRange: Range | null = null;
  /** where focus was when the dialog opened */
  private _returnFocus: HTMLElement | null = null;
  private _sendController: AbortController | undefined;

  constructor(host: TypoDialogHost) {
    this._host = host;
    const element = host.element;
    const styles = (element.constructor as typeof LitElement).elementStyles;
    adoptStyles(element.renderRoot as ShadowRoot, [...styles, controls, dialogStyles] as CSSResultOrNative[]);
  }

  /** Whether it shows: read from the dialog, which closes a task before its close event. */
  get open(): boolean {
    return this._dialog()?.open ?? false;
  }

  /** Opens on `range` (or explains what is wrong with it); resolves once the dialog shows. */
  async show(range: Range | null, returnFocus: HTMLElement | null): Promise<void> {
    const scope = this._host.scope();
    const problem = scope ? checkSelection(range, scope) : 'outside';
    this._returnFocus = returnFocus;
    this._openedRange = range && !range.collapsed ? range.cloneRange() : null;
    this._failure = null;
    this._result = null;
    if (problem || !range || !scope) {
      this._problem = problem ?? 'empty';
      this._view = 'problem';
    } else {
      const quote = textQuote(range, scope);
      // Reopening on the same text keeps what the reader typed; new text starts afresh.
      if (!this._quote || !sameQuote(this._quote, quote)) {
        this._suggestion = '';
        this._comment = '';
      }
      this._quote = quote;
      this._sentence = sentenceContext(range, scope, this._host.localize.lang);
      this._view = 'form';
    }
    this._update();
    await this._host.element.updateComplete;
    const dialog = this._dialog();
    if (dialog && !dialog.open) dialog.showModal();
  }

  /** Closes it (a removed element too: it leaves the top layer without a close event). */
  close(): void {
    const dialog = this._dialog();
    if (dialog?.open) dialog.close();
    this._finishClose();
  }

  render(): TemplateResult {
    const l10n = this._host.localize;
    return html`<dialog
      part="dialog"
      aria-labelledby="title"
      aria-describedby=${this._view === 'problem' ? 'message' : nothing}
      @cancel=${this._onCancel}
      @close=${this._onClose}
    >
      <h2 id="title" part="title">${l10n.term('typo.title')}</h2>
      ${this._renderBody()}
    </dialog>`;
  }

  private _renderBody(): TemplateResult | typeof nothing {
    const view = this._view;
    const l10n = this._host.localize;
    if (view === 'form') return this._renderForm();
    if (view === 'closed') return nothing;
    const count = this._result?.count ?? 1;
    // a problem, or the thanks: a message and Close
    return html`
      ${view === 'problem'
        ? html`<p id="message" part="message">${this._problemText()}</p>`
        : html`<p part="message" role="status">
            ${l10n.term('typo.sent')} ${count > 1 ? html`<span part="count">${l10n.t('typo.count', { count })}</span>` : nothing}
          </p>`}
      <div part="actions">
        <button type="button" part="close" class="button large" autofocus @click=${this._onCloseClick}>${l10n.term('typo.close')}</button>
      </div>
    `;
  }

  private _renderForm(): TemplateResult {
    const l10n = this._host.localize;
    const sentence = this._sentence;
    return html`
      <form novalidate @submit=${this._onSubmit} @keydown=${this._onFormKeyDown}>
        <figure part="quote" aria-labelledby="quote-label">
          <figcaption id="quote-label" part="quote-label">${l10n.term('typo.selected')}</figcaption>
          <blockquote dir="auto">${sentence?.before}<mark part="mark">${sentence?.exact}</mark>${sentence?.after}</blockquote>
        </figure>
        <label part="label" for="suggestion">${l10n.term('typo.suggestion')}</label>
        <input
          id="suggestion"
          part="input"
          class="field"
          type="text"
          dir="auto"
          autocomplete="off"
          autofocus
          maxlength=${MAX_TYPO_SUGGESTION_LENGTH}
          .value=${live(this._suggestion)}
          @input=${this._onSuggestionInput}
        />
        <label part="label" for="comment">${l10n.term('typo.comment')}</label>
        <textarea
          id="comment"
          part="textarea"
          class="field"
          dir="auto"
          rows="3"
          maxlength=${MAX_TYPO_COMMENT_LENGTH}
          .value=${live(this._comment)}
          @input=${this._onCommentInput}
        ></textarea>
        <p part="status" role="status">${this._sending ? l10n.term('typo.sending') : ''}</p>
        ${this._failure ? html`<p part="error" role="alert">${l10n.t('typo.error', { message: errorMessage(this._failure, l10n.lang) })}</p>` : nothing}
        <div part="actions">
          <button type="button" part="cancel" class="button large" @click=${this._onCloseClick}>${l10n.term('typo.cancel')}</button>
          <button type="submit" part="send" class="button large primary" aria-disabled=${this._sending ? 'true' : 'false'}>
            ${this._failure ? l10n.term('action.retry') : l10n.term('typo.send')}
          </button>
        </div>
      </form>
    `;
  }

  private _problemText(): string {
    const l10n = this._host.localize;
    switch (this._problem) {
      case 'outside':
        return l10n.term('typo.outside');
      case 'too-long':
        return l10n.t('typo.tooLong', { max: MAX_SELECTION_LENGTH });
      default:
        return l10n.term('typo.empty');
    }
  }

  private _dialog(): HTMLDialogElement | null {
    return this._host.element.renderRoot.querySelector('dialog');
  }

  private _update(): void {
    this._host.element.requestUpdate();
  }

  /** Gives back the selection and the focus the reader had before the dialog. Runs once per opening. */
  private _finishClose(): void {
    if (this._view === 'closed') return;
    this._sendController?.abort();
    this._sendController = undefined;
    this._sending = false;
    this._view = 'closed';
    this._update();
    const range = this._openedRange;
    const focus = this._returnFocus;
    this._openedRange = null;
    this._returnFocus = null;
    if (range) {
      const selection = document.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
    }
    if (focus?.isConnected && focus !== document.body) focus.focus({ preventScroll: true });
  }

  private async _send(): Promise<void> {
    const quote = this._quote;
    if (this._sending || this._view !== 'form' || !quote) return;
    const adapter = this._host.reportingAdapter();
    if (!adapter?.reportTypo) return;
    const report: TypoReportDetail = { url: pageUrl(), quote: { ...quote } };
    const threadId = this._host.threadId();
    if (threadId) report.threadId = threadId;
    const suggestion = this._suggestion.trim();
    const comment = this._comment.trim();
    if (suggestion) report.suggestion = suggestion;
    if (comment) report.comment = comment;
    const element = this._host.element;
    if (!element.dispatchEvent(new ConfabTypoReportEvent(report))) {
      this.close();
      return;
    }
    const controller = (this._sendController = new AbortController());
    this._sending = true;
    this._failure = null;
    this._update();
    try {
      const raw = await adapter.reportTypo({ ...report, signal: controller.signal });
      if (controller.signal.aborted) return;
      const result = normalizeResult(raw);
      this._result = result;
      this._view = 'sent';
      this._quote = null;
      element.dispatchEvent(new ConfabTypoReportedEvent(report, result));
      this._update();
      await element.updateComplete;
      element.renderRoot.querySelector<HTMLButtonElement>('[part="close"]')?.focus();
    } catch (error) {
      if (!controller.signal.aborted) this._failure = toAdapterError(error);
    } finally {
      if (this._sendController === controller) {
        this._sendController = undefined;
        this._sending = false;
      }
      this._update();
    }
  }

  private readonly _onSuggestionInput = (event: Event): void => {
    this._suggestion = (event.target as HTMLInputElement).value;
  };

  private readonly _onCommentInput = (event: Event): void => {
    this._comment = (event.target as HTMLTextAreaElement).value;
  };

  private readonly _onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    void this._send();
  };

  private readonly _onFormKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this._send();
    }
  };

  private readonly _onCloseClick = (): void => this.close();

  /** Escape. Handled here rather than in the close event, which Chrome holds until the next frame. */
  private readonly _onCancel = (event: Event): void => {
    event.preventDefault();
    this.close();
  };

  /** The dialog closed some other way (e.g. `dialog.close()` from the page). */
  private readonly _onClose = (): void => {
    // The close event comes late; the reader may have opened the dialog again meanwhile.
    if (!this.open) this._finishClose();
  };
}

/** The page's address without its fragment: the same article whatever anchor the reader followed. */
function pageUrl(): string {
  const url = location.href;
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

function normalizeResult(raw: unknown): TypoReportResult {
  const input = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const count = typeof input.count === 'number' && Number.isFinite(input.count) && input.count >= 1 ? Math.floor(input.count) : 1;
  return { id: typeof input.id === 'string' ? input.id : '', count };
}

function sameQuote(a: TextQuote, b: TextQuote): boolean {
  return a.exact === b.exact && a.prefix === b.prefix && a.suffix === b.suffix;
}
