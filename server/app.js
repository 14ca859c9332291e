import { createServer } from 'node:http';
import { EventHub } from './events/hub.js';
import { Context } from './http/context.js';
import { HttpError } from './http/errors.js';
import { RateLimiter } from './http/rate-limit.js';
import { sendJson } from './http/respond.js';
import { serveStatic } from './http/static.js';
import { apiRouter } from './routes/index.js';
import { openDatabase } from './storage/db.js';
import { CommentStore } from './storage/store.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ALLOWED_HEADERS = 'content-type, idempotency-key, authorization, last-event-id';

/**
 * Builds the server: database (migrated), event fan-out, API under `/api`, static files, health.
 * `listen` starts it; `close` shuts it down gracefully.
 * @param {import('./config.js').Config} config
 * @param {import('./log.js').Logger} logger
 */
export async function createApp(config, logger) {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  const store = new CommentStore(db, config);
  const hub = new EventHub(store, logger, { holdMs: config.eventHoldMs });
  await hub.start();
  const limits = {
    posts: new RateLimiter(config.rateLimits.postsPerMinute),
    writes: new RateLimiter(config.rateLimits.writesPerMinute),
    ipWrites: new RateLimiter(config.rateLimits.ipWritesPerMinute),
    ipReads: new RateLimiter(config.rateLimits.ipReadsPerMinute),
  };
  /** @type {Set<import('node:http').ServerResponse>} */
  const streams = new Set();
  const router = apiRouter({ store, hub, config, streams, limits });

  let shuttingDown = false;
  let inFlight = 0;
  /** @type {(() => void) | null} */
  let onIdle = null;

  await store.pruneEvents(config.eventRetentionHours);
  const pruning = setInterval(() => {
    store.pruneEvents(config.eventRetentionHours).catch((err) => logger.warn('pruning events failed', { err }));
  }, 10 * 60_000);
  pruning.unref();

  const server = createServer((req, res) => {
    const started = performance.now();
    // Counted until the handler finishes, not until the socket closes: a client that hangs up
    // mid-post must not let shutdown close the database under the write.
    inFlight += 1;
    let counted = true;
    const done = () => {
      if (!counted) return;
      counted = false;
      inFlight -= 1;
      if (inFlight === 0 && onIdle) onIdle();
    };
    if (shuttingDown) res.setHeader('connection', 'close');
    handle(req, res, done)
      .catch((err) => fail(res, err))
      .finally(() => {
        done();
        if (res.writableEnded || res.headersSent) {
          logger.info('request', {
            method: req.method,
            path: req.url?.split('?')[0],
            status: res.statusCode,
            ms: Math.round((performance.now() - started) * 10) / 10,
          });
        }
      });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {() => void} release lets a long-lived stream stop counting as in flight
   */
  async function handle(req, res, release) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path === '/healthz') return health(res);
    if (path !== '/api' && !path.startsWith('/api/')) return staticFile(req, res, path);

    const origin = req.headers.origin;
    const corsAllowed = applyCors(req, res, origin);
    if (req.method === 'OPTIONS') {
      if (!corsAllowed) throw new HttpError(403, 'forbidden', 'This origin may not use the API.');
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
        'access-control-allow-headers': ALLOWED_HEADERS,
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    const method = req.method ?? 'GET';
    if (WRITE_METHODS.has(method)) {
      if (!corsAllowed) throw new HttpError(403, 'forbidden', 'This origin may not write to the API.');
      if (shuttingDown) throw new HttpError(503, 'server', 'The server is restarting. Try again in a moment.', undefined, { retryAfter: 2 });
    }
    if (method === 'GET') limits.ipReads.hit(req.socket.remoteAddress ?? 'unknown', 'requests');
    const route = router.match(method, path.slice('/api'.length) || '/');
    if (!route) throw new HttpError(404, 'not_found', 'There is no such endpoint.');
    const ctx = new Context(req, res, url, route.params, config);
    if (path.endsWith('/events') && method === 'GET') release();
    await route.handler(ctx);
  }

  /**
   * Cross-origin callers must be listed in ALLOWED_ORIGINS ("*" allows any). Same-origin requests
   * always pass. Returns whether the request may proceed.
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {string | undefined} origin
   */
  function applyCors(req, res, origin) {
    if (!origin) return true;
    res.setHeader('vary', 'Origin');
    let sameOrigin = false;
    try {
      sameOrigin = new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
    if (sameOrigin) return true;
    if (!config.allowedOrigins.includes('*') && !config.allowedOrigins.includes(origin)) return false;
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('access-control-expose-headers', 'retry-after');
    return true;
  }

  /** @param {import('node:http').ServerResponse} res */
  async function health(res) {
    if (shuttingDown) return sendJson(res, 503, { status: 'shutting-down', storage: db.kind });
    try {
      await Promise.race([db.query('select 1'), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))]);
      sendJson(res, 200, { status: 'ok', storage: db.kind });
    } catch (err) {
      logger.error('health check failed', { err });
      sendJson(res, 503, { status: 'database-unavailable', storage: db.kind });
    }
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {string} path */
  async function staticFile(req, res, path) {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'unsupported', 'Only GET here.');
    let served = false;
    if (path.startsWith('/dist/') && config.distDir) served = await serveStatic(req, res, config.distDir, path.slice('/dist/'.length));
    else if (config.staticDir) served = await serveStatic(req, res, config.staticDir, path.slice(1));
    if (!served) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
      res.end('Not found\n');
    }
  }

  /** @param {import('node:http').ServerResponse} res @param {unknown} err */
  function fail(res, err) {
    if (err instanceof HttpError) {
      if (err.extra.retryAfter !== undefined) res.setHeader('retry-after', String(err.extra.retryAfter));
      if (err.status === 413) res.setHeader('connection', 'close');
      return sendJson(res, err.status, err.toJSON());
    }
    logger.error('request failed', { err });
    if (res.headersSent) res.destroy();
    else sendJson(res, 500, new HttpError(500, 'server', 'Something went wrong on the server.').toJSON());
  }

  return {
    server,
    store,
    hub,
    config,
    /** @param {number} [port] @param {string} [host] @returns {Promise<number>} the bound port */
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      });
    },
    /** Stops accepting, ends live streams, lets in-flight requests finish, closes the database. */
    async close() {
      if (shuttingDown) return;
      shuttingDown = true;
      clearInterval(pruning);
      const closed = new Promise((resolve) => server.close(resolve));
      for (const res of streams) res.end();
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([
          new Promise((resolve) => (onIdle = () => resolve(undefined))),
          new Promise((resolve) => setTimeout(resolve, config.shutdownTimeoutMs).unref()),
        ]);
      }
      server.closeAllConnections();
      await closed;
      hub.stop();
      await db.close();
    },
  };
}
