import {
  AdapterError,
  type BackendSettings,
  type AdapterErrorCode,
  type AdapterEvent,
  type CommentAdapter,
  type DeleteRequest,
  type EditRequest,
  type ListPage,
  type ListRequest,
  type LocateRequest,
  type PostRequest,
  type PowChallenge,
  type ReactionState,
  type ReactionTarget,
  type ReactRequest,
  type ReportCommentRequest,
  type TypoReportRequest,
  type TypoReportResult,
} from '../model/adapter.js';
import type { Comment } from '../model/comment.js';
import { MAX_THREADS_PER_REQUEST } from '../model/rules.js';
import { abortError, sleep, throwIfAborted } from './abort.js';

export interface RestAdapterOptions {
  /** Base URL of the API, e.g. `https://comments.example.com/api` (or `/api` on the same site). */
  endpoint: string;
  /** Time allowed for one request before it fails with `timeout`. Default 10 000 ms. */
  timeoutMs?: number;
  /** Extra attempts for idempotent calls after a network, timeout, 5xx or 429 failure. Default 2. */
  retries?: number;
  /** The fetch to use (tests, other runtimes). Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** The EventSource to use for live events. Default: the global one; none disables `subscribe`. */
  EventSource?: typeof EventSource;
  /**
   * A signed user token from the site's own login (see docs/protocol.md, "Identity"), or a
   * function returning the current one. Sent as `Authorization: Bearer`.
   */
  userToken?: string | (() => string | null | undefined);
}

interface RequestOptions {
  query?: Record<string, string | number | null | undefined | string[]>;
  body?: unknown;
  signal?: AbortSignal;
  /** Safe to repeat after a failure: reads, PUT/DELETE toggles, posts with an idempotency key. */
  idempotent?: boolean;
  headers?: Record<string, string>;
}

type Listener = (event: AdapterEvent) => void;

/** One event stream (`GET /events?thread=…`): the threads it carries and where it has got to. */
interface LiveStream {
  threads: Set<string>;
  source: EventSource | null;
  /** the last id the stream carried (an event, or the position in `ready`/`reset`) */
  lastEventId: string | null;
  reconnectTimer: ReturnType<typeof setTimeout> | null;
  failures: number;
  /** its threads changed: reconnect with the new set, from `lastEventId` */
  dirty: boolean;
  /** the threads `source` was opened with */
  connectedWith: string;
}

const CODE_BY_STATUS: Record<number, AdapterErrorCode> = {
  400: 'validation',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'unsupported',
  409: 'conflict',
  413: 'too_large',
  415: 'unsupported',
  429: 'rate_limited',
};

/** Every `AdapterErrorCode`: those a status maps to, and those that need no status. */
const KNOWN_CODES = new Set<AdapterErrorCode>([...Object.values(CODE_BY_STATUS), 'network', 'timeout', 'aborted', 'server']);

/** Longest server-requested wait (Retry-After) a retry will sit through before giving up. */
const MAX_RETRY_WAIT_MS = 10_000;
/**
 * Longest query string of thread ids in one request (counts, the event stream): servers and
 * proxies refuse request lines of 8 kB or more, and ids may be up to 200 characters.
 */
const MAX_THREADS_QUERY = 6000;

/**
 * Talks to confab's reference server, or any backend implementing docs/protocol.md, with `fetch`
 * and `EventSource`. Reads and idempotent writes are retried with backoff; live events resume
 * after a dropped connection from the last event seen. Never touches the DOM.
 */
export class RestAdapter implements CommentAdapter {
  private readonly _endpoint: string;
  private readonly _timeoutMs: number;
  private readonly _retries: number;
  private readonly _fetch: typeof fetch;
  private readonly _EventSource: typeof EventSource | undefined;
  private readonly _userToken: RestAdapterOptions['userToken'];
  /** live listeners by thread */
  private readonly _listeners = new Map<string, Set<Listener>>();
  /** the event streams: one for a page's threads, another per MAX_THREADS_PER_REQUEST more */
  private readonly _streams = new Set<LiveStream>();
  private _syncTimer: ReturnType<typeof setTimeout> | null = null;
  private _settings: Promise<BackendSettings> | undefined;

