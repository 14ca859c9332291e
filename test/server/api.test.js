// The REST API against each storage: what a reader, an author, a moderator and an attacker see.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ADMIN_TOKEN, client, readEvents, startServer, storages, userToken } from './helpers.js';

const ENV = {
  TRUST_PROXY: '1',
  RATE_LIMIT_POSTS: '5',
  RATE_LIMIT_WRITES: '50',
  RATE_LIMIT_IP_WRITES: '40',
  ALLOWED_ORIGINS: 'https://news.example',
  // Its clients drop their cookies on purpose (each is a new browser); hardening.test.js tests the limit.
  RATE_LIMIT_NEW_VIEWERS: '0',
};

for (const storage of storages()) {
  describe(`REST API on ${storage.name}`, () => {
    /** @type {Awaited<ReturnType<typeof startServer>>} */
    let server;
    /** @type {ReturnType<typeof client>} */
    let admin;
    before(async () => {
      server = await startServer(storage, ENV);
      admin = client(server.api, { token: ADMIN_TOKEN });
    });
    after(() => server?.close());
    beforeEach(() => server.app.store.reset());

    describe('reading and posting', () => {
      it('posts a comment and a reply, lists them with counts, and never returns the email', async () => {
        const ada = client(server.api);
        const posted = await ada.post('a-1', { body: 'First!', author: { name: 'Ada', email: 'ada@example.com', url: 'https://ada.example' } });
        assert.equal(posted.status, 201);
        assert.equal(posted.body.author.name, 'Ada');
        assert.equal(posted.body.author.url, 'https://ada.example');
        assert.deepEqual(posted.body.viewer.reactions, []);
        assert.equal(posted.body.viewer.canEdit, true);
        assert.match(posted.headers.get('set-cookie') ?? '', /confab_viewer=.*HttpOnly.*SameSite=Lax/);

        const bob = client(server.api);
        const reply = await bob.post('a-1', { parentId: posted.body.id, body: 'Reply', author: { name: 'Bob' } });
        assert.equal(reply.status, 201);

        const page = await bob.list('a-1', '?replies=5');
        assert.equal(page.status, 200);
        assert.deepEqual(page.body.comments.map((c) => c.id), [posted.body.id]);
        assert.equal(page.body.comments[0].replyCount, 1);
        assert.equal(page.body.comments[0].viewer.canEdit, false, 'Bob may not edit Ada’s comment');
        assert.deepEqual(page.body.replies.map((c) => c.id), [reply.body.id]);
        assert.equal(page.body.total, 1);
        assert.equal(page.body.threadTotal, 2);
        assert.ok(!JSON.stringify(page.body).includes('ada@example.com'));

        const counts = await bob.request('GET', '/counts?thread=a-1&thread=none');
        assert.deepEqual(counts.body, { counts: { 'a-1': 2, none: 0 } });
      });

      it('pages by keyset in every sort without repeating or losing a comment', async () => {
        const seed = Array.from({ length: 25 }, (_, i) => ({
          id: `c${String(i).padStart(2, '0')}`,
          threadId: 'big',
          parentId: null,
          author: { name: 'Seed' },
          body: `Comment ${i}`,
          createdAt: new Date(Date.UTC(2024, 0, 1, 0, Math.floor(i / 2))).toISOString(),
          status: 'published',
          reactions: { like: i % 4 },
          replyCount: 0,
        }));
        assert.equal((await admin.request('POST', '/admin/import', { body: seed })).status, 200);
        for (const sort of ['oldest', 'newest', 'top']) {
          const seen = [];
          let cursor = null;
          do {
            const page = await admin.list('big', `?sort=${sort}&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
            assert.equal(page.status, 200);
            assert.equal(page.body.total, 25);
            seen.push(...page.body.comments.map((c) => c.id));
            cursor = page.body.nextCursor;
          } while (cursor);
          assert.equal(seen.length, 25, sort);
          assert.equal(new Set(seen).size, 25, sort);
        }
        const bad = await admin.list('big', '?cursor=bm9wZQ');
        assert.equal(bad.status, 400);
        assert.equal(bad.body.error.field, 'cursor');
      });

      it('stores a retried post once, even when the retries race', async () => {
        const ada = client(server.api);
        const first = await ada.post('a-1', { body: 'Once' }, 'same-key-123');
        const again = await ada.post('a-1', { body: 'Once' }, 'same-key-123');
        assert.equal(first.status, 201);
        assert.equal(again.status, 200);
        assert.equal(again.body.id, first.body.id);
        const racing = await Promise.all(Array.from({ length: 5 }, () => ada.post('a-2', { body: 'Race' }, 'race-key-456')));
        assert.equal(new Set(racing.map((r) => r.body.id)).size, 1);
        assert.equal((await ada.list('a-2')).body.threadTotal, 1);
        const elsewhere = await ada.post('a-3', { body: 'Once' }, 'same-key-123');
        assert.equal(elsewhere.status, 409);
        assert.equal(elsewhere.body.error.code, 'conflict');
      });

      it('answers /healthz and unknown endpoints', async () => {
        const health = await fetch(`${server.base}/healthz`);
        assert.equal(health.status, 200);
        assert.deepEqual(await health.json(), { status: 'ok', storage: storage.name });
        const missing = await admin.request('GET', '/nothing/here');
        assert.equal(missing.status, 404);
        assert.equal(missing.body.error.code, 'not_found');
        const method = await admin.request('PUT', '/counts');
        assert.equal(method.status, 405);
      });
    });

    describe('validation', () => {
      /** @type {[string, Record<string, unknown>, number, string, string | undefined][]} */
      const cases = [
        ['an unknown field', { body: 'x', author: { name: 'A' }, extra: 1 }, 400, 'validation', 'extra'],
        ['a field the server sets', { body: 'x', author: { name: 'A' }, status: 'published' }, 400, 'validation', 'status'],
        ['a client-chosen id', { body: 'x', author: { name: 'A' }, id: 'mine' }, 400, 'validation', 'id'],
        ['an empty body', { body: '   ', author: { name: 'A' } }, 400, 'validation', 'body'],
        ['a body of the wrong type', { body: 42, author: { name: 'A' } }, 400, 'validation', 'body'],
        ['control characters', { body: 'a\u0007b', author: { name: 'A' } }, 400, 'validation', 'body'],
        ['a bidi override', { body: 'a\u202eb', author: { name: 'A' } }, 400, 'validation', 'body'],
        ['a body over 5000 characters', { body: 'x'.repeat(5001), author: { name: 'A' } }, 413, 'too_large', 'body'],
        ['no name', { body: 'x', author: { name: '' } }, 400, 'validation', 'author.name'],
        ['a name of 101 characters', { body: 'x', author: { name: 'n'.repeat(101) } }, 400, 'validation', 'author.name'],
        ['a javascript: url', { body: 'x', author: { name: 'A', url: 'javascript:alert(1)' } }, 400, 'validation', 'author.url'],
        ['a data: url', { body: 'x', author: { name: 'A', url: 'data:text/html,hi' } }, 400, 'validation', 'author.url'],
        ['an avatar set by the client', { body: 'x', author: { name: 'A', avatarUrl: 'https://x.example/a.png' } }, 400, 'validation', 'author.avatarUrl'],
        ['a bad email', { body: 'x', author: { name: 'A', email: 'not-an-email' } }, 400, 'validation', 'author.email'],
        ['a filled honeypot', { body: 'x', author: { name: 'A' }, honeypot: 'http://spam.example' }, 400, 'validation', 'honeypot'],
      ];
      for (const [what, body, status, code, field] of cases) {
        it(`refuses ${what} and stores nothing`, async () => {
          const c = client(server.api);
          const response = await c.request('POST', '/threads/v/comments', { body, headers: { 'idempotency-key': 'validation-1' } });
          assert.equal(response.status, status);
          assert.equal(response.body.error.code, code);
          assert.equal(response.body.error.field, field);
          assert.ok(response.body.error.message.length > 0);
          assert.equal((await c.list('v')).body.threadTotal, 0);
        });
      }

      it('refuses writes that are not JSON, bodies over the byte limit, bad JSON and bad queries', async () => {
        const c = client(server.api);
        const form = await c.request('POST', '/threads/v/comments', {
          raw: 'body=x&author=y',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'form-post-1' },
        });
        assert.equal(form.status, 415);
        assert.equal(form.body.error.code, 'unsupported');
        const huge = await c.request('POST', '/threads/v/comments', {
          raw: JSON.stringify({ body: 'x'.repeat(40_000), author: { name: 'A' } }),
          headers: { 'idempotency-key': 'huge-post-1' },
        });
        assert.equal(huge.status, 413);
        assert.equal(huge.body.error.code, 'too_large');
        const broken = await c.request('POST', '/threads/v/comments', { raw: '{"body":', headers: { 'idempotency-key': 'broken-1' } });
        assert.equal(broken.status, 400);
        const noKey = await c.request('POST', '/threads/v/comments', { body: { body: 'x', author: { name: 'A' } } });
        assert.equal(noKey.status, 400);
        assert.equal(noKey.body.error.field, 'idempotencyKey');
        assert.equal((await c.list('v', '?sort=random')).body.error.field, 'sort');
        assert.equal((await c.list('v', '?limit=0')).body.error.field, 'limit');
        assert.equal((await c.list('v', '?limit=1000')).status, 200, 'asking for too many gets the most there is');
        assert.equal((await c.request('GET', '/counts')).status, 400);
      });

      it('accepts 5000 emoji (characters as a reader counts them) and keeps the markdown as written', async () => {
        const c = client(server.api);
        const emoji = await c.post('v', { body: '\u{1F600}'.repeat(5000) });
        assert.equal(emoji.status, 201);
        const markup = '<script>alert(1)</script> **bold**\n\n> quote';
        const stored = await c.post('v', { body: markup });
        assert.equal(stored.body.body, markup, 'the server stores the source; the browser sanitizes on render');
        assert.equal(stored.headers.get('content-type'), 'application/json; charset=utf-8');
      });

      it('counts an emoji as one character at the limits, in posts and imports', async () => {
        const c = client(server.api);
        const name = '\u{1F600}'.repeat(100);
        assert.equal((await c.post('v', { author: { name } })).status, 201);
        const longName = await c.post('v', { author: { name: `${name}\u{1F600}` } });
        assert.equal(longName.status, 400);
        assert.equal(longName.body.error.field, 'author.name');
        const longBody = await c.post('v', { body: '\u{1F600}'.repeat(5001) });
        assert.equal(longBody.status, 413);
        assert.equal(longBody.body.error.field, 'body');
        const seed = { id: 'e1', threadId: 'v', parentId: null, author: { name }, body: 'x', createdAt: '2024-01-01T00:00:00Z', status: 'published' };
        assert.deepEqual((await admin.request('POST', '/admin/import', { body: [seed] })).body, { imported: 1, skipped: 0 });
        const refused = await admin.request('POST', '/admin/import', { body: [{ ...seed, id: 'e2', author: { name: `${name}\u{1F600}` } }] });
        assert.equal(refused.status, 400);
        assert.equal(refused.body.error.field, '[0].author.name');
        assert.equal((await c.list('v')).body.threadTotal, 2);
      });
    });

    describe('authorization', () => {
      it('lets nobody edit or delete another viewer’s comment, and ignores a forged cookie', async () => {
        const ada = client(server.api);
        const mallory = client(server.api);
        const { body: comment } = await ada.post('t', { body: 'Mine' });
        const path = `/threads/t/comments/${comment.id}`;
        const edit = await mallory.request('PATCH', path, { body: { body: 'Hijacked' } });
        assert.equal(edit.status, 403);
        assert.equal(edit.body.error.code, 'forbidden');
        assert.equal((await mallory.request('DELETE', path)).status, 403);

        const [name, value] = [...ada.cookies][0];
        const forged = client(server.api);
        forged.cookies.set(name, value.replace(/\.[^.]+$/, '.forgedsignature'));
        assert.equal((await forged.request('PATCH', path, { body: { body: 'Hijacked' } })).status, 403);
        const stolenId = client(server.api);
        stolenId.cookies.set(name, value.split('.')[0]);
        assert.equal((await stolenId.request('DELETE', path)).status, 403);

        assert.equal((await ada.list('t')).body.comments[0].body, 'Mine');
        const own = await ada.request('PATCH', path, { body: { body: 'Mine, edited' } });
        assert.equal(own.status, 200);
        assert.ok(own.body.editedAt);
      });

      it('ends the edit window after EDIT_WINDOW_MINUTES', async () => {
        const old = new Date(Date.now() - 16 * 60_000).toISOString();
        await admin.request('POST', '/admin/import', {
          body: [{ id: 'old', threadId: 't', parentId: null, author: { id: 'u1', name: 'Ada' }, body: 'Old', createdAt: old, status: 'published', reactions: {}, replyCount: 0 }],
        });
        const ada = client(server.api, { token: userToken('u1', 'Ada') });
        const listed = (await ada.list('t')).body.comments[0];
        assert.equal(listed.viewer.canEdit, false);
        assert.equal(listed.viewer.editableUntil, new Date(Date.parse(old) + 15 * 60_000).toISOString());
        const edit = await ada.request('PATCH', '/threads/t/comments/old', { body: { body: 'Too late' } });
        assert.equal(edit.status, 403);
        assert.match(edit.body.error.message, /time/);
      });

      it('refuses a stale edit with 409 and the current text', async () => {
        const ada = client(server.api);
        const { body: comment } = await ada.post('t', { body: 'v1' });
        const path = `/threads/t/comments/${comment.id}`;
        const tabOne = await ada.request('PATCH', path, { body: { body: 'v2', expectedEditedAt: comment.createdAt } });
        assert.equal(tabOne.status, 200);
        const tabTwo = await ada.request('PATCH', path, { body: { body: 'v2 from a stale tab', expectedEditedAt: comment.createdAt } });
        assert.equal(tabTwo.status, 409);
        assert.equal(tabTwo.body.error.code, 'conflict');
        assert.equal(tabTwo.body.error.current.body, 'v2');
        assert.equal(tabTwo.body.error.current.editedAt, tabOne.body.editedAt);
        const racing = await Promise.all(
          ['a', 'b', 'c'].map((text) => ada.request('PATCH', path, { body: { body: text, expectedEditedAt: tabOne.body.editedAt } })),
        );
        assert.deepEqual(racing.map((r) => r.status).sort(), [200, 409, 409]);
      });

      it('keeps admin endpoints shut without the admin token', async () => {
        const reader = client(server.api);
        const wrong = client(server.api, { token: 'guess' });
        for (const c of [reader, wrong]) {
          for (const [method, path] of [
            ['GET', '/admin/comments?status=pending'],
            ['GET', '/admin/typos'],
            ['POST', '/admin/import'],
            ['POST', '/admin/comments/x/approve'],
            ['DELETE', '/admin/comments/x'],
          ]) {
            const response = await c.request(method, path, method === 'POST' && path.endsWith('import') ? { body: [] } : {});
            assert.equal(response.status, 401, `${method} ${path}`);
            assert.equal(response.body.error.code, 'unauthorized');
          }
        }
        assert.equal((await reader.request('POST', '/admin/reset')).status, 404, 'reset exists only with TEST_RESET=1');
      });

      it('takes the author from a signed user token, so a name cannot be impersonated', async () => {
        const ada = client(server.api, { token: userToken('42', 'Ada Lovelace') });
        const posted = await ada.post('t', { body: 'Signed', author: { name: 'Somebody Else' } });
        assert.equal(posted.status, 201);
        assert.deepEqual(posted.body.author, { id: '42', name: 'Ada Lovelace' });
        // The same user on another device may edit it.
        const elsewhere = client(server.api, { token: userToken('42', 'Ada Lovelace') });
        assert.equal((await elsewhere.request('PATCH', `/threads/t/comments/${posted.body.id}`, { body: { body: 'Edited' } })).status, 200);
        const forged = client(server.api, { token: userToken('42', 'Ada').replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')) });
        assert.equal((await forged.post('t')).status, 401);
        const expired = client(server.api, { token: userToken('42', 'Ada', -10) });
        assert.equal((await expired.post('t')).status, 401);
      });
    });

    describe('reactions', () => {
      it('counts one reaction per viewer, makes like and dislike exclusive, and toggles idempotently', async () => {
        const ada = client(server.api);
        const bob = client(server.api);
        const { body: comment } = await ada.post('r', { body: 'React to me' });
        const path = `/threads/r/comments/${comment.id}/reactions`;
        assert.deepEqual((await ada.request('PUT', `${path}/like`)).body, { reactions: { like: 1 }, viewer: ['like'] });
        assert.deepEqual((await ada.request('PUT', `${path}/like`)).body, { reactions: { like: 1 }, viewer: ['like'] });
        assert.deepEqual((await bob.request('PUT', `${path}/like`)).body, { reactions: { like: 2 }, viewer: ['like'] });
        assert.deepEqual((await ada.request('PUT', `${path}/dislike`)).body, { reactions: { like: 1, dislike: 1 }, viewer: ['dislike'] });
        assert.deepEqual((await ada.request('DELETE', `${path}/dislike`)).body, { reactions: { like: 1 }, viewer: [] });
        assert.deepEqual((await ada.request('DELETE', `${path}/dislike`)).body, { reactions: { like: 1 }, viewer: [] });
        const thread = await bob.request('PUT', '/threads/r/reactions/heart');
        assert.deepEqual(thread.body, { reactions: { heart: 1 }, viewer: ['heart'] });
        assert.deepEqual((await ada.request('GET', '/threads/r/reactions')).body, { reactions: { heart: 1 }, viewer: [] });
        const unknown = await ada.request('PUT', `${path}/poop`);
        assert.equal(unknown.status, 400);
        assert.equal(unknown.body.error.field, 'reaction');
        assert.equal((await ada.request('PUT', '/threads/r/comments/ghost/reactions/like')).status, 404);
        const listed = (await bob.list('r')).body.comments[0];
        assert.deepEqual(listed.reactions, { like: 1 });
        assert.deepEqual(listed.viewer.reactions, ['like']);
      });
    });

    describe('delete', () => {
      it('leaves a placeholder while replies remain, and removes it with the last reply', async () => {
        const ada = client(server.api);
        const bob = client(server.api);
        const { body: parent } = await ada.post('d', { body: 'Parent', author: { name: 'Ada' } });
        const { body: reply } = await bob.post('d', { parentId: parent.id, body: 'Child' });
        const removed = await ada.request('DELETE', `/threads/d/comments/${parent.id}`);
        assert.equal(removed.status, 200);
        assert.equal(removed.body.placeholder.status, 'deleted');
        assert.equal(removed.body.placeholder.body, '');
        assert.ok(!JSON.stringify(removed.body).includes('Ada'));
        let page = (await bob.list('d')).body;
        assert.equal(page.comments[0].status, 'deleted');
        assert.equal(page.threadTotal, 1);
        assert.equal((await bob.request('DELETE', `/threads/d/comments/${reply.id}`)).body.placeholder, null);
        page = (await bob.list('d')).body;
        assert.deepEqual(page.comments, []);
        assert.equal(page.total, 0);
        assert.equal((await ada.request('DELETE', `/threads/d/comments/${parent.id}`)).status, 404);
      });
    });

    describe('reports and moderation lists', () => {
      it('collects comment reports and merged typo reports for the editors', async () => {
        const ada = client(server.api);
        const { body: comment } = await ada.post('m', { body: 'Buy cheap watches' });
        const reporters = [client(server.api), client(server.api)];
        for (const r of reporters) {
          const report = await r.request('POST', `/threads/m/comments/${comment.id}/reports`, { body: { reason: 'spam', note: 'links' } });
          assert.equal(report.status, 204);
        }
        assert.equal((await ada.request('POST', '/threads/m/comments/ghost/reports', { body: { reason: 'spam' } })).status, 404);
        assert.equal((await ada.request('POST', `/threads/m/comments/${comment.id}/reports`, { body: { reason: 'meh' } })).body.error.field, 'reason');
        const reported = await admin.request('GET', '/admin/comments?status=reported');
        assert.equal(reported.body.comments[0].id, comment.id);
        assert.deepEqual(reported.body.comments[0].reports, { count: 2, reasons: { spam: 2 }, notes: ['links', 'links'] });

        const typo = { url: 'https://news.example/a', threadId: 'm', quote: { exact: 'teh', prefix: 'in ', suffix: ' end' }, suggestion: 'the' };
        const first = await reporters[0].request('POST', '/typos', { body: typo });
        assert.equal(first.status, 201);
        assert.equal(first.body.count, 1);
        const same = await reporters[0].request('POST', '/typos', { body: typo });
        assert.deepEqual(same.body, first.body);
        const second = await reporters[1].request('POST', '/typos', { body: { ...typo, comment: 'Also in the title' } });
        assert.deepEqual(second.body, { id: first.body.id, count: 2 });
        assert.equal((await ada.request('POST', '/typos', { body: { ...typo, url: 'javascript:alert(1)' } })).body.error.field, 'url');
        assert.equal((await ada.request('POST', '/typos', { body: { ...typo, quote: { ...typo.quote, exact: '  ' } } })).body.error.field, 'quote.exact');
        const open = await admin.request('GET', '/admin/typos');
        assert.equal(open.body.typos.length, 1);
        assert.equal(open.body.typos[0].count, 2);
        assert.deepEqual(open.body.typos[0].comments, ['Also in the title']);
        const fixed = await admin.request('PATCH', `/admin/typos/${first.body.id}`, { body: { status: 'fixed' } });
        assert.equal(fixed.body.status, 'fixed');
        assert.equal((await admin.request('GET', '/admin/typos')).body.typos.length, 0);
        assert.equal((await admin.request('GET', '/admin/typos?status=fixed')).body.typos.length, 1);

        const dismissed = await admin.request('POST', `/admin/comments/${comment.id}/dismiss-reports`);
        assert.equal(dismissed.status, 204);
        assert.deepEqual((await admin.request('GET', '/admin/comments?status=reported')).body.comments, []);
        const gone = await admin.request('DELETE', `/admin/comments/${comment.id}`);
        assert.equal(gone.body.placeholder, null);
        assert.equal((await ada.list('m')).body.threadTotal, 0);
      });

      it('imports comments as given, skips known ids and refuses orphans', async () => {
        const seed = [
          { id: 'p', threadId: 'imp', parentId: null, author: { name: 'P', url: 'https://p.example' }, body: 'Parent', createdAt: '2024-01-01T00:00:00Z', editedAt: null, status: 'published', reactions: { like: 3 }, replyCount: 0 },
          { id: 'q', threadId: 'imp', parentId: 'p', author: { name: 'Q' }, body: 'Child', createdAt: '2024-01-02T00:00:00.000Z', status: 'published', reactions: {}, replyCount: 0 },
        ];
        assert.deepEqual((await admin.request('POST', '/admin/import', { body: seed })).body, { imported: 2, skipped: 0 });
        assert.deepEqual((await admin.request('POST', '/admin/import', { body: seed })).body, { imported: 0, skipped: 2 });
        const page = (await client(server.api).list('imp')).body;
        assert.equal(page.comments[0].createdAt, '2024-01-01T00:00:00.000Z');
        assert.equal(page.comments[0].replyCount, 1, 'reply counts are recomputed');
        assert.deepEqual(page.comments[0].reactions, { like: 3 });
        assert.equal(page.threadTotal, 2);
        const orphan = await admin.request('POST', '/admin/import', { body: [{ ...seed[1], id: 'o', parentId: 'missing' }] });
        assert.equal(orphan.status, 400);
        const unsafe = await admin.request('POST', '/admin/import', { body: [{ ...seed[0], id: 'u', author: { name: 'U', url: 'javascript:x' } }] });
        assert.equal(unsafe.body.error.field, '[0].author.url');
      });
    });

    describe('abuse limits and headers', () => {
      it('limits posts per viewer and writes per network with Retry-After', async () => {
        const ada = client(server.api);
        for (let i = 0; i < 5; i++) assert.equal((await ada.post('rl', { body: `n${i}` })).status, 201);
        const limited = await ada.post('rl', { body: 'one too many' });
        assert.equal(limited.status, 429);
        assert.equal(limited.body.error.code, 'rate_limited');
        const retryAfter = Number(limited.headers.get('retry-after'));
        assert.ok(retryAfter >= 1 && retryAfter <= 60);
        assert.equal(limited.body.error.retryAfter, retryAfter);

        // Fresh cookies do not escape the per-network limit.
        const statuses = [];
        for (let i = 0; i < 45; i++) statuses.push((await client(server.api, { ip: '192.0.2.7' }).post('rl2', { body: `n${i}` })).status);
        assert.ok(statuses.includes(429));
        assert.equal(statuses.filter((s) => s === 201).length, 40);
      });

      it('neither counts a retried post against the limit nor refuses it', async () => {
        const ada = client(server.api);
        const first = await ada.post('rl3', { body: 'first' }, 'retried-key-1');
        for (let i = 0; i < 3; i++) assert.equal((await ada.post('rl3', { body: 'first' }, 'retried-key-1')).status, 200);
        for (let i = 1; i < 5; i++) assert.equal((await ada.post('rl3', { body: `n${i}` })).status, 201, `new post ${i}`);
        assert.equal((await ada.post('rl3', { body: 'one too many' })).status, 429);
        const late = await ada.post('rl3', { body: 'first' }, 'retried-key-1');
        assert.equal(late.status, 200);
        assert.equal(late.body.id, first.body.id);
      });

      it('accepts an author name of 100 characters', async () => {
        const name = 'n'.repeat(100);
        const posted = await client(server.api).post('names', { author: { name } });
        assert.equal(posted.status, 201);
        assert.equal(posted.body.author.name, name);
      });

      it('allows cross-origin writes only from ALLOWED_ORIGINS and sets security headers', async () => {
        const evil = client(server.api, { origin: 'https://evil.example' });
        const refused = await evil.post('c');
        assert.equal(refused.status, 403);
        assert.equal(refused.headers.get('access-control-allow-origin'), null);
        const preflight = await fetch(`${server.api}/threads/c/comments`, {
          method: 'OPTIONS',
          headers: { origin: 'https://news.example', 'access-control-request-method': 'POST' },
        });
        assert.equal(preflight.status, 204);
        assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://news.example');
        assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');
        assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /idempotency-key/);
        const friendly = client(server.api, { origin: 'https://news.example' });
        const posted = await friendly.post('c');
        assert.equal(posted.status, 201);
        assert.equal(posted.headers.get('access-control-allow-origin'), 'https://news.example');
        assert.equal(posted.headers.get('x-content-type-options'), 'nosniff');
        assert.match(posted.headers.get('content-security-policy') ?? '', /default-src 'none'/);
        assert.equal(posted.headers.get('cache-control'), 'no-store');
      });
    });

    describe('live events', () => {
      it('streams a thread’s events and replays the missed ones after Last-Event-ID', async () => {
        const ada = client(server.api);
        const url = `${server.api}/threads/live/events`;
        /** @type {string} */
        let commentId = '';
        const first = await readEvents(url, {
          count: 2,
          onOpen: async () => {
            const { body } = await ada.post('live', { body: 'Hello live' });
            commentId = body.id;
            await ada.post('other-thread', { body: 'Not for this stream' });
            await ada.request('PUT', `/threads/live/comments/${commentId}/reactions/like`);
          },
        });
        assert.deepEqual(first.map((e) => e.data.type), ['created', 'reactions']);
        assert.equal(first[0].data.comment.body, 'Hello live');
        assert.equal(first[0].data.comment.viewer, undefined);
        assert.deepEqual(first[1].data.reactions, { like: 1 });

        // While disconnected: an edit and a delete.
        await ada.request('PATCH', `/threads/live/comments/${commentId}`, { body: { body: 'Edited' } });
        await ada.request('DELETE', `/threads/live/comments/${commentId}`);
        const resumed = await readEvents(url, { count: 2, headers: { 'last-event-id': first[1].id } });
        assert.deepEqual(resumed.map((e) => e.data.type), ['edited', 'deleted']);
        assert.equal(resumed[1].data.placeholder, null);
        assert.ok(BigInt(resumed[0].id) > BigInt(first[1].id));
      });
    });
  });
}
