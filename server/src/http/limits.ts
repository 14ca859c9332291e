import rateLimit from '@fastify/rate-limit';
import { AdapterError } from 'confab-comments/model';
import type { FastifyRequest } from 'fastify';
import type { Api } from '../routes/services.js';
import type { Config } from '../config.js';

type Limiter = (request: FastifyRequest) => Promise<{ isAllowed: boolean; isExceeded?: boolean; ttlInSeconds?: number }>;

/** Keys a limiter has counted in its current window, so a retry of the same request counts once. */
class CountedOnce {
  private readonly seen = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  has(key: string): boolean {
    const until = this.seen.get(key);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.seen.delete(key);
    return false;
  }

  add(key: string): void {
    if (this.seen.size >= 100_000) for (const [old, until] of this.seen) if (until <= Date.now()) this.seen.delete(old);
    this.seen.set(key, Date.now() + this.windowMs);
  }

  delete(key: string): void {
    this.seen.delete(key);
  }
}

const WINDOW_MS = 60_000;

/**
 * The abuse limits, per minute, counted by @fastify/rate-limit in this process (with several
 * processes, each counts its own share): writes and reads per network, posts and other writes per
 * viewer, and the new guest identities a network is given, so that a client dropping its cookie
 * gets no more than one keeping it. A limit of 0 is off.
 */
export class Limits {
  private readonly limiters = new Map<string, Limiter>();
  /** posts already counted, by viewer and idempotency key: their retries are free */
  private readonly postsCounted = new CountedOnce(WINDOW_MS);
  /** guest ids already counted for a network: a first post's retry is the same guest */
  private readonly guestsCounted = new CountedOnce(WINDOW_MS);

  private constructor() {}

  static async register(app: Api, config: Config): Promise<Limits> {
    await app.register(rateLimit, { global: false, cache: 50_000 });
    const limits = new Limits();
    const { postsPerMinute, writesPerMinute, ipWritesPerMinute, ipReadsPerMinute, newViewersPerMinute } = config.rateLimits;
    const viewerKey = (request: FastifyRequest) => request.viewer.id ?? request.ip;
    const make = (name: string, max: number, options: Record<string, unknown> = {}) => {
      if (max > 0) limits.limiters.set(name, app.createRateLimit({ max, timeWindow: WINDOW_MS, ...options }) as unknown as Limiter);
    };
    make('ipWrites', ipWritesPerMinute);
    make('ipReads', ipReadsPerMinute);
    make('newViewers', newViewersPerMinute);
    make('writes', writesPerMinute, { keyGenerator: viewerKey });
    make('posts', postsPerMinute, { keyGenerator: viewerKey });
    return limits;
  }

  /** Whether reads are limited at all (RATE_LIMIT_IP_READS). */
  get limitsReads(): boolean {
    return this.limiters.has('ipReads');
  }

  /** One read from the client's network. */
  read(request: FastifyRequest): Promise<void> {
    return this.hit('ipReads', request, 'requests from your network');
  }

  /** One write from the client's network. */
  write(request: FastifyRequest): Promise<void> {
    return this.hit('ipWrites', request, 'requests from your network');
  }

  /** One change (reaction, edit, delete, report) by the viewer. */
  change(request: FastifyRequest, what: string): Promise<void> {
    return this.hit('writes', request, what);
  }

  /**
   * One post by the viewer, counted once per idempotency key: racing retries and retries of a
   * post that went through do not count again. Resolves false when over the limit (the caller
   * answers a retry it can find, else refuses with `refusal()`).
   */
  async post(request: FastifyRequest, idempotencyKey: string): Promise<{ allowed: boolean; retryAfter: number }> {
    const limiter = this.limiters.get('posts');
    const key = `${request.viewer.id ?? request.ip}\n${idempotencyKey}`;
    if (!limiter || this.postsCounted.has(key)) return { allowed: true, retryAfter: 0 };
    // Marked before the count is awaited: a racing retry of the same post finds it and is free.
    this.postsCounted.add(key);
    const result = await limiter(request);
    if (!result.isExceeded) return { allowed: true, retryAfter: 0 };
    // Refused, so not counted: its retry is counted afresh.
    this.postsCounted.delete(key);
    return { allowed: false, retryAfter: Math.max(1, result.ttlInSeconds ?? 60) };
  }

  /** A new guest identity for the client's network (counted once per guest id in a window). */
  async newGuest(request: FastifyRequest, guestId: string): Promise<void> {
    if (this.guestsCounted.has(guestId)) return;
    await this.hit('newViewers', request, 'new visitors from your network');
    this.guestsCounted.add(guestId);
  }

  private async hit(name: string, request: FastifyRequest, what: string): Promise<void> {
    const limiter = this.limiters.get(name);
    if (!limiter) return;
    const result = await limiter(request);
    if (result.isExceeded) throw rateLimited(what, result.ttlInSeconds ?? 60);
  }
}

export function rateLimited(what: string, seconds: number): AdapterError {
  const retryAfter = Math.max(1, seconds);
  return new AdapterError('rate_limited', `Too many ${what}. Try again in ${retryAfter} seconds.`, { retryAfter });
}
