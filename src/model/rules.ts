/**
 * The rules both sides enforce, defined once: the in-browser adapters (MemoryAdapter,
 * LocalStorageAdapter) call these functions, and so does the reference server (confab-server
 * imports them from `confab-comments/model`). A table of cases in the tests runs against both and
 * must give the same verdict for each. Pure TypeScript: no DOM, no lit.
 *
 * A check returns the cleaned value or throws an `AdapterError` with code `validation` (or
 * `too_large` for a comment body over the limit, so a form can say how much to cut) and the
 * request field at fault. The server maps those codes to 400 and 413.
 */
import { AdapterError } from './adapter.js';

/** Longest accepted comment body, in characters (code points, as the reply form counts), after trimming. */
export const MAX_BODY_LENGTH = 5000;
/** Longest accepted author name, in characters. */
export const MAX_NAME_LENGTH = 100;
/** Longest accepted e-mail address (RFC 5321's path limit). */
export const MAX_EMAIL_LENGTH = 254;
/** Longest accepted author website or typo page address. */
export const MAX_URL_LENGTH = 2000;
/** Longest id (thread, comment, parent) accepted anywhere. */
export const MAX_ID_LENGTH = 200;
/** Longest note a reader may add to a comment report. */
export const MAX_REPORT_NOTE_LENGTH = 500;
/** Longest selection a typo report may quote. */
export const MAX_TYPO_QUOTE_LENGTH = 300;
/** Context kept either side of a typo quote. */
export const MAX_TYPO_CONTEXT_LENGTH = 64;
/** Longest suggested correction. */
export const MAX_TYPO_SUGGESTION_LENGTH = 300;
/** Longest note a reader may add to a typo report. */
export const MAX_TYPO_COMMENT_LENGTH = 1000;
/** Page size when a request names none. */
export const DEFAULT_PAGE_SIZE = 20;
/** Largest page an adapter returns, whatever the request asks. */
export const MAX_PAGE_SIZE = 100;
/** Most replies embedded per listed comment (`ListRequest.replies`). */
export const MAX_EMBEDDED_REPLIES = 20;
/** Most threads one request names: comment counts, or one live event stream. */
export const MAX_THREADS_PER_REQUEST = 100;
/** Largest count one reaction of one comment may have (an import's counts are held to it). */
export const MAX_REACTION_COUNT = 1_000_000_000;
/**
 * The range of timestamps (`createdAt`, `editedAt`): four-digit years, which JavaScript and
 * PostgreSQL both parse and print alike. (JavaScript reaches year 275760 and PostgreSQL 294276, but
 * each refuses or misreads some of the other's: years below 100 come back from PGlite as 19xx.)
 */
export const MIN_TIMESTAMP = '1000-01-01T00:00:00.000Z';
export const MAX_TIMESTAMP = '9999-12-31T23:59:59.999Z';

/** Why a reader may report a comment. */
export const REPORT_REASONS = ['spam', 'abuse', 'off-topic', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/** A reaction name: letters, digits, `_` and `-`, at most 32. */
export const REACTION_NAME_PATTERN = /^[\w-]{1,32}$/;
/** A client-generated idempotency key: 8–100 letters, digits, `-`, `_`, `.` or `:`. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\w.:-]{8,100}$/;
/** An e-mail address as a comment form takes it: something, `@`, a domain with a dot. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Characters no text field may hold: control characters other than tab and line feed, and the
 * bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) that can make a
 * comment's text render in a misleading order. Right-to-left text needs none of them.
 */
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

export interface TextRule {
  /** most characters (code points) */
  max: number;
  /** fewest characters; default 1 (required and not blank) */
  min?: number;
  /** absent, null or empty (after trimming) gives null instead of an error */
  optional?: boolean;
  /** line breaks and tabs allowed; `\r\n` and `\r` become `\n` */
  multiline?: boolean;
  /** default true */
  trim?: boolean;
}

/**
 * Characters as a reader counts them (code points). Counted in place: spreading a string into an
 * array of characters made validating one 5,000-comment import allocate 7 MB more.
 */
export function characterCount(value: string): number {
  let count = value.length;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    // A high surrogate followed by a low one is one character in two units.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count -= 1;
        i += 1;
      }
    }
  }
  return count;
}

