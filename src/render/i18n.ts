/**
 * UI strings: one table per language, English built in (strings/en.ts), every key falling back to
 * English. A site overrides any string, or adds a language, with `setStrings`. Strings are plain
 * text with `{name}` parameters and plural forms; nothing here produces markup.
 */
import { getDefaultLang } from '../config.js';
import { en, type StringKey } from './strings/en.js';

export type { StringKey } from './strings/en.js';

/** Plural forms of one string, by `Intl.PluralRules` category; `other` is required. */
export interface PluralForms {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

/** One entry of a string table: plain text, or plural forms selected by the `count` parameter. */
export type StringValue = string | PluralForms;

/** A language's strings. Built-in tables hold every key; overrides and new languages may hold some. */
export type StringTable = Record<string, StringValue>;

/** What `setStrings` accepts: known keys are checked, other keys (e.g. `reaction.heart`) allowed. */
export type StringOverrides = { [K in StringKey]?: StringValue } & Record<string, StringValue | undefined>;

/** Values for `{name}` placeholders. Numbers are formatted for the language. */
export type StringParams = Record<string, unknown>;

const FALLBACK_LANG = 'en';

const tables = new Map<string, Map<string, StringValue>>([[FALLBACK_LANG, new Map(Object.entries(en))]]);
const listeners = new Set<() => void>();

/** `pt_BR`, `PT-br` -> `pt-br`: table lookups ignore case and separator. */
function normalizeLang(lang: string): string {
  return lang.trim().replace(/_/g, '-').toLowerCase();
}

const chains = new Map<string, readonly string[]>();

/**
 * `pt-br` -> [`pt-br`, `pt`, `en`]: the tables to look in, most specific first. Kept per `lang` as
 * written: every string of every comment asks, and a page has a language or two.
 */
function fallbackChain(lang: string): readonly string[] {
  let chain = chains.get(lang);
  if (!chain) {
    if (chains.size > 100) chains.clear();
    chains.set(lang, (chain = buildChain(lang)));
  }
  return chain;
}

function buildChain(lang: string): string[] {
  const chain: string[] = [];
  let tag = normalizeLang(lang);
  while (tag) {
    chain.push(tag);
    const dash = tag.lastIndexOf('-');
    tag = dash > 0 ? tag.slice(0, dash) : '';
  }
  if (!chain.includes(FALLBACK_LANG)) chain.push(FALLBACK_LANG);
  return chain;
}

function isStringValue(value: unknown): value is StringValue {
  if (typeof value === 'string') return true;
  return typeof value === 'object' && value !== null && typeof (value as PluralForms).other === 'string';
}

/**
 * Adds or overrides strings of one language (`'en'` to reword the English defaults, `'ru'` to add
 * Russian). Merges with what the language already has; entries that are neither a string nor plural
 * forms with `other` are ignored. Listeners of `onStringsChange` are called.
 */
export function setStrings(lang: string, strings: StringOverrides): void {
  const key = normalizeLang(lang);
  if (!key) return;
  let table = tables.get(key);
  if (!table) {
    table = new Map();
    tables.set(key, table);
  }
  for (const [name, value] of Object.entries(strings)) {
    if (isStringValue(value)) table.set(name, typeof value === 'string' ? value : { ...value });
  }
  for (const listener of listeners) {
    try {
      listener();
    } catch (error) {
      console.error(error);
    }
  }
}

/** Calls `listener` after every `setStrings`, so rendered text can refresh; returns the unsubscribe function. */
export function onStringsChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The language of `element`: its own `lang` or the closest ancestor's (crossing shadow roots), then
 * the page default set with `configure({ lang })`, then `<html lang>`, then English.
 * An empty `lang=""` (language unknown) is skipped.
 */
export function resolveLang(element?: Element | null): string {
  const root = typeof document === 'undefined' ? null : document.documentElement;
  let node: Element | null | undefined = element;
  while (node) {
    const found = node.closest('[lang]:not([lang=""])');
    if (found && found !== root) return found.getAttribute('lang') ?? FALLBACK_LANG;
    const scope = node.getRootNode();
    node = scope instanceof ShadowRoot ? scope.host : null;
  }
  return getDefaultLang() || root?.lang || FALLBACK_LANG;
}

/** The value of `key` and the language whose table holds it. */
function find(key: string, lang: string): { value: StringValue; lang: string } | undefined {
  for (const tag of fallbackChain(lang)) {
    const value = tables.get(tag)?.get(key);
    if (value !== undefined) return { value, lang: tag };
  }
  return undefined;
}

/** Whether some table has `key`: lets a component look up a key it built (`reaction.${name}`). */
export function hasString(key: string, lang?: string): key is StringKey {
  return find(key, lang ?? resolveLang()) !== undefined;
}

const pluralRules = new Map<string, Intl.PluralRules>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/**
 * Whether `lang` is plain English (`en`, `en-US`), which confab formats itself: the first `Intl`
 * formatter a page builds loads the browser's locale data, 15 to 30 ms of main thread before the
 * first comment can paint (docs/decisions/english-without-intl.md). The output is the same as
 * `Intl`'s for these tags; other languages, and English of other regions, go through `Intl`.
 */
export function isPlainEnglish(lang: string | undefined): boolean {
  return lang === 'en' || (lang !== undefined && /^en(?:[-_]us)?$/i.test(lang));
}

/** `value` as `Intl.NumberFormat(lang)` writes it ("1,234" in English). */
export function formatNumber(value: number, lang: string): string {
  if (isPlainEnglish(lang) && Number.isSafeInteger(value) && !Object.is(value, -0)) {
    return value < 1000 && value > -1000 ? String(value) : String(value).replace(/\B(?=(\d{3})+$)/g, ',');
  }
  return cached(numberFormats, lang, (tag) => new Intl.NumberFormat(tag)).format(value);
}

// Constructors throw on a malformed language tag; one bad `lang` attribute must not break rendering.
function cached<T>(cache: Map<string, T>, lang: string, create: (lang: string) => T): T {
  let value = cache.get(lang);
  if (!value) {
    try {
      value = create(lang);
    } catch {
      value = create(FALLBACK_LANG);
    }
    cache.set(lang, value);
  }
  return value;
}

function selectForm(forms: PluralForms, count: unknown, lang: string): string {
  const number = typeof count === 'number' ? count : typeof count === 'string' && count.trim() ? Number(count) : NaN;
  if (!Number.isFinite(number)) return forms.other;
  if (number === 0 && forms.zero !== undefined) return forms.zero;
  // English: "one" for exactly 1, as Intl.PluralRules says, without loading it (see isPlainEnglish)
  const category = isPlainEnglish(lang) ? (number === 1 ? 'one' : 'other') : cached(pluralRules, lang, (tag) => new Intl.PluralRules(tag)).select(number);
  return forms[category] ?? forms.other;
}

function formatParam(value: unknown, lang: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value, lang);
  if (value === null || value === undefined) return '';
  try {
    return String(value);
  } catch {
    return '';
  }
}

