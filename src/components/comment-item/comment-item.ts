import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { AdapterError, type CommentAdapter, type ReportCommentRequest } from '../../model/adapter.js';
import type { Comment } from '../../model/comment.js';
import { avatarColor, initials } from '../../render/avatar.js';
import { errorMessage, resolveLang, t } from '../../render/i18n.js';
import { renderMarkdown, safeUrl } from '../../render/sanitize.js';
import { formatRelative, nextTick } from '../../render/time.js';
import { CLOSED_KEY, toAdapterError, type ThreadStore } from '../../store/thread-store.js';
import { reset, tokens, visuallyHidden } from '../../styles/tokens.js';
import type { ConfabPostedEvent, SignedInAuthor } from '../reply-form/reply-form.js';
import { StoreController } from '../shared/store-controller.js';
import { styleProperties } from '../shared/style-properties.js';
import { commentItemStyles } from './comment-item.styles.js';

/** What a comment event is about. */
export interface CommentEventDetail {
  commentId: string;
}

/** Fired when the reader asks to reply, before the form opens; cancel it to keep the form closed. */
export class ConfabReplyEvent extends CustomEvent<CommentEventDetail> {
  constructor(commentId: string) {
    super('confab-reply', { detail: { commentId }, bubbles: true, composed: true, cancelable: true });
  }
}

/** Fired after the reader saved an edit of their comment. */
export class ConfabEditEvent extends CustomEvent<CommentEventDetail & { comment: Comment }> {
  constructor(comment: Comment) {
    super('confab-edit', { detail: { commentId: comment.id, comment }, bubbles: true, composed: true });
  }
}

