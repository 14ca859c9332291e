import { expect } from '@open-wc/testing';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import { AdapterError, type AdapterEvent } from '../../src/model/adapter.js';
import { at, expectAdapterError, postRequest, runAdapterContract, seedComment } from './contract.js';

runAdapterContract('MemoryAdapter', async (seed, { viewerId, otherViewerId }) => {
  const adapter = new MemoryAdapter({ comments: seed, viewerId });
  return { adapter, otherViewer: async () => adapter.asViewer(otherViewerId) };
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('MemoryAdapter', () => {
  describe('latency', () => {
    it('resolves a call only after the latency', async () => {
      const adapter = new MemoryAdapter({ latency: 60 });
      const started = performance.now();
      await adapter.list({ threadId: 't1' });
      expect(performance.now() - started).to.be.at.least(55);
    });

    it('picks a delay within a range', async () => {
      const adapter = new MemoryAdapter({ latency: { min: 30, max: 50 } });
      const started = performance.now();
      await adapter.count(['t1']);
      const took = performance.now() - started;
      expect(took).to.be.at.least(25);
      expect(took).to.be.below(1000);
    });

    it('rejects with aborted as soon as the signal fires, and does nothing', async () => {
      const adapter = new MemoryAdapter({ latency: 200 });
      const controller = new AbortController();
      const started = performance.now();
      const pending = adapter.post(postRequest({ signal: controller.signal }));
      setTimeout(() => controller.abort(), 20);
      await expectAdapterError(pending, 'aborted');
      expect(performance.now() - started).to.be.below(180);
      await sleep(250);
      const fast = adapter.asViewer('viewer');
      expect((await fast.list({ threadId: 't1' })).threadTotal).to.equal(0);
    });

    it('clears its timer when aborted', async () => {
      const adapter = new MemoryAdapter({ latency: 5_000 });
      const started: unknown[] = [];
      const cleared: unknown[] = [];
      const { setTimeout: originalSet, clearTimeout: originalClear } = window;
      window.setTimeout = ((handler: TimerHandler, ms?: number, ...rest: unknown[]) => {
        const id = originalSet(handler, ms, ...rest);
        if (ms === 5_000) started.push(id);
        return id;
      }) as typeof window.setTimeout;
      window.clearTimeout = ((id?: number) => {
        cleared.push(id);
        originalClear(id);
      }) as typeof window.clearTimeout;
      try {
        const controller = new AbortController();
        const pending = adapter.list({ threadId: 't1', signal: controller.signal });
        controller.abort();
        await expectAdapterError(pending, 'aborted');
      } finally {
        window.setTimeout = originalSet;
        window.clearTimeout = originalClear;
      }
      expect(started).to.have.length(1);
      expect(cleared).to.include(started[0]);
    });
  });

  describe('injected failures', () => {
    it('fails the next n calls of a method with a retryable network error', async () => {
      const adapter = new MemoryAdapter({ fail: { post: 2 } });
      const request = postRequest();
      const first = await expectAdapterError(adapter.post(request), 'network');
      expect(first.retryable).to.equal(true);
      await expectAdapterError(adapter.post(request), 'network');
      const saved = await adapter.post(request);
      expect((await adapter.list({ threadId: 't1' })).comments.map((c) => c.id)).to.deep.equal([saved.id]);
      expect(adapter.calls.post).to.equal(3);
    });

    it('fails every call of a method when the rule is true, and no other method', async () => {
      const adapter = new MemoryAdapter({ fail: { list: true } });
      for (let i = 0; i < 3; i++) await expectAdapterError(adapter.list({ threadId: 't1' }), 'network');
      expect(await adapter.count(['t1'])).to.deep.equal({ t1: 0 });
    });

    it('asks a function which calls fail', async () => {
      const adapter = new MemoryAdapter({
        fail: (method, request) =>
          method === 'react' && (request as { reaction: string }).reaction === 'dislike'
            ? new AdapterError('rate_limited', 'Slow down', { retryAfter: 3 })
            : undefined,
      });
      await adapter.react({ threadId: 't1', commentId: null, reaction: 'like', active: true });
      const error = await expectAdapterError(
        adapter.react({ threadId: 't1', commentId: null, reaction: 'dislike', active: true }),
        'rate_limited',
      );
      expect(error.retryAfter).to.equal(3);
      expect((await adapter.getReactions({ threadId: 't1', commentId: null })).viewer).to.deep.equal(['like']);
    });

    it('queues one-off failures with failNext, in order', async () => {
      const adapter = new MemoryAdapter();
      adapter.failNext('count', new AdapterError('server', 'Boom'));
      adapter.failNext('count');
      await expectAdapterError(adapter.count(['t1']), 'server');
      await expectAdapterError(adapter.count(['t1']), 'network');
      expect(await adapter.count(['t1'])).to.deep.equal({ t1: 0 });
    });
  });

  describe('test helpers', () => {
    it('counts calls per method', async () => {
      const adapter = new MemoryAdapter();
      await adapter.count(['a', 'b', 'c']);
      await adapter.list({ threadId: 'a' });
      await adapter.list({ threadId: 'b' });
      expect(adapter.calls.count).to.equal(1);
      expect(adapter.calls.list).to.equal(2);
      expect(adapter.calls.post).to.equal(0);
    });

    it('simulates a comment from another reader, announced live', async () => {
      const adapter = new MemoryAdapter();
      const events: AdapterEvent[] = [];
      adapter.subscribe('t1', (event) => events.push(event));
      const remote = adapter.simulateRemotePost({ threadId: 't1', body: 'Hi from afar', author: { name: 'Lin' } });
      expect(events).to.have.length(1);
      const event = events[0] as Extract<AdapterEvent, { type: 'created' }>;
      expect(event.type).to.equal('created');
      expect(event.comment.id).to.equal(remote.id);
      expect(event.comment.viewer?.canEdit).to.equal(false);
      const listed = (await adapter.list({ threadId: 't1' })).comments[0];
      expect(listed.author.name).to.equal('Lin');
      expect(listed.viewer?.canDelete).to.equal(false);
      await expectAdapterError(adapter.delete({ threadId: 't1', commentId: remote.id }), 'forbidden');
    });

    it('hands a raw event to subscribers of its thread only', () => {
      const adapter = new MemoryAdapter();
      const t1: AdapterEvent[] = [];
      const t2: AdapterEvent[] = [];
      adapter.subscribe('t1', (event) => t1.push(event));
      adapter.subscribe('t2', (event) => t2.push(event));
      const event: AdapterEvent = { type: 'reactions', threadId: 't1', commentId: null, reactions: { like: -5 } };
      adapter.emit(event);
      expect(t1).to.deep.equal([event]);
      expect(t1[0]).not.to.equal(event);
      expect(t2).to.deep.equal([]);
    });

    it('keeps delivering to other listeners when one throws', async () => {
      const adapter = new MemoryAdapter();
      const received: string[] = [];
      const onError = (event: ErrorEvent): void => event.preventDefault();
      window.addEventListener('error', onError);
      const originalOnError = window.onerror;
      window.onerror = () => true;
      try {
        adapter.subscribe('t1', () => {
          throw new Error('broken listener');
        });
        adapter.subscribe('t1', (event) => received.push(event.type));
        await adapter.post(postRequest());
        await sleep(0);
      } finally {
        window.removeEventListener('error', onError);
        window.onerror = originalOnError;
      }
      expect(received).to.deep.equal(['created']);
    });

    it('records reports for an editor', async () => {
      const adapter = new MemoryAdapter({ comments: [seedComment({ id: 'a' })] });
      await adapter.reportComment({ threadId: 't1', commentId: 'a', reason: 'spam' });
      await adapter.reportComment({ threadId: 't1', commentId: 'a', reason: 'abuse', note: 'Rude' });
      await adapter.reportTypo({
        url: 'https://news.example/x',
        quote: { exact: 'teh', prefix: '', suffix: '' },
        suggestion: 'the',
      });
      await adapter.asViewer('someone-else').reportComment({ threadId: 't1', commentId: 'a', reason: 'off-topic' });
      // A repeat by the same reader changes nothing; another reader's report is kept apart.
      expect(adapter.reports.map((r) => [r.reporterId, r.reason])).to.deep.equal([
        ['viewer', 'spam'],
        ['someone-else', 'off-topic'],
      ]);
      expect(adapter.typoReports[0]).to.deep.include({ count: 1, suggestion: 'the', reporters: ['viewer'] });
      adapter.reports[0].reason = 'other';
      expect(adapter.reports[0].reason).to.equal('spam');
    });
  });

  describe('seeds and options', () => {
    it('refuses a seed without an id or a valid time, or with a repeated id', () => {
      expect(() => new MemoryAdapter({ comments: [{ ...seedComment({ id: 'x' }), id: '' }] })).to.throw(TypeError);
      expect(() => new MemoryAdapter({ comments: [seedComment({ id: 'x', createdAt: 'yesterday' })] })).to.throw(
        TypeError,
        /createdAt/,
      );
      expect(() => new MemoryAdapter({ comments: [seedComment({ id: 'x' }), seedComment({ id: 'x' })] })).to.throw(
        TypeError,
        /twice/,
      );
    });

    it("treats a seed's viewer reactions as this viewer's own", async () => {
      const adapter = new MemoryAdapter({
        comments: [
          seedComment({
            id: 'v',
            reactions: { dislike: 3 },
            viewer: { reactions: ['dislike'], canEdit: false, canDelete: false },
          }),
        ],
      });
      expect((await adapter.list({ threadId: 't1' })).comments[0].viewer?.reactions).to.deep.equal(['dislike']);
      const switched = await adapter.react({ threadId: 't1', commentId: 'v', reaction: 'like', active: true });
      expect(switched.reactions).to.deep.equal({ dislike: 2, like: 1 });
      expect((await adapter.asViewer('other').getReactions({ threadId: 't1', commentId: 'v' })).viewer).to.deep.equal(
        [],
      );
    });

    it('accepts names up to 100 characters', async () => {
      const adapter = new MemoryAdapter();
      expect((await adapter.post(postRequest({ author: { name: 'n'.repeat(100) } }))).author.name).to.have.length(100);
      const error = await expectAdapterError(
        adapter.post(postRequest({ author: { name: 'n'.repeat(101) } })),
        'validation',
      );
      expect(error.field).to.equal('author.name');
    });

    it('counts the replies of a seed that gives no replyCount', async () => {
      const parent = seedComment({ id: 'p' }) as Partial<ReturnType<typeof seedComment>>;
      delete parent.replyCount;
      const adapter = new MemoryAdapter({
        comments: [parent as ReturnType<typeof seedComment>, seedComment({ id: 'q', parentId: 'p', createdAt: at(1) })],
      });
      expect((await adapter.list({ threadId: 't1' })).comments[0].replyCount).to.equal(1);
    });

    it('closes editing after the edit window', async () => {
      const adapter = new MemoryAdapter({ editWindowMs: 80 });
      const comment = await adapter.post(postRequest());
      expect(Date.parse(comment.viewer!.editableUntil!) - Date.parse(comment.createdAt)).to.equal(80);
      await adapter.edit({ threadId: 't1', commentId: comment.id, body: 'In time' });
      await sleep(100);
      const listed = (await adapter.list({ threadId: 't1' })).comments[0];
      expect(listed.viewer).to.deep.include({ canEdit: false, canDelete: false });
      await expectAdapterError(adapter.edit({ threadId: 't1', commentId: comment.id, body: 'Too late' }), 'forbidden');
      await expectAdapterError(adapter.delete({ threadId: 't1', commentId: comment.id }), 'forbidden');
    });

    it('pages through 5,000 comments quickly', async () => {
      const comments = Array.from({ length: 5000 }, (_, i) =>
        seedComment({
          id: `c${i}`,
          createdAt: at(i),
          reactions: { like: i % 17 },
          parentId: i % 5 === 0 ? null : `c${i - (i % 5)}`,
        }),
      );
      const adapter = new MemoryAdapter({ comments });
      const started = performance.now();
      for (const sort of ['oldest', 'newest', 'top'] as const) {
        let cursor: string | null = null;
        let seen = 0;
        do {
          const page: Awaited<ReturnType<MemoryAdapter['list']>> = await adapter.list({
            threadId: 't1',
            sort,
            cursor,
            limit: 20,
            replies: 2,
          });
          seen += page.comments.length;
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen).to.equal(1000);
      }
      // Generous for a shared machine; a page cost that grows with the thread would take far longer.
      expect(performance.now() - started).to.be.below(2000);
    });
  });
});
