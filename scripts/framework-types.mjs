// Framework type files in dist/types/, generated from custom-elements.json as the last plugin of
// `cem analyze` (custom-elements-manifest.config.mjs). What a user imports (package.json exports):
//
//   confab-comments/react   jsx.d.ts's elements as React's JSX.IntrinsicElements, plus the wrappers
//   confab-comments/preact  the same for Preact; registers the elements (runs define.js)
//   confab-comments/vue     Vue's GlobalComponents; registers the elements
//   confab-comments/svelte  Svelte 5's SvelteHTMLElements; registers the elements
//   confab-comments/jsx     the generated per-element prop types, for any other JSX framework
//
// jsx.d.ts and vue's components come from custom-element-jsx-integration and
// custom-element-vuejs-integration. custom-element-svelte-integration writes Svelte 4 syntax
// (`on:`, `bind:`) into a namespace that a module file keeps to itself, so svelte.d.ts is built
// here from jsx.d.ts's per-element props, which are exactly what Svelte 5 takes: attributes,
// properties and `on<event>` listeners (docs/decisions/framework-types.md).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateJsxTypes } from 'custom-element-jsx-integration';
import { generateVuejsTypes } from 'custom-element-vuejs-integration';

const LIB = '../lib/index.js';

/** The part of an element's description the editors show on hover. */
const generatorOptions = { hideLogs: true, descriptionSrc: 'summary', hideMethodDocs: true };

/**
 * The manifest as the generators should see it: every type written as a type expression that
 * resolves from dist/types/ (`import("../lib/index.js").CommentThread["sort"]`), events typed by
 * their detail, and no `adapter` attribute. Frameworks set a value as a property when the element
 * has a property of that name (React 19, Vue, Svelte), so `adapter="local"` would reach the
 * property as a string: in a framework the adapter is always an object.
 */
export function generatorManifest(manifest) {
  const copy = structuredClone(manifest);
  const classes = new Map();
  for (const module of copy.modules ?? []) {
    for (const declaration of module.declarations ?? []) classes.set(declaration.name, declaration);
  }
  for (const module of copy.modules ?? []) {
    for (const element of module.declarations ?? []) {
      if (!element.customElement) continue;
      const fields = new Set((element.members ?? []).filter((member) => member.kind === 'field').map((member) => member.name));
      element.attributes = (element.attributes ?? [])
        .filter((attribute) => attribute.name !== 'adapter')
        .map((attribute) => {
          const field = attribute.fieldName && (fields.has(attribute.fieldName) || attribute.fieldName === 'lang');
          const text = field ? `import("${LIB}").${element.name}["${attribute.fieldName}"]` : attribute.type?.text ?? 'string';
          return { ...attribute, type: { text } };
        });
      element.members = (element.members ?? []).map((member) =>
        member.kind === 'field' ? { ...member, type: { text: `import("${LIB}").${element.name}["${member.name}"]` } } : member,
      );
      element.events = (element.events ?? []).map((event) => {
        const eventClass = classes.get(event.type?.text);
        const isCustom = eventClass?.superclass?.name === 'CustomEvent';
        return { ...event, type: { text: isCustom ? `import("${LIB}").${eventClass.name}["detail"]` : 'null' } };
      });
    }
  }
  return copy;
}

/** Writes dist/types/*.d.ts from the final manifest. */
export function writeFrameworkTypes(manifest, outdir) {
  const input = generatorManifest(manifest);
  const elements = [];
  for (const module of input.modules ?? []) {
    for (const declaration of module.declarations ?? []) if (declaration.customElement) elements.push(declaration);
  }

  generateJsxTypes(input, { ...generatorOptions, outdir, fileName: 'jsx.d.ts' });

  generateVuejsTypes(input, { ...generatorOptions, outdir, fileName: 'vue.d.ts' });
  // The Vue generator also adds the elements, typed as Vue components, to a global JSX namespace;
  // that would clash with React's or Preact's JSX in a project that has both.
  const vuePath = join(outdir, 'vue.d.ts');
  const vue = readFileSync(vuePath, 'utf8');
  const globalJsx = /\n\s*declare global \{\s*namespace JSX \{[\s\S]*?\n\s*\}\s*\n\s*\}\s*$/;
  if (!globalJsx.test(vue)) throw new Error('framework-types: the Vue generator output changed shape (no global JSX block)');
  // Vue's template checker normalizes `thread-id="…"` and `@confab-posted` to `threadId` and
  // `onConfabPosted` before looking them up, so the generator's kebab-case keys would never be
  // checked: camelCase them.
  const camel = (name) => name.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase());
  const vueTypes = vue
    .replace(globalJsx, '\n')
    .replace(/"on(confab-[a-z-]+)"\?:/g, (_, event) => `on${camel(`-${event}`)}?:`)
    .replace(/^(\s*)"([a-z]+(?:-[a-z]+)+)"\?:/gm, (_, indent, attribute) => `${indent}${camel(attribute)}?:`);
  writeFileSync(vuePath, `${vueTypes}\nexport { define } from "../lib/define.js";\n`);

  const header = (what) => `// Generated from custom-elements.json by scripts/framework-types.mjs: ${what}\n`;
  writeFileSync(
    join(outdir, 'react.d.ts'),
    header('types of confab-comments/react.') +
      `import type { CustomElements } from "./jsx.js";\n` +
      `export * from "../lib/react/index.js";\n\n` +
      `// <comment-thread>, <comment-count>… as JSX elements (attributes, properties, on<event> listeners).\n` +
      `declare module "react" {\n  namespace JSX {\n    interface IntrinsicElements extends CustomElements {}\n  }\n}\n`,
  );
  writeFileSync(
    join(outdir, 'preact.d.ts'),
    header('types of confab-comments/preact, which registers the elements.') +
      `import type { CustomElements } from "./jsx.js";\n` +
      `export type { CustomElements } from "./jsx.js";\n` +
      `export { define } from "../lib/define.js";\n\n` +
      `declare module "preact" {\n  namespace JSX {\n    interface IntrinsicElements extends CustomElements {}\n  }\n}\n`,
  );
  const names = elements.map((element) => element.name);
  writeFileSync(
    join(outdir, 'svelte.d.ts'),
    header('types of confab-comments/svelte, which registers the elements.') +
      `import type { HTMLAttributes } from "svelte/elements";\n` +
      `import type { ${names.join(', ')} } from "${LIB}";\n` +
      `import type { ${names.map((name) => `${name}Props`).join(', ')} } from "./jsx.js";\n` +
      `export { define } from "../lib/define.js";\n\n` +
      `declare module "svelte/elements" {\n  export interface SvelteHTMLElements {\n` +
      elements.map((element) => `    "${element.tagName}": HTMLAttributes<${element.name}> & ${element.name}Props;\n`).join('') +
      `  }\n}\n`,
  );
}

/** The analyzer plugin: runs after every other plugin's packageLinkPhase. */
export function frameworkTypes({ outdir }) {
  return {
    name: 'confab-framework-types',
    packageLinkPhase({ customElementsManifest }) {
      writeFrameworkTypes(customElementsManifest, outdir);
    },
  };
}
