import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import { CommentThread, type ConfabSortChangeEvent } from '../../src/components/comment-thread/comment-thread.js';
import { ReplyForm } from '../../src/components/reply-form/reply-form.js';
import type { CommentAdapter } from '../../src/model/adapter.js';
import type { Comment } from '../../src/model/comment.js';
import { getThreadStore } from '../../src/store/thread-store.js';
import '../helpers/define.js';
import { press } from '../helpers/keys.js';
import { deepActiveElement, deepElements, sleep, text } from '../helpers/dom.js';
import { hostileComments, makeComment, makeComments, rawAdapter } from '../helpers/fixtures.js';
import { trackTimers } from '../helpers/timers.js';

for (const [tag, element] of [
  ['comment-thread', CommentThread],
  ['reply-form', ReplyForm],
] as const) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

const part = <T extends Element = HTMLElement>(el: Element, name: string): T | null =>
  el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);

/**
 * Comments are articles in the thread's shadow root, each with `data-comment-id`; their parts
 * carry the `comment-` prefix there. The top-level ones, in display order:
 */
const topItems = (thread: CommentThread): HTMLElement[] => [
  ...thread.shadowRoot!.querySelectorAll<HTMLElement>('[role="feed"] > article'),
];

const idOf = (comment: HTMLElement): string => comment.dataset.commentId!;

const topIds = (thread: CommentThread): string[] => topItems(thread).map(idOf);

/** A part of a comment's own (its replies come after its own parts). */
const commentPart = <T extends Element = HTMLElement>(comment: Element, name: string): T | null =>
  comment.querySelector<T>(`[part~="comment-${name}"]`);

const bodyOf = (comment: HTMLElement): string => text(commentPart(comment, 'body'));

/** Every comment the thread shows, replies included, in tree order. */
const allComments = (thread: CommentThread): HTMLElement[] => [...thread.shadowRoot!.querySelectorAll<HTMLElement>('[data-comment-id]')];

/** The replies listed right under a comment. */
const repliesOf = (comment: HTMLElement): HTMLElement[] => [
  ...comment.querySelectorAll<HTMLElement>(':scope > [part~="comment-replies"] > [role="list"] > [role="listitem"] > [data-comment-id]'),
];

/** How deep a comment is nested: 0 for a top-level one. */
const depthOf = (comment: HTMLElement): number => {
  let depth = 0;
  for (let parent = comment.parentElement?.closest('[data-comment-id]'); parent; parent = parent.parentElement?.closest('[data-comment-id]')) depth++;
  return depth;
};

async function settle(thread: CommentThread): Promise<void> {
  await thread.updateComplete;
}

async function renderThread(adapter: CommentAdapter, attrs: { threadId?: string; pageSize?: number; maxDepth?: number } = {}): Promise<CommentThread> {
  return fixture<CommentThread>(html`<comment-thread
    thread-id=${attrs.threadId ?? 'thread-1'}
    page-size=${attrs.pageSize ?? 20}
    max-depth=${attrs.maxDepth ?? 4}
    .adapter=${adapter}
  ></comment-thread>`);
}

async function loaded(thread: CommentThread): Promise<void> {
  await waitUntil(() => thread.shadowRoot!.querySelector('[role="feed"], [part~="empty"], [part~="error"]'), 'thread did not load', {
    timeout: 4000,
  });
  await settle(thread);
}

