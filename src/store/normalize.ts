import type { Author, Comment, CommentStatus, ViewerState } from '../model/comment.js';

/**
 * Adapters are untrusted: this turns whatever one returned into a well-formed `Comment`, or null
 * when there is nothing to show (no usable id). It never throws.
 */
export function normalizeComment(raw: unknown, threadId: string): Comment | null {
  if (!raw || typeof raw !== 'object') return null;
  const input = raw as Record<string, unknown>;
  const id = asId(input.id);
  if (!id) return null;
  const status: CommentStatus =
    input.status === 'pending' || input.status === 'deleted' ? input.status : 'published';
  return {
    id,
    threadId: asId(input.threadId) ?? threadId,
    parentId: asId(input.parentId),
    author: normalizeAuthor(input.author),
    body: typeof input.body === 'string' ? input.body : input.body == null ? '' : String(input.body),
    createdAt: typeof input.createdAt === 'string' ? input.createdAt : '',
    editedAt: typeof input.editedAt === 'string' ? input.editedAt : null,
    status,
    reactions: normalizeCounts(input.reactions),
    replyCount: asCount(input.replyCount),
    viewer: normalizeViewer(input.viewer),
  };
}

function normalizeAuthor(raw: unknown): Author {
  if (!raw || typeof raw !== 'object') return { name: '' };
  const input = raw as Record<string, unknown>;
  const author: Author = { name: typeof input.name === 'string' ? input.name : '' };
  const id = asId(input.id);
  if (id) author.id = id;
  if (typeof input.url === 'string') author.url = input.url;
  if (typeof input.avatarUrl === 'string') author.avatarUrl = input.avatarUrl;
  return author;
}

function normalizeViewer(raw: unknown): ViewerState | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const input = raw as Record<string, unknown>;
  return {
    reactions: normalizeReactionList(input.reactions),
    canEdit: input.canEdit === true,
    canDelete: input.canDelete === true,
    editableUntil: typeof input.editableUntil === 'string' ? input.editableUntil : null,
  };
}

export function normalizeCounts(raw: unknown): Record<string, number> {
  const counts: Record<string, number> = {};
  if (!raw || typeof raw !== 'object') return counts;
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (key === '__proto__') continue;
    counts[key] = asCount(value);
  }
  return counts;
}

export function normalizeReactionList(raw: unknown): string[] {
  return Array.isArray(raw) ? [...new Set(raw.filter((r): r is string => typeof r === 'string'))] : [];
}

function asId(value: unknown): string | null {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function asCount(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}
