// What probing the running server as an attacker found, each closed: inputs PostgreSQL cannot take
// (a 500 is a bug), replay order, idempotency keys of other viewers, a pending reply hidden from
// its author, invalid UTF-8, identities made by dropping the cookie, and a client choosing its IP.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ADMIN_TOKEN, client, readEvents, startServer, storages } from './helpers.js';

/** A cursor as the server encodes them: base64url of a JSON array. @param {unknown[]} values */
const cursor = (values) => Buffer.from(JSON.stringify(values)).toString('base64url');

const DATE = '2024-01-01T00:00:00.000Z';

/** @type {[string, unknown[]][]} cursors of the oldest/newest lists that PostgreSQL cannot take */
const BAD_TIME_CURSORS = [
  ['a date that is only a number', ['1', 'x']],
  ['a year alone', ['2020', 'x']],
  ['the earliest JavaScript date (year -271821)', ['-271821-04-20T00:00:00.000Z', 'x']],
  ['the latest JavaScript date (year +275760)', ['+275760-09-13T00:00:00.000Z', 'x']],
  ['year 0', ['0000-01-01T00:00:00.000Z', 'x']],
  ['30 February', ['2024-02-30T00:00:00.000Z', 'x']],
  ['a date in words', ['Tue Jan 01 2019', 'x']],
  ['a NUL in the id', [DATE, 'a\u0000b']],
  ['an id too long to be one', [DATE, 'x'.repeat(201)]],
  ['a number as the id', [DATE, 42]],
  ['a third value', [DATE, 'x', 'y']],
];

/** @type {[string, unknown[]][]} cursors of the top list that PostgreSQL cannot take */
const BAD_SCORE_CURSORS = [
  ['a score of 2^31', [2 ** 31, DATE, 'x']],
  ['a score of -2^53', [-(2 ** 53), DATE, 'x']],
  ['a score beyond int8', [1e20, DATE, 'x']],
  ['a fractional score', [1.5, DATE, 'x']],
  ['a score as text', ['1', DATE, 'x']],
  ['a year alone', [1, '2020', 'x']],
  ['year +275760', [1, '+275760-09-13T00:00:00.000Z', 'x']],
  ['a NUL in the id', [1, DATE, '\u0000']],
];

