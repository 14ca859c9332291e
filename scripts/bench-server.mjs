// `npm run bench:server`: load-tests the reference server on loopback with autocannon, against an
// earlier version of itself in the same run. For each storage (PGlite always; PostgreSQL when
// DATABASE_URL is set) it starts this tree's server (server/dist/bin.js) and the server of
// BENCH_BASE (a git ref, extracted with `git archive` into .cache/), imports a 1,000- and a
// 100,000-comment thread into each, then restarts both on their data (the process a site's readers
// meet is not the one that imported). Every workload then runs on both servers in turn, the order
// alternating between rounds (the machine is shared: what changes between two runs is the load
// of its other users, not the server). It reports requests per second and p50/p99 latency (the
// median of the rounds), the new/old ratio, and the peak memory (VmHWM) of each serving process.
// Then the live-event fan-out: a fresh process with thousands of open event streams, one comment,
// and how long it takes to reach each stream. Results print as markdown tables and are saved in
// bench-results/server-<storage>.json.
//
//   BENCH_SECONDS=10          length of each run (default 10)
//   BENCH_ROUNDS=2            runs per workload and server (default 2)
//   BENCH_STORAGE=pglite|postgres   only one storage
//   BENCH_BASE=<git ref>      the server to compare with (default f9ed407, the last one before
//                             the TypeScript/Fastify server); BENCH_BASE= (empty) runs only this tree's
//   BENCH_ONLY=list,viewer,post,fanout   only these workloads
//   BENCH_FANOUT=5000,2000x20 streams of one thread, streams of twenty threads
//   BENCH_IMPORT_ONLY=1       only the import into this tree's server: its memory after each batch
import autocannon from 'autocannon';
import { execFileSync, fork, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 2);
const BASE = process.env.BENCH_BASE ?? 'f9ed407';
const ONLY = new Set((process.env.BENCH_ONLY || 'list,viewer,post,fanout').split(','));
const FANOUT = (process.env.BENCH_FANOUT || '5000,2000x20').split(',').map((spec) => {
  const [streams, threads = '1'] = spec.split('x');
  return { streams: Number(streams), threads: Number(threads) };
});
const importOnly = process.env.BENCH_IMPORT_ONLY === '1';
const ADMIN_TOKEN = randomBytes(16).toString('hex');
const VIEWERS = 100;

const storages = [{ name: 'pglite', databaseUrl: null }];
if (process.env.DATABASE_URL) storages.push({ name: 'postgres', databaseUrl: process.env.DATABASE_URL });
const onlyStorage = process.env.BENCH_STORAGE;

