import { nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AdapterError, CommentAdapter, ReactionState } from '../../model/adapter.js';
import { errorMessage } from '../../render/i18n.js';
import { PENDING_PREFIX, THREAD_REACTIONS_KEY, toAdapterError, type ThreadStore } from '../../store/thread-store.js';
import { reset, tokens, visuallyHidden } from '../../styles/tokens.js';
import { templateTag } from '../comment/template-tag.js';
import { LocalizedElement } from '../shared/localize-controller.js';
import { StoreController } from '../shared/store-controller.js';
import { ConfabReactEvent, likeDislikeButtons, reactionButton, reactionLabel, thumbIcon } from './reaction-buttons.js';
import { reactionStyles } from './reaction-buttons.styles.js';
import { styles } from './reaction-counter.styles.js';

export { ConfabReactEvent, type ReactDetail } from './reaction-buttons.js';

const MAX_REACTIONS = 12;
const MAX_NAME_LENGTH = 32;
/** Reactions drawn with the thumb icon; dislike is the same thumb turned over (in the styles). */
const ICONS = new Set(['like', 'dislike']);
/** `like dislike`, the set nearly every counter shows (see `likeDislikeButtons`) */
const DEFAULT_NAMES: readonly string[] = ['like', 'dislike'];
/** `html` that writes the shared buttons (a piece) into the counter's template */
const html = templateTag('');

/**
 * Reactions to an article or to one comment: like and dislike by default (the "0 0" under an
 * article's date), or any set given in `reactions`. Toggles are optimistic: the count moves at
 * once and comes back, with a message, if the adapter refuses. Like and dislike exclude each
 * other.
 *
 * Without `comment-id` it reacts to the thread itself and loads the thread's reactions; with it,
 * it shows the reactions of a comment that the thread's store already holds.
 *
 * @summary Like / dislike (or custom) reaction toggles with counts.
 *
 * @fires confab-react - Before a reaction is set or cleared; cancelable. `detail: { reaction, active, commentId }`.
 *
 * @csspart base - The row of buttons.
 * @csspart reaction - Each toggle button; also `reaction-like`, `reaction-dislike`, `reaction-<name>`.
 * @csspart reaction-like - The like button.
 * @csspart reaction-dislike - The dislike button.
 * @csspart icon - The icon of a known reaction.
 * @csspart label - The text label of a reaction without an icon.
 * @csspart count - The number.
 * @csspart message - The message shown when a reaction could not be saved or loaded.
 * @csspart retry - The retry button after the thread's reactions failed to load.
 *
 * @cssprop --confab-reaction-gap - Space between the buttons.
 * @cssprop --confab-reaction-active-color - Colour of a pressed reaction (default: the accent colour).
 * @cssprop --confab-reaction-dislike-color - Colour of a pressed dislike (default: the danger colour).
 */
export class ReactionCounter extends LocalizedElement {
  static override styles = [tokens, reset, visuallyHidden, reactionStyles, styles];

  private readonly _data = new StoreController(this, () => [this.commentId || THREAD_REACTIONS_KEY]);

  @state() private loadError: AdapterError | null = null;
  @state() private message = '';
  private _names: readonly string[] = DEFAULT_NAMES;
  private _loadToken = 0;
  private _shownStore: ThreadStore | undefined;

  /** Id of the thread (the article). */
  @property({ attribute: 'thread-id' }) threadId = '';
  /** Id of the comment reacted to; absent for the thread itself. */
  @property({ attribute: 'comment-id' }) commentId = '';
  /** Space-separated reaction names offered, in order. */
  @property() reactions = 'like dislike';
  /** The data source; wins over the `adapter` attribute and the page default. */
  @property({ attribute: false }) adapter?: CommentAdapter;
  /** The thread's store, handed down by a parent confab element. */
  @property({ attribute: false }) store?: ThreadStore;

  // ---- lifecycle -------------------------------------------------------------------------------

