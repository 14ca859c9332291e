import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { deepQuery, deepQueryAll, text } from './dom.js';

/** What a script-tag bundle exposes: the package root. */
export type ConfabApi = typeof import('../../src/index.js');

declare global {
  interface Window {
    bundleXss?: number;
  }
}

const TAGS = ['comment-thread', 'comment-item', 'reply-form', 'reaction-counter', 'comment-count', 'typo-report'];

/** Fails with a clear message when the bundle was not built, instead of a bare 404 later. */
export async function requireBuilt(url: string): Promise<void> {
  const response = await fetch(url, { method: 'HEAD' });
  if (!response.ok) throw new Error(`${url} is missing: run \`npm run build\` before the bundle tests`);
}

/**
 * The same checks for each built bundle, run on the minified output a page loads (the other tests
 * run the TypeScript sources): the public API, every element registered, a thread rendered from a
 * MemoryAdapter with its styles and sanitized markdown, and a comment posted through the form.
 */
export function bundleSuite(name: string, load: () => Promise<ConfabApi>): void {
  describe(name, () => {
    let confab: ConfabApi;
    const added: Element[] = [];

    before(async () => {
      confab = await load();
    });

    afterEach(() => {
      for (const element of added.splice(0)) element.remove();
      localStorage.clear();
    });

    async function thread(threadId: string, body: string): Promise<HTMLElement> {
      const adapter = new confab.MemoryAdapter({
        comments: [
          {
            id: 'c1',
            threadId,
            parentId: null,
            author: { name: 'Ada Whitfield' },
            body,
            createdAt: new Date(Date.now() - 5 * 60_000).toISOString(),
            status: 'published',
            reactions: { like: 2 },
            replyCount: 0,
          },
        ],
      });
      const element = document.createElement('comment-thread');
      element.setAttribute('thread-id', threadId);
      (element as HTMLElement & { adapter: unknown }).adapter = adapter;
      document.body.append(element);
      added.push(element);
      await waitUntil(() => deepQuery(element, '[part~="comment-body"] > p'), 'the comment did not render', { timeout: 5000 });
      return element;
    }

    it('exports the public API and registers every element', () => {
      for (const name of ['MemoryAdapter', 'LocalStorageAdapter', 'RestAdapter', 'AdapterError', 'configure', 'define'] as const) {
        expect(confab[name], name).to.be.a('function');
      }
      for (const tag of TAGS) expect(customElements.get(tag), tag).to.be.a('function');
      expect(customElements.get('comment-thread')).to.equal(confab.CommentThread);
    });

    it('renders a styled thread with the body as sanitized markdown', async () => {
      window.bundleXss = 0;
      const element = await thread(
        'bundle-render',
        '**bold** [docs](https://example.com) and https://bare.example/a_b_c <img src=x onerror="window.bundleXss = 1">',
      );
      await expect(element).to.be.accessible();
      const body = deepQuery(element, '[part~="comment-body"]')!;
      expect(body.querySelector('strong')!.textContent).to.equal('bold');
      const links = [...body.querySelectorAll('a')];
      expect(links.map((link) => link.getAttribute('href'))).to.deep.equal(['https://example.com/', 'https://bare.example/a_b_c']);
      for (const link of links) expect(link.rel).to.equal('ugc nofollow noopener noreferrer');
      expect(body.querySelector('img')).to.equal(null);
      expect(body.textContent).to.contain('<img src=x');
      // styles survived minifying: the avatar is round and coloured, the counter shows its count
      const avatar = deepQuery(element, 'div[part~="comment-avatar"]')!;
      expect(getComputedStyle(avatar).borderRadius).to.equal('50%');
      expect(avatar.style.getPropertyValue('--_avatar-bg')).not.to.equal('');
      expect(text(deepQuery(element, '[part~="comment-reactions"]'))).to.contain('2');
      expect(window.bundleXss).to.equal(0);
    });

    it('posts a comment through the form', async () => {
      const element = await thread('bundle-post', 'first');
      const name = deepQuery<HTMLInputElement>(element, '#name')!;
      name.focus();
      await sendKeys({ type: 'Bruno' });
      deepQuery<HTMLTextAreaElement>(element, 'textarea')!.focus();
      await sendKeys({ type: 'A *second* comment' });
      deepQuery<HTMLButtonElement>(element, '[part~="submit"]')!.click();
      await waitUntil(() => deepQueryAll(element, '[part~="comment-body"] em').length === 1, 'the comment was not posted', {
        timeout: 5000,
      });
      const bodies = deepQueryAll(element, 'div[part~="comment-body"]').map((body) => text(body));
      expect(bodies).to.have.members(['first', 'A second comment']);
    });
  });
}