/** Fired when the reader confirmed a deletion, before it is sent; cancel it to keep the comment. */
export class ConfabDeleteEvent extends CustomEvent<CommentEventDetail> {
  constructor(commentId: string) {
    super('confab-delete', { detail: { commentId }, bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'confab-reply': ConfabReplyEvent;
    'confab-edit': ConfabEditEvent;
    'confab-delete': ConfabDeleteEvent;
  }
}

/** Part names of `<comment-item>`. */
const PART_NAMES = [
  'base', 'content', 'avatar', 'header', 'author', 'meta', 'permalink', 'time', 'edited', 'pending',
  'in-reply-to', 'body', 'deleted', 'footer', 'reactions', 'actions', 'action', 'reply-button',
  'edit-button', 'delete-button', 'editor', 'confirm', 'error', 'reply-form', 'replies',
  'more-replies', 'continue', 'edit-window', 'report-button', 'report', 'report-status', 'status',
];

/** `exportparts` of a nested `<comment-item>`: its parts keep their names one level up. */
export const COMMENT_ITEM_PARTS = PART_NAMES.join(', ');

/**
 * `exportparts` of a `<comment-item>` inside another element: its parts (and those of its replies)
 * get `prefix` there, so `comment-thread::part(comment-body)` cannot clash with the thread's own.
 */
export function commentItemParts(prefix: string): string {
  return PART_NAMES.map((name) => `${name}:${prefix}${name}`).join(', ');
}

/**
 * Levels a "Continue this thread" expansion may still descend. The store already refuses parent
 * cycles; this bounds the recursion even if a broken adapter slips one through.
 */
const CONTINUE_LIMIT = 64;
const PENDING_PREFIX = 'pending:';

type ReportReason = ReportCommentRequest['reason'];
const REPORT_REASONS: readonly ReportReason[] = ['spam', 'abuse', 'off-topic', 'other'];

/**
 * One comment with its replies. Rendered by `<comment-thread>`, which hands down its store; it
 * also works standalone (`thread-id`, `comment-id` and an adapter) for a comment that the thread's
 * store already holds: loading a single comment by id is not part of the adapter contract, so a
 * standalone item shows nothing until some element of the page has loaded that comment.
 *
 * Replies are nested up to `max-depth` levels below the top-level comment (depth 0). A comment on
 * the last level with replies offers "Continue this thread", which shows all deeper replies in one
 * flat list under it, each marked with whom it answers, instead of indenting further.
 *
 * @summary A comment: avatar, author, time, body, reactions, actions and nested replies.
 *
 * @fires confab-reply - Reply pressed, before the form opens; cancelable. `detail: { commentId }`.
 * @fires confab-edit - An edit was saved. `detail: { commentId, comment }`.
 * @fires confab-delete - Deletion confirmed, before it is sent; cancelable. `detail: { commentId }`.
 *
 * @csspart base - The comment's `<article>`, replies included.
 * @csspart content - The comment itself, without its replies.
 * @csspart avatar - The avatar picture or initials.
 * @csspart header - The line with author and time.
 * @csspart author - The author's name (a link when the author gave a web address).
 * @csspart meta - Time, "edited" and status marks.
 * @csspart permalink - The link to this comment (the time).
 * @csspart time - The `<time>` element.
 * @csspart edited - The "edited" mark.
 * @csspart pending - The "pending moderation" mark.
 * @csspart in-reply-to - "In reply to …", shown on replies in a continued thread.
 * @csspart body - The rendered comment text.
 * @csspart deleted - The placeholder text of a deleted comment.
 * @csspart footer - The line with reactions and actions.
 * @csspart reactions - The `<reaction-counter>`.
 * @csspart actions - The action buttons.
 * @csspart action - Each action button.
 * @csspart reply-button - The Reply button.
 * @csspart edit-button - The Edit button.
 * @csspart delete-button - The Delete button.
 * @csspart editor - The inline editor.
 * @csspart confirm - The inline delete confirmation.
 * @csspart error - An inline error message.
 * @csspart reply-form - The inline `<reply-form>`.
 * @csspart replies - The list of replies.
 * @csspart more-replies - The "Show N more replies" button.
 * @csspart continue - The "Continue this thread" button.
 * @csspart edit-window - "You can edit for …": the time left to edit or delete the viewer's comment.
 * @csspart report-button - The Report button (on others' comments, when the adapter takes reports).
 * @csspart report - The inline report form: reasons, an optional note, Send and Cancel.
 * @csspart report-status - The report's progress and thanks, announced politely.
 * @csspart status - "Loading the comment…", standalone while the comment is fetched.
 *
 * @cssprop --confab-avatar-size - Size of the avatar; also sets the reply indentation.
 * @cssprop --confab-reply-line-color - Colour of the line that joins replies to their comment.
 * @cssprop --confab-color-accent - Links and active controls.
 * @cssprop --confab-color-text-muted - Secondary text: time, marks, actions.
 */
export class CommentItem extends LitElement {
  static override styles = [tokens, reset, visuallyHidden, commentItemStyles];

  /** `lang` is a native attribute; observing it lets a change re-render the texts. */
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  private readonly _data = new StoreController(this, () => (this.commentId ? [this.commentId, CLOSED_KEY] : []));

  @query('article') private article?: HTMLElement;
  @query('.reply-button') private replyButton?: HTMLButtonElement;
  @query('.edit-button') private editButton?: HTMLButtonElement;
  @query('.delete-button') private deleteButton?: HTMLButtonElement;
  @query('reply-form') private replyForm?: HTMLElement;
  @query('.editor textarea') private editorText?: HTMLTextAreaElement;
  @query('.confirm .cancel') private confirmCancel?: HTMLButtonElement;
  @query('.report-button') private reportButton?: HTMLButtonElement;
  @query('.report [type="submit"]') private reportSubmit?: HTMLButtonElement;
  @query('.edit-window') private editWindow?: HTMLElement;

  @state() private replying = false;
  @state() private editing = false;
  @state() private editBody = '';
  @state() private saving = false;
  @state() private editError: AdapterError | null = null;
  @state() private conflict: Comment | null = null;
  @state() private confirmingDelete = false;
  @state() private deleting = false;
  @state() private deleteError: AdapterError | null = null;
  @state() private expanded = false;
  @state() private avatarFailed = false;
  @state() private reporting = false;
  @state() private reportReason: ReportReason | undefined;
  @state() private reportNote = '';
  @state() private reportSending = false;
  /** why the last Send did not go through: no reason chosen, or the adapter's error */
  @state() private reportProblem: 'reason' | AdapterError | null = null;
  @state() private reported = false;
  /** Standalone (no store handed down): fetching the comment by itself, or why that failed. */
  @state() private fetching: 'loading' | 'missing' | AdapterError | null = null;
  /** the store and id last fetched standalone, so that each is asked once */
  private _fetched: [ThreadStore, string] | undefined;
  private _fetchAbort: AbortController | undefined;
  /** this comment's ids from the top, made only for an item that shows replies */
  private _path: readonly string[] | undefined;
  /** the UI language, resolved once per render (own `lang`, an ancestor's across shadow roots, the page's) */
  private _uiLang = 'en';

  /** Id of the thread; needed only standalone (inside a thread the store is handed down). */
  @property({ attribute: 'thread-id' }) threadId = '';
  /** Id of the comment to show. */
  @property({ attribute: 'comment-id' }) commentId = '';
  /** Nesting level: 0 for a top-level comment. */
  @property({ type: Number }) depth = 0;
  /** Reply levels shown nested below a top-level comment before "Continue this thread". */
  @property({ attribute: 'max-depth', type: Number }) maxDepth = 4;
  /** Set on replies inside a continued thread: they list their own replies flat, not indented. */
  @property({ type: Boolean, reflect: true }) flat = false;
  /** The data source, standalone; wins over the `adapter` attribute and the page default. */
  @property({ attribute: false }) adapter?: CommentAdapter;
  /** The thread's store, handed down by `<comment-thread>` or a parent comment. */
  @property({ attribute: false }) store?: ThreadStore;
  /** The signed-in reader, handed to inline reply forms. */
  @property({ attribute: false }) author?: SignedInAuthor;
  /** Ids of the comments above this one; a reply that is its own ancestor is not drawn again. */
  @property({ attribute: false }) ancestors: readonly string[] = [];
  /**
   * Position among the thread's top-level comments (`aria-posinset`), 0 when not in a feed.
   * Written straight to the article, without a re-render: one comment added at the top of a feed
   * shifts every position, and that must not re-render every comment.
   */
  get position(): number {
    return this._position;
  }
  set position(value: number) {
    if (value === this._position) return;
    this._position = value;
    this._applyFeedPosition();
  }

  /**
   * Number of top-level comments of the thread (`aria-setsize`); -1 when unknown. Written
   * straight to the article like `position`: every new comment changes it for every item.
   */
  get setSize(): number {
    return this._setSize;
  }
  set setSize(value: number) {
    if (value === this._setSize) return;
    this._setSize = value;
    this._applyFeedPosition();
  }

  private _position = 0;
  private _setSize = 0;
  /** the article as of the last render: the feed position setters run for every item, unqueried */
  private _renderedArticle: HTMLElement | undefined;
  /** the creation time as last formatted, reused until its text changes (see `_scheduleTime`) */
  private _time: { iso: string; lang: string; until: number; value: RelativeTime } | undefined;

  // ---- lifecycle -------------------------------------------------------------------------------

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang') this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    anchors.register(this);
    // a moved item is not re-rendered: its countdown resumes here
    this._tickEditWindow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    ticker.cancel(this);
    watchCountdown(this._tickEditWindow, false);
    anchors.unregister(this);
    this._fetchAbort?.abort();
    this._fetched = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this._data.sync();
    this._fetchStandalone();
    if (changed.has('commentId')) {
      this.replying = this.editing = this.confirmingDelete = this.reporting = this.reported = false;
      this.reportReason = undefined;
      this.reportNote = '';
      this.reportProblem = null;
      this.avatarFailed = false;
      anchors.register(this);
    }
    if (changed.has('ancestors') || changed.has('commentId')) this._path = undefined;
  }

  protected override updated(): void {
    this._tickEditWindow();
    const article = this.article ?? undefined;
    this._renderedArticle = article;
    this._applyFeedPosition();
    if (article && anchors.isTarget(this)) anchors.reveal(this);
  }

  // ---- event handlers --------------------------------------------------------------------------

  private _onReplyClick(): void {
    if (this.replying) {
      this._closeReply();
      return;
    }
    if (!this.dispatchEvent(new ConfabReplyEvent(this.commentId))) return;
    this.replying = true;
    void this.updateComplete.then(() => this.replyForm?.focus());
  }

  private _closeReply(): void {
    this.replying = false;
    void this.updateComplete.then(() => this.replyButton?.focus());
  }

  private async _onReplyPosted(event: ConfabPostedEvent): Promise<void> {
    const id = event.detail.comment?.id;
    this.replying = false;
    // a reply below the last nested level shows once the thread is continued here
    if (this.depth >= this.maxDepth) this.expanded = true;
    await this.updateComplete;
    const reply = id ? this._childItem(id) : undefined;
    if (reply) {
      await reply.updateComplete;
      reply.focusComment();
    } else {
      this.replyButton?.focus();
    }
  }

  private _onEditClick(): void {
    const comment = this._comment;
    if (!comment) return;
    this.editing = true;
    this.editBody = comment.body;
    this.editError = null;
    this.conflict = null;
    void this.updateComplete.then(() => {
      const textarea = this.editorText;
      textarea?.focus();
      textarea?.setSelectionRange(textarea.value.length, textarea.value.length);
    });
  }

  private _onEditInput(event: InputEvent): void {
    this.editBody = (event.target as HTMLTextAreaElement).value;
  }

  private _onEditKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this._cancelEdit();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this._saveEdit();
    }
  }

  private _cancelEdit(): void {
    this.editing = false;
    this.editError = null;
    this.conflict = null;
    // once the edit window has closed there is no Edit button to return to
    void this.updateComplete.then(() => (this.editButton ?? this.article)?.focus());
  }

  private async _saveEdit(): Promise<void> {
    const store = this._data.store;
    if (!store || this.saving || !(timeLeft(this._comment) > 0)) return;
    const body = this.editBody;
    if (!body.trim()) {
      // the reader sees the sentence of the code and field, never the message
      this.editError = new AdapterError('validation', 'empty', { field: 'body' });
      return;
    }
    this.saving = true;
    this.editError = null;
    try {
      const saved = await store.edit(this.commentId, body);
      this.saving = false;
      this.editing = false;
      this.conflict = null;
      this.dispatchEvent(new ConfabEditEvent(saved));
      await this.updateComplete;
      this.editButton?.focus();
    } catch (error) {
      this.saving = false;
      const failure = toAdapterError(error);
      if (failure.code === 'conflict' && failure.current) {
        // Someone changed it meanwhile: show their version, keep the reader's text, and let the
        // next Save go against the version now shown.
        store.applyEvent({ type: 'edited', comment: failure.current });
        this.conflict = failure.current;
      }
      this.editError = failure;
      await this.updateComplete;
      this.editorText?.focus();
    }
  }

  private _onDeleteClick(): void {
    this.confirmingDelete = true;
    this.deleteError = null;
    void this.updateComplete.then(() => this.confirmCancel?.focus());
  }

  private _onConfirmKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.stopPropagation();
      this._cancelDelete();
    }
  }

  private _cancelDelete(): void {
    this.confirmingDelete = false;
    this.deleteError = null;
    void this.updateComplete.then(() => (this.deleteButton ?? this.article)?.focus());
  }

  private async _confirmDelete(): Promise<void> {
    const store = this._data.store;
    if (!store || this.deleting) return;
    if (!this.dispatchEvent(new ConfabDeleteEvent(this.commentId))) {
      this._cancelDelete();
      return;
    }
    // Decided before the item may vanish: where focus goes if it does.
    const fallback = this._focusAfterRemoval();
    this.deleting = true;
    this.deleteError = null;
    try {
      await store.remove(this.commentId);
      this.deleting = false;
      this.confirmingDelete = false;
      await this.updateComplete;
      if (this.isConnected && store.comment(this.commentId)) this.focusComment();
      else fallback?.();
    } catch (error) {
      this.deleting = false;
      this.deleteError = toAdapterError(error);
    }
  }

  /**
   * Writes the time left to edit into the countdown, the only text that changes every second: no
   * re-render until the window closes, and then one that takes Edit and Delete away.
   */
  private readonly _tickEditWindow = (): void => {
    const left = timeLeft(this._comment);
    // most comments have no edit window, and so no countdown to look for
    const countdown = left < Infinity ? this.editWindow : null;
    if (!countdown || !this.isConnected) {
      watchCountdown(this._tickEditWindow, false);
    } else if (left > 0) {
      const text = t('comment.editWindow', { time: formatDuration(left, this._uiLang) }, this._uiLang);
      if (countdown.textContent !== text) countdown.textContent = text;
      watchCountdown(this._tickEditWindow, true);
    } else {
      watchCountdown(this._tickEditWindow, false);
      const focused = this.shadowRoot?.activeElement;
      this.confirmingDelete = false;
      this.requestUpdate();
      // focus on a vanished button goes to the editor (which keeps the text), else the comment
      void this.updateComplete.then(() => focused?.isConnected === false && (this.editorText ?? this.article)?.focus());
    }
  };

  private _onReportClick(): void {
    if (this.reported) return;
    if (this.reporting) {
      this._closeReport();
      return;
    }
    this.reporting = true;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.report input')?.focus());
  }

  private _onReportKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this._closeReport();
    }
  }

  private _closeReport(): void {
    this.reporting = false;
    this.reportProblem = null;
    void this.updateComplete.then(() => this.reportButton?.focus());
  }

  private _onReportReason(event: Event): void {
    this.reportReason = (event.target as HTMLInputElement).value as ReportReason;
    if (this.reportProblem === 'reason') this.reportProblem = null;
  }

  private _onReportNote(event: InputEvent): void {
    this.reportNote = (event.target as HTMLTextAreaElement).value;
  }

  private _onReportRetry(): void {
    // the Retry button goes away while sending: keep focus in the form
    this.reportSubmit?.focus();
    void this._sendReport();
  }

  private async _sendReport(event?: Event): Promise<void> {
    event?.preventDefault();
    const store = this._data.store;
    const reason = this.reportReason;
    if (!store?.adapter.reportComment || this.reportSending || this.reported) return;
    if (!reason) {
      this.reportProblem = 'reason';
      this.renderRoot.querySelector<HTMLElement>('.report input')?.focus();
      return;
    }
    this.reportSending = true;
    this.reportProblem = null;
    try {
      // straight to the adapter: a report changes nothing the store holds
      await store.adapter.reportComment({
        threadId: store.threadId,
        commentId: this.commentId,
        reason,
        note: this.reportNote.trim() || undefined,
      });
      this.reported = true;
      await this.updateComplete;
      this.reportButton?.focus();
    } catch (error) {
      this.reportProblem = toAdapterError(error);
    } finally {
      this.reportSending = false;
    }
  }

  private _onShowMoreReplies(): void {
    void this._data.store?.loadReplies(this.commentId);
  }

  private _onContinue(): void {
    this.expanded = true;
    const store = this._data.store;
    if (store && store.replies(this.commentId).ids.length === 0) void store.loadReplies(this.commentId);
    void this.updateComplete.then(async () => {
      const first = this.renderRoot.querySelector<CommentItem>('.replies comment-item');
      if (first) {
        await first.updateComplete;
        first.focusComment();
      }
    });
  }

  private _onAvatarError(): void {
    this.avatarFailed = true;
  }

  private _onPermalinkClick(): void {
    // Following the link changes the hash only when it differs; reveal it either way.
    if (location.hash === `#${anchorId(this.commentId)}`) anchors.reveal(this);
  }

  // ---- public methods --------------------------------------------------------------------------

  /** Moves focus to the comment (its article), e.g. after posting it or following its permalink. */
  focusComment(options?: FocusOptions): void {
    this.article?.focus(options);
  }

  // ---- render ----------------------------------------------------------------------------------

  /**
   * A `<comment-item>` placed on its own (not handed a store by a thread) loads its comment
   * itself: the store finds it through the adapter's `locate`, loading the pages that hold it.
   */
  private _fetchStandalone(): void {
    const store = this._data.store;
    const id = this.commentId;
    if (!store || !id || this.store || store.comment(id)) {
      if (this.fetching === 'loading' || !id) this.fetching = null;
      return;
    }
    if (this._fetched?.[0] === store && this._fetched[1] === id) return;
    this._fetched = [store, id];
    this._fetchAbort?.abort();
    const abort = (this._fetchAbort = new AbortController());
    this.fetching = 'loading';
    store.locate(id, abort.signal).then(
      (found) => {
        if (!abort.signal.aborted) this.fetching = found ? null : 'missing';
      },
      (error: unknown) => {
        if (!abort.signal.aborted) this.fetching = toAdapterError(error);
      },
    );
  }

  // a method, not a bound field: Lit calls listeners with the element as `this`
  private _onFetchRetry(): void {
    this._fetched = undefined;
    this.requestUpdate();
  }

  private _renderFetching(): TemplateResult | typeof nothing {
    const state = this.fetching;
    const lang = this._uiLang;
    if (!state) return nothing;
    if (state === 'loading') return html`<p part="status" class="status" role="status">${t('comment.loading', {}, lang)}</p>`;
    return html`<p part="error" class="error" role="alert">
      ${state === 'missing' ? t('error.not_found', {}, lang) : errorMessage(state, lang)}
      ${state === 'missing'
        ? nothing
        : html`<button class="text-button" type="button" @click=${this._onFetchRetry}>${t('action.retry', {}, lang)}</button>`}
    </p>`;
  }

  private get _comment(): Comment | undefined {
    return this.commentId ? this._data.store?.comment(this.commentId) : undefined;
  }



  override render(): TemplateResult | typeof nothing {
    this._uiLang = resolveLang(this);
    const store = this._data.store;
    const comment = this._comment;
    if (!store || !comment) {
      ticker.cancel(this);
      return this._renderFetching();
    }
    const lang = this._uiLang;
    const deleted = comment.status === 'deleted';
    const name = comment.author.name.trim() || t('comment.anonymous', {}, lang);
    const time = this._scheduleTime(comment.createdAt, lang);
    const label = deleted
      ? t('comment.deleted', {}, lang)
      : t('comment.by', { name, time: time.text }, lang);
    return html`
      <article
        part="base"
        id=${anchorId(comment.id)}
        tabindex="-1"
        aria-label=${label}
      >
        <div part="content" class="comment">
          ${deleted ? html`<div part="avatar" class="avatar deleted" aria-hidden="true"></div>` : this._renderAvatar(comment)}
          <div class="main">
            ${deleted ? this._renderDeleted(time) : this._renderComment(store, comment, name, time)}
          </div>
        </div>
        ${this.replying && !deleted
          ? html`<reply-form
              part="reply-form"
              class="reply-form"
              lang=${ifDefined(this.lang || undefined)}
              .store=${store}
              .threadId=${store.threadId}
              .parentId=${comment.id}
              .author=${this.author}
              @confab-posted=${this._onReplyPosted}
              @confab-cancel=${this._closeReply}
            ></reply-form>`
          : nothing}
        ${this._renderReplies(store, comment)}
      </article>
    `;
  }

  private _renderAvatar(comment: Comment): TemplateResult {
    const url = this.avatarFailed ? undefined : safeUrl(comment.author.avatarUrl);
    const seed = comment.author.id || comment.author.name;
    if (url) {
      return html`<div part="avatar" class="avatar" aria-hidden="true">
        <img src=${url} alt="" referrerpolicy="no-referrer" loading="lazy" decoding="async" @error=${this._onAvatarError} />
      </div>`;
    }
    const generated = generatedAvatar(comment.author.name, seed);
    return html`<div part="avatar" class="avatar" aria-hidden="true" ${styleProperties({ '--_avatar-bg': generated.color })}>
      ${generated.initials}
    </div>`;
  }

  private _renderComment(store: ThreadStore, comment: Comment, name: string, time: RelativeTime): TemplateResult {
    const lang = this._uiLang;
    const url = safeUrl(comment.author.url);
    const temporary = comment.id.startsWith(PENDING_PREFIX);
    const edited = comment.editedAt ? formatRelative(comment.editedAt, Date.now(), lang) : undefined;
    return html`
      <div part="header" class="header">
        ${url
          ? html`<a part="author" class="author" href=${url} rel="ugc nofollow noopener" target="_blank" title=${name}
              ><bdi>${name}</bdi></a
            >`
          : html`<span part="author" class="author" title=${name}><bdi>${name}</bdi></span>`}
        <span part="meta" class="meta">
          ${temporary
            ? html`<span>${t('form.posting', {}, lang)}</span>`
            : html`<a
                part="permalink"
                class="permalink"
                href="#${anchorId(comment.id)}"
                @click=${this._onPermalinkClick}
                ><time part="time" datetime=${ifDefined(time.datetime || undefined)} title=${ifDefined(time.title || undefined)}
                  >${time.text}</time
                ><span class="visually-hidden">, ${t('comment.permalinkLabel', {}, lang)}</span></a
              >`}
          ${edited || comment.status === 'pending'
            ? html`${edited
                ? html`<span part="edited" title=${ifDefined(edited.title || undefined)}>${t('comment.edited', {}, lang)}</span>`
                : nothing}
              ${comment.status === 'pending' ? html`<span part="pending" class="badge">${t('comment.pending', {}, lang)}</span>` : nothing}`
            : nothing}
        </span>
      </div>
      ${this.flat ? this._renderInReplyTo(store, comment) : nothing}
      ${this.editing ? this._renderEditor() : html`<div part="body" class="body" dir="auto">${renderMarkdown(comment.body)}</div>`}
      ${temporary || this.editing ? nothing : this._renderFooter(store, comment)}
      ${this.confirmingDelete ? this._renderConfirm() : this.reporting ? this._renderReport() : nothing}
    `;
  }

  private _renderDeleted(time: RelativeTime): TemplateResult {
    return html`<p part="deleted" class="deleted-text">
      ${t('comment.deleted', {}, this._uiLang)}
      <span class="visually-hidden"><time datetime=${ifDefined(time.datetime || undefined)}>${time.text}</time></span>
    </p>`;
  }

  private _renderInReplyTo(store: ThreadStore, comment: Comment): TemplateResult | typeof nothing {
    const parent = comment.parentId ? store.comment(comment.parentId) : undefined;
    if (!parent) return nothing;
    const name =
      parent.status === 'deleted'
        ? t('comment.deleted', {}, this._uiLang)
        : parent.author.name.trim() || t('comment.anonymous', {}, this._uiLang);
    return html`<div part="in-reply-to" class="in-reply-to" title=${name}>
      ${t('comment.inReplyTo', { name: '\u2068' + name + '\u2069' }, this._uiLang)}
    </div>`;
  }

  private _renderFooter(store: ThreadStore, comment: Comment): TemplateResult {
    const lang = this._uiLang;
    const adapter = store.adapter;
    const viewer = comment.viewer;
    const left = timeLeft(comment);
    const canEdit = Boolean(viewer?.canEdit && left > 0 && typeof adapter.edit === 'function');
    const canDelete = Boolean(viewer?.canDelete && left > 0 && typeof adapter.delete === 'function');
    // an edit window is the author's: a comment that has one (even closed) is the viewer's own
    const canReport = !viewer?.canEdit && !viewer?.canDelete && !viewer?.editableUntil && typeof adapter.reportComment === 'function';
    return html`
      <div part="footer" class="footer">
        <reaction-counter
          part="reactions"
          lang=${ifDefined(this.lang || undefined)}
          .store=${store}
          .threadId=${store.threadId}
          .commentId=${comment.id}
        ></reaction-counter>
        <div part="actions" class="actions">
          <button
            part="action reply-button"
            class="action reply-button"
            type="button"
            ?hidden=${store.state.closed}
            aria-expanded=${this.replying ? 'true' : 'false'}
            @click=${this._onReplyClick}
          >
            <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"><path d="M6.5 3.5 2.5 7.5l4 4"/><path d="M2.5 7.5h6.5a4.5 4.5 0 0 1 4.5 4.5v.5"/></svg>${t('comment.reply', {}, lang)}
          </button>
          ${canEdit
            ? html`<button part="action edit-button" class="action edit-button" type="button" @click=${this._onEditClick}>
                ${t('comment.edit', {}, lang)}
              </button>`
            : nothing}
          ${canDelete
            ? html`<button
                part="action delete-button"
                class="action delete-button"
                type="button"
                aria-expanded=${this.confirmingDelete ? 'true' : 'false'}
                @click=${this._onDeleteClick}
              >
                ${t('comment.delete', {}, lang)}
              </button>`
            : nothing}
          ${canReport
            ? html`<button
                part="action report-button"
                class="action report-button"
                type="button"
                aria-expanded=${this.reported ? nothing : String(this.reporting)}
                aria-disabled=${this.reported ? 'true' : nothing}
                @click=${this._onReportClick}
              >
                ${t(this.reported ? 'report.done' : 'comment.report', {}, lang)}
              </button>`
            : nothing}
        </div>
        ${(canEdit || canDelete) && left < Infinity ? countdown : nothing}
      </div>
    `;
  }

  private _renderEditor(): TemplateResult {
    const lang = this._uiLang;
    const conflict = this.conflict;
    const left = timeLeft(this._comment);
    return html`
      <div part="editor" class="editor" @keydown=${this._onEditKeydown}>
        ${conflict
          ? html`<div class="conflict">
              <p class="error" part="error" role="alert">${t('comment.conflict', {}, lang)}</p>
              <div class="current body" dir="auto">${renderMarkdown(conflict.body)}</div>
            </div>`
          : nothing}
        <textarea
          aria-label=${t('comment.editLabel', {}, lang)}
          aria-describedby=${ifDefined(this.editError && !conflict ? 'edit-error' : undefined)}
          .value=${live(this.editBody)}
          ?disabled=${this.saving}
          @input=${this._onEditInput}
        ></textarea>
        ${this.editError && !conflict
          ? html`<p id="edit-error" class="error" part="error" role="alert">${errorMessage(this.editError, lang)}</p>`
          : nothing}
        ${left > 0 ? nothing : html`<p class="error" part="error" role="alert">${t('comment.editClosed', {}, lang)}</p>`}
        <div class="buttons">
          ${left > 0 && left < Infinity ? countdown : nothing}
          <button class="button" type="button" ?disabled=${this.saving} @click=${this._cancelEdit}>
            ${t('form.cancel', {}, lang)}
          </button>
          ${left > 0
            ? html`<button class="button primary" type="button" aria-disabled=${this.saving ? 'true' : 'false'} @click=${this._saveEdit}>
                ${this.saving ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}${t('comment.save', {}, lang)}
              </button>`
            : nothing}
        </div>
      </div>
    `;
  }

  private _renderConfirm(): TemplateResult {
    const lang = this._uiLang;
    return html`
      <div part="confirm" class="confirm" role="group" aria-labelledby="confirm-text" @keydown=${this._onConfirmKeydown}>
        <p id="confirm-text">${t('comment.deleteConfirm', {}, lang)}</p>
        <div class="buttons">
          <button class="button danger" type="button" aria-disabled=${this.deleting ? 'true' : 'false'} @click=${this._confirmDelete}>
            ${this.deleting ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}${t('comment.delete', {}, lang)}
          </button>
          <button class="button cancel" type="button" @click=${this._cancelDelete}>${t('form.cancel', {}, lang)}</button>
        </div>
        ${this.deleteError
          ? html`<p class="error" part="error" role="alert">${errorMessage(this.deleteError, lang)}</p>`
          : nothing}
      </div>
    `;
  }

  private _renderReport(): TemplateResult {
    const lang = this._uiLang;
    const problem = this.reportProblem;
    const sending = this.reportSending;
    return html`
      <div part="report" class="report" @keydown=${this._onReportKeydown}>
        ${this.reported
          ? nothing
          : html`<form @submit=${this._sendReport}>
              <fieldset aria-describedby=${ifDefined(problem ? 'report-error' : undefined)}>
                <legend>${t('report.title', {}, lang)}</legend>
                ${REPORT_REASONS.map(
                  (reason) => html`<label>
                    <input
                      type="radio"
                      name="reason"
                      value=${reason}
                      .checked=${live(this.reportReason === reason)}
                      @change=${this._onReportReason}
                    />${t(`report.${reason}`, {}, lang)}
                  </label>`,
                )}
              </fieldset>
              <label class="note">
                ${t('report.note', {}, lang)}
                <textarea maxlength="500" .value=${live(this.reportNote)} @input=${this._onReportNote}></textarea>
              </label>
              ${problem
                ? html`<p id="report-error" class="error" part="error" role="alert">
                    ${problem === 'reason' ? t('report.reason', {}, lang) : errorMessage(problem, lang)}
                    ${problem === 'reason'
                      ? nothing
                      : html`<button class="text-button" type="button" @click=${this._onReportRetry}>${t('action.retry', {}, lang)}</button>`}
                  </p>`
                : nothing}
              <div class="buttons">
                <button class="button primary" type="submit" aria-disabled=${sending ? 'true' : 'false'}>
                  ${sending ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}${t('report.send', {}, lang)}
                </button>
                <button class="button" type="button" @click=${this._closeReport}>${t('form.cancel', {}, lang)}</button>
              </div>
            </form>`}
        <p part="report-status" class="report-status" role="status">
          ${this.reported ? t('comment.reported', {}, lang) : sending ? t('report.sending', {}, lang) : nothing}
        </p>
      </div>
    `;
  }

  private _renderReplies(store: ThreadStore, comment: Comment): TemplateResult | typeof nothing {
    const lang = this._uiLang;
    const replies = store.replies(comment.id);
    const hidden = store.hiddenReplyCount(comment.id);
    const hasReplies = replies.ids.length > 0 || hidden > 0;
    if (!hasReplies) return nothing;
    const nested = this.depth < this.maxDepth || this.flat || this.expanded;
    if (this.depth >= this.maxDepth + CONTINUE_LIMIT) return nothing;
    if (!nested) {
      return html`<div class="more thread-more">
        <button part="continue" class="text-button" type="button" aria-expanded="false" @click=${this._onContinue}>
          ${t('thread.continue', {}, lang)}
        </button>
      </div>`;
    }
    const flatChildren = this.flat || this.depth >= this.maxDepth;
    const path = (this._path ??= [...this.ancestors, this.commentId]);
    const ids = replies.ids.filter((id) => !path.includes(id));
    return html`<div part="replies" class="replies">
      ${ids.length > 0
        ? html`<div role="list">
            ${repeat(
              ids,
              (id) => id,
              (id) => html`<comment-item
                role="listitem"
                exportparts=${COMMENT_ITEM_PARTS}
                lang=${ifDefined(this.lang || undefined)}
                .store=${store}
                .commentId=${id}
                .depth=${this.depth + 1}
                .maxDepth=${this.maxDepth}
                .flat=${flatChildren}
                .author=${this.author}
                .ancestors=${path}
              ></comment-item>`,
            )}
          </div>`
        : nothing}
      ${hidden > 0 || replies.error ? this._renderMoreReplies(hidden, replies.loading, replies.error) : nothing}
    </div>`;
  }

  private _renderMoreReplies(hidden: number, loading: boolean, error: AdapterError | null): TemplateResult {
    const lang = this._uiLang;
    return html`<div class="more">
      ${error
        ? html`<p class="error" part="error" role="alert">
            ${errorMessage(error, lang)}
            <button class="text-button" type="button" @click=${this._onShowMoreReplies}>${t('action.retry', {}, lang)}</button>
          </p>`
        : html`<button
            part="more-replies"
            class="text-button"
            type="button"
            aria-disabled=${loading ? 'true' : 'false'}
            @click=${loading ? undefined : this._onShowMoreReplies}
          >
            ${loading ? html`<span class="spinner" aria-hidden="true"></span>${t('thread.loadingMore', {}, lang)}` : t('thread.showReplies', { count: hidden }, lang)}
          </button>`}
    </div>`;
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /**
   * Formats the creation time and books the next re-render for when its text will change. Until
   * then a re-render (a reaction, an edit) reuses the text: formatting dates is among the costliest
   * steps of a render.
   */
  private _scheduleTime(iso: string, lang: string): RelativeTime {
    const now = Date.now();
    const cached = this._time;
    // booked with the ticker until it fires (or the item leaves the page): still the same text
    if (cached && cached.iso === iso && cached.lang === lang && now < cached.until && ticker.isBooked(this)) return cached.value;
    const time = formatRelative(iso, now, lang);
    const delay = nextTick(iso, now);
    if (typeof delay === 'number' && Number.isFinite(delay) && delay > 0) {
      ticker.schedule(this, now + delay);
      this._time = { iso, lang, until: now + delay, value: time };
    } else {
      ticker.cancel(this);
      this._time = undefined;
    }
    return time;
  }

  /** Puts `position` and `setSize` on the article; only attributes whose value differs are written. */
  private _applyFeedPosition(): void {
    const article = this._renderedArticle;
    if (!article) return;
    const inFeed = this._position > 0;
    setOrRemove(article, 'aria-posinset', inFeed ? String(this._position) : null);
    setOrRemove(article, 'aria-setsize', inFeed ? String(this._setSize) : null);
  }

  private _childItem(id: string): CommentItem | undefined {
    for (const item of this.renderRoot.querySelectorAll<CommentItem>('.replies comment-item')) {
      if (item.commentId === id) return item;
    }
    return undefined;
  }

  /** Where focus should go if this comment disappears: a sibling, else the parent comment. */
  private _focusAfterRemoval(): (() => void) | undefined {
    const siblings = this.parentElement ? [...this.parentElement.children].filter((el) => el instanceof CommentItem) : [];
    const index = siblings.indexOf(this);
    const sibling = (siblings[index + 1] ?? siblings[index - 1]) as CommentItem | undefined;
    if (sibling) return () => sibling.focusComment();
    const host = (this.getRootNode() as ShadowRoot).host;
    if (host instanceof CommentItem) return () => host.focusComment();
    if (host instanceof HTMLElement) return () => host.focus();
    return undefined;
  }
}

