// `npm run examples` (a gate of `npm test`): the examples/ apps built against the packed packages,
// as a user gets them from the registry. After `npm run build`:
//   1. `npm pack` of confab-comments and of confab-server (the workspace) into a temporary folder;
//   2. each example copied there, its confab-comments dependency pointed at the tarball, installed
//      (npm's shared cache, --prefer-offline), checked to hold no database driver and no server
//      code, type-checked (and type-checked again with one wrong value, which must fail) and built
//      for production;
//   3. each build served on 127.0.0.1 and used in Chromium: the seeded comment shows, a comment and
//      a reply are posted (the app's own event handler reports each, a comment count follows),
//      the article gets a like;
//   4. a table of the timings and of each build's JavaScript, raw and gzip.
// `react` runs twice: with React 19, and with React 18 (`react-18`, the same source). With React,
// the wrappers are also rendered by react-dom/server in Node from the installed tarball.
// Usage: node scripts/examples.mjs [name…]   (default: all)   KEEP=1 keeps the temporary folder.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { commentBy, eventually, launchBrowser, reactionButton, shownCounts, topLevelForm, waitForSavedComment, writeComment } from '../test/e2e/helpers.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The apps, and the dependency changes of each run. */
const runs = [
  {
    name: 'vanilla',
    source: 'vanilla',
    broken: { file: 'src/main.ts', from: 'event.detail.comment.author.name', to: 'event.detail.comment.author.nickname' },
  },
  // React's wrong values are type-checked in test/package/types/react.tsx.
  { name: 'react', source: 'react', serverRender: true },
  {
    name: 'react-18',
    source: 'react',
    serverRender: true,
    dependencies: { react: '^18.3.1', 'react-dom': '^18.3.1' },
    devDependencies: { '@types/react': '^18.3.32', '@types/react-dom': '^18.3.7' },
  },
  { name: 'vue', source: 'vue', broken: { file: 'src/App.vue', from: 'sort="oldest"', to: 'sort="random"' } },
  { name: 'svelte', source: 'svelte', broken: { file: 'src/App.svelte', from: 'sort="oldest"', to: 'sort="random"' } },
];

/** What a front-end install must never bring: database drivers and the server. */
const forbidden = ['pg', 'pg-pool', '@electric-sql/pglite', 'better-sqlite3', 'confab-server', 'fastify'];

/** Content types of what a Vite build writes. */
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

const only = process.argv.slice(2);
const selected = only.length > 0 ? runs.filter((run) => only.includes(run.name)) : runs;
if (selected.length === 0) fail(`no example named ${only.join(', ')}`);
if (!existsSync(join(root, 'dist/lib/index.js'))) fail('run `npm run build` first');

const work = mkdtempSync(join(tmpdir(), 'confab-examples-'));
const results = [];
let failed = false;
try {
  const widgets = pack([], 'confab-comments');
  const server = pack(['-w', 'confab-server'], 'confab-server');
  console.log(`packed ${widgets.name} (${kB(widgets.size)} kB) and ${server.name} (${kB(server.size)} kB)`);
  const browser = await launchBrowser();
  try {
    for (const run of selected) {
      const result = { name: run.name };
      results.push(result);
      try {
        await exercise(run, join(work, widgets.name), result, browser);
        result.ok = true;
      } catch (error) {
        failed = true;
        result.ok = false;
        console.error(`\nexample ${run.name} FAILED: ${error.stack ?? error}`);
      }
    }
  } finally {
    await browser.close();
  }
} finally {
  if (!process.env.KEEP) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}

console.log('\nexample    result  install  typecheck  build  browser  JS raw     JS gzip');
for (const r of results) {
  console.log(
    [
      r.name.padEnd(10),
      (r.ok ? 'ok' : 'FAIL').padEnd(6),
      seconds(r.install).padStart(7),
      seconds(r.typecheck).padStart(9),
      seconds(r.build).padStart(5),
      seconds(r.browser).padStart(7),
      (r.raw ? `${kB(r.raw)} kB` : '-').padStart(9),
      (r.gzip ? `${kB(r.gzip)} kB` : '-').padStart(9),
    ].join('  '),
  );
}
process.exit(failed ? 1 : 0);

