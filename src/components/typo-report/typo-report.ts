import { html, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { resolveAdapter } from '../../config.js';
import type { CommentAdapter } from '../../model/adapter.js';
import { reset, tokens, visuallyHidden } from '../../styles/tokens.js';
import { LocalizedElement } from '../shared/localize-controller.js';
import { styleProperties } from '../shared/style-properties.js';
import { checkSelection, selectionRange } from './selection.js';
import type { TypoDialog } from './typo-dialog.js';
import { styles } from './typo-report.styles.js';

export { ConfabTypoReportEvent, ConfabTypoReportedEvent, type TypoReportDetail } from './typo-events.js';

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

type DialogModule = typeof import('./typo-dialog.js');
let dialogModule: Promise<DialogModule> | undefined;

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
 * The hint, the shortcut and the button are all that load with the page; the dialog is a module
 * of its own (typo-dialog.ts), loaded the first time it opens.
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
 * @cssprop --confab-dialog-width - Widest the dialog gets (default 32em).
 * @cssprop --confab-button-bg - Background of the Send and "Report a typo" buttons (default: the accent colour).
 * @cssprop --confab-button-text - Text colour of those buttons.
 */
export class TypoReport extends LocalizedElement {
  static override styles = [tokens, reset, visuallyHidden, styles];


  @query('[part="button"]') private floatingButton?: HTMLButtonElement;

  @state() private buttonPlace: ButtonPlace | null = null;
  /** the dialog, once it was first opened (its code loads then) */
  private _dialog: TypoDialog | undefined;
  /** the selection the button reports, as it was when the button appeared */
  private _buttonRange: Range | null = null;
  /** whether Tab has already moved focus to the button for the current selection */
  private _tabOffered = false;
  private _selectionTimer: ReturnType<typeof setTimeout> | undefined;
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
    this._dialog?.close();
    document.removeEventListener('keydown', this._onDocumentKeyDown);
    document.removeEventListener('selectionchange', this._onSelectionChange);
    clearTimeout(this._selectionTimer);
    this._selectionTimer = undefined;
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

  private get _dialogOpen(): boolean {
    return this._dialog?.open ?? false;
  }

  /** Loads the dialog on first use, then opens it on `range`. */
  private async _open(range: Range | null, returnFocus: HTMLElement | null): Promise<void> {
    // the selection as it is now: loading the dialog takes a moment
    const kept = range && !range.collapsed ? range.cloneRange() : range;
    const { TypoDialog } = await (dialogModule ??= import('./typo-dialog.js'));
    if (!this.isConnected) return;
    this._dialog ??= new TypoDialog({
      element: this,
      localize: this.localize,
      threadId: () => this.threadId,
      scope: () => this._scope(),
      reportingAdapter: () => this._reportingAdapter(),
    });
    await this._dialog.show(kept, returnFocus);
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
    const l10n = this.localize;
    const place = this.buttonPlace;
    const buttonStyle = {
      'inset-block-start': place ? `${place.blockStart}px` : '',
      'inset-inline-start': place ? `${place.inlineStart}px` : '',
    };
    return html`
      <span part="hint"><slot>${l10n.t('typo.hint', { keys: IS_MAC ? '⌘ + Enter' : 'Ctrl + Enter' })}</slot></span>
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
        ${l10n.term('typo.button')}
      </button>
      ${this._dialog?.render()}
    `;
  }
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
