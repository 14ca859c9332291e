// Entry of the script-tag bundles (dist/confab.bundle.js, dist/confab.iife.js as `window.Confab`):
// the whole public API, with every element registered on load.
import { define } from './elements.js';

export * from './index.js';

define();
