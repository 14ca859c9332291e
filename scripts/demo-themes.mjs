// The stylesheets of the demo's themes page (demo/themes/themes.js), copied from the npm packages
// that ship them into dist/demo/themes/, where the server serves them: the demo loads nothing from
// a CDN. Tailwind is compiled from `@import "tailwindcss"` as a site's build would: with no utility
// classes in the article, that is its theme variables and its preflight.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { compile } from 'tailwindcss';
import { themes } from '../demo/themes/themes.js';

const require = createRequire(import.meta.url);

/** Served file name -> the package file it is copied from. */
const COPIED = {
  'bootstrap.min.css': 'bootstrap/dist/css/bootstrap.min.css',
  'pico.min.css': '@picocss/pico/css/pico.min.css',
  'bulma.min.css': 'bulma/css/bulma.min.css',
  'modern-normalize.css': 'modern-normalize/modern-normalize.css',
  'simple.min.css': 'simpledotcss/simple.min.css',
  'water.min.css': 'water.css/out/water.min.css',
  'sakura.css': 'sakura.css/css/sakura.css',
  'sakura-dark.css': 'sakura.css/css/sakura-dark.css',
};

async function tailwind() {
  const compiler = await compile('@import "tailwindcss";', {
    base: process.cwd(),
    async loadStylesheet(id, base) {
      const path = require.resolve(id === 'tailwindcss' ? 'tailwindcss/index.css' : id, { paths: [base] });
      return { path, base: dirname(path), content: readFileSync(path, 'utf8') };
    },
  });
  return compiler.build([]);
}

/** Writes every stylesheet the themes use into `outDir`; fails when one is missing. */
export async function buildDemoThemes(outDir) {
  mkdirSync(outDir, { recursive: true });
  const written = new Set();
  for (const [name, source] of Object.entries(COPIED)) {
    // No source map comment: the maps are not copied, and a browser would ask for them.
    const css = readFileSync(require.resolve(source), 'utf8').replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/, '');
    writeFileSync(`${outDir}/${name}`, css);
    written.add(name);
  }
  writeFileSync(`${outDir}/tailwind.css`, await tailwind());
  written.add('tailwind.css');

  const prefix = '../dist/demo/themes/';
  const wanted = themes.flatMap((theme) => theme.stylesheets.map((sheet) => sheet.href)).filter((href) => href.startsWith(prefix));
  const missing = wanted.map((href) => href.slice(prefix.length)).filter((name) => !written.has(name));
  if (missing.length > 0) throw new Error(`demo themes: no stylesheet built for ${missing.join(', ')}`);
  return [...written];
}
