import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { resolveAdapter } from '../../config.js';
import { MAX_TYPO_COMMENT_LENGTH, MAX_TYPO_SUGGESTION_LENGTH } from '../../model/rules.js';
import {
  AdapterError,
  type CommentAdapter,
  type TextQuote,
  type TypoReportRequest,
  type TypoReportResult,
} from '../../model/adapter.js';
import { errorMessage, resolveLang, t } from '../../render/i18n.js';
import { toAdapterError } from '../../store/thread-store.js';
import { reset, tokens, visuallyHidden } from '../../styles/tokens.js';
import {
  MAX_SELECTION_LENGTH,
  checkSelection,
  selectionRange,
  sentenceContext,
  textQuote,
  type SelectionProblem,
  type SentenceContext,
} from './text-quote.js';
import { observePageDefaults } from '../shared/page-defaults-controller.js';
import { styleProperties } from '../shared/style-properties.js';
import { styles } from './typo-report.styles.js';

/** What a typo report sends: the `TypoReportRequest` without its abort signal. */
export type TypoReportDetail = Omit<TypoReportRequest, 'signal'>;

/** Fired before a typo report is sent; cancel it to send nothing (the dialog closes). */
export class ConfabTypoReportEvent extends CustomEvent<TypoReportDetail> {
  constructor(report: TypoReportDetail) {
    super('confab-typo-report', { detail: report, bubbles: true, composed: true, cancelable: true });
  }
}

