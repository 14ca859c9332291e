import { expect } from '@open-wc/testing';
import { LocalStorageAdapter } from '../src/adapters/local-storage.js';
import { MemoryAdapter } from '../src/adapters/memory.js';
import { configure, getDefaultAdapter, getDefaultLang, onConfigure, resolveAdapter } from '../src/config.js';

/** An element as a page writes it, attributes only. */
function element(attributes: Record<string, string>): HTMLElement {
  const el = document.createElement('div');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  return el;
}

/** Collects console.error calls while `run` runs. */
function consoleErrors(run: () => void): string[] {
  const original = console.error;
  const messages: string[] = [];
  console.error = (...args: unknown[]) => messages.push(args.join(' '));
  try {
    run();
  } finally {
    console.error = original;
  }
  return messages;
}

describe('configure and resolveAdapter', () => {
  afterEach(() => configure({ adapter: undefined, lang: undefined }));

  it('gives every element that names the same kind one shared adapter', () => {
    const first = resolveAdapter(element({ adapter: 'memory' }));
    const second = resolveAdapter(element({ adapter: 'MEMORY ' }));
    expect(first).to.be.instanceOf(MemoryAdapter);
    expect(second).to.equal(first);

    const local = resolveAdapter(element({ adapter: 'local', 'thread-id': 'a-42' }));
    expect(local).to.be.instanceOf(LocalStorageAdapter);
    expect(resolveAdapter(element({ adapter: 'local', 'thread-id': 'b-7' }))).to.equal(local);
    expect(local).not.to.equal(first);
  });

  it('falls back to the page default only when no adapter attribute is set', () => {
    const pageDefault = new MemoryAdapter();
    expect(resolveAdapter(element({}))).to.equal(undefined);

    configure({ adapter: pageDefault });
    expect(getDefaultAdapter()).to.equal(pageDefault);
    expect(resolveAdapter(element({ 'thread-id': 'a-42' }))).to.equal(pageDefault);
    expect(resolveAdapter(element({ adapter: 'local' }))).to.be.instanceOf(LocalStorageAdapter);
  });

  it('changes only the options it is given', () => {
    const pageDefault = new MemoryAdapter();
    configure({ adapter: pageDefault, lang: 'de' });
    configure({ lang: 'fr' });
    expect(getDefaultAdapter()).to.equal(pageDefault);
    expect(getDefaultLang()).to.equal('fr');

    configure({ adapter: undefined });
    expect(getDefaultAdapter()).to.equal(undefined);
    expect(getDefaultLang()).to.equal('fr');
  });

  it('reports an unknown adapter kind once and uses the page default', () => {
    const pageDefault = new MemoryAdapter();
    configure({ adapter: pageDefault });
    let resolved: unknown[] = [];
    const errors = consoleErrors(() => {
      resolved = [resolveAdapter(element({ adapter: 'firebase' })), resolveAdapter(element({ adapter: 'firebase' }))];
    });
    expect(resolved).to.deep.equal([pageDefault, pageDefault]);
    expect(errors).to.have.length(1);
    expect(errors[0]).to.contain('adapter="firebase"');
  });

  it('tells subscribers about every configure() until they unsubscribe', () => {
    let calls = 0;
    const unsubscribe = onConfigure(() => (calls += 1));
    configure({ lang: 'de' });
    configure({ adapter: new MemoryAdapter() });
    unsubscribe();
    configure({ lang: 'fr' });
    expect(calls).to.equal(2);
  });
});
