// The stylesheets the demo article can be shown under (themes.html, index.html?theme=<id>): CSS
// that real sites ship, installed from npm and copied into the build by `npm run build`
// (scripts/demo-themes.mjs), and hand-written hostile pages on top of the demo's own styles. The
// end-to-end gauntlet (test/e2e/themes.test.mjs) checks confab under every one of them.

/** A stylesheet from npm, as the build serves it (paths are relative to the demo pages). */
const vendor = (file, media) => ({ href: `../dist/demo/themes/${file}`, media });
/** A stylesheet of the demo folder. */
const local = (file, media) => ({ href: file, media });

/** The bare page layout for frameworks that leave an unclassed page unlaid: widths and rows only. */
const layout = local('themes/layout.css');
const ledger = local('article.css');

/**
 * @typedef {object} DemoTheme
 * @property {string} id used in `?theme=`
 * @property {string} name shown in the menu
 * @property {'own' | 'framework' | 'hostile'} kind the demo's own styles, real CSS from npm, or a
 *   page written to break widgets
 * @property {{ href: string, media?: string }[]} stylesheets in order
 * @property {[string, string]} [darkAttribute] set on `<html>` while the reader's system is dark,
 *   for a framework whose dark mode is switched by script (Bootstrap's colour-mode toggler)
 * @property {string} [lang] the article's language: `ar` shows it in Arabic, right to left
 */

/** @type {DemoTheme[]} */
export const themes = [
  { id: 'ledger', name: 'The Harbour Ledger (the demo’s own styles)', kind: 'own', stylesheets: [ledger] },
  {
    id: 'bootstrap',
    name: 'Bootstrap 5',
    kind: 'framework',
    stylesheets: [vendor('bootstrap.min.css'), layout],
    darkAttribute: ['data-bs-theme', 'dark'],
  },
  { id: 'tailwind', name: 'Tailwind CSS 4 (preflight)', kind: 'framework', stylesheets: [vendor('tailwind.css'), layout] },
  { id: 'pico', name: 'Pico CSS 2', kind: 'framework', stylesheets: [vendor('pico.min.css'), layout] },
  { id: 'bulma', name: 'Bulma 1', kind: 'framework', stylesheets: [vendor('bulma.min.css'), layout] },
  { id: 'modern-normalize', name: 'modern-normalize 3', kind: 'framework', stylesheets: [vendor('modern-normalize.css'), layout] },
  { id: 'simple', name: 'Simple.css 2', kind: 'framework', stylesheets: [vendor('simple.min.css')] },
  { id: 'water', name: 'Water.css 2', kind: 'framework', stylesheets: [vendor('water.min.css')] },
  {
    id: 'sakura',
    name: 'Sakura 1.5 (light and dark)',
    kind: 'framework',
    stylesheets: [vendor('sakura.css', 'not all and (prefers-color-scheme: dark)'), vendor('sakura-dark.css', '(prefers-color-scheme: dark)')],
  },
  {
    id: 'root-62-5',
    name: 'A 62.5 % root font size (html 10 px, body 1.8rem)',
    kind: 'hostile',
    stylesheets: [ledger, local('themes/root-62-5.css')],
  },
  {
    id: 'typography',
    name: 'Justified, upper-case, spaced-out body text with line-height 1',
    kind: 'hostile',
    stylesheets: [ledger, local('themes/typography.css')],
  },
  { id: 'body-12px', name: 'A 12 px body', kind: 'hostile', stylesheets: [ledger, local('themes/body-12px.css')] },
  { id: 'body-24px', name: 'A 24 px body', kind: 'hostile', stylesheets: [ledger, local('themes/body-24px.css')] },
  { id: 'rtl', name: 'Arabic, right to left', kind: 'hostile', stylesheets: [ledger], lang: 'ar' },
];

/** The theme named by `id`, or undefined. */
export function findTheme(id) {
  return themes.find((theme) => theme.id === id);
}

/** The article page under `theme`, relative to the demo folder. */
export function articleUrl(theme) {
  const params = new URLSearchParams({ theme: theme.id });
  if (theme.lang) params.set('lang', theme.lang);
  return `./?${params}`;
}
