import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { onStringsChange, type StringKey, type StringParams } from '../../render/i18n.js';
import type { ThreadStore } from '../../store/thread-store.js';
import type { ConfabPostedEvent, SignedInAuthor } from '../reply-form/reply-form-events.js';
import type { LocalizeController } from '../shared/localize-controller.js';
import { CommentView, commentView } from './comment-view.js';
import { EditWindowController } from './edit-window-controller.js';
import { templateTag, type HtmlTag } from './template-tag.js';
import { permalinks, type PermalinkHost } from './permalinks.js';
import { RelativeTimeController } from './relative-time-controller.js';

/** The element that renders comments: `<comment-thread>` or a standalone `<comment-item>`. */
export interface CommentHostElement extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** reply levels shown nested before "Continue this thread" */
  readonly maxDepth: number;
  /** the reader signed in on the host site, handed to inline reply forms */
  readonly author?: SignedInAuthor;
}

/** The reader actions that few comments open at once: their code loads on first use. */
type Actions = typeof import('./actions.js');
let actions: Promise<Actions> | undefined;
const loadActions = (): Promise<Actions> => (actions ??= import('./actions.js'));

/**
 * What the comments of one element share, and the element's side of them: the store, language,
 * part names and options they render with; one relative-time timer and one countdown interval for
 * all of them; one store subscription that re-renders exactly the comments that changed; and one
 * listener per kind of event on the shadow root instead of listeners on every button of every
 * comment (a button says what it does in `data-action`; its comment is the closest
 * `[data-comment-id]`). It is also the element's `PermalinkHost`.
 */
export class CommentHost implements ReactiveController, PermalinkHost {
  /** `html` for the comment templates: part names with the element's prefix */
  readonly html: HtmlTag;
  readonly times: RelativeTimeController;
  readonly countdowns: EditWindowController;
  /** Counts store changes and redraws; a view remembers the count it last rendered at. */
  changeId = 0;
  /** Views that rendered before this count render again with the host (language, options changed). */
  redrawFrom = 0;

  private readonly _element: CommentHostElement;
  private readonly _localize: LocalizeController;
  private readonly _store: () => ThreadStore | undefined;
  private readonly _views = new Map<string, CommentView>();
  private _rendered: CommentView[] = [];
  private _subscribed: ThreadStore | undefined;
  private _unsubscribe: (() => void) | undefined;
  private _lang = '';
  private _stopStrings: (() => void) | undefined;

  /**
   * @param partPrefix put before every part name of the comments: `comment-` in a thread, nothing
   *   standalone
   * @param store the element's store, once it has one
   * @param onLinkChanged called when the page's address links to another comment, or to none: the
   *   element may follow it
   */
  constructor(
    element: CommentHostElement,
    partPrefix: string,
    localize: LocalizeController,
    store: () => ThreadStore | undefined,
    onLinkChanged?: (commentId: string | null) => void,
  ) {
    this._element = element;
    this.onLinkChanged = onLinkChanged;
    this._localize = localize;
    this._store = store;
    this.html = templateTag(partPrefix);
    element.addController(this);
    this.times = new RelativeTimeController(element, () => this._views.values());
    this.countdowns = new EditWindowController(element);
  }

  // ---- what the comments read ------------------------------------------------------------------

  get store(): ThreadStore | undefined {
    return this._store();
  }

  get lang(): string {
    return this._localize.lang;
  }

  get maxDepth(): number {
    return this._element.maxDepth;
  }

  get author(): SignedInAuthor | undefined {
    return this._element.author;
  }

  term(key: StringKey): string {
    return this._localize.term(key);
  }

  t(key: StringKey, params?: StringParams): string {
    return this._localize.t(key, params);
  }

  /** Called when the page's address links to another comment, or to none: the element may follow it. */
  readonly onLinkChanged: ((commentId: string | null) => void) | undefined;

  /** One comment and its replies, for a template: see `commentView`. */
  comment(id: string, depth: number, flat: boolean, ancestors: readonly string[], position?: number, setSize?: number): unknown {
    return commentView(this, id, depth, flat, ancestors, position, setSize);
  }

  /** The view showing comment `id`, if this element shows it. */
  view(id: string): CommentView | undefined {
    return this._views.get(id);
  }

  // ---- bookkeeping of the views ------------------------------------------------------------------

  register(view: CommentView): void {
    this._views.set(view.id, view);
  }

  unregister(view: CommentView): void {
    if (this._views.get(view.id) === view) this._views.delete(view.id);
    view.timeDue = Infinity;
  }

  /** `view` rendered (or is about to, within this update): finish it once the DOM is there. */
  afterRender(view: CommentView): void {
    this._rendered.push(view);
  }

  flushRendered(): void {
    const rendered = this._rendered;
    if (rendered.length === 0) return;
    this._rendered = [];
    for (const view of rendered) view.rendered();
  }