describe('<comment-thread>', () => {
  // The reader's sort choice is remembered page-wide; every test starts without one, and at the
  // top of the page (scrolled into a thread, live comments wait behind a button).
  beforeEach(() => {
    localStorage.removeItem('confab:sort');
    scrollTo(0, 0);
  });
  afterEach(() => localStorage.removeItem('confab:sort'));

  it('shows a loading skeleton, then the comments as a feed of labelled articles', async () => {
    const adapter = new MemoryAdapter({ comments: makeComments({ count: 3 }) });
    // the first page waits until the skeleton has been checked
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const list = adapter.list.bind(adapter);
    adapter.list = async (request) => {
      await gate;
      return list(request);
    };
    const el = await renderThread(adapter);
    await expect(el).to.be.accessible();
    expect(part(el, 'skeleton'), 'skeleton while loading').to.exist;
    expect(text(el.shadowRoot!.querySelector('[role="status"]'))).to.match(/loading/i);
    expect(el.shadowRoot!.querySelector('[role="feed"]')).to.equal(null);

    release();
    await loaded(el);
    await expect(el).to.be.accessible();
    expect(part(el, 'skeleton')).to.equal(null);
    const feed = el.shadowRoot!.querySelector('[role="feed"]')!;
    expect(feed.getAttribute('aria-busy')).to.equal('false');
    expect(topIds(el)).to.deep.equal(['c1', 'c2', 'c3']);
    const article = topItems(el)[0];
    expect(article.dataset.commentId, 'found by its id from outside').to.equal('c1');
    const first = makeComments({ count: 3 })[0];
    expect(article.getAttribute('aria-label')).to.contain(first.author.name);
    expect(article.getAttribute('aria-posinset')).to.equal('1');
    expect(article.getAttribute('aria-setsize')).to.equal('3');
    expect(text(part(el, 'title'))).to.match(/3 comments/i);
  });

  it('shows an empty state when the thread has no comments', async () => {
    const el = await renderThread(new MemoryAdapter());
    await loaded(el);
    await expect(el).to.be.accessible();
    expect(part(el, 'empty')).to.exist;
    expect(text(part(el, 'empty'))).to.not.equal('');
    expect(el.shadowRoot!.querySelector('[role="feed"]')).to.equal(null);
    expect(part(el, 'form'), 'the form is there to start the conversation').to.exist;
  });

  it('shows an error with a retry button, and the retry loads the comments', async () => {
    const adapter = new MemoryAdapter({ comments: makeComments({ count: 2 }), fail: { list: 1 } });
    const el = await renderThread(adapter);
    await loaded(el);
    await expect(el).to.be.accessible();
    const error = part(el, 'error')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(text(error)).to.match(/could not be loaded/i);
    expect(text(error)).to.match(/network/i);
    part<HTMLButtonElement>(el, 'retry')!.click();
    await waitUntil(() => topItems(el).length === 2, 'retry did not load');
    expect(part(el, 'error')).to.equal(null);
    expect(adapter.calls.list).to.equal(2);
  });

  it('reorders on a sort change, keeps the old list visible while loading, and fires confab-sort-change', async () => {
    const comments = makeComments({ count: 3 }).map((comment, i) => ({ ...comment, reactions: { like: [1, 9, 4][i], dislike: 0 } }));
    const adapter = new MemoryAdapter({ comments, latency: 60 });
    const el = await renderThread(adapter);
    await loaded(el);
    await expect(el).to.be.accessible();
    expect(topIds(el)).to.deep.equal(['c1', 'c2', 'c3']);

    const select = part<HTMLSelectElement>(el, 'sort-select')!;
    expect(select.labels?.[0] ?? select.closest('label'), 'the select is labelled').to.exist;
    select.value = 'newest';
    setTimeout(() => select.dispatchEvent(new Event('change', { bubbles: true })));
    const event = (await oneEvent(el, 'confab-sort-change')) as ConfabSortChangeEvent;
    expect(event.detail.sort).to.equal('newest');
    await el.updateComplete;
    const feed = el.shadowRoot!.querySelector('[role="feed"]')!;
    expect(feed.getAttribute('aria-busy'), 'busy while the new order loads').to.equal('true');
    expect(topIds(el), 'the old list stays meanwhile').to.deep.equal(['c1', 'c2', 'c3']);

    await waitUntil(() => topIds(el)[0] === 'c3', 'newest first did not arrive');
    expect(topIds(el)).to.deep.equal(['c3', 'c2', 'c1']);
    expect(el.sort).to.equal('newest');

    select.value = 'top';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await waitUntil(() => topIds(el)[0] === 'c2', 'top first did not arrive');
    expect(topIds(el)).to.deep.equal(['c2', 'c3', 'c1']);
  });

  it('remembers the reader’s sort choice for the next thread, over the page’s default', async () => {
    const comments = makeComments({ count: 3 });
    const first = await renderThread(new MemoryAdapter({ comments }));
    await loaded(first);
    const select = part<HTMLSelectElement>(first, 'sort-select')!;
    select.value = 'newest';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await waitUntil(() => topIds(first)[0] === 'c3', 'newest first did not arrive');
    first.remove();

    const next = await fixture<CommentThread>(
      html`<comment-thread thread-id="thread-1" sort="oldest" .adapter=${new MemoryAdapter({ comments })}></comment-thread>`,
    );
    await loaded(next);
    expect(next.sort).to.equal('newest');
    expect(part<HTMLSelectElement>(next, 'sort-select')!.value).to.equal('newest');
    expect(topIds(next)).to.deep.equal(['c3', 'c2', 'c1']);
  });

  it('does not fire confab-sort-change for a programmatic change', async () => {
    const el = await renderThread(new MemoryAdapter({ comments: makeComments({ count: 2 }) }));
    await loaded(el);
    let fired = 0;
    el.addEventListener('confab-sort-change', () => fired++);
    el.sort = 'newest';
    await waitUntil(() => topIds(el)[0] === 'c2');
    expect(fired).to.equal(0);
  });

  it('loads more comments by cursor without duplicates, then hides the button', async () => {
    const adapter = new MemoryAdapter({ comments: makeComments({ count: 5 }), latency: 200 });
    const el = await renderThread(adapter, { pageSize: 2 });
    await loaded(el);
    await expect(el).to.be.accessible();
    expect(topIds(el)).to.deep.equal(['c1', 'c2']);

    let button = part<HTMLButtonElement>(el, 'load-more')!;
    button.focus();
    button.click();
    await waitUntil(() => button.getAttribute('aria-disabled') === 'true', 'no progress shown');
    expect(text(button)).to.match(/loading/i);
    button.click(); // a second click while loading sends nothing more
    await waitUntil(() => topIds(el).length === 4);
    expect(adapter.calls.list).to.equal(2);
    await waitUntil(() => deepActiveElement()?.id === 'comment-c3', 'focus moves to the first new comment');

    button = part<HTMLButtonElement>(el, 'load-more')!;
    button.click();
    await waitUntil(() => topIds(el).length === 5);
    await settle(el);
    expect(topIds(el)).to.deep.equal(['c1', 'c2', 'c3', 'c4', 'c5']);
    expect(part(el, 'load-more'), 'no button after the last page').to.equal(null);
    expect(text(part(el, 'title'))).to.match(/5 comments/i);
  });

  it('shows a load-more failure inline with a retry', async () => {
    const adapter = new MemoryAdapter({ comments: makeComments({ count: 3 }) });
    const el = await renderThread(adapter, { pageSize: 2 });
    await loaded(el);
    adapter.failNext('list');
    part<HTMLButtonElement>(el, 'load-more')!.click();
    await waitUntil(() => part(el, 'error'));
    await expect(el).to.be.accessible();
    expect(part(el, 'error')!.getAttribute('role')).to.equal('alert');
    expect(topIds(el), 'the loaded comments stay').to.deep.equal(['c1', 'c2']);
    part<HTMLButtonElement>(el, 'retry')!.click();
    await waitUntil(() => topIds(el).length === 3);
    expect(part(el, 'error')).to.equal(null);
  });

  it('shows "Show N more replies" and loads them', async () => {
    const comments = makeComments({ count: 1, replies: 6, depth: 1 });
    const adapter = new MemoryAdapter({ comments });
    const el = await renderThread(adapter);
    await loaded(el);
    const item = topItems(el)[0];
    const replies = (): string[] => repliesOf(item).map(idOf);
    expect(replies()).to.deep.equal(['c1.1', 'c1.2', 'c1.3']);
    const more = commentPart<HTMLButtonElement>(item, 'more-replies')!;
    expect(text(more)).to.match(/3 more repl/i);
    await expect(el).to.be.accessible();
    more.click();
    await waitUntil(() => replies().length === 6);
    expect(replies()).to.deep.equal(['c1.1', 'c1.2', 'c1.3', 'c1.4', 'c1.5', 'c1.6']);
    expect(commentPart(item, 'more-replies')).to.equal(null);
  });

  it('nests replies up to max-depth, then offers "Continue this thread"', async () => {
    const comments = makeComments({ count: 1, replies: 1, depth: 4 });
    const el = await renderThread(new MemoryAdapter({ comments }), { maxDepth: 1 });
    await loaded(el);
    await expect(el).to.be.accessible();
    const top = topItems(el)[0];
    const child = repliesOf(top)[0];
    expect(idOf(child)).to.equal('c1.1');
    expect(commentPart(child, 'replies'), 'nothing nested past max-depth').to.equal(null);
    const more = commentPart<HTMLButtonElement>(child, 'continue')!;
    expect(text(more)).to.match(/continue this thread/i);

    more.click();
    await waitUntil(() => allComments(el).length === 5, 'deeper replies did not show');
    const ids = allComments(el).map(idOf);
    expect(ids).to.deep.equal(['c1', 'c1.1', 'c1.1.1', 'c1.1.1.1', 'c1.1.1.1.1']);
    const deepest = allComments(el).at(-1)!;
    expect(commentPart(deepest, 'in-reply-to'), 'continued replies are listed flat, saying whom they answer').to.exist;
    expect(text(commentPart(deepest, 'in-reply-to'))).to.contain(
      comments.find((c) => c.id === 'c1.1.1.1')!.author.name,
    );
    await waitUntil(() => deepActiveElement()?.id === 'comment-c1.1.1', 'focus moves to the first continued reply');
    await expect(el).to.be.accessible();
  });

  it('renders only the new comment when a live one arrives; positions and set size follow', async () => {
    const adapter = new MemoryAdapter({ comments: makeComments({ count: 4, replies: 1 }) });
    const el = await renderThread(adapter);
    await loaded(el);
    const before = allComments(el);
    expect(before).to.have.length(8);

    // every comment whose DOM changed, and every comment added; a comment's place in the feed
    // (aria-posinset, aria-setsize) moves without drawing it again, so those do not count
    const drawn = new Set<string>();
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === 'attributes' && ['aria-posinset', 'aria-setsize'].includes(record.attributeName!)) continue;
        for (const added of record.addedNodes) if (added instanceof HTMLElement && added.dataset.commentId) drawn.add(idOf(added));
        const node = record.target instanceof Element ? record.target : record.target.parentElement;
        const comment = node?.closest<HTMLElement>('[data-comment-id]');
        if (comment) drawn.add(idOf(comment));
      }
    });
    observer.observe(el.shadowRoot!.querySelector('[role="feed"]')!, { subtree: true, childList: true, characterData: true, attributes: true });
    try {
      adapter.simulateRemotePost({ threadId: 'thread-1', body: 'Live from another tab' });
      await waitUntil(() => topItems(el).length === 5, 'the live comment did not arrive');
      await settle(el);

      const added = topItems(el)[4];
      expect(bodyOf(added)).to.equal('Live from another tab');
      observer.takeRecords();
      expect([...drawn], 'only the new comment rendered').to.deep.equal([idOf(added)]);
      const feedAttributes = (article: HTMLElement): [string | null, string | null] => [
        article.getAttribute('aria-posinset'),
        article.getAttribute('aria-setsize'),
      ];
      expect(topItems(el).map(feedAttributes)).to.deep.equal([1, 2, 3, 4, 5].map((n) => [String(n), '5']));
      expect(topItems(el)[0].getAttribute('aria-label')).to.match(/\S/);
      await expect(el).to.be.accessible();

      // newest first: the live comment goes on top and every position shifts, still without renders
      el.sort = 'newest';
      await waitUntil(() => topIds(el)[0] === idOf(added), 'newest first did not load');
      await settle(el);
      observer.takeRecords();
      drawn.clear();
      adapter.simulateRemotePost({ threadId: 'thread-1', body: 'Newer still' });
      await waitUntil(() => topItems(el).length === 6, 'the second live comment did not arrive');
      await settle(el);
      const newest = topItems(el)[0];
      expect(bodyOf(newest)).to.equal('Newer still');
      expect([...drawn], 'only the newest comment rendered').to.deep.equal([idOf(newest)]);
      expect(topItems(el).map(feedAttributes)).to.deep.equal([1, 2, 3, 4, 5, 6].map((n) => [String(n), '6']));
    } finally {
      observer.disconnect();
    }
  });

  it('moves between top-level comments with Page Down and Page Up', async () => {
    const el = await renderThread(new MemoryAdapter({ comments: makeComments({ count: 3 }) }));
    await loaded(el);
    topItems(el)[0].focus();
    await sendKeys({ press: 'PageDown' });
    expect(deepActiveElement()?.id).to.equal('comment-c2');
    await sendKeys({ press: 'PageDown' });
    await sendKeys({ press: 'PageUp' });
    expect(deepActiveElement()?.id).to.equal('comment-c2');
  });

  it('follows a permalink into its shadow root: the comment gets focus', async () => {
    const el = await renderThread(new MemoryAdapter({ comments: makeComments({ count: 3 }) }));
    await loaded(el);
    await expect(el).to.be.accessible();
    const link = commentPart<HTMLAnchorElement>(topItems(el)[1], 'permalink')!;
    expect(link.getAttribute('href')).to.equal('#comment-c2');
    try {
      link.click();
      await waitUntil(() => deepActiveElement()?.id === 'comment-c2', 'the permalink target did not get focus');
    } finally {
      history.replaceState(null, '', location.pathname + location.search);
    }
  });

  it('never mixes two threads when thread-id changes during a load', async () => {
    const comments = [
      ...makeComments({ threadId: 'a', count: 3, idPrefix: 'a' }),
      ...makeComments({ threadId: 'b', count: 2, idPrefix: 'b', seed: 7 }),
    ];
    const adapter = new MemoryAdapter({ comments, latency: 120 });
    const el = await renderThread(adapter, { threadId: 'a' });
    await sleep(30);
    el.threadId = 'b';
    await loaded(el);
    await expect(el).to.be.accessible();
    expect(topIds(el)).to.deep.equal(['b1', 'b2']);
    await sleep(200); // the first thread's answer has arrived by now
    await settle(el);
    expect(topIds(el)).to.deep.equal(['b1', 'b2']);
    expect(text(part(el, 'title'))).to.match(/2 comments/i);
  });

  it('can be removed during a load without errors or leftover timers', async () => {
    const timers = trackTimers();
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent | PromiseRejectionEvent): void => {
      errors.push('reason' in event ? event.reason : event.error);
    };
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onError);
    try {
      const comments = makeComments({ count: 3 }).map((c) => ({ ...c, createdAt: new Date(Date.now() - 30_000).toISOString() }));
      const adapter = new MemoryAdapter({ comments, latency: 80 });
      const el = await renderThread(adapter);
      // polled with sleep: waitUntil would leave its own timeout timer behind
      while (topItems(el).length < 3) await sleep(20);
      await settle(el);
      await expect(el).to.be.accessible();
      expect(timers.pending().some((timer) => timer.delay >= 1000), 'a relative-time timer runs').to.equal(true);
      el.sort = 'newest';
      await el.updateComplete;
      el.remove();
      await sleep(200);
      expect(errors).to.deep.equal([]);
      expect(timers.pending(), 'timers left behind').to.deep.equal([]);
    } finally {
      timers.restore();
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onError);
    }
  });

  it('renders hostile data without running script, loading remote resources or throwing', async () => {
    const comments = hostileComments('thread-1');
    (window as { __confabPwned?: number }).__confabPwned = undefined;
    const el = await renderThread(rawAdapter(comments));
    await loaded(el);
    await expect(el).to.be.accessible();

    const all = deepElements(el);
    expect(all.filter((node) => node.localName === 'script'), 'no script').to.have.length(0);
    for (const node of all) {
      for (const attr of node.attributes) {
        expect(attr.name.startsWith('on'), `${node.localName} has ${attr.name}`).to.equal(false);
        if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(attr.name)) {
          expect(attr.value.trim().toLowerCase(), `${node.localName}[${attr.name}]`).to.not.match(/^(javascript|data|vbscript):/);
        }
      }
      expect(['iframe', 'form', 'object', 'embed', 'style', 'svg'].includes(node.localName) && node.closest('[part~="comment-body"]'), node.localName).to.not.be.ok;
    }
    const given = new Set(comments.map((c) => (c as Partial<Comment>)?.author?.avatarUrl).filter((url) => /^https?:/.test(url ?? '')));
    for (const img of all.filter((node): node is HTMLImageElement => node.localName === 'img')) {
      expect(given.has(img.getAttribute('src')!), `unexpected image ${img.getAttribute('src')}`).to.equal(true);
      expect(img.getAttribute('referrerpolicy')).to.equal('no-referrer');
    }
    expect((window as { __confabPwned?: number }).__confabPwned).to.equal(undefined);
    expect((window as unknown as Record<string, unknown>).confabClobber, 'no global clobbered').to.equal(undefined);

    const ids = topIds(el);
    expect(ids.filter((id) => id === 'dup'), 'a duplicate id shows once').to.have.length(1);
    expect(ids).to.not.include('orphan');
    const byId = (id: string): HTMLElement => topItems(el).find((item) => idOf(item) === id)!;
    expect(bodyOf(byId('deep')), 'a body that breaks markdown still shows').to.contain('deep');
    const rlo = commentPart(byId('rlo'), 'author')!.querySelector('bdi');
    expect(rlo, 'names are bidi-isolated').to.exist;
    const wide = commentPart<HTMLElement>(byId('wide'), 'author')!;
    expect(wide.title).to.equal('W'.repeat(500));
    expect(el.scrollWidth, 'long lines do not widen the page').to.be.at.most(el.clientWidth + 1);
    const hostileArticle = byId('"><img src=x onerror=alert(1)>');
    expect(hostileArticle.id).to.match(/^comment-[A-Za-z0-9_.~-]+$/);
    expect(text(commentPart(byId('nulls'), 'author'))).to.match(/anonymous/i);
  });

  it('shares its store with a standalone <reply-form> for the same thread and adapter', async () => {
    const adapter = new MemoryAdapter({ comments: makeComments({ count: 1 }) });
    const page = await fixture<HTMLElement>(html`<div>
      <comment-thread thread-id="thread-1" .adapter=${adapter}></comment-thread>
      <reply-form thread-id="thread-1" .adapter=${adapter} .author=${{ name: 'Sam Reader' }}></reply-form>
    </div>`);
    const thread = page.querySelector<CommentThread>('comment-thread')!;
    const form = page.querySelector('reply-form')!;
    await loaded(thread);
    form.focus();
    await waitUntil(() => deepActiveElement()?.localName === 'textarea');
    await sendKeys({ type: 'Posted from the form below' });
    await press('Control+Enter');
    await waitUntil(() => topItems(thread).length === 2, 'the post did not appear in the thread');
    await settle(thread);
    expect(bodyOf(topItems(thread)[1])).to.equal('Posted from the form below');
    expect(text(part(thread, 'title'))).to.match(/2 comments/i);
    expect(adapter.calls.list, 'no reload needed').to.equal(1);
  });

  it('pins a theme for everything inside it with theme="dark" or theme="light"', async () => {
    const el = await renderThread(new MemoryAdapter({ comments: makeComments({ count: 1, replies: 1 }) }));
    await loaded(el);
    await expect(el).to.be.accessible();
    const nested = allComments(el)[1];
    const author = commentPart(nested, 'author')!;
    el.setAttribute('theme', 'dark');
    const dark = getComputedStyle(author).color;
    el.setAttribute('theme', 'light');
    const light = getComputedStyle(author).color;
    expect(dark).to.equal('rgb(230, 232, 235)');
    expect(light).to.equal('rgb(31, 35, 40)');
  });

  it('passes a signed-in author and its store to the top-level form', async () => {
    const adapter = new MemoryAdapter({ comments: [makeComment({ id: 'only' })] });
    const el = await fixture<CommentThread>(html`<comment-thread thread-id="thread-1" .adapter=${adapter} .author=${{ name: 'Sam' }}></comment-thread>`);
    await loaded(el);
    const form = part<ReplyForm>(el, 'form')!;
    expect(form.author?.name).to.equal('Sam');
    expect(form.threadId).to.equal('thread-1');
    await form.updateComplete;
    expect(form.shadowRoot!.querySelector('[part~="heading"]')?.getAttribute('aria-level')).to.equal('3');
  });
});

