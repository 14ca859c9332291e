import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import type { ReactionCounter } from '../../src/components/reaction-counter/reaction-counter.js';
import { getThreadStore } from '../../src/store/thread-store.js';
import { makeComment } from '../helpers/fixtures.js';
import { sleep, text } from '../helpers/dom.js';
import '../helpers/define.js';

let threadCounter = 0;

function nextThread(): string {
  threadCounter += 1;
  return `reaction-thread-${threadCounter}-${Date.now()}`;
}

async function makeCounter(options: { adapter?: MemoryAdapter; threadId?: string; commentId?: string; reactions?: string } = {}) {
  const adapter = options.adapter ?? new MemoryAdapter();
  const threadId = options.threadId ?? nextThread();
  const el = await fixture<ReactionCounter>(html`<reaction-counter
    thread-id=${threadId}
    comment-id=${options.commentId ?? ''}
    reactions=${options.reactions ?? 'like dislike'}
    .adapter=${adapter}
  ></reaction-counter>`);
  return { el, adapter, threadId };
}

function buttons(el: ReactionCounter): HTMLButtonElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button[aria-pressed]')];
}

function button(el: ReactionCounter, reaction: string): HTMLButtonElement {
  const found = el.shadowRoot!.querySelector<HTMLButtonElement>(`button[data-reaction="${reaction}"]`);
  if (!found) throw new Error(`no ${reaction} button`);
  return found;
}

const message = (el: ReactionCounter) => el.shadowRoot!.querySelector<HTMLElement>('[role="alert"]')!;

async function until(check: () => boolean, timeout = 3000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeout) throw new Error('condition not met in time');
    await sleep(10);
  }
}

/** Waits for the thread's reactions to arrive and be shown. */
async function ready(el: ReactionCounter): Promise<void> {
  await until(() => el.shadowRoot!.querySelector('[part~="base"]')?.getAttribute('aria-busy') === 'false');
  await el.updateComplete;
}

async function click(el: ReactionCounter, reaction: string): Promise<void> {
  button(el, reaction).click();
  await el.updateComplete;
}

