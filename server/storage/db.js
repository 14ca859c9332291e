import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';

/**
 * @typedef {{ rows: any[] }} Result
 * @typedef {object} Queryable
 * @property {(sql: string, params?: unknown[]) => Promise<Result>} query
 *
 * @typedef {object} Database
 * @property {'pglite' | 'postgres'} kind
 * @property {string} channel the NOTIFY channel for live events
 * @property {(sql: string, params?: unknown[]) => Promise<Result>} query
 * @property {<T>(fn: (tx: Queryable) => Promise<T>) => Promise<T>} transaction
 * @property {(onMessage: (payload: string) => void) => Promise<void>} listen
 * @property {() => Promise<void>} close
 */

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url).pathname;
/** Arbitrary constant: serialises migrations when several processes start at once. */
const MIGRATION_LOCK = 727_001;

/**
 * Opens the database: PostgreSQL through `pg` when a URL is given, else PGlite in `dataDir`.
 * Applies pending migrations before returning.
 * @param {{ databaseUrl: string | null, dataDir: string, poolSize?: number, logger?: import('../log.js').Logger }} options
 * @returns {Promise<Database>}
 */
export async function openDatabase({ databaseUrl, dataDir, poolSize = 10, logger }) {
  const db = databaseUrl ? await openPostgres(databaseUrl, poolSize, logger) : await openPglite(dataDir);
  await migrate(db, logger);
  return db;
}

/**
 * PGlite's engine settings, added to its own start parameters. Its default shared_buffers (160 MB)
 * is allocated and touched inside the WebAssembly heap at every start, which alone put the server
 * near 300 MB; 16 MB caches the hot index and table pages of a large thread (the 100,000-comment
 * benchmark lists at the same rate) and the operating system's page cache holds the rest.
 *
 * wal_init_zero=off: each new 16 MB WAL segment is otherwise filled with zeroes in 1 MB writes, and
 * PGlite's file layer copies each write into a fresh 1 MB buffer outside the JavaScript heap (80 of
 * them in a 100,000-comment import). They piled up until the next garbage collection and left the
 * malloc heap fragmented: 15–30 MB of that import's peak. Off, PostgreSQL creates the segment by
 * writing its last byte; zero-filling only reserves the disk space ahead of time.
 */
const PGLITE_SETTINGS = [
  '-c', 'shared_buffers=16MB', '-c', 'work_mem=2MB', '-c', 'maintenance_work_mem=16MB', '-c', 'temp_buffers=2MB',
  '-c', 'wal_init_zero=off',
];
const INITDB_SCRIPT = new URL('./pglite-initdb.js', import.meta.url).pathname;
const INITDB_TIMEOUT_MS = 10 * 60_000;

/** @param {string} dataDir @returns {Promise<Database>} */
async function openPglite(dataDir) {
  // V8 compiles PGlite's 9 MB WebAssembly module on one background thread instead of one per
  // core: each parallel compile job holds its own working memory, and together they put a
  // 50 MB spike on top of the server's steady size at every start. Start-up takes a little longer.
  setFlagsFromString('--wasm-num-compilation-tasks=1');
  // Baseline (Liftoff) code only: V8 otherwise recompiles the engine's hot functions with its
  // optimising compiler while the server runs, whose working memory (malloc arenas of the
  // compile threads, never given back) and extra code took a serving process from 170 to
  // 235 MB. In the 100,000-comment benchmark throughput stayed within run-to-run noise: a page
  // costs the engine's own code far less than its protocol and the JavaScript around it.
  setFlagsFromString('--liftoff-only');
  const { PGlite } = await import('@electric-sql/pglite');
  mkdirSync(dataDir, { recursive: true });
  const lock = claimDataDir(dataDir);
  const dir = join(dataDir, 'pglite');
  await ensurePgliteCluster(dataDir, dir);
  const pg = await PGlite.create(dir, { startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS] });
  /** @type {Database} */
  const db = {
    kind: 'pglite',
    channel: 'confab_events',
    query: (sql, params) => pg.query(sql, params),
    transaction: (fn) => pg.transaction((tx) => fn({ query: (sql, params) => tx.query(sql, params) })),
    async listen(onMessage) {
      await pg.listen(db.channel, onMessage);
    },
    async close() {
      await pg.close();
      rmSync(lock, { force: true });
    },
  };
  return db;
}

/**
 * Creates the database cluster on first start. initdb runs inside WebAssembly and peaks near
 * 800 MB, a heap that never shrinks: run in a short-lived child process, it leaves the server
 * itself below 200 MB for its whole life. It writes into a scratch folder renamed into place only
 * when complete, so an interrupted first start never leaves a half-made cluster behind.
 * @param {string} dataDir @param {string} dir
 */
