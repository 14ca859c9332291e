// Reply notifications through a real SMTP server started here: the outbox, one-click
// unsubscribe, pre-moderation, retries and failures, moderators' notices, and two server
// processes on PostgreSQL sending each message once.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ADMIN_TOKEN, client, freePort, isolatedSchema, spawnServer, startServer, storages } from './helpers.js';
import { sleep, startSmtp } from './mail-helpers.js';

const PAGE = 'https://blog.example/posts/hello?ref=x';

/** Posts from a browser on the article page (the Referer names it). */
function reader(api) {
  const c = client(api);
  return {
    ...c,
    /** @param {string} thread @param {Record<string, unknown>} fields */
    post: (thread, fields) =>
      c.request('POST', `/threads/${thread}/comments`, {
        body: { body: 'A comment', author: { name: 'Ada' }, ...fields },
        headers: { 'idempotency-key': `k-${randomBytes(8).toString('hex')}`, referer: `${PAGE}#comments` },
      }),
  };
}

/** Waits until the outbox has nothing queued: what was going to be sent, was. */
async function settled(server) {
  for (let i = 0; i < 200; i++) {
    const { rows } = await server.app.store.db.query(`select count(*)::integer as n from outbox where status = 'queued'`);
    if (rows[0].n === 0) return;
    await sleep(50);
  }
  throw new Error('the outbox did not empty');
}