  constructor(options: RestAdapterOptions) {
    if (!options || typeof options.endpoint !== 'string' || options.endpoint.trim() === '') {
      throw new TypeError('RestAdapter needs an endpoint, e.g. new RestAdapter({ endpoint: "/api" })');
    }
    this._endpoint = options.endpoint.trim().replace(/\/+$/, '');
    this._timeoutMs = options.timeoutMs ?? 10_000;
    this._retries = Math.max(0, options.retries ?? 2);
    // Bound: a bare `fetch` reference called as a method of another object throws "Illegal invocation".
    this._fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this._EventSource = options.EventSource ?? globalThis.EventSource;
    this._userToken = options.userToken;
  }

  async list(request: ListRequest): Promise<ListPage> {
    const page = await this._request<ListPage>('GET', `${threadPath(request.threadId)}/comments`, {
      query: {
        parentId: request.parentId ?? undefined,
        sort: request.sort,
        cursor: request.cursor ?? undefined,
        limit: request.limit,
        replies: request.replies || undefined,
      },
      signal: request.signal,
      idempotent: true,
    });
    if (!page || !Array.isArray(page.comments)) throw unexpected();
    return page;
  }

  async post(request: PostRequest): Promise<Comment> {
    // empty optional fields are left out (JSON has no undefined)
    const body = {
      parentId: request.parentId ?? null,
      body: request.body,
      author: request.author,
      honeypot: request.honeypot || undefined,
      notify: request.notify || undefined,
      challenge: request.challenge || undefined,
    };
    return this._comment(
      this._request('POST', `${threadPath(request.threadId)}/comments`, {
        body,
        signal: request.signal,
        idempotent: true,
        headers: { 'idempotency-key': request.idempotencyKey },
      }),
    );
  }

  /** GET /config, asked once per adapter (again after a failure). */
  settings(options: { signal?: AbortSignal } = {}): Promise<BackendSettings> {
    return (this._settings ??= this._request<BackendSettings>('GET', '/config', { signal: options.signal, idempotent: true }).catch((error: unknown) => {
      this._settings = undefined;
      throw error;
    }));
  }

  challenge(options: { signal?: AbortSignal } = {}): Promise<PowChallenge> {
    return this._request<PowChallenge>('GET', '/challenge', { signal: options.signal, idempotent: true });
  }

  async edit(request: EditRequest): Promise<Comment> {
    const body: Record<string, unknown> = { body: request.body };
    if (request.expectedEditedAt) body.expectedEditedAt = request.expectedEditedAt;
    return this._comment(
      this._request('PATCH', commentPath(request.threadId, request.commentId), {
        body,
        signal: request.signal,
      }),
    );
  }

  async delete(request: DeleteRequest): Promise<Comment | null> {
    const result = await this._request<{ placeholder: Comment | null }>(
      'DELETE',
      commentPath(request.threadId, request.commentId),
      { body: {}, signal: request.signal },
    );
    if (!result || typeof result !== 'object') throw unexpected();
    return result.placeholder ?? null;
  }

  async getReactions(request: ReactionTarget & { signal?: AbortSignal }): Promise<ReactionState> {
    return this._reactionState(
      this._request('GET', reactionsPath(request), { signal: request.signal, idempotent: true }),
    );
  }

  async react(request: ReactRequest): Promise<ReactionState> {
    return this._reactionState(
      this._request(request.active ? 'PUT' : 'DELETE', `${reactionsPath(request)}/${enc(request.reaction)}`, {
        body: {},
        signal: request.signal,
        idempotent: true,
      }),
    );
  }

  async count(threadIds: string[], options: { signal?: AbortSignal } = {}): Promise<Record<string, number>> {
    const unique = [...new Set(threadIds)];
    const counts: Record<string, number> = {};
    for (const batch of threadBatches(unique)) {
      const result = await this._request<{ counts: Record<string, number> }>('GET', '/counts', {
        query: { thread: batch },
        signal: options.signal,
        idempotent: true,
      });
      if (!result || typeof result.counts !== 'object') throw unexpected();
      Object.assign(counts, result.counts);
    }
    if (unique.length === 0) throwIfAborted(options.signal, true);
    return counts;
  }

  async locate(request: LocateRequest): Promise<Comment[]> {
    const result = await this._request<{ comments: Comment[] }>(
      'GET',
      `${commentPath(request.threadId, request.commentId)}/path`,
      { signal: request.signal, idempotent: true },
    );
    if (!result || !Array.isArray(result.comments)) throw unexpected();
    return result.comments;
  }

