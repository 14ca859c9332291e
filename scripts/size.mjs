// `npm run size [-- --check]`: raw, gzip and brotli bytes of every script-tag bundle and chunk in
// dist/, what each dependency contributes, and (with --check) a non-zero exit when a budget is
// exceeded. Run `npm run build` first.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * Size budgets, in bytes (1 kB = 1,000 bytes; 1 KiB = 1,024). `files` picks what is summed:
 * 'es-complete' is the ES bundle with every chunk it can load, 'es-first-paint' the part of it a
 * page loads before anything renders (the entry and its static imports), 'iife' the classic script.
 * To tighten to 30 KiB brotli, set `compression: 'brotli', limit: 30 * 1024`.
 */
// A ceiling just above today's size, so nothing grows unnoticed. It is NOT the goal: the goal of
// 35,000 bytes gzip for the complete bundle (in TARGETS) is not met yet; see docs/performance.md
// "Bundle size" for where the bytes go and what meeting it takes. Lower this as the bundle shrinks.
// Raised once, from 62,500 to 66,000, for the reader actions of the article page (report form, edit
// countdown, permalinks deep in a thread, "N new comments", standalone comment fetch: +3.5 kB),
// then to 66,500 for the rules shared with the server (src/model/rules.ts: the in-browser adapters
// now refuse what the server refuses, bidi controls included, with the same messages: +0.4 kB), and to
// 67,800 for fitting any page (+1.1 kB: sizes computed from the page's text at each element, the
// page's colour scheme and text colour read and followed, the reset of inherited text settings,
// forced-colour and print rules; see docs/decisions/page-context.md), and to 68,200 for closed
// threads ("Comments are closed." instead of the form, Reply hidden: +0.15 kB, which the old
// limit had no room left for).
const BUDGETS = [
  { files: 'es-complete', compression: 'gzip', limit: 68_200 },
  { files: 'iife', compression: 'gzip', limit: 68_200 },
];

/**
 * The goals: 35,000 bytes gzip for the complete script-tag bundle, then 30 KiB brotli complete and
 * 24 KiB brotli before the first comments paint. Printed with every report; move them into
 * BUDGETS once they are met.
 */
const TARGETS = [
  { files: 'es-complete', compression: 'gzip', limit: 35_000 },
  { files: 'iife', compression: 'gzip', limit: 35_000 },
  { files: 'es-complete', compression: 'brotli', limit: 30 * 1024 },
  { files: 'iife', compression: 'brotli', limit: 30 * 1024 },
  { files: 'es-first-paint', compression: 'brotli', limit: 24 * 1024 },
];

const ES_ENTRY = 'confab.bundle.js';
const IIFE = 'confab.iife.js';
const META = '.cache/bundle-meta.json';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
const check = process.argv.includes('--check');

function measure(buffer) {
  return {
    raw: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: buffer.length,
      },
    }).length,
  };
}

const bytes = (n) => n.toLocaleString('en-US');

function table(rows, align) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  for (const row of rows) {
    const cells = row.map((cell, column) =>
      align[column] === 'r' ? String(cell).padStart(widths[column]) : String(cell).padEnd(widths[column]),
    );
    console.log('  ' + cells.join('  '));
  }
}

/** Bundles and chunks: every .js in dist/ outside the library build and the demo. */
function bundleFiles(dir = 'dist', prefix = '') {
  if (!existsSync(dir)) return [];
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = prefix + entry.name;
    if (entry.isDirectory()) {
      // dist/lib is the npm build, dist/demo the demo app built from it: neither is a script-tag bundle
      if (path !== 'lib' && path !== 'demo') files.push(...bundleFiles(`${dir}/${entry.name}`, path + '/'));
    } else if (entry.name.endsWith('.js')) {
      files.push(path);
    }
  }
  return files.sort();
}

const files = bundleFiles();
if (!files.includes(ES_ENTRY) || !files.includes(IIFE)) {
  console.error(`size: dist/${ES_ENTRY} or dist/${IIFE} is missing; run \`npm run build\` first.`);
  process.exit(1);
}

const sizes = new Map(files.map((file) => [file, measure(readFileSync(`dist/${file}`))]));
const meta = existsSync(META) ? JSON.parse(readFileSync(META, 'utf8')) : null;

console.log('Files (bytes; gzip level 9, brotli quality 11):');
table(
  [['file', 'raw', 'gzip', 'brotli'], ...files.map((file) => [`dist/${file}`, ...Object.values(sizes.get(file)).map(bytes)])],
  ['l', 'r', 'r', 'r'],
);

/**
 * The ES entry and every chunk it can reach: with `dynamic`, through import() too (the complete
 * bundle); without, only static imports, which a browser loads before the entry runs. That is what
 * a page with just a <comment-thread> loads before it can paint comments.
 */
