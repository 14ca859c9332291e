import { CommentCount } from './components/comment-count/comment-count.js';
import { CommentItem } from './components/comment-item/comment-item.js';
import { CommentThread } from './components/comment-thread/comment-thread.js';
import { ReactionCounter } from './components/reaction-counter/reaction-counter.js';
import { ReplyForm } from './components/reply-form/reply-form.js';
import { TypoReport } from './components/typo-report/typo-report.js';

export { CommentCount, CommentItem, CommentThread, ReactionCounter, ReplyForm, TypoReport };

declare global {
  interface HTMLElementTagNameMap {
    'comment-count': CommentCount;
    'comment-item': CommentItem;
    'comment-thread': CommentThread;
    'reaction-counter': ReactionCounter;
    'reply-form': ReplyForm;
    'typo-report': TypoReport;
  }
}

/**
 * Registers every confab element under its tag. Calling it again is a no-op. A tag that another
 * script already took keeps that script's element, with a console warning: throwing would stop the
 * rest of the page's scripts for what is usually a second copy of confab.
 *
 * Each element is defined with a literal `customElements.define` call: that is how the
 * custom-elements.json analyzer links tag names to classes.
 */
export function define(): void {
  // Inner elements first, so that an outer one finds them upgraded on its first render.
  if (isFree('reaction-counter', ReactionCounter)) customElements.define('reaction-counter', ReactionCounter);
  if (isFree('reply-form', ReplyForm)) customElements.define('reply-form', ReplyForm);
  if (isFree('comment-item', CommentItem)) customElements.define('comment-item', CommentItem);
  if (isFree('comment-thread', CommentThread)) customElements.define('comment-thread', CommentThread);
  if (isFree('comment-count', CommentCount)) customElements.define('comment-count', CommentCount);
  if (isFree('typo-report', TypoReport)) customElements.define('typo-report', TypoReport);
}

const reported = new Set<string>();

/** Whether `tag` is still free; warns (once) when a different class already holds it. */
function isFree(tag: string, element: CustomElementConstructor): boolean {
  const existing = customElements.get(tag);
  if (existing && existing !== element && !reported.has(tag)) {
    reported.add(tag);
    console.warn(`confab: <${tag}> is already defined by another script; confab's <${tag}> is not registered.`);
  }
  return !existing;
}
