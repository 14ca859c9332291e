// GET /threads/:threadId/comments/:commentId/path: what a permalink needs to find a comment deep in
// a thread, and what it must not reveal.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ADMIN_TOKEN, client, startServer, storages, userToken } from './helpers.js';

/** @param {string} id @param {string | null} parentId @param {number} minute @param {Record<string, unknown>} [fields] */
const comment = (id, parentId, minute, fields = {}) => ({
  id,
  threadId: 'deep',
  parentId,
  author: { name: `Author of ${id}` },
  body: `Body of ${id}`,
  createdAt: new Date(Date.UTC(2024, 0, 1, 0, minute)).toISOString(),
  status: 'published',
  reactions: {},
  replyCount: 0,
  ...fields,
});

/** @param {{ status: number, body: any }} response */
const chainIds = (response) => response.body.comments.map((/** @type {{ id: string }} */ c) => c.id);

for (const storage of storages()) {
  describe(`comment path (permalinks) on ${storage.name}`, () => {
    /** @type {Awaited<ReturnType<typeof startServer>>} */
    let server;
    /** @type {ReturnType<typeof client>} */
    let admin;
    before(async () => {
      server = await startServer(storage, { TRUST_PROXY: '1' });
      admin = client(server.api, { token: ADMIN_TOKEN });
    });
    after(() => server?.close());
    beforeEach(async () => {
      await server.app.store.reset();
      // 30 top-level comments; t25 has a reply chain three levels deep, with siblings around it
      const seed = Array.from({ length: 30 }, (_, i) => comment(`t${i}`, null, i));
      seed.push(
        comment('r1', 't25', 40),
        comment('r1-sibling', 't25', 41),
        comment('r2', 'r1', 42, { status: 'deleted', body: '', author: { name: '' } }),
        comment('r3', 'r2', 43, { reactions: { like: 2 } }),
        comment('gone', 't3', 44, { status: 'deleted', body: '', author: { name: '' } }),
        comment('mine', 't4', 45, { status: 'pending', author: { id: 'ada', name: 'Ada' } }),
        { ...comment('elsewhere', null, 46), threadId: 'other' },
      );
      const imported = await admin.request('POST', '/admin/import', { body: seed });
      assert.equal(imported.status, 200, JSON.stringify(imported.body));
    });

    const path = (/** @type {string} */ threadId, /** @type {string} */ id) =>
      `/threads/${encodeURIComponent(threadId)}/comments/${encodeURIComponent(id)}/path`;

    it('returns a comment three levels deep with its ancestors, top-level first, placeholders included', async () => {
      const reader = client(server.api);
      const found = await reader.request('GET', path('deep', 'r3'));
      assert.equal(found.status, 200);
      assert.deepEqual(chainIds(found), ['t25', 'r1', 'r2', 'r3']);
      const [top, first, placeholder, target] = found.body.comments;
      assert.equal(top.parentId, null);
      assert.equal(first.parentId, 't25');
      assert.equal(placeholder.status, 'deleted');
      assert.equal(placeholder.body, '', 'a placeholder keeps no text');
      assert.equal(placeholder.author.name, '');
      assert.equal(target.body, 'Body of r3');
      assert.equal(target.reactions.like, 2);
      assert.equal(top.replyCount, 2, 'counts come with the chain, so the thread knows what is left to load');
      assert.deepEqual(target.viewer, { reactions: [], canEdit: false, canDelete: false, editableUntil: null });

      const top25 = await reader.request('GET', path('deep', 't25'));
      assert.deepEqual(chainIds(top25), ['t25'], 'a top-level comment is its own path');
    });

    it("includes the viewer's own reactions on the chain", async () => {
      const bob = client(server.api);
      assert.equal((await bob.request('PUT', '/threads/deep/comments/r1/reactions/like')).status, 200);
      const found = await bob.request('GET', path('deep', 'r3'));
      assert.deepEqual(found.body.comments[1].viewer.reactions, ['like']);
      assert.equal(found.body.comments[1].reactions.like, 1);
      const other = await client(server.api).request('GET', path('deep', 'r3'));
      assert.deepEqual(other.body.comments[1].viewer.reactions, [], 'another reader does not see them as theirs');
    });

    it('answers not_found for an unknown comment, a deleted one without replies, and one of another thread', async () => {
      const reader = client(server.api);
      for (const [threadId, id] of [['deep', 'nope'], ['deep', 'gone'], ['deep', 'elsewhere'], ['other', 'r3'], ['none', 't1']]) {
        const missing = await reader.request('GET', path(threadId, id));
        assert.equal(missing.status, 404, `${threadId}/${id}`);
        assert.equal(missing.body.error.code, 'not_found');
        assert.ok(!JSON.stringify(missing.body).includes('Body of'), 'nothing of the thread leaks');
      }
    });

    it('shows a pending comment’s path to its author only', async () => {
      const ada = client(server.api, { token: userToken('ada', 'Ada') });
      const own = await ada.request('GET', path('deep', 'mine'));
      assert.equal(own.status, 200);
      assert.deepEqual(chainIds(own), ['t4', 'mine']);
      assert.equal(own.body.comments[1].status, 'pending');

      const bob = client(server.api, { token: userToken('bob', 'Bob') });
      assert.equal((await bob.request('GET', path('deep', 'mine'))).status, 404);
      assert.equal((await client(server.api).request('GET', path('deep', 'mine'))).status, 404, 'nor to anonymous readers');
    });

    it('finds a comment posted through the API, and loses it once it is deleted', async () => {
      const ada = client(server.api);
      const reply = await ada.post('deep', { parentId: 'r3', body: 'Four levels down' });
      assert.equal(reply.status, 201);
      const found = await client(server.api).request('GET', path('deep', reply.body.id));
      assert.deepEqual(chainIds(found), ['t25', 'r1', 'r2', 'r3', reply.body.id]);
      assert.equal((await ada.request('DELETE', `/threads/deep/comments/${reply.body.id}`)).status, 200);
      assert.equal((await client(server.api).request('GET', path('deep', reply.body.id))).status, 404);
    });

    it('rejects a malformed id and other methods', async () => {
      const reader = client(server.api);
      const bad = await reader.request('GET', path('deep', 'x'.repeat(500)));
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.field, 'commentId');
      assert.equal((await reader.request('POST', path('deep', 'r3'))).status, 405);
    });
  });
}