/** Whether a string has no lone surrogate (what `String.prototype.isWellFormed` says, on any engine). */
export function isWellFormed(value: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value);
}

/** A text field: type, trimming, length in characters, no forbidden characters. */
export function checkText(value: unknown, field: string, rule: TextRule & { optional: true }): string | null;
export function checkText(value: unknown, field: string, rule: TextRule): string;
export function checkText(value: unknown, field: string, rule: TextRule): string | null {
  const { max, min = 1, optional = false, multiline = false, trim = true } = rule;
  if (value === undefined || value === null) {
    if (optional) return null;
    throw invalid(`${label(field)} is required.`, field);
  }
  if (typeof value !== 'string') throw invalid(`${label(field)} must be a string.`, field);
  let result = multiline ? value.replace(/\r\n?/g, '\n') : value;
  if (trim) result = result.trim();
  if (optional && result === '') return null;
  if (!isWellFormed(result)) throw invalid(`${label(field)} contains invalid characters.`, field);
  if (FORBIDDEN_CHARACTERS.test(result) || (!multiline && /[\n\t]/.test(result))) {
    throw invalid(`${label(field)} contains control characters.`, field);
  }
  const length = characterCount(result);
  if (length < min) {
    throw invalid(min === 1 ? `${label(field)} must not be empty.` : `${label(field)} must be at least ${min} characters.`, field);
  }
  if (length > max) throw invalid(`${label(field)} must be at most ${max} characters.`, field);
  return result;
}

/** An id (thread, comment, parent): 1–200 characters, nothing invisible, not trimmed. */
export function checkId(value: unknown, field: string): string {
  if (typeof value !== 'string') throw invalid(`${label(field)} must be a string.`, field);
  return checkText(value, field, { max: MAX_ID_LENGTH, trim: false });
}

/** An absolute http(s) URL, returned as given (trimmed); null when optional and empty. */
export function checkHttpUrl(value: unknown, field: string, { optional = true } = {}): string | null {
  const raw = checkText(value, field, { max: MAX_URL_LENGTH, optional });
  if (raw === null) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(`${label(field)} must be a full http(s) address.`, field);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(`${label(field)} must start with http:// or https://.`, field);
  }
  return raw;
}

/**
 * A point in time given as ISO 8601 (`2024-05-01T12:00:00Z`, `2024-05-01`), within MIN_TIMESTAMP
 * and MAX_TIMESTAMP; returned in the one form the wire uses, `2024-05-01T12:00:00.000Z`.
 */
export function checkTimestamp(value: unknown, field: string): string {
  const time = typeof value === 'string' && value.length <= 40 ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw invalid(`${label(field)} must be an ISO 8601 date.`, field);
  const iso = new Date(time).toISOString();
  if (iso < MIN_TIMESTAMP || iso > MAX_TIMESTAMP) {
    throw invalid(`${label(field)} must be between the years ${MIN_TIMESTAMP.slice(0, 4)} and ${MAX_TIMESTAMP.slice(0, 4)}.`, field);
  }
  return iso;
}

/** A comment body: required, multi-line, trimmed; over MAX_BODY_LENGTH is `too_large`. */
export function checkCommentBody(value: unknown, max = MAX_BODY_LENGTH): string {
  const body = checkText(value, 'body', { max: Infinity, multiline: true });
  if (body === '') throw invalid('Please write a comment first.', 'body');
  const length = characterCount(body);
  if (length > max) {
    throw new AdapterError('too_large', `A comment can be at most ${max} characters long (this one has ${length}).`, { field: 'body' });
  }
  return body;
}

/** What a guest's post says about its author, checked. */
export interface CheckedAuthor {
  name: string;
  email?: string;
  url?: string;
}

/** The author fields of a guest's post. */
export function checkAuthor(value: unknown): CheckedAuthor {
  const author = (isRecord(value) ? value : {}) as Record<string, unknown>;
  const name = checkText(author.name ?? '', 'author.name', { max: MAX_NAME_LENGTH });
  const result: CheckedAuthor = { name };
  const email = checkText(author.email, 'author.email', { max: MAX_EMAIL_LENGTH, optional: true });
  if (email !== null) {
    if (!EMAIL_PATTERN.test(email)) throw invalid('Email must look like name@example.com.', 'author.email');
    result.email = email;
  }
  const url = checkHttpUrl(author.url, 'author.url');
  if (url !== null) result.url = url;
  return result;
}

