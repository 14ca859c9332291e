// The script-tag bundles: dist/confab.bundle.js (ES module, may grow lazy chunks in dist/chunks/)
// and dist/confab.iife.js (classic script, window.Confab). Both from src/bundle.ts, with lit,
// dompurify and marked inlined. The library build (dist/lib) is plain tsc, see scripts/build.mjs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

const input = 'src/bundle.ts';
const target = 'es2022';
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const plugins = [
  // `production` picks Lit's production build (no dev-mode warnings, smaller).
  nodeResolve({ browser: true, exportConditions: ['production'] }),
  // esbuild reads the decorator settings from tsconfig.json; it does not type-check (tsc does,
  // in the library step of scripts/build.mjs, before this runs).
  esbuild({ target, tsconfig: 'tsconfig.json', sourceMap: false }),
  // Treats ES output as a module (top-level names shortened) on its own.
  terser({
    ecma: 2020,
    compress: { passes: 2 },
    // The banner below carries every bundled package's license; other comments go.
    format: { comments: /^! confab/ },
  }),
];

/** One comment naming every package whose code is in the chunk, with its license. */
function licenseBanner(chunk) {
  const packages = new Map();
  for (const id of chunk.moduleIds) {
    const name = packageName(id);
    if (name && !packages.has(name)) packages.set(name, describePackage(id, name));
  }
  const lines = [`confab ${pkg.version}, ${pkg.license}`, ...[...packages.values()].sort()];
  return `/*! ${lines.join('\n * ')} */`;
}

/** npm package of a module id (`@lit/reactive-element`, `dompurify`), or null for confab's own. */
export function packageName(id) {
  const parts = id.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return null;
  return parts[at + 1].startsWith('@') ? `${parts[at + 1]}/${parts[at + 2]}` : parts[at + 1];
}

function describePackage(id, name) {
  const parts = id.split(/[\\/]/);
  const dir = [...parts.slice(0, parts.lastIndexOf('node_modules') + 1), name].join('/');
  const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  let copyright = '';
  try {
    copyright = /^\s*(Copyright\b.*\d{4}.*)$/m.exec(readFileSync(join(dir, 'LICENSE'), 'utf8'))?.[1] ?? '';
  } catch {
    // no LICENSE file: the license field still names the terms
  }
  return [`${name} ${meta.version}`, meta.license, copyright.trim()].filter(Boolean).join(', ');
}

// One build, two outputs: the modules are resolved and transformed once.
export default {
  input,
  plugins,
  output: [
    {
      dir: 'dist',
      format: 'es',
      entryFileNames: 'confab.bundle.js',
      // Lazy parts (`import()` in src) land here, loaded relative to the bundle.
      chunkFileNames: 'chunks/[name]-[hash].js',
      banner: licenseBanner,
    },
    {
      file: 'dist/confab.iife.js',
      format: 'iife',
      name: 'Confab',
      exports: 'named',
      // A classic script cannot load chunks: everything goes into the one file.
      inlineDynamicImports: true,
      banner: licenseBanner,
    },
  ],
};
