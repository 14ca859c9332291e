import { expect, fixture, fixtureSync, html, waitUntil } from '@open-wc/testing';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import { configure } from '../../src/configure.js';
import type { CommentCount } from '../../src/components/comment-count/comment-count.js';
import { t } from '../../src/render/i18n.js';
import { getThreadStore } from '../../src/store/thread-store.js';
import '../helpers/define.js';
import { text } from '../helpers/dom.js';
import { makeComment } from '../helpers/fixtures.js';

const part = <T extends Element = HTMLElement>(el: Element, name: string): T | null =>
  el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);

const countText = (el: CommentCount): string => text(part(el, 'count'));

/** Three threads: a with 3 comments (one a reply), b with 1, c with none. */
function seededAdapter(options: ConstructorParameters<typeof MemoryAdapter>[0] = {}): MemoryAdapter {
  return new MemoryAdapter({
    comments: [
      makeComment({ id: 'a1', threadId: 'a', replyCount: 1 }),
      makeComment({ id: 'a2', threadId: 'a', createdAt: '2024-03-04T10:00:00.000Z' }),
      makeComment({ id: 'a1.1', threadId: 'a', parentId: 'a1', createdAt: '2024-03-04T11:00:00.000Z' }),
      makeComment({ id: 'b1', threadId: 'b' }),
    ],
    ...options,
  });
}