describe('<reaction-counter>', () => {
  it('shows "0 0" under an article before anyone reacted', async () => {
    const { el } = await makeCounter();
    await ready(el);
    await expect(el).to.be.accessible();
    expect(text(el.shadowRoot!.querySelector('[part~="base"]'))).to.equal('0 0');
    expect(buttons(el).map((b) => b.getAttribute('aria-pressed'))).to.deep.equal(['false', 'false']);
    expect(buttons(el).map((b) => b.getAttribute('aria-label'))).to.satisfy((labels: string[]) => /^Like\W+0$/.test(labels[0]) && /^Dislike\W+0$/.test(labels[1]));
    // the icon is decorative and the count is not read a second time
    for (const b of buttons(el)) expect(b.querySelector('svg')?.getAttribute('aria-hidden')).to.equal('true');
  });

  it('has targets of at least 24 by 24 pixels', async () => {
    const { el } = await makeCounter();
    await ready(el);
    for (const b of buttons(el)) {
      const box = b.getBoundingClientRect();
      expect(box.width).to.be.at.least(24);
      expect(box.height).to.be.at.least(24);
    }
  });

  it('shows placeholders of the same size while loading', async () => {
    const { el, adapter } = await makeCounter({ adapter: new MemoryAdapter({ latency: 1500 }) });
    await expect(el).to.be.accessible();
    const base = el.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!;
    expect(base.getAttribute('aria-busy')).to.equal('true');
    expect(el.shadowRoot!.querySelectorAll('.placeholder')).to.have.length(2);
    expect(button(el, 'like').getAttribute('aria-disabled')).to.equal('true');
    const loadingBox = base.getBoundingClientRect();
    // a click while loading does nothing
    await click(el, 'like');
    expect(adapter.calls.react).to.equal(0);
    await ready(el);
    const readyBox = base.getBoundingClientRect();
    expect(readyBox.height).to.equal(loadingBox.height);
    expect(Math.abs(readyBox.width - loadingBox.width)).to.be.lessThan(2);
  });

  it('toggles like with aria-pressed and the count', async () => {
    const { el, adapter, threadId } = await makeCounter();
    await ready(el);
    await click(el, 'like');
    expect(button(el, 'like').getAttribute('aria-pressed')).to.equal('true');
    expect(button(el, 'like').getAttribute('aria-label')).to.match(/^Like\W+1$/);
    expect(text(button(el, 'like'))).to.equal('1');
    await until(() => adapter.calls.react === 1);
    await sleep(20);
    expect((await adapter.getReactions({ threadId, commentId: null })).reactions.like).to.equal(1);

    await click(el, 'like');
    expect(button(el, 'like').getAttribute('aria-pressed')).to.equal('false');
    expect(text(button(el, 'like'))).to.equal('0');
    await sleep(20);
    expect((await adapter.getReactions({ threadId, commentId: null })).reactions.like ?? 0).to.equal(0);
  });

  it('adds to what other readers gave, and dislike takes the like back', async () => {
    const adapter = new MemoryAdapter();
    const threadId = nextThread();
    await adapter.asViewer('someone').react({ threadId, commentId: null, reaction: 'like', active: true });
    await adapter.asViewer('someone-else').react({ threadId, commentId: null, reaction: 'dislike', active: true });
    const { el } = await makeCounter({ adapter, threadId });
    await ready(el);
    expect(text(el.shadowRoot!.querySelector('[part~="base"]'))).to.equal('1 1');
    await click(el, 'like');
    expect(text(button(el, 'like'))).to.equal('2');
    await click(el, 'dislike');
    expect(button(el, 'like').getAttribute('aria-pressed')).to.equal('false');
    expect(button(el, 'dislike').getAttribute('aria-pressed')).to.equal('true');
    expect(text(el.shadowRoot!.querySelector('[part~="base"]'))).to.equal('1 2');
    await sleep(30);
    const saved = await adapter.getReactions({ threadId, commentId: null });
    expect(saved.reactions).to.include({ like: 1, dislike: 2 });
    expect(saved.viewer).to.deep.equal(['dislike']);
  });

  it('rolls back and says so when the adapter refuses, and clears the message on the next success', async () => {
    const adapter = new MemoryAdapter({ latency: 60 });
    const { el } = await makeCounter({ adapter });
    await ready(el);
    adapter.failNext('react');
    await click(el, 'like');
    // optimistic first
    expect(button(el, 'like').getAttribute('aria-pressed')).to.equal('true');
    await until(() => text(message(el)) !== '');
    expect(button(el, 'like').getAttribute('aria-pressed')).to.equal('false');
    expect(text(button(el, 'like'))).to.equal('0');
    await expect(el).to.be.accessible();

    await click(el, 'like');
    await until(() => text(message(el)) === '');
    expect(button(el, 'like').getAttribute('aria-pressed')).to.equal('true');
    expect(text(button(el, 'like'))).to.equal('1');
  });

  it('reacts to one comment from the store, leaving the thread alone', async () => {
    const threadId = nextThread();
    const adapter = new MemoryAdapter({
      comments: [
        makeComment({ id: 'c1', threadId, reactions: { like: 3, dislike: 1 }, viewer: { reactions: ['dislike'], canEdit: false, canDelete: false } }),
      ],
    });
    const store = getThreadStore(adapter, threadId);
    await store.load();
    const { el: comment } = await makeCounter({ adapter, threadId, commentId: 'c1' });
    const { el: article } = await makeCounter({ adapter, threadId });
    await ready(article);
    await expect(comment).to.be.accessible();
    expect(adapter.calls.getReactions).to.equal(1); // the article's, not the comment's
    expect(button(comment, 'like').getAttribute('aria-label')).to.match(/^Like\W+3$/);
    expect(button(comment, 'dislike').getAttribute('aria-pressed')).to.equal('true');

    await click(comment, 'like');
    expect(text(comment.shadowRoot!.querySelector('[part~="base"]'))).to.equal('4 0');
    expect(text(article.shadowRoot!.querySelector('[part~="base"]'))).to.equal('0 0');
    await sleep(30);
    expect(store.comment('c1')?.reactions.like).to.equal(4);
    expect(store.comment('c1')?.reactions.dislike ?? 0).to.equal(0);
    expect((await adapter.getReactions({ threadId, commentId: null })).reactions.like ?? 0).to.equal(0);
  });

  it('waits for a comment still being posted before it can be reacted to', async () => {
    const adapter = new MemoryAdapter({ latency: 1500 });
    const threadId = nextThread();
    const store = getThreadStore(adapter, threadId);
    const posting = store.post({ parentId: null, body: 'Just sent', author: { name: 'Ada' }, idempotencyKey: 'k-pending' });
    const { el } = await makeCounter({ adapter, threadId, commentId: 'pending:k-pending' });
    await expect(el).to.be.accessible();
    expect(store.comment('pending:k-pending')).to.not.equal(undefined);
    expect(button(el, 'like').getAttribute('aria-disabled')).to.equal('true');
    await click(el, 'like');
    expect(adapter.calls.react).to.equal(0);
    expect(text(message(el))).to.equal('');
    await posting;
  });

  it('keeps two counters of the same article in step', async () => {
    const adapter = new MemoryAdapter();
    const threadId = nextThread();
    const { el: top } = await makeCounter({ adapter, threadId });
    const { el: bottom } = await makeCounter({ adapter, threadId });
    await ready(top);
    await ready(bottom);
    await click(top, 'like');
    await bottom.updateComplete;
    await sleep(0);
    expect(button(bottom, 'like').getAttribute('aria-pressed')).to.equal('true');
    expect(text(button(bottom, 'like'))).to.equal('1');
    expect(adapter.calls.getReactions).to.equal(1);
  });

  it('offers a custom set of reactions with text labels', async () => {
    const { el, adapter, threadId } = await makeCounter({ reactions: 'heart laugh <img>' });
    await ready(el);
    await expect(el).to.be.accessible();
    expect(buttons(el).map((b) => b.dataset.reaction)).to.deep.equal(['heart', 'laugh', '<img>']);
    expect(text(button(el, 'heart'))).to.equal('Heart 0');
    expect(button(el, 'laugh').getAttribute('aria-label')).to.match(/^Laugh\W+0$/);
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    await click(el, 'heart');
    await click(el, 'laugh');
    // only like and dislike exclude each other
    expect(buttons(el).filter((b) => b.getAttribute('aria-pressed') === 'true')).to.have.length(2);
    await sleep(30);
    expect((await adapter.getReactions({ threadId, commentId: null })).reactions).to.include({ heart: 1, laugh: 1 });
  });

  it('works with the keyboard: Space and Enter toggle', async () => {
    const { el } = await makeCounter();
    await ready(el);
    button(el, 'like').focus();
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(button(el, 'like').getAttribute('aria-pressed')).to.equal('true');
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(button(el, 'dislike'));
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(button(el, 'dislike').getAttribute('aria-pressed')).to.equal('true');
    expect(button(el, 'like').getAttribute('aria-pressed')).to.equal('false');
  });

  it('fires a cancelable confab-react before reacting', async () => {
    const { el, adapter } = await makeCounter({ commentId: '' });
    await ready(el);
    const event = oneEvent(el, 'confab-react');
    await click(el, 'dislike');
    const { detail } = await event;
    expect(detail).to.deep.equal({ reaction: 'dislike', active: true, commentId: null });

    el.addEventListener('confab-react', (e) => e.preventDefault());
    await click(el, 'like');
    expect(button(el, 'like').getAttribute('aria-pressed')).to.equal('false');
    await sleep(30);
    expect(adapter.calls.react).to.equal(1);
  });

  it('offers a retry when the reactions cannot be loaded', async () => {
    const adapter = new MemoryAdapter();
    adapter.failNext('getReactions');
    const { el } = await makeCounter({ adapter });
    await until(() => el.shadowRoot!.querySelector('[part~="retry"]') !== null);
    await expect(el).to.be.accessible();
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="retry"]')!.click();
    await el.updateComplete;
    await ready(el);
    expect(text(el.shadowRoot!.querySelector('[part~="base"]'))).to.equal('0 0');
    expect(el.shadowRoot!.querySelector('[part~="retry"]')).to.equal(null);
  });
});
