import { html, isServer, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { AdapterError, CommentAdapter } from '../../model/adapter.js';
import { SORT_ORDERS, type SortOrder } from '../../model/comment.js';
import { errorMessage } from '../../render/i18n.js';
import { CLOSED_KEY, LIST_KEY, toAdapterError, type ThreadStore } from '../../store/thread-store.js';
import { controls } from '../../styles/controls.js';
import { reset, tokens, visuallyHidden } from '../../styles/tokens.js';
import { CommentHost } from '../comment/comment-host.js';
import { commentStyles } from '../comment/comment.styles.js';
import { permalinks } from '../comment/permalinks.js';
import { reactionStyles } from '../reaction-counter/reaction-buttons.styles.js';
import type { SignedInAuthor } from '../reply-form/reply-form.js';
import { LocalizedElement } from '../shared/localize-controller.js';
import { StoreController } from '../shared/store-controller.js';
import { readStored, writeStored } from '../shared/storage.js';
import { commentThreadStyles } from './comment-thread.styles.js';

/** Where the reader's last sort choice is kept: it wins over a page's `sort` on later visits. */
const SORT_KEY = 'confab:sort';

/** Fired when the reader picks another sort order; the thread then reloads in that order. */
export class ConfabSortChangeEvent extends CustomEvent<{ sort: SortOrder }> {
  constructor(sort: SortOrder) {
    super('confab-sort-change', { detail: { sort }, bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'confab-sort-change': ConfabSortChangeEvent;
  }
}

/**
 * The whole discussion of one thread: the count, a sort control, the "Leave a Reply" form, the
 * comments with their nested replies, and "Load more comments". Data comes from the shared store
 * of (adapter, thread), so a `<reply-form>` or `<comment-count>` elsewhere on the page for the same
 * thread and adapter stays in step without a reload.
 *
 * The list is an ARIA feed: each comment is an article named by its author and time; Page Down and
 * Page Up move between top-level comments. A reload (another sort, a retry) keeps the current list
 * on screen, marked busy, until the new one arrives. Changing `thread-id` switches to that thread's
 * own store, so results of a load still in flight for the previous thread never show here.
 *
 * A permalink (`#comment-<id>` in the page's address, on load or later) loads the page of the
 * thread and the replies that hold the comment, then scrolls to it, highlights it and moves focus
 * there; a link to a comment that is gone says so. Live comments of other readers that arrive
 * while the reader is scrolled into the thread wait behind a "N new comments" button instead of
 * moving the page; the viewer's own posts always appear at once.
 *
 * Comments are templates in the thread's own shadow root, not elements: each is an `<article>`
 * with `data-comment-id`, and re-renders alone when its data changes. They carry the parts of
 * `<comment-item>` with a `comment-` prefix: `comment-thread::part(comment-body)`,
 * `::part(comment-avatar)`, `::part(comment-author)`…
 *
 * @summary A comment thread with sorting, nested replies, pagination and a reply form.
 *
 * @fires confab-sort-change - The reader chose another sort order. `detail: { sort }`.
 * @fires confab-reply - From a comment: Reply pressed, before the form opens; cancelable. `detail: { commentId }`.
 * @fires confab-edit - From a comment: an edit was saved. `detail: { commentId, comment }`.
 * @fires confab-delete - From a comment: deletion confirmed, before it is sent; cancelable. `detail: { commentId }`.
 * @fires confab-react - From a comment: before a reaction is set or cleared; cancelable. `detail: { reaction, active, commentId }`.
 *
 * @csspart base - The section holding everything.
 * @csspart header - The line with the count and the sort control.
 * @csspart title - The heading with the comment count.
 * @csspart sort - The sort control's label.
 * @csspart sort-select - The sort `<select>`.
 * @csspart form - The top-level `<reply-form>`.
 * @csspart feed - The list of top-level comments.
 * @csspart load-more - The "Load more comments" button.
 * @csspart first-page - On a further page of a server-rendered page, the link back to the first comments.
 * @csspart new-comments - The "N new comments" button showing live comments held back.
 * @csspart notice - The message about a permalink to a comment that is not there.
 * @csspart skeleton - The placeholder shown while the first page loads.
 * @csspart empty - The "no comments yet" message.
 * @csspart error - An error message (with its retry button).
 * @csspart retry - A retry button.
 * @csspart comment-base - Each comment's `<article>` (every part of `<comment-item>` is here with the `comment-` prefix).
 * @csspart comment-body - Each comment's text.
 * @csspart comment-author - Each comment's author.
 * @csspart comment-reactions - Each comment's like and dislike buttons.
 *
 * @cssprop --confab-color-text - Main text colour.
 * @cssprop --confab-color-bg - Background of fields and buttons.
 * @cssprop --confab-color-accent - Links, focus and primary buttons.
 * @cssprop --confab-divider-color - Line between top-level comments.
 * @cssprop --confab-font-size - Base font size (default: the page's where the thread sits, at
 *   least 14 px; the font itself is inherited from the page).
 * @cssprop --confab-avatar-size - Avatar size and reply indentation.
 * @cssprop --confab-color-scheme - `light`, `dark` or `light dark` (default: the page's, read from
 *   its text colour); the `theme="light|dark"` attribute pins it for one element and what it contains.
 * @cssprop --confab-thread-bg - Background of the thread (default: none, the page's own; with a
 *   `theme` attribute, the theme's background, so it stays readable on a page of the other scheme).
 * @cssprop --confab-thread-padding - Padding around the thread with a `theme` attribute (it is then
 *   a card of its own); default 1.25em.
 */
export class CommentThread extends LocalizedElement {
  static override styles = [tokens, reset, visuallyHidden, controls, reactionStyles, commentStyles, commentThreadStyles];

  private readonly _data = new StoreController(this, () => [LIST_KEY, CLOSED_KEY]);
  private readonly _comments = new CommentHost(
    this,
    'comment-',
    this.localize,
    () => this._data.store,
    () => void this._followHash(),
  );

  @query('.title') private heading?: HTMLElement;
  @query('.feed') private feed?: HTMLElement;

  /** what became of the permalink in the page's address: not there, or a failure finding it */
  @state() private _permalink: 'missing' | AdapterError | undefined;
  private _locating: AbortController | undefined;
  /** the current permalink search: resolves true when this thread holds the comment */
  private _search: Promise<boolean> = Promise.resolve(false);
  /** Whether the reader is scrolled into the thread (its top above the viewport, its end not). */
  private readonly _holdLive = (): boolean => {
    const box = this.getBoundingClientRect();
    return box.top < 0 && box.bottom > 0;
  };

  /** Id of the thread (usually one per article). */
  @property({ attribute: 'thread-id' }) threadId = '';
  /** Order of top-level comments: `oldest`, `newest` or `top`. Replies are always oldest first. */
  @property({ reflect: true }) sort: SortOrder = 'oldest';
  /** Top-level comments per page. */
  @property({ attribute: 'page-size', type: Number }) pageSize = 20;
  /** Reply levels shown nested before "Continue this thread". */
  @property({ attribute: 'max-depth', type: Number }) maxDepth = 4;
  /** Level of the heading with the count (2–6); the form's heading is one below. */
  @property({ attribute: 'heading-level', type: Number }) headingLevel = 2;
  /**
   * What this discussion is about, for a page with more than one: its region and its form are then
   * named "3 Comments <label>" and "Leave a Reply <label>", so screen readers tell them apart.
   */
  @property() label = '';
  /** The data source; wins over the `adapter` attribute and the page default. */
  @property({ attribute: false }) adapter?: CommentAdapter;
  /** A store handed down by another confab element; rarely set by pages. */
  @property({ attribute: false }) store?: ThreadStore;
  /** The reader signed in on the host site, handed to every reply form. */
  @property({ attribute: false }) author?: SignedInAuthor;
  /** Where the form posts without JavaScript (see `<reply-form action>`); empty: it needs script. */
  @property({ attribute: 'form-action' }) formAction = '';
  /** The page a post without JavaScript comes back to. */
  @property({ attribute: 'return-url' }) returnUrl = '';

  // ---- lifecycle -------------------------------------------------------------------------------

  override connectedCallback(): void {
    super.connectedCallback();
    const remembered = readStored(SORT_KEY) as SortOrder | null;
    if (remembered && SORT_ORDERS.includes(remembered)) this.sort = remembered;
    connectedThreads.add(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    connectedThreads.delete(this);
    this._locating?.abort();
    const store = this._data.store;
    if (store?.holdLive === this._holdLive) store.holdLive = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const storeChanged = this._data.sync();
    if (changed.has('maxDepth') || changed.has('author')) this._comments.requestRedraw();
    const store = this._data.store;
    // a closed thread hides its comments' Reply buttons (comment.styles.ts)
    if (!isServer) this.toggleAttribute('data-closed', store?.state.closed === true);
    // loading and following the page's address belong to the browser, not to a server render
    if (!store || isServer) return;
    store.holdLive = this._holdLive;
    if (storeChanged) {
      // A store another element already loaded in this order is reused as it is.
      const state = store.state;
      if (state.status === 'idle' || state.status === 'error' || state.sort !== this._sortOrder) this.reload();
      void this._followHash();
    } else if (changed.has('sort') || changed.has('pageSize')) {
      this.reload();
    }
  }

  // ---- event handlers --------------------------------------------------------------------------

  private _onSortChange(event: Event): void {
    const value = (event.target as HTMLSelectElement).value as SortOrder;
    if (!SORT_ORDERS.includes(value) || value === this._sortOrder) return;
    this.sort = value;
    writeStored(SORT_KEY, value);
    this.dispatchEvent(new ConfabSortChangeEvent(value));
  }

  private _onRetry(): void {
    this.reload();
    // the retry button goes away with the error: keep focus in the thread
    void this.updateComplete.then(() => this.heading?.focus());
  }

  private async _onLoadMore(event?: Event): Promise<void> {
    // with script the next page loads in place (the button submits a form only without it)
    event?.preventDefault();
    const store = this._data.store;
    if (!store || store.state.loadingMore) return;
    const before = store.state.ids.length;
    await store.loadMore();
    if (this._data.store !== store) return;
    await this.updateComplete;
    const active = this.shadowRoot?.activeElement;
    // The button may be gone (last page): take the reader to the first new comment.
    if (store.state.ids.length > before && (!active || active.classList.contains('load-more'))) {
      this._comments.view(store.state.ids[before])?.focus();
    }
  }

  private _onShowHeld(): void {
    const [first] = this._data.store?.showHeld() ?? [];
    if (first) permalinks.reveal(first);
  }

  /** Loads what the permalink in the page's address needs; the comment is revealed once rendered. */
  private _followHash(): Promise<void> {
    const search = this._locate();
    const mine = (this._search = search.then((found) => found === true));
    return search.then(async (found) => {
      if (found !== false) return;
      // Another thread on the page may hold the comment: only when none does, and then only in
      // the first thread, does the reader hear that the link leads nowhere. A task later, every
      // thread has started its own search (microtasks run between two listeners of one event).
      await new Promise((resolve) => setTimeout(resolve));
      const others = [...connectedThreads].filter((thread) => thread !== this);
      const elsewhere = await Promise.all(others.map((thread) => thread._search));
      if (this._search === mine && !elsewhere.includes(true) && connectedThreads.values().next().value === this) {
        this._permalink = 'missing';
      }
    });
  }

  /** true: found and shown; false: not in this thread; undefined: no permalink or cancelled. */
  private _locate(): Promise<boolean | undefined> {
    const store = this._data.store;
    const commentId = permalinks.linked;
    this._locating?.abort();
    this._permalink = undefined;
    if (!store || commentId === null) return Promise.resolve(undefined);
    const locating = (this._locating = new AbortController());
    return (async (): Promise<boolean | undefined> => {
      try {
        const found = await store.locate(commentId, locating.signal);
        if (locating.signal.aborted) return undefined;
        if (!found) return false;
        const ancestors: string[] = [];
        for (let parentId = store.comment(commentId)?.parentId; parentId; parentId = store.comment(parentId)?.parentId) ancestors.push(parentId);
        // a comment below `max-depth` shows once the thread is continued on its way
        permalinks.expand(ancestors);
        return true;
      } catch (error) {
        if (!locating.signal.aborted) this._permalink = toAdapterError(error);
        return undefined;
      }
    })();
  }

  /** Page Down and Page Up move between top-level comments (the ARIA feed pattern). */
  private _onFeedKeydown(event: KeyboardEvent): void {
    if (event.key !== 'PageDown' && event.key !== 'PageUp') return;
    const articles = [...(this.feed?.children ?? [])].filter((child): child is HTMLElement => child.localName === 'article');
    const current = articles.findIndex((article) => article.contains(event.composedPath()[0] as Node));
    const next = articles[current + (event.key === 'PageDown' ? 1 : -1)];
    if (current === -1 || !next) return;
    event.preventDefault();
    next.focus();
  }

  // ---- public methods --------------------------------------------------------------------------

  /** Loads the first page again, in the current order; the list stays visible meanwhile. */
  reload(): void {
    void this._data.store?.load({ sort: this._sortOrder, pageSize: this.pageSize });
  }

  // ---- render ----------------------------------------------------------------------------------

  private get _sortOrder(): SortOrder {
    return SORT_ORDERS.includes(this.sort) ? this.sort : 'oldest';
  }

  override render(): TemplateResult {
    const store = this._data.store;
    const l10n = this.localize;
    const state = store?.state;
    const counted = state && (state.status === 'ready' || state.ids.length > 0);
    const level = clampLevel(this.headingLevel);
    const held = store?.held.length ?? 0;
    const permalink = this._permalink;
    const notice = permalink && (permalink === 'missing' ? l10n.term('thread.permalinkMissing') : errorMessage(permalink, l10n.lang));
    return html`
      <section part="base" aria-labelledby=${this.label ? 'title label' : 'title'}>
        ${this.label ? html`<span id="label" hidden>${this.label}</span>` : nothing}
        <div part="header" class="thread-header">
          <div part="title" class="title" id="title" role="heading" aria-level=${level} tabindex="-1">
            ${counted ? l10n.t('thread.count', { count: state.threadTotal }) : l10n.term('thread.title')}
          </div>
          <label part="sort" class="sort">
            ${l10n.term('thread.sort.label')}
            <select part="sort-select" @change=${this._onSortChange}>
              ${SORT_ORDERS.map((order) => html`<option value=${order} ?selected=${order === this._sortOrder}>${l10n.term(`sort.${order}`)}</option>`)}
            </select>
          </label>
        </div>
        ${store
          ? html`<reply-form
              part="form"
              lang=${l10n.lang}
              action=${this.formAction || nothing}
              return-url=${this.returnUrl || nothing}
              heading-level=${Math.min(level + 1, 6)}
              .store=${store}
              .threadId=${store.threadId}
              .author=${this.author}
              .label=${this.label}
            ></reply-form>`
          : nothing}
        <div class="held">
          ${held ? html`<button part="new-comments" class="button" type="button" @click=${this._onShowHeld}>${l10n.t('thread.newComments', { count: held })}</button>` : nothing}
        </div>
        ${notice ? html`<p part="notice" class="notice">${notice}</p>` : nothing}
        ${store ? this._renderList(store) : nothing}
        <div class="visually-hidden" role="status">${notice || (held ? l10n.t('thread.newComments', { count: held }) : '')}</div>
      </section>
    `;
  }

  private _renderList(store: ThreadStore): TemplateResult {
    const state = store.state;
    if (state.ids.length === 0) {
      if (state.status === 'error' && state.error) return this._renderError(state.error);
      if (state.status === 'ready') {
        return html`<div part="empty" class="status empty">${chatIcon}<p>${this.localize.term('thread.empty')}</p></div>`;
      }
      return this._renderSkeleton();
    }
    const reloading = state.status === 'loading';
    const setSize = state.total >= state.ids.length ? state.total : -1;
    const comments = this._comments;
    return html`
      ${state.status === 'error' && state.error ? this._renderError(state.error, true) : nothing}
      <div
        part="feed"
        class="feed ${reloading ? 'reloading' : ''}"
        role="feed"
        aria-labelledby="title"
        aria-busy=${reloading || state.loadingMore ? 'true' : 'false'}
        @keydown=${this._onFeedKeydown}
      >${repeat(state.ids, (id) => id, (id, index) => comments.comment(id, 0, false, TOP_LEVEL, index + 1, setSize))}</div>
      ${this._renderMore(state.nextCursor, state.loadingMore, state.moreError)}${store.startCursor && this.returnUrl
        ? html`<a part="first-page" class="first-page" href=${pageLink(this.returnUrl, null)}>${this.localize.term('thread.firstPage')}</a>`
        : nothing}
    `;
  }

  private _renderMore(cursor: string | null, loading: boolean, error: AdapterError | null): TemplateResult | typeof nothing {
    const l10n = this.localize;
    if (error) {
      return html`<div part="error" class="inline-error" role="alert">
        <p>${errorMessage(error, l10n.lang)}</p>
        <button part="retry" class="button load-more-retry" type="button" @click=${this._onLoadMore}>${l10n.term('action.retry')}</button>
      </div>`;
    }
    if (!cursor) return nothing;
    const button = html`<button part="load-more" class="button load-more" type=${this.returnUrl ? 'submit' : 'button'} aria-disabled=${loading ? 'true' : 'false'} @click=${this._onLoadMore}>
      ${loading ? html`<span class="spinner" aria-hidden="true"></span>${l10n.term('thread.loadingMore')}` : l10n.term('thread.loadMore')}
    </button>`;
    if (!this.returnUrl) return button;
    // Rendered for a page (server rendering): without JavaScript the button opens the next page of
    // the article (`?confab-cursor=…#comments`, which the server renders); with it, it loads in place.
    const target = pageLink(this.returnUrl, cursor);
    const [action, query] = target.split(/[?#]/, 2);
    const fields = [...new URLSearchParams(target.includes('?') ? query : '')];
    return html`<form class="more-form" method="get" action=${action + '#comments'}>
      ${fields.map(([name, value]) => html`<input type="hidden" name=${name} value=${value} />`)}${button}
    </form>`;
  }

  private _renderError(error: AdapterError, compact = false): TemplateResult {
    const l10n = this.localize;
    const retry = html`<button part="retry" class="button" type="button" @click=${this._onRetry}>${l10n.term('action.retry')}</button>`;
    if (compact) {
      return html`<div part="error" class="inline-error" role="alert"><p>${errorMessage(error, l10n.lang)}</p>${retry}</div>`;
    }
    return html`<div part="error" class="status failed" role="alert">
      ${alertIcon}
      <p><strong>${l10n.term('thread.error')}</strong></p>
      <p>${errorMessage(error, l10n.lang)}</p>
      ${retry}
    </div>`;
  }

  private _renderSkeleton(): TemplateResult {
    const bones = html`<div class="skeleton-item">
      <div class="bone round"></div>
      <div class="bones"><div class="bone short"></div><div class="bone long"></div><div class="bone mid"></div></div>
    </div>`;
    return html`<div part="skeleton" class="skeleton">
      <span class="visually-hidden" role="status">${this.localize.term('thread.loading')}</span>
      <div aria-hidden="true">${bones}</div>
      <div aria-hidden="true">${bones}</div>
      <div aria-hidden="true">${bones}</div>
    </div>`;
  }
}

/** The ancestors of a top-level comment: none. */
const TOP_LEVEL: readonly string[] = Object.freeze([]);

/** The threads on the page, in the order they connected: a permalink is looked for in each. */
const connectedThreads = new Set<CommentThread>();

function clampLevel(level: number): number {
  return Number.isFinite(level) ? Math.min(6, Math.max(1, Math.round(level))) : 2;
}

const chatIcon = html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round"><path d="M4 5.5A1.5 1.5 0 0 1 5.5 4h13A1.5 1.5 0 0 1 20 5.5v9a1.5 1.5 0 0 1-1.5 1.5H10l-4.5 4v-4h0A1.5 1.5 0 0 1 4 14.5z"/></svg>`;

const alertIcon = html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"><circle cx="12" cy="12" r="9"/><path d="M12 7.5v5.5"/><path d="M12 16.5v.01"/></svg>`;

/** The query parameter of a further page of comments on a page rendered by the server. */
export const PAGE_CURSOR_PARAMETER = 'confab-cursor';

/** Stands in for the site when the page's address is given without it (`/post?x=1`). */
const RELATIVE_BASE = 'http://confab.invalid';

/**
 * The article's address opening its comments at `cursor` (null: the first page), at `#comments`.
 * Other parameters of the address are kept, and an address given without its site stays so; one
 * that does not parse is given back unchanged.
 */
export function pageLink(pageUrl: string, cursor: string | null): string {
  let url: URL;
  try {
    url = new URL(pageUrl, RELATIVE_BASE);
  } catch {
    return pageUrl;
  }
  url.searchParams.delete(PAGE_CURSOR_PARAMETER);
  if (cursor) url.searchParams.set(PAGE_CURSOR_PARAMETER, cursor);
  url.hash = 'comments';
  return url.origin === RELATIVE_BASE ? url.href.slice(RELATIVE_BASE.length) : url.href;
}
