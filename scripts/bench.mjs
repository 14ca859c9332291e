// `npm run bench [-- --runs 5 --sizes 100,1000,5000 --only render,updates,cold,large,profile]`:
// renders generated threads with confab's <comment-thread> and with a plain-DOM baseline (one
// innerHTML of the same markup) in headless Chromium, and reports renderer main-thread CPU (from
// the DevTools protocol), heap after GC, DOM nodes, update costs, cold load and first-page time
// of a huge thread; medians of N runs, checked against the performance targets.
// Writes bench-results/bench.json, bench-results/bench.md and CPU profiles of the 1,000 case.
// See docs/performance.md for what each number means.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants } from 'node:zlib';
import { chromium } from 'playwright-core';
import { renderBaseline, renderFeedItems } from './bench/baseline.mjs';
import { fingerprint, generateThread } from './bench/generate-thread.mjs';
import { launchOptions, selfTimes } from './bench/measure.mjs';
import { baselinePage, blankPage, coldBaselinePage, coldComponentPage, componentPage } from './bench/pages.mjs';
import { buildForProfile } from './bench/profile-build.mjs';
import { checkTargets, markdownTables, median, pairedRatios, round, summarize } from './bench/report.mjs';
import * as scenario from './bench/scenarios.mjs';
import { startServer } from './bench/server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

const SECTIONS = ['render', 'plain', 'updates', 'cold', 'large', 'profile'];
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    sizes: { type: 'string', default: '100,1000,5000' },
    only: { type: 'string', default: SECTIONS.join(',') },
    large: { type: 'string', default: '100000' },
    bundle: { type: 'string', default: 'dist' },
    out: { type: 'string', default: 'bench-results' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(`usage: node scripts/bench.mjs [options]   (npm run bench builds first)
  --runs N          runs per measurement, the median is reported (default 5)
  --sizes A,B,C     thread sizes to render (default 100,1000,5000)
  --only LIST       sections: ${SECTIONS.join(',')} (default all; plain: the render with plain-text bodies)
  --large N         size of the huge thread of the "large" section (default 100000)
  --bundle DIR      folder holding confab.bundle.js (default dist)
  --out DIR         where bench.json, bench.md and the CPU profiles go (default bench-results)`);
  process.exit(0);
}
const runs = positiveInt(args.runs, '--runs');
const sizes = args.sizes.split(',').map((size) => positiveInt(size, '--sizes'));
const only = new Set(args.only.split(',').map((name) => name.trim()));
for (const name of only) if (!SECTIONS.includes(name)) fail(`unknown section "${name}" in --only (${SECTIONS.join(', ')})`);
const largeSize = positiveInt(args.large, '--large');
const bundleDir = resolve(args.bundle);
const outDir = resolve(args.out);

/** Update scenarios run in a thread of this size; load more in a longer one, paged. */
const UPDATE_SIZE = 1000;
const LOAD_MORE = { size: 1500, pageSize: 20, shown: 1000 };
const COLD_COMMENTS = 50;
const SMALL_THREAD = 100;

