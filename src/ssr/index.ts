/**
 * `confab-comments/ssr`: confab's elements rendered to HTML in Node (declarative shadow DOM through
 * `@lit-labs/ssr`), with the first page of a thread in it and the data the browser needs embedded
 * once, so the elements take it over without asking their adapter again. Node only: it needs the
 * optional peer dependencies `@lit-labs/ssr` and `jsdom` (the DOM the sanitizer cleans bodies in).
 */
import { render } from '@lit-labs/ssr';
import { collectResult } from '@lit-labs/ssr/lib/render-result.js';
import { RenderResultReadable } from '@lit-labs/ssr/lib/render-result-readable.js';
import { JSDOM } from 'jsdom';
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { define } from '../elements.js';
import type { CommentAdapter, ListPage, ReactionState } from '../model/adapter.js';
import { SORT_ORDERS, type SortOrder } from '../model/comment.js';
import { sanitizeMarkdown, useServerDom } from '../render/sanitize.js';
import { ISLAND_ATTRIBUTE } from '../components/shared/embedded-data.js';
import { ThreadStore, type ThreadSnapshot } from '../store/thread-store.js';

export type { ThreadSnapshot } from '../store/thread-store.js';
export { ISLAND_ATTRIBUTE };

/** What to render: one thread, from an adapter or from data already loaded. */
export interface RenderOptions {
  threadId: string;
  /** Any `CommentAdapter`: its `list` (and `getReactions`, for the reactions) answer the first page. */
  adapter?: CommentAdapter;
  /** The data itself, e.g. from `loadSnapshot()` or a cache; wins over `adapter`. */
  snapshot?: ThreadSnapshot;
  /** Language of the texts (default `en`); written on the elements as `lang`. */
  lang?: string;
  /** Order of top-level comments (default `oldest`). */
  sort?: SortOrder;
  /** Top-level comments on the first page (default 20). */
  pageSize?: number;
  /** Replies embedded per comment (default 3, as the elements load them). */
  replies?: number;
  /**
   * Attributes written on every element so that the browser connects it to the same backend,
   * e.g. `{ adapter: 'rest', endpoint: '/api' }`. Only names and values; values are escaped.
   */
  attributes?: Record<string, string>;
  /**
   * Where the reply form posts without JavaScript (urlencoded), e.g. the reference server's
   * `https://comments.example.com/api/threads/<id>/comments/form`. Without it the form needs script.
   */
  formAction?: string;
  /** The article's address, where a post without JavaScript comes back to. */
  pageUrl?: string;
  /**
   * The adapter answered for one reader (their own reactions, Edit on their comments): keep that
   * in the HTML and the island. Only for a response that no one else gets (`Cache-Control:
   * private`); by default a render holds nothing personal, so one answer serves every reader.
   */
  personal?: boolean;
  /**
   * Where the first page starts: a cursor of the adapter's `list` (a further page of a page
   * without JavaScript, e.g. from `?confab-cursor=`). Default: the first page.
   */
  cursor?: string | null;
}

/** The HTML of each element, to place where the page wants it. */
export interface RenderedComments {
  /**
   * The JSON island, then `<comment-thread>` with the first page and its reply form. The island
   * comes first so that an element upgraded while the page is still parsing finds it.
   */
  thread: string;
  /** `<reaction-counter>` of the thread itself (the article's reactions). */
  reactions: string;
  /** `<comment-count>` of the thread. */
  count: string;
  /** The data embedded in `thread` (for a cache, or `renderComments({ snapshot })` later). */
  snapshot: ThreadSnapshot;
}

let ready = false;

/** Registers the elements with the server's registry and gives the sanitizer its DOM, once. */
function prepare(): void {
  if (ready) return;
  ready = true;
  useServerDom(new JSDOM('').window as unknown as Window & typeof globalThis);
  define();
}

/** An adapter for rendering from data: every call would be a fetch the server must not make. */
const NO_ADAPTER = new Proxy({} as CommentAdapter, {
  get: (_target, name) =>
    name === 'then'
      ? undefined
      : () => Promise.reject(new Error(`confab ssr: adapter.${String(name)} is not available when rendering from a snapshot`)),
});

/**
 * The first page of a thread (and its reactions, when the adapter has them) from an adapter, in
 * the form the elements embed. Errors of `list` are thrown; a failing `getReactions` only leaves
 * the reactions out (the browser loads them).
 */
export async function loadSnapshot(options: RenderOptions): Promise<ThreadSnapshot> {
  const { adapter, threadId } = options;
  if (!adapter) throw new TypeError('confab ssr: give an adapter or a snapshot');
  const sort = sortOf(options.sort);
  const pageSize = pageSizeOf(options.pageSize);
  const replies = options.replies ?? 3;
  const personal = options.personal === true;
  const cursor = options.cursor || null;
  const [page, threadReactions] = await Promise.all([
    adapter.list({ threadId, parentId: null, sort, cursor, limit: pageSize, replies }),
    adapter.getReactions({ threadId, commentId: null }).catch(() => undefined),
  ]);
  return {
    threadId,
    sort,
    pageSize,
    replies,
    ...(cursor ? { cursor } : {}),
    page: personal ? page : plainPage(page),
    ...(threadReactions
      ? { threadReactions: { reactions: threadReactions.reactions, viewer: personal ? threadReactions.viewer : [] } }
      : {}),
  };
}

