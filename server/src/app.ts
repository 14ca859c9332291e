import type { Server } from 'node:http';
import { registerRenderedPage } from './http/rendered-page.js';
import { FORM_POST_ROUTE, holdFormRefusal } from './routes/form-posts.js';
import { IMPORT_UPLOAD_ROUTE } from './routes/admin-imports.js';
import { AjvCompiler } from '@fastify/ajv-compiler';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import type { Config } from './config.js';
import { EventHub } from './events/hub.js';
import { EventStreams } from './events/streams.js';
import { registerAdminPage } from './http/admin-page.js';
import { errorHandler, HttpError } from './http/errors.js';
import { notJson, registerJsonBody } from './http/json-body.js';
import { Limits } from './http/limits.js';
import { API_HEADERS, PAGE_HEADERS, registerCors } from './http/security.js';
import { registerViewer } from './http/viewer.js';
import { Outreach } from './mail/outreach.js';
import { unsubscribeRoutes } from './mail/routes.js';
import type { SpamChecker } from './spam/guard.js';
import { apiRoutes } from './routes/index.js';
import type { Api } from './routes/services.js';
import { openDatabase, Storage } from './storage/index.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;
const PRUNE_EVERY_MS = 10 * 60_000;

export interface App {
  fastify: Api;
  server: Server;
  store: Storage;
  hub: EventHub;
  outreach: Outreach;
  config: Config;
  /** Starts listening; resolves with the bound port. */
  listen(port?: number, host?: string): Promise<number>;
  /** Stops accepting, ends live streams, lets in-flight requests finish, closes the database. */
  close(): Promise<void>;
}

/**
 * Builds the server: database (migrated), event fan-out, the API under `/api` (with its OpenAPI
 * document at `/api/openapi.json`), static files, health.
 */
