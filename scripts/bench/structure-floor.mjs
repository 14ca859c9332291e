// `npm run bench:floor [-- --size 1000 --runs 5]`: what the structure of a comment widget costs
// before any of its own logic, next to confab and the plain-DOM baseline, in one run.
//
// The same generated thread as `npm run bench`, rendered five ways in fresh pages, alternately:
//   plain         the baseline's one innerHTML of prerendered markup (the floor of npm run bench);
//   template      lit, one template per comment, no custom element;
//   element       lit, one custom element with a shadow root per comment;
//   two elements  the same plus a reaction-counter element with its own shadow root, the structure
//                 DESIGN.md gives confab (<comment-item> holding a <reaction-counter>);
//   confab        <comment-thread> from a MemoryAdapter, as in npm run bench.
// The lit variants get the baseline's data already made (names, times, body HTML): no store, no
// markdown, no sanitizing, no formatting. Main-thread CPU from the DevTools protocol, from the
// start of the render to the second frame after it; median of the runs. Needs `npm run build`.
/* global window -- used inside functions that Playwright runs in the page */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { commentParts, renderFeedItems } from './baseline.mjs';
import { generateThread } from './generate-thread.mjs';
import { costBetween, enableMetrics, heapAfterGc, launchOptions, readMetrics } from './measure.mjs';
import { SEED, THREAD_ID } from './scenarios.mjs';
import { startServer } from './server.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { values } = parseArgs({ options: { size: { type: 'string', default: '1000' }, runs: { type: 'string', default: '5' } } });
const size = Number(values.size);
const runs = Number(values.runs);
if (!Number.isInteger(size) || size < 1 || !Number.isInteger(runs) || runs < 1) {
  console.error('usage: node scripts/bench/structure-floor.mjs [--size N] [--runs N]');
  process.exit(2);
}
if (!existsSync(join(root, 'dist/confab.bundle.js'))) {
  console.error('bench:floor: dist/confab.bundle.js is missing; run `npm run build` first.');
  process.exit(1);
}

const VARIANTS = ['plain', 'template', 'element', 'two elements', 'confab'];
const comments = generateThread({ size, seed: SEED, threadId: THREAD_ID });
const now = Date.now();
const data = {
  threadId: THREAD_ID,
  comments,
  records: comments.map((comment) => commentParts(comment, now)),
  plain: renderFeedItems(comments, { now }),
};
const IMPORTS = {
  lit: '/node_modules/lit/index.js',
  'lit/': '/node_modules/lit/',
  '@lit/reactive-element': '/node_modules/@lit/reactive-element/reactive-element.js',
  '@lit/reactive-element/': '/node_modules/@lit/reactive-element/',
  'lit-html': '/node_modules/lit-html/lit-html.js',
  'lit-html/': '/node_modules/lit-html/',
  'lit-element/': '/node_modules/lit-element/',
};
const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>structure floor</title>
<link rel="stylesheet" href="/bench/page/article.css">
<link rel="stylesheet" href="/bench/page/baseline.css">
<style>#app .feed > floor-comment { display: block; padding-block: 0.25rem; content-visibility: auto; contain-intrinsic-block-size: auto 9rem; } floor-counter { display: contents; }</style>
<script type="importmap">${JSON.stringify({ imports: IMPORTS })}</script>
</head>
<body>
<main><div id="app"></div></main>
<script type="application/json" id="floor-data">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>
<script type="module" src="/bench/page/floor.js"></script>
</body>
</html>
`;

const server = await startServer({
  mounts: { '/node_modules/': join(root, 'node_modules'), '/bench/': join(root, 'scripts/bench'), '/confab/': join(root, 'dist') },
  page: (path) => (path === '/floor.html' ? page : undefined),
});
const browser = await chromium.launch(launchOptions());

/** One measured render of `variant` in a fresh context. */
async function measure(variant, target) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const tab = await context.newPage();
    tab.on('pageerror', (error) => console.error(`  page error: ${error.message}`));
    const cdp = await context.newCDPSession(tab);
    await tab.goto(`${server.origin}/floor.html`);
    await tab.waitForFunction(() => window.floorReady);
    await tab.evaluate((args) => window.floor.prepare(args), { variant });
    await enableMetrics(cdp);
    await heapAfterGc(cdp);
    const before = await readMetrics(cdp);
    const result = await tab.evaluate((args) => window.floor.render(args), { variant, target });
    const after = await readMetrics(cdp);
    return { ...costBetween(before, after), ...result };
  } finally {
    await context.close();
  }
}

try {
  // confab shows all but the replies behind "Show more replies": an unmeasured run says how many
  const shown = (await measure('confab')).comments;
  console.log(`${size} comments (confab shows ${shown}), ${runs} runs, Chromium ${browser.version()}`);
  const cpu = Object.fromEntries(VARIANTS.map((variant) => [variant, []]));
  const nodes = {};
  for (let run = 0; run < runs; run++) {
    // a different order each run, so a machine getting busier hurts every variant alike
    const order = VARIANTS.map((_, i) => VARIANTS[(i + run) % VARIANTS.length]);
    for (const variant of order) {
      const result = await measure(variant, variant === 'confab' ? shown : undefined);
      cpu[variant].push(result.cpu);
      nodes[variant] = result.nodes / result.comments;
    }
    console.log(`run ${run + 1}/${runs}: ${VARIANTS.map((variant) => `${variant} ${cpu[variant].at(-1)} ms`).join(', ')}`);
  }
  const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const plain = median(cpu.plain);
  console.log('\n| structure | main-thread CPU | vs plain DOM | DOM nodes per comment |');
  console.log('|---|---:|---:|---:|');
  for (const variant of VARIANTS) {
    const ms = median(cpu[variant]);
    console.log(`| ${variant} | ${ms.toLocaleString('en')} ms | ${(ms / plain).toFixed(2)}× | ${nodes[variant].toFixed(1)} |`);
  }
} finally {
  await browser.close();
  await server.close();
}
