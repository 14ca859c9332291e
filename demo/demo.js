// Chooses the demo's data adapter. By default the page talks to the reference server it is served
// from (`npm start`); `?adapter=local` keeps everything in this browser instead, seeded with a few
// sample comments on the first visit, so the page also works from any static file host.
// `?lang=ar` shows the page in Arabic, right to left, to check confab on such a page.
// `?theme=<id>` shows it under another site's stylesheet (themes/themes.js; the menu: themes.html).
import { configure, LocalStorageAdapter, RestAdapter } from '../dist/confab.bundle.js';
import './themes/apply.js';
import { seedComments } from './seed-comments.js';

const params = new URLSearchParams(location.search);
const arabic = params.get('lang') === 'ar';

// Before configure(): its re-render is when the elements already on the page pick up the language.
if (arabic) {
  document.documentElement.lang = 'ar';
  document.documentElement.dir = 'rtl';
}

if (params.get('adapter') === 'local') {
  const adapter = new LocalStorageAdapter({ namespace: 'confab-demo' });
  adapter.seed(seedComments, { overwrite: false });
  configure({ adapter });
} else {
  configure({ adapter: new RestAdapter({ endpoint: new URL('api', location.href).href }) });
}

if (arabic) {
  const [{ articleAr }] = await Promise.all([import('./article-ar.js'), import('../dist/locales/ar.js')]);
  showArabic(articleAr);
}

/**
 * Replaces the article's English text with the Arabic one. Only text and inline elements are
 * created: the page's structure, ids and confab elements stay as they are.
 * @param {typeof import('./article-ar.js').articleAr} article
 */
function showArabic(article) {
  document.title = article.title;
  const setText = (selector, text) => {
    const element = document.querySelector(selector);
    if (element) element.textContent = text;
  };
  /** Fills an element with a list of pieces: strings, [tag, text], or ['keys', ...keys]. */
  const setPieces = (element, pieces) => {
    element.replaceChildren(
      ...pieces.map((piece) => {
        if (typeof piece === 'string') return piece;
        const [tag, ...texts] = piece;
        if (tag !== 'keys') return Object.assign(document.createElement(tag), { textContent: texts[0] });
        const keys = Object.assign(document.createElement('span'), { dir: 'ltr' });
        texts.forEach((key, index) => {
          if (index > 0) keys.append(' + ');
          keys.append(Object.assign(document.createElement('kbd'), { textContent: key }));
        });
        return keys;
      }),
    );
  };

  document.querySelectorAll('.masthead nav a').forEach((link, index) => (link.textContent = article.sections[index] ?? link.textContent));
  setText('.kicker', article.kicker);
  setText('h1', article.headline);
  setText('.standfirst', article.standfirst);
  setText('.dateline time', article.date);
  document.getElementById('article-body')?.replaceChildren(
    ...article.body.map((paragraph) => {
      if (typeof paragraph === 'string') return Object.assign(document.createElement('p'), { textContent: paragraph });
      const quote = document.createElement('blockquote');
      quote.append(Object.assign(document.createElement('p'), { textContent: paragraph.quote }));
      return quote;
    }),
  );
  const byline = document.querySelector('.byline');
  if (byline) setPieces(byline, article.byline);
  const hint = document.querySelector('typo-report');
  if (hint) setPieces(hint, article.typoHint);
  document.querySelectorAll('.categories a').forEach((link, index) => (link.textContent = article.categories[index] ?? link.textContent));
  const footer = document.querySelector('footer');
  if (footer) {
    const editor = Object.assign(document.createElement('a'), { href: 'admin/', textContent: article.editorLink });
    const english = Object.assign(document.createElement('a'), { href: './', hreflang: 'en', lang: 'en', textContent: article.english });
    footer.replaceChildren(`${article.footer} `, editor, '. ', english, '.');
  }
}
