import { html, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CommentAdapter } from '../../model/adapter.js';
import { primeCount, requestCount } from '../../store/count-batcher.js';
import { LIST_KEY, type ThreadStore } from '../../store/thread-store.js';
import { reset, tokens, visuallyHidden } from '../../styles/tokens.js';
import { LocalizedElement } from '../shared/localize-controller.js';
import { StoreController } from '../shared/store-controller.js';
import { styles } from './comment-count.styles.js';

type CountStatus = 'loading' | 'ready' | 'error';

/**
 * The "12 comments" badge of article lists and teasers. However many badges a page has, the ones
 * that connect in the same frame share one `adapter.count()` call.
 *
 * When the thread is also shown on the page (a `<comment-thread>` for the same thread and adapter
 * has loaded it), the badge shows that thread's live total: a comment posted there counts here at
 * once. With an adapter that has live events, comments posted elsewhere count too.
 *
 * The count links to `href` (default `#comments`, the usual id of the comments section); an empty
 * `href=""` shows it as plain text. While loading, a placeholder of stable width holds the place so
 * the line does not jump; when the count cannot be fetched, the badge quietly says "Comments".
 *
 * @summary A comment count badge, batched across the page and kept live.
 *
 * @csspart link - The link to the comments (absent with `href=""`).
 * @csspart count - The text, e.g. "12 comments".
 * @csspart placeholder - The stand-in shown while the count loads.
 *
 * @cssprop --confab-count-placeholder-width - Width of the loading placeholder (default 6.5em).
 * @cssprop --confab-count-color - Colour of the text (default: the surrounding text's colour).
 * @cssprop --confab-count-font-size - Size of the text (default: the surrounding text's size).
 */
export class CommentCount extends LocalizedElement {
  static override styles = [tokens, reset, visuallyHidden, styles];

  // Watching the list keeps the badge in step with a thread loaded elsewhere on the page and,
  // through the store's live subscription, with comments posted by other readers.
  private readonly _data = new StoreController(this, () => (this.noLive ? [] : [LIST_KEY]));


  @state() private status: CountStatus = 'loading';
  /** the count from `adapter.count()` (or the cache) */
  private _fetched = 0;
  /** the store's `threadTotal` when `fetched` arrived: live changes since then add to it */
  private _baseline = 0;
  /** the fetch whose answer is still wanted; older answers are dropped */
  private _fetchToken = 0;
  /** the store the current count belongs to, once there has been a first count */
  private _countedStore: ThreadStore | undefined;
  private _counted = false;
  /** the number rendered, worked out once per update */
  private _shown: number | undefined;

  /** Id of the thread whose comments are counted. */
  @property({ attribute: 'thread-id' }) threadId = '';
  /** Where the count links to; empty for plain text. Default `#comments`. */
  @property() href = '#comments';
  /** Do not keep the count live (no store watch, no live connection per badge). */
  @property({ attribute: 'no-live', type: Boolean }) noLive = false;
  /** The data source; wins over the `adapter` attribute and the page default. */
  @property({ attribute: false }) adapter?: CommentAdapter;
  /** The thread's store, handed down by a parent confab element. */
  @property({ attribute: false }) store?: ThreadStore;

  // ---- lifecycle -------------------------------------------------------------------------------

  protected override willUpdate(): void {
    this._data.sync();
    const store = this._data.store;
    // Compared here rather than through sync()'s answer: the store is first resolved on connect,
    // before any update, and a badge must count it then too.
    if (!this._counted || store !== this._countedStore) {
      this._counted = true;
      this._countedStore = store;
      this._fetchCount();
    }
    this._shown = this._currentCount();
    // A live number is worth remembering for badges that connect later.
    if (this._shown !== undefined && store) primeCount(store.adapter, store.threadId, this._shown);
  }

  // ---- data ------------------------------------------------------------------------------------

  /** The number to show, or undefined while there is none. */
  private _currentCount(): number | undefined {
    const store = this._data.store;
    if (!store) return undefined;
    // A loaded thread knows its exact total, and keeps it current as comments come and go.
    if (store.state.status === 'ready') return store.state.threadTotal;
    if (this.status !== 'ready') return undefined;
    // Before the thread is loaded its store still counts the comments created or deleted since.
    return Math.max(0, this._fetched + store.state.threadTotal - this._baseline);
  }

  private _fetchCount(): void {
    const token = ++this._fetchToken;
    const store = this._data.store;
    if (!store) {
      // No thread id or no adapter yet: say "Comments" rather than load forever.
      this.status = 'error';
      return;
    }
    if (store.state.status === 'ready') {
      this.status = 'ready';
      return;
    }
    this.status = 'loading';
    requestCount(store.adapter, store.threadId).then(
      (count) => {
        if (token !== this._fetchToken) return;
        this._fetched = count;
        this._baseline = store.state.threadTotal;
        this.status = 'ready';
      },
      () => {
        // the batcher has logged the failure once for every badge it concerned
        if (token === this._fetchToken) this.status = 'error';
      },
    );
  }

  // ---- rendering -------------------------------------------------------------------------------

  protected override render(): TemplateResult {
    const l10n = this.localize;
    const count = this._shown;
    let content: TemplateResult;
    if (count !== undefined) {
      content = html`<span part="count">${l10n.t('count.badge', { count })}</span>`;
    } else if (this.status === 'error') {
      content = html`<span part="count">${l10n.term('count.label')}</span>`;
    } else {
      content = html`<span part="placeholder" aria-hidden="true"></span
        ><span class="visually-hidden">${l10n.term('thread.loading')}</span>`;
    }
    return this.href ? html`<a part="link" href=${this.href}>${content}</a>` : content;
  }
}
