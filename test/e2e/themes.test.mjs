// The gauntlet: the demo article's widgets (the thread with replies and its form, the counter and
// the count under the date, the typo button) under the stylesheets real sites ship and under pages
// written to break embedded widgets (demo/themes/themes.js), in light and dark. On each page:
// comment text at least 0.85 x the article's and at least 14 px; every button and field at least
// 24 px tall; nothing wider than a 320 px screen; axe clean; a focus ring of 3:1 on every control
// reached by Tab. Each page leaves screenshots in screenshots/themes/ for a person to look at.
/* global window, document */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { articleUrl, themes } from '../../demo/themes/themes.js';
import { installProbes } from './page-probes.mjs';
import { TIMEOUT, useHarness } from './helpers.mjs';

const harness = useHarness({ args: ['--demo', 'demo'] });
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = fileURLToPath(new URL('../../screenshots/themes/', import.meta.url));
const WIDE = { width: 1024, height: 900 };
const NARROW = { width: 320, height: 720 };
/** WCAG 2.5.8: the smallest target, in CSS px. */
const MIN_TARGET = 24;
const MIN_TEXT = 14;
const MIN_TEXT_RATIO = 0.85;
/** A phrase in the article to select, per language: the typo button appears on it. */
const PHRASE = { en: 'roof trusses', ar: 'دعامات السقف' };

/** One line of figures per page and scheme, printed at the end for the record. */
const figures = [];
after(() => {
  if (figures.length) console.log(`\nThe gauntlet's figures:\n${figures.map((line) => `  ${line}`).join('\n')}`);
});

/** Opens the article under `theme` and waits for the stylesheets and every widget's data. */
async function openThemed(page, theme) {
  await page.goto(`${harness.url}/${articleUrl(theme).replace(/^\.\//, '')}`);
  await page.locator(`html[data-demo-theme="${theme.id}"]`).waitFor({ state: 'attached' });
  await page.locator('comment-thread').getByRole('article').first().waitFor();
  await page.locator('.dateline reaction-counter [aria-busy="false"]').first().waitFor({ state: 'attached' });
  await page.locator('.dateline comment-count [part~="count"]').waitFor();
  await page.evaluate(() => window.confabProbes.renderAll());
}

/** The typo button shown on a selection in the article: its size, then the selection is cleared. */
async function typoButton(page, theme) {
  const selected = await page.evaluate((phrase) => window.confabProbes.selectPhrase(phrase), PHRASE[theme.lang ?? 'en']);
  assert.ok(selected, 'the phrase to select is in the article');
  const button = page.locator('typo-report [part~="button"]');
  await button.waitFor();
  const box = await button.evaluate((el) => {
    const rect = el.getBoundingClientRect();
    return { name: window.confabProbes.describe(el), width: rect.width, height: rect.height };
  });
  await page.evaluate(() => document.getSelection()?.removeAllRanges());
  await button.waitFor({ state: 'hidden' });
  return box;
}

/** axe on confab's elements only (the page's own markup is the site's business). */
async function axeViolations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const { violations } = await window.axe.run(
      { include: window.confabProbes.hosts() },
      {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
        rules: { 'target-size': { enabled: true } },
        resultTypes: ['violations'],
      },
    );
    return violations.flatMap((violation) =>
      violation.nodes.map((node) => `axe ${violation.id}: ${JSON.stringify(node.target)} ${(node.failureSummary ?? '').replace(/\s+/g, ' ')}`),
    );
  });
}

/**
 * Tabs from the masthead through the page to the footer; at every stop inside a confab element
 * checks the focus ring. Returns the stops and the problems.
 */
