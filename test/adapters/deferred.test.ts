import { expect } from '@open-wc/testing';
import { LocalStorageAdapter, MemoryAdapter } from '../../src/adapters/deferred.js';
import { LocalStorageAdapter as LoadedLocalStorageAdapter } from '../../src/adapters/local-storage.js';
import { MemoryAdapter as LoadedMemoryAdapter } from '../../src/adapters/memory.js';
import type { AdapterEvent } from '../../src/model/adapter.js';
import { makeComments } from '../helpers/fixtures.js';

// The in-browser adapters as the script-tag bundles and the adapter="memory" / "local" attributes
// give them: usable at once, their code loaded on first use (test/bundle.test.ts checks that the
// bundle keeps that code in a chunk).
describe('deferred in-browser adapters', () => {
  afterEach(() => localStorage.clear());

  it('answer the whole contract through the adapter their code makes', async () => {
    const adapter = new MemoryAdapter({ comments: makeComments({ count: 3 }) });
    expect(typeof adapter.edit).to.equal('function');
    expect(typeof adapter.reportTypo).to.equal('function');
    const page = await adapter.list({ threadId: 'thread-1' });
    expect(page.comments.map((comment) => comment.id)).to.deep.equal(['c1', 'c2', 'c3']);
    expect(await adapter.ready).to.be.instanceOf(LoadedMemoryAdapter);
    expect(await adapter.count(['thread-1'])).to.deep.equal({ 'thread-1': 3 });
  });

  it('subscribe at once, and deliver live events once the code is there; unsubscribing stops them', async () => {
    const adapter = new MemoryAdapter({ comments: [] });
    const events: AdapterEvent[] = [];
    const stop = adapter.subscribe('thread-1', (event) => events.push(event));
    await adapter.simulateRemotePost({ threadId: 'thread-1', body: 'Live' });
    expect(events.map((event) => event.type)).to.deep.equal(['created']);
    stop();
    await adapter.simulateRemotePost({ threadId: 'thread-1', body: 'Unheard' });
    expect(events).to.have.length(1);
  });

  it('seed before any other call, as the demo does right after creating one', async () => {
    const adapter = new LocalStorageAdapter({ namespace: 'deferred-test' });
    adapter.seed(makeComments({ count: 2 }));
    const page = await adapter.list({ threadId: 'thread-1' });
    expect(page.comments).to.have.length(2);
    expect(await adapter.ready).to.be.instanceOf(LoadedLocalStorageAdapter);
  });
});
