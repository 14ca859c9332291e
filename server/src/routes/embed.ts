import { checkId, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, SORT_ORDERS, type CommentAdapter, type ListPage, type SortOrder } from 'confab-comments/model';
import { renderComments } from 'confab-comments/ssr';
import { Type } from 'typebox';
import { entityTag } from '../storage/comments.js';
import { ANONYMOUS } from '../storage/rows.js';
import { errors, ThreadParams } from '../schemas/common.js';
import type { Api, Services } from './services.js';

/** Replies embedded per comment in the rendering, as the elements load them. */
const EMBED_REPLIES = 3;

/**
 * The server-rendered thread as an HTML fragment, for sites that are not Node (a server-side
 * include, a PHP include, a static build): the same rendering as `confab-comments/ssr`, for an
 * anonymous reader, so one answer serves everyone and caches like the list.
 */
export async function embedRoutes(app: Api, { storage, config }: Services): Promise<void> {
  app.get(
    '/threads/:threadId/embed',
    {
      schema: {
        summary: 'The thread rendered to HTML (first page, reply form), for a server-side include',
        description:
          'An HTML fragment: a JSON island and <comment-thread> with declarative shadow DOM; `part=count` or `part=reactions` renders that element instead. Public and cacheable: it holds nothing personal.',
        tags: ['threads'],
        params: ThreadParams,
        querystring: Type.Object({
          lang: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$', maxLength: 35 })),
          sort: Type.Optional(Type.Enum(SORT_ORDERS as unknown as string[])),
          limit: Type.Optional(Type.Integer({ minimum: 1 })),
          endpoint: Type.Optional(Type.String({ maxLength: 500, description: 'Where the browser finds this API (default: /api)' })),
          part: Type.Optional(Type.Enum(['thread', 'count', 'reactions'])),
          page: Type.Optional(Type.String({ maxLength: 2000, description: "The article's address: a post without JavaScript comes back there" })),
        }),
        response: { 200: Type.String(), ...errors },
      },
    },
    async (request, reply) => {
      const threadId = checkId(request.params.threadId, 'threadId');
      const { query } = request;
      const rendered = await renderEmbed(storage, threadId, {
        lang: query.lang,
        sort: query.sort as SortOrder | undefined,
        limit: query.limit,
        endpoint: query.endpoint,
        page: query.page,
      });
      const text = query.part === 'count' ? rendered.count : query.part === 'reactions' ? rendered.reactions : rendered.thread;
      const etag = entityTag(text);
      reply.header('cache-control', `public, max-age=${config.cache.maxAge}, stale-while-revalidate=${config.cache.staleWhileRevalidate}`);
      reply.header('etag', etag);
      reply.header('vary', 'Origin');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send('');
      return reply.type('text/html; charset=utf-8').send(text);
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
}

/**
 * The thread, its count and reactions rendered for an anonymous reader (what the embed endpoint
 * and a rendered page serve): the first page from storage, the reply form posting without
 * JavaScript through the one post path.
 */
export function renderEmbed(storage: Services['storage'], threadId: string, options: EmbedOptions) {
  const endpoint = (options.endpoint ?? '/api').replace(/\/+$/, '');
  const adapter = {
    list: async (listRequest) => {
      const page = await storage.comments.list(
        {
          threadId,
          parentId: null,
          sort: listRequest.sort ?? 'oldest',
          cursor: null,
          limit: listRequest.limit ?? DEFAULT_PAGE_SIZE,
          replies: Math.min(listRequest.replies ?? 0, EMBED_REPLIES),
        },
        ANONYMOUS,
      );
      return JSON.parse(page.text) as ListPage;
    },
    getReactions: (target) => storage.reactions.get(target, ANONYMOUS),
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
  });
}