/** Fired after the adapter accepted a typo report. `count` includes identical earlier reports. */
export class ConfabTypoReportedEvent extends CustomEvent<{ report: TypoReportDetail; result: TypoReportResult }> {
  constructor(report: TypoReportDetail, result: TypoReportResult) {
    super('confab-typo-reported', { detail: { report, result }, bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'confab-typo-report': ConfabTypoReportEvent;
    'confab-typo-reported': ConfabTypoReportedEvent;
  }
}

type View = 'closed' | 'problem' | 'form' | 'sent';

/** Where the "Report a typo" button goes, in document coordinates (it scrolls with the text). */
interface ButtonPlace {
  blockStart: number;
  inlineStart: number;
}

// Waiting for the selection to settle: a drag fires selectionchange on every pixel.
const SELECTION_SETTLE_MS = 200;
// Room kept for the button at the inline end of the viewport, in px.
const BUTTON_ROOM = 180;
// Gap between the selection and the button, in px; on touch screens it clears the selection handles.
const BUTTON_GAP = 6;
const TOUCH_BUTTON_GAP = 28;

const IS_MAC =
  typeof navigator !== 'undefined' &&
  /mac|iphone|ipad/i.test((navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform ?? navigator.platform ?? '');

/**
 * The "select the error and press Ctrl + Enter" feature of news sites. Readers select the wrong
 * text inside the scope (the element named by `for`, or the parent of `<typo-report>`) and press
 * Ctrl + Enter (⌘ + Enter on macOS): a dialog shows the selection in its sentence and takes an
 * optional correction and comment, then sends the report through the adapter's `reportTypo`.
 * Editors get the exact text plus a little context either side (a W3C text-quote selector), so
 * they find the spot again even after the page changed.
 *
 * Touch and keyboard readers get a "Report a typo" button next to a selection inside the scope.
 * After selecting text, Tab moves focus to that button (once per selection; Tab again continues
 * through the page), and Enter or Space opens the dialog. It disappears when the selection does.
 *
 * The element's own content (the default slot) is the hint line shown where the element sits,
 * e.g. "If you notice an error in the text, select it and press Ctrl + Enter."; without content
 * it shows a built-in hint. The selected text is only ever rendered as text.
 *
 * When the adapter has no `reportTypo`, the element does nothing (and says so once in the console).
 *
 * @summary Report a typo from a text selection, with Ctrl + Enter or a touch/keyboard button.
 *
 * @slot - The hint shown where the element is placed; a built-in hint by default.
 *
 * @fires confab-typo-report - Before sending; cancelable. `detail`: the report (`url`, `quote`, `suggestion`, `comment`, `threadId`).
 * @fires confab-typo-reported - After the report was accepted. `detail: { report, result: { id, count } }`.
 *
 * @csspart hint - The hint line around the default slot.
 * @csspart button - The "Report a typo" button shown next to a selection.
 * @csspart dialog - The dialog.
 * @csspart title - The dialog's heading.
 * @csspart quote - The box showing the selection in its sentence.
 * @csspart quote-label - The "Selected text" caption.
 * @csspart mark - The selected text inside its sentence.
 * @csspart label - A field's label.
 * @csspart input - The suggested correction field.
 * @csspart textarea - The comment field.
 * @csspart message - A message in the dialog (selection problems, thanks).
 * @csspart count - "N readers reported this".
 * @csspart status - The "Sending…" line.
 * @csspart error - The message shown when sending failed.
 * @csspart actions - The row of dialog buttons.
 * @csspart send - The Send (or Retry) button.
 * @csspart cancel - The Cancel button.
 * @csspart close - The Close button.
 *
 * @cssprop --confab-mark-bg - Background of the selected text in the dialog.
 * @cssprop --confab-mark-text - Colour of the selected text in the dialog.
 * @cssprop --confab-dialog-width - Widest the dialog gets (default 32rem).
 * @cssprop --confab-button-bg - Background of the Send and "Report a typo" buttons (default: the accent colour).
 * @cssprop --confab-button-text - Text colour of those buttons.
 */
export class TypoReport extends LitElement {
  static override styles = [tokens, reset, visuallyHidden, styles];

  // new strings or a new page language re-render the hint and the dialog
  constructor() {
    super();
    observePageDefaults(this);
  }

  @query('dialog') private dialog?: HTMLDialogElement;
  @query('[part="button"]') private floatingButton?: HTMLButtonElement;

  @state() private view: View = 'closed';
  @state() private problem: SelectionProblem = 'empty';
  @state() private sentence: SentenceContext | null = null;
  @state() private suggestion = '';
  @state() private comment = '';
  @state() private sending = false;
  @state() private failure: AdapterError | null = null;
  @state() private result: TypoReportResult | null = null;
  @state() private buttonPlace: ButtonPlace | null = null;
  private _quote: TextQuote | null = null;
  /** the selection the button reports, as it was when the button appeared */
  private _buttonRange: Range | null = null;
  /** the selection when the dialog opened, given back when it closes */
  private _openedRange: Range | null = null;
  /** where focus was when the dialog opened */
  private _returnFocus: HTMLElement | null = null;
  /** whether Tab has already moved focus to the button for the current selection */
  private _tabOffered = false;
  private _selectionTimer: ReturnType<typeof setTimeout> | undefined;
  private _sendController: AbortController | undefined;
  private _warned = new Set<string>();

  /** Id of the element holding the text that can be reported; empty: the parent element. */
  @property({ attribute: 'for' }) htmlFor = '';
  /** Id of the article's comment thread, sent with the report so editors can group reports. */
  @property({ attribute: 'thread-id' }) threadId = '';
  /** The data source; wins over the `adapter` attribute and the page default. */
  @property({ attribute: false }) adapter?: CommentAdapter;

  // ---- lifecycle -------------------------------------------------------------------------------

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('keydown', this._onDocumentKeyDown);
    document.addEventListener('selectionchange', this._onSelectionChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // a removed dialog leaves the top layer without a close event; close it so the state follows
    this._closeDialog();
    document.removeEventListener('keydown', this._onDocumentKeyDown);
    document.removeEventListener('selectionchange', this._onSelectionChange);
    clearTimeout(this._selectionTimer);
    this._selectionTimer = undefined;
    this._sendController?.abort();
    this.buttonPlace = null;
  }

  protected override updated(changed: PropertyValues): void {
    const button = this.floatingButton;
    if (changed.has('buttonPlace') && button && typeof button.showPopover === 'function') {
      const open = button.matches(':popover-open');
      if (this.buttonPlace && !open) button.showPopover();
      else if (!this.buttonPlace && open) button.hidePopover();
    }
  }

  // ---- event handlers --------------------------------------------------------------------------

  private readonly _onDocumentKeyDown = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.isComposing) return;
    if (event.key === 'Tab') {
      this._offerButton(event);
      return;
    }
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    // Ctrl + Enter in a field belongs to that field (it sends a comment in a reply form).
    if (this._dialogOpen || isEditable(event.composedPath()[0])) return;
    if (!this._reportingAdapter()) return;
    event.preventDefault();
    void this._open(selectionRange(document.getSelection()), deepActiveElement());
  };

  private readonly _onSelectionChange = (): void => {
    // Moving focus into the dialog's fields changes the selection; the report keeps its own copy.
    if (this._dialogOpen) return;
    clearTimeout(this._selectionTimer);
    this._selectionTimer = setTimeout(this._placeButton, SELECTION_SETTLE_MS);
  };

  /** Shows the button under a reportable selection, or hides it. The one place layout is read. */
  private readonly _placeButton = (): void => {
    this._selectionTimer = undefined;
    const range = selectionRange(document.getSelection());
    const scope = this._scope();
    const problem = scope ? checkSelection(range, scope) : 'outside';
    // A too long selection still gets the button: pressing it explains what to do instead.
    if (!range || !scope || (problem !== null && problem !== 'too-long') || !this._reportingAdapter(true)) {
      this._buttonRange = null;
      this.buttonPlace = null;
      return;
    }
    if (!this._buttonRange || !sameRange(this._buttonRange, range)) this._tabOffered = false;
    this._buttonRange = range.cloneRange();
    const rects = range.getClientRects();
    const last = rects.length > 0 ? rects[rects.length - 1] : range.getBoundingClientRect();
    const viewport = document.documentElement.clientWidth;
    const rtl = getComputedStyle(this).direction === 'rtl';
    const gap = window.matchMedia('(pointer: coarse)').matches ? TOUCH_BUTTON_GAP : BUTTON_GAP;
    // Under the last line of the selection, where the reader's eye and finger are.
    const lineStart = rtl ? viewport - last.right : last.left;
    this.buttonPlace = {
      blockStart: Math.round(last.bottom + window.scrollY + gap),
      inlineStart: Math.round(Math.max(8, Math.min(lineStart, viewport - BUTTON_ROOM)) + (rtl ? 0 : window.scrollX)),
    };
  };

  /** The first Tab after a selection goes to the button, so keyboard readers find it. */
  private _offerButton(event: KeyboardEvent): void {
    if (event.shiftKey || event.ctrlKey || event.altKey || event.metaKey) return;
    if (!this.buttonPlace || this._tabOffered || this._dialogOpen) return;
    const active = deepActiveElement();
    const scope = this._scope();
    const fromText = !active || active === document.body || (scope?.contains(active) ?? false);
    if (!fromText || isEditable(event.composedPath()[0])) return;
    this._tabOffered = true;
    event.preventDefault();
    this.floatingButton?.focus();
  }

  private _onButtonMouseDown(event: MouseEvent): void {
    // Pressing the button must not clear the selection it reports.
    event.preventDefault();
  }

  private _onButtonClick(): void {
    void this._open(this._buttonRange, this.floatingButton ?? null);
  }

  private _onSuggestionInput(event: InputEvent): void {
    this.suggestion = (event.target as HTMLInputElement).value;
  }

  private _onCommentInput(event: InputEvent): void {
    this.comment = (event.target as HTMLTextAreaElement).value;
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    void this._send();
  }

  private _onFormKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this._send();
    }
  }

  /** Escape. Handled here rather than in the close event, which Chrome holds until the next frame. */
  private _onDialogCancel(event: Event): void {
    event.preventDefault();
    this._closeDialog();
  }

  /** The dialog closed some other way (e.g. `dialog.close()` from the page). */
  private _onDialogClose(): void {
    // The close event comes late; the reader may have opened the dialog again meanwhile.
    if (!this._dialogOpen) this._finishClose();
  }

  // ---- public methods --------------------------------------------------------------------------

  /**
   * Opens the dialog for the current selection, as Ctrl + Enter does. Resolves once the dialog is
   * showing. Does nothing when the adapter cannot take typo reports.
   */
  async reportSelection(): Promise<void> {
    if (this._dialogOpen || !this._reportingAdapter()) return;
    await this._open(selectionRange(document.getSelection()), deepActiveElement());
  }

  // ---- internals -------------------------------------------------------------------------------

  private _closeDialog(): void {
    if (this.dialog?.open) this.dialog.close();
    this._finishClose();
  }

  /** Gives back the selection and the focus the reader had before the dialog. Runs once per opening. */
  private _finishClose(): void {
    if (this.view === 'closed') return;
    this._sendController?.abort();
    this._sendController = undefined;
    this.sending = false;
    this.view = 'closed';
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

  /** Whether the dialog shows: read from the dialog, which closes a task before its close event. */
  private get _dialogOpen(): boolean {
    return this.dialog?.open ?? false;
  }

  private async _open(range: Range | null, returnFocus: HTMLElement | null): Promise<void> {
    const scope = this._scope();
    const problem = scope ? checkSelection(range, scope) : 'outside';
    this._returnFocus = returnFocus;
    this._openedRange = range && !range.collapsed ? range.cloneRange() : null;
    this.failure = null;
    this.result = null;
    if (problem || !range || !scope) {
      this.problem = problem ?? 'empty';
      this.view = 'problem';
    } else {
      const quote = textQuote(range, scope);
      // Reopening on the same text keeps what the reader typed; new text starts afresh.
      if (!this._quote || !sameQuote(this._quote, quote)) {
        this.suggestion = '';
        this.comment = '';
      }
      this._quote = quote;
      this.sentence = sentenceContext(range, scope, resolveLang(this));
      this.view = 'form';
    }
    await this.updateComplete;
    if (this.dialog && !this.dialog.open) this.dialog.showModal();
  }

  private async _send(): Promise<void> {
    const quote = this._quote;
    if (this.sending || this.view !== 'form' || !quote) return;
    const adapter = this._reportingAdapter();
    if (!adapter?.reportTypo) return;
    const report: TypoReportDetail = { url: pageUrl(), quote: { ...quote } };
    if (this.threadId) report.threadId = this.threadId;
    const suggestion = this.suggestion.trim();
    const comment = this.comment.trim();
    if (suggestion) report.suggestion = suggestion;
    if (comment) report.comment = comment;
    if (!this.dispatchEvent(new ConfabTypoReportEvent(report))) {
      this._closeDialog();
      return;
    }
    const controller = (this._sendController = new AbortController());
    this.sending = true;
    this.failure = null;
    try {
      const raw = await adapter.reportTypo({ ...report, signal: controller.signal });
      if (controller.signal.aborted) return;
      const result = normalizeResult(raw);
      this.result = result;
      this.view = 'sent';
      this._quote = null;
      this.dispatchEvent(new ConfabTypoReportedEvent(report, result));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLButtonElement>('[part="close"]')?.focus();
    } catch (error) {
      if (!controller.signal.aborted) this.failure = toAdapterError(error);
    } finally {
      if (this._sendController === controller) {
        this._sendController = undefined;
        this.sending = false;
      }
    }
  }

  /** The element whose text can be reported. */
  private _scope(): Element | null {
    if (!this.htmlFor) return this.parentElement;
    const root = this.getRootNode() as Document | ShadowRoot;
    const scope = root.getElementById?.(this.htmlFor) ?? document.getElementById(this.htmlFor);
    if (!scope) this._warnOnce('scope', `confab: <typo-report for="${this.htmlFor}"> names no element on the page.`);
    return scope;
  }

  /** The adapter, when it can take typo reports; otherwise undefined (logged once). */
  private _reportingAdapter(quiet = false): CommentAdapter | undefined {
    const adapter = this.adapter ?? resolveAdapter(this);
    if (adapter && typeof adapter.reportTypo === 'function') return adapter;
    if (!quiet) {
      this._warnOnce(
        'adapter',
        adapter
          ? 'confab: <typo-report> does nothing: this adapter does not take typo reports (no reportTypo).'
          : 'confab: <typo-report> does nothing: it has no adapter (set .adapter, the adapter attribute, or configure()).',
      );
    }
    return undefined;
  }

  private _warnOnce(key: string, message: string): void {
    if (this._warned.has(key)) return;
    this._warned.add(key);
    console.warn(message);
  }

  // ---- rendering -------------------------------------------------------------------------------

  protected override render(): TemplateResult {
    const lang = resolveLang(this);
    const place = this.buttonPlace;
    const buttonStyle = {
      'inset-block-start': place ? `${place.blockStart}px` : '',
      'inset-inline-start': place ? `${place.inlineStart}px` : '',
    };
    return html`
      <span part="hint"><slot>${t('typo.hint', { keys: IS_MAC ? '⌘ + Enter' : 'Ctrl + Enter' }, lang)}</slot></span>
      <button
        part="button"
        type="button"
        popover="manual"
        ?hidden=${!place}
        aria-keyshortcuts=${IS_MAC ? 'Meta+Enter' : 'Control+Enter'}
        ${styleProperties(buttonStyle)}
        @mousedown=${this._onButtonMouseDown}
        @click=${this._onButtonClick}
      >
        ${t('typo.button', {}, lang)}
      </button>
      <dialog
        part="dialog"
        aria-labelledby="title"
        aria-describedby=${this.view === 'problem' ? 'message' : nothing}
        @cancel=${this._onDialogCancel}
        @close=${this._onDialogClose}
      >
        <h2 id="title" part="title">${t('typo.title', {}, lang)}</h2>
        ${this._renderDialogBody(lang)}
      </dialog>
    `;
  }

  private _renderDialogBody(lang: string): TemplateResult | typeof nothing {
    const view = this.view;
    if (view === 'form') return this._renderForm(lang);
    if (view === 'closed') return nothing;
    const count = this.result?.count ?? 1;
    // a problem, or the thanks: a message and Close
    return html`
      ${view === 'problem'
        ? html`<p id="message" part="message">${this._problemText(lang)}</p>`
        : html`<p part="message" role="status">
            ${t('typo.sent', {}, lang)}
            ${count > 1 ? html`<span part="count">${t('typo.count', { count }, lang)}</span>` : nothing}
          </p>`}
      <div part="actions">
        <button type="button" part="close" class="secondary" autofocus @click=${this._closeDialog}>
          ${t('typo.close', {}, lang)}
        </button>
      </div>
    `;
  }

  private _renderForm(lang: string): TemplateResult {
    const sentence = this.sentence;
    return html`
      <form novalidate @submit=${this._onSubmit} @keydown=${this._onFormKeyDown}>
        <figure part="quote" aria-labelledby="quote-label">
          <figcaption id="quote-label" part="quote-label">${t('typo.selected', {}, lang)}</figcaption>
          <blockquote dir="auto">
            ${sentence?.before}<mark part="mark">${sentence?.exact}</mark>${sentence?.after}
          </blockquote>
        </figure>
        <label part="label" for="suggestion">${t('typo.suggestion', {}, lang)}</label>
        <input
          id="suggestion"
          part="input"
          type="text"
          dir="auto"
          autocomplete="off"
          autofocus
          maxlength=${MAX_TYPO_SUGGESTION_LENGTH}
          .value=${live(this.suggestion)}
          @input=${this._onSuggestionInput}
        />
        <label part="label" for="comment">${t('typo.comment', {}, lang)}</label>
        <textarea
          id="comment"
          part="textarea"
          dir="auto"
          rows="3"
          maxlength=${MAX_TYPO_COMMENT_LENGTH}
          .value=${live(this.comment)}
          @input=${this._onCommentInput}
        ></textarea>
        <p part="status" role="status">${this.sending ? t('typo.sending', {}, lang) : ''}</p>
        ${this.failure
          ? html`<p part="error" role="alert">${t('typo.error', { message: errorMessage(this.failure, lang) }, lang)}</p>`
          : nothing}
        <div part="actions">
          <button type="button" part="cancel" class="secondary" @click=${this._closeDialog}>
            ${t('typo.cancel', {}, lang)}
          </button>
          <button type="submit" part="send" aria-disabled=${this.sending ? 'true' : 'false'}>
            ${this.failure ? t('action.retry', {}, lang) : t('typo.send', {}, lang)}
          </button>
        </div>
      </form>
    `;
  }

  private _problemText(lang: string): string {
    switch (this.problem) {
      case 'outside':
        return t('typo.outside', {}, lang);
      case 'too-long':
        return t('typo.tooLong', { max: MAX_SELECTION_LENGTH }, lang);
      default:
        return t('typo.empty', {}, lang);
    }
  }
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

function sameRange(a: Range, b: Range): boolean {
  return (
    a.startContainer === b.startContainer &&
    a.startOffset === b.startOffset &&
    a.endContainer === b.endContainer &&
    a.endOffset === b.endOffset
  );
}

/** The focused element, looking inside shadow roots. */
function deepActiveElement(): HTMLElement | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : null;
}

/** Whether keys typed at this target edit text (where Ctrl + Enter and Tab mean something else). */
function isEditable(target: EventTarget | undefined): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'color', 'file', 'hidden', 'image', 'radio', 'range', 'reset', 'submit'].includes(target.type);
  }
  return false;
}