type RelativeTime = ReturnType<typeof formatRelative>;

function setOrRemove(element: Element, name: string, value: string | null): void {
  if (element.getAttribute(name) === value) return;
  if (value === null) element.removeAttribute(name);
  else element.setAttribute(name, value);
}

// The same people comment again and again; splitting a name into letters is worth doing once.
const avatars = new Map<string, { initials: string; color: string }>();
const AVATAR_CACHE_SIZE = 2000;

function generatedAvatar(name: string, seed: string): { initials: string; color: string } {
  const key = `${name}\u0000${seed}`;
  let avatar = avatars.get(key);
  if (!avatar) {
    if (avatars.size >= AVATAR_CACHE_SIZE) avatars.delete(avatars.keys().next().value as string);
    avatar = { initials: initials(name), color: avatarColor(seed) };
    avatars.set(key, avatar);
  }
  return avatar;
}

/** Filled and kept current by `_tickEditWindow`, never by a render: it has no binding inside. */
const countdown = html`<span part="edit-window" class="edit-window"></span>`;

/** Milliseconds left to edit or delete the comment; Infinity when its backend sets no deadline. */
function timeLeft(comment: Comment | undefined): number {
  const until = Date.parse(comment?.viewer?.editableUntil ?? '');
  return Number.isNaN(until) ? Infinity : until - Date.now();
}

