// The demo article as `npm start` serves it, rendered by the server: with JavaScript off a reader
// reads the comments (light, dark, right to left), pages through a long thread and posts one through
// the form (303 back to it, on its page); with JavaScript the page makes no list request on load and
// a returning reader finds their own reactions and Edit in it; `?render=client` is client-only.
/* global document, customElements, getComputedStyle */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TIMEOUT, commentReactions, launchBrowser, reactionButton, startServer } from './helpers.mjs';

let server;
let browser;
before(async () => {
  server = await startServer({ args: ['--demo', 'demo'], env: { RATE_LIMIT_POSTS: '1000', RATE_LIMIT_NEW_VIEWERS: '1000' } });
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

test('a returning reader gets their own reactions and Edit in the HTML, and the page asks for no list', { timeout: TIMEOUT.test }, async () => {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(server.url + '/', { timeout: TIMEOUT.navigation });
  const thread = tab.locator('comment-thread');
  await tab.waitForFunction(() => customElements.get('comment-thread') && document.querySelector('comment-thread').hasUpdated, null, { timeout: TIMEOUT.action });
  const form = thread.locator('reply-form[part="form"]');
  await form.locator('textarea').fill('My own words, to edit later');
  await form.locator('input[name="name"]').fill('Returning Reader');
  await form.getByRole('button', { name: 'Post comment' }).click();
  const mine = thread.locator('article').filter({ hasText: 'My own words, to edit later' });
  await mine.waitFor({ timeout: TIMEOUT.action });
  const seeded = thread.locator('article').filter({ hasText: 'Mirela from Tanner Street' }).first();
  await reactionButton(commentReactions(seeded), 'Like').click();
  await expectPressed(commentReactions(seeded), 'true');

  // the server's HTML for this reader already holds both (before any script runs)
  const page = await context.request.get(server.url + '/');
  assert.equal(page.headers()['cache-control'], 'private, no-cache');
  const html = await page.text();
  const island = JSON.parse(/<script type="application\/json" data-confab-thread="[^"]+">([\s\S]*?)<\/script>/.exec(html)[1]);
  const own = island.page.comments.find((comment) => comment.body === 'My own words, to edit later');
  assert.equal(own.viewer.canEdit, true);
  const liked = island.page.comments.find((comment) => comment.author.name === 'Mirela from Tanner Street');
  assert.deepEqual(liked.viewer.reactions, ['like']);

  // after a reload: no list request, Like still pressed, Edit on their comment
  const lists = [];
  tab.on('request', (request) => {
    if (/\/api\/threads\/[^/]+\/comments(\?|$)/.test(request.url()) && request.method() === 'GET') lists.push(request.url());
  });
  await tab.reload({ timeout: TIMEOUT.navigation });
  await tab.waitForFunction(() => customElements.get('comment-thread') && document.querySelector('comment-thread').hasUpdated, null, { timeout: TIMEOUT.action });
  await expectPressed(commentReactions(thread.locator('article').filter({ hasText: 'Mirela from Tanner Street' }).first()), 'true');
  assert.ok(await mine.getByRole('button', { name: 'Edit', exact: true }).isVisible());
  assert.deepEqual(lists, []);
  // a reader without the cookie gets neither
  const stranger = await browser.newContext({ javaScriptEnabled: false });
  const strangerTab = await stranger.newPage();
  await strangerTab.goto(server.url + '/', { timeout: TIMEOUT.navigation });
  const theirs = strangerTab.locator('comment-thread article').filter({ hasText: 'My own words, to edit later' });
  assert.equal(await theirs.getByRole('button', { name: 'Edit', exact: true }).count(), 0);
  await expectPressed(commentReactions(strangerTab.locator('comment-thread article').filter({ hasText: 'Mirela from Tanner Street' }).first()), 'false');
  await stranger.close();
  await context.close();
});

test('without JavaScript, in dark and right to left: the comments are styled for the reader', { timeout: TIMEOUT.test }, async () => {
  const colours = {};
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ javaScriptEnabled: false, colorScheme });
    const tab = await context.newPage();
    await tab.goto(server.url + '/', { timeout: TIMEOUT.navigation });
    const body = tab.locator('comment-thread article').first();
    colours[colorScheme] = await body.evaluate((element) => {
      const style = getComputedStyle(element);
      return { color: style.color, font: style.fontFamily };
    });
    await context.close();
  }
  const luminance = (color) => {
    const [r, g, b] = color.match(/\d+(\.\d+)?/g).map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  assert.ok(luminance(colours.light.color) < 110, `dark text on light: ${colours.light.color}`);
  assert.ok(luminance(colours.dark.color) > 150, `light text on dark: ${colours.dark.color}`);

  // an Arabic page that includes the server's rendering (a server-side include), scripts off
  const fragment = await (await fetch(`${server.url}/api/threads/eastside-library-reopens/embed?lang=ar`)).text();
  const context = await browser.newContext({ javaScriptEnabled: false });
  const tab = await context.newPage();
  await tab.route(server.url + '/rtl-article', (route) =>
    route.fulfill({ contentType: 'text/html; charset=utf-8', body: `<!doctype html><html lang="ar" dir="rtl"><body><main>${fragment}</main></body></html>` }),
  );
  await tab.goto(server.url + '/rtl-article', { timeout: TIMEOUT.navigation });
  const article = tab.locator('comment-thread article').first();
  assert.ok(await article.isVisible());
  assert.equal(await article.evaluate((element) => getComputedStyle(element).direction), 'rtl');
  const thread = tab.locator('comment-thread');
  const box = await thread.boundingBox();
  const title = await thread.locator('[part="title"]').boundingBox();
  // the heading starts at the right edge
  assert.ok(box.x + box.width - (title.x + title.width) < 40, JSON.stringify({ box, title }));
  assert.match(await thread.locator('[part="title"]').textContent(), /تعليق/);
  await context.close();
});

