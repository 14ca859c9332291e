import { HttpError } from './errors.js';

/**
 * Fixed one-minute windows per key, in memory. With several server processes each counts its own
 * share, so the effective limit is the configured one times the number of processes.
 */
export class RateLimiter {
  /** @param {number} perMinute 0 disables the limit */
  constructor(perMinute) {
    this.perMinute = perMinute;
    /** @type {Map<string, { count: number, resetAt: number, tokens?: Set<string> }>} */
    this.windows = new Map();
    this.sweeps = 0;
  }

  /**
   * Counts one request for `key`; throws `429 rate_limited` with the seconds to wait when over.
   * @param {string} key
   * @param {string} what human name of the limited action
   * @param {string} [token] counted once per window: retries of one request (its idempotency
   *   key) racing each other count as one
   * @returns {boolean} whether this request was counted (for `refund`)
   */
  hit(key, what, token) {
    if (this.perMinute === 0) return false;
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + 60_000 };
      this.windows.set(key, window);
      if (++this.sweeps % 1000 === 0) this.#sweep(now);
    }
    if (token !== undefined) {
      window.tokens ??= new Set();
      if (window.tokens.has(token)) return false;
      window.tokens.add(token);
    }
    window.count += 1;
    if (window.count > this.perMinute) {
      const retryAfter = Math.max(1, Math.ceil((window.resetAt - now) / 1000));
      throw new HttpError(429, 'rate_limited', `Too many ${what}. Try again in ${retryAfter} seconds.`, undefined, { retryAfter });
    }
    return true;
  }

  /**
   * Gives back a request that `hit` counted (it returned true) and that turned out not to be a
   * new one: a retried post.
   * @param {string} key @param {string} [token] the token given to `hit`
   */
  refund(key, token) {
    const window = this.windows.get(key);
    if (!window || window.resetAt <= Date.now()) return;
    if (token !== undefined) window.tokens?.delete(token);
    window.count = Math.max(0, window.count - 1);
  }

  /** @param {number} now */
  #sweep(now) {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