const unitFormats = new Map<string, Intl.NumberFormat>();

function formatUnit(value: number, unit: 'hour' | 'minute' | 'second', lang: string, padded = false): string {
  const key = `${lang} ${unit} ${padded}`;
  let format = unitFormats.get(key);
  if (!format) {
    const options = { style: 'unit', unit, minimumIntegerDigits: padded ? 2 : 1 } as const;
    try {
      format = new Intl.NumberFormat(lang, options);
    } catch {
      // a malformed `lang` attribute must not break the countdown
      format = new Intl.NumberFormat('en', options);
    }
    unitFormats.set(key, format);
  }
  return format.format(value);
}

/**
 * "14 min 05 sec", or "1 hr 02 min" from an hour on, in the reader's language: unit names rather
 * than "14:05", which a screen reader would read as a time of day.
 */
function formatDuration(ms: number, lang: string): string {
  const seconds = Math.ceil(ms / 1000);
  const hours = seconds >= 3600;
  const big = hours ? Math.floor(seconds / 3600) : Math.floor(seconds / 60);
  const small = hours ? Math.floor(seconds / 60) % 60 : seconds % 60;
  const [bigUnit, smallUnit] = hours ? (['hour', 'minute'] as const) : (['minute', 'second'] as const);
  return big ? `${formatUnit(big, bigUnit, lang)} ${formatUnit(small, smallUnit, lang, true)}` : formatUnit(small, smallUnit, lang);
}

