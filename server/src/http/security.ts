import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import { AdapterError } from 'confab-comments/model';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The API's answers are data: nothing in them may run, be framed or sniffed (@fastify/helmet),
 * and other origins may use it only when listed in ALLOWED_ORIGINS (@fastify/cors), with the
 * viewer's cookie. A write (or its preflight) from an origin that is not listed is refused
 * outright rather than only hidden from the page, so it never reaches the database.
 */
export async function registerApiSecurity(api: FastifyInstance, config: Config): Promise<void> {
  const allowAny = config.allowedOrigins.includes('*');
  const originOf = (request: FastifyRequest): 'none' | 'same' | 'allowed' | 'refused' => {
    const origin = request.headers.origin;
    if (!origin) return 'none';
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return 'refused';
    }
    if (host === request.headers.host) return 'same';
    return allowAny || config.allowedOrigins.includes(origin) ? 'allowed' : 'refused';
  };
  await api.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    // Pages on other origins read the API through CORS; what the site's TLS front sends is its call.
    crossOriginResourcePolicy: false,
    strictTransportSecurity: false,
  });
  await api.register(cors, {
    hook: 'onRequest',
    delegator: (request, callback) => {
      const allowed = originOf(request as FastifyRequest) === 'allowed';
      callback(null, {
        origin: allowed,
        credentials: true,
        methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        allowedHeaders: ['content-type', 'idempotency-key', 'authorization', 'last-event-id', 'if-none-match'],
        exposedHeaders: ['retry-after', 'etag'],
        maxAge: 600,
        strictPreflight: false,
      });
    },
  });
  api.addHook('onRequest', async (request) => {
    if (WRITE_METHODS.has(request.method) && originOf(request) === 'refused') {
      throw new AdapterError('forbidden', 'This origin may not write to the API.');
    }
  });
}

/**
 * The demo pages run under the strict policy confab promises to work with: no inline script, no
 * eval, nothing from other origins except images. The script-tag bundles at `/dist/` may be
 * loaded by pages of other sites.
 */
export async function registerPageSecurity(pages: FastifyInstance): Promise<void> {
  await pages.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'self'"],
      },
    },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: false,
  });
}
