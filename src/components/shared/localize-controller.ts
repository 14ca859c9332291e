import { LitElement, isServer, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { getDefaultLang } from '../../config.js';
import { onStringsChange, resolveLang, t, type StringKey, type StringParams } from '../../render/i18n.js';
import { followPageDefaults } from './page-defaults-controller.js';

type LocalizedHost = ReactiveControllerHost & HTMLElement;

/**
 * The language of one element, for every confab element: its own `lang`, the closest ancestor's
 * (across shadow roots), `configure({ lang })`, `<html lang>`, then English. It is read from the
 * page when the element connects and before each update in the browser, never while rendering:
 * under server rendering (no DOM) it is the element's own `lang` attribute or the page default.
 * The element re-renders when the page's defaults change (`configure()`, `<html lang>`) and when
 * strings arrive (`setStrings`, a locale file); `LocalizedElement` below also re-renders it when
 * its own `lang` changes.
 */
export class LocalizeController implements ReactiveController {
  private readonly _host: LocalizedHost;
  private _lang = 'en';
  /** strings without parameters, kept per language: every comment of a thread asks for the same few */
  private _terms = new Map<string, string>();
  private _stopStrings: (() => void) | undefined;

  constructor(host: LocalizedHost) {
    this._host = host;
    host.addController(this);
  }

  /** The element's language (a BCP 47 tag as written, e.g. `en`, `pt-BR`). */
  get lang(): string {
    if (isServer) return this._host.getAttribute('lang') || getDefaultLang() || 'en';
    return this._lang;
  }

  hostConnected(): void {
    followPageDefaults(this._host, true);
    this._stopStrings = onStringsChange(() => this._terms.clear());
    this._resolve();
  }

  hostDisconnected(): void {
    followPageDefaults(this._host, false);
    this._stopStrings?.();
  }

  hostUpdate(): void {
    this._resolve();
  }

  /** The text of `key` in the element's language. */
  t(key: StringKey, params?: StringParams): string {
    return t(key, params, this.lang);
  }

  /** The text of a key without parameters, remembered until the language or the strings change. */
  term(key: StringKey): string {
    let text = this._terms.get(key);
    if (text === undefined) this._terms.set(key, (text = t(key, {}, this.lang)));
    return text;
  }

  private _resolve(): void {
    const lang = resolveLang(this._host);
    if (lang === this._lang) return;
    this._lang = lang;
    this._terms.clear();
  }
}

/**
 * The base of every confab element: its language and texts (`localize`), and a change of its own
 * `lang` attribute (a native attribute, which Lit does not observe by itself) re-renders it with
 * the next update.
 */
export class LocalizedElement extends LitElement {
  /** The element's language and its texts in it. */
  protected readonly localize = new LocalizeController(this);

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang') this.requestUpdate();
  }
}
