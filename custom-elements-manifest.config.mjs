// custom-elements.json (`npm run analyze`, part of `npm run build`), from the doc comments of the
// element modules src/components/<tag>/<tag>.ts plus src/elements.ts, which binds tags to classes.
// The plugins below turn the analyzer's view of the TypeScript sources into a description of the
// shipped package (paths into dist/, attributes read outside the class, event types), then the
// framework type files are generated from it (scripts/framework-types.mjs).
// test/package/manifest.test.mjs checks the result against the built elements.
import { existsSync, readdirSync } from 'node:fs';
import { posix } from 'node:path';
import { frameworkTypes } from './scripts/framework-types.mjs';

const elementModules = readdirSync('src/components', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(`src/components/${entry.name}/${entry.name}.ts`))
  .map((entry) => `src/components/${entry.name}/${entry.name}.ts`);

/**
 * Elements each element renders inside its shadow root. Their events bubble and cross the shadow
 * boundary, so a listener on the outer element hears them too (`<comment-thread
 * onconfab-posted=…>`): the manifest lists them on the outer element as well, so that framework
 * types accept those listeners. The manifest test checks this table against the templates.
 */
export const renders = {
  'comment-thread': ['reply-form'],
  'comment-item': ['reply-form'],
};

/**
 * Templates an element renders from outside its own folder, with the prefix its parts get there:
 * the comments of a `<comment-thread>` and a `<comment-item>` are the templates of
 * src/components/comment/ (in a thread their parts carry `comment-`), with the reaction buttons of
 * src/components/reaction-counter/reaction-buttons.ts. The manifest test reads them with the
 * element's own folder.
 */
export const sharedTemplates = {
  'comment-thread': [
    { path: 'components/comment', partPrefix: 'comment-' },
    { path: 'components/reaction-counter/reaction-buttons.js', partPrefix: 'comment-' },
  ],
  'comment-item': [
    { path: 'components/comment', partPrefix: '' },
    { path: 'components/reaction-counter/reaction-buttons.js', partPrefix: '' },
  ],
};

/** Modules that define the event classes the elements fire (read for their event names). */
const eventModules = ['src/components/reaction-counter/reaction-buttons.ts'];
for (const entry of readdirSync('src/components', { withFileTypes: true, recursive: true })) {
  if (entry.isFile() && entry.name.endsWith('-events.ts')) eventModules.push(`${entry.parentPath ?? entry.path}/${entry.name}`);
}

/**
 * Names events after their class and gives every event its class as type. Elements fire typed
 * events (`new ConfabPostEvent(comment)`); the analyzer would name such an event after the
 * constructor's argument ("comment"), and misses the type where the event is created inside an
 * expression (`if (!this.dispatchEvent(new ConfabPostEvent(…)))`). The event class's
 * `super('confab-post', ...)` holds the real name; the entry found is merged with the `@fires`
 * entry of the same name, which has the description.
 */
function eventNamesFromClasses() {
  const names = new Map();
  return {
    name: 'confab-event-names',
    analyzePhase({ ts, node }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const constructor = node.members.find((member) => ts.isConstructorDeclaration(member));
      const visit = (child) => {
        if (
          ts.isCallExpression(child) &&
          child.expression.kind === ts.SyntaxKind.SuperKeyword &&
          child.arguments[0] &&
          ts.isStringLiteral(child.arguments[0])
        ) {
          names.set(node.name.text, child.arguments[0].text);
        }
        ts.forEachChild(child, visit);
      };
      if (constructor?.body) visit(constructor.body);
    },
    packageLinkPhase({ customElementsManifest }) {
      const classOf = new Map([...names].map(([className, eventName]) => [eventName, className]));
      for (const element of customElements(customElementsManifest)) {
        if (!element.events) continue;
        const byName = new Map();
        for (const event of element.events) {
          const name = names.get(event.type?.text) ?? event.name;
          if (!name) continue;
          byName.set(name, { ...byName.get(name), ...event, name });
        }
        for (const event of byName.values()) {
          const className = classOf.get(event.name);
          if (className) event.type = { text: className };
        }
        element.events = [...byName.values()];
      }
    },
  };
}

/**
 * Attributes every element reads outside its reactive properties:
 * - `adapter` and `endpoint`, the zero-JS choice of data source (resolveAdapter in src/config.ts),
 *   on every element with an `adapter` property;
 * - `lang`, read from the element or its closest ancestor when it renders (src/render/i18n.ts);
 * - `theme`, which pins the colour scheme through the shared tokens (src/styles/tokens.ts).
 */
