// `node scripts/bench-import.mjs [COUNT]`: writes a Disqus export of COUNT comments (1,000,000 by
// default; 1 in 50 spam, 1 in 40 deleted, a third of them replies, HTML bodies) and times
// `confab-server import disqus` on it, printing the time and the process's peak memory (RSS) on
// PGlite (a new data folder) and, when DATABASE_URL is set, on PostgreSQL (a schema of its own).
// Needs `npm run build` first.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const COUNT = Number(process.argv[2] ?? 1_000_000);
const THREADS = Math.max(1, Math.round(COUNT / 100));
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'confab-bench-import-'));
const file = join(dir, 'disqus.xml');

async function writeExport() {
  const out = createWriteStream(file);
  const write = async (text) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n');
  for (let t = 0; t < THREADS; t++) {
    await write(`<thread dsq:id="t${t}"><id>${t}</id><forum>bench</forum><link>https://blog.example.com/posts/${t}/</link><title>Post ${t}</title><createdAt>2015-01-01T00:00:00Z</createdAt><isClosed>false</isClosed><isDeleted>false</isDeleted></thread>\n`);
  }
  const start = Date.parse('2015-01-02T00:00:00Z');
  let chunk = '';
  for (let i = 0; i < COUNT; i++) {
    const thread = i % THREADS;
    // A third reply to an earlier comment of the same thread.
    const parent = i % 3 === 2 && i >= THREADS ? `<parent dsq:id="${i - THREADS}"/>` : '';
    const created = new Date(start + i * 60_000).toISOString();
    chunk +=
      `<post dsq:id="${i}"><id/><message><![CDATA[<p>Comment number ${i} with <b>bold</b>, <a href="https://example.org/${i}">a link</a> and some more words so that the body is about as long as a real one.</p><p>Second paragraph &amp; an entity.</p>]]></message>` +
      `<createdAt>${created}</createdAt><isDeleted>${i % 40 === 7}</isDeleted><isSpam>${i % 50 === 11}</isSpam>` +
      `<author><email>reader${i % 5000}@example.com</email><name>Reader ${i % 5000}</name><isAnonymous>false</isAnonymous><username>reader${i % 5000}</username></author>` +
      `<ipAddress>192.0.2.${i % 250}</ipAddress><thread dsq:id="t${thread}"/>${parent}</post>\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(`${chunk}</disqus>\n`);
  out.end();
  await once(out, 'finish');
}

/** Runs the CLI under GNU time: wall time and peak RSS of the importing process. */
function timedImport(env) {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-v', process.execPath, 'server/dist/bin.js', 'import', 'disqus', file], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => {
      stderr += c;
      const line = String(c).trim();
      if (line.includes('comments read')) process.stderr.write(`\r${line}   `);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      process.stderr.write('\n');
      if (code !== 0) return reject(new Error(`import failed (${code}):\n${stdout}\n${stderr.slice(-3000)}`));
      const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (.*)/.exec(stderr)?.[1];
      const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]);
      resolve({ result: stdout.trim(), wall, peakMb: Math.round(rss / 1024) });
    });
  });
}

try {
  const t0 = Date.now();
  await writeExport();
  console.log(`wrote ${COUNT.toLocaleString('en')} comments in ${THREADS} threads: ${(statSync(file).size / 1e6).toFixed(0)} MB in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  const only = process.env.BENCH_ONLY;
  if (process.env.DATABASE_URL && only !== 'pglite') {
    const { default: pg } = await import('pg');
    const schema = `bench_${Date.now()}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const url = new URL(process.env.DATABASE_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    try {
      console.log('postgres:', await timedImport({ DATABASE_URL: url.toString() }));
    } finally {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  }
  if (only !== 'postgres') {
    // The first start of a data folder creates the cluster in a child process that peaks near
    // 800 MB (see server/src/storage/db.ts); GNU time would count that child. Created beforehand.
    const env = { DATABASE_URL: '', DATA_DIR: join(dir, 'data') };
    await new Promise((resolve) => spawn(process.execPath, ['server/dist/bin.js', 'export', join(dir, 'empty.json')], { cwd: root, env: { ...process.env, ...env }, stdio: 'ignore' }).on('exit', resolve));
    console.log('pglite:', await timedImport(env));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
