#!/usr/bin/env node
// confab-server: the reference backend for RestAdapter, plus the demo page. Configuration is by
// environment variables (see the README).
import { loadConfig } from './config.js';
import { createLogger } from './log.js';
import { createApp } from './app.js';

let logger = createLogger('info');
try {
  const config = loadConfig();
  logger = createLogger(config.logLevel);
  const app = await createApp(config, logger);
  const port = await app.listen();
  logger.info('confab server listening', {
    url: `http://localhost:${port}/`,
    storage: config.databaseUrl ? 'postgres' : 'pglite',
    dataDir: config.databaseUrl ? undefined : config.dataDir,
    moderation: config.moderation,
  });
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
