// Cold-load baseline (runs in the browser): the page carries its thread as prerendered HTML in a
// JSON script element, parses it, sets it with one innerHTML and reports once painted.
/* global window, document */
import { afterFrames } from './common.js';

const app = document.getElementById('app');
app.innerHTML = JSON.parse(document.getElementById('thread-data').textContent);
await afterFrames(2);
performance.mark('bench-done');
window.benchDone?.(JSON.stringify({ count: app.querySelectorAll('article').length }));