/** `npm pack` into the work folder; returns the tarball's name and size. */
function pack(args, expected) {
  const out = sh(npm, ['pack', ...args, '--json', '--pack-destination', work], root);
  const [info] = JSON.parse(out.slice(out.indexOf('[')));
  if (info.name !== expected) fail(`npm pack gave ${info.name}, expected ${expected}`);
  return { name: info.filename, size: statSync(join(work, info.filename)).size };
}

async function exercise(run, tarball, result, browser) {
  console.log(`\n=== ${run.name}`);
  const dir = join(work, run.name);
  cpSync(join(root, 'examples', run.source), dir, {
    recursive: true,
    filter: (path) => !/[\\/](node_modules|dist)([\\/]|$)/.test(path.slice(root.length)),
  });
  const manifestPath = join(dir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.dependencies = { ...manifest.dependencies, ...run.dependencies, 'confab-comments': `file:${tarball}` };
  manifest.devDependencies = { ...manifest.devDependencies, ...run.devDependencies };
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));

  result.install = timed(() => sh(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], dir));
  checkInstall(dir);
  result.typecheck = timed(() => sh(npm, ['run', '--silent', 'typecheck'], dir));
  if (run.broken) typecheckFails(dir, run.broken);
  result.build = timed(() => sh(npm, ['run', '--silent', 'build'], dir));
  if (run.serverRender) renderOnServer(dir);
  Object.assign(result, bundleSize(join(dir, 'dist')));
  const started = Date.now();
  await useInBrowser(browser, join(dir, 'dist'));
  result.browser = Date.now() - started;
}

/** The installed tree holds confab-comments from the tarball, and nothing from the server side. */
function checkInstall(dir) {
  const installed = JSON.parse(readFileSync(join(dir, 'node_modules/confab-comments/package.json'), 'utf8'));
  const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  if (installed.version !== own.version) throw new Error(`installed confab-comments ${installed.version}, packed ${own.version}`);
  if (existsSync(join(dir, 'node_modules/confab-comments/server'))) throw new Error('the widget package ships server/');
  if (existsSync(join(dir, 'node_modules/confab-comments/src'))) throw new Error('the widget package ships src/');
  const tree = sh(npm, ['ls', '--all', '--parseable'], dir).split('\n');
  const found = tree.filter((path) => forbidden.some((name) => path.endsWith(`node_modules/${name}`)));
  if (found.length > 0) throw new Error(`installing confab-comments brought ${found.join(', ')}`);
}

/**
 * The control: the same app with one wrong value must fail its type check, so a check that passes
 * proves the framework really reads confab's types (a tag it does not know would pass anything).
 */
function typecheckFails(dir, { file, from, to }) {
  const path = join(dir, file);
  const source = readFileSync(path, 'utf8');
  if (!source.includes(from)) throw new Error(`${file} no longer holds ${from}`);
  writeFileSync(path, source.replace(from, to));
  try {
    const result = spawnSync(npm, ['run', '--silent', 'typecheck'], { cwd: dir, encoding: 'utf8' });
    if (result.status === 0) throw new Error(`the type check passes with ${to} in ${file}`);
    console.log(`  type check refuses ${to}`);
  } finally {
    writeFileSync(path, source);
  }
}

