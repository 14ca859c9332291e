// A server-rendered page (confab-comments/ssr) in Chromium: the comments are painted before the
/* global document, window, customElements -- used inside functions that Playwright runs in the page */
// script, the elements take the embedded data over without a list request, keep focus and scroll,
// then paginate through the API; with JavaScript off the comments are still there.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { MemoryAdapter } from 'confab-comments';
import { renderComments } from 'confab-comments/ssr';
import { TIMEOUT, launchBrowser } from './helpers.mjs';

const THREAD = 'ssr-article';
const comments = Array.from({ length: 30 }, (_, i) => ({
  id: `c${i + 1}`,
  threadId: THREAD,
  parentId: null,
  body: i === 0 ? 'First comment <script>window.hacked = true</script>' : `Comment number ${i + 1}`,
  author: { name: `Reader ${i + 1}` },
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
}));
const adapter = new MemoryAdapter({ comments });
const requests = [];
let bundleDelay = 0;
let server;
let browser;
let origin;

async function page() {
  const { thread, count } = await renderComments({ threadId: THREAD, adapter, pageSize: 10, attributes: { adapter: 'rest', endpoint: '/api' } });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Article</title>
<script type="module" src="/dist/confab.bundle.js"></script></head>
<body><h1>Article</h1><p>${count}</p><div style="height:1500px">Text of the article.</div>
<section id="comments">${thread}</section><div style="height:1500px"></div></body></html>`;
}

before(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    try {
      if (url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(await page());
      } else if (url.pathname.startsWith('/dist/')) {
        if (url.pathname.endsWith('confab.bundle.js')) await new Promise((resolve) => setTimeout(resolve, bundleDelay));
        const body = await readFile(new URL(`../..${url.pathname}`, import.meta.url));
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
      } else if (url.pathname === `/api/threads/${THREAD}/comments` && req.method === 'GET') {
        const result = await adapter.list({
          threadId: THREAD,
          parentId: url.searchParams.get('parentId'),
          sort: url.searchParams.get('sort') ?? 'oldest',
          cursor: url.searchParams.get('cursor') ?? undefined,
          limit: Number(url.searchParams.get('limit') ?? 10),
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
      } else {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'not_found', message: 'Not here.' } }));
      }
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.close();
});

const listRequests = () => requests.filter((line) => line.startsWith(`GET /api/threads/${THREAD}/comments`));

test('painted before the script; hydrated with no list request, focus and scroll kept; then pagination works', { timeout: TIMEOUT.test }, async () => {
  requests.length = 0;
  bundleDelay = 1500;
  const context = await browser.newContext();
  const tab = await context.newPage();
  const errors = [];
  tab.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  tab.on('pageerror', (error) => errors.push(String(error)));
  await tab.goto(origin + '/', { waitUntil: 'commit', timeout: TIMEOUT.navigation });
  // before the bundle arrives: the comments are on screen, from the HTML alone
  await tab.getByText('Comment number 2', { exact: true }).waitFor({ timeout: TIMEOUT.action });
  assert.equal(await tab.evaluate(() => customElements.get('comment-thread') === undefined), true);
  const textarea = tab.locator('comment-thread reply-form textarea');
  await textarea.scrollIntoViewIfNeeded();
  await textarea.focus();
  const scrolled = await tab.evaluate(() => window.scrollY);
  assert.ok(scrolled > 0);
  await tab.waitForFunction(() => customElements.get('comment-thread') && document.querySelector('comment-thread').hasUpdated, null, { timeout: TIMEOUT.action });
  await tab.evaluate(() => document.querySelector('comment-thread').updateComplete);
  assert.deepEqual(listRequests(), [], 'no list request on load');
  assert.equal(await tab.evaluate(() => window.scrollY), scrolled, 'scroll kept');
  const focused = await tab.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active?.localName;
  });
  assert.equal(focused, 'textarea', 'focus kept');
  assert.equal(await tab.evaluate(() => window.hacked), undefined);
  assert.deepEqual(errors.filter((text) => /hydrat|mismatch/i.test(text)), []);
  // the hydrated thread is live: the next page comes from the API, once
  await tab.getByRole('button', { name: 'Load more comments' }).click();
  await tab.getByText('Comment number 11', { exact: true }).waitFor({ timeout: TIMEOUT.action });
  assert.equal(listRequests().length, 1);
  assert.match(listRequests()[0], /cursor=/);
  await context.close();
});

test('with JavaScript off, the comments and the count are in the page', { timeout: TIMEOUT.test }, async () => {
  bundleDelay = 0;
  const context = await browser.newContext({ javaScriptEnabled: false });
  const tab = await context.newPage();
  await tab.goto(origin + '/', { timeout: TIMEOUT.navigation });
  await tab.getByText('Comment number 10', { exact: true }).waitFor({ timeout: TIMEOUT.action });
  assert.ok(await tab.getByText('30 comments').first().isVisible());
  assert.ok(await tab.getByText('First comment <script>window.hacked = true</script>').isVisible());
  await context.close();
});
