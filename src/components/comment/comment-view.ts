import { noChange, nothing, type TemplateResult } from 'lit';
import { AsyncDirective, directive, type ChildPart } from 'lit/async-directive.js';
import type { Comment } from '../../model/comment.js';
import { PENDING_PREFIX } from '../../store/thread-store.js';
import type { ConfabPostedEvent } from '../reply-form/reply-form-events.js';
import type { CommentEditor } from './comment-editor.js';
import { ConfabReactEvent } from '../reaction-counter/reaction-buttons.js';
import { ConfabReplyEvent } from './comment-events.js';
import type { CommentHost } from './comment-host.js';
import { renderComment } from './comment-template.js';
import type { DeleteConfirmation } from './delete-confirmation.js';
import type { EditWindow } from './edit-window-controller.js';
import { permalinks } from './permalinks.js';
import type { TimedText } from './relative-time-controller.js';
import type { ReportForm } from './report-form.js';


/**
 * One rendered comment: what the reader has opened in it (the reply form, the editor, the report
 * form, the delete confirmation, a continued thread) and how it answers their actions. It is not
 * an element: the comment is a template in its host's shadow root (`<comment-thread>` or a
 * standalone `<comment-item>`), and a view re-renders only its own comment, through the directive
 * below, when the store says the comment changed. The pieces that few comments open at once are
 * objects created when opened and dropped when closed.
 */
export class CommentView implements TimedText, EditWindow {
  readonly host: CommentHost;
  readonly id: string;
  /** nesting level: 0 for a top-level comment */
  depth: number;
  /** listed flat, in a continued thread: replies say whom they answer instead of indenting */
  flat: boolean;
  /** ids of the comments above this one */
  ancestors: readonly string[];
  /** place in the feed (`aria-posinset`, 1-based) and the feed's size; 0 outside a feed */
  position = 0;
  setSize = 0;

  replying = false;
  /** "Continue this thread" was chosen here (or a permalink leads through here) */
  expanded = false;
  avatarFailed = false;
  editor: CommentEditor | undefined;
  confirm: DeleteConfirmation | undefined;
  report: ReportForm | undefined;
  /** the Report button says "Reported" once a report went through */
  reported = false;
  timeDue = Infinity;
  time: TimedText['time'];
  /** set while rendering: the footer shows the edit-window countdown */
  showsCountdown = false;
  /** the host's change count when this view last rendered (see CommentHost.changeId) */
  renderedFor = -1;

  private readonly _directive: CommentDirective | undefined;
  private _part: ChildPart | undefined;
  private _path: readonly string[] | undefined;
  /** the countdown is being kept current by the host */
  private _counting = false;
  /** the article is marked as being edited */
  private _editing = false;

  constructor(host: CommentHost, id: string, depth: number, flat: boolean, ancestors: readonly string[], owner?: CommentDirective) {
    this.host = host;
    this.id = id;
    this.depth = depth;
    this.flat = flat;
    this.ancestors = ancestors;
    this._directive = owner;
  }

  // ---- what templates read ---------------------------------------------------------------------

  get comment(): Comment | undefined {
    return this.host.store?.comment(this.id);
  }

  get lang(): string {
    return this.host.lang;
  }

  /** This comment's ids from the top: the ancestors of its replies. */
  get path(): readonly string[] {
    return (this._path ??= [...this.ancestors, this.id]);
  }

  /** Whether it is the viewer's comment still being posted (it has no id the adapter knows yet). */
  get temporary(): boolean {
    return this.id.startsWith(PENDING_PREFIX);
  }

  /** The comment's `<article>`, once rendered. */
  get article(): HTMLElement | null {
    // the template starts with the article, right after the part's marker
    const node = this._part?.startNode?.nextSibling;
    return node instanceof HTMLElement && node.localName === 'article' ? node : null;
  }

  /** Milliseconds left to edit or delete the comment; Infinity when its backend sets no deadline. */
  timeLeft(): number {
    const until = Date.parse(this.comment?.viewer?.editableUntil ?? '');
    return Number.isNaN(until) ? Infinity : until - Date.now();
  }

  // ---- rendering -------------------------------------------------------------------------------

  template(): TemplateResult | typeof nothing {
    this.renderedFor = this.host.changeId;
    this.showsCountdown = false;
    return renderComment(this);
  }

  /** Draws the comment again now (its data or its open pieces changed). */
  refresh(): void {
    if (!this._directive?.isConnected || !this._part) return;
    this._directive.setValue(this.template());
    this.host.afterRender(this);
    this.host.flushRendered();
  }

