/**
 * The rules of the in-process adapters' data: what a comment, a post, a report may hold (lengths,
 * forbidden characters, web addresses), the records they keep, and the small helpers both
 * adapters share. Nothing here does I/O.
 */
import { AdapterError, type AdapterErrorCode, type AdapterEvent, type PostRequest, type ReportCommentRequest, type TypoReportRequest, type TypoReportResult } from '../model/adapter.js';
import { type Author, type Comment } from '../model/comment.js';

/** Longest accepted comment body, in characters (code points, as the reply form counts), after trimming. */
export const MAX_BODY_LENGTH = 5000;
/** Longest accepted author name. */
export const MAX_NAME_LENGTH = 100;
/** Page size when a request names none. */
export const DEFAULT_PAGE_SIZE = 20;
/** Largest page an adapter returns, whatever the request asks. */
export const MAX_PAGE_SIZE = 100;

export const MAX_URL_LENGTH = 2000;
export const MAX_ID_LENGTH = 200;
export const MAX_NOTE_LENGTH = 2000;
export const MAX_QUOTE_LENGTH = 1000;
export const MAX_CONTEXT_LENGTH = 400;
/** Idempotency keys remembered per thread; a retry comes seconds after the first try, not weeks. */
export const MAX_REMEMBERED_POSTS = 1000;
export const REACTION_NAME = /^[\w-]{1,32}$/;
/** Control characters a body may not hold: all but tab, line feed and carriage return. */
export const BODY_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
export const NAME_CONTROL = /[\u0000-\u001F\u007F]/;
export const REPORT_REASONS = ['spam', 'abuse', 'off-topic', 'other'] as const;

/** A comment as an in-process adapter keeps it: the per-viewer `viewer` part is computed on the way out. */
export type StoredComment = Omit<Comment, 'viewer'>;

/** The serializable form of one thread (what `LocalStorageAdapter` writes under a thread key). */
export interface ThreadRecord {
  version: 1;
  threadId: string;
  comments: StoredComment[];
  /** reaction counts of the thread (article) itself */
  reactions: Record<string, number>;
  /** target ('' for the thread, else a comment id) -> viewer id -> that viewer's reactions */
  votes: Record<string, Record<string, string[]>>;
  /** viewer id + NUL + idempotency key -> id of the comment that post created */
  posts: Record<string, string>;
}

/** Who is asking, and the rules that depend on it. */
export interface ViewerContext {
  viewerId: string;
  /** how long after posting an author may still edit or delete; undefined: no limit */
  editWindowMs?: number;
  /** epoch milliseconds; adapters pass `Date.now()` */
  now: number;
}

/**
 * What changed in a thread, without any viewer's perspective. Adapters turn each change into an
 * `AdapterEvent` per subscriber with `ThreadData.toEvent`, because a comment's `viewer` part and
 * its visibility differ between readers.
 */
export type ThreadChange =
  | { type: 'created' | 'edited'; commentId: string }
  | { type: 'deleted'; commentId: string }
  | { type: 'reactions'; commentId: string | null };

/** A report about a comment, as kept for the editors. */
export interface StoredCommentReport {
  id: string;
  threadId: string;
  commentId: string;
  reason: ReportCommentRequest['reason'];
  note?: string;
  reporterId: string;
  reportedAt: string;
}

/**
 * A typo report. Identical reports (url, quote, suggestion) merge into one; `count` is the number of
 * distinct reporters, so one reader pressing send twice does not make a mistake look urgent.
 */
export interface StoredTypoReport {
  id: string;
  url: string;
  threadId?: string;
  quote: { exact: string; prefix: string; suffix: string };
  suggestion?: string;
  /** the free-text comments of every merged report */
  comments: string[];
  /** viewer ids of everyone who sent it */
  reporters: string[];
  count: number;
  firstReportedAt: string;
  lastReportedAt: string;
}

// ---------------------------------------------------------------------------------------------
// Validation

