// The HTML pages the benchmark serves. Both sides sit in the same small article page (a headline,
// text, a search field), so fonts and form controls are set up before anything is measured.
import { escapeHtml } from './baseline.mjs';

const ARTICLE = `<header><input type="search" aria-label="Search the site"> <button type="button">Subscribe</button></header>
<article>
  <h1>City approves the new tram line after two years of debate</h1>
  <p><time datetime="2025-03-03">March 3, 2025</time></p>
  <p>The council voted 31 to 12 on Monday night to fund the eastern extension. Construction is set to
  start next spring and should take about three years, according to the transport department.</p>
  <p>If you notice an error in the text, select it and press Ctrl + Enter to send it to the editor.</p>
</article>
<h2>Leave a Reply</h2>`;

function page({ title, styles = [], body, scripts = [] }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${['/bench/page/article.css', ...styles].map((href) => `<link rel="stylesheet" href="${href}">`).join('\n')}
</head>
<body>
<main>
${ARTICLE}
${body}
</main>
${scripts.map((src) => `<script type="module" src="${src}"></script>`).join('\n')}
</body>
</html>
`;
}

/** JSON inside a script element: `<` escaped so no string in it can end the element. */
function jsonScript(id, value) {
  return `<script type="application/json" id="${id}">${JSON.stringify(value).replace(/</g, '\\u003c')}</script>`;
}

export const blankPage = '<!doctype html><html lang="en"><title>blank</title><p>ready</p></html>';

/** The page the harness drives for confab: the driver loads the bundle when told which. */
export const componentPage = page({ title: 'confab bench', body: '<div id="app"></div>', scripts: ['/bench/page/component.js'] });

/** The page the harness drives for the plain-DOM baseline. */
export const baselinePage = page({
  title: 'plain DOM bench',
  styles: ['/bench/page/baseline.css'],
  body: '<div id="app"></div>',
  scripts: ['/bench/page/baseline.js'],
});

/** Cold load with confab: bundle, element in the HTML, data inline. */
export function coldComponentPage({ comments, threadId, expect }) {
  return page({
    title: 'confab cold load',
    body: `<comment-thread thread-id="${escapeHtml(threadId)}" page-size="${comments.length}" data-expect="${expect}"></comment-thread>
${jsonScript('thread-data', comments)}`,
    scripts: ['/bench/page/cold-component.js'],
  });
}

/** Cold load of the baseline: the same comments as prerendered HTML, inline, set with one innerHTML. */
export function coldBaselinePage({ markup }) {
  return page({
    title: 'plain DOM cold load',
    styles: ['/bench/page/baseline.css'],
    body: `<div id="app"></div>\n${jsonScript('thread-data', markup)}`,
    scripts: ['/bench/page/cold-baseline.js'],
  });
}