  /** Every comment renders again with the element's next update (new language, new options). */
  requestRedraw(): void {
    this.redrawFrom = ++this.changeId;
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  hostConnected(): void {
    this._listen(true);
    permalinks.connect(this);
    // new strings (a locale file, `configure({ strings })`) change words the comments show
    this._stopStrings = onStringsChange(() => {
      this.requestRedraw();
      this._element.requestUpdate();
    });
  }

  hostDisconnected(): void {
    this._listen(false);
    permalinks.disconnect(this);
    this._stopStrings?.();
    this._subscribe(undefined);
  }

  hostUpdate(): void {
    const lang = this.lang;
    if (lang !== this._lang) {
      this._lang = lang;
      this.requestRedraw();
    }
  }

  hostUpdated(): void {
    this._subscribe(this._element.isConnected ? this.store : undefined);
    this.flushRendered();
  }

  // ---- PermalinkHost ---------------------------------------------------------------------------

  revealComment(commentId: string): boolean {
    const view = this._views.get(commentId);
    if (!view?.article) return false;
    view.reveal();
    return true;
  }

  expandComments(commentIds: ReadonlySet<string>): void {
    for (const id of commentIds) this._views.get(id)?.expand();
  }

  linkChanged(commentId: string | null): void {
    this.onLinkChanged?.(commentId);
  }

  // ---- the pieces that few comments open -------------------------------------------------------

  /** Opens the editor (with the comment's text), focused at the end of the text. */
  async openEditor(view: CommentView): Promise<void> {
    const comment = view.comment;
    if (!comment) return;
    const { CommentEditor } = await loadActions();
    view.editor = new CommentEditor(view, comment.body);
    view.refresh();
    view.editor?.focus();
  }

  /** Opens "Delete this comment?", focused on Cancel. */
  async openConfirmation(view: CommentView): Promise<void> {
    const { DeleteConfirmation } = await loadActions();
    view.confirm = new DeleteConfirmation(view);
    view.refresh();
    view.focusInside('.confirm .cancel');
  }

  /** Opens the report form (or closes it, when open), focused on the first reason. */
  async openReport(view: CommentView): Promise<void> {
    if (view.reported) return;
    if (view.report) {
      view.report.close();
      return;
    }
    const { ReportForm } = await loadActions();
    view.report = new ReportForm(view);
    view.refresh();
    view.focusInside('.report input');
  }

  // ---- events from the comments ----------------------------------------------------------------

  /** One listener per kind of event on the shadow root, for every comment in it. */
  private _listen(on: boolean): void {
    const root = this._element.renderRoot;
    const listeners: [string, EventListener, boolean][] = [
      ['click', this._onClick, false],
      // `error` does not bubble: captured
      ['error', this._onError, true],
      ['confab-posted', this._onReplyPosted as EventListener, false],
      ['confab-cancel', this._onReplyCancelled, false],
    ];
    for (const [type, listener, capture] of listeners) {
      if (on) root.addEventListener(type, listener, capture);
      else root.removeEventListener(type, listener, capture);
    }
  }

  private _subscribe(store: ThreadStore | undefined): void {
    if (store === this._subscribed) return;
    this._unsubscribe?.();
    this._unsubscribe = undefined;
    this._subscribed = store;
    if (store) this._unsubscribe = store.subscribe(this._onStoreChange);
  }

  /** Re-renders the comments whose data or replies changed, each once per change. */
  private readonly _onStoreChange = (changed: ReadonlySet<string>): void => {
    const id = ++this.changeId;
    for (const key of changed) {
      const view = this._views.get(key);
      if (view && view.renderedFor < id) view.refresh();
    }
  };

  private _viewOf(node: EventTarget | null): CommentView | undefined {
    const article = node instanceof Element ? node.closest<HTMLElement>('[data-comment-id]') : null;
    const id = article?.dataset.commentId;
    return id === undefined ? undefined : this._views.get(id);
  }

  private readonly _onClick = (event: Event): void => {
    const control = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-action]') : null;
    if (control) this._viewOf(control)?.act(control.dataset.action!, control, event);
  };

  /** An avatar that fails to load falls back to initials. */
  private readonly _onError = (event: Event): void => {
    if (event.target instanceof HTMLImageElement && event.target.closest('.avatar')) this._viewOf(event.target)?.avatarError();
  };

  private readonly _onReplyPosted = (event: ConfabPostedEvent): void => {
    const form = event.composedPath()[0];
    if (form instanceof Element && form.localName === 'reply-form' && form.closest('[data-comment-id]')) this._viewOf(form)?.replyPosted(event);
  };

  private readonly _onReplyCancelled = (event: Event): void => {
    const form = event.composedPath()[0];
    if (form instanceof Element && form.localName === 'reply-form') this._viewOf(form)?.replyCancelled();
  };
}
