/**
 * Arabic for every confab element: `import 'confab-comments/locales/ar.js'` registers the table, and
 * elements with `lang="ar"` (their own, an ancestor's or the page's) render in Arabic, including
 * those already on the page. Right-to-left layout follows the page's `dir`, not this table.
 */
import { setStrings } from '../render/i18n.js';
import { ar } from '../render/strings/ar.js';

setStrings('ar', ar);
