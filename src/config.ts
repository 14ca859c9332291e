import { LocalStorageAdapter, MemoryAdapter } from './adapters/deferred.js';
import { RestAdapter } from './adapters/rest.js';
import type { CommentAdapter } from './model/adapter.js';

// The page-wide defaults and the adapters named by attributes. `configure()` (src/configure.ts)
// sets the defaults; this module stays free of the render layer so that the render layer can read
// the default language from here without an import cycle.

/** The page-wide defaults that elements read. */
export interface PageDefaults {
  /** Adapter of every element that has neither an `adapter` property nor an `adapter` attribute. */
  adapter?: CommentAdapter;
  /** Language of every element without a `lang` of its own or of an ancestor (BCP 47, e.g. `de`). */
  lang?: string;
}

/** The zero-JS adapter kinds of the `adapter` attribute. */
export type AdapterKind = 'memory' | 'local' | 'rest';

let defaultAdapter: CommentAdapter | undefined;
let defaultLang: string | undefined;
const listeners = new Set<() => void>();

/**
 * Changes the defaults given (an option present with `undefined` clears it) and tells the
 * `onConfigure` listeners. Pages call `configure()`, which also takes strings.
 */
export function setPageDefaults(defaults: PageDefaults): void {
  if ('adapter' in defaults) defaultAdapter = defaults.adapter;
  if ('lang' in defaults) defaultLang = defaults.lang?.trim() || undefined;
  for (const listener of listeners) listener();
}

/** The adapter set with `configure({ adapter })`, if any. */
export function getDefaultAdapter(): CommentAdapter | undefined {
  return defaultAdapter;
}

/** The language set with `configure({ lang })`, if any. */
export function getDefaultLang(): string | undefined {
  return defaultLang;
}

/**
 * Calls `listener` after every change of the defaults or of the page's `<html lang>`, so that
 * elements already on the page can update; returns the function that unsubscribes.
 */
export function onConfigure(listener: () => void): () => void {
  listeners.add(listener);
  // A page that switches language by changing `<html lang>` re-renders every element as well.
  if (!langObserver && typeof MutationObserver === 'function' && typeof document === 'object') {
    langObserver = new MutationObserver(() => {
      for (const each of listeners) each();
    });
    langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  }
  return () => listeners.delete(listener);
}

let langObserver: MutationObserver | undefined;

// One instance per (kind, endpoint): two elements naming the same backend must share one adapter,
// because the thread store is keyed by adapter and sharing it is what keeps them in sync.
const attributeAdapters = new Map<string, CommentAdapter>();
const reported = new Set<string>();

/**
 * The adapter an element gets from its attributes: `adapter="memory" | "local" | "rest"` (with
 * `endpoint` for rest), else the page default from `configure()`, else undefined. An element's
 * `adapter` property wins over both; that choice is the element's (`el.adapter ?? resolveAdapter(el)`).
 */
export function resolveAdapter(element: Element): CommentAdapter | undefined {
  const kind = element.getAttribute('adapter')?.trim().toLowerCase();
  if (!kind) return defaultAdapter;
  // Only rest talks to an endpoint; memory and local are one store per page whatever it says.
  const endpoint = kind === 'rest' ? absoluteEndpoint(element.getAttribute('endpoint')) : undefined;
  const key = `${kind} ${endpoint ?? ''}`;
  let adapter = attributeAdapters.get(key);
  if (!adapter) {
    adapter = createAdapter(kind, endpoint);
    if (adapter) attributeAdapters.set(key, adapter);
  }
  return adapter ?? defaultAdapter;
}

function createAdapter(kind: string, endpoint: string | undefined): CommentAdapter | undefined {
  // the in-browser adapters load their code on first use (adapters/deferred.ts): a page that talks
  // to a server never loads them
  switch (kind) {
    case 'memory':
      return new MemoryAdapter();
    case 'local':
      return new LocalStorageAdapter();
    case 'rest':
      if (endpoint) return new RestAdapter({ endpoint });
      reportOnce('rest', 'confab: adapter="rest" needs an endpoint attribute, e.g. endpoint="/api".');
      return undefined;
    default:
      reportOnce(`unknown ${kind}`, `confab: unknown adapter="${kind}"; use "memory", "local" or "rest" (with endpoint).`);
      return undefined;
  }
}

/** `endpoint` made absolute against the page, so that "/api" and "https://site/api" share one adapter. */
function absoluteEndpoint(endpoint: string | null): string | undefined {
  const value = endpoint?.trim();
  if (!value) return undefined;
  try {
    return new URL(value, document.baseURI).href.replace(/\/+$/, '');
  } catch {
    return value;
  }
}

// An attribute problem repeats on every update of every element that has it; once is enough.
function reportOnce(key: string, message: string): void {
  if (reported.has(key)) return;
  reported.add(key);
  console.error(message);
}