  /**
   * After a render in the browser, once the DOM is there: the feed position, the editing state, the
   * countdown, and a permalink waiting for this comment.
   */
  rendered(): void {
    if (this.position > 0) this.applyFeedPosition();
    // while the editor is open it stands in for the text and the footer (see renderBody)
    const editing = Boolean(this.editor);
    if (editing !== this._editing) {
      this._editing = editing;
      this.article?.classList.toggle('editing', editing);
    }
    if (this.showsCountdown || this._counting) this.host.countdowns.watch(this, this.showsCountdown);
    this._counting = this.showsCountdown;
    permalinks.rendered(this.host, this.id);
  }

  /** The ancestors changed: the path of the replies is made again on the next render. */
  dropPath(): void {
    this._path = undefined;
  }

  /** The directive placed this view in a part: it may now find its article. */
  placed(part: ChildPart): void {
    this._part = part;
  }

  /** Puts `position` and `setSize` on the article, without a render (every feed change moves them). */
  applyFeedPosition(): void {
    const article = this.article;
    if (!article) return;
    if (this.position > 0) {
      // called only when they changed: reading them first costs more than writing
      article.setAttribute('aria-posinset', String(this.position));
      article.setAttribute('aria-setsize', String(this.setSize));
    } else {
      article.removeAttribute('aria-posinset');
      article.removeAttribute('aria-setsize');
    }
  }

  detach(): void {
    this.host.unregister(this);
    if (this._counting) this.host.countdowns.watch(this, false);
    this._counting = false;
  }

  // ---- what the host asks --------------------------------------------------------------------

  timeChanged(): void {
    this.refresh();
  }

  countdown(): Element | null | undefined {
    // the editor's while it is open (the footer's is hidden then); its own come before its replies'
    return this.article?.querySelector(this.editor ? '.editor .edit-window' : '.footer .edit-window');
  }

  editWindowClosed(): void {
    const focused = (this.article?.getRootNode() as ShadowRoot | undefined)?.activeElement;
    this.confirm = undefined;
    this.refresh();
    // focus on a vanished button goes to the editor (which keeps the text), else the comment
    if (focused && !focused.isConnected) (this.article?.querySelector<HTMLElement>('.editor textarea') ?? this.article)?.focus();
  }

  /** Moves focus to the comment, e.g. after posting it or following its permalink. */
  focus(options?: FocusOptions): void {
    this.article?.focus(options);
  }