for (const storage of storages()) {
  describe(`reply mail on ${storage.name}`, () => {
    /** @type {Awaited<ReturnType<typeof startSmtp>>} */
    let smtp;
    /** @type {Awaited<ReturnType<typeof startServer>>} */
    let server;
    before(async () => {
      smtp = await startSmtp();
      server = await startServer(storage, {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Comments <comments@blog.example>',
        OUTBOX_POLL_MS: '100',
        TRUST_PROXY: '1',
        MODERATOR_EMAILS: 'mod@blog.example',
      });
    });
    after(async () => {
      await server?.close();
      await smtp?.close();
    });
    beforeEach(async () => {
      await server.app.store.reset();
      smtp.messages.length = 0;
    });

    it('says in GET /config that mail is configured', async () => {
      const { body } = await client(server.api).request('GET', '/config');
      assert.equal(body.mail, true);
      assert.equal(body.challenge, null);
    });

    it('mails the author of a comment once when someone replies, with a link to the reply and a working one-click unsubscribe', async () => {
      const ada = reader(server.api);
      const bob = reader(server.api);
      const parent = await ada.post('t1', { body: 'First!', author: { name: 'Ada', email: 'Ada@Example.com' }, notify: true });
      assert.equal(parent.status, 201);
      const reply = await bob.post('t1', { parentId: parent.body.id, body: 'Hello <script>alert(1)</script> Ada\n\nSecond paragraph', author: { name: 'Bob <b>' } });
      assert.equal(reply.status, 201);
      const [mail] = await smtp.waitFor(1);
      assert.equal(mail.to.value[0].address, 'ada@example.com');
      assert.equal(mail.from.value[0].address, 'comments@blog.example');
      assert.match(mail.subject, /Bob <b> replied to your comment/);
      assert.match(mail.text, /Hello <script>alert\(1\)<\/script> Ada/);
      assert.ok(mail.text.includes(`https://blog.example/posts/hello?ref=x#comment-${reply.body.id}`), mail.text);
      assert.ok(!mail.html.includes('<script>'), 'raw HTML in the body is no markup in the HTML part');
      assert.ok(mail.html.includes('Hello &lt;script&gt;alert(1)&lt;/script&gt; Ada</p><p>Second paragraph</p>'), mail.html);
      assert.ok(mail.html.includes('Bob &#60;b&#62;'), 'the name is escaped');
      assert.ok(mail.html.includes(`#comment-${reply.body.id}`));
      const header = (name) => mail.headerLines.find((line) => line.key === name)?.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, '');
      assert.equal(header('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
      const unsubscribe = /^<(https?:[^>]+)>/.exec(header('list-unsubscribe') ?? '')?.[1] ?? '';
      assert.ok(unsubscribe.startsWith(`${server.base}/mail/unsubscribe?token=`), unsubscribe);

      // Ada answering in her own thread mails nobody; a second reply by Bob mails her again.
      await ada.post('t1', { parentId: parent.body.id, body: 'Thanks', author: { name: 'Ada', email: 'ada@example.com' } });
      await bob.post('t1', { parentId: parent.body.id, body: 'Once more', author: { name: 'Bob' } });
      await smtp.waitFor(2);
      await settled(server);
      assert.equal(smtp.messages.length, 2);
      assert.match(smtp.messages[1].text, /Once more/);

      // The link shows a page with a button (no login); a mail client's one-click POST unsubscribes.
      const page = await fetch(unsubscribe);
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /Stop e-mails about replies in this discussion to <strong>ada@example.com<\/strong>/);
      assert.match(html, /<form method="post"/);
      const done = await fetch(unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      assert.equal(done.status, 200);
      assert.match(await done.text(), /will get no more e-mails about replies in this discussion/);

      // No more mail for that thread; another reader's subscription still works.
      const carol = reader(server.api);
      const other = await carol.post('t1', { body: 'Me too', author: { name: 'Carol', email: 'carol@example.com' }, notify: true });
      await bob.post('t1', { parentId: parent.body.id, body: 'Third reply to Ada', author: { name: 'Bob' } });
      await bob.post('t1', { parentId: other.body.id, body: 'Reply to Carol', author: { name: 'Bob' } });
      await smtp.waitFor(3);
      await settled(server);
      assert.deepEqual(smtp.messages.slice(2).map((m) => m.to.value[0].address), ['carol@example.com']);
    });

    it('renders the reply\'s markdown in the HTML part through the widgets\' sanitizing rules: formatting and links kept, nothing that runs', async () => {
      const ada = reader(server.api);
      const bob = reader(server.api);
      const parent = await ada.post('h1', { author: { name: 'Ada', email: 'ada@example.com' }, notify: true });
      const hostile = [
        '**Bold** and _emphasis_, a [good link](https://example.org/page?a=1&b=2) and `code`.',
        '',
        '[bad link](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) <a href="javascript:alert(2)" onclick="steal()">raw link</a>',
        '<img src=x onerror=alert(3)><svg onload=alert(4)></svg><iframe src="https://evil.example"></iframe>',
        '',
        '<script>alert(5)</script>',
        '',
        '> quoted <b onmouseover="x()">text</b>',
        '',
        '- one',
        '- two https://bare.example/x',
      ].join('\n');
      await bob.post('h1', { parentId: parent.body.id, author: { name: 'Bob' }, body: hostile });
      const [mail] = await smtp.waitFor(1);
      const { JSDOM } = await import('jsdom');
      const doc = new JSDOM(mail.html).window.document;
      const quote = doc.querySelector('blockquote');
      assert.ok(quote, mail.html);
      assert.equal(quote.querySelector('strong')?.textContent, 'Bold');
      assert.equal(quote.querySelector('em')?.textContent, 'emphasis');
      assert.equal(quote.querySelector('code')?.textContent, 'code');
      const links = [...quote.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')]);
      assert.deepEqual(links[0], ['good link', 'https://example.org/page?a=1&b=2']);
      assert.equal(quote.querySelector('blockquote')?.textContent?.trim(), 'quoted <b onmouseover="x()">text</b>', 'a quote stays a quote, its raw HTML as text');
      assert.deepEqual([...quote.querySelectorAll('li')].map((li) => li.textContent), ['one', 'two https://bare.example/x']);
      assert.deepEqual(links.at(-1), ['https://bare.example/x', 'https://bare.example/x'], 'a bare address becomes a link, as on the page');
      // Nothing that runs or loads: no script, embed or image elements, no on* attribute, no link but http(s)/mailto.
      assert.equal(doc.querySelectorAll('script, img, svg, iframe, object, embed, style, form').length, 0, mail.html);
      for (const element of doc.querySelectorAll('*')) {
        for (const attribute of element.attributes) assert.ok(!/^on/i.test(attribute.name), `${element.tagName} ${attribute.name}`);
        const href = element.getAttribute('href');
        if (href !== null) assert.match(href, /^(https?:|mailto:)/, href);
      }
      assert.ok(!/<(script|img|svg|iframe)\b/i.test(mail.html), 'no such tag anywhere in the markup');
      assert.ok(!/\son\w+=/i.test(mail.html.replace(/&lt;[^]*?&gt;/g, '')), 'no event handler outside escaped text');
      assert.ok(quote.textContent.includes('<script>alert(5)</script>'), 'raw HTML shows as text, as in the widgets');
      // The plain-text part is the body as written.
      assert.ok(mail.text.includes('**Bold** and _emphasis_'), mail.text);
    });

    it('refuses a changed or forged unsubscribe token', async () => {
      const forged = Buffer.from(JSON.stringify(['victim@example.com', ''])).toString('base64url');
      for (const token of [`${forged}.AAAA`, forged, '', 'a.b.c']) {
        const response = await fetch(`${server.base}/mail/unsubscribe?token=${encodeURIComponent(token)}`, { method: 'POST' });
        assert.equal(response.status, 400, token);
        assert.match(await response.text(), /does not work/);
      }
      const { rows } = await server.app.store.db.query('select count(*)::integer as n from mail_unsubscribed');
      assert.equal(rows[0].n, 0);
    });

    it('sends nothing to a reader who did not ask, or left no address', async () => {
      const ada = reader(server.api);
      const bob = reader(server.api);
      const quiet = await ada.post('t2', { author: { name: 'Ada', email: 'ada@example.com' } });
      const noAddress = await ada.post('t2', { author: { name: 'Ada' }, notify: true });
      const badAddress = await ada.post('t2', { author: { name: 'Ada', email: 'not an address' }, notify: true });
      assert.equal(badAddress.status, 400, 'the model refuses an invalid address');
      for (const parent of [quiet, noAddress]) await bob.post('t2', { parentId: parent.body.id, author: { name: 'Bob' } });
      await sleep(300);
      await settled(server);
      assert.equal(smtp.messages.length, 0);
    });

    it('"everything" unsubscribes an address from every thread, and moderators get new reports', async () => {
      const ada = reader(server.api);
      const bob = reader(server.api);
      const a = await ada.post('t3', { author: { name: 'Ada', email: 'ada@example.com' }, notify: true });
      await bob.post('t3', { parentId: a.body.id, author: { name: 'Bob' }, body: 'hi' });
      const [mail] = await smtp.waitFor(1);
      const all = /No more e-mail from us at all: (\S+)/.exec(mail.text)?.[1];
      assert.ok(all);
      assert.equal((await fetch(all, { method: 'POST' })).status, 200);
      const b = await ada.post('t4', { author: { name: 'Ada', email: 'ada@example.com' }, notify: true });
      await bob.post('t4', { parentId: b.body.id, author: { name: 'Bob' } });
      assert.equal((await bob.request('POST', `/threads/t4/comments/${b.body.id}/reports`, { body: { reason: 'spam' } })).status, 204);
      await smtp.waitFor(2);
      await settled(server);
      assert.equal(smtp.messages.length, 2);
      assert.equal(smtp.messages[1].to.value[0].address, 'mod@blog.example');
      assert.match(smtp.messages[1].subject, /A comment by Ada was reported/);
      assert.match(smtp.messages[1].text, /Why: spam/);
    });
  });

  describe(`reply mail under pre-moderation on ${storage.name}`, () => {
    /** @type {Awaited<ReturnType<typeof startSmtp>>} */
    let smtp;
    /** @type {Awaited<ReturnType<typeof startServer>>} */
    let server;
    before(async () => {
      smtp = await startSmtp();
      server = await startServer(storage, { SMTP_URL: smtp.url, MAIL_FROM: 'c@blog.example', OUTBOX_POLL_MS: '100', MODERATION: 'pre', MODERATOR_EMAILS: 'mod@blog.example,second@blog.example' });
    });
    after(async () => {
      await server?.close();
      await smtp?.close();
    });

    it('tells moderators of a pending comment, and the parent author only once the reply is approved', async () => {
      const admin = client(server.api, { token: ADMIN_TOKEN });
      const ada = reader(server.api);
      const bob = reader(server.api);
      const parent = await ada.post('m1', { author: { name: 'Ada', email: 'ada@example.com' }, notify: true });
      await smtp.waitFor(2);
      assert.deepEqual(smtp.messages.map((m) => m.to.value[0].address).sort(), ['mod@blog.example', 'second@blog.example']);
      assert.match(smtp.messages[0].subject, /waits for approval/);
      await admin.request('POST', `/admin/comments/${parent.body.id}/approve`);
      const reply = await bob.post('m1', { parentId: parent.body.id, author: { name: 'Bob' }, body: 'Held reply' });
      assert.equal(reply.body.status, 'pending');
      await smtp.waitFor(4);
      await settled(server);
      assert.equal(smtp.messages.filter((m) => m.to.value[0].address === 'ada@example.com').length, 0, 'no mail before approval');
      await admin.request('POST', `/admin/comments/${reply.body.id}/approve`);
      await smtp.waitFor(5);
      assert.equal(smtp.messages[4].to.value[0].address, 'ada@example.com');
      assert.match(smtp.messages[4].text, /Held reply/);
    });
  });

  describe(`confirming an address first (MAIL_CONFIRM=1) on ${storage.name}`, () => {
    /** @type {Awaited<ReturnType<typeof startSmtp>>} */
    let smtp;
    /** @type {Awaited<ReturnType<typeof startServer>>} */
    let server;
    before(async () => {
      smtp = await startSmtp();
      server = await startServer(storage, { SMTP_URL: smtp.url, MAIL_FROM: 'c@blog.example', OUTBOX_POLL_MS: '100', MAIL_CONFIRM: '1' });
    });
    after(async () => {
      await server?.close();
      await smtp?.close();
    });
    beforeEach(async () => {
      await server.app.store.reset();
      smtp.messages.length = 0;
    });

    it('sends one confirmation and no reply until its link is followed; then replies arrive, in every thread', async () => {
      const ada = reader(server.api);
      const bob = reader(server.api);
      const first = await ada.post('c1', { author: { name: 'Ada', email: 'Ada@Example.com' }, notify: true });
      const [confirmation] = await smtp.waitFor(1);
      assert.equal(confirmation.to.value[0].address, 'ada@example.com');
      assert.match(confirmation.subject, /Confirm your e-mail address/);
      const link = /Confirm it here: (\S+)/.exec(confirmation.text)?.[1] ?? '';
      assert.ok(link.startsWith(`${server.base}/mail/confirm?token=`), link);
      assert.ok(confirmation.html.includes('Confirm your address'));

      // Not followed: a reply mails nothing, and a second subscription sends no second confirmation.
      await bob.post('c1', { parentId: first.body.id, author: { name: 'Bob' }, body: 'Unconfirmed reply' });
      const second = await ada.post('c2', { author: { name: 'Ada', email: 'ada@example.com' }, notify: true });
      await bob.post('c2', { parentId: second.body.id, author: { name: 'Bob' }, body: 'Another unconfirmed reply' });
      await sleep(300);
      await settled(server);
      assert.equal(smtp.messages.length, 1, 'only the confirmation');

      // The link shows a button (a scanner opening it confirms nothing); the click confirms.
      const page = await fetch(link);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /Send replies to your comments to <strong>ada@example.com<\/strong>\?[\s\S]*<form method="post"/);
      await bob.post('c1', { parentId: first.body.id, author: { name: 'Bob' }, body: 'Still unconfirmed' });
      await sleep(300);
      await settled(server);
      assert.equal(smtp.messages.length, 1, 'opening the link is no confirmation');
      const done = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
      assert.equal(done.status, 200);
      assert.match(await done.text(), /Replies to your comments will be sent to ada@example.com/);

      // Confirmed: replies in both threads arrive, and a later subscription needs no new confirmation.
      await bob.post('c1', { parentId: first.body.id, author: { name: 'Bob' }, body: 'Confirmed reply one' });
      await bob.post('c2', { parentId: second.body.id, author: { name: 'Bob' }, body: 'Confirmed reply two' });
      const third = await ada.post('c3', { author: { name: 'Ada', email: 'ada@example.com' }, notify: true });
      await bob.post('c3', { parentId: third.body.id, author: { name: 'Bob' }, body: 'Confirmed reply three' });
      await smtp.waitFor(4);
      await settled(server);
      assert.equal(smtp.messages.length, 4);
      const replies = smtp.messages.slice(1);
      assert.ok(replies.every((m) => m.to.value[0].address === 'ada@example.com' && /replied to your comment/.test(m.subject)));
      assert.deepEqual(replies.map((m) => /Confirmed reply \w+/.exec(m.text)?.[0]).sort(), ['Confirmed reply one', 'Confirmed reply three', 'Confirmed reply two']);
    });

    it('refuses a forged, changed, expired or borrowed confirmation link', async () => {
      const ada = reader(server.api);
      const bob = reader(server.api);
      const parent = await ada.post('c4', { author: { name: 'Ada', email: 'ada@example.com' }, notify: true });
      const [confirmation] = await smtp.waitFor(1);
      const token = new URL(/Confirm it here: (\S+)/.exec(confirmation.text)?.[1] ?? '').searchParams.get('token') ?? '';
      const [payload, signature] = token.split('.');
      const [, expires] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      const victim = Buffer.from(JSON.stringify(['victim@example.com', expires])).toString('base64url');
      const later = Buffer.from(JSON.stringify(['ada@example.com', expires + 86_400 * 365])).toString('base64url');
      const unsubscribe = server.app.outreach.mail.unsubscribeToken({ email: 'ada@example.com', threadId: '' });
      for (const forged of [`${victim}.${signature}`, `${later}.${signature}`, victim, unsubscribe, '', 'a.b.c', `${token}x`]) {
        for (const method of ['GET', 'POST']) {
          const response = await fetch(`${server.base}/mail/confirm?token=${encodeURIComponent(forged)}`, { method });
          assert.equal(response.status, 400, `${method} ${forged}`);
          assert.match(await response.text(), /does not work/);
        }
      }
      const old = server.app.outreach.mail.confirmToken('ada@example.com', Date.now() - 8 * 86_400_000);
      const expired = await fetch(`${server.base}/mail/confirm?token=${encodeURIComponent(old)}`, { method: 'POST' });
      assert.equal(expired.status, 410);
      assert.match(await expired.text(), /expired/);

      await bob.post('c4', { parentId: parent.body.id, author: { name: 'Bob' }, body: 'After forged links' });
      await sleep(300);
      await settled(server);
      assert.equal(smtp.messages.length, 1, 'still only the confirmation');
      const { rows } = await server.app.store.db.query('select count(*)::integer as n from mail_addresses where confirmed_at is not null');
      assert.equal(rows[0].n, 0);
    });
  });

  describe(`the moderators' digest (MODERATOR_DIGEST_MINUTES) on ${storage.name}`, () => {
    it('collects pending and reported comments of a period into one message per moderator, leaving out what was handled meanwhile', async () => {
      const smtp = await startSmtp();
      const server = await startServer(storage, {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'c@blog.example',
        OUTBOX_POLL_MS: '100',
        MODERATION: 'pre',
        MODERATOR_EMAILS: 'mod@blog.example,second@blog.example',
        MODERATOR_DIGEST_MINUTES: '30',
        SPAM_WORDS: 'casino',
      });
      try {
        const db = server.app.store.db;
        const admin = client(server.api, { token: ADMIN_TOKEN });
        const ada = reader(server.api);
        const posted = [];
        for (const [i, body] of ['First *pending*', 'Second <b>pending</b>', 'Best casino bonus', 'Handled before the digest'].entries()) {
          posted.push((await ada.post('d1', { author: { name: `Reader ${i}` }, body })).body);
        }
        assert.ok(posted.every((c) => c.status === 'pending'));
        // The last one is approved, then reported twice: it leaves the pending list and is listed as reported.
        await admin.request('POST', `/admin/comments/${posted[3].id}/approve`);
        for (const reason of ['spam', 'abuse']) {
          assert.equal((await reader(server.api).request('POST', `/threads/d1/comments/${posted[3].id}/reports`, { body: { reason } })).status, 204);
        }
        await sleep(600);
        await settled(server);
        assert.equal(smtp.messages.length, 0, 'nothing before the period ends');
        const { rows } = await db.query(`select extract(epoch from due_at - now())::float as left from moderator_digest`);
        assert.ok(rows[0].left > 29 * 60 && rows[0].left <= 30 * 60, `the period ends 30 minutes after the first notice (${rows[0].left} s left)`);

        await db.query('update moderator_digest set due_at = now()');
        await smtp.waitFor(2);
        await sleep(600);
        await settled(server);
        assert.equal(smtp.messages.length, 2, 'one digest per moderator');
        assert.deepEqual(smtp.messages.map((m) => m.to.value[0].address).sort(), ['mod@blog.example', 'second@blog.example']);
        const [digest] = smtp.messages;
        assert.equal(digest.subject, 'Moderation: 3 comments wait for approval, 1 comment was reported');
        assert.match(digest.text, /Waiting for approval \(3\):[\s\S]*Reader 0 in d1[\s\S]*First \*pending\*[\s\S]*Reader 1 in d1[\s\S]*Reader 2 in d1 \(why: [^)]*casino[^)]*\)[\s\S]*Reported \(1\):[\s\S]*Reader 3 in d1 \(2 reports, why: spam; abuse\)/);
        assert.equal((digest.text.match(/Handled before the digest/g) ?? []).length, 1, 'the approved comment is listed once, as reported');
        assert.ok(digest.html.includes('Second &#60;b&#62;pending&#60;/b&#62;'), 'bodies are escaped');
        assert.ok(digest.html.includes(`${server.base}/admin`));
        assert.ok(digest.headerLines.some((line) => line.key === 'list-unsubscribe'), 'moderators can unsubscribe too');

        // The next notice opens a new period; nothing handled in it sends nothing.
        const late = await ada.post('d1', { author: { name: 'Late' }, body: 'Late' });
        await sleep(300);
        assert.equal((await db.query('select count(*)::integer as n from moderator_digest where due_at is not null')).rows[0].n, 1);
        await admin.request('POST', `/admin/comments/${late.body.id}/approve`);
        await db.query('update moderator_digest set due_at = now()');
        await sleep(600);
        await settled(server);
        assert.equal(smtp.messages.length, 2, 'no digest of handled comments');
        assert.equal((await db.query('select count(*)::integer as n from moderator_digest_items')).rows[0].n, 0);
      } finally {
        await server.close();
        await smtp.close();
      }
    });
  });

  describe(`the outbox when SMTP fails, on ${storage.name}`, () => {
    it('retries a refused message with backoff, then marks it failed and lists it for moderators', async () => {
      let refuse = 1;
      const smtp = await startSmtp({ refuse: () => refuse-- > 0 });
      const server = await startServer(storage, {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'c@blog.example',
        OUTBOX_POLL_MS: '100',
        OUTBOX_BACKOFF_SECONDS: '1',
        OUTBOX_ATTEMPTS: '2',
      });
      try {
        const ada = reader(server.api);
        const bob = reader(server.api);
        const parent = await ada.post('f1', { author: { name: 'Ada', email: 'ada@example.com' }, notify: true });
        const started = Date.now();
        const reply = await bob.post('f1', { parentId: parent.body.id, author: { name: 'Bob' } });
        assert.equal(reply.status, 201, 'the post does not wait for or fail with SMTP');
        await smtp.waitFor(1);
        assert.equal(smtp.refused, 1);
        assert.ok(Date.now() - started >= 900, 'the retry waited for its backoff');

        // A dead SMTP server: the next message fails twice and is marked failed.
        await smtp.close();
        await bob.post('f1', { parentId: parent.body.id, author: { name: 'Bob' }, body: 'Lost' });
        const admin = client(server.api, { token: ADMIN_TOKEN });
        let failed = [];
        for (let i = 0; i < 100 && failed.length === 0; i++) {
          await sleep(100);
          failed = (await admin.request('GET', '/admin/outbox/failed')).body.messages;
        }
        assert.equal(failed.length, 1);
        assert.equal(failed[0].to, 'ada@example.com');
        assert.equal(failed[0].attempts, 2);
        assert.ok(failed[0].error);
        assert.equal((await client(server.api).request('GET', '/admin/outbox/failed')).status, 401);
      } finally {
        await server.close();
        await smtp.close().catch(() => {});
      }
    });
  });

  describe(`retrying failed mail from /admin on ${storage.name}`, () => {
    it('lists a message that failed every attempt, and sends it when a moderator retries it (token or session from this origin)', async () => {
      let down = true;
      const smtp = await startSmtp({ refuse: () => down });
      const server = await startServer(storage, { SMTP_URL: smtp.url, MAIL_FROM: 'c@blog.example', OUTBOX_POLL_MS: '100', OUTBOX_ATTEMPTS: '1' });
      try {
        const ada = reader(server.api);
        const bob = reader(server.api);
        const parent = await ada.post('r1', { author: { name: 'Ada', email: 'ada@example.com' }, notify: true });
        for (const body of ['Lost one', 'Lost two']) await bob.post('r1', { parentId: parent.body.id, author: { name: 'Bob' }, body });
        const token = client(server.api, { token: ADMIN_TOKEN });
        let failed = [];
        for (let i = 0; i < 100 && failed.length < 2; i++) {
          await sleep(100);
          failed = (await token.request('GET', '/admin/outbox/failed')).body.messages;
        }
        assert.equal(failed.length, 2);
        assert.deepEqual(failed.map((m) => [m.kind, m.to, m.attempts]), [['mail', 'ada@example.com', 1], ['mail', 'ada@example.com', 1]]);
        assert.match(failed[0].error, /Try again later/);
        assert.equal(smtp.messages.length, 0);

        // A moderator's session: reading works; a retry needs this server's Origin.
        const mod = client(server.api, { origin: server.base });
        assert.equal((await mod.request('POST', '/admin/session', { body: { token: ADMIN_TOKEN } })).status, 200);
        assert.equal((await mod.request('GET', '/admin/outbox/failed')).body.messages.length, 2, 'the session reads the list');
        const foreign = client(server.api, { origin: 'https://evil.example' });
        foreign.cookies.set(...[...mod.cookies][0]);
        const [first, second] = failed;
        assert.equal((await foreign.request('POST', `/admin/outbox/${first.id}/retry`)).status, 403);
        assert.equal((await client(server.api).request('POST', `/admin/outbox/${first.id}/retry`)).status, 401);

        down = false;
        assert.equal((await mod.request('POST', `/admin/outbox/${first.id}/retry`)).status, 204);
        await smtp.waitFor(1);
        assert.equal(smtp.messages[0].to.value[0].address, 'ada@example.com');
        const left = (await mod.request('GET', '/admin/outbox/failed')).body.messages;
        assert.deepEqual(left.map((m) => m.id), [second.id], 'the sent one leaves the list');
        assert.equal((await mod.request('POST', `/admin/outbox/${first.id}/retry`)).status, 404, 'a sent message is not sent again');
        for (const id of ['abc', '-1', '1e3', '99999999999999999999']) assert.equal((await mod.request('POST', `/admin/outbox/${id}/retry`)).status, 400, id);
        assert.equal((await token.request('POST', `/admin/outbox/${second.id}/retry`)).status, 204);
        await smtp.waitFor(2);
        await settled(server);
        assert.equal(smtp.messages.length, 2);
        assert.deepEqual(smtp.messages.map((m) => /Lost \w+/.exec(m.text)?.[0]).sort(), ['Lost one', 'Lost two']);
        assert.deepEqual((await mod.request('GET', '/admin/outbox/failed')).body.messages, []);
      } finally {
        await server.close();
        await smtp.close();
      }
    });
  });
}

