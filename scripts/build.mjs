// `npm run build`: the library (dist/lib, ES modules + .d.ts, bare imports kept), the script-tag
// bundles (dist/confab.bundle.js + chunks, dist/confab.iife.js), custom-elements.json, and the
// server (server/dist, TypeScript compiled against the library's dist/lib/model).
// Also writes .cache/bundle-meta.json, which `npm run size` reads to show what each dependency costs.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import { minify } from 'terser';
import { parseAst } from 'rollup/parseAst';
import config, { minifyTemplateLiterals, packageName, terserOptions } from '../rollup.config.mjs';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));

/**
 * Which bundle part a module belongs to, in the size report: a package, or an area of confab's own
 * code (`confab adapters`, `confab components/reply-form`, …), so the report shows where it weighs.
 */
function moduleGroup(id) {
  if (id.startsWith('\0')) return 'rollup helpers';
  const name = packageName(id);
  if (!name) {
    const [area, element, file] = relative('src', id).replaceAll('\\', '/').split('/');
    if (!element) return 'confab entry and config';
    if (area === 'components' && file) return `confab components/${element === 'shared' ? 'shared' : element}`;
    return `confab ${area}`;
  }
  if (name === 'lit' || name === 'lit-html' || name === 'lit-element' || name.startsWith('@lit/')) return 'lit';
  return name;
}