  async reportComment(request: ReportCommentRequest): Promise<void> {
    const body: Record<string, unknown> = { reason: request.reason };
    if (request.note) body.note = request.note;
    await this._request('POST', `${commentPath(request.threadId, request.commentId)}/reports`, {
      body,
      signal: request.signal,
      // one report per viewer and comment: repeating it changes nothing
      idempotent: true,
    });
  }

  async reportTypo(request: TypoReportRequest): Promise<TypoReportResult> {
    const body: Record<string, unknown> = { url: request.url, quote: request.quote };
    if (request.threadId) body.threadId = request.threadId;
    if (request.suggestion) body.suggestion = request.suggestion;
    if (request.comment) body.comment = request.comment;
    const result = await this._request<TypoReportResult>('POST', '/typos', {
      body,
      signal: request.signal,
      idempotent: true,
    });
    if (!result || typeof result.id !== 'string') throw unexpected();
    return result;
  }

  /**
   * Live events. Every thread subscribed through this adapter shares one EventSource
   * (`GET /events?thread=a&thread=b…`, up to MAX_THREADS_PER_REQUEST threads a stream): browsers
   * keep about six connections per origin, and a page of many badges must not use them all up.
   * Subscribing and unsubscribing change the set at the next tick, all changes of one tick at
   * once: the stream reconnects with the new set from the last event id it saw, and the server
   * replays what came in between, so no event is lost. The browser reconnects on its own and
   * sends `Last-Event-ID`; when it gives up (an HTTP error), this reconnects with backoff. When
   * the server cannot replay the missed events, the thread's listeners get `{ type: 'reset' }`.
   */
  subscribe(threadId: string, listener: (event: AdapterEvent) => void): () => void {
    if (!this._EventSource) return () => {};
    let listeners = this._listeners.get(threadId);
    if (!listeners) {
      this._listeners.set(threadId, (listeners = new Set()));
      this._streamFor(threadId);
    }
    const entry: Listener = (event) => listener(event);
    listeners.add(entry);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      const current = this._listeners.get(threadId);
      if (!current?.delete(entry) || current.size > 0) return;
      this._listeners.delete(threadId);
      for (const stream of this._streams) {
        if (stream.threads.delete(threadId)) this._changed(stream);
      }
    };
  }

  /** Adds a thread to a stream with room for it, or to a new one. */
  private _streamFor(threadId: string): void {
    for (const stream of this._streams) {
      if (fits([...stream.threads, threadId])) {
        stream.threads.add(threadId);
        this._changed(stream);
        return;
      }
    }
    const stream: LiveStream = {
      threads: new Set([threadId]),
      source: null,
      lastEventId: null,
      reconnectTimer: null,
      failures: 0,
      dirty: false,
      connectedWith: '',
    };
    this._streams.add(stream);
    this._changed(stream);
  }

  private _changed(stream: LiveStream): void {
    stream.dirty = true;
    this._syncTimer ??= setTimeout(() => {
      this._syncTimer = null;
      for (const each of [...this._streams]) if (each.dirty) this._sync(each);
    });
  }

  private _sync(stream: LiveStream): void {
    if (stream.threads.size === 0) {
      stream.source?.close();
      if (stream.reconnectTimer) clearTimeout(stream.reconnectTimer);
      this._streams.delete(stream);
      return;
    }
    const open = stream.source !== null && stream.source.readyState !== 2; /* CLOSED */
    if (open && stream.connectedWith === [...stream.threads].join('\n')) {
      stream.dirty = false;
      return;
    }
    // Open but not yet told where it starts: reconnecting now could skip events of its threads.
    // It reconnects when its `ready` arrives.
    if (open && stream.lastEventId === null) return;
    stream.dirty = false;
    this._connect(stream);
  }

  private _connect(stream: LiveStream): void {
    stream.source?.close();
    if (stream.reconnectTimer) clearTimeout(stream.reconnectTimer);
    stream.reconnectTimer = null;
    const threads = [...stream.threads];
    stream.connectedWith = threads.join('\n');
    const url = this._endpoint + '/events' + queryString({ thread: threads, lastEventId: stream.lastEventId });
    const source = new this._EventSource!(url);
    stream.source = source;
    const current = () => stream.source === source && this._streams.has(stream);
    const dispatch = (threadId: string, event: AdapterEvent) => {
      if (!stream.threads.has(threadId)) return;
      for (const listener of [...(this._listeners.get(threadId) ?? [])]) {
        try {
          listener(event);
        } catch (error) {
          // One listener's bug must not starve the others of events.
          setTimeout(() => {
            throw error;
          });
        }
      }
    };
    source.onopen = () => {
      stream.failures = 0;
    };
    source.onmessage = (message: MessageEvent) => {
      if (!current()) return;
      if (message.lastEventId) stream.lastEventId = message.lastEventId;
      const event = parseEvent(message.data);
      if (event) dispatch(eventThread(event), event);
    };
    // Where the stream starts: what it resumes from after a change of its threads.
    source.addEventListener('ready', (message: MessageEvent) => {
      if (!current()) return;
      if (message.lastEventId) stream.lastEventId = message.lastEventId;
      if (stream.dirty) this._sync(stream);
    });
    // The server could not replay what was missed (too long away, or an id it does not know):
    // whatever the listeners show of the thread may be stale, so they reload.
    source.addEventListener('reset', (message: MessageEvent) => {
      if (!current()) return;
      if (message.lastEventId) stream.lastEventId = message.lastEventId;
      const threadId = resetThread(message.data);
      if (threadId !== null) dispatch(threadId, { type: 'reset', threadId });
      if (stream.dirty) this._sync(stream);
    });
    source.onerror = () => {
      if (source.readyState !== 2 /* CLOSED */ || !current()) return;
      const delay = Math.min(30_000, 1000 * 2 ** stream.failures) * (0.75 + Math.random() / 2);
      stream.failures += 1;
      stream.reconnectTimer = setTimeout(() => {
        stream.reconnectTimer = null;
        if (current()) {
          stream.dirty = false;
          this._connect(stream);
        }
      }, delay);
    };
  }

  private async _comment(pending: Promise<unknown>): Promise<Comment> {
    const comment = (await pending) as Comment | null;
    if (!comment || typeof comment !== 'object' || typeof comment.id !== 'string') throw unexpected();
    return comment;
  }

  private async _reactionState(pending: Promise<unknown>): Promise<ReactionState> {
    const state = (await pending) as ReactionState | null;
    if (!state || typeof state.reactions !== 'object' || !Array.isArray(state.viewer)) throw unexpected();
    return state;
  }

  /** One API call with timeout, abort and, when idempotent, retries with exponential backoff. */
  private async _request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = this._endpoint + path + queryString(options.query);
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const token = typeof this._userToken === 'function' ? this._userToken() : this._userToken;
    if (token) headers.authorization = `Bearer ${token}`;
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const attempts = options.idempotent ? this._retries + 1 : 1;

    for (let attempt = 1; ; attempt++) {
      throwIfAborted(options.signal, true);
      let error: AdapterError;
      try {
        return await this._attempt<T>(url, { method, headers, body }, options.signal);
      } catch (caught) {
        if (!(caught instanceof AdapterError)) throw caught;
        error = caught;
      }
      const wait = error.retryAfter !== undefined ? error.retryAfter * 1000 : 250 * 2 ** (attempt - 1) * (0.5 + Math.random());
      if (!error.retryable || attempt >= attempts || wait > MAX_RETRY_WAIT_MS) throw error;
      await sleep(wait, options.signal, true);
    }
  }

  private async _attempt<T>(url: string, init: RequestInit, signal: AbortSignal | undefined): Promise<T> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this._timeoutMs);
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    // What a failed fetch or read means: the caller gave up, the timer did, or the network failed.
    const failure = (cause: unknown, message: string): AdapterError =>
      signal?.aborted
        ? abortError(cause)
        : timedOut
          ? new AdapterError('timeout', 'The server took too long to answer.', { cause })
          : new AdapterError('network', message, { cause });
    try {
      let response: Response;
      try {
        response = await this._fetch(url, {
          ...init,
          credentials: 'include',
          // Reads revalidate what the browser keeps (a 304 when it still holds); writes keep nothing.
          cache: init.method === 'GET' ? 'no-cache' : 'no-store',
          signal: controller.signal,
        });
      } catch (cause) {
        throw failure(cause, 'Could not reach the comment server. Check your connection.');
      }
      const text = await response.text().catch((cause: unknown) => {
        throw failure(cause, 'The connection broke while reading the answer.');
      });
      if (response.ok) {
        if (text === '') return undefined as T;
        try {
          return JSON.parse(text) as T;
        } catch (cause) {
          throw new AdapterError('server', 'The comment server sent an answer that could not be read.', { cause });
        }
      }
      throw errorFromResponse(response, text);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

/** Maps a protocol error response (`{ error: { code, message, field? } }`) to an AdapterError. */
function errorFromResponse(response: Response, text: string): AdapterError {
  let detail: { code?: unknown; message?: unknown; field?: unknown; retryAfter?: unknown; current?: unknown } = {};
  try {
    const parsed = JSON.parse(text) as { error?: typeof detail };
    if (parsed && typeof parsed.error === 'object' && parsed.error) detail = parsed.error;
  } catch {
    // not the protocol's JSON (a proxy's error page): fall back to the status
  }
  const code: AdapterErrorCode =
    typeof detail.code === 'string' && KNOWN_CODES.has(detail.code as AdapterErrorCode)
      ? (detail.code as AdapterErrorCode)
      : (CODE_BY_STATUS[response.status] ?? 'server');
  const message =
    typeof detail.message === 'string' && detail.message
      ? detail.message
      : `The comment server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`;
  const header = Number(response.headers.get('retry-after'));
  const retryAfter =
    typeof detail.retryAfter === 'number' ? detail.retryAfter : Number.isFinite(header) && header >= 0 ? header : undefined;
  const current =
    detail.current && typeof detail.current === 'object' && typeof (detail.current as Comment).id === 'string'
      ? (detail.current as Comment)
      : undefined;
  return new AdapterError(code, message, {
    field: typeof detail.field === 'string' ? detail.field : undefined,
    retryAfter: code === 'rate_limited' ? retryAfter : undefined,
    current,
  });
}

/** A live event, or null when the data is not one (listeners get only events of their thread). */
function parseEvent(data: unknown): AdapterEvent | null {
  let event: AdapterEvent;
  try {
    event = JSON.parse(String(data)) as AdapterEvent;
  } catch {
    return null;
  }
  if (!event || typeof event !== 'object') return null;
  switch (event.type) {
    case 'created':
    case 'edited':
      return event.comment && typeof event.comment === 'object' && typeof event.comment.threadId === 'string' ? event : null;
    case 'deleted':
    case 'reactions':
      return typeof event.threadId === 'string' ? event : null;
    default:
      return null;
  }
}

/** The thread an event belongs to. */
function eventThread(event: AdapterEvent): string {
  return event.type === 'created' || event.type === 'edited' ? event.comment.threadId : event.threadId;
}

/** The thread of a `reset` message (`{ "type": "reset", "threadId": … }`), or null. */
function resetThread(data: unknown): string | null {
  try {
    const reset = JSON.parse(String(data)) as { threadId?: unknown };
    return typeof reset?.threadId === 'string' ? reset.threadId : null;
  } catch {
    return null;
  }
}

/** Whether a request naming these threads stays within the protocol's bounds. */
function fits(threadIds: string[]): boolean {
  return threadIds.length <= MAX_THREADS_PER_REQUEST && queryString({ thread: threadIds }).length <= MAX_THREADS_QUERY;
}

/** Thread ids in batches a request may name at once. */
function threadBatches(threadIds: string[]): string[][] {
  const batches: string[][] = [];
  for (const id of threadIds) {
    const last = batches.at(-1);
    if (last && fits([...last, id])) last.push(id);
    else batches.push([id]);
  }
  return batches;
}

function threadPath(threadId: string): string {
  return `/threads/${enc(threadId)}`;
}

function commentPath(threadId: string, commentId: string): string {
  return `${threadPath(threadId)}/comments/${enc(commentId)}`;
}

function reactionsPath({ threadId, commentId }: ReactionTarget): string {
  return `${commentId === null ? threadPath(threadId) : commentPath(threadId, commentId)}/reactions`;
}

function queryString(query: RequestOptions['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) params.append(name, item);
    else params.append(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const enc = (value: string): string => encodeURIComponent(value);

const unexpected = (): AdapterError => new AdapterError('server', 'The comment server sent an unexpected answer.');

