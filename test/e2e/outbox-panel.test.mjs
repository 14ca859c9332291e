// The dashboard's "Failed mail" view in Chromium: a reply notification the SMTP server refused on
// every attempt is listed with its recipient, error and attempts; Retry sends it once the SMTP
// server accepts mail again, and it leaves the list.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSmtp } from '../server/mail-helpers.js';
import { eventually, launchBrowser, startServer, TIMEOUT } from './helpers.mjs';

const ADMIN_TOKEN = 'e2e-admin-token-outbox-0123456789';
let down = true;
/** @type {Awaited<ReturnType<typeof startSmtp>>} */
let smtp;
/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;

before(async () => {
  smtp = await startSmtp({ refuse: () => down });
  server = await startServer({
    env: { ADMIN_TOKEN, SMTP_URL: smtp.url, MAIL_FROM: 'c@blog.example', OUTBOX_ATTEMPTS: '1', OUTBOX_POLL_MS: '100', TRUST_PROXY: '1' },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close().catch(() => {});
  await server?.stop().catch(() => {});
  await smtp?.close();
});

/** @param {string} method @param {string} path @param {unknown} [body] */
async function call(method, path, body, headers = {}) {
  const response = await fetch(`${server.url}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.7.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`, ...headers },
    body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
  });
  return response.status === 204 ? null : response.json();
}

test('a moderator sees failed mail and sends it again with Retry', { timeout: TIMEOUT.test }, async () => {
  const key = () => ({ 'idempotency-key': `k-${Math.random().toString(36).slice(2)}` });
  const parent = await call('POST', '/threads/t/comments', { body: 'Parent', author: { name: 'Ada', email: 'ada@example.com' }, notify: true }, key());
  await call('POST', '/threads/t/comments', { parentId: parent.id, body: 'A reply that bounced', author: { name: 'Bob' } }, key());
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
  await eventually(async () => (await call('GET', '/admin/outbox/failed', undefined, admin)).messages.length === 1, { message: 'the message failed' });

  const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(`${server.url}/admin`);
  await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Pending' }).waitFor();
  await page.keyboard.press('7');
  await page.getByRole('heading', { name: 'Failed mail' }).waitFor();
  const row = page.locator('confab-outbox-panel li.row');
  await row.waitFor();
  assert.equal(await row.count(), 1);
  const text = await row.innerText();
  assert.match(text, /Mail/);
  assert.match(text, /ada@example\.com/);
  assert.match(text, /Bob replied to your comment/);
  assert.match(text, /Attempts\s*1/);
  assert.match(text, /Try again later/);

  down = false;
  const retry = page.getByRole('button', { name: 'Retry the mail to ada@example.com' });
  await retry.focus();
  await page.keyboard.press('Enter');
  await page.getByText('Nothing failed').waitFor();
  await page.getByRole('status').filter({ hasText: 'Queued again: the mail to ada@example.com' }).waitFor();
  await smtp.waitFor(1);
  assert.equal(smtp.messages[0].to.value[0].address, 'ada@example.com');
  assert.match(smtp.messages[0].text, /A reply that bounced/);
  assert.deepEqual((await call('GET', '/admin/outbox/failed', undefined, admin)).messages, []);
  assert.deepEqual(errors, []);
  await context.close();
});
