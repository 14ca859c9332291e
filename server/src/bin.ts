#!/usr/bin/env node
// confab-server: the reference backend for RestAdapter, plus the demo page. Configuration is by
// environment variables (see the README).
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Comment } from 'confab-comments/model';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { createLogger } from './log.js';
import type { ImportedComment } from './storage/import.js';
import type { Storage } from './storage/index.js';
import { ANONYMOUS } from './storage/rows.js';

/**
 * `--demo DIR` (what `npm start` at the repository root passes): serve the demo pages in DIR at `/`
 * and, when the demo article's thread has no comments, fill it with the sample discussion from
 * DIR/seed-comments.js, so a first visit shows a living page. Existing ids are skipped.
 */
async function seedDemo(store: Storage, logger: ReturnType<typeof createLogger>, demoDir: string): Promise<void> {
  const { DEMO_THREAD_ID, seedComments } = (await import(pathToFileURL(join(demoDir, 'seed-comments.js')).href)) as {
    DEMO_THREAD_ID: string;
    seedComments: Comment[];
  };
  const counts = await store.comments.count([DEMO_THREAD_ID], ANONYMOUS);
  if ((counts[DEMO_THREAD_ID] ?? 0) > 0) return;
  const comments: ImportedComment[] = seedComments.map((c) => ({
    id: c.id,
    threadId: c.threadId,
    parentId: c.parentId,
    author: { id: c.author.id ?? null, name: c.author.name, url: c.author.url ?? null, avatarUrl: c.author.avatarUrl ?? null },
    body: c.body,
    createdAt: new Date(c.createdAt).toISOString(),
    editedAt: c.editedAt ? new Date(c.editedAt).toISOString() : null,
    status: c.status,
    reactions: c.reactions,
    viewerReactions: [],
  }));
  const result = await store.imports.import(comments, null);
  logger.info({ threadId: DEMO_THREAD_ID, ...result }, 'demo thread seeded');
}

/** The folder after `--demo`, or null without the flag. */
function demoFolder(argv = process.argv): string | null {
  const at = argv.indexOf('--demo');
  if (at < 0) return null;
  const dir = argv[at + 1];
  if (!dir || dir.startsWith('--')) throw new Error('--demo needs the folder of the demo pages, e.g. --demo demo');
  return resolve(dir);
}

// `confab-server import disqus|wxr|json FILE`, `confab-server export FILE`: no server, just that.
const command = process.argv[2];
if (command === 'import' || command === 'export') {
  const { runCli } = await import('./import/cli.js');
  process.exit(await runCli(process.argv.slice(2)));
}

let logger = createLogger('info');
try {
  const config = loadConfig();
  const demoDir = demoFolder();
  if (demoDir) config.staticDir = demoDir;
  // The demo article is served with its comments rendered in the HTML (`?render=client` shows the
  // client-only page); RENDER_PAGES=0 turns that off.
  if (demoDir && process.env.RENDER_PAGES !== '0' && process.env.RENDER_PAGES !== 'false') config.renderPages = true;
  // The moderation dashboard (/admin) needs an admin token; a demo gets a fresh random one per run,
  // printed below, so a demo never runs with a guessable token.
  const demoToken = demoDir !== null && !config.adminToken;
  if (demoToken) config.adminToken = randomBytes(18).toString('base64url');
  logger = createLogger(config.logLevel);
  const app = await createApp(config, logger);
  if (demoDir) await seedDemo(app.store, logger, demoDir);
  const port = await app.listen();
  logger.info(
    {
      url: `http://localhost:${port}/`,
      storage: config.databaseUrl ? 'postgres' : 'pglite',
      dataDir: config.databaseUrl ? undefined : config.dataDir,
      moderation: config.moderation,
    },
    'confab server listening',
  );
  if (demoDir) {
    logger.info({ url: `http://localhost:${port}/admin/`, adminToken: demoToken ? config.adminToken : '(the ADMIN_TOKEN you set)' }, 'admin dashboard');
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await app.close();
      logger.info('stopped');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
} catch (err) {
  logger.error({ err }, 'confab server failed to start');
  process.exit(1);
}
