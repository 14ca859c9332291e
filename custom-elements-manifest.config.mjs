// custom-elements.json (`npm run analyze`, part of `npm run build`), from the doc comments of the
// element modules src/components/<tag>/<tag>.ts plus src/elements.ts, which binds tags to classes.
import { existsSync, readdirSync } from 'node:fs';

const elementModules = readdirSync('src/components', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(`src/components/${entry.name}/${entry.name}.ts`))
  .map((entry) => `src/components/${entry.name}/${entry.name}.ts`);

/**
 * Names events after their class. Elements fire typed events (`new ConfabPostEvent(comment)`); the
 * analyzer would name such an event after the constructor's argument ("comment"). The event class's
 * `super('confab-post', ...)` holds the real name; the entry it finds is merged with the `@fires`
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
      for (const element of customElements(customElementsManifest)) {
        if (!element.events) continue;
        const byName = new Map();
        for (const event of element.events) {
          const name = names.get(event.type?.text) ?? event.name;
          if (!name) continue;
          byName.set(name, { ...byName.get(name), ...event, name });
        }
        element.events = [...byName.values()];
      }
    },
  };
}

/**
 * Documents the zero-JS adapter attributes. Every element with an `adapter` property also reads
 * `adapter` and `endpoint` from its attributes (resolveAdapter in src/config.ts), which the
 * analyzer cannot see from the element's own code.
 */
function adapterAttributes() {
  const attributes = [
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
  return {
    name: 'confab-adapter-attributes',
    packageLinkPhase({ customElementsManifest }) {
      for (const element of customElements(customElementsManifest)) {
        if (!element.members?.some((member) => member.kind === 'field' && member.name === 'adapter')) continue;
        element.attributes ??= [];
        for (const attribute of attributes) {
          if (!element.attributes.some((existing) => existing.name === attribute.name)) element.attributes.push(attribute);
        }
      }
    },
  };
}

function* customElements(manifest) {
  for (const module of manifest.modules ?? []) {
    for (const declaration of module.declarations ?? []) {
      if (declaration.customElement) yield declaration;
    }
  }
}

export default {
  globs: [...elementModules, 'src/elements.ts'],
  outdir: '.',
  litelement: true,
  plugins: [eventNamesFromClasses(), adapterAttributes()],
};
