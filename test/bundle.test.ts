import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { bundleSuite, requireBuilt, type ConfabApi } from './helpers/bundle-suite.js';

const url = '/dist/confab.bundle.js';

async function loadBundle(): Promise<ConfabApi> {
  await requireBuilt(url);
  return (await import(/* @vite-ignore */ url)) as ConfabApi;
}

/** The chunks of dist/chunks/ this page has loaded so far, by name without their hash. */
function loadedChunks(): string[] {
  return performance
    .getEntriesByType('resource')
    .map((entry) => /\/dist\/chunks\/(.+)-[\w-]{8}\.js$/.exec(entry.name)?.[1])
    .filter((name): name is string => Boolean(name));
}

// Runs before the suite below, which creates MemoryAdapters: on a fresh page nothing is loaded yet.
describe('dist/confab.bundle.js loads rarely used code on first use', () => {
  it('a page over REST loads neither the in-browser adapters nor the typo dialog until they are used', async () => {
    const confab = await loadBundle();
    const page = await fixture<HTMLElement>(html`<div>
      <p id="lazy-article">The budget was aproved on Monday.</p>
      <typo-report for="lazy-article" adapter="rest" endpoint="/__no-confab-api"></typo-report>
      <comment-thread thread-id="lazy-chunks" adapter="rest" endpoint="/__no-confab-api"></comment-thread>
    </div>`);
    const thread = page.querySelector('comment-thread')!;
    // the thread asks the (missing) server and says it could not load: everything it needs is there
    await waitUntil(() => thread.shadowRoot!.querySelector('[part~="error"]'), 'the thread did not finish loading', { timeout: 8000 });
    await expect(page).to.be.accessible();
    expect(loadedChunks(), 'nothing beyond the bundle yet').to.deep.equal([]);

    // an in-browser adapter brings its chunk, once
    const adapter = new confab.MemoryAdapter({ comments: [] }) as unknown as { ready: Promise<unknown> };
    await adapter.ready;
    new confab.LocalStorageAdapter({ namespace: 'lazy-chunks' });
    expect(loadedChunks()).to.deep.equal(['in-browser']);

    // the typo dialog loads when it first opens
    const report = document.createElement('typo-report') as HTMLElement & { adapter: unknown; reportSelection(): Promise<void> };
    report.setAttribute('for', 'lazy-article');
    report.adapter = adapter;
    page.append(report);
    const words = page.querySelector('#lazy-article')!.firstChild!;
    document.getSelection()!.setBaseAndExtent(words, 15, words, 22);
    await report.reportSelection();
    expect(report.shadowRoot!.querySelector('dialog')?.open, 'the dialog shows').to.equal(true);
    expect(loadedChunks().sort()).to.deep.equal(['in-browser', 'typo-dialog']);
    report.shadowRoot!.querySelector('dialog')!.close();
    document.getSelection()!.removeAllRanges();
  });
});

bundleSuite('dist/confab.bundle.js (ES module)', loadBundle);