const newBin = join(root, 'server/dist/bin.js');
if (!existsSync(newBin)) throw new Error('server/dist/bin.js is missing: run npm run build first');
const servers = [{ name: 'new', bin: newBin }];
if (BASE && !importOnly) servers.unshift({ name: 'old', bin: prepareServerAt(BASE) });

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}`;
console.log(`confab server benchmark, ${new Date().toISOString().slice(0, 10)}, ${machine}; ${SECONDS} s per run, ${ROUNDS} rounds`);
console.log(`servers: ${servers.map((s) => `${s.name} (${s.name === 'old' ? BASE : 'this tree'})`).join(', ')}; load average when starting: ${loadavg()[0].toFixed(1)}\n`);

const results = [];
for (const storage of storages) {
  if (onlyStorage && storage.name !== onlyStorage) continue;
  results.push(await benchStorage(storage));
}
if (!importOnly) for (const result of results) console.log(`\n${report(result)}`);

async function benchStorage(storage) {
  const started = servers.map((server) => ({ ...server, dataDir: mkdtempSync(join(tmpdir(), `confab-bench-${server.name}-`)) }));
  const rows = [];
  const fanout = [];
  const memory = {};
  try {
    for (const server of started) {
      server.schema = storage.databaseUrl ? await isolatedSchema(storage.databaseUrl) : null;
      server.port = await freePort();
      server.base = `http://127.0.0.1:${server.port}`;
      server.process = startServer(server);
      await waitHealthy(server.base);
      const seedStarted = Date.now();
      await seed(server, 'bench-1k', 1_000);
      await seed(server, 'bench-100k', 100_000);
      console.log(`[${storage.name}/${server.name}] seeded 101,000 comments in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s; importing process peak ${peakMemoryMb(server.process.pid)} MB`);
      await server.process.stop();
      if (importOnly) continue;
      server.process = startServer(server);
      await waitHealthy(server.base);
    }
    if (importOnly) return { storage: storage.name, rows, fanout, memory };

    // Viewers with a cookie, each of whom liked a comment of the first page.
    for (const server of started) {
      server.cookies = [];
      for (let i = 0; i < VIEWERS; i++) {
        const reacted = await fetch(`${server.base}/api/threads/bench-100k/comments/bench-100k-${i % 50}/reactions/like`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.9.${i}.1` },
          body: '{}',
        });
        if (!reacted.ok) throw new Error(`reacting failed: ${reacted.status} ${await reacted.text()}`);
        server.cookies.push((reacted.headers.get('set-cookie') ?? '').split(';')[0]);
      }
    }

    const workloads = [];
    if (ONLY.has('list')) {
      for (const connections of [10, 50]) workloads.push({ label: 'list 50 of 1,000', connections, path: '/api/threads/bench-1k/comments?limit=50' });
      for (const connections of [10, 50]) workloads.push({ label: 'list 50 of 100,000', connections, path: '/api/threads/bench-100k/comments?limit=50' });
      workloads.push({ label: 'list 50 of 100,000, top', connections: 50, path: '/api/threads/bench-100k/comments?limit=50&sort=top' });
    }
    if (ONLY.has('viewer')) {
      for (const connections of [10, 50]) {
        workloads.push({ label: 'list 50 of 100,000, reader with a cookie', connections, path: '/api/threads/bench-100k/comments?limit=50', viewer: true });
      }
    }
    if (ONLY.has('post')) for (const connections of [10, 50]) workloads.push({ label: 'post a comment', connections, post: true });

    for (const workload of workloads) {
      const runs = Object.fromEntries(started.map((server) => [server.name, []]));
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? started : [...started].reverse();
        for (const server of order) {
          const result = await load(server, workload);
          runs[server.name].push(result);
          const { rss, hwm } = memoryMb(server.process.pid);
          console.log(
            `[${storage.name}/${server.name}] ${workload.label} @${workload.connections}: ${result.rps} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.errors} errors; RSS ${rss} MB, peak ${hwm} MB`,
          );
        }
      }
      rows.push({ ...workload, runs });
    }
    for (const server of started) memory[server.name] = peakMemoryMb(server.process.pid);
    console.log(`[${storage.name}] peak memory of the serving processes: ${started.map((s) => `${s.name} ${memory[s.name]} MB`).join(', ')}`);

    if (ONLY.has('fanout')) {
      for (const spec of FANOUT) {
        for (const server of started) {
          if (spec.threads > 1 && server.name === 'old') continue;
          await server.process.stop();
          server.process = startServer(server);
          await waitHealthy(server.base);
          const result = await fanOut(server, spec);
          fanout.push({ server: server.name, ...spec, ...result });
          console.log(`[${storage.name}/${server.name}] fan-out ${describeFanout(spec)}: ${JSON.stringify(result)}`);
        }
      }
    }
  } finally {
    for (const server of started) {
      await server.process?.stop();
      await server.schema?.drop();
      rmSync(server.dataDir, { recursive: true, force: true });
    }
  }
  const result = { storage: storage.name, date: new Date().toISOString(), machine, seconds: SECONDS, rounds: ROUNDS, base: BASE, rows, memory, fanout };
  mkdirSync(join(root, 'bench-results'), { recursive: true });
  writeFileSync(join(root, `bench-results/server-${storage.name}.json`), JSON.stringify(result, null, 2));
  return result;
}

/**
 * The server of a git ref, runnable: its server/ and the shared model it imports, extracted into
 * .cache/ (inside the tree, so its dependencies resolve from this tree's node_modules); the model
 * is compiled, and `confab-comments` points at the extracted package.
 */
function prepareServerAt(ref) {
  const commit = execFileSync('git', ['rev-parse', '--short', ref], { cwd: root, encoding: 'utf8' }).trim();
  const dir = join(root, '.cache', `bench-server-${commit}`);
  const bin = existsSync(join(dir, 'server/dist/bin.js')) ? join(dir, 'server/dist/bin.js') : join(dir, 'server/bin.js');
  if (existsSync(join(dir, 'ready'))) return bin;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = execFileSync('git', ['archive', '--format=tar', commit, 'server', 'src/model', 'package.json'], { cwd: root, maxBuffer: 64 * 2 ** 20 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  const tsc = join(root, 'node_modules/.bin/tsc');
  execFileSync(tsc, ['--ignoreConfig', '--target', 'es2022', '--module', 'es2022', '--moduleResolution', 'bundler', '--skipLibCheck', '--outDir', join(dir, 'dist/lib/model'), ...listTs(join(dir, 'src/model'))], { cwd: dir, stdio: 'inherit' });
  if (existsSync(join(dir, 'server/tsconfig.build.json'))) execFileSync(tsc, ['-p', join(dir, 'server/tsconfig.build.json')], { stdio: 'inherit' });
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(dir, join(dir, 'node_modules/confab-comments'), 'dir');
  writeFileSync(join(dir, 'ready'), commit);
  return existsSync(join(dir, 'server/dist/bin.js')) ? join(dir, 'server/dist/bin.js') : join(dir, 'server/bin.js');
}

function listTs(dir) {
  return execFileSync('find', [dir, '-name', '*.ts'], { encoding: 'utf8' }).trim().split('\n');
}

/** Starts a server process; `stop()` ends it with SIGTERM and waits for its exit. */
function startServer(server) {
  const child = spawn(process.execPath, [server.bin], {
    env: {
      ...process.env,
      PORT: String(server.port),
      HOST: '127.0.0.1',
      DATA_DIR: server.dataDir,
      DATABASE_URL: server.schema?.url ?? '',
      ADMIN_TOKEN,
      LOG_LEVEL: 'warn',
      TRUST_PROXY: '1',
      RATE_LIMIT_POSTS: '0',
      RATE_LIMIT_WRITES: '0',
      RATE_LIMIT_IP_WRITES: '0',
      RATE_LIMIT_NEW_VIEWERS: '0',
      SSE_MAX_PER_IP: '0',
      STATIC_DIR: '',
      DIST_DIR: '',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return {
    pid: child.pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Imports `count` top-level comments in batches. */
async function seed(server, threadId, count) {
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
    const response = await fetch(`${server.base}/api/admin/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify(batch),
    });
    if (!response.ok) throw new Error(`import failed: ${response.status} ${await response.text()}`);
    if (importOnly) {
      const { rss, hwm } = memoryMb(server.process.pid);
      console.log(`  ${threadId} up to ${Math.min(count, offset + 5000)}: VmRSS ${rss} MB, VmHWM ${hwm} MB`);
    }
  }
}

