// Reads that scale out: what a CDN may keep (anonymous readers), what only the reader's browser may
// (readers with a cookie), entity tags and 304s, and pages served from the cache with each reader's
// own rights and reactions in them.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ADMIN_TOKEN, client, startServer, storages } from './helpers.js';

/** A GET without any cookie, with extra headers. @param {string} url @param {Record<string, string>} [headers] */
const anonymous = (url, headers = {}) => fetch(url, { headers });

for (const storage of storages()) {
  describe(`cacheable reads on ${storage.name}`, () => {
    /** @type {Awaited<ReturnType<typeof startServer>>} */
    let server;
    before(async () => {
      server = await startServer(storage, {
        TRUST_PROXY: '1',
        CACHE_MAX_AGE: '7',
        CACHE_STALE_WHILE_REVALIDATE: '40',
        RATE_LIMIT_NEW_VIEWERS: '0',
        REACTIONS: 'like,dislike,heart',
      });
    });
    after(() => server?.close());
    beforeEach(() => server.app.store.reset());

    it('lets a shared cache keep what a reader without a cookie reads, with an ETag that changes with the thread', async () => {
      const ada = client(server.api);
      await ada.post('c', { body: 'First' });
      for (const path of ['/threads/c/comments?limit=10', '/counts?thread=c&thread=d', '/config']) {
        const first = await anonymous(`${server.api}${path}`);
        assert.equal(first.status, 200, path);
        assert.equal(first.headers.get('cache-control'), 'public, max-age=7, stale-while-revalidate=40', path);
        assert.match(first.headers.get('vary') ?? '', /Cookie/, path);
        assert.match(first.headers.get('vary') ?? '', /Authorization/, path);
        const etag = first.headers.get('etag');
        assert.match(etag ?? '', /^"[\w-]+"$/, path);
        const again = await anonymous(`${server.api}${path}`, { 'if-none-match': etag ?? '' });
        assert.equal(again.status, 304, path);
        assert.equal(await again.text(), '', 'a 304 carries no body');
        assert.equal((await anonymous(`${server.api}${path}`, { 'if-none-match': `"other", W/${etag}` })).status, 304, `${path}: a weak tag in a list`);
      }
      const before = (await anonymous(`${server.api}/threads/c/comments?limit=10`)).headers.get('etag');
      await ada.post('c', { body: 'Second' });
      const changed = await anonymous(`${server.api}/threads/c/comments?limit=10`, { 'if-none-match': before ?? '' });
      assert.equal(changed.status, 200, 'a new comment makes the old tag stale');
      assert.equal((await changed.json()).comments.length, 2);
    });

    it('keeps what a reader with a cookie reads private, and still answers 304', async () => {
      const ada = client(server.api);
      const { body: comment } = await ada.post('p', { body: 'Mine' });
      const first = await ada.list('p');
      assert.equal(first.headers.get('cache-control'), 'private, no-cache');
      const etag = first.headers.get('etag') ?? '';
      assert.equal((await ada.request('GET', '/threads/p/comments', { headers: { 'if-none-match': etag } })).status, 304);
      assert.equal((await ada.request('GET', '/counts?thread=p')).headers.get('cache-control'), 'private, no-cache');
      await ada.request('PUT', `/threads/p/comments/${comment.id}/reactions/like`);
      const liked = await ada.request('GET', '/threads/p/comments', { headers: { 'if-none-match': etag } });
      assert.equal(liked.status, 200, 'their own reaction changes their page');
      assert.deepEqual(liked.body.comments[0].viewer.reactions, ['like']);
      // A site user's token is an identity too.
      const admin = client(server.api, { token: ADMIN_TOKEN });
      assert.equal((await admin.list('p')).headers.get('cache-control'), 'private, no-cache');
    });

    it('writes each reader’s own rights and reactions into the page every reader shares', async () => {
      const ada = client(server.api);
      const bob = client(server.api);
      const { body: mine } = await ada.post('s', { body: 'Ada writes' });
      const { body: theirs } = await bob.post('s', { body: 'Bob writes', parentId: mine.id });
      await bob.request('PUT', `/threads/s/comments/${mine.id}/reactions/heart`);
      // An anonymous reader first: the shared page is read and kept.
      const shared = await (await anonymous(`${server.api}/threads/s/comments?replies=5`)).json();
      assert.ok(shared.comments.concat(shared.replies).every((c) => !c.viewer.canEdit && c.viewer.reactions.length === 0));
      for (let round = 0; round < 2; round++) {
        const adaPage = (await ada.list('s', '?replies=5')).body;
        assert.equal(adaPage.comments[0].viewer.canEdit, true);
        assert.ok(adaPage.comments[0].viewer.editableUntil);
        assert.deepEqual(adaPage.comments[0].viewer.reactions, []);
        assert.equal(adaPage.replies[0].viewer.canEdit, false);
        const bobPage = (await bob.list('s', '?replies=5')).body;
        assert.equal(bobPage.comments[0].viewer.canEdit, false);
        assert.deepEqual(bobPage.comments[0].viewer.reactions, ['heart']);
        assert.equal(bobPage.replies[0].id, theirs.id);
        assert.equal(bobPage.replies[0].viewer.canEdit, true);
        // Apart from the viewer fields, everyone reads the same page.
        const withoutViewer = (/** @type {Record<string, unknown>} */ c) => Object.fromEntries(Object.entries(c).filter(([key]) => key !== 'viewer'));
        const strip = (page) => JSON.stringify({ ...page, comments: page.comments.map(withoutViewer), replies: page.replies.map(withoutViewer) });
        assert.equal(strip(adaPage), strip(shared));
        assert.equal(strip(bobPage), strip(shared));
      }
      const anon = await anonymous(`${server.api}/threads/s/comments?replies=5`);
      assert.equal(anon.headers.get('cache-control')?.startsWith('public'), true, 'the shared page is still the anonymous reader’s');
    });

    it('never lets a cache keep a write, an error or a live stream', async () => {
      const ada = client(server.api);
      assert.equal((await ada.post('w', { body: 'x' })).headers.get('cache-control'), 'no-store');
      assert.equal((await anonymous(`${server.api}/threads/w/comments?sort=random`)).headers.get('cache-control'), 'no-store');
      const controller = new AbortController();
      const stream = await fetch(`${server.api}/threads/w/events`, { signal: controller.signal });
      assert.equal(stream.headers.get('cache-control'), 'no-store');
      controller.abort();
    });

    it('describes every endpoint in its OpenAPI document, from the schemas it validates with', async () => {
    const response = await fetch(`${server.api}/openapi.json`);
    assert.equal(response.status, 200);
    const doc = await response.json();
    assert.match(doc.openapi, /^3\./);
    const paths = doc.paths;
    for (const [path, methods] of Object.entries({
      '/api/threads/{threadId}/comments': ['get', 'post'],
      '/api/threads/{threadId}/comments/{commentId}': ['patch', 'delete'],
      '/api/threads/{threadId}/comments/{commentId}/path': ['get'],
      '/api/threads/{threadId}/reactions/{reaction}': ['put', 'delete'],
      '/api/threads/{threadId}/comments/{commentId}/reports': ['post'],
      '/api/counts': ['get'],
      '/api/config': ['get'],
      '/api/typos': ['post'],
      '/api/events': ['get'],
      '/api/threads/{threadId}/events': ['get'],
      '/api/admin/comments': ['get'],
      '/api/admin/import': ['post'],
      '/api/challenge': ['get'],
      '/api/admin/outbox/failed': ['get'],
      '/api/admin/outbox/{id}/retry': ['post'],
    })) {
      for (const method of methods) assert.ok(paths[path]?.[method], `${method.toUpperCase()} ${path}`);
    }
    const post = paths['/api/threads/{threadId}/comments'].post;
    const body = post.requestBody.content['application/json'].schema;
    assert.equal(body.additionalProperties, false);
    assert.deepEqual(Object.keys(body.properties).sort(), ['author', 'body', 'challenge', 'honeypot', 'notify', 'parentId']);
    assert.ok(post.parameters.some((p) => p.in === 'header' && p.name === 'idempotency-key' && p.required));
    const reaction = paths['/api/threads/{threadId}/reactions/{reaction}'].put.parameters.find((p) => p.name === 'reaction');
    assert.deepEqual(reaction.schema.enum, ['like', 'dislike', 'heart'], 'the reactions this server takes');
    const counts = paths['/api/counts'].get.parameters.find((p) => p.name === 'thread');
    assert.equal(counts.schema.maxItems, 100);
    assert.ok(!JSON.stringify(paths).includes('"405"'), 'the method-not-allowed routes stay out of it');
    });
  });
}
