import { AdapterError, type CommentAdapter, type ListRequest } from '../../src/model/adapter.js';
import type { Comment } from '../../src/model/comment.js';

/** Options of `makeComments`. Every field has a default, so `makeComments()` alone is a small thread. */
export interface MakeCommentsOptions {
  /** thread every comment belongs to; default `thread-1` */
  threadId?: string;
  /** top-level comments; default 5 */
  count?: number;
  /** direct replies of each comment on every reply level; default 0 */
  replies?: number;
  /** reply levels below the top level (used when `replies` > 0); default 1 */
  depth?: number;
  /** seed of the generator: the same options give the same comments; default 1 */
  seed?: number;
  /** creation time of the first comment; later ones follow it; default 2024-03-04T09:00:00Z */
  start?: string;
  /** prefix of every id; ids look like `c3`, `c3.1`, `c3.1.2`; default `c` */
  idPrefix?: string;
}

const NAMES = [
  'Ada Whitfield', 'Bruno Castellanos', 'Chiara Benedetti', 'Dmitri Volkov', 'Eun-ji Park',
  'Farah Haddad', 'Gustav Lindqvist', 'Hana Kobayashi', 'Idris Okafor', 'Julia Nowak',
  'Kwame Mensah', 'Léa Fontaine', 'Mateo Rivas', 'Nadia Rahman', 'Oskar Brandt', 'Priya Natarajan',
  'Quentin Moreau', 'Rosa Delgado', 'Sven Halvorsen', 'Tamar Levi', 'Uma Iyer', 'Viktor Szabo',
];

const OPENERS = [
  'Good piece.', 'I have to disagree here.', 'Thanks for writing this up.', 'Interesting angle.',
  'This matches what we saw in our town.', 'Small correction:', 'Honest question:', 'Well said.',
  'I read this twice.', 'As someone who works in this field,',
];

const MIDDLES = [
  'The numbers in the third paragraph deserve a **closer look**, because the comparison year was unusual.',
  'What nobody mentions is the cost of *maintaining* it once the ribbon is cut.',
  'The council meeting minutes are public, and they tell a slightly different story.',
  'I would love a follow-up that talks to the people who actually use the service every day.',
  'We tried something similar ten years ago and it worked until the funding ran out.',
  'The chart would be clearer with the baseline starting at zero.',
  'It is easy to criticise from the outside, but the trade-offs here are real.',
  'My neighbour has been saying this for years and nobody listened.',
  'Is there a source for the `42%` figure? I could not find it in the report.',
  'The interview with the engineer was the best part of the article.',
];

const CLOSERS = [
  '', '', 'Curious what others think.', 'Looking forward to the next part.',
  '> Change takes time.\n\nIt does, but not this much time.', 'See https://example.org/report for the full data.',
  'Keep up the good work.', '- fewer cars\n- more trees\n- better buses',
];

/** A small deterministic generator (mulberry32), so fixtures look random but never change. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Realistic, seeded comments: names, markdown bodies, timestamps that move forward, reaction counts,
 * and `replyCount` consistent with the replies generated. Top-level comments come first in creation
 * order, then the replies. The viewer owns none of them (`viewer.canEdit` false); map over the
 * result to give the viewer some.
 */
