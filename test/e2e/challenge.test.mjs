// SPAM_CHALLENGE=pow on the demo article: a reader in Chromium posts as usual (the browser solves
// the server's challenge, with a status line), nothing is requested from anywhere but the site,
// and a script posting without solving is refused.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { TIMEOUT, topLevelForm, useHarness, waitForSavedComment, writeComment } from './helpers.mjs';

const harness = useHarness({ env: { SPAM_CHALLENGE: 'pow', SPAM_CHALLENGE_MAX_NUMBER: '50000' }, args: ['--demo', 'demo'] });

test('a reader posts normally while the browser solves the proof of work; a bot without it is refused', { timeout: TIMEOUT.test }, async () => {
  const { page, requests, errors } = await harness.reader();
  await page.goto(`${harness.url}/`);
  const form = topLevelForm(page);
  await form.waitFor();
  const started = Date.now();
  const body = `Solved in the browser (${Date.now().toString(36)})`;
  await writeComment(form, { name: 'Pat Reader', body, send: 'keyboard' });
  const thread = page.locator('comment-thread');
  await waitForSavedComment(thread, 'Pat Reader', body);
  const took = Date.now() - started;
  assert.equal(await form.getByRole('alert').count(), 0, 'no error shown');
  const origin = new URL(harness.url).origin;
  assert.deepEqual(requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:')), [], 'nothing requested from another site');
  assert.ok(requests.some((url) => new URL(url).pathname === '/api/challenge'), 'the challenge came from the server');
  assert.ok(requests.some((url) => /\/chunks\/pow-solver-/.test(url)), 'the solver loaded on demand');
  assert.deepEqual(errors, []);
  console.log(`# a reader's post with SPAM_CHALLENGE=pow took ${took} ms from typing to saved`);

  const bot = await fetch(`${harness.url}/api/threads/eastside-library-reopens/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({ body: 'Buy now', author: { name: 'Bot' } }),
  });
  assert.equal(bot.status, 403);
  assert.match((await bot.json()).error.message, /solve a small puzzle/);
});

test('the solver loads only once a guest starts typing', { timeout: TIMEOUT.test }, async () => {
  const { page, requests } = await harness.reader();
  await page.goto(`${harness.url}/`);
  await topLevelForm(page).waitFor();
  await page.waitForTimeout(500);
  assert.ok(!requests.some((url) => /\/chunks\/pow-solver-/.test(url)), 'no solver before the reader types');
});