/**
 * The text of `key` in `lang` (default: the page language, see `resolveLang`), with `{name}`
 * placeholders filled from `params` in one pass (a parameter's value is never itself expanded).
 * Plural forms are selected by `params.count`. A placeholder without a parameter stays as written.
 */
export function t(key: StringKey, params: StringParams = {}, lang?: string): string {
  const found = find(key, lang || resolveLang());
  if (!found) return key;
  const template = typeof found.value === 'string' ? found.value : selectForm(found.value, params.count, found.lang);
  if (!template.includes('{')) return template;
  const pieces = compile(template);
  let text = pieces[0];
  for (let i = 1; i < pieces.length; i += 2) {
    const name = pieces[i];
    text += (Object.hasOwn(params, name) ? formatParam(params[name], found.lang) : `{${name}}`) + pieces[i + 1];
  }
  return text;
}

const compiled = new Map<string, readonly string[]>();

/**
 * A string with placeholders as its pieces, text and names in turn ("Like: {count}" -> ["Like: ",
 * "count", ""]), split once: every comment of a thread fills the same few strings.
 */
function compile(template: string): readonly string[] {
  let pieces = compiled.get(template);
  if (!pieces) {
    if (compiled.size > 500) compiled.clear();
    compiled.set(template, (pieces = template.split(/\{(\w+)\}/)));
  }
  return pieces;
}

/** Labels of the fields an adapter may name in a `validation` error. */
const FIELD_LABELS: Record<string, StringKey> = {
  body: 'form.body',
  name: 'form.name',
  'author.name': 'form.name',
  email: 'form.email',
  'author.email': 'form.email',
  url: 'form.url',
  'author.url': 'form.url',
};

const CODE_KEYS: Record<string, StringKey> = {
  network: 'error.network',
  timeout: 'error.timeout',
  aborted: 'error.aborted',
  validation: 'error.validation',
  unauthorized: 'error.unauthorized',
  forbidden: 'error.forbidden',
  not_found: 'error.not_found',
  conflict: 'error.conflict',
  too_large: 'error.too_large',
  rate_limited: 'error.rate_limited',
  unsupported: 'error.unsupported',
  server: 'error.server',
};

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  field?: unknown;
  retryAfter?: unknown;
}

/** The fields `errorMessage` reads; a hostile object whose getters throw reads as an unknown failure. */
function errorShape(error: unknown): ErrorShape {
  if (typeof error !== 'object' || error === null) return {};
  try {
    const { name, code, field, retryAfter } = error as ErrorShape;
    return { name, code, field, retryAfter };
  } catch {
    return {};
  }
}

/**
 * A sentence for the reader about a failure, from the string table. An `AdapterError` (recognized
 * by shape, so one from another copy of confab counts) gives the sentence of its code; anything
 * else the generic one. The error's own `message` is never shown: it comes from an adapter, is
 * untrusted and not in the reader's language.
 */
export function errorMessage(error: unknown, lang?: string): string {
  const language = lang || resolveLang();
  const { name, code, field, retryAfter } = errorShape(error);
  if (name === 'AdapterError' && typeof code === 'string' && Object.hasOwn(CODE_KEYS, code)) {
    if (code === 'validation' && typeof field === 'string' && Object.hasOwn(FIELD_LABELS, field)) {
      return t('error.validationField', { field: t(FIELD_LABELS[field], {}, language) }, language);
    }
    if (code === 'rate_limited') {
      const seconds = typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter > 0 ? Math.ceil(retryAfter) : 0;
      return seconds ? t('error.rate_limited', { seconds }, language) : t('error.rateLimitedMoment', {}, language);
    }
    return t(CODE_KEYS[code], {}, language);
  }
  if (name === 'AbortError') return t('error.aborted', {}, language);
  return t('error.generic', {}, language);
}
