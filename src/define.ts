// `import 'confab-comments/define.js'` registers every element; the package root itself registers nothing.
// First: Lit's hydration of server-rendered elements (confab-comments/ssr) must be in place
// before any element class is defined; a page without server rendering only pays its bytes.
import '@lit-labs/ssr-client/lit-element-hydrate-support.js';
import { define } from './elements.js';

export { define };

define();
