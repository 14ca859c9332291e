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
import { trackTimers } from '../helpers/timers.js';
import '../../src/locales/ru.js';

for (const [tag, element] of [
  ['comment-item', CommentItem],
  ['reply-form', ReplyForm],
] as const) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

const VIEWER = 'viewer';
const mine = (overrides: Partial<Comment> & { id: string }): Comment =>
  makeComment({ author: { id: VIEWER, name: 'Me Myself' }, viewer: { reactions: [], canEdit: true, canDelete: true }, ...overrides });

/** The first element with part `name` in an item's shadow root, or inside a rendered comment. */
const part = <T extends Element = HTMLElement>(el: Element, name: string): T | null =>
  (el.shadowRoot ?? el).querySelector<T>(`[part~="${name}"]`);

/** A part of the item's own comment, not of its replies (they render in the same shadow root). */
const ownPart = (el: CommentItem, name: string): HTMLElement | null =>
  el.shadowRoot!.querySelector('article')?.querySelector(`:scope > [part~="content"] [part~="${name}"]`) ?? null;

/** The replies shown under the item's comment: their articles, in order. */
const childItems = (el: CommentItem): HTMLElement[] => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="replies"] [data-comment-id]'),
];
const idOf = (comment: HTMLElement): string => comment.dataset.commentId!;

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
    expect(article.dataset.commentId, 'found by its id from outside').to.equal('c1');
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
    expect(part(el, 'reactions')!.getAttribute('role')).to.equal('group');
    expect([...part(el, 'reactions')!.querySelectorAll('[part~="count"]')].map(text), 'like and dislike counts').to.deep.equal(['3', '1']);
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
    expect(ownPart(el, 'author')).to.equal(null);
    expect(ownPart(el, 'actions')).to.equal(null);
    expect(ownPart(el, 'reactions')).to.equal(null);
    expect(childItems(el).map(idOf)).to.deep.equal(['kept']);
  });

  it('standalone, fetches its comment itself, even a reply deep in the thread', async () => {
    const comments = [
      ...Array.from({ length: 5 }, (_, i) => makeComment({ id: `top${i}`, createdAt: `2024-03-0${i + 1}T10:00:00.000Z` })),
      makeComment({ id: 'r1', parentId: 'top4', body: 'First level', createdAt: '2024-03-06T10:00:00.000Z' }),
      makeComment({ id: 'r2', parentId: 'r1', body: 'Found **by itself**', createdAt: '2024-03-06T11:00:00.000Z' }),
    ];
    const adapter = new MemoryAdapter({ comments, latency: 30 });
    const el = await fixture<CommentItem>(html`<comment-item thread-id="thread-1" comment-id="r2" .adapter=${adapter}></comment-item>`);
    expect(text(part(el, 'status'))).to.equal('Loading the comment…');
    expect(part(el, 'status')!.getAttribute('role')).to.equal('status');
    await expect(el).to.be.accessible();
    await waitUntil(() => el.shadowRoot!.querySelector('article'), 'the comment did not load');
    expect(text(part(el, 'body'))).to.equal('Found by itself');
    expect(part(el, 'status')).to.equal(null);
    expect(adapter.calls.locate).to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('standalone, says when its comment does not exist, and offers a retry when fetching failed', async () => {
    const adapter = new MemoryAdapter({ comments: [makeComment({ id: 'c1', body: 'Here after a retry' })] });
    const missing = await fixture<CommentItem>(html`<comment-item thread-id="thread-1" comment-id="nope" .adapter=${adapter}></comment-item>`);
    await waitUntil(() => part(missing, 'error'), 'no message for a missing comment');
    expect(text(part(missing, 'error'))).to.equal('This comment or thread no longer exists.');
    expect(part(missing, 'error')!.querySelector('button')).to.equal(null);
    await expect(missing).to.be.accessible();

    const failing = new MemoryAdapter({ comments: [makeComment({ id: 'c1', body: 'Here after a retry' })], fail: { list: 1 } });
    const el = await fixture<CommentItem>(html`<comment-item thread-id="thread-1" comment-id="c1" .adapter=${failing}></comment-item>`);
    await waitUntil(() => part(el, 'error'), 'no error shown');
    expect(part(el, 'error')!.getAttribute('role')).to.equal('alert');
    expect(el.shadowRoot!.querySelector('article')).to.equal(null);
    part(el, 'error')!.querySelector('button')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('article'), 'the retry did not load the comment');
    expect(text(part(el, 'body'))).to.equal('Here after a retry');
  });

  it('inside a thread, never fetches on its own', async () => {
    const { el, adapter } = await renderItem([makeComment({ id: 'c1' })], 'c1');
    el.commentId = 'gone';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('article')).to.equal(null);
    expect(part(el, 'status')).to.equal(null);
    expect(adapter.calls.locate).to.equal(0);
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
    await waitUntil(() => childItems(el).some((child) => !idOf(child).startsWith('pending:')), 'the reply did not appear');
    const child = childItems(el)[0];
    await waitUntil(() => deepActiveElement() === child, 'focus did not move to the reply');
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
    await waitUntil(() => el.shadowRoot!.activeElement?.localName === 'textarea', 'the editor did not open focused');
    const textarea = el.shadowRoot!.querySelector('textarea')!;
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
    await waitUntil(() => part(el, 'editor'), 'the editor did not open');
    await sendKeys({ type: ' changed' });
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(text(part(el, 'body'))).to.equal('Original');
    expect(adapter.calls.edit).to.equal(0);
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'edit-button'));
  });

  it('says what is wrong with an empty edit instead of blaming the server, and sends nothing', async () => {
    const { el, adapter } = await renderItem([mine({ id: 'c1', body: 'Original' })], 'c1');
    part<HTMLButtonElement>(el, 'edit-button')!.click();
    await waitUntil(() => part(el, 'editor'), 'the editor did not open');
    await press('Control+a');
    await sendKeys({ press: 'Backspace' });
    el.shadowRoot!.querySelector<HTMLButtonElement>('.editor .primary')!.click();
    await el.updateComplete;
    expect(text(el.shadowRoot!.querySelector('.editor [role="alert"]'))).to.equal('Please check the field “Comment”.');
    expect(adapter.calls.edit).to.equal(0);
  });

  it('on an edit conflict shows the current text and keeps the reader’s', async () => {
    const adapter = new MemoryAdapter({ comments: [mine({ id: 'c1', body: 'Original' })], viewerId: VIEWER });
    const store = getThreadStore(adapter, 'thread-1');
    await store.load();
    // changed in another tab before this page heard of it
    await adapter.edit({ threadId: 'thread-1', commentId: 'c1', body: 'Changed in another tab' });
    const el = await fixture<CommentItem>(html`<comment-item .store=${store} comment-id="c1"></comment-item>`);
    part<HTMLButtonElement>(el, 'edit-button')!.click();
    await waitUntil(() => part(el, 'editor'), 'the editor did not open');
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
      await waitUntil(() => part(el, 'confirm'), 'no confirmation');
      const confirm = part(el, 'confirm')!;
      expect(confirm).to.exist;
      await expect(el).to.be.accessible();
      expect(confirm.contains(el.shadowRoot!.activeElement), 'focus moves into the confirmation').to.equal(true);
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(part(el, 'confirm')).to.equal(null);
      expect(el.shadowRoot!.activeElement).to.equal(part(el, 'delete-button'));

      part<HTMLButtonElement>(el, 'delete-button')!.click();
      await waitUntil(() => part(el, 'confirm'), 'no confirmation');
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
    await waitUntil(() => part(el, 'confirm'), 'no confirmation');
    el.shadowRoot!.querySelector<HTMLButtonElement>('.confirm .danger')!.click();
    await waitUntil(() => part(el, 'deleted'), 'no placeholder');
    await expect(el).to.be.accessible();
    expect(ownPart(el, 'author')).to.equal(null);
    expect(childItems(el).map(idOf)).to.deep.equal(['r1']);
    expect(el.shadowRoot!.activeElement).to.equal(el.shadowRoot!.querySelector('article'));
  });

  it('does not delete when confab-delete is cancelled', async () => {
    const { el, adapter } = await renderItem([mine({ id: 'c1' })], 'c1');
    el.addEventListener('confab-delete', (event) => event.preventDefault());
    part<HTMLButtonElement>(el, 'delete-button')!.click();
    await waitUntil(() => part(el, 'confirm'), 'no confirmation');
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

describe('<comment-item> reader actions', () => {
  const HOUR = 3_600_000;
  /** The viewer's comment, posted two hours ago (its time text holds still), `left` ms before its edit window closes. */
  const withWindow = (left: number, options: { latency?: number } = {}): MemoryAdapter =>
    new MemoryAdapter({
      comments: [mine({ id: 'c1', body: 'Frist', createdAt: new Date(Date.now() - 2 * HOUR).toISOString() })],
      viewerId: VIEWER,
      editWindowMs: 2 * HOUR + left,
      ...options,
    });
  const countdown = (el: CommentItem): string => text(part(el, 'edit-window'));
  const reportForm = (el: CommentItem): HTMLElement | null => el.shadowRoot!.querySelector('[part~="report"] form');
  const reason = (el: CommentItem, value: string): HTMLInputElement =>
    el.shadowRoot!.querySelector<HTMLInputElement>(`input[type="radio"][value="${value}"]`)!;
  const sendButton = (el: CommentItem): HTMLButtonElement => el.shadowRoot!.querySelector('[part~="report"] [type="submit"]')!;

  it('counts down the edit window once a second, touching nothing else, then takes Edit and Delete away', async () => {
    const { el } = await renderItem([], 'c1', { adapter: withWindow(2600) });
    await expect(el).to.be.accessible();
    expect(countdown(el)).to.equal('You can edit for 3 sec');
    const actions = part(el, 'actions')!;
    expect(part(el, 'edit-button')).to.exist;
    expect(actions.nextElementSibling, 'next to Edit and Delete').to.equal(part(el, 'edit-window'));

    const span = part(el, 'edit-window')!;
    const changedElsewhere: Node[] = [];
    const observer = new MutationObserver((records) => {
      for (const record of records) if (!span.contains(record.target)) changedElsewhere.push(record.target);
    });
    observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true, attributes: true });
    const render = el.render.bind(el);
    let renders = 0;
    el.render = () => (renders++, render());
    await waitUntil(() => countdown(el) === 'You can edit for 2 sec', 'the countdown did not move', { timeout: 1500 });
    observer.disconnect();
    expect(changedElsewhere, 'a tick changed more than the countdown').to.deep.equal([]);
    expect(renders, 'a tick re-rendered the comment').to.equal(0);

    await waitUntil(() => !part(el, 'edit-button'), 'Edit stayed after the window closed', { timeout: 3000 });
    expect(part(el, 'delete-button')).to.equal(null);
    expect(part(el, 'edit-window')).to.equal(null);
    expect(part(el, 'reply-button'), 'Reply stays').to.exist;
    expect(part(el, 'report-button'), 'still the viewer’s own comment').to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('writes a long window in hours and minutes, in the reader’s language', async () => {
    const adapter = withWindow(HOUR + 31.5 * 60_000);
    const { el } = await renderItem([], 'c1', { adapter });
    expect(countdown(el)).to.match(/^You can edit for 1 hr 3[12] min$/);
    el.lang = 'ru';
    await waitUntil(() => /^Изменить/.test(countdown(el)), 'the countdown did not switch language');
    expect(countdown(el)).to.match(/^Изменить можно ещё 1 ч 3[12] мин$/);
  });

  it('keeps the reader’s text when the window closes during an edit, and saves nothing', async () => {
    const { el, adapter } = await renderItem([], 'c1', { adapter: withWindow(2200) });
    part<HTMLButtonElement>(el, 'edit-button')!.click();
    await waitUntil(() => part(el, 'editor'), 'the editor did not open');
    expect(text(el.shadowRoot!.querySelector('.editor [part~="edit-window"]'))).to.match(/^You can edit for [23] sec$/);
    await sendKeys({ type: ' post, fixed' });
    await waitUntil(() => el.shadowRoot!.querySelector('.editor [role="alert"]'), 'no word that the window closed', { timeout: 3500 });
    await expect(el).to.be.accessible();
    expect(text(el.shadowRoot!.querySelector('.editor [role="alert"]'))).to.match(/time to edit this comment is over/);
    const textarea = el.shadowRoot!.querySelector('textarea')!;
    expect(textarea.value).to.equal('Frist post, fixed');
    expect(el.shadowRoot!.activeElement, 'focus stays in the text').to.equal(textarea);
    expect(el.shadowRoot!.querySelector('.editor .primary'), 'no Save').to.equal(null);
    await press('Control+Enter');
    await sleep(20);
    expect(adapter.calls.edit).to.equal(0);
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(text(part(el, 'body'))).to.equal('Frist');
    expect(part(el, 'edit-button')).to.equal(null);
    expect(el.shadowRoot!.activeElement, 'focus on the comment, not lost').to.equal(el.shadowRoot!.querySelector('article'));
  });

  it('leaves no timer behind when removed', async () => {
    const timers = trackTimers();
    try {
      const { el } = await renderItem([], 'c1', { adapter: withWindow(10 * 60_000) });
      expect(timers.pending().some((timer) => timer.delay === 1000), 'a countdown timer runs').to.equal(true);
      const span = part(el, 'edit-window')!;
      el.remove();
      const shown = span.textContent;
      expect(timers.pending().filter((timer) => timer.delay === 1000)).to.deep.equal([]);
      await sleep(1100);
      expect(span.textContent, 'a removed item is not updated').to.equal(shown);
    } finally {
      timers.restore();
    }
  });

  it('reports a comment with a reason and a note, once, then says thanks', async () => {
    const adapter = new MemoryAdapter({ comments: [makeComment({ id: 'c1' })], viewerId: VIEWER, latency: 150 });
    const { el } = await renderItem([], 'c1', { adapter });
    expect(part(el, 'edit-window'), 'no deadline, no countdown').to.equal(null);
    const report = part<HTMLButtonElement>(el, 'report-button')!;
    expect(text(report)).to.equal('Report');
    expect(report.getAttribute('aria-expanded')).to.equal('false');
    report.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => reportForm(el), 'the report form did not open');
    expect(report.getAttribute('aria-expanded')).to.equal('true');
    expect(el.shadowRoot!.activeElement, 'focus moves to the first reason').to.equal(reason(el, 'spam'));
    expect(text(el.shadowRoot!.querySelector('[part~="report"] legend'))).to.equal('Why are you reporting this comment?');
    await expect(el).to.be.accessible();

    // no reason chosen: nothing is sent, the reader is told why
    sendButton(el).click();
    await el.updateComplete;
    expect(text(el.shadowRoot!.querySelector('[part~="report"] [role="alert"]'))).to.equal('Choose a reason first.');
    expect(adapter.calls.reportComment).to.equal(0);
    await expect(el).to.be.accessible();

    // arrow keys move through the radio group
    reason(el, 'spam').focus();
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(reason(el, 'off-topic').checked).to.equal(true);
    expect(el.shadowRoot!.querySelector('[part~="report"] [role="alert"]'), 'the hint goes with a choice').to.equal(null);
    el.shadowRoot!.querySelector<HTMLTextAreaElement>('[part~="report"] textarea')!.focus();
    await sendKeys({ type: 'Advert for a shop' });

    sendButton(el).click();
    sendButton(el).click();
    await el.updateComplete;
    expect(text(part(el, 'report-status'))).to.equal('Sending your report…');
    expect(sendButton(el).getAttribute('aria-disabled')).to.equal('true');
    await waitUntil(() => reportForm(el) === null, 'the report was not sent');
    expect(text(part(el, 'report-status'))).to.equal('Thanks — the moderators will take a look.');
    expect(part(el, 'report-status')!.getAttribute('role')).to.equal('status');
    expect(adapter.calls.reportComment, 'a double click sends once').to.equal(1);
    expect(adapter.reports.map(({ commentId, reason, note }) => ({ commentId, reason, note }))).to.deep.equal([
      { commentId: 'c1', reason: 'off-topic', note: 'Advert for a shop' },
    ]);
    const reported = part<HTMLButtonElement>(el, 'report-button')!;
    expect(text(reported)).to.equal('Reported');
    expect(reported.getAttribute('aria-disabled')).to.equal('true');
    expect(el.shadowRoot!.activeElement, 'focus back on the action').to.equal(reported);
    await expect(el).to.be.accessible();
    reported.click();
    await el.updateComplete;
    expect(reportForm(el), 'Reported does not open the form again').to.equal(null);
  });

  it('shows a failed report inline, keeps the choice and sends again on Retry', async () => {
    const adapter = new MemoryAdapter({ comments: [makeComment({ id: 'c1' })], viewerId: VIEWER, fail: { reportComment: 1 } });
    const { el } = await renderItem([], 'c1', { adapter });
    part<HTMLButtonElement>(el, 'report-button')!.click();
    await waitUntil(() => reportForm(el), 'the report form did not open');
    reason(el, 'abuse').click();
    sendButton(el).click();
    const alert = (): HTMLElement | null => el.shadowRoot!.querySelector('[part~="report"] [role="alert"]');
    await waitUntil(alert, 'the failure was not shown');
    expect(text(alert())).to.contain('Network error');
    await expect(el).to.be.accessible();
    expect(reason(el, 'abuse').checked, 'the choice is kept').to.equal(true);
    expect(text(part(el, 'report-button'))).to.equal('Report');
    alert()!.querySelector<HTMLButtonElement>('button')!.click();
    await waitUntil(() => reportForm(el) === null, 'Retry did not send the report');
    expect(adapter.calls.reportComment).to.equal(2);
    expect(adapter.reports.map((report) => report.reason)).to.deep.equal(['abuse']);
    expect(text(part(el, 'report-button'))).to.equal('Reported');
  });

  it('closes the report form on Escape and returns focus to Report', async () => {
    const { el, adapter } = await renderItem([makeComment({ id: 'c1' })], 'c1');
    const report = part<HTMLButtonElement>(el, 'report-button')!;
    report.click();
    await waitUntil(() => reportForm(el), 'the report form did not open');
    reason(el, 'spam').click();
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(part(el, 'report')).to.equal(null);
    expect(el.shadowRoot!.activeElement).to.equal(report);
    expect(report.getAttribute('aria-expanded')).to.equal('false');
    expect(adapter.calls.reportComment).to.equal(0);
  });

  it('offers Report only on others’ comments, and only when the adapter takes reports', async () => {
    const { el: own } = await renderItem([mine({ id: 'c1' })], 'c1');
    expect(part(own, 'edit-button')).to.exist;
    expect(part(own, 'report-button')).to.equal(null);

    // the viewer's comment after its window closed: no Edit, and still no Report
    const { el: closed } = await renderItem([], 'c1', { adapter: withWindow(-60_000) });
    expect(part(closed, 'edit-button')).to.equal(null);
    expect(part(closed, 'report-button')).to.equal(null);

    const adapter = new MemoryAdapter({ comments: [makeComment({ id: 'c2' })], viewerId: VIEWER });
    const store = getThreadStore(bind(adapter), 'thread-1');
    await store.load();
    const el = await fixture<CommentItem>(html`<comment-item .store=${store} comment-id="c2"></comment-item>`);
    expect(part(el, 'reply-button')).to.exist;
    expect(part(el, 'report-button')).to.equal(null);
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
