import { createHash } from 'node:crypto';
import { AdapterError, DEFAULT_PAGE_SIZE } from 'confab-comments/model';
import { postErrorPage } from '../http/form-page.js';
import { toProtocolError } from '../http/errors.js';
import { submitComment } from '../posting.js';
import { ThreadParams } from '../schemas/common.js';
import type { Api, Services } from './services.js';

/** The parameter of a page of comments after the first, on a page the server renders. */
export const PAGE_CURSOR_PARAMETER = 'confab-cursor';

/** The route of posts without JavaScript; the API's "JSON only" rule lets it through (app.ts). */
export const FORM_POST_ROUTE = '/threads/:threadId/comments/form';

const refusals = new WeakMap<object, AdapterError>();

/** A refusal of the API's request hook (another origin), for the form route to answer as a page. */
export function holdFormRefusal(request: object, refusal: AdapterError): void {
  refusals.set(request, refusal);
}

/** A form body is a comment and a few fields; more is no comment form. */
const FORM_BODY_LIMIT = 64 * 1024;

/**
 * Posting without JavaScript: the reply form of a server-rendered page is a real
 * `<form method="post">` to this route. It is a thin caller of `submitComment`, the one post path
 * (every rule of a JSON post applies), and answers as a browser needs: a 303 back to the article at
 * `#comment-<id>`, or a plain page with the reason and the reader's text.
 */
export async function formPostRoutes(app: Api, services: Services): Promise<void> {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.post(
    FORM_POST_ROUTE,
    {
      schema: {
        summary: 'Post a comment from an HTML form, without JavaScript (application/x-www-form-urlencoded)',
        description:
          'Fields: body, name, email, parentId, idempotencyKey (hidden, one per form), website (the honeypot), return (the page to come back to). The same rules as a JSON post; the Origin (or Referer) must be this server or an allowed origin. 303 to `return#comment-<id>`, or an HTML page with the error and the text.',
        tags: ['comments'],
        params: ThreadParams,
        consumes: ['application/x-www-form-urlencoded'],
      },
    },
    async (request, reply) => {
      const fields = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, string | undefined>;
      const field = (name: string) => (typeof fields[name] === 'string' ? fields[name] : '');
      const origin = requestOrigin(request.headers.origin, request.headers.referer);
      const returnTo = sameOriginUrl(field('return'), origin) ?? sameOriginUrl(request.headers.referer, origin) ?? null;
      const kept = {
        action: request.url,
        body: field('body'),
        name: field('name'),
        email: field('email'),
        hidden: { idempotencyKey: field('idempotencyKey'), parentId: field('parentId'), return: returnTo ?? '' },
      };
      reply.header('cache-control', 'no-store');
      try {
        // A form can be sent from anywhere: without an Origin (or Referer) saying where, no post.
        // A foreign origin that is not allowed never gets here (app.ts refuses its writes).
        if (!origin) throw new AdapterError('forbidden', 'This form must be sent from the page it is on.');
        const refused = refusals.get(request);
        if (refused) throw refused;
        const { comment } = await submitComment(request, reply, services, {
          threadId: request.params.threadId,
          parentId: field('parentId') || null,
          body: field('body'),
          author: { name: field('name'), ...(field('email') ? { email: field('email') } : {}) },
          honeypot: field('website'),
          idempotencyKey: formKey(field('idempotencyKey'), field('body'), field('name'), field('parentId')),
        });
        const back = new URL(returnTo ?? origin + '/');
        // back to the page of comments the new one is on (a long thread has more than one)
        const cursor = await services.storage.comments.pageCursorOf(
          { threadId: comment.threadId, commentId: comment.id, pageSize: DEFAULT_PAGE_SIZE },
          request.viewer,
        );
        back.searchParams.delete(PAGE_CURSOR_PARAMETER);
        if (cursor) back.searchParams.set(PAGE_CURSOR_PARAMETER, cursor);
        back.hash = `comment-${comment.id}`;
        return reply.code(303).header('location', back.href).send();
      } catch (error) {
        const { status, error: refusal } = toProtocolError(error);
        if (status >= 500) request.log.error({ err: error }, 'form post failed');
        return reply.code(status).type('text/html; charset=utf-8').send(postErrorPage(refusal.message, kept));
      }
    },
  );
}

/**
 * The idempotency key of a form post: the form's hidden key with what was written. A double submit
 * of one form posts once; two readers who got the same cached page (so the same hidden key) but
 * wrote different things are two posts. A missing key stays missing and is refused.
 */
function formKey(key: string, body: string, name: string, parentId: string): string {
  if (!key) return key;
  return 'form:' + createHash('sha256').update(`${key}\0${parentId}\0${name}\0${body}`).digest('base64url').slice(0, 43);
}

/** The origin that sent the form: its Origin header, else its Referer's origin. */
function requestOrigin(origin: string | undefined, referer: string | undefined): string | null {
  for (const candidate of [origin, referer]) {
    if (!candidate || candidate === 'null') continue;
    try {
      return new URL(candidate).origin;
    } catch {
      continue;
    }
  }
  return null;
}

/** `url` when it is an absolute http(s) address on `origin`: no post redirects anywhere else. */
function sameOriginUrl(url: string | undefined, origin: string | null): string | undefined {
  if (!url || !origin) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.origin === origin && /^https?:$/.test(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
