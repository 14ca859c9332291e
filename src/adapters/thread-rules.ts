/**
 * The rules of the in-process adapters' data: what a comment, a post, a report may hold (lengths,
 * forbidden characters, web addresses), the records they keep, and the small helpers both
 * adapters share. Nothing here does I/O.
 */
import { AdapterError, type AdapterErrorCode, type AdapterEvent, type ReportCommentRequest, type TypoReportRequest, type TypoReportResult } from '../model/adapter.js';
import { type Author, type Comment } from '../model/comment.js';
import { checkCommentReport, checkId, checkTypoReport } from '../model/rules.js';

export { DEFAULT_PAGE_SIZE, MAX_EMBEDDED_REPLIES, MAX_PAGE_SIZE } from '../model/rules.js';
/** Idempotency keys remembered per thread; a retry comes seconds after the first try, not weeks. */
export const MAX_REMEMBERED_POSTS = 1000;

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
  const { reason, note } = checkCommentReport(request);
  if (!exists) throw notFound('commentId');
  const report: StoredCommentReport = {
    id: newId('r'),
    threadId: request.threadId,
    commentId: request.commentId,
    reason,
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
  const { url, quote: { exact, prefix, suffix }, suggestion: checkedSuggestion, comment: checkedComment } = checkTypoReport(request);
  const suggestion = checkedSuggestion ?? '';
  const comment = checkedComment ?? '';
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
  return checkId(threadId, 'threadId');
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

