import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { onConfigure } from '../../config.js';
import { onStringsChange } from '../../render/i18n.js';

/**
 * Re-renders its element when the page changes its defaults: `configure({ adapter })` called after
 * the elements are on the page (the usual order with a script-tag bundle), a new page language, or
 * new strings. The element's next update re-resolves its store and texts.
 */
class PageDefaultsController implements ReactiveController {
  private readonly _host: ReactiveControllerHost;
  private _stops: (() => void)[] = [];

  constructor(host: ReactiveControllerHost) {
    this._host = host;
    host.addController(this);
  }

  hostConnected(): void {
    const update = (): void => this._host.requestUpdate();
    this._stops = [onConfigure(update), onStringsChange(update)];
  }

  hostDisconnected(): void {
    for (const stop of this._stops) stop();
    this._stops = [];
  }
}

/** Makes `host` re-render whenever the page's defaults change (see `PageDefaultsController`). */
export function observePageDefaults(host: ReactiveControllerHost): void {
  new PageDefaultsController(host);
}
