// Turns the benchmark's raw runs into medians, target checks, a console table and Markdown.

/** The targets of the performance work; each check below reads one of these limits. */
export const TARGETS = {
  renderRatio: 1.6,
  /** linear growth: CPU per comment at the largest size at most this times that at the middle size */
  growthSlack: 1.25,
  heapMiB: 15,
  heapSize: 5000,
  /** a live comment and a Like, in ms of main-thread CPU; load more as a ratio to the plain DOM's */
  liveMs: 10,
  likeMs: 8,
  loadMoreRatio: 1.3,
  coldRatio: 1.4,
  /** a huge thread "opens as fast as" a small one: within this factor */
  largeRatio: 1.25,
};

export function median(values) {
  const sorted = values.filter((value) => typeof value === 'number' && Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Median of every numeric field over the runs (`{ cpu: [..] } -> { cpu: median }`), with the
 * smallest and largest of each in `min` and `max`.
 */
export function summarize(runs) {
  const summary = { min: {}, max: {} };
  for (const key of Object.keys(runs[0] ?? {})) {
    if (typeof runs[0][key] !== 'number') continue;
    const values = runs.map((run) => run[key]).filter(Number.isFinite);
    summary[key] = round(median(values));
    summary.min[key] = round(Math.min(...values));
    summary.max[key] = round(Math.max(...values));
  }
  summary.runs = runs.length;
  return summary;
}

/**
 * Min, median and max of `confab / reference` taken run by run: the two ran alternately, so each
 * pair saw the machine in the same state.
 */
export function pairedRatios(confabRuns, referenceRuns, key = 'cpu') {
  const ratios = confabRuns.map((run, i) => run[key] / referenceRuns[i]?.[key]).filter(Number.isFinite);
  return { min: round(Math.min(...ratios), 2), median: round(median(ratios), 2), max: round(Math.max(...ratios), 2) };
}

/** "1.23× (1.10–1.40)": a ratio's median with its range. */
export function fmtRange(range, unit = '×') {
  return `${range.median.toFixed(2)}${unit} (${range.min.toFixed(2)}–${range.max.toFixed(2)})`;
}

const MiB = 1024 * 1024;

/** Pass/fail of every target the results allow to check. */
export function checkTargets(results) {
  const checks = [];
  const add = (target, value, limit, pass, note = '') => checks.push({ target, value, limit, pass, note });
  for (const [key, label] of [['renderPlain', 'plain-text bodies, ']]) {
    for (const size of Object.keys(results[key] ?? {}).map(Number).sort((a, b) => a - b)) {
      const row = results[key][size];
      const ratio = row.ratios?.median ?? row.confab.cpu / row.baseline.cpu;
      add(`render N=${size.toLocaleString('en')}, ${label}CPU vs plain DOM`, fmtRatio(ratio), `≤ ${TARGETS.renderRatio}×`, ratio <= TARGETS.renderRatio && row.allPainted);
    }
  }
  const sizes = Object.keys(results.render ?? {}).map(Number).sort((a, b) => a - b);
  for (const size of sizes) {
    const { baseline, confab, shown } = results.render[size];
    const ratio = results.render[size].ratios?.median ?? confab.cpu / baseline.cpu;
    // Where confab shows fewer than N, the baseline painted the same comments: the ratio compares
    // equal work, and the note says how many were shown.
    add(
      `render N=${size.toLocaleString('en')}: CPU vs plain DOM`,
      `${fmtRatio(ratio)}`,
      `≤ ${TARGETS.renderRatio}×`,
      ratio <= TARGETS.renderRatio && results.render[size].allPainted,
      [
        shown.complete ? '' : `${shown.count.toLocaleString('en')} of ${shown.expected.toLocaleString('en')} shown, the rest behind "Show more replies"; the baseline painted the same`,
        results.render[size].allPainted ? '' : 'some runs did not paint every comment',
      ]
        .filter(Boolean)
        .join('; '),
    );
  }
  if (sizes.length >= 2) {
    const [middle, largest] = sizes.slice(-2);
    const growth = (variant) => results.render[largest][variant].cpu / results.render[middle][variant].cpu;
    const confabGrowth = growth('confab');
    const baselineGrowth = growth('baseline');
    const sizeGrowth = largest / middle;
    add(
      `render grows linearly (N=${middle.toLocaleString('en')} → ${largest.toLocaleString('en')}, N ×${sizeGrowth.toFixed(1)})`,
      `CPU ×${confabGrowth.toFixed(2)} (plain DOM ×${baselineGrowth.toFixed(2)})`,
      `≤ ×${(sizeGrowth * TARGETS.growthSlack).toFixed(2)}`,
      confabGrowth <= sizeGrowth * TARGETS.growthSlack,
    );
  }
  const heapRow = results.render?.[TARGETS.heapSize];
  if (heapRow) {
    const heap = heapRow.confab.heapAfter / MiB;
    add(`JS heap after rendering ${TARGETS.heapSize.toLocaleString('en')}`, `${heap.toFixed(1)} MiB`, `≤ ${TARGETS.heapMiB} MiB`, heap <= TARGETS.heapMiB);
  }
  for (const [name, row] of Object.entries(results.updates ?? {})) {
    const note = row.valid ? '' : row.note ?? name;
    if (name === 'loadMore') {
      const ratio = row.ratios?.median ?? row.summary.cpu / row.baseline.cpu;
      add(`update: ${row.label}, CPU vs plain DOM`, fmtRatio(ratio), `≤ ${TARGETS.loadMoreRatio}×`, ratio <= TARGETS.loadMoreRatio && row.valid, note);
    } else {
      const limit = name === 'live' ? TARGETS.liveMs : TARGETS.likeMs;
      add(`update: ${row.label}`, `${row.summary.cpu.toFixed(1)} ms`, `≤ ${limit} ms`, row.summary.cpu <= limit && row.valid, note);
    }
  }
  if (results.cold) {
    const ratio = results.cold.ratios?.median ?? results.cold.confab.cpu / results.cold.baseline.cpu;
    add(`cold load, ${results.cold.comments} comments: CPU vs plain DOM`, fmtRatio(ratio), `≤ ${TARGETS.coldRatio}×`, ratio <= TARGETS.coldRatio && results.cold.complete);
  }
  if (results.large) {
    const { small, large } = results.large;
    const ratio = large.summary.cpu / small.summary.cpu;
    add(
      `first page of ${large.size.toLocaleString('en')} vs ${small.size.toLocaleString('en')} comments`,
      fmtRatio(ratio),
      `≤ ${TARGETS.largeRatio}×`,
      ratio <= TARGETS.largeRatio,
    );
  }
  return checks;
}

function fmtRatio(ratio) {
  return `${ratio.toFixed(2)}×`;
}

export function round(value, digits = 1) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

const ms = (value) => (Number.isFinite(value) ? `${Math.round(value).toLocaleString('en')} ms` : '—');
/** "123 ms (110–140)": a summary's median of `key` with its range. */
const msRange = (summary, key) =>
  summary?.min?.[key] === undefined ? ms(summary?.[key]) : `${ms(summary[key])} (${Math.round(summary.min[key])}–${Math.round(summary.max[key])})`;
const mib = (bytes) => (Number.isFinite(bytes) ? `${(bytes / MiB).toFixed(1)} MiB` : '—');

/** The result tables as Markdown (the console prints the same). */
export function markdownTables(results, checks) {
  const out = [];
  const table = (head, rows, align) => {
    out.push(`| ${head.join(' | ')} |`);
    out.push(`|${align.map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`);
    for (const row of rows) out.push(`| ${row.join(' | ')} |`);
    out.push('');
  };
  for (const [key, title] of [
    ['render', '**Render**, markdown-heavy bodies'],
    ['renderPlain', '**Render**, plain-text bodies'],
  ]) {
    const sizes = Object.keys(results[key] ?? {}).map(Number).sort((a, b) => a - b);
    if (!sizes.length) continue;
    out.push(`${title} (main-thread CPU from creating the thread to the frame with every comment painted: median (min–max) of ${results[key][sizes[0]].confab.runs} runs; the ratio is taken run by run)`, '');
    table(
      [
        'N',
        'shown',
        'plain DOM',
        'confab',
        'ratio',
        'confab: style / layout / JS & rest',
        'JS heap after GC: plain DOM / confab',
        'Blink heap (DOM, styles): plain DOM / confab',
        'DOM nodes per comment: plain DOM / confab',
      ],
      sizes.map((size) => {
        const { baseline, confab, shown, ratios } = results[key][size];
        return [
          size.toLocaleString('en'),
          shown.complete ? 'all' : `${shown.count.toLocaleString('en')} of ${shown.expected.toLocaleString('en')}`,
          msRange(baseline, 'cpu'),
          msRange(confab, 'cpu'),
          ratios ? `**${ratios.median.toFixed(2)}×** (${ratios.min.toFixed(2)}–${ratios.max.toFixed(2)})` : `**${(confab.cpu / baseline.cpu).toFixed(2)}×**`,
          `${ms(confab.style)} / ${ms(confab.layout)} / ${ms(confab.rest)}`,
          `${mib(baseline.heapAfter)} / ${mib(confab.heapAfter)} (${mib(confab.heapBefore)} before rendering)`,
          `${mib(baseline.embedderHeapAfter)} / ${mib(confab.embedderHeapAfter)}`,
          `${(baseline.nodes / shown.count).toFixed(1)} / ${(confab.nodes / shown.count).toFixed(1)}`,
        ];
      }),
      ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    );
  }
  if (results.updates) {
    out.push('**Updates** in a rendered thread (main-thread CPU from the trigger to the painted frame: median (min–max))', '');
    table(
      ['update', 'confab', 'confab: style / layout / JS & rest', 'plain DOM, same change', 'ratio (run by run)'],
      Object.values(results.updates).map((row) => [
        row.label,
        msRange(row.summary, 'cpu'),
        `${ms(row.summary.style)} / ${ms(row.summary.layout)} / ${ms(row.summary.rest)}`,
        row.baseline ? msRange(row.baseline, 'cpu') : '—',
        row.ratios ? fmtRange(row.ratios) : '—',
      ]),
      ['l', 'r', 'r', 'r', 'r'],
    );
    if (results.updatesFloor) {
      out.push(
        `Each update figure includes the measuring itself (a task and two frames with nothing changed): ${ms(results.updatesFloor.confab)} in the confab page, ${ms(results.updatesFloor.baseline)} in the plain-DOM page.`,
        '',
      );
    }
  }
  if (results.cold || results.large) {
    out.push('**Opening a page** (median main-thread CPU)', '');
    const rows = [];
    if (results.cold) {
      const { baseline, confab, comments, ratios } = results.cold;
      rows.push([
        `cold load, ${comments} comments: navigation → painted`,
        msRange(baseline, 'cpu'),
        msRange(confab, 'cpu'),
        ratios ? fmtRange(ratios) : `${(confab.cpu / baseline.cpu).toFixed(2)}×`,
      ]);
    }
    if (results.large) {
      const { small, large } = results.large;
      const painted = small.shown === large.shown ? `${small.shown} painted in both` : `${small.shown} vs ${large.shown} painted`;
      rows.push([
        `first page, default page size: ${small.size.toLocaleString('en')} vs ${large.size.toLocaleString('en')} comments (${painted})`,
        msRange(small.summary, 'cpu'),
        msRange(large.summary, 'cpu'),
        `${(large.summary.cpu / small.summary.cpu).toFixed(2)}×`,
      ]);
    }
    out.push('(median (min–max))', '');
    table(['', 'reference', 'confab', 'ratio'], rows, ['l', 'r', 'r', 'r']);
  }
  if (checks.length) {
    out.push('**Targets**', '');
    table(
      ['target', 'measured', 'limit', ''],
      checks.map((check) => [check.target, check.value, check.limit, `${check.pass ? 'pass' : '**FAIL**'}${check.note ? ` (${check.note})` : ''}`]),
      ['l', 'r', 'r', 'l'],
    );
  }
  return out.join('\n');
}
