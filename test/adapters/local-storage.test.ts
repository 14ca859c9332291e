import { expect } from '@open-wc/testing';
import { LocalStorageAdapter } from '../../src/adapters/local-storage.js';
import type { AdapterEvent } from '../../src/model/adapter.js';
import { expectAdapterError, postRequest, runAdapterContract, seedComment } from './contract.js';

let namespaces = 0;
/** A namespace no other test uses, so tests share `localStorage` without seeing each other. */
function freshNamespace(): string {
  namespaces += 1;
  return `confab-test-${Date.now().toString(36)}-${namespaces}`;
}

function clearNamespace(namespace: string): void {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (key?.startsWith(`${namespace}:`)) localStorage.removeItem(key);
  }
}

/** A Storage of its own: another tab's view of the data, or one that runs out of room. */
class FakeStorage implements Storage {
  readonly items = new Map<string, string>();
  full = false;
  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    if (this.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.items.set(key, String(value));
  }
}

/** Runs `body` with console.warn captured. */
async function capturingWarnings(body: (warnings: string[]) => Promise<void>): Promise<string[]> {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
  try {
    await body(warnings);
  } finally {
    console.warn = original;
  }
  return warnings;
}

runAdapterContract('LocalStorageAdapter', async (seed, { viewerId, otherViewerId }) => {
  const namespace = freshNamespace();
  const adapter = new LocalStorageAdapter({ namespace, viewerId });
  adapter.seed(seed);
  return {
    adapter,
    otherViewer: async () => new LocalStorageAdapter({ namespace, viewerId: otherViewerId }),
    cleanup: async () => clearNamespace(namespace),
  };
});

