// `npm run screenshots`: PNGs of the demo for checking by eye, written to screenshots/ (git-ignored).
// Uses the build as it is (run `npm run build` first); starts the reference server with --demo on
// a free port and a throwaway database, as the end-to-end tests do, and drives Debian's Chromium.
//
//   article-light.png, article-dark.png   the article and its thread, per prefers-color-scheme
//   article-ar-rtl.png                    the Arabic page (?lang=ar), right to left
//   article-ar-rtl-dark.png               the same, dark
//   article-narrow-dark.png, comments-narrow-dark.png, comments-narrow-ar-rtl.png
//                                         phone width: the top of the page, the comments section
//   typo-dialog-dark.png, typo-dialog-ar-rtl.png   the typo dialog open on a selection
//   editor-light.png, editor-dark.png     the dashboard's typo reports
//   article-no-js.png, comments-no-js-dark.png   with JavaScript off: the server-rendered comments
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, selectPhrase, startServer } from '../test/e2e/helpers.mjs';

/* global document, requestAnimationFrame -- used inside functions that Playwright runs in the page */

const root = fileURLToPath(new URL('../', import.meta.url));
const outDir = join(root, 'screenshots');
const WIDE = { width: 1100, height: 900 };
const NARROW = { width: 390, height: 800 };

if (!existsSync(join(root, 'dist/confab.bundle.js'))) {
  console.error('screenshots: dist/confab.bundle.js is missing; run `npm run build` first.');
  process.exit(1);
}

const adminToken = randomBytes(18).toString('base64url');
const server = await startServer({ args: ['--demo', 'demo'], env: { ADMIN_TOKEN: adminToken } });
const browser = await launchBrowser();
await mkdir(outDir, { recursive: true });
/** @type {string[]} */
const problems = [];

try {
  await seedTypoReports();
  await shoot('article-light.png', '/', { colorScheme: 'light' });
  await shoot('article-dark.png', '/', { colorScheme: 'dark' });
  await shoot('article-ar-rtl.png', '/?lang=ar', { colorScheme: 'light' });
  await shoot('article-ar-rtl-dark.png', '/?lang=ar', { colorScheme: 'dark' });
  await shoot('article-narrow-dark.png', '/', { colorScheme: 'dark', viewport: NARROW, fullPage: false });
  await shoot('comments-narrow-dark.png', '/', { colorScheme: 'dark', viewport: NARROW, element: '#comments' });
  await shoot('comments-narrow-ar-rtl.png', '/?lang=ar', { colorScheme: 'light', viewport: NARROW, element: '#comments' });
  await shoot('typo-dialog-dark.png', '/', { colorScheme: 'dark', fullPage: false, prepare: openTypoDialog('roof trusses') });
  await shoot('typo-dialog-ar-rtl.png', '/?lang=ar', { colorScheme: 'light', fullPage: false, prepare: openTypoDialog('دعامات السقف') });
  await shoot('editor-light.png', '/admin/', { colorScheme: 'light', prepare: signIn });
  await shoot('editor-dark.png', '/admin/', { colorScheme: 'dark', prepare: signIn });
  await shoot('article-no-js.png', '/', { colorScheme: 'light', noScript: true });
  await shoot('comments-no-js-dark.png', '/', { colorScheme: 'dark', viewport: NARROW, element: '#comments', noScript: true });
} finally {
  await browser.close().catch((error) => console.error('closing the browser failed:', error));
  await server.stop().catch((error) => console.error('stopping the server failed:', error));
}

if (problems.length > 0) {
  console.error(`screenshots: problems seen:\n${problems.join('\n')}`);
  process.exitCode = 1;
}

