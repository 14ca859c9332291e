import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import { AdapterError, type BackendSettings, type PostRequest, type PowChallenge } from '../../src/model/adapter.js';
import type { Comment } from '../../src/model/comment.js';
import type { ReplyForm } from '../../src/components/reply-form/reply-form.js';
import { sleep } from '../helpers/dom.js';
import '../helpers/define.js';

let counter = 0;
const nextThread = () => `backend-thread-${++counter}-${Date.now()}`;

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A backend that sends mail and/or asks for proof of work, checking solutions as the server does. */
class BackendAdapter extends MemoryAdapter {
  posts: PostRequest[] = [];
  issued = new Map<string, number>();
  challengesServed = 0;
  refuseNext = false;
  challengeGate: Promise<void> = Promise.resolve();

  constructor(private readonly backend: BackendSettings) {
    super();
  }

  async settings(): Promise<BackendSettings> {
    return this.backend;
  }

  async challenge(): Promise<PowChallenge> {
    await this.challengeGate;
    this.challengesServed += 1;
    const salt = `salt${Math.random().toString(36).slice(2)}`;
    const number = Math.floor(Math.random() * 3000);
    const challenge = await sha256Hex(salt + number);
    this.issued.set(challenge, number);
    return { algorithm: 'SHA-256', challenge, salt, signature: 'sig', maxnumber: 3000 };
  }

  override async post(request: PostRequest): Promise<Comment> {
    this.posts.push(request);
    if (this.backend.challenge === 'pow') {
      if (this.refuseNext) {
        this.refuseNext = false;
        throw new AdapterError('forbidden', 'This anti-spam check was already used.', { field: 'challenge' });
      }
      const solved = JSON.parse(atob(request.challenge ?? 'e30=')) as { challenge?: string; number?: number; salt?: string };
      if (!solved.challenge || this.issued.get(solved.challenge) !== solved.number || (await sha256Hex(`${solved.salt}${solved.number}`)) !== solved.challenge) {
        throw new AdapterError('forbidden', 'The anti-spam check failed.', { field: 'challenge' });
      }
      this.issued.delete(solved.challenge);
    }
    return super.post(request);
  }
}

async function makeForm(adapter: MemoryAdapter) {
  const el = await fixture<ReplyForm>(html`<reply-form thread-id=${nextThread()} .adapter=${adapter}></reply-form>`);
  // the settings answer, then the lazily loaded chunk
  for (let i = 0; i < 50 && !el.shadowRoot!.querySelector('[part~="notify"]') && (adapter as BackendAdapter).posts !== undefined; i++) await sleep(20);
  await el.updateComplete;
  return el;
}

const $ = <T extends Element = HTMLElement>(el: ReplyForm, selector: string) => el.shadowRoot!.querySelector<T>(selector);

async function type(field: HTMLElement | null, value: string) {
  field!.focus();
  await sendKeys({ type: value });
}