const countdownTicks = new Set<() => void>();
let countdownTimer: ReturnType<typeof setInterval> | undefined;

/**
 * Starts or stops one countdown. One interval serves every countdown on the page; it runs only
 * while one is shown, and does nothing while the tab is hidden.
 */
function watchCountdown(tick: () => void, on: boolean): void {
  if (on) countdownTicks.add(tick);
  else countdownTicks.delete(tick);
  if (countdownTicks.size === 0) {
    clearInterval(countdownTimer);
    countdownTimer = undefined;
  } else {
    countdownTimer ??= setInterval(() => {
      if (!document.hidden) for (const each of countdownTicks) each();
    }, 1000);
  }
}

/**
 * The element id (and permalink fragment) of a comment. Ids come from the adapter: characters
 * outside `A-Z a-z 0-9 _ . -` are written as `~hex~`, which keeps distinct ids distinct (`~` itself
 * is escaped) and the fragment free of anything a URL or an HTML attribute would read specially.
 */
export function anchorId(commentId: string): string {
  return `comment-${commentId.replace(/[^A-Za-z0-9_.-]/gu, (char) => `~${char.codePointAt(0)!.toString(16)}~`)}`;
}

/** The comment id the page's hash (or `hash`) names as a permalink (see `anchorId`), or null. */
export function commentIdFromHash(hash = currentHash()): string | null {
  const match = /^#?comment-((?:[\w.-]|~[\da-f]{1,6}~)+)$/u.exec(hash);
  try {
    return match ? match[1].replace(/~(\w+)~/gu, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16))) : null;
  } catch {
    // a code point beyond Unicode: no id maps to it
    return null;
  }
}

