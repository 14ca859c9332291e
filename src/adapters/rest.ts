import {
  AdapterError,
  type AdapterErrorCode,
  type AdapterEvent,
  type CommentAdapter,
  type DeleteRequest,
  type EditRequest,
  type ListPage,
  type ListRequest,
  type LocateRequest,
  type PostRequest,
  type ReactionState,
  type ReactionTarget,
  type ReactRequest,
  type ReportCommentRequest,
  type TypoReportRequest,
  type TypoReportResult,
} from '../model/adapter.js';
import type { Comment } from '../model/comment.js';
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

interface LiveThread {
  source: EventSource | null;
  listeners: Set<(event: AdapterEvent) => void>;
  lastEventId: string | null;
  reconnectTimer: ReturnType<typeof setTimeout> | null;
  failures: number;
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
const COUNT_BATCH = 100;

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
  private readonly _live = new Map<string, LiveThread>();

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
    const body: Record<string, unknown> = {
      parentId: request.parentId ?? null,
      body: request.body,
      author: request.author,
    };
    if (request.honeypot) body.honeypot = request.honeypot;
    return this._comment(
      this._request('POST', `${threadPath(request.threadId)}/comments`, {
        body,
        signal: request.signal,
        idempotent: true,
        headers: { 'idempotency-key': request.idempotencyKey },
      }),
    );
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
    for (let i = 0; i < unique.length; i += COUNT_BATCH) {
      const result = await this._request<{ counts: Record<string, number> }>('GET', '/counts', {
        query: { thread: unique.slice(i, i + COUNT_BATCH) },
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
   * Live events over one EventSource per thread, shared by every listener of this adapter. The
   * browser reconnects on its own and sends `Last-Event-ID`; when it gives up (an HTTP error),
   * this reconnects with backoff and resumes from the last event it saw. When the server cannot
   * replay the missed events, listeners get `{ type: 'reset' }` and reload.
   */
  subscribe(threadId: string, listener: (event: AdapterEvent) => void): () => void {
    if (!this._EventSource) return () => {};
    let thread = this._live.get(threadId);
    if (!thread) {
      thread = { source: null, listeners: new Set(), lastEventId: null, reconnectTimer: null, failures: 0 };
      this._live.set(threadId, thread);
      this._connect(threadId, thread);
    }
    const entry = (event: AdapterEvent) => listener(event);
    thread.listeners.add(entry);
    return () => {
      const current = this._live.get(threadId);
      if (!current || !current.listeners.delete(entry) || current.listeners.size > 0) return;
      current.source?.close();
      if (current.reconnectTimer) clearTimeout(current.reconnectTimer);
      this._live.delete(threadId);
    };
  }

  private _connect(threadId: string, thread: LiveThread): void {
    const query = thread.lastEventId ? `?lastEventId=${enc(thread.lastEventId)}` : '';
    const source = new this._EventSource!(`${this._endpoint}${threadPath(threadId)}/events${query}`);
    thread.source = source;
    source.onopen = () => {
      thread.failures = 0;
    };
    const dispatch = (event: AdapterEvent) => {
      for (const listener of [...thread.listeners]) {
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
    source.onmessage = (message: MessageEvent) => {
      if (message.lastEventId) thread.lastEventId = message.lastEventId;
      const event = parseEvent(message.data, threadId);
      if (event) dispatch(event);
    };
    // The server could not replay what was missed (too long away, or an id it does not know):
    // whatever the listeners show may be stale, so they reload.
    source.addEventListener('reset', (message: MessageEvent) => {
      if (message.lastEventId) thread.lastEventId = message.lastEventId;
      dispatch({ type: 'reset', threadId });
    });
    source.onerror = () => {
      if (source.readyState !== 2 /* CLOSED */ || this._live.get(threadId) !== thread) return;
      const delay = Math.min(30_000, 1000 * 2 ** thread.failures) * (0.75 + Math.random() / 2);
      thread.failures += 1;
      thread.reconnectTimer = setTimeout(() => {
        thread.reconnectTimer = null;
        if (this._live.get(threadId) === thread) this._connect(threadId, thread);
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
          cache: 'no-store',
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

/** A live event, or null when the data is not one this thread expects. */
function parseEvent(data: unknown, threadId: string): AdapterEvent | null {
  if (typeof data !== 'string') return null;
  let event: AdapterEvent;
  try {
    event = JSON.parse(data) as AdapterEvent;
  } catch {
    return null;
  }
  if (!event || typeof event !== 'object') return null;
  switch (event.type) {
    case 'created':
    case 'edited':
      return event.comment && typeof event.comment === 'object' && event.comment.threadId === threadId ? event : null;
    case 'deleted':
    case 'reactions':
      return event.threadId === threadId ? event : null;
    default:
      return null;
  }
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

