import { checkId, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, SORT_ORDERS, type CommentAdapter, type ListPage, type SortOrder } from 'confab-comments/model';
import { renderComments } from 'confab-comments/ssr';
// every language confab ships, so that `?lang=` renders in it
import 'confab-comments/locales/ar.js';
import 'confab-comments/locales/ru.js';
import { Type } from 'typebox';
import { sendCacheable } from '../http/caching.js';
import { identifies } from '../http/viewer.js';
import { entityTag } from '../storage/comments.js';
import { ANONYMOUS, type Viewer } from '../storage/rows.js';
import { errors, ThreadParams } from '../schemas/common.js';
import type { Api, Services } from './services.js';

/** Replies embedded per comment in the rendering, as the elements load them. */
const EMBED_REPLIES = 3;

/**
 * The server-rendered thread as an HTML fragment, for sites that are not Node (a server-side
 * include, a PHP include, a static build): the same rendering as `confab-comments/ssr`. Without a
 * cookie or token it is rendered for an anonymous reader, so one answer serves everyone and caches
 * like the list; a request that passes on the reader's cookie gets their own reactions and Edit
 * on their comments, privately, as the list does.
 */
export async function embedRoutes(app: Api, { storage, config }: Services): Promise<void> {
  app.get(
    '/threads/:threadId/embed',
    {
      schema: {
        summary: 'The thread rendered to HTML (first page, reply form), for a server-side include',
        description:
          "An HTML fragment: a JSON island and <comment-thread> with declarative shadow DOM; `part=count` or `part=reactions` renders that element instead. `cursor` renders a further page (the `confab-cursor` of the page's address). Public and cacheable without a cookie or token; with the reader's cookie it holds their own state and is private.",
        tags: ['threads'],
        params: ThreadParams,
        querystring: Type.Object({
          lang: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$', maxLength: 35 })),
          sort: Type.Optional(Type.Enum(SORT_ORDERS as unknown as string[])),
          limit: Type.Optional(Type.Integer({ minimum: 1 })),
          endpoint: Type.Optional(Type.String({ maxLength: 500, description: 'Where the browser finds this API (default: /api)' })),
          part: Type.Optional(Type.Enum(['thread', 'count', 'reactions'])),
          page: Type.Optional(Type.String({ maxLength: 2000, description: "The article's address: a post without JavaScript comes back there" })),
          cursor: Type.Optional(Type.String({ maxLength: 500, description: 'Render the page that starts here (a `nextCursor`)' })),
        }),
        response: { 200: Type.String(), ...errors },
      },
    },
    async (request, reply) => {
      const threadId = checkId(request.params.threadId, 'threadId');
      const { query } = request;
      const rendered = await renderEmbed(
        storage,
        threadId,
        {
          lang: query.lang,
          sort: query.sort as SortOrder | undefined,
          limit: query.limit,
          endpoint: query.endpoint,
          page: query.page,
          cursor: query.cursor,
        },
        identifies(request) ? request.viewer : ANONYMOUS,
      );
      const text = query.part === 'count' ? rendered.count : query.part === 'reactions' ? rendered.reactions : rendered.thread;
      return sendCacheable(request, reply, { text, etag: entityTag(text) }, config.cache, 'text/html; charset=utf-8');
    },
  );
}

/** How a thread is rendered for a page: language, order, page size, the API's address, the page's. */
export interface EmbedOptions {
  lang?: string;
  sort?: SortOrder;
  limit?: number;
  endpoint?: string;
  page?: string;
  /** a further page: where it starts (a `nextCursor`) */
  cursor?: string | null;
}

/**
 * The thread, its count and reactions rendered for `viewer` (what the embed endpoint and a
 * rendered page serve): a page from storage, the reply form posting without JavaScript through
 * the one post path. For a viewer with an identity the rendering holds their own state (personal).
 */
export function renderEmbed(storage: Services['storage'], threadId: string, options: EmbedOptions, viewer: Viewer = ANONYMOUS) {
  const endpoint = (options.endpoint ?? '/api').replace(/\/+$/, '');
  const adapter = {
    list: async (listRequest) => {
      const page = await storage.comments.list(
        {
          threadId,
          parentId: null,
          sort: listRequest.sort ?? 'oldest',
          cursor: listRequest.cursor ?? null,
          limit: listRequest.limit ?? DEFAULT_PAGE_SIZE,
          replies: Math.min(listRequest.replies ?? 0, EMBED_REPLIES),
        },
        viewer,
      );
      return JSON.parse(page.text) as ListPage;
    },
    getReactions: (target) => storage.reactions.get(target, viewer),
  } satisfies Pick<CommentAdapter, 'list' | 'getReactions'> as unknown as CommentAdapter;
  return renderComments({
    threadId,
    adapter,
    lang: options.lang ?? 'en',
    sort: options.sort ?? 'oldest',
    pageSize: Math.min(options.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
    replies: EMBED_REPLIES,
    attributes: { adapter: 'rest', endpoint },
    // the reply form posts without JavaScript too, through the one post path
    formAction: `${endpoint}/threads/${encodeURIComponent(threadId)}/comments/form`,
    pageUrl: options.page && /^https?:\/\//i.test(options.page) ? options.page : undefined,
    cursor: options.cursor || null,
    personal: viewer.id !== null,
  });
}
