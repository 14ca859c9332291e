// custom-elements.json against the built package: every module path exists, and each element's
// attributes, properties, events, parts, slots and CSS custom properties are the ones the built
// element really has. Runs in Node on dist/ (Lit's Node build shims the DOM enough to load the
// element classes), after `npm run build`.
/* global customElements -- installed by Lit's Node build, which loads with the elements */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseAst } from 'rollup/parseAst';
import { renders, sharedTemplates } from '../../custom-elements-manifest.config.mjs';

const root = new URL('../../', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
const library = await import('confab-comments');
const tags = await import('confab-comments/tags');
await import('confab-comments/define');

const elements = new Map();
for (const module of manifest.modules) {
  for (const declaration of module.declarations ?? []) {
    if (declaration.customElement) elements.set(declaration.tagName, { declaration, module });
  }
}

/**
 * What an element renders: the text of the tagged templates (`html`, `svg`, the comments' `piece`
 * and `host.html`) of its own folder (dist/lib/components/<tag>/) and of the shared templates it
 * renders (`sharedTemplates`), with `${…}` where a value is interpolated; the parts set in each,
 * prefixed as the element prefixes them; and the rest of its code.
 */
function folderCode(tag) {
  const sources = [{ path: join(root, 'dist/lib/components', tag), partPrefix: '', own: true }];
  for (const shared of sharedTemplates[tag] ?? []) sources.push({ ...shared, path: join(root, 'dist/lib', shared.path), own: false });
  let templates = '';
  let code = '';
  /** part name -> whether the element's own folder sets it */
  const parts = new Map();
  for (const { path, partPrefix, own } of sources) {
    const files = path.endsWith('.js') ? [path] : readdirSync(path, { recursive: true }).map((file) => join(path, String(file)));
    for (const file of files) {
      if (!file.endsWith('.js')) continue;
      const source = readFileSync(file, 'utf8');
      code += source;
      const visit = (node) => {
        if (!node || typeof node.type !== 'string') return;
        if (node.type === 'TaggedTemplateExpression' && isTemplateTag(node.tag)) {
          const text = node.quasi.quasis.map((quasi) => quasi.value.raw).join('${}') + '\n';
          templates += text;
          for (const match of text.matchAll(/\bpart="([^"]*)"/g)) {
            for (const name of tokens(match[1])) parts.set(partPrefix + name, own || parts.get(partPrefix + name) === true);
          }
        }
        for (const value of Object.values(node)) {
          if (Array.isArray(value)) value.forEach(visit);
          else if (value && typeof value === 'object') visit(value);
        }
      };
      visit(parseAst(source));
    }
  }
  return { templates, code, parts };
}

/** `html`, `svg`, `litHtml`, `piece`, or `….html` (a host's part-prefixing tag). */
function isTemplateTag(tag) {
  if (tag.type === 'Identifier') return ['html', 'svg', 'litHtml', 'piece'].includes(tag.name);
  return tag.type === 'MemberExpression' && tag.property.type === 'Identifier' && tag.property.name === 'html';
}

/**
 * Stylesheets in the element's folder that it adopts later than its own `styles` (the typo
 * dialog's, when the dialog first opens): every CSSResult exported by a `*.styles.js` module there.
 */
async function lazyStyles(tag) {
  const folder = join(root, 'dist/lib/components', tag);
  const sheets = [];
  for (const file of readdirSync(folder)) {
    if (!file.endsWith('.styles.js')) continue;
    const module = await import(join(folder, file));
    sheets.push(...Object.values(module).filter((value) => value && typeof value.cssText === 'string'));
  }
  return sheets;
}

/** Every exported event class, by the event name it fires under. */
const eventClasses = new Map();
for (const [name, value] of Object.entries(library)) {
  if (typeof value !== 'function' || !/^Confab\w+Event$/.test(name)) continue;
  const event = new value({}, {});
  eventClasses.set(event.type, { name, event });
}

/** Names in a whitespace-separated attribute value, without interpolated ones. */
const tokens = (value) => value.split(/\s+/).filter((token) => token && !token.includes('${'));

const laterStyles = new Map();
for (const tag of elements.keys()) laterStyles.set(tag, await lazyStyles(tag));