async function waitFor(check: () => boolean, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('<reply-form> with a backend that sends mail or asks for proof of work', () => {
  it('offers no reply notification when the adapter does not say it sends mail', async () => {
    const plain = await makeForm(new MemoryAdapter());
    expect($(plain, '[part~="notify"]')).to.equal(null);
    const noMail = await makeForm(new BackendAdapter({ mail: false, challenge: null }));
    await sleep(100);
    expect($(noMail, '[part~="notify"]')).to.equal(null);
  });

  it('offers "E-mail me when someone replies", sends notify with the post, and asks for the address when it is missing', async () => {
    const adapter = new BackendAdapter({ mail: true, challenge: null });
    const el = await makeForm(adapter);
    await waitFor(() => $(el, '[part~="notify"]') !== null, 'the checkbox');
    const box = $<HTMLInputElement>(el, '[part~="notify"] input')!;
    expect($(el, '[part~="notify"]')!.textContent).to.contain('E-mail me when someone replies');
    // its styles arrive with its chunk: a row with the box beside its label
    expect(getComputedStyle($(el, '[part~="notify"]')!).display).to.equal('flex');
    expect(getComputedStyle($(el, '[part~="notify"] input')!).marginTop).to.equal('0px');
    // keyboard: Tab reaches it and Space ticks it
    box.focus();
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(box.checked).to.equal(true);

    await type($(el, '#name'), 'Ada');
    await type($(el, 'textarea'), 'Tell me');
    $<HTMLButtonElement>(el, '[part~="submit"]')!.click();
    await waitFor(() => $(el, '[part~="error"]') !== null, 'the error');
    expect($(el, '[part~="error"]')!.textContent).to.contain('Enter your email to be told of replies');
    expect(adapter.posts.length).to.equal(0);

    await type($(el, '#email'), 'ada@example.com');
    $<HTMLButtonElement>(el, '[part~="submit"]')!.click();
    await waitFor(() => adapter.posts.length === 1, 'the post');
    expect(adapter.posts[0]!.notify).to.equal(true);
    expect(adapter.posts[0]!.author.email).to.equal('ada@example.com');
    expect(adapter.posts[0]!.challenge).to.equal(undefined);
  });

  it('does not send notify when the box is left unticked', async () => {
    const adapter = new BackendAdapter({ mail: true, challenge: null });
    const el = await makeForm(adapter);
    await waitFor(() => $(el, '[part~="notify"]') !== null, 'the checkbox');
    await type($(el, '#name'), 'Ada');
    await type($(el, 'textarea'), 'Quiet');
    await sendKeys({ down: 'Control' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Control' });
    await waitFor(() => adapter.posts.length === 1, 'the post');
    expect(adapter.posts[0]!.notify).to.equal(undefined);
  });

  it('solves the challenge with a status line, posts with the solution, and uses each solution once', async () => {
    const adapter = new BackendAdapter({ mail: false, challenge: 'pow' });
    let open!: () => void;
    adapter.challengeGate = new Promise((resolve) => (open = resolve));
    const el = await makeForm(adapter);
    await sleep(100);
    await type($(el, '#name'), 'Ada');
    await type($(el, 'textarea'), 'Proof');
    $<HTMLButtonElement>(el, '[part~="submit"]')!.click();
    await waitFor(() => ($(el, '[part~="submit"]')!.textContent ?? '').includes('Checking'), 'the status');
    expect($(el, '[role="status"]')!.textContent).to.contain('Checking this is no automated post');
    expect($(el, 'form')!.getAttribute('aria-busy')).to.equal('true');
    open();
    await waitFor(() => adapter.posts.length === 1 && !$(el, '[part~="submit"]')!.textContent!.includes('…'), 'the post');
    expect(adapter.posts[0]!.challenge).to.be.a('string');
    expect($(el, '[part~="error"]')).to.equal(null);
    expect((await adapter.list({ threadId: el.threadId })).comments.map((c) => c.body)).to.deep.equal(['Proof']);

    // the second post fetches a fresh challenge
    await type($(el, 'textarea'), 'Second');
    $<HTMLButtonElement>(el, '[part~="submit"]')!.click();
    await waitFor(() => adapter.posts.length === 2, 'the second post');
    await waitFor(() => !el.shadowRoot!.querySelector('form[aria-busy="true"]'), 'the end of posting');
    expect(adapter.challengesServed).to.equal(2);
    expect((await adapter.list({ threadId: el.threadId })).comments.length).to.equal(2);
  });

  it('starts solving while a guest types, before they post', async () => {
    const adapter = new BackendAdapter({ mail: false, challenge: 'pow' });
    const el = await makeForm(adapter);
    await sleep(100);
    await type($(el, '#name'), 'Ada');
    expect(adapter.challengesServed).to.equal(0, 'typing the name asks nothing');
    await type($(el, 'textarea'), 'Typing');
    await waitFor(() => adapter.challengesServed === 1, 'a challenge asked while typing');
    await type($(el, 'textarea'), ' more');
    await sleep(100);
    expect(adapter.challengesServed).to.equal(1, 'one challenge for the post under way');
    expect(adapter.posts.length).to.equal(0);
  });

  it('tries once more with a fresh solution when the backend refuses a spent one', async () => {
    const adapter = new BackendAdapter({ mail: false, challenge: 'pow' });
    adapter.refuseNext = true;
    const el = await makeForm(adapter);
    await sleep(100);
    await type($(el, '#name'), 'Ada');
    await type($(el, 'textarea'), 'Again');
    $<HTMLButtonElement>(el, '[part~="submit"]')!.click();
    await waitFor(() => adapter.posts.length === 2, 'the retried post');
    await waitFor(() => !el.shadowRoot!.querySelector('form[aria-busy="true"]'), 'the end of posting');
    expect($(el, '[part~="error"]')).to.equal(null);
    expect((await adapter.list({ threadId: el.threadId })).comments.map((c) => c.body)).to.deep.equal(['Again']);
  });

  it('asks no challenge of a reader signed in on the site', async () => {
    const adapter = new BackendAdapter({ mail: false, challenge: 'pow' });
    const el = await fixture<ReplyForm>(html`<reply-form thread-id=${nextThread()} .adapter=${adapter} .author=${{ name: 'Una' }}></reply-form>`);
    await sleep(150);
    await type($(el, 'textarea'), 'Signed in');
    $<HTMLButtonElement>(el, '[part~="submit"]')!.click();
    await waitFor(() => adapter.posts.length === 1, 'the post');
    expect(adapter.posts[0]!.challenge).to.equal(undefined);
    expect(adapter.challengesServed).to.equal(0);
  });
});
