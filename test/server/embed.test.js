// GET /api/threads/{id}/embed: the server-rendered thread as an HTML fragment for sites that are
// not Node (server-side includes, PHP, static builds): first page, reply form, escaped island,
// cacheable like the list, the same for every reader.
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

    it('is the same for a reader with a cookie: nothing personal in it', async () => {
      const ada = client(server.api);
      await ada.post('e2', { body: 'Mine' });
      const anonymous = await (await fetch(`${server.api}/threads/e2/embed`)).text();
      assert.ok(ada.cookies.size > 0, 'the poster has a viewer cookie');
      const cookie = [...ada.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      const withCookie = await (await fetch(`${server.api}/threads/e2/embed`, { headers: { cookie } })).text();
      assert.equal(withCookie, anonymous);
      const island = JSON.parse(/<script[^>]*>([\s\S]*?)<\/script>/.exec(anonymous)[1]);
      for (const comment of island.page.comments) assert.equal('viewer' in comment, false);
      assert.deepEqual(island.threadReactions?.viewer ?? [], []);
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