function step(title) {
  console.log(`\n> ${title}`);
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build: "${[command, ...args].join(' ')}" failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

/** The element modules present: src/components/<tag>/<tag>.ts. */
function componentTags() {
  if (!existsSync('src/components')) return [];
  return readdirSync('src/components', { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(`src/components/${entry.name}/${entry.name}.ts`))
    .map((entry) => entry.name)
    .sort();
}

const tags = componentTags();

rmSync('dist', { recursive: true, force: true });

step('library: tsc -p tsconfig.json -> dist/lib');
run('node_modules/.bin/tsc', ['-p', 'tsconfig.json']);

step('types of the classic script: dist/types/iife.d.ts');
// `confab-comments/iife` is dist/confab.iife.js: loaded by a script tag (or imported for its side
// effect) it registers the elements and sets window.Confab; it has no ES exports of its own.
mkdirSync('dist/types', { recursive: true });
writeFileSync(
  'dist/types/iife.d.ts',
  '// dist/confab.iife.js: a classic script that registers every element and sets window.Confab.\n' +
    'type ConfabApi = typeof import("../lib/bundle.js");\n\n' +
    'declare global {\n  interface Window {\n    /** confab\'s API, set by dist/confab.iife.js. */\n    Confab: ConfabApi;\n  }\n}\n\nexport {};\n',
);

step('library: templates minified like the bundles\' (dist/lib/**/*.js)');
// An app bundling confab from npm rarely minifies Lit's templates; without this, every comment
// would carry the indentation of its templates as text nodes (a third of its DOM nodes).
for (const file of readdirSync('dist/lib', { recursive: true })) {
  if (!String(file).endsWith('.js')) continue;
  const path = `dist/lib/${file}`;
  const minified = minifyTemplateLiterals(readFileSync(path, 'utf8'), parseAst);
  if (minified !== null) writeFileSync(path, minified);
}

step('bundles: rollup -> dist/confab.bundle.js, dist/confab.iife.js');
const meta = {
  method: "rollup's per-module code after tree-shaking, grouped by package, each group minified alone with terser",
  outputs: {},
};
const { output: outputs, ...inputOptions } = config;
const bundle = await rollup({ ...inputOptions, onwarn: failOnWarning });
for (const output of outputs) {
  const { output: files } = await bundle.write(output);
  for (const file of files) {
    if (file.type !== 'chunk') continue;
    const outputPath = relative('dist', output.file ?? `${output.dir}/${file.fileName}`).replaceAll('\\', '/');
    meta.outputs[outputPath] = {
      format: output.format,
      isEntry: file.isEntry,
      imports: file.imports,
      dynamicImports: file.dynamicImports,
      // Minifying each part alone is slow; the classic script holds every part, so it is enough.
      groups: await groupsOf(file, { code: output.format === 'iife' }),
      modules: Object.entries(file.modules).map(([id, module]) => ({
        id: id.startsWith('\0') ? id.slice(1) : relative('.', id).replaceAll('\\', '/'),
        renderedBytes: module.renderedLength,
      })),
    };
    console.log(`  dist/${outputPath} (${file.code.length} bytes, ${Object.keys(file.modules).length} modules)`);
  }
}
await bundle.close();
mkdirSync('.cache', { recursive: true });
writeFileSync('.cache/bundle-meta.json', JSON.stringify(meta));

step('npm demo: esbuild demo/npm-app.js -> dist/demo/npm-app.js');
// Bare 'confab-comments' and 'confab-comments/define.js' resolve through package.json "exports" (esbuild follows a
// package's self-reference like Node does), so the demo is built exactly as an app importing
// confab from node_modules would be.
const { build: esbuild } = await import('esbuild');
await esbuild({
  entryPoints: ['demo/npm-app.js'],
  outfile: 'dist/demo/npm-app.js',
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  logLevel: 'warning',
});

step('demo themes: stylesheets from npm -> dist/demo/themes/');
const { buildDemoThemes } = await import('./demo-themes.mjs');
console.log(`  ${(await buildDemoThemes('dist/demo/themes')).join(', ')}`);

step('locales: esbuild -> dist/locales/<lang>.js, dist/locales/<lang>.iife.js');
// The string tables stay out of the script-tag bundles: a page loads the languages it uses. Each
// file registers its table through the bundle already on the page, so the two share one state:
// the ES module imports configure() from the ES bundle (left as an import, not inlined), the
// classic script calls window.Confab.configure(). (npm users import confab-comments/locales/<lang>.js,
// which is src/locales/<lang>.ts built by tsc above.)
for (const lang of ['ru', 'ar']) {
  const table = `import { ${lang} as table } from './src/render/strings/${lang}.ts';\n`;
  const register = `configure({ strings: { ${lang}: table } });\n`;
  const variants = [
    { outfile: `dist/locales/${lang}.js`, format: 'esm', contents: `import { configure } from '../confab.bundle.js';\n${table}${register}` },
    {
      outfile: `dist/locales/${lang}.iife.js`,
      format: 'iife',
      contents:
        `${table}const confab = globalThis.Confab;\n` +
        `if (confab) confab.${register}` +
        `else console.error('confab: load confab.iife.js before locales/${lang}.iife.js');\n`,
    },
  ];
  for (const { outfile, format, contents } of variants) {
    await esbuild({
      stdin: { contents, resolveDir: '.', sourcefile: `locales/${lang}.js`, loader: 'ts' },
      outfile,
      bundle: true,
      format,
      target: 'es2022',
      minify: true,
      // A module script is always read as UTF-8; a classic one in the page's encoding, which may
      // not be UTF-8, so it keeps the text as \u escapes.
      charset: format === 'esm' ? 'utf8' : 'ascii',
      legalComments: 'none',
      logLevel: 'warning',
      plugins: [
        {
          name: 'confab-bundle-external',
          setup(build) {
            build.onResolve({ filter: /confab\.bundle\.js$/ }, (args) => ({ path: args.path, external: true }));
          },
        },
      ],
    });
  }
}

step('custom-elements.json: cem analyze (custom-elements-manifest.config.mjs)');
run('npm', ['run', '--silent', 'analyze']);
checkManifest(JSON.parse(readFileSync('custom-elements.json', 'utf8')), tags);

step('server: tsc -p server/tsconfig.build.json -> server/dist (against dist/lib/model)');
rmSync('server/dist', { recursive: true, force: true });
run('node_modules/.bin/tsc', ['-p', 'server/tsconfig.build.json']);

step('admin page: esbuild server/admin -> server/dist/admin');
await esbuild({
  entryPoints: ['server/admin/src/admin-app.ts'],
  outfile: 'server/dist/admin/admin.js',
  tsconfig: 'server/admin/tsconfig.json',
  bundle: true,
  format: 'esm',
  target: 'es2022',
  conditions: ['production'],
  minify: true,
  logLevel: 'warning',
});
copyFileSync('server/admin/index.html', 'server/dist/admin/index.html');

console.log('\nbuild: done');

/** Rollup warnings are printed; these ones are bugs (a broken or cyclic import graph, eval). */
function failOnWarning(warning, warn) {
  warn(warning);
  if (['UNRESOLVED_IMPORT', 'MISSING_EXPORT', 'CIRCULAR_DEPENDENCY', 'EVAL'].includes(warning.code)) {
    console.error('build: rollup warning treated as an error');
    process.exit(1);
  }
}

/** Modules and rendered bytes of each part of a chunk; with `code`, each part's code minified alone. */
async function groupsOf(chunk, { code: withCode }) {
  const groups = {};
  const sources = {};
  for (const [id, module] of Object.entries(chunk.modules)) {
    const name = moduleGroup(id);
    groups[name] ??= { modules: 0, renderedBytes: 0 };
    groups[name].modules += 1;
    groups[name].renderedBytes += module.renderedLength;
    if (withCode && module.code) sources[name] = (sources[name] ?? '') + module.code + '\n';
  }
  for (const [name, source] of Object.entries(sources)) {
    // The bundle's terser settings, except that nothing is dropped as unused: a part's code is
    // used by the other parts, which this pass does not see.
    const minified = await minify(source, {
      ...terserOptions,
      module: true,
      compress: { ...terserOptions.compress, unused: false },
      mangle: { ...terserOptions.mangle, toplevel: true },
      format: { comments: false },
    });
    groups[name].code = minified.code;
  }
  return groups;
}

/** Each element present in src/components must appear in the manifest under its tag. */
function checkManifest(manifest, expectedTags) {
  const elements = new Map();
  for (const module of manifest.modules ?? []) {
    for (const declaration of module.declarations ?? []) {
      if (declaration.customElement && declaration.tagName) elements.set(declaration.tagName, declaration);
    }
  }
  const rows = [['element', 'attributes', 'properties', 'events', 'slots', 'css parts', 'css props']];
  for (const [tag, element] of [...elements].sort()) {
    const count = (list) => String(list?.length ?? 0);
    rows.push([
      `<${tag}>`,
      count(element.attributes),
      count(element.members?.filter((member) => member.kind === 'field' && member.privacy !== 'private' && member.privacy !== 'protected')),
      count(element.events),
      count(element.slots),
      count(element.cssParts),
      count(element.cssProperties),
    ]);
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const row of rows) console.log('  ' + row.map((cell, column) => cell.padEnd(widths[column])).join('  '));
  const missing = expectedTags.filter((tag) => !elements.has(tag));
  if (missing.length > 0) {
    console.error(`build: custom-elements.json lacks ${missing.map((tag) => `<${tag}>`).join(', ')}`);
    process.exit(1);
  }
}
