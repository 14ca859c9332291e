import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The moderation dashboard's files, built next to the server (server/dist/admin). */
export const ADMIN_PAGE_DIR = new URL('../admin/', import.meta.url);

/**
 * Serves the dashboard at `/admin/` (and `/admin` redirects there). The page holds no secret: what
 * it shows comes from the admin API, behind the moderator's session.
 */
export async function registerAdminPage(pages: FastifyInstance): Promise<void> {
  const root = ADMIN_PAGE_DIR.pathname;
  if (!existsSync(root)) return;
  pages.get('/admin', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/admin/'));
  await pages.register(fastifyStatic, {
    root,
    prefix: '/admin/',
    decorateReply: false,
    cacheControl: false,
    lastModified: false,
    setHeaders: (reply: { header(name: string, value: string): unknown }) => reply.header('cache-control', 'no-cache'),
  });
}
