// `npm run bench:ssr` (and the last part of `npm run bench`): the demo article with 50 comments,
// server-rendered (`/`) against client-only (`/?render=client`), alternating, in one run:
// main-thread CPU of the whole load (CDP TaskDuration), cumulative layout shift, list requests on
// load, and when the first comment is painted relative to the bundle's load, unthrottled and on a
// throttled network (150 ms latency, 1.6 Mbit/s down: a slow 4G). Reports min/median/max.
/* global window, document, requestAnimationFrame -- used inside functions that Playwright runs in the page */
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';
import { startServer } from '../../test/e2e/helpers.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const THREAD = 'eastside-library-reopens';
const server = await startServer({ args: ['--demo', 'demo'], env: { RATE_LIMIT_POSTS: '0', RATE_LIMIT_WRITES: '0', RATE_LIMIT_IP_WRITES: '0', RATE_LIMIT_NEW_VIEWERS: '0' } });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
try {
  // 50 top-level comments (the seeded ones and more)
  const have = (await (await fetch(`${server.url}/api/threads/${THREAD}/comments?limit=100`)).json()).total;
  for (let i = have; i < 50; i++) {
    await fetch(`${server.url}/api/threads/${THREAD}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url, 'idempotency-key': `bench-${i}-${Date.now()}` },
      body: JSON.stringify({ body: `Comment ${i}: ${'a few words of text '.repeat(8)}`, author: { name: `Reader ${i}` } }),
    });
  }
  const results = { ssr: [], client: [], ssrSlow: [], clientSlow: [] };
  for (let run = 0; run < RUNS; run++) {
    for (const mode of run % 2 ? ['client', 'ssr'] : ['ssr', 'client']) {
      results[mode].push(await measure(mode, false));
      results[`${mode}Slow`].push(await measure(mode, true));
    }
  }
  const stat = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return `${sorted[0].toFixed(1)} / ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} / ${sorted.at(-1).toFixed(1)}`;
  };
  console.log(`ssr bench: ${RUNS} runs each, alternating; min / median / max`);
  for (const key of ['cpuMs', 'cls', 'listRequests', 'firstCommentMs', 'bundleLoadedMs', 'articles']) {
    console.log(`  ${key.padEnd(15)} server-rendered ${stat(results.ssr.map((r) => r[key])).padEnd(26)} client-only ${stat(results.client.map((r) => r[key]))}`);
  }
  console.log('throttled network (150 ms latency, 1.6 Mbit/s down): min / median / max');
  for (const key of ['firstCommentMs', 'bundleLoadedMs', 'listRequests', 'cls']) {
    console.log(`  ${key.padEnd(15)} server-rendered ${stat(results.ssrSlow.map((r) => r[key])).padEnd(26)} client-only ${stat(results.clientSlow.map((r) => r[key]))}`);
  }
  const before = results.ssrSlow.filter((r) => r.firstCommentMs > 0 && r.firstCommentMs < r.bundleLoadedMs).length;
  console.log(`  first comment painted before the bundle finished loading: server-rendered ${before}/${RUNS} runs, client-only ${results.clientSlow.filter((r) => r.firstCommentMs > 0 && r.firstCommentMs < r.bundleLoadedMs).length}/${RUNS}`);
  const cpu = median(results.ssr.map((r) => r.cpuMs)) / median(results.client.map((r) => r.cpuMs));
  console.log(`  main-thread CPU, server-rendered / client-only (medians): ${cpu.toFixed(2)}x (target <= 1.0x)`);
} finally {
  await browser.close();
  await server.stop();
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(mode, throttled) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  let listRequests = 0;
  page.on('request', (request) => {
    if (request.method() === 'GET' && /\/api\/threads\/[^/]+\/comments(\?|$)/.test(request.url())) listRequests++;
  });
  await page.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
    window.__firstComment = 0;
    const check = () => {
      const thread = document.querySelector('comment-thread');
      if (!window.__firstComment && thread?.shadowRoot?.querySelector('article')) window.__firstComment = performance.now();
      else if (!window.__firstComment) requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  if (throttled) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 });
  }
  await page.goto(server.url + (mode === 'ssr' ? '/' : '/?render=client'), { timeout: 120_000 });
  await page.waitForFunction(() => (document.querySelector('comment-thread')?.shadowRoot?.querySelectorAll('article').length ?? 0) >= 20 && document.querySelector('comment-thread').hasUpdated, null, { timeout: 120_000 });
  await page.waitForTimeout(1500);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const task = metrics.find((metric) => metric.name === 'TaskDuration').value * 1000;
  const values = await page.evaluate(() => ({
    cls: window.__cls,
    firstCommentMs: window.__firstComment,
    bundleLoadedMs: performance.getEntriesByType('resource').find((entry) => entry.name.includes('confab.bundle.js'))?.responseEnd ?? 0,
    articles: document.querySelector('comment-thread').shadowRoot.querySelectorAll('article').length,
  }));
  await context.close();
  return { cpuMs: task, listRequests, ...values };
}
