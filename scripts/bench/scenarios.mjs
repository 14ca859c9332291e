// The benchmark's measurements, one function per scenario. Each opens a fresh browser context (a
// fresh renderer, empty caches), prepares the page outside the measured window, collects garbage,
// then reads the renderer's CPU counters right before and right after the measured step.
/* global window */
import { costBetween, enableMetrics, heapAfterGc, heapUsageAfterGc, profileCpu, readMetrics, traceMainThread } from './measure.mjs';

export const THREAD_ID = 'bench';
export const SEED = 42;
/** The comment another reader posts while the thread is open. */
export const LIVE_COMMENT = {
  body: 'Just saw this live: the **second** chart is fixed now, see [the update](https://example.org/update).',
  author: { name: 'Live Reader' },
};

/** Opens `path` on a fresh context; returns `{ page, cdp, close }`. */
async function openPage(browser, origin, path) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  page.on('pageerror', (error) => console.error(`  page error: ${error.message}`));
  await page.goto(origin + path);
  await enableMetrics(cdp);
  return { page, cdp, close: () => context.close() };
}

/** Measures one step: GC first (earlier garbage is not the step's cost), counters around it. */
async function measureStep(cdp, step) {
  await heapAfterGc(cdp);
  const before = await readMetrics(cdp);
  const result = await step();
  const after = await readMetrics(cdp);
  return { result, cost: costBetween(before, after) };
}

/**
 * Renders a thread of `size` (with `plain`, plain-text bodies) with confab: CPU, heap, DOM nodes, and (with `ids`) which comments
 * were shown. Without `target` it waits until no more comments appear. With `updates`
 * (`{ position }`), the live-comment and reaction costs are then measured in the same page.
 */
export async function renderConfab({ browser, origin, bundle, size, plain = false, target, pageSize = size, ids = false, updates }) {
  const { page, cdp, close } = await openPage(browser, origin, '/component.html');
  try {
    const prepared = await page.evaluate((args) => window.bench.prepare(args), { bundle, size, plain, seed: SEED, threadId: THREAD_ID });
    const heapBefore = await heapAfterGc(cdp);
    const { result, cost } = await measureStep(cdp, () =>
      page.evaluate((args) => window.bench.render(args), { threadId: THREAD_ID, pageSize, target }),
    );
    const heap = await heapUsageAfterGc(cdp);
    const inspected = await page.evaluate((args) => window.bench.inspect(args), { ids });
    return {
      ...cost,
      heapBefore,
      heapAfter: heap.js,
      embedderHeapAfter: heap.embedder,
      nodes: inspected.nodes,
      shown: inspected.items,
      complete: result.complete,
      prepared,
      ids: inspected.ids,
      updates: updates ? await confabUpdates(page, cdp, updates) : undefined,
    };
  } finally {
    await close();
  }
}

/**
 * The same thread as prerendered plain DOM: one innerHTML. With `updates` (`{ liveMarkup, title,
 * position }`), the plain-DOM equivalents of the updates are then measured in the same page.
 */
export async function renderBaseline({ browser, origin, dataUrl, updates }) {
  const { page, cdp, close } = await openPage(browser, origin, '/baseline.html');
  try {
    await page.evaluate((url) => window.bench.prepare({ url }), dataUrl);
    const heapBefore = await heapAfterGc(cdp);
    const { result, cost } = await measureStep(cdp, () => page.evaluate(() => window.bench.render()));
    const heap = await heapUsageAfterGc(cdp);
    const inspected = await page.evaluate(() => window.bench.inspect());
    return {
      ...cost,
      heapBefore,
      heapAfter: heap.js,
      embedderHeapAfter: heap.embedder,
      nodes: inspected.nodes,
      shown: result.count,
      complete: true,
      updates: updates ? await baselineUpdates(page, cdp, updates) : undefined,
    };
  } finally {
    await close();
  }
}

/**
 * In a rendered confab thread: a live comment arriving, then Like pressed on the top-level
 * comment at `position`, then a step that changes nothing (what the measuring itself costs).
 */
async function confabUpdates(page, cdp, { position }) {
  const live = await measureStep(cdp, () => page.evaluate((args) => window.bench.liveComment(args), { threadId: THREAD_ID, ...LIVE_COMMENT }));
  await page.evaluate((args) => window.bench.scrollToComment(args), { position });
  const reaction = await measureStep(cdp, () => page.evaluate((args) => window.bench.toggleReaction(args), { position }));
  const idle = await measureStep(cdp, () => page.evaluate(() => window.bench.idle()));
  return {
    live: { ...live.cost, complete: live.result.complete },
    reaction: { ...reaction.cost, complete: reaction.result.pressedBefore !== reaction.result.pressedAfter },
    idle: idle.cost,
  };
}

/**
 * The plain-DOM reference for the same updates: a prerendered comment appended and the count in
 * the header changed (live), one Like button changed (reaction). The floor of what the browser
 * itself charges for such a change in a page this long.
 */
async function baselineUpdates(page, cdp, { liveMarkup, title, position }) {
  const live = await measureStep(cdp, () => page.evaluate((args) => window.bench.liveComment(args), { markup: liveMarkup, title }));
  await page.evaluate((at) => window.bench.scrollToComment({ position: at }), position);
  const reaction = await measureStep(cdp, () => page.evaluate((at) => window.bench.toggleReaction({ position: at }), position));
  const idle = await measureStep(cdp, () => page.evaluate(() => window.bench.idle()));
  return { live: { ...live.cost, complete: true }, reaction: { ...reaction.cost, complete: true }, idle: idle.cost };
}

