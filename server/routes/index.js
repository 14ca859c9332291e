import { Router } from '../http/router.js';
import { adminRoutes } from './admin.js';
import { commentRoutes } from './comments.js';
import { eventRoutes } from './events.js';
import { reactionRoutes } from './reactions.js';
import { reportRoutes } from './reports.js';
import { threadRoutes } from './threads.js';

/**
 * @typedef {object} Services
 * @property {import('../storage/store.js').CommentStore} store
 * @property {import('../events/hub.js').EventHub} hub
 * @property {import('../config.js').Config} config
 * @property {Set<import('node:http').ServerResponse>} streams open SSE responses, ended on shutdown
 * @property {{ posts: import('../http/rate-limit.js').RateLimiter, writes: import('../http/rate-limit.js').RateLimiter, ipWrites: import('../http/rate-limit.js').RateLimiter, ipReads: import('../http/rate-limit.js').RateLimiter }} limits
 */

/** Every API route, relative to `/api`. @param {Services} services */
export function apiRouter(services) {
  const router = new Router();
  commentRoutes(router, services);
  reactionRoutes(router, services);
  reportRoutes(router, services);
  threadRoutes(router, services);
  eventRoutes(router, services);
  adminRoutes(router, services);
  return router;
}
