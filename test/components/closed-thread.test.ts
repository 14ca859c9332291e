import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import { CommentItem } from '../../src/components/comment-item/comment-item.js';
import { CommentThread } from '../../src/components/comment-thread/comment-thread.js';
import { ReplyForm } from '../../src/components/reply-form/reply-form.js';
import { AdapterError, type ListPage, type ListRequest, type PostRequest } from '../../src/model/adapter.js';
import '../helpers/define.js';
import { makeComments } from '../helpers/fixtures.js';

for (const [tag, element] of [
  ['comment-thread', CommentThread],
  ['comment-item', CommentItem],
  ['reply-form', ReplyForm],
] as const) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

/** A memory adapter whose thread is closed (`closed` true on its pages, posts refused as a server does). */
class ClosingAdapter extends MemoryAdapter {
  closed = false;
  override async list(request: ListRequest): Promise<ListPage> {
    const page = await super.list(request);
    return this.closed ? { ...page, closed: true } : page;
  }
  override async post(request: PostRequest) {
    if (this.closed) throw new AdapterError('forbidden', 'Comments are closed on this page.', { field: 'closed' });
    return super.post(request);
  }
}

const formOf = (thread: CommentThread): ReplyForm => thread.shadowRoot!.querySelector('reply-form') as ReplyForm;

async function loadedThread(adapter: ClosingAdapter): Promise<CommentThread> {
  const thread = await fixture<CommentThread>(html`<comment-thread thread-id="thread-1" .adapter=${adapter}></comment-thread>`);
  await waitUntil(() => thread.shadowRoot!.querySelector('[role="feed"]'), 'thread did not load', { timeout: 4000 });
  await thread.updateComplete;
  return thread;
}

describe('a closed thread', () => {
  it('shows "Comments are closed." instead of the form, and still lists the comments with their reactions', async () => {
    const adapter = new ClosingAdapter({ comments: makeComments({ count: 3 }) });
    adapter.closed = true;
    const thread = await loadedThread(adapter);
    const form = formOf(thread);
    await waitUntil(() => form.shadowRoot!.querySelector('[part~="closed"]'), 'no closed notice');
    const notice = form.shadowRoot!.querySelector('[part~="closed"]')!;
    expect(notice.textContent).to.equal('Comments are closed.');
    expect(notice.getAttribute('role')).to.equal('status');
    expect(form.shadowRoot!.querySelector('textarea, form')).to.equal(null, 'no form to fill in');
    const items = thread.shadowRoot!.querySelectorAll('[role="feed"] > [data-comment-id]');
    expect(items.length).to.equal(3);
    expect(items[0]!.querySelector('[part~="comment-reactions"]')).to.not.equal(null);
    const reply = items[0]!.querySelector<HTMLElement>('[part~="comment-reply-button"]')!;
    expect(getComputedStyle(reply).display).to.equal('none', 'no Reply button either');
    await expect(form).to.be.accessible();
  });

  it('turns the form into the notice when a post finds the thread closed meanwhile, keeping the text out of the list', async () => {
    const adapter = new ClosingAdapter({ comments: makeComments({ count: 1 }) });
    const thread = await loadedThread(adapter);
    const form = formOf(thread);
    await form.updateComplete;
    expect(form.shadowRoot!.querySelector('textarea')).to.not.equal(null);
    adapter.closed = true;
    const store = (form as unknown as { _data: { store: { post: (input: unknown) => Promise<unknown> } } })._data.store;
    let refused: unknown = null;
    await store.post({ parentId: null, body: 'Too late', author: { name: 'Ada' }, idempotencyKey: 'late-1' }).catch((err: unknown) => (refused = err));
    expect((refused as AdapterError).code).to.equal('forbidden');
    await waitUntil(() => form.shadowRoot!.querySelector('[part~="closed"]'), 'the form did not close');
    expect(thread.shadowRoot!.querySelectorAll('[role="feed"] > [data-comment-id]').length).to.equal(1);
    await waitUntil(() => thread.hasAttribute('data-closed'), 'the thread did not hide its Reply buttons');
    const reply = thread.shadowRoot!.querySelector<HTMLElement>('[part~="comment-reply-button"]')!;
    expect(getComputedStyle(reply).display).to.equal('none');
  });
});