describe('custom-elements.json', () => {
  test('lists every element define() registers, under the tags confab-comments/tags knows', () => {
    assert.deepEqual([...elements.keys()].sort(), [...tags.confabTagNames].sort());
    for (const tag of tags.confabTagNames) {
      assert.ok(customElements.get(tag), `<${tag}> is registered`);
      assert.equal(tags.isConfabElement(tag), true);
    }
    assert.equal(tags.isConfabElement('comment-threads'), false);
    assert.equal(tags.isConfabElement('div'), false);
  });

  test('module paths point at shipped files in dist/, never at src/', () => {
    const paths = JSON.stringify(manifest).match(/"(path|module)":"[^"]*"/g) ?? [];
    assert.ok(paths.length > 0);
    for (const entry of paths) {
      const path = entry.split('":"')[1].slice(0, -1).replace(/^\//, '');
      assert.match(path, /^dist\/lib\/.+\.js$/, entry);
      assert.ok(existsSync(join(root, path)), `${path} exists`);
    }
    const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    assert.equal(packageJson.customElements, 'custom-elements.json');
    assert.ok(packageJson.files.includes('custom-elements.json'));
  });

  for (const [tag, { declaration }] of elements) {
    describe(`<${tag}>`, () => {
      const element = customElements.get(tag);
      const attributes = new Set((declaration.attributes ?? []).map((attribute) => attribute.name));
      const fields = new Map((declaration.members ?? []).filter((member) => member.kind === 'field').map((member) => [member.name, member]));
      const styles = [element.styles, ...laterStyles.get(tag)].flat(Infinity).map((style) => style.cssText).join('\n');
      const { templates, code, parts } = folderCode(tag);

      test('is the class exported from the package root', () => {
        assert.equal(library[declaration.name], element);
      });

      test('attributes: the observed ones, plus lang, theme and, with an adapter property, adapter and endpoint', () => {
        const expected = new Set([...element.observedAttributes, 'lang']);
        // theme works through the shared tokens' :host([theme=…]) rules.
        if (styles.includes(":host([theme='dark'])")) expected.add('theme');
        if (element.elementProperties.has('adapter')) {
          expected.add('adapter');
          expected.add('endpoint');
        }
        assert.deepEqual([...attributes].sort(), [...expected].sort());
        for (const attribute of declaration.attributes) {
          assert.ok(attribute.type?.text, `${attribute.name} has a type`);
          assert.ok(attribute.description, `${attribute.name} has a description`);
        }
      });

      test('properties: every public reactive property, each with its attribute', () => {
        const publicProperties = [...element.elementProperties].filter(([name, options]) => !options.state && !String(name).startsWith('_'));
        for (const [name, options] of publicProperties) {
          const field = fields.get(name);
          assert.ok(field, `property ${name} is in the manifest`);
          const attribute = options.attribute === false ? undefined : typeof options.attribute === 'string' ? options.attribute : name.toLowerCase();
          assert.equal(field.attribute, attribute, `${name}'s attribute`);
          assert.ok(field.type?.text, `${name} has a type`);
        }
        for (const name of fields.keys()) assert.ok(name in element.prototype, `${name} exists on the element`);
      });

      test('events: the ones it dispatches and those of the elements it renders, each typed by its class', () => {
        const own = new Set([...code.matchAll(/new (Confab\w+Event)\(/g)].map((match) => match[1]));
        const listed = new Map((declaration.events ?? []).map((event) => [event.name, event]));
        for (const className of own) {
          const entry = [...eventClasses.values()].find((candidate) => candidate.name === className);
          assert.ok(entry, `${className} is exported from the package root`);
          assert.ok(listed.has(entry.event.type), `${entry.event.type} (dispatched here) is listed`);
        }
        const inner = renders[tag] ?? [];
        for (const innerTag of inner) assert.ok(templates.includes(`<${innerTag}`), `<${tag}> renders <${innerTag}>`);
        for (const other of elements.keys()) {
          if (!inner.includes(other)) assert.ok(!templates.includes(`<${other}`), `<${tag}> renders <${other}>: add it to renders`);
        }
        const reachable = new Set([...own].map((className) => [...eventClasses.values()].find((entry) => entry.name === className).event.type));
        const visit = (outer, seen = new Set()) => {
          for (const innerTag of renders[outer] ?? []) {
            if (seen.has(innerTag)) continue;
            seen.add(innerTag);
            for (const event of elements.get(innerTag).declaration.events ?? []) reachable.add(event.name);
            visit(innerTag, seen);
          }
        };
        visit(tag);
        assert.deepEqual([...listed.keys()].sort(), [...reachable].sort());
        for (const [name, event] of listed) {
          const entry = eventClasses.get(name);
          assert.ok(entry, `${name} has an exported event class`);
          assert.equal(event.type?.text, entry.name, `${name} is typed ${entry.name}`);
          assert.ok(entry.event.bubbles && entry.event.composed, `${name} bubbles out of shadow roots`);
          assert.ok(event.description, `${name} has a description`);
        }
      });

      test('parts: every part its templates set is documented, and no other', () => {
        const documented = new Set((declaration.cssParts ?? []).map((part) => part.name));
        assert.deepEqual([...documented].filter((part) => !parts.has(part)), [], 'documented but never rendered');
        // Prefixed parts of shared templates are documented on the element that renders them
        // unprefixed (`<comment-item>`); the thread documents the main ones with their prefix.
        const mustDocument = [...parts].filter(([name, own]) => own || !(sharedTemplates[tag] ?? []).some((shared) => shared.partPrefix && name.startsWith(shared.partPrefix)));
        assert.deepEqual(mustDocument.map(([name]) => name).filter((part) => !documented.has(part)), [], 'rendered but not documented');
      });

      test('slots: the ones its templates have', () => {
        const inTemplates = [...templates.matchAll(/<slot(?:\s+name="([^"]*)")?/g)].map((match) => match[1] ?? '');
        assert.deepEqual((declaration.slots ?? []).map((slot) => slot.name).sort(), [...new Set(inTemplates)].sort());
      });

      test('CSS custom properties: each documented one is read by its styles', () => {
        const documented = (declaration.cssProperties ?? []).map((property) => property.name);
        for (const name of documented) {
          assert.match(name, /^--confab-/);
          assert.ok(styles.includes(`var(${name}`), `${name} is read by <${tag}>'s styles`);
        }
      });
    });
  }
});