export function makeComments(options: MakeCommentsOptions = {}): Comment[] {
  const {
    threadId = 'thread-1',
    count = 5,
    replies = 0,
    depth = 1,
    seed = 1,
    start = '2024-03-04T09:00:00.000Z',
    idPrefix = 'c',
  } = options;
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const comments: Comment[] = [];
  let clock = Date.parse(start);

  const make = (id: string, parentId: string | null, after: number, replyCount: number): Comment => {
    const at = after + Math.floor(next() * 90 + 3) * 60_000;
    const name = pick(NAMES);
    const closer = pick(CLOSERS);
    // a quote or list closer needs its own paragraph to render as one
    const body = `${pick(OPENERS)} ${pick(MIDDLES)}${closer ? (/^[>-]/.test(closer) ? '\n\n' : ' ') + closer : ''}`;
    const likes = Math.floor(next() ** 2 * 40);
    const dislikes = Math.floor(next() ** 3 * 8);
    return {
      id,
      threadId,
      parentId,
      author: {
        id: `u-${name.toLowerCase().replace(/[^a-z]+/g, '-')}`,
        name,
        ...(next() < 0.25 ? { url: `https://example.org/people/${encodeURIComponent(name.split(' ')[0].toLowerCase())}` } : {}),
      },
      body,
      createdAt: new Date(at).toISOString(),
      editedAt: next() < 0.1 ? new Date(at + 15 * 60_000).toISOString() : null,
      status: 'published',
      reactions: { like: likes, dislike: dislikes },
      replyCount,
      viewer: { reactions: [], canEdit: false, canDelete: false },
    };
  };

  const addReplies = (parent: Comment, level: number): void => {
    if (level > depth || replies <= 0) return;
    let after = Date.parse(parent.createdAt);
    for (let i = 1; i <= replies; i++) {
      const reply = make(`${parent.id}.${i}`, parent.id, after, level < depth ? replies : 0);
      after = Date.parse(reply.createdAt);
      comments.push(reply);
      addReplies(reply, level + 1);
    }
  };

  const topLevel: Comment[] = [];
  for (let i = 1; i <= count; i++) {
    const comment = make(`${idPrefix}${i}`, null, clock, replies > 0 && depth > 0 ? replies : 0);
    clock = Date.parse(comment.createdAt);
    topLevel.push(comment);
  }
  comments.push(...topLevel);
  for (const comment of topLevel) addReplies(comment, 1);
  return comments;
}

/** One comment with sensible defaults; `overrides` wins field by field. */
export function makeComment(overrides: Partial<Comment> & { id: string }): Comment {
  return {
    threadId: 'thread-1',
    parentId: null,
    author: { name: 'Ada Whitfield' },
    body: 'A comment.',
    createdAt: '2024-03-04T09:00:00.000Z',
    editedAt: null,
    status: 'published',
    reactions: {},
    replyCount: 0,
    viewer: { reactions: [], canEdit: false, canDelete: false },
    ...overrides,
  };
}

/** Known XSS vectors, for every field an adapter controls. */
export const XSS_VECTORS: readonly string[] = [
  '<script>window.__confabPwned = 1</script>',
  '<img src=x onerror="window.__confabPwned = 1">',
  '<svg onload="window.__confabPwned = 1"></svg>',
  '"><img src=x onerror=alert(1)>',
  "javascript:window.__confabPwned = 1",
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  '[click](javascript:alert(1))',
  '<a href="javascript:alert(1)">click</a>',
  '<iframe src="https://evil.example/"></iframe>',
  '<form action="https://evil.example/"><input name="q"></form>',
  '<div style="position:fixed;inset:0">overlay</div>',
  '![pixel](https://evil.example/pixel.png)',
  '<img src="https://evil.example/pixel.png">',
  '<a id="confabClobber" name="confabClobber">x</a>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '\u202Eevil.exe\u202C',
];

/**
 * A thread built to break things: XSS in every field, missing and null fields, duplicate ids,
 * an orphan, a parent cycle, invalid and future dates, a body deep enough to make a markdown
 * parser throw, a huge name and a right-to-left override. Typed loosely on purpose.
 */
