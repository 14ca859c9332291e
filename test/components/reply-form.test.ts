import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import { AdapterError, type PostRequest } from '../../src/model/adapter.js';
import type { ReplyForm } from '../../src/components/reply-form/reply-form.js';
import { getThreadStore, LIST_KEY } from '../../src/store/thread-store.js';
import { makeComment } from '../helpers/fixtures.js';
import { deepActiveElement, sleep, text } from '../helpers/dom.js';
import '../helpers/define.js';

let threadCounter = 0;

/** A fresh thread id per test: stores are shared per (adapter, thread) and drafts per thread. */
function nextThread(): string {
  threadCounter += 1;
  return `form-thread-${threadCounter}-${Date.now()}`;
}

async function makeForm(options: { adapter?: MemoryAdapter; threadId?: string; parentId?: string; maxLength?: number } = {}) {
  const adapter = options.adapter ?? new MemoryAdapter();
  const threadId = options.threadId ?? nextThread();
  const el = await fixture<ReplyForm>(html`<reply-form
    thread-id=${threadId}
    parent-id=${options.parentId ?? ''}
    max-length=${options.maxLength ?? 5000}
    .adapter=${adapter}
  ></reply-form>`);
  return { el, adapter, threadId };
}

function part<T extends HTMLElement = HTMLElement>(el: ReplyForm, selector: string): T {
  const found = el.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

const textarea = (el: ReplyForm) => part<HTMLTextAreaElement>(el, 'textarea');
const nameInput = (el: ReplyForm) => part<HTMLInputElement>(el, '#name');
const submitButton = (el: ReplyForm) => part<HTMLButtonElement>(el, '[part~="submit"]');

/** Types like a reader: focus, then real key presses. */
async function typeInto(field: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  field.focus();
  await sendKeys({ type: value });
}

async function fill(el: ReplyForm, body: string, name = 'Ada'): Promise<void> {
  await typeInto(nameInput(el), name);
  await typeInto(textarea(el), body);
  await el.updateComplete;
}

async function pressWith(modifier: 'Control' | 'Meta', key: string): Promise<void> {
  await sendKeys({ down: modifier });
  await sendKeys({ press: key });
  await sendKeys({ up: modifier });
}

async function storedComments(adapter: MemoryAdapter, threadId: string) {
  return (await adapter.list({ threadId, limit: 100 })).comments;
}

async function until(check: () => boolean | Promise<boolean>, timeout = 3000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeout) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe('<reply-form>', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => localStorage.clear());

  it('is accessible and labels every field', async () => {
    const { el } = await makeForm();
    await expect(el).to.be.accessible();
    const heading = part(el, '[part~="heading"]');
    expect(heading.getAttribute('role')).to.equal('heading');
    expect(text(heading)).to.match(/leave a reply/i);
    expect(part(el, 'form').getAttribute('aria-labelledby')).to.equal(heading.id);
    for (const field of el.shadowRoot!.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')) {
      expect(field.labels?.length, `label of ${field.name}`).to.be.greaterThan(0);
      expect(text(field.labels![0])).to.not.equal('');
    }
    expect(part<HTMLInputElement>(el, '#email').type).to.equal('email');
    expect(text(part(el, '[part~="fields"]'))).to.match(/never shown/i);
  });

  it('refuses an empty comment with a message on the text field', async () => {
    const { el, adapter } = await makeForm();
    await typeInto(nameInput(el), 'Ada');
    submitButton(el).click();
    await el.updateComplete;
    const field = textarea(el);
    expect(field.getAttribute('aria-invalid')).to.equal('true');
    const error = part(el, '#body-error');
    expect(field.getAttribute('aria-describedby')).to.contain('body-error');
    expect(text(error)).to.not.equal('');
    expect(el.shadowRoot!.activeElement).to.equal(field);
    expect(adapter.calls.post).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('asks a guest for a name before sending', async () => {
    const { el, adapter } = await makeForm();
    await typeInto(textarea(el), 'A thoughtful remark.');
    submitButton(el).click();
    await el.updateComplete;
    const name = nameInput(el);
    expect(name.getAttribute('aria-invalid')).to.equal('true');
    expect(name.getAttribute('aria-describedby')).to.equal('name-error');
    expect(text(part(el, '#name-error'))).to.match(/name/i);
    expect(el.shadowRoot!.activeElement).to.equal(name);
    expect(adapter.calls.post).to.equal(0);

    await typeInto(name, 'Ada');
    await el.updateComplete;
    expect(name.getAttribute('aria-invalid')).to.equal('false');
    expect(el.shadowRoot!.querySelector('#name-error')).to.equal(null);
  });

  it('does not ask for a name when the host site signed the reader in', async () => {
    const { el, adapter, threadId } = await makeForm();
    el.author = { name: 'Signed In' };
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('#name')).to.equal(null);
    await typeInto(textarea(el), 'Hello');
    await pressWith('Control', 'Enter');
    await until(async () => (await storedComments(adapter, threadId)).length === 1);
    expect((await storedComments(adapter, threadId))[0].author.name).to.equal('Signed In');
  });

  it('submits with Ctrl+Enter', async () => {
    const { el, adapter, threadId } = await makeForm();
    await fill(el, 'Posted with the keyboard');
    const posted = oneEvent(el, 'confab-posted');
    await pressWith('Control', 'Enter');
    const event = await posted;
    expect(event.detail.comment.body).to.equal('Posted with the keyboard');
    expect((await storedComments(adapter, threadId)).map((c) => c.body)).to.deep.equal(['Posted with the keyboard']);
  });

  it('submits with Cmd (Meta)+Enter', async () => {
    const { el, adapter, threadId } = await makeForm();
    await fill(el, 'Posted on a Mac');
    const posted = oneEvent(el, 'confab-posted');
    await pressWith('Meta', 'Enter');
    await posted;
    expect(await storedComments(adapter, threadId)).to.have.length(1);
  });

  it('posts once however often it is submitted while posting', async () => {
    const { el, adapter, threadId } = await makeForm({ adapter: new MemoryAdapter({ latency: 150 }) });
    await fill(el, 'Only once, please');
    let attempts = 0;
    el.addEventListener('confab-post', () => attempts++);
    const posted = oneEvent(el, 'confab-posted');
    submitButton(el).click();
    await el.updateComplete;
    // while posting: busy, the button says so, and more submits are ignored
    expect(part(el, 'form').getAttribute('aria-busy')).to.equal('true');
    expect(submitButton(el).getAttribute('aria-disabled')).to.equal('true');
    expect(text(submitButton(el))).to.match(/posting/i);
    expect(textarea(el).readOnly).to.equal(true);
    submitButton(el).click();
    submitButton(el).dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    submitButton(el).click();
    textarea(el).focus();
    await pressWith('Control', 'Enter');
    await posted;
    await sleep(200);
    expect(attempts).to.equal(1);
    expect(adapter.calls.post).to.equal(1);
    expect(await storedComments(adapter, threadId)).to.have.length(1);
    expect(part(el, 'form').getAttribute('aria-busy')).to.equal('false');
  });

  it('keeps the text after a failure and retries with the same idempotency key', async () => {
    const adapter = new MemoryAdapter();
    const keys: string[] = [];
    const post = adapter.post.bind(adapter);
    let lose = true;
    // The first post reaches the backend but its answer is lost: only a reused key avoids a duplicate.
    adapter.post = async (request: PostRequest) => {
      keys.push(request.idempotencyKey);
      const saved = await post(request);
      if (lose) {
        lose = false;
        throw new AdapterError('network', 'The connection dropped.');
      }
      return saved;
    };
    const { el, threadId } = await makeForm({ adapter });
    await fill(el, 'Survives a failure');
    submitButton(el).click();
    await until(() => el.shadowRoot!.querySelector('[role="alert"][part~="error"]') !== null);
    const alert = part(el, '[role="alert"][part~="error"]');
    expect(text(alert)).to.match(/network error/i);
    // the adapter's own wording is untrusted and not in the reader's language: never shown
    expect(text(alert)).to.not.contain('The connection dropped.');
    expect(textarea(el).value).to.equal('Survives a failure');
    await expect(el).to.be.accessible();

    const posted = oneEvent(el, 'confab-posted');
    part<HTMLButtonElement>(el, '[part~="retry"]').click();
    await posted;
    expect(keys).to.have.length(2);
    expect(keys[1]).to.equal(keys[0]);
    expect(await storedComments(adapter, threadId)).to.have.length(1);
    expect(el.shadowRoot!.querySelector('[part~="error"]')).to.equal(null);
    expect(textarea(el).value).to.equal('');
  });

  it('uses a new idempotency key once the text was edited after a failure', async () => {
    const adapter = new MemoryAdapter();
    const keys: string[] = [];
    const post = adapter.post.bind(adapter);
    adapter.post = (request: PostRequest) => {
      keys.push(request.idempotencyKey);
      return post(request);
    };
    adapter.failNext('post');
    const { el, threadId } = await makeForm({ adapter });
    await fill(el, 'First version');
    submitButton(el).click();
    await until(() => el.shadowRoot!.querySelector('[part~="error"]') !== null);
    await typeInto(textarea(el), ', improved');
    const posted = oneEvent(el, 'confab-posted');
    submitButton(el).click();
    await posted;
    expect(keys).to.have.length(2);
    expect(keys[1]).to.not.equal(keys[0]);
    expect((await storedComments(adapter, threadId)).map((c) => c.body)).to.deep.equal(['First version, improved']);
  });

  it('refuses a comment over the limit, stating the limit, without sending it', async () => {
    const { el, adapter } = await makeForm({ maxLength: 20 });
    await fill(el, 'This sentence is longer than twenty characters.');
    const counter = part(el, '[part~="counter"]');
    expect(text(counter)).to.contain('20');
    submitButton(el).click();
    await el.updateComplete;
    const error = part(el, '#body-error');
    expect(text(error)).to.contain('20');
    expect(textarea(el).getAttribute('aria-invalid')).to.equal('true');
    expect(adapter.calls.post).to.equal(0);
    // the polite live region spoke up when the limit was passed, not on every keystroke
    expect(text(part(el, '[role="status"]'))).to.contain('20');
  });

  it('counts an emoji as one character', async () => {
    const { el } = await makeForm({ maxLength: 3 });
    await typeInto(textarea(el), '👍👍👍');
    await el.updateComplete;
    expect(text(part(el, '[part~="counter"]'))).to.match(/^3\D+3$/);
    expect(part(el, '[part~="counter"]').classList.contains('over')).to.equal(false);
  });

  it('previews sanitized markdown, with typed HTML shown as text', async () => {
    const { el } = await makeForm();
    const hostile = '**bold** <img src=x onerror="window.__confabPwned = 1"> <script>window.__confabPwned = 1</script>';
    await typeInto(textarea(el), hostile);
    part<HTMLButtonElement>(el, '#preview-tab').click();
    await el.updateComplete;
    const preview = part(el, '[part~="preview"]');
    expect(preview.hidden).to.equal(false);
    expect(part(el, '#write-panel').hidden).to.equal(true);
    expect(preview.querySelector('strong')?.textContent).to.equal('bold');
    expect(preview.querySelector('img, script, [onerror]')).to.equal(null);
    expect(text(preview)).to.contain('<script>');
    await sleep(50);
    expect((window as { __confabPwned?: number }).__confabPwned).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('switches tabs with the arrow keys, Home and End', async () => {
    const { el } = await makeForm();
    const write = part<HTMLButtonElement>(el, '#write-tab');
    const preview = part<HTMLButtonElement>(el, '#preview-tab');
    expect(write.getAttribute('aria-selected')).to.equal('true');
    expect(preview.tabIndex).to.equal(-1);
    write.focus();
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(preview.getAttribute('aria-selected')).to.equal('true');
    expect(write.getAttribute('aria-selected')).to.equal('false');
    expect(deepActiveElement()).to.equal(preview);
    expect(preview.getAttribute('aria-controls')).to.equal('preview-panel');
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(deepActiveElement()).to.equal(write);
    await sendKeys({ press: 'End' });
    await el.updateComplete;
    expect(deepActiveElement()).to.equal(preview);
    await sendKeys({ press: 'Home' });
    await el.updateComplete;
    expect(deepActiveElement()).to.equal(write);
    expect(part(el, '#write-panel').hidden).to.equal(false);
  });

  it('saves a draft and restores it in a new form for the same thread', async () => {
    const threadId = nextThread();
    const first = await makeForm({ threadId });
    await typeInto(textarea(first.el), 'Half a thought');
    await sleep(700);
    first.el.remove();

    const second = await makeForm({ threadId });
    expect(textarea(second.el).value).to.equal('Half a thought');
    expect(text(part(second.el, '[part~="note"]'))).to.match(/draft restored/i);
    await expect(second.el).to.be.accessible();

    // another thread, and a reply in the same thread, have drafts of their own
    const other = await makeForm();
    expect(textarea(other.el).value).to.equal('');
    const reply = await makeForm({ threadId, parentId: 'c1' });
    expect(textarea(reply.el).value).to.equal('');
  });

  it('keeps the latest keystrokes when the form is removed before the draft timer fires', async () => {
    const threadId = nextThread();
    const first = await makeForm({ threadId });
    await typeInto(textarea(first.el), 'Typed just now');
    first.el.remove();
    const second = await makeForm({ threadId });
    expect(textarea(second.el).value).to.equal('Typed just now');
  });

  it('clears the draft after a successful post, keeps the name and announces it', async () => {
    const threadId = nextThread();
    const { el } = await makeForm({ threadId });
    await fill(el, 'Done deal');
    await sleep(700);
    const posted = oneEvent(el, 'confab-posted');
    submitButton(el).click();
    await posted;
    await el.updateComplete;
    expect(textarea(el).value).to.equal('');
    expect(nameInput(el).value).to.equal('Ada');
    expect(text(part(el, '[role="status"]'))).to.match(/posted/i);

    const again = await makeForm({ threadId });
    expect(textarea(again.el).value).to.equal('');
    expect(again.el.shadowRoot!.querySelector('[part~="note"]')).to.equal(null);
  });

  it('remembers the name across visits', async () => {
    const { el } = await makeForm();
    await fill(el, 'First visit');
    const posted = oneEvent(el, 'confab-posted');
    submitButton(el).click();
    await posted;

    const later = await makeForm();
    expect(nameInput(later.el).value).to.equal('Ada');
  });

  it('keeps working when localStorage throws', async () => {
    const original = Object.getOwnPropertyDescriptor(window, 'localStorage')!;
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('blocked', 'SecurityError');
      },
    });
    try {
      const { el, adapter, threadId } = await makeForm();
      await fill(el, 'No storage here');
      await sleep(600);
      const posted = oneEvent(el, 'confab-posted');
      submitButton(el).click();
      await posted;
      expect(await storedComments(adapter, threadId)).to.have.length(1);
    } finally {
      Object.defineProperty(window, 'localStorage', original);
    }
  });

  it('has a hidden honeypot that keyboard users never reach', async () => {
    const { el, adapter, threadId } = await makeForm();
    const trap = part<HTMLInputElement>(el, 'input[name="website"]');
    expect(trap.tabIndex).to.equal(-1);
    expect(trap.autocomplete).to.equal('off');
    expect(trap.closest('[aria-hidden="true"]')).to.not.equal(null);
    expect(text(trap.labels![0])).to.match(/leave this field empty/i);
    const box = trap.getBoundingClientRect();
    expect(box.right <= 0 || box.width <= 1).to.equal(true);

    textarea(el).focus();
    const reached: Element[] = [];
    for (let i = 0; i < 8; i++) {
      await sendKeys({ press: 'Tab' });
      const active = deepActiveElement();
      if (active) reached.push(active);
    }
    expect(reached).to.not.include(trap);

    // what a bot types there goes to the adapter, which refuses the post; nothing is stored
    await fill(el, 'Buy now');
    trap.value = 'https://spam.example';
    submitButton(el).click();
    await until(() => el.shadowRoot!.querySelector('[part~="error"]') !== null);
    expect(adapter.calls.post).to.equal(1);
    expect(await storedComments(adapter, threadId)).to.have.length(0);
    // a refusal is not a glitch: sending the same again would not help
    expect(el.shadowRoot!.querySelector('[part~="retry"]')).to.equal(null);
  });

  it('says so when the page has no adapter, and sends nothing', async () => {
    const el = await fixture<ReplyForm>(html`<reply-form thread-id=${nextThread()}></reply-form>`);
    await expect(el).to.be.accessible();
    await fill(el, 'Into the void');
    submitButton(el).click();
    await el.updateComplete;
    expect(text(part(el, '[role="alert"]'))).to.match(/not connected/i);
    expect(el.shadowRoot!.querySelector('[part~="retry"]')).to.equal(null);
    expect(textarea(el).value).to.equal('Into the void');
  });

  it('fires confab-cancel on Escape in an inline reply form only', async () => {
    const { el } = await makeForm({ parentId: 'c1' });
    await expect(el).to.be.accessible();
    expect(el.shadowRoot!.querySelector('[part~="heading"]')).to.equal(null);
    expect(part(el, 'form').getAttribute('aria-label')).to.match(/reply/i);
    textarea(el).focus();
    let cancels = 0;
    el.addEventListener('confab-cancel', () => cancels++);
    await sendKeys({ press: 'Escape' });
    expect(cancels).to.equal(1);
    part<HTMLButtonElement>(el, '[part~="cancel"]').click();
    expect(cancels).to.equal(2);

    const topLevel = await makeForm();
    let topCancels = 0;
    topLevel.el.addEventListener('confab-cancel', () => topCancels++);
    textarea(topLevel.el).focus();
    await sendKeys({ press: 'Escape' });
    expect(topCancels).to.equal(0);
    expect(topLevel.el.shadowRoot!.querySelector('[part~="cancel"]')).to.equal(null);
  });

  it('names an inline form after the comment it answers', async () => {
    const threadId = nextThread();
    const adapter = new MemoryAdapter({ comments: [makeComment({ id: 'c1', threadId, author: { name: 'Chiara' } })] });
    await getThreadStore(adapter, threadId).load();
    const { el } = await makeForm({ adapter, threadId, parentId: 'c1' });
    expect(part(el, 'form').getAttribute('aria-label')).to.contain('Chiara');
    expect(text(submitButton(el))).to.not.equal('');
  });

  it('lets a confab-post listener stop the post, keeping the text', async () => {
    const { el, adapter } = await makeForm();
    await fill(el, 'Moderated away');
    el.addEventListener('confab-post', (event) => {
      expect(event.detail).to.deep.equal({ body: 'Moderated away', parentId: null });
      event.preventDefault();
    });
    submitButton(el).click();
    await sleep(50);
    expect(adapter.calls.post).to.equal(0);
    expect(textarea(el).value).to.equal('Moderated away');
  });

  it('works standalone: a store listener sees the new comment', async () => {
    const adapter = new MemoryAdapter({ latency: 20 });
    const threadId = nextThread();
    const store = getThreadStore(adapter, threadId);
    await store.load();
    const seen: string[][] = [];
    const stop = store.watch(LIST_KEY, () => seen.push([...store.state.ids]));
    try {
      const { el } = await makeForm({ adapter, threadId });
      await fill(el, 'Hello from the bottom of the page');
      const posted = oneEvent(el, 'confab-posted');
      submitButton(el).click();
      const { detail } = await posted;
      await until(() => store.state.ids.includes(detail.comment.id));
      // shown at once (optimistically), then replaced by the saved comment
      expect(seen.some((ids) => ids.some((id) => id.startsWith('pending:')))).to.equal(true);
      expect(store.state.ids).to.deep.equal([detail.comment.id]);
      expect(store.comment(detail.comment.id)?.body).to.equal('Hello from the bottom of the page');
    } finally {
      stop();
    }
  });

  it('posts a reply under its parent', async () => {
    const threadId = nextThread();
    const adapter = new MemoryAdapter({ comments: [makeComment({ id: 'c1', threadId })] });
    const { el } = await makeForm({ adapter, threadId, parentId: 'c1' });
    await fill(el, 'A reply');
    const posted = oneEvent(el, 'confab-posted');
    await pressWith('Control', 'Enter');
    const { detail } = await posted;
    expect(detail.comment.parentId).to.equal('c1');
    const replies = await adapter.list({ threadId, parentId: 'c1' });
    expect(replies.comments.map((c) => c.body)).to.deep.equal(['A reply']);
  });

  it('focus() puts the caret in the comment text', async () => {
    const { el } = await makeForm();
    part<HTMLButtonElement>(el, '#preview-tab').click();
    await el.updateComplete;
    el.focus();
    await el.updateComplete;
    await sleep(0);
    expect(deepActiveElement()).to.equal(textarea(el));
  });
});