/**
 * Ten top-level comments; `t8` (page 3 at three per page) holds a reply chain three levels deep
 * whose every link is the fourth reply of its parent, past the embedded ones: `u4` is at depth 3.
 */
function deepThread(): Comment[] {
  const at = (n: number): string => new Date(Date.UTC(2024, 2, 4, 9, n)).toISOString();
  const seed = Array.from({ length: 10 }, (_, i) => makeComment({ id: `t${i + 1}`, createdAt: at(i), replyCount: i === 7 ? 5 : 0 }));
  let parent = 't8';
  for (const level of ['r', 's', 'u']) {
    for (let n = 1; n <= 5; n++) {
      seed.push(makeComment({ id: `${level}${n}`, parentId: parent, body: `Reply ${level}${n}`, createdAt: at(seed.length), replyCount: n === 4 && level !== 'u' ? 5 : 0 }));
    }
    parent = `${level}4`;
  }
  return seed;
}

const clearHash = (): void => history.replaceState(null, '', location.pathname + location.search);

/** The rendered comment of an id anywhere in the thread. */
const itemOf = (thread: CommentThread, id: string): HTMLElement | undefined => allComments(thread).find((comment) => idOf(comment) === id);

const liveRegion = (thread: CommentThread): string => text(thread.shadowRoot!.querySelector('section > [role="status"]'));

