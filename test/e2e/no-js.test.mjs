// The demo article as `npm start` serves it, rendered by the server: with JavaScript off a reader
// reads the comments and posts one through the form (303 back to it); with JavaScript the page
// makes no list request on load; `?render=client` is the client-only page.
/* global document, customElements */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TIMEOUT, launchBrowser, startServer } from './helpers.mjs';

let server;
let browser;
before(async () => {
  server = await startServer({ args: ['--demo', 'demo'], env: { RENDER_PAGES: '1' } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('without JavaScript: the comments are there, and the form posts one that appears at its anchor', { timeout: TIMEOUT.test }, async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const tab = await context.newPage();
  await tab.goto(server.url + '/', { timeout: TIMEOUT.navigation });
  const thread = tab.locator('comment-thread');
  assert.ok(await thread.locator('article').first().isVisible());
  const before = await thread.locator('article').count();
  assert.ok(before >= 3, `${before} comments shown`);
  const form = thread.locator('reply-form[part="form"]');
  await form.locator('textarea').fill('Read and written with scripts off');
  await form.locator('input[name="name"]').fill('No Script');
  await Promise.all([tab.waitForURL(/#comment-/, { timeout: TIMEOUT.navigation }), form.getByRole('button', { name: 'Post comment' }).click()]);
  const id = new URL(tab.url()).hash.slice('#comment-'.length);
  assert.ok(id, tab.url());
  const posted = thread.locator(`article#comment-${id}`);
  // textContent: an article off screen skips its rendering (content-visibility), so innerText is empty
  assert.match(await posted.textContent(), /Read and written with scripts off/);
  assert.match(await posted.textContent(), /No Script/);
  assert.equal(await thread.locator('article').count(), before + 1);
  await context.close();
});

test('with JavaScript: no list request on load, and the elements are live; ?render=client asks for the list', { timeout: TIMEOUT.test }, async () => {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const lists = [];
  tab.on('request', (request) => {
    if (/\/api\/threads\/[^/]+\/comments(\?|$)/.test(request.url()) && request.method() === 'GET') lists.push(request.url());
  });
  await tab.goto(server.url + '/', { timeout: TIMEOUT.navigation });
  await tab.waitForFunction(() => customElements.get('comment-thread') && document.querySelector('comment-thread').hasUpdated, null, { timeout: TIMEOUT.action });
  await tab.evaluate(() => document.querySelector('comment-thread').updateComplete);
  assert.deepEqual(lists, []);
  // live: a post through the hydrated form goes through the store (no page load)
  const form = tab.locator('comment-thread reply-form[part="form"]');
  await form.locator('textarea').fill('Posted after hydration');
  await form.locator('input[name="name"]').fill('Script');
  const url = tab.url();
  await form.getByRole('button', { name: 'Post comment' }).click();
  await tab.locator('comment-thread').getByText('Posted after hydration').waitFor({ timeout: TIMEOUT.action });
  assert.equal(tab.url(), url);
  await tab.goto(server.url + '/?render=client', { timeout: TIMEOUT.navigation });
  await tab.locator('comment-thread article').first().waitFor({ timeout: TIMEOUT.action });
  assert.ok(lists.length >= 1, 'the client-only page lists the comments itself');
  await context.close();
});
