// The package's types as a user meets them: every subpath under moduleResolution bundler and
// node16, React 19 wrappers and bare tags, Preact bare tags (test/package/types/), resolved through
// package.json "exports" to dist/ like an installed copy. Runs after `npm run build`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const root = new URL('../../', import.meta.url).pathname;

function tsc(config) {
  const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', `test/package/types/${config}`], {
    cwd: root,
    encoding: 'utf8',
  });
  return { code: result.status, output: result.stdout + result.stderr };
}

for (const [config, what] of [
  ['tsconfig.bundler.json', 'every subpath and the React wrappers and bare tags type-check under moduleResolution bundler'],
  ['tsconfig.node16.json', 'every subpath and the React wrappers and bare tags type-check under moduleResolution node16'],
  ['tsconfig.preact.json', 'Preact: the bare tags type-check after importing confab-comments/preact'],
]) {
  test(what, () => {
    const { code, output } = tsc(config);
    assert.equal(output.trim(), '');
    assert.equal(code, 0);
  });
}

test('without an import from confab-comments/react, React does not know the tags (the control)', () => {
  const { code, output } = tsc('tsconfig.react-without-import.json');
  assert.notEqual(code, 0);
  assert.match(output, /Property 'comment-count' does not exist on type 'JSX.IntrinsicElements'/);
});