function esReachable(dynamic) {
  if (!meta) return files.filter((file) => file !== IIFE);
  const reached = new Set();
  const visit = (file) => {
    if (reached.has(file) || !meta.outputs[file]) return;
    reached.add(file);
    for (const next of [...meta.outputs[file].imports, ...(dynamic ? meta.outputs[file].dynamicImports : [])]) visit(next);
  };
  visit(ES_ENTRY);
  return [...reached].sort();
}

const groupSets = { 'es-complete': esReachable(true), 'es-first-paint': esReachable(false), iife: [IIFE] };
const totals = {};
for (const [name, members] of Object.entries(groupSets)) {
  totals[name] = { raw: 0, gzip: 0, brotli: 0 };
  for (const file of members) for (const key of ['raw', 'gzip', 'brotli']) totals[name][key] += sizes.get(file)[key];
}

if (meta) {
  console.log(`\nWhat each part contributes to dist/${IIFE} (method: ${meta.method}):`);
  const groups = Object.entries(meta.outputs[IIFE]?.groups ?? {}).map(([name, group]) => ({
    name,
    ...group,
    ...measure(Buffer.from(group.code)),
  }));
  groups.sort((a, b) => b.gzip - a.gzip);
  const sum = groups.reduce((total, group) => total + group.gzip, 0);
  table(
    [
      ['part', 'modules', 'after tree-shaking', 'minified', 'gzip', 'brotli', 'share (gzip)'],
      ...groups.map((group) => [
        group.name,
        group.modules,
        bytes(group.renderedBytes),
        bytes(group.raw),
        bytes(group.gzip),
        bytes(group.brotli),
        `${((100 * group.gzip) / sum).toFixed(1)} %`,
      ]),
    ],
    ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
  console.log('  (each part compressed alone: the parts add up to more than the bundle, which shares one dictionary)');

  const largest = [...(meta.outputs[IIFE]?.modules ?? [])].sort((a, b) => b.renderedBytes - a.renderedBytes).slice(0, 12);
  console.log(`\nLargest modules in dist/${IIFE} (bytes after tree-shaking, before minifying):`);
  table(largest.map((module) => [module.id, bytes(module.renderedBytes)]), ['l', 'r']);
  const esFiles = Object.keys(meta.outputs).filter((file) => meta.outputs[file].format === 'es');
  if (esFiles.length > 1) {
    console.log('\nWhat each ES bundle file holds (bytes after tree-shaking, before minifying):');
    for (const file of esFiles.sort()) {
      const parts = Object.entries(meta.outputs[file].groups).sort((a, b) => b[1].renderedBytes - a[1].renderedBytes);
      console.log(`  dist/${file}: ${parts.map(([name, group]) => `${name} ${bytes(group.renderedBytes)}`).join(', ')}`);
    }
  }
} else {
  console.log(`\n(no ${META}: run \`npm run build\` to see what each dependency contributes)`);
}

const LABELS = {
  'es-complete': `dist/${ES_ENTRY} + its chunks`,
  'es-first-paint': `before first paint (dist/${ES_ENTRY} + static imports: ${groupSets['es-first-paint'].length} file(s))`,
  iife: `dist/${IIFE}`,
};

console.log('\nTotals (bytes):');
table(
  [
    ['set', 'raw', 'gzip', 'brotli'],
    ...Object.keys(groupSets).map((name) => [LABELS[name], ...['raw', 'gzip', 'brotli'].map((key) => bytes(totals[name][key]))]),
  ],
  ['l', 'r', 'r', 'r'],
);

console.log('\nBudgets:');
let failed = false;
for (const budget of BUDGETS) {
  const actual = totals[budget.files][budget.compression];
  const over = actual > budget.limit;
  failed ||= over;
  console.log(
    `  ${over ? 'OVER' : 'ok  '} ${LABELS[budget.files]}: ${bytes(actual)} bytes ${budget.compression}` +
      ` of ${bytes(budget.limit)} allowed (${bytes(Math.abs(actual - budget.limit))} ${over ? 'over' : 'to spare'})`,
  );
}
console.log('Targets of the performance work, not enforced yet:');
for (const target of TARGETS) {
  const actual = totals[target.files][target.compression];
  console.log(
    `  ${actual > target.limit ? 'over' : 'met '} ${LABELS[target.files]}: ${bytes(actual)} bytes ${target.compression}` +
      ` of ${bytes(target.limit)} (${(target.limit / 1024).toFixed(0)} KiB)`,
  );
}

if (check && failed) {
  console.error('size: over budget');
  process.exit(1);
}