/** One statement on the database at `url`; resolves with its rows. */
async function query(url, sql, params = []) {
  const { default: pg } = await import('pg');
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows;
  } finally {
    await db.end();
  }
}

/**
 * Two server processes on one fresh PostgreSQL schema, mailing to one SMTP server: `run` gets
 * them, the SMTP server and the schema's URL; everything is stopped and dropped afterwards.
 * @param {Record<string, string>} env
 * @param {(servers: Awaited<ReturnType<typeof spawnServer>>[], smtp: Awaited<ReturnType<typeof startSmtp>>, url: string) => Promise<void>} run
 */
async function withTwoProcesses(env, run) {
  const smtp = await startSmtp();
  const schema = await isolatedSchema(/** @type {string} */ (process.env.DATABASE_URL));
  const secret = randomBytes(32).toString('hex');
  const servers = [];
  try {
    for (let i = 0; i < 2; i++) {
      servers.push(
        await spawnServer({ DATABASE_URL: schema.url, PORT: String(await freePort()), SECRET: secret, DATA_DIR: '/nonexistent', SMTP_URL: smtp.url, MAIL_FROM: 'c@blog.example', OUTBOX_POLL_MS: '50', ...env }),
      );
    }
    await run(servers, smtp, schema.url);
  } finally {
    for (const s of servers) {
      s.child.kill('SIGTERM');
      await s.exited;
    }
    await schema.drop();
    await smtp.close();
  }
}

