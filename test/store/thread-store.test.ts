import { expect, waitUntil } from '@open-wc/testing';
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

/**
 * An adapter whose posts are announced live (with no viewer, as over REST) to the store that made
 * them before the post answers; `answer` decides what the post then returns.
 */
function announcingAdapter(base: MemoryAdapter, answer: (saved: Comment) => Promise<Comment>): CommentAdapter {
  const adapter: CommentAdapter = {
    ...hostileAdapter(null),
    list: (r) => base.list(r),
    post: async (r) => {
      const saved = await base.post(r);
      getThreadStore(adapter, r.threadId).applyEvent({ type: 'created', comment: { ...saved, viewer: undefined } });
      return answer(saved);
    },
  };
  return adapter;
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
    const posting = store.post({ parentId: null, body: 'Hello', author: { name: 'Me' }, idempotencyKey: 'key-0001' });
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
    const reply = await store.post({ parentId: 'a', body: 'Re', author: { name: 'Me' }, idempotencyKey: 'key-r1-0000' });
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

  it('redraws a reaction once when the adapter confirms what was shown optimistically', async () => {
    const adapter = new MemoryAdapter({ comments: [comment('a', null, 1, { reactions: { like: 2 } })], latency: 20 });
    const store = new ThreadStore(adapter, THREAD);
    await store.load();
    let calls = 0;
    const stop = store.watch('a', () => calls++);
    await store.react('a', 'like', true);
    await settle();
    expect(calls, 'the optimistic change only').to.equal(1);
    expect(store.reactionState('a')).to.deep.equal({ reactions: { like: 3 }, viewer: ['like'] });
    // an answer that differs (another reader liked meanwhile) is still applied
    await adapter.asViewer('someone-else').react({ threadId: THREAD, commentId: 'a', reaction: 'like', active: true });
    await store.react('a', 'dislike', true);
    await settle();
    expect(store.reactionState('a')).to.deep.equal({ reactions: { like: 3, dislike: 1 }, viewer: ['dislike'] });
    expect(calls).to.equal(3);
    stop();
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
    const own = await store.post({ parentId: null, body: 'Mine', author: { name: 'Me' }, idempotencyKey: 'key-m1-0000' });
    await settle();
    expect(store.state.ids.filter((id) => id === own.id)).to.have.length(1);
    expect(store.state.ids.some((id) => id.startsWith('pending:'))).to.equal(false);
    expect(store.state.threadTotal).to.equal(3);
    stop();
  });

  it('shows its own post once when the live event, without a viewer, comes before the answer', async () => {
    let answer!: () => void;
    const store = getThreadStore(
      announcingAdapter(new MemoryAdapter({ comments: [comment('a', null, 1)] }), async (saved) => {
        await new Promise<void>((resolve) => (answer = resolve));
        return saved;
      }),
      THREAD,
    );
    const shown: (readonly string[])[] = [];
    const stop = store.subscribe(() => shown.push(store.state.ids));
    await store.load();
    const posting = store.post({ parentId: null, body: 'Mine ', author: { name: 'Me' }, idempotencyKey: 'key-m2-0000' });
    await waitUntil(() => answer !== undefined);
    await settle();
    expect(store.state.ids).to.have.length(2, 'the comment shows once while its answer is on the way');
    answer();
    const own = await posting;
    await settle();
    expect(store.state.ids).to.deep.equal(['a', own.id]);
    expect(shown.every((ids) => ids.length <= 2), 'never listed twice').to.equal(true);
    expect(store.state.threadTotal).to.equal(2);
    expect(store.comment(own.id)?.viewer?.canEdit).to.equal(true);
    stop();
  });

  it('applies the held-back event of its own post when the answer is lost', async () => {
    const store = getThreadStore(
      announcingAdapter(new MemoryAdapter(), () => Promise.reject(new AdapterError('network', 'The connection dropped.'))),
      THREAD,
    );
    await store.load();
    let failure: unknown;
    await store.post({ parentId: null, body: 'Saved anyway', author: { name: 'Me' }, idempotencyKey: 'key-m3-0000' }).catch((error) => (failure = error));
    await settle();
    expect(failure).to.be.instanceOf(AdapterError);
    expect(store.state.ids).to.have.length(1);
    expect(store.comment(store.state.ids[0])?.body).to.equal('Saved anyway');
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
    const reply = await store.post({ parentId: 'b', body: 'child', author: { name: 'Me' }, idempotencyKey: 'key-c1-0000' });
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

/**
 * Ten top-level comments; `t8` (page 3 at three per page) holds a reply chain three levels deep
 * whose every link is the fourth reply of its parent: past the three embedded ones, on the second
 * page of replies.
 */
function deepThread(): Comment[] {
  const seed = Array.from({ length: 10 }, (_, i) => comment(`t${i + 1}`, null, i, { replyCount: i === 7 ? 5 : 0 }));
  let parent = 't8';
  for (const level of ['r', 's', 'u']) {
    for (let n = 1; n <= 5; n++) seed.push(comment(`${level}${n}`, parent, 20 + seed.length, { replyCount: n === 4 && level !== 'u' ? 5 : 0 }));
    parent = `${level}4`;
  }
  return seed;
}

describe('ThreadStore.locate (permalinks)', () => {
  it('loads the top-level pages and reply pages down to a comment on page 3 at depth 3, and no more', async () => {
    const adapter = new MemoryAdapter({ comments: deepThread() });
    const store = new ThreadStore(adapter, THREAD);
    const loading = store.load({ pageSize: 3 });
    expect(await store.locate('u4')).to.equal(true);
    await loading;
    expect(adapter.calls.locate).to.equal(1);
    expect(store.state.ids).to.deep.equal(['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9']);
    expect(store.state.nextCursor, 'the fourth page is not loaded').to.be.a('string');
    expect(store.replies('t8').ids).to.include('r4');
    expect(store.replies('r4').ids).to.include('s4');
    expect(store.replies('s4').ids).to.include('u4');
    expect(store.comment('u4')?.body).to.equal('Body of u4');
    // three top-level pages, then the second reply page of each of three levels (each after a first)
    expect(adapter.calls.list).to.equal(3 + 3 * 2);
  });

  it('answers false at once for a comment that is not there, loading nothing more', async () => {
    const adapter = new MemoryAdapter({
      comments: [...deepThread(), comment('gone', 't1', 50, { status: 'deleted', body: '', author: { name: '' } })],
    });
    const store = new ThreadStore(adapter, THREAD);
    await store.load({ pageSize: 3 });
    expect(await store.locate('nope')).to.equal(false);
    expect(await store.locate('gone')).to.equal(false);
    expect(adapter.calls.list).to.equal(1);
    expect(store.state.ids).to.have.length(3);
  });

  it('throws a failure to load, and a cancelled search stops', async () => {
    const adapter = new MemoryAdapter({ comments: deepThread() });
    const store = new ThreadStore(adapter, THREAD);
    await store.load({ pageSize: 3 });
    adapter.failNext('list');
    let failure: unknown;
    await store.locate('u4').catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(AdapterError);
    expect((failure as AdapterError).code).to.equal('network');

    const controller = new AbortController();
    const search = store.locate('u4', controller.signal).catch((error: unknown) => error);
    controller.abort();
    expect(((await search) as AdapterError).code).to.equal('aborted');
  });

  it('without the adapter’s locate, pages through at most 20 top-level pages', async () => {
    const adapter = new MemoryAdapter({
      comments: [...Array.from({ length: 60 }, (_, i) => comment(`m${String(i).padStart(2, '0')}`, null, i)), comment('m45r', 'm45', 90)],
    });
    Object.assign(adapter, { locate: undefined });
    const store = new ThreadStore(adapter, THREAD);
    await store.load({ pageSize: 2, replies: 3 });
    expect(await store.locate('m45r'), 'an embedded reply on page 23 is past the bound').to.equal(false);
    expect(adapter.calls.list).to.equal(21);
    expect(await store.locate('m00')).to.equal(true);

    const small = new MemoryAdapter({ comments: deepThread() });
    Object.assign(small, { locate: undefined });
    const found = new ThreadStore(small, THREAD);
    await found.load({ pageSize: 3, replies: 3 });
    expect(await found.locate('r2'), 'a reply embedded on page 3').to.equal(true);
    expect(found.state.ids).to.have.length(9);
  });
});

describe('ThreadStore live comments held back', () => {
  it('holds others’ live comments while asked to, in order, then shows them; the viewer’s own post never waits', async () => {
    const adapter = new MemoryAdapter({ comments: [comment('a', null, 1), comment('b', null, 2)] });
    const store = new ThreadStore(adapter, THREAD);
    await store.load();
    const stop = store.watch(LIST_KEY, () => undefined);
    let holding = true;
    store.holdLive = () => holding;
    try {
      const first = adapter.simulateRemotePost({ threadId: THREAD, body: 'first' });
      const reply = adapter.simulateRemotePost({ threadId: THREAD, parentId: first.id, body: 'a reply to a held one' });
      holding = false;
      // once one waits, later ones queue behind it, so the order stays
      const second = adapter.simulateRemotePost({ threadId: THREAD, body: 'second' });
      expect(store.held.map((c) => c.id)).to.deep.equal([first.id, reply.id, second.id]);
      expect(store.state.ids).to.deep.equal(['a', 'b']);
      expect(store.state.threadTotal).to.equal(2);

      const mine = await store.post({ parentId: null, body: 'mine', author: { name: 'Me' }, idempotencyKey: 'own-key-1' });
      expect(store.state.ids).to.deep.equal(['a', 'b', mine.id]);
      expect(store.held).to.have.length(3);

      expect(store.showHeld()).to.deep.equal([first.id, reply.id, second.id]);
      expect(store.held).to.have.length(0);
      expect(store.state.ids).to.deep.equal(['a', 'b', mine.id, first.id, second.id]);
      expect(store.replies(first.id).ids).to.deep.equal([reply.id]);
      expect(store.state.threadTotal).to.equal(6);
    } finally {
      stop();
    }
  });

  it('holds nothing that would not show, and a reload drops what was held', async () => {
    const adapter = new MemoryAdapter({ comments: [comment('a', null, 1), comment('b', null, 2), comment('c', null, 3)] });
    const store = new ThreadStore(adapter, THREAD);
    await store.load({ pageSize: 2 });
    const stop = store.watch(LIST_KEY, () => undefined);
    store.holdLive = () => true;
    try {
      // oldest first with pages left: a new top-level comment comes with the last page, not now
      adapter.simulateRemotePost({ threadId: THREAD, body: 'later' });
      expect(store.held).to.have.length(0);
      const reply = adapter.simulateRemotePost({ threadId: THREAD, parentId: 'a', body: 'reply' });
      expect(store.held.map((c) => c.id)).to.deep.equal([reply.id]);
      adapter.emit({ type: 'deleted', threadId: THREAD, commentId: reply.id, placeholder: null });
      expect(store.held, 'a held comment deleted meanwhile is dropped').to.have.length(0);
      adapter.simulateRemotePost({ threadId: THREAD, parentId: 'a', body: 'another' });
      expect(store.held).to.have.length(1);
      await store.load({ sort: 'newest' });
      expect(store.held).to.have.length(0);
    } finally {
      stop();
    }
  });

  it('reloads the first page on a reset event, keeping the viewer’s post in flight, without duplicates', async () => {
    const adapter = new MemoryAdapter({ comments: [comment('a', null, 1)], latency: 30 });
    const store = new ThreadStore(adapter, THREAD);
    await store.load();
    // Posted while this store was not listening: only a reload can show it.
    const missed = await adapter.asViewer('someone-else').post({ threadId: THREAD, parentId: null, body: 'Missed', author: { name: 'Bo' }, idempotencyKey: 'key-m1-0000' });
    const seen: string[][] = [];
    const stop = store.watch(LIST_KEY, () => seen.push([...store.state.ids]));
    try {
      const listsBefore = adapter.calls.list;
      adapter.emit({ type: 'reset', threadId: 'another-thread' });
      expect(adapter.calls.list, 'a reset of another thread is not ours').to.equal(listsBefore);
      adapter.emit({ type: 'reset', threadId: THREAD });
      const posting = store.post({ parentId: null, body: 'Mine', author: { name: 'Me' }, idempotencyKey: 'key-mine-1-0000' });
      const pendingId = store.state.ids.at(-1);
      expect(adapter.calls.list).to.equal(listsBefore + 1);
      const saved = await posting;
      await waitUntil(() => store.state.ids.includes(missed.id), 'the reload shows what was missed');
      const reloaded = seen.find((ids) => ids.includes(missed.id));
      expect(reloaded, 'the post still in flight stays through the reload').to.deep.equal(['a', missed.id, pendingId]);
      await settle();
      expect(store.state.ids).to.deep.equal(['a', missed.id, saved.id]);
      expect(store.state.threadTotal).to.equal(3);
    } finally {
      stop();
    }
  });
});
