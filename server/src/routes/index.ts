import { HttpError } from '../http/errors.js';
import { outreachRoutes } from '../mail/routes.js';
import { AdminSessions } from '../http/admin-session.js';
import { adminRoutes } from './admin.js';
import { adminDeskRoutes, adminSessionRoutes } from './admin-desk.js';
import { adminImportRoutes } from './admin-imports.js';
import { commentRoutes } from './comments.js';
import { embedRoutes } from './embed.js';
import { formPostRoutes } from './form-posts.js';
import { eventRoutes } from './events.js';
import { reactionRoutes } from './reactions.js';
import { reportRoutes } from './reports.js';
import type { Api, Services } from './services.js';
import { threadRoutes } from './threads.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * Every API route, relative to `/api`, each module in a context of its own (so the admin routes'
 * token check applies to them alone). A new area registers here. A path that exists answers
 * other methods with `405 unsupported`, as the protocol says.
 */
export async function apiRoutes(app: Api, services: Services): Promise<void> {
  const methodsOf = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    const path = route.routePath;
    if (!path || path === '/*') return;
    const methods = methodsOf.get(path) ?? new Set<string>();
    for (const method of [route.method].flat()) methods.add(method);
    methodsOf.set(path, methods);
  });

  await app.register(commentRoutes, services);
  await app.register(reactionRoutes, services);
  await app.register(reportRoutes, services);
  await app.register(threadRoutes, services);
  await app.register(embedRoutes, services);
  await app.register(formPostRoutes, services);
  await app.register(eventRoutes, services);
  const sessions = new AdminSessions(services.config, services.storage);
  await app.register(adminRoutes, { ...services, sessions });
  await app.register(adminSessionRoutes, { ...services, sessions });
  await app.register(adminDeskRoutes, { ...services, sessions });
  await app.register(adminImportRoutes, { ...services, sessions });
  await app.register(outreachRoutes, { ...services, sessions });

  await app.register(async (rest) => {
    for (const [url, methods] of methodsOf) {
      // A GET route answers HEAD too.
      const others = METHODS.filter((method) => !methods.has(method) && !(method === 'HEAD' && methods.has('GET')));
      if (others.length === 0) continue;
      rest.route({
        method: others,
        url,
        schema: { hide: true },
        handler: async (request) => {
          throw new HttpError(405, 'unsupported', `${request.method} is not allowed here.`);
        },
      });
    }
  });
}
