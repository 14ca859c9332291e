// In-page driver of the confab benchmark page (runs in the browser). The harness calls
// `window.bench.*` through the DevTools protocol and measures around each call; the functions here
// only build, trigger and detect "painted", so that nothing but confab's own work falls between
// the harness's two measurements.
/* global window, document, customElements */
import { afterFrames, countNodes, countRenderedComments, deepQueryAll, inTask, likeButton, nextMutation, topLevelComments, waitForCount, withoutPageCap } from './common.js';
import { fingerprint, generateThread } from '../generate-thread.mjs';

const THREAD_TAG = 'comment-thread';

let confab;
let adapter;
let thread;
let comments;
/** Comments rendered so far (see countRenderedComments), and who wants to hear of a change. */
let rendered = () => 0;
let onRendered = () => {};

function waitForItems(target) {
  return waitForCount({ current: rendered, target, notify: (check) => (onRendered = check) });
}

/** The rendered comments, in tree order, with their ids. */
function items() {
  return deepQueryAll(thread, '[data-comment-id], comment-item').map((item) => ({ id: item.dataset.commentId ?? item.commentId }));
}

window.bench = {
  /**
   * Loads the bundle and builds the thread's data; the adapter is built (and timed) apart. With
   * `later`, that many newer comments follow the thread's `size` first ones (which stay the same).
   */
  async prepare({ bundle, size, seed, threadId, later = 0, plain = false }) {
    confab = await import(bundle);
    await customElements.whenDefined(THREAD_TAG);
    rendered = countRenderedComments(() => onRendered());
    let started = performance.now();
    comments = generateThread({ size, seed, threadId, plain });
    if (later > 0) {
      const startAt = Date.parse(comments.at(-1).createdAt) + 60_000;
      comments.push(...generateThread({ size: later, seed: seed + 1, threadId, idPrefix: 'n', startAt }));
    }
    const generateMs = performance.now() - started;
    const print = fingerprint(comments);
    started = performance.now();
    adapter = new confab.MemoryAdapter({ comments });
    // the bundle loads the in-browser adapters on first use: that is part of building it
    if (adapter.ready) await adapter.ready;
    const adapterMs = performance.now() - started;
    // The adapter keeps its own copy; the generated array would only inflate the heap figure.
    comments = undefined;
    return { fingerprint: print, generateMs, adapterMs };
  },

  /**
   * Renders `<comment-thread>` and resolves once `target` items are painted (or, without a target,
   * once no more items appear). `pageSize` undefined keeps the element's default.
   */
  render({ threadId, pageSize, target, uncapped = true }) {
    return inTask(() => {
      thread = document.createElement(THREAD_TAG);
      thread.setAttribute('thread-id', threadId);
      if (pageSize !== undefined) thread.setAttribute('page-size', String(pageSize));
      thread.adapter = uncapped ? withoutPageCap(adapter) : adapter;
      document.getElementById('app').append(thread);
    }).then(() => waitForItems(target));
  },

  /** Nothing but the harness's own steps: a task, two frames. What every measured step costs at least. */
  async idle() {
    await inTask(() => {});
    await afterFrames(2);
  },

  /** What is on screen: items, their ids in tree order, and the DOM nodes the thread holds. */
  inspect({ ids = false } = {}) {
    const found = items();
    return {
      items: found.length,
      rendered: rendered(),
      ids: ids ? found.map((item) => item.id) : undefined,
      ...countNodes(thread),
    };
  },

  /** A comment from another reader arrives through the adapter's live events. */
  liveComment({ threadId, body, author }) {
    const before = rendered();
    return inTask(() => adapter.simulateRemotePost({ threadId, body, author })).then(() => waitForItems(before + 1));
  },

  /**
   * Setup for a reaction: the reader scrolls to the top-level comment at `position` (1-based), as
   * they must to press its Like; the page settles before anything is measured.
   */
  async scrollToComment({ position }) {
    topLevelComments(thread)[position - 1].scrollIntoView({ block: 'center' });
    await afterFrames(3);
  },

  /** Setup for "load more": the reader scrolls down to the button. */
  async scrollToLoadMore() {
    thread.shadowRoot.querySelector('[part~="load-more"]').scrollIntoView({ block: 'center' });
    await afterFrames(3);
  },

  /** The reader presses Like on the top-level comment at `position` (1-based). */
  async toggleReaction({ position }) {
    const { button, root } = likeButton(topLevelComments(thread)[position - 1]);
    if (!button) throw new Error('no like button found');
    const pressedBefore = button.getAttribute('aria-pressed');
    const changed = nextMutation([root]);
    await inTask(() => button.click());
    await changed;
    await afterFrames(2);
    return { pressedBefore, pressedAfter: button.getAttribute('aria-pressed') };
  },

  /** Presses "Load more comments" once; resolves when the page's comments are painted. */
  async loadMore({ expectedTopLevel }) {
    const button = thread.shadowRoot.querySelector('[part~="load-more"]');
    if (!button) throw new Error('no load-more button found');
    const before = rendered();
    await inTask(() => button.click());
    const result = await waitForItems(before + expectedTopLevel);
    return { ...result, added: rendered() - before };
  },

  /** Setup for the load-more measurement: presses "Load more" until `items` comments are shown. */
  async loadUntil({ items: wanted, pageSize }) {
    while (rendered() < wanted) {
      const button = thread.shadowRoot.querySelector('[part~="load-more"]');
      if (!button) break;
      const before = rendered();
      button.click();
      await waitForItems(before + pageSize);
      await afterFrames(1);
    }
    return { rendered: rendered() };
  },
};
