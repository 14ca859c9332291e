import { readStored, removeStored, writeStored } from './storage.js';

/**
 * What a reader typed but has not posted yet, kept per thread and per reply target so that a
 * reload, a closed reply box or a failed post never loses it.
 */

const DRAFT_PREFIX = 'confab:draft:';
const NAME_KEY = 'confab:author-name';

function draftKey(threadId: string, parentId: string | null): string {
  // JSON keeps ids containing ':' from colliding with another (thread, parent) pair
  return DRAFT_PREFIX + JSON.stringify([threadId, parentId ?? null]);
}

/** The saved draft of a comment in `threadId` (replying to `parentId`, or top-level when null). */
export function loadDraft(threadId: string, parentId: string | null): string {
  return readStored(draftKey(threadId, parentId)) ?? '';
}

/** Saves a draft; blank text removes it. */
export function saveDraft(threadId: string, parentId: string | null, body: string): void {
  writeStored(draftKey(threadId, parentId), body.trim() === '' ? '' : body);
}

export function clearDraft(threadId: string, parentId: string | null): void {
  removeStored(draftKey(threadId, parentId));
}

/** The name the reader last commented under, on any thread. */
export function loadAuthorName(): string {
  return readStored(NAME_KEY) ?? '';
}

export function saveAuthorName(name: string): void {
  writeStored(NAME_KEY, name.trim());
}