function positiveInt(text, name) {
  const value = Number(String(text).replaceAll('_', ''));
  if (!Number.isInteger(value) || value < 1) fail(`${name} wants a positive whole number, got "${text}"`);
  return value;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

if (!existsSync(join(bundleDir, 'confab.bundle.js'))) fail(`${join(args.bundle, 'confab.bundle.js')} not found: run \`npm run build\` first`);

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const log = (message) => console.log(`[${elapsed().padStart(5)}] ${message}`);

// ---- data and pages ----------------------------------------------------------------------------

const threads = new Map();
/**
 * The generated thread of `size`, built once (the browser builds the same one from the same seed);
 * with `plain`, its bodies are plain text.
 */
function thread(size, plain = false) {
  const key = variantKey(size, plain);
  if (!threads.has(key)) threads.set(key, generateThread({ size, seed: scenario.SEED, threadId: scenario.THREAD_ID, plain }));
  return threads.get(key);
}

function variantKey(size, plain) {
  return plain ? `${size}-plain` : String(size);
}

/** Generated pages by path; the baseline's prerendered threads and the cold-load pages join later. */
const pages = new Map([
  ['/blank.html', blankPage],
  ['/component.html', componentPage],
  ['/baseline.html', baselinePage],
]);
// A copy of the bundle is served, so that a build running meanwhile cannot change what is measured.
const workDir = mkdtempSync(join(tmpdir(), 'confab-bench-'));
const servedBundle = join(workDir, 'bundle');
mkdirSync(servedBundle);
cpSync(join(bundleDir, 'confab.bundle.js'), join(servedBundle, 'confab.bundle.js'));
if (existsSync(join(bundleDir, 'chunks'))) cpSync(join(bundleDir, 'chunks'), join(servedBundle, 'chunks'), { recursive: true });
const bundleSizes = measureBundle(servedBundle);
const profileDir = only.has('profile') ? join(workDir, 'profile') : undefined;
const server = await startServer({
  mounts: {
    '/confab/': servedBundle,
    '/bench/': join(root, 'scripts/bench'),
    ...(profileDir ? { '/confab-profile/': profileDir } : {}),
  },
  page: (path) => pages.get(path),
});
const bundle = '/confab/confab.bundle.js';
let browser;
try {
  browser = await chromium.launch(launchOptions());
} catch (error) {
  await server.close();
  rmSync(workDir, { recursive: true, force: true });
  fail(`cannot start Chromium (${error.message.split('\n')[0]}); set CHROME_PATH to its binary`);
}
const context = { browser, origin: server.origin, bundle };

const results = {};
const raw = {};
try {
  log(`Chromium ${browser.version()}, ${availableParallelism()} cores, load average ${loadavg().map((n) => n.toFixed(1)).join(' ')}`);

  // ---- what confab shows ---------------------------------------------------------------------------
  const shownIds = new Map();
  /**
   * Records which comments confab painted for `size` (a run made without a target, which waits
   * until no more appear). The baseline then paints exactly those, so both sides do the same work
   * even where confab shows fewer than N (replies beyond the ones a thread embeds per comment).
   */
  function learnShown(size, run, plain = false) {
    const key = variantKey(size, plain);
    if (run.prepared.fingerprint !== fingerprint(thread(size, plain))) {
      throw new Error(`the browser generated another thread of ${key} than Node (${run.prepared.fingerprint} vs ${fingerprint(thread(size, plain))})`);
    }
    shownIds.set(key, run.ids);
    pages.set(`/data/baseline-${key}.html`, renderBaseline(thread(size, plain), { visibleIds: run.ids }));
    log(`N=${key}: confab shows ${run.ids.length} of ${size} comments`);
  }
  /** An unmeasured render of `size`, when no measured one has told what confab shows. */
  async function discover(size, plain = false) {
    const key = variantKey(size, plain);
    if (!shownIds.has(key)) learnShown(size, await scenario.renderConfab({ ...context, size, plain, ids: true }), plain);
    return shownIds.get(key);
  }

  // The live comment and the Like are measured in a rendered thread of UPDATE_SIZE: the render
  // runs of that size when there are any, else pages of their own.
  const updateComments = thread(UPDATE_SIZE);
  const updateSetup = {
    // the Like goes to the middle of the thread once the live comment has joined it
    position: Math.ceil((updateComments.filter((comment) => comment.parentId === null).length + 1) / 2),
    liveMarkup: renderFeedItems([
      { id: 'live', threadId: scenario.THREAD_ID, parentId: null, createdAt: new Date().toISOString(), status: 'published', reactions: {}, replyCount: 0, ...scenario.LIVE_COMMENT },
    ]),
    title: `${(updateComments.length + 1).toLocaleString('en')} comments`,
  };
  const updateRuns = { confab: [], baseline: [] };
  const updatesInRender = only.has('updates') && only.has('render') && sizes.includes(UPDATE_SIZE);

  // ---- render ------------------------------------------------------------------------------------
  /**
   * Renders every size `runs` times with confab and the plain DOM, alternately; with `plain`, the
   * thread's bodies are plain text. Returns the summaries by size, raw runs in `raw`.
   */
  async function renderSizes(plain) {
    // The first page of a fresh browser pays for things no later one does: render the smallest
    // size once unmeasured (which also tells what confab shows at that size).
    await discover(Math.min(...sizes), plain);
    const perSize = Object.fromEntries(sizes.map((size) => [size, { baseline: [], confab: [] }]));
    for (let run = 0; run < runs; run++) {
      for (const size of sizes) {
        const key = variantKey(size, plain);
        const withUpdates = !plain && updatesInRender && size === UPDATE_SIZE;
        // alternate who goes first, so a machine getting busier hurts both sides alike; the first
        // run starts with confab, whose run without a target tells the baseline what to paint
        const order = run % 2 ? ['baseline', 'confab'] : ['confab', 'baseline'];
        for (const variant of order) {
          const known = shownIds.get(key);
          let result;
          if (variant === 'confab') {
            result = await scenario.renderConfab({
              ...context,
              size,
              plain,
              target: known?.length,
              ids: !known,
              updates: withUpdates ? updateSetup : undefined,
            });
            if (!known) learnShown(size, result, plain);
            result.ids = undefined;
          } else {
            result = await scenario.renderBaseline({ ...context, dataUrl: `/data/baseline-${key}.html`, updates: withUpdates ? updateSetup : undefined });
          }
          const expected = shownIds.get(key).length;
          if (result.shown !== expected) console.warn(`  ${variant} N=${key}: painted ${result.shown}, expected ${expected}`);
          if (result.updates) updateRuns[variant].push(result.updates);
          perSize[size][variant].push(result);
        }
        const [b, c] = [perSize[size].baseline.at(-1), perSize[size].confab.at(-1)];
        log(`render${plain ? ' (plain text)' : ''} run ${run + 1}/${runs} N=${size}: plain DOM ${b.cpu} ms, confab ${c.cpu} ms (${(c.cpu / b.cpu).toFixed(2)}×)`);
      }
    }
    const summary = {};
    for (const size of sizes) {
      const count = shownIds.get(variantKey(size, plain)).length;
      summary[size] = {
        baseline: summarize(perSize[size].baseline),
        confab: summarize(perSize[size].confab),
        ratios: pairedRatios(perSize[size].confab, perSize[size].baseline),
        shown: { count, expected: size, complete: count === size },
        allPainted: perSize[size].confab.every((run) => run.complete),
        adapterMs: round(median(perSize[size].confab.map((run) => run.prepared.adapterMs))),
      };
    }
    return { summary, raw: perSize };
  }

  if (only.has('render')) {
    const { summary, raw: perSize } = await renderSizes(false);
    results.render = summary;
    raw.render = perSize;
  }
  if (only.has('plain')) {
    const { summary, raw: perSize } = await renderSizes(true);
    results.renderPlain = summary;
    raw.renderPlain = perSize;
  }

  // ---- updates -----------------------------------------------------------------------------------
  if (only.has('updates')) {
    const target = (await discover(UPDATE_SIZE)).length;
    const loadMoreRuns = { confab: [], baseline: [] };
    let probe;
    let moreMarkup;
    for (let run = 0; run < runs; run++) {
      if (!updatesInRender) {
        updateRuns.confab.push((await scenario.renderConfab({ ...context, size: UPDATE_SIZE, target, updates: updateSetup })).updates);
        updateRuns.baseline.push(
          (await scenario.renderBaseline({ ...context, dataUrl: `/data/baseline-${UPDATE_SIZE}.html`, updates: updateSetup })).updates,
        );
      }
      // the first run also tells which comments "load more" adds, so that the baseline appends the same
      const more = await scenario.loadMore({ ...context, ...LOAD_MORE, ids: !probe });
      if (!probe) {
        probe = { idsBefore: more.idsBefore, idsAdded: more.idsAdded };
        const pagedThread = thread(LOAD_MORE.size);
        pages.set('/data/baseline-paged.html', renderBaseline(pagedThread, { visibleIds: probe.idsBefore }));
        moreMarkup = renderFeedItems(pagedThread, { visibleIds: probe.idsAdded });
        more.idsBefore = more.idsAdded = undefined;
      }
      loadMoreRuns.confab.push(more);
      loadMoreRuns.baseline.push(await scenario.baselineLoadMore({ ...context, dataUrl: '/data/baseline-paged.html', moreMarkup }));
      const [c, b] = [updateRuns.confab[run], updateRuns.baseline[run]];
      log(
        `updates run ${run + 1}/${runs}: live comment ${c.live.cpu} ms (plain DOM ${b.live.cpu}), ` +
          `reaction ${c.reaction.cpu} ms (${b.reaction.cpu}), load more ${loadMoreRuns.confab.at(-1).cpu} ms (${loadMoreRuns.baseline.at(-1).cpu})`,
      );
    }
    const pick = (variant, key) => updateRuns[variant].map((costs) => costs[key]);
    const runsOf = { live: pick('confab', 'live'), reaction: pick('confab', 'reaction'), loadMore: loadMoreRuns.confab };
    const reference = { live: pick('baseline', 'live'), reaction: pick('baseline', 'reaction'), loadMore: loadMoreRuns.baseline };
    raw.updates = { confab: runsOf, baseline: reference, idle: { confab: pick('confab', 'idle'), baseline: pick('baseline', 'idle') } };
    const row = (label, key) => {
      const valid = runsOf[key].every((run) => run.complete);
      return {
        label,
        summary: summarize(runsOf[key]),
        baseline: summarize(reference[key]),
        ratios: pairedRatios(runsOf[key], reference[key]),
        valid,
        note: valid ? undefined : 'the update did not show on screen in every run',
      };
    };
    const shown = target.toLocaleString('en');
    results.updatesFloor = { confab: summarize(pick('confab', 'idle')).cpu, baseline: summarize(pick('baseline', 'idle')).cpu };
    results.updates = {
      live: row(`live comment arrives (${shown} shown)`, 'live'),
      reaction: row(`Like pressed (${shown} shown)`, 'reaction'),
      loadMore: row(
        `load more: next ${LOAD_MORE.pageSize} top-level comments, ${probe.idsAdded.length} with replies (${probe.idsBefore.length.toLocaleString('en')} shown)`,
        'loadMore',
      ),
    };
  }

  // ---- cold load ---------------------------------------------------------------------------------
  if (only.has('cold')) {
    const comments = thread(COLD_COMMENTS);
    const ids = await discover(COLD_COMMENTS);
    pages.set('/cold/component.html', coldComponentPage({ comments, threadId: scenario.THREAD_ID, expect: ids.length }));
    pages.set('/cold/baseline.html', coldBaselinePage({ markup: renderBaseline(comments, { visibleIds: ids }) }));
    const cold = { baseline: [], confab: [] };
    // one unmeasured load each: the first navigation of a browser pays for things no page does
    await scenario.coldLoad({ ...context, path: '/cold/component.html' });
    await scenario.coldLoad({ ...context, path: '/cold/baseline.html' });
    for (let run = 0; run < runs; run++) {
      const order = run % 2 ? ['baseline', 'confab'] : ['confab', 'baseline'];
      for (const variant of order) {
        cold[variant].push(await scenario.coldLoad({ ...context, path: `/cold/${variant === 'confab' ? 'component' : 'baseline'}.html` }));
      }
      log(`cold run ${run + 1}/${runs}: plain DOM ${cold.baseline.at(-1).cpu} ms, confab ${cold.confab.at(-1).cpu} ms`);
    }
    raw.cold = cold;
    results.cold = {
      comments: COLD_COMMENTS,
      shown: ids.length,
      baseline: summarize(cold.baseline),
      confab: summarize(cold.confab),
      ratios: pairedRatios(cold.confab, cold.baseline),
      complete: cold.confab.every((run) => run.complete),
    };
  }

  // ---- large thread ------------------------------------------------------------------------------
  if (only.has('large')) {
    const large = { small: [], large: [] };
    const targets = {};
    for (let run = 0; run < runs; run++) {
      for (const [key, size] of [['small', SMALL_THREAD], ['large', largeSize]]) {
        // the first run finds how many comments the first page shows; later runs wait for exactly that
        const result = await scenario.firstPage({ ...context, size: SMALL_THREAD, later: Math.max(0, size - SMALL_THREAD), target: targets[key] });
        targets[key] ??= result.shown;
        large[key].push(result);
      }
      log(`large run ${run + 1}/${runs}: first page of ${SMALL_THREAD} ${large.small.at(-1).cpu} ms, of ${largeSize} ${large.large.at(-1).cpu} ms (adapter built in ${Math.round(large.large.at(-1).adapterMs)} ms, not counted)`);
    }
    raw.large = large;
    results.large = {
      small: { size: SMALL_THREAD, shown: targets.small, summary: summarize(large.small) },
      large: { size: largeSize, shown: targets.large, summary: summarize(large.large) },
    };
  }

  // ---- CPU profile -------------------------------------------------------------------------------
  if (only.has('profile')) {
    const size = sizes.includes(1000) ? 1000 : sizes[Math.floor(sizes.length / 2)];
    const target = (await discover(size)).length;
    log(`profile: unminified build of src/bundle.ts`);
    const entry = await buildForProfile(profileDir);
    const { profiles, complete } = await scenario.profileRender({
      ...context,
      bundle: `/confab-profile/${entry}`,
      size,
      target,
      position: size === UPDATE_SIZE ? updateSetup.position : 1,
    });
    if (only.has('plain')) {
      const plain = await scenario.profileRender({ ...context, bundle: `/confab-profile/${entry}`, size, plain: true, target: (await discover(size, true)).length });
      Object.assign(profiles, plain.profiles);
    }
    mkdirSync(outDir, { recursive: true });
    results.profile = {};
    for (const [name, profile] of Object.entries(profiles)) {
      const file = join(outDir, `${name}-${size}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      results.profile[name] = summarizeProfile(profile, size, complete, file);
    }
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(workDir, { recursive: true, force: true });
}

/** Where the render time of the profile goes: per package, and confab's own heaviest functions. */
function summarizeProfile(profile, size, complete, file) {
  const functions = selfTimes(profile);
  const origin = server.origin;
  const packageOf = (url, functionName) => {
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(garbage collector)') return '(garbage collection)';
    if (functionName === '(program)') return '(browser: style, layout, paint, parsing)';
    if (!url) return '(built-in functions: DOM and JS)';
    if (!url.includes('/confab-profile/')) return '(benchmark page)';
    const path = url.slice(url.indexOf('/confab-profile/') + '/confab-profile/'.length);
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    return match ? match[1] : 'confab';
  };
  const byPackage = {};
  let total = 0;
  for (const entry of functions) {
    const name = packageOf(entry.url, entry.functionName);
    if (name === '(idle)') continue;
    byPackage[name] = round((byPackage[name] ?? 0) + entry.selfMs);
    total += entry.selfMs;
  }
  const ours = functions
    .filter((entry) => packageOf(entry.url, entry.functionName) === 'confab')
    .slice(0, 15)
    .map((entry) => ({ ...entry, url: entry.url.replace(`${origin}/confab-profile/`, '') }));
  const top = functions.filter((entry) => entry.functionName !== '(idle)').slice(0, 15).map((entry) => ({ ...entry, url: entry.url.replace(`${origin}/confab-profile/`, '') }));
  return { size, complete, totalMs: round(total), byPackage, topConfab: ours, top, file: relativeToRoot(file) };
}

function relativeToRoot(path) {
  return path.startsWith(root) ? path.slice(root.length).replace(/^\//, '') : path;
}

// ---- report --------------------------------------------------------------------------------------


const checks = checkTargets(results);
const machine = {
  date: new Date().toISOString(),
  cores: availableParallelism(),
  cpu: cpuModel(),
  chromium: browser.version(),
  node: process.version,
  loadAverageAtEnd: loadavg().map((n) => round(n, 2)),
};
const markdown = markdownTables(results, checks);
console.log(`\n${markdown}`);
const PROFILE_TITLES = {
  render: 'rendering the thread',
  'render-plain': 'rendering the thread with plain-text bodies',
  live: 'a live comment arriving',
  reaction: 'a Like pressed',
};
for (const [name, { size, totalMs, byPackage, topConfab, file }] of Object.entries(results.profile ?? {})) {
  console.log(`\nCPU profile of ${PROFILE_TITLES[name]} (N=${size}, unminified build, sampled; ${totalMs} ms):`);
  for (const [group, ms] of Object.entries(byPackage).sort((a, b) => b[1] - a[1])) console.log(`  ${String(ms).padStart(8)} ms  ${group}`);
  console.log(`  heaviest confab functions (self time):`);
  for (const entry of topConfab.slice(0, 10)) console.log(`  ${String(entry.selfMs).padStart(8)} ms  ${entry.functionName}  ${entry.url}:${entry.line}`);
  console.log(`  full profile: ${file} (open in the DevTools Performance panel)`);
}
console.log(`\nbundle: ${bundleSizes.entryBrotli.toLocaleString('en')} B brotli before first paint, ${bundleSizes.allBrotli.toLocaleString('en')} B with every chunk (checked by npm run size)`);
console.log(`machine: ${machine.cores} cores, ${machine.cpu}, Chromium ${machine.chromium}; took ${elapsed()}`);

mkdirSync(outDir, { recursive: true });
const json = { machine, options: { runs, sizes, sections: [...only], large: largeSize, bundle: relativeToRoot(bundleDir) }, bundle: bundleSizes, results, targets: checks, raw };
writeFileSync(join(outDir, 'bench.json'), JSON.stringify(json, null, 2));
writeFileSync(join(outDir, 'bench.md'), `${markdown}\n`);
console.log(`wrote ${relativeToRoot(join(outDir, 'bench.json'))} and bench.md`);
const failed = checks.filter((check) => !check.pass);
console.log(failed.length ? `${failed.length} of ${checks.length} targets missed` : `all ${checks.length} targets met`);

function cpuModel() {
  try {
    return /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Brotli bytes of what loads before the first paint (the entry and the chunks it imports
 * statically) and of everything including lazy chunks.
 */
function measureBundle(dir) {
  const brotli = (file) =>
    brotliCompressSync(readFileSync(file), { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }).length;
  const staticImports = (file) =>
    [...readFileSync(file, 'utf8').matchAll(/\bimport\s*(?:[\w$*{}\s,]*\bfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g)].map((match) =>
      resolve(dirname(file), match[1]),
    );
  const eager = new Set();
  const visit = (file) => {
    if (eager.has(file) || !existsSync(file)) return;
    eager.add(file);
    for (const imported of staticImports(file)) visit(imported);
  };
  visit(join(dir, 'confab.bundle.js'));
  const chunkDir = join(dir, 'chunks');
  const chunks = existsSync(chunkDir) ? readdirSync(chunkDir).filter((name) => name.endsWith('.js')).map((name) => join(chunkDir, name)) : [];
  const all = new Set([...eager, ...chunks]);
  const sum = (files) => [...files].reduce((total, file) => total + brotli(file), 0);
  return { entryBrotli: sum(eager), allBrotli: sum(all), files: [...all].map((file) => relative(dir, file)) };
}
