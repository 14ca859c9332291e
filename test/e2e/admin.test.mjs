// The moderation dashboard at /admin, walked with the keyboard alone in Chromium: sign in with the
// admin token, move through the pending queue with j/k, approve, reject, select several and act on
// all at once, undo, edit, ban, search, restore what was removed, import a file, the shortcut list,
// live arrivals with the count in the title.
/* global document, localStorage, sessionStorage, window -- used inside functions that Playwright runs in the page */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { eventually, TIMEOUT, useHarness } from './helpers.mjs';

const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
const DISQUS = new URL('../server/fixtures/disqus.xml', import.meta.url).pathname;
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const harness = useHarness({ env: { ADMIN_TOKEN, MODERATION: 'pre', TRUST_PROXY: '1' } });

/** @param {string} method @param {string} path @param {unknown} [body] */
async function adminApi(method, path, body) {
  const response = await fetch(`${harness.url}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
  });
  return response.status === 204 ? null : response.json();
}

/** A reader's post, as a guest of its own. */
async function post(threadId, body, name = 'Reader') {
  const response = await fetch(`${harness.url}/api/threads/${encodeURIComponent(threadId)}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `k-${Math.random().toString(36).slice(2)}`, 'x-forwarded-for': `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
    body: JSON.stringify({ body, author: { name } }),
  });
  return { status: response.status, cookie: response.headers.get('set-cookie'), json: await response.json() };
}

test('a moderator does every action with the keyboard alone', { timeout: TIMEOUT.test }, async () => {
  const first = await post('/articles/one', 'First **pending** comment', 'Ada');
  await post('/articles/one', 'Second pending <img src=x onerror="window.__pwned=1"> comment', 'Bob');
  await post('/articles/two', 'Third pending comment', 'Cy');
  await post('/articles/two', 'Fourth pending comment', 'Di');
  assert.equal(first.status, 201);

  const { page, errors } = await harness.reader({ viewport: { width: 390, height: 800 } });
  await page.goto(`${harness.url}/admin`);
  const token = page.getByLabel('Admin token');
  await token.waitFor();
  await eventually(() => page.evaluate(() => document.querySelector('confab-admin')?.shadowRoot?.activeElement?.id === 'token'), {
    message: 'the token field has focus',
  });

  // A wrong token: a clear message, and the field is ready for another try.
  await page.keyboard.type('wrong');
  await page.keyboard.press('Enter');
  await page.getByRole('alert').filter({ hasText: 'not the admin token' }).waitFor();
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await page.keyboard.type(ADMIN_TOKEN);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Pending' }).waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.length + localStorage.length), 0, 'the token is not kept by the page');
  assert.equal(await page.evaluate(() => document.cookie), '', 'the session cookie is not readable by scripts');

  const rows = page.locator('li.row');
  await eventually(async () => (await rows.count()) === 4, { message: 'four pending comments' });
  await eventually(() => page.title().then((title) => title === '(4) confab moderation'), { message: 'the count in the title' });
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'hostile HTML renders as nothing that runs');
  assert.equal(await rows.nth(1).locator('img[onerror]').count(), 0);

  // ? lists the shortcuts; Escape closes the list.
  await page.keyboard.press('?');
  await page.getByRole('heading', { name: 'Keyboard shortcuts' }).waitFor();
  await page.getByRole('dialog').getByText('restore (All comments, showing deleted and rejected)').waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('heading', { name: 'Keyboard shortcuts' }).waitFor({ state: 'hidden' });
  // the dialog's close event (a task after it hides) gives the keys back to the queue, on its row
  await page.locator('[data-index="0"]:focus').waitFor();

  // j moves to the second comment; a approves it.
  await page.keyboard.press('j');
  await page.keyboard.press('a');
  await page.locator('.toast').getByText('Approved 1 comment.').waitFor();
  await eventually(async () => (await rows.count()) === 3);
  // u takes it back before it is sent: the comment is back and still pending.
  await page.keyboard.press('u');
  await eventually(async () => (await rows.count()) === 4, { message: 'undo brings the row back' });
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal((await adminApi('GET', '/admin/summary')).pending, 4);

  // k goes back to the first; x selects it and the next; a approves both in one request.
  await page.keyboard.press('k');
  await page.keyboard.press('x');
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  const actions = [];
  page.on('request', (request) => request.url().endsWith('/api/admin/actions') && actions.push(request.postDataJSON()));
  await page.keyboard.press('a');
  await page.locator('.toast').getByText('Approved 2 comments.').waitFor();
  await eventually(async () => (await adminApi('GET', '/admin/summary')).pending === 2, { timeout: 15_000, message: 'the approval is sent after the undo time' });
  assert.equal(actions.length, 1, 'one request for the selection');
  assert.equal(actions[0].ids.length, 2);

  // r rejects the current one (after the undo time it is gone).
  await page.keyboard.press('r');
  await eventually(async () => (await adminApi('GET', '/admin/summary')).pending === 1, { timeout: 15_000 });

  // e edits the last one's text; Ctrl+Enter saves it.
  await page.keyboard.press('e');
  const editor = page.getByLabel('Text of the comment');
  await editor.waitFor();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('Edited by the moderator');
  await page.keyboard.press('Control+Enter');
  await page.locator('li.row .status').getByText('edited by a moderator').waitFor();

  // b bans its author, for good, removing their comments.
  await page.keyboard.press('b');
  await page.getByRole('heading', { name: /^Ban / }).waitFor();
  await eventually(() => page.evaluate(() => document.querySelector('confab-admin')?.shadowRoot?.activeElement?.id === 'ban-days'), {
    message: 'the dialog opens on its first field',
  });
  await page.keyboard.type('f');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await page.keyboard.type('spam');
  await page.keyboard.press('Enter');
  await page.locator('.toast').getByText(/is banned for good; 1 comment removed/).waitFor();
  assert.equal((await adminApi('GET', '/admin/bans')).bans.length, 1);

  // Live: a new pending comment appears without a reload, with the count in the title.
  await post('/articles/three', 'Arrived while the page was open', 'Eve');
  await page.locator('li.row').getByText('Arrived while the page was open').waitFor();
  await eventually(() => page.title().then((title) => title === '(1) confab moderation'));

  // / searches all comments.
  await page.keyboard.press('/');
  await page.getByRole('heading', { name: 'All comments' }).waitFor();
  await page.keyboard.type('pending');
  await page.keyboard.press('Enter');
  await eventually(async () => (await rows.count()) === 2, { message: 'the two approved comments match' });

  // Show: deleted and rejected. The rejected comment and the banned author's removed one are
  // listed, most recently removed first; o restores, u takes it back, o again sends it.
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.type('d');
  await rows.filter({ hasText: 'rejected by a moderator' }).first().waitFor();
  await eventually(async () => (await rows.count()) === 2, { message: 'two removed comments' });
  assert.match(await rows.nth(0).innerText(), /Edited by the moderator/, 'the banned author’s comment, as the moderator left it');
  assert.match(await rows.nth(1).innerText(), /Fourth pending comment/, 'the rejected one');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('j');
  await page.keyboard.press('o');
  await page.locator('.toast').getByText('Restored 1 comment.').waitFor();
  await eventually(async () => (await rows.count()) === 1);
  await page.keyboard.press('u');
  await eventually(async () => (await rows.count()) === 2, { message: 'undo brings the removed row back' });
  assert.equal((await adminApi('GET', '/admin/summary')).pending, 1, 'nothing restored yet');
  await page.keyboard.press('j');
  await page.keyboard.press('o');
  await eventually(async () => (await adminApi('GET', '/admin/summary')).pending === 2, { timeout: 15_000, message: 'the restore is sent after the undo time' });
  // A rejected comment returns to the pending queue.
  await page.keyboard.press('1');
  await page.getByRole('heading', { name: 'Pending' }).waitFor();
  await rows.filter({ hasText: 'Fourth pending comment' }).waitFor();

  // 6: import a Disqus export (the file chosen as a file picker would); the result shows when it
  // ends, and a second run of the same file adds nothing.
  await page.keyboard.press('6');
  await page.getByRole('heading', { name: 'Import', exact: true }).waitFor();
  for (const expected of [/Imported 5 comments from disqus\.xml into 2 threads; 0 already there, 1 spam left out/, /Imported 0 comments from disqus\.xml into 0 threads; 6 already there/]) {
    await page.locator('#import-file').setInputFiles(DISQUS);
    await page.locator('form.import button[type="submit"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('.import-status').getByText(expected).waitFor({ timeout: 30_000 });
  }
  const article = await fetch(`${harness.url}/api/threads/${encodeURIComponent('/2019/05/first-post/')}/comments`).then((r) => r.json());
  assert.equal(article.threadTotal, 3, 'readers see the imported comments');

  // Sign out: the session ends.
  await page.getByRole('button', { name: 'Sign out' }).focus();
  await page.keyboard.press('Enter');
  await page.getByLabel('Admin token').waitFor();
  const after = await page.evaluate(() => fetch('/api/admin/summary').then((r) => r.status));
  assert.equal(after, 401);
  assert.deepEqual(errors, []);
});

/** axe's violations on the page (the dashboard's shadow root included). */
async function axeViolations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const { violations } = await window.axe.run(document, { resultTypes: ['violations'] });
    return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

test('the dashboard is axe-clean in light and dark, and fits a 390 px screen', { timeout: TIMEOUT.test }, async () => {
  await post('/articles/axe', 'A pending comment with a [link](https://example.com)', 'Fay');
  for (const colorScheme of /** @type {const} */ (['light', 'dark'])) {
    const { page, context } = await harness.reader({ viewport: { width: 390, height: 800 }, colorScheme });
    await page.goto(`${harness.url}/admin/`);
    await page.getByLabel('Admin token').waitFor();
    assert.deepEqual(await axeViolations(page), [], `sign-in, ${colorScheme}`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.keyboard.press('Enter');
    await page.locator('li.row').first().waitFor();
    assert.deepEqual(await axeViolations(page), [], `queue, ${colorScheme}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `nothing wider than the screen (${overflow} px over)`);
    await page.locator('li.row').first().focus();
    await page.keyboard.press('6');
    await page.locator('#import-file').waitFor();
    assert.deepEqual(await axeViolations(page), [], `import, ${colorScheme}`);
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)) <= 0, 'the import form fits');
    await context.close();
  }
});
