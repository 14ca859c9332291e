// The gauntlet: the demo article's widgets (the thread with replies and its form, the counter and
// the count under the date, the typo button) under the stylesheets real sites ship and under pages
// written to break embedded widgets (demo/themes/themes.js), in light and then, as the reader's
// system turns dark, in dark. On each page:
// comment text at least 0.85 x the article's and at least 14 px, in confab's own case, spacing
// and alignment whatever the page set on its body; every button and field at least 24 px tall;
// nothing wider than a 320 px screen; axe clean; a focus ring of 3:1 on every control reached by
// Tab. Each page leaves screenshots in screenshots/themes/ for a person to look at.
/* global window, document, getComputedStyle */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { articleUrl, findTheme, themes } from '../../demo/themes/themes.js';
import { installProbes } from './page-probes.mjs';
import { delay, selectPhrase, TIMEOUT, topLevelForm, useHarness, waitForSavedComment, writeComment } from './helpers.mjs';

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
  await selectPhrase(page, PHRASE[theme.lang ?? 'en']);
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

/**
 * The whole page in one picture. Through a viewport as tall as the page rather than a full-page
 * capture: the thread renders comments only near the viewport, and a capture beyond it would show
 * the far ones blank.
 */
async function screenshotWhole(page, path, selector) {
  await page.evaluate(() => {
    window.confabProbes.deepActiveElement()?.blur();
    window.scrollTo({ left: 0, top: 0, behavior: 'instant' });
  });
  const size = page.viewportSize() ?? WIDE;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: size.width, height: Math.min(height, 12_000) });
  await page.evaluate(() => window.confabProbes.frames());
  const clip = selector ? await page.locator(selector).boundingBox() : null;
  await page.screenshot({ path, ...(clip ? { clip } : {}) });
  await page.setViewportSize(size);
}

/**
 * axe (already on the page) on confab's elements only: the page's own markup is the site's
 * business. `colour`: only the rules that read colours, for a second scheme of the same page.
 */
async function axeViolations(page, rules) {
  return page.evaluate(async (which) => {
    const options =
      which === 'colour'
        ? { runOnly: { type: 'rule', values: ['color-contrast', 'link-in-text-block'] } }
        : {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
            rules: { 'target-size': { enabled: true } },
          };
    const { violations } = await window.axe.run({ include: window.confabProbes.hosts() }, { ...options, resultTypes: ['violations'] });
    return violations.flatMap((violation) =>
      violation.nodes.map((node) => `axe ${violation.id}: ${JSON.stringify(node.target)} ${(node.failureSummary ?? '').replace(/\s+/g, ' ')}`),
    );
  }, rules);
}

/**
 * Tabs from the date line through the page to the footer; at every stop inside a confab element
 * checks the focus ring. Returns the stops and the problems.
 */