/** react-dom/server renders the wrappers (from the installed tarball) without throwing. */
function renderOnServer(dir) {
  const script = `
    import { createElement } from 'react';
    import { version } from 'react-dom/server';
    import { renderToString } from 'react-dom/server';
    import { MemoryAdapter } from 'confab-comments';
    import { CommentThread, ReactionCounter } from 'confab-comments/react';
    const adapter = new MemoryAdapter({ comments: [] });
    const html = renderToString(createElement('main', null,
      createElement(ReactionCounter, { threadId: 'a-42', adapter }),
      createElement(CommentThread, { threadId: 'a-42', adapter, onPosted() {} }),
      createElement('comment-count', { 'thread-id': 'a-42' })));
    if (!html.includes('<comment-thread') || !html.includes('<comment-count thread-id="a-42"')) throw new Error('unexpected ' + html);
    console.log('  react-dom/server ' + version + ': ' + html);
  `;
  writeFileSync(join(dir, 'server-render.mjs'), script);
  console.log(sh(process.execPath, ['server-render.mjs'], dir).trim());
}

/** JavaScript the production build ships: raw and gzip bytes. */
function bundleSize(dist) {
  let raw = 0;
  let gzip = 0;
  for (const file of readdirSync(dist, { recursive: true })) {
    if (!String(file).endsWith('.js')) continue;
    const content = readFileSync(join(dist, String(file)));
    raw += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
  }
  return { raw, gzip };
}

/** Serves `dist` on 127.0.0.1, then comments, replies and likes in Chromium. */
async function useInBrowser(browser, dist) {
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    if (path === '/favicon.ico') {
      response.writeHead(204).end(); // the examples have none; Chromium asks anyway
      return;
    }
    const file = join(dist, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const context = await browser.newContext();
  try {
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    const thread = page.locator('comment-thread');
    const seeded = await waitForSavedComment(thread, 'Ana Lima', 'The reading room looks great');
    const status = page.locator('#status');

    const body = `Is the café open again? (${Date.now().toString(36)})`;
    await writeComment(topLevelForm(page), { name: 'Noor Haddad', body });
    await waitForSavedComment(thread, 'Noor Haddad', body);
    await eventually(async () => (await status.textContent()).trim() === 'Posted a comment as Noor Haddad.', {
      message: "the app's confab-posted handler did not report the comment",
    });

    await seeded.getByRole('button', { name: 'Reply', exact: true }).first().click();
    const replyForm = seeded.getByRole('form', { name: /^Reply to Ana Lima/ });
    const reply = 'Yes, from ten to six.';
    await writeComment(replyForm, { name: 'Ben Okoro', body: reply });
    await waitForSavedComment(seeded, 'Ben Okoro', reply);
    await eventually(async () => (await status.textContent()).trim() === 'Posted a reply as Ben Okoro.', {
      message: "the app's confab-posted handler did not report the reply",
    });
    if ((await commentBy(thread, 'Ben Okoro').count()) !== 1) throw new Error('the reply is not shown once');

    // A bare <comment-count> (the React example has one) follows the thread through the store.
    const badge = page.locator('comment-count');
    if ((await badge.count()) > 0) {
      await eventually(async () => (await badge.locator('[part~="count"]').textContent()).trim() === '3 comments', {
        message: '<comment-count> does not count the seeded comment, the new one and the reply',
      });
    }

    const counter = page.locator('main > reaction-counter');
    await eventually(async () => (await shownCounts(counter)) === '0 0', { message: 'the article counter does not show 0 0' });
    await reactionButton(counter, 'Like').click();
    await eventually(async () => (await shownCounts(counter)) === '1 0', { message: 'the like was not counted' });
    if (errors.length > 0) throw new Error(`errors on the page:\n${errors.join('\n')}`);
    console.log('  Chromium: comment, reply and like went through');
  } finally {
    await context.close();
    server.close();
  }
}

function sh(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`"${[command, ...args].join(' ')}" failed in ${cwd} (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

function timed(action) {
  const started = Date.now();
  action();
  return Date.now() - started;
}

function seconds(ms) {
  return ms === undefined ? '-' : `${(ms / 1000).toFixed(1)}s`;
}

function kB(bytes) {
  return (bytes / 1000).toFixed(1);
}

function fail(message) {
  console.error(`examples: ${message}`);
  process.exit(1);
}
