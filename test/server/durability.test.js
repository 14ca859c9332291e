// kill -9 while clients post: after a restart every acknowledged comment is there, exactly once.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort, isolatedSchema, spawnServer, storages } from './helpers.js';

for (const storage of storages()) {
  describe(`durability on ${storage.name}`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'confab-durability-'));
    /** @type {Awaited<ReturnType<typeof isolatedSchema>> | null} */
    let schema = null;
    after(async () => {
      await schema?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('keeps every acknowledged post, once, across kill -9', async () => {
      schema = storage.databaseUrl ? await isolatedSchema(storage.databaseUrl) : null;
      const env = {
        DATA_DIR: dataDir,
        RATE_LIMIT_POSTS: '0',
        RATE_LIMIT_WRITES: '0',
        RATE_LIMIT_IP_WRITES: '0',
        RATE_LIMIT_NEW_VIEWERS: '0',
        ...(schema ? { DATABASE_URL: schema.url } : {}),
      };
      const port = String(await freePort());
      const first = await spawnServer({ ...env, PORT: port });

      /** @type {Map<string, string>} idempotency key -> id of acknowledged comments */
      const acknowledged = new Map();
      /** @type {Set<string>} keys sent but not acknowledged (the post may or may not have landed) */
      const unsure = new Set();
      let killed = false;
      const writer = async (/** @type {number} */ n) => {
        for (let i = 0; !killed || i < 1; i++) {
          const key = `w${n}-${i}-${randomBytes(4).toString('hex')}`;
          try {
            const response = await fetch(`${first.api}/threads/durable/comments`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'idempotency-key': key },
              body: JSON.stringify({ body: `post ${key}`, author: { name: `writer ${n}` } }),
            });
            if (response.status === 201) acknowledged.set(key, (await response.json()).id);
            else unsure.add(key);
          } catch {
            unsure.add(key);
            return;
          }
        }
      };
      const writers = Array.from({ length: 8 }, (_, n) => writer(n));
      // Let the writers get going, then pull the plug mid-stream.
      while (acknowledged.size < 60) await new Promise((resolve) => setTimeout(resolve, 20));
      first.child.kill('SIGKILL');
      killed = true;
      await first.exited;
      await Promise.all(writers);
      assert.ok(acknowledged.size >= 60, `${acknowledged.size} acknowledged`);

      const second = await spawnServer({ ...env, PORT: port });
      try {
        /** @type {string[]} */
        const bodies = [];
        let cursor = null;
        do {
          const response = await fetch(`${second.api}/threads/durable/comments?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
          const page = await response.json();
          bodies.push(...page.comments.map((/** @type {{ body: string }} */ c) => c.body));
          cursor = page.nextCursor;
        } while (cursor);
        for (const key of acknowledged.keys()) {
          assert.equal(bodies.filter((b) => b === `post ${key}`).length, 1, `acknowledged post ${key} is there once`);
        }
        assert.equal(new Set(bodies).size, bodies.length, 'no comment twice');
        const sent = new Set([...acknowledged.keys(), ...unsure].map((key) => `post ${key}`));
        const foreign = bodies.filter((b) => !sent.has(b));
        assert.deepEqual(foreign.slice(0, 5), [], `${bodies.length} stored (${new Set(bodies).size} distinct), ${acknowledged.size} acknowledged, ${unsure.size} unsure`);
        // A client retrying an unacknowledged post with its key gets it stored once.
        for (const key of [...unsure].slice(0, 3)) {
          const retry = await fetch(`${second.api}/threads/durable/comments`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': key },
            body: JSON.stringify({ body: `post ${key}`, author: { name: 'retry' } }),
          });
          assert.ok(retry.status === 200 || retry.status === 201, `retry answered ${retry.status}: ${await retry.text()}`);
        }
        const total = (await (await fetch(`${second.api}/threads/durable/comments?limit=1`)).json()).threadTotal;
        assert.equal(total, new Set([...bodies, ...[...unsure].slice(0, 3).map((k) => `post ${k}`)]).size, 'counters survived too');
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
    });

    it('finishes in-flight posts on SIGTERM, then exits cleanly', async () => {
      const env = {
        DATA_DIR: dataDir,
        RATE_LIMIT_POSTS: '0',
        RATE_LIMIT_IP_WRITES: '0',
        RATE_LIMIT_NEW_VIEWERS: '0',
        ...(schema ? { DATABASE_URL: schema.url } : {}),
      };
      const port = String(await freePort());
      const server = await spawnServer({ ...env, PORT: port });
      const post = (/** @type {number} */ i) =>
        fetch(`${server.api}/threads/graceful/comments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': `graceful-${i}-${randomBytes(4).toString('hex')}` },
          body: JSON.stringify({ body: `graceful ${i}`, author: { name: 'G' } }),
        }).then(
          async (response) => ({ status: response.status, body: await response.json() }),
          () => ({ status: 0, body: null }),
        );
      const inFlight = Array.from({ length: 30 }, (_, i) => post(i));
      await new Promise((resolve) => setTimeout(resolve, 5));
      server.child.kill('SIGTERM');
      const results = await Promise.all(inFlight);
      assert.equal(await server.exited, 0, 'clean exit');
      for (const r of results) assert.ok([0, 201, 503].includes(r.status), `unexpected ${r.status}`);
      const ok = results.filter((r) => r.status === 201).map((r) => r.body.body);

      const again = await spawnServer({ ...env, PORT: port });
      try {
        const page = await (await fetch(`${again.api}/threads/graceful/comments?limit=100`)).json();
        const stored = page.comments.map((/** @type {{ body: string }} */ c) => c.body);
        for (const body of ok) assert.ok(stored.includes(body), `acknowledged "${body}" is stored`);
        assert.equal(page.threadTotal, stored.length);
      } finally {
        again.child.kill('SIGTERM');
        await again.exited;
      }
    });
  });
}
