// Several server processes on one PostgreSQL: events travel between them through LISTEN/NOTIFY.
// Needs DATABASE_URL (PGlite is one process's database, so there is nothing to test without it).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { client, freePort, isolatedSchema, readEvents, spawnServer } from './helpers.js';

if (!process.env.DATABASE_URL) {
  console.log('# cluster tests need DATABASE_URL (a PostgreSQL server); not run');
} else {
  describe('two server processes on one PostgreSQL', () => {
    /** @type {Awaited<ReturnType<typeof isolatedSchema>>} */
    let schema;
    /** @type {Awaited<ReturnType<typeof spawnServer>>[]} */
    const servers = [];
    before(async () => {
      schema = await isolatedSchema(/** @type {string} */ (process.env.DATABASE_URL));
      const secret = 'shared-secret-for-both-processes-0123456789';
      // Started one after the other: the second waits on the first's migration lock anyway.
      for (let i = 0; i < 2; i++) {
        servers.push(await spawnServer({ DATABASE_URL: schema.url, PORT: String(await freePort()), SECRET: secret, DATA_DIR: '/nonexistent' }));
      }
    });
    after(async () => {
      for (const server of servers) {
        server.child.kill('SIGTERM');
        await server.exited;
      }
      await schema?.drop();
    });

    it('delivers a comment posted through one process to an SSE client of the other', async () => {
      const [one, two] = servers;
      const writer = client(one.api);
      const events = await readEvents(`${two.api}/threads/shared/events`, {
        count: 2,
        timeoutMs: 10_000,
        onOpen: async () => {
          const { body } = await writer.post('shared', { body: 'Through process one' });
          await writer.request('PUT', `/threads/shared/comments/${body.id}/reactions/like`);
        },
      });
      assert.deepEqual(events.map((e) => e.data.type), ['created', 'reactions']);
      assert.equal(events[0].data.comment.body, 'Through process one');
      // Both processes read the same data, and one viewer cookie works on either.
      const listed = await writer.list('shared');
      const viaTwo = await fetch(`${two.api}/threads/shared/comments`, { headers: { cookie: [...writer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      const page = await viaTwo.json();
      assert.deepEqual(page.comments.map((c) => c.id), listed.body.comments.map((c) => c.id));
      assert.equal(page.comments[0].viewer.canEdit, true);
    });

    it('carries an event too large for a NOTIFY payload', async () => {
      const [one, two] = servers;
      const writer = client(one.api);
      const body = 'ä'.repeat(4900);
      const [event] = await readEvents(`${two.api}/threads/big/events`, {
        count: 1,
        timeoutMs: 10_000,
        onOpen: () => writer.post('big', { body }).then(() => {}),
      });
      assert.equal(event.data.comment.body, body);
    });
  });
}
