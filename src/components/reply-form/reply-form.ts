import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import type { CommentAdapter } from '../../model/adapter.js';
import type { Comment } from '../../model/comment.js';
import { errorMessage, t } from '../../render/i18n.js';
import { renderPreview } from '../../render/sanitize.js';
import { CLOSED_KEY, toAdapterError, type ThreadStore } from '../../store/thread-store.js';
import { reset, tokens, visuallyHidden } from '../../styles/tokens.js';
import { clearDraft, loadAuthorName, loadDraft, saveAuthorName, saveDraft } from '../shared/drafts.js';
import { newIdempotencyKey } from '../shared/idempotency.js';
import { StoreController } from '../shared/store-controller.js';
import { styleProperties } from '../shared/style-properties.js';
import { closedNotice, closedStyles } from './closed.js';
import { styles } from './reply-form.styles.js';

/** What is about to be posted. */
export interface PostDetail {
  body: string;
  parentId: string | null;
}

/** Fired before a comment is sent; cancel it to stop the post (the text stays). */
export class ConfabPostEvent extends CustomEvent<PostDetail> {
  constructor(detail: PostDetail) {
    super('confab-post', { detail, bubbles: true, composed: true, cancelable: true });
  }
}

/** Fired after the adapter accepted a comment. */
export class ConfabPostedEvent extends CustomEvent<{ comment: Comment }> {
  constructor(comment: Comment) {
    super('confab-posted', { detail: { comment }, bubbles: true, composed: true });
  }
}

