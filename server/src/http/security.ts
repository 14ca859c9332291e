import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from '@fastify/cors';
import { AdapterError } from 'confab-comments/model';
import type { FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { Config } from '../config.js';
import type { Api } from '../routes/services.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The headers `helmet` sets for these options. Helmet decides the security headers; they depend
 * on nothing in the request, so they are worked out once and every response gets the same set
 * (@fastify/helmet would run helmet's middleware chain again for every request: a measurable
 * share of a cached read's time and garbage).
 */
export function helmetHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => {});
  return headers;
}

/**
 * Data answers: nothing in them may run, be framed or sniffed. The headers that only concern
 * documents (opener and agent-cluster isolation, DNS prefetch, download and legacy XSS filter
 * switches) are left out: an answer of a read is written tens of thousands of times a second.
 */
export const API_HEADERS = helmetHeaders({
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  // Pages on other origins read the API through CORS; what the site's TLS front sends is its call.
  crossOriginResourcePolicy: false,
  strictTransportSecurity: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
});

/**
 * The demo pages run under the strict policy confab promises to work with: no inline script, no
 * eval, nothing from other origins except images. The script-tag bundles at `/dist/` may be
 * loaded by pages of other sites.
 */
export const PAGE_HEADERS = helmetHeaders({
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

/**
 * Other origins may use the API only when listed in ALLOWED_ORIGINS (@fastify/cors), with the
 * viewer's cookie. A write (or its preflight) from an origin that is not listed is refused
 * outright rather than only hidden from the page, so it never reaches the database: the returned
 * check says so for a request, run by the API's one request hook (app.ts).
 */
export async function registerCors(api: Api, config: Config): Promise<(request: FastifyRequest) => AdapterError | null> {
  const allowAny = config.allowedOrigins.includes('*');
  const listed = (origin: string) => allowAny || config.allowedOrigins.includes(origin);
  await api.register(cors, {
    hook: 'onRequest',
    // Same-origin requests need no CORS headers: only listed origins get them.
    origin: (origin, callback) => callback(null, origin !== undefined && listed(origin)),
    credentials: true,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['content-type', 'idempotency-key', 'authorization', 'last-event-id', 'if-none-match'],
    exposedHeaders: ['retry-after', 'etag'],
    maxAge: 600,
    strictPreflight: false,
  });
  return (request) => (WRITE_METHODS.has(request.method) && refused(request, listed) ? forbidden() : null);
}

const forbidden = () => new AdapterError('forbidden', 'This origin may not write to the API.');

/** A request from another origin that is not listed (or from an origin that is not a URL). */
function refused(request: FastifyRequest, listed: (origin: string) => boolean): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  try {
    if (new URL(origin).host === request.headers.host) return false;
  } catch {
    return true;
  }
  return !listed(origin);
}
