// `npm run bench:server`: load-tests the reference server on loopback with autocannon.
// For each storage (PGlite always; PostgreSQL when DATABASE_URL is set) it starts `server/bin.js`
// as a child process, imports a 1,000- and a 100,000-comment thread, then stops it and starts a
// fresh process on the same data (the process a site's readers meet: a site imports once, or its
// threads grow over months). It measures requests per second and p50/p99 latency for listing the
// first page of 50 comments at 10 and 50 connections, and for posting; finally the peak memory
// (VmHWM) of the serving process, and apart from it that of the process that imported. Results
// print as a markdown table and are saved in bench-results/server-<storage>.json.
//
//   BENCH_SECONDS=10   length of each run (default 10)
//   BENCH_STORAGE=pglite|postgres   only one storage
//   BENCH_IMPORT_ONLY=1   only the import: prints the importing process's memory after each
//                         batch, its peak, the import's time and CPU time, then stops (no load runs)
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const ADMIN_TOKEN = randomBytes(16).toString('hex');
const SERVER_BIN = new URL('../server/dist/bin.js', import.meta.url).pathname;

const storages = [{ name: 'pglite', databaseUrl: null }];
if (process.env.DATABASE_URL) storages.push({ name: 'postgres', databaseUrl: process.env.DATABASE_URL });
const only = process.env.BENCH_STORAGE;
const importOnly = process.env.BENCH_IMPORT_ONLY === '1';

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}`;
console.log(`confab server benchmark, ${new Date().toISOString().slice(0, 10)}, ${machine}; ${SECONDS} s per run\n`);

const load1 = (await import('node:os')).loadavg()[0].toFixed(1);
console.log(`load average when starting: ${load1}`);
const allRows = [];
/** The server under test, for the peak memory printed after each workload. */
let currentPid = 0;
for (const storage of storages) {
  if (only && storage.name !== only) continue;
  allRows.push(...(await benchStorage(storage)));
}
if (!importOnly) console.log('\n' + table(allRows));

async function benchStorage(storage) {
  const dataDir = mkdtempSync(join(tmpdir(), 'confab-bench-'));
  const schema = storage.databaseUrl ? await isolatedSchema(storage.databaseUrl) : null;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let server = startServer(port, dataDir, schema?.url ?? '');
  const rows = [];
  try {
    await waitHealthy(base);
    console.log(`[${storage.name}] server up (pid ${server.pid}, peak memory so far ${peakMemoryMb(server.pid)} MB); seeding`);
    const seedStarted = Date.now();
    const cpuStarted = cpuSeconds(server.pid);
    await seed(base, 'bench-1k', 1_000);
    await seed(base, 'bench-100k', 100_000);
    const importPeak = peakMemoryMb(server.pid);
    const importCpu = (cpuSeconds(server.pid) - cpuStarted).toFixed(1);
    console.log(`[${storage.name}] seeded 101,000 comments in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s (server CPU ${importCpu} s); peak memory ${importPeak} MB`);
    if (importOnly) return rows;
    // A site imports once, or its threads grow over months: the process that serves readers is
    // not the one that imported. Measure a fresh one on the same data.
    await server.stop();
    server = startServer(port, dataDir, schema?.url ?? '');
    await waitHealthy(base);
    const startPeak = peakMemoryMb(server.pid);
    console.log(`[${storage.name}] restarted on the imported data (pid ${server.pid}, peak memory after start ${startPeak} MB)`);

    for (const [thread, label] of [
      ['bench-1k', 'list 50 of 1,000'],
      ['bench-100k', 'list 50 of 100,000'],
    ]) {
      for (const connections of [10, 50]) {
        const result = await load({ url: `${base}/api/threads/${thread}/comments?limit=50`, connections });
        rows.push(row(storage.name, label, connections, result));
      }
    }
    const top = await load({ url: `${base}/api/threads/bench-100k/comments?limit=50&sort=top`, connections: 50 });
    rows.push(row(storage.name, 'list 50 of 100,000, top', 50, top));
    // A reader with an identity (they reacted once) skips the anonymous page cache: the raw cost.
    const reacted = await fetch(`${base}/api/threads/bench-100k/comments/bench-100k-5/reactions/like`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const cookie = (reacted.headers.get('set-cookie') ?? '').split(';')[0];
    for (const connections of [10, 50]) {
      const viewer = await load({ url: `${base}/api/threads/bench-100k/comments?limit=50`, connections, headers: { cookie } });
      rows.push(row(storage.name, 'list 50 of 100,000 as a viewer (uncached)', connections, viewer));
    }
    for (const connections of [10, 50]) {
      const result = await load({
        url: `${base}/api/threads/bench-post/comments`,
        connections,
        method: 'POST',
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => ({
              ...request,
              headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
              body: JSON.stringify({ body: 'A benchmark comment with a little **markdown**.', author: { name: 'Bench' } }),
            }),
          },
        ],
      });
      rows.push(row(storage.name, 'post a comment', connections, result));
    }
    const peak = peakMemoryMb(server.pid);
    for (const r of rows) Object.assign(r, { peakMb: peak, startPeakMb: startPeak, importPeakMb: importPeak });
    console.log(`[${storage.name}] peak server memory (VmHWM): ${peak} MB serving (a fresh process on the imported data), ${importPeak} MB in the process that imported`);
  } finally {
    await server.stop();
    await schema?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (importOnly) return rows;
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(`bench-results/server-${storage.name}.json`, JSON.stringify({ date: new Date().toISOString(), machine, seconds: SECONDS, rows }, null, 2));
  return rows;
}

/**
 * Starts `server/bin.js` on `port`; `stop()` ends it with SIGTERM and waits for its exit.
 * @param {number} port @param {string} dataDir @param {string} databaseUrl
 */
function startServer(port, dataDir, databaseUrl) {
  const child = spawn(process.execPath, [SERVER_BIN], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      ADMIN_TOKEN,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_POSTS: '0',
      RATE_LIMIT_WRITES: '0',
      RATE_LIMIT_IP_WRITES: '0',
      STATIC_DIR: '',
      DIST_DIR: '',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  currentPid = child.pid;
  return {
    pid: child.pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Imports `count` top-level comments (some with replies' worth of reactions) in batches. */
async function seed(base, threadId, count) {
  const start = Date.parse('2024-01-01T00:00:00Z');
  for (let offset = 0; offset < count; offset += 5000) {
    const batch = [];
    for (let i = offset; i < Math.min(count, offset + 5000); i++) {
      batch.push({
        id: `${threadId}-${i}`,
        threadId,
        parentId: null,
        author: { name: `Reader ${i % 997}`, url: i % 3 === 0 ? `https://reader${i % 997}.example/` : undefined },
        body: `Comment number ${i}. Some **markdown**, a [link](https://example.com/${i}) and a few more words to give it a realistic size.`,
        createdAt: new Date(start + i * 1000).toISOString(),
        status: 'published',
        reactions: { like: (i * 7) % 13, dislike: (i * 3) % 5 },
        replyCount: 0,
      });
    }
    const response = await fetch(`${base}/api/admin/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify(batch),
    });
    if (!response.ok) throw new Error(`import failed: ${response.status} ${await response.text()}`);
    if (importOnly) {
      const { rss, hwm } = memoryMb(currentPid);
      console.log(`  ${threadId} up to ${Math.min(count, offset + 5000)}: VmRSS ${rss} MB, VmHWM ${hwm} MB`);
    }
  }
}

function load(options) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ duration: SECONDS, pipelining: 1, ...options }, (err, result) => (err ? reject(err) : resolve(result)));
    instance.on('error', reject);
  });
}

function row(storage, label, connections, result) {
  const errors = result.errors + result.timeouts + result.non2xx;
  const line = {
    storage,
    label,
    connections,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors,
    requests: result.requests.total,
  };
  const peak = currentPid ? `, peak memory so far ${peakMemoryMb(currentPid)} MB` : '';
  console.log(`[${storage}] ${label} @${connections}: ${line.rps} req/s, p50 ${line.p50} ms, p99 ${line.p99} ms, ${errors} errors${peak}`);
  return line;
}

function table(rows) {
  const lines = [
    '| storage | workload | connections | requests/s | p50 ms | p99 ms | errors | peak memory serving | peak memory importing |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    lines.push(`| ${r.storage} | ${r.label} | ${r.connections} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.peakMb} MB | ${r.importPeakMb} MB |`);
  }
  return lines.join('\n');
}

function peakMemoryMb(pid) {
  return memoryMb(pid).hwm;
}

/** Resident memory now and at its peak (VmRSS, VmHWM), in MB. */
function memoryMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (/** @type {string} */ field) => Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024);
  return { rss: mb('VmRSS'), hwm: mb('VmHWM') };
}

/** CPU time (user and system) the process has used, in seconds. */
function cpuSeconds(pid) {
  // Fields after the command name, which is in parentheses: utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function waitHealthy(base) {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error('server did not start');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function isolatedSchema(databaseUrl) {
  const { default: pg } = await import('pg');
  const name = `bench_${randomBytes(4).toString('hex')}`;
  const run = async (sql) => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(sql);
    await client.end();
  };
  await run(`create schema ${name}`);
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${name}`);
  return { url: url.toString(), drop: () => run(`drop schema ${name} cascade`) };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
