import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import type { Logger } from '../log.js';

/** A row as the database driver returns it; each domain module names the columns it reads. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Row = Record<string, any>;

export interface Result<R = Row> {
  rows: R[];
}

/** What runs a statement: the database itself, or one transaction. Every statement is parameterised. */
export interface Queryable {
  query<R = Row>(sql: string, params?: unknown[]): Promise<Result<R>>;
}

export interface Database extends Queryable {
  kind: 'pglite' | 'postgres';
  /** the NOTIFY channel for live events */
  channel: string;
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  listen(onMessage: (payload: string) => void): Promise<void>;
  close(): Promise<void>;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
/** Arbitrary constant: serialises migrations when several processes start at once. */
const MIGRATION_LOCK = 727_001;

/**
 * Opens the database: PostgreSQL through `pg` when a URL is given, else PGlite in `dataDir`.
 * Applies pending migrations before returning.
 */
export async function openDatabase(options: {
  databaseUrl: string | null;
  dataDir: string;
  poolSize?: number;
  logger?: Logger;
}): Promise<Database> {
  const { databaseUrl, dataDir, poolSize = 10, logger } = options;
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
const INITDB_SCRIPT = fileURLToPath(new URL('./pglite-initdb.js', import.meta.url));
const INITDB_TIMEOUT_MS = 10 * 60_000;

async function openPglite(dataDir: string): Promise<Database> {
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
  const db: Database = {
    kind: 'pglite',
    channel: 'confab_events',
    query: <R>(sql: string, params?: unknown[]) => pg.query<R>(sql, params),
    transaction: (fn) => pg.transaction((tx) => fn({ query: <R>(sql: string, params?: unknown[]) => tx.query<R>(sql, params) })),
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
 */
async function ensurePgliteCluster(dataDir: string, dir: string): Promise<void> {
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
    const detail = (err as { stderr?: string }).stderr?.trim();
    throw new Error(`Creating the PGlite database in ${dir} failed${detail ? `: ${detail}` : ''}`, { cause: err });
  }
  renameSync(scratch, dir);
}

/**
 * PGlite is one process's database: a second server on the same folder would corrupt it. A pid
 * file refuses that, and is ignored when its process is gone (a crash or kill -9).
 */
function claimDataDir(dataDir: string): string {
  const file = join(dataDir, 'server.pid');
  let holder = Number.NaN;
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function openPostgres(url: string, poolSize: number, logger: Logger | undefined): Promise<Database> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', (err) => logger?.error({ err }, 'postgres pool error'));
  const { rows } = await pool.query<{ schema: string }>('select current_schema() as schema');
  // One channel per schema, so databases shared by several installs (or test runs) stay apart.
  const schema = rows[0]?.schema ?? 'public';
  let listener: InstanceType<typeof pg.Client> | null = null;
  let closed = false;
  const db: Database = {
    kind: 'postgres',
    channel: schema === 'public' ? 'confab_events' : `confab_events_${schema}`,
    query: async <R>(sql: string, params?: unknown[]) => (await pool.query(sql, params)) as unknown as Result<R>,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn({ query: async <R>(sql: string, params?: unknown[]) => (await client.query(sql, params)) as unknown as Result<R> });
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
      const connect = async (): Promise<void> => {
        const client = new pg.Client({ connectionString: url });
        client.on('notification', (message) => {
          if (message.channel === db.channel && message.payload) onMessage(message.payload);
        });
        client.on('error', (err) => {
          logger?.warn({ err }, 'listen connection lost, reconnecting');
          client.end().catch(() => {});
          if (!closed) setTimeout(() => connect().catch((e: unknown) => logger?.error({ err: e }, 'listen reconnect failed')), 1000);
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

/** Applies every migrations/NNN_name.sql not yet recorded, in order, in one transaction. */
async function migrate(db: Database, logger: Logger | undefined): Promise<void> {
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((name) => /^\d+_[\w-]+\.sql$/.test(name))
    .sort();
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(
      'create table if not exists schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())',
    );
    const { rows } = await tx.query<{ version: number }>('select version from schema_migrations');
    const applied = new Set(rows.map((row) => Number(row.version)));
    for (const name of files) {
      const version = Number.parseInt(name, 10);
      if (applied.has(version)) continue;
      const sql = readFileSync(join(MIGRATIONS_DIR, name), 'utf8');
      for (const statement of splitStatements(sql)) await tx.query(statement);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [version, name]);
      logger?.info({ version, name }, 'migration applied');
    }
  });
}

/**
 * Splits a migration into statements (the extended protocol takes one at a time). Migrations keep
 * to plain DDL: no semicolons inside strings or function bodies.
 */
function splitStatements(sql: string): string[] {
  return sql
    .replace(/--.*$/gm, '')
    .split(';')
    .map((statement) => statement.trim())
    .filter(Boolean);
}
