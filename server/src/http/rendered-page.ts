import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AdapterError } from 'confab-comments/model';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderEmbed } from '../routes/embed.js';
import { PAGE_CURSOR_PARAMETER } from '../routes/form-posts.js';
import { ANONYMOUS } from '../storage/rows.js';
import type { Storage } from '../storage/index.js';
import { identifies } from './viewer.js';

/** An empty element of the page, written as in its source: the server fills these in. */
const THREAD = /<comment-thread thread-id="([^"]+)"><\/comment-thread>/;
const COUNT = /<comment-count thread-id="([^"]+)"><\/comment-count>/;
const REACTIONS = /<reaction-counter thread-id="([^"]+)"><\/reaction-counter>/;


/**
 * Serves `index.html` of the static folder with its `<comment-thread>` (and the article's
 * `<comment-count>` and `<reaction-counter>` for the same thread) rendered in: the comments are in
 * the HTML, readable and postable without JavaScript, and `?confab-cursor=…` renders a further
 * page. A reader with a cookie gets their own state in it (their reactions, Edit on their
 * comments), so the page is rendered for each request and never shared by a cache.
 * `?render=client` (and the demo's in-browser or other-language variants, which render in the
 * browser) serve the file as it is.
 */
export function registerRenderedPage(pages: FastifyInstance, staticDir: string, storage: Storage): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const source = await readFile(join(staticDir, 'index.html'), 'utf8');
    const query = new URLSearchParams((request.query ?? {}) as Record<string, string>);
    const threadId = THREAD.exec(source)?.[1];
    reply.type('text/html; charset=utf-8');
    reply.header('vary', 'Cookie, Authorization');
    if (!threadId || query.get('render') === 'client' || query.has('adapter') || query.has('lang')) {
      reply.header('cache-control', 'no-cache');
      return reply.send(source);
    }
    const personal = identifies(request);
    reply.header('cache-control', personal ? 'private, no-cache' : 'no-cache');
    const page = `${request.protocol}://${request.host}${request.url.split('#')[0]}`;
    const viewer = personal ? request.viewer : ANONYMOUS;
    const options = { endpoint: '/api', page, cursor: query.get(PAGE_CURSOR_PARAMETER) };
    const rendered = await renderEmbed(storage, threadId, options, viewer).catch((error: unknown) => {
      // a cursor that is no cursor (edited, or from an older server) opens the first page
      if (error instanceof AdapterError && error.code === 'validation' && options.cursor) {
        return renderEmbed(storage, threadId, { ...options, cursor: null }, viewer);
      }
      throw error;
    });
    let html = source.replace(THREAD, () => rendered.thread);
    if (COUNT.exec(source)?.[1] === threadId) html = html.replace(COUNT, () => rendered.count);
    if (REACTIONS.exec(source)?.[1] === threadId) html = html.replace(REACTIONS, () => rendered.reactions);
    return reply.send(html);
  };
  pages.get('/', handler);
  pages.get('/index.html', handler);
}
