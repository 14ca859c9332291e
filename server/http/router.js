import { HttpError } from './errors.js';

/**
 * @typedef {import('./context.js').Context} Context
 * @typedef {(ctx: Context) => Promise<void> | void} Handler
 */

/** Matches `/threads/:threadId/comments`-style patterns; each `:name` is one decoded segment. */
export class Router {
  constructor() {
    /** @type {{ method: string, segments: string[], handler: Handler }[]} */
    this.routes = [];
  }

  /** @param {string} method @param {string} pattern @param {Handler} handler */
  on(method, pattern, handler) {
    this.routes.push({ method, segments: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  /**
   * @param {string} method
   * @param {string} path
   * @returns {{ handler: Handler, params: Record<string, string> } | null} null: no such path
   */
  match(method, path) {
    const parts = path.split('/').filter(Boolean);
    let pathExists = false;
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      /** @type {Record<string, string>} */
      const params = {};
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const segment = route.segments[i];
        if (segment.startsWith(':')) params[segment.slice(1)] = decodeSegment(parts[i]);
        else ok = segment === parts[i];
      }
      if (!ok) continue;
      pathExists = true;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { handler: route.handler, params };
    }
    if (pathExists) throw new HttpError(405, 'unsupported', `${method} is not allowed here.`);
    return null;
  }
}

/** @param {string} segment */
function decodeSegment(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'validation', 'The path is not correctly encoded.');
  }
}
