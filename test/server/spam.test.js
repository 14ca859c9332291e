// Spam defence without a third party: ALTCHA proof of work (signed, single use, expiring),
// content rules that hold a comment for moderation with a reason, a site's own checker, the
// Akismet-compatible client against a local fake, and signed webhooks through the outbox.
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ADMIN_TOKEN, client, startServer, storages, userToken } from './helpers.js';
import { startReceiver } from './mail-helpers.js';

/** Solves an ALTCHA challenge the way the browser does (pow-solver.ts), with Node's SHA-256. */
async function solve(challenge) {
  const { createHash } = await import('node:crypto');
  for (let n = 0; n <= (challenge.maxnumber ?? 1e6); n++) {
    if (createHash('sha256').update(challenge.salt + n).digest('hex') === challenge.challenge) {
      return Buffer.from(JSON.stringify({ algorithm: challenge.algorithm, challenge: challenge.challenge, number: n, salt: challenge.salt, signature: challenge.signature })).toString('base64');
    }
  }
  throw new Error('unsolvable');
}

const key = () => `k-${randomBytes(8).toString('hex')}`;

for (const storage of storages()) {
  describe(`proof of work on ${storage.name}`, () => {
    /** @type {Awaited<ReturnType<typeof startServer>>} */
    let server;
    before(async () => {
      server = await startServer(storage, { SPAM_CHALLENGE: 'pow', SPAM_CHALLENGE_MAX_NUMBER: '2000', TRUST_PROXY: '1' });
    });
    after(() => server?.close());
    beforeEach(() => server.app.store.reset());

    it('refuses a guest post without a valid, unused solution, and accepts one with it', async () => {
      const ada = client(server.api);
      assert.equal((await ada.request('GET', '/config')).body.challenge, 'pow');
      const none = await ada.post('p');
      assert.equal(none.status, 403);
      assert.equal(none.body.error.field, 'challenge');
      assert.match(none.body.error.message, /solve a small puzzle/);

      const challenge = (await ada.request('GET', '/challenge')).body;
      assert.equal(challenge.algorithm, 'SHA-256');
      assert.equal(challenge.maxnumber, 2000);
      const payload = await solve(challenge);
      const ok = await ada.post('p', { challenge: payload });
      assert.equal(ok.status, 201);

      const again = await ada.post('p', { challenge: payload });
      assert.equal(again.status, 403, 'a solution is good once');
      assert.match(again.body.error.message, /already used/);

      // A retry of the same post (same idempotency key) gets its comment back, not a refusal.
      const k = key();
      const first = await ada.post('p', { challenge: await solve((await ada.request('GET', '/challenge')).body) }, k);
      const retried = await ada.post('p', { challenge: 'spent-or-not' }, k);
      assert.equal(first.status, 201);
      assert.equal(retried.status, 200);
      assert.equal(retried.body.id, first.body.id);

      // A wrong number, a forged signature, rubbish: refused, nothing saved.
      const fresh = (await ada.request('GET', '/challenge')).body;
      const decoded = JSON.parse(Buffer.from(await solve(fresh), 'base64').toString());
      const wrong = Buffer.from(JSON.stringify({ ...decoded, number: decoded.number + 1 })).toString('base64');
      const forged = Buffer.from(JSON.stringify({ ...decoded, signature: createHmac('sha256', 'guess').update(decoded.challenge).digest('hex') })).toString('base64');
      for (const bad of [wrong, forged, 'not base64 at all', '', 'x'.repeat(5000)]) {
        const response = await ada.post('p', { challenge: bad });
        assert.equal(response.status, 403, bad.slice(0, 20));
      }
      assert.equal((await ada.list('p')).body.threadTotal, 2);
    });

    it('refuses an expired solution', async () => {
      const short = await startServer(storage, { SPAM_CHALLENGE: 'pow', SPAM_CHALLENGE_MAX_NUMBER: '500', SPAM_CHALLENGE_EXPIRES: '10' });
      try {
        const ada = client(short.api);
        const challenge = (await ada.request('GET', '/challenge')).body;
        const payload = await solve(challenge);
        const realNow = Date.now;
        // altcha-lib reads the clock: eleven seconds later the solution is stale.
        Date.now = () => realNow() + 11_000;
        let response;
        try {
          response = await ada.post('p', { challenge: payload });
        } finally {
          Date.now = realNow;
        }
        assert.equal(response.status, 403);
        assert.match(response.body.error.message, /failed or expired/);
      } finally {
        await short.close();
      }
    });

    it('asks no challenge of a signed-in site user', async () => {
      const user = client(server.api, { token: userToken('u1', 'Una') });
      assert.equal((await user.post('p')).status, 201);
    });
  });

  describe(`content rules and checkers on ${storage.name}`, () => {
    /** @type {Awaited<ReturnType<typeof startServer>>} */
    let server;
    /** @type {string[]} */
    const seen = [];
    before(async () => {
      const siteChecker = {
        name: 'site rule',
        async check(input) {
          seen.push(input.body);
          if (input.body.includes('casino')) return { hold: 'gambling' };
          if (input.body.includes('explode')) throw new Error('checker down');
          return null;
        },
      };
      server = await startServer(storage, { SPAM_MAX_LINKS: '2', SPAM_WORDS: 'cheap pills, replica watches', SPAM_REPEAT_COUNT: '3', SPAM_REPEAT_MINUTES: '5', TRUST_PROXY: '1' });
      // the same server with a site's checker plugged in, through createApp's option
      const { createApp } = await import('../../server/dist/app.js');
      const { createLogger } = await import('../../server/dist/log.js');
      await server.app.close();
      const app = await createApp(server.config, createLogger('silent'), { spamCheckers: [siteChecker] });
      const port = await app.listen(0, '127.0.0.1');
      server = { ...server, app, api: `http://127.0.0.1:${port}/api`, close: async () => app.close() };
    });
    after(() => server?.close());
    beforeEach(() => server.app.store.reset());

    it('holds a comment with too many links, a listed word, or a site checker objection, with the reason for moderators', async () => {
      const ada = client(server.api);
      const admin = client(server.api, { token: ADMIN_TOKEN });
      const links = await ada.post('t', { body: 'see https://a.example and www.b.example and [c](https://c.example)' });
      assert.equal(links.status, 201);
      assert.equal(links.body.status, 'pending', 'held, not dropped');
      const two = await ada.post('t', { body: 'https://a.example and https://b.example' });
      assert.equal(two.body.status, 'published', 'two links are allowed');
      const word = await ada.post('t', { body: 'Buy CHEAP   pills now!' });
      assert.equal(word.body.status, 'pending');
      const notWord = await ada.post('t', { body: 'cheapskate pillsbury' });
      assert.equal(notWord.body.status, 'published', 'whole words only');
      const site = await ada.post('t', { body: 'best casino' });
      assert.equal(site.body.status, 'pending');
      const broken = await ada.post('t', { body: 'explode' });
      assert.equal(broken.body.status, 'published', 'a failing checker never blocks a post');

      const queue = (await admin.request('GET', '/admin/comments')).body.comments;
      const reasons = Object.fromEntries(queue.map((c) => [c.id, c.heldFor]));
      assert.equal(reasons[links.body.id], 'content rules: 3 links (more than 2)');
      assert.equal(reasons[word.body.id], 'content rules: contains "cheap pills" from the word list');
      assert.equal(reasons[site.body.id], 'site rule: gambling');
      // the author still sees their held comment; others do not
      assert.ok((await ada.list('t')).body.comments.some((c) => c.id === links.body.id));
      assert.ok(!(await client(server.api).list('t')).body.comments.some((c) => c.id === links.body.id));
      assert.ok(seen.includes('best casino'));
    });

    it('holds the same text from several viewers in a short time, not one viewer repeating it', async () => {
      const text = 'Great post!!! Visit my profile';
      const statuses = [];
      const ada = client(server.api);
      statuses.push((await ada.post('r', { body: text })).body.status);
      statuses.push((await ada.post('r', { body: text })).body.status);
      statuses.push((await client(server.api).post('r', { body: 'great post visit my profile' })).body.status);
      statuses.push((await client(server.api).post('r', { body: text.toUpperCase() })).body.status);
      assert.deepEqual(statuses, ['published', 'published', 'published', 'pending']);
    });
  });

  describe(`the Akismet-compatible client on ${storage.name}`, () => {
    it('sends the comment to the configured service and holds what it calls spam; an outage lets posts through', async () => {
      /** @type {URLSearchParams[]} */
      const calls = [];
      let answer = 'false';
      const fake = createServer((request, response) => {
        let body = '';
        request.on('data', (chunk) => (body += chunk));
        request.on('end', () => {
          const form = new URLSearchParams(body);
          calls.push(form);
          assert.equal(request.url, '/1.1/comment-check');
          if (form.get('api_key') !== 'test-key') return response.writeHead(200).end('invalid');
          response.writeHead(200, { 'content-type': 'text/plain' }).end(answer);
        });
      });
      await new Promise((resolve) => fake.listen(0, '127.0.0.1', () => resolve(undefined)));
      const port = /** @type {import('node:net').AddressInfo} */ (fake.address()).port;
      const server = await startServer(storage, { AKISMET_KEY: 'test-key', AKISMET_URL: `http://127.0.0.1:${port}`, AKISMET_BLOG: 'https://blog.example', TRUST_PROXY: '1' });
      try {
        const ada = client(server.api, { ip: '203.0.113.9' });
        const ham = await ada.request('POST', '/threads/a/comments', {
          body: { body: 'Nice', author: { name: 'Ada', email: 'ada@example.com' } },
          headers: { 'idempotency-key': key(), 'user-agent': 'TestBrowser/1', referer: 'https://blog.example/a' },
        });
        assert.equal(ham.body.status, 'published');
        const sent = calls[0];
        assert.equal(sent.get('blog'), 'https://blog.example');
        assert.equal(sent.get('user_ip'), '203.0.113.9');
        assert.equal(sent.get('user_agent'), 'TestBrowser/1');
        assert.equal(sent.get('comment_content'), 'Nice');
        assert.equal(sent.get('comment_author_email'), 'ada@example.com');
        assert.equal(sent.get('comment_type'), 'comment');
        answer = 'true';
        assert.equal((await ada.post('a', { body: 'Spammy' })).body.status, 'pending');
        answer = 'garbage';
        assert.equal((await ada.post('a', { body: 'During an outage' })).body.status, 'published');
        fake.close();
        fake.closeAllConnections();
        assert.equal((await ada.post('a', { body: 'Service gone' })).body.status, 'published');
      } finally {
        await server.close();
        fake.close();
      }
    });
  });

  describe(`webhooks on ${storage.name}`, () => {
    it('POSTs signed JSON for each event to every receiver, retrying one that fails', async () => {
      let failFirst = 1;
      const good = await startReceiver();
      const flaky = await startReceiver(() => (failFirst-- > 0 ? 503 : 200));
      const server = await startServer(storage, {
        WEBHOOK_URLS: `${good.url}, ${flaky.url}`,
        WEBHOOK_SECRET: 'hook-secret',
        OUTBOX_POLL_MS: '100',
        OUTBOX_BACKOFF_SECONDS: '1',
        MODERATION: 'pre',
        TRUST_PROXY: '1',
      });
      try {
        const ada = client(server.api);
        const admin = client(server.api, { token: ADMIN_TOKEN });
        const posted = await ada.post('w', { body: 'Hook me' });
        await admin.request('POST', `/admin/comments/${posted.body.id}/approve`);
        await client(server.api).request('POST', `/threads/w/comments/${posted.body.id}/reports`, { body: { reason: 'spam' } });
        await ada.request('POST', '/typos', { body: { url: 'https://blog.example/w', quote: { exact: 'teh' }, suggestion: 'the' } });
        await admin.request('DELETE', `/admin/comments/${posted.body.id}`);
        const received = await good.waitFor(5);
        const events = received.map((r) => r.headers['x-confab-event']);
        assert.deepEqual([...events].sort(), ['comment.approved', 'comment.created', 'comment.deleted', 'comment.reported', 'typo.reported']);
        for (const r of received) {
          const expected = `sha256=${createHmac('sha256', 'hook-secret').update(r.body).digest('base64url')}`;
          assert.equal(r.headers['x-confab-signature'], expected);
          assert.equal(r.headers['content-type'], 'application/json');
          const body = JSON.parse(r.body);
          assert.equal(body.event, r.headers['x-confab-event']);
        }
        const created = JSON.parse(received.find((r) => r.headers['x-confab-event'] === 'comment.created').body);
        assert.equal(created.data.comment.id, posted.body.id);
        assert.equal(created.data.comment.status, 'pending');
        assert.equal(created.data.comment.author.email, undefined, 'no address leaves the server');
        // The flaky receiver got the failed delivery again, with the same delivery id.
        const again = await flaky.waitFor(6);
        const ids = again.map((r) => r.headers['x-confab-delivery']);
        assert.equal(new Set(ids).size, 5);
        assert.equal(ids.length, 6);
      } finally {
        await server.close();
        await good.close();
        await flaky.close();
      }
    });
  });
}