async function tabThrough(page) {
  // from just before the first widget: the page's own menu is not confab's business
  await page.evaluate(() => {
    const start = document.querySelector('.dateline time');
    start.tabIndex = -1;
    start.focus();
  });
  const problems = [];
  let stops = 0;
  for (let press = 0; press < 250; press++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(async () => {
      const probes = window.confabProbes;
      const active = probes.deepActiveElement();
      if (!active || active === document.body || active.closest('footer')) return { done: true };
      if (!probes.isInConfab(active)) return { inside: false };
      probes.tabStops.push(active);
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

// Each page loads once, in light, and is checked; then the reader's system turns dark and the
// page and confab follow it, and what depends on colour is checked again (axe's colour rules, the
// focus rings). Two pages at a time: most of a page's time is waiting on the browser.
describe('the gauntlet', { concurrency: 2 }, () => {
  for (const theme of themes) {
    it(`${theme.name}, light and dark`, { timeout: TIMEOUT.test }, async () => {
      const { context, page, errors } = await harness.reader({ viewport: WIDE, colorScheme: 'light' });
      await context.addInitScript(installProbes);
      const problems = [];
      const phases = [];
      let last = Date.now();
      const lap = (name) => {
        phases.push(`${name} ${Date.now() - last}`);
        last = Date.now();
      };
      try {
        await openThemed(page, theme);
        lap('open');

        const sizes = await page.evaluate(() => window.confabProbes.readingSizes());
        assert.ok(sizes.bodies > 0, 'comment bodies are on the page');
        if (!(sizes.commentMin >= MIN_TEXT)) problems.push(`comment text is ${sizes.commentMin} px, under ${MIN_TEXT} px`);
        if (!(sizes.commentMin >= MIN_TEXT_RATIO * sizes.article)) {
          problems.push(`comment text is ${sizes.commentMin} px, under ${MIN_TEXT_RATIO} x the article's ${sizes.article} px`);
        }
        problems.push(...(await page.evaluate(() => window.confabProbes.inheritedTextProblems())));

        const typo = await typoButton(page, theme);
        const controls = [typo, ...(await page.evaluate(() => window.confabProbes.controlSizes()))];
        for (const control of controls) {
          if (control.height < MIN_TARGET - 0.05 || control.width < MIN_TARGET - 0.05) {
            problems.push(`${control.name} is ${control.width} x ${control.height} px, under ${MIN_TARGET} px`);
          }
        }
        const smallest = controls.reduce((a, b) => (b.height < a.height ? b : a));
        lap('sizes');

        await page.evaluate(AXE);
        problems.push(...(await axeViolations(page, 'all')).map((problem) => `light: ${problem}`));
        lap('axe light');
        const tab = await tabThrough(page);
        assert.ok(tab.stops >= 10, `Tab reached ${tab.stops} controls in confab's elements, expected at least 10`);
        problems.push(...tab.problems.map((problem) => `light: ${problem}`));
        lap('tab light');
        await mkdir(SHOTS, { recursive: true });
        await screenshotWhole(page, join(SHOTS, `${theme.id}-light.png`));
        lap('shot light');

        await page.emulateMedia({ colorScheme: 'dark' });
        await page.evaluate(() => window.confabProbes.settleColours());
        const darkScheme = await page.locator('comment-thread').evaluate((thread) => getComputedStyle(thread).colorScheme);
        problems.push(...(await axeViolations(page, 'colour')).map((problem) => `dark: ${problem}`));
        lap('axe dark');
        const rings = await page.evaluate(() => window.confabProbes.focusRingsAgain());
        for (const ring of rings.filter((found) => !found.ok)) problems.push(`dark: focus on ${ring.name}: ${ring.problem}${ring.ring ? ` (${ring.ring})` : ''}`);
        lap('focus dark');
        await screenshotWhole(page, join(SHOTS, `${theme.id}-dark.png`));
        lap('shot dark');

        // widths do not change with the colour scheme: checked once
        await page.setViewportSize(NARROW);
        await page.evaluate(() => window.confabProbes.renderAll());
        const overflow = await page.evaluate(() => window.confabProbes.horizontalOverflow());
        problems.push(...overflow.confab);
        if (overflow.page.length) figures.push(`${theme.id}: the page itself at 320 px: ${overflow.page.join('; ')}`);
        await screenshotWhole(page, join(SHOTS, `${theme.id}-320.png`), '#comments');
        lap('narrow');

        figures.push(
          `${theme.id.padEnd(17)} article ${sizes.article} px, comments ${sizes.commentMin}–${sizes.commentMax} px, ` +
            `smallest control ${smallest.height} px (${smallest.name}), ${tab.stops} tab stops, confab ${darkScheme} on the dark system, ` +
            `${problems.length} problem(s) [${phases.join(', ')}]`,
        );
        assert.deepEqual(errors, [], 'no uncaught errors on the page');
        assert.deepEqual(problems, [], theme.name);
      } finally {
        await context.close();
      }
    });
  }
});

// ---- the demo article in other conditions: forced colours, large text, narrow screens, paper,
// a touch screen, and while its data is on the way --------------------------------------------

const LEDGER = findTheme('ledger');

/** The problems as one message, for an assertion on an empty list. */
const listed = (title, problems) => `${title}:\n  ${problems.join('\n  ')}`;

let codeComment;
/** Posts, once, a comment with a code block too long for any line. */
function postCodeComment() {
  codeComment ??= (async () => {
    const { context, page } = await harness.reader({ viewport: WIDE });
    try {
      await page.goto(`${harness.url}/`);
      const code = `npm install confab-comments && ${'node --run build-the-whole-site-with-every-option '.repeat(3)}`;
      await writeComment(topLevelForm(page), { name: 'Wide Code', body: `Here is how:\n\n\`\`\`\n${code}\n\`\`\`` });
      await waitForSavedComment(page.locator('comment-thread'), 'Wide Code', 'Here is how');
    } finally {
      await context.close();
    }
  })();
  return codeComment;
}

describe('the demo article', () => {
  it('in forced colours: every control keeps a boundary, focus shows, a pressed reaction is filled, icons show', { timeout: TIMEOUT.test }, async () => {
    for (const scheme of ['light', 'dark']) {
      const { context, page, errors } = await harness.reader({ viewport: WIDE, colorScheme: scheme, forcedColors: 'active' });
      await context.addInitScript(installProbes);
      try {
        await openThemed(page, LEDGER);
        assert.equal(await page.evaluate(() => window.matchMedia('(forced-colors: active)').matches), true, 'forced colours are on');
        const unbounded = await page.evaluate(() => window.confabProbes.controlsWithoutBoundary());
        assert.deepEqual(unbounded, [], listed(`${scheme}: controls without a boundary`, unbounded));
        const icons = await page.evaluate(() => window.confabProbes.faintIcons());
        assert.deepEqual(icons, [], listed(`${scheme}: icons that do not show`, icons));
        const tab = await tabThrough(page);
        assert.deepEqual(tab.problems, [], listed(`${scheme}: focus`, tab.problems));

        // Like on the article: the pressed button must differ from Dislike by more than colour
        const counter = page.locator('.dateline reaction-counter');
        const like = counter.locator('[part~="reaction-like"]');
        await like.click();
        await counter.locator('[part~="reaction-like"][aria-pressed="true"]').waitFor();
        const [pressed, unpressed] = await Promise.all(
          ['like', 'dislike'].map((name) => counter.locator(`[part~="reaction-${name}"]`).evaluate((el) => window.confabProbes.shapeOf(el))),
        );
        assert.notEqual(pressed, unpressed, `${scheme}: the pressed reaction looks like the unpressed one but for colour: ${pressed}`);
        await like.click();
        await counter.locator('[part~="reaction-like"][aria-pressed="false"]').waitFor();

        await screenshotWhole(page, join(SHOTS, `forced-colors-${scheme}.png`));
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    }
  });

  it('at 200 % text size and at 320 px wide: nothing cut off or overlapping, only code blocks scroll sideways', { timeout: TIMEOUT.test }, async () => {
    await postCodeComment();
    const conditions = [
      { name: '200 % text', viewport: WIDE, text: 2 },
      { name: '320 px', viewport: NARROW, text: 1 },
      { name: '200 % text at 320 px', viewport: NARROW, text: 2 },
    ];
    for (const condition of conditions) {
      const { context, page, errors } = await harness.reader({ viewport: condition.viewport });
      await context.addInitScript(installProbes);
      try {
        if (condition.text !== 1) {
          // the reader's own text size setting, as Chromium's font size preference sets it
          const cdp = await context.newCDPSession(page);
          await cdp.send('Page.setFontSizes', { fontSizes: { standard: 16 * condition.text, fixed: 13 * condition.text } });
        }
        await openThemed(page, LEDGER);
        await page.locator('comment-thread').getByText('Here is how').first().waitFor({ state: 'attached' });
        await page.evaluate(() => window.confabProbes.renderAll());
        const root = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
        assert.equal(root, 16 * condition.text, `${condition.name}: the page's text is ${root} px`);
        const sideways = (await page.evaluate(() => window.confabProbes.horizontalOverflow())).confab;
        const clipped = await page.evaluate(() => window.confabProbes.clippedContent());
        const overlapping = await page.evaluate(() => window.confabProbes.overlaps());
        const problems = [...sideways, ...clipped, ...overlapping];
        assert.deepEqual(problems, [], listed(condition.name, problems));
        // the code block keeps its lines and scrolls them instead
        const code = await page.evaluate(() => {
          const pre = window.confabProbes.commentBodies().map((body) => body.querySelector('pre')).find(Boolean);
          return pre ? { scrolls: pre.scrollWidth > pre.clientWidth, overflowX: getComputedStyle(pre).overflowX } : null;
        });
        assert.deepEqual(code, { scrolls: true, overflowX: 'auto' }, `${condition.name}: the code block scrolls sideways`);
        await screenshotWhole(page, join(SHOTS, `reflow-${condition.name.replace(/\W+/g, '-')}.png`), '#comments');
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    }
  });

  it('on paper: comments print with authors and dates, in dark text; forms, buttons and placeholders do not', { timeout: TIMEOUT.test }, async () => {
    await postCodeComment();
    // a reader whose screen is dark prints on white paper all the same
    const { context, page, errors } = await harness.reader({ viewport: WIDE, colorScheme: 'dark' });
    await context.addInitScript(installProbes);
    try {
      await openThemed(page, LEDGER);
      await page.emulateMedia({ media: 'print' });
      await page.evaluate(() => window.confabProbes.frames());
      const printed = await page.evaluate(() => {
        const probes = window.confabProbes;
        const thread = document.querySelector('comment-thread');
        const comments = probes.deepElements(thread).filter((el) => el.getAttribute('role') === 'article' || el.localName === 'article');
        return {
          controls: probes.controls().map((el) => probes.describe(el)),
          widgetsShown: ['reply-form', 'typo-report', 'reaction-counter'].flatMap((tag) =>
            probes.confabElements().filter((el) => el.localName === tag && probes.shown(el)).map((el) => el.localName),
          ),
          skeletons: probes.confabElements().filter((el) => (el.getAttribute('part') ?? '').split(' ').includes('skeleton') && probes.shown(el)).length,
          // paper does not scroll: a code block wraps its lines
          cutCode: probes.commentBodies().flatMap((body) => [...body.querySelectorAll('pre')]).filter((pre) => pre.scrollWidth > pre.clientWidth + 1).length,
          codeBlocks: probes.commentBodies().flatMap((body) => [...body.querySelectorAll('pre')]).length,
          sort: probes.confabElements().filter((el) => (el.getAttribute('part') ?? '').split(' ').includes('sort') && probes.shown(el)).length,
          comments: comments.map((article) => {
            // a comment's parts, inside its own element or (prefixed) in the thread's shadow root
            const part = (name) =>
              probes.deepElements(article).find((el) => {
                const parts = (el.getAttribute('part') ?? '').split(' ');
                return parts.includes(name) || parts.includes(`comment-${name}`);
              });
            const author = part('author');
            const time = part('time');
            const body = part('body');
            return {
              author: author && probes.shown(author) ? author.textContent.trim() : '',
              date: time && probes.shown(time) ? `${time.textContent.trim()} ${getComputedStyle(time, '::after').content}` : '',
              contrast: body ? probes.contrast(getComputedStyle(body).color, 'rgb(255, 255, 255)') : 0,
            };
          }),
        };
      });
      assert.deepEqual(printed.controls, [], 'no button or field prints');
      assert.deepEqual(printed.widgetsShown, [], 'no form, typo button or reaction counter prints');
      assert.equal(printed.skeletons, 0, 'no loading placeholder prints');
      assert.equal(printed.sort, 0, 'the sort control does not print');
      assert.ok(printed.codeBlocks > 0, 'a comment with a code block is on the page');
      assert.equal(printed.cutCode, 0, 'code blocks wrap on paper');
      assert.ok(printed.comments.length >= 6, `the comments print (${printed.comments.length})`);
      for (const comment of printed.comments) {
        assert.ok(comment.author, `every comment prints its author: ${JSON.stringify(comment)}`);
        assert.match(comment.date, /\(.*\b20\d\d\b.*\d{1,2}:\d{2}.*\)/, `and its full date: ${JSON.stringify(comment)}`);
        assert.ok(comment.contrast >= 7, `in dark text on white: ${JSON.stringify(comment)}`);
      }
      await page.screenshot({ path: join(SHOTS, 'print.png'), fullPage: true });
      await page.pdf({ path: join(SHOTS, 'print.pdf'), printBackground: false });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('on a touch screen every button and field is at least 44 px', { timeout: TIMEOUT.test }, async () => {
    const { context, page, errors } = await harness.reader({ viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true });
    await context.addInitScript(installProbes);
    try {
      await openThemed(page, LEDGER);
      assert.equal(await page.evaluate(() => window.matchMedia('(pointer: coarse)').matches), true, 'the pointer is coarse');
      const typo = await typoButton(page, LEDGER);
      const small = [typo, ...(await page.evaluate(() => window.confabProbes.controlSizes()))].filter((control) => control.height < 44 || control.width < 44);
      assert.deepEqual(small, [], listed('under 44 px', small.map((control) => `${control.name}: ${control.width} x ${control.height}`)));
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('loads without moving the page: the counter and the count hold their place, layout shift <= 0.01', { timeout: TIMEOUT.test }, async () => {
    // Opened at the comments (a link to #comments), the thread itself grows in view when its
    // comments replace the placeholder, and pushes the footer down: measured, not held to 0.01.
    // Rendered by the server (the demo's default), the comments are in the HTML: nothing loads in
    // place, so nothing may move even opened at the comments.
    const scenarios = [
      { name: 'the top of the article', path: '/?render=client', viewport: WIDE, limit: 0.01 },
      { name: 'a phone', path: '/?render=client', viewport: { width: 390, height: 800 }, limit: 0.01 },
      { name: 'opened at the comments', path: '/?render=client#comments', viewport: WIDE, limit: Infinity },
      { name: 'server-rendered, the top of the article', path: '/', viewport: WIDE, limit: 0.01, rendered: true },
      { name: 'server-rendered, opened at the comments', path: '/#comments', viewport: WIDE, limit: 0.01, rendered: true },
    ];
    for (const scenario of scenarios) {
      const { context, page, errors } = await harness.reader({ viewport: scenario.viewport });
      await context.addInitScript(installProbes);
      await context.addInitScript(() => {
        const shifts = [];
        Object.defineProperty(window, '__layoutShifts', { value: shifts });
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            if (entry.hadRecentInput) continue;
            const sources = (entry.sources ?? []).map((source) => (source.node ? window.confabProbes.describe(source.node) : '?'));
            shifts.push({ value: entry.value, sources });
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      // the data arrives well after the page has painted, as on a slow connection
      let release;
      const released = new Promise((resolve) => (release = resolve));
      await context.route('**/api/**', async (route) => {
        await released;
        await route.continue().catch(() => undefined);
      });
      try {
        await page.goto(`${harness.url}${scenario.path}`);
        const boxes = () =>
          page.evaluate(() =>
            ['.dateline reaction-counter', '.dateline comment-count'].map((selector) => {
              const rect = document.querySelector(selector).getBoundingClientRect();
              return { selector, width: Math.round(rect.width * 10) / 10, height: Math.round(rect.height * 10) / 10 };
            }),
          );
        if (!scenario.rendered) await page.locator('.dateline reaction-counter [aria-busy="true"]').waitFor({ state: 'attached' });
        await page.evaluate(() => window.confabProbes.frames());
        const before = await boxes();
        release();
        await page.locator('.dateline reaction-counter [aria-busy="false"]').waitFor({ state: 'attached' });
        await page.locator('.dateline comment-count [part~="count"]').waitFor();
        await page.locator('comment-thread').getByRole('article').first().waitFor();
        await delay(1000);
        const after = await boxes();
        for (const [index, box] of before.entries()) {
          assert.equal(after[index].height, box.height, `${scenario.name}: ${box.selector} keeps its height (${box.height} -> ${after[index].height})`);
        }
        const shifts = await page.evaluate(() => window.__layoutShifts);
        const total = shifts.reduce((sum, shift) => sum + shift.value, 0);
        figures.push(`layout shift, ${scenario.name}: ${total.toFixed(4)}; counter and count ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
        assert.ok(total <= scenario.limit, `${scenario.name}: cumulative layout shift ${total.toFixed(4)} > ${scenario.limit}: ${JSON.stringify(shifts)}`);
        assert.deepEqual(errors, []);
      } finally {
        release();
        await context.close();
      }
    }
  });
});
