// Posting without JavaScript: the server-rendered reply form is a real <form method="post">,
// urlencoded, through the same post path as JSON (limits, honeypot, idempotency), with an Origin
// check, a 303 back to the comment, or a plain page keeping the text.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { client, startServer, storages } from './helpers.js';

for (const storage of storages()) {
  describe(`form posts on ${storage.name}`, () => {
    /** @type {Awaited<ReturnType<typeof startServer>>} */
    let server;
    let site;
    before(async () => {
      server = await startServer(storage, { RATE_LIMIT_NEW_VIEWERS: '0' });
      site = new URL(server.api).origin;
    });
    after(() => server?.close());
    beforeEach(() => server.app.store.reset());

    /** @param {Record<string, string>} fields @param {Record<string, string>} [headers] */
    const send = (thread, fields, headers = { origin: site }) =>
      fetch(`${server.api}/threads/${thread}/comments/form`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(fields).toString(),
      });

    it('posts and answers 303 back to the article at the new comment; a double submit posts once', async () => {
      const fields = { body: 'Posted **without** script', name: 'Nojs', email: '', idempotencyKey: 'form-key-123456', return: `${site}/article.html#comments`, website: '' };
      const first = await send('f1', fields);
      assert.equal(first.status, 303);
      const location = first.headers.get('location') ?? '';
      assert.match(location, new RegExp(`^${site}/article\\.html#comment-[\\w-]+$`));
      const again = await send('f1', fields);
      assert.equal(again.status, 303);
      assert.equal(again.headers.get('location'), location);
      const list = await client(server.api).list('f1');
      assert.equal(list.body.comments.length, 1);
      assert.equal(list.body.comments[0].body, 'Posted **without** script');
      assert.equal(list.body.comments[0].author.name, 'Nojs');
      assert.equal(location.split('#comment-')[1], list.body.comments[0].id);
      // the same hidden key (a cached page) with other text is another post
      assert.equal((await send('f1', { ...fields, body: 'Someone else' })).status, 303);
      assert.equal((await client(server.api).list('f1')).body.comments.length, 2);
    });

    it('a reply names its parent; the return address must be this origin (no open redirect)', async () => {
      const top = await send('f2', { body: 'Top', name: 'A', idempotencyKey: 'form-key-aaaaaaa1' });
      const parentId = (top.headers.get('location') ?? '').split('#comment-')[1];
      const reply = await send('f2', { body: 'Reply', name: 'B', idempotencyKey: 'form-key-aaaaaaa2', parentId, return: 'https://evil.example/phish' });
      assert.equal(reply.status, 303);
      assert.match(reply.headers.get('location') ?? '', new RegExp(`^${site}/#comment-`));
      const list = await client(server.api).list('f2', '?replies=3');
      assert.equal(list.body.replies[0].parentId, parentId);
    });

    it('refuses with a plain page that keeps the text: too long, no name, honeypot, no key', async () => {
      const long = 'x'.repeat(6000);
      const cases = [
        [{ body: long, name: 'A', idempotencyKey: 'form-key-bbbbbbb1' }, 413, long],
        [{ body: 'Kept <b>text</b> & more', name: '', idempotencyKey: 'form-key-bbbbbbb2' }, 400, 'Kept &lt;b&gt;text&lt;/b&gt; &amp; more'],
        [{ body: 'Spam', name: 'Bot', website: 'http://spam.example', idempotencyKey: 'form-key-bbbbbbb3' }, 400, 'Spam'],
        [{ body: 'No key', name: 'A' }, 400, 'No key'],
      ];
      for (const [fields, status, kept] of cases) {
        const response = await send('f3', fields);
        assert.equal(response.status, status, JSON.stringify(fields).slice(0, 80));
        assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
        const page = await response.text();
        assert.match(page, /Your comment was not posted/);
        assert.match(page, /role="alert"/);
        assert.ok(page.includes(`<textarea name="body" required="">${kept}</textarea>`), page.slice(0, 400));
        assert.doesNotMatch(page, /<b>text<\/b>/);
      }
      assert.equal((await client(server.api).list('f3')).body.comments.length, 0);
    });

    it('checks where the form was sent from: a foreign origin or none is refused', async () => {
      const fields = { body: 'Cross-site', name: 'A', idempotencyKey: 'form-key-ccccccc1' };
      for (const headers of [{ origin: 'https://evil.example' }, {}]) {
        const refused = await send('f4', fields, headers);
        assert.equal(refused.status, 403);
        // a page a browser shows, with the reader's text kept, not JSON
        assert.match(refused.headers.get('content-type') ?? '', /^text\/html/);
        assert.match(await refused.text(), /Cross-site/);
      }
      // a Referer on this site is enough when the browser sends no Origin
      assert.equal((await send('f4', fields, { referer: `${site}/article.html` })).status, 303);
      assert.equal((await client(server.api).list('f4')).body.comments.length, 1);
    });

    it('JSON posts still go the same way (the one post path)', async () => {
      const ada = client(server.api);
      const posted = await ada.post('f5', { body: 'JSON post' });
      assert.equal(posted.status, 201);
      assert.equal((await ada.post('f5', { body: '' })).status, 400);
    });
  });
}
