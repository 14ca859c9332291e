// Entry of the script-tag bundles (dist/confab.bundle.js, dist/confab.iife.js as `window.Confab`):
// the whole public API, with every element registered on load.
// First: Lit's hydration of server-rendered elements (confab-comments/ssr) must be in place
// before any element class is defined; a page without server rendering only pays its bytes.
import '@lit-labs/ssr-client/lit-element-hydrate-support.js';
import { define } from './elements.js';

export * from './index.js';
// The in-browser adapters as the bundles give them: their code is a chunk loaded on first use, so
// a page that talks to a server does not load it (these names win over the package root's).
export { LocalStorageAdapter, MemoryAdapter } from './adapters/deferred.js';

define();
