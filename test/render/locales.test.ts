import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import type { CommentThread } from '../../src/components/comment-thread/comment-thread.js';
import '../helpers/define.js';
import { text } from '../helpers/dom.js';
import { makeComments } from '../helpers/fixtures.js';

// The locale entries (src/locales/*.ts, published as confab/locales/<lang>.js) are imported
// dynamically: the first test needs a thread rendered before the Russian table exists.

const title = (thread: CommentThread): string => text(thread.shadowRoot!.querySelector('[part~="title"]'));

/** The thread's top-level comments: articles in its shadow root (parts prefixed `comment-`). */
const topItems = (thread: CommentThread): HTMLElement[] => [...thread.shadowRoot!.querySelectorAll<HTMLElement>('[role="feed"] > article')];

async function loaded(thread: CommentThread): Promise<void> {
  await waitUntil(() => thread.shadowRoot!.querySelector('[role="feed"], [part~="empty"]'), 'thread did not load', { timeout: 4000 });
  await thread.updateComplete;
}

async function thread(lang: string, count: number): Promise<CommentThread> {
  const adapter = new MemoryAdapter({ comments: makeComments({ count }) });
  const el = await fixture<CommentThread>(html`<comment-thread lang=${lang} thread-id="thread-1" page-size="30" .adapter=${adapter}></comment-thread>`);
  await loaded(el);
  return el;
}

describe('locales', () => {
  describe('Russian (confab/locales/ru.js)', () => {
    it('re-renders a thread already on the page when the table is imported', async () => {
      const el = await thread('ru', 5);
      await expect(el).to.be.accessible();
      expect(title(el), 'English until Russian is loaded').to.equal('5 comments');
      await import('../../src/locales/ru.js');
      await waitUntil(() => title(el) === '5 комментариев', `title stayed "${title(el)}"`);
      // the comments too, not only the thread around them
      const reply = (): string => text(topItems(el)[0].querySelector('[part~="comment-reply-button"]'));
      await waitUntil(() => reply() === 'Ответить', `the comments stayed in English ("${reply()}")`);
    });

    it('picks the plural form of the count: 21, 2, 0', async () => {
      await import('../../src/locales/ru.js');
      expect(title(await thread('ru', 21))).to.equal('21 комментарий');
      expect(title(await thread('ru', 2))).to.equal('2 комментария');
      expect(title(await thread('ru', 0))).to.equal('Комментариев пока нет');
    });

    it('translates the rest of the thread, and leaves elements without lang="ru" in English', async () => {
      await import('../../src/locales/ru.js');
      const el = await thread('ru', 1);
      const item = topItems(el)[0];
      expect(text(item.querySelector('[part~="comment-reply-button"]'))).to.equal('Ответить');
      expect(text(el.shadowRoot!.querySelector('[part~="sort"]'))).to.match(/^Сортировка/);
      expect(title(await thread('en', 2))).to.equal('2 comments');
    });
  });

  describe('Arabic (confab/locales/ar.js)', () => {
    before(async () => {
      await import('../../src/locales/ar.js');
    });

    /** A thread of one comment with one reply, inside a container with the given direction. */
    async function nested(dir: 'rtl' | 'ltr'): Promise<{ el: CommentThread; parent: HTMLElement; reply: HTMLElement }> {
      const adapter = new MemoryAdapter({ comments: makeComments({ count: 1, replies: 1, depth: 1 }) });
      const wrapper = await fixture<HTMLDivElement>(html`<div dir=${dir} lang="ar" style="width: 600px">
        <comment-thread thread-id="thread-1" .adapter=${adapter}></comment-thread>
      </div>`);
      const el = wrapper.querySelector<CommentThread>('comment-thread')!;
      await loaded(el);
      const parent = topItems(el)[0];
      await waitUntil(() => parent.querySelector('[part~="comment-replies"] [data-comment-id]'), 'reply did not show');
      const reply = parent.querySelector<HTMLElement>('[part~="comment-replies"] [data-comment-id]')!;
      return { el, parent, reply };
    }

    it('lays a right-to-left thread out mirrored, replies indented from the right', async () => {
      const { el, parent, reply } = await nested('rtl');
      await expect(el).to.be.accessible();
      const outer = parent.getBoundingClientRect();
      const inner = reply.getBoundingClientRect();
      expect(outer.right - inner.right, 'indent on the right').to.be.greaterThan(10);
      expect(Math.abs(inner.left - outer.left), 'flush on the left').to.be.lessThan(1);
      expect(getComputedStyle(el.shadowRoot!.querySelector('[part~="header"]')!).direction).to.equal('rtl');

      const ltr = await nested('ltr');
      const ltrOuter = ltr.parent.getBoundingClientRect();
      const ltrInner = ltr.reply.getBoundingClientRect();
      expect(ltrInner.left - ltrOuter.left, 'left-to-right: indent on the left').to.be.greaterThan(10);
    });

    it('shows Arabic texts with Arabic plural forms', async () => {
      // Arabic has six plural categories: 1 "one", 2 "two", 3–10 "few", 11–99 "many"
      expect(title(await thread('ar', 1))).to.equal('تعليق واحد');
      expect(title(await thread('ar', 2))).to.equal('تعليقان');
      expect(title(await thread('ar', 5))).to.match(/^\S+ تعليقات$/);
      expect(title(await thread('ar', 11))).to.match(/^\S+ تعليقًا$/);
      expect(title(await thread('ar', 0))).to.equal('لا توجد تعليقات بعد');
    });
  });
});
