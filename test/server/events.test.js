// Live events: resuming after Last-Event-ID when writes commit out of id order, and the `reset`
// a client gets when it cannot resume.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { EventHub } from '../../server/dist/events/hub.js';
import { client, readEvents, startServer, storages } from './helpers.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** An EventHub over a fake database whose notifications the test sends by hand. */
async function fakeHub({ lastId = '0', holdMs = 5000 } = {}) {
  /** @type {(payload: string) => void} */
  let notify = () => {};
  const store = {
    db: { listen: async (/** @type {(payload: string) => void} */ onMessage) => void (notify = onMessage) },
    lastEventId: async () => lastId,
    invalidate() {},
    event: async () => null,
  };
  const hub = new EventHub(/** @type {any} */ (store), /** @type {any} */ (silent), { holdMs });
  await hub.start();
  /** @type {string[]} */
  const delivered = [];
  hub.subscribe('t', (id) => delivered.push(id));
  /** @param {number} id */
  const commit = (id) => notify(JSON.stringify({ id: String(id), threadId: 't', event: { type: 'reactions', threadId: 't', commentId: null, reactions: {} } }));
  return { hub, delivered, commit, settle: () => hub.delivering };
}

describe('event hub ordering', () => {
  it('hands on an event only once every smaller id has committed', async () => {
    const { hub, delivered, commit, settle } = await fakeHub({ lastId: '10' });
    commit(12);
    commit(13);
    await settle();
    assert.deepEqual(delivered, [], 'nothing passes while id 11 is still uncommitted');
    assert.equal(hub.position, '10');
    commit(11);
    await settle();
    assert.deepEqual(delivered, ['11', '12', '13']);
    assert.equal(hub.position, '13');
    hub.stop();
  });

  it('gives up on an id that never commits (a rolled-back write) after the hold time', async () => {
    const { hub, delivered, commit, settle } = await fakeHub({ lastId: '10', holdMs: 100 });
    commit(12);
    await new Promise((resolve) => setTimeout(resolve, 250));
    await settle();
    assert.deepEqual(delivered, ['12']);
    assert.equal(hub.position, '12');
    // Committed after all: still delivered live, not lost.
    commit(11);
    await settle();
    assert.deepEqual(delivered, ['12', '11']);
    hub.stop();
  });
});

for (const storage of storages()) {
  describe(`live event resume on ${storage.name}`, () => {
    /** @type {Awaited<ReturnType<typeof startServer>>} */
    let server;
    before(async () => {
      server = await startServer(storage, { EVENT_HOLD_MS: '300' });
    });
    after(() => server?.close());
    beforeEach(() => server.app.store.reset());

    it('tells a client whose Last-Event-ID is older than the kept events to reload, then streams on', async () => {
      const ada = client(server.api);
      const url = `${server.api}/threads/old/events`;
      const [first] = await readEvents(url, { count: 1, onOpen: () => ada.post('old', { body: 'One' }).then(() => {}) });
      await ada.post('old', { body: 'Two' });
      // Retention ran out while the reader was away.
      await server.app.store.db.query('delete from events');
      const resumed = await readEvents(url, {
        count: 2,
        headers: { 'last-event-id': first.id },
        onOpen: () => ada.post('old', { body: 'Three' }).then(() => {}),
      });
      assert.equal(resumed[0].type, 'reset');
      assert.deepEqual(resumed[0].data, { type: 'reset', threadId: 'old' });
      assert.ok(BigInt(resumed[0].id) > BigInt(first.id), 'the reset carries the position to resume from next time');
      assert.equal(resumed[1].type, 'message');
      assert.equal(resumed[1].data.comment.body, 'Three');
    });

    it('resets on an id this server never handed out, or one that is not an id, instead of refusing', async () => {
      const ada = client(server.api);
      await ada.post('unknown', { body: 'One' });
      for (const id of ['999999999999', 'not-an-id']) {
        const [event] = await readEvents(`${server.api}/threads/unknown/events`, { count: 1, headers: { 'last-event-id': id } });
        assert.equal(event?.type, 'reset', `Last-Event-ID ${id}`);
      }
    });

    it('replays without a reset when nothing was lost, including after a fresh connection’s position', async () => {
      const ada = client(server.api);
      await ada.post('kept', { body: 'Before' });
      // A fresh stream sends a position (no event): resuming from it replays what came after.
      const response = await fetch(`${server.api}/threads/kept/events`);
      const reader = /** @type {ReadableStream<Uint8Array>} */ (response.body).getReader();
      let text = '';
      while (!/^id: \d+$/m.test(text)) text += new TextDecoder().decode((await reader.read()).value);
      await reader.cancel();
      const position = /** @type {string} */ (/^id: (\d+)$/m.exec(text)?.[1]);
      await ada.post('kept', { body: 'While away' });
      // The position may trail the newest commit by a moment (PostgreSQL's notifications travel
      // on their own connection): then 'Before' comes again too, which a client takes as a no-op.
      const resumed = await readEvents(`${server.api}/threads/kept/events`, {
        count: 2,
        timeoutMs: 1500,
        headers: { 'last-event-id': position },
      });
      assert.ok(resumed.length > 0);
      assert.ok(resumed.every((e) => e.type === 'message'));
      assert.equal(resumed.at(-1)?.data.comment.body, 'While away');
    });

    if (storage.name === 'postgres') {
      it('streams events in id order when an earlier write commits later, so a resume skips none', async () => {
        const { default: pg } = await import('pg');
        const writer = new pg.Client({ connectionString: /** @type {string} */ (server.config.databaseUrl) });
        await writer.connect();
        try {
          const ada = client(server.api);
          const { body: comment } = await ada.post('race', { body: 'Racing' });
          // Its notification travels on its own connection: let it arrive before the stream opens.
          const posted = await server.app.store.lastEventId();
          while (BigInt(server.app.hub.position) < BigInt(posted)) await new Promise((resolve) => setTimeout(resolve, 10));
          const url = `${server.api}/threads/race/events`;
          /** @type {string} */
          let slowId = '';
          const events = await readEvents(url, {
            count: 2,
            onOpen: async () => {
              // A slow write takes its event id, then a quick one commits first.
              await writer.query('begin');
              const { rows } = await writer.query(
                `with e as (insert into events (thread_id, payload) values ('race', $1) returning id, thread_id, payload)
                 select e.id::text as id, pg_notify($2, json_build_object('id', e.id::text, 'threadId', e.thread_id, 'event', e.payload)::text) from e`,
                [{ type: 'reactions', threadId: 'race', commentId: comment.id, reactions: { like: 1 } }, server.app.store.db.channel],
              );
              slowId = rows[0].id;
              await ada.request('PATCH', `/threads/race/comments/${comment.id}`, { body: { body: 'Edited' } });
              await new Promise((resolve) => setTimeout(resolve, 150));
              await writer.query('commit');
            },
          });
          assert.deepEqual(
            events.map((e) => e.data.type),
            ['reactions', 'edited'],
            'the later id waits for the earlier one',
          );
          assert.equal(events[0].id, slowId);
          assert.ok(BigInt(events[1].id) > BigInt(events[0].id));
          // A client that saw only the first resumes with the second.
          const resumed = await readEvents(url, { count: 1, headers: { 'last-event-id': events[0].id } });
          assert.equal(resumed[0].data.type, 'edited');
        } finally {
          await writer.end();
        }
      });
    }
  });
}
