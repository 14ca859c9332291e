import type { PageText } from '../storage/comments.js';
import type { Storage } from '../storage/index.js';

/**
 * A list page with `"closed": true` added when its thread takes no new comments (closed by a
 * moderator or by CLOSE_AFTER_DAYS), so a widget shows "Comments are closed" instead of its form.
 */
export async function withThreadState(storage: Storage, threadId: string, page: PageText): Promise<PageText> {
  const state = await storage.access.threadState(threadId);
  if (!state.closed) return page;
  return { text: `${page.text.slice(0, -1)},"closed":true}`, etag: `${page.etag.slice(0, -1)}.closed"` };
}
