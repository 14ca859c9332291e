import { AdapterError, type AdapterErrorCode, type Comment } from 'confab-comments/model';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../log.js';

/**
 * The one place where errors become HTTP. Storage and the shared rules throw the model's
 * `AdapterError` (the same codes the browser adapters use); Fastify throws its own for bodies and
 * schemas; each becomes the protocol's `{ error: { code, message, field?, current?, retryAfter? } }`
 * with the status of its code.
 */
const STATUS_OF: Record<AdapterErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unsupported: 415,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  server: 500,
  network: 502,
  timeout: 504,
  aborted: 499,
};

/** An error only HTTP has (a method not allowed, a server shutting down): it names its status. */
export class HttpError extends AdapterError {
  constructor(
    readonly status: number,
    code: AdapterErrorCode,
    message: string,
    details: { field?: string; retryAfter?: number } = {},
  ) {
    super(code, message, details);
  }
}

export interface ErrorBody {
  error: { code: AdapterErrorCode; message: string; field?: string; current?: Comment; retryAfter?: number };
}

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** Fastify's error handler: every failed request answers with the protocol's error body. */
export function errorHandler(logger: Logger) {
  return (raw: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    const { status, error } = toProtocolError(raw);
    if (status >= 500 && !(raw instanceof HttpError)) {
      logger.error({ err: raw, method: request.method, path: request.url.split('?')[0] }, 'request failed');
    }
    if (error.retryAfter !== undefined) reply.header('retry-after', String(error.retryAfter));
    // A refused body may still be on its way: do not read it into a kept-alive connection.
    if (status === 413) reply.header('connection', 'close');
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.field) body.error.field = error.field;
    if (error.current) body.error.current = error.current;
    if (error.retryAfter !== undefined) body.error.retryAfter = error.retryAfter;
    reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
  };
}

export function toProtocolError(raw: unknown): { status: number; error: AdapterError } {
  if (raw instanceof HttpError) return { status: raw.status, error: raw };
  if (raw instanceof AdapterError) return { status: STATUS_OF[raw.code], error: raw };
  const fastify = raw as Partial<FastifyError> & { validation?: AjvError[]; validationContext?: string };
  if (fastify.validation && fastify.validation.length > 0) {
    return { status: 400, error: validationError(fastify.validation[0] as AjvError, fastify.validationContext ?? 'body') };
  }
  switch (fastify.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, error: new AdapterError('too_large', 'The request body is too large.') };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, error: unsupportedMediaType() };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, error: new AdapterError('validation', 'The request body is not valid JSON.') };
    default:
      break;
  }
  const status = typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 ? fastify.statusCode : 500;
  if (status === 404) return { status, error: new AdapterError('not_found', 'There is no such endpoint.') };
  if (status < 500) return { status, error: new AdapterError('validation', fastify.message || 'The request is not valid.') };
  return { status: 500, error: new AdapterError('server', 'Something went wrong on the server.') };
}

export const unsupportedMediaType = (): HttpError =>
  new HttpError(415, 'unsupported', 'Send the request body as JSON with Content-Type: application/json.');

/** A schema's refusal as the protocol says it: `field` is the dotted path (`author.url`, `[3].id`). */
function validationError(error: AjvError, context: string): AdapterError {
  const params = error.params;
  const segments = error.instancePath.split('/').slice(1).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') segments.push(params.missingProperty);
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') segments.push(params.additionalProperty);
  // In a body, `[3].id` names the item; a repeated query parameter (`?thread=a&thread=b`) is named alone.
  const body = context === 'body';
  let field = segments.reduce(
    (path, segment) => (/^\d+$/.test(segment) ? (body ? `${path}[${segment}]` : path) : path ? `${path}.${segment}` : segment),
    '',
  );
  if (context === 'headers' && field === 'idempotency-key') field = 'idempotencyKey';
  const name = label(field);
  const limit = params.limit;
  let message: string;
  switch (error.keyword) {
    case 'required':
      message = `${name} is required.`;
      break;
    case 'additionalProperties':
      message = `Unknown or read-only field "${field}".`;
      break;
    case 'enum':
      message = `${name} must be one of: ${(params.allowedValues as unknown[]).join(', ')}.`;
      break;
    case 'type':
      message = field ? `${name} must be ${article(String(params.type))}.` : `The request ${context} must be ${article(String(params.type))}.`;
      break;
    case 'minLength':
      message = limit === 1 ? `${name} must not be empty.` : `${name} must be at least ${limit} characters.`;
      break;
    case 'maxLength':
      message = `${name} must be at most ${limit} characters.`;
      break;
    case 'minimum':
      message = `${name} must be a whole number of at least ${limit}.`;
      break;
    case 'maximum':
      message = `${name} must be at most ${limit}.`;
      break;
    case 'minItems':
      message = `Name at least ${limit} ${field || 'item'}.`;
      break;
    case 'maxItems':
      message = field ? `At most ${limit} of ${field} per request.` : `At most ${limit} per request.`;
      break;
    default:
      message = `${name} is not valid.`;
  }
  return new AdapterError('validation', message, field ? { field } : {});
}

function article(type: string): string {
  switch (type) {
    case 'integer':
      return 'a whole number';
    case 'object':
      return 'a JSON object';
    case 'array':
      return 'a list';
    default:
      return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
  }
}

/** `author.name` → `Name`, `[0].createdAt` → `CreatedAt`, for messages. */
function label(field: string): string {
  const name = field.split('.').at(-1)?.replace(/\[\d+\]/g, '') || 'Value';
  return name.charAt(0).toUpperCase() + name.slice(1);
}