async function tabThrough(page) {
  await page.locator('.masthead .brand').focus();
  const problems = [];
  let stops = 0;
  for (let press = 0; press < 250; press++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(async () => {
      const probes = window.confabProbes;
      const active = probes.deepActiveElement();
      if (!active || active === document.body || active.closest('footer')) return { done: true };
      if (!probes.isInConfab(active)) return { inside: false };
      await probes.settleFocus();
      return { inside: true, ...probes.focusRing() };
    });
    if (stop.done) break;
    if (!stop.inside) continue;
    stops += 1;
    if (!stop.ok) problems.push(`focus on ${stop.name}: ${stop.problem}${stop.ring ? ` (${stop.ring})` : ''}`);
  }
  return { stops, problems };
}

// Two pages at a time: most of a page's time is waiting on the browser.
describe('the gauntlet', { concurrency: 2 }, () => {
  for (const theme of themes) {
    for (const scheme of ['light', 'dark']) {
      it(`${theme.name}, ${scheme}`, { timeout: TIMEOUT.test }, async () => {
      const { context, page, errors } = await harness.reader({ viewport: WIDE, colorScheme: scheme });
        await context.addInitScript(installProbes);
        const problems = [];
        const phases = [];
        let last = Date.now();
        const lap = (name) => { phases.push(`${name} ${Date.now() - last}`); last = Date.now(); };
        try {
          await openThemed(page, theme);
          lap('open');

          const sizes = await page.evaluate(() => window.confabProbes.readingSizes());
          assert.ok(sizes.bodies > 0, 'comment bodies are on the page');
          if (!(sizes.commentMin >= MIN_TEXT)) problems.push(`comment text is ${sizes.commentMin} px, under ${MIN_TEXT} px`);
          if (!(sizes.commentMin >= MIN_TEXT_RATIO * sizes.article)) {
            problems.push(`comment text is ${sizes.commentMin} px, under ${MIN_TEXT_RATIO} x the article's ${sizes.article} px`);
          }

          const typo = await typoButton(page, theme);
          const controls = [typo, ...(await page.evaluate(() => window.confabProbes.controlSizes()))];
          for (const control of controls) {
            if (control.height < MIN_TARGET - 0.05 || control.width < MIN_TARGET - 0.05) {
              problems.push(`${control.name} is ${control.width} x ${control.height} px, under ${MIN_TARGET} px`);
            }
          }
          const smallest = controls.reduce((a, b) => (b.height < a.height ? b : a));
          lap('sizes');

          problems.push(...(await axeViolations(page)));
          lap('axe');
          const tab = await tabThrough(page);
          lap('tab');
          problems.push(...tab.problems);
          assert.ok(tab.stops >= 10, `Tab reached ${tab.stops} controls in confab's elements, expected at least 10`);

          await mkdir(SHOTS, { recursive: true });
          await page.evaluate(() => {
            window.confabProbes.deepActiveElement()?.blur();
            window.scrollTo({ left: 0, top: 0, behavior: 'instant' });
          });
          await page.screenshot({ path: join(SHOTS, `${theme.id}-${scheme}.png`), fullPage: true });
          lap('shot');

          await page.setViewportSize(NARROW);
          await page.evaluate(() => window.confabProbes.renderAll());
          const overflow = await page.evaluate(() => window.confabProbes.horizontalOverflow());
          problems.push(...overflow.confab);
          await page.locator('.dateline').scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(SHOTS, `${theme.id}-${scheme}-320.png`), fullPage: false });
          lap('narrow');

          figures.push(
            `${`${theme.id} ${scheme}`.padEnd(24)} article ${sizes.article} px, comments ${sizes.commentMin}–${sizes.commentMax} px, ` +
              `smallest control ${smallest.height} px (${smallest.name}), ${tab.stops} tab stops, ${problems.length} problem(s) [${phases.join(', ')}]` +
              (overflow.page.length ? `; the page itself at 320 px: ${overflow.page.join('; ')}` : ''),
          );
          assert.deepEqual(errors, [], 'no uncaught errors on the page');
          assert.deepEqual(problems, [], `${theme.name}, ${scheme}`);
        } finally {
          await context.close();
        }
      });
    }
  }
});
