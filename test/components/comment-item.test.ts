import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import { anchorId, CommentItem, type ConfabEditEvent } from '../../src/components/comment-item/comment-item.js';
import { ReplyForm } from '../../src/components/reply-form/reply-form.js';
import type { CommentAdapter } from '../../src/model/adapter.js';
import type { Comment } from '../../src/model/comment.js';
import { getThreadStore, type ThreadStore } from '../../src/store/thread-store.js';
import '../helpers/define.js';
import { press } from '../helpers/keys.js';
import { deepActiveElement, sleep, text } from '../helpers/dom.js';
import { makeComment, rawAdapter } from '../helpers/fixtures.js';

for (const [tag, element] of [
  ['comment-item', CommentItem],
  ['reply-form', ReplyForm],
] as const) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

const VIEWER = 'viewer';
const mine = (overrides: Partial<Comment> & { id: string }): Comment =>
  makeComment({ author: { id: VIEWER, name: 'Me Myself' }, viewer: { reactions: [], canEdit: true, canDelete: true }, ...overrides });

const part = <T extends Element = HTMLElement>(el: Element, name: string): T | null =>
  el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);

const childItems = (el: CommentItem): CommentItem[] => [
  ...el.shadowRoot!.querySelectorAll<CommentItem>('[part~="replies"] comment-item'),
];

/** A loaded store with `comments`, and an item showing `id` from it. */
async function renderItem(
  comments: Comment[],
  id: string,
  options: { adapter?: MemoryAdapter; author?: { name: string } } = {},
): Promise<{ el: CommentItem; store: ThreadStore; adapter: MemoryAdapter }> {
  const adapter = options.adapter ?? new MemoryAdapter({ comments, viewerId: VIEWER });
  const store = getThreadStore(adapter, 'thread-1');
  await store.load();
  const el = await fixture<CommentItem>(html`<comment-item .store=${store} comment-id=${id} .author=${options.author}></comment-item>`);
  await Promise.all(childItems(el).map((child) => child.updateComplete));
  return { el, store, adapter };
}

