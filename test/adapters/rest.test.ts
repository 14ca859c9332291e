import { expect } from '@open-wc/testing';
import { RestAdapter } from '../../src/adapters/rest.js';
import { AdapterError, type AdapterEvent } from '../../src/model/adapter.js';
import { MAX_THREADS_PER_REQUEST } from '../../src/model/rules.js';
import type { Comment } from '../../src/model/comment.js';
import { expectAdapterError, runAdapterContract, type ContractFactory } from './contract.js';

/** What the test-runner plugin (scripts/wtr-confab-server.mjs) hands out about its live server. */
interface LiveServer {
  endpoint: string;
  adminToken: string;
  userTokens: Record<string, string>;
}

let server: LiveServer | undefined;

async function liveServer(): Promise<LiveServer> {
  if (!server) {
    const response = await fetch('/__confab-server.json');
    if (!response.ok) throw new Error(`the confab test server is not available (${response.status})`);
    server = (await response.json()) as LiveServer;
  }
  return server;
}

async function admin(method: string, path: string, body?: unknown): Promise<void> {
  const { endpoint, adminToken } = await liveServer();
  const response = await fetch(endpoint + path, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify(body ?? {}),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
}

before(async function () {
  // The first request starts the server: PGlite's first start can take a while on a busy machine.
  this.timeout(180_000);
  await liveServer();
});

const factory: ContractFactory = async (seed, viewers) => {
  const { endpoint, userTokens } = await liveServer();
  await admin('POST', '/admin/reset');
  if (seed.length > 0) await admin('POST', `/admin/import?reactionsOf=${encodeURIComponent(viewers.viewerId)}`, seed);
  const adapters: RestAdapter[] = [];
  const make = (viewerId: string) => {
    const adapter = new RestAdapter({ endpoint, userToken: userTokens[viewerId] });
    adapters.push(adapter);
    return adapter;
  };
  return {
    adapter: make(viewers.viewerId),
    otherViewer: async () => make(viewers.otherViewerId),
  };
};

runAdapterContract('RestAdapter against a live server', factory, { subscribeSettleMs: 300, eventTimeoutMs: 5000 });

/** A fetch answering from a script of responses (or thrown errors), recording each request. */
function scriptedFetch(script: (Response | Error | (() => Promise<Response>))[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({ url: String(input), init });
    const next = script.shift();
    if (!next) throw new Error('no scripted response left');
    if (next instanceof Error) throw next;
    if (typeof next === 'function') return next();
    return next;
  }) as typeof fetch;
  return { fetchImpl, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const page = { comments: [], nextCursor: null, total: 0, threadTotal: 0 };

describe('RestAdapter over HTTP', () => {
  it('retries a read after a network failure and a 503, then succeeds', async () => {
    const { fetchImpl, calls } = scriptedFetch([
      new TypeError('Failed to fetch'),
      json(503, { error: { code: 'server', message: 'Restarting' } }),
      json(200, page),
    ]);
    const adapter = new RestAdapter({ endpoint: 'https://comments.example/api/', fetch: fetchImpl, retries: 2 });
    const result = await adapter.list({ threadId: 'a/42', sort: 'newest', limit: 5 });
    expect(result.total).to.equal(0);
    expect(calls).to.have.length(3);
    expect(calls[0].url).to.equal('https://comments.example/api/threads/a%2F42/comments?sort=newest&limit=5');
    expect(calls[0].init.credentials).to.equal('include');
  });

  it('retries a post with the same idempotency key, and never retries an edit', async () => {
    const comment = { id: 'c1', threadId: 't', parentId: null, author: { name: 'A' }, body: 'x', createdAt: new Date().toISOString(), status: 'published', reactions: {}, replyCount: 0 };
    const { fetchImpl, calls } = scriptedFetch([new TypeError('offline'), json(201, comment), new TypeError('offline')]);
    const adapter = new RestAdapter({ endpoint: '/api', fetch: fetchImpl });
    const posted = await adapter.post({ threadId: 't', parentId: null, body: 'x', author: { name: 'A' }, idempotencyKey: 'key-12345678' });
    expect(posted.id).to.equal('c1');
    expect(calls.map((c) => (c.init.headers as Record<string, string>)['idempotency-key'])).to.deep.equal(['key-12345678', 'key-12345678']);
    await expectAdapterError(adapter.edit({ threadId: 't', commentId: 'c1', body: 'y' }), 'network');
    expect(calls).to.have.length(3);
  });

  it('maps error responses to AdapterError with field, retryAfter and the current comment', async () => {
    const current = { id: 'c1', body: 'Newer', editedAt: '2024-01-01T00:00:00.000Z' };
    const { fetchImpl } = scriptedFetch([
      json(400, { error: { code: 'validation', message: 'Name is required.', field: 'author.name' } }),
      json(409, { error: { code: 'conflict', message: 'Changed meanwhile.', current } }),
      json(429, { error: { code: 'rate_limited', message: 'Slow down.' } }, { 'retry-after': '42' }),
      new Response('<html>Bad gateway</html>', { status: 502 }),
    ]);
    const adapter = new RestAdapter({ endpoint: '/api', fetch: fetchImpl, retries: 0 });
    const request = { threadId: 't', parentId: null, body: 'x', author: { name: '' }, idempotencyKey: 'key-abcdefgh' };
    const invalid = await expectAdapterError(adapter.post(request), 'validation');
    expect(invalid.field).to.equal('author.name');
    expect(invalid.message).to.equal('Name is required.');
    expect(invalid.retryable).to.equal(false);
    const conflict = await expectAdapterError(adapter.edit({ threadId: 't', commentId: 'c1', body: 'y' }), 'conflict');
    expect(conflict.current?.body).to.equal('Newer');
    const limited = await expectAdapterError(adapter.post(request), 'rate_limited');
    expect(limited.retryAfter).to.equal(42);
    const gateway = await expectAdapterError(adapter.count(['t']), 'server');
    expect(gateway.message).to.contain('502');
  });

  it('fails with timeout when the server does not answer in time', async () => {
    const hanging = (_input: RequestInfo | URL, init: RequestInit = {}) =>
      new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))));
    const adapter = new RestAdapter({ endpoint: '/api', fetch: hanging as typeof fetch, timeoutMs: 50, retries: 1 });
    const started = performance.now();
    await expectAdapterError(adapter.getReactions({ threadId: 't', commentId: null }), 'timeout');
    expect(performance.now() - started).to.be.below(2000);
  });

  it('fails with aborted when the caller cancels mid-request, without retrying', async () => {
    let calls = 0;
    const hanging = (_input: RequestInfo | URL, init: RequestInit = {}) => {
      calls += 1;
      return new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))));
    };
    const adapter = new RestAdapter({ endpoint: '/api', fetch: hanging as typeof fetch });
    const controller = new AbortController();
    const pending = adapter.list({ threadId: 't', signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await expectAdapterError(pending, 'aborted');
    expect(error).to.be.instanceOf(AdapterError);
    expect(calls).to.equal(1);
  });

  it('carries every thread over one event stream and gives each listener the events of its thread', async () => {
    const { sources, EventSource } = fakeEventSources();
    const adapter = new RestAdapter({ endpoint: '/api', EventSource });
    const inA: AdapterEvent[] = [];
    const inB: AdapterEvent[] = [];
    adapter.subscribe('a 1', (event) => inA.push(event));
    adapter.subscribe('b/2', (event) => inB.push(event));
    adapter.subscribe('a 1', () => {});
    expect(sources).to.have.length(0, 'subscriptions of one tick are gathered first');
    await nextTick();
    expect(sources).to.have.length(1, 'one connection for every thread');
    expect(sources[0].url).to.equal('/api/events?thread=a+1&thread=b%2F2');

    const a = { id: 'c9', threadId: 'a 1', body: 'Live' } as Comment;
    sources[0].ready('16');
    sources[0].message({ type: 'created', comment: a }, '17');
    sources[0].message({ type: 'reactions', threadId: 'b/2', commentId: null, reactions: { like: 1 } }, '18');
    sources[0].message({ type: 'created', comment: { threadId: 'elsewhere' } }, '19');
    sources[0].message('not json', '20');
    sources[0].reset('b/2', '21');
    expect(inA).to.deep.equal([{ type: 'created', comment: a }]);
    expect(inB).to.deep.equal([
      { type: 'reactions', threadId: 'b/2', commentId: null, reactions: { like: 1 } },
      { type: 'reset', threadId: 'b/2' },
    ]);
  });

  it('changes the set of threads without losing an event: reconnects from the last id it saw', async () => {
    const { sources, EventSource } = fakeEventSources();
    const adapter = new RestAdapter({ endpoint: '/api', EventSource });
    const events: string[] = [];
    const stopA = adapter.subscribe('a', (event) => events.push(`a:${event.type}`));
    await nextTick();
    // A thread added before the stream said where it starts waits for that position.
    const stopB = adapter.subscribe('b', (event) => events.push(`b:${event.type}`));
    await nextTick();
    expect(sources).to.have.length(1);
    sources[0].ready('40');
    expect(sources).to.have.length(2, 'reconnected as soon as the position was known');
    expect(sources[0].readyState).to.equal(2, 'the old stream is closed');
    expect(sources[1].url).to.equal('/api/events?thread=a&thread=b&lastEventId=40');
    sources[1].ready('40');
    sources[1].message({ type: 'deleted', threadId: 'a', commentId: 'x', placeholder: null }, '41');
    // Removing a thread (its last listener gone) reconnects from 41 without it.
    stopA();
    await nextTick();
    expect(sources).to.have.length(3);
    expect(sources[2].url).to.equal('/api/events?thread=b&lastEventId=41');
    sources[2].message({ type: 'deleted', threadId: 'a', commentId: 'y', placeholder: null }, '42');
    expect(events).to.deep.equal(['a:deleted'], 'nothing for a thread no longer followed');
    stopB();
    await nextTick();
    expect(sources[2].readyState).to.equal(2);
    expect(sources).to.have.length(3, 'no stream without threads');
    // An unsubscribe and a subscribe in one tick change nothing.
    const again = adapter.subscribe('c', () => {});
    await nextTick();
    sources[3].ready('50');
    again();
    const back = adapter.subscribe('c', () => {});
    await nextTick();
    expect(sources).to.have.length(4);
    back();
  });

  it('resumes after a dropped connection from the last event id, with backoff', async () => {
    const { sources, EventSource } = fakeEventSources();
    const adapter = new RestAdapter({ endpoint: '/api', EventSource });
    const events: AdapterEvent[] = [];
    const stop = adapter.subscribe('t', (event) => events.push(event));
    await nextTick();
    sources[0].ready('18');
    sources[0].message({ type: 'created', comment: { id: 'c1', threadId: 't' } }, '19');
    // What a browser does after an HTTP error: closed, then an error event.
    sources[0].readyState = 2;
    sources[0].onerror?.();
    await new Promise((resolve) => setTimeout(resolve, 1400));
    expect(sources).to.have.length(2);
    expect(sources[1].url).to.equal('/api/events?thread=t&lastEventId=19');
    expect(events).to.have.length(1);
    stop();
    await nextTick();
    expect(sources[1].readyState).to.equal(2);
  });

  it(`opens another stream only past ${MAX_THREADS_PER_REQUEST} threads or a long query`, async () => {
    const { sources, EventSource } = fakeEventSources();
    const adapter = new RestAdapter({ endpoint: '/api', EventSource });
    for (let i = 0; i < 150; i++) adapter.subscribe(`thread-${i}`, () => {});
    await nextTick();
    expect(sources.map((source) => new URL(source.url, location.href).searchParams.getAll('thread').length)).to.deep.equal([100, 50]);
    const long = new RestAdapter({ endpoint: '/api', EventSource });
    for (let i = 0; i < 40; i++) long.subscribe(`${'é'.repeat(60)}-${i}`, () => {});
    await nextTick();
    const urls = sources.slice(2).map((source) => source.url);
    expect(urls.length).to.be.greaterThan(1, 'ids that would make a request line too long are split');
    expect(urls.every((url) => url.length < 8000)).to.equal(true);
    expect(urls.flatMap((url) => new URL(url, location.href).searchParams.getAll('thread'))).to.have.length(40);
  });

  it('counts many threads in as few requests as the limits allow', async () => {
    const calls: string[] = [];
    const fetchImpl = (async (input: RequestInfo | URL) => {
      const url = new URL(String(input), location.href);
      calls.push(url.href);
      return json(200, { counts: Object.fromEntries(url.searchParams.getAll('thread').map((id) => [id, 1])) });
    }) as typeof fetch;
    const adapter = new RestAdapter({ endpoint: '/api', fetch: fetchImpl });
    const ids = Array.from({ length: 250 }, (_, i) => `t${i}`);
    const counts = await adapter.count([...ids, 't0']);
    expect(Object.keys(counts)).to.have.length(250);
    expect(calls).to.have.length(3);
  });

  it('tells its listeners to reload when the server cannot replay what was missed, and resumes after', async () => {
    const { endpoint } = await liveServer();
    const threadId = `reset-${Date.now()}`;
    const { sources, RecordingEventSource } = recordingEventSources();
    const adapter = new RestAdapter({ endpoint, EventSource: RecordingEventSource });
    const events: AdapterEvent[] = [];
    const stop = adapter.subscribe(threadId, (event) => events.push(event));
    try {
      await waitFor(() => sources[0]?.readyState === EventSource.OPEN);
      const first = await adapter.post({ threadId, parentId: null, body: 'First', author: { name: 'Ada' }, idempotencyKey: `${threadId}-1` });
      await waitFor(() => events.some((e) => e.type === 'created' && e.comment.id === first.id));
      // The connection drops; meanwhile a comment comes and its event is no longer kept when the
      // reader comes back (as after a long absence).
      sources[0].close();
      await adapter.post({ threadId, parentId: null, body: 'Missed', author: { name: 'Bo' }, idempotencyKey: `${threadId}-2` });
      await admin('POST', '/admin/reset');
      // What the browser does when a connection fails: closed, then an error event.
      sources[0].onerror?.(new Event('error'));
      await waitFor(() => events.some((e) => e.type === 'reset'), 8000);
      expect(sources).to.have.length(2);
      expect(events.filter((e) => e.type === 'reset')).to.deep.equal([{ type: 'reset', threadId }]);
      expect(events.filter((e) => e.type === 'created')).to.have.length(1, 'the missed comment comes with the reload, not as an event');
      // Live events flow again on the new connection.
      const third = await adapter.post({ threadId, parentId: null, body: 'Third', author: { name: 'Ada' }, idempotencyKey: `${threadId}-3` });
      await waitFor(() => events.some((e) => e.type === 'created' && e.comment.id === third.id));
    } finally {
      stop();
    }
  });
});

