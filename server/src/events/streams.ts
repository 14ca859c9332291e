import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AdapterEvent } from 'confab-comments/model';
import type { Config } from '../config.js';
import { HttpError } from '../http/errors.js';
import type { Storage } from '../storage/index.js';
import type { EventHub } from './hub.js';

const PING_MS = 25_000;
/** A reader this far behind (bytes waiting in its socket) is dropped; it reconnects and resumes. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * The live event streams of this process (server-sent events). A stream follows one thread
 * (`GET /threads/:id/events`) or several (`GET /events?thread=a&thread=b`): a page with many
 * widgets holds one connection for all of them, as browsers keep only about six per origin.
 *
 * Ids are positions in the one sequence of every thread, so `Last-Event-ID` resumes a stream of
 * any threads: the events after it are replayed first, then the live ones follow. When that cannot
 * be done (the id is too old, unknown, or too far behind) the stream opens with `event: reset`
 * for each thread instead: the client reloads what it shows, then follows the live events.
 */
export class EventStreams {
  private readonly open = new Set<ServerResponse>();
  private readonly perIp = new Map<string, number>();
  private readonly ping: ReturnType<typeof setInterval>;

  constructor(
    private readonly storage: Storage,
    private readonly hub: EventHub,
    private readonly config: Config,
  ) {
    // One timer for every stream: a comment line keeps proxies from closing an idle connection.
    this.ping = setInterval(() => {
      for (const res of this.open) write(res, ': ping\n\n');
    }, PING_MS);
    this.ping.unref();
  }

  /**
   * Opens a stream on `reply` for `threadIds`. `several`: the multi-thread endpoint, which also
   * sends `event: ready` carrying the position the stream starts from, so a client that changes
   * its set of threads can reconnect from exactly there.
   */
  async start(request: FastifyRequest, reply: FastifyReply, threadIds: readonly string[], several: boolean): Promise<void> {
    const given = request.headers['last-event-id'] ?? (request.query as { lastEventId?: string }).lastEventId;
    const resumeFrom = typeof given === 'string' && given !== '' ? given : null;
    const ip = request.ip;
    const open = this.perIp.get(ip) ?? 0;
    if (this.config.sseMaxPerIp > 0 && open >= this.config.sseMaxPerIp) {
      throw new HttpError(429, 'rate_limited', 'Too many live connections from your network.', { retryAfter: 30 });
    }
    this.perIp.set(ip, open + 1);

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    res.write('retry: 3000\n\n');

    /** live events held back while older ones replay */
    let held: [string, string][] | null = [];
    const listener = (id: string, _event: AdapterEvent, frame: string) => {
      if (held) held.push([id, frame]);
      else write(res, frame);
    };
    const unsubscribe = threadIds.map((threadId) => this.hub.subscribe(threadId, listener));
    this.open.add(res);
    res.on('close', () => {
      for (const stop of unsubscribe) stop();
      this.open.delete(res);
      const left = (this.perIp.get(ip) ?? 1) - 1;
      if (left > 0) this.perIp.set(ip, left);
      else this.perIp.delete(ip);
    });

    // Everything up to here has been handed on by the hub: replayed from the table, the rest
    // arrives live (held meanwhile).
    const upTo = this.hub.position;
    const replayed = new Set<string>();
    /** Live events at or below it were seen already (replayed, or before the reconnect). */
    let seen = -1n;
    let position = upTo;
    if (resumeFrom !== null) {
      const events = /^\d{1,18}$/.test(resumeFrom) ? await this.storage.events.after(threadIds, resumeFrom, upTo) : null;
      if (events) {
        seen = BigInt(resumeFrom);
        if (seen > BigInt(upTo)) position = resumeFrom;
        for (const { id, event } of events) {
          replayed.add(id);
          write(res, `id: ${id}\ndata: ${JSON.stringify(event)}\n\n`);
        }
      } else {
        for (const threadId of threadIds) write(res, `event: reset\nid: ${upTo}\ndata: ${JSON.stringify({ type: 'reset', threadId })}\n\n`);
        position = '';
      }
    }
    if (several && position) write(res, `event: ready\nid: ${position}\ndata: {"type":"ready"}\n\n`);
    // Without a resume point yet: a position (no event), so the browser resumes from it if the
    // connection drops.
    else if (resumeFrom === null) write(res, `id: ${upTo}\n\n`);
    const pending = held;
    held = null;
    for (const [id, frame] of pending) if (!replayed.has(id) && BigInt(id) > seen) write(res, frame);
  }

  /** Ends every stream (at shutdown): the browsers reconnect to another process or after the restart. */
  closeAll(): void {
    clearInterval(this.ping);
    for (const res of this.open) res.end();
  }
}

function write(res: ServerResponse, text: string): void {
  if (res.writableEnded || res.destroyed) return;
  if (res.writableLength > MAX_BUFFERED_BYTES) {
    res.destroy();
    return;
  }
  res.write(text);
}
