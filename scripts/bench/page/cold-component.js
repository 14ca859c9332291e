// Cold-load confab page (runs in the browser): the script-tag bundle, a <comment-thread> already in
// the HTML, and the comments in a JSON script element handed to a MemoryAdapter. Reports once the
// expected comments are painted.
/* global window, document, customElements */
import { MemoryAdapter } from '/confab/confab.bundle.js';
import { waitForCount } from './common.js';

let rendered = 0;
let onRendered = () => {};
const Item = customElements.get('comment-item');
const original = Item.prototype.firstUpdated;
Item.prototype.firstUpdated = function (...args) {
  rendered += 1;
  onRendered();
  return original?.apply(this, args);
};

const thread = document.querySelector('comment-thread');
const target = Number(thread.dataset.expect);
thread.adapter = new MemoryAdapter({ comments: JSON.parse(document.getElementById('thread-data').textContent) });
const result = await waitForCount({ current: () => rendered, target, notify: (check) => (onRendered = check) });
performance.mark('bench-done');
window.benchDone?.(JSON.stringify(result));
