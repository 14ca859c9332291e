import { expect } from '@open-wc/testing';
import { RestAdapter } from '../../src/adapters/rest.js';
import { AdapterError, type AdapterEvent } from '../../src/model/adapter.js';
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

  it('resumes live events after a dropped connection from the last event id', async () => {
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
    }
    const adapter = new RestAdapter({ endpoint: '/api', EventSource: FakeEventSource as unknown as typeof EventSource });
    const events: AdapterEvent[] = [];
    const stop = adapter.subscribe('t 1', (event) => events.push(event));
    const again = adapter.subscribe('t 1', () => {});
    expect(sources).to.have.length(1, 'one connection per thread');
    expect(sources[0].url).to.equal('/api/threads/t%201/events');

    const comment = { id: 'c9', threadId: 't 1', body: 'Live' } as Comment;
    sources[0].onmessage?.(new MessageEvent('message', { data: JSON.stringify({ type: 'created', comment }), lastEventId: '17' }));
    sources[0].onmessage?.(new MessageEvent('message', { data: '{"type":"created","comment":{"threadId":"elsewhere"}}', lastEventId: '18' }));
    sources[0].onmessage?.(new MessageEvent('message', { data: 'not json', lastEventId: '19' }));
    expect(events).to.deep.equal([{ type: 'created', comment }]);

    sources[0].readyState = 2;
    sources[0].onerror?.();
    await new Promise((resolve) => setTimeout(resolve, 1400));
    expect(sources).to.have.length(2);
    expect(sources[1].url).to.equal('/api/threads/t%201/events?lastEventId=19');

    stop();
    expect(sources[1].readyState).to.equal(0, 'still open for the other listener');
    again();
    expect(sources[1].readyState).to.equal(2);
  });

  it('tells its listeners to reload when the server cannot replay what was missed, and resumes after', async () => {
    const { endpoint } = await liveServer();
    const threadId = `reset-${Date.now()}`;
    const sources: EventSource[] = [];
    class RecordingEventSource extends EventSource {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        sources.push(this);
      }
    }
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

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
