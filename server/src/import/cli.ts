import { readFileSync } from 'node:fs';
import { loadConfig } from '../config.js';
import { importRecords, type BulkImportResult, type BulkProgress } from '../storage/bulk-import.js';
import { openDatabase, type Database } from '../storage/db.js';
import { exportJson, readJson } from './json.js';
import { ImportError, readDisqus, readWxr, ThreadMapper } from './sources.js';

const USAGE = `usage:
  confab-server import disqus FILE [--map MAPPING.json]
  confab-server import wxr FILE [--map MAPPING.json]
  confab-server import json FILE
  confab-server export FILE

Uses the same DATA_DIR / DATABASE_URL as the server. With the embedded database (no DATABASE_URL),
stop the server first: one process at a time may open its folder.
A mapping file is a JSON object from an article's address (or its path) to a thread id.`;

/** Runs an import or an export against one source file; for tests and the CLI. */
export async function runImport(
  db: Database,
  kind: 'disqus' | 'wxr' | 'json',
  file: string,
  options: { mapping?: Record<string, string>; onProgress?: (read: number, imported: number, line: number) => void } = {},
): Promise<BulkImportResult & { typos: number }> {
  const progress = options.onProgress && (({ read, imported, line }: BulkProgress) => options.onProgress?.(read, imported, line));
  if (kind === 'json') {
    const source = await readJson(file);
    let typos = 0;
    const result = await importRecords(db, 'json', source.records, {
      onProgress: progress,
      finish: async (tx) => {
        typos = (await source.finish(tx)).typos;
      },
    });
    return { ...result, typos };
  }
  const threads = new ThreadMapper(options.mapping);
  const records = kind === 'disqus' ? readDisqus(file, threads) : readWxr(file, threads);
  return { ...(await importRecords(db, kind, records, { onProgress: progress })), typos: 0 };
}

/** `confab-server import …` / `export …`: returns the exit code. */
export async function runCli(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  const mapAt = rest.indexOf('--map');
  let mapping: Record<string, string> | undefined;
  if (mapAt >= 0) {
    const mapFile = rest[mapAt + 1];
    rest.splice(mapAt, 2);
    try {
      mapping = JSON.parse(readFileSync(mapFile ?? '', 'utf8')) as Record<string, string>;
      if (!mapping || typeof mapping !== 'object' || Array.isArray(mapping)) throw new Error('it must be a JSON object');
    } catch (err) {
      console.error(`confab-server: the mapping file ${mapFile ?? '(none given)'}: ${(err as Error).message}`);
      return 2;
    }
  }
  const kind = command === 'import' ? rest[0] : null;
  const file = command === 'import' ? rest[1] : rest[0];
  if ((command === 'import' && !['disqus', 'wxr', 'json'].includes(kind ?? '')) || !file) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  const started = Date.now();
  try {
    if (command === 'export') {
      const result = await exportJson(db, file);
      console.log(`exported ${result.comments} comments, ${result.threads} threads and ${result.typos} typo reports to ${file}`);
      return 0;
    }
    let last = 0;
    const result = await runImport(db, kind as 'disqus' | 'wxr' | 'json', file, {
      mapping,
      onProgress: (read, imported, line) => {
        if (Date.now() - last < 1000) return;
        last = Date.now();
        const seconds = (Date.now() - started) / 1000;
        const at = line > 0 ? `, line ${line.toLocaleString('en')}` : '';
        console.error(`  ${read.toLocaleString('en')} comments read, ${imported.toLocaleString('en')} new (${Math.round(read / seconds).toLocaleString('en')}/s${at})`);
      },
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `imported ${result.imported} comments into ${result.threads} threads in ${seconds} s; ${result.skipped} already there, ` +
        `${result.spam} spam left out, ${result.droppedPlaceholders} deleted without replies left out, ${result.reparented} replies to missing comments made top-level` +
        (kind === 'json' ? `, ${result.typos} typo reports` : ''),
    );
    return 0;
  } catch (err) {
    if (err instanceof ImportError) {
      console.error(`confab-server: ${file}: ${err.message}. Nothing was imported.`);
      return 1;
    }
    throw err;
  } finally {
    await db.close();
  }
}
