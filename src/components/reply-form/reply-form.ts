import { html, isServer, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import type { CommentAdapter } from '../../model/adapter.js';
import { errorMessage, t } from '../../render/i18n.js';
import { renderPreview } from '../../render/sanitize.js';
import { CLOSED_KEY, toAdapterError, type ThreadStore } from '../../store/thread-store.js';
import { controls } from '../../styles/controls.js';
import { reset, tokens, visuallyHidden } from '../../styles/tokens.js';
import { clearDraft, loadAuthorName, loadDraft, saveAuthorName, saveDraft } from '../shared/drafts.js';
import { newIdempotencyKey } from '../shared/idempotency.js';
import { LocalizedElement } from '../shared/localize-controller.js';
import { StoreController } from '../shared/store-controller.js';
import { styleProperties } from '../shared/style-properties.js';
import { clampLevel, countCharacters, nearThreshold, renderFailure, renderField, renderHoneypot, renderTab, type Tab } from './reply-form-parts.js';
import { renderNoScriptFields } from './no-script.js';
import { ConfabCancelEvent, ConfabPostEvent, ConfabPostedEvent, type SignedInAuthor } from './reply-form-events.js';
import type { BackendOptions, PostExtra } from './backend-options.js';
import { closedNotice, closedStyles } from './closed.js';
import { styles } from './reply-form.styles.js';

export { ConfabCancelEvent, ConfabPostEvent, ConfabPostedEvent, type PostDetail, type SignedInAuthor } from './reply-form-events.js';

type LimitZone = 'ok' | 'near' | 'over';
type BodyProblem = 'empty' | 'tooLong' | null;

const DRAFT_DELAY_MS = 500;
// Where field-sizing grows the textarea natively, the hidden copy of the text is not written at all.
const NATIVE_GROW = typeof CSS !== 'undefined' && CSS.supports?.('field-sizing', 'content');

/**
 * The "Leave a Reply" form: a new comment on a thread, or, with `parent-id`, a reply to one
 * comment. Works standalone anywhere on the page; it shares the thread's store with every other
 * confab element, so a comment posted here shows in a `<comment-thread>` at once.
 *
 * Drafts are kept per thread and reply target and survive a reload; a failed post keeps the text
 * and retries with the same idempotency key, so a retry never creates a duplicate.
 *
 * @summary A comment or reply form with preview, draft saving, validation and safe retries.
 *
 * @fires confab-post - Before sending; cancelable. `detail: { body, parentId }`.
 * @fires confab-posted - After the comment was saved. `detail: { comment }`.
 * @fires confab-cancel - Escape or Cancel in an inline reply form; the opener closes it.
 *
 * @csspart base - The form.
 * @csspart heading - The "Leave a Reply" heading.
 * @csspart editor - The box holding the tabs, the text and its footer.
 * @csspart tabs - The Write / Preview tab list.
 * @csspart tab - Each tab.
 * @csspart textarea - The comment text.
 * @csspart preview - The rendered preview.
 * @csspart editor-footer - The line under the text with the counter and notes.
 * @csspart counter - The character counter.
 * @csspart note - The "Draft restored" note.
 * @csspart closed - "Comments are closed.", shown instead of the form on a closed thread.
 * @csspart fields - The name and email fields.
 * @csspart notify - "E-mail me when someone replies" (when the backend sends mail).
 * @csspart label - A field's label.
 * @csspart input - The name and email inputs.
 * @csspart field-error - A validation message under a field.
 * @csspart error - The message shown when posting failed.
 * @csspart retry - The retry button in that message.
 * @csspart actions - The line with the shortcut hint and the buttons.
 * @csspart hint - The keyboard shortcut hint.
 * @csspart cancel - The cancel button of an inline reply form.
 * @csspart submit - The post button.
 *
 * @cssprop --confab-field-bg - Background of the text and the inputs.
 * @cssprop --confab-textarea-min-height - Height of the empty text box.
 * @cssprop --confab-textarea-max-height - Height at which the text box stops growing and scrolls.
 * @cssprop --confab-button-bg - Background of the post button (default: the accent colour).
 * @cssprop --confab-button-text - Text colour of the post button.
 */
export class ReplyForm extends LocalizedElement {
  static override styles = [tokens, reset, visuallyHidden, controls, styles, closedStyles];

  // The form renders from its own state and reads the store only to post, and to learn that the
  // thread closed.
  private readonly _data = new StoreController(this, () => [CLOSED_KEY]);

  @query('textarea') private textarea?: HTMLTextAreaElement;
  @query('#name') private nameInput?: HTMLInputElement;
  @query('#email') private emailInput?: HTMLInputElement;
  @query('#website') private honeypotInput?: HTMLInputElement;

  @state() private body = '';
  @state() private name = '';
  @state() private email = '';
  @state() private tab: Tab = 'write';
  @state() private posting = false;
  /** why the last post failed, and whether sending it again may help */
  @state() private failure: { message: string; retryable: boolean } | null = null;
  @state() private bodyProblem: BodyProblem = null;
  @state() private nameMissing = false;
  @state() private emailInvalid = false;
  @state() private draftRestored = false;
  /** the one polite live region's text: limit warnings and "Comment posted" */
  @state() private announcement = '';
  /** what the backend asks beyond the comment (mail, a challenge): loaded when it asks anything */
  private _options: BackendOptions | undefined;
  private _optionsOf: CommentAdapter | undefined;
  private _charCount = 0;
  private _limitZone: LimitZone = 'ok';
  /** kept across failed attempts so a retry is recognised; renewed after success or an edit */
  private _idempotencyKey: string | undefined;
  private _draftTimer: ReturnType<typeof setTimeout> | undefined;
  private _previewHeight = 0;

  /** Id of the thread the comment belongs to. */
  @property({ attribute: 'thread-id' }) threadId = '';
  /** Id of the comment this replies to; empty for a top-level comment. */
  @property({ attribute: 'parent-id' }) parentId = '';
  /** Longest accepted comment, in characters. */
  @property({ attribute: 'max-length', type: Number }) maxLength = 5000;
  /** Level of the "Leave a Reply" heading (2–6), to fit the page's outline. */
  @property({ attribute: 'heading-level', type: Number }) headingLevel = 2;
  /** What the discussion is about, added to a top-level form's name ("Leave a Reply <label>"). */
  @property() label = '';
  /** The data source; wins over the `adapter` attribute and the page default. */
  @property({ attribute: false }) adapter?: CommentAdapter;
  /** The thread's store, handed down by a parent confab element. */
  @property({ attribute: false }) store?: ThreadStore;
  /** The reader signed in on the host site; when set, the name and email fields are not shown. */
  @property({ attribute: false }) author?: SignedInAuthor;
  /**
   * Where the form posts without JavaScript (`<form method="post" action=…>`, urlencoded), e.g.
   * the reference server's `/api/threads/<id>/comments/form`; empty: the form needs script.
   */
  @property() action = '';
  /** The page a post without JavaScript comes back to (at `#comment-<id>`). */
  @property({ attribute: 'return-url' }) returnUrl = '';
  /**
   * The idempotency key of a post without JavaScript: one per form, so a double submit posts once.
   * A server render writes the same one every time, so the HTML stays cacheable; the server makes
   * the post's key from it and what was written (two readers of one cached page post twice).
   */
  private readonly _formKey = isServer ? 'server-rendered-form' : newIdempotencyKey();

  // ---- lifecycle -------------------------------------------------------------------------------


  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('pagehide', this._flushDraft);
    if (!this.name) this.name = loadAuthorName();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pagehide', this._flushDraft);
    this._flushDraft();
  }

  protected override willUpdate(changed: PropertyValues): void {
    this._data.sync();
    // The backend's settings; its options' chunk only when they ask for something (mail, a challenge).
    const adapter = this._data.store?.adapter;
    if (adapter?.settings && adapter !== this._optionsOf) {
      this._optionsOf = adapter;
      adapter.settings().then(
        (settings) =>
          (settings?.mail || settings?.challenge) &&
          import('./backend-options.js').then((m) => this._optionsOf === adapter && (this._options = new m.BackendOptions(this, adapter, settings))),
        () => {},
      );
    }
    if (changed.has('threadId') || changed.has('parentId')) {
      this._switchDraft(
        (changed.get('threadId') as string | undefined) ?? this.threadId,
        (changed.get('parentId') as string | undefined) ?? this.parentId,
      );
    }
    if (changed.has('body') || changed.has('maxLength')) {
      this._charCount = countCharacters(this.body);
      this._updateLimitZone();
    }
  }

  // ---- event handlers --------------------------------------------------------------------------

  private _onBodyInput(event: InputEvent): void {
    this.body = (event.target as HTMLTextAreaElement).value;
    this._idempotencyKey = undefined;
    this.draftRestored = false;
    if (this.bodyProblem === 'empty' && this.body.trim()) this.bodyProblem = null;
    if (this.bodyProblem === 'tooLong' && countCharacters(this.body) <= this.maxLength) this.bodyProblem = null;
    if (this.announcement && this._limitZone === 'ok') this.announcement = '';
    clearTimeout(this._draftTimer);
    this._draftTimer = setTimeout(this._flushDraft, DRAFT_DELAY_MS);
  }

  private _onNameInput(event: InputEvent): void {
    this.name = (event.target as HTMLInputElement).value;
    if (this.name.trim()) this.nameMissing = false;
  }

  private _onNameChange(): void {
    if (this.name.trim()) saveAuthorName(this.name);
  }

  private _onEmailInput(event: InputEvent): void {
    this.email = (event.target as HTMLInputElement).value;
    if (this.emailInvalid && !(event.target as HTMLInputElement).validity.typeMismatch) this.emailInvalid = false;
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    void this._submit();
  }

  private _onKeydown(event: KeyboardEvent): void {
    if (event.isComposing || event.defaultPrevented) return;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      // claimed here so a page-level Ctrl+Enter (e.g. the typo report) does not fire as well
      event.preventDefault();
      void this._submit();
    } else if (event.key === 'Escape' && this.parentId) {
      event.preventDefault();
      this._cancel();
    }
  }

  private _onTabKeydown(event: KeyboardEvent): void {
    // Two tabs: either arrow, in either writing direction, goes to the other one (wrapping round).
    const key = event.key;
    const next: Tab | undefined =
      key === 'ArrowRight' || key === 'ArrowLeft'
        ? this.tab === 'write' ? 'preview' : 'write'
        : key === 'Home' ? 'write' : key === 'End' ? 'preview' : undefined;
    if (!next) return;
    event.preventDefault();
    this._selectTab(next, true);
  }

  private _onTabClick(event: Event): void {
    this._selectTab((event.currentTarget as HTMLElement).dataset.tab as Tab, false);
  }

  private _cancel(): void {
    this._flushDraft();
    this.dispatchEvent(new ConfabCancelEvent());
  }

  // ---- public methods --------------------------------------------------------------------------

  /** Moves focus into the form: to the comment text, so a reader can start typing at once. */
  override focus(options?: FocusOptions): void {
    if (this.tab !== 'write') this.tab = 'write';
    void this.updateComplete.then(() => this.textarea?.focus(options));
  }

  // ---- posting ---------------------------------------------------------------------------------

  private async _submit(): Promise<void> {
    if (this.posting) return;
    if (!this._validate()) return;
    const store = this._data.store;
    const parentId = this.parentId || null;
    const threadId = this.threadId;
    const body = this.body;
    if (!store) {
      this.failure = { message: t('form.noAdapter', {}, this._locale), retryable: false };
      return;
    }
    if (!this.dispatchEvent(new ConfabPostEvent({ body, parentId }))) return;

    const idempotencyKey = (this._idempotencyKey ??= newIdempotencyKey());
    const author = this.author
      ? { name: this.author.name, email: this.author.email || undefined, url: this.author.url || undefined }
      : { name: this.name.trim(), email: this.email.trim() || undefined };
    const problem = this._options?.problem(author.email, this._locale);
    if (problem) {
      this.failure = { message: problem, retryable: false };
      return;
    }
    this.posting = true;
    this.failure = null;
    this.announcement = '';
    // what the backend asks beyond the comment (notify, a solved challenge) is added by its chunk
    const send = (extra?: PostExtra) => store.post({ parentId, body, author, idempotencyKey, honeypot: this.honeypotInput?.value || undefined, ...extra });
    try {
      const comment = await (this._options ? this._options.post(send, !this.author, this._locale, (message) => (this.announcement = message)) : send());
      this._idempotencyKey = undefined;
      clearDraft(threadId, parentId);
      if (!this.author) saveAuthorName(author.name);
      if (threadId === this.threadId && (parentId ?? '') === this.parentId) {
        clearTimeout(this._draftTimer);
        this.body = '';
        this.tab = 'write';
        this.draftRestored = false;
        this.announcement = t('form.posted', {}, this._locale);
      }
      this.dispatchEvent(new ConfabPostedEvent(comment));
    } catch (error) {
      const failure = toAdapterError(error);
      this.failure = {
        message: t('form.error', { message: errorMessage(failure, this._locale) }, this._locale),
        retryable: failure.retryable,
      };
    } finally {
      this.posting = false;
    }
  }

  /** Checks the fields, shows what is wrong, and focuses the first field at fault. */
  private _validate(): boolean {
    const count = countCharacters(this.body);
    this.bodyProblem = !this.body.trim() ? 'empty' : count > this.maxLength ? 'tooLong' : null;
    const guest = !this.author;
    this.nameMissing = guest && !this.name.trim();
    this.emailInvalid = guest && Boolean(this.email.trim()) && Boolean(this.emailInput?.validity.typeMismatch);
    if (this.bodyProblem) {
      this.focus();
      return false;
    }
    if (this.nameMissing) {
      this.nameInput?.focus();
      return false;
    }
    if (this.emailInvalid) {
      this.emailInput?.focus();
      return false;
    }
    return true;
  }

  // ---- drafts ----------------------------------------------------------------------------------

  /** Saves the pending draft now (debounce elapsed, page hidden, form closed or removed). */
  private readonly _flushDraft = (): void => {
    if (this._draftTimer === undefined) return;
    clearTimeout(this._draftTimer);
    this._draftTimer = undefined;
    if (this.threadId) saveDraft(this.threadId, this.parentId || null, this.body);
  };

  /** The thread or reply target changed: keep the old text as its draft and bring up the new one. */
  private _switchDraft(previousThreadId: string, previousParentId: string): void {
    if (this._draftTimer !== undefined) {
      clearTimeout(this._draftTimer);
      this._draftTimer = undefined;
      if (previousThreadId) saveDraft(previousThreadId, previousParentId || null, this.body);
    }
    const draft = this.threadId ? loadDraft(this.threadId, this.parentId || null) : '';
    if (draft || previousThreadId !== this.threadId || previousParentId !== this.parentId) {
      this.body = draft;
      this.draftRestored = draft !== '';
    }
    this._idempotencyKey = undefined;
    this.failure = null;
    this.bodyProblem = null;
  }

  private _selectTab(tab: Tab, focusTab: boolean): void {
    if (tab === this.tab) return;
    // one read on a click, so the preview opens at the height the text had (no jump)
    if (tab === 'preview') this._previewHeight = this.textarea?.offsetHeight ?? 0;
    this.tab = tab;
    if (focusTab) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#${tab}-tab`)?.focus());
  }

  private _updateLimitZone(): void {
    const remaining = this.maxLength - this._charCount;
    const zone: LimitZone = remaining < 0 ? 'over' : remaining <= nearThreshold(this.maxLength) ? 'near' : 'ok';
    if (zone === this._limitZone) return;
    this._limitZone = zone;
    // announced only when crossing into a zone, never on every keystroke
    if (zone === 'near') this.announcement = t('form.remaining', { count: remaining }, this._locale);
    else if (zone === 'over') this.announcement = t('form.tooLong', { max: this.maxLength, count: this._charCount }, this._locale);
  }

  private get _locale(): string {
    return this.localize.lang;
  }

  // ---- rendering -------------------------------------------------------------------------------

  protected override render(): TemplateResult {
    const lang = this._locale;
    if (this._data.store?.state.closed) return closedNotice(lang);
    const inline = Boolean(this.parentId);
    const title = inline ? this._replyTitle() : t('form.title', {}, lang);
    const bodyInvalid = this.bodyProblem !== null;
    const describedBy = ['counter', bodyInvalid ? 'body-error' : '', this.draftRestored ? 'draft-note' : '']
      .filter(Boolean)
      .join(' ');
    return html`
      <form
        part="base"
        class=${inline ? 'inline' : 'top-level'}
        novalidate
        aria-labelledby=${ifDefined(inline ? undefined : this.label ? 'heading label' : 'heading')}
        aria-label=${ifDefined(inline ? title : undefined)}
        aria-busy=${this.posting ? 'true' : 'false'}
        method=${this.action ? 'post' : nothing}
        action=${this.action || nothing}
        @submit=${this._onSubmit}
        @keydown=${this._onKeydown}
      >
        ${inline
          ? nothing
          : html`<div id="heading" part="heading" role="heading" aria-level=${clampLevel(this.headingLevel)}>${title}</div>
              ${this.label ? html`<span id="label" hidden>${this.label}</span>` : nothing}`}
        <div part="editor" class=${bodyInvalid ? 'editor invalid' : 'editor'}>
          <div part="tabs" role="tablist" aria-label=${t('form.body', {}, lang)} @keydown=${this._onTabKeydown}>
            ${renderTab('write', t('form.write', {}, lang), this.tab, this._onTabClick)} ${renderTab('preview', t('form.preview', {}, lang), this.tab, this._onTabClick)}
          </div>
          <div
            id="write-panel"
            role="tabpanel"
            aria-labelledby="write-tab"
            class="grow"
            data-value=${NATIVE_GROW ? nothing : this.body}
            ?hidden=${this.tab !== 'write'}
          >
            <label for="body" class="visually-hidden">${t('form.body', {}, lang)}</label>
            <textarea
              id="body"
              name="body"
              part="textarea"
              placeholder=${t('form.placeholder', {}, lang)}
              aria-keyshortcuts="Control+Enter Meta+Enter"
              aria-invalid=${bodyInvalid ? 'true' : 'false'}
              aria-describedby=${describedBy}
              ?readonly=${this.posting}
              .value=${live(this.body)}
              @input=${this._onBodyInput}
            ></textarea>
          </div>
          <div
            id="preview-panel"
            role="tabpanel"
            part="preview"
            aria-labelledby="preview-tab"
            tabindex="0"
            ${styleProperties({ 'min-block-size': this._previewHeight ? `${this._previewHeight}px` : '' })}
            ?hidden=${this.tab !== 'preview'}
          >
            ${this.tab === 'preview'
              ? this.body.trim()
                ? renderPreview(this.body)
                : html`<p class="preview-empty">${t('form.previewEmpty', {}, lang)}</p>`
              : nothing}
          </div>
          <div part="editor-footer">
            ${this.draftRestored
              ? html`<span id="draft-note" part="note">${t('form.draftRestored', {}, lang)}</span>`
              : nothing}
            <span id="counter" part="counter" class=${this._limitZone}
              >${t('form.counter', { count: this._charCount, max: this.maxLength }, lang)}</span
            >
          </div>
        </div>
        ${bodyInvalid
          ? html`<p id="body-error" part="field-error">
              ${this.bodyProblem === 'empty'
                ? t('form.empty', {}, lang)
                : t('form.tooLong', { max: this.maxLength, count: this._charCount }, lang)}
            </p>`
          : nothing}
        ${this.action ? renderNoScriptFields({ parentId: this.parentId, returnUrl: this.returnUrl, key: this._formKey }) : nothing}
        ${this.author ? nothing : this._renderGuestFields(lang)} ${this._options?.renderOption(this.posting, lang)}
        ${renderHoneypot(t('form.honeypot', {}, lang))} ${this.failure ? renderFailure(this.failure, t('form.retry', {}, lang), this._submit) : nothing}
        <div part="actions">
          <span part="hint" aria-hidden="true">${t('form.shortcut', {}, lang)}</span>
          <div class="buttons">
            ${inline
              ? html`<button type="button" part="cancel" class="button large quiet" @click=${this._cancel}>${t('form.cancel', {}, lang)}</button>`
              : nothing}
            <button type="submit" part="submit" class="button large primary" aria-disabled=${this.posting ? 'true' : 'false'}>
              ${this.posting
                ? html`<span class="spinner" aria-hidden="true"></span>${this._options?.checking ? this.announcement : t('form.posting', {}, lang)}`
                : t(inline ? 'form.submitReply' : 'form.submit', {}, lang)}
            </button>
          </div>
        </div>
        <div role="status" class="visually-hidden">${this.announcement}</div>
      </form>
    `;
  }

  private _renderGuestFields(lang: string): TemplateResult {
    return html`<div part="fields">
      ${renderField({
        id: 'name',
        type: 'text',
        autocomplete: 'name',
        maxLength: 100,
        required: true,
        label: t('form.name', {}, lang),
        problem: this.nameMissing ? t('form.nameRequired', {}, lang) : '',
        value: this.name,
        readOnly: this.posting,
        onInput: this._onNameInput,
        onChange: this._onNameChange,
      })}
      ${renderField({
        id: 'email',
        type: 'email',
        autocomplete: 'email',
        maxLength: 254,
        label: t('form.email', {}, lang),
        problem: this.emailInvalid ? t('form.emailInvalid', {}, lang) : '',
        value: this.email,
        readOnly: this.posting,
        onInput: this._onEmailInput,
      })}
    </div>`;
  }

  private _replyTitle(): string {
    const parent = this.parentId ? this._data.store?.comment(this.parentId) : undefined;
    const name = parent?.author.name.trim() || t('comment.anonymous', {}, this._locale);
    return t('form.replyTitle', { name }, this._locale);
  }
}