/** Validates a post and returns its cleaned fields; throws `AdapterError` naming the field at fault. */
export function validatePost(request: PostRequest): {
  parentId: string | null;
  body: string;
  name: string;
  url?: string;
  idempotencyKey: string;
} {
  if (trimmed(request.honeypot) !== '') {
    // A filled honeypot means a bot; saying so plainly costs nothing, as no human ever sees it.
    throw fail('validation', 'This comment looks automated and was not accepted.', 'honeypot');
  }
  const parentId = request.parentId ?? null;
  if (parentId !== null && (typeof parentId !== 'string' || parentId === '')) {
    throw fail('validation', 'The comment to reply to is not valid.', 'parentId');
  }
  const key = request.idempotencyKey;
  if (typeof key !== 'string' || key === '' || key.length > MAX_ID_LENGTH) {
    throw fail('validation', 'A post needs an idempotency key.', 'idempotencyKey');
  }
  const body = validateBody(request.body);
  const author = request.author as Partial<PostRequest['author']> | undefined;
  const name = typeof author?.name === 'string' ? author.name.trim() : '';
  if (name === '') throw fail('validation', 'Please enter your name.', 'author.name');
  if (characters(name) > MAX_NAME_LENGTH || NAME_CONTROL.test(name)) {
    throw fail('validation', `A name can be at most ${MAX_NAME_LENGTH} characters long, on one line.`, 'author.name');
  }
  const email = typeof author?.email === 'string' ? author.email.trim() : '';
  if (email !== '' && (email.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(email))) {
    throw fail('validation', 'Please enter a valid email address, or none.', 'author.email');
  }
  const rawUrl = typeof author?.url === 'string' ? author.url.trim() : '';
  let url: string | undefined;
  if (rawUrl !== '') {
    url = httpUrl(rawUrl);
    if (!url) throw fail('validation', 'A website must be an http(s) address.', 'author.url');
  }
  return { parentId, body, name, url, idempotencyKey: key };
}

/**
 * Checks a comment body and returns it trimmed (surrounding blank lines mean nothing in markdown;
 * the reference server stores bodies the same way).
 */
export function validateBody(body: unknown): string {
  const text = trimmed(body);
  if (text === '') throw fail('validation', 'Please write a comment first.', 'body');
  const length = characters(text);
  if (length > MAX_BODY_LENGTH) {
    throw fail('too_large', `A comment can be at most ${MAX_BODY_LENGTH} characters long (this one has ${length}).`, 'body');
  }
  if (BODY_CONTROL.test(text)) {
    throw fail('validation', 'The comment contains invisible control characters.', 'body');
  }
  return text;
}