/** Scrolls to, highlights and focuses a comment: now if it is on the page, else once it renders. */
export function revealComment(commentId: string): void {
  anchors.revealWhenRendered(anchorId(commentId));
}

/**
 * Continues the thread ("Continue this thread") at each of these comments, now or once rendered:
 * the way down to a permalinked comment nested deeper than `max-depth`.
 */
export function expandComments(commentIds: readonly string[]): void {
  anchors.expand(new Set(commentIds.map(anchorId)));
}

/**
 * One timer for every relative time on the page: each item books when its text next changes and
 * the ticker wakes only for the earliest. With thousands of comments this is one pending timeout
 * instead of thousands, and it is cleared when the last item leaves the page.
 */
class RelativeTimeTicker {
  private readonly _due = new Map<CommentItem, number>();
  private _timer: ReturnType<typeof setTimeout> | undefined;
  private _timerAt = Infinity;

  schedule(item: CommentItem, at: number): void {
    this._due.set(item, at);
    if (at < this._timerAt) this._arm(at);
  }

  /** Whether the item waits for a wake-up: its last formatted time is still current. */
  isBooked(item: CommentItem): boolean {
    return this._due.has(item);
  }

  cancel(item: CommentItem): void {
    if (!this._due.delete(item)) return;
    if (this._due.size === 0) this._disarm();
  }

