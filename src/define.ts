// `import 'confab-comments/define.js'` registers every element; the package root itself registers nothing.
import { define } from './elements.js';

export { define };

define();