async function ensurePgliteCluster(dataDir, dir) {
  if (existsSync(join(dir, 'PG_VERSION'))) return;
  if (existsSync(dir)) {
    if (readdirSync(dir).length > 0) {
      throw new Error(`${dir} is neither empty nor a database (PG_VERSION is missing). Move it away to start afresh.`);
    }
    rmSync(dir, { recursive: true });
  }
  // Scratch folders of earlier interrupted starts: this process holds the data folder's lock.
  for (const name of readdirSync(dataDir)) {
    if (name.startsWith('pglite.initdb-')) rmSync(join(dataDir, name), { recursive: true, force: true });
  }
  const scratch = join(dataDir, `pglite.initdb-${process.pid}`);
  try {
    await promisify(execFile)(process.execPath, [INITDB_SCRIPT, scratch], { timeout: INITDB_TIMEOUT_MS });
  } catch (err) {
    rmSync(scratch, { recursive: true, force: true });
    const detail = /** @type {{ stderr?: string }} */ (err).stderr?.trim();
    throw new Error(`Creating the PGlite database in ${dir} failed${detail ? `: ${detail}` : ''}`, { cause: err });
  }
  renameSync(scratch, dir);
}

/**
 * PGlite is one process's database: a second server on the same folder would corrupt it. A pid
 * file refuses that, and is ignored when its process is gone (a crash or kill -9).
 * @param {string} dataDir
 */
function claimDataDir(dataDir) {
  const file = join(dataDir, 'server.pid');
  let holder = NaN;
  try {
    holder = Number(readFileSync(file, 'utf8'));
  } catch {
    // no lock yet
  }
  if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
    throw new Error(`Another confab server (pid ${holder}) uses ${dataDir}. Stop it, or use PostgreSQL to run several processes.`);
  }
  writeFileSync(file, String(process.pid));
  return file;
}

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return /** @type {NodeJS.ErrnoException} */ (err).code === 'EPERM';
  }
}

/**
 * @param {string} url
 * @param {number} poolSize
 * @param {import('../log.js').Logger | undefined} logger
 * @returns {Promise<Database>}
 */
async function openPostgres(url, poolSize, logger) {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', (err) => logger?.error('postgres pool error', { err }));
  const { rows } = await pool.query('select current_schema() as schema');
  // One channel per schema, so databases shared by several installs (or test runs) stay apart.
  const schema = rows[0].schema;
  /** @type {import('pg').Client | null} */
  let listener = null;
  let closed = false;
  /** @type {Database} */
  const db = {
    kind: 'postgres',
    channel: schema === 'public' ? 'confab_events' : `confab_events_${schema}`,
    query: (sql, params) => pool.query(sql, params),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn({ query: (sql, params) => client.query(sql, params) });
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async listen(onMessage) {
      // A dedicated connection: LISTEN is per session, and pooled clients come and go.
      const connect = async () => {
        const client = new pg.Client({ connectionString: url });
        client.on('notification', (message) => {
          if (message.channel === db.channel && message.payload) onMessage(message.payload);
        });
        client.on('error', (err) => {
          logger?.warn('listen connection lost, reconnecting', { err });
          client.end().catch(() => {});
          if (!closed) setTimeout(() => connect().catch((e) => logger?.error('listen reconnect failed', { err: e })), 1000);
        });
        await client.connect();
        await client.query(`listen "${db.channel}"`);
        listener = client;
      };
      await connect();
    },
    async close() {
      closed = true;
      await listener?.end().catch(() => {});
      await pool.end();
    },
  };
  return db;
}

/**
 * Applies every migrations/NNN_name.sql not yet recorded, in order, each in its own transaction.
 * @param {Database} db
 * @param {import('../log.js').Logger | undefined} logger
 */
async function migrate(db, logger) {
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((name) => /^\d+_[\w-]+\.sql$/.test(name))
    .sort();
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(
      'create table if not exists schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())',
    );
    const { rows } = await tx.query('select version from schema_migrations');
    const applied = new Set(rows.map((row) => Number(row.version)));
    for (const name of files) {
      const version = Number.parseInt(name, 10);
      if (applied.has(version)) continue;
      const sql = readFileSync(join(MIGRATIONS_DIR, name), 'utf8');
      for (const statement of splitStatements(sql)) await tx.query(statement);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [version, name]);
      logger?.info('migration applied', { version, name });
    }
  });
}

/**
 * Splits a migration into statements (the extended protocol takes one at a time). Migrations keep
 * to plain DDL: no semicolons inside strings or function bodies.
 * @param {string} sql
 */
function splitStatements(sql) {
  return sql
    .replace(/--.*$/gm, '')
    .split(';')
    .map((statement) => statement.trim())
    .filter(Boolean);
}
