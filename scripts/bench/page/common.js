// In-page helpers shared by the benchmark pages (runs in the browser, not in Node).
/* global requestAnimationFrame, Node, MutationObserver, customElements */

/**
 * Resolves after `count` animation frames. After a DOM change, the first frame callback runs before
 * that frame's style, layout and paint; the second runs once that frame was produced. So two frames
 * after the last change is "painted".
 */
export function afterFrames(count = 2) {
  return new Promise((resolve) => {
    const step = () => (--count <= 0 ? resolve() : requestAnimationFrame(step));
    requestAnimationFrame(step);
  });
}

/** Runs `work` in a task of its own, as a page script would, so its cost is not part of a DevTools command. */
export function inTask(work) {
  return new Promise((resolve, reject) => {
    setTimeout(() => {
      try {
        resolve(work());
      } catch (error) {
        reject(error);
      }
    }, 0);
  });
}

/**
 * Counts the nodes below `root` (its own shadow tree and those of every element inside included): elements, text and comment nodes (Lit's
 * markers are comments, and they cost memory like any node), plus each shadow root itself.
 */
export function countNodes(root) {
  let nodes = 0;
  let elements = 0;
  let shadowRoots = 0;
  const visit = (node) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      nodes += 1;
      if (child.nodeType === Node.ELEMENT_NODE) {
        elements += 1;
        if (child.shadowRoot) {
          shadowRoots += 1;
          nodes += 1;
          visit(child.shadowRoot);
        }
        visit(child);
      }
    }
  };
  if (root.shadowRoot) {
    shadowRoots += 1;
    nodes += 1;
    visit(root.shadowRoot);
  }
  visit(root);
  return { nodes, elements, shadowRoots };
}

/** Every element matching `selector` below `root`, looking inside shadow roots too, in tree order. */
export function deepQueryAll(root, selector) {
  const found = [];
  const visit = (node) => {
    for (let child = node.firstElementChild; child; child = child.nextElementSibling) {
      if (child.matches(selector)) found.push(child);
      if (child.shadowRoot) visit(child.shadowRoot);
      visit(child);
    }
  };
  if (root.shadowRoot) visit(root.shadowRoot);
  visit(root);
  return found;
}

/**
 * Waits until `current()` reaches `target`, then for two frames (painted). Without a target (or
 * when it is never reached) it settles once `current()` stopped changing for `settleMs` after
 * becoming non-zero: timers only, no frames requested meanwhile, so the waiting itself costs next
 * to no main-thread time. `notify` is handed a function to call whenever the count may have changed.
 */
export function waitForCount({ current, target, notify, settleMs = 400, timeoutMs = 60_000 }) {
  return new Promise((resolve) => {
    let done = false;
    const finish = async (complete) => {
      if (done) return;
      done = true;
      clearInterval(interval);
      if (complete) await afterFrames(2);
      resolve({ count: current(), complete });
    };
    const check = () => {
      if (target !== undefined && current() >= target) void finish(true);
    };
    notify(check);
    let last = current();
    let stableSince = Date.now();
    const started = Date.now();
    const interval = setInterval(() => {
      const now = Date.now();
      const value = current();
      if (value !== last) {
        last = value;
        stableSince = now;
      } else if (value > 0 && now - stableSince >= settleMs) {
        void finish(target === undefined);
      }
      if (now - started > timeoutMs) void finish(false);
    }, 50);
    check();
  });
}

/** Resolves on the first mutation below `root` (shadow trees of `roots` observed individually). */
export function nextMutation(roots) {
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      observer.disconnect();
      resolve();
    });
    for (const root of roots) {
      observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
    }
  });
}

/**
 * MemoryAdapter caps a page at 100 comments, as a server would. To render a whole thread of N
 * comments in one page (what the render benchmark compares with one innerHTML), a `list` asking
 * for more follows the adapter's own cursors and returns the pages joined. The extra calls are
 * part of what is measured.
 */
export function withoutPageCap(inner) {
  const list = async (request) => {
    const wanted = request.limit ?? 20;
    const first = await inner.list(request);
    if (first.comments.length >= wanted || !first.nextCursor) return first;
    const joined = { ...first, comments: [...first.comments], replies: [...(first.replies ?? [])] };
    while (joined.nextCursor && joined.comments.length < wanted) {
      const page = await inner.list({ ...request, cursor: joined.nextCursor, limit: wanted - joined.comments.length });
      joined.comments.push(...page.comments);
      joined.replies.push(...(page.replies ?? []));
      joined.nextCursor = page.nextCursor;
    }
    return joined;
  };
  return new Proxy(inner, {
    get(target, key) {
      if (key === 'list') return list;
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Counts the comments confab has rendered, in either design: comments as templates in the
 * thread's shadow root (`[data-comment-id]`, counted after each update of a thread) or, in builds
 * before that, as `<comment-item>` elements (counted as each finishes its first render). The work
 * is constant per update or per item: no polling of the DOM. `onChange` is called after each count.
 */
export function countRenderedComments(onChange) {
  let items = 0;
  let inThreads = 0;
  const after = (tag, name, count) => {
    const element = customElements.get(tag);
    if (!element) return;
    const original = element.prototype[name];
    element.prototype[name] = function (...args) {
      const result = original?.apply(this, args);
      count(this);
      onChange();
      return result;
    };
  };
  after('comment-item', 'firstUpdated', () => (items += 1));
  after('comment-thread', 'updated', (thread) => (inThreads = thread.shadowRoot.querySelectorAll('[data-comment-id]').length));
  return () => items + inThreads;
}

/** The top-level comments of a thread, in either design (see `countRenderedComments`). */
export function topLevelComments(thread) {
  return thread.shadowRoot.querySelectorAll('[role="feed"] > article, [role="feed"] > comment-item');
}

/** The Like button of a top-level comment and the root its change shows in, in either design. */
export function likeButton(comment) {
  if (comment.localName === 'article') {
    return { button: comment.querySelector('[part~="comment-reaction-like"]'), root: comment.getRootNode() };
  }
  const counter = comment.shadowRoot.querySelector('reaction-counter');
  return { button: counter?.shadowRoot.querySelector('[part~="reaction-like"]'), root: counter?.shadowRoot };
}
