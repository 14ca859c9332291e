// Import from Disqus and WordPress (streaming XML, HTML to markdown), confab's own JSON both ways,
// and the command line: right threads, nesting and text; hostile HTML as harmless text; re-runs
// add nothing; a malformed file stops with its line and leaves nothing behind.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { runImport } from '../../server/dist/import/cli.js';
import { openDatabase } from '../../server/dist/storage/db.js';
import { exportJson, readJson } from '../../server/dist/import/json.js';
import { ADMIN_TOKEN, client, isolatedSchema, SERVER_BIN, startServer, storages } from './helpers.js';
import { writeDisqusExport, writeJsonExport } from './import-files.js';

const DISQUS = new URL('./fixtures/disqus.xml', import.meta.url).pathname;
const WXR = new URL('./fixtures/wxr.xml', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'confab-import-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Every comment of a thread as a reader sees it, replies embedded. */
async function thread(server, threadId) {
  const page = await client(server.api).list(threadId, '?replies=20&limit=100');
  assert.equal(page.status, 200);
  return page.body;
}

const count = async (server) => (await server.app.store.db.query('select count(*)::integer as n from comments')).rows[0].n;

for (const storage of storages()) {
  describe(`importing on ${storage.name}`, () => {
    /** @type {Awaited<ReturnType<typeof startServer>>} */
    let server;
    before(async () => {
      server = await startServer(storage, { TRUST_PROXY: '1' });
    });
    after(() => server?.close());
    beforeEach(() => server.app.store.reset());

    it('imports a Disqus export: threads by article path, nesting, deleted parents kept for their replies, spam left out', async () => {
      const result = await runImport(server.app.store.db, 'disqus', DISQUS);
      server.app.store.invalidate(null);
      assert.deepEqual(
        { imported: result.imported, spam: result.spam, dropped: result.droppedPlaceholders, threads: result.threads },
        { imported: 5, spam: 1, dropped: 1, threads: 2 },
      );
      const first = await thread(server, '/2019/05/first-post/');
      assert.equal(first.threadTotal, 3, 'three published comments');
      assert.deepEqual(first.comments.map((c) => [c.id, c.status]), [
        ['disqus-3001', 'published'],
        ['disqus-3002', 'deleted'],
      ]);
      assert.equal(first.comments[0].body, 'Great post! Read [more here](https://example.org/more), it is *really* **good**.\n\nSecond paragraph.');
      assert.equal(first.comments[0].author.name, 'Ann Reader');
      assert.equal(first.comments[0].createdAt, '2019-05-01T09:00:00.000Z');
      assert.equal(first.comments[1].body, '', 'a deleted comment is a placeholder');
      const replies = Object.fromEntries(first.replies.map((c) => [c.id, c]));
      assert.equal(replies['disqus-3003'].parentId, 'disqus-3002');
      assert.equal(replies['disqus-3004'].parentId, 'disqus-3003');
      assert.equal(first.comments[1].replyCount, 1);
      // Hostile HTML: scripts, handlers and javascript: links are gone; what was text stays text.
      const hostile = replies['disqus-3003'].body;
      assert.doesNotMatch(hostile, /script|onerror|onclick|javascript|alert/i);
      assert.match(hostile, /click me/);
      assert.equal(replies['disqus-3003'].author.name, 'Bob <b>Bold</b>', 'names are plain text, rendered as text');
      assert.equal(replies['disqus-3004'].body, 'Escaped HTML reply with a literal \\<b> and \\*stars\\*');
      const second = await thread(server, '/2019/06/second-post/');
      assert.equal(second.comments[0].body, 'Heading\n\none\ntwo', 'headings and lists as text; iframes and styles gone');
      assert.equal((await thread(server, '/2019/05/first-post/')).comments.some((c) => c.body.includes('WATCHES')), false);
    });

    it('imports a WordPress export: pending kept pending, trash kept only under its replies, pingbacks and spam left out', async () => {
      const result = await runImport(server.app.store.db, 'wxr', WXR);
      server.app.store.invalidate(null);
      assert.equal(result.imported, 6);
      assert.equal(result.spam, 1);
      assert.equal(result.reparented, 1, 'the reply to the spam comment is top-level');
      const page = await thread(server, '/2020/01/hello-world/');
      assert.deepEqual(page.comments.map((c) => c.id), ['wp-5', 'wp-10', 'wp-12']);
      assert.equal(page.comments[0].body, 'First line  \nsecond line with **strong** words\n\nNew paragraph [WordPress](https://wordpress.org) hover');
      assert.equal(page.comments[0].author.url, 'https://wendy.example.com');
      assert.equal(page.comments[0].createdAt, '2020-01-02T10:00:00.000Z', 'the GMT date');
      const reply = page.replies.find((c) => c.id === 'wp-6');
      assert.equal(reply.body, 'A reply');
      assert.equal(reply.author.url, undefined, 'a javascript: author link is dropped');
      const pending = await client(server.api, { token: ADMIN_TOKEN }).request('GET', '/admin/comments?status=pending');
      assert.deepEqual(pending.body.comments.map((c) => c.id), ['wp-9']);
      assert.equal((await thread(server, '/about/')).comments.length, 0);
    });

    it('a mapping file chooses the thread; a re-run of the same import adds nothing', async () => {
      const mapping = { 'https://wp.example.com/2020/01/hello-world/': 'hello', '/2019/05/first-post/': 'first' };
      await runImport(server.app.store.db, 'wxr', WXR, { mapping });
      await runImport(server.app.store.db, 'disqus', DISQUS, { mapping });
      const before = await count(server);
      const again = await runImport(server.app.store.db, 'wxr', WXR, { mapping });
      assert.equal(again.imported, 0);
      assert.equal((await runImport(server.app.store.db, 'disqus', DISQUS, { mapping })).imported, 0);
      assert.equal(await count(server), before);
      server.app.store.invalidate(null);
      assert.equal((await thread(server, 'hello')).threadTotal, 4);
      assert.equal((await thread(server, 'first')).threadTotal, 3);
      // A comment a moderator removed after the import does not come back with a re-run.
      await client(server.api, { token: ADMIN_TOKEN }).request('DELETE', '/admin/comments/wp-12');
      assert.equal((await runImport(server.app.store.db, 'wxr', WXR, { mapping })).imported, 0);
    });

    it('stops at a malformed file with the line and reason, and keeps nothing of it', async () => {
      const lines = readFileSync(DISQUS, 'utf8').split('\n');
      const broken = join(scratch, 'broken.xml');
      // The last post's closing tag, misspelled: everything before it was fine.
      const at = lines.lastIndexOf('  </post>');
      writeFileSync(broken, [...lines.slice(0, at), '  </pots>', ...lines.slice(at + 1)].join('\n'));
      await assert.rejects(runImport(server.app.store.db, 'disqus', broken), (err) => {
        assert.equal(err.name, 'ImportError');
        assert.equal(err.line, at + 1);
        assert.match(err.message, new RegExp(`^line ${at + 1}: malformed XML`));
        return true;
      });
      assert.equal(await count(server), 0, 'nothing half-imported');

      const badDate = join(scratch, 'bad-date.xml');
      writeFileSync(badDate, readFileSync(DISQUS, 'utf8').replace('<createdAt>2019-06-02T12:00:00Z</createdAt>', '<createdAt>yesterday</createdAt>'));
      await assert.rejects(runImport(server.app.store.db, 'disqus', badDate), /^ImportError: line \d+: createdAt must be an ISO 8601 date/i);
      assert.equal(await count(server), 0);
      await assert.rejects(runImport(server.app.store.db, 'wxr', DISQUS), /not a WordPress export/);
    });

    it('exports everything as JSON that imports back into an empty server identically', async () => {
      const admin = client(server.api, { token: ADMIN_TOKEN });
      const ada = client(server.api);
      const top = await ada.post('rt', { body: 'Top **level**', author: { name: 'Ada', email: 'ada@example.com' } });
      const reply = await ada.post('rt', { body: 'A reply', parentId: top.body.id });
      await client(server.api).post('rt', { body: 'Under the reply', parentId: reply.body.id });
      await ada.request('DELETE', `/threads/rt/comments/${reply.body.id}`);
      await ada.request('PUT', `/threads/rt/comments/${top.body.id}/reactions/like`);
      await ada.request('PUT', '/threads/rt/reactions/heart');
      await admin.request('PATCH', `/admin/comments/${top.body.id}`, { body: { body: 'Tidied' } });
      await admin.request('PUT', '/admin/threads/rt', { body: { setting: 'closed' } });
      await admin.request('POST', '/admin/import', {
        body: [{ id: 'waiting', threadId: 'other', author: { name: 'P' }, body: 'pending one', createdAt: '2024-01-01T00:00:00Z', status: 'pending' }],
      });
      const typo = await ada.request('POST', '/typos', {
        body: { url: 'https://example.com/a', quote: { exact: 'teh', prefix: 'in ', suffix: ' end' }, suggestion: 'the', comment: 'a note' },
      });
      assert.equal(typo.status, 201);

      const first = join(scratch, 'first.json');
      const second = join(scratch, 'second.json');
      const exported = await exportJson(server.app.store.db, first);
      assert.equal(exported.comments, 4);
      await server.app.store.reset();
      const imported = await runImport(server.app.store.db, 'json', first);
      assert.equal(imported.imported, 4);
      assert.equal(imported.typos, 1);
      await exportJson(server.app.store.db, second);
      const strip = (file) => ({ ...JSON.parse(readFileSync(file, 'utf8')), exportedAt: null });
      assert.deepEqual(strip(second), strip(first));
      server.app.store.invalidate(null);
      server.app.store.access.forget();
      const page = await thread(server, 'rt');
      assert.equal(page.closed, true);
      assert.equal(page.comments[0].body, 'Tidied');
      assert.equal(page.comments[0].reactions.like, 1);
      assert.equal((await ada.post('rt', { body: 'still closed' })).status, 403);
      assert.equal((await runImport(server.app.store.db, 'json', first)).imported, 0, 'a second import adds nothing');
    });

    it('reads a JSON export as a stream: comments arrive before the end is read; a broken end stops with its line, nothing kept', async () => {
      const file = join(scratch, `stream-${storage.name}.json`);
      await writeJsonExport(file, 3000, { bodyLength: 300 });
      const lines = readFileSync(file, 'utf8').split('\n');
      // The last line `"typos":[]}` loses its closing brace: found at the end of the file.
      lines[lines.length - 2] = '"typos":[]';
      writeFileSync(file, lines.join('\n'));
      const source = await readJson(file);
      let read = 0;
      await assert.rejects(
        (async () => {
          for await (const batch of source.records) read += batch.length;
        })(),
        (err) => {
          assert.match(err.message, new RegExp(`^line ${lines.length}: not JSON: expected ','`));
          return true;
        },
      );
      assert.equal(read, 3000, 'every comment was handed on before the broken end was reached');
      await assert.rejects(runImport(server.app.store.db, 'json', file), /^ImportError: line \d+: not JSON/);
      assert.equal(await count(server), 0, 'nothing of it stays');
      const wrong = join(scratch, 'wrong.json');
      writeFileSync(wrong, JSON.stringify({ format: 'something-else', comments: [] }));
      await assert.rejects(runImport(server.app.store.db, 'json', wrong), /neither a confab-export file nor an array of comments/);
      writeFileSync(wrong, '[{"id":"x","threadId":"t","author":{"name":"A"},"body":"b","createdAt":"not a date"}]');
      await assert.rejects(runImport(server.app.store.db, 'json', wrong), /comments\[0\]: createdAt must be an ISO 8601 date/i);
    });
  });

  describe(`importing from /admin on ${storage.name}`, () => {
    /** @type {Awaited<ReturnType<typeof startServer>>} */
    let server;
    before(async () => {
      server = await startServer(storage, { TRUST_PROXY: '1', IMPORT_UPLOAD_LIMIT_BYTES: String(16 * 1024 * 1024) });
    });
    after(() => server?.close());
    beforeEach(() => server.app.store.reset());

    const signedIn = async () => {
      const mod = client(server.api, { origin: server.base });
      assert.equal((await mod.request('POST', '/admin/session', { body: { token: ADMIN_TOKEN } })).status, 200);
      return mod;
    };
    const upload = (mod, bytes, query = '') =>
      mod.request('POST', `/admin/imports${query}`, { raw: bytes, headers: { 'content-type': 'application/octet-stream' } });
    /** Polls the import until it ends; returns the progress seen on the way and the end. */
    const follow = async (mod) => {
      const seen = [];
      for (let i = 0; i < 2400; i++) {
        const { job } = (await mod.request('GET', '/admin/imports/current')).body;
        seen.push(job);
        if (job.state === 'done' || job.state === 'failed') return { job, seen };
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error('the import did not end');
    };

    it('uploads a file, imports it in the running server with progress, refuses a second at the same time, and a re-run adds nothing', { timeout: 240_000 }, async () => {
      const mod = await signedIn();
      const small = await upload(mod, readFileSync(DISQUS), '?name=disqus.xml');
      assert.equal(small.status, 202, JSON.stringify(small.body));
      assert.deepEqual([small.body.job.name, small.body.job.format, small.body.job.state], ['disqus.xml', 'disqus', 'importing']);
      const { job: done } = await follow(mod);
      assert.equal(done.state, 'done');
      assert.deepEqual([done.result.imported, done.result.spam, done.result.threads], [5, 1, 2]);
      assert.equal((await thread(server, '/2019/05/first-post/')).threadTotal, 3, 'readers see it at once');

      const big = join(scratch, `upload-${storage.name}.xml`);
      await writeDisqusExport(big, 30_000);
      const started = await upload(mod, readFileSync(big), '?name=big.xml&format=disqus');
      assert.equal(started.status, 202);
      const second = await upload(mod, readFileSync(DISQUS));
      assert.equal(second.status, 409);
      assert.match(second.body.error.message, /An import is running already \(big\.xml: [\d,]+ comments read so far\)/);
      const { job: bigDone, seen } = await follow(mod);
      assert.equal(bigDone.state, 'done', JSON.stringify(bigDone.error));
      assert.equal(bigDone.result.imported, 30_000);
      const midway = seen.filter((job) => job.state === 'importing' && job.read > 0);
      assert.ok(midway.length > 0, 'progress was seen while it ran');
      assert.ok(
        midway.every((job) => job.line > 100 && job.imported <= job.read && job.read <= 30_000),
        JSON.stringify(midway.map((job) => [job.read, job.imported, job.line])),
      );
      assert.ok(midway.some((job) => job.read < 30_000), 'seen before the end of the file');

      const stored = await count(server);
      const again = await upload(mod, readFileSync(DISQUS), '?name=disqus.xml');
      assert.equal(again.status, 202);
      const { job: rerun } = await follow(mod);
      assert.deepEqual([rerun.state, rerun.result.imported], ['done', 0]);
      assert.ok(rerun.result.skipped > 0);
      assert.equal(await count(server), stored, 'a re-run adds nothing');
    });

    it('stops at a malformed file with its line and reason, keeping nothing; refuses what it cannot take', async () => {
      const mod = await signedIn();
      const lines = readFileSync(DISQUS, 'utf8').split('\n');
      const at = lines.lastIndexOf('  </post>');
      const broken = [...lines.slice(0, at), '  </pots>', ...lines.slice(at + 1)].join('\n');
      assert.equal((await upload(mod, Buffer.from(broken))).status, 202);
      const { job } = await follow(mod);
      assert.equal(job.state, 'failed');
      assert.equal(job.error.line, at + 1);
      assert.match(job.error.message, new RegExp(`^line ${at + 1}: malformed XML`));
      assert.equal(await count(server), 0, 'nothing half-imported');

      const unknown = await upload(mod, Buffer.from('<html><body>not an export</body></html>'));
      assert.equal(unknown.status, 400);
      assert.match(unknown.body.error.message, /neither a Disqus export, a WordPress export \(WXR\) nor a confab JSON file/);
      assert.equal((await upload(mod, Buffer.alloc(0))).status, 400);
      const tooLarge = await upload(mod, Buffer.alloc(17 * 1024 * 1024, 32));
      assert.equal(tooLarge.status, 413);
      assert.match(tooLarge.body.error.message, /larger than the limit of 16 MB/);
      const asJson = await mod.request('POST', '/admin/imports', { raw: readFileSync(DISQUS, 'utf8') });
      assert.equal(asJson.status, 400, 'the file is not a JSON request');
      const foreign = client(server.api, { origin: 'https://evil.example' });
      for (const [k, v] of mod.cookies) foreign.cookies.set(k, v);
      assert.equal((await upload(foreign, readFileSync(DISQUS))).status, 403);
      assert.equal((await upload(client(server.api), readFileSync(DISQUS))).status, 401);
      assert.equal(await count(server), 0);
      assert.equal((await mod.request('GET', '/admin/imports/current')).body.job.state, 'failed', 'the refusals did not replace the last import');
    });
  });
}

describe('the command line', () => {
  /** @param {string[]} args @param {Record<string, string>} env @param {string[]} [nodeArgs] */
  function run(args, env, nodeArgs = []) {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [...nodeArgs, SERVER_BIN, ...args], { env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent', ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('imports, re-imports nothing, exports, and explains its mistakes', { timeout: 240_000 }, async () => {
    const env = { DATA_DIR: join(scratch, 'cli-data') };
    const first = await run(['import', 'wxr', WXR], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^imported 6 comments into 1 threads in [\d.]+ s; 0 already there, 1 spam left out/);
    const again = await run(['import', 'wxr', WXR], env);
    assert.match(again.stdout, /^imported 0 comments .* 6 already there/);
    const file = join(scratch, 'cli-export.json');
    const exported = await run(['export', file], env);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /^exported 6 comments, 1 threads and 0 typo reports/);
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).comments.length, 6);
    const broken = join(scratch, 'cli-broken.xml');
    writeFileSync(broken, '<?xml version="1.0"?>\n<rss>\n<channel>\n<item>\n</channel>\n</rss>\n');
    const refused = await run(['import', 'wxr', broken], env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /line 5: malformed XML.*Nothing was imported\./);
    const usage = await run(['import', 'blogger', WXR], env);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /usage:/);
  });

  for (const storage of storages()) {
    it(`imports a 20 MB JSON export with a 64 MB heap (read as a stream), and exports it back identically, on ${storage.name}`, { timeout: 240_000 }, async () => {
      const file = join(scratch, 'large.json');
      await writeJsonExport(file, 20_000);
      const schema = storage.databaseUrl ? await isolatedSchema(storage.databaseUrl) : null;
      const env = schema ? { DATABASE_URL: schema.url } : { DATA_DIR: join(scratch, 'large-data') };
      try {
        // Reading the whole file (JSON.parse) needs more than this heap for 20 MB of comments.
        const imported = await run(['import', 'json', file], env, ['--max-old-space-size=64']);
        assert.equal(imported.code, 0, imported.stderr.slice(-2000));
        assert.match(imported.stdout, /^imported 20000 comments into 50 threads/);
        const out = join(scratch, 'large-out.json');
        const exported = await run(['export', out], env);
        assert.equal(exported.code, 0, exported.stderr);
        const withoutDate = (text) => text.replace(/"exportedAt":"[^"]*"/, '');
        assert.ok(withoutDate(readFileSync(out, 'utf8')) === withoutDate(readFileSync(file, 'utf8')), 'the export is the file imported');
      } finally {
        await schema?.drop();
      }
    });
  }

  for (const storage of storages()) {
    it(`an import killed with SIGKILL while it runs leaves nothing of it; a re-run imports everything once, on ${storage.name}`, { timeout: 600_000 }, async () => {
      const file = join(scratch, `killed-${storage.name}.xml`);
      await writeDisqusExport(file, 30_000);
      const schema = storage.databaseUrl ? await isolatedSchema(storage.databaseUrl) : null;
      const dataDir = join(scratch, `killed-data-${storage.name}`);
      const env = schema ? { DATABASE_URL: schema.url } : { DATA_DIR: dataDir };
      const counts = async () => {
        const db = await openDatabase({ databaseUrl: schema?.url ?? null, dataDir, poolSize: 1 });
        try {
          const { rows } = await db.query('select (select count(*) from comments)::integer as comments, (select count(*) from import_ids)::integer as ids, (select count(*) from threads)::integer as threads');
          return rows[0];
        } finally {
          await db.close();
        }
      };
      try {
        assert.equal((await run(['import', 'wxr', WXR], env)).code, 0);
        const before = await counts();
        assert.equal(before.comments, 6);

        // Killed once it says how far it got: well into the file, inside the one transaction.
        const child = spawn(process.execPath, [SERVER_BIN, 'import', 'disqus', file], { env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent', ...env } });
        let stderr = '';
        let stdout = '';
        const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
        child.stdout.on('data', (chunk) => (stdout += chunk));
        await new Promise((resolve, reject) => {
          child.stderr.on('data', (chunk) => {
            stderr += chunk;
            const read = /([\d,]+) comments read/.exec(String(chunk));
            if (read && Number(read[1].replace(/,/g, '')) >= 2000) resolve(undefined);
          });
          child.on('exit', () => reject(new Error(`the import ended before it could be killed: ${stdout} ${stderr}`)));
        });
        child.kill('SIGKILL');
        assert.deepEqual(await exited, { code: null, signal: 'SIGKILL' });
        assert.equal(stdout, '', 'it had not finished');
        assert.deepEqual(await counts(), before, 'nothing of the killed import stays');

        const rerun = await run(['import', 'disqus', file], env);
        assert.equal(rerun.code, 0, rerun.stderr.slice(-2000));
        assert.match(rerun.stdout, /^imported 30000 comments into 100 threads .*; 0 already there/);
        const once = await run(['import', 'disqus', file], env);
        assert.match(once.stdout, /^imported 0 comments .*; 30000 already there/);
        const after = await counts();
        assert.equal(after.comments, before.comments + 30_000);
        assert.equal(after.ids, before.ids + 30_000);
      } finally {
        await schema?.drop();
      }
    });
  }
});
