// Two server processes on one PostgreSQL, as a signed-in reader sees them: what one process keeps
// of a reader's own state (their reactions, their pending comments) is dropped when it changes on
// the other, so a reader whose requests land on either process always sees their own doings.
// Needs DATABASE_URL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_TOKEN, freePort, isolatedSchema, spawnServer } from './helpers.js';

if (!process.env.DATABASE_URL) {
  console.log('# cluster tests need DATABASE_URL (a PostgreSQL server); not run');
} else {
  describe('a reader whose requests go to either of two processes', () => {
    /** @type {Awaited<ReturnType<typeof isolatedSchema>>} */
    let schema;
    /** @type {Awaited<ReturnType<typeof spawnServer>>[]} */
    const servers = [];
    before(async () => {
      schema = await isolatedSchema(/** @type {string} */ (process.env.DATABASE_URL));
      const env = { DATABASE_URL: schema.url, SECRET: 'shared-secret-for-both-processes-0123456789', DATA_DIR: '/nonexistent', MODERATION: 'pre', ADMIN_TOKEN };
      for (let i = 0; i < 2; i++) servers.push(await spawnServer({ ...env, PORT: String(await freePort()) }));
    });
    after(async () => {
      for (const server of servers) {
        server.child.kill('SIGTERM');
        await server.exited;
      }
      await schema?.drop();
    });

    it('sees their pending comment and their reactions on the other process at once', async () => {
      const [one, two] = servers;
      /** @type {Record<string, string>} */
      const headers = { 'content-type': 'application/json' };
      const call = async (/** @type {string} */ url, /** @type {RequestInit} */ init = {}) => {
        const response = await fetch(url, { ...init, headers: { ...headers, ...init.headers } });
        const cookie = response.headers.get('set-cookie');
        if (cookie) headers.cookie = cookie.split(';')[0];
        return { status: response.status, body: await response.json() };
      };
      const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
      // Notifications travel between the processes in milliseconds: a second, not the five a
      // cached state would otherwise be kept.
      const listedOnTwo = async (/** @type {(page: any) => boolean} */ check) => {
        const deadline = Date.now() + 1000;
        for (;;) {
          const page = (await call(`${two.api}/threads/c/comments`)).body;
          if (check(page) || Date.now() > deadline) return page;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      await call(`${one.api}/admin/import`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify([{ id: 'pub', threadId: 'c', parentId: null, author: { name: 'Old' }, body: 'Published', createdAt: '2024-01-01T00:00:00Z' }]),
      });
      // Ada gets her cookie, and process two keeps what it read of her (nothing yet).
      await call(`${one.api}/threads/c/reactions/heart`, { method: 'PUT', body: '{}' });
      assert.deepEqual((await call(`${two.api}/threads/c/comments`)).body.comments.map((c) => c.id), ['pub']);

      const posted = await call(`${one.api}/threads/c/comments`, {
        method: 'POST',
        headers: { 'idempotency-key': 'ada-pending-1' },
        body: JSON.stringify({ body: 'Waiting', author: { name: 'Ada' } }),
      });
      assert.equal(posted.body.status, 'pending');
      const afterPost = await listedOnTwo((page) => page.comments.length === 2);
      assert.deepEqual(afterPost.comments.map((c) => c.id), ['pub', posted.body.id], 'her pending comment, through the other process');
      assert.equal(afterPost.threadTotal, 2);

      await call(`${one.api}/threads/c/comments/pub/reactions/like`, { method: 'PUT', body: '{}' });
      await call(`${one.api}/admin/comments/${posted.body.id}/reject`, { method: 'POST', headers: admin, body: '{}' });
      const afterReject = await listedOnTwo((page) => page.comments.length === 1 && page.comments[0].viewer.reactions.includes('like'));
      assert.deepEqual(afterReject.comments.map((c) => c.id), ['pub'], 'gone once rejected');
      assert.deepEqual(afterReject.comments[0].viewer.reactions, ['like'], 'her like, made on the other process');
    });
  });
}