/** One autocannon run of a workload on one server. */
async function load(server, workload) {
  const options = { url: `${server.base}${workload.path ?? '/api/threads/bench-post/comments'}`, connections: workload.connections };
  if (workload.viewer) {
    let next = 0;
    options.requests = [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, cookie: server.cookies[next++ % server.cookies.length] } }) }];
  }
  if (workload.post) {
    options.method = 'POST';
    options.requests = [
      {
        method: 'POST',
        setupRequest: (request) => ({
          ...request,
          headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body: JSON.stringify({ body: 'A benchmark comment with a little **markdown**.', author: { name: 'Bench' } }),
        }),
      },
    ];
  }
  const result = await new Promise((resolve, reject) => {
    const instance = autocannon({ duration: SECONDS, pipelining: 1, ...options }, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on('error', reject);
  });
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/**
 * Opens `streams` live event streams (of `threads` threads each, one of them the same for all),
 * then posts comments to that thread and measures when each stream receives them.
 */
async function fanOut(server, { streams, threads }) {
  const urls = [];
  for (let i = 0; i < streams; i++) {
    if (server.name === 'old') urls.push(`${server.base}/api/threads/fan/events`);
    else {
      const own = Array.from({ length: threads - 1 }, (_, n) => `pool-${(i * 7 + n * 131) % 1000}`);
      urls.push(`${server.base}/api/events?${['fan', ...own].map((t) => `thread=${t}`).join('&')}`);
    }
  }
  const baseline = memoryMb(server.process.pid);
  const client = fork(join(root, 'scripts/bench/sse-clients.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (message) =>
    new Promise((resolve, reject) => {
      client.once('message', resolve);
      client.once('exit', (code) => reject(new Error(`the stream client exited (${code})`)));
      client.send(message);
    });
  try {
    const opened = await ask({ open: urls });
    const connected = memoryMb(server.process.pid);
    const deliveries = [];
    let received = 0;
    for (let n = 0; n < 3; n++) {
      const marker = `fan-${n}-${randomBytes(4).toString('hex')}`;
      await ask({ watch: marker });
      const sent = Date.now();
      const posted = await fetch(`${server.base}/api/threads/fan/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({ body: `Fan-out ${marker}`, author: { name: 'Bench' } }),
      });
      if (!posted.ok) throw new Error(`posting failed: ${posted.status}`);
      const { times } = await ask({ collect: marker, timeoutMs: 15_000 });
      received += times.length;
      deliveries.push(...times.map((t) => t - sent));
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const after = memoryMb(server.process.pid);
    deliveries.sort((a, b) => a - b);
    return {
      streams,
      threadsPerStream: threads,
      open: opened.open,
      connectMs: { total: opened.totalMs, p50: opened.p50, p99: opened.p99 },
      delivered: `${received}/${streams * 3}`,
      deliveryMs: { p50: percentile(deliveries, 0.5), p99: percentile(deliveries, 0.99), max: deliveries.at(-1) ?? null },
      memoryMb: { before: baseline.rss, connected: connected.rss, after: after.rss, peak: after.hwm },
    };
  } finally {
    client.kill();
  }
}

function describeFanout({ streams, threads }) {
  return threads > 1 ? `${streams} streams of ${threads} threads` : `${streams} streams of one thread`;
}

function percentile(sorted, q) {
  if (sorted.length === 0) return null;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function report({ storage, rows, memory, fanout }) {
  const names = servers.map((s) => s.name);
  const lines = [
    `#### ${storage}`,
    '',
    `| workload | conn. | ${names.map((n) => `${n} req/s (min–max)`).join(' | ')} | ${names.map((n) => `${n} p50 / p99 ms`).join(' | ')} |${names.length > 1 ? ' new/old |' : ''}`,
    `| --- | ---: | ${names.map(() => '---:').join(' | ')} | ${names.map(() => '---:').join(' | ')} |${names.length > 1 ? ' ---: |' : ''}`,
  ];
  for (const row of rows) {
    const rps = names.map((n) => {
      const values = row.runs[n].map((r) => r.rps);
      return `${Math.round(median(values))} (${Math.min(...values)}–${Math.max(...values)})`;
    });
    const latency = names.map((n) => `${median(row.runs[n].map((r) => r.p50))} / ${median(row.runs[n].map((r) => r.p99))}`);
    const errors = names.some((n) => row.runs[n].some((r) => r.errors > 0)) ? ' (errors)' : '';
    const ratio =
      names.length > 1 ? ` ${(median(row.runs.new.map((r) => r.rps)) / median(row.runs.old.map((r) => r.rps))).toFixed(2)} |` : '';
    lines.push(`| ${row.label}${errors} | ${row.connections} | ${rps.join(' | ')} | ${latency.join(' | ')} |${ratio}`);
  }
  lines.push('', `Peak memory of the serving process (VmHWM): ${names.map((n) => `${n} ${memory[n]} MB`).join(', ')}.`);
  if (fanout.length > 0) {
    lines.push(
      '',
      '| fan-out | server | connect all (s) | connect p50 / p99 ms | delivered | delivery p50 / p99 / max ms | RSS before → connected → after, peak MB |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const f of fanout) {
      lines.push(
        `| ${describeFanout(f)} | ${f.server} | ${(f.connectMs.total / 1000).toFixed(1)} | ${f.connectMs.p50} / ${f.connectMs.p99} | ${f.delivered} | ${f.deliveryMs.p50} / ${f.deliveryMs.p99} / ${f.deliveryMs.max} | ${f.memoryMb.before} → ${f.memoryMb.connected} → ${f.memoryMb.after}, ${f.memoryMb.peak} |`,
      );
    }
  }
  return lines.join('\n');
}

function peakMemoryMb(pid) {
  return memoryMb(pid).hwm;
}

/** Resident memory now and at its peak (VmRSS, VmHWM), in MB. */
function memoryMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (field) => Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024);
  return { rss: mb('VmRSS'), hwm: mb('VmHWM') };
}

async function waitHealthy(base) {
  const deadline = Date.now() + 300_000;
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
