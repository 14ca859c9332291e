import { expect } from '@open-wc/testing';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import type { Comment } from '../../src/model/comment.js';
import {
  MAX_COUNT_BATCH,
  cachedCount,
  clearCountCache,
  primeCount,
  requestCount,
} from '../../src/store/count-batcher.js';

function comment(id: string, threadId: string, parentId: string | null = null): Comment {
  return {
    id,
    threadId,
    parentId,
    author: { name: 'Ann' },
    body: 'Hello',
    createdAt: '2024-05-01T10:00:00.000Z',
    status: 'published',
    reactions: {},
    replyCount: 0,
  };
}

describe('count-batcher', () => {
  it('asks the adapter once for every thread requested in the same frame', async () => {
    const adapter = new MemoryAdapter({
      comments: [comment('a1', 'a'), comment('a2', 'a'), comment('a3', 'a', 'a1'), comment('b1', 'b')],
    });
    const counts = await Promise.all([
      requestCount(adapter, 'a'),
      requestCount(adapter, 'b'),
      requestCount(adapter, 'c'),
      requestCount(adapter, 'a'),
    ]);
    expect(counts).to.deep.equal([3, 1, 0, 3]);
    expect(adapter.calls.count).to.equal(1);
  });

  it('keeps separate batches per adapter', async () => {
    const first = new MemoryAdapter({ comments: [comment('x1', 'x')] });
    const second = new MemoryAdapter({ comments: [comment('x1', 'x'), comment('x2', 'x')] });
    const counts = await Promise.all([requestCount(first, 'x'), requestCount(second, 'x')]);
    expect(counts).to.deep.equal([1, 2]);
    expect(first.calls.count).to.equal(1);
    expect(second.calls.count).to.equal(1);
  });

  it('reuses a recent result instead of asking again', async () => {
    const adapter = new MemoryAdapter({ comments: [comment('a1', 'a')] });
    expect(await requestCount(adapter, 'a')).to.equal(1);
    expect(cachedCount(adapter, 'a')).to.equal(1);
    expect(await requestCount(adapter, 'a')).to.equal(1);
    expect(adapter.calls.count).to.equal(1);
    clearCountCache(adapter, 'a');
    expect(cachedCount(adapter, 'a')).to.equal(undefined);
    expect(await requestCount(adapter, 'a')).to.equal(1);
    expect(adapter.calls.count).to.equal(2);
  });

  it('takes a primed count without calling the adapter', async () => {
    const adapter = new MemoryAdapter();
    primeCount(adapter, 'p', 7);
    expect(await requestCount(adapter, 'p')).to.equal(7);
    expect(adapter.calls.count).to.equal(0);
  });

  it('rejects every waiter of a failed call, logs once, and does not cache the failure', async () => {
    const adapter = new MemoryAdapter({ comments: [comment('a1', 'a')], fail: { count: 1 } });
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const results = await Promise.allSettled([requestCount(adapter, 'a'), requestCount(adapter, 'b')]);
      expect(results.map((result) => result.status)).to.deep.equal(['rejected', 'rejected']);
      const reason = (results[0] as PromiseRejectedResult).reason as { code?: string };
      expect(reason.code).to.equal('network');
      expect(warnings).to.have.length(1);
    } finally {
      console.warn = warn;
    }
    expect(await requestCount(adapter, 'a')).to.equal(1);
    expect(adapter.calls.count).to.equal(2);
  });

  it('treats what an adapter returns as untrusted', async () => {
    const adapter = new MemoryAdapter();
    adapter.count = async () => ({ good: 4, negative: -3, text: '12' as unknown as number, fraction: 2.7 });
    const counts = await Promise.all(
      ['good', 'negative', 'text', 'fraction', 'missing'].map((id) => requestCount(adapter, id)),
    );
    expect(counts).to.deep.equal([4, 0, 0, 2, 0]);
  });

  it('splits very long lists into several calls', async () => {
    const adapter = new MemoryAdapter();
    const ids = Array.from({ length: MAX_COUNT_BATCH + 5 }, (_, i) => `t${i}`);
    const counts = await Promise.all(ids.map((id) => requestCount(adapter, id)));
    expect(counts.every((count) => count === 0)).to.equal(true);
    expect(adapter.calls.count).to.equal(2);
  });

  it('still flushes when no animation frame comes (hidden tab)', async () => {
    const adapter = new MemoryAdapter({ comments: [comment('h1', 'h')] });
    const raf = window.requestAnimationFrame;
    window.requestAnimationFrame = () => 0;
    try {
      expect(await requestCount(adapter, 'h')).to.equal(1);
    } finally {
      window.requestAnimationFrame = raf;
    }
  });
});
