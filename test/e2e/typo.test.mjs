// Typo reports end to end on the built demo: readers select a phrase in the article and send a
// correction (Ctrl + Enter, or Tab to the "Report a typo" button and Enter); an editor signs in to
// the dashboard (/admin) with the admin token `npm start` prints, finds the report under Typo
// reports with its count, and marks it fixed.
/* global document, localStorage, sessionStorage, window -- used inside functions that Playwright runs in the page */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { eventually, selectPhrase, TIMEOUT, topLevelForm, useHarness, visibleText } from './helpers.mjs';

// As `npm start` starts it, with info logs: the start-up log carries the generated admin token.
const harness = useHarness({ args: ['--demo', 'demo'], env: { LOG_LEVEL: 'info' } });

const HOSTILE = '<img src=x onerror="window.hacked=1">';

// axe-core, as the component tests run it (through @open-wc/testing)
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The admin token the server generated and printed with the dashboard's address. */
function printedEditor() {
  const line = harness.server
    ?.output()
    .split('\n')
    .map((text) => {
      try {
        return JSON.parse(text);
      } catch {
        return null;
      }
    })
    .find((entry) => entry?.msg === 'admin dashboard');
  assert.ok(line, `the start-up log names no dashboard:\n${harness.server?.output()}`);
  return { url: new URL(line.url), adminToken: line.adminToken };
}

/** Opens the article as a new reader and waits until the page's widgets are ready. */
async function openArticle() {
  const reader = await harness.reader();
  await reader.page.goto(`${harness.url}/`);
  await topLevelForm(reader.page).waitFor();
  return reader;
}

/** Fills the open typo dialog and sends it; returns the thanks message. */
async function sendReport(page, { suggestion, comment }) {
  const dialog = page.getByRole('dialog', { name: 'Report a typo' });
  await dialog.waitFor();
  const field = dialog.getByRole('textbox', { name: 'Suggested correction (optional)' });
  // the correction field takes the keyboard at once
  await eventually(() => field.evaluate((element) => element.matches(':focus')), { message: 'the correction field is not focused' });
  await page.keyboard.type(suggestion);
  if (comment) await dialog.getByRole('textbox', { name: 'Comment (optional)' }).fill(comment);
  await dialog.getByRole('button', { name: 'Send' }).click();
  const thanks = dialog.getByRole('status').filter({ hasText: 'Thanks' });
  await thanks.waitFor();
  const message = await visibleText(thanks);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'hidden' });
  return message;
}

/** The dashboard's typo reports, signed in with the printed token. */
async function openEditor(options = {}) {
  const { url, adminToken } = printedEditor();
  const editor = await harness.reader(options);
  await editor.page.goto(`${harness.url}${url.pathname}`);
  await editor.page.getByLabel('Admin token').fill(adminToken);
  await editor.page.getByRole('button', { name: 'Sign in' }).click();
  await editor.page.getByRole('heading', { name: 'Pending' }).waitFor();
  await editor.page.keyboard.press('3');
  await editor.page.getByRole('heading', { name: 'Typo reports' }).waitFor();
  return editor;
}

/** A report in the editor's list, found by the quoted text in its heading. */
function reportItem(page, exact) {
  return page.getByRole('article', { name: new RegExp(`^“${exact}”`) });
}

test('the demo prints the dashboard address and a random admin token that unlocks the admin API', async () => {
  const { url, adminToken } = printedEditor();
  assert.equal(url.pathname, '/admin/');
  assert.match(adminToken, /^[\w-]{20,}$/);
  const denied = await fetch(`${harness.url}/api/admin/typos`, { headers: { Authorization: 'Bearer wrong-token' } });
  assert.equal(denied.status, 401);
  const allowed = await fetch(`${harness.url}/api/admin/typos`, { headers: { Authorization: `Bearer ${adminToken}` } });
  assert.equal(allowed.status, 200);
});

