// GET /events?thread=a&thread=b: one live connection for every widget of a page.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { client, readEvents, startServer, storages } from './helpers.js';

/** `/events?thread=…` for these threads. @param {string} api @param {string[]} threads */
const streamOf = (api, threads) => `${api}/events?${threads.map((t) => `thread=${encodeURIComponent(t)}`).join('&')}`;

for (const storage of storages()) {
  describe(`one event stream for many threads on ${storage.name}`, () => {
    /** @type {Awaited<ReturnType<typeof startServer>>} */
    let server;
    before(async () => {
      server = await startServer(storage, {
        TRUST_PROXY: '1',
        RATE_LIMIT_WRITES: '0',
        RATE_LIMIT_POSTS: '0',
        RATE_LIMIT_NEW_VIEWERS: '0',
        SSE_MAX_PER_IP: '3',
      });
    });
    after(() => server?.close());
    beforeEach(() => server.app.store.reset());

    it('carries the events of every thread named, in id order, and none of the others', async () => {
      const ada = client(server.api);
      const events = await readEvents(streamOf(server.api, ['a 1', 'b/2']), {
        count: 4,
        onOpen: async () => {
          const first = await ada.post('a 1', { body: 'In a' });
          await ada.post('elsewhere', { body: 'Not for this stream' });
          await ada.post('b/2', { body: 'In b' });
          await ada.request('PUT', `/threads/a%201/comments/${first.body.id}/reactions/like`);
        },
      });
      assert.equal(events[0].type, 'ready', 'the stream says where it starts');
      assert.deepEqual(events[0].data, { type: 'ready' });
      const live = events.slice(1);
      assert.deepEqual(live.map((e) => e.data.type), ['created', 'created', 'reactions']);
      assert.deepEqual(live.map((e) => e.data.comment?.threadId ?? e.data.threadId), ['a 1', 'b/2', 'a 1']);
      const ids = events.map((e) => BigInt(e.id));
      assert.deepEqual([...ids].sort((x, y) => (x < y ? -1 : 1)), ids, 'ids increase');
    });

    it('resumes every thread from one Last-Event-ID, then streams on', async () => {
      const ada = client(server.api);
      const [ready] = await readEvents(streamOf(server.api, ['r1', 'r2']), { count: 1 });
      // While away: a comment in each thread, one elsewhere.
      await ada.post('r1', { body: 'Missed in r1' });
      await ada.post('r-other', { body: 'Not ours' });
      await ada.post('r2', { body: 'Missed in r2' });
      const resumed = await readEvents(streamOf(server.api, ['r1', 'r2']), {
        count: 4,
        headers: { 'last-event-id': ready.id },
        onOpen: () => ada.post('r2', { body: 'Live in r2' }).then(() => {}),
      });
      assert.deepEqual(
        resumed.filter((e) => e.type === 'message').map((e) => e.data.comment.body),
        ['Missed in r1', 'Missed in r2', 'Live in r2'],
      );
      const readyAgain = resumed.find((e) => e.type === 'ready');
      assert.ok(readyAgain && BigInt(readyAgain.id) >= BigInt(resumed[1].id), 'the new position is past the replayed events');
      // The same resume point, given as a query parameter (a client that changes its threads).
      const byQuery = await readEvents(`${streamOf(server.api, ['r1'])}&lastEventId=${ready.id}`, { count: 2 });
      assert.equal(byQuery[0].data.comment.body, 'Missed in r1');
    });

    it('sends a reset for each thread when it cannot replay what was missed', async () => {
      const ada = client(server.api);
      await ada.post('x1', { body: 'One' });
      const received = await readEvents(streamOf(server.api, ['x1', 'x2']), { count: 2, headers: { 'last-event-id': '999999999999' } });
      // On PostgreSQL the post's notification may reach the server after the stream opened, and
      // then follows the resets as a live event: only the resets are this test's business.
      const events = received.filter((e) => e.type !== 'message');
      assert.deepEqual(
        events.map((e) => [e.type, e.data.threadId]),
        [
          ['reset', 'x1'],
          ['reset', 'x2'],
        ],
      );
      assert.equal(events[0].id, events[1].id, 'both resume from one position');
    });

    it(`takes up to 100 threads, refuses more, none, and bad ids`, async () => {
      const hundred = Array.from({ length: 100 }, (_, i) => `t${i}`);
      const ada = client(server.api);
      const events = await readEvents(streamOf(server.api, hundred), { count: 2, onOpen: () => ada.post('t99', { body: 'Last of 100' }).then(() => {}) });
      assert.equal(events[1].data.comment.threadId, 't99');
      const reader = client(server.api);
      for (const [query, what] of [
        [hundred.concat('t100').map((t) => `thread=${t}`).join('&'), '101 threads'],
        ['', 'no thread'],
        ['thread=', 'an empty id'],
        [`thread=${'x'.repeat(201)}`, 'an id too long'],
        ['thread=a%00b', 'a NUL in an id'],
      ]) {
        const response = await reader.request('GET', `/events${query ? `?${query}` : ''}`);
        assert.equal(response.status, 400, what);
        assert.equal(response.body.error.field, 'thread', what);
      }
    });

    it('counts a stream of many threads once against SSE_MAX_PER_IP', async () => {
      const open = [];
      const controllers = [];
      for (let i = 0; i < 4; i++) {
        const controller = new AbortController();
        controllers.push(controller);
        const threads = Array.from({ length: 20 }, (_, n) => `page${i}-${n}`);
        const response = await fetch(streamOf(server.api, threads), { headers: { 'x-forwarded-for': '192.0.2.80' }, signal: controller.signal });
        open.push(response.status);
      }
      for (const controller of controllers) controller.abort();
      assert.deepEqual(open, [200, 200, 200, 429]);
    });
  });
}
