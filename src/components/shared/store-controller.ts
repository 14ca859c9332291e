import { isServer, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { CommentAdapter } from '../../model/adapter.js';
import { resolveAdapter } from '../../config.js';
import { getThreadStore, type ThreadStore } from '../../store/thread-store.js';
import { seedFromPage } from './embedded-data.js';
import { followPageDefaults } from './page-defaults-controller.js';

/** What an element needs to find its thread's store. */
export interface StoreHost extends ReactiveControllerHost, HTMLElement {
  /** set programmatically: wins over the `adapter` attribute and the page default */
  adapter?: CommentAdapter;
  /** set by a parent element that already holds the store (comment-item inside a thread) */
  store?: ThreadStore;
  threadId: string;
}

/**
 * Connects an element to the shared store of its (adapter, thread) and re-renders it when one of
 * the keys it watches changes. Watching only its own keys is what keeps a reaction on one comment
 * from re-rendering a thread of thousands.
 */
export class StoreController implements ReactiveController {
  store: ThreadStore | undefined;
  private readonly _host: StoreHost;
  private readonly _keys: () => readonly string[];
  private _watched: readonly string[] = [];
  private _unwatch: (() => void)[] = [];
  private _connected = false;
  /** the store the last `sync()` answered about: connecting resolves one before any update */
  private _reported: ThreadStore | undefined;

  constructor(host: StoreHost, keys: () => readonly string[]) {
    this._host = host;
    this._keys = keys;
    host.addController(this);
  }

  hostConnected(): void {
    this._connected = true;
    // a page default adapter set after the element connected must still reach it
    followPageDefaults(this._host, true);
    this._attach();
  }

  hostDisconnected(): void {
    this._connected = false;
    followPageDefaults(this._host, false);
    this._release();
  }

  /**
   * Re-resolves the store and the watched keys; call from `willUpdate`. Returns true when the
   * store is a different one than before (the element should load its data).
   */
  sync(): boolean {
    this._attach();
    const changed = this.store !== this._reported;
    this._reported = this.store;
    return changed;
  }

  private _attach(): void {
    // a server render never connects the element: it renders from the store it is given
    const store = this._connected || isServer ? this._resolve() : undefined;
    if (store && store !== this.store) seedFromPage(store);
    const keys = store ? this._keys() : [];
    if (store === this.store && sameKeys(keys, this._watched) && (this._unwatch.length > 0 || keys.length === 0)) return;
    this._release();
    this.store = store;
    this._watched = keys;
    // a server render is one pass: nothing to watch, and no live connection to open
    if (store && !isServer) this._unwatch = keys.map((key) => store.watch(key, () => this._host.requestUpdate()));
  }

  private _resolve(): ThreadStore | undefined {
    const host = this._host;
    if (host.store && (!host.threadId || host.store.threadId === host.threadId)) return host.store;
    if (!host.threadId) return undefined;
    const adapter = host.adapter ?? resolveAdapter(host);
    return adapter ? getThreadStore(adapter, host.threadId) : undefined;
  }

  private _release(): void {
    for (const stop of this._unwatch) stop();
    this._unwatch = [];
    this._watched = [];
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}