describe('<comment-item>', () => {
  it('shows author, time, edited mark, body, initials and reactions', async () => {
    const comment = makeComment({
      id: 'c1',
      author: { name: 'Ada Whitfield', url: 'https://ada.example/' },
      body: 'Hello **world**',
      createdAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      editedAt: new Date(Date.now() - 60_000).toISOString(),
      reactions: { like: 3, dislike: 1 },
    });
    const { el } = await renderItem([comment], 'c1');
    await expect(el).to.be.accessible();
    const article = el.shadowRoot!.querySelector('article')!;
    expect(article.id).to.equal('comment-c1');
    expect(article.getAttribute('aria-label')).to.contain('Ada Whitfield');
    const author = part<HTMLAnchorElement>(el, 'author')!;
    expect(author.localName).to.equal('a');
    expect(author.getAttribute('href')).to.equal('https://ada.example/');
    expect(author.rel.split(' ')).to.include.members(['ugc', 'nofollow', 'noopener']);
    expect(author.querySelector('bdi')).to.exist;
    const time = part(el, 'time')!;
    expect(time.getAttribute('datetime')).to.equal(comment.createdAt);
    expect(text(time)).to.match(/5 minutes ago/);
    expect(time.title, 'absolute time in the title').to.match(/\d/);
    expect(part<HTMLAnchorElement>(el, 'permalink')!.getAttribute('href')).to.equal('#comment-c1');
    expect(text(part(el, 'edited'))).to.match(/edited/i);
    expect(part(el, 'body')!.querySelector('strong')?.textContent).to.equal('world');
    const avatar = part(el, 'avatar')!;
    expect(text(avatar)).to.equal('AW');
    expect(avatar.querySelector('img'), 'no image request without an avatar url').to.equal(null);
    // the generated colour is set through the CSSOM: a style attribute would break under a strict CSP
    expect(avatar.style.getPropertyValue('--_avatar-bg')).to.match(/^(#|rgb|hsl)/);
    expect(getComputedStyle(avatar).backgroundColor).not.to.equal(getComputedStyle(part(el, 'time')!).color);
    expect(part(el, 'reactions')!.localName).to.equal('reaction-counter');
    expect(part(el, 'pending')).to.equal(null);
    expect(part(el, 'edit-button'), 'not the viewer’s comment').to.equal(null);
  });

  it('keeps its time text through a re-render, then moves it on when it is due', async () => {
    const createdAt = new Date(Date.now() - 44_000).toISOString();
    const { el, store } = await renderItem([makeComment({ id: 'c1', createdAt })], 'c1');
    await expect(el).to.be.accessible();
    const time = (): string => text(part(el, 'time'));
    expect(time()).to.match(/just now/i);

    // a Like re-renders the comment; its time is still "just now"
    await store.react('c1', 'like', true);
    await el.updateComplete;
    expect(part(el, 'reactions')).to.exist;
    expect(time()).to.match(/just now/i);

    await waitUntil(() => !/just now/i.test(time()), 'the time did not move on', { timeout: 4000 });
    expect(time()).to.match(/minute/);
  });

  it('loads an http(s) avatar without a referrer and falls back to initials when it fails', async () => {
    const comment = makeComment({ id: 'c1', author: { name: 'Bo Lin', avatarUrl: 'http://127.0.0.1:9/avatar.png' } });
    const { el } = await renderItem([comment], 'c1');
    const img = part(el, 'avatar')!.querySelector('img')!;
    expect(img.getAttribute('referrerpolicy')).to.equal('no-referrer');
    expect(img.getAttribute('loading')).to.equal('lazy');
    expect(img.getAttribute('alt')).to.equal('');
    // a lazy image may wait while the test page is in the background: load it now
    img.loading = 'eager';
    await waitUntil(() => !part(el, 'avatar')!.querySelector('img'), 'no fallback after the image failed', { timeout: 5000 });
    expect(text(part(el, 'avatar'))).to.equal('BL');
  });

  it('renders no link or image for unsafe author urls', async () => {
    const comment = makeComment({ id: 'c1', author: { name: 'Eve', url: 'javascript:alert(1)', avatarUrl: 'data:image/png;base64,AAAA' } });
    const { el } = await renderItem([comment], 'c1');
    await expect(el).to.be.accessible();
    expect(part(el, 'author')!.localName).to.equal('span');
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[href^="javascript"]')).to.equal(null);
  });

  it('marks a pending comment, and only a pending one', async () => {
    const { el } = await renderItem([mine({ id: 'p1', status: 'pending' })], 'p1');
    await expect(el).to.be.accessible();
    expect(text(part(el, 'pending'))).to.match(/pending|moderation/i);
  });

  it('shows a deleted comment as a placeholder without author or actions, replies still shown', async () => {
    const comments = [
      makeComment({ id: 'gone', status: 'deleted', body: '', author: { name: '' }, replyCount: 1 }),
      makeComment({ id: 'kept', parentId: 'gone', body: 'Still here', createdAt: '2024-03-04T10:00:00.000Z' }),
    ];
    const { el } = await renderItem(comments, 'gone');
    await expect(el).to.be.accessible();
    expect(text(part(el, 'deleted'))).to.match(/deleted/i);
    expect(part(el, 'author')).to.equal(null);
    expect(part(el, 'actions')).to.equal(null);
    expect(part(el, 'reactions')).to.equal(null);
    expect(childItems(el).map((child) => child.commentId)).to.deep.equal(['kept']);
  });

  it('shows nothing standalone until some element loaded the comment', async () => {
    const adapter = new MemoryAdapter({ comments: [makeComment({ id: 'c1', body: 'Loaded later' })] });
    const el = await fixture<CommentItem>(html`<comment-item thread-id="thread-1" comment-id="c1" .adapter=${adapter}></comment-item>`);
    await expect(el).to.be.accessible();
    expect(el.shadowRoot!.querySelector('article')).to.equal(null);
    await getThreadStore(adapter, 'thread-1').load();
    await waitUntil(() => el.shadowRoot!.querySelector('article'));
    expect(text(part(el, 'body'))).to.equal('Loaded later');
  });

  it('replies by keyboard: the form opens focused, Ctrl+Enter posts, focus moves to the reply', async () => {
    const { el, adapter } = await renderItem([makeComment({ id: 'c1' })], 'c1', { author: { name: 'Sam Reader' } });
    await expect(el).to.be.accessible();
    const reply = part<HTMLButtonElement>(el, 'reply-button')!;
    reply.focus();
    let replyEvents = 0;
    el.addEventListener('confab-reply', () => replyEvents++);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => deepActiveElement()?.localName === 'textarea', 'focus did not move into the form');
    expect(replyEvents).to.equal(1);
    expect(reply.getAttribute('aria-expanded')).to.equal('true');
    await expect(el).to.be.accessible();
    await sendKeys({ type: 'A reply by keyboard' });
    await press('Control+Enter');
    await waitUntil(() => childItems(el).some((child) => !child.commentId.startsWith('pending:')), 'the reply did not appear');
    const child = childItems(el)[0];
    await waitUntil(() => deepActiveElement() === child.shadowRoot!.querySelector('article'), 'focus did not move to the reply');
    expect(text(part(child, 'body'))).to.equal('A reply by keyboard');
    expect(part(el, 'reply-form'), 'the form closed').to.equal(null);
    expect(adapter.calls.post).to.equal(1);
  });

  it('closes the reply form on Escape and returns focus to Reply', async () => {
    const { el } = await renderItem([makeComment({ id: 'c1' })], 'c1', { author: { name: 'Sam' } });
    const reply = part<HTMLButtonElement>(el, 'reply-button')!;
    reply.click();
    await waitUntil(() => deepActiveElement()?.localName === 'textarea');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => part(el, 'reply-form') === null, 'Escape did not close the form');
    expect(deepActiveElement()).to.equal(reply);
    expect(reply.getAttribute('aria-expanded')).to.equal('false');
  });

  it('keeps the form closed when confab-reply is cancelled', async () => {
    const { el } = await renderItem([makeComment({ id: 'c1' })], 'c1');
    el.addEventListener('confab-reply', (event) => event.preventDefault());
    part<HTMLButtonElement>(el, 'reply-button')!.click();
    await el.updateComplete;
    expect(part(el, 'reply-form')).to.equal(null);
  });

  it('edits inline: Save updates the text and fires confab-edit, focus returns to Edit', async () => {
    const { el } = await renderItem([mine({ id: 'c1', body: 'Frist post' })], 'c1');
    await expect(el).to.be.accessible();
    part<HTMLButtonElement>(el, 'edit-button')!.click();
    await el.updateComplete;
    const textarea = el.shadowRoot!.querySelector('textarea')!;
    expect(el.shadowRoot!.activeElement).to.equal(textarea);
    expect(textarea.value).to.equal('Frist post');
    await expect(el).to.be.accessible();
    await press('Control+a');
    await sendKeys({ type: 'First post' });
    const saved = oneEvent(el, 'confab-edit') as Promise<ConfabEditEvent>;
    await press('Control+Enter');
    const event = await saved;
    expect(event.detail.comment.body).to.equal('First post');
    await waitUntil(() => part(el, 'body'));
    expect(text(part(el, 'body'))).to.equal('First post');
    expect(part(el, 'edited')).to.exist;
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'edit-button'));
  });

  it('cancels an edit with Escape, leaving the text as it was', async () => {
    const { el, adapter } = await renderItem([mine({ id: 'c1', body: 'Original' })], 'c1');
    part<HTMLButtonElement>(el, 'edit-button')!.click();
    await el.updateComplete;
    await sendKeys({ type: ' changed' });
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(text(part(el, 'body'))).to.equal('Original');
    expect(adapter.calls.edit).to.equal(0);
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'edit-button'));
  });

  it('on an edit conflict shows the current text and keeps the reader’s', async () => {
    const adapter = new MemoryAdapter({ comments: [mine({ id: 'c1', body: 'Original' })], viewerId: VIEWER });
    const store = getThreadStore(adapter, 'thread-1');
    await store.load();
    // changed in another tab before this page heard of it
    await adapter.edit({ threadId: 'thread-1', commentId: 'c1', body: 'Changed in another tab' });
    const el = await fixture<CommentItem>(html`<comment-item .store=${store} comment-id="c1"></comment-item>`);
    part<HTMLButtonElement>(el, 'edit-button')!.click();
    await el.updateComplete;
    const textarea = el.shadowRoot!.querySelector('textarea')!;
    textarea.value = 'My version';
    textarea.dispatchEvent(new InputEvent('input'));
    el.shadowRoot!.querySelector<HTMLButtonElement>('.editor .primary')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('.conflict'), 'no conflict shown');
    await expect(el).to.be.accessible();
    expect(text(el.shadowRoot!.querySelector('.conflict'))).to.contain('Changed in another tab');
    expect(el.shadowRoot!.querySelector('textarea')!.value).to.equal('My version');
    expect(el.shadowRoot!.activeElement, 'focus stays in the text').to.equal(el.shadowRoot!.querySelector('textarea'));
    el.shadowRoot!.querySelector<HTMLButtonElement>('.editor .primary')!.click();
    await waitUntil(() => part(el, 'body'), 'the second save did not go through');
    expect(text(part(el, 'body'))).to.equal('My version');
  });

  it('deletes after an inline confirmation; Escape on the confirmation keeps the comment', async () => {
    const { el, store } = await renderItem([mine({ id: 'c1' }), makeComment({ id: 'c2', createdAt: '2024-03-04T10:00:00.000Z' })], 'c1');
    const confirmSpy = window.confirm;
    window.confirm = () => {
      throw new Error('window.confirm must not be used');
    };
    try {
      part<HTMLButtonElement>(el, 'delete-button')!.click();
      await el.updateComplete;
      const confirm = part(el, 'confirm')!;
      expect(confirm).to.exist;
      await expect(el).to.be.accessible();
      expect(confirm.contains(el.shadowRoot!.activeElement), 'focus moves into the confirmation').to.equal(true);
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(part(el, 'confirm')).to.equal(null);
      expect(el.shadowRoot!.activeElement).to.equal(part(el, 'delete-button'));

      part<HTMLButtonElement>(el, 'delete-button')!.click();
      await el.updateComplete;
      const deleting = oneEvent(el, 'confab-delete');
      el.shadowRoot!.querySelector<HTMLButtonElement>('.confirm .danger')!.click();
      expect((await deleting).detail.commentId).to.equal('c1');
      await waitUntil(() => !store.comment('c1'), 'not deleted');
      await waitUntil(() => el.shadowRoot!.querySelector('article') === null);
    } finally {
      window.confirm = confirmSpy;
    }
  });

  it('keeps a placeholder when the deleted comment has replies, and focuses it', async () => {
    const comments = [mine({ id: 'c1', replyCount: 1 }), makeComment({ id: 'r1', parentId: 'c1', body: 'A reply', createdAt: '2024-03-04T10:00:00.000Z' })];
    const { el } = await renderItem(comments, 'c1');
    part<HTMLButtonElement>(el, 'delete-button')!.click();
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLButtonElement>('.confirm .danger')!.click();
    await waitUntil(() => part(el, 'deleted'), 'no placeholder');
    await expect(el).to.be.accessible();
    expect(part(el, 'author')).to.equal(null);
    expect(childItems(el).map((child) => child.commentId)).to.deep.equal(['r1']);
    expect(el.shadowRoot!.activeElement).to.equal(el.shadowRoot!.querySelector('article'));
  });

  it('does not delete when confab-delete is cancelled', async () => {
    const { el, adapter } = await renderItem([mine({ id: 'c1' })], 'c1');
    el.addEventListener('confab-delete', (event) => event.preventDefault());
    part<HTMLButtonElement>(el, 'delete-button')!.click();
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLButtonElement>('.confirm .danger')!.click();
    await sleep(20);
    expect(adapter.calls.delete).to.equal(0);
    expect(part(el, 'body')).to.exist;
  });

  it('hides Edit and Delete when the adapter cannot edit or delete', async () => {
    const adapter = new MemoryAdapter({ comments: [mine({ id: 'c1' })], viewerId: VIEWER });
    const limited: CommentAdapter = { ...bind(adapter), edit: undefined, delete: undefined };
    const store = getThreadStore(limited, 'thread-1');
    await store.load();
    const el = await fixture<CommentItem>(html`<comment-item .store=${store} comment-id="c1"></comment-item>`);
    expect(part(el, 'reply-button')).to.exist;
    expect(part(el, 'edit-button')).to.equal(null);
    expect(part(el, 'delete-button')).to.equal(null);
  });

  it('builds its element id and permalink from a safe character set', async () => {
    const hostile = '"><img src=x onerror=alert(1)> ../#x';
    const { el } = await renderItem([makeComment({ id: hostile })], hostile);
    const article = el.shadowRoot!.querySelector('article')!;
    expect(article.id).to.match(/^comment-[A-Za-z0-9_.~-]+$/);
    expect(article.id).to.equal(anchorId(hostile));
    expect(anchorId('a/b')).to.not.equal(anchorId('a.b'));
    expect(part<HTMLAnchorElement>(el, 'permalink')!.getAttribute('href')).to.equal(`#${article.id}`);
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
  });

  it('isolates a right-to-left override in the name and keeps a long name whole in its title', async () => {
    const name = 'Mallory \u202Egnp.exe' + 'x'.repeat(300);
    const { el } = await renderItem([makeComment({ id: 'c1', author: { name } })], 'c1');
    const author = part(el, 'author')!;
    expect(author.querySelector('bdi')!.textContent).to.equal(name);
    expect(author.title).to.equal(name);
    expect(author.getBoundingClientRect().width).to.be.below(el.getBoundingClientRect().width + 1);
  });

  it('lays out each body in its own direction: Arabic right to left on an English page', async () => {
    const { el } = await renderItem(
      [makeComment({ id: 'c1', body: 'شكرًا على هذا المقال' }), makeComment({ id: 'c2', body: 'Plain English' })],
      'c1',
    );
    const body = part(el, 'body')!;
    expect(getComputedStyle(body.querySelector('p') ?? body).direction).to.equal('rtl');
    const { el: english } = await renderItem([makeComment({ id: 'c2', body: 'Plain English' })], 'c2');
    expect(getComputedStyle(part(english, 'body')!).direction).to.equal('ltr');
  });

  it('never throws on missing fields or an invalid date', async () => {
    const broken = [{ id: 'c1', createdAt: 'yesterday-ish', author: null, body: null, reactions: 'many' }];
    const store = getThreadStore(rawAdapter(broken), 'thread-1');
    await store.load();
    const el = await fixture<CommentItem>(html`<comment-item .store=${store} comment-id="c1"></comment-item>`);
    await expect(el).to.be.accessible();
    expect(el.shadowRoot!.querySelector('article')).to.exist;
    expect(text(part(el, 'author'))).to.equal('Anonymous');
    expect(text(part(el, 'time'))).to.equal('unknown date');
    expect(part(el, 'time')!.hasAttribute('datetime'), 'no bogus datetime').to.equal(false);
  });
});

/** The adapter's methods bound to it, as a plain object (to drop capabilities in a copy). */
function bind(adapter: MemoryAdapter): CommentAdapter {
  const copy: Record<string, unknown> = {};
  for (const key of ['list', 'post', 'edit', 'delete', 'getReactions', 'react', 'count', 'subscribe'] as const) {
    copy[key] = adapter[key].bind(adapter);
  }
  return copy as unknown as CommentAdapter;
}
