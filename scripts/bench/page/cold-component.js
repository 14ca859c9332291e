// Cold-load confab page (runs in the browser): the script-tag bundle, a <comment-thread> already in
// the HTML, and the comments in a JSON script element handed to a MemoryAdapter. Reports once the
// expected comments are painted.
/* global window, document */
import { MemoryAdapter } from '/confab/confab.bundle.js';
import { countRenderedComments, waitForCount } from './common.js';

let onRendered = () => {};
const rendered = countRenderedComments(() => onRendered());

const thread = document.querySelector('comment-thread');
const target = Number(thread.dataset.expect);
thread.adapter = new MemoryAdapter({ comments: JSON.parse(document.getElementById('thread-data').textContent) });
const result = await waitForCount({ current: rendered, target, notify: (check) => (onRendered = check) });
performance.mark('bench-done');
window.benchDone?.(JSON.stringify(result));