  /** Scrolls to, highlights and focuses the comment. */
  reveal(): void {
    const article = this.article;
    if (!article) return;
    article.focus({ preventScroll: true });
    article.scrollIntoView({ block: 'start', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    // a brief mark for sighted readers: focus after a page load shows no ring
    article.classList.add('highlight');
    setTimeout(() => article.classList.remove('highlight'), 2000);
  }

  /** Continues the thread here, showing every deeper reply in one flat list. */
  expand(): void {
    if (this.expanded) return;
    this.expanded = true;
    this.refresh();
  }

  /**
   * Closes the editor, the delete confirmation or the report form, and gives focus back to the
   * button that opened it (`opener`), or to the comment when that button is gone.
   */
  close(piece: 'editor' | 'confirm' | 'report', opener: string): void {
    this[piece] = undefined;
    this.refresh();
    (this.article?.querySelector<HTMLElement>(opener) ?? this.article)?.focus();
  }

  /** Focuses the first element matching `selector` inside this comment, after a render. */
  focusInside(selector: string): void {
    this.article?.querySelector<HTMLElement>(selector)?.focus();
  }

  /** A control with `data-action` was pressed in this comment (see CommentHost). */
  act(action: string, control: HTMLElement, event: Event): void {
    switch (action) {
      case 'reply':
        this._toggleReply();
        break;
      case 'react':
        void this._react(control);
        break;
      case 'edit':
        void this.host.openEditor(this);
        break;
      case 'delete':
        void this.host.openConfirmation(this);
        break;
      case 'report':
        void this.host.openReport(this);
        break;
      case 'more-replies':
        if (control.getAttribute('aria-disabled') !== 'true') void this.host.store?.loadReplies(this.id);
        break;
      case 'continue':
        this._continue();
        break;
      case 'permalink':
        // following the link changes the hash only when it differs; reveal it either way
        if (location.hash === (control as HTMLAnchorElement).hash) this.reveal();
        break;
      default:
        return;
    }
    if (action !== 'permalink') event.preventDefault();
  }

  avatarError(): void {
    this.avatarFailed = true;
    this.refresh();
  }

  /** The inline reply form posted: it closes, and focus goes to the new reply. */
  replyPosted(event: ConfabPostedEvent): void {
    const id = event.detail.comment?.id;
    this.replying = false;
    // a reply below the last nested level shows once the thread is continued here
    if (this.depth >= this.host.maxDepth) this.expanded = true;
    this.refresh();
    const reply = id ? this.host.view(id) : undefined;
    if (reply) reply.focus();
    else this.focusInside('.reply-button');
  }

  replyCancelled(): void {
    this.replying = false;
    this.refresh();
    this.focusInside('.reply-button');
  }

  /** Where focus should go if this comment disappears: a sibling, else the parent comment. */
  focusAfterRemoval(): (() => void) | undefined {
    const article = this.article;
    if (!article) return undefined;
    // a reply sits in a list item of its own: its neighbours are in the neighbouring items
    const item = article.parentElement?.getAttribute('role') === 'listitem' ? article.parentElement : article;
    const commentIn = (node: Element | null): HTMLElement | null =>
      node?.matches('[data-comment-id]') ? (node as HTMLElement) : (node?.querySelector<HTMLElement>(':scope > [data-comment-id]') ?? null);
    const sibling = commentIn(item.nextElementSibling) ?? commentIn(item.previousElementSibling);
    const parent = article.parentElement?.closest<HTMLElement>('[data-comment-id]');
    const target = sibling ?? parent ?? undefined;
    return target ? () => target.focus() : undefined;
  }

  private _toggleReply(): void {
    if (this.replying) {
      this.replyCancelled();
      return;
    }
    if (!this.article?.dispatchEvent(new ConfabReplyEvent(this.id))) return;
    this.replying = true;
    this.refresh();
    this.article?.querySelector('reply-form')?.focus();
  }

  private async _react(button: HTMLElement): Promise<void> {
    const store = this.host.store;
    const reaction = button.dataset.reaction;
    const current = store && !this.temporary ? store.reactionState(this.id) : undefined;
    if (!store || !reaction || !current) return;
    const active = !current.viewer.includes(reaction);
    if (!button.dispatchEvent(new ConfabReactEvent({ reaction, active, commentId: this.id }))) return;
    try {
      await store.react(this.id, reaction, active);
      this._setReactionMessage('');
    } catch {
      this._setReactionMessage(this.host.term('reaction.error'));
    }
  }

  /** Written straight into the footer's alert: no render, and no binding in every comment for it. */
  private _setReactionMessage(message: string): void {
    const alert = this.article?.querySelector(':scope > .comment .reaction-message');
    if (alert && alert.textContent !== message) alert.textContent = message;
  }

  private _continue(): void {
    this.expanded = true;
    const store = this.host.store;
    if (store && store.replies(this.id).ids.length === 0) void store.loadReplies(this.id);
    this.refresh();
    const first = this.article?.querySelector<HTMLElement>('.replies [data-comment-id]');
    first?.focus();
  }
}

/**
 * The directive that renders one comment (and, inside it, its replies) in a host's template:
 * `${host.comment(id, depth, flat, ancestors)}`. In the browser it keeps a `CommentView` for the
 * part; under server rendering it renders the comment from data alone, with nothing opened.
 */
class CommentDirective extends AsyncDirective {
  private _view: CommentView | undefined;

  render(host: CommentHost, id: string, depth: number, flat: boolean, ancestors: readonly string[], position = 0, setSize = 0): unknown {
    const view = new CommentView(host, id, depth, flat, ancestors);
    view.position = position;
    view.setSize = setSize;
    return view.template();
  }

  override update(
    part: ChildPart,
    [host, id, depth, flat, ancestors, position = 0, setSize = 0]: Parameters<CommentDirective['render']>,
  ): unknown {
    let view = this._view;
    if (!view || view.id !== id || view.host !== host) {
      view?.detach();
      view = this._view = new CommentView(host, id, depth, flat, ancestors, this);
      view.placed(part);
      view.position = position;
      view.setSize = setSize;
      if (permalinks.shouldExpand(id)) view.expanded = true;
      host.register(view);
      host.afterRender(view);
      return view.template();
    }
    view.placed(part);
    if (position !== view.position || setSize !== view.setSize) {
      view.position = position;
      view.setSize = setSize;
      view.applyFeedPosition();
    }
    if (depth === view.depth && flat === view.flat && ancestors === view.ancestors && view.renderedFor >= host.redrawFrom) {
      return noChange;
    }
    view.depth = depth;
    view.flat = flat;
    if (ancestors !== view.ancestors) {
      view.ancestors = ancestors;
      view.dropPath();
    }
    host.afterRender(view);
    return view.template();
  }

  protected override disconnected(): void {
    this._view?.detach();
  }

  protected override reconnected(): void {
    const view = this._view;
    if (view) view.host.register(view);
  }
}

/** `${commentView(host, id, depth, flat, ancestors, position, setSize)}`: see CommentDirective. */
export const commentView = directive(CommentDirective);
