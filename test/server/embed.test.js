// GET /api/threads/{id}/embed: the server-rendered thread as an HTML fragment for sites that are
// not Node (server-side includes, PHP, static builds): first page, reply form, escaped island,
// cacheable like the list for readers without a cookie, personal (and private) with one.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { client, startServer, storages } from './helpers.js';

for (const storage of storages()) {
  describe(`embed on ${storage.name}`, () => {
    /** @type {Awaited<ReturnType<typeof startServer>>} */
    let server;
    before(async () => {
      server = await startServer(storage, { RATE_LIMIT_NEW_VIEWERS: '0', CACHE_MAX_AGE: '7', CACHE_STALE_WHILE_REVALIDATE: '40' });
    });
    after(() => server?.close());
    beforeEach(() => server.app.store.reset());

    it('renders the first page with the reply form and an island that no comment can close', async () => {
      const ada = client(server.api);
      await ada.post('e1', { body: 'Plain first comment' });
      await ada.post('e1', { body: '</script><script>alert(1)</script> <img src=x onerror=alert(2)>' });
      const response = await fetch(`${server.api}/threads/e1/embed?limit=10&endpoint=/api`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=7, stale-while-revalidate=40');
      const html = await response.text();
      assert.match(html, /^<script type="application\/json" data-confab-thread="e1">/);
      assert.equal(html.match(/<script/g).length, 1);
      assert.match(html, /<comment-thread\s+thread-id="e1" lang="en" sort="oldest" page-size="10" adapter="rest" endpoint="\/api" form-action="\/api\/threads\/e1\/comments\/form">/);
      assert.match(html, /Plain first comment/);
      assert.match(html, /&lt;\/script&gt;&lt;script&gt;alert\(1\)/);
      assert.doesNotMatch(html.replace(/<script[^>]*>[\s\S]*?<\/script>/, ''), /<img/);
      assert.match(html, /2 comments/);
      assert.match(html, /Leave a Reply/);
      const island = JSON.parse(/<script[^>]*>([\s\S]*?)<\/script>/.exec(html)[1]);
      assert.equal(island.page.comments.length, 2);
      // an entity tag, and a 304 while it holds
      const again = await fetch(`${server.api}/threads/e1/embed?limit=10&endpoint=/api`, { headers: { 'if-none-match': response.headers.get('etag') ?? '' } });
      assert.equal(again.status, 304);
    });

    it('holds nothing personal without a cookie; with the reader\'s cookie, their own state, privately', async () => {
      const ada = client(server.api);
      const { body: mine } = await ada.post('e2', { body: 'Mine' });
      const bob = client(server.api);
      await bob.post('e2', { body: 'Not hers' });
      assert.equal((await bob.request('PUT', `/threads/e2/comments/${mine.id}/reactions/like`)).status, 200);
      const anonymousResponse = await fetch(`${server.api}/threads/e2/embed`);
      const anonymous = await anonymousResponse.text();
      assert.match(anonymousResponse.headers.get('cache-control') ?? '', /^public/);
      const anonymousIsland = JSON.parse(/<script[^>]*>([\s\S]*?)<\/script>/.exec(anonymous)[1]);
      for (const comment of anonymousIsland.page.comments) assert.equal('viewer' in comment, false);
      assert.deepEqual(anonymousIsland.threadReactions?.viewer ?? [], []);
      assert.doesNotMatch(anonymous, /data-action="edit"/);

      // Ada's own comment has Edit; Bob's has Report
      const hers = await fetch(`${server.api}/threads/e2/embed`, { headers: { cookie: cookieOf(ada) } });
      assert.equal(hers.headers.get('cache-control'), 'private, no-cache');
      assert.match(hers.headers.get('vary') ?? '', /Cookie/);
      const herHtml = await hers.text();
      const herIsland = JSON.parse(/<script[^>]*>([\s\S]*?)<\/script>/.exec(herHtml)[1]);
      const byId = Object.fromEntries(herIsland.page.comments.map((comment) => [comment.body, comment]));
      assert.equal(byId.Mine.viewer.canEdit, true);
      assert.equal(byId['Not hers'].viewer.canEdit, false);
      assert.equal((herHtml.match(/data-action="edit"/g) ?? []).length, 1);

      // Bob's like of Ada's comment shows pressed for Bob only
      const his = await (await fetch(`${server.api}/threads/e2/embed`, { headers: { cookie: cookieOf(bob) } })).text();
      const hisIsland = JSON.parse(/<script[^>]*>([\s\S]*?)<\/script>/.exec(his)[1]);
      assert.deepEqual(hisIsland.page.comments.find((comment) => comment.body === 'Mine').viewer.reactions, ['like']);
      assert.deepEqual(byId.Mine.viewer.reactions, []);
    });

    it('renders a further page from a cursor, and refuses a cursor that is none', async () => {
      const ada = client(server.api);
      for (let i = 1; i <= 5; i += 1) await ada.post('e4', { body: `Comment number ${i}` });
      const first = await (await fetch(`${server.api}/threads/e4/embed?limit=2&page=${encodeURIComponent('https://blog.example/post?x=1')}`)).text();
      const cursor = JSON.parse(/<script[^>]*>([\s\S]*?)<\/script>/.exec(first)[1]).page.nextCursor;
      assert.ok(cursor);
      // without script, "Load more" is a GET form to the article with the cursor (other parameters kept)
      assert.match(first, /<form class="more-form" method="get" action="https:\/\/blog\.example\/post#comments">/);
      assert.match(first, /name="x" value="1"/);
      assert.match(first, new RegExp(`name="confab-cursor" value="${cursor}"`));
      const second = await (await fetch(`${server.api}/threads/e4/embed?limit=2&cursor=${cursor}&page=${encodeURIComponent('https://blog.example/post?x=1')}`)).text();
      const shown = second.replace(/<script[\s\S]*?<\/script>/, '');
      assert.match(shown, /Comment number 3/);
      assert.doesNotMatch(shown, /Comment number 1</);
      assert.match(shown, /part="first-page" class="first-page" href="https:\/\/blog\.example\/post\?x=1#comments"/);
      for (const bad of ['garbage', '%00', 'W10', 'x'.repeat(500)]) {
        assert.equal((await fetch(`${server.api}/threads/e4/embed?cursor=${bad}`)).status, 400, bad);
      }
    });

    it('takes lang, sort, limit and part; refuses what it cannot render', async () => {
      const ada = client(server.api);
      for (const body of ['one', 'two', 'three']) await ada.post('e3', { body });
      const newest = await (await fetch(`${server.api}/threads/e3/embed?sort=newest&limit=2&lang=ru`)).text();
      assert.match(newest, /lang="ru"/);
      assert.ok(newest.indexOf('three') < newest.indexOf('two'));
      assert.doesNotMatch(newest.replace(/<script[\s\S]*?<\/script>/, ''), />one</);
      const count = await (await fetch(`${server.api}/threads/e3/embed?part=count`)).text();
      assert.match(count, /<comment-count/);
      assert.match(count, /3 comments/);
      for (const query of ['sort=sideways', 'limit=0', 'lang=%3Cscript%3E', 'part=other']) {
        assert.equal((await fetch(`${server.api}/threads/e3/embed?${query}`)).status, 400, query);
      }
      assert.equal((await fetch(`${server.api}/threads/${'x'.repeat(500)}/embed`)).status, 400);
    });
  });
}

/** The Cookie header a client's requests carry. */
function cookieOf(someone) {
  return [...someone.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
}