  private _arm(at: number): void {
    clearTimeout(this._timer);
    this._timerAt = at;
    // browsers run a delay above 2^31-1 ms at once; wake up and re-arm instead
    this._timer = setTimeout(() => this._fire(), Math.min(Math.max(0, at - Date.now()), 2 ** 31 - 1));
  }

  private _disarm(): void {
    clearTimeout(this._timer);
    this._timer = undefined;
    this._timerAt = Infinity;
  }

  private _fire(): void {
    this._timer = undefined;
    this._timerAt = Infinity;
    const now = Date.now();
    let next = Infinity;
    for (const [item, at] of this._due) {
      if (at <= now + 50) {
        this._due.delete(item);
        item.requestUpdate();
      } else if (at < next) {
        next = at;
      }
    }
    if (next < Infinity) this._arm(next);
  }
}

const ticker = new RelativeTimeTicker();

/**
 * Permalinks point into shadow roots, where the browser's own fragment navigation cannot see. One
 * `hashchange` listener for the page finds the item whose anchor the hash names and reveals it.
 */
class AnchorRegistry {
  /** items by anchor: nearly always one, so an array rather than a Set per comment */
  private readonly _items = new Map<string, CommentItem[]>();
  private readonly _keys = new Map<CommentItem, string>();
  /** the page's hash, decoded; read once per change instead of once per rendered item */
  private _hash = '';
  private _revealed: string | undefined;
  /** an anchor to reveal when its item renders, besides the hash's (see `revealComment`) */
  private _next: string | undefined;
  /** anchors of items to continue the thread at (see `expandComments`) */
  private _expand = new Set<string>();
  private readonly _onHashChange = (): void => {
    this._hash = currentHash();
    this._revealed = undefined;
    const item = this._items.get(this._hash)?.[0];
    if (item) this.reveal(item);
  };