/** The browser's EventSource, recording each connection made. */
function recordingEventSources() {
  const sources: EventSource[] = [];
  class RecordingEventSource extends EventSource {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      sources.push(this);
    }
  }
  return { sources, RecordingEventSource };
}

const nextTick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** An EventSource stand-in that records each connection; the test plays the server. */
function fakeEventSources() {
  const sources: FakeEventSource[] = [];
  class FakeEventSource extends EventTarget {
    readyState = 0;
    onopen: (() => void) | null = null;
    onmessage: ((event: MessageEvent) => void) | null = null;
    onerror: (() => void) | null = null;
    constructor(readonly url: string) {
      super();
      sources.push(this);
    }
    close() {
      this.readyState = 2;
    }
    message(data: unknown, lastEventId: string) {
      this.onmessage?.(new MessageEvent('message', { data: typeof data === 'string' ? data : JSON.stringify(data), lastEventId }));
    }
    ready(lastEventId: string) {
      this.readyState = 1;
      this.dispatchEvent(new MessageEvent('ready', { data: '{"type":"ready"}', lastEventId }));
    }
    reset(threadId: string, lastEventId: string) {
      this.dispatchEvent(new MessageEvent('reset', { data: JSON.stringify({ type: 'reset', threadId }), lastEventId }));
    }
  }
  return { sources, EventSource: FakeEventSource as unknown as typeof EventSource };
}

