import { isServer } from 'lit';
import type { ThreadSnapshot, ThreadStore } from '../../store/thread-store.js';

/**
 * The attribute of the JSON island a server render writes beside a thread
 * (`<script type="application/json" data-confab-thread="<thread id>">`): the first page the HTML
 * shows, which the thread's store takes instead of asking its adapter again (hydration without a
 * second request). See `confab-comments/ssr`.
 */
export const ISLAND_ATTRIBUTE = 'data-confab-thread';

const seen = new WeakSet<ThreadStore>();

/**
 * Seeds an idle store from the page's island for its thread, once per store. An island that is
 * missing, unreadable or for another thread changes nothing: the store loads as usual.
 */
export function seedFromPage(store: ThreadStore): void {
  if (isServer || seen.has(store) || store.state.status !== 'idle' || typeof document === 'undefined') return;
  seen.add(store);
  for (const island of document.querySelectorAll(`script[type="application/json"][${ISLAND_ATTRIBUTE}]`)) {
    if (island.getAttribute(ISLAND_ATTRIBUTE) !== store.threadId) continue;
    let snapshot: ThreadSnapshot;
    try {
      snapshot = JSON.parse(island.textContent ?? '') as ThreadSnapshot;
    } catch {
      continue;
    }
    if (snapshot?.threadId === store.threadId && store.seed(snapshot)) return;
  }
}