for (const storage of storages()) {
  describe(`hardening on ${storage.name}`, () => {
    /** @type {Awaited<ReturnType<typeof startServer>>} */
    let server;
    /** @type {ReturnType<typeof client>} */
    let admin;
    before(async () => {
      server = await startServer(storage, { TRUST_PROXY: '1', RATE_LIMIT_WRITES: '0', RATE_LIMIT_NEW_VIEWERS: '0' });
      admin = client(server.api, { token: ADMIN_TOKEN });
    });
    after(() => server?.close());
    beforeEach(() => server.app.store.reset());

    describe('cursors', () => {
      for (const [what, values] of BAD_TIME_CURSORS) {
        it(`refuses a cursor with ${what} with 400 validation (cursor), in lists and the moderation queue`, async () => {
          const reader = client(server.api);
          for (const path of [
            `/threads/t/comments?cursor=${cursor(values)}`,
            `/threads/t/comments?sort=newest&cursor=${cursor(values)}`,
            `/admin/comments?status=pending&cursor=${cursor(values)}`,
          ]) {
            const response = await (path.startsWith('/admin') ? admin : reader).request('GET', path);
            assert.equal(response.status, 400, `${path}: ${JSON.stringify(response.body)}`);
            assert.equal(response.body.error.code, 'validation');
            assert.equal(response.body.error.field, 'cursor');
          }
        });
      }
      for (const [what, values] of BAD_SCORE_CURSORS) {
        it(`refuses a top-list cursor with ${what} with 400 validation (cursor)`, async () => {
          const response = await client(server.api).list('t', `?sort=top&cursor=${cursor(values)}`);
          assert.equal(response.status, 400, JSON.stringify(response.body));
          assert.equal(response.body.error.field, 'cursor');
        });
      }

      it('still follows the cursors it made, at the edges of the ranges it accepts', async () => {
        const seed = [
          { id: 'early', createdAt: '1000-01-01T00:00:00.000Z', reactions: { like: 1_000_000_000 } },
          { id: 'late', createdAt: '9999-12-31T23:59:59.999Z', reactions: { dislike: 1_000_000_000 } },
          { id: 'middle', createdAt: DATE, reactions: {} },
        ].map((c) => ({ ...c, threadId: 'edges', parentId: null, author: { name: 'E' }, body: c.id, status: 'published' }));
        assert.equal((await admin.request('POST', '/admin/import', { body: seed })).status, 200);
        for (const [sort, order] of [['oldest', ['early', 'middle', 'late']], ['newest', ['late', 'middle', 'early']], ['top', ['early', 'middle', 'late']]]) {
          const seen = [];
          let next = null;
          do {
            const page = await admin.list('edges', `?sort=${sort}&limit=1${next ? `&cursor=${next}` : ''}`);
            assert.equal(page.status, 200, JSON.stringify(page.body));
            seen.push(...page.body.comments.map((c) => c.id));
            next = page.body.nextCursor;
          } while (next && seen.length < 5);
          assert.deepEqual(seen, order, sort);
        }
      });
    });

    describe('import bounds', () => {
      const base = { id: 'i1', threadId: 'imp', parentId: null, author: { name: 'I' }, body: 'x', createdAt: DATE, status: 'published' };
      /** @type {[string, Record<string, unknown>, string][]} */
      const cases = [
        ['createdAt in year -271821', { createdAt: '-271821-04-20T00:00:00.000Z' }, '[0].createdAt'],
        ['createdAt in year +275760', { createdAt: '+275760-09-13T00:00:00.000Z' }, '[0].createdAt'],
        ['createdAt in year 0', { createdAt: '0000-06-01T00:00:00.000Z' }, '[0].createdAt'],
        // Years below 100 come back from PGlite as 19xx/20xx: four-digit years only.
        ['createdAt in year 99', { createdAt: '0099-06-01T00:00:00.000Z' }, '[0].createdAt'],
        ['editedAt in year +10000', { editedAt: '+010000-01-01T00:00:00.000Z' }, '[0].editedAt'],
        ['a like count of 2^31', { reactions: { like: 2 ** 31 } }, '[0].reactions.like'],
        ['a like count of 1e20', { reactions: { like: 1e20 } }, '[0].reactions.like'],
        ['a dislike count of 2147483648', { reactions: { dislike: 2147483648 } }, '[0].reactions.dislike'],
      ];
      for (const [what, fields, field] of cases) {
        it(`refuses ${what} with 400 validation (${field}) and stores nothing`, async () => {
          const response = await admin.request('POST', '/admin/import', { body: [{ ...base, ...fields }] });
          assert.equal(response.status, 400, JSON.stringify(response.body));
          assert.equal(response.body.error.code, 'validation');
          assert.equal(response.body.error.field, field);
          assert.equal((await admin.list('imp')).body.threadTotal, 0);
        });
      }
    });

    describe('request bodies', () => {
      it('refuses a JSON body that is not valid UTF-8 instead of storing U+FFFD', async () => {
        const json = Buffer.from('{"body":"caf\u00e9 \u0000","author":{"name":"Ada"}}', 'utf8');
        // Replace the NUL placeholder with a byte that can never appear in UTF-8.
        json[json.indexOf(0)] = 0xff;
        const response = await fetch(`${server.api}/threads/utf/comments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': 'utf8-key-1', 'x-forwarded-for': '198.51.100.1' },
          body: json,
        });
        assert.equal(response.status, 400);
        const body = await response.json();
        assert.equal(body.error.code, 'validation');
        assert.match(body.error.message, /UTF-8/);
        assert.equal((await client(server.api).list('utf')).body.threadTotal, 0);
        // An overlong encoding of "/" and a lone surrogate encoded as bytes: invalid too.
        for (const bytes of [[0xc0, 0xaf], [0xed, 0xa0, 0x80]]) {
          const raw = Buffer.concat([Buffer.from('{"body":"'), Buffer.from(bytes), Buffer.from('","author":{"name":"Ada"}}')]);
          const again = await fetch(`${server.api}/threads/utf/comments`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': `utf8-key-${bytes[0]}` },
            body: raw,
          });
          assert.equal(again.status, 400, `bytes ${bytes.map((b) => b.toString(16)).join(' ')}`);
        }
      });
    });
  });

  describe(`event replay order on ${storage.name}`, () => {
    /** @type {Awaited<ReturnType<typeof startServer>>} */
    let server;
    // A database of its own: event ids start at 1, so the replays below cross 9 -> 10 and 99 -> 100.
    before(async () => {
      server = await startServer(storage, { TRUST_PROXY: '1', RATE_LIMIT_WRITES: '0', RATE_LIMIT_POSTS: '0', RATE_LIMIT_IP_WRITES: '0' });
    });
    after(() => server?.close());

    it('replays missed events in id order across 9 -> 10 and 99 -> 100, so a delete never comes before its comment', async () => {
      const ada = client(server.api);
      let liked = false;
      /** Each call changes the viewer's like on the thread: one event each. @param {number} n */
      const toggle = async (n) => {
        for (let i = 0; i < n; i++) {
          liked = !liked;
          assert.equal((await ada.request(liked ? 'PUT' : 'DELETE', '/threads/order/reactions/like')).status, 200);
        }
      };
      await toggle(5); // events 1-5
      const { body: comment } = await ada.post('order', { body: 'Edited and deleted later' }); // 6
      await toggle(2); // 7, 8
      await ada.request('PATCH', `/threads/order/comments/${comment.id}`, { body: { body: 'Edited' } }); // 9
      await toggle(3); // 10-12
      await ada.request('DELETE', `/threads/order/comments/${comment.id}`); // 13
      const firstIds = await server.app.store.lastEventId();
      assert.equal(firstIds, '13', 'a fresh database numbers events from 1');
      const resumed = await readEvents(`${server.api}/threads/order/events`, { count: 8, headers: { 'last-event-id': '5' } });
      assert.deepEqual(resumed.map((e) => e.id), ['6', '7', '8', '9', '10', '11', '12', '13']);
      assert.deepEqual(
        resumed.filter((e) => e.data.type !== 'reactions').map((e) => e.data.type),
        ['created', 'edited', 'deleted'],
      );

      await toggle(90); // up to 103
      const across = await readEvents(`${server.api}/threads/order/events`, { count: 8, headers: { 'last-event-id': '95' } });
      assert.deepEqual(across.map((e) => Number(e.id)), [96, 97, 98, 99, 100, 101, 102, 103]);
    });
  });

  describe(`idempotency keys and pending replies on ${storage.name}`, () => {
    /** @type {Awaited<ReturnType<typeof startServer>>} */
    let server;
    /** @type {ReturnType<typeof client>} */
    let admin;
    before(async () => {
      server = await startServer(storage, { MODERATION: 'pre', TRUST_PROXY: '1', RATE_LIMIT_NEW_VIEWERS: '0' });
      admin = client(server.api, { token: ADMIN_TOKEN });
    });
    after(() => server?.close());
    beforeEach(() => server.app.store.reset());

    it("never hands one viewer's pending comment to another viewer who sends the same key, and stores both posts", async () => {
      const ada = client(server.api);
      const bob = client(server.api);
      // Both already have an identity (a reaction gave them their cookie).
      await ada.request('PUT', '/threads/keys/reactions/like');
      await bob.request('PUT', '/threads/keys/reactions/like');
      const mine = await ada.post('keys', { body: 'Ada’s private draft' }, 'shared-key-0001');
      assert.equal(mine.status, 201);
      const theirs = await bob.post('keys', { body: 'Bob’s own words' }, 'shared-key-0001');
      assert.equal(theirs.status, 201, 'a new comment of Bob’s, not a replay of Ada’s');
      assert.notEqual(theirs.body.id, mine.body.id);
      assert.equal(theirs.body.body, 'Bob’s own words');
      assert.ok(!JSON.stringify(theirs.body).includes('private draft'));
      assert.deepEqual((await bob.list('keys')).body.comments.map((c) => c.body), ['Bob’s own words']);
      // On another thread the key is Bob's to use too: no conflict that tells him it exists.
      const elsewhere = await bob.post('keys-2', { body: 'Elsewhere' }, 'shared-key-0001');
      assert.equal(elsewhere.status, 409, 'Bob used it on "keys" himself');
      const carol = client(server.api);
      await carol.request('PUT', '/threads/keys-2/reactions/like');
      const fresh = await carol.post('keys-2', { body: 'Carol' }, 'shared-key-0001');
      assert.equal(fresh.status, 201);
      // Each author's retry still returns their own comment.
      assert.equal((await ada.post('keys', { body: 'Ada’s private draft' }, 'shared-key-0001')).body.id, mine.body.id);
      assert.equal((await bob.post('keys', { body: 'Bob’s own words' }, 'shared-key-0001')).body.id, theirs.body.id);
      assert.equal((await admin.request('GET', '/admin/comments?status=pending')).body.comments.length, 3, 'Ada’s, Bob’s and Carol’s');
    });

    it('answers a retried first post (no cookie yet: the answer was lost) with the same comment and identity', async () => {
      const send = () =>
        fetch(`${server.api}/threads/first/comments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': 'first-post-key-1', 'x-forwarded-for': '203.0.113.9' },
          body: JSON.stringify({ body: 'My very first comment', author: { name: 'New' } }),
        });
      const first = await send();
      const retry = await send();
      assert.equal(first.status, 201);
      assert.equal(retry.status, 200);
      const [a, b] = [await first.json(), await retry.json()];
      assert.equal(b.id, a.id);
      assert.equal(b.viewer.canEdit, true, 'the retry is the author');
      const cookie = (retry.headers.get('set-cookie') ?? '').split(';')[0];
      const listed = await (await fetch(`${server.api}/threads/first/comments`, { headers: { cookie } })).json();
      assert.deepEqual(listed.comments.map((c) => c.id), [a.id], 'the pending comment is theirs with the cookie of the retry');
      // The same key from another network is somebody else.
      const stranger = await fetch(`${server.api}/threads/first/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'first-post-key-1', 'x-forwarded-for': '198.51.100.77' },
        body: JSON.stringify({ body: 'Guessing keys', author: { name: 'Mallory' } }),
      });
      assert.equal(stranger.status, 201);
      assert.notEqual((await stranger.json()).id, a.id);
    });

    it("embeds the author's own pending replies in their list, and nobody else's", async () => {
      await admin.request('POST', '/admin/import', {
        body: [{ id: 'parent', threadId: 'pr', parentId: null, author: { name: 'Old' }, body: 'Published', createdAt: DATE, status: 'published' }],
      });
      const ada = client(server.api);
      const reply = await ada.post('pr', { parentId: 'parent', body: 'Waiting for review' });
      assert.equal(reply.status, 201);
      assert.equal(reply.body.status, 'pending');
      const page = (await ada.list('pr', '?replies=5')).body;
      assert.equal(page.threadTotal, 2);
      assert.deepEqual(page.replies.map((c) => c.id), [reply.body.id], 'the author sees the reply the total counts');
      assert.equal(page.replies[0].viewer.canEdit, true);
      const bob = (await client(server.api).list('pr', '?replies=5')).body;
      assert.deepEqual(bob.replies, []);
      assert.equal(bob.threadTotal, 1);
      // Two levels down: a pending reply to a published reply.
      await admin.request('POST', `/admin/comments/${reply.body.id}/approve`);
      const deeper = await ada.post('pr', { parentId: reply.body.id, body: 'And another' });
      const again = (await ada.list('pr', '?replies=5')).body;
      assert.deepEqual(again.replies.map((c) => c.id), [reply.body.id, deeper.body.id]);
    });
  });

  describe(`identities per network on ${storage.name}`, () => {
    /** @type {Awaited<ReturnType<typeof startServer>>} */
    let server;
    before(async () => {
      server = await startServer(storage, { TRUST_PROXY: '1', RATE_LIMIT_NEW_VIEWERS: '5' });
    });
    after(() => server?.close());
    beforeEach(() => server.app.store.reset());

    it('limits the new identities one network gets, so dropping the cookie buys no extra posts or likes', async () => {
      const statuses = [];
      for (let i = 0; i < 8; i++) statuses.push((await client(server.api, { ip: '192.0.2.50' }).post('fresh', { body: `n${i}` })).status);
      assert.deepEqual(statuses, [201, 201, 201, 201, 201, 429, 429, 429]);
      const like = await client(server.api, { ip: '192.0.2.50' }).request('PUT', '/threads/fresh/reactions/like');
      assert.equal(like.status, 429, 'reacting as a new identity is limited the same way');
      assert.equal(like.body.error.code, 'rate_limited');
      assert.ok(Number(like.headers.get('retry-after')) >= 1);
      assert.equal((await client(server.api, { ip: '192.0.2.50' }).list('fresh')).body.threadTotal, 5);
      // A reader who keeps their cookie is not held back by it, nor is another network.
      assert.equal((await client(server.api, { ip: '192.0.2.51' }).post('fresh')).status, 201);
    });

    it('does not count a viewer who keeps their cookie again', async () => {
      const ada = client(server.api, { ip: '192.0.2.60' });
      for (let i = 0; i < 8; i++) assert.equal((await ada.request('PUT', `/threads/keep-${i}/reactions/like`)).status, 200);
    });
  });

  describe(`TRUST_PROXY with proxy addresses on ${storage.name}`, () => {
    /** @param {string} trustProxy @param {string} [forwardedFor] */
    async function postsAllowed(trustProxy, forwardedFor) {
      const server = await startServer(storage, { TRUST_PROXY: trustProxy, RATE_LIMIT_IP_WRITES: '3', RATE_LIMIT_NEW_VIEWERS: '0' });
      try {
        const statuses = [];
        for (let i = 0; i < 5; i++) {
          statuses.push((await client(server.api, { ip: forwardedFor ?? `198.51.100.${i + 1}` }).post('proxy')).status);
        }
        return statuses.filter((s) => s === 201).length;
      } finally {
        await server.close();
      }
    }

    it('believes X-Forwarded-For from a trusted proxy address or range', async () => {
      assert.equal(await postsAllowed('127.0.0.1'), 5, 'each forwarded client has its own limit');
      assert.equal(await postsAllowed('10.0.0.0/8, 127.0.0.0/8'), 5);
      assert.equal(await postsAllowed('127.0.0.0/8', '198.51.100.9'), 3, 'one forwarded client is limited');
    });

    it('ignores X-Forwarded-For from a client that is not one of the proxies', async () => {
      assert.equal(await postsAllowed('10.0.0.0/8'), 3, 'the client reached the server directly: its own address counts');
      assert.equal(await postsAllowed('192.0.2.1'), 3);
    });

    it('refuses a TRUST_PROXY value that is neither a hop count nor addresses', async () => {
      await assert.rejects(startServer(storage, { TRUST_PROXY: 'yes please' }), /TRUST_PROXY/);
      await assert.rejects(startServer(storage, { TRUST_PROXY: '10.0.0.0/99' }), /TRUST_PROXY/);
    });
  });
}