describe('<comment-thread> permalinks', () => {
  beforeEach(() => {
    localStorage.removeItem('confab:sort');
    scrollTo(0, 0);
  });
  afterEach(clearHash);

  it('opens a permalink to a comment on page 3 at depth 3: loads it, scrolls to it, highlights and focuses it', async () => {
    history.replaceState(null, '', '#comment-u4');
    const adapter = new MemoryAdapter({ comments: deepThread() });
    const el = await renderThread(adapter, { pageSize: 3 });
    await waitUntil(() => deepActiveElement()?.id === 'comment-u4', 'the linked comment did not get focus', { timeout: 5000 });
    // (the accessibility check runs last: on a busy machine it outlasts the two-second highlight)
    expect(topIds(el), 'pages 1 to 3, not 4').to.deep.equal(['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9']);
    expect(part(el, 'load-more')).to.exist;
    const target = itemOf(el, 'u4')!;
    expect(depthOf(target)).to.equal(3);
    expect(bodyOf(target)).to.equal('Reply u4');
    // highlighted on its own, whatever has focus, and only for a moment
    const content = commentPart(target, 'content')!;
    (document.activeElement as HTMLElement | null)?.blur();
    expect(getComputedStyle(content).outlineStyle).to.equal('solid');
    await waitUntil(() => {
      const box = target.getBoundingClientRect();
      return box.bottom > 0 && box.top < innerHeight;
    }, 'the linked comment was not scrolled into view');
    await waitUntil(() => getComputedStyle(content).outlineStyle === 'none', 'the highlight did not fade', { timeout: 4000 });
    expect(part(el, 'notice')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('continues the thread on the way to a permalinked comment nested deeper than max-depth', async () => {
    history.replaceState(null, '', '#comment-u4');
    const el = await renderThread(new MemoryAdapter({ comments: deepThread() }), { pageSize: 3, maxDepth: 1 });
    await waitUntil(() => deepActiveElement()?.id === 'comment-u4', 'the linked comment did not get focus', { timeout: 5000 });
    await expect(el).to.be.accessible();
    expect(commentPart(itemOf(el, 'u4')!, 'in-reply-to'), 'listed flat, as in a continued thread').to.exist;
    expect(text(commentPart(itemOf(el, 'u4')!, 'in-reply-to'))).to.contain('Ada Whitfield');
  });

  it('follows a permalink given after the thread loaded (hashchange)', async () => {
    const adapter = new MemoryAdapter({ comments: deepThread() });
    const el = await renderThread(adapter, { pageSize: 3 });
    await loaded(el);
    await expect(el).to.be.accessible();
    expect(topIds(el)).to.deep.equal(['t1', 't2', 't3']);
    location.hash = '#comment-s4';
    await waitUntil(() => deepActiveElement()?.id === 'comment-s4', 'the linked comment did not get focus', { timeout: 5000 });
    expect(depthOf(itemOf(el, 's4')!)).to.equal(2);
    expect(topIds(el)).to.have.length(9);

    // and again to one already on the page
    location.hash = '#comment-t2';
    await waitUntil(() => deepActiveElement()?.id === 'comment-t2', 'the second link did not get focus');
    await expect(el).to.be.accessible();
  });

  it('says politely, also to screen readers, that a linked comment is not there, without loading on', async () => {
    const comments = [...deepThread(), makeComment({ id: 'gone', parentId: 't1', status: 'deleted', body: '', author: { name: '' } })];
    const adapter = new MemoryAdapter({ comments });
    history.replaceState(null, '', '#comment-nope');
    const el = await renderThread(adapter, { pageSize: 3 });
    await waitUntil(() => part(el, 'notice'), 'no message for an unknown comment');
    await expect(el).to.be.accessible();
    expect(text(part(el, 'notice'))).to.match(/could not be found/i);
    expect(liveRegion(el)).to.match(/could not be found/i);
    expect(part(el, 'skeleton')).to.equal(null);
    expect(topIds(el), 'the thread shows as usual').to.deep.equal(['t1', 't2', 't3']);
    expect(adapter.calls.list).to.equal(1);

    // a deleted one likewise; a link to one that exists clears the message
    location.hash = '#comment-t5';
    await waitUntil(() => deepActiveElement()?.id === 'comment-t5');
    expect(part(el, 'notice')).to.equal(null);
    location.hash = '#comment-gone';
    await waitUntil(() => part(el, 'notice'), 'no message for a deleted comment');
    expect(part(el, 'error'), 'not an error of the thread').to.equal(null);
  });

  it('with two threads on the page, only the one holding the comment reacts, and one says when neither does', async () => {
    const adapter = new MemoryAdapter({
      comments: [
        ...deepThread(),
        makeComment({ id: 'other-1', threadId: 'thread-2', body: 'In the second thread' }),
        makeComment({ id: 'other-2', threadId: 'thread-2', createdAt: '2024-03-05T10:00:00.000Z' }),
      ],
    });
    history.replaceState(null, '', '#comment-other-2');
    const wrapper = await fixture<HTMLElement>(html`<div>
      <comment-thread thread-id="thread-1" page-size="3" .adapter=${adapter}></comment-thread>
      <comment-thread thread-id="thread-2" page-size="3" .adapter=${adapter}></comment-thread>
    </div>`);
    const [first, second] = [...wrapper.querySelectorAll<CommentThread>('comment-thread')];
    await waitUntil(() => deepActiveElement()?.id === 'comment-other-2', 'the comment in the second thread did not get focus', { timeout: 5000 });
    await loaded(first);
    await settle(first);
    expect(part(first, 'notice'), 'the thread without it stays quiet').to.equal(null);
    expect(part(second, 'notice')).to.equal(null);

    location.hash = '#comment-nowhere';
    await waitUntil(() => part(first, 'notice'), 'no message when no thread holds the comment');
    await settle(second);
    expect(part(second, 'notice'), 'said once, not by every thread').to.equal(null);
  });

  it('names the region and form of each thread after its label, so two on one page can be told apart', async () => {
    const adapter = new MemoryAdapter({ comments: makeComments({ count: 2 }) });
    const landmarkClashes = async (wrapper: Element): Promise<string[]> => {
      await Promise.all([...wrapper.querySelectorAll<CommentThread>('comment-thread')].map(loaded));
      const axe = (window as unknown as { axe: { run: (el: Element, options: object) => Promise<{ violations: { nodes: { target: unknown }[] }[] }> } }).axe;
      const { violations } = await axe.run(wrapper, { runOnly: { type: 'rule', values: ['landmark-unique'] } });
      return violations.flatMap((violation) => violation.nodes.map((node) => JSON.stringify(node.target)));
    };
    const labelled = await fixture<HTMLElement>(html`<div>
      <comment-thread thread-id="thread-1" label="the review" .adapter=${adapter}></comment-thread>
      <comment-thread thread-id="thread-1" label="the interview" .adapter=${adapter}></comment-thread>
    </div>`);
    await Promise.all([...labelled.querySelectorAll<CommentThread>('comment-thread')].map(loaded));
    await expect(labelled).to.be.accessible();
    expect(await landmarkClashes(labelled)).to.deep.equal([]);
    const form = labelled.querySelector('comment-thread')!.shadowRoot!.querySelector<ReplyForm>('reply-form')!;
    expect(text(form.shadowRoot!.querySelector('[part~="heading"]')), 'the visible heading stays').to.equal('Leave a Reply');

    const unlabelled = await fixture<HTMLElement>(html`<div>
      <comment-thread thread-id="thread-1" .adapter=${adapter}></comment-thread>
      <comment-thread thread-id="thread-1" .adapter=${adapter}></comment-thread>
    </div>`);
    expect(await landmarkClashes(unlabelled), 'without labels the two forms share a name').to.not.deep.equal([]);
  });

  it('pages through top-level comments when the adapter cannot locate', async () => {
    const adapter = new MemoryAdapter({ comments: deepThread() });
    Object.assign(adapter, { locate: undefined });
    history.replaceState(null, '', '#comment-t8');
    const el = await renderThread(adapter, { pageSize: 3 });
    await waitUntil(() => deepActiveElement()?.id === 'comment-t8', 'the linked comment did not get focus', { timeout: 5000 });
    await expect(el).to.be.accessible();
    expect(topIds(el)).to.have.length(9);
  });
});

describe('<comment-thread> new comments while reading', () => {
  beforeEach(() => {
    localStorage.removeItem('confab:sort');
    scrollTo(0, 0);
  });
  afterEach(() => scrollTo(0, 0));

  /** A long thread, read from its middle. */
  async function readingThread(): Promise<{ el: CommentThread; adapter: MemoryAdapter }> {
    const adapter = new MemoryAdapter({ comments: makeComments({ count: 30 }) });
    const el = await renderThread(adapter, { pageSize: 30 });
    await loaded(el);
    scrollTo(0, el.getBoundingClientRect().top + scrollY + 1200);
    expect(el.getBoundingClientRect().top, 'the reader is inside the thread').to.be.below(0);
    return { el, adapter };
  }

  it('holds live comments behind a button instead of moving the page, then shows them and focuses the first', async () => {
    const { el, adapter } = await readingThread();
    await expect(el).to.be.accessible();
    const reading = topItems(el)[12];
    const before = reading.getBoundingClientRect().top;
    const first = adapter.simulateRemotePost({ threadId: 'thread-1', body: 'Live one' });
    adapter.simulateRemotePost({ threadId: 'thread-1', parentId: 'c5', body: 'Live reply' });
    await waitUntil(() => part(el, 'new-comments'), 'no new-comments button');
    await settle(el);
    await expect(el).to.be.accessible();
    const button = part<HTMLButtonElement>(el, 'new-comments')!;
    expect(text(button)).to.equal('2 new comments');
    expect(liveRegion(el)).to.equal('2 new comments');
    expect(topItems(el)).to.have.length(30);
    expect(itemOf(el, first.id)).to.equal(undefined);
    expect(reading.getBoundingClientRect().top, 'the page did not move').to.equal(before);
    const visible = button.getBoundingClientRect();
    expect(visible.top >= 0 && visible.bottom <= innerHeight, 'the button is in sight').to.equal(true);

    button.click();
    await waitUntil(() => deepActiveElement()?.id === `comment-${first.id}`, 'focus did not move to the first new comment');
    expect(topItems(el)).to.have.length(31);
    expect(bodyOf(itemOf(el, first.id)!)).to.equal('Live one');
    expect(allComments(el).some((comment) => bodyOf(comment) === 'Live reply')).to.equal(true);
    expect(part(el, 'new-comments')).to.equal(null);
    expect(text(part(el, 'title'))).to.match(/32 comments/);
  });

  it('shows the viewer’s own post at once while others wait', async () => {
    const { el, adapter } = await readingThread();
    await expect(el).to.be.accessible();
    adapter.simulateRemotePost({ threadId: 'thread-1', body: 'Someone else' });
    await waitUntil(() => part(el, 'new-comments'));
    const mine = await getThreadStore(adapter, 'thread-1').post({
      parentId: null,
      body: 'My own',
      author: { name: 'Me' },
      idempotencyKey: 'own-post-key-1',
    });
    await waitUntil(() => itemOf(el, mine.id), 'the own post did not appear');
    expect(text(part(el, 'new-comments'))).to.equal('1 new comment');
  });

  it('lets comments appear as before when the reader is not scrolled into the thread', async () => {
    const { el, adapter } = await readingThread();
    scrollTo(0, 0);
    const live = adapter.simulateRemotePost({ threadId: 'thread-1', body: 'Straight in' });
    await waitUntil(() => itemOf(el, live.id), 'the live comment did not appear');
    expect(part(el, 'new-comments')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('counts with the plural rules of English, Russian and Arabic', async () => {
    await import('../../src/locales/ru.js');
    await import('../../src/locales/ar.js');
    const { el, adapter } = await readingThread();
    await expect(el).to.be.accessible();
    const label = async (lang: string): Promise<string> => {
      el.lang = lang;
      await el.updateComplete;
      return text(part(el, 'new-comments'));
    };
    const post = async (count: number): Promise<void> => {
      for (let i = 0; i < count; i++) adapter.simulateRemotePost({ threadId: 'thread-1', body: `Live ${i}` });
      await el.updateComplete;
    };
    await post(1);
    expect(await label('en')).to.equal('1 new comment');
    expect(await label('ru')).to.equal('1 новый комментарий');
    expect(await label('ar')).to.equal('تعليق جديد واحد');
    await post(1);
    expect(await label('en')).to.equal('2 new comments');
    expect(await label('ru')).to.equal('2 новых комментария');
    expect(await label('ar')).to.equal('تعليقان جديدان');
    await post(3);
    expect(await label('ru')).to.equal('5 новых комментариев');
    expect(await label('ar')).to.equal('5 تعليقات جديدة');
    expect(liveRegion(el)).to.equal('5 تعليقات جديدة');
    el.lang = '';
  });
});
