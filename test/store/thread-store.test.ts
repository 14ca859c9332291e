import { expect } from '@open-wc/testing';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import { AdapterError, type CommentAdapter, type ListPage } from '../../src/model/adapter.js';
import type { Comment } from '../../src/model/comment.js';
import { getThreadStore, LIST_KEY, ThreadStore } from '../../src/store/thread-store.js';
import { makeComments } from '../helpers/fixtures.js';

const THREAD = 'store-thread';

function comment(id: string, parentId: string | null, minute: number, extra: Partial<Comment> = {}): Comment {
  return {
    id,
    threadId: THREAD,
    parentId,
    author: { name: `Author ${id}` },
    body: `Body of ${id}`,
    createdAt: new Date(Date.UTC(2025, 0, 1, 12, minute)).toISOString(),
    status: 'published',
    reactions: {},
    replyCount: 0,
    ...extra,
  };
}

/** An adapter whose list() answers with whatever a hostile backend might send. */
function hostileAdapter(page: unknown): CommentAdapter {
  const base = new MemoryAdapter();
  return {
    list: async () => page as ListPage,
    post: (r) => base.post(r),
    getReactions: (r) => base.getReactions(r),
    react: (r) => base.react(r),
    count: (ids) => base.count(ids),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ThreadStore', () => {
  it('is shared by everything that asks for the same adapter and thread', () => {
    const adapter = new MemoryAdapter();
    expect(getThreadStore(adapter, 'a')).to.equal(getThreadStore(adapter, 'a'));
    expect(getThreadStore(adapter, 'a')).not.to.equal(getThreadStore(adapter, 'b'));
    expect(getThreadStore(new MemoryAdapter(), 'a')).not.to.equal(getThreadStore(adapter, 'a'));
  });

  it('loads the first page with embedded replies in a tree, and counts every level', async () => {
    const adapter = new MemoryAdapter({
      comments: [
        comment('a', null, 1, { replyCount: 2 }),
        comment('b', null, 2),
        comment('a1', 'a', 3, { replyCount: 1 }),
        comment('a2', 'a', 4),
        comment('a1x', 'a1', 5),
      ],
    });
    const store = new ThreadStore(adapter, THREAD);
    await store.load({ pageSize: 10, replies: 5 });
    expect(store.state.status).to.equal('ready');
    expect(store.state.ids).to.deep.equal(['a', 'b']);
    expect(store.replies('a').ids).to.deep.equal(['a1', 'a2']);
    expect(store.replies('a1').ids).to.deep.equal(['a1x']);
    expect(store.state.threadTotal).to.equal(5);
    expect(store.hiddenReplyCount('a')).to.equal(0);
  });

  it('pages by cursor without losing or repeating a comment, and joins concurrent loadMore calls', async () => {
    const adapter = new MemoryAdapter({ comments: makeComments({ threadId: THREAD, count: 7 }) });
    const store = new ThreadStore(adapter, THREAD);
    await store.load({ pageSize: 3 });
    const listCalls = adapter.calls.list;
    await Promise.all([store.loadMore(), store.loadMore()]);
    expect(adapter.calls.list).to.equal(listCalls + 1);
    await store.loadMore();
    expect(store.state.ids).to.have.length(7);
    expect(new Set(store.state.ids).size).to.equal(7);
    expect(store.state.nextCursor).to.equal(null);
  });

  it('lets the latest load win when an earlier one is still in flight', async () => {
    const adapter = new MemoryAdapter({
      comments: [comment('old', null, 1), comment('new', null, 2)],
      latency: 30,
    });
    const store = new ThreadStore(adapter, THREAD);
    const first = store.load({ sort: 'oldest' });
    const second = store.load({ sort: 'newest' });
    await Promise.all([first, second]);
    expect(store.state.sort).to.equal('newest');
    expect(store.state.ids).to.deep.equal(['new', 'old']);
  });

  it('keeps the old list visible while it reloads', async () => {
    const adapter = new MemoryAdapter({ comments: [comment('a', null, 1)], latency: 20 });
    const store = new ThreadStore(adapter, THREAD);
    await store.load();
    const reload = store.load({ sort: 'newest' });
    expect(store.state.status).to.equal('loading');
    expect(store.state.ids).to.deep.equal(['a']);
    await reload;
  });

  it('shows a post at once and replaces it with the saved comment', async () => {
    const adapter = new MemoryAdapter({ comments: [comment('a', null, 1)], latency: 20 });
    const store = new ThreadStore(adapter, THREAD);
    await store.load();
    const posting = store.post({ parentId: null, body: 'Hello', author: { name: 'Me' }, idempotencyKey: 'k1' });
    expect(store.state.ids).to.have.length(2);
    expect(store.comment(store.state.ids[1])?.body).to.equal('Hello');
    const saved = await posting;
    expect(store.state.ids).to.deep.equal(['a', saved.id]);
    expect(store.state.threadTotal).to.equal(2);
  });

  it('removes a failed post and throws, and a retry with the same key posts once', async () => {
    const adapter = new MemoryAdapter({ comments: [comment('a', null, 1)] });
    const store = new ThreadStore(adapter, THREAD);
    await store.load();
    adapter.failNext('post');
    const input = { parentId: null, body: 'Once', author: { name: 'Me' }, idempotencyKey: 'retry-key' };
    let error: unknown;
    await store.post(input).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(AdapterError);
    expect(store.state.ids).to.deep.equal(['a']);
    await Promise.all([store.post(input), store.post(input)]);
    await store.post(input);
    const page = await adapter.list({ threadId: THREAD });
    expect(page.comments.filter((c) => c.body === 'Once')).to.have.length(1);
    expect(adapter.calls.post).to.equal(3);
  });

  it('counts a reply on its parent', async () => {
    const adapter = new MemoryAdapter({ comments: [comment('a', null, 1)] });
    const store = new ThreadStore(adapter, THREAD);
    await store.load();
    const reply = await store.post({ parentId: 'a', body: 'Re', author: { name: 'Me' }, idempotencyKey: 'r1' });
    expect(store.replies('a').ids).to.deep.equal([reply.id]);
    expect(store.comment('a')?.replyCount).to.equal(1);
    expect(store.state.threadTotal).to.equal(2);
  });

  it('reacts optimistically, keeps like and dislike exclusive, and rolls back on failure', async () => {
    const adapter = new MemoryAdapter({ comments: [comment('a', null, 1, { reactions: { like: 2, dislike: 1 } })] });
    const store = new ThreadStore(adapter, THREAD);
    await store.load();
    const liking = store.react('a', 'like', true);
    expect(store.reactionState('a')).to.deep.equal({ reactions: { like: 3, dislike: 1 }, viewer: ['like'] });
    await liking;
    await store.react('a', 'dislike', true);
    expect(store.reactionState('a')).to.deep.equal({ reactions: { like: 2, dislike: 2 }, viewer: ['dislike'] });
    adapter.failNext('react');
    let error: unknown;
    await store.react('a', 'dislike', false).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(AdapterError);
    expect(store.reactionState('a')).to.deep.equal({ reactions: { like: 2, dislike: 2 }, viewer: ['dislike'] });
  });

  it('reacts on the thread itself', async () => {
    const adapter = new MemoryAdapter();
    const store = new ThreadStore(adapter, THREAD);
    await store.loadThreadReactions();
    expect(store.reactionState(null)?.reactions.like ?? 0).to.equal(0);
    await store.react(null, 'like', true);
    const fresh = await adapter.getReactions({ threadId: THREAD, commentId: null });
    expect(fresh.reactions.like).to.equal(1);
  });

  it('keeps optimistic counts when the event of an earlier reaction arrives during a later one', async () => {
    const adapter = new MemoryAdapter({ comments: [comment('a', null, 1, { reactions: { like: 1, dislike: 1 } })] });
    const store = new ThreadStore(adapter, THREAD);
    const stop = store.subscribe(() => undefined);
    await store.load();
    const seen: string[] = [];
    const stopWatch = store.watch('a', () => {
      const state = store.reactionState('a')!;
      seen.push(`${state.reactions.like ?? 0} ${state.reactions.dislike ?? 0}`);
    });
    const liking = store.react('a', 'like', true);
    const disliking = store.react('a', 'dislike', true);
    await Promise.all([liking, disliking]);
    await settle();
    // never back to "2 1" (the like's own event) once the dislike was shown
    expect(seen.slice(seen.indexOf('1 2'))).to.not.include('2 1');
    expect(store.reactionState('a')).to.deep.include({ viewer: ['dislike'] });
    expect(store.reactionState('a')!.reactions).to.include({ like: 1, dislike: 2 });
    stopWatch();
    stop();
  });

  it('merges live comments once, including its own post announced before the response', async () => {
    const adapter = new MemoryAdapter({ comments: [comment('a', null, 1)] });
    const store = new ThreadStore(adapter, THREAD);
    const stop = store.subscribe(() => undefined);
    await store.load();
    const remote = adapter.simulateRemotePost({ threadId: THREAD, body: 'From elsewhere' });
    adapter.emit({ type: 'created', comment: remote });
    await settle();
    expect(store.state.ids.filter((id) => id === remote.id)).to.have.length(1);
    expect(store.state.threadTotal).to.equal(2);
    const own = await store.post({ parentId: null, body: 'Mine', author: { name: 'Me' }, idempotencyKey: 'm1' });
    await settle();
    expect(store.state.ids.filter((id) => id === own.id)).to.have.length(1);
    expect(store.state.ids.some((id) => id.startsWith('pending:'))).to.equal(false);
    expect(store.state.threadTotal).to.equal(3);
    stop();
  });

  it('notifies watchers of a key only for changes of that key, batched', async () => {
    const adapter = new MemoryAdapter({ comments: [comment('a', null, 1), comment('b', null, 2)] });
    const store = new ThreadStore(adapter, THREAD);
    await store.load();
    let aCalls = 0;
    let bCalls = 0;
    const stopA = store.watch('a', () => aCalls++);
    const stopB = store.watch('b', () => bCalls++);
    await store.react('a', 'like', true);
    await settle();
    expect(aCalls).to.be.greaterThan(0);
    expect(bCalls).to.equal(0);
    stopA();
    stopB();
  });

  it('keeps a deleted comment with replies as a placeholder, and drops one without', async () => {
    const adapter = new MemoryAdapter({
      comments: [comment('a', null, 1), comment('b', null, 2, { author: { id: 'viewer', name: 'Me' } })],
    });
    const store = new ThreadStore(adapter, THREAD);
    await store.load({ replies: 5 });
    const reply = await store.post({ parentId: 'b', body: 'child', author: { name: 'Me' }, idempotencyKey: 'c1' });
    await store.remove('b');
    expect(store.comment('b')?.status).to.equal('deleted');
    expect(store.comment('b')?.body).to.equal('');
    expect(store.replies('b').ids).to.deep.equal([reply.id]);
    await store.remove(reply.id);
    expect(store.comment(reply.id)).to.equal(undefined);
  });

  it('survives hostile pages: duplicates, junk, orphans and parent cycles', async () => {
    const adapter = hostileAdapter({
      comments: [
        comment('a', null, 1),
        comment('a', null, 1, { body: 'duplicate' }),
        null,
        42,
        { id: '', body: 'no id' },
        { id: 7, author: null, body: null, createdAt: 'not a date', reactions: { like: -3, __proto__: 5 } },
      ],
      replies: [
        comment('x', 'y', 2),
        comment('y', 'x', 3),
        comment('orphan', 'missing', 4),
        comment('r', 'a', 5),
      ],
      nextCursor: 12,
      total: 'many',
      threadTotal: -1,
    });
    const store = new ThreadStore(adapter, THREAD);
    await store.load({ replies: 3 });
    expect(store.state.status).to.equal('ready');
    expect(store.state.ids).to.deep.equal(['a', '7']);
    expect(store.comment('a')?.body).to.equal('Body of a');
    expect(store.comment('7')?.author.name).to.equal('');
    expect(store.comment('7')?.reactions).to.deep.equal({ like: 0 });
    expect(store.replies('a').ids).to.deep.equal(['r']);
    expect(store.comment('orphan')).to.equal(undefined);
    expect(store.comment('x')).to.equal(undefined);
    expect(store.state.nextCursor).to.equal(null);
  });

  it('shows an error state on a failed load and recovers on retry', async () => {
    const adapter = new MemoryAdapter({ comments: [comment('a', null, 1)] });
    adapter.failNext('list');
    const store = new ThreadStore(adapter, THREAD);
    await store.load();
    expect(store.state.status).to.equal('error');
    expect(store.state.error?.code).to.equal('network');
    await store.load();
    expect(store.state.status).to.equal('ready');
    expect(store.state.ids).to.deep.equal(['a']);
  });

  it('stops live events when nobody listens any more', async () => {
    const adapter = new MemoryAdapter({ comments: [comment('a', null, 1)] });
    const store = new ThreadStore(adapter, THREAD);
    await store.load();
    const stop = store.watch(LIST_KEY, () => undefined);
    stop();
    adapter.simulateRemotePost({ threadId: THREAD, body: 'unseen' });
    await settle();
    expect(store.state.ids).to.deep.equal(['a']);
  });
});
