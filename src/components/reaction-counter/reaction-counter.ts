import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AdapterError, CommentAdapter, ReactionState } from '../../model/adapter.js';
import { errorMessage, formatNumber, hasString, resolveLang, t } from '../../render/i18n.js';
import { THREAD_REACTIONS_KEY, toAdapterError, type ThreadStore } from '../../store/thread-store.js';
import { reset, tokens, visuallyHidden } from '../../styles/tokens.js';
import { StoreController } from '../shared/store-controller.js';
import { styles } from './reaction-counter.styles.js';

/** What the reader is about to do. `commentId` is null for the thread (article) itself. */
export interface ReactDetail {
  reaction: string;
  active: boolean;
  commentId: string | null;
}

/** Fired before a reaction is set or cleared; cancel it to leave the reaction as it was. */
export class ConfabReactEvent extends CustomEvent<ReactDetail> {
  constructor(detail: ReactDetail) {
    super('confab-react', { detail, bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'confab-react': ConfabReactEvent;
  }
}

const MAX_REACTIONS = 12;
const PENDING_PREFIX = 'pending:';
const MAX_NAME_LENGTH = 32;
/** `reaction.*` strings that are not reaction names. */
const NOT_REACTIONS = new Set(['label', 'group', 'error']);

/** Reactions drawn with the thumb icon; dislike is the same thumb turned over (in the styles). */
const ICONS = new Set(['like', 'dislike']);
// The thumb (dislike is it turned over, in CSS). Written out where it is used, not bound: a bound
// value would be one more part to keep per counter.
const thumb = html`<svg part="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M7 10.5v10M7 10.5l3.6-6.9c.4-.8 1.3-1.1 2.1-.8 1 .4 1.5 1.4 1.3 2.4L13.4 9h5.2a2 2 0 0 1 2 2.4l-1.3 7.2a2.2 2.2 0 0 1-2.2 1.9H7m0-10H4.5a1 1 0 0 0-1 1v8a1 1 0 0 0 1 1H7" /></svg>`;
/** `like dislike`, the set nearly every counter shows (see `_renderLikeDislike`) */
const DEFAULT_NAMES: readonly string[] = ['like', 'dislike'];

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
export class ReactionCounter extends LitElement {
  static override styles = [tokens, reset, visuallyHidden, styles];

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

  private async _onToggle(event: Event): Promise<void> {
    const reaction = (event.currentTarget as HTMLElement).dataset.reaction!;
    const store = this._data.store;
    const commentId = this.commentId || null;
    const current = this._reactable(store) ? store?.reactionState(commentId) : undefined;
    if (!store || !current) return;
    const active = !current.viewer.includes(reaction);
    if (!this.dispatchEvent(new ConfabReactEvent({ reaction, active, commentId }))) return;
    try {
      await store.react(commentId, reaction, active);
      if (store === this._data.store) this.message = '';
    } catch {
      if (store === this._data.store) this.message = t('reaction.error', {}, this._locale);
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

  /** A comment still being posted has no id the adapter knows yet. */
  private _reactable(store: ThreadStore | undefined): boolean {
    return Boolean(store) && !this.commentId.startsWith(PENDING_PREFIX);
  }

  private get _locale(): string | undefined {
    return this.lang || undefined;
  }

  // ---- rendering -------------------------------------------------------------------------------

  protected override render(): TemplateResult {
    const store = this._data.store;
    const state = this._reactable(store) ? store?.reactionState(this.commentId || null) : undefined;
    const names = this._names;
    return html`<div part="base" role="group" aria-label=${t('reaction.group', {}, this._locale)} aria-busy=${state || this.loadError ? 'false' : 'true'}>
      ${names === DEFAULT_NAMES ? this._renderLikeDislike(state) : names.map((name) => this._renderReaction(name, state))}
      <span part="message" role="alert">${this.message}</span>
      ${this.loadError ? this._renderLoadError(this.loadError) : nothing}
    </div>`;
  }

  /** What one reaction's button shows and says. */
  private _button(name: string, state: ReactionState | undefined): { pressed: string; label: string; count: string | undefined } {
    const lang = this._locale;
    const label = reactionLabel(name, lang);
    const count = state ? formatNumber(state.reactions[name] ?? 0, lang || resolveLang()) : undefined;
    return {
      pressed: state?.viewer.includes(name) ? 'true' : 'false',
      label: count === undefined ? label : t('reaction.label', { reaction: label, count }, lang),
      count,
    };
  }

  /**
   * The default pair, written out in one template: a counter sits on every comment, and one
   * template instance with static icons costs a thread of thousands far less memory than a
   * template per button and per icon. Same markup as `_renderReaction` gives.
   */
  private _renderLikeDislike(state: ReactionState | undefined): TemplateResult {
    const [like, dislike] = [this._button('like', state), this._button('dislike', state)];
    const disabled = state ? 'false' : 'true';
    const empty = state ? '' : 'placeholder';
    return html`<button type="button" part="reaction reaction-like" data-reaction="like" aria-pressed=${like.pressed} aria-disabled=${disabled} aria-label=${like.label} @click=${this._onToggle}
      ><svg part="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M7 10.5v10M7 10.5l3.6-6.9c.4-.8 1.3-1.1 2.1-.8 1 .4 1.5 1.4 1.3 2.4L13.4 9h5.2a2 2 0 0 1 2 2.4l-1.3 7.2a2.2 2.2 0 0 1-2.2 1.9H7m0-10H4.5a1 1 0 0 0-1 1v8a1 1 0 0 0 1 1H7" /></svg><span part="count" class=${empty}>${like.count ?? ''}</span></button>
      <button type="button" part="reaction reaction-dislike" data-reaction="dislike" aria-pressed=${dislike.pressed} aria-disabled=${disabled} aria-label=${dislike.label} @click=${this._onToggle}
      ><svg part="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M7 10.5v10M7 10.5l3.6-6.9c.4-.8 1.3-1.1 2.1-.8 1 .4 1.5 1.4 1.3 2.4L13.4 9h5.2a2 2 0 0 1 2 2.4l-1.3 7.2a2.2 2.2 0 0 1-2.2 1.9H7m0-10H4.5a1 1 0 0 0-1 1v8a1 1 0 0 0 1 1H7" /></svg><span part="count" class=${empty}>${dislike.count ?? ''}</span></button>`;
  }

  private _renderReaction(name: string, state: ReactionState | undefined): TemplateResult {
    const { pressed, label, count } = this._button(name, state);
    return html`<button
      type="button"
      part="reaction reaction-${name}"
      data-reaction=${name}
      aria-pressed=${pressed}
      aria-disabled=${state ? 'false' : 'true'}
      aria-label=${label}
      @click=${this._onToggle}
    >
      ${ICONS.has(name) ? thumb : html`<span part="label">${reactionLabel(name, this._locale)}</span>`}
      <span part="count" class=${count === undefined ? 'placeholder' : ''}>${count ?? ''}</span>
    </button>`;
  }

  private _renderLoadError(error: AdapterError): TemplateResult {
    const lang = this._locale;
    return html`<span part="message">${errorMessage(error, lang)}</span>
      <button type="button" part="retry" @click=${this._onRetryLoad}>${t('action.retry', {}, lang)}</button>`;
  }
}

/** The names in `reactions`: deduplicated, bounded in number and length, never empty. */
function parseReactions(value: string | null | undefined): readonly string[] {
  const names = [...new Set(String(value ?? '').split(/\s+/).filter(Boolean))]
    .filter((name) => name.length <= MAX_NAME_LENGTH)
    .slice(0, MAX_REACTIONS);
  return names.length === 0 || names.join(' ') === 'like dislike' ? DEFAULT_NAMES : names;
}

/**
 * The string table's label (`reaction.like`, or one a site added with `setStrings`), else the name
 * itself with a capital: `heart` -> "Heart".
 */
function reactionLabel(name: string, lang: string | undefined): string {
  const key = `reaction.${name}`;
  if (!NOT_REACTIONS.has(name) && hasString(key, lang)) return t(key, {}, lang);
  const spaced = name.replace(/[-_]+/g, ' ');
  return spaced.charAt(0).toLocaleUpperCase(lang) + spaced.slice(1);
}

