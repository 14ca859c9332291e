import { html, isServer, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AdapterError, CommentAdapter } from '../../model/adapter.js';
import { errorMessage } from '../../render/i18n.js';
import { CLOSED_KEY, toAdapterError, type ThreadStore } from '../../store/thread-store.js';
import { controls } from '../../styles/controls.js';
import { reset, tokens, visuallyHidden } from '../../styles/tokens.js';
import { CommentHost } from '../comment/comment-host.js';
import { commentStyles } from '../comment/comment.styles.js';
import { reactionStyles } from '../reaction-counter/reaction-buttons.styles.js';
import type { SignedInAuthor } from '../reply-form/reply-form.js';
import { LocalizedElement } from '../shared/localize-controller.js';
import { StoreController } from '../shared/store-controller.js';
import { commentItemStyles } from './comment-item.styles.js';

export { ConfabDeleteEvent, ConfabEditEvent, ConfabReplyEvent, type CommentEventDetail } from '../comment/comment-events.js';
export { anchorId, commentIdFromHash } from '../comment/permalinks.js';

/**
 * One comment with its replies, on its own: give it `thread-id`, `comment-id` and an adapter (or a
 * store), and it loads the comment through the adapter's `locate` (the pages that hold it), then
 * shows it as `<comment-thread>` shows its comments: the same templates (src/components/comment/),
 * here with unprefixed parts (`comment-item::part(body)`). Inside a thread, comments are not
 * elements of their own; the thread renders the same templates in its shadow root.
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
 * @fires confab-react - Before a reaction is set or cleared; cancelable. `detail: { reaction, active, commentId }`.
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
 * @csspart reactions - The like and dislike buttons (a group).
 * @csspart reaction - Each reaction button; also `reaction-like`, `reaction-dislike`.
 * @csspart reaction-like - The like button.
 * @csspart reaction-dislike - The dislike button.
 * @csspart icon - A reaction's icon.
 * @csspart count - A reaction's count.
 * @csspart actions - The action buttons.
 * @csspart action - Each action button.
 * @csspart reply-button - The Reply button.
 * @csspart edit-button - The Edit button.
 * @csspart delete-button - The Delete button.
 * @csspart editor - The inline editor.
 * @csspart confirm - The inline delete confirmation.
 * @csspart error - An inline error message.
 * @csspart reply-form - The inline `<reply-form>`, while the reader replies.
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
export class CommentItem extends LocalizedElement {
  static override styles = [tokens, reset, visuallyHidden, controls, reactionStyles, commentStyles, commentItemStyles];

  private readonly _data = new StoreController(this, () => (this.commentId ? [this.commentId, CLOSED_KEY] : []));
  private readonly _comments = new CommentHost(this, '', this.localize, () => this._data.store);

  /** Standalone (no store handed down): fetching the comment by itself, or why that failed. */
  @state() private fetching: 'loading' | 'missing' | AdapterError | null = null;
  /** the store and id last fetched standalone, so that each is asked once */
  private _fetched: [ThreadStore, string] | undefined;
  private _fetchAbort: AbortController | undefined;

  /** Id of the thread; needed only standalone (inside a thread the store is handed down). */
  @property({ attribute: 'thread-id' }) threadId = '';
  /** Id of the comment to show. */
  @property({ attribute: 'comment-id' }) commentId = '';
  /** Nesting level: 0 for a top-level comment. */
  @property({ type: Number }) depth = 0;
  /** Reply levels shown nested below a top-level comment before "Continue this thread". */
  @property({ attribute: 'max-depth', type: Number }) maxDepth = 4;
  /** Lists its replies flat, as in a continued thread, each saying whom it answers. */
  @property({ type: Boolean, reflect: true }) flat = false;
  /** The data source, standalone; wins over the `adapter` attribute and the page default. */
  @property({ attribute: false }) adapter?: CommentAdapter;
  /** The thread's store, when another element already holds it. */
  @property({ attribute: false }) store?: ThreadStore;
  /** The signed-in reader, handed to inline reply forms. */
  @property({ attribute: false }) author?: SignedInAuthor;
  /** Ids of the comments above this one; a reply that is its own ancestor is not drawn again. */
  @property({ attribute: false }) ancestors: readonly string[] = [];
  /** Position among a feed's top-level comments (`aria-posinset`), 0 when not in a feed. */
  @property({ attribute: false }) position = 0;
  /** Number of top-level comments of the feed (`aria-setsize`); -1 when unknown. */
  @property({ attribute: false }) setSize = 0;

  // ---- lifecycle -------------------------------------------------------------------------------

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._fetchAbort?.abort();
    this._fetched = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this._data.sync();
    if (changed.has('maxDepth') || changed.has('author')) this._comments.requestRedraw();
    // a closed thread hides the Reply buttons (comment.styles.ts)
    if (!isServer) this.toggleAttribute('data-closed', this._data.store?.state.closed === true);
    if (!isServer) this._fetchStandalone();
  }

  // ---- public methods --------------------------------------------------------------------------

  /** Moves focus to the comment (its article), e.g. after posting it or following its permalink. */
  focusComment(options?: FocusOptions): void {
    this._comments.view(this.commentId)?.focus(options);
  }

  // ---- render ----------------------------------------------------------------------------------

  /**
   * A `<comment-item>` placed on its own (not handed a store) loads its comment itself: the store
   * finds it through the adapter's `locate`, loading the pages that hold it.
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

  override render(): unknown {
    const store = this._data.store;
    if (store && this.commentId && store.comment(this.commentId)) {
      return this._comments.comment(this.commentId, this.depth, this.flat, this.ancestors, this.position, this.setSize);
    }
    const state = this.fetching;
    const l10n = this.localize;
    if (!state) return nothing;
    if (state === 'loading') return html`<p part="status" class="status" role="status">${l10n.term('comment.loading')}</p>`;
    return html`<p part="error" class="error" role="alert">
      ${state === 'missing' ? l10n.term('error.not_found') : errorMessage(state, l10n.lang)}
      ${state === 'missing' ? nothing : html`<button class="text-button" type="button" @click=${this._onFetchRetry}>${l10n.term('action.retry')}</button>`}
    </p>`;
  }
}
