import type * as Contract from '../model/adapter.js';
import type { Comment } from '../model/comment.js';
import type { LocalStorageAdapter as LocalStorageAdapterImpl, LocalStorageAdapterOptions } from './local-storage.js';
import type { AdapterMethod, MemoryAdapter as MemoryAdapterImpl, MemoryAdapterOptions, RemotePost } from './memory.js';

type InBrowser = typeof import('./in-browser.js');
let loading: Promise<InBrowser> | undefined;
/** The in-browser adapters' code, one chunk for both (they share the thread logic). */
const loadInBrowser = (): Promise<InBrowser> => (loading ??= import('./in-browser.js'));

/**
 * An adapter whose code loads on first use. Every call of the adapter contract is asynchronous, so
 * it waits for the real adapter and hands the call on; `subscribe` answers at once and subscribes
 * once the code is there. `ready` gives the real adapter.
 */
abstract class DeferredAdapter<T extends Contract.CommentAdapter> implements Contract.CommentAdapter {
  /** The adapter itself, once its code has loaded. */
  readonly ready: Promise<T>;

  protected constructor(create: (module: InBrowser) => T) {
    this.ready = loadInBrowser().then(create);
  }

  list(request: Contract.ListRequest): Promise<Contract.ListPage> {
    return this.ready.then((adapter) => adapter.list(request));
  }

  post(request: Contract.PostRequest): Promise<Comment> {
    return this.ready.then((adapter) => adapter.post(request));
  }

  edit(request: Contract.EditRequest): Promise<Comment> {
    return this.ready.then((adapter) => adapter.edit!(request));
  }

  delete(request: Contract.DeleteRequest): Promise<Comment | null> {
    return this.ready.then((adapter) => adapter.delete!(request));
  }

  getReactions(request: Contract.ReactionTarget & { signal?: AbortSignal }): Promise<Contract.ReactionState> {
    return this.ready.then((adapter) => adapter.getReactions(request));
  }

  react(request: Contract.ReactRequest): Promise<Contract.ReactionState> {
    return this.ready.then((adapter) => adapter.react(request));
  }

  count(threadIds: string[], options?: { signal?: AbortSignal }): Promise<Record<string, number>> {
    return this.ready.then((adapter) => adapter.count(threadIds, options));
  }

  reportComment(request: Contract.ReportCommentRequest): Promise<void> {
    return this.ready.then((adapter) => adapter.reportComment!(request));
  }

  reportTypo(request: Contract.TypoReportRequest): Promise<Contract.TypoReportResult> {
    return this.ready.then((adapter) => adapter.reportTypo!(request));
  }

  locate(request: Contract.LocateRequest): Promise<Comment[]> {
    return this.ready.then((adapter) => adapter.locate!(request));
  }

  subscribe(threadId: string, listener: (event: Contract.AdapterEvent) => void): () => void {
    let stop: (() => void) | undefined;
    let stopped = false;
    void this.ready.then((adapter) => {
      if (!stopped) stop = adapter.subscribe!(threadId, listener);
    });
    return () => {
      stopped = true;
      stop?.();
    };
  }
}

/**
 * `MemoryAdapter` as the script-tag bundles and `adapter="memory"` give it: the same options and
 * contract, with its code loaded when it is first created (`dist/chunks/`), so a page that talks
 * to a server never loads it. Its test helpers are asynchronous here; `ready` gives the adapter.
 */
export class MemoryAdapter extends DeferredAdapter<MemoryAdapterImpl> {
  constructor(options: MemoryAdapterOptions = {}) {
    super((module) => new module.MemoryAdapter(options));
  }

  /** See `MemoryAdapter.simulateRemotePost`; resolves with the comment as its author sees it. */
  simulateRemotePost(post: RemotePost): Promise<Comment> {
    return this.ready.then((adapter) => adapter.simulateRemotePost(post));
  }

  /** See `MemoryAdapter.failNext`. */
  failNext(method: AdapterMethod, error?: Parameters<MemoryAdapterImpl['failNext']>[1]): void {
    void this.ready.then((adapter) => adapter.failNext(method, error));
  }
}

/**
 * `LocalStorageAdapter` as the script-tag bundles and `adapter="local"` give it: see
 * `MemoryAdapter` above. `seed` is applied as soon as the code has loaded, before any other call.
 */
export class LocalStorageAdapter extends DeferredAdapter<LocalStorageAdapterImpl> {
  constructor(options: LocalStorageAdapterOptions = {}) {
    super((module) => new module.LocalStorageAdapter(options));
  }

  /** See `LocalStorageAdapter.seed`. */
  seed(comments: Comment[], options?: { overwrite?: boolean }): void {
    void this.ready.then((adapter) => adapter.seed(comments, options));
  }
}