describe('LocalStorageAdapter', () => {
  let namespace: string;
  beforeEach(() => {
    namespace = freshNamespace();
  });
  afterEach(() => clearNamespace(namespace));

  describe('persistence', () => {
    it('keeps comments, reactions and reports across a reload', async () => {
      const before = new LocalStorageAdapter({ namespace });
      const comment = await before.post(postRequest({ body: 'Still here?' }));
      await before.react({ threadId: 't1', commentId: comment.id, reaction: 'like', active: true });
      await before.react({ threadId: 't1', commentId: null, reaction: 'dislike', active: true });
      await before.reportTypo({ url: 'https://news.example/a', quote: { exact: 'teh', prefix: '', suffix: '' } });

      const after = new LocalStorageAdapter({ namespace });
      expect(after.viewerId).to.equal(before.viewerId);
      const listed = (await after.list({ threadId: 't1' })).comments;
      expect(listed.map((c) => c.body)).to.deep.equal(['Still here?']);
      expect(listed[0].viewer).to.deep.include({ canEdit: true, reactions: ['like'] });
      expect(await after.getReactions({ threadId: 't1', commentId: null })).to.deep.equal({
        reactions: { dislike: 1 },
        viewer: ['dislike'],
      });
      expect(after.typoReports).to.have.length(1);
      const retried = await after.post(postRequest({ idempotencyKey: 'key-0001' }));
      expect((await new LocalStorageAdapter({ namespace }).post(postRequest({ idempotencyKey: 'key-0001' }))).id).to.equal(
        retried.id,
      );
    });

    it('keeps each thread under its own key in the namespace', async () => {
      const adapter = new LocalStorageAdapter({ namespace });
      await adapter.post(postRequest({ threadId: 'a-42' }));
      expect(localStorage.getItem(`${namespace}:thread:a-42`)).to.be.a('string');
      expect(localStorage.getItem(`${namespace}:viewer`)).to.equal(adapter.viewerId);
      const elsewhere = new LocalStorageAdapter({ namespace: freshNamespace(), viewerId: 'x' });
      expect((await elsewhere.list({ threadId: 'a-42' })).total).to.equal(0);
    });

    it('seeds a thread only when asked to overwrite or when it is empty', async () => {
      const adapter = new LocalStorageAdapter({ namespace });
      adapter.seed([seedComment({ id: 'first' })]);
      await adapter.post(postRequest());
      adapter.seed([seedComment({ id: 'again' })], { overwrite: false });
      expect((await adapter.list({ threadId: 't1' })).total).to.equal(2);
      adapter.seed([seedComment({ id: 'again' })]);
      expect((await adapter.list({ threadId: 't1' })).comments.map((c) => c.id)).to.deep.equal(['again']);
    });
  });

  describe('other tabs', () => {
    /** Another tab: its own adapter over a copy of the data; `publish` makes its writes land here. */
    function otherTab() {
      const storage = new FakeStorage();
      for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i)!;
        if (key.startsWith(`${namespace}:`)) storage.items.set(key, localStorage.getItem(key)!);
      }
      const adapter = new LocalStorageAdapter({ namespace, storage, viewerId: 'tab-2' });
      const publish = (threadId: string): void => {
        const key = `${namespace}:thread:${threadId}`;
        const oldValue = localStorage.getItem(key);
        const newValue = storage.getItem(key);
        localStorage.setItem(key, newValue!);
        window.dispatchEvent(new StorageEvent('storage', { key, oldValue, newValue, storageArea: localStorage }));
      };
      return { adapter, publish };
    }

    it('turns storage events from another tab into live events', async () => {
      const adapter = new LocalStorageAdapter({ namespace, viewerId: 'tab-1' });
      const mine = await adapter.post(postRequest({ body: 'Mine' }));
      const events: AdapterEvent[] = [];
      const unsubscribe = adapter.subscribe('t1', (event) => events.push(event));
      try {
        const tab = otherTab();
        const theirs = await tab.adapter.post(postRequest({ body: 'From tab 2', parentId: mine.id }));
        expect(events, 'nothing before the storage event').to.deep.equal([]);
        tab.publish('t1');
        expect(events).to.have.length(1);
        const created = events[0] as Extract<AdapterEvent, { type: 'created' }>;
        expect(created.type).to.equal('created');
        expect(created.comment).to.deep.include({ id: theirs.id, body: 'From tab 2', parentId: mine.id });
        expect(created.comment.viewer?.canEdit).to.equal(false);

        await tab.adapter.edit({ threadId: 't1', commentId: theirs.id, body: 'Edited in tab 2' });
        await tab.adapter.react({ threadId: 't1', commentId: mine.id, reaction: 'like', active: true });
        tab.publish('t1');
        expect(
          events
            .slice(1)
            .map((e) => e.type)
            .sort(),
        ).to.deep.equal(['edited', 'reactions']);
        const reactions = events.find((e) => e.type === 'reactions') as Extract<AdapterEvent, { type: 'reactions' }>;
        expect(reactions).to.deep.include({ commentId: mine.id, reactions: { like: 1 } });

        await tab.adapter.delete({ threadId: 't1', commentId: theirs.id });
        tab.publish('t1');
        expect(events[events.length - 1]).to.deep.equal({
          type: 'deleted',
          threadId: 't1',
          commentId: theirs.id,
          placeholder: null,
        });
        expect((await adapter.list({ threadId: 't1' })).comments[0].replyCount).to.equal(0);
      } finally {
        unsubscribe();
      }
    });

    it('ignores storage events of other namespaces, other storage areas and unsubscribed threads', async () => {
      const adapter = new LocalStorageAdapter({ namespace, viewerId: 'tab-1' });
      const events: AdapterEvent[] = [];
      const unsubscribe = adapter.subscribe('t1', (event) => events.push(event));
      try {
        const tab = otherTab();
        await tab.adapter.post(postRequest({ threadId: 't2' }));
        tab.publish('t2');
        const foreign = new LocalStorageAdapter({ namespace: freshNamespace(), viewerId: 'x' });
        const written = await foreign.post(postRequest());
        window.dispatchEvent(
          new StorageEvent('storage', {
            key: `${foreign.namespace}:thread:t1`,
            newValue: '{}',
            storageArea: localStorage,
          }),
        );
        window.dispatchEvent(
          new StorageEvent('storage', { key: `${namespace}:thread:t1`, newValue: '{}', storageArea: sessionStorage }),
        );
        clearNamespace(foreign.namespace);
        expect(written.id).to.be.a('string');
        expect(events).to.deep.equal([]);
      } finally {
        unsubscribe();
      }
    });

    it('stops listening to storage events after the last unsubscribe', async () => {
      const adapter = new LocalStorageAdapter({ namespace, viewerId: 'tab-1' });
      const events: AdapterEvent[] = [];
      adapter.subscribe('t1', (event) => events.push(event))();
      const tab = otherTab();
      await tab.adapter.post(postRequest());
      tab.publish('t1');
      expect(events).to.deep.equal([]);
    });

    it('reports every comment as deleted when another tab clears the storage', async () => {
      const adapter = new LocalStorageAdapter({ namespace, viewerId: 'tab-1' });
      const comment = await adapter.post(postRequest());
      const events: AdapterEvent[] = [];
      const unsubscribe = adapter.subscribe('t1', (event) => events.push(event));
      try {
        clearNamespace(namespace);
        window.dispatchEvent(new StorageEvent('storage', { key: null, storageArea: localStorage }));
        expect(events).to.deep.equal([{ type: 'deleted', threadId: 't1', commentId: comment.id, placeholder: null }]);
      } finally {
        unsubscribe();
      }
    });

    it('tells another adapter on the same page at once, without a storage event', async () => {
      const listening = new LocalStorageAdapter({ namespace, viewerId: 'a' });
      const writing = new LocalStorageAdapter({ namespace, viewerId: 'b' });
      const events: AdapterEvent[] = [];
      const unsubscribe = listening.subscribe('t1', (event) => events.push(event));
      try {
        const comment = await writing.post(postRequest());
        expect(events.map((e) => e.type)).to.deep.equal(['created']);
        expect((events[0] as Extract<AdapterEvent, { type: 'created' }>).comment.id).to.equal(comment.id);
      } finally {
        unsubscribe();
      }
    });
  });

  describe('damaged data', () => {
    it('warns once about a key that is not JSON, reads it as empty and leaves it alone', async () => {
      const key = `${namespace}:thread:t1`;
      localStorage.setItem(key, '{"version":1,"comm');
      const adapter = new LocalStorageAdapter({ namespace, viewerId: 'me' });
      const warnings = await capturingWarnings(async () => {
        const page = await adapter.list({ threadId: 't1' });
        expect(page).to.deep.include({ comments: [], total: 0, threadTotal: 0 });
        expect(await adapter.count(['t1'])).to.deep.equal({ t1: 0 });
        await adapter.list({ threadId: 't1' });
      });
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.contain(key);
      expect(localStorage.getItem(key)).to.equal('{"version":1,"comm');
    });

    it('treats foreign JSON as empty and replaces it only when a comment is saved', async () => {
      const key = `${namespace}:thread:t1`;
      localStorage.setItem(key, JSON.stringify({ version: 1, threadId: 't1', comments: [{ id: 7 }] }));
      const adapter = new LocalStorageAdapter({ namespace, viewerId: 'me' });
      const warnings = await capturingWarnings(async () => {
        expect((await adapter.list({ threadId: 't1' })).total).to.equal(0);
        const comment = await adapter.post(postRequest());
        expect((await adapter.list({ threadId: 't1' })).comments.map((c) => c.id)).to.deep.equal([comment.id]);
      });
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.contain(key);
      expect(JSON.parse(localStorage.getItem(key)!).comments).to.have.length(1);
    });

    it('survives damaged reports and viewer keys', async () => {
      localStorage.setItem(`${namespace}:reports`, '[1, 2');
      localStorage.setItem(`${namespace}:viewer`, '<script>');
      const warnings = await capturingWarnings(async () => {
        const adapter = new LocalStorageAdapter({ namespace });
        expect(adapter.viewerId).to.match(/^[\w-]+$/);
        expect(adapter.typoReports).to.deep.equal([]);
        const result = await adapter.reportTypo({
          url: 'https://news.example/',
          quote: { exact: 'teh', prefix: '', suffix: '' },
        });
        expect(result.count).to.equal(1);
      });
      expect(warnings).to.have.length(2);
      expect(warnings.join('\n')).to.contain(`${namespace}:reports`).and.contain(`${namespace}:viewer`);
    });

    it('turns a full storage into a too_large error and keeps nothing half-saved', async () => {
      const storage = new FakeStorage();
      const adapter = new LocalStorageAdapter({ namespace, storage, viewerId: 'me' });
      const kept = await adapter.post(postRequest({ body: 'Fits' }));
      storage.full = true;
      const error = await expectAdapterError(adapter.post(postRequest({ body: 'Does not fit' })), 'too_large');
      expect(error.message).to.match(/full/);
      await expectAdapterError(
        adapter.react({ threadId: 't1', commentId: kept.id, reaction: 'like', active: true }),
        'too_large',
      );
      const page = await adapter.list({ threadId: 't1' });
      expect(page.comments.map((c) => c.body)).to.deep.equal(['Fits']);
      expect(page.comments[0].reactions).to.deep.equal({});
      storage.full = false;
      await adapter.post(postRequest({ body: 'Room again' }));
      expect((await adapter.list({ threadId: 't1' })).total).to.equal(2);
    });

    it('still works when the viewer id cannot be saved', async () => {
      const storage = new FakeStorage();
      storage.full = true;
      const adapter = new LocalStorageAdapter({ namespace, storage });
      expect(adapter.viewerId).to.be.a('string').and.not.equal('');
      expect((await adapter.list({ threadId: 't1' })).total).to.equal(0);
    });
  });
});