/** Length in code points, so an emoji counts as one character, as in the reply form. */
export function characters(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** The URL when it is absolute http(s) and not absurdly long, else undefined. */
export function httpUrl(value: string): string | undefined {
  if (value.length > MAX_URL_LENGTH) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Why a value is not a usable stored comment, or null when it is. */
export function checkComment(value: unknown): string | null {
  if (!isObject(value)) return 'not an object';
  if (typeof value.id !== 'string' || value.id === '') return 'id must be a non-empty string';
  if (typeof value.threadId !== 'string' || value.threadId === '') return 'threadId must be a non-empty string';
  if (value.parentId !== undefined && value.parentId !== null && typeof value.parentId !== 'string') {
    return 'parentId must be a string or null';
  }
  if (!isObject(value.author) || typeof value.author.name !== 'string') return 'author.name must be a string';
  if (typeof value.body !== 'string') return 'body must be a string';
  if (typeof value.createdAt !== 'string' || Number.isNaN(Date.parse(value.createdAt))) {
    return 'createdAt must be an ISO 8601 time';
  }
  if (value.status !== undefined && !['published', 'pending', 'deleted'].includes(value.status as string)) {
    return 'status must be published, pending or deleted';
  }
  if (value.reactions !== undefined && !isObject(value.reactions)) return 'reactions must be an object';
  if (value.replyCount !== undefined && typeof value.replyCount !== 'number') return 'replyCount must be a number';
  return null;
}

/**
 * The record when `value` is a thread as `ThreadData.toRecord` writes it, else the reason it is
 * not. Used on data another program (or a bug, or a user) may have left in storage.
 */
export function parseThreadRecord(value: unknown, threadId: string): ThreadRecord | string {
  if (!isObject(value) || value.version !== 1) return 'not a confab thread (version 1)';
  if (value.threadId !== threadId) return `it holds thread "${String(value.threadId)}"`;
  if (!Array.isArray(value.comments)) return 'comments is not a list';
  for (const comment of value.comments) {
    const problem = checkComment(comment);
    if (problem) return `comment ${describe(comment)}: ${problem}`;
  }
  if (!isObject(value.reactions) || !isObject(value.votes) || !isObject(value.posts))
    return 'reactions, votes or posts missing';
  for (const byViewer of Object.values(value.votes)) {
    if (!isObject(byViewer)) return 'votes are malformed';
    for (const list of Object.values(byViewer)) {
      if (!Array.isArray(list) || !list.every((r) => typeof r === 'string')) return 'votes are malformed';
    }
  }
  if (!Object.values(value.posts).every((id) => typeof id === 'string')) return 'posts are malformed';
  return value as unknown as ThreadRecord;
}

// ---------------------------------------------------------------------------------------------
// Reports

/** Validates a comment report and returns what to keep; `exists` says whether the comment is there. */
export function makeCommentReport(
  request: ReportCommentRequest,
  exists: boolean,
  reporterId: string,
  now: number,
): StoredCommentReport {
  if (!REPORT_REASONS.includes(request.reason)) {
    throw fail('validation', 'Please choose why you report this comment.', 'reason');
  }
  const note = trimmed(request.note);
  if (note.length > MAX_NOTE_LENGTH) {
    throw fail('too_large', `A note can be at most ${MAX_NOTE_LENGTH} characters long.`, 'note');
  }
  if (!exists) throw notFound('commentId');
  const report: StoredCommentReport = {
    id: newId('r'),
    threadId: request.threadId,
    commentId: request.commentId,
    reason: request.reason,
    reporterId,
    reportedAt: new Date(now).toISOString(),
  };
  if (note) report.note = note;
  return report;
}

/** Whether this reader already reported this comment: a repeat changes nothing. */
export function hasReported(reports: readonly StoredCommentReport[], report: StoredCommentReport): boolean {
  return reports.some(
    (r) => r.threadId === report.threadId && r.commentId === report.commentId && r.reporterId === report.reporterId,
  );
}

/**
 * Adds a typo report to `reports` (in place), merging it into an identical earlier one (same url,
 * quote and suggestion) so the editors see one entry with a count of distinct reporters.
 */
export function addTypoReport(
  reports: StoredTypoReport[],
  request: TypoReportRequest,
  reporterId: string,
  now: number,
): TypoReportResult {
  const url = typeof request.url === 'string' ? httpUrl(request.url) : undefined;
  if (!url) throw fail('validation', 'The page address must be an http(s) URL.', 'url');
  const quote = request.quote as Partial<TypoReportRequest['quote']> | undefined;
  const exact = typeof quote?.exact === 'string' ? quote.exact : '';
  if (exact.trim() === '')
    throw fail('validation', 'Select the text with the mistake first.', 'quote');
  if (exact.length > MAX_QUOTE_LENGTH) {
    throw fail('too_large', `Select at most ${MAX_QUOTE_LENGTH} characters.`, 'quote');
  }
  const prefix = typeof quote?.prefix === 'string' ? quote.prefix.slice(-MAX_CONTEXT_LENGTH) : '';
  const suffix = typeof quote?.suffix === 'string' ? quote.suffix.slice(0, MAX_CONTEXT_LENGTH) : '';
  const suggestion = trimmed(request.suggestion);
  const comment = trimmed(request.comment);
  if (suggestion.length > MAX_QUOTE_LENGTH) {
    throw fail('too_large', `A correction can be at most ${MAX_QUOTE_LENGTH} characters long.`, 'suggestion');
  }
  if (comment.length > MAX_NOTE_LENGTH) {
    throw fail('too_large', `A note can be at most ${MAX_NOTE_LENGTH} characters long.`, 'comment');
  }
  const at = new Date(now).toISOString();
  let report = reports.find(
    (r) =>
      r.url === url &&
      r.quote.exact === exact &&
      r.quote.prefix === prefix &&
      r.quote.suffix === suffix &&
      (r.suggestion ?? '') === suggestion,
  );
  if (!report) {
    report = {
      id: newId('t'),
      url,
      quote: { exact, prefix, suffix },
      comments: [],
      reporters: [],
      count: 0,
      firstReportedAt: at,
      lastReportedAt: at,
    };
    if (typeof request.threadId === 'string' && request.threadId) report.threadId = request.threadId;
    if (suggestion) report.suggestion = suggestion;
    reports.push(report);
  }
  // A new report and a repeat merge the same way: one more reporter (once), the newest time, the note.
  if (!report.reporters.includes(reporterId)) report.reporters.push(reporterId);
  report.count = report.reporters.length;
  report.lastReportedAt = at;
  if (comment && !report.comments.includes(comment)) report.comments.push(comment);
  return { id: report.id, count: report.count };
}

// ---------------------------------------------------------------------------------------------
// Small helpers shared by the adapters

/** A checked thread id; every request names one. */
export function requireThreadId(threadId: unknown): string {
  if (typeof threadId !== 'string' || threadId === '' || threadId.length > MAX_ID_LENGTH) {
    throw fail('validation', 'A thread id is required.', 'threadId');
  }
  return threadId;
}

/** A random id, unique enough for a browser-side store, sortable by creation time at a glance. */
export function newId(prefix: string): string {
  const random = new Uint8Array(8);
  crypto.getRandomValues(random);
  return `${prefix}${Date.now().toString(36)}${Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Delivers an event without letting one broken listener stop the others or the adapter. */
export function deliver(listener: (event: AdapterEvent) => void, event: AdapterEvent): void {
  try {
    listener(event);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

/** The AdapterError of a request this module refuses; `field` names the request field at fault. */
export function fail(code: AdapterErrorCode, message: string, field?: string): AdapterError {
  return new AdapterError(code, message, { field });
}

export function notFound(field?: string): AdapterError {
  return fail('not_found', 'That comment does not exist any more.', field);
}

/** A request's text field, trimmed; anything but a string counts as empty. */
export function trimmed(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

export function copyStored(source: Comment | StoredComment): StoredComment {
  const author: Author = { name: source.author.name };
  for (const key of ['id', 'url', 'avatarUrl'] as const) {
    if (typeof source.author[key] === 'string') author[key] = source.author[key];
  }
  return {
    id: source.id,
    threadId: source.threadId,
    parentId: source.parentId ?? null,
    author,
    body: source.body,
    createdAt: source.createdAt,
    editedAt: source.editedAt ?? null,
    status: source.status ?? 'published',
    reactions: copyCounts(source.reactions),
    replyCount: Math.max(0, Math.floor(Number(source.replyCount) || 0)),
  };
}

export function copyCounts(counts: Record<string, number> | undefined): Record<string, number> {
  const copy: Record<string, number> = {};
  for (const [name, value] of Object.entries(counts ?? {})) {
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) copy[name] = Math.floor(value);
  }
  return copy;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  return isObject(value) && typeof value.id === 'string' ? `"${value.id}"` : '(without id)';
}

export function sameInstant(a: string, b: string): boolean {
  return a === b || (!Number.isNaN(Date.parse(a)) && Date.parse(a) === Date.parse(b));
}

export function clampInteger(value: unknown, fallback: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