/** A filled honeypot means a bot; saying so plainly costs nothing, as no human ever sees it. */
export function checkHoneypot(value: unknown): void {
  if (value !== undefined && value !== null && value !== '') {
    throw invalid('This comment looks automated and was not accepted.', 'honeypot');
  }
}

export function checkIdempotencyKey(value: unknown): string {
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(value)) {
    throw invalid('A post needs an idempotency key of 8–100 letters, digits, "-", "_", "." or ":".', 'idempotencyKey');
  }
  return value;
}

/** A post as both sides check it, in the order a form shows its fields. */
export function checkPost(request: {
  parentId?: unknown;
  body?: unknown;
  author?: unknown;
  honeypot?: unknown;
  idempotencyKey?: unknown;
}): { parentId: string | null; body: string; author: CheckedAuthor; idempotencyKey: string } {
  checkHoneypot(request.honeypot);
  const idempotencyKey = checkIdempotencyKey(request.idempotencyKey);
  const parentId = request.parentId === undefined || request.parentId === null ? null : checkId(request.parentId, 'parentId');
  const body = checkCommentBody(request.body);
  const author = checkAuthor(request.author);
  return { parentId, body, author, idempotencyKey };
}

/** A reader's report of a comment: a known reason, an optional note. */
export function checkCommentReport(request: { reason?: unknown; note?: unknown }): { reason: ReportReason; note: string | null } {
  if (typeof request.reason !== 'string' || !(REPORT_REASONS as readonly string[]).includes(request.reason)) {
    throw invalid(`Reason must be one of: ${REPORT_REASONS.join(', ')}.`, 'reason');
  }
  const note = checkText(request.note, 'note', { max: MAX_REPORT_NOTE_LENGTH, optional: true, multiline: true });
  return { reason: request.reason as ReportReason, note };
}

export interface CheckedTypoReport {
  url: string;
  quote: { exact: string; prefix: string; suffix: string };
  suggestion: string | null;
  comment: string | null;
}

/** A typo report: the page, the quoted text with a little context, an optional correction and note. */
export function checkTypoReport(request: { url?: unknown; quote?: unknown; suggestion?: unknown; comment?: unknown }): CheckedTypoReport {
  const url = checkHttpUrl(request.url, 'url', { optional: false }) as string;
  const quote = (isRecord(request.quote) ? request.quote : {}) as Record<string, unknown>;
  const exact = checkText(quote.exact, 'quote.exact', { max: MAX_TYPO_QUOTE_LENGTH, multiline: true, trim: false });
  if (exact.trim() === '') throw invalid('Select the text with the mistake first.', 'quote.exact');
  const context = (value: unknown, field: string): string =>
    checkText(value ?? '', field, { max: MAX_TYPO_CONTEXT_LENGTH, min: 0, multiline: true, trim: false });
  return {
    url,
    quote: { exact, prefix: context(quote.prefix, 'quote.prefix'), suffix: context(quote.suffix, 'quote.suffix') },
    suggestion: checkText(request.suggestion, 'suggestion', { max: MAX_TYPO_SUGGESTION_LENGTH, optional: true, multiline: true }),
    comment: checkText(request.comment, 'comment', { max: MAX_TYPO_COMMENT_LENGTH, optional: true, multiline: true }),
  };
}

/** A reaction name in the list a site allows. */
export function checkReactionName(value: unknown, allowed: readonly string[]): string {
  if (typeof value !== 'string' || !REACTION_NAME_PATTERN.test(value) || !allowed.includes(value)) {
    throw invalid(`Reaction must be one of: ${allowed.join(', ')}.`, 'reaction');
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(message: string, field: string): AdapterError {
  return new AdapterError('validation', message, { field });
}

/** `author.name` → `Name`, for messages. */
function label(field: string): string {
  const name = field.split('.').at(-1) ?? field;
  return name.charAt(0).toUpperCase() + name.slice(1);
}