/**
 * One PNG. A full-page shot first grows the viewport to the page's height: the thread lays out
 * comments lazily (`content-visibility: auto`), and Chromium paints nothing for those off screen.
 * @param {string} name
 * @param {string} path
 * @param {{ colorScheme: 'light' | 'dark', viewport?: { width: number, height: number }, fullPage?: boolean,
 *   element?: string, noScript?: boolean, prepare?: (page: import('playwright-core').Page) => Promise<void> }} options
 *   `element`: only this part of the page (the whole page is laid out first, as for `fullPage`);
 *   `noScript`: with JavaScript off (what the server rendered, as a reader without script sees it)
 */
async function shoot(name, path, { colorScheme, viewport = WIDE, fullPage = true, element, noScript = false, prepare }) {
  const context = await browser.newContext({ colorScheme, viewport, reducedMotion: 'reduce', javaScriptEnabled: !noScript });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`${name}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${name}: ${message.text()}`);
  });
  try {
    await page.goto(server.url + path);
    if (path.startsWith('/admin')) await prepare?.(page);
    else {
      await waitForThread(page, noScript);
      if (fullPage || element) {
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        await page.setViewportSize({ width: viewport.width, height });
        await waitForThread(page, noScript);
      }
      await prepare?.(page);
    }
    // nothing may push the page sideways (a long word, a wide control), at any width or direction
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) problems.push(`${name}: the page is ${overflow}px wider than the window`);
    const target = element ? page.locator(element) : page;
    await target.screenshot({ path: join(outDir, name), ...(element ? {} : { fullPage }), animations: 'disabled' });
    console.log(`screenshots: ${join('screenshots', name)}`);
  } finally {
    await context.close();
  }
}

/**
 * Waits until the counter under the date and the thread's comments have loaded and painted. With
 * scripts off the page runs nothing (no animation frames): what was parsed is what is painted.
 */
async function waitForThread(page, noScript = false) {
  await page.locator('.dateline reaction-counter [aria-busy="false"]').first().waitFor({ timeout: 60_000 });
  await page.locator('comment-thread').getByRole('article').first().waitFor({ timeout: 60_000 });
  if (noScript) return;
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Selects `phrase` in the article body and presses Ctrl + Enter. */
function openTypoDialog(phrase) {
  return async (page) => {
    await selectPhrase(page, phrase);
    await page.keyboard.press('Control+Enter');
    await page.locator('typo-report dialog[open]').waitFor();
    await page.keyboard.type(phrase === 'roof trusses' ? 'roof beams' : 'دعائم السقف');
  };
}

/** Signs in to the dashboard and opens its typo reports. */
async function signIn(page) {
  await page.getByLabel('Admin token').fill(adminToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Pending' }).waitFor();
  await page.keyboard.press('3');
  await page.locator('li.row').first().waitFor();
}

/** A few typo reports, as readers' browsers send them, so the editor view has something to show. */
async function seedTypoReports() {
  const url = `${server.url}/`;
  const reports = [
    {
      quote: { exact: 'aproved', prefix: 'the council says the budget was ', suffix: ' last spring' },
      suggestion: 'approved',
      comment: 'Spelling.',
    },
    {
      quote: { exact: 'roof trusses', prefix: 'ctors found water damage in the ', suffix: ', has been restored with its or' },
      suggestion: 'roof beams',
      comment: 'The council report says beams, not trusses — worth checking before changing it, though.',
    },
    { quote: { exact: 'Tomás Ferreira', prefix: 'ional arts council. Branch manager ', suffix: ' said the late hours were' }, suggestion: 'Tomàs Ferreira' },
  ];
  for (const [index, report] of reports.entries()) {
    // each request is a new viewer (no cookie): the second report counts two readers
    for (let reader = 0; reader <= index % 2; reader++) {
      const { comment, ...rest } = report;
      const response = await fetch(`${server.url}/api/typos`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ url, threadId: 'eastside-library-reopens', ...rest, ...(reader === 0 && comment ? { comment } : {}) }),
      });
      if (!response.ok) throw new Error(`seeding a typo report failed: ${response.status} ${await response.text()}`);
    }
  }
}