function readAttributes() {
  const adapter = [
    {
      name: 'adapter',
      type: { text: "'memory' | 'local' | 'rest'" },
      description:
        'Zero-JS choice of the data source: `memory` (this page only), `local` (localStorage), `rest` (with `endpoint`). ' +
        'The `adapter` property wins over it; without either the page default from `configure()` is used. ' +
        'Elements naming the same kind and endpoint share one adapter and so one store.',
    },
    {
      name: 'endpoint',
      type: { text: 'string' },
      description: 'Base URL of the REST API for `adapter="rest"`, e.g. `https://comments.example.com/api`.',
    },
  ];
  const everywhere = [
    {
      name: 'lang',
      fieldName: 'lang',
      type: { text: 'string' },
      description:
        "Language of the element's texts (BCP 47, e.g. `ru`); without it the closest ancestor's `lang`, then " +
        '`configure({ lang })`, then `<html lang>`, then English.',
    },
    {
      name: 'theme',
      type: { text: "'light' | 'dark'" },
      description:
        'Pins the colour scheme of the element and the confab elements inside it; without it the reader\'s system ' +
        'preference (or `--confab-color-scheme`) decides.',
    },
  ];
  return {
    name: 'confab-read-attributes',
    packageLinkPhase({ customElementsManifest }) {
      for (const element of customElements(customElementsManifest)) {
        element.attributes ??= [];
        const hasAdapter = element.members?.some((member) => member.kind === 'field' && member.name === 'adapter');
        for (const attribute of [...(hasAdapter ? adapter : []), ...everywhere]) {
          const existing = element.attributes.find((candidate) => candidate.name === attribute.name);
          if (existing) Object.assign(existing, attribute);
          else element.attributes.push({ ...attribute });
        }
      }
    },
  };
}

/**
 * Lists on an outer element the events of the elements it renders (see `renders`), after the
 * outer element's own, each marked with where it comes from.
 */
function bubblingEvents() {
  return {
    name: 'confab-bubbling-events',
    packageLinkPhase({ customElementsManifest }) {
      const byTag = new Map([...customElements(customElementsManifest)].map((element) => [element.tagName, element]));
      const own = new Map([...byTag].map(([tag, element]) => [tag, element.events ?? []]));
      const reachable = (tag, seen = new Set()) => {
        if (seen.has(tag)) return [];
        seen.add(tag);
        return (renders[tag] ?? []).flatMap((inner) => [
          ...own.get(inner).map((event) => ({ event, from: inner })),
          ...reachable(inner, seen),
        ]);
      };
      for (const [tag, element] of byTag) {
        const events = [...(own.get(tag) ?? [])];
        for (const { event, from } of reachable(tag)) {
          if (events.some((existing) => existing.name === event.name)) continue;
          events.push({ ...event, description: `From an inner \`<${from}>\`: ${event.description ?? ''}`.trim() });
        }
        if (events.length > 0) element.events = events;
      }
    },
  };
}

/**
 * Describes the package as shipped: module paths into dist/lib (src/x.ts -> dist/lib/x.js), and
 * only the members a user may set or call (no private or protected ones, no statics).
 */
function shippedPackage() {
  const toDist = (path) => path.replace(/^\/?src\//, 'dist/lib/').replace(/\.ts$/, '.js');
  // `from` is the module a reference sits in: a re-export names its source relative to it
  // (`export { ConfabReplyEvent } from '../comment/comment-events.js'`).
  const rewrite = (value, from) => {
    if (Array.isArray(value)) return value.forEach((child) => rewrite(child, from));
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if ((key === 'path' || key === 'module') && typeof child === 'string' && /^\.\.?\//.test(child)) {
        value[key] = toDist(posix.join(posix.dirname(from), child).replace(/\.js$/, '.ts'));
      } else if ((key === 'path' || key === 'module') && typeof child === 'string' && /^\/?src\//.test(child)) value[key] = toDist(child);
      else rewrite(child, from);
    }
  };
  return {
    name: 'confab-shipped-package',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules ?? []) rewrite(module, module.path.replace(/^\//, ''));
      for (const module of customElementsManifest.modules ?? []) {
        for (const declaration of module.declarations ?? []) {
          if (!declaration.members) continue;
          declaration.members = declaration.members.filter(
            (member) =>
              !member.static &&
              member.privacy !== 'private' &&
              member.privacy !== 'protected' &&
              !member.name.startsWith('_') &&
              !member.name.startsWith('#'),
          );
        }
      }
    },
  };
}

export function* customElements(manifest) {
  for (const module of manifest.modules ?? []) {
    for (const declaration of module.declarations ?? []) {
      if (declaration.customElement) yield declaration;
    }
  }
}

export default {
  globs: [...elementModules, ...eventModules, 'src/elements.ts'],
  outdir: '.',
  litelement: true,
  plugins: [eventNamesFromClasses(), readAttributes(), bubblingEvents(), shippedPackage(), frameworkTypes({ outdir: 'dist/types' })],
};