describe('<comment-count>', () => {
  it('is accessible while loading and once loaded', async () => {
    const adapter = seededAdapter({ latency: 50 });
    const el = await fixture<CommentCount>(html`<comment-count thread-id="a" .adapter=${adapter}></comment-count>`);
    expect(part(el, 'placeholder')).not.to.equal(null);
    await expect(el).to.be.accessible();
    await waitUntil(() => part(el, 'count'), 'count shown');
    await expect(el).to.be.accessible();
  });

  it('costs one adapter call for three badges on the page, with numbers and plurals', async () => {
    const adapter = seededAdapter();
    const list = fixtureSync<HTMLElement>(html`<ul>
      <li><comment-count thread-id="a" .adapter=${adapter}></comment-count></li>
      <li><comment-count thread-id="b" .adapter=${adapter}></comment-count></li>
      <li><comment-count thread-id="c" .adapter=${adapter}></comment-count></li>
    </ul>`);
    const badges = [...list.querySelectorAll<CommentCount>('comment-count')];
    await waitUntil(() => badges.every((badge) => part(badge, 'count')), 'all counts shown');
    expect(adapter.calls.count).to.equal(1);
    expect(badges.map(countText)).to.deep.equal(['3 comments', '1 comment', '0 comments']);
  });

  it('shows a placeholder of stable width while loading, then the number, without alarming text', async () => {
    const adapter = seededAdapter({ latency: 80 });
    const el = await fixture<CommentCount>(html`<comment-count thread-id="a" .adapter=${adapter}></comment-count>`);
    const placeholder = part(el, 'placeholder')!;
    expect(placeholder.getBoundingClientRect().width).to.be.greaterThan(30);
    // the link says it is loading to a screen reader, and shows no number yet
    expect(text(part(el, 'link'))).to.equal(t('thread.loading'));
    await waitUntil(() => part(el, 'count'));
    expect(part(el, 'placeholder')).to.equal(null);
    expect(countText(el)).to.equal('3 comments');
  });

  it('links to #comments by default, to href when given, and is plain text with href=""', async () => {
    const adapter = seededAdapter();
    const wrapper = fixtureSync<HTMLElement>(html`<div>
      <comment-count thread-id="a" .adapter=${adapter}></comment-count>
      <comment-count thread-id="a" href="/news/a-42#comments" .adapter=${adapter}></comment-count>
      <comment-count thread-id="a" href="" .adapter=${adapter}></comment-count>
    </div>`);
    const [plain, custom, none] = [...wrapper.querySelectorAll<CommentCount>('comment-count')];
    await waitUntil(() => part(none, 'count'));
    expect(part(plain, 'link')!.getAttribute('href')).to.equal('#comments');
    expect(part(custom, 'link')!.getAttribute('href')).to.equal('/news/a-42#comments');
    expect(part(none, 'link')).to.equal(null);
    expect(countText(none)).to.equal('3 comments');
    expect(text(part(custom, 'link'))).to.equal('3 comments');
  });

  it('follows the thread loaded on the same page: a new comment updates the badge', async () => {
    const adapter = seededAdapter();
    const el = await fixture<CommentCount>(html`<comment-count thread-id="a" .adapter=${adapter}></comment-count>`);
    await waitUntil(() => countText(el) === '3 comments');
    const store = getThreadStore(adapter, 'a');
    await store.load();
    await store.post({ parentId: null, body: 'Me too', author: { name: 'Ann' }, idempotencyKey: 'key-k-1-0000' });
    await waitUntil(() => countText(el) === '4 comments', `badge says ${countText(el)}`);
    expect(adapter.calls.count).to.equal(1);
  });

  it('counts a comment posted through the store even before the thread is loaded', async () => {
    const adapter = seededAdapter();
    const el = await fixture<CommentCount>(html`<comment-count thread-id="b" .adapter=${adapter}></comment-count>`);
    await waitUntil(() => countText(el) === '1 comment');
    await getThreadStore(adapter, 'b').post({
      parentId: null,
      body: 'Second',
      author: { name: 'Ann' },
      idempotencyKey: 'key-k-2-0000',
    });
    await waitUntil(() => countText(el) === '2 comments', `badge says ${countText(el)}`);
  });

  it('counts comments other readers post, through live events', async () => {
    const adapter = seededAdapter();
    const el = await fixture<CommentCount>(html`<comment-count thread-id="b" .adapter=${adapter}></comment-count>`);
    await waitUntil(() => countText(el) === '1 comment');
    const other = adapter.asViewer('someone-else');
    await other.post({ threadId: 'b', parentId: null, body: 'Hi', author: { name: 'Bo' }, idempotencyKey: 'key-x-0000' });
    await waitUntil(() => countText(el) === '2 comments', `badge says ${countText(el)}`);
  });

  it('opens no live connection with no-live, and still shows the count', async () => {
    const adapter = seededAdapter();
    const el = await fixture<CommentCount>(html`<comment-count no-live thread-id="a" .adapter=${adapter}></comment-count>`);
    await waitUntil(() => countText(el) === '3 comments');
    expect(adapter.calls.subscribe).to.equal(0);
    const live = await fixture<CommentCount>(html`<comment-count thread-id="b" .adapter=${adapter}></comment-count>`);
    await waitUntil(() => part(live, 'count'));
    expect(adapter.calls.subscribe).to.equal(1);
  });

  it('uses a loaded thread’s total without asking the adapter', async () => {
    const adapter = seededAdapter();
    await getThreadStore(adapter, 'a').load();
    const el = await fixture<CommentCount>(html`<comment-count thread-id="a" .adapter=${adapter}></comment-count>`);
    expect(countText(el)).to.equal('3 comments');
    expect(adapter.calls.count).to.equal(0);
  });

  it('reuses a recent count for a badge added later', async () => {
    const adapter = seededAdapter();
    const first = await fixture<CommentCount>(html`<comment-count thread-id="b" .adapter=${adapter}></comment-count>`);
    await waitUntil(() => part(first, 'count'));
    const second = await fixture<CommentCount>(html`<comment-count thread-id="b" .adapter=${adapter}></comment-count>`);
    await waitUntil(() => part(second, 'count'));
    expect(countText(second)).to.equal('1 comment');
    expect(adapter.calls.count).to.equal(1);
  });

  it('falls back to a quiet "Comments" link when the count fails, and logs once', async () => {
    const adapter = seededAdapter({ fail: { count: true } });
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const wrapper = fixtureSync<HTMLElement>(html`<div>
        <comment-count thread-id="a" .adapter=${adapter}></comment-count>
        <comment-count thread-id="b" .adapter=${adapter}></comment-count>
      </div>`);
      const badges = [...wrapper.querySelectorAll<CommentCount>('comment-count')];
      await waitUntil(() => badges.every((badge) => part(badge, 'count')));
      expect(badges.map(countText)).to.deep.equal([t('count.label'), t('count.label')]);
      expect(part(badges[0], 'link')!.getAttribute('href')).to.equal('#comments');
      expect(wrapper.textContent).not.to.match(/error|fail/i);
      for (const badge of badges) expect(text(badge.shadowRoot!.firstElementChild)).not.to.match(/error|fail|network/i);
      expect(warnings).to.have.length(1);
      await expect(badges[0]).to.be.accessible();
    } finally {
      console.warn = warn;
    }
  });

  it('picks up an adapter configured for the page after the badge appeared', async () => {
    const el = await fixture<CommentCount>(html`<comment-count thread-id="b"></comment-count>`);
    expect(countText(el)).to.equal(t('count.label'));
    const adapter = seededAdapter();
    configure({ adapter });
    try {
      await waitUntil(() => countText(el) === '1 comment', `badge says ${countText(el)}`);
    } finally {
      configure({ adapter: undefined });
    }
  });

  it('follows a page that switches language through <html lang>', async () => {
    await import('../../src/locales/ru.js');
    const root = document.documentElement;
    const before = root.getAttribute('lang');
    const el = await fixture<CommentCount>(html`<comment-count thread-id="a" .adapter=${seededAdapter()}></comment-count>`);
    await waitUntil(() => countText(el) === '3 comments', 'English count first');
    try {
      root.setAttribute('lang', 'ru');
      await waitUntil(() => countText(el) === '3 комментария', 'Russian count after the page switched');
    } finally {
      if (before === null) root.removeAttribute('lang');
      else root.setAttribute('lang', before);
    }
    await waitUntil(() => countText(el) === '3 comments', 'back to English');
  });

  it('counts a new thread when thread-id changes', async () => {
    const adapter = seededAdapter();
    const el = await fixture<CommentCount>(html`<comment-count thread-id="a" .adapter=${adapter}></comment-count>`);
    await waitUntil(() => countText(el) === '3 comments');
    el.threadId = 'b';
    await waitUntil(() => countText(el) === '1 comment', `badge says ${countText(el)}`);
  });
});