export function hostileComments(threadId = 'thread-1'): Comment[] {
  const vectors = XSS_VECTORS;
  const rows: unknown[] = vectors.map((vector, i) => ({
    id: `x${i}`,
    threadId,
    parentId: null,
    author: {
      name: vector,
      url: i % 2 === 0 ? vector : `https://example.org/u/${i}`,
      avatarUrl: i === 3 ? 'https://avatars.example.org/ok.png' : vector,
    },
    body: vector,
    createdAt: '2024-03-04T09:00:00.000Z',
    status: 'published',
    reactions: { like: 1 },
    replyCount: 0,
  }));
  rows.push(
    { id: 'missing' },
    { id: 'nulls', threadId: null, parentId: null, author: null, body: null, createdAt: null, editedAt: null, status: null, reactions: null, replyCount: null, viewer: null },
    { id: 'dup', threadId, parentId: null, author: { name: 'First copy' }, body: 'first', createdAt: '2024-03-04T10:00:00.000Z', status: 'published', reactions: {}, replyCount: 0 },
    { id: 'dup', threadId, parentId: null, author: { name: 'Second copy' }, body: 'second', createdAt: '2024-03-04T10:01:00.000Z', status: 'published', reactions: {}, replyCount: 0 },
    { id: 'orphan', threadId, parentId: 'nobody', author: { name: 'Orphan' }, body: 'lost', createdAt: '2024-03-04T10:00:00.000Z', status: 'published', reactions: {}, replyCount: 0 },
    { id: 'cycle-a', threadId, parentId: 'cycle-b', author: { name: 'Cycle A' }, body: 'a', createdAt: '2024-03-04T10:00:00.000Z', status: 'published', reactions: {}, replyCount: 1 },
    { id: 'cycle-b', threadId, parentId: 'cycle-a', author: { name: 'Cycle B' }, body: 'b', createdAt: '2024-03-04T10:00:00.000Z', status: 'published', reactions: {}, replyCount: 1 },
    { id: 'bad-date', threadId, parentId: null, author: { name: 'Bad date' }, body: 'when?', createdAt: 'not a date', editedAt: 'also not', status: 'published', reactions: {}, replyCount: 0 },
    { id: 'future', threadId, parentId: null, author: { name: 'Time traveller' }, body: 'from 2999', createdAt: '2999-01-01T00:00:00.000Z', status: 'published', reactions: {}, replyCount: 0 },
    { id: 'deep', threadId, parentId: null, author: { name: 'Quote bomb' }, body: '>'.repeat(5000) + ' deep', createdAt: '2024-03-04T10:00:00.000Z', status: 'published', reactions: {}, replyCount: 0 },
    { id: 'wide', threadId, parentId: null, author: { name: 'W'.repeat(500) }, body: 'x'.repeat(3000) + '\n\n```\n' + 'y'.repeat(3000) + '\n```', createdAt: '2024-03-04T10:00:00.000Z', status: 'published', reactions: {}, replyCount: 0 },
    { id: 'rlo', threadId, parentId: null, author: { name: 'Mallory \u202Egnp.exe' }, body: 'name flips?', createdAt: '2024-03-04T10:00:00.000Z', status: 'published', reactions: {}, replyCount: 0 },
    { id: '"><img src=x onerror=alert(1)>', threadId, parentId: null, author: { name: 'Hostile id' }, body: 'id', createdAt: '2024-03-04T10:00:00.000Z', status: 'published', reactions: {}, replyCount: 0 },
    { id: 'weird-counts', threadId, parentId: null, author: { name: 'Counts' }, body: 'n', createdAt: '2024-03-04T10:00:00.000Z', status: 'published', reactions: { like: -5, dislike: 'NaN', __proto__: 3 }, replyCount: -2 },
  );
  return rows as Comment[];
}

/**
 * An adapter that hands out `rows` exactly as given, however broken: what a buggy or hostile
 * backend would send. Top-level rows (no `parentId`) form one page; every other row comes embedded
 * as a reply. Writes are refused. For testing that the layers above cope (`MemoryAdapter` checks
 * its seeds, so it cannot serve such data).
 */
export function rawAdapter(rows: readonly unknown[]): CommentAdapter {
  const record = (row: unknown): Record<string, unknown> => (row && typeof row === 'object' ? (row as Record<string, unknown>) : {});
  const refuse = (): Promise<never> => Promise.reject(new AdapterError('unsupported', 'read-only'));
  return {
    async list(request: ListRequest) {
      const parentId = request.parentId ?? null;
      const comments = rows.filter((row) => (record(row).parentId ?? null) === parentId);
      const replies = parentId === null ? rows.filter((row) => !comments.includes(row)) : [];
      return { comments, replies, nextCursor: null, total: comments.length, threadTotal: rows.length } as never;
    },
    post: refuse,
    async getReactions() {
      return { reactions: {}, viewer: [] };
    },
    react: refuse,
    async count(threadIds: string[]) {
      return Object.fromEntries(threadIds.map((id) => [id, rows.length]));
    },
  };
}