test('a typo selected in the article and sent with Ctrl+Enter is listed for the editor, who marks it fixed', { timeout: TIMEOUT.test }, async () => {
  const phrase = 'roof trusses';
  // Two readers report the same phrase with the same correction: the editor sees one report, twice.
  const first = await openArticle();
  await selectPhrase(first.page, phrase);
  await first.page.keyboard.press('Control+Enter');
  assert.equal(await sendReport(first.page, { suggestion: 'roof beams', comment: 'Trusses are the frame, beams are wrong too?' }), 'Thanks, sent to the editors.');
  const second = await openArticle();
  await selectPhrase(second.page, phrase);
  await second.page.keyboard.press('Control+Enter');
  assert.match(await sendReport(second.page, { suggestion: 'roof beams' }), /2 readers reported this/);

  const { page, errors } = await openEditor();
  const report = reportItem(page, phrase);
  await report.waitFor();
  const shown = await visibleText(report);
  assert.match(shown, /“roof trusses” → “roof beams”/);
  assert.doesNotMatch(shown, /editor\.html/);
  // the text around it, as the reader saw it, with the reported words marked
  const context = await report.locator('blockquote').textContent();
  assert.match(context, /^….*found water damage in the roof trusses/);
  assert.match(context, /, has been restored.*…$/);
  assert.equal(await report.locator('mark').textContent(), phrase);
  assert.match(shown, /Reported by 2 readers/);
  assert.match(shown, /Status\s*Open/);
  assert.match(shown, /Trusses are the frame, beams are wrong too\?/);
  assert.equal(await report.getByRole('link').getAttribute('href'), `${harness.url}/`);

  await report.getByRole('button', { name: 'Mark fixed' }).click();
  await eventually(async () => /Status\s*Fixed/.test(await visibleText(reportItem(page, phrase))), { message: 'the status did not change to Fixed' });
  assert.equal(await page.locator('confab-admin p[role="status"][aria-live]').textContent(), 'Marked fixed: “roof trusses”.');
  // the keyboard stays in the report: Reopen took the place of the pressed button
  await eventually(() => page.evaluate(() => document.querySelector('confab-admin')?.shadowRoot?.activeElement?.textContent?.trim().startsWith('Reopen')), {
    message: 'focus is not on Reopen',
  });

  // the filter: gone from the open reports, listed under fixed ones
  await page.getByLabel('Show').selectOption('fixed');
  await page.getByLabel('Show').selectOption('open');
  await page.getByText('No open reports.').waitFor();
  assert.equal(await reportItem(page, phrase).count(), 0);
  await page.getByLabel('Show').selectOption('fixed');
  await reportItem(page, phrase).waitFor();
  assert.deepEqual(errors, []);

  // the server agrees
  const { adminToken } = printedEditor();
  const listed = await (await fetch(`${harness.url}/api/admin/typos?status=fixed`, { headers: { Authorization: `Bearer ${adminToken}` } })).json();
  assert.deepEqual(
    listed.typos.map((typo) => [typo.quote.exact, typo.count, typo.status]),
    [[phrase, 2, 'fixed']],
  );
});

test('keyboard readers Tab to the "Report a typo" button; hostile text reaches the editor as text', { timeout: TIMEOUT.test }, async () => {
  const reader = await openArticle();
  const phrase = 'shift workers';
  await selectPhrase(reader.page, phrase);
  const button = reader.page.getByRole('button', { name: 'Report a typo' });
  await button.waitFor();
  await reader.page.keyboard.press('Tab');
  await eventually(() => button.evaluate((element) => element.matches(':focus')), { message: 'Tab did not reach the button' });
  await reader.page.keyboard.press('Enter');
  await sendReport(reader.page, { suggestion: HOSTILE });

  const { page, errors, requests } = await openEditor();
  const report = reportItem(page, phrase);
  await report.waitFor();
  assert.ok((await visibleText(report)).includes(`→ “${HOSTILE}”`));
  assert.equal(await page.locator('li.row img').count(), 0);
  assert.equal(await page.evaluate(() => 'hacked' in window), false);
  assert.ok(requests.every((url) => url.startsWith(harness.url)), `unexpected requests: ${requests.join(', ')}`);
  assert.deepEqual(errors, []);

  await report.getByRole('button', { name: 'Reject' }).click();
  await eventually(async () => /Status\s*Rejected/.test(await visibleText(reportItem(page, phrase))), { message: 'the status did not change' });
});

test('the dashboard refuses a wrong token and keeps nothing of it', { timeout: TIMEOUT.test }, async () => {
  const { page } = await harness.reader();
  await page.goto(`${harness.url}/admin/`);
  await page.getByLabel('Admin token').fill('not-the-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'That is not the admin token.' }).waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.length + localStorage.length), 0);
  assert.equal(await page.getByRole('heading', { name: 'Typo reports' }).count(), 0);
});

test('the article and the editor view pass axe in light, dark and Arabic right to left', { timeout: TIMEOUT.test }, async () => {
  const { adminToken } = printedEditor();
  // an open report for the editor view to show, as a reader's browser sends it
  const sent = await fetch(`${harness.url}/api/typos`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ url: `${harness.url}/`, quote: { exact: 'Tanner Street', prefix: 'reached the corner of ', suffix: '. The building' }, suggestion: 'Tanner Road', comment: 'It was renamed.' }),
  });
  assert.equal(sent.status, 201);
  const pages = [
    { path: '/', colorScheme: 'light' },
    { path: '/', colorScheme: 'dark' },
    { path: '/?lang=ar', colorScheme: 'light' },
    { path: '/admin/', colorScheme: 'light' },
    { path: '/admin/', colorScheme: 'dark' },
  ];
  for (const { path, colorScheme } of pages) {
    // bypassCSP lets the test add axe as a script tag; the page's own scripts are unchanged
    const { page, errors } = await harness.reader({ colorScheme, bypassCSP: true });
    await page.goto(`${harness.url}${path}`);
    if (path.startsWith('/admin')) {
      await page.getByLabel('Admin token').fill(adminToken);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Pending' }).waitFor();
      await page.keyboard.press('3');
      await page.locator('li.row').first().waitFor();
    } else {
      await page.locator('comment-thread').getByRole('article').first().waitFor();
      if (path.includes('lang=ar')) await page.locator('comment-thread').getByRole('button', { name: 'رد' }).first().waitFor();
    }
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const { violations } = await window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
        // off by default in axe 4: pointer targets of at least 24 px
        rules: { 'target-size': { enabled: true } },
        resultTypes: ['violations'],
      });
      return violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => `${JSON.stringify(node.target)} ${node.failureSummary}`).join('; ')}`);
    });
    assert.deepEqual(violations, [], `${path} (${colorScheme})`);
    assert.deepEqual(errors, []);
    await page.context().close();
  }
});
