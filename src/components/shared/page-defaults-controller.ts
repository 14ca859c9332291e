import type { ReactiveControllerHost } from 'lit';
import { onConfigure } from '../../config.js';
import { onStringsChange } from '../../render/i18n.js';
import { followPage } from '../../styles/page-context.js';

// Elements re-render when the page changes its defaults: `configure({ adapter })` called after the
// elements are on the page (the usual order with a script-tag bundle), a new page language, or new
// strings; their next update re-resolves their store and texts. One subscription serves them all,
// so a thread of thousands of comments holds no listener per comment. The same hook takes the
// page's colour scheme and text colour for the elements the page placed (styles/page-context.ts).

const hosts = new Set<ReactiveControllerHost>();
let stops: (() => void)[] = [];

function updateAll(): void {
  for (const host of hosts) host.requestUpdate();
}

/** Starts (`true`, on connect) or stops (`false`, on disconnect) following the page's defaults. */
export function followPageDefaults(host: ReactiveControllerHost, follow: boolean): void {
  if (follow) {
    if (hosts.size === 0) stops = [onConfigure(updateAll), onStringsChange(updateAll)];
    hosts.add(host);
  } else if (hosts.delete(host) && hosts.size === 0) {
    for (const stop of stops) stop();
    stops = [];
  }
  if (typeof HTMLElement !== 'undefined' && host instanceof HTMLElement) followPage(host, follow, isConfabElement);
}

function isConfabElement(element: Element): boolean {
  return hosts.has(element as unknown as ReactiveControllerHost);
}