/**
 * "Load more" in a long thread: page size `pageSize`, pages loaded until `shown` comments are on
 * screen, then one more page is measured.
 */
export async function loadMore({ browser, origin, bundle, size, pageSize, shown, ids = false }) {
  const { page, cdp, close } = await openPage(browser, origin, '/component.html');
  try {
    await page.evaluate((args) => window.bench.prepare(args), { bundle, size, seed: SEED, threadId: THREAD_ID });
    await page.evaluate((args) => window.bench.render(args), { threadId: THREAD_ID, pageSize });
    const before = await page.evaluate((args) => window.bench.loadUntil(args), { items: shown, pageSize });
    const idsBefore = ids ? (await page.evaluate(() => window.bench.inspect({ ids: true }))).ids : undefined;
    await page.evaluate(() => window.bench.scrollToLoadMore());
    const { result, cost } = await measureStep(cdp, () => page.evaluate((args) => window.bench.loadMore(args), { expectedTopLevel: pageSize }));
    let idsAdded;
    if (ids) {
      const known = new Set(idsBefore);
      idsAdded = (await page.evaluate(() => window.bench.inspect({ ids: true }))).ids.filter((id) => !known.has(id));
    }
    return { ...cost, complete: result.complete, shownBefore: before.rendered, added: result.added, idsBefore, idsAdded };
  } finally {
    await close();
  }
}

/** The plain-DOM reference for "load more": the next page's articles appended to the long page. */
export async function baselineLoadMore({ browser, origin, dataUrl, moreMarkup }) {
  const { page, cdp, close } = await openPage(browser, origin, '/baseline.html');
  try {
    await page.evaluate((url) => window.bench.prepare({ url }), dataUrl);
    await page.evaluate(() => window.bench.render());
    await page.evaluate(() => window.bench.scrollToLoadMore());
    const { cost } = await measureStep(cdp, () => page.evaluate((markup) => window.bench.loadMore({ markup }), moreMarkup));
    return cost;
  } finally {
    await close();
  }
}

/**
 * Cold load: navigation from a blank page of the same origin to a page with the thread, until
 * the comments are painted. Traced, because the navigation may land in a new renderer process.
 */
export async function coldLoad({ browser, origin, path }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`  page error: ${error.message}`));
    const cdp = await context.newCDPSession(page);
    await page.goto(origin + '/blank.html');
    await cdp.send('Runtime.enable');
    await cdp.send('Runtime.addBinding', { name: 'benchDone' });
    const browserSession = await browser.newBrowserCDPSession();
    try {
      const { result, cpu, tasks } = await traceMainThread(
        browserSession,
        async () => {
          const done = new Promise((resolve) => cdp.once('Runtime.bindingCalled', (event) => resolve(JSON.parse(event.payload))));
          await page.goto(origin + path, { waitUntil: 'commit' });
          return done;
        },
        'bench-done',
      );
      return { cpu, tasks, complete: result.complete !== false, count: result.count };
    } finally {
      await browserSession.detach();
    }
  } finally {
    await context.close();
  }
}

/**
 * First page of a thread at the element's default page size: `size` comments, then `later` newer
 * ones (so that threads of any length start with the same comments and show the same first page).
 * The MemoryAdapter is built before the measured window (its time is reported apart): with a real
 * backend that work is the server's.
 */
export async function firstPage({ browser, origin, bundle, size, later = 0, target }) {
  const { page, cdp, close } = await openPage(browser, origin, '/component.html');
  try {
    const prepared = await page.evaluate((args) => window.bench.prepare(args), { bundle, size, later, seed: SEED, threadId: THREAD_ID });
    const { result, cost } = await measureStep(cdp, () =>
      page.evaluate((args) => window.bench.render(args), { threadId: THREAD_ID, target, uncapped: false }),
    );
    return { ...cost, shown: result.count, complete: result.complete, adapterMs: prepared.adapterMs, generateMs: prepared.generateMs };
  } finally {
    await close();
  }
}

/**
 * CPU profiles with `bundle` (an unminified build, for names): rendering `size` comments, then in
 * that thread a live comment arriving and a Like pressed at `position`.
 */
export async function profileRender({ browser, origin, bundle, size, plain = false, target, position }) {
  const { page, cdp, close } = await openPage(browser, origin, '/component.html');
  try {
    await page.evaluate((args) => window.bench.prepare(args), { bundle, size, plain, seed: SEED, threadId: THREAD_ID });
    await heapAfterGc(cdp);
    let result;
    const render = await profileCpu(cdp, async () => {
      result = await page.evaluate((args) => window.bench.render(args), { threadId: THREAD_ID, pageSize: size, target });
    });
    if (plain) return { profiles: { 'render-plain': render }, complete: result.complete, shown: result.count };
    await heapAfterGc(cdp);
    const live = await profileCpu(cdp, () => page.evaluate((args) => window.bench.liveComment(args), { threadId: THREAD_ID, ...LIVE_COMMENT }));
    await page.evaluate((args) => window.bench.scrollToComment(args), { position });
    await heapAfterGc(cdp);
    const reaction = await profileCpu(cdp, () => page.evaluate((args) => window.bench.toggleReaction(args), { position }));
    return { profiles: { render, live, reaction }, complete: result.complete, shown: result.count };
  } finally {
    await close();
  }
}