  protected override willUpdate(changed: PropertyValues<this>): void {
    this._data.sync();
    const store = this._data.store;
    if (changed.has('reactions')) this._names = parseReactions(this.reactions);
    // compared here, not through sync()'s answer: the store is first resolved on connect
    if (store !== this._shownStore || changed.has('commentId')) {
      this._shownStore = store;
      this.message = '';
      this.loadError = null;
      if (!this.commentId) this._loadThreadReactions();
    }
  }

  // ---- event handlers --------------------------------------------------------------------------

  private async _onClick(event: Event): Promise<void> {
    const button = (event.target as Element).closest<HTMLElement>('[data-reaction]');
    const reaction = button?.dataset.reaction;
    const store = this._data.store;
    const commentId = this.commentId || null;
    const current = this._state(store);
    if (!button || !reaction || !store || !current) return;
    const active = !current.viewer.includes(reaction);
    if (!this.dispatchEvent(new ConfabReactEvent({ reaction, active, commentId }))) return;
    try {
      await store.react(commentId, reaction, active);
      if (store === this._data.store) this.message = '';
    } catch {
      if (store === this._data.store) this.message = this.localize.term('reaction.error');
    }
  }

  private _onRetryLoad(): void {
    this.loadError = null;
    this._loadThreadReactions();
  }

  private _loadThreadReactions(): void {
    const store = this._data.store;
    if (!store || store.reactionState(null)) return;
    const token = ++this._loadToken;
    store.loadThreadReactions().catch((error: unknown) => {
      if (token === this._loadToken && store === this._data.store) this.loadError = toAdapterError(error);
    });
  }

  /** The counts, once known; a comment still being posted has no id the adapter knows yet. */
  private _state(store: ThreadStore | undefined): ReactionState | undefined {
    return store && !this.commentId.startsWith(PENDING_PREFIX) ? store.reactionState(this.commentId || null) : undefined;
  }

  // ---- rendering -------------------------------------------------------------------------------

  protected override render(): TemplateResult {
    const state = this._state(this._data.store);
    const lang = this.localize.lang;
    const names = this._names;
    return html`<div part="base" class="reactions" role="group" aria-label=${this.localize.term('reaction.group')} aria-busy=${state || this.loadError ? 'false' : 'true'} @click=${this._onClick}>
      ${names === DEFAULT_NAMES && state
        ? // a template of its own here: the counts arrive after the placeholders
          html`${likeDislikeButtons(state, lang)}`
        : names.map((name) => this._renderReaction(name, state, lang))}
      <span part="message" class="reaction-message" role="alert">${this.message}</span>
      ${this.loadError ? this._renderLoadError(this.loadError) : nothing}
    </div>`;
  }

  /** One reaction of a custom set, or of the pair while the counts load (placeholders hold their place). */
  private _renderReaction(name: string, state: ReactionState | undefined, lang: string): TemplateResult {
    const { pressed, label, count } = reactionButton(name, state, lang);
    return html`<button
      type="button"
      part="reaction reaction-${name}"
      class="reaction"
      data-reaction=${name}
      aria-pressed=${pressed}
      aria-disabled=${state ? 'false' : 'true'}
      aria-label=${label}
    >
      ${ICONS.has(name) ? thumbIcon : html`<span part="label" class="label">${reactionLabel(name, lang)}</span>`}
      <span part="count" class=${count === undefined ? 'count placeholder' : 'count'}>${count ?? ''}</span>
    </button>`;
  }

  private _renderLoadError(error: AdapterError): TemplateResult {
    const l10n = this.localize;
    return html`<span part="message">${errorMessage(error, l10n.lang)}</span>
      <button type="button" part="retry" @click=${this._onRetryLoad}>${l10n.term('action.retry')}</button>`;
  }
}

/** The names in `reactions`: deduplicated, bounded in number and length, never empty. */
function parseReactions(value: string | null | undefined): readonly string[] {
  const names = [...new Set(String(value ?? '').split(/\s+/).filter(Boolean))]
    .filter((name) => name.length <= MAX_NAME_LENGTH)
    .slice(0, MAX_REACTIONS);
  return names.length === 0 || names.join(' ') === 'like dislike' ? DEFAULT_NAMES : names;
}
