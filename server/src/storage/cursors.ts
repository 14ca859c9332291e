import { AdapterError, checkId, MAX_TIMESTAMP, MIN_TIMESTAMP } from 'confab-comments/model';
import { iso, type CommentRow } from './rows.js';

/**
 * Keyset cursors: the sort key of the last comment of a page, as base64url JSON. A cursor comes
 * back from the client, so it is checked as strictly as any input: only the form the server
 * makes, with values PostgreSQL accepts (a timestamp it parses, an int4 score, an id without NUL),
 * else `400 validation` with `field: cursor`.
 */
export type TimeCursor = readonly [createdAt: string, id: string];
export type ScoreCursor = readonly [score: number, createdAt: string, id: string];

/** Longest cursor accepted: a score, a timestamp and a 200-character id, encoded, fit well within. */
export const MAX_CURSOR_LENGTH = 1200;
const INT4_MIN = -(2 ** 31);
const INT4_MAX = 2 ** 31 - 1;
const CANONICAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function encodeCursor(values: TimeCursor | ScoreCursor): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** The cursor after `row` in an oldest/newest list. */
export const timeCursorAfter = (row: CommentRow): string => encodeCursor([iso(row.created_at), row.id]);
/** The cursor after `row` in a top list. */
export const scoreCursorAfter = (row: CommentRow): string => encodeCursor([row.score ?? 0, iso(row.created_at), row.id]);

export function decodeTimeCursor(cursor: string): TimeCursor {
  const values = decode(cursor);
  if (values.length !== 2) throw bad();
  return [time(values[0]), id(values[1])];
}

export function decodeScoreCursor(cursor: string): ScoreCursor {
  const values = decode(cursor);
  if (values.length !== 3) throw bad();
  const [score] = values;
  if (typeof score !== 'number' || !Number.isInteger(score) || score < INT4_MIN || score > INT4_MAX) throw bad();
  return [score, time(values[1]), id(values[2])];
}

function decode(cursor: string): unknown[] {
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[\w-]+$/.test(cursor)) throw bad();
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(values)) throw bad();
  return values;
}

/** Exactly the form `iso()` writes, of a date that exists, in the range timestamps are kept to. */
function time(value: unknown): string {
  if (typeof value !== 'string' || !CANONICAL_TIME.test(value) || value < MIN_TIMESTAMP || value > MAX_TIMESTAMP) throw bad();
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed) || new Date(parsed).toISOString() !== value) throw bad();
  return value;
}

function id(value: unknown): string {
  try {
    return checkId(value, 'cursor');
  } catch {
    throw bad();
  }
}

const bad = (): AdapterError => new AdapterError('validation', 'The cursor is not valid for this list.', { field: 'cursor' });
