import { setPageDefaults } from './config.js';
import type { CommentAdapter } from './model/adapter.js';
import { setStrings, type StringOverrides } from './render/i18n.js';

/** What a page can set once for every confab element on it. */
export interface ConfabOptions {
  /** Adapter of every element that has neither an `adapter` property nor an `adapter` attribute. */
  adapter?: CommentAdapter;
  /** Language of every element without a `lang` of its own or of an ancestor (BCP 47, e.g. `de`). */
  lang?: string;
  /**
   * Texts by language: new languages, or rewordings of built-in ones, e.g.
   * `{ en: { 'form.submit': 'Send' }, de: { ... } }`. Merged with what each language already has.
   */
  strings?: Record<string, StringOverrides>;
}

/**
 * Sets page-wide defaults: `Confab.configure({ adapter: new RestAdapter({ endpoint }) })`. Only
 * the options given change; `adapter: undefined` drops the default adapter. Strings come first, so
 * that elements re-rendering for the new language find its texts.
 */
export function configure(options: ConfabOptions): void {
  for (const [lang, strings] of Object.entries(options.strings ?? {})) setStrings(lang, strings);
  const defaults: { adapter?: CommentAdapter; lang?: string } = {};
  if ('adapter' in options) defaults.adapter = options.adapter;
  if ('lang' in options) defaults.lang = options.lang;
  if (Object.keys(defaults).length > 0) setPageDefaults(defaults);
}
