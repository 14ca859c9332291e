/**
 * Russian for every confab element: `import 'confab-comments/locales/ru.js'` registers the table, and
 * elements with `lang="ru"` (their own, an ancestor's or the page's) render in Russian, including
 * those already on the page. A separate entry so that pages without Russian do not carry it.
 */
import { setStrings } from '../render/i18n.js';
import { ru } from '../render/strings/ru.js';

setStrings('ru', ru);