  register(item: CommentItem): void {
    this.unregister(item);
    if (!item.commentId) return;
    const key = anchorId(item.commentId);
    const items = this._items.get(key);
    if (items) items.push(item);
    else this._items.set(key, [item]);
    this._keys.set(item, key);
    // register runs before the item renders: it renders continued at once
    if (this._expand.has(key)) item['expanded'] = true;
    if (this._keys.size === 1) {
      // items arriving on an empty page (a new thread, a page of an app) follow the hash afresh
      this._hash = currentHash();
      this._revealed = undefined;
      window.addEventListener('hashchange', this._onHashChange);
    }
  }

  unregister(item: CommentItem): void {
    const key = this._keys.get(item);
    if (key === undefined) return;
    this._keys.delete(item);
    const items = this._items.get(key)?.filter((other) => other !== item);
    if (items?.length) this._items.set(key, items);
    else this._items.delete(key);
    if (this._keys.size === 0) window.removeEventListener('hashchange', this._onHashChange);
  }

  /** Whether the page's hash names this item and it was not revealed yet, or `revealComment` did. */
  isTarget(item: CommentItem): boolean {
    const key = this._keys.get(item);
    return key !== undefined && (key === this._next || (key !== this._revealed && key === this._hash));
  }

  expand(keys: Set<string>): void {
    this._expand = keys;
    for (const key of keys) for (const item of this._items.get(key) ?? []) item['expanded'] = true;
  }

  revealWhenRendered(key: string): void {
    this._next = key;
    const item = (this._items.get(key) ?? []).find((candidate) => candidate.shadowRoot?.querySelector('article'));
    if (item) this.reveal(item);
  }

  reveal(item: CommentItem): void {
    const key = this._keys.get(item);
    if (key === this._hash) this._revealed = key;
    if (key === this._next) this._next = undefined;
    item.focusComment({ preventScroll: true });
    item.scrollIntoView({ block: 'start', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    // a brief mark for sighted readers: focus after a page load shows no ring
    const article = item.shadowRoot?.querySelector('article');
    article?.classList.add('highlight');
    setTimeout(() => article?.classList.remove('highlight'), 2000);
  }
}

function currentHash(): string {
  try {
    return decodeURIComponent(location.hash.slice(1));
  } catch {
    return location.hash.slice(1);
  }
}

const anchors = new AnchorRegistry();
