#!/usr/bin/env node
// confab-server: the reference backend for RestAdapter, plus the demo page. Configuration is by
// environment variables (see the README).
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from './config.js';
import { createLogger } from './log.js';
import { createApp } from './app.js';

/**
 * `--demo DIR` (what `npm start` at the repository root passes): serve the demo pages in DIR at `/`
 * and, when the demo article's thread has no comments, fill it with the sample discussion from
 * DIR/seed-comments.js, so a first visit shows a living page. Existing ids are skipped.
 * @param {import('./storage/store.js').CommentStore} store
 * @param {import('./log.js').Logger} logger
 * @param {string} demoDir
 */
async function seedDemo(store, logger, demoDir) {
  const { DEMO_THREAD_ID, seedComments } = await import(pathToFileURL(join(demoDir, 'seed-comments.js')).href);
  const counts = await store.count([DEMO_THREAD_ID], {});
  if (counts[DEMO_THREAD_ID] > 0) return;
  const result = await store.import(seedComments, null);
  logger.info('demo thread seeded', { threadId: DEMO_THREAD_ID, ...result });
}

/** The folder after `--demo`, or null without the flag. */
function demoFolder(argv = process.argv) {
  const at = argv.indexOf('--demo');
  if (at < 0) return null;
  const dir = argv[at + 1];
  if (!dir || dir.startsWith('--')) throw new Error('--demo needs the folder of the demo pages, e.g. --demo demo');
  return resolve(dir);
}

let logger = createLogger('info');
try {
  const config = loadConfig();
  const demoDir = demoFolder();
  const demo = demoDir !== null;
  if (demo) config.staticDir = demoDir;
  // The demo's editor page needs an admin token; a fresh random one per run, printed below, so a
  // demo never runs with a guessable token.
  const demoToken = demo && !config.adminToken;
  if (demoToken) config.adminToken = randomBytes(18).toString('base64url');
  logger = createLogger(config.logLevel);
  const app = await createApp(config, logger);
  if (demo) await seedDemo(app.store, logger, demoDir);
  const port = await app.listen();
  logger.info('confab server listening', {
    url: `http://localhost:${port}/`,
    storage: config.databaseUrl ? 'postgres' : 'pglite',
    dataDir: config.databaseUrl ? undefined : config.dataDir,
    moderation: config.moderation,
  });
  if (demo) {
    logger.info('demo editor view', {
      url: `http://localhost:${port}/editor.html`,
      adminToken: demoToken ? config.adminToken : '(the ADMIN_TOKEN you set)',
    });
  }
  let stopping = false;
  const stop = async (/** @type {string} */ signal) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    try {
      await app.close();
      logger.info('stopped');
      process.exit(0);
    } catch (err) {
      logger.error('shutdown failed', { err });
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
} catch (err) {
  logger.error('confab server failed to start', { err });
  process.exit(1);
}