describe('RestAdapter live events against a live server', () => {
  it('follows two threads over one connection, and a third joining later, without losing an event', async () => {
    const { endpoint } = await liveServer();
    const stamp = `multi-${Date.now()}`;
    const [a, b, c] = ['a', 'b', 'c'].map((name) => `${stamp}-${name}`);
    const { sources, RecordingEventSource } = recordingEventSources();
    const adapter = new RestAdapter({ endpoint, EventSource: RecordingEventSource });
    const writer = new RestAdapter({ endpoint });
    const seen: string[] = [];
    const record = (event: AdapterEvent) => {
      if (event.type === 'created') seen.push(`${event.comment.threadId.slice(-1)}:${event.comment.body}`);
    };
    const stops = [adapter.subscribe(a, record), adapter.subscribe(b, record)];
    const post = (threadId: string, body: string) =>
      writer.post({ threadId, parentId: null, body, author: { name: 'Ada' }, idempotencyKey: `${threadId}-${body}`.replace(/\s/g, '-') });
    try {
      await waitFor(() => sources[0]?.readyState === EventSource.OPEN);
      await post(a, 'one');
      await post(b, 'two');
      await waitFor(() => seen.length === 2);
      expect(sources.filter((source) => source.readyState !== EventSource.CLOSED)).to.have.length(1);
      // A third thread joins while comments keep coming: the stream reconnects with it, and what
      // was posted meanwhile is replayed, not lost.
      stops.push(adapter.subscribe(c, record));
      const during = post(a, 'three');
      await during;
      await post(c, 'four');
      await waitFor(() => seen.length === 4, 8000);
      expect(seen).to.deep.equal(['a:one', 'b:two', 'a:three', 'c:four']);
      expect(sources.filter((source) => source.readyState !== EventSource.CLOSED)).to.have.length(1);
    } finally {
      for (const stop of stops) stop();
    }
  });
});

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
