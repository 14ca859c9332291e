// MODERATION=pre: new comments wait for a moderator, visible only to their author until then.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ADMIN_TOKEN, client, readEvents, startServer, storages } from './helpers.js';

for (const storage of storages()) {
  describe(`pre-moderation on ${storage.name}`, () => {
    /** @type {Awaited<ReturnType<typeof startServer>>} */
    let server;
    before(async () => {
      server = await startServer(storage, { MODERATION: 'pre', TRUST_PROXY: '1' });
    });
    after(() => server?.close());
    beforeEach(() => server.app.store.reset());

    it('shows a pending comment to its author only, until a moderator approves it', async () => {
      const ada = client(server.api);
      const bob = client(server.api);
      const admin = client(server.api, { token: ADMIN_TOKEN });
      const { body: published } = await admin.request('POST', '/admin/import', {
        body: [{ id: 'pub', threadId: 'p', parentId: null, author: { name: 'Old' }, body: 'Published', createdAt: '2024-01-01T00:00:00Z', status: 'published', reactions: {}, replyCount: 0 }],
      });
      assert.equal(published.imported, 1);

      const posted = await ada.post('p', { body: 'Awaiting review', author: { name: 'Ada', email: 'ada@example.com' } });
      assert.equal(posted.status, 201);
      assert.equal(posted.body.status, 'pending');
      const id = posted.body.id;

      const mine = (await ada.list('p')).body;
      assert.deepEqual(mine.comments.map((c) => c.id), ['pub', id]);
      assert.equal(mine.total, 2);
      assert.deepEqual((await ada.request('GET', '/counts?thread=p')).body.counts, { p: 2 });

      const theirs = (await bob.list('p')).body;
      assert.deepEqual(theirs.comments.map((c) => c.id), ['pub']);
      assert.equal(theirs.threadTotal, 1);
      assert.equal((await bob.request('PUT', `/threads/p/comments/${id}/reactions/like`)).status, 404);
      assert.equal((await bob.post('p', { parentId: id })).status, 404, 'no replies to a pending comment');
      assert.equal((await bob.request('PATCH', `/threads/p/comments/${id}`, { body: { body: 'x' } })).status, 404);
      assert.equal((await bob.request('POST', `/threads/p/comments/${id}/reports`, { body: { reason: 'spam' } })).status, 404);

      const queue = await admin.request('GET', '/admin/comments?status=pending');
      assert.deepEqual(queue.body.comments.map((c) => c.id), [id]);
      assert.equal(queue.body.comments[0].authorEmail, 'ada@example.com', 'moderators see the email, readers never');

      const events = readEvents(`${server.api}/threads/p/events`, { count: 1, onOpen: () => admin.request('POST', `/admin/comments/${id}/approve`).then(() => {}) });
      const [created] = await events;
      assert.equal(created.data.type, 'created');
      assert.equal(created.data.comment.id, id);
      assert.equal(created.data.comment.status, 'published');

      assert.deepEqual((await bob.list('p')).body.comments.map((c) => c.id), ['pub', id]);
      assert.equal((await bob.list('p')).body.threadTotal, 2);
      assert.deepEqual((await admin.request('GET', '/admin/comments?status=pending')).body.comments, []);
    });

    it('drops a rejected comment for everyone, its author included', async () => {
      const ada = client(server.api);
      const admin = client(server.api, { token: ADMIN_TOKEN });
      const { body } = await ada.post('p', { body: 'Spam' });
      const rejected = await admin.request('POST', `/admin/comments/${body.id}/reject`);
      assert.equal(rejected.status, 200);
      assert.equal(rejected.body.placeholder, null);
      assert.deepEqual((await ada.list('p')).body.comments, []);
      assert.equal((await admin.request('POST', `/admin/comments/${body.id}/approve`)).status, 404);
    });

    it('needs the admin token to approve or reject', async () => {
      const ada = client(server.api);
      const { body } = await ada.post('p', { body: 'Let me in' });
      assert.equal((await ada.request('POST', `/admin/comments/${body.id}/approve`)).status, 401);
      assert.equal((await ada.request('POST', `/admin/comments/${body.id}/reject`)).status, 401);
      assert.equal((await client(server.api).list('p')).body.threadTotal, 0);
    });
  });
}
