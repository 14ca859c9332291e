import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { renderEmbed } from '../routes/embed.js';
import type { Storage } from '../storage/index.js';

/** An empty element of the page, written as in its source: the server fills these in. */
const THREAD = /<comment-thread thread-id="([^"]+)"><\/comment-thread>/;
const COUNT = /<comment-count thread-id="([^"]+)"><\/comment-count>/;
const REACTIONS = /<reaction-counter thread-id="([^"]+)"><\/reaction-counter>/;

/**
 * Serves `index.html` of the static folder with its `<comment-thread>` (and the article's
 * `<comment-count>` and `<reaction-counter>` for the same thread) rendered in: the comments are in
 * the HTML, readable and postable without JavaScript. `?render=client` (and the demo's in-browser
 * or Arabic variants, which render in the browser) serve the file as it is.
 */
export function registerRenderedPage(pages: FastifyInstance, staticDir: string, storage: Storage): void {
  const handler = async (request: { query: unknown; protocol: string; host: string; url: string}, reply: { type(t: string): unknown; header(n: string, v: string): unknown; send(body: string): unknown }) => {
    const source = await readFile(join(staticDir, 'index.html'), 'utf8');
    const query = new URLSearchParams((request.query ?? {}) as Record<string, string>);
    const threadId = THREAD.exec(source)?.[1];
    reply.type('text/html; charset=utf-8');
    reply.header('cache-control', 'no-cache');
    if (!threadId || query.get('render') === 'client' || query.has('adapter') || query.has('lang')) return reply.send(source);
    const page = `${request.protocol}://${request.host}${request.url.split('#')[0]}`;
    const rendered = await renderEmbed(storage, threadId, { endpoint: '/api', page });
    let html = source.replace(THREAD, () => rendered.thread);
    if (COUNT.exec(source)?.[1] === threadId) html = html.replace(COUNT, () => rendered.count);
    if (REACTIONS.exec(source)?.[1] === threadId) html = html.replace(REACTIONS, () => rendered.reactions);
    return reply.send(html);
  };
  pages.get('/', handler);
  pages.get('/index.html', handler);
}