/** Fired when the reader dismisses an inline reply form (Escape or Cancel). */
export class ConfabCancelEvent extends Event {
  constructor() {
    super('confab-cancel', { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'confab-post': ConfabPostEvent;
    'confab-posted': ConfabPostedEvent;
    'confab-cancel': ConfabCancelEvent;
  }
}

/** The reader who is signed in on the host site; posts use it instead of asking for a name. */
export interface SignedInAuthor {
  name: string;
  email?: string;
  url?: string;
}

type Tab = 'write' | 'preview';
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
 * @csspart fields - The name and email fields.
 * @csspart label - A field's label.
 * @csspart input - The name and email inputs.
 * @csspart field-error - A validation message under a field.
 * @csspart error - The message shown when posting failed.
 * @csspart retry - The retry button in that message.
 * @csspart actions - The line with the shortcut hint and the buttons.
 * @csspart hint - The keyboard shortcut hint.
 * @csspart cancel - The cancel button of an inline reply form.
 * @csspart submit - The post button.
 * @csspart closed - "Comments are closed.", shown instead of the form on a closed thread.
 *
 * @cssprop --confab-field-bg - Background of the text and the inputs.
 * @cssprop --confab-textarea-min-height - Height of the empty text box.
 * @cssprop --confab-textarea-max-height - Height at which the text box stops growing and scrolls.
 * @cssprop --confab-button-bg - Background of the post button (default: the accent colour).
 * @cssprop --confab-button-text - Text colour of the post button.
 */
export class ReplyForm extends LitElement {
  static override styles = [tokens, reset, visuallyHidden, styles, closedStyles];

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
    this.posting = true;
    this.failure = null;
    this.announcement = '';
    try {
      const comment = await store.post({
        parentId,
        body,
        author,
        idempotencyKey,
        honeypot: this.honeypotInput?.value || undefined,
      });
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

  private get _locale(): string | undefined {
    return this.lang || undefined;
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
        @submit=${this._onSubmit}
        @keydown=${this._onKeydown}
      >
        ${inline
          ? nothing
          : html`<div id="heading" part="heading" role="heading" aria-level=${clampLevel(this.headingLevel)}>${title}</div>
              ${this.label ? html`<span id="label" hidden>${this.label}</span>` : nothing}`}
        <div part="editor" class=${bodyInvalid ? 'editor invalid' : 'editor'}>
          <div part="tabs" role="tablist" aria-label=${t('form.body', {}, lang)} @keydown=${this._onTabKeydown}>
            ${this._renderTab('write', t('form.write', {}, lang))} ${this._renderTab('preview', t('form.preview', {}, lang))}
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
        ${this.author ? nothing : this._renderGuestFields()} ${this._renderHoneypot()} ${this._renderFailure()}
        <div part="actions">
          <span part="hint" aria-hidden="true">${t('form.shortcut', {}, lang)}</span>
          <div class="buttons">
            ${inline
              ? html`<button type="button" part="cancel" @click=${this._cancel}>${t('form.cancel', {}, lang)}</button>`
              : nothing}
            <button type="submit" part="submit" aria-disabled=${this.posting ? 'true' : 'false'}>
              ${this.posting
                ? html`<span class="spinner" aria-hidden="true"></span>${t('form.posting', {}, lang)}`
                : t(inline ? 'form.submitReply' : 'form.submit', {}, lang)}
            </button>
          </div>
        </div>
        <div role="status" class="visually-hidden">${this.announcement}</div>
      </form>
    `;
  }

  private _renderTab(tab: Tab, label: string): TemplateResult {
    const selected = this.tab === tab;
    return html`<button
      type="button"
      role="tab"
      id="${tab}-tab"
      part="tab"
      data-tab=${tab}
      aria-selected=${selected ? 'true' : 'false'}
      aria-controls="${tab}-panel"
      tabindex=${selected ? '0' : '-1'}
      @click=${this._onTabClick}
    >
      ${label}
    </button>`;
  }

  private _renderGuestFields(): TemplateResult {
    const lang = this._locale;
    return html`<div part="fields">
      <div class="field">
        <label for="name" part="label">${t('form.name', {}, lang)}</label>
        <input
          id="name"
          name="name"
          part="input"
          type="text"
          autocomplete="name"
          maxlength="100"
          required
          aria-invalid=${this.nameMissing ? 'true' : 'false'}
          aria-describedby=${ifDefined(this.nameMissing ? 'name-error' : undefined)}
          ?readonly=${this.posting}
          .value=${live(this.name)}
          @input=${this._onNameInput}
          @change=${this._onNameChange}
        />
        ${this.nameMissing ? html`<p id="name-error" part="field-error">${t('form.nameRequired', {}, lang)}</p>` : nothing}
      </div>
      <div class="field">
        <label for="email" part="label">${t('form.email', {}, lang)}</label>
        <input
          id="email"
          name="email"
          part="input"
          type="email"
          autocomplete="email"
          maxlength="254"
          aria-invalid=${this.emailInvalid ? 'true' : 'false'}
          aria-describedby=${ifDefined(this.emailInvalid ? 'email-error' : undefined)}
          ?readonly=${this.posting}
          .value=${live(this.email)}
          @input=${this._onEmailInput}
        />
        ${this.emailInvalid ? html`<p id="email-error" part="field-error">${t('form.emailInvalid', {}, lang)}</p>` : nothing}
      </div>
    </div>`;
  }

  private _renderHoneypot(): TemplateResult {
    return html`<div class="honeypot" aria-hidden="true">
      <label for="website">${t('form.honeypot', {}, this._locale)}</label>
      <input id="website" name="website" type="text" tabindex="-1" autocomplete="off" />
    </div>`;
  }

  private _renderFailure(): TemplateResult | typeof nothing {
    if (!this.failure) return nothing;
    const lang = this._locale;
    return html`<div part="error" role="alert">
      <span class="message">${this.failure.message}</span>
      ${this.failure.retryable
        ? html`<button type="button" part="retry" @click=${this._submit}>${t('form.retry', {}, lang)}</button>`
        : nothing}
    </div>`;
  }

  private _replyTitle(): string {
    const parent = this.parentId ? this._data.store?.comment(this.parentId) : undefined;
    const name = parent?.author.name.trim() || t('comment.anonymous', {}, this._locale);
    return t('form.replyTitle', { name }, this._locale);
  }
}

/** Characters as a reader counts them: an emoji is one, not two UTF-16 units. */
function countCharacters(text: string): number {
  // a surrogate pair is one character; a lone surrogate still counts as one
  return text.length - (text.match(/[\ud800-\udbff][\udc00-\udfff]/g)?.length ?? 0);
}

/** Remaining characters at which the counter starts warning. */
function nearThreshold(max: number): number {
  return Math.max(10, Math.min(200, Math.round(max * 0.1)));
}

function clampLevel(level: number): string {
  return String(Number.isInteger(level) ? Math.min(6, Math.max(1, level)) : 2);
}
