import { isUtf8 } from 'node:buffer';
import { AdapterError } from 'confab-comments/model';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { unsupportedMediaType, type HttpError } from './errors.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Request bodies are JSON only, read by Fastify within the route's byte limit; this parser adds
 * what the protocol asks beyond JSON.parse: the bytes must be valid UTF-8 (a broken sequence is
 * refused, not stored as U+FFFD), an empty body reads as `{}`. And `notJson` tells a write
 * without `Content-Type: application/json`, which is refused even when empty, so a cross-site HTML
 * form (which cannot send that type without a CORS preflight) can never write.
 */
export function registerJsonBody(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (bytes.length === 0) return done(null, {});
    if (!isUtf8(bytes)) return done(new AdapterError('validation', 'The request body is not valid UTF-8.'), undefined);
    parseJson(request, bytes.toString('utf8'), (err, parsed) => {
      if (err) done(new AdapterError('validation', 'The request body is not valid JSON.'), undefined);
      else done(null, parsed);
    });
  });
}

/** The refusal of a write that does not say it sends JSON, or null. */
export function notJson(request: FastifyRequest): HttpError | null {
  return WRITE_METHODS.has(request.method) && !isJson(request.headers['content-type']) ? unsupportedMediaType() : null;
}

function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}
