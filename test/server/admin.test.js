// The site owner's side: moderator sessions, bans, closed threads, the dashboard's endpoints.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ADMIN_TOKEN, client, readEvents, startServer, storages } from './helpers.js';

const old = (id, threadId, extra = {}) => ({
  id,
  threadId,
  parentId: null,
  author: { name: 'Old' },
  body: `Body of ${id}`,
  createdAt: '2024-01-01T00:00:00Z',
  status: 'published',
  ...extra,
});

/** A moderator's browser on the dashboard's origin, signed in. */
async function signIn(server) {
  const mod = client(server.api, { origin: server.base });
  const res = await mod.request('POST', '/admin/session', { body: { token: ADMIN_TOKEN } });
  assert.equal(res.status, 200);
  return { mod, res };
}

for (const storage of storages()) {
  describe(`moderator sessions on ${storage.name}`, () => {
    /** @type {Awaited<ReturnType<typeof startServer>>} */
    let server;
    before(async () => {
      server = await startServer(storage, { TRUST_PROXY: '1' });
    });
    after(() => server?.close());
    beforeEach(() => server.app.store.reset());

    const signedIn = () => signIn(server);

    it('turns the token into an http-only, SameSite=Strict cookie with an expiry, which then opens the admin endpoints', async () => {
      const { mod, res } = await signedIn();
      const cookie = res.headers.getSetCookie().find((line) => line.startsWith('confab_admin='));
      assert.ok(cookie, 'a session cookie');
      assert.match(cookie, /HttpOnly/i);
      assert.match(cookie, /SameSite=Strict/i);
      assert.match(cookie, /Max-Age=\d+/i);
      assert.doesNotMatch(cookie, new RegExp(ADMIN_TOKEN), 'the token itself is not in the cookie');
      assert.ok(Date.parse(res.body.expiresAt) > Date.now() + 3600_000);
      assert.equal((await mod.request('GET', '/admin/summary')).status, 200);
      assert.deepEqual((await mod.request('GET', '/admin/session')).body.signedIn, true);
      assert.equal((await client(server.api).request('GET', '/admin/summary')).status, 401, 'no session, no token');
    });

    it('refuses a forged cookie, an expired session and a signed-out one', async () => {
      const forged = client(server.api, { origin: server.base });
      forged.cookies.set('confab_admin', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.bad');
      assert.equal((await forged.request('GET', '/admin/summary')).status, 401);

      const { mod } = await signedIn();
      await server.app.store.db.query("update admin_sessions set expires_at = now() - interval '1 second'");
      const expired = await mod.request('GET', '/admin/summary');
      assert.equal(expired.status, 401);
      assert.match(expired.body.error.message, /session has ended/);

      const { mod: again } = await signedIn();
      assert.equal((await again.request('DELETE', '/admin/session')).status, 204);
      assert.equal((await again.request('GET', '/admin/summary')).status, 401);
    });

    it('refuses a write on a session from another origin, or without an Origin', async () => {
      const { mod } = await signedIn();
      await client(server.api, { token: ADMIN_TOKEN }).request('POST', '/admin/import', { body: [old('a', 't')] });
      const foreign = client(server.api, { origin: 'https://evil.example' });
      for (const [k, v] of mod.cookies) foreign.cookies.set(k, v);
      const refused = await foreign.request('POST', '/admin/actions', { body: { action: 'delete', ids: ['a'] } });
      assert.equal(refused.status, 403);
      const bare = client(server.api);
      for (const [k, v] of mod.cookies) bare.cookies.set(k, v);
      assert.equal((await bare.request('POST', '/admin/actions', { body: { action: 'delete', ids: ['a'] } })).status, 403);
      assert.equal((await bare.request('GET', '/admin/summary')).status, 200, 'reads need no Origin');
      assert.equal((await mod.request('POST', '/admin/actions', { body: { action: 'delete', ids: ['a'] } })).status, 200);
    });

    it('answers a wrong token with a clear message and a growing wait for that network', async () => {
      const guess = client(server.api, { origin: server.base });
      const first = await guess.request('POST', '/admin/session', { body: { token: 'nope' } });
      assert.equal(first.status, 401);
      assert.match(first.body.error.message, /not the admin token/);
      const tooSoon = await guess.request('POST', '/admin/session', { body: { token: ADMIN_TOKEN } });
      assert.equal(tooSoon.status, 429, 'even the right token waits');
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const second = await guess.request('POST', '/admin/session', { body: { token: 'still wrong' } });
      assert.equal(second.status, 401);
      assert.equal(second.body.error.retryAfter, 2, 'the wait doubles');
      const other = client(server.api, { origin: server.base });
      assert.equal((await other.request('POST', '/admin/session', { body: { token: ADMIN_TOKEN } })).status, 200, 'another network is not held up');
    });
  });

  describe(`bans and closed threads on ${storage.name}`, () => {
    /** @type {Awaited<ReturnType<typeof startServer>>} */
    let server;
    before(async () => {
      server = await startServer(storage, { TRUST_PROXY: '1' });
    });
    after(() => server?.close());
    beforeEach(() => server.app.store.reset());

    it('refuses a banned author with a clear message, lets others post, and removes their comments when asked', async () => {
      const troll = client(server.api);
      const reader = client(server.api);
      const admin = client(server.api, { token: ADMIN_TOKEN });
      const one = await troll.post('b', { body: 'first' });
      await troll.post('b', { body: 'second' });
      await troll.post('other', { body: 'elsewhere' });
      const keep = await reader.post('b', { body: 'kind words' });
      const ban = await admin.request('POST', '/admin/bans', { body: { commentId: one.body.id, days: null, reason: 'abuse', removeComments: true } });
      assert.equal(ban.status, 201);
      assert.equal(ban.body.removed, 3);
      assert.equal(ban.body.ban.expiresAt, null);
      const refused = await troll.post('b', { body: 'again' });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error.code, 'forbidden');
      assert.match(refused.body.error.message, /may not comment/);
      assert.equal((await reader.post('b', { body: 'still here' })).status, 201);
      assert.deepEqual((await reader.list('b')).body.comments.map((c) => c.body), [keep.body.body, 'still here']);
      assert.equal((await reader.list('other')).body.comments.length, 0);

      const { bans } = (await admin.request('GET', '/admin/bans')).body;
      assert.equal(bans.length, 1);
      assert.equal((await admin.request('DELETE', `/admin/bans/${bans[0].id}`)).status, 204);
      assert.equal((await troll.post('b', { body: 'reformed' })).status, 201, 'a lifted ban lets them post');
    });

    it('bans for a set time, and the ban ends by itself', async () => {
      const user = client(server.api);
      const admin = client(server.api, { token: ADMIN_TOKEN });
      const posted = await user.post('t', { body: 'hello' });
      const ban = await admin.request('POST', '/admin/bans', { body: { commentId: posted.body.id, days: 7 } });
      assert.ok(Math.abs(Date.parse(ban.body.ban.expiresAt) - (Date.now() + 7 * 86_400_000)) < 60_000);
      const refused = await user.post('t', { body: 'x' });
      assert.match(refused.body.error.message, /until \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
      assert.equal((await user.list('t')).body.comments.length, 1, 'without removal their comments stay');
      await server.app.store.db.query("update bans set expires_at = now() - interval '1 second'");
      server.app.store.access.forget();
      assert.equal((await user.post('t', { body: 'back' })).status, 201);
      assert.equal((await admin.request('POST', '/admin/bans', { body: { commentId: 'nope', days: 1 } })).status, 404);
      assert.equal((await admin.request('POST', '/admin/bans', { body: { commentId: posted.body.id, days: 0 } })).status, 400);
    });

    it('closes a thread: no new comments or replies, reading and reacting still work; reopening lets them in', async () => {
      const reader = client(server.api);
      const admin = client(server.api, { token: ADMIN_TOKEN });
      const first = await reader.post('c', { body: 'before' });
      const closed = await admin.request('PUT', '/admin/threads/c', { body: { setting: 'closed' } });
      assert.equal(closed.body.closed, true);
      const refused = await reader.post('c', { body: 'after' });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error.message, 'Comments are closed on this page.');
      assert.equal((await reader.post('c', { parentId: first.body.id })).status, 403);
      const page = await client(server.api).list('c');
      assert.equal(page.body.closed, true);
      assert.equal(page.body.comments.length, 1);
      assert.equal((await reader.request('PUT', `/threads/c/comments/${first.body.id}/reactions/like`)).status, 200);
      assert.equal((await client(server.api).list('elsewhere')).body.closed, undefined, 'an open thread says nothing');
      await admin.request('PUT', '/admin/threads/c', { body: { setting: 'open' } });
      assert.equal((await reader.post('c', { body: 'reopened' })).status, 201);
      assert.equal((await client(server.api).list('c')).body.closed, undefined);
    });

    it('a retried post that was made before the thread closed still gets its comment', async () => {
      const reader = client(server.api);
      const admin = client(server.api, { token: ADMIN_TOKEN });
      const first = await reader.post('r', { body: 'once' }, 'same-key-0001');
      await admin.request('PUT', '/admin/threads/r', { body: { setting: 'closed' } });
      const again = await reader.post('r', { body: 'once' }, 'same-key-0001');
      assert.equal(again.status, 200);
      assert.equal(again.body.id, first.body.id);
    });
  });

  describe(`CLOSE_AFTER_DAYS on ${storage.name}`, () => {
    /** @type {Awaited<ReturnType<typeof startServer>>} */
    let server;
    before(async () => {
      server = await startServer(storage, { TRUST_PROXY: '1', CLOSE_AFTER_DAYS: '30' });
    });
    after(() => server?.close());

    it('closes a thread 30 days after its first comment, unless a moderator reopens it', async () => {
      const admin = client(server.api, { token: ADMIN_TOKEN });
      await admin.request('POST', '/admin/import', { body: [old('o1', 'aged', { createdAt: '2020-05-01T00:00:00Z' })] });
      const reader = client(server.api);
      assert.equal((await reader.post('aged')).status, 403);
      assert.equal((await reader.list('aged')).body.closed, true);
      assert.equal((await reader.post('fresh')).status, 201, 'a new thread is open');
      const state = await admin.request('GET', '/admin/threads/fresh');
      assert.ok(Date.parse(state.body.closesAt) > Date.now() + 29 * 86_400_000);
      await admin.request('PUT', '/admin/threads/aged', { body: { setting: 'open' } });
      assert.equal((await reader.post('aged')).status, 201);
    });
  });

  describe(`restoring removed comments on ${storage.name}`, () => {
    /** @type {Awaited<ReturnType<typeof startServer>>} */
    let server;
    before(async () => {
      server = await startServer(storage, { TRUST_PROXY: '1' });
    });
    after(() => server?.close());
    beforeEach(() => server.app.store.reset());

    const signedIn = async () => (await signIn(server)).mod;
    const removed = async (mod) => (await mod.request('GET', '/admin/search?status=removed')).body.comments;

    it('brings deleted comments back as they were: into the thread for readers, live, with reactions, counts and nesting', async () => {
      const ada = client(server.api);
      const bob = client(server.api);
      const mod = await signedIn();
      const parent = (await ada.post('back', { body: 'The **parent**' })).body;
      const reply = (await bob.post('back', { body: 'A reply', parentId: parent.id })).body;
      const other = (await bob.post('back', { body: 'Unrelated' })).body;
      assert.equal((await bob.request('PUT', `/threads/back/comments/${parent.id}/reactions/like`)).status, 200);
      // The parent first (it stays as a placeholder for its reply), then the reply: both go.
      for (const id of [parent.id, reply.id]) {
        const res = await mod.request('POST', '/admin/actions', { body: { action: 'delete', ids: [id] } });
        assert.deepEqual(res.body.results, [{ id, ok: true }]);
      }
      const gone = (await ada.list('back', '?replies=5')).body;
      assert.deepEqual(gone.comments.map((c) => c.id), [other.id]);
      assert.equal(gone.threadTotal, 1);

      const list = await removed(mod);
      assert.deepEqual(list.map((c) => [c.id, c.removed.reason, c.body]), [
        [reply.id, 'deleted', 'A reply'],
        [parent.id, 'deleted', 'The **parent**'],
      ]);
      assert.equal((await mod.request('GET', `/admin/search?status=removed&q=reply`)).body.comments.length, 1, 'searchable');

      // The reply alone: its parent comes back as the empty placeholder it was, readers see both arrive.
      const events = readEvents(`${server.api}/threads/back/events`, {
        count: 2,
        onOpen: async () => {
          const res = await mod.request('POST', `/admin/comments/${reply.id}/restore`);
          assert.equal(res.status, 200);
          assert.equal(res.body.body, 'A reply');
        },
      });
      const [first, second] = await events;
      assert.deepEqual([first.data.type, first.data.comment.id, first.data.comment.status], ['created', parent.id, 'deleted']);
      assert.deepEqual([second.data.type, second.data.comment.id, second.data.comment.body], ['created', reply.id, 'A reply']);
      const half = (await ada.list('back', '?replies=5')).body;
      assert.deepEqual(half.comments.map((c) => [c.id, c.status, c.body, c.replyCount]), [
        [parent.id, 'deleted', '', 1],
        [other.id, 'published', 'Unrelated', 0],
      ]);
      assert.deepEqual(half.replies.map((c) => [c.id, c.parentId]), [[reply.id, parent.id]]);
      assert.equal(half.threadTotal, 2);

      // The parent, with the bulk action: its text, author and reactions come back in place.
      const res = await mod.request('POST', '/admin/actions', { body: { action: 'restore', ids: [parent.id] } });
      assert.deepEqual(res.body.results, [{ id: parent.id, ok: true }]);
      const whole = (await bob.list('back', '?replies=5')).body;
      const back = whole.comments.find((c) => c.id === parent.id);
      assert.deepEqual([back.status, back.body, back.author.name, back.reactions, back.viewer.reactions], ['published', 'The **parent**', 'Ada', { like: 1 }, ['like']]);
      assert.equal(whole.threadTotal, 3);
      assert.deepEqual((await ada.request('GET', '/counts?thread=back')).body.counts, { back: 3 });
      assert.deepEqual(await removed(mod), [], 'nothing left to restore');

      const again = await mod.request('POST', '/admin/actions', { body: { action: 'restore', ids: [parent.id, 'never-was'] } });
      assert.deepEqual(again.body.results.map((r) => r.ok), [false, false]);
      assert.match(again.body.results[0].error, /nothing to restore/);
      assert.equal((await mod.request('POST', '/admin/comments/never-was/restore')).status, 404);
    });

    it('restores many in one request, from a ban that removed an author’s comments', async () => {
      const troll = client(server.api);
      const admin = client(server.api, { token: ADMIN_TOKEN });
      const posted = [];
      for (let i = 0; i < 3; i++) posted.push((await troll.post(`ban-${i % 2}`, { body: `post ${i}` })).body.id);
      const ban = await admin.request('POST', '/admin/bans', { body: { commentId: posted[0], days: 1, removeComments: true } });
      assert.equal(ban.body.removed, 3);
      const mod = await signedIn();
      assert.equal((await removed(mod)).length, 3);
      const res = await mod.request('POST', '/admin/actions', { body: { action: 'restore', ids: posted } });
      assert.deepEqual(res.body.results.map((r) => r.ok), [true, true, true]);
      assert.deepEqual((await troll.list('ban-0')).body.comments.map((c) => c.body), ['post 0', 'post 2']);
      assert.deepEqual((await troll.list('ban-1')).body.comments.map((c) => c.body), ['post 1']);
    });

    it('keeps an author’s own deletion gone, refuses a restore from another origin, and forgets removals after 90 days', async () => {
      const ada = client(server.api);
      const mod = await signedIn();
      const own = (await ada.post('own', { body: 'Regretted' })).body;
      assert.equal((await ada.request('DELETE', `/threads/own/comments/${own.id}`)).status, 200);
      assert.deepEqual(await removed(mod), [], 'an author’s own deletion is not kept');
      assert.equal((await mod.request('POST', `/admin/comments/${own.id}/restore`)).status, 404);

      const kept = (await ada.post('own', { body: 'Removed by a moderator' })).body;
      await mod.request('POST', '/admin/actions', { body: { action: 'delete', ids: [kept.id] } });
      const foreign = client(server.api, { origin: 'https://evil.example' });
      for (const [k, v] of mod.cookies) foreign.cookies.set(k, v);
      assert.equal((await foreign.request('POST', `/admin/comments/${kept.id}/restore`)).status, 403);
      assert.equal((await foreign.request('POST', '/admin/actions', { body: { action: 'restore', ids: [kept.id] } })).status, 403);
      assert.equal((await client(server.api).request('POST', `/admin/comments/${kept.id}/restore`)).status, 401);
      assert.equal((await ada.list('own')).body.comments.length, 0, 'refused restores changed nothing');

      await server.app.store.db.query("update removed_comments set removed_at = now() - interval '91 days'");
      const later = (await ada.post('own', { body: 'Another' })).body;
      await mod.request('POST', '/admin/actions', { body: { action: 'delete', ids: [later.id] } });
      assert.deepEqual((await removed(mod)).map((c) => c.id), [later.id], 'the old removal is forgotten');
    });
  });

  describe(`the dashboard's endpoints on ${storage.name}`, () => {
    /** @type {Awaited<ReturnType<typeof startServer>>} */
    let server;
    before(async () => {
      server = await startServer(storage, { TRUST_PROXY: '1', MODERATION: 'pre' });
    });
    after(() => server?.close());
    beforeEach(() => server.app.store.reset());

    it('approves 50 pending comments in one request, and counts what waits', async () => {
      const admin = client(server.api, { token: ADMIN_TOKEN });
      const reader = client(server.api);
      const ids = [];
      for (let i = 0; i < 50; i++) {
        const res = await admin.request('POST', '/admin/import', { body: [old(`p${i}`, 'q', { status: 'pending', createdAt: new Date().toISOString() })] });
        assert.equal(res.status, 200);
        ids.push(`p${i}`);
      }
      assert.equal((await admin.request('GET', '/admin/summary')).body.pending, 50);
      const res = await admin.request('POST', '/admin/actions', { body: { action: 'approve', ids: [...ids, 'missing'] } });
      assert.equal(res.status, 200);
      assert.equal(res.body.results.filter((r) => r.ok).length, 50);
      assert.equal(res.body.results.at(-1).ok, false);
      const summary = (await admin.request('GET', '/admin/summary')).body;
      assert.equal(summary.pending, 0);
      assert.equal(summary.today, 50);
      assert.equal((await reader.list('q', '?limit=100')).body.comments.length, 50);
    });

    it('restores a rejected comment to the pending queue, where its author sees it again', async () => {
      const admin = client(server.api, { token: ADMIN_TOKEN });
      const ada = client(server.api);
      const posted = (await ada.post('rej', { body: 'Please let me in' })).body;
      assert.equal(posted.status, 'pending');
      await admin.request('POST', '/admin/actions', { body: { action: 'reject', ids: [posted.id] } });
      assert.equal((await ada.list('rej')).body.comments.length, 0);
      const removed = (await admin.request('GET', '/admin/search?status=removed')).body.comments;
      assert.deepEqual(removed.map((c) => [c.id, c.removed.reason, c.status]), [[posted.id, 'rejected', 'pending']]);
      const restored = await admin.request('POST', `/admin/comments/${posted.id}/restore`);
      assert.equal(restored.body.status, 'pending');
      assert.equal((await admin.request('GET', '/admin/summary')).body.pending, 1);
      assert.deepEqual((await ada.list('rej')).body.comments.map((c) => [c.body, c.status]), [['Please let me in', 'pending']]);
      assert.equal((await client(server.api).list('rej')).body.comments.length, 0, 'others still do not see it');
      await admin.request('POST', '/admin/actions', { body: { action: 'approve', ids: [posted.id] } });
      assert.equal((await client(server.api).list('rej')).body.threadTotal, 1);
    });

    it('searches every comment by text, author and thread, newest first, a page at a time', async () => {
      const admin = client(server.api, { token: ADMIN_TOKEN });
      const items = [];
      for (let i = 0; i < 7; i++) {
        items.push(old(`s${i}`, i % 2 ? 'odd' : 'even', { body: `needle ${i} 100%_done`, author: { name: i < 3 ? 'Ada' : 'Bob' }, createdAt: `2024-02-0${i + 1}T00:00:00Z` }));
      }
      await admin.request('POST', '/admin/import', { body: items });
      const first = await admin.request('GET', '/admin/search?q=needle&limit=3');
      assert.deepEqual(first.body.comments.map((c) => c.id), ['s6', 's5', 's4']);
      const second = await admin.request('GET', `/admin/search?q=needle&limit=3&cursor=${first.body.nextCursor}`);
      assert.deepEqual(second.body.comments.map((c) => c.id), ['s3', 's2', 's1']);
      assert.deepEqual((await admin.request('GET', '/admin/search?author=ada&thread=even')).body.comments.map((c) => c.id), ['s2', 's0']);
      assert.equal((await admin.request('GET', '/admin/search?q=%25_')).body.comments.length, 7, '% and _ are text');
      assert.equal((await admin.request('GET', '/admin/search?q=x%25y')).body.comments.length, 0);
      assert.equal((await admin.request('GET', '/admin/search?cursor=garbage')).status, 400);
    });

    it("edits a comment's text as a moderator: marked edited, readers see it live", async () => {
      const admin = client(server.api, { token: ADMIN_TOKEN });
      await admin.request('POST', '/admin/import', { body: [old('e1', 'ed')] });
      const events = readEvents(`${server.api}/threads/ed/events`, {
        count: 1,
        onOpen: () => admin.request('PATCH', '/admin/comments/e1', { body: { body: 'Tidied up' } }).then(() => {}),
      });
      const [edited] = await events;
      assert.equal(edited.data.type, 'edited');
      assert.equal(edited.data.comment.body, 'Tidied up');
      const found = (await admin.request('GET', '/admin/search?thread=ed')).body.comments[0];
      assert.ok(found.editedAt);
      assert.ok(found.moderatorEditedAt);
      assert.equal((await admin.request('PATCH', '/admin/comments/e1', { body: { body: '   ' } })).status, 400);
      assert.equal((await admin.request('PATCH', '/admin/comments/none', { body: { body: 'x' } })).status, 404);
    });

    it('tells a dashboard of new pending comments and reports as they come', async () => {
      const admin = client(server.api, { token: ADMIN_TOKEN });
      const reader = client(server.api);
      const events = readEvents(`${server.api}/admin/events`, {
        count: 1,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        onOpen: () => reader.post('live', { body: 'waiting' }).then(() => {}),
      });
      const [queue] = await events;
      assert.equal(queue.type, 'queue');
      assert.equal(queue.data.threadId, 'live');
      assert.equal((await client(server.api).request('GET', '/admin/events')).status, 401);
      void admin;
    });
  });
}
