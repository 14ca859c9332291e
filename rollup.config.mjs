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

/** CSS of a css`` template without comments and the whitespace that means nothing. */
export function minifyCss(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1')
    .replace(/: /g, ':')
    .replace(/;}/g, '}')
    .replace(/([\s:,(])0\.(\d)/g, '$1.$2')
    .trim();
}

/** Elements whose start and end tags end a line of text: block level by default or by our CSS. */
const BLOCK_TAGS = 'div|p|section|article|form|ul|ol|li|fieldset|legend|header|footer|nav|dialog|reply-form|comment-item';
const SEPARATOR = '\uE000';

/**
 * Markup of an html`` template (its static parts joined by SEPARATOR where the expressions go),
 * with each run of whitespace that spans lines (indentation) cut: to nothing where it touches the
 * start or end tag of a block element (whitespace there never renders, and each run would be a
 * text node in every copy of the template), to nothing before the `>` of a tag, else to one space,
 * which the browser would make of it anyway. What renders is unchanged. A block element that our
 * CSS makes inline would break this: keep BLOCK_TAGS to elements that stay blocks, flex or grid.
 */
export function collapseMarkup(text) {
  return text
    .replace(new RegExp(`\\s*\\n\\s*(?=<\\/?(?:${BLOCK_TAGS})[\\s/>])`, 'g'), '')
    .replace(new RegExp(`(<\\/?(?:${BLOCK_TAGS})(?:\\s[^<>]*)?>)\\s*\\n\\s*`, 'g'), '$1')
    .replace(/\s*\n\s*(?=\/?>)/g, '')
    .replace(/\s*\n\s*/g, ' ');
}

/**
 * Minifies the static parts of confab's css`` and html`` templates in one module's `code`, which
 * terser leaves as they are (Lit parses them at run time). Only the literal text between `${}`
 * changes, found in the syntax tree (`parse` gives an ESTree program with offsets), so an
 * expression or a nested template is never touched as text. Returns null when nothing changes.
 */
export function minifyTemplateLiterals(code, parse) {
  if (!/\b(?:css|html|svg)\s*`/.test(code)) return null;
  const edits = [];
  const visit = (node) => {
    if (!node || typeof node.type !== 'string') return;
    if (node.type === 'TaggedTemplateExpression' && node.tag.type === 'Identifier' && ['css', 'html', 'svg'].includes(node.tag.name)) {
      const quasis = node.quasi.quasis;
      const texts = quasis.map((quasi) => code.slice(quasi.start, quasi.end));
      // markup is minified whole, so a tag split by an expression is still seen as one
      const minified = node.tag.name === 'css' ? texts.map(minifyCss) : collapseMarkup(texts.join(SEPARATOR)).split(SEPARATOR);
      quasis.forEach((quasi, index) => edits.push([quasi.start, quasi.end, minified[index]]));
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') visit(value);
    }
  };
  visit(parse(code));
  if (edits.length === 0) return null;
  let result = '';
  let last = 0;
  for (const [start, end, text] of edits.sort((a, b) => a[0] - b[0])) {
    result += code.slice(last, start) + text;
    last = end;
  }
  return result + code.slice(last);
}

/** The same for the bundles, as a rollup plugin (confab's own modules only). */
function minifyTemplates() {
  return {
    name: 'confab-minify-templates',
    transform(code, id) {
      if (id.includes('node_modules')) return null;
      const result = minifyTemplateLiterals(code, (text) => this.parse(text));
      return result === null ? null : { code: result, map: null };
    },
  };
}

/** How the bundles are minified; scripts/build.mjs minifies each dependency alone the same way. */
export const terserOptions = {
  ecma: 2020,
  compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true, pure_getters: true },
  // confab's private members are named `_name` (and nothing else in the bundle is: Lit's own
  // internals are `_$…`), so they can be shortened like local names. Decorated members keep
  // their names: a decorator receives the name as a string.
  mangle: { properties: { regex: /^_[A-Za-z]/ } },
};

const plugins = [
  // `production` picks Lit's production build (no dev-mode warnings, smaller).
  nodeResolve({ browser: true, exportConditions: ['production'] }),
  // esbuild reads the decorator settings from tsconfig.json; it does not type-check (tsc does,
  // in the library step of scripts/build.mjs, before this runs).
  esbuild({ target, tsconfig: 'tsconfig.json', sourceMap: false }),
  minifyTemplates(),
  // Treats ES output as a module (top-level names shortened) on its own.
  terser({
    ...terserOptions,
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
  // A lazy chunk imports what it shares with the bundle from the bundle itself, instead of both
  // importing a third file (a page would load two files before anything renders).
  preserveEntrySignatures: 'allow-extension',
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
