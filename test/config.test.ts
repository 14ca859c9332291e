import { expect } from '@open-wc/testing';
import { LocalStorageAdapter, MemoryAdapter } from '../src/adapters/deferred.js';
import { LocalStorageAdapter as LoadedLocalStorageAdapter } from '../src/adapters/local-storage.js';
import { MemoryAdapter as LoadedMemoryAdapter } from '../src/adapters/memory.js';
import { RestAdapter } from '../src/adapters/rest.js';
import { getDefaultAdapter, getDefaultLang, onConfigure, resolveAdapter } from '../src/config.js';
import { configure } from '../src/configure.js';
import { t } from '../src/render/i18n.js';

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

  it('gives every element that names the same kind one shared adapter', async () => {
    const first = resolveAdapter(element({ adapter: 'memory' }));
    const second = resolveAdapter(element({ adapter: 'MEMORY ' }));
    expect(first).to.be.instanceOf(MemoryAdapter);
    expect(second).to.equal(first);
    // its code loads on first use, and then it is the in-browser adapter itself
    expect(await (first as MemoryAdapter).ready).to.be.instanceOf(LoadedMemoryAdapter);

    const local = resolveAdapter(element({ adapter: 'local', 'thread-id': 'a-42' }));
    expect(local).to.be.instanceOf(LocalStorageAdapter);
    expect(await (local as LocalStorageAdapter).ready).to.be.instanceOf(LoadedLocalStorageAdapter);
    expect(resolveAdapter(element({ adapter: 'local', 'thread-id': 'b-7' }))).to.equal(local);
    expect(local).not.to.equal(first);
  });

  it('shares one rest adapter per endpoint, however the endpoint is written', () => {
    const here = new URL('/api', location.href).href;
    const first = resolveAdapter(element({ adapter: 'rest', endpoint: '/api' }));
    expect(first).to.be.instanceOf(RestAdapter);
    expect(resolveAdapter(element({ adapter: 'rest', endpoint: here + '/' }))).to.equal(first);
    const other = resolveAdapter(element({ adapter: 'rest', endpoint: 'https://comments.example.com/api' }));
    expect(other).to.be.instanceOf(RestAdapter);
    expect(other).not.to.equal(first);
  });

  it('reports a rest adapter without endpoint once and uses the page default', () => {
    const pageDefault = new MemoryAdapter();
    configure({ adapter: pageDefault });
    let resolved: unknown[] = [];
    const errors = consoleErrors(() => {
      resolved = [resolveAdapter(element({ adapter: 'rest' })), resolveAdapter(element({ adapter: 'rest', endpoint: ' ' }))];
    });
    expect(resolved).to.deep.equal([pageDefault, pageDefault]);
    expect(errors).to.have.length(1);
    expect(errors[0]).to.contain('endpoint');
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

  it('adds strings by language before switching the page language', () => {
    let seen = '';
    const unsubscribe = onConfigure(() => (seen = t('form.submit')));
    configure({ lang: 'xx', strings: { xx: { 'form.submit': 'Xx-post' }, en: { 'form.posting': 'Sending' } } });
    unsubscribe();
    expect(seen).to.equal('Xx-post');
    expect(t('form.posting', {}, 'en')).to.equal('Sending');
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