export async function createApp(config: Config, logger: PinoLogger, options: { spamCheckers?: SpamChecker[] } = {}): Promise<App> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  const store = new Storage(db, config);
  const hub = new EventHub(store, logger, { holdMs: config.eventHoldMs });
  await hub.start();
  await store.events.prune(config.eventRetentionHours);
  const pruning = setInterval(() => {
    store.events.prune(config.eventRetentionHours).catch((err: unknown) => logger.warn({ err }, 'pruning events failed'));
  }, PRUNE_EVERY_MS);
  pruning.unref();
  const streams = new EventStreams(store, hub, config);
  const outreach = new Outreach(db, config, logger, options);

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Requests log through the server's logger as it is: a child logger per request is garbage.
    childLoggerFactory: (parent) => parent,
    // One line per request, written by the onResponse hook below, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // A number of hops as proxy-addr counts them: the nearest `hops` peers are proxies.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    // Shutting down is answered by the hook below, in the protocol's shape.
    return503OnClosing: false,
    keepAliveTimeout: 65_000,
    requestTimeout: 30_000,
    // Ids are up to 200 characters, three times that percent-encoded: longer is a 400, not a 414.
    routerOptions: { maxParamLength: 2000 },
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Query strings, paths and headers are text: their numbers and lists are coerced from it. A JSON
  // body has types of its own: `"body": 42` is refused, not turned into "42". Unknown fields are
  // refused, never silently dropped.
  const validators = AjvCompiler();
  const ajvOptions = { removeAdditional: false, useDefaults: false, allErrors: false } as const;
  const fromText = validators({}, { customOptions: { ...ajvOptions, coerceTypes: 'array' } });
  const fromJson = validators({}, { customOptions: { ...ajvOptions, coerceTypes: false } });
  app.setValidatorCompiler((route) => (route.httpPart === 'body' ? fromJson : fromText)(route));
  // Response schemas document the API (OpenAPI); answers are written with JSON.stringify, not by a
  // serializer compiled per route and status: a few megabytes of generated code for answers the
  // server builds itself, and the largest of them (a page of comments) is already JSON text.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.server.headersTimeout = 66_000;

  // Requests whose handlers are still running: shutdown waits for them before closing the
  // database, even when their client has hung up (a post mid-write must not lose its commit).
  let inFlight = 0;
  let onIdle: (() => void) | null = null;
  let shuttingDown = false;
  const settled = () => {
    inFlight -= 1;
    if (inFlight === 0) onIdle?.();
  };
  app.addHook('onRoute', (route) => {
    // Reads hold nothing that a shutdown could lose.
    if (![route.method].flat().some((method) => WRITE_METHODS.has(method))) return;
    const handler = route.handler;
    route.handler = function (this: FastifyInstance, request, reply) {
      inFlight += 1;
      let result: unknown;
      try {
        result = handler.call(this, request, reply);
      } catch (err) {
        settled();
        throw err;
      }
      if (!(result instanceof Promise)) {
        settled();
        return result;
      }
      return result.then(
        (value) => {
          settled();
          return value;
        },
        (err: unknown) => {
          settled();
          throw err;
        },
      );
    };
  });
  if (logger.isLevelEnabled('info')) {
    app.addHook('onResponse', (request, reply, done) => {
      logger.info({ method: request.method, path: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
      done();
    });
  }
  app.setErrorHandler(errorHandler(logger));

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'confab REST API',
        version: '1',
        description: 'The protocol between RestAdapter and a backend; see docs/protocol.md for identity, errors, events and caching.',
      },
      components: {
        securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' } },
      },
    },
  });
  await registerViewer(app, config);
  const limits = await Limits.register(app, config);

  await app.register(
    async (api: Api) => {
      const crossOrigin = await registerCors(api, config);
      registerJsonBody(api);
      // Every API request passes here once: security headers (helmet's, see http/security.ts) and
      // `Cache-Control: no-store` (cacheable reads replace it, http/caching.ts), the
      // refusals that need no route (a foreign origin's write, a write not in JSON, a write while
      // shutting down), and the per-network read limit.
      api.addHook('onRequest', (request, reply, done) => {
        reply.headers(API_HEADERS);
        // Answers are the reader's own unless a route says a cache may keep them (http/caching.ts).
        reply.header('cache-control', 'no-store');
        if (shuttingDown) {
          reply.header('connection', 'close');
          if (WRITE_METHODS.has(request.method)) {
            done(new HttpError(503, 'server', 'The server is restarting. Try again in a moment.', { retryAfter: 2 }));
            return;
          }
        }
        // a post without JavaScript is a form (urlencoded), an import upload is the file: their routes alone take one
        const form = request.routeOptions.url === `/api${FORM_POST_ROUTE}`;
        const ownBody = form || request.routeOptions.url === `/api${IMPORT_UPLOAD_ROUTE}`;
        const refusal = crossOrigin(request) ?? (ownBody ? null : notJson(request));
        // a form's refusal is a page a browser shows, with the reader's text (its route answers it)
        if (refusal && form) {
          holdFormRefusal(request, refusal);
          done();
        } else if (refusal) done(refusal);
        else if (request.method === 'GET' && limits.limitsReads) limits.read(request).then(() => done(), done);
        else done();
      });
      api.setNotFoundHandler(async () => {
        throw new HttpError(404, 'not_found', 'There is no such endpoint.');
      });
      await api.register(apiRoutes, { storage: store, config, limits, streams, outreach, hub });
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api' },
  );

  app.get('/healthz', { schema: { summary: 'Health: 200 while the database answers, 503 otherwise or while shutting down', tags: ['health'] } }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    if (shuttingDown) return reply.code(503).send({ status: 'shutting-down', storage: db.kind });
    try {
      await Promise.race([
        db.query('select 1'),
        new Promise((_resolve, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
      return { status: 'ok', storage: db.kind };
    } catch (err) {
      logger.error({ err }, 'health check failed');
      return reply.code(503).send({ status: 'database-unavailable', storage: db.kind });
    }
  });

  await app.register(async (pages) => {
    pages.addHook('onRequest', (_request, reply, done) => {
      reply.headers(PAGE_HEADERS);
      done();
    });
    const files = { cacheControl: false, lastModified: false, setHeaders: (reply: { header(name: string, value: string): unknown }) => reply.header('cache-control', 'no-cache') };
    await registerAdminPage(pages);
    if (config.distDir) await pages.register(fastifyStatic, { ...files, root: config.distDir, prefix: '/dist/', decorateReply: false });
    if (config.staticDir && config.renderPages) registerRenderedPage(pages, config.staticDir, store);
    if (config.staticDir) await pages.register(fastifyStatic, { ...files, root: config.staticDir, prefix: '/', decorateReply: false, index: config.renderPages ? false : undefined });
  });
  await app.register(unsubscribeRoutes, { outreach });
  app.setNotFoundHandler(async (_request, reply) => reply.code(404).type('text/plain; charset=utf-8').send('Not found\n'));

  await app.ready();
  outreach.start();

  let closing: Promise<void> | null = null;
  return {
    fastify: app,
    server: app.server,
    store,
    hub,
    outreach,
    config,
    async listen(port = config.port, host = config.host) {
      await app.listen({ port, host });
      const address = app.server.address();
      return typeof address === 'object' && address ? address.port : port;
    },
    close() {
      closing ??= (async () => {
        shuttingDown = true;
        clearInterval(pruning);
        streams.closeAll();
        const closed = app.close();
        if (inFlight > 0) {
          await Promise.race([
            new Promise<void>((resolve) => (onIdle = resolve)),
            new Promise<void>((resolve) => setTimeout(resolve, config.shutdownTimeoutMs).unref()),
          ]);
        }
        app.server.closeAllConnections();
        await closed;
        hub.stop();
        await outreach.close();
        await db.close();
      })();
      return closing;
    },
  };
}
