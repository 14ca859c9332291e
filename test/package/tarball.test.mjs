// What `npm pack` puts in each package: what its users need and nothing else, under a size ceiling
// set from measurement (confab-comments 0.2.0: 325 kB packed, 1.17 MB unpacked, 119 files;
// confab-server: 40 kB packed). A ceiling is about 30% above the measurement: a jump past it is a
// file that should not ship, or a bundle that grew without anyone deciding it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

const root = new URL('../../', import.meta.url).pathname;
const repository = 'https://github.com/confab-comments/confab';

function packed(args = []) {
  const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', ...args], { cwd: root, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const [info] = JSON.parse(result.stdout.slice(result.stdout.indexOf('[')));
  return { ...info, paths: info.files.map((file) => file.path) };
}

describe('confab-comments tarball', () => {
  const pack = packed();
  const own = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));

  test('holds the library, its types, the script-tag bundles, the locales and the manifest, and nothing else', () => {
    const expected = [
      /^package\.json$/,
      /^README\.md$/,
      /^CHANGELOG\.md$/,
      /^LICENSE$/,
      /^custom-elements\.json$/,
      /^dist\/lib\/.+\.(js|d\.ts)$/,
      /^dist\/types\/[\w-]+\.d\.ts$/,
      /^dist\/confab\.(bundle|iife)\.js$/,
      /^dist\/chunks\/[\w.-]+\.js$/,
      /^dist\/locales\/[a-z]{2}(\.iife)?\.js$/,
    ];
    const unexpected = pack.paths.filter((path) => !expected.some((pattern) => pattern.test(path)));
    assert.deepEqual(unexpected, []);
    for (const path of ['LICENSE', 'README.md', 'custom-elements.json', 'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lib/react/index.js', 'dist/types/react.d.ts', 'dist/confab.iife.js']) {
      assert.ok(pack.paths.includes(path), `ships ${path}`);
    }
  });

  test('no server code, demo build, sources, tests or examples', () => {
    const leaks = pack.paths.filter((path) => /^(server|src|test|demo|examples|scripts|dist\/demo)\//.test(path) || /\.(test|spec)\./.test(path));
    assert.deepEqual(leaks, []);
  });

  test('every file package.json points at is packed', () => {
    const targets = new Set();
    const collect = (value) => {
      if (typeof value === 'string') targets.add(value.replace(/^\.\//, ''));
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    collect(own.exports);
    collect([own.main, own.module, own.types, own.customElements]);
    for (const target of targets) assert.ok(pack.paths.includes(target), `${target} is packed`);
  });

  test('runtime dependencies: lit, dompurify, @lit/react and lit\'s hydration support only, as ranges; react and the server-rendering packages optional peers', () => {
    assert.deepEqual(Object.keys(own.dependencies).sort(), ['@lit-labs/ssr-client', '@lit/react', 'dompurify', 'lit']);
    for (const range of Object.values(own.dependencies)) assert.match(range, /^\^/);
    assert.deepEqual(Object.keys(own.peerDependencies).sort(), ['@lit-labs/ssr', 'jsdom', 'react']);
    for (const peer of Object.keys(own.peerDependencies)) assert.equal(own.peerDependenciesMeta[peer].optional, true, `${peer} is optional`);
  });

  test(`stays under its size ceiling (now ${(pack.size / 1000).toFixed(0)} kB packed, ${(pack.unpackedSize / 1e6).toFixed(2)} MB unpacked, ${pack.entryCount} files)`, () => {
    assert.ok(pack.size < 420_000, `packed ${pack.size} bytes`);
    assert.ok(pack.unpackedSize < 1_500_000, `unpacked ${pack.unpackedSize} bytes`);
    assert.ok(pack.entryCount < 220, `${pack.entryCount} files`);
  });

  test('metadata and a README whose links work from the registry page', () => {
    assert.equal(own.name, 'confab-comments');
    assert.equal(own.repository.url, `git+${repository}.git`);
    assert.ok(own.homepage.startsWith(repository));
    assert.ok(own.bugs.url.startsWith(repository));
    assert.ok(own.keywords.length > 0);
    const readme = readFileSync(`${root}README.md`, 'utf8');
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]);
    assert.ok(links.length > 0);
    const relative = links.filter((link) => !/^(https?:|#|mailto:)/.test(link));
    assert.deepEqual(relative, [], 'the registry page has no docs/ folder: link into the repository');
  });
});

describe('confab-server tarball', () => {
  const pack = packed(['-w', 'confab-server']);
  const own = JSON.parse(readFileSync(`${root}server/package.json`, 'utf8'));

  test('holds the server with its bin, and no tests, data, demo or widget build', () => {
    assert.equal(pack.name, 'confab-server');
    const bin = own.bin['confab-server'].replace(/^\.\//, '');
    assert.ok(pack.paths.includes(bin), `ships its bin ${bin}`);
    const leaks = pack.paths.filter(
      (path) => /^(test|tests|data|demo|dist\/demo|node_modules|coverage)\//.test(path) || /\.(test|spec)\.[cm]?[jt]s$/.test(path) || /(^|\/)\.env/.test(path),
    );
    assert.deepEqual(leaks, []);
  });

  test('has its own README (with links that work on the registry) and LICENSE', () => {
    assert.ok(pack.paths.includes('README.md'));
    assert.ok(pack.paths.includes('LICENSE'));
    const readme = readFileSync(`${root}server/README.md`, 'utf8');
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]);
    assert.ok(links.length > 0);
    assert.deepEqual(links.filter((link) => !/^https?:/.test(link)), []);
  });

  test('depends on confab-comments for the shared model, and brings the database drivers itself', () => {
    assert.ok(own.dependencies['confab-comments']);
    assert.ok(own.dependencies.pg);
  });

  test(`stays under its size ceiling (now ${(pack.size / 1000).toFixed(0)} kB packed)`, () => {
    assert.ok(pack.size < 200_000, `packed ${pack.size} bytes`); // the /admin dashboard ships in it
  });
});