/** A page without anything personal in it: a server render is shared by every reader. */
function plainPage(page: ListPage): ListPage {
  const strip = ({ viewer: _viewer, ...comment }: ListPage['comments'][number]) => comment;
  return {
    comments: page.comments.map(strip),
    ...(page.replies ? { replies: page.replies.map(strip) } : {}),
    nextCursor: page.nextCursor,
    total: page.total,
    threadTotal: page.threadTotal,
    ...(page.closed ? { closed: true } : {}),
  };
}

/** Renders the thread, its reactions and its count as HTML strings. */
export async function renderComments(options: RenderOptions): Promise<RenderedComments> {
  const snapshot = options.snapshot ?? (await loadSnapshot(options));
  const [thread, reactions, count] = await Promise.all([
    collectResult(renderPart('thread', snapshot, options)),
    collectResult(renderPart('reactions', snapshot, options)),
    collectResult(renderPart('count', snapshot, options)),
  ]);
  return { thread: jsonIsland(snapshot) + thread, reactions, count, snapshot };
}

/** The thread (with its island) as a Node stream, for frameworks that stream their responses. */
export async function renderThreadStream(options: RenderOptions): Promise<RenderResultReadable> {
  const snapshot = options.snapshot ?? (await loadSnapshot(options));
  const island = jsonIsland(snapshot);
  const result = renderPart('thread', snapshot, options);
  return new RenderResultReadable([island, ...result]);
}

type Part = 'thread' | 'reactions' | 'count';

function renderPart(part: Part, snapshot: ThreadSnapshot, options: RenderOptions): ReturnType<typeof render> {
  prepare();
  const store = new ThreadStore(NO_ADAPTER, snapshot.threadId);
  store.seed(snapshot);
  return render(template(part, store, snapshot, options));
}

function template(part: Part, store: ThreadStore, snapshot: ThreadSnapshot, options: RenderOptions): TemplateResult {
  const lang = options.lang || 'en';
  const attrs = options.attributes ?? {};
  const adapter = attrs.adapter;
  const endpoint = attrs.endpoint;
  switch (part) {
    case 'thread':
      return html`<comment-thread
        id=${ifDefined(attrs.id)}
        thread-id=${snapshot.threadId}
        lang=${lang}
        sort=${snapshot.sort}
        page-size=${snapshot.pageSize}
        adapter=${ifDefined(adapter)}
        endpoint=${ifDefined(endpoint)}
        form-action=${ifDefined(options.formAction || undefined)}
        return-url=${ifDefined(options.pageUrl || undefined)}
        .store=${store}
      ></comment-thread>`;
    case 'reactions':
      return html`<reaction-counter
        thread-id=${snapshot.threadId}
        lang=${lang}
        adapter=${ifDefined(adapter)}
        endpoint=${ifDefined(endpoint)}
        .store=${store}
      ></reaction-counter>`;
    case 'count':
      return html`<comment-count
        thread-id=${snapshot.threadId}
        lang=${lang}
        adapter=${ifDefined(adapter)}
        endpoint=${ifDefined(endpoint)}
        .store=${store}
      >${nothing}</comment-count>`;
  }
}

/**
 * A comment body (markdown) as HTML, through the same sanitizing rules as the elements: for places
 * outside a page, such as the HTML part of a reply notification. Raw HTML in the body shows as
 * text; only the allowlisted tags and http(s)/mailto links survive.
 */
export function renderBodyHtml(body: string): string {
  prepare();
  const fragment = sanitizeMarkdown(body);
  const holder = fragment.ownerDocument.createElement('div');
  holder.append(fragment);
  return holder.innerHTML;
}

/**
 * The data for the browser, in a `<script type="application/json">` that no text can close:
 * `<`, `>` and `&` are written as JSON escapes (so `</script>` and `<!--` never appear in it), and
 * so are U+2028 and U+2029.
 */
export function jsonIsland(snapshot: ThreadSnapshot): string {
  const json = JSON.stringify(snapshot).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `<script type="application/json" ${ISLAND_ATTRIBUTE}="${escapeAttribute(snapshot.threadId)}">${json}</script>`;
}

function escapeAttribute(value: string): string {
  return value.replace(/[&"<>]/g, (char) => `&#${char.charCodeAt(0)};`);
}

function sortOf(sort: string | undefined): SortOrder {
  return SORT_ORDERS.includes(sort as SortOrder) ? (sort as SortOrder) : 'oldest';
}

function pageSizeOf(size: number | undefined): number {
  return typeof size === 'number' && Number.isFinite(size) && size >= 1 ? Math.min(Math.floor(size), 100) : 20;
}

/** Reactions given as data, checked like the store checks them. */
export type { ListPage, ReactionState };