test('without JavaScript, a long thread pages through "Load more" and back, and a post comes back to its page', { timeout: TIMEOUT.test }, async () => {
  const threadId = 'eastside-library-reopens';
  for (let i = 1; i <= 24; i += 1) {
    const response = await fetch(`${server.url}/api/threads/${threadId}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url, 'idempotency-key': `paging-${i}-${Date.now()}`, 'x-forwarded-for': `10.9.9.${i}` },
      body: JSON.stringify({ body: `Paging comment number ${i}.`, author: { name: 'Pager' } }),
    });
    assert.equal(response.status, 201, await response.text());
  }
  const context = await browser.newContext({ javaScriptEnabled: false });
  const tab = await context.newPage();
  await tab.goto(server.url + '/?utm=kept', { timeout: TIMEOUT.navigation });
  const thread = tab.locator('comment-thread');
  assert.equal(await thread.getByText('Paging comment number 24.').count(), 0, 'the last comment is on a later page');
  await Promise.all([tab.waitForURL(/confab-cursor=/, { timeout: TIMEOUT.navigation }), thread.getByRole('button', { name: 'Load more comments' }).click()]);
  const second = new URL(tab.url());
  assert.equal(second.searchParams.get('utm'), 'kept');
  assert.equal(second.hash, '#comments');
  let page = 2;
  while ((await thread.getByText('Paging comment number 24.').count()) === 0) {
    assert.ok(page < 5, 'the last comment was not found on the next pages');
    await Promise.all([tab.waitForURL((url) => url.href !== tab.url(), { timeout: TIMEOUT.navigation }), thread.getByRole('button', { name: 'Load more comments' }).click()]);
    page += 1;
  }
  assert.equal(await thread.getByRole('button', { name: 'Load more comments' }).count(), 0, 'no "Load more" on the last page');
  // the first page, from the link back
  await Promise.all([tab.waitForURL((url) => !url.searchParams.has('confab-cursor'), { timeout: TIMEOUT.navigation }), thread.getByRole('link', { name: 'Back to the first comments' }).click()]);
  assert.equal(await thread.getByText('Paging comment number 24.').count(), 0);
  // a post from the first page comes back to the page it is on, at its anchor
  const form = thread.locator('reply-form[part="form"]');
  await form.locator('textarea').fill('Posted at the end of a long thread');
  await form.locator('input[name="name"]').fill('Late Reader');
  await Promise.all([tab.waitForURL(/#comment-/, { timeout: TIMEOUT.navigation }), form.getByRole('button', { name: 'Post comment' }).click()]);
  const landed = new URL(tab.url());
  assert.ok(landed.searchParams.get('confab-cursor'), landed.href);
  const id = landed.hash.slice('#comment-'.length);
  assert.match(await thread.locator(`article#comment-${id}`).textContent(), /Posted at the end of a long thread/);
  // a cursor that is none opens the first page, not an error
  const response = await tab.goto(server.url + '/?confab-cursor=not-a-cursor', { timeout: TIMEOUT.navigation });
  assert.equal(response.status(), 200);
  assert.ok(await thread.locator('article').first().isVisible());
  await context.close();
});

async function expectPressed(counter, pressed) {
  const button = reactionButton(counter, 'Like');
  for (let i = 0; i < 100 && (await button.getAttribute('aria-pressed')) !== pressed; i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(await button.getAttribute('aria-pressed'), pressed);
}