describe('two server processes on PostgreSQL', { skip: !process.env.DATABASE_URL && 'needs DATABASE_URL' }, () => {
  it('send each reply notification once', () =>
    withTwoProcesses({ TRUST_PROXY: '1' }, async (servers, smtp, url) => {
      const parents = [];
      for (let i = 0; i < 10; i++) {
        const author = reader(servers[i % 2].api);
        parents.push((await author.post('cluster', { author: { name: `Reader ${i}`, email: `reader${i}@example.com` }, notify: true })).body.id);
      }
      // Replies through both processes at once: both workers claim from one outbox.
      const replies = [];
      for (let i = 0; i < 30; i++) {
        const bob = reader(servers[i % 2].api);
        replies.push(bob.post('cluster', { parentId: parents[i % 10], author: { name: 'Bob' }, body: `Reply ${i}` }));
      }
      assert.ok((await Promise.all(replies)).every((r) => r.status === 201));
      await smtp.waitFor(30);
      await sleep(1500);
      assert.equal(smtp.messages.length, 30, 'no message twice');
      const bodies = new Set(smtp.messages.map((m) => /Reply \d+/.exec(m.text)?.[0]));
      assert.equal(bodies.size, 30);

      // A burst of 200 queued at once: both workers claim from the same rows at the same moments.
      const payloads = Array.from({ length: 200 }, (_, i) => JSON.stringify({ to: `burst${i}@example.com`, subject: `Burst ${i}`, text: `Burst ${i}`, html: `<p>Burst ${i}</p>`, unsubscribe: null }));
      await query(url, `insert into outbox (kind, payload) select 'mail', p from unnest($1::jsonb[]) as p`, [payloads]);
      await smtp.waitFor(230, 60_000);
      await sleep(1500);
      assert.equal(smtp.messages.length, 230, 'no message of the burst twice');
      assert.equal(new Set(smtp.messages.map((m) => m.text)).size, 230);
    }));

  it('send the moderators digest once', () =>
    withTwoProcesses({ MODERATION: 'pre', MODERATOR_EMAILS: 'mod@blog.example', MODERATOR_DIGEST_MINUTES: '5' }, async (servers, smtp, url) => {
      const posts = [];
      for (let i = 0; i < 6; i++) posts.push(reader(servers[i % 2].api).post('digest', { author: { name: `Reader ${i}` }, body: `Held ${i}` }));
      assert.ok((await Promise.all(posts)).every((r) => r.status === 201 && r.body.status === 'pending'));
      // Both processes noted their comments (after answering); then the period ends for both at once.
      for (let i = 0; i < 100 && (await query(url, 'select count(*)::integer as n from moderator_digest_items'))[0].n < 6; i++) await sleep(50);
      await query(url, 'update moderator_digest set due_at = now()');
      await smtp.waitFor(1);
      await sleep(1500);
      assert.equal(smtp.messages.length, 1, 'one digest, not one per process');
      assert.equal(smtp.messages[0].subject, 'Moderation: 6 comments wait for approval');
      for (let i = 0; i < 6; i++) assert.ok(smtp.messages[0].text.includes(`Held ${i}`), `lists comment ${i}`);
    }));
});
