/**
 * The order of a thread's comments: sort keys (oldest, newest, top), where a page starts
 * (`upperBound`), and cursors that name the last item's sort key rather than a position.
 */
import type { AdapterError } from '../model/adapter.js';
import type { SortOrder } from '../model/comment.js';
import { fail, isObject, type StoredComment } from './thread-rules.js';

/** The key of the top level in the reply tree (a comment id can never be it). */
export const ROOT = '\u0000root';

export interface Node {
  comment: StoredComment;
  /** `createdAt` as epoch milliseconds, parsed once for sorting */
  ms: number;
}

export interface SortKey {
  score: number;
  ms: number;
  id: string;
}

/** A level of the reply tree (the top-level comments, or one comment's replies) in one order. */
export function levelKey(parentId: string | null, sort: SortOrder): string {
  return `${sort}\u0000${parentId ?? ROOT}`;
}

export function score(reactions: Record<string, number>): number {
  return (reactions.like ?? 0) - (reactions.dislike ?? 0);
}

export function sortKey(node: Node): SortKey {
  return { score: score(node.comment.reactions), ms: node.ms, id: node.comment.id };
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Negative when `a` comes first. Ties end on the id, so every order is total and cursors are exact. */
export const COMPARATORS: Record<SortOrder, (a: SortKey, b: SortKey) => number> = {
  oldest: (a, b) => a.ms - b.ms || compareIds(a.id, b.id),
  newest: (a, b) => b.ms - a.ms || compareIds(b.id, a.id),
  top: (a, b) => b.score - a.score || b.ms - a.ms || compareIds(b.id, a.id),
};

/** Index of the first node that sorts after `key`. */
export function upperBound(level: Node[], key: SortKey, sort: SortOrder): number {
  const compare = COMPARATORS[sort];
  let low = 0;
  let high = level.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(sortKey(level[middle]), key) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

// A cursor names the last item's sort key, not a position: items posted or deleted between two
// pages then neither repeat nor go missing.

// Made once: creating a TextDecoder loads the browser's converters (tens of ms the first time).
let utf8: { encoder: TextEncoder; decoder: TextDecoder } | undefined;
const codec = (): { encoder: TextEncoder; decoder: TextDecoder } => (utf8 ??= { encoder: new TextEncoder(), decoder: new TextDecoder('utf-8', { fatal: true }) });

export function encodeCursor(sort: SortOrder, parentId: string | null, key: SortKey): string {
  const json = JSON.stringify({ s: sort, p: parentId, k: [key.score, key.ms, key.id] });
  const binary = Array.from(codec().encoder.encode(json), (byte) => String.fromCharCode(byte)).join('');
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeCursor(cursor: string, sort: SortOrder, parentId: string | null): SortKey {
  const invalid = (): AdapterError =>
    fail('validation', 'This page link is not valid any more; reload the comments.', 'cursor');
  let parsed: unknown;
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    parsed = JSON.parse(
      codec().decoder.decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))),
    );
  } catch {
    throw invalid();
  }
  if (!isObject(parsed) || parsed.s !== sort || parsed.p !== parentId || !Array.isArray(parsed.k)) throw invalid();
  const [keyScore, ms, id] = parsed.k as unknown[];
  if (typeof keyScore !== 'number' || typeof ms !== 'number' || typeof id !== 'string') throw invalid();
  return { score: keyScore, ms, id };
}
