// confab works under a strict Content-Security-Policy. The reference server sends a policy with its
// demo pages; these tests check its script rules, then serve the pages under a stricter policy than
// the server's (no inline styles either, images only from the page's own origin and data: URLs)
// and use them, watching for any violation the browser reports.
/* global window, document -- used inside functions that Playwright runs in the page */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  articleCounter,
  eventually,
  reactionButton,
  shownCounts,
  TIMEOUT,
  topLevelForm,
  useHarness,
  waitForSavedComment,
  writeComment,
} from './helpers.mjs';

const STRICT_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
].join('; ');

const harness = useHarness();

/** The directives of a policy header, by name. */
function directives(policy) {
  return new Map(
    policy
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name.toLowerCase(), values]),
  );
}

/**
 * A reader whose HTML pages arrive with `STRICT_POLICY` instead of the server's own, and who
 * records every violation the page reports (event and console).
 */
async function strictReader() {
  const reader = await harness.reader();
  const { context, page } = reader;
  await context.route(
    (url) => url.pathname === '/' || url.pathname.endsWith('.html'),
    async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers(), 'content-security-policy': STRICT_POLICY };
      await route.fulfill({ response, headers });
    },
  );
  // The event is composed, so one listener on the document hears violations in shadow roots too.
  await context.addInitScript(() => {
    const violations = [];
    Object.defineProperty(window, '__cspViolations', { value: violations });
    document.addEventListener('securitypolicyviolation', (event) =>
      violations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`),
    );
  });
  const consoleViolations = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) consoleViolations.push(message.text());
  });
  const violations = async () => [...(await page.evaluate(() => /** @type {any} */ (window).__cspViolations ?? [])), ...consoleViolations];
  return { ...reader, violations };
}

test('the server sends a script policy with its demo pages that allows no inline script and no eval', { timeout: TIMEOUT.test }, async () => {
  for (const path of ['/', '/npm.html']) {
    const response = await fetch(`${harness.url}${path}`, { method: 'HEAD' });
    assert.equal(response.status, 200, path);
    const policy = response.headers.get('content-security-policy');
    assert.ok(policy, `${path} has a Content-Security-Policy`);
    const parsed = directives(policy);
    const scripts = parsed.get('script-src') ?? parsed.get('default-src');
    assert.ok(scripts, `${path}: the policy restricts scripts`);
    for (const loose of ["'unsafe-inline'", "'unsafe-eval'", '*', 'http:', 'https:', 'data:']) {
      assert.ok(!scripts.includes(loose), `${path}: script-src does not allow ${loose}: ${policy}`);
    }
  }
});

test('under a strict policy the article renders, posts, previews, replies and reacts without a violation', { timeout: TIMEOUT.test }, async () => {
  const { page, errors, violations } = await strictReader();
  const response = await page.goto(`${harness.url}/`);
  assert.equal(response?.headers()['content-security-policy'], STRICT_POLICY, 'the page runs under the strict policy');

  const thread = page.locator('comment-thread');
  const form = topLevelForm(page);
  await form.waitFor();
  const counter = articleCounter(page);
  assert.equal(await eventually(() => shownCounts(counter)), '0 0');

  // the preview renders markdown; the comment gets a generated avatar and a relative time
  const body = `Under a **strict** policy, with a [link](https://example.org/) and \`code\` (${Date.now().toString(36)}).`;
  await form.getByLabel('Name', { exact: true }).fill('Cleo Strict');
  await form.getByRole('textbox', { name: 'Comment', exact: true }).fill(body);
  await form.getByRole('tab', { name: 'Preview' }).click();
  await form.getByRole('tabpanel', { name: 'Preview' }).getByText('strict', { exact: true }).waitFor();
  await form.getByRole('tab', { name: 'Write' }).click();
  await form.getByRole('button', { name: 'Post comment' }).click();
  const comment = await waitForSavedComment(thread, 'Cleo Strict', 'Under a strict policy');

  await comment.getByRole('button', { name: 'Reply', exact: true }).first().click();
  await writeComment(comment.getByRole('form', { name: /^Reply to Cleo Strict/ }), {
    name: 'Dev Policy',
    body: 'Replying under the same policy.',
    send: 'keyboard',
  });
  await waitForSavedComment(comment, 'Dev Policy', 'Replying under the same policy.');

  await reactionButton(counter, 'Like').click();
  await eventually(async () => (await shownCounts(counter)) === '1 0', { message: 'the like was not counted' });

  assert.deepEqual(await violations(), [], 'no Content-Security-Policy violation on the article');
  assert.deepEqual(errors, [], 'no uncaught errors on the page');
});

test('under a strict policy the npm demo and the local-storage variant render without a violation', { timeout: TIMEOUT.test }, async () => {
  const { page, errors, violations } = await strictReader();
  await page.goto(`${harness.url}/npm.html`);
  await waitForSavedComment(page.locator('comment-thread'), 'Ada Okafor', 'npm install confab');
  assert.deepEqual(await violations(), [], 'no Content-Security-Policy violation on the npm demo');

  await page.goto(`${harness.url}/?adapter=local`);
  await waitForSavedComment(page.locator('comment-thread'), 'Mirela from Tanner Street', 'loose terminal');
  assert.equal(await eventually(() => shownCounts(articleCounter(page))), '0 0');

  assert.deepEqual(await violations(), [], 'no Content-Security-Policy violation on the article');
  assert.deepEqual(errors, [], 'no uncaught errors on the page');
});

test('under a strict policy the themes page shows the article under the stylesheet chosen from its menu', { timeout: TIMEOUT.test }, async () => {
  const { page, errors, violations } = await strictReader();
  await page.goto(`${harness.url}/themes.html`);
  const frameViolations = async (frame) => frame.evaluate(() => /** @type {any} */ (window).__cspViolations ?? []);
  const articleFrame = (id) => page.frames().find((frame) => frame !== page.mainFrame() && frame.url().includes(`theme=${id}`));
  for (const { label, id, sheets } of [
    { label: 'Bootstrap 5', id: 'bootstrap', sheets: ['/dist/demo/themes/bootstrap.min.css', '/themes/layout.css'] },
    { label: 'A 62.5 % root font size (html 10 px, body 1.8rem)', id: 'root-62-5', sheets: ['/article.css', '/themes/root-62-5.css'] },
  ]) {
    await page.getByLabel('Stylesheet').selectOption({ label });
    const frame = page.frameLocator('#frame');
    await frame.locator(`html[data-demo-theme="${id}"]`).waitFor({ state: 'attached' });
    await frame.locator('comment-thread').getByRole('form').first().waitFor();
    assert.match(page.url(), new RegExp(`[?&]theme=${id}(&|$)`), 'the address keeps the choice');
    const inner = articleFrame(id);
    assert.ok(inner, 'the frame shows the article under the chosen stylesheet');
    const loaded = await inner.evaluate(() => [...document.querySelectorAll('link[rel="stylesheet"]')].map((link) => new URL(link.href).pathname));
    assert.deepEqual(loaded, sheets, `the page's stylesheets are the theme's, served by this server (${id})`);
    assert.deepEqual(await frameViolations(inner), [], `no Content-Security-Policy violation in the frame (${id})`);
  }
  // the width menu narrows the frame to a phone's
  await page.getByLabel('Width').selectOption({ label: '320 px' });
  await articleFrame('root-62-5').waitForFunction(() => window.innerWidth === 320);
  await page.reload();
  assert.equal(await page.getByLabel('Stylesheet').inputValue(), 'root-62-5', 'a reload keeps the choice');
  assert.equal(await page.getByLabel('Width').inputValue(), '320');
  assert.deepEqual(await violations(), [], 'no Content-Security-Policy violation on the themes page');
  assert.deepEqual(errors, [], 'no uncaught errors on the page');
});
